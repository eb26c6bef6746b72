from dataclasses import dataclass


@dataclass
class Verdict:
    """Whether a link works; when it does not, why, and whether it is confirmed dead (404/410/403,
    or an internal target that does not exist) or only suspected (timeouts, 5xx, no connection)."""

    ok: bool
    status: int | None = None
    error: str = ""
    confirmed: bool = False


OK = Verdict(ok=True)


def dead(error, status=None):
    return Verdict(ok=False, status=status, error=error, confirmed=True)
