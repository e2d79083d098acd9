"""The table engine: a Document's statutory tables 2, 3 and 4 → cell codes.

Whatever the source format, the Document is flattened into one stream of
rows (table rows as they are, paragraphs split into cells when they read
like a flattened table row).  Rows are anchored on their normalised label
text, never on grid positions; a row's values are the value cells that
follow its label, fitted to the width its layout prescribes (format-spec
§4.2: take the last N, tolerate ragged leading empties and placeholder
cells).  The layout is decided per table from its header signature
(format-spec §3).  Nothing is repaired: a blank stays null, a wrong total
stays wrong, and every inference is written to ``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import cells as registry
from .document import Document, Table
from .values import ParsedValue, clean, is_value_text, parse_value

# ------------------------------------------------------------------ labels

_NUMBERING = re.compile(
    r"^(?:[、.:,]|第?[一二三四五六七八九十]+[、.:)]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)](?!\d)|\(\d{1,2}\)|[①-⑳])+"
)


def norm(text: str | None) -> str:
    """Normalised label: NFKC, no whitespace or debris, one form of brackets, colons and quotes."""
    s = clean(text)
    s = s.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    s = s.replace("“", "").replace("”", "").replace('"', "").replace("‘", "").replace("’", "")
    s = s.replace("．", ".").replace("。", "")
    return s


def strip_numbering(label: str) -> str:
    return _NUMBERING.sub("", label)


_MAX_LABEL = 90

# table 3 rows in form order; "G:" entries are group cells that carry no values
T3_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(rx))
    for key, rx in [
        ("new", r"^本年度?新收"),
        ("carried_over", r"^上年度?结转"),
        ("G:result", r"^本年度?办理结果"),
        ("granted", r"^予以公开"),
        ("partial", r"^部分公开"),
        ("denied.state_secret", r"国家秘密"),
        ("denied.prohibited_by_law", r"禁止公开|^其他法律行政法规"),
        ("denied.three_safeties", r"三安全一稳定|^危及"),
        ("denied.third_party", r"第三方合法权益"),
        ("denied.internal_affairs", r"内部事务"),
        ("denied.process_info", r"过程性信息"),
        ("denied.enforcement_file", r"执法案卷"),
        ("denied.inquiry", r"查询事项"),
        ("G:denied", r"^不予公开$"),
        ("unavailable.not_held", r"不掌握"),
        ("unavailable.needs_creation", r"另行制作|没有现成"),
        ("unavailable.unclear", r"仍不明确|^补正后"),
        ("G:unavailable", r"^无法提供$"),
        ("rejected.petition", r"信访|举报投诉"),
        ("rejected.duplicate", r"^重复申请"),
        ("rejected.publication", r"出版物"),
        ("rejected.excessive", r"大量反复"),
        ("rejected.confirmation", r"重新出具|确认或重新"),
        ("G:rejected", r"^不予处理$"),
        ("other.no_correction", r"不补正|无正当理由逾期"),
        ("other.unpaid_fee", r"收费通知|缴纳费用"),
        ("G:other", r"^其他处理$"),
        ("other.other", r"^其他$"),
        ("total", r"^总计$|^合计$"),
        ("carried_forward", r"^结转下一?年|^转下一?年度|下年度继续办理"),
    ]
]
_T3_GROUP_ROWS = {
    "G:denied": [r.key for r in registry.T3_ROWS if r.key.startswith("denied.")],
    "G:unavailable": [r.key for r in registry.T3_ROWS if r.key.startswith("unavailable.")],
    "G:rejected": [r.key for r in registry.T3_ROWS if r.key.startswith("rejected.")],
    "G:other": ["other.no_correction", "other.unpaid_fee", "other.other"],
}
_OUTCOME_KEYS = {r.key for r in registry.T3_ROWS} - {"new", "carried_over", "total", "carried_forward"}
_T3_HEADER_WORDS = ("勾稽关系", "申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构",
                    "社会公益组织", "法律服务机构")

T2_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(rx))
    for key, rx in [
        ("rules", r"^规章"),
        ("normative", r"^(?:行政)?规范性文件|^行政规范性$"),
        ("licensing", r"^行政许可"),
        ("other_services", r"^其他对外管理服务"),
        ("punishment", r"^行政处罚"),
        ("coercion", r"^行政强制"),
        ("fees", r"^行政事业性收费"),
        ("procurement", r"^政府集中采购"),
        ("ext:other_docs", r"^其他主动公开"),
    ]
]
T2_SIGNALS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量")
T2_SIGNALS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                   "本年增减", "其他对外管理服务事项", "第二十条第(九)项", "采购项目数量", "采购总金额")
T4_HEADER_WORDS = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "合计",
                   "未经复议直接起诉", "复议后起诉", "结果", "维持", "纠正", "其他", "尚未", "审结", "总", "计")
PRE2019_SIGNALS = ("统计指标", "收到申请数", "申请办结数", "属于已主动公开范围数", "依申请公开信息收取的费用",
                   "回应解读", "机构建设和保障经费", "收费及减免", "同意公开答复数", "免予公开")


# ------------------------------------------------------------------ stream


_RUN_OF_VALUES = re.compile(r"^\s*[-+]?\d[\d,.]*(?:\s+[-+]?\d[\d,.]*)+\s*$")


@dataclass
class Slot:
    cells: list[str]
    block: int
    from_table: bool
    norms: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # two values run into one cell by the extraction ("0 0"): two cells
        if any(_RUN_OF_VALUES.match(c) for c in self.cells):
            self.cells = [part for c in self.cells for part in (c.split() if _RUN_OF_VALUES.match(c) else [c])]
        self.norms = [norm(c) for c in self.cells]


_SPACED_UNIT = re.compile(r"(\d)\s+(万元|元)(?=\s|$)")
_PARA_SPLIT = re.compile(r"\t|\||\s{2,}|\u3000+")
_VALUE_TOKEN = r"(?:[+\-增减]?\d[\d,.]*(?:万元|元)?|--\d+|[-—/]|无|不适用)"
_TRAILING_VALUES = re.compile(rf"^(?P<label>.*?[^\s\d.+\-])\s+(?P<vals>{_VALUE_TOKEN}(?:\s+{_VALUE_TOKEN})*)\s*$")
_ALL_VALUES = re.compile(rf"^\s*{_VALUE_TOKEN}(?:\s+{_VALUE_TOKEN})+\s*$")


def _split_paragraph(text: str) -> list[str]:
    """A paragraph that is really a flattened table row → its cells; prose stays one cell."""
    if "。" in text or (len(text) > 160 and not re.search(r"\S\s{2,}\S", text)):
        return [text]
    text = _SPACED_UNIT.sub(r"\1\2", text)  # "29500 元" is one cell
    if _ALL_VALUES.match(text):
        return text.split()
    parts = [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]
    if len(parts) == 1:
        m = _TRAILING_VALUES.match(parts[0])
        if m and len(m.group("label")) <= _MAX_LABEL:
            return [m.group("label").strip(), *m.group("vals").split()]
        return [text]
    out: list[str] = []
    for p in parts:
        m = _TRAILING_VALUES.match(p)
        if m:
            out.extend([m.group("label").strip(), *m.group("vals").split()])
        elif _ALL_VALUES.match(p):
            out.extend(p.split())
        else:
            out.append(p)
    return out


# "— 5 —", "- 5 -", "第5页 共12页", "5/12": page furniture of a PDF text layer
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
# the report's title repeated as a PDF page header ("XX局2024年政府信息公开工作年度报告"): never a table row
_RUNNING_TITLE = re.compile(r"^\S{0,40}政府信息公开(?:工作)?年度报告$")
_RULE_LINE = re.compile(r"^(?=.*[-=_─━]{4})[\s\-=+:|_—─━┄┈]+$")  # the rules of a plain-text table drawing


def build_stream(doc: Document) -> list[Slot]:
    stream: list[Slot] = []
    for bi, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            for row in block.rows:
                stream.append(Slot(list(row), bi, True))
        else:
            for line in block.split("\n"):
                if line.strip() and not _RULE_LINE.match(line) and not _PAGE_FOOTER.match(line) \
                        and not _RUNNING_TITLE.match(line.strip()):
                    stream.append(Slot(_split_paragraph(line.strip()), bi, False))
                elif line and not line.strip(" \xa0"):
                    stream.append(Slot([""], bi, False))  # an empty cell's &nbsp;, on a line of its own
    return stream


def _is_label(n: str) -> bool:
    return bool(n) and len(n) <= _MAX_LABEL and not is_value_text(n)


def _is_prose(slot: Slot) -> bool:
    """A paragraph of running text (not a label, not a value)."""
    if slot.from_table or len(slot.cells) != 1:
        return False
    n = slot.norms[0]
    return len(n) > _MAX_LABEL or (slot.cells[0].strip().endswith(("。", "；", ";")) and len(n) > 8)


def _value_only(slot: Slot) -> bool:
    return all(not n or is_value_text(n) for n in slot.norms)


# ------------------------------------------------------------------ fitting


@dataclass
class Fit:
    cells: list[str] | None
    inferred: bool = False
    note: str = ""


def _strip_ends(s: list[str], n: int, first: str) -> list[str]:
    t = list(s)
    for side in ((first, "leading" if first == "trailing" else "trailing")):
        idx = -1 if side == "trailing" else 0
        while len(t) > n and not t[idx].strip():
            t.pop(idx)
    return t


def fit(seg: list[str], n: int, dropped: str | None = None, pad_first: str = "trailing",
        pads: dict[int, tuple[int, int] | str] | None = None) -> Fit:
    """Fit the cells after a label to the n value positions of the row.

    ``dropped`` says how a row whose blank cells vanished may be recovered, always flagged:
    ``"natural_total"`` (table 3: two equal values are 自然人 and 总计), ``"first"`` (table 2:
    a lone value sits in the first column), None (never).

    ``pads`` (segment length → how the table pads rows of that length, ``_padding_by_length``)
    makes a row with blanks at both ends safe: which of them is padding and which a blank cell is
    read from the rows of the same length, else the row is not placed.
    """
    s = list(seg)
    # drop label-like text (notes, units) that is not a value
    s = [c for c in s if not c.strip() or is_value_text(c)]
    if len(s) == n:
        return Fit(s)
    if pads is not None and len(s) > n and _strip_ends(s, n, "trailing") != _strip_ends(s, n, "leading"):
        # blanks at both ends ("", 6 values, "", ""): padding in front and a blank 总计, or the other way
        ref = pads.get(len(s))
        if isinstance(ref, tuple) and len(s) - ref[0] - ref[1] == n and \
                not any(c.strip() for c in s[:ref[0]] + s[len(s) - ref[1]:]):
            return Fit(s[ref[0]:len(s) - ref[1]])
        if not isinstance(ref, str):
            return Fit(None, note=f"{len(s)} cells where {n} were expected, blank at both ends; "
                                  "cannot tell padding from blank cells")
        pad_first = ref
    # padding cells (merged-cell placeholders, colspans) at the ends: strip the side the table
    # pads first (``pad_first``), then the other
    for side in (("trailing", "leading") if pad_first == "trailing" else ("leading", "trailing")):
        idx = -1 if side == "trailing" else 0
        while len(s) > n and not s[idx].strip():
            s.pop(idx)
        if len(s) == n:
            return Fit(s)
    filled = [c for c in s if c.strip()]
    if len(s) > n:
        # a merged cell repeated in every grid column it spans (python-docx): collapse the repeats
        collapsed = [c for i, c in enumerate(filled) if i == 0 or clean(c) != clean(filled[i - 1])]
        if len(collapsed) == n and len(filled) > n:
            return Fit(collapsed, False, f"{len(filled)} values where {n} were expected; repeated cells collapsed")
        # a few cells too many: a colspan label's placeholders in front; twice as many or more is two rows
        # (or a column-wise run) and no choice of n of them is safe
        if n <= len(filled) < 2 * n:
            return Fit(filled[-n:], True, f"{len(filled)} values where {n} were expected; took the last {n}")
        if dropped == "natural_total" and len(filled) == 2 and s[0].strip() and s[-1].strip():
            return Fit([s[0], *[""] * (n - 2), s[-1]], True,
                       f"{len(s)} cells where {n} were expected, values only at both ends; read as natural and total")
        return Fit(None, note=f"{len(s)} cells where {n} were expected; cannot place the blanks")
    if not filled:
        return Fit([""] * n, note="" if s else "no cells after the label; read as blank")
    # fewer cells than positions: blank cells were dropped
    if dropped == "natural_total" and len(filled) == 2 and \
            parse_value(filled[0]).value == parse_value(filled[1]).value:
        return Fit([filled[0], *[""] * (n - 2), filled[1]], True,
                   f"2 values where {n} were expected; read as natural and total (blank cells dropped)")
    if dropped == "first" and len(filled) == 1 and len(s) <= 1:
        return Fit([filled[0]] + [""] * (n - 1), True,
                   f"1 value where {n} were expected; placed in the first column (blank cells dropped)")
    return Fit(None, note=f"{len(filled)} values where {n} were expected; not placed")


# ------------------------------------------------------------------ result


@dataclass
class Reading:
    layouts: dict[str, str | None] = field(default_factory=lambda: {"t2": None, "t3": None, "t4": None})
    values: dict[str, ParsedValue] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)  # every code the detected tables carry
    ext_labels: dict[str, str] = field(default_factory=dict)
    t3_merged_legal: bool = False
    warnings: list[str] = field(default_factory=list)
    pre2019: bool = False

    def put(self, code: str, text: str, kind: registry.ValueKind, unit: str | None = None,
            extra_flags: tuple[str, ...] = ()) -> None:
        pv = parse_value(text, kind, unit=unit)
        if extra_flags:
            pv = ParsedValue(pv.value, pv.marker, (*pv.flags, *extra_flags))
        self.values[code] = pv
        self.raw[code] = text
        if "signed_in_count_col" in pv.flags:
            self.warnings.append(f"{code}: signed value {text!r} in a count column (misplaced?)")
        if "double_minus" in pv.flags:
            self.warnings.append(f"{code}: {text!r} read as {pv.value}")
        if "unit_converted" in pv.flags:
            self.warnings.append(f"{code}: {text!r} converted from 元 to 万元")


def _kind(code: str) -> registry.ValueKind:
    c = registry.CELLS.get(code)
    return c.kind if c else "count"


# ------------------------------------------------------------------ table 3


@dataclass
class Anchor:
    key: str
    slot: int
    cell: int


# "1.2.本机关不掌握…" / "2.3.重复申请": two rows' numbers in front of one label, where a browser-printed
# PDF put the labels of two short rows on one line
_DOUBLED_NUMBERING = re.compile(r"(?<![\d.])(\d)\.(\d)\.(?!\d)")
_INNER_NUMBERING = re.compile(r"\([一二三四五六七]\)|(?<![\d.])[1-8][.、](?!\d)")
_GROUP_PREFIX = re.compile(r"^(?:三、)?(?:本年度?办理结果|不予公开|无法提供|不予处理|其他处理)(?=.)")


def _match_t3(n: str, matched: set[str], last: str | None) -> str | None:
    body = strip_numbering(n)
    if not body:
        return None
    # a group cell run into its first row's label ("本年度办理结果(一)予以公开"), or a fragment of a
    # wrapped group cell before it ("度办理结(二)部分公开", "处理2.重复申请"): the row after the numbering
    rest = strip_numbering(_GROUP_PREFIX.sub("", body))
    if rest and rest != body:
        key = _match_t3(rest, matched, last)
        if key and not key.startswith("G:"):
            return key
    doubled = _DOUBLED_NUMBERING.search(body)
    if doubled:
        # "2.3.重复申请": two rows' numbers in front of the first row's label (see _ambiguous_rows)
        key = _match_t3(body[doubled.end():], matched, last)
        if key and not key.startswith("G:"):
            return key
    inner = _INNER_NUMBERING.search(body)
    if inner and inner.start() > 0:
        key = _match_t3(body[inner.start():], matched, last)
        if key and not key.startswith("G:"):
            return key
    for key, rx in T3_PATTERNS:
        if not rx.search(body):
            continue
        if key == "other.other" and last not in ("G:other", "other.no_correction", "other.unpaid_fee"):
            continue
        if key == "total" and not (matched & _OUTCOME_KEYS):
            continue
        return key
    return None


def _has_values_after(stream: list[Slot], i: int, ci: int) -> bool:
    own = stream[i].norms[ci + 1:]
    if any(n and is_value_text(n) for n in own):
        return True
    return not any(own) and i + 1 < len(stream) and _value_only(stream[i + 1]) and any(stream[i + 1].norms)


_NEW_ROW = re.compile(r"^本年度?新收")


# outcome rows specific enough to start table 3 on when its first rows were lost (catdoc drops the
# top of a table in a text box): each is told by words no other table or prose line carries
_T3_SPECIFIC_ROWS = ("denied.state_secret", "denied.prohibited_by_law", "denied.third_party", "denied.internal",
                     "denied.process", "denied.enforcement_file", "denied.inquiry", "unavailable.not_held",
                     "unavailable.needs_creation", "unavailable.unclear", "rejected.petition",
                     "rejected.publication", "rejected.excessive", "rejected.confirmation",
                     "other.no_correction", "other.unpaid_fee")
_MIN_SPECIFIC_ROWS = 6


def _t3_start_without_first_rows(stream: list[Slot]) -> int | None:
    """The first row of a table 3 that lost its 本年新收 row: the first specific outcome row with values,
    when at least six such rows with values follow (an isolated phrase in prose is no table)."""
    first, keys = None, set()
    for i, slot in enumerate(stream):
        if _is_prose(slot):
            continue
        for ci, n in enumerate(slot.norms):
            if not _is_label(n) or len(n) > 40:
                continue
            key = _match_t3(n, set(), None)
            if key in _T3_SPECIFIC_ROWS and _has_values_after(stream, i, ci):
                first = i if first is None else first
                keys.add(key)
        if len(keys) >= _MIN_SPECIFIC_ROWS:
            return first
    return None


def _label_lines(stream: list[Slot], i: int) -> tuple[str, Anchor, int] | None:
    """A row label wrapped over two or three lines, its values beside one of them, none of the pieces a
    label of its own ("一、本年新" / "收政府信息  7  0 …" / "公开申请数量", as pdftotext -layout prints
    a tall cell): the joined label and where its values start."""
    text, lines, value_at = "", 0, None
    j = i
    while j < len(stream) and lines < 3:
        slot = stream[j]
        if not any(slot.norms):
            j += 1
            continue
        vals = [k for k, x in enumerate(slot.norms) if x and is_value_text(x)]
        texts = [x for x in slot.norms[:vals[0] if vals else len(slot.norms)] if x]
        if len(texts) != 1 or len(texts[0]) > 16 or _is_prose(slot) or \
                (vals and any(x and not is_value_text(x) for x in slot.norms[vals[0]:])):
            return None
        if _match_t3(texts[0], set(), None) not in (None, "G:result", "G:denied", "G:unavailable", "G:rejected",
                                                   "G:other"):
            return None  # a piece that is a label of its own
        if vals:
            if value_at is not None:
                return None
            value_at = Anchor("", j, vals[0] - 1)
        text += texts[0]
        lines += 1
        if lines >= 2 and value_at is not None:
            key = _match_t3(text, set(), None)
            if key is not None and not key.startswith("G:"):
                # the label's last piece below its values ("公开申请数量") belongs to it too
                k = j + 1
                while k < len(stream) and not any(stream[k].norms):
                    k += 1
                if lines < 3 and k < len(stream) and _label_tail(stream[k]):
                    j = k
                return text, value_at, j
        j += 1
    return None


def _find_t3(stream: list[Slot]) -> tuple[list[Anchor], int, int]:
    """Anchors of table 3 (a key may be anchored more than once), and the stream range it spans."""
    start = None
    for i, slot in enumerate(stream):
        if _is_prose(slot):
            continue
        if any(_NEW_ROW.match(strip_numbering(n)) and _is_label(n) and len(n) <= 40 for n in slot.norms):
            start = i
            break
        wrapped = _label_lines(stream, i) if len(slot.norms) >= 1 and slot.norms[0] else None
        if wrapped and _NEW_ROW.match(strip_numbering(wrapped[0])):
            start = i
            break
    if start is None:
        start = _t3_start_without_first_rows(stream)
    if start is None:
        return [], -1, -1
    anchors: list[Anchor] = []
    matched: set[str] = set()
    last: str | None = None
    end = start
    done = False  # 结转下年度 read with its values: the table ends at the next row without a label
    wrapped_end = -1  # the last line of the last label read over several lines
    i = start
    while i < len(stream):
        slot = stream[i]
        if _is_prose(slot):
            break  # the table is over
        if "carried_forward" in matched and any(n.startswith("行政复议") and len(n) <= 8 for n in slot.norms):
            break
        found_here = False
        first = slot.norms[0] if slot.norms else ""
        if _is_label(first) and (_match_t3(first, matched, last) or "G:").startswith("G:") and \
                (i == start or _after_values(stream, i) or _prev_nonempty(stream, i) == wrapped_end):
            wrapped = _label_lines(stream, i)
            key = _match_t3(wrapped[0], matched, last) if wrapped else None
            if wrapped and key and not key.startswith("G:") and not done:
                anchors.append(Anchor(key, wrapped[1].slot, wrapped[1].cell))
                matched.add(key)
                last = key
                wrapped_end = wrapped[2]
        for ci, n in enumerate(slot.norms):
            if not _is_label(n):
                continue
            key = _match_t3(n, matched, last)
            if key is None:
                continue
            if key == "total" and (_t3_header_row(slot) or _t3_headings_above(stream, i)):
                continue  # the 总计 of a header row repeated after a page break, not the row of totals
            if done and key != "carried_forward":
                continue
            anchors.append(Anchor(key, i, ci))
            found_here = True
            if not key.startswith("G:"):
                matched.add(key)
            last = key
            if key == "carried_forward" and _has_values_after(stream, i, ci):
                done = True
        if done and not found_here:
            if _value_only(slot):
                end = i
                i += 1
                continue
            break
        end = i
        i += 1
    anchors.sort(key=lambda a: (a.slot, a.cell))  # a wrapped label is anchored at its line of values
    return anchors, start, end


def _segment(stream: list[Slot], anchors: list[Anchor], k: int, end: int) -> tuple[list[str], list[int]]:
    """The cells after anchor k: the rest of its row, or, when that holds no value, the value-only rows below.

    Returns the cells and the stream indices of the rows taken from below.
    """
    a = anchors[k]
    nxt = anchors[k + 1] if k + 1 < len(anchors) else None
    slot = stream[a.slot]
    stop = nxt.cell if nxt and nxt.slot == a.slot else len(slot.cells)
    own = slot.cells[a.cell + 1: stop]
    if any(c.strip() for c in own) or (nxt and nxt.slot == a.slot):
        return own, []
    seg = list(own)
    taken: list[int] = []
    j = a.slot + 1
    limit = nxt.slot if nxt else end + 1
    # the label's wrapped tail on lines of its own before the values ("5.要求行政机关确认或重新" /
    # "出具已获取信息" / 0 …), where nothing marks the continuation (no tab, indented by spaces)
    # only right after the row above's values: where labels are stacked on lines of their own
    # ("5.属于三类内部事务信" / "息" / "1.本机关不掌握相关政" / "府信息" / values), the values may be any of theirs
    tail = j
    while tail < min(limit, j + 2, len(stream)) and _label_tail(stream[tail]):
        tail += 1
    while tail < min(limit, len(stream)) and _t3_header_row(stream[tail]) and _after_values(stream, a.slot):
        tail += 1  # table 3's column headings repeated at the top of a page, between a label and its values
    if tail > j and tail < min(limit, len(stream)) and _value_only(stream[tail]) and any(stream[tail].norms) \
            and _after_values(stream, a.slot):
        j = tail
    while j < limit and j < len(stream) and _value_only(stream[j]):
        seg.extend(stream[j].cells)
        taken.append(j)
        j += 1
    return seg, taken


def _prev_nonempty(stream: list[Slot], i: int) -> int:
    j = i - 1
    while j >= 0 and not any(stream[j].norms):
        j -= 1
    return j


def _after_values(stream: list[Slot], i: int) -> bool:
    """Whether the nearest non-empty row above row i ends with a value (the row above is complete)."""
    j = _prev_nonempty(stream, i)
    last = [n for n in stream[j].norms if n] if j >= 0 else []
    return bool(last) and is_value_text(last[-1])


_T3_COLUMN_WORDS = tuple(w for w in _T3_HEADER_WORDS if w != "勾稽关系")


def _t3_headings_above(stream: list[Slot], i: int) -> bool:
    """Column headings of table 3 right above row i: a row of them, or two lines of one heading each."""
    j = _prev_nonempty(stream, i)
    if j < 0 or not _t3_header_row(stream[j]):
        return False
    k = _prev_nonempty(stream, j)
    return sum(1 for n in stream[j].norms if n) >= 2 or (k >= 0 and _t3_header_row(stream[k]))


def _t3_header_row(slot: Slot) -> bool:
    """A row of table 3's column headings (cells "自然人" … "其他" "总计", or one of them on a line alone)."""
    texts = [n for n in slot.norms if n]
    if not texts or any(is_value_text(n) for n in texts):
        return False
    heads = sum(1 for n in texts if n in _T3_COLUMN_WORDS or n in ("其他", "总计", "合计"))
    return heads == len(texts) and (heads >= 2 or texts[0] in _T3_COLUMN_WORDS or texts[0] == "其他")


