"""Words run together ("andopen") and words broken apart ("inform ation"), as scrapers and OCR leave them.

Both repairs are guesses about spacing, so both demand overwhelming evidence (first rule: never damage clean
text).  glued-word looks only at tokens wordfreq has never seen, and splits one only when both halves are
common words, the pair is itself a common bigram (wordsegment's bigram list holds only pairs seen 100 000+
times on the web), and wordsegment's own best segmentation is that same split.  split-word joins two tokens only
when the joined form is a frequent word and at least one part is not a word at all.
"""

from __future__ import annotations

import os
from collections import Counter
from functools import lru_cache
from typing import Iterator

from ..plan import Finding
from ..text import Document, LazyPattern
from ..text import WORD_RE
from ._common import common_words, in_prose, vocabulary, zipf
from ..scan import GLUED, SEP, SPLIT, is_x, nonascii_split_pairs, scan
from .base import Rule, RuleOptions

# Two-letter halves are allowed only when they are function words; other two-letter strings ("th", "ed", "er")
# are frequent in wordfreq for reasons that have nothing to do with being a word on their own.
SHORT_PARTS = frozenset("an as at be by do go he if in is it me my no of on or so to up us we".split())
MIN_PART_ZIPF = 3.5     # each half of a glued word: a common word
MIN_JOINED_ZIPF = 4.0   # a split word's joined form: a frequent word
NOT_A_WORD_ZIPF = 2.5   # below this a part of a split word counts as "not a word" ("ation" is 2.07)
MIN_BIGRAM = 1_000_000  # web count of the pair: "and open" 4.5M; tech compounds "zip files", "static method" <0.4M
# A first run (the scan's candidates just built, the bigrams kept: ``_READ``) splits this many words with counts
# read for each word alone before it reads all of wordsegment's counts (``_whole_segmenter``: 0.6 s while a helper
# builds their trie); a first run often meets one or two candidates (the spun seed one: "aheadand")
SPLITS_READ_ALONE = 2
# A non-word right before or after one of these names a thing in software ("the timeit module", "the timesince
# and timeuntil filters"): leave it.
SOFTWARE_NOUNS = frozenset("""module modules function functions method methods class classes command commands
package packages library libraries option options attribute attributes keyword keywords parameter parameters
argument arguments variable variables field fields tool tools utility api type types object objects flag flags
script scripts extension extensions plugin plugins app protocol format decorator builtin filter filters tag tags
setting settings widget widgets backend backends lookup lookups hook hooks signal signals template templates
directive directives operator operators assertion assertions expression expressions handler handlers""".split())


COUNTS = "wordsegment-counts"  # the user cache's entry of ``build_counts_trie``


def build_counts_trie():
    """wordsegment's counts as one trie in the user cache, built once per machine (about 1.5 s, by a helper process
    of the first run that reads them all, ``_whole_segmenter``): "u" + word and "b" + "w1 w2" -> the count as text, a
    later line of a key winning as ``Segmenter.parse`` reads them."""
    import marisa_trie
    import wordsegment

    from ..cache import cached_open, directory, prune
    from ..scan import _key

    def build() -> marisa_trie.BytesTrie:
        seg = wordsegment.Segmenter
        rows = [("u" + w, repr(c).encode()) for w, c in read_counts(seg.UNIGRAMS_FILENAME).items()]
        rows += [("b" + w, repr(c).encode()) for w, c in read_counts(seg.BIGRAMS_FILENAME).items()]
        prune(directory(), "wordsegment", keep=0)  # the dicts' pickle of earlier versions (12 MB) is read no more
        return marisa_trie.BytesTrie(rows)

    def open_(paths) -> marisa_trie.BytesTrie:
        trie = marisa_trie.BytesTrie()
        trie.mmap(str(paths[""]))
        return trie

    return cached_open(COUNTS, _key(), ("",), build, lambda t, paths: t.save(str(paths[""])), open_)


def _counts_trie():
    """The trie of ``build_counts_trie`` memory-mapped, or None while it is not built yet."""
    from ..cache import entry_exists
    from ..scan import _key

    return build_counts_trie() if entry_exists(COUNTS, _key(), ("",)) else None


