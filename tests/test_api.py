"""The library API: respell.check / fix / score / analyse, a shared Lexicon, min_confidence, must-not-change."""

from __future__ import annotations

from pathlib import Path

import pytest

import respell
from respell import Finding, Lexicon

DATA = Path(__file__).parent / "data"
CLEAN_FILES = sorted((DATA / "clean").glob("*.txt")) + sorted((DATA / "clean_blind").glob("*.txt"))
SPUN_FILES = sorted(p for p in (DATA / "spun").glob("*.txt") if not p.name.endswith(".clean.txt"))

SCIENCE = "Our lab studies profound learning for images. We also tried a neural organization on the data."
SCIENCE_FIXED = "Our lab studies deep learning for images. We also tried a neural network on the data."
NEWS = ("The company launched a new satellite tv for pc last week.\n"
        "Its engineers rely on synthetic intelligence and machine studying to plan orbits.\n")
NEWS_FIXED = ("The company launched a new satellite last week.\n"
              "Its engineers rely on artificial intelligence and machine learning to plan orbits.\n")
CLEAN = "The committee met on Tuesday and approved the budget. Members then went home for the evening."


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


def spans(findings: list[Finding]) -> list[tuple[int, int, str, str]]:
    return [(f.start, f.end, f.text, f.replacement) for f in findings]


# ---------------------------------------------------------------------------------------------- check

def test_check_exact_spans_science() -> None:
    found = respell.check(SCIENCE)
    assert all(isinstance(f, Finding) for f in found)
    assert spans(found) == [(16, 33, "profound learning", "deep learning"),
                            (62, 81, "neural organization", "neural network")]
    for f in found:
        assert SCIENCE[f.start:f.end] == f.text
        assert 0.0 <= f.confidence <= 1.0 and f.rule and f.reason and f.fixable


def test_check_exact_spans_news() -> None:
    assert spans(respell.check(NEWS)) == [(27, 46, "satellite tv for pc", "satellite"),
                                          (80, 102, "synthetic intelligence", "artificial intelligence"),
                                          (107, 123, "machine studying", "machine learning")]


def test_check_offsets_after_non_ascii() -> None:
    text = "Café – “naïve” 😀 owners use profound learning. Then a neural organization."
    found = respell.check(text)
    assert [f.text for f in found] == ["profound learning", "neural organization"]
    assert all(text[f.start:f.end] == f.text for f in found)
    assert found[0].start == text.index("profound")


def test_check_keeps_case() -> None:
    text = "Profound learning and counterfeit consciousness are in fashion. So is a Neural Organization."
    assert [(f.text, f.replacement) for f in respell.check(text)] == [
        ("Profound learning", "Deep learning"), ("counterfeit consciousness", "artificial intelligence"),
        ("Neural Organization", "Neural Network")]


@pytest.mark.parametrize("original, replacement, cased", [
    ("levels Celsius", "degrees celsius", "degrees Celsius"),  # mixed case: word by word where words pair up
    ("eBay purchase", "ebay buy", "eBay buy"),                # a word the reading keeps keeps its own case
    ("the Wall Road", "the wall street", "the Wall Street"),
    ("Wall Road", "wall street", "Wall Street"), ("CHILLY STRUGGLE", "cold war", "COLD WAR"),
    ("iPhone", "phone", "phone"),                             # one mixed word: the reading as it is
])
def test_a_reading_takes_the_case_of_the_words_it_replaces(original: str, replacement: str, cased: str) -> None:
    from respell.text import apply_case
    assert apply_case(original, replacement) == cased


def test_check_clean_is_empty() -> None:
    assert respell.check(CLEAN) == []
    assert respell.check("") == []


# ------------------------------------------------------------------------------------------------ fix

def test_fix_exact() -> None:
    result = respell.fix(SCIENCE)
    assert isinstance(result, respell.Result)
    assert result.text == SCIENCE_FIXED
    assert spans(result.findings) == [(16, 33, "profound learning", "deep learning"),
                                      (62, 81, "neural organization", "neural network")]
    assert respell.fix(NEWS).text == NEWS_FIXED


def test_fix_is_idempotent() -> None:
    once = respell.fix(NEWS).text
    again = respell.fix(once)
    assert again.text == once and again.findings == []


def test_fix_clean_unchanged() -> None:
    result = respell.fix(CLEAN)
    assert result.text == CLEAN and result.findings == []


def test_fix_keeps_crlf_and_no_final_newline() -> None:
    text = NEWS.replace("\n", "\r\n").rstrip("\r\n")
    assert respell.fix(text).text == NEWS_FIXED.replace("\n", "\r\n").rstrip("\r\n")


def test_module_docstring_example() -> None:
    import doctest
    failures, tried = doctest.testmod(respell, verbose=False)
    assert tried >= 3 and failures == 0


def test_single_listed_phrase_in_short_text_is_reported_not_applied() -> None:
    text = "Researchers trained a profound neural organization on the data."
    assert respell.fix(text).text == text
    [f] = respell.check(text)
    assert (f.text, f.replacement, f.applies_at(0.8), f.applies_at(0.7)) == (
        "profound neural organization", "deep neural network", False, True)


