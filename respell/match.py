"""Where a phrase is matched: fingerprint scanning and synonym-class matching, producing candidates.

Two matchers, both whole-word and longest-first:

* ``FingerprintScanner`` finds known spun phrases in the document's one scan (``respell.scan``: an Aho-Corasick
  pass over an ASCII copy, shared with the word rules) and counts the words of the spinner signatures with one
  C-level split.  It never tokenises, so clean text costs little more than that one pass.
* ``class_matches`` walks a trie of canonical gazetteer terms over the text's tokens, letting each content word
  stand for itself or for any canonical word it is linked to (spinner swap or thesaurus), with plural and
  possessive endings carried over; a spinner's form of several words for one word ("Financial institution" for
  "Bank", ``Lexicon.units``) is read as one word of the term.  Spun variants are never enumerated.  In a text
  that leans clean only the capitalised runs holding a word the spinners swap are walked (``may_swap``: a rigid
  name is the one thing such a text can show), and the words after such a form (``name_tokens``); what each
  distinct word offers, and which token can continue which prefix, are kept per lexicon (bounded), so a long or
  repeated text pays for each once.

Matchers only say what *could* be restored; ``evidence`` decides how sure we are.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import weakref
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Container, NamedTuple

import daachorse
import regex

from . import evidence as ev
from . import grammar
from .lexicon import FUNCTION_WORDS, SPINNER_SOURCES, Fingerprint, Lexicon, Link, phrase_key
from .scan import (PHRASE, Phrases, ascii_lower_of, glued_words, is_x, phrase_forms, phrase_places, reach, scan,
                   scanned)
from .termindex import COLLOCATION, COMPLETE, CONTINUES, SEP
from .text import (APOSTROPHES, WORD_RE, Document, Token, ascii_cased, base_key, capitalised_tokens, looks_plural,
                   normalise, singular_forms, split_possessive)

@dataclass(frozen=True, slots=True)
class FingerprintHit:
    """A listed spun phrase found at ``[start, end)`` of the text."""
    start: int
    end: int
    entry: Fingerprint


# Words are counted in the ASCII copy with these made spaces: white space, punctuation that may cling to a word
# ("also," "(however") and everything non-ASCII ('?' there).  Inner apostrophes and hyphens stay ("don't" and
# "in-depth" are not "in").
_SPACES = b'\t\n\r\x0b\x0c"()[]{}<>.,;:!?*_'
_COUNT_SPACES = bytes.maketrans(_SPACES, b" " * len(_SPACES))
# ... and a copy where every other byte is "x", in which each word starts at a " x".
_WORD_STARTS = bytes.maketrans(bytes(range(256)), bytes(b" "[0] if b in _SPACES or b == 32 else b"x"[0]
                                                         for b in range(256)))


def _counted_before(signatures: list[tuple[str, list[str]]]) -> dict[str, frozenset[str]]:
    """Signature words counted only before certain words: the spun forms ``grammar.SPINNER_FORM_BEFORE`` names,
    and the canonical word of a signature all of whose counted forms it names (the same words after each).
    ``signatures``: each signature's canonical word and its counted forms."""
    out: dict[str, frozenset[str]] = {}
    for canon, counted in signatures:
        afters = {grammar.SPINNER_FORM_BEFORE.get(s) for s in counted}
        after = afters.pop() if len(afters) == 1 else None
        if after is not None:
            out[canon] = after
            out.update((s, after) for s in counted)
    return out


