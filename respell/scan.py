"""One C-speed pass over a document finds every word and phrase some matcher might want.

Tokenising a whole document in Python costs far more than the matchers themselves, and clean prose holds
almost no candidates.  So nothing tokenises: the strings that *could* produce a finding are known in advance,

* glued-word: ``a + b`` for every pair ``"a b"`` in wordsegment's bigram list with at least ``MIN_BIGRAM`` uses,
  both halves acceptable parts, and ``a + b`` not a word (``best_split`` can only ever return such a split);
* split-word: ``"p q"`` for every frequent word ``p + q`` (Zipf >= ``MIN_JOINED_ZIPF``) and every cut where one
  part is not a word (Zipf < ``NOT_A_WORD_ZIPF``): exactly the pairs the rule joins;
* spelling-variety: the words of the variants list;
* the fingerprint keys, when the engine passes them (``Phrases``),

and one Aho-Corasick automaton (daachorse's double array) finds them all, overlapping, so that no candidate
hides another, in an ASCII, lower-cased, same-length copy of the text.  Only the few hits are then checked
against the real token boundaries (``respell.text.WORD_RE``) and handed on.

The word lists come from wordfreq and wordsegment, which take about a second to load, and the automaton over
all 46,000 patterns takes ~60 ms to build; both are kept in the user cache (keyed by what they were built
from), so a run loads them in a few milliseconds and a text with no candidate never loads either library.
The scan of a document is kept for the document's lifetime, so the rules and the engine share it.
"""

from __future__ import annotations

import array
import bisect
import importlib.util
import mmap
import struct
import weakref
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Container, Iterable, Mapping

from .text import LazyPattern, ascii_cased

# Characters that join two runs of word characters into one token (respell.text.WORD_RE).
SEP = "'\u2019-"
_X = LazyPattern(r"[\p{L}\p{M}\p{N}]")  # (compiled on first use: most texts never ask)
# (``text.KELVIN``: the one non-ASCII character whose lower case is ASCII, 'k'.  U+0130 lower-cases to "i" plus a
# combining dot, never to a pure-ASCII word.)

FORMAT = 1


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


def ascii_lower(text: str, chunk: int = 1 << 20) -> bytes:
    """Same length as ``text``: lower-cased like ``str.lower`` wherever that gives ASCII, curly apostrophes made
    straight (as ``respell.text.normalise`` does), every other character '?' (``ascii_cased``, lower-cased)."""
    return ascii_cased(text, chunk).lower()


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
    """What the candidate lists are built from: the content of wordfreq's and wordsegment's data (not their
    paths or times: every installation shares one build) and the rules' thresholds."""
    from .cache import content_key, short_hash
    from .rules import glued

    parts = [f"format={FORMAT}", f"bigram={glued.MIN_BIGRAM}", f"part={glued.MIN_PART_ZIPF}",
             f"short={' '.join(sorted(glued.SHORT_PARTS))}", f"joined={glued.MIN_JOINED_ZIPF}",
             f"notword={glued.NOT_A_WORD_ZIPF}"]
    files = _data_files()
    return content_key("scan", files, parts, [p.name for p in files]) or \
        short_hash("\n".join(parts + ["missing"]))


def _bigram_counts() -> dict[str, float]:
    """wordsegment's bigram counts, read from its file as its ``Segmenter.parse`` does (a later line of a pair
    wins) but without loading its 330,000 unigrams too (a second and 90 MB of a first run); its loaded table
    when the file is not where wordsegment keeps it."""
    from .rules import glued
    path = next((p for p in _data_files() if p.name == "bigrams.txt"), None)
    if path is not None:
        try:
            return glued.read_counts(str(path), keep=True)  # (kept: a first run often loads wordsegment next)
        except (OSError, ValueError):
            pass
    return glued.bigram_counts()


