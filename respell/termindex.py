"""The large tables (gazetteer and thesaurus) as memory-mapped tries, so a spun document does not load them.

The gazetteer holds about 320,000 terms and the thesaurus about a million links.  As Python dicts they took
3.5 s to unpickle and 500 MB of memory on every run that met a spun document.  Here they are three
``marisa_trie.BytesTrie`` files in the user cache, built once from the dictionaries and opened with ``mmap``: a
run reads only the pages it touches, and ``--jobs`` workers share them through the page cache.  The first two
(``TERM_PARTS``) are one cache entry and the third (``THESAURUS_PARTS``) another, built from different files: the
first run after install builds them in two helper processes side by side.

* ``terms``: "word word ..." -> weight, sources and written form of every gazetteer term;
* ``nexts``: "prefix<US>word" for every word that can follow a proper prefix of a term of 2 to 8 words, flagged
  COMPLETE (prefix + word is a term; COLLOCATION too when that term is only a frequent word pair) and/or
  CONTINUES (prefix + word starts a longer one), and "word<US>" for every first word: the synonym-class
  matcher walks the terms with it, one lookup per step whatever the number of terms;
* ``synonyms``: text word -> the canonical words it may stand for (thesaurus links), in the tables' order.

Lookups are memoised per index, so each distinct word or prefix is decoded once per run.

The always-needed tables (fingerprints, spinner swaps, the scan's phrase forms) are smaller but read on every
run; a ``RowTrie`` keeps each of them the same way, one marshalled row per key, so a run opens them in a
fraction of a millisecond instead of unpickling thousands of rows it never looks at.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, cast

import marisa_trie

COMPLETE, CONTINUES, COLLOCATION = 1, 2, 4
SEP = "\x1f"  # between a prefix and the next word in the nexts trie (never inside a word)
_UNSEEN = object()
COLLOCATION_SOURCES = frozenset({"bigrams"})  # a term known only from these is a frequent word pair, not a name
MAX_TERM_WORDS = 8
PARTS = ("terms", "nexts", "synonyms")
TERM_PARTS, THESAURUS_PARTS = PARTS[:2], PARTS[2:]  # the parts of the two cache entries

TermData = tuple[str, float, frozenset[str]]  # written form, weight, sources


def _unpack_term(raw: bytes) -> TermData:
    weight, sources, form = raw.decode().split("\t", 2)
    return form, float(weight), frozenset(sources.split(",")) if sources else frozenset()


def gazetteer_terms(rows: Iterable[tuple[str, float, str]]) -> dict[str, tuple[str, float, str]]:
    """"word word ..." -> (written form, weight, sources joined by ",", sorted) from gazetteer rows (term, weight,
    source), in order: a term listed twice keeps the form with capitals (or the later all-lower-case one), the
    highest weight and every source.  Streams the rows and makes two objects per term: the 330,000 rows of the
    shipped dictionaries take about a second (tuples of words and frozensets took four times that)."""
    from .lexicon import phrase_key

    out: dict[str, tuple[str, float, str]] = {}
    weights: dict[float, float] = {}  # one object per distinct weight (most terms share a handful)
    for term, weight, source in rows:
        weight = weights.setdefault(weight, weight)
        # the plain case (ASCII letters and digits between single spaces) without the tokeniser: the same words
        if term.isascii() and term.replace(" ", "").isalnum() and "  " not in term and term[:1] != " " != term[-1:]:
            key = term.lower()
            if key == term:
                key = term  # one string for the key and the form
        else:
            key = " ".join(phrase_key(term))
            if not key:
                continue
        prev = out.get(key)
        if prev is None:
            out[key] = (term, weight, source)
        else:
            form = prev[0] if (prev[0] != prev[0].lower() or term == term.lower()) else term
            sources = prev[2] if source in prev[2].split(",") else ",".join(sorted(prev[2].split(",") + [source]))
            out[key] = (form, max(prev[1], weight), sources)
    return out


def build_tries(gazetteer: Mapping[tuple[str, ...], TermData],
                synonyms: Mapping[str, list[tuple]]) -> dict[str, marisa_trie.BytesTrie]:
    """The three tries, from word-tuple -> term data and word -> link rows (canonical, source, weight, origin)."""
    return build_term_tries({" ".join(k): (form, weight, ",".join(sorted(sources)))
                             for k, (form, weight, sources) in gazetteer.items()}, synonyms)


def build_term_tries(terms: dict[str, tuple[str, float, str]],
                     synonyms: Mapping[str, list[tuple]] | None) -> dict[str, marisa_trie.BytesTrie]:
    """The three tries, from ``gazetteer_terms``' table (emptied on the way: each table is dropped as soon as
    its trie is built, which keeps the first run's peak memory down) and word -> link rows (canonical, source,
    weight, origin); the first two alone (``TERM_PARTS``) when ``synonyms`` is None."""
    # one trie level instead of marisa's default three: built in 0.3 s instead of 0.6 (on the first run's critical
    # path), looked up no slower (1.2 us against 1.9), at 12.8 MB on disk instead of 6.8
    tries = {"terms": marisa_trie.BytesTrie(((k, f"{weight!r}\t{sources}\t{form}".encode())
                                             for k, (form, weight, sources) in terms.items()), num_tries=1)}
    flags: dict[str, int] = {}
    firsts: set[str] = set()
    lasts: dict[str, int] = {}  # sources -> flags of a term's last step (a few dozen distinct source lists)
    for key, (_form, _weight, sources) in terms.items():
        n = key.count(" ") + 1
        if not 2 <= n <= MAX_TERM_WORDS:
            continue
        last = lasts.get(sources)
        if last is None:
            last = lasts[sources] = COMPLETE | (
                COLLOCATION if all(s in COLLOCATION_SOURCES for s in sources.split(",") if s) else 0)
        if n == 2:  # three terms in four (the bigrams): one step, no prefix to grow
            first, _, second = key.partition(" ")
            firsts.add(first)
            step = f"{first}{SEP}{second}"
            flags[step] = flags.get(step, 0) | last
            continue
        words = key.split(" ")
        firsts.add(words[0])
        prefix = words[0]
        for i in range(1, n):
            step = f"{prefix}{SEP}{words[i]}"
            flags[step] = flags.get(step, 0) | (last if i + 1 == n else CONTINUES)
            prefix = f"{prefix} {words[i]}"
    terms.clear()
    byte = [bytes([f]) for f in range(8)]  # (speed) the flags' one-byte values made once, not once per row
    rows = [(k, byte[f]) for k, f in flags.items()] + [(f"{p}{SEP}", b"") for p in firsts if SEP not in p]
    del flags, firsts
    tries["nexts"] = marisa_trie.BytesTrie(rows)
    del rows
    if synonyms is not None:
        tries.update(build_synonym_tries(synonyms))
    return tries


def build_synonym_tries(synonyms: Mapping[str, list[tuple]]) -> dict[str, marisa_trie.BytesTrie]:
    """The ``synonyms`` trie (``THESAURUS_PARTS``), from word -> link rows (canonical, source, weight, origin)."""
    return {"synonyms": marisa_trie.BytesTrie((word, i.to_bytes(3, "big") + "\t".join(map(str, link)).encode())
                                              for word, links in synonyms.items() for i, link in enumerate(links))}


def infix_rows(keys: Iterable[str]) -> dict[str, object]:
    """Every run of two or more words inside a longer term ("safety council" in "national safety council"), from
    the terms' keys ("word word ..."): the rows of ``Lexicon._infixes``."""
    rows: dict[str, object] = {}
    for key in keys:
        if key.count(" ") < 2:
            continue
        words = key.split(" ")
        for i in range(len(words)):
            for j in range(i + 2, len(words) + 1):
                if (i, j) != (0, len(words)):
                    rows[" ".join(words[i:j])] = 1
    return rows


