"""Faults: what respell does when files, the disk, signals or workers misbehave (README, "What respell guarantees").

Every test checks that no file is damaged, no temporary file is left, and errors are single lines, never
tracebacks.  The user cache's faults are tested with the cache (tests/test_cache.py).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import respell
from respell.cli import main
from conftest import CONSOLE, cli_runner

ROOT = Path(__file__).resolve().parent.parent
SPUN = (ROOT / "samples" / "spun_science.txt").read_text(encoding="utf-8")
FIXED = respell.fix(SPUN).text
assert FIXED != SPUN


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the CLI in tmp_path: (exit code, stdout, stderr lines); a traceback fails the test."""
    return cli_runner(tmp_path, monkeypatch, capsys)


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*.respell"))


# ------------------------------------------------------------------------- one bad input, the others still run

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_file_does_not_stop_the_others(cli, tmp_path: Path, jobs: str) -> None:
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 profound learning\n")
    (tmp_path / "c.txt").write_text(SPUN, encoding="utf-8")
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    code, out, err = cli("fix", "--jobs", jobs, "a.txt", "bad.txt", "dangling.txt", "loop.txt", "missing.txt",
                         "c.txt")
    assert code == 2
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "bad.txt").read_bytes() == b"caf\xe9 profound learning\n"
    errors = sorted(line for line in err if line.startswith("respell: error:"))
    assert errors == [
        "respell: error: bad.txt: not valid UTF-8 (byte 0xe9 at offset 3); convert it to UTF-8 first",
        "respell: error: dangling.txt: dangling symbolic link (its target does not exist)",
        "respell: error: loop.txt: symbolic link loop",
        "respell: error: missing.txt: no such file or directory",
    ]


def test_check_under_jobs_2_reports_a_non_utf8_file_in_one_line(cli, tmp_path: Path) -> None:
    for name in ("a.txt", "c.txt"):
        (tmp_path / name).write_text(SPUN, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfeabc")  # a UTF-16 BOM, then an odd number of bytes
    code, out, err = cli("check", "--jobs", "2", "--format", "jsonl", "a.txt", "b.txt", "c.txt")
    assert code == 2
    assert err == ["respell: error: b.txt: not valid UTF-16-LE (at byte offset 4); convert it to UTF-8 first"]
    paths = {line.split('"path": "')[1].split('"')[0] for line in out.splitlines()}
    assert paths == {"a.txt", "c.txt"}


def test_the_byte_named_in_a_bom_file_is_the_bad_one(cli, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbfabc\xffdef")
    code, _, err = cli("check", "b.txt")
    assert code == 2
    assert err == ["respell: error: b.txt: not valid UTF-8 (byte 0xff at offset 6); convert it to UTF-8 first"]


# ------------------------------------------------------------------------------------- writing safely

def test_a_symlink_is_written_through_and_stays_a_link(cli, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "target.txt"
    target.write_text(SPUN, encoding="utf-8")
    os.symlink("real/target.txt", tmp_path / "link.txt")
    code, _, err = cli("fix", "link.txt")
    assert code == 1
    assert (tmp_path / "link.txt").is_symlink() and os.readlink(tmp_path / "link.txt") == "real/target.txt"
    assert target.read_text(encoding="utf-8") == FIXED
    assert _leftovers(tmp_path) == []


def test_a_read_only_file_is_refused_not_rewritten(cli, tmp_path: Path) -> None:
    ro = tmp_path / "ro.txt"
    ro.write_text(SPUN, encoding="utf-8")
    ro.chmod(0o444)
    (tmp_path / "rw.txt").write_text(SPUN, encoding="utf-8")
    code, _, err = cli("fix", "ro.txt", "rw.txt")
    assert code == 2
    assert ro.read_text(encoding="utf-8") == SPUN and stat.S_IMODE(ro.stat().st_mode) == 0o444
    assert (tmp_path / "rw.txt").read_text(encoding="utf-8") == FIXED
    assert "respell: error: ro.txt: read-only file, not written (make it writable to let respell fix it)" in err


def test_a_read_only_directory_is_one_error_and_the_others_are_fixed(cli, tmp_path: Path, monkeypatch) -> None:
    """(Tests may run as root, for whom a 0555 directory is writable: the refusal is injected.)"""
    import tempfile
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SPUN, encoding="utf-8")
    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kw):
        if dir and os.path.basename(dir) == "locked":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, dir=dir, **kw)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    code, _, err = cli("fix", "locked/a.txt", "b.txt")
    assert code == 2
    assert err[0] == "respell: error: locked/a.txt: cannot write (Permission denied); the file is unchanged"
    assert (tmp_path / "locked" / "a.txt").read_text(encoding="utf-8") == SPUN
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == FIXED


