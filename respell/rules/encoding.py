"""Mojibake and broken HTML entities ("â€™" for "’", "CafÃ©" for "Café", "&amp;amp;" for "&").

Scraped text often went through a wrong decode or an extra HTML escape.  ftfy knows how to undo the first;
Python's html module the second.  We never hand ftfy the whole document: a regex finds the suspicious runs
(ftfy's own badness pattern, entity syntax), ftfy fixes only the whitespace-delimited chunk around each, and a
character diff turns the fix into findings with exact spans.  ftfy's cosmetic steps (uncurling quotes, width,
ligatures, normalisation, line breaks) are off: they would rewrite text that is already fine.
"""

from __future__ import annotations

import os

import re
from functools import lru_cache
from typing import Iterator

import regex

from ..plan import Finding
from ..text import Document, LazyPattern
from ._common import MAX_CHUNK, chunk_span, in_prose
from .base import Rule, RuleOptions


@lru_cache(maxsize=1)
def _ftfy():
    """ftfy and our config: imported only when its badness pattern finds something to fix (~30-50 ms)."""
    import ftfy

    # Only the steps that undo damage; everything that "tidies" good text stays off.
    config = ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False, fix_character_width=False,
        uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False, normalization=None, explain=False)
    return ftfy, config


@lru_cache(maxsize=1)
def _badness_re() -> re.Pattern[str]:
    """ftfy's BADNESS_RE, compiled from its pattern kept in the user cache: curly quotes next to a dash are a
    "suspect run" in most news text, and asking the pattern must not cost importing ftfy (it builds its
    character tables at import).  Keyed by ftfy's files, so an upgrade brings the new pattern."""
    import importlib.util
    import os

    from ..cache import cached

    spec = importlib.util.find_spec("ftfy")
    try:
        st = os.stat(os.path.join(os.path.dirname(spec.origin), "badness.py")) if spec and spec.origin else None
        key = f"{st.st_size}-{st.st_mtime_ns}" if st else "missing"
    except OSError:
        key = "missing"

    def build() -> tuple[str, int]:
        from ftfy.badness import BADNESS_RE
        return BADNESS_RE.pattern, BADNESS_RE.flags

    pattern, flags = cached("ftfy-badness", key, build)
    return re.compile(pattern, flags)


