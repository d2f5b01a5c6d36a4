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
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import SOURCE_STRENGTH, Lexicon, Link

SPUN_THRESHOLD = 4.0          # nats of independent evidence above which a document is judged spun
SPINNER_RATE = 0.85           # share of a swapped word's occurrences a spinner rewrites
SHORT_DOCUMENT = 120          # words: below this a document carries too little evidence either way


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    from wordfreq import word_frequency as wf  # imported late: clean short texts never need it
    return wf(word, "en") or 1e-9


@dataclass
class SpinReport:
    evidence: float                                   # nats: > SPUN_THRESHOLD means spun
    signatures: list[tuple[str, float]] = field(default_factory=list)
    swap_llr: dict[str, float] = field(default_factory=dict)   # spun word -> how likely it is spinner output here
    words: int = 0
    families: dict[str, float] = field(default_factory=dict)   # evidence per spinner family (news, science)

    @property
    def active(self) -> frozenset[str]:
        """Spinner families this document shows: only their swap tables count as strong evidence."""
        if not self.spun:
            return frozenset()
        top = max(self.families.values(), default=0.0)
        return frozenset(f for f, e in self.families.items() if e >= 1.5 and e >= 0.5 * top)

    @property
    def spun(self) -> bool:
        return self.evidence >= SPUN_THRESHOLD

    @property
    def short(self) -> bool:
        return self.words < SHORT_DOCUMENT

    @property
    def score(self) -> float:
        """Spin score in [0, 1]: 0.5 at the decision threshold."""
        return 1.0 / (1.0 + math.exp(-(self.evidence - SPUN_THRESHOLD)))


def link_strength(link: Link) -> float:
    """Probability that a text word linked this way was written by a spinner in place of the canonical word."""
    if link.source == "news":     # curated strength 1-10, or the number of spun pages attesting the swap
        return min(0.95, 0.5 + 0.045 * link.weight)
    if link.source == "science":  # attestations in the tortured-phrase list
        return min(0.93, 0.5 + 0.12 * link.weight)
    return SOURCE_STRENGTH.get(link.source, 0.15)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def swap_llr(spun_count: int, canon_count: int, spun_word: str, canon_word: str) -> float:
    f_s, f_c = word_frequency(spun_word), word_frequency(canon_word)
    p0 = min(0.95, f_s / (f_s + f_c))
    p1 = max(SPINNER_RATE, p0)
    if p1 <= p0:
        return 0.0
    llr = spun_count * math.log(p1 / p0) + canon_count * math.log((1 - p1) / (1 - p0))
    return max(-1.5, min(llr, 2.5, 0.8 * spun_count))


def spin_evidence(lexicon: Lexicon, fingerprint_hits, word_counts: dict[str, int], words: int) -> SpinReport:
    report = SpinReport(0.0, words=words)
    seen: set[str] = set()
    for hit in fingerprint_hits:
        fp = hit.entry
        if fp.spun in seen or fp.status == "report":
            continue
        seen.add(fp.spun)
        w = 2.0 if fp.status == "fix" else 0.6
        report.signatures.append((f'"{fp.spun}" is a known spun phrase', w))
        report.evidence += w
        report.families[fp.family] = report.families.get(fp.family, 0.0) + w
    for spun, k in word_counts.items():
        links = lexicon.swaps.get(spun)
        if not links:
            continue
        scored = [(swap_llr(k, word_counts.get(l.canonical, 0), spun, l.canonical) * link_strength(l), l.canonical,
                   l.source) for l in links if " " not in l.canonical]
        if not scored:
            continue
        best = max(scored)
        report.swap_llr[spun] = best[0]
        if abs(best[0]) >= 0.5:
            report.signatures.append((f'"{spun}" {k}x vs "{best[1]}" {word_counts.get(best[1], 0)}x', best[0]))
        report.evidence += best[0]
        report.families[best[2]] = report.families.get(best[2], 0.0) + best[0]
    report.signatures.sort(key=lambda s: -abs(s[1]))
    return report


def initials(words) -> str:
    return "".join(w[0] for w in words if w and w not in ("of", "the", "and", "for", "on", "in")).upper()


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))
