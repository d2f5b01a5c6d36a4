"""How natural is a phrase as written: the language-model half of respell's noisy channel.

A spun phrase is found by the spinner's half of the channel (swap tables: how likely a spinner was to write
"Chilly Struggle" for "Cold War"); this module is the other half, how likely a person was to write the
observed phrase rather than the candidate.  "machine studying", "chilly struggle" and "home of commons" are
rare or absent in ordinary English where "machine learning", "cold war" and "house of commons" are frequent.

The counts come from ``dictionaries/`` files of kind ``ngrams`` (see FORMAT.md): lower-case unigrams and
bigrams with their corpus counts, a corpus total and the lists' own cut-offs (``min-count``).  Shipped:
``ngrams_web.tsv`` (wordsegment's Google Web counts, pairs counted at least 100,000 times) and
``ngrams_attested.tsv`` (pairs below that cut-off that CMU Sphinx's English model attests, each counted as
half the cut-off: an estimate, so that "severe threat" is not taken for a pair nobody writes).  They are kept
in the user cache as one memory-mapped ``marisa_trie.BytesTrie`` of decimal counts (built once per data change,
as the other large tables of ``respell.lexicon``), and the file is opened only on the first lookup, so a run
that never asks (clean text) never pays for it.

The model is a bigram model with a stupid-backoff-like estimate that knows the lists are pruned:

* ``P(w) = c(w) / N``; an unlisted word gets ``min1 / 2 / N`` (it is rarer than the list's cut-off);
* ``P(w2 | w1) = c(w1 w2) / c(w1)`` for a listed pair.  An unlisted pair was seen between 0 and ``min2``
  times, so its estimate lies between stupid backoff's discounted unigram ``ALPHA * P(w2)`` (the words
  independent) and the cut-off ``min2 / c(w1)``: it gets their geometric mean (the middle of that range on
  a log scale), or the cut-off when that is lower.  Stupid backoff alone (the lower bound) made a plausible
  pair below the cut-off look thousands of times less natural than a listed synonym pair ("severe threat"
  against "serious threat": +7.9; +4.6 with the geometric mean; +2.0 once the attested pairs are added).
  Measured on the web counts alone (the clean pairs of ``bench/lm_sources.py``, with the threshold set so
  that the same share of clean thesaurus swaps passes, about 2.6%): the development pages' spun pairs above
  it went from 42% to 54%, the tortured list's from 57% to 51%;
* a phrase's probability is the chain ``P(w1) P(w2|w1) P(w3|w2) ...``: no trigram counts are held (the
  one source with trigrams, pocketsphinx's model, is about 94 MB as a table; see ``bench/lm_sources.py``).

``naturalness`` compares two phrases in the same slot of a sentence: the natural-log likelihood ratio of the
candidate against the observed phrase, each chained from the left context word (when given) through the
right one, clipped to ``[-CLIP, CLIP]``.  Words shared by both sides cancel; when neither phrase has any
listed word the answer is 0 (nothing is known).
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from .text import LazyPattern, normalise

ALPHA = 0.4  # stupid backoff's discount of the lower-order estimate (Brants et al. 2007)
CLIP = 10.0  # |naturalness| never exceeds this (natural log): about 22,000 to 1
NATURAL_MEMO = 100_000  # naturalness answers kept per model (about 20 MB at most)
FORMAT = 2  # of the cached trie; bump when its layout changes (2: decimal counts in a BytesTrie)
_META = " "  # prefix of the trie's metadata keys (no ngram starts with a space)
_LN10 = math.log(10.0)


class NgramData:
    """Counts as read from the ``ngrams`` files: ngram ("w" or "w1 w2") -> count, plus the corpus total and
    the smallest count each order lists."""

    def __init__(self, counts: Mapping[str, int], total: int, min_counts: tuple[int, int]) -> None:
        self.counts = counts
        self.total = total
        self.min_counts = min_counts

    @classmethod
    def read(cls, paths: Iterable[Path]) -> "NgramData":
        """Sum the rows of every file (one file is the normal case); headers ``# total: N`` and
        ``# min-count K: N`` give the corpus size and the cut-offs (totals add up, cut-offs take the largest)."""
        counts: dict[str, int] = {}
        total = 0
        mins = [1, 1]
        for path in paths:
            try:
                fh = open(path, encoding="utf-8")
            except OSError as e:
                from .lexicon import LexiconError
                raise LexiconError(f"{path}: cannot read the n-gram counts ({e.strerror})") from None
            with fh:
                for n, line in enumerate(fh, 1):
                    if line.startswith("#"):
                        total = _header(line, total, mins)
                        continue
                    if not line.strip():
                        continue
                    gram, _, count = line.rstrip("\n").partition("\t")
                    try:
                        c = int(count)
                    except ValueError:
                        from .lexicon import LexiconError
                        raise LexiconError(f"{path}:{n}: malformed ngrams row (count {count!r})") from None
                    counts[gram] = counts.get(gram, 0) + c
        if not total:
            total = sum(c for g, c in counts.items() if " " not in g)
        return cls(counts, max(total, 1), (mins[0], mins[1]))