def build_candidates() -> tuple[list[str], list[str], bool]:
    """(glued candidates, split pairs "p q", whether some split pair is not ASCII) from wordfreq/wordsegment."""
    from .rules._common import _zipf_table
    from .rules import glued

    z = _zipf_table()
    gl: set[str] = set()
    for k, v in _bigram_counts().items():
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


@lru_cache(maxsize=1)
def glued_words() -> Container[str]:
    """The glued-word candidates (``candidates()[0]``, about 20,000 words) as a memory-mapped trie in the user
    cache: the names walk asks whether a capitalised word may be two words glued together, and reading the two
    candidate lists into sets cost every run about 8 ms for that question alone."""
    import marisa_trie

    from .cache import cached_open

    def open_(paths: dict[str, Path]) -> marisa_trie.Trie:
        trie = marisa_trie.Trie()
        trie.mmap(str(paths[""]))
        return trie

    return cached_open("glued-words", _key(), ("",), lambda: marisa_trie.Trie(candidates()[0]),
                       lambda trie, paths: trie.save(str(paths[""])), open_)


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
    to combine otherwise, three times slower)."""
    return _scan_tables()


@lru_cache(maxsize=1)
def nonascii_split_pairs() -> bool:
    """Whether some word the split-word rule could join is not ASCII (then the ASCII scan cannot see it)."""
    from .cache import cached
    return cached("scan-nonascii", _tables_key(), lambda: candidates()[2])


@lru_cache(maxsize=1)
def _tables_key() -> str:
    """What the rules' word table is built from: wordfreq, wordsegment, the rule thresholds, the variants list
    (its content)."""
    from .cache import content_key, short_hash
    from .rules.spelling_variety import _tsv

    variants_key = content_key("variants", [_tsv()]) or "missing"
    return short_hash(f"{_key()}:{variants_key}")


@lru_cache(maxsize=1)
def _scan_tables() -> dict[str, int]:
    from .cache import cached
    return cached("scan-kinds", _tables_key(), _build_kinds)


def phrase_forms(keys: Iterable[str]) -> dict[str, list[str]]:
    """ASCII form -> the phrases that take it in the scan's ASCII copy."""
    forms: dict[str, list[str]] = {}
    for phrase in keys:
        forms.setdefault(ascii_lower(phrase).decode(), []).append(phrase)
    return forms


class Phrases:
    """Phrases to find besides the rules' words (the fingerprint keys), in the form they take in the ASCII copy.

    A phrase that holds a non-ASCII character has a '?' there in its ASCII form; such hits are checked against
    the text itself (``keys_at``).  ``key`` (set by the owner) names the phrase set in the user cache.
    """

    def __init__(self, keys: Iterable[str] = (), key: str | None = None,
                 forms: Mapping[str, list[str]] | None = None) -> None:
        # ASCII form -> the phrases with that form (``forms``: built before, by ``phrase_forms``)
        self.forms: Mapping[str, list[str]] = phrase_forms(keys) if forms is None else forms
        self.key = key
        self._scanner: Automaton | None = None
        self._sections: Automaton | None = None

    def keys_at(self, text: str, start: int, end: int, form: str) -> list[str]:
        """The phrases of ``form`` that the text really holds at start:end."""
        keys = self.forms.get(form, ())
        if "?" not in form:
            return list(keys)
        from .text import normalise
        found = normalise(text[start:end])
        return [k for k in keys if k == found]

    def automaton(self) -> "Automaton":
        """The rules' words and these phrases in one automaton (from the user cache when it has it)."""
        if self._scanner is None:
            def build() -> Automaton:
                kinds = _kinds()
                pats, bits = _rule_patterns()
                extra = [form for form in self.forms if form not in kinds]
                for form in self.forms:
                    if form in kinds:  # a phrase that is also a rule's word (rare): one pattern, both kinds
                        bits[bisect.bisect_left(pats, form)] |= PHRASE
                return Automaton(pats + extra, bits + [PHRASE] * len(extra))

            from .cache import short_hash
            key = None if self.key is None else short_hash(f"{_tables_key()}:{self.key}")
            self._scanner = _cached_automaton("scan-automaton", key, build)
        return self._scanner

    def sections_automaton(self) -> "Automaton":
        """These phrases alone, for the scan of one section (``phrase_places``): a process that analyses some of a
        long text's sections asks for no rule's word there.  (speed) The smaller automaton (1.6 MB against 3.7)
        stays in the processor's caches between the sections' other work: over big.txt's sections in one
        process, its searches took 88 ms where those of the whole automaton took 112 (88 and 88 alone)."""
        if self._sections is None:
            from .cache import short_hash

            def build() -> Automaton:
                forms = sorted(self.forms)
                return Automaton(forms, [PHRASE] * len(forms))

            key = None if self.key is None else short_hash(f"{self.key}:phrases")
            self._sections = _cached_automaton("scan-automaton-phrases", key, build)
        return self._sections


