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


# --------------------------------------------------------------------- a long text over several processes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CLEAN = Path(__file__).resolve().parent / "data" / "clean"


def _long_mixed_text(chars: int) -> str:
    """Spun and clean prose of the project's own samples, in turn, to ``chars`` characters."""
    pieces = [(SAMPLES / n).read_text(encoding="utf-8") for n in ("spun_news.txt", "spun_science.txt")]
    pieces += [p.read_text(encoding="utf-8") for p in sorted(CLEAN.glob("*.txt"))]
    out: list[str] = []
    while sum(map(len, out)) < chars:
        out.append(pieces[len(out) % len(pieces)])
    return "\n\n".join(out)


def test_a_long_text_shared_out_over_two_processes_gets_the_analysis_of_one(monkeypatch) -> None:
    """Sections of a long text (and the other rules) shared out over two processes give the findings, the
    confidences and the spin of one process: every section is judged on its own evidence and scanned alone."""
    import respell
    from respell import engine as engine_module, parallel
    from respell.engine import SPUN_RULES, sections

    text = _long_mixed_text(130_000)
    assert len(sections(text)) >= 3
    eng = respell.get_engine()
    one = eng.analyse(text)
    forked: list[int] = []
    real = parallel.map_ordered

    def spy(fn, items, jobs, *args, **kwargs):
        forked.append(jobs)
        return real(fn, items, jobs, *args, **kwargs)

    monkeypatch.setattr(parallel, "map_ordered", spy)
    monkeypatch.setattr(engine_module, "PARALLEL_SECTIONS", 2)
    two = eng.analyse(text, jobs=2)
    assert forked and set(forked) == {2}  # the fix-point rounds too
    assert [(f.start, f.end, f.text, f.replacement, f.rule, f.confidence, f.reason) for f in two.findings] == \
        [(f.start, f.end, f.text, f.replacement, f.rule, f.confidence, f.reason) for f in one.findings]
    assert two.spin.evidence == one.spin.evidence
    restored = {(f.text, f.replacement) for f in two.findings if f.rule in SPUN_RULES}
    assert ("profound learning", "deep learning") in restored  # not vacuous: the spun samples are restored
    forked.clear()
    eng.analyse(text[:50_000], jobs=2)
    assert forked == []  # a text of one section stays in one process


def test_jobs_for_a_long_text_default_to_the_cpus_and_jobs_1_keeps_one_process(monkeypatch) -> None:
    monkeypatch.setattr(runner, "cap_jobs", lambda jobs, inputs=None: min(jobs, 4))
    assert runner.section_jobs(runner.Settings.build(config=None)) == 4
    assert runner.section_jobs(runner.Settings.build(config=None, jobs=1)) == 1
    assert runner.section_jobs(runner.Settings.build(config=None, jobs=3)) == 3