def _label_tail(slot: Slot) -> bool:
    """A short line of label text that is no row of its own: no numbering, no known row or header word."""
    texts = [n for n in slot.norms if n]
    if len(texts) != 1:
        return False
    n = texts[0]
    if is_value_text(n) or len(n) > 16 or strip_numbering(n) != n or n.startswith("第"):
        return False
    if _match_t3(n, set(), None) or any(rx.search(n) for _, rx in T2_PATTERNS):
        return False
    words = T4_HEADER_WORDS + _T3_HEADER_WORDS + T2_SIGNALS_2021 + T2_SIGNALS_2019 + ("信息内容",)
    return not any(w in n for w in words if len(w) > 1)


def _value_rows_after(stream: list[Slot], a: Anchor, anchors: list[Anchor], end: int) -> list[int]:
    """The value-only rows right below anchor a's row, up to the next anchor: a row broken in two."""
    later = [b.slot for b in anchors if b.slot > a.slot or (b.slot == a.slot and b.cell > a.cell)]
    if later and later[0] == a.slot:
        return []
    limit = min(later) if later else end + 1
    out = []
    j = a.slot + 1
    while j < limit and j < len(stream) and any(stream[j].norms) and (
            _value_only(stream[j]) or _fragment_and_values(stream[j])):
        out.append(j)
        j += 1
    return out


