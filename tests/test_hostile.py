"""Hostile and odd input: each failure found by trying respell as a new user would, held by a test.

Times are not asserted here (bench/hostile.py reports them); the inputs that used to take minutes are run at
their full size, so a regression to quadratic time shows as a suite that hangs, and their output is exact.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import respell
from respell.cli import main
from conftest import CONSOLE, cli_runner

ROOT = Path(__file__).resolve().parent.parent
SPUN_RECORD = '{"id": 7, "text": "We trained a profound neural organization and an irregular woodland."}\n'
FIXED_RECORD = '{"id": 7, "text": "We trained a deep neural network and a random forest."}\n'


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]):
    """Run the CLI in tmp_path: (exit code, stdout bytes, stderr lines); a traceback fails the test."""
    return cli_runner(tmp_path, monkeypatch, capsysbinary, binary=True)


# ------------------------------------------------------------------------------------------- JSON Lines

def test_check_jsonl_on_a_file_that_is_not_json_lines_exits_2(cli, tmp_path: Path) -> None:
    (tmp_path / "notes.jsonl").write_text("just some words\nand more\n", encoding="utf-8")
    code, out, err = cli("check", "--jsonl", "notes.jsonl")
    assert code == 2 and out == b""
    assert err == ["respell: warning: notes.jsonl:1: malformed JSON record (Expecting value)",
                   "respell: warning: notes.jsonl:2: malformed JSON record (Expecting value)"]
    code, _, _ = cli("check", "--jsonl", "--skip-bad", "notes.jsonl")
    assert code == 0  # --skip-bad: the user expects bad records


@pytest.mark.parametrize("skip_bad", [False, True])
def test_a_record_nested_1000_deep_is_one_bad_record(cli, skip_bad: bool) -> None:
    deep = '{"text": ' + "[" * 1000 + "]" * 1000 + "}\n"
    args = ["fix", "--jsonl", *(["--skip-bad"] if skip_bad else []), "-"]
    code, out, err = cli(*args, stdin=(deep + SPUN_RECORD).encode())
    assert out.decode() == ("" if skip_bad else deep) + FIXED_RECORD
    assert err == ["respell: warning: -:1: malformed JSON record (nested too deeply); "
                   + ("skipped" if skip_bad else "passed through")]
    assert code == (1 if skip_bad else 2)


def test_a_duplicate_text_key_or_a_lone_surrogate_is_not_edited(cli) -> None:
    dup = '{"text": "We trained a profound neural organization.", "text": "an irregular woodland"}\n'
    escaped_dup = ('{"text": "a profound neural organization", '
                   '"te\\u0078t": "We trained a profound neural organization and an irregular woodland."}\n')
    lone = '{"text": "\\ud800 We trained a profound neural organization and an irregular woodland."}\n'
    code, out, err = cli("fix", "--jsonl", "-", stdin=(dup + escaped_dup + lone + SPUN_RECORD).encode())
    assert out.decode() == dup + escaped_dup + lone + FIXED_RECORD
    assert err == [
        "respell: warning: -:1: field 'text' appears twice in the record; passed through",
        "respell: warning: -:2: field 'text' appears twice in the record; passed through",
        "respell: warning: -:3: field 'text' holds a lone surrogate escape (such as \\ud800), which is not text; "
        "passed through",
    ]
    assert code == 2


def test_the_bom_of_the_first_line_is_kept(cli) -> None:
    bom = "\ufeff"
    code, out, _ = cli("fix", "--jsonl", "-", stdin=(bom + SPUN_RECORD).encode())
    assert out.decode() == bom + FIXED_RECORD and code == 1
    code, out, err = cli("fix", "--jsonl", "-", stdin=(bom + "not json\n" + SPUN_RECORD).encode())
    assert out.decode() == bom + "not json\n" + FIXED_RECORD  # byte for byte, as promised
    assert code == 2 and len(err) == 1


def test_stdin_fix_keeps_the_bom(cli) -> None:
    code, out, _ = cli("fix", "-", stdin=b"\xef\xbb\xbfhi\n")
    assert out == b"\xef\xbb\xbfhi\n" and code == 0
    code, out, _ = cli("fix", "-", stdin="\ufeffWe trained a profound neural organization and an irregular woodland.\n"
                       .encode())
    assert out == "\ufeffWe trained a deep neural network and a random forest.\n".encode() and code == 1


# ------------------------------------------------------------------------------------ markup and patterns

@pytest.mark.parametrize("name, text", [("a.html", "<!" * 100_000), ("a.md", "<?" * 200_000),
                                        ("b.html", "<?" * 100_000), ("b.md", "<!a" * 100_000)])
def test_unclosed_markup_is_linear_and_not_prose(cli, tmp_path: Path, name: str, text: str) -> None:
    """These took 29 s and 58 s: each "<" started a scan to the end of the file that failed."""
    (tmp_path / name).write_text(text + "\nWe trained a profound neural organization.\n", encoding="utf-8")
    code, out, err = cli("check", name)
    assert (code, out, err) == (0, b"", [])  # the unclosed construct runs to the end: nothing after it is prose


@pytest.mark.parametrize("text", [
    "Run git log --oneline to see the history.",
    "Pass -andopen to the tool.",
    "Mail andopen@example.org or see https://example.org/andopen and /usr/share/andopen.",
    "The andopen_flag and andopen.cfg settings.",
])
def test_options_identifiers_paths_urls_and_addresses_are_not_split(text: str) -> None:
    assert respell.check(text, rules=["glued-word"]) == []
    assert respell.check("Their andopen door.", rules=["glued-word"])  # (prose still is)


@pytest.mark.parametrize("text", [
    "See /srv/profound learning/data: we trained a profound neural organization and an irregular woodland.",
    "Run it with --profound learning: we trained a profound neural organization and an irregular woodland.",
    "Write to profound.learning@example.org: we trained a profound neural organization and an irregular woodland.",
])
def test_spun_phrase_rules_leave_paths_options_and_addresses_alone(text: str) -> None:
    fixed = respell.fix(text).text
    assert "deep neural network" in fixed  # the prose is repaired...
    assert fixed.count("profound") == 1    # ...the path, option or address is not


def test_pythonioencoding_ascii_writes_fixes_as_utf8_and_reports_with_escapes(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    text = "Caf\u00e9 staff use profound learning and a neural organization.\n".encode()
    proc = subprocess.run([sys.executable, "-c", CONSOLE, "fix", "-"], input=text, capture_output=True, env=env,
                          timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == "Caf\u00e9 staff use deep learning and a neural network.\n".encode()
    proc = subprocess.run([sys.executable, "-c", CONSOLE, "check", "-"], input=text, capture_output=True, env=env,
                          timeout=120)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(b"-: 2 findings") and lines[1].startswith(b"-:1:16: profound learning -> deep learning")


# ---------------------------------------------------------------------------------- usage and configuration

@pytest.mark.parametrize("args, message", [
    (["check", "--bogus", "x"], "respell: error: No such option: --bogus (Possible options: --jobs) (see respell check --help)"),
    (["check"], "respell: error: Missing argument 'paths'. (see respell check --help)"),
    (["frobnicate"], "respell: error: No such command 'frobnicate'. (see respell --help)"),
    (["fix", ""], "respell: error: an empty path was given: name files, directories, or - for stdin"),
    (["check", "a.txt", ""], "respell: error: an empty path was given: name files, directories, or - for stdin"),
])
def test_usage_errors_are_one_line(cli, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a.txt").write_text("We trained a profound neural organization.\n", encoding="utf-8")
    code, out, err = cli(*args)
    assert (code, out, err) == (2, b"", [message])
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "We trained a profound neural organization.\n"


@pytest.mark.parametrize("body, message", [
    ('exclude = ["[z-a]"]', 'exclude[0]: bad pattern "[z-a]": bad character range'),
    ('include = [""]', "include[0]: empty pattern"),
    ("jobs = 100000", "jobs: expected a whole number from 1 to 1024, got 100000"),
    ("jobs = -2", "jobs: expected a whole number from 1 to 1024, got -2"),
    ('jobs = "2"', 'jobs: expected a whole number from 1 to 1024, got "2"'),
    ("min-confidence = 1e308", "min-confidence: expected a number between 0 and 1, got 1e+308"),
    ("type = 3", "type: expected one of auto, text, markdown, html, rst, got 3"),
    ("frobs = 1", 'unknown key "frobs"; did you mean "jobs"?'),
    ('dictionaries = ["/etc/passwd"]', "dictionaries[0]: /etc/passwd is outside the project ({d}); dictionaries "
                                       "must lie inside it, unless you allow their directory with "
                                       "RESPELL_ALLOW_DICTIONARIES=DIR"),
    ('dictionaries = ["../outside.tsv"]', "dictionaries[0]: {p}/outside.tsv is outside the project ({d}); "
                                          "dictionaries must lie inside it, unless you allow their directory with "
                                          "RESPELL_ALLOW_DICTIONARIES=DIR"),
])
def test_configuration_errors_are_one_line_naming_file_and_key(cli, tmp_path: Path, monkeypatch, body: str,
                                                              message: str) -> None:
    monkeypatch.delenv("RESPELL_ALLOW_DICTIONARIES", raising=False)
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside.tsv").write_text("cold war\tCold War\n", encoding="utf-8")
    (project / ".respell.toml").write_text(body + "\n", encoding="utf-8")
    (project / "a.txt").write_text("Plain words.\n", encoding="utf-8")
    monkeypatch.chdir(project)
    code, out, err = cli("check", "a.txt")
    assert code == 2 and out == b""
    assert err == [f"respell: error: {project}/.respell.toml: " + message.format(d=project, p=tmp_path)]


def test_dictionaries_outside_the_project_load_when_the_user_allows_their_directory(cli, tmp_path: Path,
                                                                                      monkeypatch) -> None:
    shared = tmp_path / "shared-dicts"
    shared.mkdir()
    (shared / "terms.tsv").write_text("Zorblax Institute\t1.0\n", encoding="utf-8")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / ".respell.toml").write_text(f'dictionaries = ["{shared}/terms.tsv"]\n', encoding="utf-8")
    (tmp_path / "p" / "a.txt").write_text("Plain words.\n", encoding="utf-8")
    monkeypatch.setenv("RESPELL_ALLOW_DICTIONARIES", str(shared))
    code, _, err = cli("check", "--config", "p/.respell.toml", "p/a.txt")
    assert (code, err) == (0, [])


def test_a_bad_dictionary_row_is_not_printed() -> None:
    from respell.lexicon import LexiconError, Tables, read_file
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.tsv"
        path.write_text("root\tsecret-hash-value\n", encoding="utf-8")
        with pytest.raises(LexiconError) as info:
            read_file(path, "gazetteer", Tables())
    assert "secret" not in str(info.value)
    assert str(info.value) == f"{path}:1: malformed gazetteer row (a weight is not a number)"


def test_jobs_are_capped_at_the_cpu_count_and_the_number_of_inputs(cli, tmp_path: Path, monkeypatch) -> None:
    from respell import parallel, runner
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    assert runner.cap_jobs(1000, 2) == min(2, cpus)
    assert runner.cap_jobs(1000) == cpus
    assert runner.cap_jobs(3, 0) == 1
    seen = []
    real = parallel.map_ordered

    def spy(fn, items, jobs, *args, **kw):
        seen.append(jobs)
        return real(fn, items, jobs, *args, **kw)

    monkeypatch.setattr(parallel, "map_ordered", spy)
    (tmp_path / ".respell.toml").write_text("jobs = 1000\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Plain words.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain words.\n", encoding="utf-8")
    code, _, err = cli("check", "a.txt", "b.txt")
    assert (code, err) == (0, [])
    assert seen == [min(2, cpus)]


# ------------------------------------------------------------------ the engine's fixed point (issue 12, the lead's)

SHARED = ROOT.parent / "shared"


def test_no_doubled_article_before_a_repaired_phrase() -> None:
    text = "We trained a profound neural organization on the cloud platform and an irregular woodland."
    assert respell.fix(text).text == "We trained a deep neural network on the cloud platform and a random forest."


@pytest.mark.skipif(not (SHARED / "seeds" / "spun_article.txt").is_file(), reason="needs ../shared/seeds")
def test_a_second_fix_of_the_seed_article_changes_nothing() -> None:
    once = respell.fix((SHARED / "seeds" / "spun_article.txt").read_text(encoding="utf-8")).text
    assert [(f.text, f.replacement) for f in respell.fix(once).findings if f.applies_at(0.8)] == []
