"""The core issue's acceptance on the real spun article (../shared, third-party text, read in place; skipped when
absent): entities restored, every line kept, no edit outside the gold spans, the clean answer left alone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import respell
from respell.engine import SPUN_RULES

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED, GOLD = SHARED / "seeds" / "spun_article.txt", SHARED / "eval" / "seed_gold.tsv"
CLEAN = SHARED / "seeds" / "clean_answer.txt"

pytestmark = pytest.mark.skipif(not (SEED.is_file() and GOLD.is_file() and CLEAN.is_file()),
                                reason="../shared (seed article and gold) is absent")


def _accuracy():
    spec = importlib.util.spec_from_file_location("bench_accuracy_for_tests", ROOT / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


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


def test_entities_restored_and_lines_kept(seed_fix) -> None:
    text, fixed, _ = seed_fix
    assert fixed.count("\n") == text.count("\n")
    old, new = text.split("\n"), fixed.split("\n")
    restored = [(ln, spun) for ln, spun, canon in _gold_rows("entity")
                if new[ln - 1].count(spun) < old[ln - 1].count(spun) and any(c in new[ln - 1] for c in canon)]
    assert len(restored) >= 10, restored


@pytest.mark.xfail(strict=True, reason="'missile manufacturing' -> 'missile production' (line 13): the spinner's "
                   "production -> manufacturing swap, which the gold lists on line 11 but not here")
def test_no_edit_outside_the_gold_spans(seed_fix) -> None:
    acc = _accuracy()
    text, _fixed, findings = seed_fix
    outside = acc.edits_outside_gold(text, findings, 0.8, acc.gold_spans(text, GOLD))
    assert [(f.text, f.replacement) for f in outside] == []


def test_only_the_known_edit_is_outside_the_gold_spans(seed_fix) -> None:
    acc = _accuracy()
    text, _fixed, findings = seed_fix
    outside = acc.edits_outside_gold(text, findings, 0.8, acc.gold_spans(text, GOLD))
    assert [(f.text, f.replacement) for f in outside] == [("missile manufacturing", "missile production")]


def test_a_glued_term_word_is_restored_without_touching_its_glued_neighbour(seed_fix) -> None:
    text, fixed, findings = seed_fix
    japan = [f for f in findings if f.text == "JAPAN Ahead"]
    assert [(f.replacement, text[f.end:f.end + 3]) for f in japan] == [("JAPAN Forward ", "and")]
    assert "JAPAN Forward and so forth" in fixed


def test_clean_answer_has_no_spun_phrase() -> None:
    findings = respell.check(CLEAN.read_text(encoding="utf-8"))
    assert [f for f in findings if f.rule in SPUN_RULES] == []