def _fragment_and_values(slot: Slot) -> bool:
    """The wrapped tail of a label ("他情形）") and the rest of the row's values on one line."""
    texts = [n for n in slot.norms if n and not is_value_text(n)]
    return bool(texts) and all(len(t) <= 10 for t in texts) and any(n and is_value_text(n) for n in slot.norms)


def _text_and_values(slot: Slot) -> bool:
    """A line with label text (of any length) and values."""
    return any(n and not is_value_text(n) for n in slot.norms) and any(n and is_value_text(n) for n in slot.norms)


def _padding_side(segs: list[list[str]], n: int) -> str:
    """Which end of this table's rows carries padding, by the rows that show it unambiguously.

    A row longer than n whose last cell holds a value is padded in front (a colspan label);
    a row that is still n long once its trailing blanks go and ends in a value is padded behind.
    """
    front = behind = 0
    for seg in segs:
        s = [c for c in seg if not c.strip() or is_value_text(c)]
        if len(s) <= n:
            continue
        if s[-1].strip():
            front += 1
            continue
        t = list(s)
        while t and not t[-1].strip():
            t.pop()
        if len(t) >= n and t[-1].strip():
            behind += 1
    return "leading" if front > behind else "trailing"


def _padding_by_length(segs: list[list[str]], n: int) -> dict[int, tuple[int, int] | str]:
    """Segment length → how this table pads its rows of that length.

    From the complete rows (n values, no blank among them) of that length: the blank cells in
    front and behind, when they all agree; else from the rows of that length with a value at one
    end and blanks at the other: the padded end ("leading"/"trailing"), when they all agree.
    Rows of another length prove nothing (a label spanning two columns pads differently).
    """
    complete: dict[int, set[tuple[int, int]]] = {}
    sides: dict[int, set[str]] = {}
    for seg in segs:
        s = [c for c in seg if not c.strip() or is_value_text(c)]
        filled = [i for i, c in enumerate(s) if c.strip()]
        if len(s) <= n or not filled:
            continue
        if len(filled) == n and filled[-1] - filled[0] == n - 1:
            complete.setdefault(len(s), set()).add((filled[0], len(s) - 1 - filled[-1]))
        elif s[-1].strip() and not s[0].strip():
            sides.setdefault(len(s), set()).add("leading")
        elif s[0].strip() and not s[-1].strip():
            sides.setdefault(len(s), set()).add("trailing")
    out: dict[int, tuple[int, int] | str] = {k: next(iter(v)) for k, v in sides.items() if len(v) == 1}
    out.update({k: next(iter(v)) for k, v in complete.items() if len(v) == 1})
    return out


