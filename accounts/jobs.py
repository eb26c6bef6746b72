"""django-q2 entry points."""

from .retention import purge_security_log  # noqa: F401