class FingerprintScanner:
    """The fingerprint keys as phrases of the one scan (``respell.scan``), plus word counts for the signatures."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # the fingerprint keys, and the spinners' forms of several words for one word ("financial institution"):
        # where one of these stands in a name is found by the same one scan (``unit_starts``)
        forms = lexicon.cached_rows("phrases", ("forms",), lambda: {"forms": phrase_forms(
            [*lexicon.fingerprints, *(" ".join(words) for head in lexicon.units for words, _l in lexicon.units[head])]
        )})
        # the key names the phrases' automaton in the user cache (None: not cached)
        self.phrases = Phrases(forms=forms["forms"], key=lexicon.cache_key)
        # (a signature none of whose spun forms is counted could only ever speak for the writer: not counted at all)
        signatures = [(canon, counted) for canon, _f, forms, _fs in lexicon.signatures
                      for counted in [ev.counted_forms(forms)] if counted]
        count_words = {w for canon, counted in signatures for w in (canon, *counted)}
        # One small automaton finds " word " (or " words ") for every counted signature word in the spaced copy; a
        # signature whose spun forms the spinner writes only before certain words ("within the" for "in the":
        # ``grammar.SPINNER_FORM_BEFORE``) is counted only there, its canonical word too: "in 2020" and "within a
        # week" are no occasion the spinner had.  ``_count_list`` names the word each pattern counts.
        before = _counted_before(signatures)
        patterns = sorted((f" {w} {after} " if after else f" {w} ", w) for w in count_words
                          for after in sorted(before.get(w, ("",))))
        self._count_list = [w for _p, w in patterns]
        self._count_ac = daachorse.DoubleArrayAhoCorasick([p.encode() for p, _w in patterns])
        self._counted: "weakref.WeakKeyDictionary[Document, tuple[str, list[int], list[int], bytes]]" = \
            weakref.WeakKeyDictionary()
        self._count_longest = max((len(p) for p, _w in patterns), default=0)
        # Documents whose sections are scanned one at a time (``by_sections``), and the last section's scan of every
        # document (``_section``).
        self._by_section: "weakref.WeakSet[Document]" = weakref.WeakSet()
        self._window: "weakref.WeakKeyDictionary[Document, tuple]" = weakref.WeakKeyDictionary()
        self._cased: "weakref.WeakKeyDictionary[Document, tuple]" = weakref.WeakKeyDictionary()  # (``cased``)

    def by_sections(self, doc: Document) -> None:
        """Scan ``doc`` a section at a time from now on, not in one pass: for a process that analyses some of a
        long document's sections (``Engine._parts``).  Every section gets the same phrases and counts as from
        the one pass; the process pays only for the sections it is given."""
        self._by_section.add(doc)

    def scan_whole(self, doc: Document) -> None:
        """Scan all of ``doc`` with the phrases now (once per document and process): for a process that runs the
        other rules over a document whose sections are scanned one at a time (``by_sections``).  The rules read
        their words from this scan, which costs what their own would (the automaton's cost is per byte, not per
        pattern), and the sections this process analyses afterwards take their phrases and ASCII copy from it
        instead of scanning their text a second time."""
        scan(doc, self.phrases)

    def _section(self, doc: Document, start: int, end: int) -> tuple[list, list[int], list[int], int]:
        """The scan of ``doc.text[start:end]``: its phrase places, the text offsets and ids of its signature
        words, and its number of words; from the document's one pass, or (``by_sections``) from its own.  The last
        section's is kept (a section's hits, counts and unit starts each ask for it: its words were counted three
        times, 5% of a long clean text's time in one process)."""
        got = self._window.get(doc)
        if got is not None and got[0] is doc.text and got[1:3] == (start, end):
            return got[3]
        text = doc.text
        if doc not in self._by_section:
            every = scan(doc, self.phrases)[PHRASE]
            places = every[bisect.bisect_left(every, (start,)):bisect.bisect_left(every, (end,))]
            starts, ids, mask = self._word_positions(doc)
            lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            section = (places, starts[lo:hi], ids[lo:hi], mask.count(b" x", start, end + 1))
            self._window[doc] = (text, start, end, section)
            return section
        n = len(text)
        # The counting copy of the section and as far past it as a word counted can reach, with the character
        # before it (or the padding space at the text's start): offset j of it is text offset lo + j - pad.
        lo, hi = max(0, start - 1), min(n, end + self._count_longest + 1)
        whole = scanned(doc, self.phrases)
        if whole is not None:  # this process has scanned the whole text already (``scan_whole``): read it
            every = whole[PHRASE]
            places = every[bisect.bisect_left(every, (start,)):bisect.bisect_left(every, (end,))]
            copy = ascii_lower_of(doc)[lo:hi]
        else:
            # (speed) one ASCII copy serves both: the phrases' scan reads a prefix of it; and as it is, before it is
            # lower-cased, the section's capital runs (``cased``)
            cased = ascii_cased(text[lo:max(hi, reach(doc, self.phrases, end))])
            self._cased[doc] = (text, start, end, cased[start - lo:end - lo])
            copy = cased.lower()
            places = phrase_places(doc, self.phrases, start, end, copy)
        pad = 1 if lo == 0 else 0
        spaced = b" " * pad + copy[:hi - lo].translate(_COUNT_SPACES) + (b" " if hi == n else b"")
        shift = lo - pad + 1  # a match of " word " at j is the word at text offset j + shift
        first, stop = start - shift, end - shift  # (speed) the section's matches, compared as found
        found = sorted([(j, idx) for j, _e, idx in self._count_ac.find_overlapping(spaced) if first <= j < stop])
        words = spaced.translate(_WORD_STARTS).count(b" x", start - 1 - lo + pad, end - lo + pad)
        section = (places, [j + shift for j, _ in found], [i for _, i in found], words)
        self._window[doc] = (text, start, end, section)
        return section

    def cased(self, doc: Document, start: int, end: int) -> bytes | None:
        """``text.ascii_cased(doc.text[start:end])`` when this process's scan of the section made it (a section
        scanned on its own, ``by_sections``), else None."""
        got = self._cased.get(doc)
        if got is not None and got[0] is doc.text and got[1:3] == (start, end):
            return got[3]
        return None

    def hits(self, doc: Document, start: int = 0, end: int | None = None) -> list[FingerprintHit]:
        """Fingerprints in ``doc.text[start:end]``, offsets relative to ``start``: whole words, leftmost-longest.

        A key must start a token and end a word: no letter may follow it, nor an apostrophe that continues the
        word ("don't"); a possessive ("'s") or a hyphen may ("profound learning-based"), unless the key ends in a
        function word, which then begins a compound ("with out-of-band data" holds no "with out").
        """
        text = doc.text
        n = len(text)
        end = n if end is None else end
        fps = self.lexicon.fingerprints
        found = []
        for s, e, form in self._section(doc, start, end)[0]:
            if e > end:
                continue
            if e < n and (is_x(text[e]) or (
                    text[e] in APOSTROPHES and e + 1 < n and is_x(text[e + 1]) and text[e + 1] not in "sS") or (
                    text[e] == "-" and form.rsplit(" ", 1)[-1] in FUNCTION_WORDS)):
                continue
            for key in self.phrases.keys_at(text, s, e, form):
                if key in fps:  # (not a form of several words only)
                    found.append((s, -e, key))
        hits: list[FingerprintHit] = []
        last = start
        for s, neg_e, key in sorted(found):
            if s >= last and not self._in_stated_term(text, s, -neg_e, start, end):
                hits.append(FingerprintHit(s - start, -neg_e - start, fps[key]))
                last = -neg_e
        return hits

    def _in_stated_term(self, text: str, s: int, e: int, lo: int, hi: int) -> bool:
        """Whether the listed phrase at ``text[s:e]`` lies inside a longer known term the text states as it is,
        up to three words on either side with only spaces between (within ``text[lo:hi]``): "profound learning
        disabilities", a clinical term, holds the tortured list's "profound learning" and is no spun "deep
        learning disabilities"."""
        lex = self.lexicon
        words = phrase_key(text[s:e])
        if not lex.inside_term(words):  # (most hits: no known term holds them, and nothing more is read)
            return False
        m = _WORDS_BEFORE.search(text, max(lo, s - 80), s)
        before = phrase_key(m.group()) if m else ()
        m = _WORDS_AFTER.match(text, e, min(hi, e + 80))
        after = phrase_key(m.group()) if m else ()
        return any(lex.known(before[len(before) - i:] + words + after[:j])
                   for i in range(len(before) + 1) for j in range(len(after) + 1) if i or j)

    def _word_positions(self, doc: Document) -> tuple[list[int], list[int], bytes]:
        """(start offsets, word ids) of every signature word in the document, and its word-start mask."""
        got = self._counted.get(doc)
        if got is not None and got[0] is doc.text:
            return got[1], got[2], got[3]
        spaced = b" " + ascii_lower_of(doc).translate(_COUNT_SPACES) + b" "
        # A match of " word " at i is the word at text offset i (the padding space shifts everything by one).
        found = sorted((s, idx) for s, _e, idx in self._count_ac.find_overlapping(spaced))
        starts, ids = [s for s, _ in found], [i for _, i in found]
        mask = spaced.translate(_WORD_STARTS)
        self._counted[doc] = (doc.text, starts, ids, mask)
        return starts, ids, mask

    def counts(self, doc: Document, start: int = 0, end: int | None = None) -> tuple[dict[str, int], int]:
        """Counts of the signature words in ``doc.text[start:end]`` (whole words), and its number of words."""
        end = len(doc.text) if end is None else end
        _places, _starts, ids, n = self._section(doc, start, end)
        words = self._count_list
        return dict(Counter(words[i] for i in ids)), n

    def distinct_counts(self, doc: Document, start: int, end: int, which: set[str]) -> dict[str, int]:
        """Counts of the words ``which`` in ``doc.text[start:end]`` with each repeated sentence (a duplicated
        paragraph, a quotation given twice) counted once: there the writer chose the word once, not twice."""
        _places, starts, ids, _n = self._section(doc, start, end)
        words, text = self._count_list, doc.text
        places = {(i, _sentence_around(text, s, s + len(words[i]), start, end))
                  for s, i in zip(starts, ids) if words[i] in which}
        return dict(Counter(words[i] for i, _place in places))

    def unit_starts(self, doc: Document, start: int, end: int) -> list[int]:
        """Where in ``doc.text[start:end]`` (offsets relative to ``start``) a spinner's form of several words for
        one word starts with a capital ("Financial institution of England"): a name a run of capitals misses."""
        text, heads = doc.text, self.lexicon.unit_heads
        return [s - start for s, e, form in self._section(doc, start, end)[0]
                if e <= end and text[s:s + 1].isupper() and form.split(" ", 1)[0] in heads]

    def scan(self, doc: Document, start: int = 0, end: int | None = None
             ) -> tuple[list[FingerprintHit], dict[str, int], int]:
        """Fingerprint hits, counts of the signature words, and the number of words of ``doc.text[start:end]``."""
        counts, words = self.counts(doc, start, end)
        return self.hits(doc, start, end), counts, words


