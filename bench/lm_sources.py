"""Which offline n-gram source should respell's language model (respell/langmodel.py) be built from?

One command (``python bench/lm_sources.py``) measures each candidate source and prints a table:

* wordsegment's unigrams.txt and bigrams.txt (a dependency already; Apache-2.0), as listed;
* the bigram dictionary shipped in symspellpy (``frequency_bigramdictionary_en_243_342.txt``, MIT), with its
  unigram dictionary;
* Debian's pocketsphinx-en-us trigram model (``/usr/share/pocketsphinx/model/en-us/en-us.lm.bin``, BSD-2),
  queried through the ``pocketsphinx`` Python bindings (PyPI) because neither Debian's ``sphinx_lm_convert``
  (an assertion fails) nor the bindings' ``write`` (garbage probabilities, then a crash) can export it.  Its
  binary trie can be decoded directly (16-bit quantised probabilities and backoffs, bit-packed entries keyed
  by the last word first): 3.6 million letters-only n-grams, about 94 MB as a TSV table, and pruning it to
  the size budget (17.5 MB, the n-grams of largest weighted probability) lost its advantage over wordsegment
  in the naturalness separation.  What is shipped from it is ``ngrams_attested.tsv``: its word pairs that
  wordsegment's list lacks, where the second word is at least 10^1.25 times likelier after the first;
* respell's built ``dictionaries/ngrams_*.tsv`` (web counts and Sphinx-attested pairs) through
  ``respell.langmodel`` (what the engine reads).

A source missing here (package not installed) is listed as such.  Measured on the phrase pairs of
``../shared/data/spun_pages_dev.jsonl`` and ``../shared/data/tortured_phrases.tsv`` and the seed gold
(``../shared/eval/seed_gold.tsv``), pairs whose two sides both have two words or more:

* ``canon seen`` / ``spun seen``: every adjacent word pair of the phrase is listed (seen) in the source;
* ``canon > spun``: the source prefers the canonical side (count sources: the smallest pair count of the
  phrase, 0 when a pair is unlisted; pocketsphinx: the phrase's trigram log-probability);
* ``only canon``: the canonical side is seen while the spun side is not (the clearest signal);

and on clean text (``../shared/seeds/clean_answer.txt`` and ``tests/data/clean/*.txt``), ``clean seen``: how
many distinct word pairs of the clean text the source lists at all (1 - this is the rate at which an unseen
pair would wrongly look unnatural).  ``MB`` is the size of the source's files, ``load`` the time to open it.

A second table (left out with ``--sources-only``) gives the distribution of
``respell.langmodel.LanguageModel.naturalness`` on the spun -> canonical pairs, against the false-positive
risk: word pairs of the clean texts with one content word replaced by a word the lexicon links it to (the
thesaurus and the spinner swaps, at most 3 per pair), with and without one word of context; then the share of
each set per naturalness bin and their ratio, which is the likelihood ratio the engine can read off a bin;
then the same distributions under pocketsphinx's full trigram model, for comparison; then the cost of a call.
"""

from __future__ import annotations

import json
import math
import re
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from respell.text import WORD_RE, normalise  # noqa: E402

Phrase = tuple[str, ...]
SPHINX_LM = Path("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin")


def words(text: str) -> Phrase:
    text = re.sub(r"\([^)]*\)", " ", text)  # "region of interest (roi)": the note is not the phrase
    return tuple(normalise(w) for w in WORD_RE.findall(text))


