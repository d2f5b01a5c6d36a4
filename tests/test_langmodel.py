"""The language-model half of the noisy channel (respell/langmodel.py): exact values on a tiny model, the
cache and data-file handling, and the preferences the engine relies on with the shipped counts."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from respell.langmodel import ALPHA, CLIP, LanguageModel
from respell.lexicon import Lexicon, LexiconError

# ------------------------------------------------------------------------------------------------ tiny model

TOTAL = 1000
MIN2 = 4


@pytest.fixture
def tiny() -> LanguageModel:
    return LanguageModel.from_counts({
        ("the",): 500, ("cold",): 100, ("war",): 50, ("chilly",): 10, ("struggle",): 20,
        ("cold", "war"): 40, ("the", "war"): 30,
    }, total=TOTAL, min_counts=(2, MIN2))


def test_count_is_the_listed_count_after_normalising(tiny: LanguageModel) -> None:
    assert tiny.count(("cold", "war")) == 40
    assert tiny.count(("Cold", "WAR")) == 40
    assert tiny.count(("cold",)) == 100
    assert tiny.count(("chilly", "struggle")) == 0
    assert tiny.count(("the", "cold", "war")) == 0  # no trigram counts are held
    assert tiny.count(()) == 0


def test_logprob_chains_listed_pairs(tiny: LanguageModel) -> None:
    assert tiny.logprob(("cold", "war")) == pytest.approx(math.log10(100 / TOTAL * 40 / 100))
    assert tiny.logprob(("war",)) == pytest.approx(math.log10(50 / TOTAL))
    assert tiny.logprob(()) == -math.inf


def test_unlisted_pair_lies_between_independence_and_the_cut_off(tiny: LanguageModel) -> None:
    # chilly -> struggle: independence 0.4 * 20/1000 = 0.008 < cut-off 4/10: their geometric mean
    p = math.sqrt(ALPHA * 20 / TOTAL * MIN2 / 10)
    assert tiny.logprob(("chilly", "struggle")) == pytest.approx(math.log10(10 / TOTAL * p))
    # cold -> the: independence 0.4 * 0.5 = 0.2 >= cut-off 4/100: the cut-off
    assert tiny.logprob(("cold", "the")) == pytest.approx(math.log10(100 / TOTAL * MIN2 / 100))


def test_unlisted_word_is_rarer_than_the_lists_cut_off(tiny: LanguageModel) -> None:
    assert tiny.logprob(("xqzv",)) == pytest.approx(math.log10(2 / 2 / TOTAL))


def test_naturalness_is_the_log_ratio_of_the_two_phrases(tiny: LanguageModel) -> None:
    cold_war = 100 / TOTAL * 40 / 100
    chilly_struggle = 10 / TOTAL * math.sqrt(ALPHA * 20 / TOTAL * MIN2 / 10)
    n = tiny.naturalness(("chilly", "struggle"), ("cold", "war"))
    assert n == pytest.approx(math.log(cold_war / chilly_struggle))
    assert n == pytest.approx(4.2586, abs=1e-4)
    assert tiny.naturalness(("cold", "war"), ("chilly", "struggle")) == pytest.approx(-n)


def test_naturalness_with_context_chains_through_the_context_words(tiny: LanguageModel) -> None:
    # left "the": P(cold | the) is capped at 4/500; P(chilly | the) = sqrt(0.4 * 0.01 * 4/500)
    # right "war": P(war | war) and P(war | struggle) are unlisted pairs
    def nxt(prev_count: int, word_count: int) -> float:
        independent, cap = ALPHA * word_count / TOTAL, MIN2 / prev_count
        return cap if independent >= cap else math.sqrt(independent * cap)

    cand = nxt(500, 100) * (40 / 100) * nxt(50, 50)
    obs = nxt(500, 10) * nxt(10, 20) * nxt(20, 50)
    got = tiny.naturalness(("chilly", "struggle"), ("cold", "war"), left="The", right="war")
    assert got == pytest.approx(math.log(cand / obs))


def test_naturalness_is_zero_when_nothing_is_known_or_nothing_differs(tiny: LanguageModel) -> None:
    assert tiny.naturalness(("xqzv", "blvk"), ("zzqv", "qqxw")) == 0.0
    assert tiny.naturalness(("cold", "war"), ("Cold", "War")) == 0.0
    assert tiny.naturalness((), ("cold",)) == 0.0


def test_naturalness_is_clipped() -> None:
    lm = LanguageModel.from_counts({("the",): 10**9}, total=10**9, min_counts=(1, 1))
    assert lm.naturalness(("xqzv",), ("the",)) == CLIP
    assert lm.naturalness(("the",), ("xqzv",)) == -CLIP


def test_curly_apostrophes_and_case_are_normalised() -> None:
    lm = LanguageModel.from_counts({("don't",): 5, ("do",): 5}, total=10)
    assert lm.count(("Don\u2019t",)) == 5


# ------------------------------------------------------------------------------------------ data files, cache

def write_dictionaries(folder: Path, rows: str) -> Path:
    folder.mkdir()
    (folder / "registry.toml").write_text(
        '[files."ngrams_test.tsv"]\nkind = "ngrams"\nsource = "test"\nlicence = "MIT"\n'
        'generator = "hand-written"\ndescription = "test"\n', encoding="utf-8")
    (folder / "ngrams_test.tsv").write_text(rows, encoding="utf-8")
    return folder


ROWS = ("# licence: MIT\n# total: 1000 (tokens)\n# min-count 1: 2\n# min-count 2: 4\n"
        "chilly\t10\ncold\t100\ncold war\t40\nstruggle\t20\nthe\t500\nthe war\t30\nwar\t50\n")


def test_load_reads_the_files_once_into_the_user_cache(tmp_path: Path, monkeypatch, tiny: LanguageModel) -> None:
    monkeypatch.setenv("RESPELL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RESPELL_NO_CACHE", raising=False)
    folder = write_dictionaries(tmp_path / "dicts", ROWS)
    lm = LanguageModel.load(folder)
    assert not list((tmp_path / "cache").rglob("ngrams-*.marisa"))  # nothing is read before the first lookup
    assert lm.count(("cold", "war")) == 40
    built = list((tmp_path / "cache").rglob("ngrams-*.marisa"))
    assert len(built) == 1
    again = LanguageModel.load(folder)
    assert again.count(("cold", "war")) == 40
    assert again.naturalness(("chilly", "struggle"), ("cold", "war")) == pytest.approx(
        tiny.naturalness(("chilly", "struggle"), ("cold", "war")))
    assert list((tmp_path / "cache").rglob("ngrams-*.marisa")) == built


def test_while_another_process_builds_the_trie_the_sorted_files_are_read_in_place(tmp_path: Path, monkeypatch,
                                                                                   tiny: LanguageModel) -> None:
    """The first run after install does not wait for the n-gram trie its low-priority helper builds: it finds the
    counts in the sorted files themselves, the same as the trie's, and builds nothing."""
    from respell import cache, langmodel

    monkeypatch.setenv("RESPELL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RESPELL_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "being_built", lambda name: name == "ngrams")
    folder = write_dictionaries(tmp_path / "dicts", ROWS)
    lm = LanguageModel.load(folder)
    assert lm.count(("cold", "war")) == 40 and lm.count(("the",)) == 500 and lm.count(("chilly", "war")) == 0
    assert isinstance(lm.data.counts, langmodel._SortedCounts)
    assert lm.naturalness(("chilly", "struggle"), ("cold", "war")) == pytest.approx(
        tiny.naturalness(("chilly", "struggle"), ("cold", "war")))
    assert not list((tmp_path / "cache").rglob("ngrams-*.marisa"))


@pytest.mark.parametrize("rows, readable", [
    (ROWS, True),
    (ROWS.replace("chilly\t10\n", "") + "chilly\t10\n", False),   # not sorted
    (ROWS.replace("# total: 1000 (tokens)\n", ""), False),         # no total: the unigrams would be added up
    (ROWS.replace("cold\t100", "cold\t 100"), False),              # a count int() reads, but not plain
    (ROWS.replace("cold\t100\n", "cold\t100\n\n"), False),          # a blank line among the rows
    (ROWS + "# a comment\n", False),                               # a comment after the rows
])
def test_only_plain_sorted_files_are_read_in_place(tmp_path: Path, rows: str, readable: bool) -> None:
    from respell import langmodel
    from respell.lexicon import files_of

    paths = files_of(write_dictionaries(tmp_path / "dicts", rows), "ngrams")
    got = langmodel._read_sorted(paths)
    assert (got is not None) == readable
    if got is not None:
        built = langmodel._build_trie(paths)
        assert dict(got.counts) == dict(built.counts) and len(got.counts) == 7
        assert (got.total, got.min_counts) == (built.total, built.min_counts)


def test_the_files_read_in_place_give_way_to_the_trie_once_it_is_built(tmp_path: Path, monkeypatch) -> None:
    from respell import langmodel

    (tmp_path / "a.tsv").write_text("# total: 10\na\t1\nb\t2\n", encoding="utf-8")
    looks: list[int] = []
    ready = {"a": 1, "b": 2}
    monkeypatch.setattr(langmodel._SortedCounts, "LOOK_AGAIN", 3)
    got = langmodel._read_sorted([tmp_path / "a.tsv"], lambda: looks.append(1) or (ready if len(looks) > 1 else None))
    assert got is not None
    counts = [got.counts.get(g) for g in ("a", "b", "c", "d", "e", "f", "g", "a")]
    assert counts == [1, 2, None, None, None, None, None, 1] and len(looks) == 2
    assert got.counts._counts is ready  # the seventh new gram was asked of the trie, and every one after it


def test_a_gram_in_two_files_counts_twice_when_read_in_place(tmp_path: Path) -> None:
    from respell import langmodel

    (tmp_path / "a.tsv").write_text("# total: 10\na\t1\nb\t2\nb c\t3\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("# total: 5\naa\t7\nb\t4\nz\t9", encoding="utf-8")
    got = langmodel._read_sorted([tmp_path / "a.tsv", tmp_path / "b.tsv"])
    assert got is not None and got.total == 15
    assert [got.counts.get(g) for g in ("a", "aa", "b", "b c", "z", "c", "")] == [1, 7, 6, 3, 9, None, None]


def test_load_without_the_cache_reads_the_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RESPELL_NO_CACHE", "1")
    folder = write_dictionaries(tmp_path / "dicts", ROWS)
    lm = LanguageModel.load(folder)
    assert lm.count(("the", "war")) == 30
    assert lm.logprob(("war",)) == pytest.approx(math.log10(50 / 1000))


def test_malformed_row_is_one_error_naming_the_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("RESPELL_NO_CACHE", "1")
    folder = write_dictionaries(tmp_path / "dicts", "# total: 10\ncold\t5\nwar\tmany\n")
    with pytest.raises(LexiconError, match=r"ngrams_test\.tsv:3: malformed ngrams row"):
        LanguageModel.load(folder).count(("cold",))


# ------------------------------------------------------------------------------------------ the shipped data

@pytest.fixture(scope="module")
def real() -> LanguageModel:
    return Lexicon.load().langmodel


def test_lexicon_reaches_the_model() -> None:
    lex = Lexicon.load()
    assert lex.langmodel is lex.langmodel
    assert lex.langmodel.count(("cold", "war")) == 434660
    assert lex.langmodel.count(("chilly", "struggle")) == 0


@pytest.mark.parametrize("spun, canonical, at_least", [
    ("chilly struggle", "cold war", 3.0),
    ("machine studying", "machine learning", 3.0),
    ("counterfeit consciousness", "artificial intelligence", 3.0),
    ("overseas minister", "foreign minister", 3.0),
    ("home of commons", "house of commons", 0.5),  # bigrams only: "of commons" is shared, "home of" is common
])
def test_canonical_wording_is_more_natural_than_the_spun_one(real: LanguageModel, spun: str, canonical: str,
                                                             at_least: float) -> None:
    assert real.naturalness(tuple(spun.split()), tuple(canonical.split())) > at_least


def test_context_helps_where_the_phrase_alone_does_not(real: LanguageModel) -> None:
    alone = real.naturalness(("home", "of", "commons"), ("house", "of", "commons"))
    framed = real.naturalness(("home", "of", "commons"), ("house", "of", "commons"), left="the", right="voted")
    assert framed > alone + 1.0


@pytest.mark.parametrize("observed, candidate", [
    ("big house", "large house"),
    ("large house", "big house"),
    ("important role", "significant role"),
    ("significant role", "important role"),
])
def test_no_strong_preference_between_two_ordinary_wordings(real: LanguageModel, observed: str,
                                                            candidate: str) -> None:
    assert abs(real.naturalness(tuple(observed.split()), tuple(candidate.split()))) < 2.0


def test_a_pair_attested_below_the_web_cut_off_is_not_taken_for_spun(real: LanguageModel) -> None:
    # "severe threat" is under wordsegment's bigram cut-off; the Sphinx model attests it (ngrams_attested.tsv)
    assert real.count(("severe", "threat")) == 50000
    assert real.count(("chilly", "struggle")) == 0
    assert abs(real.naturalness(("severe", "threat"), ("serious", "threat"))) < 2.0
