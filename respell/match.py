"""Where a phrase is matched: fingerprint scanning and synonym-class matching, producing candidates.

Two matchers, both whole-word and longest-first:

* ``FingerprintScanner`` finds known spun phrases (and the words of the spinner swap table, for document-level
  counting) in one pass of an Aho-Corasick automaton over the case-folded text.  It never tokenises, so clean
  text costs one automaton pass.
* ``class_matches`` runs only on documents judged spun: it walks a trie of canonical gazetteer terms over the
  text's tokens, letting each content word stand for itself or for any canonical word it is linked to (spinner
  swap or thesaurus), with plural and possessive endings carried over.  Spun variants are never enumerated.

Matchers only say what *could* be restored; ``evidence`` decides how sure we are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import re
from collections import Counter

import ahocorasick_rs
import regex

from .lexicon import FUNCTION_WORDS, SPINNER_SOURCES, Fingerprint, Lexicon, Link
from .text import APOSTROPHES, Document, Token, normalise, singular_forms, split_possessive

_WORDCHAR = regex.compile(r"[\p{L}\p{M}\p{N}]")


def _is_word_char(c: str) -> bool:
    return bool(c) and bool(_WORDCHAR.match(c))


@dataclass(frozen=True, slots=True)
class FingerprintHit:
    start: int
    end: int
    entry: Fingerprint


_PUNCT = "\"'()[]{}<>.,;:!?\u201c\u201d\u2018\u2014\u2013-*_"


class FingerprintScanner:
    """One automaton over the fingerprint keys, plus word counts for the spinner signatures."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        fps = lexicon.fingerprints
        self.patterns: list[str] = sorted(fps)
        self.count_words = frozenset(w for canon, _f, forms, _fs in lexicon.signatures
                                     for w in [canon] + [s for s, _w in forms])
        self._ac = ahocorasick_rs.AhoCorasick(
            self.patterns, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST) if self.patterns else None

    def scan(self, doc: Document) -> tuple[list[FingerprintHit], dict[str, int], int]:
        """Fingerprint hits, counts of the signature words (whole words), and the number of words."""
        hay = doc.folded
        hits: list[FingerprintHit] = []
        if self._ac is not None:
            fps = self.lexicon.fingerprints
            n = len(hay)
            for idx, s, e in self._ac.find_matches_as_indexes(hay):
                if s > 0 and (_is_word_char(hay[s - 1]) or (hay[s - 1] in "-'" and s > 1 and _is_word_char(hay[s - 2]))):
                    continue
                if e < n and _is_word_char(hay[e]):
                    continue
                if e + 1 < n and hay[e] == "'" and _is_word_char(hay[e + 1]) and hay[e + 1] != "s":
                    continue  # a contraction continues the word ("don't"), a possessive does not
                hits.append(FingerprintHit(s, e, fps[self.patterns[idx]]))
        # Counting whitespace-separated tokens is one C-level pass; a word followed by punctuation ("also,")
        # is found by stripping it from the few tokens that are not already plain words we want.
        all_counts = Counter(hay.split())
        wanted = self.count_words
        counts: dict[str, int] = {}
        for tok, c in all_counts.items():
            if tok not in wanted:
                tok = tok.strip(_PUNCT)
                if tok not in wanted:
                    continue
            counts[tok] = counts.get(tok, 0) + c
        return hits, counts, all_counts.total()


# ------------------------------------------------------------------------------------------- class matching

@dataclass(frozen=True, slots=True)
class Sub:
    """One word of a class match: what the text says, what the canonical term says, and the link between."""

    index: int            # token index
    text: str             # the text's word as written (possessive kept)
    canonical: str        # canonical word (lower case, before re-inflection)
    link: Link | None     # None when the word is unchanged (or only inflected)
    inflect: str          # "" or "plural"
    possessive: str       # "'s", "'" or ""
    end: int              # char offset where this word ends in the text (may stop inside a hyphenated token)
    split: int = 0        # > 0: the token is two words glued together; the term's word is its first `split` chars


@dataclass(frozen=True, slots=True)
class ClassMatch:
    start: int
    end: int
    words: tuple[Sub, ...]
    key: tuple[str, ...]  # gazetteer key of the canonical term

    @property
    def subs(self) -> tuple[Sub, ...]:
        return tuple(w for w in self.words if w.link is not None)


