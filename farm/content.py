"""Report content and document bytes, rendered with ``docgen``.

A report's data is ``docgen.synth_report`` of (agency, year, layout, seed),
or a seed's gold values with the seed's own text as sections.  HTML and
DOCX are rendered on demand (cheap); PDF, DOC and scanned PDFs go through
LibreOffice, so they are rendered once per farm in two batch runs and kept
in a cache directory keyed by the content they render.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import zipfile
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from html import escape
from pathlib import Path

from farm.world import Noise, Report, World
from rawarchive import write_atomically

log = logging.getLogger("farm.content")
SEEDS_DIR = Path(__file__).resolve().parents[1] / "tests" / "seeds"  # the five real seed reports
SECTION_KEYS = ["overview", "proactive", "requests", "review", "problems", "other"]
SECTION_RE = re.compile(r"^\s*[#\s]*([一二三四五六])、")


def _docgen():
    import docgen

    return docgen


def seed_report(seed_id: str, title: str, published: str) -> dict:
    gold = json.loads((SEEDS_DIR / "gold" / f"{seed_id}.json").read_text(encoding="utf-8"))
    from docgen.synth import fmt_value

    text = (SEEDS_DIR / gold["file"]).read_text(encoding="utf-8")
    sections = {k: "" for k in SECTION_KEYS}
    current = None
    for line in text.splitlines():
        m = SECTION_RE.match(line)
        if m:
            current = SECTION_KEYS["一二三四五六".index(m.group(1))]
            continue
        # the seed's own tables are replaced by rendered ones; keep prose lines only
        if current in ("overview", "problems", "other") and len(line.strip()) > 12 and "\t" not in line.strip():
            sections[current] += line.strip().lstrip("#").strip() + "\n"
    cells = gold["cells"]
    return {
        "agency": gold["agency"],
        "year": gold["year"],
        "published": gold["published"] or published,
        "layout": gold["layout"],
        "layouts": {"t2": "2021", "t3": "2021", "t4": "standard"},
        "title": title,
        "cells": cells,
        "raw": {c: fmt_value(c, v) for c, v in cells.items()},
        "markers": {},
        "sections": {k: v.strip() for k, v in sections.items()},
        "notes": gold.get("notes", ""),
        "seed_id": seed_id,
    }


HTML_CACHE_VERSION = 1


def _write_atomic(path: Path, data: bytes) -> None:
    # A cache shared by farm processes: renamed into place whole; not fsynced, because a lost
    # entry after a power cut is only rendered again.
    write_atomically(path, data, fsync=False)


def _render_fragment(job: tuple) -> None:
    path, agency, year, layout, seed, published, title, variant, seed_id = job
    docgen = _docgen()
    if seed_id:
        data = seed_report(seed_id, title, published)
    else:
        data = docgen.synth_report(agency, year, layout=layout, seed=seed, published=published)
        data["title"] = title
    html = docgen.render_html(data, variant=variant)
    _write_atomic(Path(path), gzip.compress(html.encode("utf-8"), 3))


@functools.cache
def docgen_version() -> str:
    """A hash of the generator's source: rendered pages cached under another version are stale."""
    root = Path(__file__).resolve().parent.parent / "docgen"
    digest = hashlib.sha1()
    for path in sorted(root.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


class Content:
    """Report data and document bytes for one world."""

    def __init__(self, world: World, cache_dir: Path) -> None:
        self.world = world
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._data: OrderedDict[tuple[int, int], dict] = OrderedDict()
        self._bytes: OrderedDict[tuple, bytes] = OrderedDict()
        self.degraded: list[str] = []

    # -------------------------------------------------------------- data
    def report_data(self, rep: Report, version: int = 1) -> dict:
        key = (id(rep), version)
        hit = self._data.get(key)
        if hit is not None:
            self._data.move_to_end(key)
            return hit
        if rep.seed_id:
            data = seed_report(rep.seed_id, rep.title, rep.published.isoformat())
        else:
            data = _docgen().synth_report(
                rep.agency.name, rep.year, layout=rep.layout, seed=rep.synth_seed, published=rep.published.isoformat()
            )
            data["title"] = rep.title
        if version > 1:
            # the corrected reissue: one table-2 cell changed, identities untouched
            data = json.loads(json.dumps(data))
            code = "t2.punishment.decisions"
            data["cells"][code] = int(data["cells"].get(code) or 0) + 3
            data.setdefault("raw", {})[code] = str(data["cells"][code])
            data.get("markers", {}).pop(code, None)
        self._data[key] = data
        if len(self._data) > 2000:
            self._data.popitem(last=False)
        return data

    def expected(self, rep: Report, version: int = 1) -> dict:
        if rep.old:  # no statutory tables before 2019: nothing to fill in
            return {
                "agency": rep.agency.name,
                "year": rep.year,
                "published": rep.published.isoformat(),
                "layout": rep.layout,
                "cells": {},
            }
        data = self.report_data(rep, version)
        return {
            "agency": data["agency"],
            "year": data["year"],
            "published": data["published"],
            "layout": data["layout"],
            "cells": data["cells"],
        }

    # -------------------------------------------------------------- bytes
    def _remember(self, key: tuple, value: bytes) -> bytes:
        self._bytes[key] = value
        if len(self._bytes) > 256:
            self._bytes.popitem(last=False)
        return value

    def report_html(self, rep: Report, version: int = 1) -> str:
        """The report as an HTML fragment; rendered once, then read from the disk cache (~2 ms vs ~0.1 ms)."""
        if rep.old:
            return old_report_html(rep.agency.name, rep.year, rep.title)
        path = self._html_path(rep, version)
        try:
            return gzip.decompress(path.read_bytes()).decode("utf-8")
        except FileNotFoundError:
            pass
        html = _docgen().render_html(self.report_data(rep, version), variant=rep.html_variant)
        _write_atomic(path, gzip.compress(html.encode("utf-8"), 3))
        return html

    def _html_path(self, rep: Report, version: int) -> Path:
        # keyed by what the report is, not by its cells: the docgen version keeps an
        # edited generator from serving pages rendered by the old one
        key = "|".join(
            map(
                str,
                (
                    rep.rid,
                    rep.synth_seed,
                    rep.layout,
                    rep.html_variant,
                    version,
                    rep.title,
                    rep.seed_id,
                    rep.published,
                    HTML_CACHE_VERSION,
                    docgen_version(),
                ),
            )
        )
        digest = hashlib.sha1(key.encode()).hexdigest()[:24]
        return self.cache_dir / "html" / digest[:2] / f"{digest}.html.gz"

    def warm(self, processes: int | None = None) -> int:
        """Render every report's HTML fragment into the disk cache, in worker processes."""
        jobs = []
        for rep in self.world.reports:
            if rep.site is None or rep.body not in ("html", "html+attachment", "column") or rep.old:
                continue
            path = self._html_path(rep, 1)
            if not path.exists():
                jobs.append(
                    (
                        str(path),
                        rep.agency.name,
                        rep.year,
                        rep.layout,
                        rep.synth_seed,
                        rep.published.isoformat(),
                        rep.title,
                        rep.html_variant,
                        rep.seed_id,
                    )
                )
        if not jobs:
            return 0
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(processes or os.cpu_count() or 1) as pool:
            for _ in pool.imap_unordered(_render_fragment, jobs, chunksize=64):
                pass
        return len(jobs)

    def document(self, rep: Report, fmt: str, version: int = 1) -> bytes:
        """The attachment bytes of a report in fmt (pdf, docx, doc, scan)."""
        key = (id(rep), fmt, version)
        hit = self._bytes.get(key)
        if hit is not None:
            return hit
        if rep.old:  # a pre-2019 report is always a plain-text DOCX (no LibreOffice)
            return self._remember(key, text_docx(old_report_paragraphs(rep.agency.name, rep.year, rep.title)))
        data = self.report_data(rep, version)
        path = self._office_path(data, fmt)
        if fmt == "docx":
            if path.exists():
                return self._remember(key, path.read_bytes())
            body = _docgen().render_docx(data)
            _write_atomic(path, body)
            return self._remember(key, body)
        if not path.exists():
            self.render_office([(rep, fmt, version)])
        if path.exists():
            return self._remember(key, path.read_bytes())
        self.degraded.append(f"{rep.rid}: {fmt} not rendered, served as docx")
        return self._remember(key, _docgen().render_docx(data))

    def cached_document(self, rep: Report, fmt: str, version: int = 1) -> bytes | None:
        return self._bytes.get((id(rep), fmt, version))

    def _office_path(self, data: dict, fmt: str) -> Path:
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]
        return self.cache_dir / f"{digest}.{fmt}"

    def render_office(self, jobs: list[tuple[Report, str, int]]) -> None:
        """Render every PDF/DOC/scan not yet cached, with one LibreOffice run per target."""
        docgen = _docgen()
        todo = []
        for rep, fmt, version in jobs:
            data = self.report_data(rep, version)
            if not self._office_path(data, fmt).exists():
                todo.append((data, fmt))
        if not todo:
            return
        with tempfile.TemporaryDirectory(prefix="farm-render-") as tmp:
            tmpdir = Path(tmp)
            docx_paths: dict[str, Path] = {}
            for data, _fmt in todo:
                stem = self._office_path(data, "x").stem
                if stem not in docx_paths:
                    p = tmpdir / f"{stem}.docx"
                    p.write_bytes(docgen.render_docx(data))
                    docx_paths[stem] = p
            need_pdf = sorted({self._office_path(d, "x").stem for d, f in todo if f in ("pdf", "scan")})
            need_doc = sorted({self._office_path(d, "x").stem for d, f in todo if f == "doc"})
            self._convert([docx_paths[s] for s in need_pdf], [docx_paths[s] for s in need_doc], tmpdir)
            for data, fmt in todo:
                if fmt == "scan":
                    self._scan(data)

    def _convert(self, to_pdf: list[Path], to_doc: list[Path], tmpdir: Path) -> None:
        """The PDF batch and the DOC chain: independent LibreOffice runs, side by side."""
        docgen = _docgen()
        with ThreadPoolExecutor(2) as pool:
            pdfs = pool.submit(docgen.convert_many, to_pdf, "pdf", tmpdir / "pdf")
            docs = pool.submit(docgen.docx_to_doc_many, to_doc, tmpdir / "doc")
            for fut, ext in ((pdfs, "pdf"), (docs, "doc")):
                try:
                    for out in fut.result():
                        (self.cache_dir / f"{out.stem}.{ext}").write_bytes(out.read_bytes())
                except Exception as exc:  # LibreOffice missing or failing: the farm still serves DOCX
                    log.warning("LibreOffice rendering failed: %s", exc)
                    self.degraded.append(f"LibreOffice ({ext}) failed: {exc}")

    def _scan(self, data: dict) -> None:
        """The scanned-image PDF of a report, from its rendered PDF."""
        pdf_path = self._office_path(data, "pdf")
        if not pdf_path.exists():
            return
        try:
            scan = _docgen().render_scan_pdf(data, pdf=pdf_path.read_bytes())
            self._office_path(data, "scan").write_bytes(scan)
        except Exception as exc:
            log.warning("scan rendering failed: %s", exc)
            self.degraded.append(f"scan failed: {exc}")

    def prerender(self) -> None:
        jobs = []
        for rep in self.world.reports:
            for att in rep.attachments:
                if att.fmt in ("pdf", "doc", "scan"):
                    jobs.append((rep, att.fmt, 1))
        self.render_office(jobs)

    # -------------------------------------------------------------- noise bodies
    @lru_cache(maxsize=512)  # noqa: B019 - one Content per farm process
    def noise_html(self, nz: Noise) -> str:
        return noise_body(self, nz)


