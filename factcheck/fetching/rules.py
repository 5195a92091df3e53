"""Where the desk may connect: the address rule and the settings that relax it.

Kept apart from the HTTP client so the rule can be read (and tested) on its own: an address is
judged after DNS resolution, never by the name someone typed.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_USER_AGENT = "factcheck-desk/0.1 (fact-checking desk; +https://github.com/)"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class FetchError(Exception):
    """A fetch that was refused or failed; ``str(error)`` is a sentence for people.

    ``reason`` is a short stable code (``scheme``, ``address``, ``dns``, ``redirects``,
    ``too_large``, ``timeout``, ``content_type``, ``connection``, ``tls``) for code that
    records or counts failures.
    """

    def __init__(self, reason: str, message: str, url: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.url = url


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch; ``FetchPolicy.from_config`` reads the app's settings."""

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    user_agent: str = DEFAULT_USER_AGENT
    ca_certs: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None = None) -> FetchPolicy:
        """Settings from ``config`` (the Flask config when there is an app) and the environment.

        ``FETCH_ALLOW_PRIVATE=1`` in the environment or ``FETCH_ALLOW_PRIVATE = True`` in the
        config opens every private address (tests, intranets); ``FETCH_ALLOWED_NETWORKS`` opens
        only the listed ranges, which is the narrower choice for an intranet.
        """
        if config is None:
            config = _app_config()
        env_flag = os.environ.get("FETCH_ALLOW_PRIVATE", "").strip().lower()
        networks = config.get("FETCH_ALLOWED_NETWORKS") or ()
        if isinstance(networks, str):
            networks = [n for n in networks.replace(",", " ").split() if n]
        return cls(
            allow_private=env_flag in {"1", "true", "yes", "on"}
            or bool(config.get("FETCH_ALLOW_PRIVATE")),
            allowed_networks=tuple(ipaddress.ip_network(n, strict=False) for n in networks),
            max_bytes=int(config.get("FETCH_MAX_BYTES", DEFAULT_MAX_BYTES)),
            timeout=float(config.get("FETCH_TIMEOUT", DEFAULT_TIMEOUT)),
            max_redirects=int(config.get("FETCH_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS)),
            user_agent=str(config.get("FETCH_USER_AGENT", DEFAULT_USER_AGENT)),
            ca_certs=config.get("FETCH_CA_BUNDLE") or None,
        )


def _app_config() -> Mapping[str, Any]:
    from flask import current_app, has_app_context

    return current_app.config if has_app_context() else {}


def refusal(address: IPAddress) -> str | None:
    """Why ``address`` is not on the public internet (None when it is).

    Checked after DNS resolution, so a name that points inside is refused like a literal.
    Addresses that carry an IPv4 address inside an IPv6 one are refused or judged by the
    IPv4 address they carry.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return "an IPv4-mapped IPv6 address"
        embedded = address.sixtofour or (
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None
        )
        if embedded is not None and refusal(embedded):
            return f"an IPv6 address wrapping {embedded}, which is {refusal(embedded)}"
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address (this machine)"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private network address"),
    )
    for attribute, words in checks:
        if getattr(address, attribute):
            return words
    if not address.is_global:
        return "an address that is not on the public internet"
    return None


def check_address(address: IPAddress, policy: FetchPolicy, url: str) -> None:
    """Raise ``FetchError`` unless ``policy`` lets the desk connect to ``address``."""
    why = refusal(address)
    if why is None or policy.allow_private:
        return
    if any(address.version == net.version and address in net for net in policy.allowed_networks):
        return
    raise FetchError(
        "address",
        f"Refused to fetch {url}: its host resolves to {address}, {why}. "
        "The desk only fetches from public internet addresses.",
        url,
    )


def resolve(host: str, port: int, policy: FetchPolicy, url: str) -> IPAddress:
    """Resolve ``host`` and check every address it has; return the one to connect to.

    Every address must pass: a name with one public and one private answer is refused, since
    which one a later connection would use is not ours to choose.
    """
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        check_address(literal, policy, url)
        return literal
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("dns", f"Could not find the server {host} ({exc}).", url) from exc
    addresses = [ipaddress.ip_address(str(answer[4][0]).split("%")[0]) for answer in answers]
    if not addresses:
        raise FetchError("dns", f"Could not find the server {host}.", url)
    for address in addresses:
        check_address(address, policy, url)
    return addresses[0]
