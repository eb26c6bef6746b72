"""The client's address: REMOTE_ADDR, or the X-Forwarded-For hop that the trusted proxies
(ACCOUNTS_TRUSTED_PROXIES, e.g. the nginx in front of production) saw, so a client cannot
spoof its address by sending the header itself."""

import ipaddress

from django.conf import settings


def _networks():
    return [ipaddress.ip_network(entry, strict=False) for entry in getattr(settings, "ACCOUNTS_TRUSTED_PROXIES", [])]


def _valid(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return any(address in network for network in networks)


def client_ip(request):
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    networks = _networks()
    if remote is None or not networks or not _trusted(remote, networks):
        return str(remote) if remote else None
    # Walk the chain from the nearest hop: the first address no trusted proxy owns is the client.
    hops = [_valid(hop) for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            break
        if not _trusted(hop, networks):
            return str(hop)
    return str(remote)