def _fit_or_join(stream: list[Slot], seg: list[str], taken: list[int], a: Anchor, anchors: list[Anchor],
                 end: int, n: int, dropped: str | None, pad_first: str = "trailing",
                 pads: dict[int, tuple[int, int] | str] | None = None) -> tuple[Fit, list[int]]:
    """Fit a row; when its own cells do not fit, try them joined with the value rows right below."""
    f = fit(seg, n, dropped, pad_first, pads)
    if (f.cells is not None and not f.inferred) or taken:
        return f, []
    below = _value_rows_after(stream, a, anchors, end)
    if below:
        joined = list(seg)
        for j in below:
            joined.extend(stream[j].cells)
        f2 = fit(joined, n)
        if f2.cells is not None and not f2.inferred:
            return Fit(f2.cells, False, "row broken across lines; joined"), below
    return f, []


def _t3_columns(stream: list[Slot], start: int) -> tuple[list[str], str]:
    """Columns of table 3 from the header rows above its first data row (labels may be cut: 商业企/业)."""
    header: list[str] = []
    for j in range(max(0, start - 6), start):
        header.extend(stream[j].norms)
    joined = "|".join(header)
    subcols = sum(w in joined for w in ("商业", "科研", "社会公", "法律服"))
    if "法人或其他组织" in joined and subcols == 0:
        return ["natural", "legal_all", "total"], "header"
    if subcols:
        return list(registry.T3_STANDARD_COLUMNS), "header"
    return list(registry.T3_STANDARD_COLUMNS), "default"