# up to three words right before / right after a place, with only spaces between (``_in_stated_term``)
_WORDS_BEFORE = regex.compile(r"(?:[\p{L}\p{N}][\p{L}\p{N}'\u2019\-]*[ ]+){1,3}$")
_WORDS_AFTER = regex.compile(r"(?:[ ]+[\p{L}\p{N}][\p{L}\p{N}'\u2019\-]*){1,3}")

_SENTENCE_REACH = 300  # characters looked at on each side of a word for the ends of its sentence


def _sentence_around(text: str, s: int, e: int, lo: int, hi: int) -> tuple[int, str]:
    """The sentence holding ``text[s:e]`` (within ``text[lo:hi]``, at most ``_SENTENCE_REACH`` each side) and the
    word's place in it: the same key for the same word of a repeated sentence (a duplicated paragraph, a quotation
    given twice), different keys for two places in one sentence."""
    a, b = max(lo, s - _SENTENCE_REACH), min(hi, e + _SENTENCE_REACH)
    start = max(text.rfind(". ", a, s), text.rfind("! ", a, s), text.rfind("? ", a, s), text.rfind("\n", a, s)) + 1
    start = max(start, a)
    while start < s and text[start].isspace():
        start += 1
    stop = min((j + 1 for j in (text.find(". ", e, b), text.find("! ", e, b), text.find("? ", e, b)) if j >= 0),
               default=b)
    line = text.find("\n", e, stop)
    return s - start, text[start:stop if line < 0 else line].rstrip()


# ------------------------------------------------------------------------------------------- class matching

class Sub(NamedTuple):
    """One word of a class match: what the text says, what the canonical term says, and the link between.  (A
    named tuple: the term walk makes one for each step of each branch, hundreds of thousands on a spun megabyte,
    and a tuple is made at C speed.)"""

    token: int            # token index
    text: str             # the text's word as written (possessive kept)
    canonical: str        # canonical word (lower case, before re-inflection)
    link: Link | None     # None when the word is unchanged (or only inflected)
    inflect: str          # "" or "plural"
    possessive: str       # "'s", "'" or ""
    end: int              # char offset where this word ends in the text (may stop inside a hyphenated token)
    split: int = 0        # > 0: the token is two words glued together; the term's word is its first `split` chars
    width: int = 1        # tokens the text's word spans: 2 or 3 for a spinner's form of several words
                          # ("Financial institution" for "Bank", "Well being" for "Health")

    @property
    def last(self) -> int:
        """The index of the last token this word spans."""
        return self.token + self.width - 1


