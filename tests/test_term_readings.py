"""How a term's readings are compared (engine._class_candidates, match.word_options, evidence.one_phrase):
the same term in the other number is no rival, a plural canonical is not made plural again, and overlapping
readings of one phrase are one phrase."""

from __future__ import annotations

import pytest

import respell
from respell import evidence as ev
from respell.lexicon import Lexicon
from respell.match import word_options
from respell.text import looks_plural, number_twins


@pytest.mark.parametrize("a, b, twins", [
    ("heart disease", "heart diseases", True), ("Heart Diseases", "heart-disease", True),
    ("random forest", "random forests", True), ("heart disease", "lung disease", False),
    ("heart disease", "heart disease risk", False), ("class", "classes", True), ("data", "date", False),
])
def test_number_twins(a, b, twins) -> None:
    assert number_twins(a, b) is twins


@pytest.mark.parametrize("phrase, plural", [
    ("neural networks", True), ("capacities", True), ("class", False), ("virus", False), ("analysis", False),
    ("", False), ("Heart Diseases", True),
])
def test_looks_plural(phrase, plural) -> None:
    assert looks_plural(phrase) is plural


def test_overlapping_or_identical_restorations_are_one_phrase() -> None:
    # (replacement, start, end, evidence): three readings of one stretch, the same words again elsewhere, and a
    # phrase of its own
    rs = [("deep neural network", 0, 30, 3.0), ("deep neural", 0, 20, 2.0), ("neural network", 8, 30, 2.5),
          ("deep neural network", 100, 130, 3.0), ("machine learning", 200, 215, 3.0)]
    groups = ev.one_phrase(rs)
    assert groups[0] == groups[1] == groups[2] == groups[3] != groups[4]
    assert ev.corroboration_of_phrases(rs) == ev.corroboration([3.0, 3.0])
    others = ev.corroboration_of_others(rs)
    assert others(1) == others(4) == ev.corroboration([ev.CORROBORATION_MIN])  # never its own phrase


def test_a_listed_phrase_is_corroborated_by_the_strong_phrases_around_it_not_by_its_own_words() -> None:
    """``corroboration_around``: a listed phrase ("in opposition to" at 40-56) gets the corroboration of the strong
    phrases that do not overlap it; a strong reading of its own words (30-50 overlaps it) is not its witness, nor
    is a weak phrase (evidence under CORROBORATION_MIN)."""
    rs = [("cold war", 0, 15, 3.0), ("against", 30, 50, 3.0), ("security council", 60, 80, 3.0),
          ("more than", 90, 100, 1.0)]
    around = ev.corroboration_around(rs)
    assert around(40, 56) == ev.corroboration([3.0, 3.0])
    assert around(200, 210) == ev.corroboration([3.0, 3.0, 3.0])
    assert ev.corroboration_around([])(0, 10) == 0.0


def test_a_plural_canonical_is_not_made_plural_again() -> None:
    """The science table's "features" <- "highlight": "highlights" reads as "features", never "featureses"."""
    options = [(cw, infl) for cw, _link, infl in word_options("highlights", Lexicon.load()) if cw.startswith("feature")]
    assert ("features", "") in options and ("features", "plural") not in options


def test_the_same_term_in_the_other_number_is_no_rival_reading() -> None:
    """"coronary illnesses" reads as "heart disease" and "heart diseases": one term, written in the text's
    number (it was only reported while the singular counted as a rival reading)."""
    text = "The dataset of coronary illnesses was analysed with profound learning and counterfeit consciousness."
    found = {(f.text, f.replacement, f.fixable) for f in respell.analyse(text).findings}
    assert ("coronary illnesses", "heart diseases", True) in found


# A paper-like text: one listed tortured phrase ("profound learning") and a spun term no list holds ("astute
# meter", the science table's "astute" <- "smart"); written for this test.
_PAPER = ("The astute meter readings are compared with earlier studies. Our method relies on {} to process the "
          "input. The data were collected over two years in three cities, and each site was visited twice.")


def test_a_listed_tortured_phrase_makes_a_term_of_its_family_suspect() -> None:
    """A term restored through the tortured-phrase family's swaps alone takes the prior its listed phrases give
    (the other listed phrases are evidence however long the text), as a listed phrase does."""
    fixed = respell.fix(_PAPER.format("profound learning")).text
    assert fixed.startswith("The smart meter readings are compared")