def _ambiguous_rows(stream: list[Slot], anchors: list[Anchor], segs: dict[str, list[str]],
                    taken: dict[str, list[int]]) -> dict[str, str]:
    """Rows whose values cannot be told from a neighbour's: row key → why.

    * two rows' labels on one line ("1.2.…" then the second label's text): the values below them may
      be either row's, and the other row's values sit somewhere else;
    * a label with nothing after it right before a label whose values are on the line below and whose
      text goes on after them with more values: the rows are taller than their values and the value
      rows may belong to either label.
    """
    out: dict[str, str] = {}
    rows = [a for a in anchors if not a.key.startswith("G:")]
    for k, a in enumerate(rows):
        m = _DOUBLED_NUMBERING.search(stream[a.slot].norms[a.cell])
        own_line_values = bool(segs[a.key]) and not taken[a.key]
        if m and int(m.group(2)) == int(m.group(1)) + 1 and not own_line_values:
            out[a.key] = "two rows' labels on one line"
            if k + 1 < len(rows) and rows[k + 1].slot - a.slot <= 2:
                out[rows[k + 1].key] = "two rows' labels on one line"
    for k, (a, b) in enumerate(zip(rows, rows[1:], strict=False)):
        nxt = rows[k + 2].slot if k + 2 < len(rows) else len(stream)
        after = max(taken[b.key], default=b.slot) + 1
        # the tell: b's label goes on after those values, on a line of its own values ("处理 行政机关不再… 0 0 2")
        goes_on = after < nxt and after < len(stream) and _text_and_values(stream[after])
        if not segs[a.key] and taken[b.key] and goes_on and b.key not in out:
            why = "values below the next row's label may be this row's"
            out.setdefault(a.key, why)
            out[b.key] = "values below the label may be the row above's"
    return out


def _values_beside_label_head(stream: list[Slot], a: Anchor, key: str, anchors_at: dict[int, list[str]],
                              consumed: set[int], start: int, n: int) -> tuple[int, list[str]] | None:
    """The values of row ``key`` (its label at anchor a, with nothing after it) from the line above, when
    that line is the head of the same label with the row's values: returns the line and the cells.

    Only when the head's text matches no row of its own (a group cell may stand in front of it), the
    head with the label reads as this row, and the row above the head is complete (ends with its
    values): stacked labels whose values may be anyone's are never joined.
    """
    h = _prev_nonempty(stream, a.slot)
    if h < start or h in consumed or any(not k.startswith("G:") for k in anchors_at.get(h, [])):
        return None
    head = stream[h]
    if head.from_table != stream[a.slot].from_table or not _text_and_values(head):
        return None
    texts = [x for x in head.norms if x and not is_value_text(x)]
    first_value = next(i for i, x in enumerate(head.norms) if x and is_value_text(x))
    if any(x and not is_value_text(x) for x in head.norms[first_value:]):
        return None  # text after the values: not a label head and its row
    top, text = h, "".join(texts)
    above = _prev_nonempty(stream, h)
    if above >= start and above not in anchors_at and len(stream[above].cells) == 1 and \
            _label_tail(stream[above]) is False and not _value_only(stream[above]) and \
            len(stream[above].norms[0]) <= 20 and _match_t3(stream[above].norms[0], set(), None) is None:
        top, text = above, stream[above].norms[0] + text  # the label's first line, then its middle with values
    head_key = _match_t3(text, set(), None)
    if head_key is not None and not head_key.startswith("G:"):
        return None
    label = stream[a.slot].norms[a.cell]
    if _match_t3(text + label, set(), "G:other" if key == "other.other" else None) != key:
        return None
    if not (_after_values(stream, top) or any(k.startswith("G:") for k in anchors_at.get(top, []))):
        return None
    f = fit(head.cells[first_value:], n)
    if f.cells is None or f.inferred:
        return None
    return h, f.cells