# An entity, possibly escaped again and again ("&amp;amp;quot;").
ENTITY_RE = LazyPattern(r"&(?:amp;)*(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
TAG_RE = LazyPattern(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# Entities that scraped prose carries by accident.  Any other entity ("&gt;", "&#62;") is reported, never applied:
# a text may write it on purpose.
PROSE_ENTITIES = frozenset("""amp quot apos nbsp rsquo lsquo rdquo ldquo ndash mdash hellip eacute egrave agrave
aacute ccedil uuml ouml auml iacute oacute ntilde copy reg trade deg pound euro middot bull laquo raquo""".split())
# A text that talks about entities or markup means every entity it writes.
_ABOUT_MARKUP = LazyPattern(r"\b(?:entit(?:y|ies)|character references?|(?:un)?escap\w*|html|xml|sgml)\b", regex.I)
_QUOTES = "'\"\u2018\u2019\u201c\u201d`("


def _unescape(s: str) -> str:
    import html  # (only for text with an entity in it)

    for _ in range(5):  # each pass removes one level of escaping
        t = html.unescape(s)
        if t == s:
            break
        s = t
    return s


def _entities(doc: Document) -> Iterator[Finding]:
    text = doc.text
    if "&" not in text:
        return
    matches = [m for m in ENTITY_RE.finditer(text)]
    if not matches:
        return
    # A document with real tags is markup, one that talks about escaping is about markup: entities are meant.
    about_markup = TAG_RE.search(text) is not None or _ABOUT_MARKUP.search(text) is not None
    for m in matches:
        s = m.group()
        fixed = _unescape(s)
        if fixed == s:
            continue  # "&foo;" is no entity
        name = s[1:-1].rsplit(";", 1)[-1].lower()
        escaped_twice = s.lower().startswith("&amp;") and len(s) > 5
        quoted = m.start() > 0 and text[m.start() - 1] in _QUOTES  # '&amp;' cited as a string
        # "&#8217;" decoding to typographic punctuation is scraping damage; "&#62;" decoding to ASCII may be meant.
        prose_numeric = name.startswith("#") and not fixed.isascii()
        deliberate = (about_markup or quoted or not (escaped_twice or name in PROSE_ENTITIES or prose_numeric)
                      or not fixed.isprintable() and fixed != "\xa0" or _in_code(text, m.start(), m.end()))
        yield Finding(m.start(), m.end(), s, fixed, "encoding", 0.95 if not deliberate else 0.5,
                      f"HTML entity {s!r} left in plain text", fixable=not deliberate)


def _in_code(text: str, start: int, end: int) -> bool:
    """The entity sits in a URL, a query string or code ("?test=1&amp;me=2"): meant, not damage.  The chunk
    around it is judged with the entity itself blanked out (its '#' and '&' are no sign of code)."""
    span = chunk_span(text, start, end, MAX_CHUNK)
    if span is None:
        return True  # in a run of thousands of non-space characters: no prose
    a, b = span
    chunk = text[a:start] + "x" + text[end:b]
    return not in_prose(chunk, start - a, start - a + 1)


def _chunk(text: str, start: int, end: int) -> tuple[int, int]:
    """Whitespace-delimited chunk around a suspicious run; mojibake ending in a space (a lost 0xA0 byte,
    "Ã " for "à") takes the next chunk with it."""
    # Unbounded: the caller goes on after the chunk, so each run is read once.
    a, b = chunk_span(text, start, end, nel_is_text=True)  # type: ignore[misc]  # (no limit: always a span)
    n = len(text)
    if b < n and b == end and text[b] in " \xa0" and b + 1 < n and not text[b + 1].isspace():
        b += 1
        while b < n and not text[b].isspace():
            b += 1
    return a, b


NON_ASCII_RE = LazyPattern(r"[^\x00-\x7f]+")
# Every alternative of ftfy's BADNESS_RE needs two adjacent non-ASCII characters, or one of these on its own
# (C1 controls, "Â"/"Ã" before a space, "Œ"/"œ" before a non-letter).  Clean prose rarely has either: runs whose
# window holds neither are skipped without asking BADNESS_RE.
# (Written so that the regex module can skip ASCII at full speed: a non-ASCII character, then more of them or a
# look back at that one character.)
_SUSPECT_RE = LazyPattern(r"[^\x00-\x7f](?:[^\x00-\x7f]+|(?<=[\x80-\x9f\u00c2\u00c3\u0152\u0153]))")


def _suspect_runs(text: str) -> Iterator[regex.Match[str]]:
    """The non-ASCII runs whose BADNESS_RE window (3 characters either side) touches a suspect span, in order."""
    last = -1  # start of the last run yielded
    for sus in _SUSPECT_RE.finditer(text):
        lo, hi = max(sus.start() - 4, 0), sus.end() + 4
        p = lo
        while p > 0 and not text[p - 1].isascii():
            p -= 1
        for run in NON_ASCII_RE.finditer(text, p):
            if run.start() >= hi:
                break
            if run.start() > last:
                last = run.start()
                yield run


def _fixed_point(ftfy, config, chunk: str) -> str:
    """ftfy's repair repeated until it changes nothing ("\x85\x85" is "…\x85" after one call): a second
    ``fix`` must find nothing left to repair."""
    fixed = ftfy.fix_text(chunk, config)
    for _ in range(4):
        again = ftfy.fix_text(fixed, config)
        if again == fixed:
            break
        fixed = again
    return fixed


def _mojibake(doc: Document) -> Iterator[Finding]:
    text = doc.text
    if text.isascii():
        return  # mojibake is made of non-ASCII characters; most clean text ends here
    done_until = -1
    # Prefilter: ftfy's badness pattern only around runs of non-ASCII characters near a suspect span, not over
    # the whole text.
    for run in _suspect_runs(text):
        if run.end() <= done_until:
            continue
        lo, hi = max(run.start() - 3, 0), run.end() + 3
        pos = max(lo, done_until)
        # Every chunk of the window: a run may hold several (U+0085 is white space to Python, so "\x85\x85" is
        # two chunks, and a second fix must not find the second one still there).
        while pos < hi:
            m = _badness_re().search(text, pos, hi)
            if m is None:
                break
            a, b = _chunk(text, m.start(), m.end())
            pos = max(b, m.end(), pos + 1)
            if a < done_until:
                continue
            done_until = b
            yield from _repair(text, a, b)


def _repair(text: str, a: int, b: int) -> Iterator[Finding]:
    """The findings that ftfy's repair of the chunk ``text[a:b]`` makes, one per changed stretch."""
    ftfy, config = _ftfy()
    chunk = text[a:b]
    fixed = _fixed_point(ftfy, config, chunk)
    if fixed == chunk:
        return
    import difflib
    # The common ends first: the matcher takes the longest common block wherever it is, and would read
    # "|\x80|€" -> "|€|€" as a deletion at the start and an insertion at the end instead of one repaired character.
    head = len(os.path.commonprefix([chunk, fixed]))
    tail = len(os.path.commonprefix([chunk[head:][::-1], fixed[head:][::-1]]))
    mid, mended = chunk[head:len(chunk) - tail], fixed[head:len(fixed) - tail]
    ops = difflib.SequenceMatcher(None, mid, mended, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        old, new = mid[i1:i2], mended[j1:j2]
        lossy = "\ufffd" in new  # ftfy could only mark the spot: show it, do not write it
        yield Finding(a + head + i1, a + head + i2, old, new, "encoding", 0.5 if lossy else 0.95,
                      f"mojibake: {old!r} is {new!r} decoded with the wrong encoding", fixable=not lossy)


def run(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    yield from _mojibake(doc)
    yield from _entities(doc)


RULE = Rule("encoding", True, "undo mojibake and broken HTML entities ('â€™' -> '’', '&amp;amp;' -> '&')", run)
