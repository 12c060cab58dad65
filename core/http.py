"""Request helpers shared by the apps."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted reverse proxy its header.

    CLIENT_IP_HEADER names the META key the proxy sets (for example HTTP_X_FORWARDED_FOR). For
    a list, the right-most entry is the one the trusted proxy added itself; anything further
    left was sent by the client and could be forged.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    remote = request.META.get("REMOTE_ADDR", "")
    if header:
        value = request.META.get(header, "")
        candidate = value.split(",")[-1].strip() if value else ""
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            return remote
    return remote
