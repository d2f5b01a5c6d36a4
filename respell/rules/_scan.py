"""One C-speed pass over the text for the word rules (glued-word, split-word, spelling-variety).

Tokenising a whole document in Python costs far more than the rules themselves, and clean prose holds almost no
candidates.  So the rules never tokenise: the words that *could* produce a finding are known in advance,

* glued-word: ``a + b`` for every pair ``"a b"`` in wordsegment's bigram list with at least ``MIN_BIGRAM`` uses,
  both halves acceptable parts, and ``a + b`` not a word (``best_split`` can only ever return such a split);
* split-word: ``"p q"`` for every frequent word ``p + q`` (Zipf >= ``MIN_JOINED_ZIPF``) and every cut where one
  part is not a word (Zipf < ``NOT_A_WORD_ZIPF``): exactly the pairs the rule joins;
* spelling-variety: the words of the variants list,

and one Aho-Corasick automaton finds them all (overlapping, so no candidate hides another) in an ASCII,
lower-cased, same-length copy of the text.  Only the few hits are then checked against the real token boundaries
(``respell.text.WORD_RE``) and handed to the rules, which apply their remaining, per-occurrence tests.

The first two lists come from wordfreq and wordsegment, which take about a second to load; they are computed
once and cached as a small text file in the user cache directory (keyed by the data files they came from and by
the rule thresholds), so a text with no candidate never loads either library.  The scan of a document is kept
for the document's lifetime, so the three rules share it.
"""

from __future__ import annotations

import hashlib
import re
import importlib.util
import os
import tempfile
import weakref
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs
import regex

# Characters that join two runs of word characters into one token (respell.text.WORD_RE).
SEP = "'\u2019-"
_X = regex.compile(r"[\p{L}\p{M}\p{N}]")
# The one non-ASCII character whose lower case is ASCII: 'K' (Kelvin sign) lower-cases to 'k'.  (U+0130 lower-cases
# to "i" plus a combining dot, never to a pure-ASCII word.)
KELVIN = "\u212a"

FORMAT = 1
DFA_MIN = 50_000_000  # the DFA's build (~0.1 s) beats the contiguous NFA's slower scan only on huge texts


def is_x(c: str) -> bool:
    """True for a word character of ``WORD_RE`` (letter, mark or number)."""
    return c.isalnum() if c.isascii() else _X.match(c) is not None


def token_start(text: str, s: int) -> bool:
    """True when a token starts at ``s`` (``text[s]`` being a word character)."""
    if s == 0:
        return True
    c = text[s - 1]
    if is_x(c):
        return False
    return not (c in SEP and s >= 2 and is_x(text[s - 2]))


def token_end(text: str, e: int) -> bool:
    """True when a token ends at ``e`` (``text[e - 1]`` being a word character)."""
    if e >= len(text):
        return True
    c = text[e]
    if is_x(c):
        return False
    return not (c in SEP and e + 1 < len(text) and is_x(text[e + 1]))


def ascii_lower(text: str) -> bytes:
    """Same length as ``text``: lower-cased like ``str.lower`` wherever that gives ASCII, every other character '?'."""
    if not text.isascii() and KELVIN in text:
        text = text.replace(KELVIN, "k")
    return text.encode("ascii", "replace").lower()


_HAYS: "weakref.WeakKeyDictionary[object, tuple[str, bytes]]" = weakref.WeakKeyDictionary()


def ascii_lower_of(doc) -> bytes:
    """``ascii_lower(doc.text)``, computed once per document."""
    text = doc.text
    got = _HAYS.get(doc)
    if got is not None and got[0] is text:
        return got[1]
    hay = ascii_lower(text)
    _HAYS[doc] = (text, hay)
    return hay


# ------------------------------------------------------------------------------------------------ the cache

def _data_files() -> list[Path]:
    out = []
    for mod, names in (("wordfreq", ("__init__.py", "data/large_en.msgpack.gz", "data/small_en.msgpack.gz")),
                       ("wordsegment", ("__init__.py", "unigrams.txt", "bigrams.txt"))):
        spec = importlib.util.find_spec(mod)
        if spec is None or spec.origin is None:
            out.append(Path(f"/missing/{mod}"))
            continue
        base = Path(spec.origin).parent
        out.extend(base / n for n in names)
    return out


def _key() -> str:
    from . import glued

    parts = [f"format={FORMAT}", f"bigram={glued.MIN_BIGRAM}", f"part={glued.MIN_PART_ZIPF}",
             f"short={' '.join(sorted(glued.SHORT_PARTS))}", f"joined={glued.MIN_JOINED_ZIPF}",
             f"notword={glued.NOT_A_WORD_ZIPF}"]
    for p in _data_files():
        try:
            st = p.stat()
            parts.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{p}:missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("respell"))


def build_candidates() -> tuple[list[str], list[str], bool]:
    """(glued candidates, split pairs "p q", whether some split pair is not ASCII) from wordfreq/wordsegment."""
    from ._common import _zipf_table
    from . import glued

    z = _zipf_table()
    ws = glued._wordsegment()
    gl: set[str] = set()
    for k, v in ws.BIGRAMS.items():
        if v < glued.MIN_BIGRAM:
            continue
        a, sp, b = k.partition(" ")
        if not sp or " " in b or len(a) < 2 or len(b) < 2:
            continue
        w = a + b
        if not (5 <= len(w) <= 30 and w.isascii() and w.isalpha() and w.islower()) or w in z:
            continue
        if glued._part_ok(a) and glued._part_ok(b, right=True):
            gl.add(w)
    sp_pairs: set[str] = set()
    nonascii = False
    for j, zj in z.items():
        if zj < glued.MIN_JOINED_ZIPF or len(j) < 6:
            continue
        for i in range(2, len(j) - 1):
            p, q = j[:i], j[i:]
            if min(z.get(p, 0.0), z.get(q, 0.0)) >= glued.NOT_A_WORD_ZIPF:
                continue
            if not (p.isalpha() and q.isalpha() and p.islower() and q.islower()):
                continue
            if not j.isascii():
                nonascii = True
                continue
            sp_pairs.add(f"{p} {q}")
    return sorted(gl), sorted(sp_pairs), nonascii