def _header(line: str, total: int, mins: list[int]) -> int:
    """Apply a ``#`` line of an ngrams file (``# total: N``, ``# min-count K: N``); return the total so far."""
    key, _, value = line[1:].partition(":")
    key = key.strip()
    if key == "total":
        total += int(value.split()[0])
    elif key in ("min-count 1", "min-count 2"):
        i = int(key[-1]) - 1
        mins[i] = max(mins[i], int(value.split()[0]))
    return total


# A file whose every line is a comment, blank, or "gram<TAB>digits" (the shipped files): its rows go into the trie
# as they are, bytes in, bytes out.  Any other line sends the file through the row-by-row reader, which says what
# is wrong with it (or accepts what int() accepts: " 5", "+5", a CR at the end).
_PLAIN_ROWS = LazyPattern(rb"(?:(?:#[^\n]*|[^\t\n]*\t[0-9]+|)\n)*(?:#[^\n]*|[^\t\n]*\t[0-9]+|)", 0, re)
_SEP = b"\xff"  # marisa_trie.BytesTrie's separator between a key and its value (never inside UTF-8)


def _build_trie(paths: list[Path]) -> NgramData:
    """The counts of ``paths`` as a ``marisa_trie.BytesTrie`` of decimal counts, streamed from the files (what
    ``NgramData.read`` reads, without a dict of a million rows in between).  A plain file is not parsed row by
    row: its lines, tab turned into the trie's separator, are the trie's keys as they are (1.1 million rows:
    about 0.2 s instead of 0.9 s to read them, and the trie builds in 1.3 s instead of a ``RecordTrie``'s 1.5 s).
    A gram listed more than once keeps every count, summed when looked up."""
    total, mins, unigrams = 0, [1, 1], 0
    keys: list[bytes] = []
    for path in paths:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as e:
            from .lexicon import LexiconError
            raise LexiconError(f"{path}: cannot read the n-gram counts ({e.strerror})") from None
        if _PLAIN_ROWS.fullmatch(data) is None:
            rows = list(_parse_rows(path, data.decode("utf-8")))
        else:
            rows = [line.replace(b"\t", _SEP, 1) for line in data.split(b"\n")]
        del data
        for row in rows:
            if row[:1] == b"#":
                total = _header(row.decode("utf-8"), total, mins)
            elif row:
                keys.append(row)
        del rows
    if not total:  # no "# total:" line: the unigrams' counts add up to it
        unigrams = sum(int(k.rpartition(_SEP)[2]) for k in keys if b" " not in k.rpartition(_SEP)[0])
    # the metadata last: known once every row is read
    keys += _meta_keys(max(total or unigrams, 1), (mins[0], mins[1]))
    return _trie_data(_bytes_trie(keys))


def _meta_keys(total: int, mins: tuple[int, int]) -> list[bytes]:
    """The trie's metadata entries (the corpus total and the lists' cut-offs), after every gram's."""
    return [f"{_META}{name}".encode() + _SEP + str(value).encode()
            for name, value in (("total", total), ("min1", mins[0]), ("min2", mins[1]))]


def _bytes_trie(keys: list[bytes]):
    """A ``marisa_trie.BytesTrie`` whose entries are ``keys`` (each "key<0xff>value", as it stores them)."""
    import marisa_trie
    trie = marisa_trie.BytesTrie()
    trie.frombytes(marisa_trie.BinaryTrie(keys).tobytes())
    return trie