def read_t3(stream: list[Slot], r: Reading) -> tuple[int, int]:
    anchors, start, end = _find_t3(stream)
    if not anchors:
        return -1, -1
    all_anchors = list(anchors)
    columns, how = _t3_columns(stream, start)
    # a key anchored more than once (a heading, a stray header row, then the real row): keep the anchor
    # whose row carries the most values, the first one on a tie
    segs: dict[str, list[str]] = {}
    taken: dict[str, list[int]] = {}
    best: dict[str, Anchor] = {}
    for k, a in enumerate(anchors):
        seg, below = _segment(stream, anchors, k, end)
        filled = sum(1 for c in seg if c.strip() and is_value_text(c))
        if a.key not in segs or filled > sum(1 for c in segs[a.key] if c.strip() and is_value_text(c)):
            segs[a.key], taken[a.key], best[a.key] = seg, below, a
    anchors = sorted(best.values(), key=lambda a: (a.slot, a.cell))
    # the rows' widths decide when the header is silent, and overrule a header that was cut to pieces
    widths = [len([c for c in s_ if c.strip()]) for key, s_ in segs.items() if not key.startswith("G:")]
    threes, sevens = sum(1 for w in widths if w == 3), sum(1 for w in widths if w == 7)
    if how == "default" and threes > len(widths) / 2:
        columns = ["natural", "legal_all", "total"]
    elif len(columns) == 3 and sevens > threes:
        columns = list(registry.T3_STANDARD_COLUMNS)
    if "legal_all" in columns:
        r.t3_merged_legal = True
        r.warnings.append("t3: 法人或其他组织 given as one column (legal_all)")
    keys = {a.key for a in anchors}
    row_segs = [segs[a.key] for a in anchors if not a.key.startswith("G:")]
    pad_first = _padding_side(row_segs, len(columns))
    pads = _padding_by_length(row_segs, len(columns))
    # layout: 2021 has three sub-rows under （六）其他处理, 2019 a single row with values
    if keys & {"other.no_correction", "other.unpaid_fee", "other.other"}:
        layout = "2021"
    elif "G:other" in keys:
        layout = "2019"
    else:
        layout = "2021"
        r.warnings.append(f"t3: （六）其他处理 not found; layout taken as {layout}")
    r.layouts["t3"] = layout
    n = len(columns)
    rows = [row.key for row in registry.t3_rows(layout)]
    all_cols = list(registry.T3_STANDARD_COLUMNS) + (["legal_all"] if r.t3_merged_legal else [])
    for row in rows:
        for col in [c.key for c in registry.T3_COLUMNS if c.key in all_cols]:
            r.codes.append(f"t3.{row}.{col}")
    found: set[str] = set()
    placed: dict[str, int] = {}  # row key → stream index of its values
    floating: list[str] = []  # labels with nothing after them
    consumed = {j for below in taken.values() for j in below}
    ambiguous = _ambiguous_rows(stream, anchors, segs, taken)
    for key, why in ambiguous.items():
        r.warnings.append(f"t3.{key}: {why}; not placed")
    for a in anchors:
        key = a.key
        if key == "G:other" and layout == "2019":
            key = "other.all"
        if key.startswith("G:") or key in ambiguous:
            continue
        if not segs[a.key]:
            floating.append(key)
            continue
        spread = [j for j in taken[a.key] if any(stream[j].norms)]
        if len(spread) >= 2 and sum(1 for c in segs[a.key] if c.strip()) > n:
            # values below the label on several lines that do not make one row: a column-wise run
            # (pdftotext without -layout) or two rows interleaved; nothing says which value is whose
            r.warnings.append(f"t3.{key}: {sum(1 for c in segs[a.key] if c.strip())} values on {len(spread)} lines "
                              f"below the label where {n} were expected; not placed")
            continue
        f, joined = _fit_or_join(stream, segs[a.key], taken[a.key], a, anchors, end, n, "natural_total", pad_first,
                                 pads)
        consumed.update(joined)
        if f.note:
            r.warnings.append(f"t3.{key}: {f.note}")
        if f.cells is None:
            continue
        found.add(key)
        placed[key] = a.slot
        for col, text in zip(columns, f.cells, strict=True):
            r.put(f"t3.{key}.{col}", text, "count", extra_flags=("position_inferred",) if f.inferred else ())
    # a label whose values sit on the line above, beside the head of the same label (pdftotext -layout
    # puts a wrapped row's values on its first line: "3. 要求提  0 0 0 0 0 0 0" / "供公开出版物")
    anchors_at: dict[int, list[str]] = {}
    for b in all_anchors:
        anchors_at.setdefault(b.slot, []).append(b.key)
    for key in list(floating):
        if key in found or key not in rows or key not in best:  # (other.all is anchored as its group cell)
            continue
        got = _values_beside_label_head(stream, best[key], key, anchors_at, consumed, start, n)
        if got is None:
            continue
        j, cells_ = got
        for col, text in zip(columns, cells_, strict=True):
            r.put(f"t3.{key}.{col}", text, "count")
        found.add(key)
        placed[key] = best[key].slot
        consumed.add(j)
        floating.remove(key)
        r.warnings.append(f"t3.{key}: values on the line of the label's first part; joined")
    # a run of values under a group cell whose sub-row labels were lost: by count, only when exact
    for group, sub in _T3_GROUP_ROWS.items():
        sub = [s for s in sub if s in rows]
        missing = [s for s in sub if s not in found]
        if group not in keys or len(missing) != len(sub) or layout == "2019" and group == "G:other":
            continue
        seg = list(segs[group])
        vals = [c for c in seg if c.strip()]
        if len(seg) == len(sub) * n or len(vals) == len(sub) * n:
            use = seg if len(seg) == len(sub) * n else vals
            for k, row in enumerate(sub):
                for col, text in zip(columns, use[k * n:(k + 1) * n], strict=True):
                    r.put(f"t3.{row}.{col}", text, "count", extra_flags=("label_missing",))
                found.add(row)
                placed[row] = best[group].slot
            r.warnings.append(f"t3: {len(sub)} rows under {group[2:]} had no labels; placed by count")
    # value rows without a label: placed in form order between the labelled rows around them,
    # only when their number is exactly the number of rows missing there
    # (a row whose label is only a fragment that matches nothing counts as unlabelled)
    unlabelled: list[tuple[int, list[str]]] = []
    anchor_slots = {a.slot for a in all_anchors}
    for j in range(start, end + 1):
        slot = stream[j]
        if j in consumed or j in anchor_slots or not any(n_ and is_value_text(n_) for n_ in slot.norms):
            continue
        if any(len(n_) > 20 for n_ in slot.norms if n_ and not is_value_text(n_)):
            continue
        f = fit(slot.cells, n)
        if f.cells is None or f.inferred:
            r.warnings.append(f"t3: stray cells {slot.cells!r} ignored")
            continue
        unlabelled.append((j, f.cells))
    if unlabelled:
        resolved = sorted((rows.index(k), placed[k]) for k in placed if k in rows)
        bounds = [(-1, start - 1), *resolved, (len(rows), end + 1)]
        for (fa, sa), (fb, sb) in zip(bounds, bounds[1:], strict=False):
            cand = [u for u in unlabelled if sa < u[0] < sb]
            if not cand:
                continue
            missing = [rows[x] for x in range(fa + 1, fb) if rows[x] not in found]
            if sb <= sa or len(cand) != len(missing):
                r.warnings.append(f"t3: {len(cand)} value rows without a label where {len(missing)} rows are "
                                  "missing; not placed")
                continue
            for row, (_, cells_) in zip(missing, cand, strict=True):
                for col, text in zip(columns, cells_, strict=True):
                    r.put(f"t3.{row}.{col}", text, "count", extra_flags=("label_missing",))
                found.add(row)
            r.warnings.append(f"t3: rows {', '.join(missing)} had no labels; placed by form order")
    # a label with no cell at all after it: its cells were dropped as blank
    for key in floating:
        if key not in found and key in rows:
            for col in columns:
                r.put(f"t3.{key}.{col}", "", "count")
            found.add(key)
            r.warnings.append(f"t3.{key}: label without cells; read as blank")
    missing_rows = [row for row in rows if row not in found]
    if missing_rows:
        r.warnings.append(f"t3: rows not found: {', '.join(missing_rows)}")
    return start, end


# ------------------------------------------------------------------ table 2


def _t2_unit(header: str, column_word: str) -> str | None:
    idx = header.find(column_word)
    if idx < 0:
        return None
    tail = header[idx: idx + 30]
    if "万元" in tail:
        return "万元"
    if "元" in tail:
        return "元"
    return None


