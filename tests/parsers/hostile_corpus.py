"""A corpus of hostile inputs for the parser, generated into a directory at test time.

Each input is what a reliability engineer would throw at ``python -m parsers``:
special files (FIFO, devices, directories), random bytes under every extension and
behind every known header, misnamed files, decompression bombs (made by compressing
zeros), pages too large to render, trees nested beyond any CMS, numbers beyond 64
bits, truncated and bit-flipped real documents, and real documents that are no
report.  ``expect`` says what must come out: ``error`` (any error), a substring of
the error, or ``report`` (read without error: genuine documents among the hostile).
"""

from __future__ import annotations

import functools
import gzip
import io
import os
import random
import socket
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMATS = HERE / "files" / "formats"
SEED_TEXT = HERE.parents[0] / "seeds" / "000_1956a86f1af00c4d.txt"
MiB = 1024 * 1024
_rng = random.Random(13)


@dataclass(frozen=True)
class Hostile:
    name: str  # the file name written (its extension is part of the attack)
    make: Callable[[Path], None]  # writes the input at the given path
    expect: str = "error"  # "error", "report", or a substring the error must contain
    slow: bool = False  # LibreOffice or OCR runs on it (seconds): only in the batch


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _random(n: int) -> bytes:
    return _rng.randbytes(n)


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table around the given object bodies (1-based)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def _pdf_pages(count: int, size_pt: float = 595, content: bytes | None = None) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    content_ref = b""
    if content is not None:
        content_ref = b" /Contents %d 0 R" % (3 + count)
    for _ in range(count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d]%s >>" % (size_pt, size_pt, content_ref))
    if content is not None:
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
    return _pdf(objects)


