"""A long plain-text file is checked section by section (memory flat in the file's size): every finding keeps
the file's offsets, line and column, and a section cut never splits a character or a line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from respell import files, runner


def _check(path: Path, capsys, fmt: str = "jsonl") -> list[str]:
    code = runner.run_check([str(path)], fmt, runner.Settings.build(config=None))
    return [str(code)] + capsys.readouterr().out.splitlines()


PARAGRAPHS = [
    "Fish &amp; chips were served on the pier at noon.\n",
    "A line with emoji \U0001F600 and \u00e9l\u00e8ve before &amp;amp; the end.\n",
    "Tom &amp; Jerry.\n\n",
    "Short.\n",
    "\n",
    "Caf\u00e9 &amp; bar, then more prose about the harbour and its boats.\n\n",
]


@pytest.mark.parametrize("size", [64, 101, 1000])  # 64: lines longer than a section, cut at a space
def test_sections_give_the_findings_of_the_whole_file(tmp_path: Path, capsys, monkeypatch, size: int) -> None:
    path = tmp_path / "long.txt"
    path.write_text("".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(120)), encoding="utf-8")
    whole = _check(path, capsys)
    assert len(whole) == 81 and whole[0] == "1"
    whole_text = _check(path, capsys, "text")
    assert whole_text[1] == f"{path}: 80 findings; document spin score 0.00 (not spun)"
    assert whole_text[-1] == "80 findings in 1 file, 80 fixable; 0 report-only"
    monkeypatch.setattr(files, "WHOLE_BYTES", 100)
    monkeypatch.setattr(files, "SECTION_BYTES", size)
    assert len(list(files.read_sections(str(path)))) > 2
    assert _check(path, capsys) == whole
    sectioned = _check(path, capsys, "text")
    # one header and one summary for the whole file (its spin score: the most spun section's, as in the engine)
    assert sectioned[0] == whole_text[0] and sectioned[2:] == whole_text[2:]
    assert sectioned[1].startswith(f"{path}: 80 findings; document spin score 0.0")


def test_a_section_cut_inside_a_very_long_line_keeps_characters_and_columns(tmp_path: Path, monkeypatch) -> None:
    text = ("\u00e9\U0001F600x" * 50) + " Tom &amp; Jerry\n"
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(files, "WHOLE_BYTES", 10)
    parts = list(files.read_sections(str(path), size=37))
    assert "".join(p.text for p in parts) == text and len(parts) > 3
    for p in parts:
        assert p.column == p.chars and p.lines == 0  # all on line 1
    assert [p.chars for p in parts] == [sum(len(q.text) for q in parts[:i]) for i in range(len(parts))]


def test_a_bad_byte_in_a_later_section_is_named_with_its_file_offset(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok line\n" * 40 + b"bad \xff here\n")
    monkeypatch.setattr(files, "WHOLE_BYTES", 10)
    with pytest.raises(files.InputError, match="at offset 324"):
        list(files.read_sections(str(path), size=50))


def test_fix_writes_what_the_sections_report(tmp_path: Path, capsys, monkeypatch) -> None:
    text = "\ufeff" + "".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(120))
    whole, parts = tmp_path / "whole.txt", tmp_path / "parts.txt"
    for p in (whole, parts):
        p.write_text(text, encoding="utf-8")
    assert runner.run_fix([str(whole)], runner.Settings.build(config=None)) == 1
    monkeypatch.setattr(files, "WHOLE_BYTES", 100)
    monkeypatch.setattr(files, "SECTION_BYTES", 200)
    assert len(list(files.read_sections(str(parts)))) > 5
    assert runner.run_fix([str(parts), str(tmp_path / "whole.txt")], runner.Settings.build(config=None)) == 1
    assert parts.read_bytes() == whole.read_bytes() and parts.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Fish & chips" in parts.read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert err.count("respell: fixed") == 2 and f"fixed {parts} (" in err  # the second file had nothing left
