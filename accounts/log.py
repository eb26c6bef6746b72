"""Writing the security log."""

from .addresses import client_ip
from .current import current_actor, current_request
from .models import SecurityEvent


def record(kind, *, user=None, account="", detail="", request=None, actor=None):
    request = request if request is not None else current_request()
    if actor is None:
        actor = current_actor()
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        account=account or (user.get_username() if user is not None else ""),
        actor=actor.get_username() if actor is not None else "",
        ip_address=client_ip(request) if request is not None else None,
        detail=detail,
    )