# every byte but a lower-case ASCII letter or digit made a space (``Automaton``), a megabyte of text at a time
ANCHORED_CHUNK = 1 << 20
_ANCHORED = bytes(b if b in b"abcdefghijklmnopqrstuvwxyz0123456789" else 32 for b in range(256))


class Automaton:
    """Patterns, their kind bits, and a double-array Aho-Corasick automaton over them (daachorse), which
    serialises to bytes: the user cache keeps it as one flat file, so a run loads it in a few milliseconds
    instead of building it (~60 ms for the 46,000 patterns).  The patterns are kept as one string and an offset
    table rather than 46,000 objects: --jobs workers read them without writing to (and so copying) the pages
    they share.

    (speed) Every caller keeps only the places where no letter or digit stands right before a pattern, so the
    automaton is built over each pattern's anchored form, a space and then the pattern with every character but a
    letter or digit made a space, and searched in a copy of the text made the same way (``_ANCHORED``): it then
    follows the text only from the start of each word, not from every character on (the docs corpus: 107 -> 75
    ms, the search being most of a clean text's scan).  Patterns that take one anchored form ("well-being", "well
    being") are one key of the automaton; a place found for a key is checked against the copy itself for each of
    its patterns, unless the key is one pattern of letters and digits only (then it holds exactly there)."""

    # byte sizes of the file's parts: automaton, patterns, bits, offsets, the patterns of each key (each key's
    # first one in ``_keys``, and where its list starts in ``_members``), the patterns of each key that has several
    _HEADER = struct.Struct("<6Q")
    FORMAT = 3  # (part of the automaton's cache key: a file of an earlier format is never read)

    def __init__(self, patterns: list[str] | str, bits: list[int] | bytes, serialized: bytes | None = None,
                 offsets: array.array | None = None, keys: array.array | None = None,
                 members: array.array | None = None, encoded: bytes | None = None) -> None:
        import daachorse

        if isinstance(patterns, list):
            offsets = array.array("l", [0])
            for p in patterns:
                offsets.append(offsets[-1] + len(p) + 1)
            patterns = "\n".join(patterns) + "\n"
        elif offsets is None:
            raise ValueError("patterns given as one string need their offsets")
        self._text, self._offsets, self.bits = patterns, offsets, bytes(bits)
        self._bytes = patterns.encode() if encoded is None else encoded  # (ASCII: the same offsets)
        if serialized is None or keys is None or members is None:
            forms: dict[bytes, list[int]] = {}
            for i, p in enumerate(self.patterns()):
                forms.setdefault(b" " + p.encode().translate(_ANCHORED), []).append(i)
            # a key's entry: its one pattern, when that holds wherever the key is found; else -1 - the place of
            # its patterns' list in ``members`` (its length first)
            keys, members = array.array("i"), array.array("i")
            for form, group in forms.items():
                if len(group) == 1 and form[1:] == self._bytes[offsets[group[0]]:offsets[group[0] + 1] - 1] \
                        and b" " not in form[1:]:
                    keys.append(group[0])
                else:
                    keys.append(-1 - len(members))
                    members.append(len(group))
                    members.extend(group)
            self._ac = daachorse.DoubleArrayAhoCorasick(list(forms))
        else:
            self._ac = daachorse.DoubleArrayAhoCorasick.deserialize(serialized)
        self._keys, self._members = keys, members

    def save(self, path: Path) -> None:
        parts = (self._ac.serialize(), self._text.encode(), self.bits, self._offsets.tobytes(), self._keys.tobytes(),
                 self._members.tobytes())
        with open(path, "wb") as fh:
            fh.write(self._HEADER.pack(*map(len, parts)))
            for part in parts:
                fh.write(part)

    @classmethod
    def open(cls, path: Path) -> "Automaton":
        """The automaton saved in ``path``; ValueError when the file is not one whole saved automaton."""
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            try:
                sizes = cls._HEADER.unpack_from(mm)
            except struct.error:
                raise ValueError(f"{path}: truncated") from None
            parts, pos = [], cls._HEADER.size
            for size in sizes:
                parts.append(mm[pos:pos + size])
                pos += size
            if pos != len(mm):
                raise ValueError(f"{path}: size does not match its header")
        serialized, text, bits, *tables = parts
        offsets, keys, members = array.array("l"), array.array("i"), array.array("i")
        for table, part in zip((offsets, keys, members), tables):
            table.frombytes(part)
        return cls(text.decode(), bits, serialized, offsets, keys, members, text)

    def pattern(self, index: int) -> str:
        return self._text[self._offsets[index]:self._offsets[index + 1] - 1]

    def patterns(self) -> list[str]:
        return self._text[:-1].split("\n") if self._text else []

    def find(self, hay: bytes) -> list[tuple[int, int, int]]:
        """(start, end, pattern index) of every occurrence with no letter or digit right before it (or at the very
        start of ``hay``), overlapping ones included, in text order."""
        keys, members, patterns, offsets = self._keys, self._members, self._bytes, self._offsets
        found: list[tuple[int, int, int]] = []
        # The anchored copy is made ANCHORED_CHUNK bytes at a time, each window reaching as far past its chunk as a
        # pattern can (a whole copy of a long text would add its size to the process's peak).  A place in a window
        # is one character early (its space stands for what precedes the pattern): with the window starting a
        # character before its chunk (or at the padding space), the place at w is the pattern starting at i + w.
        step = ANCHORED_CHUNK
        past = self.longest + 1 if len(hay) > step else 0
        for i in range(0, len(hay) or 1, step):
            window = hay[i - 1:i + step + past].translate(_ANCHORED) if i else b" " + hay[:step + past].translate(
                _ANCHORED)
            found += [(i + w, i + e - 1, k) for w, e, k in self._ac.find_overlapping(window) if w < step]
        out = [(s, e, keys[k]) for s, e, k in found if keys[k] >= 0]
        for s, e, k in found:
            at = keys[k]
            if at < 0:
                at = -1 - at
                out += [(s, e, i) for i in members[at + 1:at + 1 + members[at]]
                        if hay[s:e] == patterns[offsets[i]:offsets[i + 1] - 1]]
        out.sort()
        return out

    @cached_property
    def longest(self) -> int:
        """The length of the longest pattern: how far past a window a match that starts in it can reach."""
        return max(map(len, self.patterns()), default=0)  # (a C-level pass: 46,000 patterns in ~3 ms, not 26)


