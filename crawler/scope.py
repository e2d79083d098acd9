"""Which hosts a source may fetch from.

* The source's own host and its subdomains (``www.`` is dropped first, so a portal's
  department subdomains ``tjj.<city>.gov.cn`` belong to ``www.<city>.gov.cn``).
* A host that belongs to another source of this run is left to that source.
* From an annual-report list (an aggregated index), a link to another *government* host —
  ``*.gov.cn``, an IP address or a registry host — is followed to fetch the linked
  column, report and attachments; home pages of such hosts are not explored.
* Anything else (spam mirrors serving copies of government pages) is never fetched.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from crawler.registry import Source


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def base_domain(host: str) -> str:
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


def _under(host: str, base: str) -> bool:
    return host == base or host.endswith("." + base)


def is_government_host(host: str) -> bool:
    host = host.rstrip(".").lower()
    if host.endswith(".gov.cn") or host == "gov.cn":
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


class Scope:
    def __init__(self, registry: list[Source], crawled: list[Source]) -> None:
        self._bases = sorted(((base_domain(s.host), s.agency) for s in registry), key=lambda x: -len(x[0]))
        self._crawled = {s.agency for s in crawled}
        self._registry_hosts = {base_domain(s.host) for s in registry}

    def owner(self, host: str) -> str | None:
        """The registry row whose host is the most specific match."""
        host = host.rstrip(".").lower()
        for base, agency in self._bases:
            if _under(host, base):
                return agency
        return None

    def home_scope(self, source: Source, host: str) -> bool:
        """May ``source`` explore ``host`` (navigation from its home page)?"""
        owner = self.owner(host)
        if owner is not None and owner != source.agency and owner in self._crawled:
            return False
        return _under(host.rstrip(".").lower(), base_domain(source.host)) or owner == source.agency

    def list_scope(self, source: Source, host: str) -> bool:
        """May ``source`` follow a link from an annual-report list to ``host``?"""
        if self.home_scope(source, host):
            return True
        owner = self.owner(host)
        if owner is not None and owner in self._crawled:
            return False
        return owner is not None or is_government_host(host)
