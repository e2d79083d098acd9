"""The one charset policy: bytes of a page or a text file → str.

Chinese government portals declare charsets that lie (a GBK body declared UTF-8, a UTF-8 body
served as ``charset=gb2312``), so no declaration is trusted over the bytes themselves:

1. a byte-order mark;
2. the bytes are valid UTF-8 (or UTF-8 with a few characters a CMS cut in two): UTF-8;
3. the charset the body declares (``<meta charset>``, ``<meta http-equiv>``, ``<?xml encoding>``),
   then the one the HTTP header declares, each only when the text it gives reads as Chinese;
4. GB18030 (the superset of GBK and GB2312, which every GB label is read as);
5. detection (charset-normalizer).

w3lib (Scrapy's own decoding library) reads the BOM and the body's declaration and names the
codecs; Scrapy's ``TextResponse.text`` itself trusts the header first, which is why the crawler
must not use it for report pages.  ``decode_html`` is the policy for markup, ``decode_text`` the
same without declarations (plain text has none).
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

_CJK_TEXT = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u00b7\u2014\u2026]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF32_LE, "utf-32"),
)


def plausible_chinese(text: str) -> bool:
    """Readable Chinese: no U+FFFD, and most non-ASCII characters are common CJK text."""
    if "\ufffd" in text:
        return False
    non_ascii = [ch for ch in text if ord(ch) > 127]
    return not non_ascii or len(_CJK_TEXT.findall("".join(non_ascii))) / len(non_ascii) > 0.8


def _detected(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """A page's text and the encoding it was read with (``content_type``: the HTTP header, if any)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few broken bytes (a CMS cut a character in two): still UTF-8.  GBK read
    # as UTF-8 breaks on nearly every Chinese character, so the share tells them apart.
    lenient = data.decode("utf-8", "replace")
    if lenient.count("\ufffd") <= max(3, len(lenient) // 2000):
        return lenient, "utf-8"
    # w3lib names the codecs: every label of the GB family as GB18030 (its superset), UTF-8 as utf-8
    header = http_content_type_encoding(content_type) if content_type else None
    candidates = [e for e in (html_body_declared_encoding(data), header, "gb18030") if e and e != "utf-8"]
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if plausible_chinese(text):
            return text, enc
    return _detected(data) or (data.decode("gb18030", "replace"), "gb18030")


def decode_text(data: bytes) -> str:
    """Text bytes without declarations: BOMs first, then strict UTF-8, then GB18030, then detection."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    detected = _detected(data)
    return detected[0] if detected else data.decode("gb18030", errors="replace")
