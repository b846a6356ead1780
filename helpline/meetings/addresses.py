"""Which network addresses a feed may be fetched from: public ones only. Loopback, private,
link-local, multicast, reserved, unspecified and shared (carrier NAT) addresses are refused, and
so is an IPv6 address that carries one of those inside it (IPv4-mapped, 6to4, Teredo, NAT64)."""

from __future__ import annotations

import ipaddress
import socket
import threading

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_KINDS = ("loopback", "unspecified", "link_local", "multicast", "private", "reserved")


class TooSlow(TimeoutError):
    """The name did not resolve before the deadline."""


def refusal(address: str) -> str | None:
    """Why a fetch may not connect to this IP address ("loopback", "private", ...), or None
    when it is a public address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "not an IP address"
    for form in _forms(ip):
        for kind in _KINDS:
            if getattr(form, f"is_{kind}"):
                return kind.replace("_", "-")
        if isinstance(form, ipaddress.IPv6Address) and form.is_site_local:
            return "site-local"
        if not form.is_global:
            return "not global"
    return None


def _forms(ip: Address) -> list[Address]:
    """The addresses to judge: an IPv4-mapped or NAT64 address by the IPv4 address it stands
    for; a 6to4 or Teredo one by the IPv4 addresses inside it and by itself."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return [form for form in (ip.sixtofour, *(ip.teredo or ())) if form is not None] + [ip]


def resolve(host: str, port: int, seconds: float) -> list[tuple[int, tuple]]:
    """Every (family, sockaddr) the host resolves to, asked once; TooSlow past `seconds`, the
    resolver's OSError when the name is unknown."""
    box: dict = {}

    def ask() -> None:
        try:
            box["found"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            box["error"] = error

    asking = threading.Thread(target=ask, name="feed-resolve", daemon=True)
    asking.start()
    asking.join(seconds)
    if asking.is_alive():
        raise TooSlow(host)
    if "error" in box:
        raise box["error"]
    seen, found = set(), []
    for family, _type, _proto, _name, sockaddr in box["found"]:
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr not in seen:
            seen.add(sockaddr)
            found.append((family, sockaddr))
    return found
