"""Readable output and no silent misconfiguration, beyond the golden cases: colour follows the terminal and
NO_COLOR, diff paths as given, explain at a place in a file, and `check` never imports the review or report
code (start-up time is what pre-commit pays on every commit)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_main

from respell.cli import main

ROOT = Path(__file__).resolve().parents[1]
NEWS = ("The company launched a new satellite tv for pc last week.\n"
        "Its engineers rely on synthetic intelligence and machine studying to plan orbits.\n"
        "The launch went well.\n")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")

    def go(*args: str, tty: bool = False) -> tuple[int, str, str]:
        if tty:
            out, real = Tty(), sys.stdout
            sys.stdout = out
            try:
                code = main(list(args))
            finally:
                sys.stdout = real
            return code, out.getvalue(), ""
        return run_main(capsys, *args)
    return go


@pytest.mark.parametrize("command", [["check"], ["diff", "--style", "words"], ["diff", "--style", "unified"]])
def test_colour_on_a_terminal_unless_no_color(run, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = run(*command, "news.txt", tty=True)
    assert code == 1 and "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run(*command, "news.txt", tty=True)
    assert code == 1 and "\x1b[" not in out and "satellite" in out
    monkeypatch.delenv("NO_COLOR")
    code, out, _ = run(*command, "--color", "never", "news.txt", tty=True)
    assert "\x1b[" not in out
    code, out, _ = run(*command, "news.txt")  # not a terminal: no colour
    assert code == 1 and "\x1b[" not in out


def test_diff_shows_an_absolute_path_as_given(run, tmp_path: Path) -> None:
    path = str(tmp_path / "news.txt")
    code, out, _ = run("diff", "--style", "unified", path)
    assert code == 1
    assert out.splitlines()[:2] == [f"--- {path}", f"+++ {path}"]  # not a//abs/path
    code, out, _ = run("diff", "--style", "words", path)
    assert out.startswith(f"{path}:1: The company launched a new [-satellite tv for pc-]{{+satellite+}} last week.")


def test_explain_a_place_in_a_file(run) -> None:
    code, out, err = run("explain", "news.txt:2:23")
    lines = out.splitlines()
    assert code == 1 and err == ""
    assert lines[0] == ("news.txt:2:23: 'synthetic intelligence' -> 'artificial intelligence' "
                        "[spinner-swap, 0.98; applied by fix]")
    assert lines[1] == '  reason: spun form of "artificial intelligence": synthetic <- artificial (science)'
    assert ("  in context: Its engineers rely on [-synthetic intelligence-]{+artificial intelligence+} and machine "
            "studying to plan orbits.") in lines
    assert "  rivals: none" in lines
    assert "  document: spin score 0.91 (spun), 3 finding(s)" in lines
    # a column inside the span finds the same finding; --in FILE finds the phrase in the file
    assert run("explain", "news.txt:2:30")[1].splitlines()[0] == lines[0]
    code, out, _ = run("explain", "--in", "news.txt", "machine studying")
    assert code == 1 and out.startswith("news.txt:2:50: 'machine studying' -> 'machine learning' [spinner-swap")


def test_explain_says_why_a_word_of_the_table_was_left_as_written(run) -> None:
    """An editor asking why "launch" stayed in "The launch went well." (a spun story about a launch) reads the
    reading the table offers, its evidence between these neighbours and what a lone word needs; in clean text,
    that lone words are not read at all."""
    code, out, _ = run("explain", "news.txt:3:5")
    lines = out.splitlines()
    assert code == 0
    assert lines[:7] == [
        "news.txt:3:5: no finding here",
        '  "launch" read as "release" (seen on 2 real spun pages), between "the" and "went":',
        "    swap link: +0.53",
        "    the document uses the spun form as a spinner does: +0.42",
        "    n-grams in context: -0.06",
        "    own evidence +0.89; a lone word needs +2.30, or in a clearly spun text (document prior +1.00 or more; "
        "+2.00 here) +0.55, and +1.00 where the n-grams lean to the word as written",
        "    verdict: not enough: the n-grams lean to the word as written, and +0.89 is below +1.00"]
    Path("clean.txt").write_text("The company said its engineers were utilizing new tools.\n", encoding="utf-8")
    code, out, _ = run("explain", "--in", "clean.txt", "utilizing")
    assert out.splitlines()[1] == ("  lone words of the spinner's table are not read here: the document prior -3.07 is "
                                   "below -0.50 (a text that looks clean), or the text shows another spinner's list")
    _code, out, _ = run("explain", "news.txt:1:1")
    assert out.splitlines()[1] == '  "The": no reading of the spinner\'s table restores it, alone or with the words after it'


@pytest.mark.parametrize("args, message", [
    (["explain", "news.txt:9:1"], "respell: error: news.txt:9:1: no such position (the file has 3 lines)\n"),
    (["explain", "news.txt:1:99"], "respell: error: news.txt:1:99: no such position (line 1 has 57 characters)\n"),
    (["explain", "missing.txt:1:1"], "respell: error: missing.txt: no such file (explain FILE:LINE:COL explains "
                                     "the finding there)\n"),
    (["explain", "--in", "news.txt", "Chilly Struggle"], "respell: error: news.txt: the phrase 'Chilly Struggle' "
                                                         "does not occur in it\n"),
])
def test_explain_bad_places_are_one_line_errors(run, args: list[str], message: str) -> None:
    assert run(*args) == (2, "", message)


def test_explain_still_takes_a_plain_phrase(run) -> None:
    code, out, _ = run("explain", "Chilly Struggle")
    assert out.startswith('Phrase: "Chilly Struggle"\n')


def test_explain_says_how_the_spinner_s_table_reads_a_lone_word(run) -> None:
    """An editor asking why "doubtless" was left alone learns that it is the spinner's "likely", and when such a
    word is restored (it used to read "nothing to restore")."""
    _code, out, _ = run("explain", "doubtless shortages")
    assert out.splitlines()[1:3] == [
        "  lone-word readings (the news spinner's table): restored only where the text is judged spun (a short "
        "text by its signs), each on evidence of its own",
        '    "doubtless": the spinner\'s form of "likely" (curated, 7/10)']
    _code, out, _ = run("explain", "pleasant weather")
    assert "nothing to restore" in out and "lone-word" not in out


@pytest.mark.parametrize("phrase, note", [
    ("within a month", '; the spinner writes it only before "the": here it is the writer\'s'),
    ("within the month", ""),
    ("within", '; the spinner writes it only before "the"'),
])
def test_explain_says_where_the_spinner_writes_within(run, phrase: str, note: str) -> None:
    """An editor asking why "within a month" was left alone in a spun text learns that the spinner's "within" is
    its "in the" only."""
    _code, out, _ = run("explain", phrase)
    assert out.splitlines()[2] == '    "within": the spinner\'s form of "in" (seen on 7 real spun pages)' + note


def test_explain_says_why_a_listed_phrase_has_its_status(run) -> None:
    """An editor asking why "third request" is left alone reads the list's note: English as written."""
    _code, out, _ = run("explain", "third request")
    assert out.splitlines()[1:3] == [
        "  known spun phrase (science list, status spun): -> differential equation and 3rd order",
        "    list note: torturedcheck; English as written (two common words)"]


def test_a_rejected_finding_in_the_decisions_file_is_not_reported(run, tmp_path: Path) -> None:
    from respell import decisions as D
    from respell.runner import Settings, _all_analyses
    src, a = next(iter(_all_analyses(["news.txt"], Settings.build())))
    known = D.Decisions(tmp_path / D.FILENAME)
    known.record(src.text, a.findings[1], D.REJECT, "news.txt")
    known.save()
    code, out, _ = run("check", "--format", "jsonl", "news.txt")
    assert code == 1 and [line.split('"text": ')[1].split(",")[0] for line in out.splitlines()] == [
        '"satellite tv for pc"', '"machine studying"']
    run("fix", "news.txt")
    assert (tmp_path / "news.txt").read_text(encoding="utf-8") == NEWS.replace(
        "satellite tv for pc", "satellite").replace("machine studying", "machine learning")


def test_check_does_not_import_review_report_or_terminal_libraries() -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "respell.cli", "check",
                           str(ROOT / "samples" / "clean_news.txt")], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-500:]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "respell.engine" in imported  # (the measurement works)
    assert not {m for m in imported if m.split(".")[0] in {"rich", "textual", "selenium"}
                or m in {"respell.review", "respell.report_html", "respell.decisions", "respell.explain"}}
