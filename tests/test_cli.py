"""The command line: golden cases from tests/cases/*.toml, plus byte-level behaviour of check/fix/diff.

Every case runs ``respell.cli.main(args)`` in-process, in a fresh temporary directory that holds the case's
``files`` and is the working directory, with ``NO_COLOR`` set and standard input replaced.

Case keys::

    args = [...]                    # required
    stdin = "..."                   # optional standard input (UTF-8)
    files = {"name" = "content"}    # optional files written before the run (subdirectories allowed)
    files_encoding = "latin-1"      # optional encoding of ``files`` (default utf-8)
    stdout = "..."                  # exact expected standard output ({tmp} = the temporary directory)
    stderr = "..."                  # optional exact expected standard error
    stderr_contains = "..."         # optional substring of standard error
    stderr_lines = N                # optional number of lines on standard error
    exit_code = N                   # required
    files_after = {"name" = "..."}  # optional exact file contents after the run

No case may print a traceback.  Inputs rely only on fingerprints of status ``fix`` (profound learning,
counterfeit consciousness, neural organization, satellite tv for pc, synthetic intelligence, machine studying),
so that engine tuning does not change which phrases are found or what they become.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import run_main

from respell.cli import main

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(CASES_DIR.glob("*.toml"))
KNOWN_KEYS = {"args", "stdin", "files", "files_encoding", "stdout", "stderr", "stderr_contains", "stderr_lines",
              "exit_code", "files_after"}

SCIENCE = ("Our lab studies profound learning for images.\n"
           "The weather was mild today.\n"
           "We compare counterfeit consciousness with a neural organization baseline.\n")
SCIENCE_FIXED = ("Our lab studies deep learning for images.\n"
                 "The weather was mild today.\n"
                 "We compare artificial intelligence with a neural network baseline.\n")
NEWS = ("The company launched a new satellite tv for pc last week.\n"
        "Its engineers rely on synthetic intelligence and machine studying to plan orbits.\n"
        "The launch went well.\n")
NEWS_FIXED = ("The company launched a new satellite last week.\n"
              "Its engineers rely on artificial intelligence and machine learning to plan orbits.\n"
              "The launch went well.\n")
CLEAN = "The committee met on Tuesday and approved the budget.\nMembers then went home for the evening.\n"


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the CLI in tmp_path: returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    set_stdin(monkeypatch, b"")

    def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            set_stdin(monkeypatch, stdin)
        return run_main(capsys, *args)

    return run


# ------------------------------------------------------------------------------------------ golden cases

def test_cases_exist() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> None:
    case = tomllib.loads(case_file.read_text(encoding="utf-8"))
    assert set(case) <= KNOWN_KEYS, f"unknown keys {set(case) - KNOWN_KEYS}"
    encoding = case.get("files_encoding", "utf-8")
    for name, content in case.get("files", {}).items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode(encoding))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    set_stdin(monkeypatch, case.get("stdin", "").encode("utf-8"))
    capsys.readouterr()

    code = main(list(case["args"]))
    out, err = capsys.readouterr()

    def sub(s: str) -> str:
        return s.replace("{tmp}", str(tmp_path))

    assert "Traceback" not in err and "Traceback" not in out
    if "stdout" in case:
        assert out == sub(case["stdout"])
    if "stderr" in case:
        assert err == sub(case["stderr"])
    if "stderr_contains" in case:
        assert sub(case["stderr_contains"]) in err
    if "stderr_lines" in case:
        assert len(err.splitlines()) == case["stderr_lines"], err
    assert code == case["exit_code"], (out, err)
    for name, content in case.get("files_after", {}).items():
        assert (tmp_path / name).read_bytes() == content.encode(encoding), name


# ------------------------------------------------------------------------------------- output formats

def test_sarif_structure(cli, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(SCIENCE, encoding="utf-8")
    code, out, err = cli("check", "--format", "sarif", "doc.txt")
    assert code == 1 and err == ""
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert "sarif-2.1.0" in log["$schema"]
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "respell"
    assert run["columnKind"] in ("unicodeCodePoints", "utf16CodeUnits")
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert len(results) == 3
    got = []
    for r in results:
        assert r["ruleId"] in rule_ids
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
        assert r["level"] in ("warning", "note", "error")
        assert r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "doc.txt"
        region = loc["region"]
        got.append((region["startLine"], region["startColumn"], region["endColumn"], r["properties"]["replacement"]))
        start = region["charOffset"]
        assert SCIENCE[start:start + region["charLength"]] in ("profound learning", "counterfeit consciousness",
                                                               "neural organization")
    assert got == [(1, 17, 34, "deep learning"), (3, 12, 37, "artificial intelligence"),
                   (3, 45, 64, "neural network")]


def test_sarif_clean_has_empty_results(cli, tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    code, out, _ = cli("check", "--format", "sarif", "clean.txt")
    assert code == 0
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["runs"][0]["results"] == []


def test_jsonl_fields(cli, tmp_path: Path) -> None:
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    code, out, _ = cli("check", "--format", "jsonl", "news.txt")
    assert code == 1
    recs = [json.loads(line) for line in out.splitlines()]
    for r in recs:
        assert {"path", "line", "column", "start", "end", "text", "replacement", "rule", "confidence",
                "reason"} <= set(r)
        assert r["path"] == "news.txt"
        assert NEWS[r["start"]:r["end"]] == r["text"]
        assert 0.0 <= r["confidence"] <= 1.0
    assert [(r["line"], r["column"], r["text"], r["replacement"]) for r in recs] == [
        (1, 28, "satellite tv for pc", "satellite"),
        (2, 23, "synthetic intelligence", "artificial intelligence"),
        (2, 50, "machine studying", "machine learning")]


def test_jsonl_offsets_after_non_ascii(cli, tmp_path: Path) -> None:
    text = ("Café owners in Zürich now use profound learning to forecast demand. \U0001F600 ok\n"
            "Naïve façades – “quoted” – then a neural organization and counterfeit consciousness.\n")
    (tmp_path / "cafe.txt").write_text(text, encoding="utf-8")
    code, out, _ = cli("check", "--format", "jsonl", "cafe.txt")
    assert code == 1
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in recs] == ["profound learning", "neural organization", "counterfeit consciousness"]
    lines = text.splitlines(keepends=True)
    for r in recs:
        assert text[r["start"]:r["end"]] == r["text"]
        line = lines[r["line"] - 1]
        assert line[r["column"] - 1:].startswith(r["text"])  # column counts characters, 1-based
    assert (recs[0]["line"], recs[0]["column"], recs[0]["start"]) == (1, 31, 30)


def test_check_stdin(cli) -> None:
    code, out, err = cli("check", "-", stdin=NEWS.encode())
    assert code == 1 and err == ""
    assert [line.split(": ", 1)[0] for line in out.splitlines() if line.startswith("-:") and " -> " in line] == [
        "-:1:28", "-:2:23", "-:2:50"]


# ---------------------------------------------------------------------------------- bytes kept by fix

def _fix_bytes(cli, tmp_path: Path, data: bytes, name: str = "doc.txt") -> bytes:
    p = tmp_path / name
    p.write_bytes(data)
    code, out, err = cli("fix", name)
    assert code == 1 and out == ""
    assert "fixed" in err
    return p.read_bytes()


def test_fix_keeps_crlf_and_missing_final_newline(cli, tmp_path: Path) -> None:
    before = SCIENCE.replace("\n", "\r\n").rstrip("\r\n").encode()
    after = _fix_bytes(cli, tmp_path, before)
    assert after == SCIENCE_FIXED.replace("\n", "\r\n").rstrip("\r\n").encode()
    assert after.count(b"\r\n") == before.count(b"\r\n") == 2
    assert not after.endswith(b"\n")
    # outside the edits every byte is the same
    assert before.split(b"profound learning")[0] == after.split(b"deep learning")[0]
    assert before.split(b"neural organization")[1] == after.split(b"neural network")[1]


def test_fix_keeps_mixed_line_endings(cli, tmp_path: Path) -> None:
    before = b"First line profound learning here.\r\nSecond line plain.\nThird neural organization.\r\n"
    after = _fix_bytes(cli, tmp_path, before)
    assert after == b"First line deep learning here.\r\nSecond line plain.\nThird neural network.\r\n"


def test_fix_keeps_bom(cli, tmp_path: Path) -> None:
    before = b"\xef\xbb\xbf" + NEWS.encode()
    after = _fix_bytes(cli, tmp_path, before)
    assert after == b"\xef\xbb\xbf" + NEWS_FIXED.encode()


def test_bom_offsets_count_text_after_bom(cli, tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + NEWS.encode())
    code, out, _ = cli("check", "--format", "jsonl", "bom.txt")
    first = json.loads(out.splitlines()[0])
    assert (first["line"], first["column"], first["start"]) == (1, 28, 27)


def test_fix_keeps_permissions(cli, tmp_path: Path) -> None:
    p = tmp_path / "doc.txt"
    p.write_text(SCIENCE, encoding="utf-8")
    os.chmod(p, 0o640)
    code, _, _ = cli("fix", "doc.txt")
    assert code == 1
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert p.read_text(encoding="utf-8") == SCIENCE_FIXED
    assert sorted(x.name for x in tmp_path.iterdir()) == ["doc.txt"]  # no temporary file left behind


def test_fix_twice_is_idempotent(cli, tmp_path: Path) -> None:
    p = tmp_path / "news.txt"
    p.write_text(NEWS, encoding="utf-8")
    assert cli("fix", "news.txt")[0] == 1
    once = p.read_bytes()
    assert once == NEWS_FIXED.encode()
    code, out, err = cli("fix", "news.txt")
    assert (code, out, err) == (0, "", "")
    assert p.read_bytes() == once


def test_fix_clean_file_untouched(cli, tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    p.write_text(CLEAN, encoding="utf-8")
    os.utime(p, (1_000_000_000, 1_000_000_000))
    assert cli("fix", "clean.txt") == (0, "", "")
    assert p.read_text(encoding="utf-8") == CLEAN
    assert p.stat().st_mtime == 1_000_000_000


def test_fix_stdin_is_a_pure_filter_bytes(cli) -> None:
    data = SCIENCE.replace("\n", "\r\n").encode()
    code, out, err = cli("fix", "-", stdin=data)
    assert err == "" and code == 1
    assert out == SCIENCE_FIXED.replace("\n", "\r\n")


def test_fix_stdin_clean_passes_through(cli) -> None:
    assert cli("fix", "-", stdin=CLEAN.encode()) == (0, CLEAN, "")


# ----------------------------------------------------------------------------------------------- diff

@pytest.mark.parametrize("style", ["unified", "words"])
def test_diff_writes_nothing(cli, tmp_path: Path, style: str) -> None:
    p = tmp_path / "doc.txt"
    p.write_text(SCIENCE, encoding="utf-8")
    os.utime(p, (1_000_000_000, 1_000_000_000))
    code, out, err = cli("diff", "--style", style, "doc.txt")
    assert code == 1 and out and err == ""
    assert "\x1b" not in out
    assert p.read_bytes() == SCIENCE.encode()
    assert p.stat().st_mtime == 1_000_000_000
    assert sorted(x.name for x in tmp_path.iterdir()) == ["doc.txt"]


def test_diff_unified_applies_to_fix_result(cli, tmp_path: Path) -> None:
    """The unified diff describes exactly what fix writes."""
    (tmp_path / "doc.txt").write_text(NEWS, encoding="utf-8")
    _, out, _ = cli("diff", "--style", "unified", "doc.txt")
    minus = [line[1:] for line in out.splitlines(keepends=True) if line.startswith("-") and not line.startswith("---")]
    plus = [line[1:] for line in out.splitlines(keepends=True) if line.startswith("+") and not line.startswith("+++")]
    assert minus == NEWS.splitlines(keepends=True)[:2]
    assert plus == NEWS_FIXED.splitlines(keepends=True)[:2]


def test_diff_words_colour_always(cli, tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(NEWS, encoding="utf-8")
    _, out, _ = cli("diff", "--style", "words", "--color", "always", "doc.txt")
    assert "\x1b[" in out and "machine learning" in out


def test_diff_clean_is_empty(cli, tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    for style in ("unified", "words"):
        assert cli("diff", "--style", style, "clean.txt") == (0, "", "")


# ---------------------------------------------------------------------------------------- directories

def test_directory_recursion(cli, tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text(SCIENCE, encoding="utf-8")
    (root / "sub" / "b.md").write_text(NEWS, encoding="utf-8")
    (root / "sub" / "deeper" / "c.txt").write_text(CLEAN, encoding="utf-8")
    (root / "sub" / "image.png").write_bytes(b"\x89PNG profound learning")
    (root / ".git" / "notes.txt").write_text(SCIENCE, encoding="utf-8")
    code, out, err = cli("check", "--format", "jsonl", "docs")
    assert code == 1 and err == ""
    paths = [json.loads(line)["path"] for line in out.splitlines()]
    assert sorted(set(paths)) == [str(Path("docs/a.txt")), str(Path("docs/sub/b.md"))]
    assert paths.count(str(Path("docs/a.txt"))) == 3 and paths.count(str(Path("docs/sub/b.md"))) == 3
    assert not any(".git" in p for p in paths)

    code, _, err = cli("fix", "docs")
    assert code == 1
    assert (root / "a.txt").read_text(encoding="utf-8") == SCIENCE_FIXED
    assert (root / "sub" / "b.md").read_text(encoding="utf-8") == NEWS_FIXED
    assert (root / ".git" / "notes.txt").read_text(encoding="utf-8") == SCIENCE  # never touched
    assert (root / "sub" / "deeper" / "c.txt").read_text(encoding="utf-8") == CLEAN


def test_several_paths_in_order(cli, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "a.txt").write_text(SCIENCE, encoding="utf-8")
    _, out, _ = cli("check", "--format", "jsonl", "b.txt", "a.txt")
    paths = [json.loads(line)["path"] for line in out.splitlines()]
    assert paths == ["b.txt"] * 3 + ["a.txt"] * 3


# --------------------------------------------------------------------------------------------- errors

@pytest.mark.parametrize("args", [["check", "missing.txt"], ["fix", "missing.txt"], ["diff", "missing.txt"],
                                  ["score", "missing.txt"]])
def test_missing_file_every_command(cli, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    assert err == "respell: error: missing.txt: no such file or directory\n"


def test_stdin_binary_is_an_error(cli) -> None:
    code, out, err = cli("check", "-", stdin=b"abc\x00def")
    assert code == 2 and out == "" and len(err.splitlines()) == 1


def test_undecodable_fix_leaves_file(cli, tmp_path: Path) -> None:
    p = tmp_path / "latin.txt"
    data = "Café with profound learning.\n".encode("latin-1")
    p.write_bytes(data)
    code, out, err = cli("fix", "latin.txt")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert p.read_bytes() == data


def test_binary_among_others(cli, tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"profound learning\x00\x01")
    (tmp_path / "doc.txt").write_text(NEWS, encoding="utf-8")
    code, out, err = cli("check", "bin.txt", "doc.txt")
    assert code == 1
    assert err == "respell: note: bin.txt: binary file skipped\n"
    assert out.startswith("doc.txt: 3 findings; document spin score 0.91 (spun)\n"
                          "doc.txt:1:28: satellite tv for pc -> satellite [")
