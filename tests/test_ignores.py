"""Inline markers, the project ignore list and finding filtering, with their case rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from respell.ignores import filter_findings, ignored_spans, phrase_ignored
from respell.markup import prose_spans
from respell.plan import Finding


def finding(text: str, phrase: str, replacement: str = "X", nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Finding(start, start + len(phrase), phrase, replacement, "test", 0.9, "test")


def ignored_text(text: str) -> list[str]:
    return [text[s:e] for s, e in ignored_spans(text)]


# ---------------------------------------------------------------- ignored_spans


@pytest.mark.parametrize(
    "marker",
    [
        "# respell: ignore",
        "// respell: ignore",
        "<!-- respell: ignore -->",
        "/* respell: ignore */",
        "respell:ignore",
        "RESPELL: Ignore",
        "respell:\tignore",
    ],
)
def test_ignore_line_forms(marker: str) -> None:
    text = f"one\nThe UN Safety Council {marker}\nthree\n"
    assert ignored_text(text) == [f"The UN Safety Council {marker}\n"]


def test_ignore_line_without_final_newline() -> None:
    text = "one\nlast line # respell: ignore"
    assert ignored_spans(text) == [(4, len(text))]


def test_ignore_next_line() -> None:
    text = "a\n<!-- respell: ignore-next-line -->\nUN Safety Council\nd\n"
    assert ignored_text(text) == ["UN Safety Council\n"]


def test_ignore_next_line_at_end_does_nothing() -> None:
    assert ignored_spans("a\n# respell: ignore-next-line\n") == []
    assert ignored_spans("# respell: ignore-next-line") == []


def test_off_on_region() -> None:
    text = "a\n<!-- respell: off -->\nb\nc\n<!-- respell: on -->\nd\n"
    assert ignored_text(text) == ["<!-- respell: off -->\nb\nc\n<!-- respell: on -->\n"]


def test_off_without_on_runs_to_end() -> None:
    text = "a\n/* RESPELL:OFF */\nb\nc"
    assert ignored_text(text) == ["/* RESPELL:OFF */\nb\nc"]


def test_on_without_off_and_double_off() -> None:
    text = "a # respell: on\nb # respell: off\nc # respell: off\nd # respell: on\ne\n"
    assert ignored_text(text) == ["b # respell: off\nc # respell: off\nd # respell: on\n"]


def test_markers_inside_off_region_are_inert() -> None:
    text = "# respell: off\n# respell: ignore-next-line\n# respell: on\nkept\n"
    assert ignored_text(text) == ["# respell: off\n# respell: ignore-next-line\n# respell: on\n"]


@pytest.mark.parametrize(
    "text",
    ["respell: ignored here", "respell: online", "respell: offset", "respell: ignore-me", "respell ignore",
     "respell - ignore"],
)
def test_near_misses_are_not_markers(text: str) -> None:
    assert ignored_spans(text + "\nnext\n") == []


def test_adjacent_ignored_lines_merge() -> None:
    text = "a # respell: ignore\nb # respell: ignore\nc\n"
    assert ignored_spans(text) == [(0, 40)]


def test_crlf_lines() -> None:
    text = "a\r\nb # respell: ignore\r\nc\r\n"
    assert ignored_text(text) == ["b # respell: ignore\r\n"]


# ---------------------------------------------------------------- phrase_ignored


def test_lower_case_entry_ignores_every_case() -> None:
    ignore = ["un safety council"]
    for text in ("un safety council", "UN Safety Council", "UN SAFETY COUNCIL", "Un safety council"):
        assert phrase_ignored(text, ignore)


def test_entry_with_capitals_ignores_only_that_case() -> None:
    ignore = ["UN Safety Council"]
    assert phrase_ignored("UN Safety Council", ignore)
    assert not phrase_ignored("un safety council", ignore)
    assert not phrase_ignored("UN SAFETY COUNCIL", ignore)


def test_apostrophes_and_whitespace_are_equal() -> None:
    assert phrase_ignored("Overseas Minister\u2019s", ["overseas minister's"])
    assert phrase_ignored("Overseas Minister's", ["Overseas Minister\u2019s"])
    assert phrase_ignored("machine\n  studying", ["machine studying"])
    assert phrase_ignored("machine studying", ["  machine\tstudying "])


def test_whole_phrase_must_match() -> None:
    assert not phrase_ignored("machine studying", ["machine"])
    assert not phrase_ignored("machine", ["machine studying"])
    assert not phrase_ignored("anything", [])
    assert not phrase_ignored("anything", ["", "   "])


def test_ignore_list_may_be_any_collection() -> None:
    assert phrase_ignored("Cold Struggle", {"cold struggle"})
    assert phrase_ignored("Cold Struggle", frozenset({"Cold Struggle"}))
    assert phrase_ignored("Cold Struggle", ("x", "cold struggle"))


# ---------------------------------------------------------------- filter_findings


SPUN = """\
The UN Safety Council met.
The UN Safety Council met again. # respell: ignore
<!-- respell: ignore-next-line -->
The Overseas Minister spoke.
The Overseas Minister spoke again.
<!-- respell: off -->
Synthetic intelligence is here.
<!-- respell: on -->
Machine studying is there.
"""


def test_filter_drops_every_ignore_form(tmp_path: Path) -> None:
    path = tmp_path / "spun.md"
    path.write_text(SPUN, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    findings = [
        finding(text, "UN Safety Council", nth=0),
        finding(text, "UN Safety Council", nth=1),
        finding(text, "Overseas Minister", nth=0),
        finding(text, "Overseas Minister", nth=1),
        finding(text, "Synthetic intelligence"),
        finding(text, "Machine studying"),
    ]
    kept = filter_findings(findings, text, [])
    assert [(f.text, text[: f.start].count("\n") + 1) for f in kept] == [
        ("UN Safety Council", 1),
        ("Overseas Minister", 5),
        ("Machine studying", 9),
    ]
    kept = filter_findings(findings, text, ["machine studying", "UN Safety Council"])
    assert [(f.text, text[: f.start].count("\n") + 1) for f in kept] == [("Overseas Minister", 5)]


def test_filter_keeps_order_and_identity() -> None:
    text = "b a"
    fs = [Finding(2, 3, "a", "x", "r", 0.9, "why"), Finding(0, 1, "b", "y", "r", 0.9, "why")]
    assert filter_findings(fs, text, ()) == fs


def test_filter_extra_spans_overlap() -> None:
    text = "0123456789"
    f = Finding(3, 6, "345", "x", "r", 0.9, "why")
    assert filter_findings([f], text, (), extra_spans=[(5, 8)]) == []
    assert filter_findings([f], text, (), extra_spans=[(0, 3)]) == [f]  # touching is not overlapping
    assert filter_findings([f], text, (), extra_spans=[(6, 9)]) == [f]
    assert filter_findings([f], text, (), extra_spans=[(4, 5)]) == []
    assert filter_findings([f], text, (), extra_spans=[(0, 9)]) == []


def test_filter_zero_width_findings() -> None:
    text = "ab # respell: ignore\ncd\n"
    line_end = text.index("\n") + 1
    inside = Finding(1, 1, "", "x", "insert", 0.9, "why")
    next_line = Finding(line_end, line_end, "", "x", "insert", 0.9, "why")
    assert filter_findings([inside, next_line], text, ()) == [next_line]


def test_filter_prose_spans(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("The UN Safety Council and `UN Safety Council` and [UN Safety Council](x).\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    prose = prose_spans(text, "markdown")
    fs = [finding(text, "UN Safety Council", nth=i) for i in range(3)]
    straddling = Finding(0, text.index("`") + 2, text[: text.index("`") + 2], "x", "r", 0.9, "why")
    kept = filter_findings([*fs, straddling], text, (), prose=prose)
    assert kept == [fs[0], fs[2]]
    assert filter_findings(fs, text, ()) == fs  # prose=None: no markup filter
    assert filter_findings(fs, text, (), prose=[]) == []  # no prose at all