class _Counts:
    """One kind of the trie's counts ("u" or "b"), read as ``Segmenter`` reads its dicts: ``in``, ``[]``, ``get``."""

    __slots__ = ("_trie", "_kind")

    def __init__(self, trie, kind: str) -> None:
        self._trie, self._kind = trie, kind

    def __contains__(self, key: str) -> bool:
        return self._kind + key in self._trie

    def __getitem__(self, key: str) -> float:
        return float(self._trie[self._kind + key][0])

    def get(self, key: str, default: float | None = None) -> float | None:
        got = self._trie.get(self._kind + key)
        return float(got[0]) if got else default


@lru_cache(maxsize=1)
def _whole_segmenter():
    """wordsegment's ``Segmenter`` over all of its counts: read from the trie of ``build_counts_trie`` (0.03 s to
    open, a few hundred counts read a word), or, until a first run's helper has built it, held in dicts as
    wordsegment holds them (0.6 s to read, about 90 MB more resident: measured, a long clean file's run peaked at
    249 MB with them and 126 without)."""
    import wordsegment

    seg = wordsegment.Segmenter()
    trie = _counts_trie()
    if trie is not None:
        seg.unigrams, seg.bigrams = _Counts(trie, "u"), _Counts(trie, "b")
    else:  # (the trie is built beside this process, at the lowest priority, for the runs after it)
        from .. import cache
        from ..lexicon import start_helper
        if cache.writable():
            start_helper("import os\nos.nice(19)\nfrom respell.rules import glued\nglued.build_counts_trie()")
        seg.unigrams = read_counts(seg.UNIGRAMS_FILENAME)
        seg.bigrams = read_counts(seg.BIGRAMS_FILENAME)
    _READ.clear()  # (what the scan kept for it is taken, or not needed)
    seg.total, seg.limit = seg.TOTAL, seg.LIMIT
    return seg


def bigram_counts() -> dict[str, float]:
    """wordsegment's bigram counts as a dict (for a build that cannot read its file where wordsegment keeps it)."""
    return {key[1:]: float(value) for key, value in build_counts_trie().items("b")}


# wordsegment's count files read in this process and not yet taken by ``_whole_segmenter`` (by real path): a
# first run reads the bigrams for the scan's candidates (``respell.scan``), then splits a word (``_segmenter``)
_READ: dict[str, dict[str, float]] = {}


_read_alone = 0  # words split in this process with the counts of the word alone (``SPLITS_READ_ALONE``)


def _segmenter(word: str):
    """A wordsegment ``Segmenter`` that answers for ``word`` exactly as the whole one does: the whole one, or on a
    first run (``SPLITS_READ_ALONE``) one holding only the counts a segmentation of ``word`` can look up (every
    substring, and every pair of adjacent substrings, after "<s>" too), the unigrams read from their file for it
    (0.07 s) and the bigrams taken from those the scan kept."""
    global _read_alone
    import wordsegment

    seg = wordsegment.Segmenter
    kept = _READ.get(os.path.realpath(seg.BIGRAMS_FILENAME))
    text = seg.clean(word)
    if kept is None or _whole_segmenter.cache_info().currsize or _read_alone >= SPLITS_READ_ALONE or text != word:
        return _whole_segmenter()
    _read_alone += 1
    n = len(text)
    subs = {text[i:j] for i in range(n) for j in range(i + 1, n + 1)}
    pairs = {f"{p} {text[b:c]}" for b in range(n) for c in range(b + 1, n + 1)
             for p in ["<s>", *(text[a:b] for a in range(b))]}
    alone = seg()
    alone.unigrams = read_counts(seg.UNIGRAMS_FILENAME, only={"<s>", *subs})
    alone.bigrams = {k: kept[k] for k in pairs if k in kept}
    alone.total, alone.limit = seg.TOTAL, seg.LIMIT
    return alone


def read_counts(path: str, keep: bool = False, only: set[str] | None = None) -> dict[str, float]:
    """A wordsegment count file (``word<TAB>count`` lines) as its ``Segmenter.parse`` reads it: a later line of a
    word wins.  ``keep``: kept for ``_whole_segmenter`` in this process, which then takes it instead of reading
    the file again (a first run read the 260,000 bigrams twice, for the scan's candidates and for a split: 0.2 s)."""
    if only is not None:  # the counts of these words alone (a line of another word costs no float)
        return _parse_counts(path, only)
    key = os.path.realpath(path)
    got = _READ.pop(key, None)
    if got is None:
        got = _parse_counts(path)
    if keep and not _whole_segmenter.cache_info().currsize:  # (made already: nobody would take it)
        _READ[key] = got
    return got


