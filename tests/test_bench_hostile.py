"""Smoke test of bench/hostile.py: every pattern is found and probed, and every hostile input runs (tiny sizes,
no timing asserted: the benchmark reports times)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
spec = importlib.util.spec_from_file_location("bench_hostile", BENCH / "hostile.py")
hostile = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = hostile
spec.loader.exec_module(hostile)


def test_every_pattern_of_the_rules_and_markup_is_probed() -> None:
    names = [name for name, _ in hostile.patterns()]
    for expected in ("markup._HTML_MARKUP", "markup._MD_INLINE", "markup._RST_INLINE", "encoding.ENTITY_RE",
                     "furniture._FIRST_LINE_RE", "glued._TECHNICAL", "typography.DASH_RE", "ftfy.BADNESS_RE",
                     "engine._ARTICLE_BEFORE", "scan._X", "report._SENTENCE_END"):
        assert expected in names
    rows = hostile.bench_patterns(40)
    assert len(rows) == 2 + len(names)
    assert all(row.startswith("| ") and row.endswith(" |") for row in rows[2:])


def test_every_hostile_input_runs() -> None:
    rows = hostile.bench_inputs(200, big=False)
    assert len(rows) == 2 + len(hostile.inputs(200))