def dev_pairs() -> list[tuple[Phrase, Phrase]]:
    out = []
    with open(SHARED / "data" / "spun_pages_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            for p in json.loads(line).get("pairs", []):
                out.append((words(p["spun"]), words(p["canonical"])))
    return out


def tortured_pairs() -> list[tuple[Phrase, Phrase]]:
    out = []
    with open(SHARED / "data" / "tortured_phrases.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and "?" not in cols[1]:
                out.append((words(cols[0]), words(cols[1])))
    return out


def seed_pairs() -> list[tuple[Phrase, Phrase]]:
    out = []
    for line in (SHARED / "eval" / "seed_gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        out.append((words(cols[1]), words(cols[2].split("|")[0])))
    return out


def multiword(pairs: Iterable[tuple[Phrase, Phrase]]) -> list[tuple[Phrase, Phrase]]:
    return [(s, c) for s, c in pairs if len(s) >= 2 and len(c) >= 2 and s != c]


def clean_bigrams() -> list[Phrase]:
    """Distinct adjacent word pairs of the clean texts, within sentences and lines."""
    texts = [SHARED / "seeds" / "clean_answer.txt", *sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]
    out: dict[Phrase, None] = {}
    for path in texts:
        if not path.exists():
            continue
        for chunk in re.split(r"[.!?;:\n()\"\u201c\u201d]+", path.read_text(encoding="utf-8")):
            ws = [normalise(w) for w in WORD_RE.findall(chunk)]
            for a, b in zip(ws, ws[1:]):
                if a.isalpha() and b.isalpha():
                    out[(a, b)] = None
    return list(out)


# ------------------------------------------------------------------------------------------------ sources

class Source:
    """A source answers: is a word pair listed, and how strongly does it back a phrase."""

    name = ""
    files: list[Path] = []

    def seen(self, pair: Phrase) -> bool:
        raise NotImplementedError

    def score(self, phrase: Phrase) -> float:
        raise NotImplementedError

    def phrase_seen(self, phrase: Phrase) -> bool:
        return all(self.seen(p) for p in zip(phrase, phrase[1:]))


class CountSource(Source):
    def __init__(self, name: str, files: list[Path], bigrams: dict[str, int]) -> None:
        self.name, self.files, self.bigrams = name, files, bigrams

    def seen(self, pair: Phrase) -> bool:
        return " ".join(pair) in self.bigrams

    def score(self, phrase: Phrase) -> float:
        return min(self.bigrams.get(" ".join(p), 0) for p in zip(phrase, phrase[1:]))


def read_counts(path: Path, sep: str | None) -> dict[str, int]:
    out: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if sep == "\t":
                term, _, count = line.rstrip("\n").partition("\t")
            else:
                *ws, count = line.split()
                term = " ".join(ws)
            term = term.lower()
            if count.isdigit():
                out[term] = out.get(term, 0) + int(count)
    return out


def wordsegment_source() -> Source:
    import wordsegment
    folder = Path(wordsegment.__file__).parent
    files = [folder / "unigrams.txt", folder / "bigrams.txt"]
    read_counts(files[0], "\t")
    return CountSource("wordsegment 1.3.1 (uni+bigrams)", files, read_counts(files[1], "\t"))


def symspell_source() -> Source:
    import symspellpy
    folder = Path(symspellpy.__file__).parent
    files = [folder / "frequency_dictionary_en_82_765.txt", folder / "frequency_bigramdictionary_en_243_342.txt"]
    read_counts(files[0], None)
    return CountSource("symspellpy 6 (bigram dictionary)", files, read_counts(files[1], None))


class SphinxSource(Source):
    """pocketsphinx's trigram model through its query API.  ``prob([w2, w1])`` is log P(w2 | w1) (history
    after the word); a pair is listed when that differs from the backed-off value bo(w1) + P(w2), bo(w1)
    being read off three rare words that never follow w1 in a news model."""

    RARE = ("aamodt", "abacha", "aardvark")

    def __init__(self) -> None:
        import pocketsphinx as ps
        self.name, self.files = "pocketsphinx-en-us (trigram, queried)", [SPHINX_LM]
        self.model = ps.NGramModel.readfile(str(SPHINX_LM))
        self.zero = self.model.prob(("zzqxj",))
        self._bo: dict[str, int | None] = {}

    def backoff(self, w1: str) -> int | None:
        if w1 not in self._bo:
            bos = sorted(self.model.prob((x, w1)) - self.model.prob((x,)) for x in self.RARE)
            self._bo[w1] = bos[1] if bos[-1] - bos[0] <= 2 else None  # scores are rounded log units
        return self._bo[w1]

    def seen(self, pair: Phrase) -> bool:
        w1, w2 = pair
        p1, p2 = self.model.prob((w1,)), self.model.prob((w2,))
        if p1 <= self.zero or p2 <= self.zero:
            return False
        bo = self.backoff(w1)
        return bo is not None and abs(self.model.prob((w2, w1)) - (bo + p2)) > 2

    def naturalness(self, observed: Phrase, candidate: Phrase, left: str | None = None,
                    right: str | None = None) -> float:
        """As ``respell.langmodel.LanguageModel.naturalness``, under this model (scores are in log base 1.0001)."""
        if observed == candidate or not any(self.model.prob((w,)) > self.zero for w in (*observed, *candidate)):
            return 0.0

        def ln(phrase: Phrase) -> float:
            seq = ((left,) if left else ()) + phrase + ((right,) if right else ())
            total = 0 if left else self.model.prob((seq[0],))
            for i in range(1, len(seq)):
                total += max(self.model.prob(tuple(reversed(seq[max(0, i - 2):i + 1]))), -400000)  # floor unknowns
            return total * math.log(1.0001)

        return max(-10.0, min(10.0, ln(candidate) - ln(observed)))

    def score(self, phrase: Phrase) -> float:
        total = self.model.prob((phrase[0],))
        for i in range(1, len(phrase)):
            total += self.model.prob(tuple(reversed(phrase[max(0, i - 2):i + 1])))
        return total


class RespellSource(Source):
    def __init__(self) -> None:
        from respell.langmodel import LanguageModel
        from respell.lexicon import default_directory, files_of
        self.name = "respell ngrams_web + ngrams_attested (built)"
        self.files = files_of(default_directory(), "ngrams")
        self.lm = LanguageModel.load()
        self.lm.count(("the",))  # open it now, so the load time is measured

    def seen(self, pair: Phrase) -> bool:
        return self.lm.count(pair) > 0

    def score(self, phrase: Phrase) -> float:
        return self.lm.logprob(phrase)  # the model as the engine sees it (backoff for unlisted pairs)


# ------------------------------------------------------------------------------------------- naturalness

def thesaurus_pairs(limit_per_pair: int = 3) -> list[tuple[Phrase, Phrase, str | None, str | None]]:
    """Clean word pairs with one content word replaced by a word the lexicon links it to (thesaurus or
    spinner swap): what the engine could propose on clean text.  (observed, candidate, left, right)."""
    from respell.lexicon import FUNCTION_WORDS, Lexicon
    lex = Lexicon.load()
    texts = [SHARED / "seeds" / "clean_answer.txt", *sorted((ROOT / "tests" / "data" / "clean").glob("*.txt"))]
    out = []
    seen: set[tuple[Phrase, Phrase]] = set()
    for path in texts:
        if not path.exists():
            continue
        for chunk in re.split(r"[.!?;:\n()\"\u201c\u201d]+", path.read_text(encoding="utf-8")):
            ws = [normalise(w) for w in WORD_RE.findall(chunk)]
            for i in range(len(ws) - 1):
                pair = (ws[i], ws[i + 1])
                if not all(w.isalpha() for w in pair):
                    continue
                n = 0
                for j in (0, 1):
                    if pair[j] in FUNCTION_WORDS:
                        continue
                    for link in lex.links(pair[j]):
                        alt = tuple(link.canonical.split())
                        cand = pair[:j] + alt + pair[j + 1:]
                        if cand == pair or (pair, cand) in seen or n >= limit_per_pair:
                            continue
                        seen.add((pair, cand))
                        n += 1
                        out.append((pair, cand, ws[i - 1] if i else None, ws[i + 2] if i + 2 < len(ws) else None))
    return out


def distribution(values: list[float]) -> str:
    v = sorted(values)
    q = [v[min(len(v) - 1, int(p * len(v)))] for p in (0.1, 0.25, 0.5, 0.75, 0.9)]
    over = [sum(x > t for x in v) / len(v) for t in (0.0, 1.0, 2.0, 3.0, 5.0)]
    return (f"{len(v)} | " + " | ".join(f"{x:+.1f}" for x in q) + " | "
            + " | ".join(f"{x:.0%}" for x in over))


def naturalness_table() -> None:
    """naturalness(spun -> canonical) on the known spun pairs against naturalness(clean -> thesaurus
    replacement) on the clean texts: how well the language model separates them (the lead's calibration)."""
    from respell.langmodel import LanguageModel
    lm = LanguageModel.load()
    spun = {"dev pages": [(s, c) for s, c in dev_pairs() if s and c and s != c],
            "tortured": [(s, c) for s, c in tortured_pairs() if s and c and s != c],
            "seed gold": [(s, c) for s, c in seed_pairs() if s and c and s != c]}
    clean = thesaurus_pairs()
    print("\nnaturalness = ln P(candidate) - ln P(observed) (respell.langmodel, clipped to +-10)\n")
    print("| set | n | p10 | p25 | median | p75 | p90 | > 0 | > 1 | > 2 | > 3 | > 5 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, pairs in spun.items():
        print(f"| {name}: spun -> canonical | {distribution([lm.naturalness(s, c) for s, c in pairs])} |")
    print(f"| clean -> thesaurus/swap word, no context | "
          f"{distribution([lm.naturalness(o, c) for o, c, _l, _r in clean])} |")
    print(f"| clean -> thesaurus/swap word, with context | "
          f"{distribution([lm.naturalness(o, c, l, r) for o, c, l, r in clean])} |")
    bins = [(-math.inf, -2.0), (-2.0, 0.0), (0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 5.0), (5.0, math.inf)]
    dev = [lm.naturalness(s, c) for s, c in spun["dev pages"] + spun["seed gold"]]
    tor = [lm.naturalness(s, c) for s, c in spun["tortured"]]
    cln = [lm.naturalness(o, c, l, r) for o, c, l, r in clean]
    print("\nper bin: share of each set, and the likelihood ratio spun : clean (the evidence a bin carries)\n")
    print("| naturalness | dev pages + seed | tortured | clean swaps (context) | ratio dev : clean | ratio tortured : clean |")
    print("|---|---|---|---|---|---|")
    for lo, hi in bins:
        shares = [sum(lo < x <= hi for x in v) / len(v) for v in (dev, tor, cln)]
        ratios = [f"{a / shares[2]:.2f}" if shares[2] else "-" for a in shares[:2]]
        print(f"| ({lo:+.0f}, {hi:+.0f}] | {shares[0]:.1%} | {shares[1]:.1%} | {shares[2]:.1%} | {ratios[0]} | {ratios[1]} |")
    try:
        sphinx = SphinxSource()
    except (ImportError, OSError, RuntimeError):
        sphinx = None
    if sphinx is not None:  # the same ratio under pocketsphinx's own trigram backoff, for comparison
        print("\nthe same ratio under pocketsphinx-en-us's full trigram model (27 MB binary; not shipped)\n")
        print("| set | n | p10 | p25 | median | p75 | p90 | > 0 | > 1 | > 2 | > 3 | > 5 |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for name, pairs in spun.items():
            print(f"| pocketsphinx-en-us: {name} | {distribution([sphinx.naturalness(s, c) for s, c in pairs])} |")
        print(f"| pocketsphinx-en-us: clean -> thesaurus/swap word, with context | "
              f"{distribution([sphinx.naturalness(o, c, l, r) for o, c, l, r in clean])} |")
    t0 = time.perf_counter()
    calls = 0
    for _ in range(3):
        for o, c, l, r in clean:
            lm.naturalness(o, c, l, r)
            calls += 1
    print(f"\nper naturalness call (with context, warm): {(time.perf_counter() - t0) / calls * 1e6:.1f} us")


SOURCES: list[Callable[[], Source]] = [wordsegment_source, symspell_source, SphinxSource, RespellSource]


def evaluate(src: Source, pairs: list[tuple[Phrase, Phrase]]) -> str:
    n = len(pairs)
    cseen = sum(src.phrase_seen(c) for _, c in pairs)
    sseen = sum(src.phrase_seen(s) for s, _ in pairs)
    better = sum(src.score(c) > src.score(s) for s, c in pairs)
    only = sum(src.phrase_seen(c) and not src.phrase_seen(s) for s, c in pairs)
    return f"{cseen / n:.0%} | {sseen / n:.0%} | {better / n:.0%} | {only / n:.0%}"


def main() -> int:
    if not (SHARED / "data" / "spun_pages_dev.jsonl").exists():
        print(f"needs {SHARED} (the shared data)", file=sys.stderr)
        return 2
    sets = {"dev pages": multiword(dev_pairs()), "tortured": multiword(tortured_pairs()),
            "seed gold": multiword(seed_pairs())}
    clean = clean_bigrams()
    print("pairs (both sides >= 2 words): " + ", ".join(f"{k} {len(v)}" for k, v in sets.items())
          + f"; clean distinct word pairs {len(clean)}\n")
    head = "| source | MB | load s |"
    for k in sets:
        head += f" {k}: canon seen | spun seen | canon > spun | only canon |"
    print(head + " clean seen |")
    print("|" + "---|" * (3 + 4 * len(sets) + 1))
    for make in SOURCES:
        t0 = time.perf_counter()
        try:
            src = make()
        except (ImportError, OSError, RuntimeError) as e:
            print(f"| {make.__name__} | - | - | not available here: {e} |")
            continue
        load = time.perf_counter() - t0
        mb = sum(p.stat().st_size for p in src.files) / 1e6
        row = f"| {src.name} | {mb:.1f} | {load:.2f} |"
        for pairs in sets.values():
            row += f" {evaluate(src, pairs)} |"
        row += f" {sum(src.seen(p) for p in clean) / len(clean):.0%} |"
        print(row)
    if "--sources-only" not in sys.argv:
        naturalness_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
