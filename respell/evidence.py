"""Why a candidate is right: link strength, phrase knowledge, context and the document's spin score.

Two decisions live here and nowhere else:

* ``spin_evidence``: is this document spun?  Independent signatures add up: known spun phrases (fingerprints)
  and, for each word of the spinner swap table, how far the document's use of the spun word over its canonical
  word departs from ordinary English (a binomial log-likelihood ratio against word frequencies: a spinner
  rewrites nearly every "also" as "additionally", a writer almost never does).
* ``confidence``: how sure a single restoration is, from the weakest link it relies on, whether the canonical
  term is confirmed by context (an acronym in parentheses, the same term elsewhere), and the document's spin
  score.  Thesaurus-only candidates stay below the default threshold unless context confirms them.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import SOURCE_STRENGTH, Lexicon, Link

SPUN_THRESHOLD = 4.0          # nats of independent evidence above which a document is judged spun
SPINNER_RATE = 0.6            # share of a table word's occurrences a spinner rewrites (it picks at random)
SHORT_DOCUMENT = 120          # words: below this a document carries too little evidence either way
MIN_SIGNATURES = 3            # independent positive signatures a spun document must show
SIGNATURE_ZIPF = 5.0          # a swap is a signature only when its canonical word is this frequent (topic-neutral)


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency
    return zipf_frequency(word, "en")


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    from wordfreq import word_frequency as wf  # imported late: clean short texts never need it
    return wf(word, "en") or 1e-9


@dataclass
class SpinReport:
    evidence: float                                   # nats: > SPUN_THRESHOLD means spun
    signatures: list[tuple[str, float]] = field(default_factory=list)
    swap_llr: dict[str, float] = field(default_factory=dict)   # spun word -> how likely it is spinner output here
    swap_best: dict[str, str] = field(default_factory=dict)    # spun word -> the canonical word it most likely replaced
    words: int = 0
    families: dict[str, float] = field(default_factory=dict)   # evidence per spinner family (news, science)

    @property
    def active(self) -> frozenset[str]:
        """Spinner families this document shows: only their swap tables count as strong evidence."""
        if not self.spun:
            return frozenset()
        top = max(self.families.values(), default=0.0)
        return frozenset(f for f, e in self.families.items() if e >= 1.5 and e >= 0.5 * top)

    positives: int = 0                                         # distinct signatures pointing to spinning
    strong: int = 0                                            # distinct never-English fingerprints

    @property
    def spun(self) -> bool:
        return self.strong >= 2 or (self.evidence >= SPUN_THRESHOLD and self.positives >= MIN_SIGNATURES)

    def lean(self) -> "SpinReport":
        """The figures only (score, verdict, evidence, words): what a worker process sends back."""
        return SpinReport(self.evidence, words=self.words, positives=self.positives, strong=self.strong)

    @property
    def short(self) -> bool:
        return self.words < SHORT_DOCUMENT

    @property
    def score(self) -> float:
        """Spin score in [0, 1]: above 0.5 exactly when the document is judged spun."""
        s = 1.0 / (1.0 + math.exp(-(self.evidence - SPUN_THRESHOLD)))
        return max(s, 0.75) if self.spun else min(s, 0.49)


def link_strength(link: Link) -> float:
    """Probability that a text word linked this way was written by a spinner in place of the canonical word."""
    if link.source == "news" and link.origin == "dev-pages":  # number of real spun pages attesting the swap
        return min(0.95, 0.75 + 0.05 * link.weight)
    if link.source == "news":     # curated strength 1-10
        return min(0.95, 0.5 + 0.045 * link.weight)
    if link.source == "science":  # attestations in the tortured-phrase list
        return min(0.93, 0.5 + 0.12 * link.weight)
    return SOURCE_STRENGTH.get(link.source, 0.15)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def is_signature(spun: str, link: Link) -> bool:
    """Only topic-neutral swaps are signatures: a spinner rewrites "also" in every text, while a document about
    Python says "version" and never "model" for reasons of topic, not spinning."""
    if link.source != "news" or link.origin != "dev-pages" or " " in link.canonical:
        return False  # only swaps attested on real spun pages: a curated guess is no evidence of spinning
    zc = zipf(link.canonical)
    return zc >= SIGNATURE_ZIPF and zipf(spun) < zc - 0.3


def binomial_llr(spun_count: int, canon_count: int, f_s: float, f_c: float) -> float:
    """Log-likelihood ratio, spinner against writer, of seeing the spun forms ``spun_count`` times and the
    canonical word ``canon_count`` times; ``f_s`` and ``f_c`` are their frequencies in ordinary English."""
    p0 = min(0.95, f_s / (f_s + f_c))
    p1 = max(SPINNER_RATE, p0)
    if p1 <= p0:
        return 0.0
    llr = spun_count * math.log(p1 / p0) + canon_count * math.log((1 - p1) / (1 - p0))
    if spun_count < canon_count:  # writers' habits vary far more than a binomial says: a spinner's form dominates
        llr = min(llr, 0.0)
    # One occurrence proves little either way: a writer may pick the rarer word once, a spinner may skip one.
    return max(-0.7 if canon_count > 2 else -0.3, min(llr, 2.0 if spun_count > 1 else 0.5))


_INDEXES: "weakref.WeakKeyDictionary[Lexicon, tuple[list, dict[str, list[int]]]]" = weakref.WeakKeyDictionary()


def _signature_index(lexicon: Lexicon) -> tuple[list, dict[str, list[int]]]:
    """The signatures with their strongest link, and word -> the signatures that count it."""
    got = _INDEXES.get(lexicon)
    if got is None:
        table = [(canon, f_c, forms, f_s, max(w for _s, w in forms)) for canon, f_c, forms, f_s in lexicon.signatures]
        index: dict[str, list[int]] = {}
        for i, (canon, _f_c, forms, _f_s, _strength) in enumerate(table):
            for w in dict.fromkeys([canon] + [s for s, _w in forms]):
                index.setdefault(w, []).append(i)
        got = _INDEXES[lexicon] = (table, index)
    return got


def spin_evidence(lexicon: Lexicon, fingerprint_hits, word_counts: dict[str, int], words: int) -> SpinReport:
    report = SpinReport(0.0, words=words)
    seen: set[str] = set()
    for hit in fingerprint_hits:
        fp = hit.entry
        if fp.spun in seen or fp.status == "report":
            continue
        seen.add(fp.spun)
        w = 2.0 if fp.status == "fix" else 0.6
        report.strong += fp.status == "fix"
        report.positives += 1
        report.signatures.append((f'"{fp.spun}" is a known spun phrase', w))
        report.evidence += w
        report.families[fp.family] = report.families.get(fp.family, 0.0) + w
    # Signatures per canonical word: how many of its occurrences appear in spun forms, against ordinary English.
    # Only the signatures with a word in the text can contribute; they are taken in the table's order.
    table, index = _signature_index(lexicon)
    touched = sorted({i for w in word_counts for i in index.get(w, ())})
    for canon, f_c, forms, f_s, strength in (table[i] for i in touched):
        m = word_counts.get(canon, 0)
        k = sum(word_counts.get(s, 0) for s, _w in forms)
        if k + m == 0:
            continue
        llr = binomial_llr(k, m, f_s, f_c) * strength
        used = [s for s, _w in forms if word_counts.get(s, 0)]
        for s in used:
            if llr > report.swap_llr.get(s, -99.0):
                report.swap_llr[s] = llr
                report.swap_best[s] = canon
        if abs(llr) >= 0.5:
            shown = ", ".join(f'"{s}" {word_counts[s]}x' for s in used) or "no spun form"
            report.signatures.append((f'{shown} vs "{canon}" {m}x', llr))
        report.positives += llr >= 1.0
        report.evidence += llr
        report.families["news"] = report.families.get("news", 0.0) + llr
    report.signatures.sort(key=lambda s: -abs(s[1]))
    return report


def initials(words) -> str:
    return "".join(w[0] for w in words if w and w not in ("of", "the", "and", "for", "on", "in")).upper()


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))
