"""Reading the small inline scripts portals configure their lists with: the arguments of a call,
resolved when a template passes variables assigned earlier (``var countPage = 3; …
createPageHTML(countPage, currentPage, "index", "htm")``), and JS object literals (unquoted keys,
single quotes, or plain JSON) as Python data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import chompjs

_STRING = r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_CONVERSION = re.compile(r"(?:parseInt|parseFloat|Number|String)\s*\((.*)\)", re.S)
_MAX_DEPTH = 4  # var a = b; var b = c; … a template never chains deeper


@dataclass(frozen=True)
class Call:
    position: int
    arguments: list[str]  # as written in the source


def _split_arguments(text: str, start: int) -> tuple[list[str], int] | None:
    """The top-level comma-separated arguments from ``start`` (just after the opening
    parenthesis) to the matching closing one, and the index after it."""
    arguments, end = split_top_level(text, start, ",")
    if end >= len(text):
        return None  # never closed
    return ([] if arguments == [""] else arguments), end + 1


def calls(text: str, function: str) -> list[Call]:
    """Every call of ``function`` in the page (its definition ``function f(a, b)`` excluded)."""
    found = []
    for match in re.finditer(rf"(?<![\w$]){re.escape(function)}\s*\(", text):
        if re.search(r"function\s*$", text[max(0, match.start() - 20) : match.start()]):
            continue
        split = _split_arguments(text, match.end())
        if split is not None:
            found.append(Call(match.start(), split[0]))
    return found


def _unquoted(text: str, start: int) -> Iterator[tuple[int, str]]:
    """(index, character) of ``text`` from ``start``, skipping string literals ('…', "…", `…`)."""
    quote, i = "", start
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        else:
            yield i, char
        i += 1


def split_top_level(text: str, start: int, separator: str) -> tuple[list[str], int]:
    """The pieces of ``text`` from ``start`` separated by ``separator`` outside brackets and
    string literals, up to the bracket that closes an enclosing one (or the end of the text);
    and where that is."""
    depth, pieces, piece_start = 0, [], start
    for i, char in _unquoted(text, start):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                pieces.append(text[piece_start:i].strip())
                return pieces, i
            depth -= 1
        elif char == separator and depth == 0:
            pieces.append(text[piece_start:i].strip())
            piece_start = i + 1
    pieces.append(text[piece_start:].strip())
    return pieces, len(text)


def expression_end(text: str, start: int) -> int:
    """Where the expression that starts at ``start`` ends: a top-level ``;``, ``,``, line end or
    comment, or the bracket that closes an enclosing one."""
    depth = 0
    for i, char in _unquoted(text, start):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and (char in ";,\n" or text.startswith("//", i)):
            return i
    return len(text)


def matching_end(text: str, start: int) -> int:
    """Index after the bracket that closes the one at ``start`` (string literals skipped)."""
    opening = text[start]
    closing = {"{": "}", "(": ")", "[": "]"}[opening]
    depth = 0
    for i, char in _unquoted(text, start):
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _expression(text: str, start: int) -> str:
    """The expression that starts at ``start`` and ends at a top-level ``;``, ``,`` or line end."""
    return text[start : expression_end(text, start)].strip()


def _assignment(text: str, name: str, before: int) -> tuple[str, int] | None:
    """The right-hand side of the last ``name = …`` before ``before`` (else the first after it)."""
    matches = list(re.finditer(rf"(?<![\w$]){re.escape(name)}\s*=(?![=>])\s*", text))
    earlier = [m for m in matches if m.start() < before]
    chosen = earlier[-1] if earlier else (matches[0] if matches else None)
    if chosen is None:
        return None
    return _expression(text, chosen.end()), chosen.start()


def resolve(expression: str, text: str, before: int, depth: int = 0) -> str | None:
    """The value of one argument as a string: a literal, a variable assigned earlier in the
    page, or ``parseInt(…)`` of either; None when it cannot be known without running the script."""
    expression = expression.strip().rstrip(";").strip()
    if not expression or depth > _MAX_DEPTH:
        return None
    if re.fullmatch(_STRING, expression):
        return expression[1:-1]
    if _NUMBER.fullmatch(expression):
        return expression
    conversion = _CONVERSION.fullmatch(expression)
    if conversion:
        inner = resolve(_expression(conversion.group(1), 0), text, before, depth + 1)
        number = _NUMBER.match(inner.strip()) if inner is not None else None
        return number.group(0) if number and expression.startswith("parse") else inner
    if _IDENTIFIER.fullmatch(expression) and expression not in ("undefined", "null", "true", "false"):
        for name in (expression, expression.rsplit(".", 1)[-1]):  # window.countPage = … / countPage = …
            assigned = _assignment(text, name, before)
            if assigned is not None:
                return resolve(assigned[0], text, assigned[1], depth + 1)
    return None


def resolved_calls(text: str, function: str) -> list[list[str | None]]:
    """The arguments of every call of ``function``, each resolved (None: unknown)."""
    return [[resolve(argument, text, call.position) for argument in call.arguments] for call in calls(text, function)]


def object_after(text: str, marker: str) -> dict[str, Any] | None:
    """The JS object literal that follows ``marker`` (``window._CONFIG =``, ``.jpage(``), parsed
    whether it is written as JSON or as a JS literal; None when there is none or it is broken."""
    index = text.find(marker)
    if index < 0:
        return None
    start = text.find("{", index + len(marker))
    if start < 0 or text[index + len(marker) : start].strip() not in ("", "=", "("):
        return None
    value = literal_at(text, start)
    return value if isinstance(value, dict) else None


def literal_at(text: str, start: int) -> Any:
    """The JS object or array literal that starts at ``start``; None when it will not parse."""
    try:
        return chompjs.parse_js_object(text[start:])
    except (ValueError, IndexError, TypeError):
        return None
