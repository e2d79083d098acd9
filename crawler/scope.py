"""Which registry row a URL belongs to, and where a source's crawl may go.

Scope is by agency, not by host.  A city's portal hosts its government and dozens of
departments under one host (``www.<city>.gov.cn/zfxxgk/<dept>/…``, ``/public/column/<id>``),
each a registry row of its own; any number of rows can share a host.

* **Territory.** A row claims its host and the host's subdomains (``www.`` dropped, so a
  portal's ``xxgk.`` sub-site belongs to it), and, more strongly, the directory of its own
  address (``/zfxxgk/jyj/``).  A URL belongs to the row with the most specific claim: the
  longest matching host, then the longest matching directory.  Rows that claim a URL equally
  (flat ``/public/column/<id>`` addresses under one host) leave it to whichever of them walks
  there; the report's own title then names its agency (``named``).
* **Hand-over.** A crawl that reaches another row's territory hands the request to that row:
  it is fetched once, under the agency it belongs to, whichever walk got there first.
* **Leaving the registry.** No host outside the registry's sites is fetched, except a report
  or attachment that an annual-report list links to on a government host (``*.gov.cn`` or a
  bare IP): aggregated indexes link their units' reports wherever they are hosted.  Anything
  else (the national, provincial and service-hall portals of a page's header, spam mirrors
  serving copies of government pages) is never fetched.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.registry import Source
from identity import normalise_text as normalise
from identity import title_agency


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def base_domain(host: str) -> str:
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


def under(host: str, base: str) -> bool:
    """``host`` is ``base`` or one of its subdomains."""
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


def _directory(path: str) -> str:
    """The directory a row's address names: ``/zfxxgk/jyj/index.html`` → ``/zfxxgk/jyj/``; a last
    segment without a dot is a directory (``/public/column/123`` → ``/public/column/123/``)."""
    path = path or "/"
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        return path.rsplit("/", 1)[0] + "/"
    return path.rstrip("/") + "/"


def _comparable(path: str) -> str:
    return (path or "/").rstrip("/") + "/"


@dataclass(frozen=True)
class Territory:
    source: Source
    base: str  # the host claimed with its subdomains
    directory: str  # the path the row's own address names


class Scope:
    def __init__(self, registry: list[Source], crawled: list[Source]) -> None:
        self._territories: dict[str, list[Territory]] = {}  # by the base they claim
        for s in registry:
            territory = Territory(s, base_domain(s.host), _directory(urlsplit(s.url).path))
            self._territories.setdefault(territory.base, []).append(territory)
        self._crawled = {s.agency for s in crawled}
        self._seeds = {s.url.rstrip("/"): s for s in registry}
        self._by_name = {normalise(s.agency): s for s in registry}

    def owner(self, url: str, walker: Source | None = None) -> Source | None:
        """The registry row ``url`` belongs to; ``walker`` when it is among the rows with the
        strongest equal claim; None when no row claims the URL, or several do equally."""
        seed = self._seeds.get(url.rstrip("/"))
        if seed is not None:
            return seed
        host, path = host_of(url), _comparable(urlsplit(url).path)
        best: tuple[int, int] | None = None
        leaders: list[Source] = []
        for territory in self._claims(host):
            rank = (len(territory.base), len(territory.directory) if path.startswith(territory.directory) else -1)
            if best is None or rank > best:
                best, leaders = rank, [territory.source]
            elif rank == best:
                leaders.append(territory.source)
        if walker is not None and any(s.agency == walker.agency for s in leaders):
            return walker
        return leaders[0] if len(leaders) == 1 else None

    def _claims(self, host: str) -> list[Territory]:
        """Territories whose base is ``host`` or one of its parent domains."""
        labels = host.split(".")
        found: list[Territory] = []
        for i in range(len(labels)):
            found += self._territories.get(".".join(labels[i:]), [])
        return found

    def is_crawled(self, source: Source) -> bool:
        return source.agency in self._crawled

    def claim(self, walker: Source, url: str) -> Source | None:
        """The row a request for ``url`` reached by ``walker``'s crawl is made under: the walker,
        another row of this run that owns the URL (a hand-over), or None when the URL lies
        outside every registry site (see ``leaves_registry_for``)."""
        owner = self.owner(url, walker)
        if owner is None:
            host = host_of(url)
            if self._claims(host):
                return walker  # a host shared by rows that claim it equally: the walker's find
            return None
        if owner.agency == walker.agency or not self.is_crawled(owner):
            return walker
        return owner

    def leaves_registry_for(self, url: str) -> bool:
        """May a report or attachment link of an annual-report list go to ``url``, a host outside
        every registry site?  Only to a government host."""
        return is_government_host(host_of(url))

    def named(self, title: str | None, url: str, walker: Source) -> Source:
        """The row a report belongs to: the crawled row its title names (…局2023年政府信息公开…)
        when that row shares the report's site, else the row the URL belongs to."""
        agency = title_agency(title or "")
        named = self._by_name.get(normalise(agency)) if agency else None
        if named is not None and self.is_crawled(named) and under(host_of(url), base_domain(named.host)):
            return named
        return self.claim(walker, url) or walker

    # The host-level questions older callers ask.
    def home_scope(self, source: Source, host: str) -> bool:
        """May ``source``'s navigation explore ``host`` (its own site, or a site no row of this
        run owns)?"""
        claimant = self.claim(source, f"http://{host}/")
        return claimant is not None and claimant.agency == source.agency

    def list_scope(self, source: Source, host: str) -> bool:
        """May ``source`` follow a report link from an annual-report list to ``host``?"""
        return self.claim(source, f"http://{host}/") is not None or is_government_host(host)