# ---------------------------------------------------------------------------------------------- score

def test_score_range_and_order() -> None:
    spun = respell.score(SCIENCE + " " + NEWS)
    clean = respell.score(CLEAN)
    assert 0.0 <= clean <= 1.0 and 0.0 <= spun <= 1.0
    assert spun > clean
    assert respell.score("") == pytest.approx(respell.score("")) and 0.0 <= respell.score("") <= 1.0


@pytest.mark.parametrize("path", SPUN_FILES, ids=[p.stem for p in SPUN_FILES])
def test_score_spun_file_above_its_clean_original(path: Path) -> None:
    spun = respell.score(path.read_text(encoding="utf-8"))
    clean = respell.score(path.with_name(path.stem + ".clean.txt").read_text(encoding="utf-8"))
    assert 0.0 <= clean < spun <= 1.0


# ---------------------------------------------------------------------------------------------- lexicon

def test_lexicon_loaded_once_and_shared(lex: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reload(*a, **k):
        raise AssertionError("Lexicon.load called although a lexicon was passed")

    monkeypatch.setattr(Lexicon, "load", classmethod(no_reload))
    assert respell.fix(SCIENCE, lexicon=lex).text == SCIENCE_FIXED
    assert respell.fix(NEWS, lexicon=lex).text == NEWS_FIXED
    assert spans(respell.check(SCIENCE, lexicon=lex)) == spans(respell.check(SCIENCE))
    assert respell.score(SCIENCE, lexicon=lex) == pytest.approx(respell.score(SCIENCE))
    assert respell.fix(CLEAN, lexicon=lex).text == CLEAN
    engine = respell.Engine(lex)
    assert respell.fix(NEWS, lexicon=engine).text == NEWS_FIXED
    assert respell.analyse(NEWS, lexicon=engine).findings == respell.check(NEWS, lexicon=lex)


# --------------------------------------------------------------------------------------- min_confidence

def test_min_confidence_honoured() -> None:
    text = SCIENCE + "\n" + NEWS
    found = respell.check(text)
    assert len(found) == 5
    confs = sorted({f.confidence for f in found})
    top = confs[-1]
    # above every confidence: nothing is written
    if top < 1.0:
        result = respell.fix(text, min_confidence=min(1.0, top + 1e-6))
        assert result.text == text and result.findings == []
    # at the lowest confidence: everything is written
    low = respell.fix(text, min_confidence=confs[0])
    assert low.text == SCIENCE_FIXED + "\n" + NEWS_FIXED and len(low.findings) == 5
    # between two confidences: exactly the findings at or above the threshold
    for threshold in confs:
        result = respell.fix(text, min_confidence=threshold)
        assert spans(result.findings) == spans([f for f in found if f.confidence >= threshold])
    # check reports every finding whatever the threshold; a finding tells whether it applies
    assert spans(respell.check(text, min_confidence=0.99)) == spans(found)
    assert all(f.applies_at(f.confidence) and not f.applies_at(min(1.0, f.confidence + 1e-6)) or f.confidence == 1.0
               for f in found)


# ------------------------------------------------------------------------------------- must-not-change

def test_clean_corpus_present() -> None:
    assert len(CLEAN_FILES) >= 9


@pytest.mark.parametrize("path", CLEAN_FILES, ids=[p.stem for p in CLEAN_FILES])
def test_must_not_change(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = respell.fix(text)
    applied = [(f.start, f.text, f.replacement, f.rule, round(f.confidence, 2)) for f in result.findings]
    assert result.text == text, f"{path.name}: clean prose changed by {applied}"


def test_readme_examples() -> None:
    """The Python examples of the README run as written."""
    import doctest
    from pathlib import Path
    readme = Path(__file__).resolve().parent.parent / "README.md"
    failures, tried = doctest.testfile(str(readme), module_relative=False)
    assert tried >= 5 and failures == 0


# ------------------------------------------------------------------------------------- articles

def test_a_canonical_with_its_own_article_fits_the_determiner_before_it() -> None:
    """The tortured list restores "cloud stage" to "the cloud platform": after "on the" that article goes,
    and the canonical wording already written ("on the cloud platform") is left alone."""
    spun = "We host the models on the cloud stage, where we study profound learning and counterfeit consciousness.\n"
    assert respell.fix(spun).text == ("We host the models on the cloud platform, where we study deep learning and "
                                      "artificial intelligence.\n")
    spun = "The app runs on a cloud stage, and we study profound learning and counterfeit consciousness.\n"
    assert respell.fix(spun).text == ("The app runs on a cloud platform, and we study deep learning and "
                                      "artificial intelligence.\n")  # not "on a the cloud platform"
    # and a thesaurus-linked term does not ride on a strong one: "consciousness run" is no "intelligence test"
    spun = "We host the models on the cloud stage, where profound learning and counterfeit consciousness run.\n"
    assert respell.fix(spun).text == ("We host the models on the cloud platform, where deep learning and "
                                      "artificial intelligence run.\n")
    clean = "Our deep learning service runs on the cloud platform that the team built.\n"
    assert respell.fix(clean).text == clean
    assert [f for f in respell.check(clean) if f.rule in respell.SPUN_RULES] == []
