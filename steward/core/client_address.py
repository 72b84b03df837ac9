"""The address a request really came from, for rate limits such as the card-testing protection.

Behind the frontend (which proxies /graphql/ to Django) every request arrives from the frontend's address, so
the donor's address is in X-Forwarded-For. That header is only believed when the request came from one of
TRUSTED_PROXIES, and only its right-most entries, which those proxies appended: anything further left was
sent by the client and can be forged (a card tester would otherwise choose a new "address" per attempt).

The frontend never copies the browser's X-Forwarded-For: it sends one entry it built itself (the address its
own trusted reverse proxy saw, or none), see frontend/src/lib/proxy.ts. So TRUSTED_PROXIES lists the frontend's
address (loopback when both run on one machine; its fixed container address in docker-compose.yml) and only a
proxy that talks to Django directly: never a whole network that browsers can reach Django from.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def _trusted(address: str | None, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    if address is None:
        return False
    parsed = ipaddress.ip_address(address)
    return any(parsed in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    """The nearest address that is not one of our trusted proxies; None if the request carries none."""
    networks = [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]
    address = _valid(request.META.get("REMOTE_ADDR", ""))
    if not _trusted(address, networks):
        return address
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for hop in reversed(forwarded):
        hop_address = _valid(hop)
        if hop_address is None:
            return address  # a malformed chain: fall back to the proxy itself rather than guess
        if not _trusted(hop_address, networks):
            return hop_address
        address = hop_address
    return address