def _parse_rows(path: Path, text: str) -> Iterator[bytes]:
    """The rows of one ngrams file read one by one (a file that is not plain): comment lines as they are, rows as
    "gram<0xff>count"; LexiconError names the first malformed row."""
    for n, line in enumerate(text.split("\n"), 1):
        if line[:1] == "#":
            yield line.encode("utf-8")
            continue
        gram, _, count = line.partition("\t")
        try:
            c = int(count)
        except ValueError:
            if not line.strip():
                continue
            from .lexicon import LexiconError
            raise LexiconError(f"{path}:{n}: malformed ngrams row (count {count!r})") from None
        yield gram.encode("utf-8") + _SEP + str(c).encode()


def _save(data: NgramData, paths: Mapping[str, Path]) -> None:
    if isinstance(data.counts, _TrieCounts):
        data.counts.trie.save(str(paths[""]))
        return
    keys = [g.encode("utf-8") + _SEP + str(c).encode() for g, c in data.counts.items()]
    keys += _meta_keys(data.total, data.min_counts)
    _bytes_trie(keys).save(str(paths[""]))


def _open(paths: Mapping[str, Path]) -> NgramData:
    import marisa_trie
    trie = marisa_trie.BytesTrie()
    trie.mmap(str(paths[""]))
    return _trie_data(trie)


def _trie_data(trie) -> NgramData:
    meta = {k: int(trie[_META + k][0]) for k in ("total", "min1", "min2")}
    return NgramData(_TrieCounts(trie), meta["total"], (meta["min1"], meta["min2"]))


class _SortedCounts(Mapping[str, int]):
    """ngram -> count read straight from the ngrams files, by binary search over each memory-mapped file (rows
    sorted by their gram, as FORMAT.md asks and ``_sorted_rows`` checks): about 30 microseconds a lookup instead
    of the trie's 2, and nothing to build.  For a run that finds another process building the trie (the first run
    after install, whose helper builds it at low priority) and does not wait for it; once the helper is done, the
    trie answers (a long first run does not pay 20 microseconds a new gram to its end)."""

    LOOK_AGAIN = 2048  # new grams between two looks for the finished trie

    def __init__(self, maps: list[tuple[Any, int]], trie: Callable[[], Mapping[str, int] | None] | None = None
                 ) -> None:
        self._maps = maps  # (memory map of a file, offset of its first row)
        self._memo: dict[str, int | None] = {}
        # the trie's counts once its helper has built it (a long first run goes on with those): ``trie()`` is
        # asked every LOOK_AGAIN new grams, and gives the counts or None while the trie is not there yet
        self._trie = trie
        self._counts: Mapping[str, int] | None = None

    def _count(self, key: str) -> int | None:
        """The sum of the counts of the rows "key<TAB>count" of every file (None when there is none).  The lines are
        in byte order, so the rows that start with "key<TAB>" follow one another, after every line below it."""
        if self._trie is not None and len(self._memo) % self.LOOK_AGAIN == self.LOOK_AGAIN - 1:
            self._counts = self._trie()
            if self._counts is not None:
                self._trie = None
        if self._counts is not None:
            return self._counts.get(key)
        row = key.encode("utf-8") + b"\t"
        found = None
        for mm, lo in self._maps:
            hi = n = len(mm)
            while lo < hi:  # lo, hi: line starts; the first line >= ``row`` is found at lo
                start = mm.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
                end = mm.find(b"\n", start)
                end = n if end < 0 else end
                if mm[start:end] < row:
                    lo = end + 1
                else:
                    hi = start
            while mm[lo:lo + len(row)] == row:
                end = mm.find(b"\n", lo)
                end = n if end < 0 else end
                found = (found or 0) + int(mm[lo + len(row):end])
                lo = end + 1
        return found

    def __getitem__(self, key: str) -> int:
        got = self.get(key)
        if got is None:
            raise KeyError(key)
        return got

    def get(self, key: str, default=None):  # type: ignore[override]
        try:
            got = self._memo[key]
        except KeyError:
            got = self._memo[key] = self._count(key)
        return default if got is None else got

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        grams: dict[str, None] = {}
        for mm, lo in self._maps:
            for line in mm[lo:].split(b"\n"):
                if line:
                    grams[line.partition(b"\t")[0].decode("utf-8")] = None
        return iter(grams)

    def __len__(self) -> int:
        return sum(1 for _ in self)


_LOOSE_TAB = LazyPattern(rb"\t(?![0-9]+(?:\n|\Z))", 0, re)  # a tab not followed by a count that ends its line


