"""British and American spellings mixed in one document ("defence" here, "defense" there).

Articles stitched from several sources, or spun by tools trained on one variety, mix the two.  The rule counts
the spellings of each variety (list: dictionaries/spelling_variants.tsv) and, only when both occur, reports the
minority ones with the majority spelling as replacement (report-only); with ``options.locale`` the target is that
locale and the findings are fixable.

Decisions, all to stay clear of clean text:
- -ize is correct British (Oxford) spelling, so "organize" is evidence of nothing by itself; it only counts, and
  is only reported, when the same document also writes -ise.  -ise on the other hand is never American.
- A capitalised word that does not start a sentence is a name ("Department of Defense", "World Health
  Organization", "Labor Party"): it is neither counted nor reported, whatever the variety around it.
- A word in code ("color=None", "cancelled()") or quoted as a word ("the British spelling ‘colour’") is skipped.
- Without a locale the majority must be clear, at least twice the minority; otherwise nothing is reported.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..plan import Finding
from ..text import Document, LazyPattern, apply_case
from ._common import in_prose
from ..scan import VARIANT, scan
from .base import Rule, RuleOptions

def _tsv() -> Path:
    from ..lexicon import default_directory  # the same data directory as the lexicon, installed or not
    return default_directory() / "spelling_variants.tsv"
# Characters after which a capital letter starts a sentence or a list item rather than a name.
_QUOTES = "'\"\u2018\u2019\u201c\u201d`"
_SENTENCE_START = LazyPattern(r"(?:^|[.!?:;\"\u201c\u2018(\[]|^\s*[-*\u2022\d.)]+)\s*$")


@lru_cache(maxsize=1)
def variants() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """british->american, american->british, and the british words whose difference is only -is-/-iz-."""
    gb: dict[str, str] = {}
    for line in _tsv().read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        b, a = line.split("\t")[:2]
        gb[b] = a
    us = {a: b for b, a in gb.items()}
    ise = frozenset(b for b, a in gb.items() if len(a) == len(b) and _only_is_iz(b, a))
    return gb, us, ise


@lru_cache(maxsize=1)
def _odd_list() -> bool:
    """True when a listed word could not be found in the scan's ASCII lower-case copy of the text."""
    gb, us, _ = variants()
    return any(not w.isascii() or "'" in w or "?" in w for w in (*gb, *us))


def _only_is_iz(b: str, a: str) -> bool:
    diffs = [i for i, (x, y) in enumerate(zip(b, a)) if x != y]
    return len(diffs) == 1 and b[diffs[0]] == "s" and a[diffs[0]] == "z" and b[diffs[0] - 1] == "i"


def _is_name(text: str, tok_start: int, word: str) -> bool:
    if not word[:1].isupper():
        return False
    if word.isupper():
        return True  # DEFENSE, an acronym or a shouted heading: not a spelling choice we can read
    line_start = text.rfind("\n", 0, tok_start) + 1
    return not _SENTENCE_START.search(text[max(line_start, tok_start - 40):tok_start])


def run(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    gb, us, ise = variants()
    text = doc.text
    hits: list[tuple[int, int, str, str, str]] = []  # start, end, original, variety, kind
    lows: dict[int, str] = {}  # start -> the listed (lower-case) form
    # The shared scan (see _scan) finds every token whose lower-cased form is a listed word in one automaton
    # pass over an ASCII copy of the text; should the list ever hold a word that copy cannot show (non-ASCII, an
    # apostrophe), a non-ASCII text takes the token walk.
    if not text.isascii() and _odd_list():
        spans = [(t.start, t.end, doc.folded[t.start:t.end]) for t in doc.tokens]
    else:
        spans = scan(doc)[VARIANT]
    for start, end, low in spans:
        if low in gb:
            variety, kind = "GB", "ise" if low in ise else "other"
        elif low in us:
            variety, kind = "US", "ise" if us[low] in ise else "other"
        else:
            continue
        word = text[start:end]
        if _is_name(text, start, word) or not in_prose(text, start, end):
            continue
        if 0 < start and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES:
            continue
        hits.append((start, end, word, variety, kind))
        lows[start] = low
    if not hits:
        return
    has_ise = any(v == "GB" and k == "ise" for *_, v, k in hits)
    # -ize counts as American only beside -ise in the same document (see the docstring).
    counted = [h for h in hits if not (h[3] == "US" and h[4] == "ise" and not has_ise)]
    n_gb = sum(1 for h in counted if h[3] == "GB")
    n_us = len(counted) - n_gb
    if not n_gb or not n_us:
        return
    locale = (options.locale or "").lower().replace("_", "-")
    if locale.startswith(("en-gb", "en-uk")):
        target, fixable = "GB", True
    elif locale.startswith("en-us"):
        target, fixable = "US", True
    elif max(n_gb, n_us) >= 2 * min(n_gb, n_us):
        target, fixable = ("GB" if n_gb > n_us else "US"), False
    else:
        return
    why = f"document mixes British ({n_gb}) and American ({n_us}) spellings"
    why += f"; locale {options.locale}" if options.locale else "; the majority is " + ("British" if target == "GB" else "American")
    for start, end, word, variety, kind in counted:
        if variety == target:
            continue
        low = lows[start]
        repl = apply_case(word, us[low] if variety == "US" else gb[low])
        yield Finding(start, end, word, repl, "spelling-variety", 0.85, f"{why}: {word!r} -> {repl!r}",
                      fixable=fixable)


RULE = Rule("spelling-variety", True, "report British and American spellings mixed in one document", run)
