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

import bisect
import hashlib
import importlib.util
import re
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Iterable

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
    """Same length as ``text``: lower-cased like ``str.lower`` wherever that gives ASCII, curly apostrophes made
    straight (as ``respell.text.normalise`` does), every other character '?'."""
    if not text.isascii():
        if KELVIN in text:
            text = text.replace(KELVIN, "k")
        text = text.replace("\u2019", "'").replace("\u02bc", "'")
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
    from .rules import glued

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


def build_candidates() -> tuple[list[str], list[str], bool]:
    """(glued candidates, split pairs "p q", whether some split pair is not ASCII) from wordfreq/wordsegment."""
    from .rules._common import _zipf_table
    from .rules import glued

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
    """The candidate lists (see the module docstring), built on first use and kept in the user cache."""
    from .cache import cached

    gl, sp, nonascii = cached("word-candidates", _key(), build_candidates)
    return frozenset(gl), frozenset(sp), nonascii


# ---------------------------------------------------------------------------------------------- the scan

GLUED, SPLIT, VARIANT, PHRASE = 1, 2, 4, 8


def _build_kinds() -> dict[str, int]:
    from .rules.spelling_variety import variants

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
    return {p: kinds[p] for p in sorted(kinds)}


@lru_cache(maxsize=1)
def _kinds() -> dict[str, int]:
    """pattern -> kind bits, in pattern order; one pickle read after the first run (a text file and two word lists
    to combine otherwise, three times slower: it is paid by every pre-commit run)."""
    return _scan_tables()[0]


def nonascii_split_pairs() -> bool:
    """Whether some word the split-word rule could join is not ASCII (then the ASCII scan cannot see it)."""
    return _scan_tables()[1]


@lru_cache(maxsize=1)
def _scan_tables() -> tuple[dict[str, int], bool]:
    from .cache import cached
    from .rules.spelling_variety import _tsv

    try:
        st = _tsv().stat()
        variants_key = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        variants_key = "missing"
    key = hashlib.sha256(f"{_key()}:{variants_key}".encode()).hexdigest()[:32]
    return cached("scan-tables", key, lambda: (_build_kinds(), candidates()[2]))


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[str], list[int]]:
    kinds = _kinds()
    return list(kinds), list(kinds.values())


class Phrases:
    """Phrases to find besides the rules' words (the fingerprint keys), in the form they take in the ASCII copy.

    A phrase that holds a non-ASCII character has a '?' there in its ASCII form; such hits are checked against
    the text itself (``keys_at``).
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self.forms: dict[str, list[str]] = {}  # ASCII form -> the phrases with that form
        for key in keys:
            self.forms.setdefault(ascii_lower(key).decode(), []).append(key)
        self.first_words: frozenset[str] = frozenset()  # first word of every form that starts with a word
        self.edge_forms: list[str] = []  # forms that start or end with a non-word character ("{hardware}")
        firsts, runs = set(), 1
        for form in self.forms:
            words = _WORD_STR.findall(form)
            if not words or not (form[0].isalnum() and form[-1].isalnum()):
                self.edge_forms.append(form)
                continue
            firsts.add(words[0])
            runs = max(runs, len(words))
        self.first_words, self.max_words = frozenset(firsts), runs
        self._automata: dict[bool, ahocorasick_rs.BytesAhoCorasick] = {}
        self._tables: tuple[list[str], list[int]] | None = None

    def __getstate__(self) -> dict:  # what the user cache keeps: not the automata, which cannot be pickled
        return {k: v for k, v in vars(self).items() if k not in ("_automata", "_tables")}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state, _automata={}, _tables=None)

    def keys_at(self, text: str, start: int, end: int, form: str) -> list[str]:
        """The phrases of ``form`` that the text really holds at start:end."""
        keys = self.forms.get(form, ())
        if "?" not in form:
            return list(keys)
        from .text import normalise
        found = normalise(text[start:end])
        return [k for k in keys if k == found]

    def tables(self) -> tuple[list[str], list[int]]:
        """Patterns and kind bits of the combined automaton: the rules' words plus these phrases."""
        if self._tables is None:
            kinds = _kinds()
            pats, bits = list(kinds), list(kinds.values())  # in pattern order
            extra = [form for form in self.forms if form not in kinds]
            for form in self.forms:
                if form in kinds:  # a phrase that is also a rule's word (rare): one pattern, both kinds
                    bits[bisect.bisect_left(pats, form)] |= PHRASE
            self._tables = pats + extra, bits + [PHRASE] * len(extra)
        return self._tables

    def automaton(self, dfa: bool) -> ahocorasick_rs.BytesAhoCorasick:
        if dfa not in self._automata:
            self._automata[dfa] = _build_automaton(self.tables()[0], dfa)
        return self._automata[dfa]


def _build_automaton(patterns: list[str], dfa: bool) -> ahocorasick_rs.BytesAhoCorasick:
    impl = ahocorasick_rs.Implementation.DFA if dfa else ahocorasick_rs.Implementation.ContiguousNFA
    return ahocorasick_rs.BytesAhoCorasick([p.encode() for p in patterns], implementation=impl)