def _parse_counts(path: str, only: set[str] | None = None) -> dict[str, float]:
    """The ``word<TAB>count`` lines of ``path`` (of the words ``only``, when given) as a dict, a later line winning."""
    with open(path, encoding="utf-8") as fh:
        lines = fh if only is None else (line for line in fh if line[:line.find("\t")] in only)
        return {word: float(count) for word, count in (line.split("\t") for line in lines)}


def _part_ok(part: str, right: bool = False) -> bool:
    if len(part) <= 2:
        # "timeit" is no "time it": a two-letter word is accepted only on the left ("ofthe", "onthe").
        if right:
            return False
        return part in SHORT_PARTS
    return zipf(part) >= MIN_PART_ZIPF


_SPLITS: dict[str, tuple[str, str] | None] | None = None


def _split_memo() -> dict[str, tuple[str, str] | None]:
    """Splits decided in earlier runs (user cache): a known candidate costs a dict lookup, not loading the
    word-frequency and bigram tables (~0.3 s)."""
    global _SPLITS
    if _SPLITS is None:
        from .. import cache
        from ..scan import _key

        memo = cache.load("glued-splits", _key())
        _SPLITS = memo if isinstance(memo, dict) else {}
    return _SPLITS


def _remember(word: str, split: tuple[str, str] | None) -> None:
    from .. import cache
    from ..scan import _key

    memo = _split_memo()
    memo[word] = split
    cache.store("glued-splits", _key(), memo)


def best_split(word: str) -> tuple[str, str] | None:
    """The one clearly right two-word split of a lower-case non-word, or None (remembered across runs)."""
    memo = _split_memo()
    if word in memo:
        return memo[word]
    split = _best_split(word)
    _remember(word, split)
    return split


def _best_split(word: str) -> tuple[str, str] | None:
    halves = [(word[:i], word[i:]) for i in range(2, len(word) - 1)]
    halves = [(a, b) for a, b in halves if _part_ok(a) and _part_ok(b, right=True)]
    if not halves:
        return None
    seg = _segmenter(word)
    if seg.unigrams.get(word):  # the web has it as a word ("docstring"): not glued
        return None
    attested = [(seg.bigrams.get(f"{a} {b}", 0.0), a, b) for a, b in halves]
    attested = sorted((x for x in attested if x[0] >= MIN_BIGRAM), reverse=True)
    if not attested:
        return None
    if len(attested) > 1 and attested[0][0] < 10 * attested[1][0]:  # two plausible splits: not clearly one
        return None
    _, a, b = attested[0]
    if seg.segment(word) != [a, b]:
        return None
    return a, b


def _prev_token(text: str, s: int) -> str | None:
    """The token before offset ``s`` (a token start), wherever it is, as ``doc.tokens`` would give it."""
    j = s - 1
    while j >= 0 and not is_x(text[j]):
        j -= 1
    if j < 0:
        return None
    k = j
    while k > 0 and (is_x(text[k - 1]) or text[k - 1] in SEP):
        k -= 1
    toks = WORD_RE.findall(text, k, j + 1)
    return toks[-1] if toks else None


# Programming names glue words the same way: "tolist", "tofile", "toname" (a "to" prefix), "groupby", "mailfrom"
# (a function word at the end).  A glued error in scraped prose has a content word on the right ("andopen") or
# "the"/"a" after a short function word ("ofthe").
_IDENTIFIER_TAILS = frozenset("by from to for of with at on in as".split())


def _identifier_like(a: str, b: str) -> bool:
    return (a == "to" and b not in ("the", "a", "an")) or b in _IDENTIFIER_TAILS


# Signs that a text holds code: a snake_case name outside a URL or path, template braces, a call "name()".  The
# name is taken whole (possessive) and then must end in a letter or digit: written as "[a-z0-9_]*[a-z0-9]", a long
# run of "z_z_..." was backtracked through (bench/hostile.py: 1.5 s at 200,000 characters, 8x for 4x the size).
_TECHNICAL = LazyPattern(r"(?<![/\w.-])(?=[a-z][a-z0-9]*_)[a-z0-9_]++(?<=[a-z0-9])(?![\w/])|\{\{|\}\}|\{%"
                         r"|\b[a-z_]\w*\(\)")


