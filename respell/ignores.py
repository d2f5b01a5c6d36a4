"""Inline and project-wide ignores: the user's last word on what respell may touch.

Users of codespell, typos and Vale ask above all for ignores that are precise and predictable, so the rules
here are few and stated exactly.

Inline markers (found as text anywhere on a line, so any comment syntax works: ``# respell: ignore``,
``// respell: ignore``, ``<!-- respell: off -->``, ``/* respell: on */``):

* ``respell: ignore``            -- the whole line containing it is ignored;
* ``respell: ignore-next-line``  -- the line after it is ignored (not the marker line itself);
* ``respell: off`` ... ``respell: on`` -- everything from the ``off`` line to the next ``on`` line, both lines
  included, is ignored; without a later ``on`` the rest of the text is. An ``on`` with no ``off`` before it
  does nothing, and a second ``off`` inside an ignored region changes nothing.

Markers are case-insensitive (``RESPELL: Ignore`` works); spaces or tabs after the colon are optional
(``respell:ignore``); the marker word must end there (``respell: ignored`` or ``respell: online`` are not
markers).

A line's span runs from its first character to just after its line break, so a zero-width finding at the very
start of the next line is not dropped.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Collection, Iterable, Sequence

import regex

from .text import LazyPattern

from respell.plan import Finding
from respell.rules._common import in_code

# Rules that rewrite words: never inside a URL, path, e-mail address, option or identifier, in any kind of file.
WORD_RULES = frozenset({"fingerprint", "spinner-swap", "thesaurus", "spelling-variety", "typography", "numeral"})

Span = tuple[int, int]

_MARKER = LazyPattern(r"respell:[ \t]*(ignore-next-line|ignore|off|on)(?![\w-])", regex.IGNORECASE)
_LINE_BREAK = LazyPattern(r"\r\n|\r|\n")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_WHITESPACE = LazyPattern(r"\s+")


def _line_bounds(text: str, pos: int) -> Span:
    """Start and end (after the line break) of the line containing offset ``pos``."""
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    m = _LINE_BREAK.search(text, pos)
    return start, (m.end() if m else len(text))


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def ignored_spans(text: str) -> list[Span]:
    """Sorted, merged ranges of ``text`` ignored by inline markers (see the module docstring)."""
    spans: list[Span] = []
    off_start: int | None = None
    for m in _MARKER.finditer(text):
        word = m.group(1).lower()
        line_start, line_end = _line_bounds(text, m.start())
        if off_start is not None:
            if word == "on":
                spans.append((off_start, line_end))
                off_start = None
            continue
        if word == "off":
            off_start = line_start
        elif word == "ignore":
            spans.append((line_start, line_end))
        elif word == "ignore-next-line" and line_end < len(text):
            spans.append(_line_bounds(text, line_end))
    if off_start is not None:
        spans.append((off_start, len(text)))
    return _merge(spans)


# ---------------------------------------------------------------- project ignore list


def _normalise_phrase(s: str) -> str:
    """Curly apostrophes made straight, whitespace runs made one space, ends trimmed."""
    return _WHITESPACE.sub(" ", s.translate(_APOSTROPHES)).strip()


@lru_cache(maxsize=64)
def _compile_ignore(entries: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(case-insensitive keys, exact keys) for an ignore list."""
    folded: set[str] = set()
    exact: set[str] = set()
    for entry in entries:
        norm = _normalise_phrase(entry)
        if not norm:
            continue
        if any(c.isupper() for c in norm):
            exact.add(norm)
        else:
            folded.add(norm.casefold())
    return frozenset(folded), frozenset(exact)