def noise_body(content: Content, nz: Noise) -> str:
    """The body of a noise page: what real portals publish next to the reports."""
    owner = nz.site.owner.name
    y = nz.year or nz.date.year
    if nz.kind == "website_report":
        rows = [
            ("网站名称", f"{owner}门户网站"),
            ("首页网址", nz.site.origin + "/"),
            ("主办单位", owner),
            ("网站类型", "政府门户网站"),
            ("政府网站标识码", "3700000001"),
            ("独立用户访问总量（单位：个）", "120563"),
            ("网站总访问量（单位：次）", "1385226"),
            ("信息发布（单位：条）", "2316"),
            ("概况类信息更新量", "12"),
            ("政务动态信息更新量", "1580"),
            ("信息公开目录信息更新量", "724"),
            ("办事服务", "是"),
            ("互动交流·留言办理·收到留言数量（单位：条）", "312"),
        ]
        trs = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
        return (
            f"<p style='text-align:center'><strong>政府网站工作年度报表</strong></p><p>（{y}年度）</p>"
            f"<p>填报单位：{owner}</p><table border='1'>{trs}</table>"
        )
    if nz.kind == "notice":
        return (
            f"<p>各乡镇人民政府、街道办事处，各部门：</p><p>根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室"
            f"关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知（国办公开办函〔2021〕30号）要求，现就做好{y}年政府信息公开"
            f"工作年度报告编制发布工作通知如下：</p><p>一、各单位应于{y + 1}年1月31日前向社会公布本单位{y}年政府信息公开工作年度报告。"
            f"</p><p>二、年度报告应当包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。</p>"
            f"<p style='text-align:right'>{owner}办公室</p>"
        )
    if nz.kind in ("interpretation", "graphic"):
        agency = nz.agency or owner
        if nz.kind == "graphic":
            return (
                f"<p style='text-align:center'><img src='./W0{nz.date:%Y%m%d}123456789012.jpg' "
                f"alt='{nz.title}' oldsrc='W0{nz.date:%Y%m%d}123456789012.jpg'></p>"
            )
        return (
            f"<p>近日，{agency}发布了{y}年政府信息公开工作年度报告。为便于公众理解，现将主要内容解读如下：</p>"
            f"<p>一、报告的主要内容。报告共分六个部分。</p><p>二、主动公开情况。全年主动公开政府信息若干条。</p>"
            f"<p>三、依申请公开情况。本年度依法办理政府信息公开申请。</p>"
        )
    if nz.kind == "repost":
        data = _docgen().synth_report(nz.agency or "交通运输部", y, layout="2021" if y >= 2021 else "2019", seed=7)
        return "<p>（转载）</p>" + _docgen().render_html(data)
    if nz.kind == "other_document":
        return (
            f"<p>{nz.title}</p><p>各有关单位：现将有关事项通知如下，请结合实际认真贯彻执行。</p>"
            f"<p style='text-align:right'>{owner}</p><p style='text-align:right'>{nz.date:%Y年%m月%d日}</p>"
        )
    return f"<p>{nz.title}</p>"