def read_t2(stream: list[Slot], r: Reading, stop: int, t3_layout: str | None) -> None:
    region = stream[:stop] if stop >= 0 else stream
    found: list[Anchor] = []
    for i, slot in enumerate(region):
        if _is_prose(slot) or (not slot.from_table and len(slot.cells) == 1 and len(slot.norms[0]) > 30):
            continue
        for ci, n in enumerate(slot.norms):
            if not _is_label(n):
                continue
            body = strip_numbering(n)
            key = next((k for k, rx in T2_PATTERNS if rx.search(body)), None)
            if key:
                found.append(Anchor(key, i, ci))
    # a label seen more than once (a sub-heading in the prose, then the table row): keep the one whose
    # row carries the most values; on a tie the one inside a table, then the first
    best: dict[str, tuple[tuple[int, int, int], Anchor, list[str]]] = {}
    for k, a in enumerate(found):
        seg = _segment(region, found, k, len(region) - 1)[0]
        score = (sum(1 for c in seg if c.strip() and is_value_text(c)), int(region[a.slot].from_table), -k)
        if a.key not in best or score > best[a.key][0]:
            best[a.key] = (score, a, seg)
    anchors = sorted((b[1] for b in best.values()), key=lambda a: (a.slot, a.cell))
    seen = set(best)
    core = [a for a in anchors if not a.key.startswith("ext:")]
    if len(core) < 2:
        _read_t2_blocks_without_rows(region, r, seen)
        return
    first = min(a.slot for a in anchors)
    header_cells = []
    for slot in region[max(0, first - 3):]:
        header_cells.extend(n for n in slot.norms if _is_label(n))
    header = "|".join(header_cells)
    s21 = sum(w in header for w in T2_SIGNALS_2021)
    s19 = sum(w in header for w in T2_SIGNALS_2019)
    if "other_services" in seen or "procurement" in seen:
        s19 += 1
    segs = {key: b[2] for key, b in best.items()}
    if s21 > s19:
        layout = "2021"
    elif s19 > s21:
        layout = "2019"
    else:
        lic = [c for c in segs.get("licensing", []) if c.strip()]
        layout = "2019" if len(lic) >= 3 else (t3_layout or "2021")
        r.warnings.append(f"t2: no header signature; layout taken as {layout}")
    r.layouts["t2"] = layout
    codes = registry.codes_for(layout, 2)
    r.codes.extend(codes)
    by_row: dict[str, list[str]] = {}
    for code in codes:
        by_row.setdefault(code.split(".")[1], []).append(code)
    for a in anchors:
        seg = segs[a.key]
        if a.key.startswith("ext:") or a.key not in by_row:
            slug = a.key.split(":")[-1]
            cols = [c.split(".")[-1] for c in by_row["rules"]] if a.key.startswith("ext:") else ["decisions"]
            f = fit(seg, len(cols))
            if f.cells is None:
                f = fit(seg, 1)
                cols = cols[-1:]
            label = stream[a.slot].cells[a.cell]
            if f.cells is None:
                r.warnings.append(f"t2: extra row {label!r} not read: {f.note}")
                continue
            for col, text in zip(cols, f.cells, strict=True):
                code = f"t2.ext.{slug}.{col}"
                r.put(code, text, "count")
                r.codes.append(code)
                r.ext_labels[code] = label.strip()
            r.warnings.append(f"t2: extra row {label.strip()!r} kept as t2.ext.{slug}.*")
            continue
        row_codes = by_row[a.key]
        f = fit(seg, len(row_codes), "first")
        if f.note:
            r.warnings.append(f"t2.{a.key}: {f.note}")
        if f.cells is None:
            continue
        for code, text in zip(row_codes, f.cells, strict=True):
            unit = None
            if code == "t2.fees.amount":
                unit = _t2_unit(header, "收费金额") or "万元"
            elif code == "t2.procurement.amount":
                unit = _t2_unit(header, "采购总金额")
            r.put(code, text, _kind(code), unit=unit,
                  extra_flags=("position_inferred",) if f.inferred else ())
    if all(r.values[c].value is None for c in codes if c in r.values):
        if _read_t2_columnwise(region, r, seen, layout):
            return
    missing = [row for row in by_row if row not in seen]
    if missing:
        r.warnings.append(f"t2: rows not found: {', '.join(missing)}")


# table 2 printed by text blocks (pdftotext without -layout): a column header, or two adjacent ones,
# then their values for the rows of one item, row by row ("本年新制作数量 本年新公开数量 0 0 1 1":
# 规章 0 0, 规范性文件 1 1; "本年制发件数 0 1": one column for both rows).  Header → column key.
_T2_BLOCK_HEADERS: list[tuple[str, str]] = [
    ("本年制发件数", "issued"), ("本年废止件数", "repealed"), ("现行有效件数", "in_force"),
    ("本年处理决定数量", "decisions"), ("处理决定数量", "decisions"), ("本年收费金额", "fee_amount"),
    ("本年新制作数量", "made"), ("本年新公开数量", "published"), ("对外公开总数量", "total_published"),
    ("上一年项目数量", "prev_count"), ("本年增/减", "change"), ("本年增减", "change"),
    ("采购项目数量", "count"), ("采购总金额", "amount"),
]
# per layout, in form order: the rows of an item and its columns (header key → code column)
_T2_BLOCK_GROUPS: dict[str, list[tuple[list[str], dict[str, str]]]] = {
    "2021": [
        (["rules", "normative"], {"issued": "issued", "repealed": "repealed", "in_force": "in_force"}),
        (["licensing"], {"decisions": "decisions"}),
        (["punishment", "coercion"], {"decisions": "decisions"}),
        (["fees"], {"fee_amount": "amount"}),
    ],
    "2019": [
        (["rules", "normative"], {"made": "made", "published": "published", "total_published": "total_published"}),
        (["licensing", "other_services"], {"prev_count": "prev_count", "change": "change", "decisions": "decisions"}),
        (["punishment", "coercion"], {"prev_count": "prev_count", "change": "change", "decisions": "decisions"}),
        (["fees"], {"prev_count": "prev_count", "change": "change"}),
        (["procurement"], {"count": "count", "amount": "amount"}),
    ],
}


def _read_t2_blocks_without_rows(region: list[Slot], r: Reading, seen: set[str]) -> None:
    """Table 2 whose row labels all ran into one line: the layout from the column headers, then blocks."""
    text = "|".join(n for slot in region if not _is_prose(slot) for n in slot.norms if n and len(n) <= 60)
    s21 = sum(w in text for w in T2_SIGNALS_2021)
    s19 = sum(w in text for w in T2_SIGNALS_2019)
    if s21 == s19 or max(s21, s19) < 2:
        return
    layout = "2021" if s21 > s19 else "2019"
    probe = Reading()
    if not _read_t2_columnwise(region, probe, seen, layout):
        return
    r.layouts["t2"] = layout
    r.codes.extend(registry.codes_for(layout, 2))
    r.values.update(probe.values)
    r.raw.update(probe.raw)
    r.warnings.extend(probe.warnings)


def _block_header(n: str) -> str | None:
    return next((col for h, col in _T2_BLOCK_HEADERS if n.startswith(h)), None)


def _read_t2_columnwise(region: list[Slot], r: Reading, seen: set[str], layout: str) -> bool:
    """Table 2 whose rows hold no values because the text runs by blocks of columns.

    After one or two column headers, the values must be exactly (headers × rows) of the first item
    whose rows are all printed, whose columns include those headers and whose cells are not filled
    yet; a signed value may only land in 本年增/减.  Then the values go row by row, flagged
    ``position_inferred``; otherwise nothing is placed and a warning says so.  Returns whether
    anything was placed.
    """
    tokens = [(n, c) for slot in region for n, c in zip(slot.norms, slot.cells, strict=True) if n]
    # row labels printed anywhere in the table's lines (the text front-end may have joined a column of
    # short labels into one line: "信息内容行政处罚行政强制信息内容行政事业性收费")
    table_text = "|".join(n for slot in region if not _is_prose(slot) for n in slot.norms if n and len(n) <= 60)
    seen = seen | {key for key, rx in T2_PATTERNS if re.search(rx.pattern.lstrip("^"), table_text)}
    filled: set[str] = set()
    placed: list[tuple[str, str, str]] = []  # (code, text, header)
    i = 0
    while i < len(tokens):
        cols: list[tuple[str, str]] = []  # (header key, header text)
        while i < len(tokens) and _block_header(tokens[i][0]) and len(cols) < 3:
            cols.append((_block_header(tokens[i][0]) or "", tokens[i][0]))
            i += 1
        if not cols:
            i += 1
            continue
        run: list[str] = []
        while i < len(tokens) and is_value_text(tokens[i][0]) and not _block_header(tokens[i][0]):
            run.append(tokens[i][1])
            i += 1
        if not run:
            continue
        keys = [k for k, _ in cols]
        group = None
        for rows, colmap in _T2_BLOCK_GROUPS[layout]:
            if (all(k in colmap for k in keys) and len(run) == len(keys) * len(rows) and all(x in seen for x in rows)
                    and not any(f"{x}.{colmap[k]}" in filled for x in rows for k in keys)):
                group = (rows, colmap)
                break
        cells = []
        if group:
            rows, colmap = group
            cells = [(f"{row}.{colmap[k]}", run[ri * len(keys) + ki], text)
                     for ri, row in enumerate(rows) for ki, (k, text) in enumerate(cols)]
            if any(re.match(r"^\s*[+\-增减]", t) and not code.endswith(".change") for code, t, _ in cells):
                cells = []  # a signed value outside 本年增/减: the block is not what it seems
        if not cells:
            r.warnings.append(f"t2: {len(run)} values after {'/'.join(h for _, h in cols)} match no row group; "
                              "not placed")
            continue
        for code, text, header in cells:
            filled.add(code)
            placed.append((f"t2.{code}", text, header))
    if not placed:
        return False
    for code, text, header in placed:
        unit = None
        if code == "t2.fees.amount":
            unit = _t2_unit(header, "收费金额") or "万元"
        elif code == "t2.procurement.amount":
            unit = _t2_unit(header, "采购总金额")
        r.put(code, text, _kind(code), unit=unit, extra_flags=("position_inferred",))
    r.warnings = [w for w in r.warnings if not (w.startswith("t2.") and "no cells after the label" in w)]
    r.warnings.append(f"t2: printed by blocks of columns; {len(placed)} values placed by their column headers "
                      "and the count of rows")
    return True