def phrase_ignored(text: str, ignore: Collection[str]) -> bool:
    """True when ``text`` (a finding's original text) matches an entry of the project ignore list.

    Case rule: an entry written all in lower case ignores the phrase in every case ("un safety council"
    ignores "UN Safety Council", "un safety council" and "UN SAFETY COUNCIL"); an entry with any capital
    letter ignores only that exact case ("UN Safety Council" does not ignore "un safety council"). This is
    codespell's ignore-words-list behaviour for lower-case entries and typos' exact-case behaviour otherwise.
    On both sides curly and straight apostrophes are equal and any run of whitespace (including a line break)
    equals one space; leading and trailing whitespace is ignored. The whole text must match, not a part of it.
    """
    if not ignore:
        return False
    folded, exact = _compile_ignore(tuple(ignore))
    norm = _normalise_phrase(text)
    return norm in exact or norm.casefold() in folded


# ---------------------------------------------------------------- filtering


def _overlaps(spans: Sequence[Span], starts: Sequence[int], start: int, end: int) -> bool:
    """Does ``[start, end)`` overlap a merged span? A zero-width range overlaps a span it lies inside."""
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and start < spans[i][1]:
        return True
    # a later span starting inside [start, end)
    j = i + 1
    return j < len(spans) and spans[j][0] < end


def _inside(spans: Sequence[Span], starts: Sequence[int], start: int, end: int) -> bool:
    """Does ``[start, end)`` lie fully inside one span?"""
    i = bisect.bisect_right(starts, start) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def filter_findings(
    findings: Iterable[Finding],
    text: str,
    ignore_list: Collection[str] = (),
    extra_spans: Iterable[Span] = (),
    prose: list[Span] | None = None,
) -> list[Finding]:
    """The findings the user wants to see, in their original order.

    A finding is dropped when it overlaps a range ignored by an inline marker in ``text`` or one of
    ``extra_spans`` (e.g. ranges a rule or the CLI wants protected), when a rule of ``WORD_RULES`` would rewrite
    words that begin or end in a URL, path, e-mail address, option or identifier, when its original text is on
    ``ignore_list`` (see ``phrase_ignored``), or, when ``prose`` is given (from ``markup.prose_spans``), when it
    does not lie fully inside one prose span.
    """
    return FindingFilter(text, ignore_list, extra_spans, prose)(findings)


class FindingFilter:
    """``filter_findings`` prepared for one text (its ignored ranges and prose spans sorted once), to be applied to
    its findings part by part: a long text's sections are filtered each by the process that found them.

    (speed) The inline markers are looked for when the first findings come, not before: a long text's filter is
    made before its sections are shared out, and the search of the whole text (6 ms on big.txt) was then work
    that no other process could share; most of a clean text's parts have no finding to filter."""

    def __init__(self, text: str, ignore_list: Collection[str] = (), extra_spans: Iterable[Span] = (),
                 prose: list[Span] | None = None) -> None:
        self.text, self.ignore_list, self.prose = text, ignore_list, prose
        self._extra = list(extra_spans)
        self._ignored: tuple[list[Span], list[int]] | None = None
        self.prose_sorted = _merge(prose) if prose is not None else []
        self.prose_starts = [s for s, _ in self.prose_sorted]

    def ignored(self) -> tuple[list[Span], list[int]]:
        """The merged ranges ignored by inline markers and the extra spans, and their starts."""
        if self._ignored is None:
            merged = _merge([*ignored_spans(self.text), *self._extra])
            self._ignored = merged, [s for s, _ in merged]
        return self._ignored

    def __call__(self, findings: Iterable[Finding]) -> list[Finding]:
        findings = list(findings)
        if not findings:
            return []
        text, ignore_list, prose = self.text, self.ignore_list, self.prose
        ignored, ignored_starts = self.ignored()
        kept: list[Finding] = []
        for f in findings:
            if ignored and _overlaps(ignored, ignored_starts, f.start, f.end):
                continue
            if f.rule in WORD_RULES and f.end > f.start and in_code(text, f.start, f.end):
                continue
            if prose is not None and not _inside(self.prose_sorted, self.prose_starts, f.start, f.end):
                continue
            if ignore_list and phrase_ignored(f.text, ignore_list):
                continue
            kept.append(f)
        return kept
