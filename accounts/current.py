"""The request being served, so that model signals know who acted and from where."""

from contextvars import ContextVar

_request = ContextVar("accounts_request", default=None)


def set_request(request):
    return _request.set(request)


def reset(token):
    _request.reset(token)


def current_request():
    return _request.get()


def current_actor():
    """The logged-in user of the current request, or None (a command, a migration, an anonymous form)."""
    request = current_request()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return user
    return None
