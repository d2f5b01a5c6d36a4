"""engine.compose: a later round's findings made into one plan on the original text (it finds the edits a finding
touches by bisection; these cases pin what it must return, touching and zero-width findings included)."""

from __future__ import annotations

from respell.engine import compose
from respell.plan import Finding, apply


def _f(start: int, end: int, text: str, replacement: str, confidence: float = 0.9) -> Finding:
    return Finding(start, end, text, replacement, "spinner-swap", confidence, f"{text}->{replacement}")


def test_later_findings_merge_with_the_edits_they_touch_and_move_back_elsewhere() -> None:
    text = "one two three four five"
    plan = [_f(4, 7, "two", "2"), _f(14, 18, "four", "4"), _f(19, 23, "five", "5", confidence=0.5)]
    current = apply(text, plan, 0.8)
    assert current == "one 2 three 4 five"
    later = [
        _f(0, 3, "one", "1"),              # touches no edit: moved back as it is
        _f(4, 11, "2 three", "2-3"),        # overlaps the first edit: one finding over "two three"
        _f(12, 12, "", "~"),                # zero-width, at the start of the second edit: merged with it
        _f(14, 18, "five", "V"),            # the unapplied "five" again, found in the later round
    ]
    got = [(f.start, f.end, f.text, f.replacement, f.reason) for f in compose(text, plan, current, later, 0.8)]
    assert got == [
        (0, 3, "one", "1", "one->1"),
        (4, 13, "two three", "2-3", "two->2; then 2 three->2-3"),
        (14, 18, "four", "~4", "four->4; then ->~"),
        (19, 23, "five", "V", "five->V"),  # more confident than the unapplied one: it wins the overlap
    ]