# (speed) ``Sub(...)`` runs the named tuple's own ``__new__``, a Python function: the walk makes its Subs with the
# tuple's, every field given (the same object)
_new_sub = tuple.__new__


class ClassMatch(NamedTuple):
    """A canonical term reached from ``[start, end)`` of the text by word swaps (``words``), keyed by ``key``.  (A
    named tuple, like ``Sub``: a spun megabyte's walk makes 33,000, each at C speed with ``_new_match``.)"""
    start: int
    end: int
    words: tuple[Sub, ...]
    key: tuple[str, ...]  # gazetteer key of the canonical term

    @property
    def subs(self) -> tuple[Sub, ...]:
        return tuple(w for w in self.words if w.link is not None)


# (speed) ``ClassMatch(...)`` runs the named tuple's own ``__new__``, a Python function: this makes one from
# (start, end, words, key) at C speed (the same object)
_new_match = functools.partial(tuple.__new__, ClassMatch)


# What a branch of the term walk has swapped so far, as bits (``_swap_bits``): every restoration test of
# ``_a_restoration`` but the edging one reads them, not the branch's words.
_SWAPPED, _THESAURUS, _CONTENT, _FUNCTION = 1, 2, 4, 8


def _swap_bits(canonical: str, link: Link | None) -> int:
    """The bits a word read as ``canonical`` through ``link`` adds to its branch's: none when it is not swapped."""
    if link is None:
        return 0
    return _SWAPPED | (_THESAURUS if link.source not in SPINNER_SOURCES else 0) | (
        _FUNCTION if canonical in FUNCTION_WORDS else _CONTENT)


def _restores(bits: int, flags: int, words: int) -> bool:
    """``_a_restoration`` from a branch's ``bits`` (``_swap_bits``, its ``words`` words ORed together), for a step
    known not to complete a pair edged by a function word."""
    if flags & COLLOCATION and bits & _THESAURUS:
        return False
    return bool(bits & _CONTENT) and (words >= 3 or not bits & _FUNCTION)


def _options(tok: Token, lexicon: Lexicon, last_allowed_hyphen: bool = True, thesaurus: bool = True):
    """Ways this token can take part in a canonical term: (canonical word, link, inflection, possessive, end).
    ``thesaurus``: also through thesaurus links (weak evidence, only worth walking in a document that looks spun)."""
    base, poss = split_possessive(tok.text)
    low = normalise(base)
    opts: list[tuple[str, Link | None, str, str, int]] = [(low, None, "", poss, tok.end)]
    if "-" in low and last_allowed_hyphen and not poss and tok.text[:1].isupper():
        part = low.split("-", 1)[0]
        opts.append((part, None, "", "", tok.start + len(part)))  # "Korea-made": a name may end at "Korea"
    opts.extend((cw, link, infl, poss, tok.end) for cw, link, infl in word_options(low, lexicon, not thesaurus)
                if thesaurus or link is None or link.source in SPINNER_SOURCES)
    return opts


def _kept_for(registry, lexicon: Lexicon, make: Callable[[Lexicon], Any] = lambda _lex: ({}, {})) -> Any:
    """What ``registry`` keeps for ``lexicon`` (made by ``make(lexicon)`` on first use; by default one memo
    without and one with the thesaurus): the walk's memos live as long as their lexicon, no longer."""
    got = registry.get(lexicon)
    if got is None:
        got = registry[lexicon] = make(lexicon)
    return got


_WORD_OPTIONS: "weakref.WeakKeyDictionary[Lexicon, tuple[dict[str, list], dict[str, list]]]" = \
    weakref.WeakKeyDictionary()


def word_options(low: str, lexicon: Lexicon, spinner_only: bool = False) -> list[tuple[str, Link | None, str]]:
    """The canonical words a (lower-case) word may stand for: (canonical, link, inflection), in order.  The same
    for every occurrence of the word, so kept per lexicon.  ``spinner_only``: without the thesaurus links (the
    spinners' tables come first in ``Lexicon.links``, so these are the others less the thesaurus's, in order),
    which a walk of the spinners' links alone never reads: most capitalised words of clean text have many."""
    memo = _kept_for(_WORD_OPTIONS, lexicon)[spinner_only]
    got = memo.get(low)
    if got is not None:
        return got
    links = lexicon.swaps.get if spinner_only else lexicon.links
    out: list[tuple[str, Link | None, str]] = []
    if low in FUNCTION_WORDS:  # function words swap only through swaps learned from real spun pages
        out.extend((l.canonical, l, "") for l in lexicon.swaps.get(low, ())
                   if l.origin == "dev-pages" and " " not in l.canonical)
    elif not (low.isdigit() or not low.isalpha() and "-" not in low and "'" not in low):
        for link in links(low) or ():
            if _real_swap(low, link):
                out.append((link.canonical, link, ""))
        for sing in singular_forms(low):
            out.append((sing, None, "plural"))
            for link in links(sing) or ():
                if not _real_swap(sing, link):
                    continue
                if looks_plural(link.canonical):
                    # a plural canonical is not made plural once more ("highlight" -> "features": not
                    # "featureses"); it is the reading of the word as written, unless that is known already
                    if not any(cw == link.canonical and i == "" for cw, _l, i in out):
                        out.append((link.canonical, link, ""))
                    continue
                out.append((link.canonical, link, "plural"))
    memo[low] = out
    return out


