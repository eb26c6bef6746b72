class BackupError(Exception):
    """A backup, check or restore that cannot go on; the message is for the city's staff (Chinese)."""
