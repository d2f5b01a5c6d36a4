"""Editing one field of a JSON Lines record while keeping every other byte of the line as it was.

Pipelines diff their records; re-serialising a record would reorder whitespace, escapes and number formats of
fields respell never touched.  So the raw line is scanned for the top-level key and only its value is replaced.
"""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]  # CPython's own, not in the stubs
from typing import Any

_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


def parse_record(body: str, text_field: str) -> tuple[dict[str, Any] | None, str | None]:
    """The record one line holds (its line break stripped) and None, or None and why it is not one; a blank
    line is (None, None)."""
    if not body.strip():
        return None, None
    try:
        rec = json.loads(body)
    except json.JSONDecodeError as e:
        return None, f"malformed JSON record ({e.msg})"
    except RecursionError:  # a record nested thousands deep: one bad record, not the end of the run
        return None, "malformed JSON record (nested too deeply)"
    if not isinstance(rec, dict) or not isinstance(rec.get(text_field), str):
        return None, f"record has no string field {text_field!r}"
    text = rec[text_field]
    if _has_surrogate(text):
        return None, f"field {text_field!r} holds a lone surrogate escape (such as \\ud800), which is not text"
    # json.loads keeps the last of two equal keys, but the raw line would be edited at the first: such a record
    # is ambiguous, so it is not edited.  (A cheap count of the quoted key comes first; most records have one.)
    if body.count(json.dumps(text_field)) > 1 and _duplicate_key(body, text_field):
        return None, f"field {text_field!r} appears twice in the record"
    return rec, None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _duplicate_key(body: str, key: str) -> bool:
    """Does the top-level object of ``body`` (valid JSON) name ``key`` twice (escaped spellings included)?"""
    top: list[list[str]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        top.append([k for k, _ in items])
        return dict(items)

    json.loads(body, object_pairs_hook=pairs)
    return top[-1].count(key) > 1  # the top-level object is closed (and hooked) last


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def field_span(raw: str, key: str) -> tuple[int, int] | None:
    """Character span of the value of top-level ``key`` in the JSON object text ``raw``."""
    i = _skip_ws(raw, 0)
    if i >= len(raw) or raw[i] != "{":
        return None
    i = _skip_ws(raw, i + 1)
    while i < len(raw) and raw[i] == '"':
        name, i = scanstring(raw, i + 1)
        i = _skip_ws(raw, i)
        if raw[i] != ":":
            return None
        i = _skip_ws(raw, i + 1)
        _value, end = _DECODER.raw_decode(raw, i)
        if name == key:
            return i, end
        i = _skip_ws(raw, end)
        if i < len(raw) and raw[i] == ",":
            i = _skip_ws(raw, i + 1)
    return None


def replace_field(raw: str, key: str, value: Any, add: bool = False, expect: Any = None) -> str:
    """The line with ``key``'s value replaced by ``value`` (or, with ``add``, appended when absent).  With
    ``expect``, a ValueError unless the value found there is ``expect`` (the value that was analysed)."""
    span = field_span(raw, key)
    if span is not None:
        old = raw[span[0]:span[1]]
        if expect is not None and json.loads(old) != expect:
            raise ValueError(f"field {key!r} appears twice in the record")
        new = json.dumps(value, ensure_ascii="\\u" in old)  # keep the record's escaping style
        return raw[:span[0]] + new + raw[span[1]:]
    if not add:
        raise ValueError(f"field {key!r} not found")
    body = raw.rstrip("\r\n")
    ending = raw[len(body):]
    close = body.rstrip().rfind("}")
    inner = body[:close].rstrip()
    sep = "" if inner.endswith("{") else ", "
    return inner + sep + json.dumps(key) + ": " + json.dumps(value, ensure_ascii=False) + body[close:] + ending