def _cached_automaton(name: str, key: str | None, build) -> Automaton:
    """The automaton ``build()`` makes, kept in the user cache as ``name``-``key``.bin."""
    from .cache import cached_open, short_hash
    if key is not None:
        key = short_hash(f"{key}:automaton={Automaton.FORMAT}")
    return cached_open(name, key, ("",), build, lambda a, paths: a.save(paths[""]),
                       lambda paths: Automaton.open(paths[""]), suffix=".bin")


def _rule_patterns() -> tuple[list[str], list[int]]:
    """The rules' words and their kind bits, in pattern order (fresh lists: callers extend them)."""
    kinds = _kinds()
    return list(kinds), list(kinds.values())


@lru_cache(maxsize=1)
def _rules_automaton() -> Automaton:
    """The rules' words alone (for a rule run without the engine's phrases)."""
    def build() -> Automaton:
        return Automaton(*_rule_patterns())
    return _cached_automaton("scan-automaton-rules", _tables_key(), build)


_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")


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
        automaton = phrases.automaton() if phrases is not None else _rules_automaton()
        hay = ascii_lower_of(doc)
        _sort_places(text, hay, 0, automaton.find(hay), automaton, out)
    _SCANS[doc] = (text, phrases, out)
    return out


def scanned(doc, phrases: Phrases) -> dict[int, list[tuple[int, int, str]]] | None:
    """``scan(doc, phrases)`` when this process has made it already, else None (nothing is scanned)."""
    got = _SCANS.get(doc)
    if got is not None and got[0] is doc.text and got[1] is phrases:
        return got[2]
    return None


