"""Datasette plugin: CSV that Excel opens correctly, and Chinese beside every column name.

Excel on Chinese Windows reads a CSV without a byte-order mark as GBK and
garbles UTF-8.  Datasette has no option for a BOM, so this ASGI wrapper puts
one (EF BB BF) before the body of every ``.csv`` response (and fixes its
Content-Length when it has one).  Python's ``utf-8-sig`` and every
spreadsheet strip it; the columns and rows are unchanged.

Column headings of table and query pages get their Chinese name (from the
schema's column descriptions) under the English one, by a small script that
carries only the page's columns: the JSON and CSV keys stay the stable English.
"""

from __future__ import annotations

import json
from functools import lru_cache

from datasette import hookimpl

from archive import schema

BOM = b"\xef\xbb\xbf"


def _is_csv(scope) -> bool:
    return scope.get("type") == "http" and scope.get("path", "").endswith(".csv")


def add_bom(app):
    async def wrapped(scope, receive, send):
        if not _is_csv(scope):
            await app(scope, receive, send)
            return
        state = {"started": False, "sent_bom": False, "status": 200}

        async def send_with_bom(message):
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                headers = []
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-length" and message["status"] == 200:
                        value = str(int(value) + len(BOM)).encode()
                    headers.append((name, value))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and not state["sent_bom"] and state["status"] == 200:
                state["sent_bom"] = True
                message = {**message, "body": BOM + message.get("body", b"")}
            await send(message)

        await app(scope, receive, send_with_bom)

    return wrapped


@hookimpl
def asgi_wrapper():
    return add_bom


@lru_cache(maxsize=1)
def chinese_names() -> dict[str, str]:
    """Column name -> its Chinese name, from the schema (the first table that names it wins)."""
    out: dict[str, str] = {}
    for table in schema.TABLES:
        for column in table.columns:
            out.setdefault(column.name, _zh(column, table.name))
    out.update(
        {
            "rank": "相关度",
            "passage": "匹配段落",
            "new_requests": "新收申请",
            "per_report": "每份报告平均",
            "handled": "办理总计",
            "not_held": "本机关不掌握",
            "agencies_in_region": "同地区同层级机关数",
            "latest_report": "最新报告年度",
            "check_title": "核对说明",
            "requests": "申请数",
            "fail_pct": "未通过率%",
            "failing": "未通过",
            "expected": "应有",
            "in_force": "现行有效",
        }
    )
    return out


_SCRIPT = """(function(){var zh=%s;document.querySelectorAll("table.rows-and-columns thead th").forEach(function(th){
var c=th.getAttribute("data-column")||th.className.replace(/^col-/,"");var name=zh[c]||zh[th.textContent.trim()];
if(name){var s=document.createElement("div");s.className="zh";s.textContent=name;\
s.style.cssText="font-weight:normal;font-size:.8em";th.appendChild(s);}});})();"""


def _zh(column: schema.Column, table: str) -> str:
    return column.zh.split("（")[0] if table.startswith("report_t") else column.zh


@lru_cache(maxsize=64)
def table_names(table: str | None) -> dict[str, str]:
    """The table's own Chinese column names first, then any other table's."""
    own = next((t for t in schema.TABLES if t.name == table), None)
    return {**chinese_names(), **({c.name: _zh(c, own.name) for c in own.columns} if own else {})}


@hookimpl
def extra_body_script(columns, view_name, table):
    if view_name not in ("table", "query", "database") or not columns:
        return None
    names = table_names(table if view_name == "table" else None)
    wanted = {c: names[c] for c in columns if c in names}
    return _SCRIPT % json.dumps(wanted, ensure_ascii=False) if wanted else None