def old_report_paragraphs(agency: str, year: int, title: str) -> list[str]:
    """A 2008–2018 report in the old free-text form (portal-patterns §2.4): 概述, 主动公开, 依申请公开,
    收费及减免, 复议诉讼, 问题及改进; figures in sentences, no statutory tables."""
    seed = sum(map(ord, agency)) + year
    return [
        title,
        f"本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}编制。全文包括概述，主动公开政府信息情况，"
        "依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，"
        "政府信息公开工作存在的主要问题及改进情况等。",
        "一、概述",
        f"{year}年，{agency}认真贯彻落实政府信息公开条例，政府信息公开工作有序推进。",
        "二、主动公开政府信息情况",
        f"{year}年共主动公开政府信息{100 + seed % 397}条。",
        "三、依申请公开政府信息情况",
        f"全年共受理政府信息公开申请{seed % 13}件，均已按期答复。",
        "四、政府信息公开的收费及减免情况",
        "本年度未收取任何费用。",
        "五、因政府信息公开申请提起行政复议、行政诉讼的情况",
        f"本年度发生行政复议{seed % 3}件，行政诉讼0件。",
        "六、政府信息公开工作存在的主要问题及改进情况",
        "公开内容的深度和广度有待进一步提高。",
    ]


def old_report_html(agency: str, year: int, title: str) -> str:
    paras = old_report_paragraphs(agency, year, title)
    return f"<p style='text-align:center'><strong>{escape(paras[0])}</strong></p>" + "".join(
        f"<p>{escape(p)}</p>" for p in paras[1:]
    )


def text_docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document of plain paragraphs (what a 2010s office exported; no tables)."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2016, 3, 1, 9, 30, 0))  # fixed: byte-identical per farm
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