def _deflate_zeros(n: int) -> bytes:
    z = zlib.compressobj(9)
    block = bytes(MiB)
    parts = [z.compress(block) for _ in range(n // MiB)]
    return b"".join(parts) + z.flush()


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _zip_bomb(member: str, size: int) -> bytes:
    """A real DOCX package with one member that inflates to ``size`` zero bytes (streamed in)."""
    real = zipfile.ZipFile(io.BytesIO((FORMATS / "merged.docx").read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in real.namelist():
            if name != member:
                z.writestr(name, real.read(name))
        with z.open(member, "w", force_zip64=True) as f:
            block = bytes(MiB)
            for _ in range(size // MiB):
                f.write(block)
    return buf.getvalue()


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx_with(document_xml: bytes) -> bytes:
    """A DOCX package (python-docx reads it) whose body is the given document.xml."""
    real = (FORMATS / "merged.docx").read_bytes()
    src = zipfile.ZipFile(io.BytesIO(real))
    members = {n: src.read(n) for n in src.namelist()}
    members["word/document.xml"] = document_xml
    return _zip(members)


def _png(width: int, height: int, idat: bytes, color_type: int = 0, depth: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _noise_png(width: int = 300, height: int = 200) -> bytes:
    raw = b"".join(b"\x00" + _random(width) for _ in range(height))
    return _png(width, height, zlib.compress(raw))


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("政府信息公开工作年度报告", encoding="utf-8")


def _socket_file(path: Path) -> None:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    s.close()  # the socket file stays behind


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as f:
            f.truncate(size)  # no disk blocks: the size is what the parser must refuse

    return make


def _truncated(name: str, share: float) -> Callable[[Path], None]:
    data = (FORMATS / name).read_bytes()
    return _bytes(data[: int(len(data) * share)])


def _bitflipped(name: str, every: int) -> Callable[[Path], None]:
    data = bytearray((FORMATS / name).read_bytes())
    for i in range(200, len(data), every):
        data[i] ^= 0xFF
    return _bytes(bytes(data))


def _seed_with(old: str, new: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(SEED_TEXT.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


_HTML_404 = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>404 Not Found</title></head><body>"
    "<h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p><hr><p>nginx</p></body></html>"
).encode()
_NOTICE = (
    "关于召开全市安全生产工作会议的通知\n各区县人民政府，市政府各部门：\n经研究，定于2024年3月15日召开全市安全生产"
    "工作会议。现将有关事项通知如下：\n一、会议时间\n2024年3月15日上午9时。\n二、会议地点\n市行政中心第一会议室。\n"
    "三、参会人员\n各区县分管负责同志。\n请各单位按时参会。\n市安全生产委员会办公室\n2024年3月1日\n"
)
_NEWS = (
    "<html><head><meta charset='utf-8'><title>我市举办春季招聘会</title></head><body><div id='zoom'>"
    "<p>3月10日，我市在会展中心举办春季大型招聘会，200余家企业提供岗位5000余个。</p>"
    "<p>招聘会现场，求职者络绎不绝。市人社局相关负责人介绍，今年将继续开展线上线下招聘活动。</p>"
    "</div></body></html>"
).encode()


@functools.cache
def corpus() -> list[Hostile]:
    items: list[Hostile] = []
    add = items.append
    # --- not a regular file
    add(Hostile("fifo.pdf", _fifo, "not a regular file"))
    add(Hostile("zero.pdf", _symlink("/dev/zero"), "not a regular file"))
    add(Hostile("null.html", _symlink("/dev/null"), "not a regular file"))
    add(Hostile("urandom.docx", _symlink("/dev/urandom"), "not a regular file"))
    add(Hostile("dir.pdf", _directory, "not a regular file"))
    add(Hostile("socket.html", _socket_file, "not a regular file"))
    add(Hostile("dangling.pdf", _symlink("/nonexistent/report.pdf"), "cannot read file"))
    add(Hostile("huge_sparse.pdf", _sparse(300 * MiB), "too large"))
    # --- random bytes under every extension, and under none
    for ext in (
        "pdf",
        "docx",
        "doc",
        "wps",
        "png",
        "jpg",
        "gif",
        "tif",
        "html",
        "htm",
        "shtml",
        "txt",
        "md",
        "xlsx",
        "rtf",
        "zip",
        "ofd",
        "bin",
        "json",
        "xml",
    ):
        add(Hostile(f"random.{ext}", _bytes(_random(65536))))
    add(Hostile("random_noext", _bytes(_random(4096))))
    add(Hostile("random_small.pdf", _bytes(_random(7))))
    # --- random bytes behind a known header
    headers = {
        "pdf_header.pdf": b"%PDF-1.7\n",
        "pk_header.docx": b"PK\x03\x04",
        "png_header.png": b"\x89PNG\r\n\x1a\n",
        "jpeg_header.jpg": b"\xff\xd8\xff\xe0",
        "gif_header.gif": b"GIF89a",
        "tiff_header.tif": b"II*\x00",
        "bmp_header.bmp": b"BM",
        "webp_header.webp": b"RIFF\x00\x10\x00\x00WEBPVP8 ",
        "utf16_bom.txt": b"\xff\xfe",
        "utf8_bom.txt": b"\xef\xbb\xbf",
        "pdf_late_header.pdf": _random(500) + b"%PDF-1.4\n",
    }
    for name, head in headers.items():
        add(Hostile(name, _bytes(head + _random(65536))))
    add(Hostile("ole2_header.doc", _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random(32768)), slow=True))
    add(Hostile("ole2_header.wps", _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random(32768)), slow=True))
    add(Hostile("rtf_header.doc", _bytes(b"{\\rtf1\\ansi " + _random(32768)), slow=True))
    # --- degenerate contents
    add(Hostile("nul_bytes.pdf", _bytes(bytes(100_000))))
    add(Hostile("nul_bytes.txt", _bytes(bytes(4096))))
    add(Hostile("ff_bytes.docx", _bytes(b"\xff" * 65536)))
    add(Hostile("whitespace.html", _bytes(b" \n\t\r\n" * 1000), "empty"))
    add(Hostile("empty.pdf", _bytes(b""), "empty"))
    add(Hostile("one_byte.txt", _bytes(b"x")))
    add(Hostile("bom_only.txt", _bytes(b"\xef\xbb\xbf")))
    add(Hostile("utf16_text_no_report.txt", _bytes("这是一段普通文字，与报告无关。".encode("utf-16"))))
    add(Hostile("digits.txt", _bytes(b"0123456789 " * 20000)))
    add(Hostile("pipes.txt", _bytes(b"|" * 1_000_000)))
    add(
        Hostile(
            "grid_of_numbers.txt",
            _bytes("\n".join("\t".join(str(_rng.randint(0, 999)) for _ in range(12)) for _ in range(3000)).encode()),
        )
    )
    add(Hostile("long_line.txt", _bytes(("字" * 5_000_000).encode())))
    add(Hostile("many_lines.txt", _bytes(b"\n" * 3_000_000 + b"a")))
    add(Hostile("cjk_noise.txt", _bytes("".join(chr(_rng.randint(0x4E00, 0x9FFF)) for _ in range(20000)).encode())))
    add(Hostile("latin1_noise.html", _bytes(bytes(_rng.randint(0xA0, 0xFF) for _ in range(20000)))))
    # --- misnamed files: the content decides, never the extension
    for ext in ("pdf", "docx", "doc", "html"):
        add(Hostile(f"html_404.{ext}", _bytes(_HTML_404), "not a report"))
    add(Hostile("rar.docx", _bytes(b"Rar!\x1a\x07\x01\x00" + _random(4096)), "RAR"))
    add(Hostile("rar4.pdf", _bytes(b"Rar!\x1a\x07\x00" + _random(4096)), "RAR"))
    add(Hostile("7z.pdf", _bytes(b"7z\xbc\xaf\x27\x1c\x00\x04" + _random(4096)), "7z"))
    add(Hostile("zlib.html", _bytes(zlib.compress(_random(30000)))))
    add(Hostile("zlib_text.html", _bytes(zlib.compress("政府信息公开工作年度报告".encode() * 1000))))
    add(Hostile("gzip.html", _bytes(gzip.compress(_HTML_404)), "gzip"))
    add(Hostile("bzip2.docx", _bytes(b"BZh91AY&SY" + _random(4096)), "bzip2"))
    add(Hostile("xz.pdf", _bytes(b"\xfd7zXZ\x00" + _random(4096)), "xz"))
    add(Hostile("elf.pdf", _bytes(b"\x7fELF\x02\x01\x01" + bytes(9) + _random(4096)), "ELF"))
    add(Hostile("exe.doc", _bytes(b"MZ\x90\x00\x03" + bytes(60) + _random(4096)), "executable"))
    add(Hostile("sqlite.html", _bytes(b"SQLite format 3\x00" + bytes(84) + _random(4000)), "SQLite"))
    add(
        Hostile(
            "json_error.pdf",
            _bytes(b'{"code":404,"msg":"\xe6\x96\x87\xe4\xbb\xb6\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8"}'),
            "not a report",
        )
    )
    add(Hostile("xml.docx", _bytes(b"<?xml version='1.0'?><error><code>500</code><message>Internal</message></error>")))
    add(Hostile("javascript.html", _bytes(b"var a = 1; function f(){ return a + 1; }\n" * 200), "not a report"))
    add(Hostile("css.pdf", _bytes(b"body { margin: 0; padding: 0 }\n" * 200), "not a report"))
    add(Hostile("csv.doc", _bytes(b"a,b,c\n1,2,3\n" * 500), "not a report"))
    add(Hostile("plain_zip.docx", _bytes(_zip({"readme.txt": b"hello"})), "zip"))
    add(Hostile("xlsx_like.docx", _bytes(_zip({"xl/workbook.xml": b"<workbook/>"})), "zip"))
    add(Hostile("empty_zip.docx", _bytes(_zip({}))))
    add(Hostile("noise_image.png", _bytes(_noise_png()), slow=True))
    add(Hostile("noise_image_as.pdf", _bytes(_noise_png()), slow=True))
    # --- real documents that are no report
    add(Hostile("notice.txt", _bytes(_NOTICE.encode()), "not a report"))
    add(Hostile("notice_gbk.txt", _bytes(_NOTICE.encode("gb18030")), "not a report"))
    add(Hostile("notice_big5.doc", _bytes(_NOTICE.encode("big5", "replace")), "not a report"))
    add(Hostile("news.html", _bytes(_NEWS), "not a report"))
    add(Hostile("news.pdf", _bytes(_NEWS), "not a report"))
    add(Hostile("frameset.html", _bytes(b"<html><frameset><frame src='a.html'></frameset></html>")))
    add(Hostile("script_only.html", _bytes(b"<html><body><script>" + b"x=1;" * 5000 + b"</script></body></html>")))
    add(
        Hostile("meta_refresh.html", _bytes(b"<html><head><meta http-equiv='refresh' content='0;url=/'></head></html>"))
    )
    add(
        Hostile(
            "notice.docx",
            _bytes(
                _docx_with(
                    b'<?xml version="1.0" encoding="UTF-8"?><w:document '
                    + _W
                    + b"><w:body><w:p><w:r><w:t>"
                    + _NOTICE.encode()
                    + b"</w:t></w:r></w:p></w:body></w:document>"
                )
            ),
            "not a report",
        )
    )
    # --- decompression bombs (compressed zeros) and resource hogs
    add(Hostile("bomb_document_xml.docx", _bytes(_zip_bomb("word/document.xml", 100 * MiB)), "decompression bomb"))
    add(Hostile("bomb_media.docx", _bytes(_zip_bomb("word/media/image1.png", 300 * MiB)), "decompression bomb"))
    add(Hostile("bomb_stream.pdf", _bytes(_pdf_pages(1, content=_deflate_zeros(200 * MiB))), "decompression bomb"))
    add(Hostile("bomb_gzip.html", _bytes(gzip.compress(bytes(20 * MiB))), "gzip"))
    add(Hostile("bomb_png_dimensions.png", _bytes(_png(15000, 15000, zlib.compress(b"\x00" * 15001)))))
    add(Hostile("giant_blank_pages.pdf", _bytes(_pdf_pages(1, size_pt=14400)), slow=True))
    add(Hostile("thin_tall_image.png", _bytes(_png(1, 60000, zlib.compress(b"\x00\xff" * 60000))), slow=True))
    add(Hostile("many_blank_pages.pdf", _bytes(_pdf_pages(12, size_pt=60)), slow=True))
    add(
        Hostile(
            "page_tree_loop.pdf",
            _bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])),
        )
    )
    add(Hostile("catalog_only.pdf", _bytes(_pdf([b"<< /Type /Catalog >>"]))))
    add(Hostile("no_xref.pdf", _bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n%%EOF\n")))
    add(
        Hostile(
            "deep_divs.html",
            _bytes(
                b"<html><body>" + b"<div>" * 100_000 + "政府信息公开".encode() + b"</div>" * 100_000 + b"</body></html>"
            ),
            "nested deeper",
        )
    )
    add(
        Hostile(
            "deep_tables.html",
            _bytes(
                b"<html><body>"
                + b"<table><tr><td>" * 10_000
                + "年度报告".encode()
                + b"</td></tr></table>" * 10_000
                + b"</body></html>"
            ),
            "nested deeper",
        )
    )
    add(
        Hostile(
            "wide_table.html",
            _bytes(b"<html><body><table><tr>" + b"<td>1</td>" * 40_000 + b"</tr></table></body></html>"),
        )
    )
    add(
        Hostile(
            "many_tables.html",
            _bytes(b"<html><body>" + b"<table><tr><td>9</td><td>x</td></tr></table>" * 8_000 + b"</body></html>"),
        )
    )
    add(
        Hostile(
            "billion_laughs.docx",
            _bytes(
                _docx_with(
                    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
                    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
                    b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
                    b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>&h;</w:t></w:r></w:p></w:body></w:document>"
                )
            ),
        )
    )
    add(
        Hostile(
            "deep_xml.docx",
            _bytes(
                _docx_with(
                    b'<?xml version="1.0"?><w:document '
                    + _W
                    + b"><w:body>"
                    + b"<w:tbl><w:tr><w:tc>" * 5000
                    + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
                    + b"</w:tc></w:tr></w:tbl>" * 5000
                    + b"</w:body></w:document>"
                )
            ),
        )
    )
    add(Hostile("broken_xml.docx", _bytes(_docx_with(b"<w:document><w:body><w:p>"))))
    add(Hostile("docx_without_body.docx", _bytes(_docx_with(b'<?xml version="1.0"?><w:document ' + _W + b"/>"))))
    # --- real documents broken in transit
    for name in ("page_break_t2.pdf", "running_header.pdf", "merged.docx", "nested.docx"):
        add(Hostile(f"truncated_half_{name}", _truncated(name, 0.5)))
        add(Hostile(f"truncated_head_{name}", _truncated(name, 0.02)))
    add(Hostile("bitflipped_page_break_t2.pdf", _bitflipped("page_break_t2.pdf", 997)))
    add(Hostile("bitflipped_merged.docx", _bitflipped("merged.docx", 499)))
    add(Hostile("corrupt.pdf", _bytes((FORMATS / "corrupt.pdf").read_bytes())))
    add(Hostile("encrypted.pdf", _bytes((FORMATS / "encrypted.pdf").read_bytes()), "encrypted"))
    # --- genuine reports with hostile numbers or sizes: read, never crash
    add(Hostile("name_not_utf8_\udcff.txt", lambda path: path.write_bytes(SEED_TEXT.read_bytes()), "report"))
    add(Hostile("cell_of_5000_digits.txt", _seed_with("\t7\n", "\t" + "9" * 5000 + "\n"), "report"))
    add(Hostile("cell_of_long_decimal.txt", _seed_with("\t7\n", "\t" + "9" * 30 + ".5\n"), "report"))
    add(Hostile("out_of_range_cell.txt", _seed_with("\t7\n", "\t99999999999999999999999999999\n"), "report"))
    add(
        Hostile(
            "text_node_over_10MB.html",
            _bytes(
                "<html><head><meta charset='utf-8'></head>"
                "<body><div id='zoom'><p>2024年政府信息公开工作年度报告".encode()
                + b" " * 11 * MiB
                + "本年度收到政府信息公开申请5件。</p></div></body></html>".encode()
            ),
            "report",
        )
    )
    add(
        Hostile(
            "huge_one_line_page.html",
            _bytes(
                b"<html><head><meta charset='utf-8'>"
                b"<title>2024\xe5\xb9\xb4\xe6\x94\xbf\xe5\xba\x9c\xe4\xbf\xa1\xe6\x81\xaf"
                b"\xe5\x85\xac\xe5\xbc\x80\xe5\xb7\xa5\xe4\xbd\x9c\xe5\xb9\xb4\xe5\xba\xa6\xe6\x8a\xa5\xe5\x91\x8a</title></head>"
                b"<body><div id='zoom'><p>"
                + "本机关依法做好政府信息公开工作。".encode() * 260_000
                + b"</p></div></body></html>"
            ),
            "text too long",
            slow=True,
        )
    )
    return items


def write_corpus(root: Path) -> list[tuple[Hostile, Path]]:
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for item in corpus():
        path = root / item.name
        item.make(path)
        out.append((item, path))
    return out