def test_without_a_listed_phrase_the_term_is_left_alone() -> None:
    assert respell.fix(_PAPER.format("deep learning")).text == _PAPER.format("deep learning")


def test_beside_a_listed_tortured_phrase_its_family_swaps_reach_terms_the_list_never_held() -> None:
    """"body fluid" is a WordNet term no tortured phrase restores to; the science table's "liquid" <- "fluid" is
    full evidence in a text that shows the list's phrases, not only a thesaurus link."""
    text = _PAPER.replace("astute meter readings", "body liquid samples")
    assert respell.fix(text.format("profound learning")).text.startswith("The body fluid samples are compared")
    assert respell.fix(text.format("deep learning")).text == text.format("deep learning")



# Two listed tortured phrases and a spun word pair no list or term table holds; written for this test.
_PAIR = "Our {} model is compared with {} baselines, and the {} is cleaned by hand before each run."


def test_beside_listed_tortured_phrases_a_word_pair_their_swaps_reach_is_restored() -> None:
    """"test information" -> "test data" is no listed phrase and no term, only a frequent word pair the science
    table's "information" <- "data" reaches: restored in a text that shows that family's listed phrases, left
    alone in the same text without them."""
    spun = _PAIR.format("profound learning", "counterfeit consciousness", "test information")
    assert respell.fix(spun).text == _PAIR.format("deep learning", "artificial intelligence", "test data")
    clean = _PAIR.format("deep learning", "artificial intelligence", "test information")
    assert respell.fix(clean).text == clean


def test_a_word_pair_whose_kept_word_is_very_common_is_left_alone() -> None:
    """"framework used" -> "system used": a kept word as common as "used" says nothing about the pair."""
    spun = _PAIR.format("profound learning", "counterfeit consciousness", "framework used")
    assert respell.fix(spun).text == _PAIR.format("deep learning", "artificial intelligence", "framework used")


def test_a_reading_the_tortured_list_rarely_gives_is_reported_not_applied() -> None:
    """"strategies" read as the plural of "strategy": the list reads "strategy" as "method" 13 times and as "model"
    once.  A term made with the rare reading ("clustering models" for "bunching strategies") is a guess, not a
    restoration.  The usual reading passes, and a form's rarer reading that is common enough for that form
    ("frameworks" as "networks", 2 of its 19 rows) passes too."""
    from respell.lexicon import Link
    from respell.match import Sub
    engine = respell._engine(None)
    links = {l.canonical: l for l in engine.lexicon.swaps["strategy"]}

    def sub(canonical: str) -> Sub:
        return Sub(0, "strategies", canonical, links[canonical], "plural", "", 10)
    assert engine._rare_reading(sub("model")) == "method"
    assert engine._rare_reading(sub("method")) is None
    networks = next(l for l in engine.lexicon.swaps["frameworks"] if l.canonical == "networks")
    assert engine._rare_reading(Sub(0, "frameworks", "networks", networks, "", "", 10)) is None
    assert engine._rare_reading(Sub(0, "strategies", "model", Link("model", "news", 9.0, "curated"), "plural", "",
                                    10)) is None  # the news table's weights are a curator's, not counts


# Sentences written for this test: the spinner's "affected person" (patient) before a word that makes a term with
# its second word ("person information" -> "user data").
@pytest.mark.parametrize("spun, want", [
    ("The hospital mentioned a cyber assault had disrupted entry to affected person information, and medical doctors "
     "had been advised to make use of paper data.",
     "The hospital said a cyber attack had disrupted access to patient information, and doctors were advised to make "
     "use of paper data."),
    ("Medical doctors mentioned the brand new system shops affected person information in a single place, and nurses "
     "can now entry it from any ward.",
     "Doctors said the new system shops patient information in a single place, and nurses can now access it from any "
     "ward."),
])
def test_a_term_does_not_cut_the_spinners_form_of_several_words_in_two(spun: str, want: str) -> None:
    """The spinner writes "affected person" for "patient" as one output: a term read from its second word on ("person
    information" -> "user data") would leave "affected user data" (``Engine._splits_a_unit``)."""
    assert respell.fix(spun).text == want
