"""The portals of altfarm, one builder per CMS family (portal-patterns §1), each with 年报 in the
title variants of §2.3, noise of §2.4 in the same lists, and a few obstacles of §3."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from altfarm import docs
from altfarm.world import Host, World


@dataclass
class Doc:
    """One list item: a report (``reason`` None) or noise (``reason`` says why)."""

    title: str
    unit: str
    published: str  # YYYY-MM-DD
    year: int | None = None
    reason: str | None = None
    attachment: str | None = None  # "pdf" / "docx": the report also (or only) comes as a file
    body_in_html: bool = True  # False: the body is 详见附件


def report(unit: str, year: int, variant: int, published: str, **kw) -> Doc:
    titles = [
        f"{unit}{year}年政府信息公开工作年度报告",
        f"{unit}{year}年度政府信息公开工作年度报告",
        f"{year}年政府信息公开工作年度报告",
        f"{unit}关于{year}年政府信息公开工作年度报告",
        f"{unit}{year}年政府信息公开工作年度报告（修订版）",
        f"{unit}{year}年政府信息公开工作报告",
        "政府信息公开工作年度报告",
    ]
    return Doc(titles[variant], unit, published, year, **kw)


def noise(kind: str, unit: str, year: int, published: str) -> Doc:
    titles = {
        "网站年度报表": f"{unit}{year}年政府网站工作年度报表",
        "通知": f"关于做好{year}年政府信息公开工作年度报告编制发布工作的通知",
        "解读": f"{unit}{year}年政府信息公开工作年度报告解读",
        "图解": f"图解：{unit}{year}年政府信息公开工作年度报告",
        "一图读懂": f"一图读懂{unit}{year}年政府信息公开工作年度报告",
        "转载": f"交通运输部{year}年政府信息公开工作年度报告",
        "规范性文件": f"{unit}关于印发{year}年政务公开工作要点的通知",
        "法治政府": f"{unit}{year}年法治政府建设年度报告",
        "公共企事业": f"{unit}{year}年公共企事业单位信息公开工作年度报告",
    }
    return Doc(titles[kind], "交通运输部" if kind == "转载" else unit, published, year, reason=kind)


def hexid(*parts: object) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode()).hexdigest()


def short(title: str, width: int = 18) -> str:
    """Lists truncate the visible text; the full title is in title="" (§0.5)."""
    return title if len(title) <= width else title[:width] + "…"


NAV = [
    ("政府信息公开指南", "zfxxgkzn"),
    ("政府信息公开制度", "zfxxgkzd"),
    ("依申请公开", "ysqgk"),
    ("网站地图", "wzdt"),
]


class Site:
    """Shared plumbing of one portal: its host, nav chrome, detail pages and manifest entries."""

    def __init__(self, world: World, host: Host, agency: str, pager: str, entry: str) -> None:
        self.world, self.host, self.agency, self.pager = world, host, agency, pager
        self.base = f"http://{host.name}"
        self.world.sites.append({"agency": agency, "host": host.name, "entry": self.base + entry, "pager": pager})
        self.nav_html = ""
        for label, slug in NAV:
            path = f"/zfxxgk/{slug}/index.html"
            host.page(path, docs.simple_page(label, f"<p>{label}内容。</p>"))
            world.noise_item(self.base + path, site=agency, reason="导航", title=label)
            self.nav_html += f"<li><a href='{path}'>{label}</a></li>"
        self.nav_html = f"<div class='left-nav'><ul>{self.nav_html}</ul></div>"

    def list_page(self, path: str, title: str, items_html: str, pager_html: str, head: str = "") -> None:
        self.host.page(path, self.list_html(title, items_html, pager_html, head))

    def list_html(self, title: str, items_html: str, pager_html: str, head: str = "") -> str:
        return (
            "<!DOCTYPE html><html><head>"
            f"<meta http-equiv='Content-Type' content='text/html; charset={self.host.declared}'>"
            f"<meta name='SiteName' content='{self.agency}'><meta name='ColumnName' content='{title}'>{head}"
            f"<title>{title}_{self.agency}</title></head><body>"
            f"<div class='top'><a href='/'>首页</a></div>{self.nav_html}"
            f"<div class='location'>当前位置：<a href='/'>首页</a> &gt; {title}</div>"
            f"{items_html}{pager_html}</body></html>"
        )

    def publish(
        self,
        path: str,
        doc: Doc,
        *,
        list_url: str | None,
        container: str,
        files: list[tuple[str, bytes, str]] | None = None,
        attach_html: str = "",
        after_body: str = "",
        meta: bool = True,
        breadcrumb: str = "政府信息公开年报",
        index_no: str = "000000000/2024-00001",
        extra_head: str = "",
        on: Host | None = None,
    ) -> str:
        """Write a detail page (and its files) and record it in the manifest; returns its URL.
        ``files`` are (absolute path, bytes, content type); ``attach_html`` links them; ``on``
        puts the page on another host (a copy on the portal, §2.2 item 4)."""
        host = on or self.host
        url = f"http://{host.name}{path}"
        if doc.reason:
            body = docs.noise_body(doc.title)
            self.world.noise_item(url, site=self.agency, reason=doc.reason, title=doc.title, listed_on=list_url)
        else:
            body = docs.report_body(doc.unit, doc.year) if doc.body_in_html else "<p>详见附件。</p>"
            self.world.report(url, site=self.agency, kind="page", title=doc.title, year=doc.year, listed_on=list_url)
        text = docs.detail_page(
            site_name=self.agency,
            title=doc.title,
            unit=doc.unit,
            published=doc.published,
            index_no=index_no,
            body=body + attach_html,
            container=container,
            meta=meta,
            breadcrumb=breadcrumb,
            charset=host.declared,
            after_body=after_body,
            extra_head=extra_head,
        )
        host.page(path, text)
        for file_path, data, ctype in files or []:
            host.file(file_path, data, ctype)
            self.world.report(
                f"http://{host.name}{file_path}",
                site=self.agency,
                kind="attachment",
                title=doc.title,
                year=doc.year,
                listed_on=url,
            )
        return url


def attachment_bytes(doc: Doc, key: str) -> tuple[bytes, str]:
    if doc.attachment == "docx":
        return docs.docx_bytes([doc.title, *docs.SECTIONS, key]), docs.DOCX
    if doc.attachment in {"doc", "wps"}:  # old binary Word / WPS: an OLE2 header is enough, nothing parses it here
        ctype = "application/msword" if doc.attachment == "doc" else "application/octet-stream"
        return docs.OLE2 + f"{doc.year} {key}".encode() + bytes(512), ctype
    if doc.attachment == "zip":
        return docs.zip_bytes({f"{doc.year}.pdf": docs.pdf_bytes(f"annual report {doc.year} {key}")}), "application/zip"
    return docs.pdf_bytes(f"annual report {doc.year} {key}"), docs.PDF


def attachment_file(doc: Doc, path: str, key: str) -> tuple[str, bytes, str]:
    """One entry of ``Site.publish``'s ``files``: the attachment at ``path``, its bytes made from ``key``."""
    return (path, *attachment_bytes(doc, key))


def paged(items: list[Doc], per_page: int) -> list[list[Doc]]:
    """A column's items cut into its list pages."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]


def ymd(published: str) -> tuple[str, str, str]:
    y, m, d = published.split("-")
    return y, m, d