@lru_cache(maxsize=2)
def _automaton(dfa: bool) -> ahocorasick_rs.BytesAhoCorasick:
    return _build_automaton(_patterns()[0], dfa)


_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
SMALL_TEXT = 100_000  # bytes: below this, candidates are found by dictionary lookups instead of the automaton
_LOOKED_UP = 0         # bytes looked up so far in this process
_WORD_BYTES = re.compile(rb"[a-z0-9]+")
_WORD_STR = re.compile(r"[a-z0-9]+")


def _lookup(hay: bytes, phrases: Phrases | None) -> tuple[list[tuple[int, int, int]], list[str], list[int]]:
    """What the automaton would report for ``hay``, found by dictionary lookups: (i, start, end) for every pattern
    that starts and ends at word edges, with i indexing the two lists returned beside them (the patterns found
    and their kind bits).  Every rule pattern is one word or two words with one space between them."""
    kinds = _kinds()
    forms = phrases.forms if phrases is not None else {}
    firsts = phrases.first_words if phrases is not None else frozenset()
    width = phrases.max_words if phrases is not None else 0
    found: dict[tuple[int, int], list] = {}

    def add(s: int, e: int, pattern: str, kind: int) -> None:
        got = found.get((s, e))
        if got is None:
            found[(s, e)] = [pattern, kind]
        else:
            got[1] |= kind

    toks = [m.span() for m in _WORD_BYTES.finditer(hay)]
    n = len(toks)
    for i, (s, e) in enumerate(toks):
        w = hay[s:e].decode()
        k = kinds.get(w)
        if k is not None:
            add(s, e, w, k)
        if i + 1 < n and toks[i + 1][0] == e + 1 and hay[e] == 32:  # exactly one space between the two words
            w2 = hay[s:toks[i + 1][1]].decode()
            k = kinds.get(w2)
            if k is not None:
                add(s, toks[i + 1][1], w2, k)
        if w in firsts:
            for j in range(i, min(i + width, n)):
                form = hay[s:toks[j][1]].decode()
                if form in forms:
                    add(s, toks[j][1], form, PHRASE)
    if phrases is not None:
        for form in phrases.edge_forms:
            b = form.encode()
            at = hay.find(b)
            while at != -1:
                add(at, at + len(b), form, PHRASE)
                at = hay.find(b, at + 1)
    pats: list[str] = []
    bits: list[int] = []
    out = []
    for (s, e) in sorted(found):
        pattern, kind = found[(s, e)]
        out.append((len(pats), s, e))
        pats.append(pattern)
        bits.append(kind)
    return out, pats, bits


_SCANS: "weakref.WeakKeyDictionary[object, tuple[str, Phrases | None, dict[int, list[tuple[int, int, str]]]]]" = \
    weakref.WeakKeyDictionary()


def scan(doc, phrases: Phrases | None = None) -> dict[int, list[tuple[int, int, str]]]:
    """kind -> [(start, end, pattern)] for every candidate, in text order.

    The rules' kinds (GLUED, SPLIT, VARIANT) hold spans of whole tokens whose text lower-cases (ASCII) to the
    pattern; the rules check case themselves.  With ``phrases``, PHRASE holds every place one of their ASCII forms
    starts at a token start and ends at the end of a word (what follows is for the caller to judge).
    """
    text = doc.text
    got = _SCANS.get(doc)
    if got is not None and got[0] is text and (phrases is None or got[1] is phrases):
        return got[2]
    out: dict[int, list[tuple[int, int, str]]] = {GLUED: [], SPLIT: [], VARIANT: [], PHRASE: []}
    if text:
        hay = ascii_lower_of(doc)
        n = len(hay)
        alnum = _ALNUM
        # A short text is cheaper to look up word by word than to build the automaton (~30-60 ms) for.
        global _LOOKED_UP
        built = (phrases._automata if phrases is not None else _automaton.cache_info().currsize)
        # A run over many files builds the automaton once (after SMALL_TEXT bytes of lookups, or beforehand).
        small = not built and n < SMALL_TEXT and _LOOKED_UP + n < SMALL_TEXT
        if small:
            _LOOKED_UP += n
            found, pats, kinds = _lookup(hay, phrases)
        else:
            pats, kinds = phrases.tables() if phrases is not None else _patterns()
            automaton = phrases.automaton(n >= DFA_MIN) if phrases is not None else _automaton(n >= DFA_MIN)
            found = sorted(automaton.find_matches_as_indexes(hay, overlapping=True), key=lambda m: (m[1], m[2]))
        for idx, s, e in found:
            # Cheap rejection on the ASCII copy first: a letter or digit right before or after is no boundary.
            if (s > 0 and hay[s - 1] in alnum) or (e < n and hay[e] in alnum):
                continue
            if not token_start(text, s):
                continue
            p, k = pats[idx], kinds[idx]
            if k & PHRASE:
                out[PHRASE].append((s, e, p))
            if k & (GLUED | SPLIT | VARIANT) and token_end(text, e):
                for kind in (GLUED, SPLIT, VARIANT):
                    if k & kind:
                        out[kind].append((s, e, p))
    _SCANS[doc] = (text, phrases, out)
    return out
