"""The core issue's acceptance on the real spun article (../shared, third-party text, read in place; skipped when
absent): entities restored, every line kept, no edit outside the gold spans, one run reaching the fixed point, the
clean answer left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

import respell
from conftest import accuracy_harness
from respell.engine import SPUN_RULES

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED, GOLD = SHARED / "seeds" / "spun_article.txt", SHARED / "eval" / "seed_gold.tsv"
CLEAN = SHARED / "seeds" / "clean_answer.txt"

pytestmark = pytest.mark.skipif(not (SEED.is_file() and GOLD.is_file() and CLEAN.is_file()),
                                reason="../shared (seed article and gold) is absent")


def _accuracy():
    return accuracy_harness()


def _gold_rows(kind: str) -> list[tuple[int, str, list[str]]]:
    rows = []
    for row in GOLD.read_text(encoding="utf-8").splitlines():
        if row.startswith("#") or not row.strip():
            continue
        ln, spun, canon, k, _sure = row.split("\t")
        if k == kind:
            rows.append((int(ln), spun, canon.split("|")))
    return rows


@pytest.fixture(scope="module")
def seed_fix() -> tuple[str, str, list]:
    text = SEED.read_text(encoding="utf-8")
    a = respell.analyse(text)
    return text, respell.fix(text).text, a.findings


def _restored(kind: str, text: str, fixed: str) -> list[tuple[int, str]]:
    old, new = text.split("\n"), fixed.split("\n")
    return [(ln, spun) for ln, spun, canon in _gold_rows(kind)
            if new[ln - 1].count(spun) < old[ln - 1].count(spun) and any(c in new[ln - 1] for c in canon)]


def test_entities_restored_and_lines_kept(seed_fix) -> None:
    text, fixed, _ = seed_fix
    assert fixed.count("\n") == text.count("\n")
    assert len(_restored("entity", text, fixed)) >= 10


@pytest.mark.xfail(strict=True, reason="'All politics is international' (a column's title, line 23) becomes 'All "
                   "politics is global': the word is restored, the title's capitals ('All Politics is Global') are "
                   "not (no source knows the title); bench/accuracy.py, which compares case aside, counts 11/11")
def test_every_entity_restored(seed_fix) -> None:
    text, fixed, _ = seed_fix
    assert len(_restored("entity", text, fixed)) == len(_gold_rows("entity"))


def test_terms_artifacts_and_words_restored(seed_fix) -> None:
    """Issue 12's bars: terms at least 70%, words at least 20% (floors at what the engine restores today)."""
    text, fixed, _ = seed_fix
    assert len(_restored("artifact", text, fixed)) == len(_gold_rows("artifact")) == 5
    terms, words = _restored("term", text, fixed), _restored("word", text, fixed)
    assert len(terms) >= 37 and len(terms) >= 0.7 * len(_gold_rows("term"))
    assert len(words) >= 27 and len(words) >= 0.2 * len(_gold_rows("word"))


@pytest.mark.xfail(strict=True, reason="four lone words outside the gold, all spinner output it does not list: 'had "
                   "been' -> 'were' (lines 8 and 11: the spinner's were -> had been, as the gold has it on line 2), "
                   "'constructing' -> 'building' (line 9) and 'overseas' -> 'foreign' (line 18, 'overseas and home "
                   "coverage objectives')")
def test_no_edit_outside_the_gold_spans(seed_fix) -> None:
    acc = _accuracy()
    text, _fixed, findings = seed_fix
    outside = acc.edits_outside_gold(text, findings, 0.8, acc.gold_spans(text, GOLD))
    assert [(f.text, f.replacement) for f in outside] == []


def test_only_the_known_edit_is_outside_the_gold_spans(seed_fix) -> None:
    acc = _accuracy()
    text, _fixed, findings = seed_fix
    outside = acc.edits_outside_gold(text, findings, 0.8, acc.gold_spans(text, GOLD))
    assert [(f.text, f.replacement, text.count("\n", 0, f.start) + 1) for f in outside] == [
        ("had been", "were", 8), ("constructing", "building", 9), ("had been", "were", 11),
        ("overseas", "foreign", 18)]  # all restore spinner output the gold does not list


def test_a_noun_is_not_restored_as_a_verb(seed_fix) -> None:
    """'arms procurement and supply' (line 2): the table's supply <- provide holds for the verb only."""
    text, fixed, _ = seed_fix
    assert "arms procurement and supply between" in text and "arms procurement and supply between" in fixed


def test_missile_manufacturing_is_inside_the_gold_now(seed_fix) -> None:
    """The gold gained row 13 'manufacturing -> production' (the spinner's swap, as on line 11)."""
    assert (13, "manufacturing", ["production"]) in _gold_rows("word")


def test_the_navy_spy_satellite_is_a_military_one(seed_fix) -> None:
    """Line 11, "its first navy spy satellite tv for pc": the term "military spy satellite" lost its overlap to the
    listed "satellite tv for pc" and no other reading held "navy"; cut to the word it changes it is let in."""
    _text, fixed, _ = seed_fix
    assert "its first military spy satellite." in fixed


def test_one_fix_reaches_the_fixed_point(seed_fix) -> None:
    _text, fixed, _ = seed_fix
    assert respell.fix(fixed).text == fixed


def test_a_glued_term_word_is_restored_without_touching_its_glued_neighbour(seed_fix) -> None:
    text, fixed, findings = seed_fix
    japan = [f for f in findings if f.text == "JAPAN Ahead"]
    assert [(f.replacement, text[f.end:f.end + 3]) for f in japan] == [("JAPAN Forward ", "and")]
    assert "JAPAN Forward and so forth" in fixed


def test_clean_answer_has_no_spun_phrase() -> None:
    findings = respell.check(CLEAN.read_text(encoding="utf-8"))
    assert [f for f in findings if f.rule in SPUN_RULES] == []
