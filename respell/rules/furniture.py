"""Page furniture that a scraper copied along with the article: share and print prompts, comment headers,
"RELATED:" lines, cookie notices, advertisement markers, repeated bylines.

Only whole lines are judged, and a line must match one of the patterns below from start to end (after trimming
whitespace and stray punctuation), so a sentence that merely mentions "comments" or "subscribe" is never
touched.  Findings cover the line and its line ending, so removing them leaves no blank line.  They are
report-only unless the user asked to strip furniture.
"""

from __future__ import annotations

from typing import Iterator

import re

import regex

from ..plan import Finding
from ..text import Document, LazyPattern
from ..scan import ascii_lower_of
from .base import Rule, RuleOptions

MAX_LINE = 160  # furniture is short; a longer line is prose whatever it says

_SOCIAL = r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|email|e-mail)"
# (first words, pattern, what it is).  Each pattern must match the whole trimmed line, case-insensitively; the
# first words are every word a line it matches can start with (None: any word, the line must mention cookies;
# "0": a number), so that a candidate line is tried only against the patterns its first word allows.
# Plain `re` (they need nothing more), compiled on first use: it compiles them twice as fast as `regex`.
_TABLE: list[tuple[str | None, str, str]] = [
    ("to please", r"(?:to (?:get|download) (?:the )?pdf version,? )?please click (?:on|here)\b.{0,80}",
     "print/PDF prompt"),
    ("click", r"click here to (?:subscribe|read more|download|print|share|sign up|register|continue|comment)\b.{0,60}",
     "click-here prompt"),
    ("print download", r"(?:print|download) (?:this )?(?:pdf|article|page|story)", "print prompt"),
    ("share", r"share (?:this|the) (?:article|story|post|page)(?: on \w+)?", "share prompt"),
    ("share tweet post", rf"(?:share|tweet|post) (?:this )?(?:on|via) {_SOCIAL}", "share prompt"),
    ("share facebook twitter x linkedin whatsapp telegram reddit pinterest email e",
     rf"(?:share on )?{_SOCIAL}(?: ?[|/,] ?{_SOCIAL})+", "share buttons"),
    ("follow", rf"follow us on {_SOCIAL}(?:(?:,| and| or) {_SOCIAL})*", "follow prompt"),
    ("latest recent top view show hide load 0",
     r"(?:latest|recent|top|view|show|hide|load more|\d+) comments?(?: \(\d+\))?", "comment header"),
    ("leave post add write", r"(?:leave|post|add|write) a (?:reply|comment)(?: cancel reply)?", "comment header"),
    ("comments", r"comments are closed(?: for this (?:article|story|post))?", "comment header"),
    ("you", r"you must be logged in to post a comment", "comment header"),
    ("related", r"(?:related|related (?:articles?|stories|posts|content|coverage|reading|news))\s*:.{0,120}",
     "related links"),
    ("also read more recommended you", r"(?:also read|read more|read also|more from \w+(?: \w+)?|recommended"
     r"(?: for you)?|you (?:may|might) also like)\s*:.{0,120}", "related links"),
    ("you recommended more trending", r"(?:you (?:may|might) also like|recommended (?:articles|stories|for you)|more "
     r"stories|trending now)", "related links"),
    (None, r".{0,80}\b(?:this|our) (?:web)?site uses cookies\b.{0,100}", "cookie notice"),
    (None, r".{0,40}\bwe use cookies\b.{0,120}", "cookie notice"),
    ("accept reject manage cookie",
     r"(?:accept|reject|manage) (?:all )?cookies|cookie (?:settings|policy|preferences)", "cookie notice"),
    ("advertisement sponsored paid", r"(?:advertisement|sponsored content|paid content)", "advertisement marker"),
    ("story article scroll", r"(?:story|article) continues below(?: this)? (?:advertisement|ad)|scroll to continue"
     r"(?: with content)?", "advertisement marker"),
    ("subscribe sign",
     r"(?:subscribe|sign up) (?:now|today|to (?:our|the) (?:newsletter|daily \w+|weekly \w+)).{0,60}",
     "subscribe prompt"),
    ("skip back jump", r"(?:skip to (?:main )?content|back to top|jump to comments)", "navigation"),
    ("previous next", r"(?:previous|next) (?:article|post|story)", "navigation"),
]
PATTERNS: list[tuple[LazyPattern, str]] = [(LazyPattern(p, re.I, re), why) for _first, p, why in _TABLE]
# first word -> the indices of the patterns a line starting with it may match, in order ("0": a number)
_PATTERNS_BY_WORD: dict[str, list[int]] = {}
for _i, (_first, _p, _why) in enumerate(_TABLE):
    for _word in (_first or "").split():
        _PATTERNS_BY_WORD.setdefault(_word, []).append(_i)
_ANY_WORD = [i for i, (first, _p, _why) in enumerate(_TABLE) if first is None]  # lines that mention cookies

# Every pattern above starts with one of these words (or with a number, or mentions cookies): a set lookup
# on the first word keeps the patterns away from almost every line.
FIRST_WORDS = frozenset("""to please click print download share tweet post follow latest recent top view show hide
load leave add write comments you related also read more recommended trending accept reject manage cookie
advertisement sponsored paid story article scroll subscribe sign skip back jump previous next by writer author
written reporting""".split())
_FIRST_RE = LazyPattern(r"[\p{L}]+|\d")
_SOCIAL_WORDS = frozenset("facebook twitter x linkedin whatsapp telegram reddit pinterest email e".split())

