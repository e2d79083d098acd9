"""Build the small front-end fixtures: ``python -m docgen.build_fixtures``.

Writes tests/parsers/files/formats/: HTML pages with lying or missing
charsets, layout tables and no known body container; DOCX files with
merged and nested tables; encrypted, corrupt and scanned PDFs.  Committed,
so tests never run LibreOffice or generators to obtain them.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docgen
from docgen.office import convert_many, scan_pdf

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "parsers" / "files" / "formats"
CORPUS = ROOT / "tests" / "parsers" / "corpus" / "generated"

# 镕 and 堃 are in GBK but not in GB2312: a strict gb2312 decoder fails on them
GBK_AGENCY = "镕堃县统计局"

NESTED_LAYOUT_HTML = """<html><head><meta charset="utf-8"><title>某县财政局2023年政府信息公开工作年度报告</title></head>
<body><table width="100%"><tr><td class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a></td></tr>
<tr><td>
<p>某县财政局2023年政府信息公开工作年度报告</p>
<p>发布时间：2024-01-22</p>
<p>一、总体情况</p><p>本年度主动公开政府信息120条。</p>
<table border="1">
<tr><td rowspan="2">信息内容</td><td colspan="2"><p>本年</p><p>处理决定数量</p></td></tr>
<tr><td>上半年</td><td>下半年</td></tr>
<tr><td>行政许可</td><td>&nbsp;</td><td> 12 </td></tr>
<tr><td>说明</td><td colspan="2"><table><tr><td>注1</td><td>含网上办理</td></tr></table></td></tr>
</table>
</td></tr></table></body></html>
"""

NO_CONTAINER_HTML = """<html><head><meta charset="utf-8">\
<title>某镇2022年政府信息公开工作年度报告_某镇人民政府</title></head>
<body><div class="top"><ul><li><a href="/">首页</a></li><li><a href="/a">政务公开</a></li>\
<li><a href="/b">办事服务</a></li>
<li><a href="/c">互动交流</a></li><li><a href="/d">某镇2021年政府信息公开工作年度报告</a></li></ul></div>
<div class="w1200"><div class="left"><a href="/x">通知公告</a><a href="/y">政策文件</a></div>
<div class="right">
<p>一、总体情况</p>
<p>2022年，某镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息86条，依申请公开工作规范有序。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td>信息内容</td><td>本年处理决定数量</td></tr><tr><td>行政处罚</td><td>3</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>公开内容还不够丰富，下一步将加强培训。</p>
</div></div>
<div class="foot">版权所有：某镇人民政府 网站标识码：1234567890</div></body></html>
"""


def _nested_docx() -> bytes:
    from docx import Document as new_docx

    doc = new_docx()
    doc.add_paragraph("某区司法局2023年政府信息公开工作年度报告")
    wrapper = doc.add_table(rows=1, cols=1)  # a one-column layout table around the body
    cell = wrapper.cell(0, 0)
    cell.paragraphs[0].text = "一、总体情况"
    cell.add_paragraph("本年度主动公开政府信息45条。")
    data = cell.add_table(rows=3, cols=3)
    data.cell(0, 0).merge(data.cell(1, 0)).text = "信息内容"  # vertical merge
    data.cell(0, 1).merge(data.cell(0, 2)).text = "本年处理决定数量"  # horizontal merge
    data.cell(1, 1).text = "上半年"
    data.cell(1, 2).text = "下半年"
    data.cell(2, 0).text = "行政处罚"
    data.cell(2, 1).text = "4"
    data.cell(2, 2).text = "5"
    cell.add_paragraph("二、其他")
    doc.add_paragraph("以上为本年度报告。")
    other = doc.add_table(rows=1, cols=2)  # a data cell holding a nested table
    other.cell(0, 0).text = "附注"
    inner = other.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "注1"
    inner.cell(0, 1).text = "含网上办理"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("user-secret", ownerPassword="owner-secret", canPrint=0)
    c = canvas.Canvas(buf, encrypt=enc)
    c.drawString(72, 720, "Annual report 2023 (encrypted)")
    c.save()
    return buf.getvalue()


def build(out: Path = OUT) -> list[Path]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    report = docgen.synth_report(GBK_AGENCY, 2023, seed=11)
    files = {
        "gbk_declared_utf8.html": docgen.render_page(report, charset="gbk", declared="utf-8"),
        "gb2312_with_gbk_chars.html": docgen.render_page(report, charset="gbk", declared="gb2312"),
        "gbk_no_charset.html": docgen.render_page(report, charset="gbk", declared=""),
        "utf8_declared_gbk.html": docgen.render_page(report, charset="utf-8", declared="gbk"),
        "attachment_only.html": docgen.render_page(report, variant="attachment"),
        "nested_layout.html": NESTED_LAYOUT_HTML.encode("utf-8"),
        "no_container.html": NO_CONTAINER_HTML.encode("utf-8"),
        "merged.docx": docgen.render_docx(docgen.synth_report("某市审计局", 2022, layout="2019", seed=12)),
        "nested.docx": _nested_docx(),
        "encrypted.pdf": _encrypted_pdf(),
    }
    pdf = (CORPUS / "g07_zero_township.pdf").read_bytes()
    files["corrupt.pdf"] = pdf[:1500] + b"\x00garbage" * 20
    # one scanned page: the first page of a generated report
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf)
    first = pdfium.PdfDocument.new()
    first.import_pages(src, [0])
    buf = io.BytesIO()
    first.save(buf)
    files["scan_page.pdf"] = scan_pdf(buf.getvalue(), dpi=150, seed=1)
    # a text layer of (cid:N) glyphs: the fonts' ToUnicode maps renamed away (same length,
    # so the cross-reference table stays valid), as in PDFs whose CID fonts lack the map
    files["cid_garbage.pdf"] = buf.getvalue().replace(b"/ToUnicode", b"/ToUnicodX")
    for name, data in files.items():
        (out / name).write_bytes(data)
    # a PDF whose pages carry a running header beside the page numbers
    header_report = docgen.synth_report("某市交通运输局", 2023, seed=13)
    (out / "running_header.docx").write_bytes(
        docgen.render_docx(header_report, running_header="某市交通运输局政务公开")
    )
    convert_many([out / "running_header.docx"], "pdf", out)
    (out / "running_header.docx").unlink()
    # page breaks at awkward places: extra prose moves the tables down the page, so the
    # break falls inside table 3 after its two spanning rows (k=2) and inside table 2 (k=5)
    for k, name in ((2, "page_break_t3"), (5, "page_break_t2")):
        r = docgen.synth_report("某市人力资源和社会保障局", 2023, seed=1)
        r["sections"]["overview"] += (
            "\n" + "（补充）本段用于改变表格在页面上的位置，从而使分页落在不同的行上。" * 3
        ) * k
        (out / f"{name}.docx").write_bytes(docgen.render_docx(r, rows_split=True))
    convert_many([out / "page_break_t3.docx", out / "page_break_t2.docx"], "pdf", out)
    return sorted(out.iterdir())


if __name__ == "__main__":
    for p in build():
        print(f"{p.stat().st_size:>8}  {p.relative_to(ROOT)}")
