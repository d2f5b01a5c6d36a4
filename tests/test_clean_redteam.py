"""The red teams' ordinary clean news (tests/data/clean_redteam): rounds 1 and 3 and round 3's probes are left
exactly as written, each text run alone (round 2, deliberately packed with the table's words, is measured in
bench/accuracy.py, not asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

import respell

DATA = Path(__file__).parent / "data" / "clean_redteam"


@pytest.mark.parametrize("name", ["round1.txt", "round3.txt", "probe3.txt"])
def test_red_team_clean_news_is_left_alone(name: str) -> None:
    texts = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    changed = [t for t in texts if respell.fix(t).text != t]
    assert changed == [], f"{len(changed)} of {len(texts)} changed, e.g. {changed[:3]}"