# A byline: "By Jane Doe", "Writer: Dr. Monika Chansoria".  Flagged only when it repeats an earlier line.
BYLINE_RE = LazyPattern(r"(?:(?:by|written by|reporting by)\s*:?\s+|(?:writer|author)\s*:\s*)"
                          r"(?:(?:dr|mr|mrs|ms|prof)\.?\s+)?\p{Lu}[\p{L}.'\-]*(?:\s+\p{Lu}[\p{L}.'\-]*){0,4}", regex.I)
_BYLINE_WORDS = frozenset("by written reporting writer author".split())  # what BYLINE_RE's lines start with
_TRIM = " \t\r\f\v\u00a0|-–—•*#>·»«"


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end including the line ending, line without its ending)."""
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl + 1
        yield pos, end, text[pos:end].rstrip("\r\n")
        pos = end


# Prefilter over the scan's ASCII lower-case copy of the text (non-ASCII characters are '?' there): a line can be
# furniture only if, after leading trim characters, its first word is one of FIRST_WORDS or a social network, or
# it starts with a number followed by " comment" (the only pattern that starts with a number), or it mentions
# cookies.  The candidates are then judged exactly as before.
_ASCII_TRIM = "".join(c for c in _TRIM if c.isascii())
# The trim is atomic, so that a long run of '?' (any non-ASCII line) is not split between it and the digits of
# "12 comments" in every way before failing (quadratic in the line's length: '?' * 80000 took seconds).  What the
# trim took is not given back, so the digits are optional (the superset is judged exactly afterwards).
# (speed) The lookahead names every character the alternation can start with (a word's first letter, or what
# "12 comments" starts with): most lines start with another, and fail there instead of trying each word (the docs
# corpus' 240,000 lines: 49 ms -> 34 ms).
_INITIALS = "".join(sorted({w[0] for w in FIRST_WORDS | _SOCIAL_WORDS} | set("0123456789? c")))


def _alternation(words: list[str]) -> str:
    """A pattern that matches what ``(?:w1|w2|...)`` matches, written as a trie: (speed) a line tries the words
    that start with its first letter, not each of the 59 in turn (the docs corpus' 100,000 lines that pass the
    lookahead: the prefilter 25 -> 19 ms).  Only whether a line matches is read, never which word."""
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1], []).append(w[1:])
    parts = []
    for head, rests in sorted(heads.items()):
        if len(rests) == 1:
            parts.append(re.escape(head + rests[0]))
        else:
            parts.append(re.escape(head) + "(?:" + _alternation(sorted((r for r in rests if r), key=lambda r: (
                -len(r), r))) + ")" + ("?" if "" in rests else ""))
    return "|".join(parts)


_HEAD = ("(?>[" + re.escape(_ASCII_TRIM) + "?]*)(?=[" + re.escape(_INITIALS) + "])(?:(?:" +
         _alternation(sorted(FIRST_WORDS | _SOCIAL_WORDS)) + ")(?![a-z])|[0-9?]* ?comment)")
_LINE_START_RE = LazyPattern(("\n" + _HEAD).encode(), 0, re)
_FIRST_LINE_RE = LazyPattern(_HEAD.encode(), 0, re)


def _candidate_lines(doc: Document) -> list[int]:
    text = doc.text
    """Start offsets of the lines that may be furniture, in order (a superset of what ``run`` reports)."""
    hay = ascii_lower_of(doc)
    starts = {m.start() + 1 for m in _LINE_START_RE.finditer(hay)}
    if _FIRST_LINE_RE.match(hay):
        starts.add(0)
    i = hay.find(b"cookie")
    while i != -1:
        ls = text.rfind("\n", 0, i) + 1
        starts.add(ls)
        nl = text.find("\n", i)
        if nl == -1:
            break
        i = hay.find(b"cookie", nl)
    return sorted(starts)


def run(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    seen_bylines: set[str] = set()
    text = doc.text
    n = len(text)
    for start in _candidate_lines(doc):
        if start >= n:
            continue
        nl = text.find("\n", start)
        end = n if nl == -1 else nl + 1
        line = text[start:end].rstrip("\r\n")
        core = line.strip(_TRIM)
        if not core or len(core) > MAX_LINE:
            continue
        first = _FIRST_RE.match(core)
        if first is None:
            continue
        fw = first.group().lower()
        if not (fw in FIRST_WORDS or fw in _SOCIAL_WORDS or fw.isdigit() or "cookie" in core.lower()):
            continue
        why = None
        bare = core.rstrip(":").rstrip()  # "Latest Comments:" is the header "Latest Comments"
        tried = _PATTERNS_BY_WORD.get("0" if fw.isdigit() else fw, [])
        if "cookie" in core.lower():
            tried = sorted({*tried, *_ANY_WORD})
        for i in tried:
            pat, what = PATTERNS[i]
            if pat.fullmatch(core) or pat.fullmatch(bare):
                why = what
                break
        if why is None and fw in _BYLINE_WORDS and BYLINE_RE.fullmatch(core):
            key = " ".join(core.lower().split())
            if key in seen_bylines:
                why = "repeated byline"
            seen_bylines.add(key)
        if why is None:
            continue
        yield Finding(start, end, text[start:end], "", "furniture", 0.9,
                      f"page furniture ({why}): {core!r}", fixable=options.strip_furniture)


RULE = Rule("furniture", True, "report (or with --strip-furniture remove) lines of page furniture", run)