def open_tries(paths: Mapping[str, Path]) -> dict[str, marisa_trie.BytesTrie]:
    tries = {}
    for part in paths:
        trie = marisa_trie.BytesTrie()
        trie.mmap(str(paths[part]))
        tries[part] = trie
    return tries


class TermIndex:
    """Lookups over the three tries (see the module docstring)."""

    def __init__(self, tries: Mapping[str, marisa_trie.BytesTrie], make_link: Callable[[tuple], object]) -> None:
        self._terms, self._nexts, self._synonyms = tries["terms"], tries["nexts"], tries["synonyms"]
        self._make_link = make_link
        self._term_memo: dict[str, TermData | None] = {}
        self.next_memo: dict[str, int | None] = {}  # "prefix<US>word" -> flags (read directly by the term walk)
        self._link_memo: dict[str, list] = {}
        self._starts_memo: dict[str, bool] = {}

    def term(self, phrase: str) -> TermData | None:
        """The data of the term "word word ...", or None."""
        try:
            return self._term_memo[phrase]
        except KeyError:
            raw = self._terms.get(phrase)
            data = self._term_memo[phrase] = _unpack_term(raw[0]) if raw else None
            return data

    def step(self, prefix: str, word: str) -> int | None:
        """COMPLETE/CONTINUES/COLLOCATION flags of ``prefix`` + ``word`` (prefix: one or more words), or None when
        no term goes on that way."""
        key = f"{prefix}{SEP}{word}"
        flags = self.next_memo.get(key, _UNSEEN)
        if flags is _UNSEEN:
            raw = self._nexts.get(key)
            flags = self.next_memo[key] = raw[0][0] if raw else None
        return cast("int | None", flags)

    def continues_with_any(self, prefix: str, words: Iterable[str]) -> bool:
        """Whether ``prefix`` goes on with one of ``words`` in some term (asked before every branch is pushed)."""
        return any(self.step(prefix, word) is not None for word in words)

    def starts_term(self, word: str) -> bool:
        """True when some term of two or more words starts with ``word``."""
        got = self._starts_memo.get(word)
        if got is None:
            got = self._starts_memo[word] = f"{word}{SEP}" in self._nexts
        return got

    def links(self, word: str) -> list:
        got = self._link_memo.get(word)
        if got is None:
            rows = sorted(self._synonyms.get(word) or ())
            got = self._link_memo[word] = [self._make_link(_link_row(r[3:])) for r in rows]
        return got

    # whole-table views, for harnesses and tests
    def term_keys(self) -> Iterator[str]:
        return iter(self._terms.iterkeys())

    def term_count(self) -> int:
        return len(self._terms)

    def synonym_words(self) -> Iterator[str]:
        return iter(dict.fromkeys(self._synonyms.iterkeys()))