def test_a_full_disk_leaves_the_original_intact(cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    import respell.files as files

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", fsync)
    code, out, err = cli("fix", "a.txt")
    assert code == 2
    assert err == ["respell: error: a.txt: cannot write (No space left on device); the file is unchanged"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == SPUN
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("what", ["appended", "removed"])
def test_a_file_changed_or_removed_during_the_run_is_not_overwritten(cli, tmp_path: Path, monkeypatch,
                                                                       what: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SPUN, encoding="utf-8")
    import respell.runner as runner
    real_apply = runner.apply

    def apply(text, findings, min_confidence):  # someone edits the file while respell works on it
        if what == "appended":
            with path.open("a", encoding="utf-8") as fh:
                fh.write("A line written during the run.\n")
        else:
            path.unlink()
        return real_apply(text, findings, min_confidence)

    monkeypatch.setattr(runner, "apply", apply)
    code, _, err = cli("fix", "a.txt")
    assert code == 2
    if what == "appended":
        assert err == ["respell: error: a.txt: changed while respell was running; not written (run respell again)"]
        assert path.read_text(encoding="utf-8") == SPUN + "A line written during the run.\n"
    else:
        assert err == ["respell: error: a.txt: removed while respell was running; not written"]
        assert not path.exists()
    assert _leftovers(tmp_path) == []


def test_utf16_files_are_read_and_written_back_as_utf16(cli, tmp_path: Path) -> None:
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(bom + SPUN.replace("\n", "\r\n").encode(encoding))
        code, _, err = cli("fix", path.name)
        assert code == 1, err
        assert path.read_bytes() == bom + FIXED.replace("\n", "\r\n").encode(encoding)


def test_a_long_utf16_file_is_read_whole_and_written_back_as_utf16(cli, tmp_path: Path, monkeypatch) -> None:
    """A file past WHOLE_BYTES is read in sections cut at b"\\n": never for UTF-16, whose line ends are two bytes."""
    from respell import files
    monkeypatch.setattr(files, "WHOLE_BYTES", 100)
    monkeypatch.setattr(files, "SECTION_BYTES", 64)
    path = tmp_path / "long16.txt"
    path.write_bytes(b"\xff\xfe" + SPUN.encode("utf-16-le"))
    assert [type(s).__name__ for s in files.read_sections(str(path))] == ["Source"]
    code, _, err = cli("fix", path.name)
    assert code == 1, err
    assert path.read_bytes() == b"\xff\xfe" + FIXED.encode("utf-16-le")


# ------------------------------------------------------------------ long files (sections) and streamed writes

@pytest.fixture
def sections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files past 100 bytes are read in sections of about 200 (files.read_sections), as files past 16 MB are."""
    from respell import files
    monkeypatch.setattr(files, "WHOLE_BYTES", 100)
    monkeypatch.setattr(files, "SECTION_BYTES", 200)


def test_a_long_file_changed_during_the_run_is_not_overwritten(cli, tmp_path: Path, monkeypatch, sections) -> None:
    """A file read in sections is never held whole: before the rename its inode, size and mtime are compared."""
    path = tmp_path / "long.txt"
    path.write_text(SPUN, encoding="utf-8")
    import respell.runner as runner
    real_apply = runner.apply

    def apply(text, findings, min_confidence):
        if path.stat().st_size == len(SPUN.encode("utf-8")):
            with path.open("a", encoding="utf-8") as fh:
                fh.write("A line written during the run.\n")
        return real_apply(text, findings, min_confidence)

    monkeypatch.setattr(runner, "apply", apply)
    code, _, err = cli("fix", "long.txt")
    assert code == 2
    assert err == ["respell: error: long.txt: changed while respell was running; not written (run respell again)"]
    assert path.read_text(encoding="utf-8") == SPUN + "A line written during the run.\n"
    assert _leftovers(tmp_path) == []


def test_a_long_file_unreadable_past_its_first_section_is_not_written(cli, tmp_path: Path, sections) -> None:
    """Its first sections were analysed (and reported by check); fix writes nothing of it, and goes on."""
    data = SPUN.encode("utf-8") + b"\n\nA bad byte \xff here.\n"
    (tmp_path / "long.txt").write_bytes(data)
    short = "Researchers trained a profound neural organization and an irregular woodland on the data.\n"
    assert len(short) < 100  # (read whole)
    (tmp_path / "b.txt").write_text(short, encoding="utf-8")
    code, _, err = cli("fix", "long.txt", "b.txt")
    assert code == 2
    at = data.index(b"\xff")
    assert err[0] == f"respell: error: long.txt: not valid UTF-8 (byte 0xff at offset {at}); convert it to UTF-8 first"
    assert (tmp_path / "long.txt").read_bytes() == data
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == ("Researchers trained a deep neural network and a "
                                                               "random forest on the data.\n")
    assert _leftovers(tmp_path) == []


def _jsonl(texts: list[str], bom: bool = False) -> bytes:
    import json
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    return (b"\xef\xbb\xbf" if bom else b"") + lines.encode("utf-8")


def test_a_jsonl_file_met_in_a_walk_is_fixed_in_place_keeping_its_bom(cli, tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    path = tmp_path / "corpus" / "pages.jsonl"
    path.write_bytes(_jsonl([SPUN, "Plain words."], bom=True))
    code, _, err = cli("fix", "corpus")
    assert code == 1, err
    assert path.read_bytes() == _jsonl([FIXED, "Plain words."], bom=True)
    assert err == ["respell: fixed corpus/pages.jsonl (1 record)"]


def test_a_read_only_jsonl_file_met_in_a_walk_is_refused(cli, tmp_path: Path) -> None:
    """The streamed writer of JSON Lines refuses what write_atomic refuses."""
    (tmp_path / "corpus").mkdir()
    path = tmp_path / "corpus" / "pages.jsonl"
    path.write_bytes(_jsonl([SPUN]))
    path.chmod(0o444)
    (tmp_path / "corpus" / "a.txt").write_text(SPUN, encoding="utf-8")
    code, _, err = cli("fix", "corpus")
    assert code == 2
    assert path.read_bytes() == _jsonl([SPUN]) and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert (tmp_path / "corpus" / "a.txt").read_text(encoding="utf-8") == FIXED
    assert "respell: error: corpus/pages.jsonl: read-only file, not written (make it writable to let respell fix it)" in err
    assert _leftovers(tmp_path) == []


# --------------------------------------------------------------------------- FIFOs, devices, link loops

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_and_devices_are_never_opened_for_reading(tmp_path: Path) -> None:
    """A FIFO named or met in a walk, and a device, are skipped with a note (a subprocess: a hang would time out)."""
    d = tmp_path / "docs"
    d.mkdir()
    os.mkfifo(d / "pipe.txt")
    (d / "a.txt").write_text("Plain words.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "named.txt")
    proc = subprocess.run([sys.executable, "-c", CONSOLE, "check", str(d), str(tmp_path / "named.txt"), "/dev/null"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [f"respell: note: {tmp_path / 'named.txt'}: a FIFO, not read",
                                        "respell: note: /dev/null: a device, not read"]


def test_a_directory_walk_follows_no_links(cli, tmp_path: Path) -> None:
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text(SPUN, encoding="utf-8")
    os.symlink("..", d / "sub" / "up")           # a directory loop
    os.symlink("loop.txt", d / "loop.txt")       # a link to itself
    os.symlink("sub/a.txt", d / "alias.txt")     # the same file under a second name
    code, _, err = cli("fix", "docs")
    assert code == 1 and err == ["respell: fixed docs/sub/a.txt (%d edits)" % sum(
        1 for f in respell.fix(SPUN).findings if f.applies_at(0.8))]
    assert (d / "sub" / "a.txt").read_text(encoding="utf-8") == FIXED


# ------------------------------------------------------------------------------- signals and workers

def _spun_tree(tmp_path: Path, n: int) -> Path:
    d = tmp_path / "many"
    d.mkdir()
    for i in range(n):
        (d / f"doc{i:04d}.txt").write_text(SPUN, encoding="utf-8")
    return d


def _every_file_old_or_new(d: Path) -> tuple[int, int]:
    old = new = 0
    for p in d.iterdir():
        text = p.read_text(encoding="utf-8")
        assert text in (SPUN, FIXED), p
        old += text == SPUN
        new += text == FIXED
    return old, new


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("after", [1, 25])
def test_an_interrupted_fix_leaves_every_file_old_or_new(tmp_path: Path, sig: int, after: int) -> None:
    d = _spun_tree(tmp_path, 300)  # (many: the signal must arrive while files remain to be written)
    proc = subprocess.Popen([sys.executable, "-c", CONSOLE, "fix", str(d)], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    fixed = 0
    for line in proc.stderr:  # interrupt once `after` files are written: in the middle of the writes
        fixed += line.startswith("respell: fixed")
        if fixed >= after:
            proc.send_signal(sig)
            break
    rest = proc.stderr.read()
    proc.wait(timeout=120)
    assert "Traceback" not in rest and "Exception" not in rest
    assert proc.returncode == (130 if sig == signal.SIGINT else -signal.SIGTERM)
    old, new = _every_file_old_or_new(d)
    assert new >= after and old + new == 300 and old > 0
    assert _leftovers(d) == []


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists() or not hasattr(os, "fork"), reason="needs Linux /proc")
def test_a_killed_worker_fails_the_run_loudly_and_nothing_is_half_written(tmp_path: Path) -> None:
    d = _spun_tree(tmp_path, 400)
    proc = subprocess.Popen([sys.executable, "-c", CONSOLE, "fix", "--jobs", "2", str(d)],
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    killed = None
    while killed is None and proc.poll() is None and time.monotonic() < deadline:
        kids = _children(proc.pid)
        if kids:
            killed = kids[0]
            os.kill(killed, signal.SIGKILL)  # the worker this test's own child forked
        else:
            time.sleep(0.005)
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert killed is not None, "the run ended before its worker could be killed"
    assert proc.returncode == 2
    assert err.splitlines()[-1] == "respell: error: a worker process was killed by signal 9 before finishing"
    assert "Traceback" not in err
    _every_file_old_or_new(d)
    assert _leftovers(d) == []