def _real_swap(word: str, link: Link) -> bool:
    """Thesaurus links between forms of one stem (korean/korea, emphasise/emphasis) are not swaps."""
    if link.source in SPINNER_SOURCES:
        return True
    c = link.canonical
    n = 0
    for a, b in zip(word, c):
        if a != b:
            break
        n += 1
    return n < 4 or n < 0.6 * min(len(word), len(c))


def _glued_completions(tok: Token, prefix: str, words: tuple, start: int, lexicon: Lexicon,
                       thesaurus: bool = True) -> list[ClassMatch]:
    """A term may end in the first half of a token glued to the next word: "JAPAN Aheadand so" (Ahead and)."""
    if len(tok.text) < 6 or not tok.text.isalpha() or not tok.text[1:].islower():
        return []
    from .rules.glued import best_split
    low = tok.text.lower()
    if low not in glued_words():  # only words that some frequent word pair spells when glued
        return []
    split = best_split(low)
    if split is None:
        return []
    n = len(split[0])
    head = Token(tok.start, tok.start + n, tok.text[:n])
    terms = lexicon.terms
    out = []
    for cw, link, infl, poss, _end in _options(head, lexicon, last_allowed_hyphen=False, thesaurus=thesaurus):
        if (terms.step(prefix, cw) or 0) & COMPLETE and (link is not None or any(w.link is not None for w in words)):
            # The match ends where the term's word does: the rest of the token stays as written, outside it.
            nw = words + (Sub(words[-1].last + 1, head.text, cw, link, infl, poss, head.end, n),)
            out.append(_new_match((start, head.end, nw, tuple(f"{prefix} {cw}".split(" ")))))
    return out


def _joinable(text: str, a: Token, b: Token) -> bool:
    """Two tokens may sit in one term only when separated by plain spaces, or by an ampersand between spaces
    ("Centers for Medicare & Medicaid Services": the term's key, like the text's tokens, has no "&")."""
    gap = text[a.end:b.start]
    return (0 < len(gap) <= 2 and gap.strip(" ") == "") or gap == " & "


def joinable_plain(text: str, a: Token, b: Token) -> bool:
    """Two tokens separated by one or two plain spaces only: the words of one phrase as a spinner writes it."""
    gap = text[a.end:b.start]
    return 0 < len(gap) <= 2 and gap.strip(" ") == ""


NAME_CONNECTORS = frozenset({"of", "the", "and", "for", "&", "de", "on", "in", "to"})


_SHAPES: "weakref.WeakKeyDictionary[Lexicon, tuple[dict[str, tuple], dict[str, tuple]]]" = weakref.WeakKeyDictionary()


def _shape_table(lexicon: Lexicon, thesaurus: bool) -> dict[str, tuple]:
    return _kept_for(_SHAPES, lexicon)[thesaurus]


# (prefix, token as written) -> whether the token can continue the prefix (see ``class_matches``): the same
# wherever the pair stands, so kept per lexicon, at most VIABLE_MEMO pairs (then it starts afresh)
_VIABLE: "weakref.WeakKeyDictionary[Lexicon, tuple[dict[tuple[str, str], bool], dict[tuple[str, str], bool]]]" = \
    weakref.WeakKeyDictionary()
VIABLE_MEMO = 100_000

# (prefix, token as written) -> the token's options that continue the prefix, each with the word it continues it
# with and the flags of that step (see ``class_matches``): also the same wherever the pair stands, so kept per
# lexicon like ``_VIABLE`` (and emptied with it).  (speed) A branch then loops over the few options that go on,
# not over every option of the token with a trie lookup each: most of the walk's time on spun text.
_GOES_ON: "weakref.WeakKeyDictionary[Lexicon, tuple[dict[tuple[str, str], tuple], dict[tuple[str, str], tuple]]]" = \
    weakref.WeakKeyDictionary()
# (prefix, token as written, next token as written or "") -> the steps a branch takes there (see ``class_matches``):
# the same wherever the three stand (a form of several words next excepted), so kept per lexicon like ``_VIABLE``.
# (speed) Spun text repeats its word pairs: a branch then costs one lookup, not a lookup per option of the token.
_WALKED: "weakref.WeakKeyDictionary[Lexicon, tuple[dict[tuple[str, str, str], tuple], dict[tuple[str, str, str], tuple]]]" = \
    weakref.WeakKeyDictionary()


def _walk_memo(registry, lexicon: Lexicon, thesaurus: bool) -> Any:
    """One of the term walk's memos for ``lexicon`` (``_VIABLE``, ``_GOES_ON``, ``_WALKED``), emptied once it
    holds more than VIABLE_MEMO entries: bounded, it starts afresh."""
    memo = _kept_for(registry, lexicon)[thesaurus]
    if len(memo) > VIABLE_MEMO:
        memo.clear()
    return memo


