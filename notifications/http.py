"""The one way Pulse sends an HTTP request to an address it was given (webhooks, Slack,
Discord): `post(url, body, headers)`, guarded against server-side request forgery.

Per attempt: the host is resolved and every address must be global unicast (Python's
`ipaddress.is_global`: no loopback, private, link-local, shared, multicast or reserved
range) unless PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS is on; the connection goes to the
checked address (no second lookup, so DNS rebinding cannot swap it), with TLS still
verified against the host name. Redirects are never followed (a 3xx is a failed attempt),
connect/read timeouts are short and at most PULSE_WEBHOOK_MAX_RESPONSE_BYTES of the
response are read.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3
from django.conf import settings


class Refused(Exception):
    """The URL may not be called (scheme, or an address in a refused range)."""


@dataclass
class Response:
    status: int | None
    body: bytes
    duration_ms: int
    error: str = ""

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300


def check_address(address):
    """Raise Refused unless `address` (an IP string) may be called."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if settings.PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS and not ip.is_multicast and not ip.is_unspecified:
        return
    if not ip.is_global or ip.is_multicast:
        raise Refused(f"{address} is not a public address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS to allow it)")


def resolve(url):
    """(scheme, host, port, checked address) of `url`; raises Refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("Only http and https URLs with a host are allowed")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Refused(f"{parts.hostname} does not resolve: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:  # every address: a name with one public and one private is refused
        check_address(address)
    return parts.scheme, parts.hostname, port, addresses[0]


def post(url, body, headers):
    """POST `body` (bytes) to `url`; returns a Response (never raises for network errors).

    Raises Refused when the URL or its addresses are not allowed (no request is made).
    """
    scheme, host, port, address = resolve(url)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timeout = urllib3.Timeout(connect=settings.PULSE_WEBHOOK_CONNECT_TIMEOUT, read=settings.PULSE_WEBHOOK_READ_TIMEOUT)
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    kwargs = {"timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, port, server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED", **kwargs
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, **kwargs)
    started = time.monotonic()
    try:
        response = pool.urlopen(
            "POST",
            target,
            body=body,
            headers={**headers, "Host": host_header, "User-Agent": "Pulse-Webhooks/1"},
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            content = response.read(settings.PULSE_WEBHOOK_MAX_RESPONSE_BYTES, decode_content=False)
        finally:
            response.release_conn()
        return Response(response.status, content or b"", _elapsed_ms(started))
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return Response(None, b"", _elapsed_ms(started), error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        pool.close()


def _elapsed_ms(started):
    return int((time.monotonic() - started) * 1000)
