"""Typography made consistent with the document's own majority style (off by default).

Scraped articles mix typographic conventions: curly and straight apostrophes and quotes from different
sources, spaced hyphens beside en dashes, doubled spaces, stray non-breaking spaces.  Neither style is wrong,
so this rule only ever moves the minority toward the majority of the same document, one finding per
occurrence.  Lines that look aligned or indented (code, tables) are left alone.
"""

from __future__ import annotations

from typing import Callable, Iterator, Mapping, Union

import regex

from ..plan import Finding
from ..text import Document, LazyPattern
from ._common import in_prose
from .base import Rule, RuleOptions

APOSTROPHE_RE = LazyPattern(r"(?<=\p{L})['\u2019](?=\p{L})")
DQUOTE_RE = LazyPattern(r"[\"\u201c\u201d]")
# A dash between words: spaced hyphen, spaced en dash, or em dash (spaced or not).
DASH_RE = LazyPattern(r"(?<=[\p{L}\p{N},.)\"\u201d]) (?:-|\u2013|\u2014) (?=[\p{L}\p{N}(\"\u201c])|(?<=\p{L})\u2014(?=\p{L})")
DOUBLE_SPACE_RE = LazyPattern(r"(?<=\S)  (?=\S)")
NBSP_RE = LazyPattern(r"(?<=\p{L})\u00a0(?=\p{L})")
_CODE_LINE = LazyPattern(r"^\s|\S   +\S|^[>$#]|\t")
_OPENS_AFTER = " \t\n([{\u2014\u2013-/"


def _code_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that are indented or column-aligned: code, tables, ASCII art."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line and _CODE_LINE.search(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _in(spans: list[tuple[int, int]], i: int) -> bool:
    import bisect

    k = bisect.bisect_right(spans, (i, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


Style = Union[str, Callable[[int, str], str]]  # the text a style writes, or how to write it at an offset


def _majority(items: list[tuple[int, str, str]], styles: Mapping[str, Style], why: str) -> Iterator[Finding]:
    """items: (offset, text, style).  Report each item of a minority style, converted by ``styles``."""
    counts: dict[str, int] = {}
    for _, _, st in items:
        counts[st] = counts.get(st, 0) + 1
    if len(counts) < 2:
        return
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    if n == ranked[1][1]:
        return  # a tie has no majority
    for off, s, st in items:
        if st != top:
            style = styles[top]
            repl = style(off, s) if callable(style) else style
            yield Finding(off, off + len(s), s, repl, "typography", 0.8,
                          f"{why}: the document mostly uses {top} ({n} of {len(items)})")


def run(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    text = doc.text
    code = _code_lines(text)

    def ok(m: regex.Match[str]) -> bool:
        return not _in(code, m.start()) and in_prose(text, max(m.start() - 1, 0), m.end())

    # Apostrophes inside words: ’ vs '.
    items = [(m.start(), m.group(), "curly" if m.group() == "\u2019" else "straight")
             for m in APOSTROPHE_RE.finditer(text) if ok(m)]
    yield from _majority(items, {"curly": "\u2019", "straight": "'"}, "apostrophe style")

    # Double quotes: “ ” vs ".  A straight quote opens after space or an opening bracket, else it closes.
    def curl(off: int, s: str) -> str:
        return "\u201c" if off == 0 or text[off - 1] in _OPENS_AFTER else "\u201d"

    if '"' in text:
        items = [(m.start(), m.group(), "straight" if m.group() == '"' else "curly")
                 for m in DQUOTE_RE.finditer(text) if ok(m)]
        yield from _majority(items, {"curly": curl, "straight": '"'}, "quotation mark style")

    # Dashes between words.
    def dash(style: str):
        def conv(off: int, s: str) -> str:
            return {"spaced hyphen": " - ", "spaced en dash": " \u2013 ", "spaced em dash": " \u2014 ",
                    "em dash": "\u2014"}[style]
        return conv

    names = {" - ": "spaced hyphen", " \u2013 ": "spaced en dash", " \u2014 ": "spaced em dash", "\u2014": "em dash"}
    items = [(m.start(), m.group(), names[m.group()]) for m in DASH_RE.finditer(text) if not _in(code, m.start())]
    yield from _majority(items, {v: dash(v) for v in names.values()}, "dash style")

    # Doubled spaces: after a sentence a matter of style (majority decides); inside a sentence always a slip.
    if "  " in text:
        after_stop = {"single": 0, "double": 0}
        for m in regex.finditer(r"(?<=[.!?][\"\u201d)]?)( +)(?=\p{Lu})", text):
            if not _in(code, m.start()) and len(m.group()) <= 2:
                after_stop["double" if len(m.group()) == 2 else "single"] += 1
        for m in DOUBLE_SPACE_RE.finditer(text):
            if _in(code, m.start()):
                continue
            sentence_gap = text[m.start() - 1] in ".!?\"\u201d)" and m.end() < len(text) and text[m.end()].isupper()
            if sentence_gap and after_stop["double"] >= after_stop["single"]:
                continue
            yield Finding(m.start(), m.end(), "  ", " ", "typography", 0.8,
                          "doubled space between sentences (the document mostly uses one)" if sentence_gap
                          else "doubled space inside a sentence")

    # Non-breaking spaces between two words (not "10\u00a0km", not after "Mr."): a pasted artefact.
    if "\u00a0" in text:
        for m in NBSP_RE.finditer(text):
            if not _in(code, m.start()):
                yield Finding(m.start(), m.end(), "\u00a0", " ", "typography", 0.8,
                              "non-breaking space between ordinary words")


RULE = Rule("typography", False, "make quotes, apostrophes, dashes and spacing consistent (off by default)", run)