def _link_row(raw: bytes) -> tuple:
    canonical, source, weight, origin = raw.decode().split("\t")
    return canonical, source, float(weight), origin


class Gazetteer(Mapping[tuple[str, ...], TermData]):
    """word tuple -> (form, weight, sources), read from the index on demand."""

    def __init__(self, index: TermIndex) -> None:
        self._index = index

    def __getitem__(self, key: tuple[str, ...]) -> TermData:
        data = self._index.term(" ".join(key))
        if data is None:
            raise KeyError(key)
        return data

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and self._index.term(" ".join(key)) is not None

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return (tuple(k.split(" ")) for k in self._index.term_keys())

    def __len__(self) -> int:
        return self._index.term_count()


class Synonyms(Mapping[str, list]):
    """text word -> the thesaurus links it may stand for, read from the index on demand."""

    def __init__(self, index: TermIndex) -> None:
        self._index = index

    def __getitem__(self, word: str) -> list:
        links = self._index.links(word)
        if not links:
            raise KeyError(word)
        return links

    def get(self, word: str, default=None):  # the hot path: no exception for the many words without links
        return self._index.links(word) or default

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self._index.links(word))

    def __iter__(self) -> Iterator[str]:
        return self._index.synonym_words()

    def __len__(self) -> int:
        return sum(1 for _ in self._index.synonym_words())


def save_tries(tries: Mapping[str, marisa_trie.BytesTrie], paths: Mapping[str, Path]) -> None:
    for part in paths:
        tries[part].save(str(paths[part]))


class RowTrie(Mapping[str, object]):
    """A read-only str -> row mapping in a memory-mapped trie file (rows of str, float, tuple and list, kept
    with ``marshal``): opening it reads nothing, and each lookup decodes one row."""

    __slots__ = ("_trie",)

    def __init__(self, path: Path) -> None:
        self._trie = marisa_trie.BytesTrie()
        self._trie.mmap(str(path))

    @staticmethod
    def save(rows: Mapping[str, Any], path: Path) -> None:
        marisa_trie.BytesTrie((key, marshal.dumps(row)) for key, row in rows.items()).save(str(path))

    def __getitem__(self, key: str) -> object:
        raw = self._trie.get(key) if isinstance(key, str) else None
        if not raw:
            raise KeyError(key)
        return marshal.loads(raw[0])

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.iterkeys())

    def __len__(self) -> int:
        return len(self._trie)


__all__: list[str] = ["COLLOCATION", "COMPLETE", "CONTINUES", "Gazetteer", "RowTrie", "Synonyms", "TermIndex",
                          "build_synonym_tries", "build_term_tries", "build_tries", "gazetteer_terms", "infix_rows", "open_tries", "save_tries"]