def _names_software(text: str, s: int, e: int) -> bool:
    """A software noun right before or after the token, or after a pair joined by and/or ("W and V filters")."""
    before = _prev_token(text, s)
    if before is not None and before.lower() in SOFTWARE_NOUNS:
        return True
    after: list[str] = []
    pos = e
    while len(after) < 3:
        m = WORD_RE.search(text, pos)
        if m is None:
            break
        after.append(m.group().lower())
        pos = m.end()
    if after and after[0] in SOFTWARE_NOUNS:
        return True
    return len(after) == 3 and after[0] in ("and", "or") and after[2] in SOFTWARE_NOUNS


def run_glued(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    text = doc.text
    # Only lower-case ASCII letter tokens wordfreq does not know, and only those that best_split could split at
    # all (see _scan): names (capitalised), identifiers (digits, mixed case) and known words never get this far.
    occ = [(s, e, w) for s, e, w in scan(doc)[GLUED] if text[s:e] == w]
    if not occ:
        return
    # A "non-word" used twice or more is a deliberate term (a product name, a coinage), not an accident.
    counts = Counter(w for _, _, w in occ)
    technical: bool | None = None
    for s, e, w in occ:
        if counts[w] > 1 or not in_prose(text, s, e):
            continue
        if _names_software(text, s, e):
            continue
        split = best_split(w)
        if split is None or _identifier_like(*split):
            continue
        a, b = split
        if technical is None:
            technical = _TECHNICAL.search(text) is not None
        why = f"'{w}' is not a word; '{a} {b}' is a common pair of words run together"
        if technical:  # shown, not applied: in text that holds code, an unknown word is often a name in it
            yield Finding(s, e, w, f"{a} {b}", "glued-word", 0.6, why + "; the text holds code, so it may be "
                          "an identifier: report only", fixable=False)
        else:
            yield Finding(s, e, w, f"{a} {b}", "glued-word", 0.9, why)


def _run_split_tokens(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    """The rule over every pair of tokens: for texts the fast scan cannot read (see ``run_split``)."""
    vocab = vocabulary()
    common = common_words()
    text = doc.text
    toks = doc.tokens
    for t1, t2 in zip(toks, toks[1:]):
        # Prefilter: adjacent plain-letter tokens separated by exactly one space, the second lower case.
        if t2.start != t1.end + 1 or text[t1.end] != " ":
            continue
        w1, w2 = t1.text, t2.text
        if not (w2.isalpha() and w2.islower() and w1.isalpha() and w1[1:].islower()):
            continue
        l1 = w1.lower()
        # Cheap test first: one of the parts must not be a common word.
        if w2 in common and l1 in common:
            continue
        joined = l1 + w2
        if len(joined) < 6 or min(len(l1), len(w2)) < 2 or joined not in vocab:
            continue
        if zipf(joined) < MIN_JOINED_ZIPF or min(zipf(l1), zipf(w2)) >= NOT_A_WORD_ZIPF:
            continue
        if not (in_prose(text, t1.start, t1.end) and in_prose(text, t2.start, t2.end)):
            continue
        yield Finding(t1.start, t2.end, text[t1.start:t2.end], w1 + w2, "split-word", 0.9,
                      f"'{w1 + w2}' is a frequent word broken in two; '{l1}' and '{w2}' are not both words")


def run_split(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    text = doc.text
    # The scan knows every "p q" whose join is a frequent word and one of whose parts is not a word; it reads an
    # ASCII copy, so should wordfreq ever hold such a word that is not ASCII, a non-ASCII text takes the token walk.
    if not text.isascii() and nonascii_split_pairs():
        yield from _run_split_tokens(doc, options)
        return
    for s, e, pair in scan(doc)[SPLIT]:
        m = s + pair.index(" ")
        w1, w2 = text[s:m], text[m + 1:e]
        if not (w2.isalpha() and w2.islower() and w1.isalpha() and w1[1:].islower()):
            continue
        if not (in_prose(text, s, m) and in_prose(text, m + 1, e)):
            continue
        l1 = w1.lower()
        yield Finding(s, e, text[s:e], w1 + w2, "split-word", 0.9,
                      f"'{w1 + w2}' is a frequent word broken in two; '{l1}' and '{w2}' are not both words")


GLUED_WORD = Rule("glued-word", True, "split two words run together ('andopen' -> 'and open')", run_glued)
SPLIT_WORD = Rule("split-word", True, "join a word broken in two ('inform ation' -> 'information')", run_split)