def phrase_places(doc, phrases: Phrases, start: int, end: int, copy: bytes | None = None
                  ) -> list[tuple[int, int, str]]:
    """The places of ``scan(doc, phrases)[PHRASE]`` that start in ``doc.text[start:end]``, found by scanning only
    that part (and as far past it as the longest phrase reaches): the same places, at a section's cost, for a
    process that analyses some of a long document's sections and not the others.  ``copy``: the caller's
    ``ascii_lower`` of the text from ``max(0, start - 1)`` on, at least as far as ``reach(doc, phrases, end)``
    (the same characters, so not made twice)."""
    text = doc.text
    automaton = phrases.sections_automaton()
    lo, hi = max(0, start - 1), reach(doc, phrases, end)
    hay = ascii_lower(text[lo:hi]) if copy is None else copy[:hi - lo]
    found = [(s, e, i) for s, e, i in automaton.find(hay) if start <= s + lo < end]
    out: dict[int, list[tuple[int, int, str]]] = {PHRASE: []}
    _sort_places(text, hay, lo, found, automaton, out)
    return out[PHRASE]


def reach(doc, phrases: Phrases, end: int) -> int:
    """How far past ``end`` the text is read for the phrases that start before it (``phrase_places``)."""
    return min(len(doc.text), end + phrases.sections_automaton().longest + 1)


def _sort_places(text: str, hay: bytes, base: int, found: list[tuple[int, int, int]], automaton: Automaton,
                 out: dict[int, list[tuple[int, int, str]]]) -> None:
    """Add to ``out`` (kind -> places) the matches ``found`` in ``hay``, the ASCII copy of ``text[base:]``, that
    start a token (and, for the rules' kinds, end one), at offsets in ``text``; kinds not in ``out`` are not
    asked for.  (A window starts a character before its first place, so a kept match never starts at its very
    first character unless that is the text's.)"""
    n = len(text)
    alnum = _ALNUM
    kinds = automaton.bits
    rules = GLUED in out
    for s, e, idx in found:
        k = kinds[idx]
        if not (rules or k & PHRASE):
            continue  # (a rule's word where only the phrases are asked for: a section's own scan)
        # Cheap rejection on the ASCII copy first: a letter or digit right before or after is no boundary.
        if (s > 0 and hay[s - 1] in alnum) or (e + base < n and hay[e] in alnum):
            continue
        s += base
        e += base
        if not token_start(text, s):
            continue
        p = automaton.pattern(idx)
        if k & PHRASE:
            out[PHRASE].append((s, e, p))
        if rules and k & (GLUED | SPLIT | VARIANT) and token_end(text, e):
            for kind in (GLUED, SPLIT, VARIANT):
                if k & kind:
                    out[kind].append((s, e, p))