def _shape(word: str, lexicon: Lexicon, thesaurus: bool, glued: Container[str]) -> tuple:
    """What a token written ``word`` offers the term walk, wherever it stands (kept per lexicon, so each distinct
    word is worked out once per run): its options as ``_options`` gives them, with ``None`` for "ends where the
    token ends" or the offset from the token's start where an option ends inside it; the canonical words they
    offer (in order, once each); whether one carries a possessive; and whether the token may be two words glued
    together (see ``_glued_completions``); and the options that start a term, each with the word it starts it
    with (a possessive option may start one as "people's") and the flags of that step (CONTINUES)."""
    table = _shape_table(lexicon, thesaurus)
    got = table.get(word)
    if got is None:
        tok = Token(0, len(word), word)
        rel = tuple((cw, link, infl, poss, None if end == tok.end else end)
                    for cw, link, infl, poss, end in _options(tok, lexicon, thesaurus=thesaurus))
        may_glue = may_be_glued(word, glued)
        starts_term = lexicon.terms.starts_term
        roots = []
        for cw, link, infl, poss, at in rel:
            first = cw
            if not starts_term(first) and poss:  # terms that hold a possessive: "Democratic People's Republic"
                first = cw + "'s" if poss.endswith(("s", "S")) else cw + "'"
            if starts_term(first):
                roots.append((cw, link, infl, poss, at, first, CONTINUES))  # (a first word: the term goes on)
        got = table[word] = (rel, tuple(dict.fromkeys(x[0] for x in rel)), any(x[3] for x in rel), may_glue,
                             tuple(roots))
    return got


def may_be_glued(word: str, glued: Container[str]) -> bool:
    """Whether a token written ``word`` may be two words glued together (see ``_glued_completions``; ``glued``:
    the candidates, ``scan.glued_words``)."""
    return len(word) >= 6 and word.isalpha() and word[1:].islower() and word.lower() in glued


def table_holds(low: str, keys) -> bool:
    """Whether the swap table (``keys``: its keys, or the table) holds the lower-case word as written or as a
    plural of a word it holds."""
    return low in keys or any(s in keys for s in singular_forms(low))