def _sorted_rows(mm, start: int) -> bool:
    """Whether the rows of ``mm`` from ``start`` on are in increasing order (then a row's place is found by binary
    search), read in slices of about a megabyte so that the 1.1 million rows of the shipped files are never all
    held as objects."""
    prev, pos, n = b"", start, len(mm)
    if mm[n - 1:n] == b"\n":
        n -= 1
    while pos < n:
        cut = mm.find(b"\n", min(pos + (1 << 20), n), n)
        end = n if cut < 0 else cut
        lines = mm[pos:end].split(b"\n")
        if lines[0] < prev or lines != sorted(lines):
            return False
        prev, pos = lines[-1], end + 1
    return True


def _read_sorted(paths: list[Path], trie: Callable[[], Mapping[str, int] | None] | None = None
                 ) -> NgramData | None:
    """The counts of ``paths`` as ``_SortedCounts`` over the files themselves, or None when a file is not plain
    (every row "gram<TAB>digits"), not sorted, or lists no total (which would take adding up every unigram).
    ``trie``: the trie's counts once they are there (see ``_SortedCounts``)."""
    import mmap
    maps, total, mins = [], 0, [1, 1]
    for path in paths:
        try:
            with open(path, "rb") as fh:
                mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
            return None
        start = 0
        while mm[start:start + 1] == b"#":
            end = mm.find(b"\n", start)
            line = mm[start:len(mm) if end < 0 else end]
            try:
                total = _header(line.decode("utf-8"), total, mins)
            except (UnicodeDecodeError, ValueError):
                return None
            start = len(mm) if end < 0 else end + 1
        rows = mm[start:]  # (a copy: a memory map cannot count)
        lines = rows.count(b"\n") + (1 if rows and rows[-1:] != b"\n" else 0)
        # every line a row (no comment, no blank line), one tab in each, followed by the count alone
        if rows.count(b"\t") != lines or _LOOSE_TAB.search(rows) or b"\n\n" in rows or b"\n#" in rows \
                or rows[:1] == b"\n" or not _sorted_rows(mm, start):
            return None
        del rows
        maps.append((mm, start))
    if not total:
        return None
    return NgramData(_SortedCounts(maps, trie), total, (mins[0], mins[1]))