@lru_cache(maxsize=1)
def candidates() -> tuple[frozenset[str], frozenset[str], bool]:
    """The cached candidate lists (see the module docstring), built on first use."""
    key = _key()
    path = None
    try:
        path = cache_dir() / f"word-candidates-{key}.txt"
        lines = path.read_text(encoding="utf-8").split("\n")
        if lines[0] == key and lines[-1] == "end":
            nonascii = lines[1] == "1"
            pats = lines[2:-1]
            return (frozenset(p for p in pats if " " not in p), frozenset(p for p in pats if " " in p), nonascii)
    except (OSError, IndexError, UnicodeDecodeError):
        pass
    gl, sp, nonascii = build_candidates()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".word-candidates-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write("\n".join([key, "1" if nonascii else "0", *gl, *sp, "end"]))
            os.replace(tmp, path)
        except OSError:
            pass
    return frozenset(gl), frozenset(sp), nonascii


# ---------------------------------------------------------------------------------------------- the scan

GLUED, SPLIT, VARIANT = 1, 2, 4


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[str], list[int]]:
    from .spelling_variety import variants

    gl, sp, _ = candidates()
    gb, us, _ = variants()
    kinds: dict[str, int] = {}
    for w in gl:
        kinds[w] = kinds.get(w, 0) | GLUED
    for w in sp:
        kinds[w] = kinds.get(w, 0) | SPLIT
    for w in (*gb, *us):
        if w.isascii() and w == w.lower() and "?" not in w:
            kinds[w] = kinds.get(w, 0) | VARIANT
    pats = sorted(kinds)
    return pats, [kinds[p] for p in pats]


@lru_cache(maxsize=2)
def _automaton(dfa: bool) -> ahocorasick_rs.BytesAhoCorasick:
    pats, _ = _patterns()
    impl = ahocorasick_rs.Implementation.DFA if dfa else ahocorasick_rs.Implementation.ContiguousNFA
    return ahocorasick_rs.BytesAhoCorasick([p.encode() for p in pats], implementation=impl)


_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
SMALL_TEXT = 100_000  # bytes: below this, candidates are found by dictionary lookups instead of the automaton
_LOOKED_UP = 0         # bytes looked up so far in this process
_WORD_BYTES = re.compile(rb"[a-z0-9]+")


@lru_cache(maxsize=1)
def _index() -> dict[str, int]:
    pats, _ = _patterns()
    return {p: i for i, p in enumerate(pats)}


def _lookup(hay: bytes) -> list[tuple[int, int, int]]:
    """(pattern index, start, end) of every one- or two-word pattern in ``hay``, in text order."""
    index = _index()
    out = []
    toks = [m.span() for m in _WORD_BYTES.finditer(hay)]
    for i, (s, e) in enumerate(toks):
        j = index.get(hay[s:e].decode())
        if j is not None:
            out.append((j, s, e))
        if i + 1 < len(toks):
            s2, e2 = toks[i + 1]
            if s2 == e + 1 and hay[e] == 32:  # exactly one space between the two words
                j = index.get(hay[s:e2].decode())
                if j is not None:
                    out.append((j, s, e2))
    return out
_SCANS: "weakref.WeakKeyDictionary[object, tuple[str, dict[int, list[tuple[int, int, str]]]]]" = \
    weakref.WeakKeyDictionary()


def scan(doc) -> dict[int, list[tuple[int, int, str]]]:
    """kind -> [(start, end, pattern)] for every candidate whose span is whole tokens, in text order.

    The span's text lower-cases (ASCII) to the pattern; the rules check case themselves.
    """
    text = doc.text
    got = _SCANS.get(doc)
    if got is not None and got[0] is text:
        return got[1]
    out: dict[int, list[tuple[int, int, str]]] = {GLUED: [], SPLIT: [], VARIANT: []}
    if text:
        hay = ascii_lower_of(doc)
        pats, kinds = _patterns()
        n = len(hay)
        alnum = _ALNUM
        # Every pattern is one or two words of [a-z0-9]: a short text is cheaper to look up word by word than
        # to build the automaton (~60 ms) for.
        global _LOOKED_UP
        small = n < SMALL_TEXT and _LOOKED_UP + n < SMALL_TEXT  # a run over many files builds the automaton once
        if small:
            _LOOKED_UP += n
        found = _lookup(hay) if small else sorted(
            _automaton(n >= DFA_MIN).find_matches_as_indexes(hay, overlapping=True), key=lambda m: (m[1], m[2]))
        for idx, s, e in found:
            # Cheap rejection on the ASCII copy first: a letter or digit right before or after is no boundary.
            if (s > 0 and hay[s - 1] in alnum) or (e < n and hay[e] in alnum):
                continue
            if not (token_start(text, s) and token_end(text, e)):
                continue
            p = pats[idx]
            k = kinds[idx]
            for kind in (GLUED, SPLIT, VARIANT):
                if k & kind:
                    out[kind].append((s, e, p))
    _SCANS[doc] = (text, out)
    return out