def _options(tok: Token, lexicon: Lexicon, last_allowed_hyphen: bool = True):
    """Ways this token can take part in a canonical term: (canonical word, link, inflection, possessive, end)."""
    base, poss = split_possessive(tok.text)
    low = normalise(base)
    opts: list[tuple[str, Link | None, str, str, int]] = [(low, None, "", poss, tok.end)]
    if "-" in low and last_allowed_hyphen and not poss and tok.text[:1].isupper():
        part = low.split("-", 1)[0]
        opts.append((part, None, "", "", tok.start + len(part)))  # "Korea-made": a name may end at "Korea"
    if low in FUNCTION_WORDS:  # function words swap only through swaps learned from real spun pages
        opts.extend((l.canonical, l, "", poss, tok.end) for l in lexicon.swaps.get(low, ())
                    if l.origin == "dev-pages" and " " not in l.canonical)
        return opts
    if low.isdigit() or not low.isalpha() and "-" not in low and "'" not in low:
        return opts
    for link in lexicon.links(low):
        if _real_swap(low, link):
            opts.append((link.canonical, link, "", poss, tok.end))
    for sing in singular_forms(low):
        opts.append((sing, None, "plural", poss, tok.end))
        for link in lexicon.links(sing):
            if _real_swap(sing, link):
                opts.append((link.canonical, link, "plural", poss, tok.end))
    return opts


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


def _glued_completions(tok: Token, node: dict, words: tuple, start: int, lexicon: Lexicon) -> list[ClassMatch]:
    """A term may end in the first half of a token glued to the next word: "JAPAN Aheadand so" (Ahead and)."""
    if len(tok.text) < 6 or not tok.text.isalpha() or not tok.text[1:].islower():
        return []
    from .rules._scan import candidates
    from .rules.glued import best_split
    low = tok.text.lower()
    if low not in candidates()[0]:  # only words that some frequent word pair spells when glued
        return []
    split = best_split(low)
    if split is None:
        return []
    n = len(split[0])
    head = Token(tok.start, tok.start + n, tok.text[:n])
    out = []
    for cw, link, infl, poss, _end in _options(head, lexicon, last_allowed_hyphen=False):
        child = node.get(cw)
        key = child.get(None) if child else None
        if key is not None and (link is not None or any(w.link is not None for w in words)):
            nw = words + (Sub(words[-1].index + 1, head.text, cw, link, infl, poss, tok.end, n),)
            out.append(ClassMatch(start, tok.end, nw, key))
    return out


def _joinable(text: str, a: Token, b: Token) -> bool:
    """Two tokens may sit in one term only when separated by plain spaces."""
    gap = text[a.end:b.start]
    return 0 < len(gap) <= 2 and gap.strip(" ") == ""


def class_matches(doc: Document, lexicon: Lexicon, max_len: int = 6) -> tuple[list[ClassMatch], list[tuple[int, int]]]:
    """Canonical terms reachable from the text by word swaps, and the spans of terms the text states as-is."""
    toks = doc.tokens
    text = doc.text
    trie = lexicon.trie
    opt_cache: dict[int, list] = {}

    def opts(i: int):
        o = opt_cache.get(i)
        if o is None:
            o = opt_cache[i] = _options(toks[i], lexicon)
        return o

    found: list[ClassMatch] = []
    known_spans: list[tuple[int, int]] = []
    glued_tried: set[tuple[int, int]] = set()
    for i in range(len(toks)):
        stack = [(trie, i, ())]
        while stack:
            node, j, words = stack.pop()
            if j >= len(toks) or len(words) >= max_len:
                continue
            if words and (not _joinable(text, toks[j - 1], toks[j]) or words[-1].end != toks[j - 1].end):
                continue  # terms never cross punctuation, nor continue after stopping inside "Korea-made"
            for cw, link, infl, poss, end in opts(j):
                child = node.get(cw)
                if child is None and poss:  # terms that hold a possessive: "Democratic People's Republic"
                    child = node.get(cw + "'s") if poss.endswith(("s", "S")) else node.get(cw + "'")
                if child is None:
                    continue
                w = Sub(j, toks[j].text, cw, link, infl, poss, end)
                nw = words + (w,)
                key = child.get(None)
                if key is not None:
                    if all(x.link is None for x in nw):
                        known_spans.append((toks[i].start, end))
                    elif any(x.link is not None and x.canonical not in FUNCTION_WORDS for x in nw) and (
                            len(nw) >= 3 or all(x.link is None or x.canonical not in FUNCTION_WORDS for x in nw)):
                        # a function word swaps only inside a longer fixed expression ("in the strongest
                        # possible terms"), never in a two-word one ("transfers within" is no "moves in")
                        found.append(ClassMatch(toks[i].start, end, nw, key))
                stack.append((child, j + 1, nw))
            if words and (id(node), j) not in glued_tried:
                glued_tried.add((id(node), j))
                found.extend(_glued_completions(toks[j], node, words, toks[i].start, lexicon))
    return found, known_spans