class _TrieCounts(Mapping[str, int]):
    """ngram -> count over the memory-mapped trie (one decoded record per lookup)."""

    __slots__ = ("trie", "_memo")

    def __init__(self, trie) -> None:
        self.trie = trie
        self._memo: dict[str, int | None] = {}  # gram -> count (None: unlisted), as looked up so far

    def __getitem__(self, key: str) -> int:
        found = self.trie[key]
        return int(found[0]) if len(found) == 1 else sum(map(int, found))

    def get(self, key: str, default=None):  # type: ignore[override]  # the hot path: no exception when unseen
        """The count of ``key`` (each gram is decoded from the trie once: a spun megabyte asks 450,000 times,
        mostly for the same few thousand grams)."""
        try:
            got = self._memo[key]
        except KeyError:
            found = self.trie.get(key)
            got = self._memo[key] = (int(found[0]) if len(found) == 1 else sum(map(int, found))) if found else None
        return default if got is None else got

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.trie

    def __iter__(self):
        return (k for k in dict.fromkeys(self.trie.iterkeys()) if not k.startswith(_META))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class LanguageModel:
    """Counts, log-probabilities and the naturalness of a phrase against another (see the module docstring)."""

    def __init__(self, data: NgramData | Callable[[], NgramData]) -> None:
        self._source = data
        # (observed, candidate, left, right) -> naturalness: a spun text asks again and again about the same
        # words between the same neighbours; at most NATURAL_MEMO answers are kept (then it starts afresh)
        self._natural: dict[tuple, float] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(cls, directory: Path | None = None) -> "LanguageModel":
        """The model over the ``ngrams`` files of ``directory`` (the installed dictionaries by default).
        Nothing is read until the first lookup; then the cached trie is opened (built on first use)."""
        from .lexicon import default_directory, files_of
        folder = directory or default_directory()

        def data() -> NgramData:
            paths = files_of(folder, "ngrams")
            from . import cache
            key = _cache_key(paths)
            def trie() -> NgramData:
                return cache.cached_open("ngrams", key, ("",), lambda: _build_trie(paths), _save, _open)

            def built() -> Mapping[str, int] | None:  # the trie's counts, once another process has built it
                if key is None or cache.being_built("ngrams") or not cache.entry_exists("ngrams", key, ("",)):
                    return None
                return trie().counts

            if key is not None and not cache.entry_exists("ngrams", key, ("",)) and cache.being_built("ngrams"):
                got = _read_sorted(paths, built)  # another process builds the trie: read the files meanwhile
                if got is not None:
                    return got
            return trie()

        return cls(data)

    @classmethod
    def from_counts(cls, counts: Mapping[tuple[str, ...], int], total: int | None = None,
                    min_counts: tuple[int, int] = (1, 1)) -> "LanguageModel":
        """An in-memory model (tests, harnesses): word tuple of 1 or 2 words -> count."""
        flat = {" ".join(normalise(w) for w in k): c for k, c in counts.items()}
        if total is None:
            total = sum(c for k, c in counts.items() if len(k) == 1)
        return cls(NgramData(flat, max(total, 1), min_counts))

    @cached_property
    def data(self) -> NgramData:
        return self._source if isinstance(self._source, NgramData) else self._source()

    # ------------------------------------------------------------------ queries
    def count(self, words: tuple[str, ...]) -> int:
        """Corpus count of a phrase of 1 to 3 words (0 when unlisted; always 0 for 3 words: no trigram
        counts are held)."""
        if not 1 <= len(words) <= 2:
            return 0
        return self.data.counts.get(" ".join(normalise(w) for w in words), 0) or 0

    def _unigram(self, word: str) -> tuple[float, int]:
        """(P(word), count) with the unlisted-word estimate."""
        d = self.data
        c = d.counts.get(word, 0) or 0
        return (c if c else d.min_counts[0] / 2) / d.total, c

    def _next(self, prev: str, word: str) -> float:
        """P(word | prev) under the capped backoff of the module docstring."""
        d = self.data
        p_word, _ = self._unigram(word)
        c_prev = d.counts.get(prev, 0) or 0
        pair = d.counts.get(prev + " " + word, 0) or 0
        if pair and c_prev:
            return min(pair / c_prev, 1.0)
        independent = ALPHA * p_word
        if not c_prev:
            return independent
        cap = d.min_counts[1] / c_prev  # an unlisted pair was seen fewer than min2 times
        return cap if independent >= cap else math.sqrt(independent * cap)

    def _ln(self, words: list[str], left: str | None, right: str | None) -> float:
        """ln P(words, then right | left): the chain over the phrase and its context words."""
        seq = ([left] if left else []) + words + ([right] if right else [])
        total = 0.0 if left else math.log(self._unigram(seq[0])[0])
        for prev, word in zip(seq, seq[1:]):
            total += math.log(self._next(prev, word))
        return total

    def logprob(self, words: tuple[str, ...]) -> float:
        """log10 P of the phrase: ``P(w1) P(w2|w1) ...`` (see the module docstring); -inf for no words."""
        norm = [normalise(w) for w in words]
        if not norm:
            return -math.inf
        return self._ln(norm, None, None) / _LN10

    def naturalness(self, observed: tuple[str, ...], candidate: tuple[str, ...], left: str | None = None,
                    right: str | None = None) -> float:
        """ln [P(candidate) / P(observed)] in the same slot (between ``left`` and ``right`` when given),
        clipped to ``[-CLIP, CLIP]``; positive when the candidate is the more natural wording, 0 when neither
        phrase has a listed word."""
        key = (observed, candidate, left, right)
        got = self._natural.get(key)
        if got is None:
            if len(self._natural) >= NATURAL_MEMO:
                self._natural.clear()
            got = self._natural[key] = self._naturalness(observed, candidate, left, right)
        return got

    def _naturalness(self, observed: tuple[str, ...], candidate: tuple[str, ...], left: str | None,
                     right: str | None) -> float:
        obs = [normalise(w) for w in observed]
        cand = [normalise(w) for w in candidate]
        if not obs or not cand or obs == cand:
            return 0.0
        counts = self.data.counts
        if not any(counts.get(w) for w in (*obs, *cand)):
            return 0.0
        lw = normalise(left) if left else None
        rw = normalise(right) if right else None
        ratio = self._ln(cand, lw, rw) - self._ln(obs, lw, rw)
        return max(-CLIP, min(CLIP, ratio))


def _cache_key(paths: list[Path]) -> str | None:
    """Names the built trie in the user cache: respell's version, the trie format and the *content* of the files
    (not their paths or times: a wheel, an editable install and a pre-commit environment with the same data share
    one build)."""
    from . import __version__
    from .cache import content_key
    return content_key("ngrams", paths, __version__, FORMAT)


__all__ = ["ALPHA", "CLIP", "LanguageModel", "NgramData"]