class _Pieces(dict):
    """piece -> whether it may take part in a names-only match (see ``may_swap``), worked out on first sight."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.swaps = lexicon.swaps
        self.unit_heads = lexicon.unit_heads
        self.glued_words = glued_words()

    def __missing__(self, piece: str) -> bool:
        swaps, units, got = self.swaps, self.unit_heads, False
        for m in WORD_RE.finditer(piece):
            word = m.group()
            low = base_key(word)
            if table_holds(low, swaps) or low in units or may_be_glued(word, self.glued_words):
                got = True
                break
        self[piece] = got
        return got


_NAME_PIECES: "weakref.WeakKeyDictionary[Lexicon, _Pieces]" = weakref.WeakKeyDictionary()


def may_swap(lexicon: Lexicon) -> Callable[[str], bool]:
    """Whether some word of ``piece`` (a token, or a run's text between spaces) is swapped by the spinners' tables
    (alone, or as the first word of a form of several words: ``Lexicon.units``) or may be two words glued
    together: only then can it take part in a names-only match (spinner links only).  A run of capitalised words
    with no such piece holds no match (most runs of clean text), and a walk need not start further than a term's
    length before one.  Worked out once per distinct piece."""
    return _kept_for(_NAME_PIECES, lexicon, _Pieces).__getitem__


def _edged_pair(word: str, longer: str, flags: int) -> bool:
    """Whether the step to ``word`` completes a mere word pair edged by a function word ("of"/"is"): no
    restoration, whatever words were swapped (known per step, before a branch's words: see ``_a_restoration``)."""
    return bool(flags & COLLOCATION) and (word in FUNCTION_WORDS or longer.split(" ", 1)[0] in FUNCTION_WORDS)


def _a_restoration(words: tuple[Sub, ...], word: str, longer: str, flags: int) -> bool:
    """Whether a complete walk that swapped a word is a restoration worth proposing."""
    if _edged_pair(word, longer, flags) or flags & COLLOCATION and any(
            x.link is not None and x.link.source not in SPINNER_SOURCES for x in words):
        return False  # a mere word pair reached through a thesaurus, or edged by "of"/"is": no term
        # (the engine would drop it; not building it saves most of the work on spun text)
    # a function word swaps only inside a longer fixed expression ("in the strongest possible terms"), never in
    # a two-word one ("transfers within" is no "moves in")
    return any(x.link is not None and x.canonical not in FUNCTION_WORDS for x in words) and (
        len(words) >= 3 or all(x.link is None or x.canonical not in FUNCTION_WORDS for x in words))


def name_tokens(text: str, lexicon: Lexicon, unit_starts: list[int], max_len: int = 6, cased: bytes | None = None
                ) -> list[Token]:
    """The tokens a names-only walk reads: those of the capitalised runs holding a word the spinners swap
    (``capitalised_tokens``), and from each place where a spinner's form of several words starts with a capital
    (``unit_starts``: "Financial institution of England", "Nationwide Well being Service", where a run of capitals
    stops at the form's small letters), the words after it up to a term's length."""
    toks = capitalised_tokens(text, may_swap(lexicon), cased)  # (``cased``: ``text.ascii_cased(text)``, if known)
    heads = []
    for at in unit_starts:
        m = WORD_RE.match(text, at)
        if m:
            heads.append(Token(at, m.end(), m.group()))
    if not heads:
        return toks
    every = {t.start: t for t in toks}
    every.update((t.start, t) for t in heads)
    for head in heads:
        prev = head
        for m in itertools.islice(WORD_RE.finditer(text, head.end), max_len + 2):  # (a form holds 3 words at most)
            tok = Token(m.start(), m.end(), m.group())
            if not _joinable(text, prev, tok):
                break
            every.setdefault(tok.start, tok)
            prev = tok
    return sorted(every.values(), key=lambda t: t.start)


def class_matches(doc: Document, lexicon: Lexicon, max_len: int = 6, thesaurus: bool = True,
                  names_only: bool = False) -> tuple[list[ClassMatch], list[tuple[int, int]]]:
    """Canonical terms reachable from the text by word swaps, and the spans of terms the text states as-is.
    ``thesaurus=False`` walks spinner swaps only: far fewer branches, for documents with no spun prior.
    ``names_only`` walks capitalised runs only ("Chilly Struggle", "Democratic Individuals's Republic of Korea"):
    in a text whose prior only a rigid name can overcome, that is all worth walking, and most words are skipped."""
    toks = doc.tokens
    text = doc.text
    terms = lexicon.terms
    step = terms.step
    glued = glued_words()
    n = len(toks)
    shapes = _shape_table(lexicon, thesaurus)
    shape_cache: list = [None] * n

    def shape(j: int) -> tuple:
        got = shape_cache[j]
        if got is None:
            word = toks[j].text
            got = shapes.get(word) or _shape(word, lexicon, thesaurus, glued)
            shape_cache[j] = got
        return got

    next_memo = terms.next_memo

    seen_pairs: dict[tuple[str, str], bool] = _walk_memo(_VIABLE, lexicon, thesaurus)
    goes_on: dict[tuple[str, str], tuple] = _walk_memo(_GOES_ON, lexicon, thesaurus)

    def continuations(prefix: str, j: int, rel: tuple) -> tuple:
        """The options of token j that continue ``prefix`` (``_GOES_ON``), worked out on the first sight of the
        pair: (canonical word, link, inflection, possessive, end, the word the term holds, flags)."""
        out = []
        for cw, link, infl, poss, at in rel:
            word = cw
            flags = next_memo.get(f"{prefix}{SEP}{cw}", -1)  # ``step``, its memo read here (-1: not yet)
            if flags == -1:
                flags = step(prefix, cw)
            if flags is None and poss:  # terms that hold a possessive: "Democratic People's Republic"
                word = cw + "'s" if poss.endswith(("s", "S")) else cw + "'"
                flags = step(prefix, word)
            if flags is not None:
                out.append((cw, link, infl, poss, at, word, flags))
        got = goes_on[(prefix, toks[j].text)] = tuple(out)
        return got

    walked = _walk_memo(_WALKED, lexicon, thesaurus)

    def steps_at(prefix: str, j: int, next_text: str) -> tuple:
        """The steps a branch at token j with ``prefix`` takes (``_WALKED``): the options of the token that
        continue the prefix (a term's first word: those that start one, known per word by ``_shape``), each with
        the longer prefix and whether it goes on to the next token (``next_text``, "" when the walk cannot go
        on there), whether it completes a word pair edged by a function word (``_edged_pair``), and what it swaps
        (``_swap_bits``); only those that go on or complete a term.  Most prefixes go on with a few words only,
        and the next token offers none of them: such branches are never pushed."""
        rel, _words, _possessive, _glued, roots = shape_cache[j] or shape(j)
        if prefix:
            items = goes_on.get((prefix, toks[j].text))
            if items is None:
                items = continuations(prefix, j, rel)
        else:
            items = roots
        out = []
        for cw, link, infl, poss, at, word, flags in items:
            longer = f"{prefix} {word}" if prefix else word
            if next_text and at is None and flags & CONTINUES:
                go_on = seen_pairs.get((longer, next_text))  # ``viable``, its memo read here
                if go_on is None:
                    go_on = viable(longer, j + 1)
                if not go_on and j + 1 in unit_places:
                    go_on = unit_goes_on(longer, j + 1)
            else:
                go_on = False
            if go_on or flags & COMPLETE:
                edged = flags & COMPLETE and _edged_pair(word, longer, flags)
                if go_on or not (edged and link is not None):  # (else a swap that ends in no restoration)
                    out.append((cw, link, infl, poss, at, word, flags, longer, go_on, edged, _swap_bits(cw, link)))
        return tuple(out)

    def viable(prefix: str, j: int) -> bool:
        """Whether token j can continue ``prefix`` at all (checked before a branch is pushed)."""
        pair = (prefix, toks[j].text)
        got = seen_pairs.get(pair)
        if got is not None:
            return got
        _rel, words, possessive, glued, _roots = shape_cache[j] or shape(j)
        got = possessive or glued
        if not got:
            for word in words:  # ``terms.step``, its memo read here (millions of calls on a spun megabyte)
                flags = next_memo.get(f"{prefix}{SEP}{word}", -1)  # -1: not looked up yet
                if flags == -1:
                    flags = step(prefix, word)
                if flags is not None:
                    got = True
                    break
        seen_pairs[pair] = got
        return got

    def unit_goes_on(prefix: str, j: int) -> bool:
        """Whether a spinner's form of several words at token j can continue ``prefix`` (``viable`` reads one
        token: what it knows holds wherever the token stands, and a form depends on the tokens after it)."""
        return any(step(prefix, cw) is not None for cw, _link, _poss, _width in unit_places[j])

    units_table, unit_heads = lexicon.units, lexicon.unit_heads
    starts_term = terms.starts_term

    def units_at(j: int) -> tuple:
        """The spinner's forms of several words that start at token j: (canonical word, link, possessive, width)."""
        entries = units_table.get(normalise(toks[j].text))
        out = []
        for words, link in entries or ():
            k = len(words)
            if j + k > n or any(not joinable_plain(text, toks[x], toks[x + 1]) for x in range(j, j + k - 1)):
                continue
            base, poss = split_possessive(toks[j + k - 1].text)
            if normalise(base) == words[-1] and all(normalise(toks[j + x].text) == words[x] for x in range(1, k - 1)):
                out.append((link.canonical, link, poss, k))
        return tuple(out)

    # token index -> the forms of several words that start there (few places: most tokens start none)
    unit_places = {j: got for j in [j for j, t in enumerate(toks) if t.text.lower() in unit_heads]
                   for got in [units_at(j)] if got}
    found: list[ClassMatch] = []
    known_spans: list[tuple[int, int]] = []
    glued_tried: set[tuple[str, int]] = set()
    capital = [t.text[:1].isupper() for t in toks] if names_only else []
    if names_only:
        # A names-only match holds a word the spinners swap: a walk may start only within a term's length of
        # one (and a stated term elsewhere holds no such match, so it need not be known either).
        swapped = may_swap(lexicon)
        walk_from = [False] * n
        next_swap = n
        for i in range(n - 1, -1, -1):
            if swapped(toks[i].text):
                next_swap = i
            walk_from[i] = capital[i] and next_swap - i < max_len
    # token index -> the next token as written when a term may go on to it, else "": terms never cross
    # punctuation, nor go on after stopping inside a token ("Korea-made"); a names-only walk goes on only to a
    # capitalised word or a small word names hold
    nexts = [after.text if (text[tok.end:after.start] == " " or _joinable(text, tok, after)) and (
        not names_only or capital[j + 1] or after.text in NAME_CONNECTORS) else ""
        for j, (tok, after) in enumerate(zip(toks, toks[1:]))] + [""]
    for i in range(n):
        if names_only and not walk_from[i]:
            continue
        if i not in unit_places:
            # (speed) a token whose first steps are known to be none starts no walk: most tokens of spun text
            next_text = nexts[i] if max_len > 1 else ""
            if not (next_text and i + 1 in unit_places) and walked.get(("", toks[i].text, next_text)) == ():
                continue
        origin = toks[i].start  # where every match of this walk starts
        # ..., what the words so far swapped (``_swap_bits``: 0 when none is swapped)
        stack: list[tuple[str, int, tuple, int]] = [("", i, (), 0)]
        while stack:
            prefix, j, words, bits_before = stack.pop()
            tok = toks[j]
            tok_start, tok_end, tok_text = tok  # (speed) unpacked at C speed, not read field by field
            next_text = nexts[j] if len(words) + 1 < max_len else ""
            if next_text and j + 1 in unit_places:  # (a form of several words next: read where it stands)
                steps = steps_at(prefix, j, next_text)
            else:
                key = (prefix, tok_text, next_text)
                steps = walked.get(key)
                if steps is None:
                    steps = walked[key] = steps_at(prefix, j, next_text)
            for cw, link, infl, poss, at, word, flags, longer, go_on, edged, bits in steps:
                end = tok_end if at is None else tok_start + at
                bits |= bits_before
                if not go_on and (edged or not bits):
                    if not bits:  # (complete) a term the text states as it is
                        known_spans.append((origin, end))
                    continue  # (or a word pair edged by a function word: no restoration, ``_a_restoration``)
                nw = words + (_new_sub(Sub, (j, tok_text, cw, link, infl, poss, end, 0, 1)),)  # Sub(j, ..., end)
                if flags & COMPLETE:
                    if not bits:
                        known_spans.append((origin, end))
                    elif not edged and _restores(bits, flags, len(nw)):  # (``_a_restoration``)
                        found.append(_new_match((origin, end, nw, tuple(longer.split(" ")))))
                if go_on:
                    stack.append((longer, j + 1, nw, bits))
            # the spinner's forms of several words for one of the term's words ("Financial institution of England")
            for cw, link, poss, width in unit_places.get(j, ()):
                if names_only and any(toks[x].text.lower() == cw for x in range(j, j + width)):
                    # in a text that leans clean, a form that holds the word it stands for ("court docket" for
                    # "court") is no sign: "the Supreme Court docket" is the court's list of cases, "the Chinese
                    # language school" a school, "Court Docket Report" a title (a form of other words, "Photo
                    # voltaic" for "Solar", is the spinner's wherever it stands; a spun text's prior carries both)
                    continue
                if prefix:
                    flags = next_memo.get(f"{prefix}{SEP}{cw}", -1)
                    if flags == -1:
                        flags = step(prefix, cw)
                    if flags is None:
                        continue
                elif starts_term(cw):
                    flags = CONTINUES
                else:
                    continue
                last = j + width - 1
                end = toks[last].end
                longer = f"{prefix} {cw}" if prefix else cw
                go_on = bool(flags & CONTINUES) and len(words) + 1 < max_len and last + 1 < n and \
                    _joinable(text, toks[last], toks[last + 1]) and \
                    (not names_only or capital[last + 1] or toks[last + 1].text in NAME_CONNECTORS) and \
                    (viable(longer, last + 1) or last + 1 in unit_places and unit_goes_on(longer, last + 1))
                complete = bool(flags & COMPLETE)
                if not (go_on or complete):
                    continue
                nw = words + (Sub(j, text[toks[j].start:end], cw, link, "", poss, end, 0, width),)
                bits = bits_before | _swap_bits(cw, link)
                if complete and not _edged_pair(cw, longer, flags) and _restores(bits, flags, len(nw)):
                    found.append(_new_match((origin, end, nw, tuple(longer.split(" ")))))  # (``_a_restoration``)
                if go_on:
                    stack.append((longer, last + 1, nw, bits))
            # (a glued token has six letters at least: ``may_be_glued``, asked of the shorter ones for nothing)
            if words and len(tok_text) >= 6 and (shape_cache[j] or shape(j))[3] and (prefix, j) not in glued_tried:
                glued_tried.add((prefix, j))
                found.extend(_glued_completions(tok, prefix, words, origin, lexicon, thesaurus))
    return found, known_spans