# ------------------------------------------------------------------ table 4

_T4_GROUP_ORDER = [(g, o) for g, _, _ in registry.T4_GROUPS for o, _, _ in registry.T4_OUTCOMES]


def _t4_header(n: str) -> bool:
    return any(w in n for w in ("行政复议", "行政诉讼", "复议后起诉", "直接起诉")) or n in T4_HEADER_WORDS or (
        all(ch in "结果维持纠正其他尚未审结总计合" for ch in n)
    )


def read_t4(stream: list[Slot], r: Reading, begin: int) -> None:
    start, from_heading = None, False
    for i in range(max(begin, 0), len(stream)):
        if any(n.startswith("行政复议") and len(n) <= 8 for n in stream[i].norms) and (
                stream[i].from_table or len(stream[i].cells) > 1
                or any("行政诉讼" in n for s in stream[i:i + 8] for n in s.norms)):
            start = i
            break
    if start is None:
        # the header cells broken into pieces ("行" / "政复议"): start after the section heading
        for i in range(max(begin, 0), len(stream)):
            n = stream[i].norms[0] if stream[i].norms else ""
            if len(stream[i].cells) == 1 and "行政复议" in n and "诉讼" in n and len(n) <= 40:
                start, from_heading = i + 1, True
                break
    if start is None:
        _read_t4_after_column_words(stream, r, begin)
        return
    # header rows give nothing (their empties are merged-cell placeholders); a row gives the
    # value cells after its last header cell, when it has any value at all
    values: list[str] = []
    interleaved = False  # header words again after values: a column-wise rendering (pdftotext without -layout)
    for j in range(start, min(len(stream), start + 60)):
        slot = stream[j]
        texts = [n for n in slot.norms if n and not is_value_text(n) and not _t4_header(n)]
        if any(len(t) > 12 for t in texts):
            break
        if values and any(n and not is_value_text(n) for n in slot.norms):
            interleaved = True
        h = max((ci for ci, n in enumerate(slot.norms) if n and not is_value_text(n)), default=-1)
        tail = [(c, n) for c, n in zip(slot.cells[h + 1:], slot.norms[h + 1:], strict=True)
                if not n or is_value_text(n)]
        if any(n for _, n in tail) or (values and h < 0 and tail and not slot.from_table):
            values.extend(c for c, _ in tail)  # (a lone blank line between values is an empty cell)
        if len(values) >= 15:
            break
    if from_heading and len([v for v in values if v.strip()]) < 15:
        return  # only the section heading: no table 4 here
    r.layouts["t4"] = "standard"
    codes = [f"t4.{g}.{o}" for g, o in _T4_GROUP_ORDER]
    r.codes.extend(codes)
    if not values:
        r.warnings.append("t4: header found but no values")
        return
    f = fit(values, 15)
    if f.note:
        r.warnings.append(f"t4: {f.note}")
    if f.cells is None:
        return
    inferred = f.inferred
    if interleaved:
        # the values came between header words: their order is the text flow's, not the table's
        if f.inferred or not _t4_identities_hold([parse_value(c).value for c in f.cells]):
            r.warnings.append("t4: values interleaved with the header words and the 总计 identities do not hold; "
                              "not placed")
            return
        inferred = True
        r.warnings.append("t4: values interleaved with the header words; placed in reading order "
                          "(the 总计 identities hold)")
    for code, text in zip(codes, f.cells, strict=True):
        r.put(code, text, "count", extra_flags=("position_inferred",) if inferred else ())


_T4_COLUMN_WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结")


def _t4_identities_hold(values: list[int | float | None]) -> bool:
    """Each group's 总计 is the sum of its four outcomes (format-spec §2.5)."""
    for g in range(3):
        group = values[g * 5:g * 5 + 5]
        if any(v is None for v in group) or sum(group[:4]) != group[4]:  # type: ignore[arg-type]
            return False
    return True


def _read_t4_after_column_words(stream: list[Slot], r: Reading, begin: int) -> None:
    """Table 4 whose 行政复议/行政诉讼 header cells were lost (antiword drops a nested header table).

    What is left is the column words (结果维持 … 总计, 未经复议直接起诉, 复议后起诉) and, after them, the
    values in reading order.  Blank cells cannot be told from header placeholders there, so the values
    are placed only when there are exactly 15 and the three 总计 identities hold; flagged
    ``position_inferred``.  Otherwise the table stays null with a warning.
    """
    start = None
    for i in range(max(begin, 0), len(stream)):
        words = sum(1 for n in stream[i].norms if n in _T4_COLUMN_WORDS)
        if words >= 3 and any(w in n for n in stream[i].norms for w in ("直接起诉", "复议后起诉", "总计")):
            start = i
            break
    if start is None:
        return
    values: list[str] = []
    stop = False
    for j in range(start, min(len(stream), start + 12)):
        for n, c in zip(stream[j].norms, stream[j].cells, strict=True):
            if not n or _t4_header(n):
                continue
            if is_value_text(n):
                values.append(c)
                continue
            stop = True
            break
        if stop:
            break
    codes = [f"t4.{g}.{o}" for g, o in _T4_GROUP_ORDER]
    r.layouts["t4"] = "standard"
    r.codes.extend(codes)
    parsed = [parse_value(v).value for v in values]
    if len(values) != 15 or not _t4_identities_hold(parsed):
        r.warnings.append(f"t4: header cells lost; {len(values)} values after the column words, not placed "
                          "(placed only when there are 15 and the 总计 identities hold)")
        return
    for code, text in zip(codes, values, strict=True):
        r.put(code, text, "count", extra_flags=("position_inferred",))
    r.warnings.append("t4: header cells lost; 15 values placed in reading order (the 总计 identities hold)")


# ------------------------------------------------------------------ entry point


def read_tables(doc: Document) -> Reading:
    r = Reading()
    stream = build_stream(doc)
    t3_start, t3_end = read_t3(stream, r)
    read_t2(stream, r, t3_start, r.layouts["t3"])
    read_t4(stream, r, t3_end + 1 if t3_end >= 0 else 0)
    if r.layouts["t2"] is None and r.layouts["t3"] is None:
        text = "|".join(n for s in stream for n in s.norms)
        r.pre2019 = sum(w in text for w in PRE2019_SIGNALS) >= 2
    return r
