"""JSON Lines pipelines: `respell fix/check/score --jsonl` over record files, byte-exact outside the text field."""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
from json.decoder import scanstring
from pathlib import Path

import pytest

from respell.cli import main

N_RECORDS = 10_000
SPUN_SHARE = 0.05  # spun records cost ~9 ms each against ~0.7 ms for clean ones: keeps the 10,000 under ~20 s

# (spun text, fixed text): only fingerprints of status `fix`, in plain sentences
SPUN = [
    ("Our lab studies profound learning for images. We also tried a neural organization on the data.",
     "Our lab studies deep learning for images. We also tried a neural network on the data."),
    ("The firm bets on synthetic intelligence and machine studying for its products.",
     "The firm bets on artificial intelligence and machine learning for its products."),
    ("A new satellite tv for pc was launched, and its makers praised counterfeit consciousness.",
     "A new satellite was launched, and its makers praised artificial intelligence."),
    ("Café owners in Zürich – “naïve” or not – use profound learning and counterfeit consciousness.",
     "Café owners in Zürich – “naïve” or not – use deep learning and artificial intelligence."),
    ("Line one\u2028line two: profound learning meets neural organization.",
     "Line one\u2028line two: deep learning meets neural network."),
]
CLEAN = [
    "The committee met on Tuesday and approved the budget.",
    "Members then went home for the evening.",
    "Rain is expected in the north by the weekend.",
    "Prices at the market rose slightly in March.",
    "The museum reopens on Friday after repairs to the roof.",
    "Crème brûlée was served at the end of the dinner in Málaga.",
    "She read the report twice before the meeting began.",
]


def _field_value_span(raw: str, key: str) -> tuple[int, int]:
    """Span of the raw text of top-level ``key``'s value in a one-line JSON object (independent of respell)."""
    dec = json.JSONDecoder()
    i = raw.index("{") + 1
    while True:
        while raw[i] in " \t":
            i += 1
        assert raw[i] == '"', raw
        name, i = scanstring(raw, i + 1)
        while raw[i] in " \t:":
            i += 1
        _, end = dec.raw_decode(raw, i)
        if name == key:
            return i, end
        i = end
        while raw[i] in " \t,":
            i += 1


def _make_records(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """(input lines, expected text field after fix) with varied fields, spacing, escapes and numbers."""
    rng = random.Random(seed)
    lines, expected = [], []
    for i in range(n):
        if rng.random() < SPUN_SHARE:
            text, fixed = SPUN[rng.randrange(len(SPUN))]
        else:
            text = fixed = " ".join(rng.sample(CLEAN, 2))
        variant = i % 5
        if variant == 0:
            line = json.dumps({"id": i, "text": text, "meta": {"src": "feed", "tags": ["a", "b"], "score": 1.50}},
                              ensure_ascii=False)
            line = line.replace("1.5}", "1.50}")  # a number format json.dumps would not write
        elif variant == 1:
            line = ('{"id":"r%d","lang":"fr","author":"Ren\\u00e9e","text":%s,"n":1e3,"ok":true,"x":null}'
                    % (i, json.dumps(text, ensure_ascii=False)))
        elif variant == 2:
            # the text field itself written with \\u escapes, other keys after it
            line = '{ "text" : %s , "id" : %d, "nested": {"text": "not this one", "deep": [1, 2.0, -0.0]} }' % (
                json.dumps(text, ensure_ascii=True), i)
        elif variant == 3:
            line = json.dumps({"meta": {"title": "Ünïcödé — “quotes”", "path": "a\\b/c"}, "text": text, "id": i},
                              ensure_ascii=False, separators=(",", ":"))
        else:
            line = '{"id": %d, "text": %s, "emoji": "\\ud83d\\ude00", "raw": "😀", "big": 12345678901234567890}' % (
                i, json.dumps(text, ensure_ascii=False))
        lines.append(line + "\n")
        expected.append(fixed)
    return lines, expected


def _run(monkeypatch, capsys, args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _assert_same_outside_text(inp: str, out: str) -> None:
    s_in, e_in = _field_value_span(inp, "text")
    s_out, e_out = _field_value_span(out, "text")
    assert out[:s_out] + inp[s_in:e_in] + out[e_out:] == inp


def test_fix_10000_records_byte_identical_outside_field(tmp_path: Path, monkeypatch, capsys) -> None:
    lines, expected = _make_records(N_RECORDS)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    warm = json.dumps({"text": SPUN[0][0]}).encode()
    _run(monkeypatch, capsys, ["fix", "--jsonl", "-"], warm)  # warm up: the engine builds its match index once
    t0 = time.perf_counter()
    code, out, err = _run(monkeypatch, capsys, ["fix", "--jsonl", "--field", "text", "records.jsonl"])
    elapsed = time.perf_counter() - t0
    assert code == 1 and err == ""
    assert path.read_text(encoding="utf-8") == "".join(lines)  # --jsonl writes to stdout, never in place
    out_lines = out.split("\n")
    assert out_lines[-1] == ""
    out_lines = [x + "\n" for x in out_lines[:-1]]
    assert len(out_lines) == N_RECORDS
    changed = 0
    for inp, got, want in zip(lines, out_lines, expected):
        rec_in, rec_out = json.loads(inp), json.loads(got)
        assert rec_out["id"] == rec_in["id"]  # order kept
        assert rec_out["text"] == want
        assert {k: v for k, v in rec_out.items() if k != "text"} == {k: v for k, v in rec_in.items() if k != "text"}
        if got == inp:
            continue
        changed += 1
        _assert_same_outside_text(inp, got)
    assert changed == sum(1 for line, want in zip(lines, expected) if json.loads(line)["text"] != want) > 300
    assert elapsed < 30, f"{N_RECORDS} records took {elapsed:.1f}s"


def test_fix_jsonl_stdin_keeps_escape_style_and_crlf(monkeypatch, capsys) -> None:
    data = ('{"id": 1, "text": "Caf\\u00e9 staff use profound learning and a neural organization."}\r\n'
            '{"id": 2, "text": "Café staff use profound learning and a neural organization."}\r\n'
            '{"id": 3, "text": "Plain text.", "n": 1.50}')
    code, out, err = _run(monkeypatch, capsys, ["fix", "--jsonl", "-"], data.encode())
    assert code == 1 and err == ""
    assert out == ('{"id": 1, "text": "Caf\\u00e9 staff use deep learning and a neural network."}\r\n'
                   '{"id": 2, "text": "Café staff use deep learning and a neural network."}\r\n'
                   '{"id": 3, "text": "Plain text.", "n": 1.50}')


BAD = ('{"id": 1, "text": "Our lab studies profound learning and a neural organization."}\n'
       '{"id": 2, "text": "broken\n'
       '{"id": 3, "body": "no text field here"}\n'
       '\n'
       '{"id": 5, "text": 42}\n'
       '[1, 2, 3]\n'
       '{"id": 7, "text": "The committee met on Tuesday."}\n')


def test_malformed_records_pass_through_with_warning(monkeypatch, capsys) -> None:
    code, out, err = _run(monkeypatch, capsys, ["fix", "--jsonl", "-"], BAD.encode())
    assert code == 2  # every record written, but malformed ones are input errors unless --skip-bad expects them
    expected = BAD.replace("profound learning and a neural organization", "deep learning and a neural network")
    assert out == expected
    warnings = err.splitlines()
    assert len(warnings) == 4
    for lineno, w in zip((2, 3, 5, 6), warnings):
        assert w.startswith(f"respell: warning: -:{lineno}: "), w
        assert "passed through" in w


def test_malformed_records_dropped_with_skip_bad(monkeypatch, capsys) -> None:
    code, out, err = _run(monkeypatch, capsys, ["fix", "--jsonl", "--skip-bad", "-"], BAD.encode())
    assert code == 1
    assert out == ('{"id": 1, "text": "Our lab studies deep learning and a neural network."}\n'
                   '\n'
                   '{"id": 7, "text": "The committee met on Tuesday."}\n')
    assert [w.split(": ")[2] for w in err.splitlines()] == ["-:2", "-:3", "-:5", "-:6"]
    assert all("skipped" in w for w in err.splitlines())


def test_other_field(monkeypatch, capsys) -> None:
    data = '{"text": "profound learning stays here", "body": "We use profound learning and a neural organization."}\n'
    code, out, err = _run(monkeypatch, capsys, ["fix", "--jsonl", "--field", "body", "-"], data.encode())
    assert code == 1 and err == ""
    assert out == ('{"text": "profound learning stays here", '
                   '"body": "We use deep learning and a neural network."}\n')


def test_annotate(monkeypatch, capsys) -> None:
    data = ('{"id": 1, "text": "We use profound learning and a neural organization.", "n": 1.50}\n'
            '{"id": 2, "text": "The committee met on Tuesday."}\n')
    code, out, err = _run(monkeypatch, capsys, ["fix", "--jsonl", "--annotate", "-"], data.encode())
    assert code == 1 and err == ""
    lines = out.splitlines(keepends=True)
    assert len(lines) == 2
    first, second = (json.loads(x) for x in lines)
    assert first["text"] == "We use deep learning and a neural network."
    assert lines[0].startswith('{"id": 1, "text": "We use deep learning and a neural network.", "n": 1.50, ')
    ann = first["respell"]
    assert 0.0 <= ann["spin_score"] <= 1.0
    assert [(e["text"], e["replacement"]) for e in ann["edits"]] == [("profound learning", "deep learning"),
                                                                     ("neural organization", "neural network")]
    original = "We use profound learning and a neural organization."
    for e in ann["edits"]:
        assert original[e["start"]:e["end"]] == e["text"]
    assert second["text"] == "The committee met on Tuesday."
    assert second["respell"]["edits"] == [] and 0.0 <= second["respell"]["spin_score"] <= 1.0
    assert ann["spin_score"] > second["respell"]["spin_score"]


def test_score_jsonl_one_line_per_record(monkeypatch, capsys) -> None:
    recs = [{"id": i, "text": t} for i, t in enumerate(
        ["We use profound learning and a neural organization with counterfeit consciousness.",
         "The committee met on Tuesday and approved the budget.",
         "A new satellite tv for pc relies on synthetic intelligence and machine studying."])]
    data = "".join(json.dumps(r) + "\n" for r in recs)
    code, out, err = _run(monkeypatch, capsys, ["score", "--jsonl", "-"], data.encode())
    assert err == "" and code == 1
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert all(0.0 <= r["spin_score"] <= 1.0 for r in rows)
    assert rows[0]["spin_score"] > rows[1]["spin_score"] < rows[2]["spin_score"]


def test_score_jsonl_with_blank_and_bad_lines(monkeypatch, capsys) -> None:
    code, out, err = _run(monkeypatch, capsys, ["score", "--jsonl", "-"], BAD.encode())
    assert [json.loads(x)["line"] for x in out.splitlines()] == [1, 7]
    assert len(err.splitlines()) == 4 and "-:2:" in err


def test_check_jsonl_reports_record_line(monkeypatch, capsys) -> None:
    data = ('{"id": 1, "text": "The committee met on Tuesday."}\n'
            '{"id": 2, "text": "Nothing here either."}\n'
            '{"id": 3, "text": "Café staff use profound learning.\\nThen a neural organization."}\n')
    code, out, err = _run(monkeypatch, capsys, ["check", "--jsonl", "--format", "jsonl", "-"], data.encode())
    assert code == 1 and err == ""
    rows = [json.loads(x) for x in out.splitlines()]
    text = "Café staff use profound learning.\nThen a neural organization."
    assert [(r["record"], r["text"], r["replacement"]) for r in rows] == [
        (3, "profound learning", "deep learning"), (3, "neural organization", "neural network")]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
        assert (r["path"], r["record"]) == ("-", 3)
    assert [(r["line"], r["column"]) for r in rows] == [(1, 16), (2, 8)]


def test_unicode_line_separator_inside_record(monkeypatch, capsys) -> None:
    """U+2028 is legal unescaped inside a JSON string: it must not split the record."""
    data = ('{"id": 1, "text": "One\u2028two profound learning, one neural organization."}\n'
            'bad\n')
    code, out, err = _run(monkeypatch, capsys, ["fix", "--jsonl", "-"], data.encode())
    assert out == '{"id": 1, "text": "One\u2028two deep learning, one neural network."}\nbad\n'
    assert err.startswith("respell: warning: -:2: ")


def test_jobs_give_the_same_output_as_one_process(tmp_path) -> None:
    """--jobs 2 (forked workers) writes exactly what one process writes, in the same order, for JSONL records
    and for a directory of files."""
    import subprocess
    records = tmp_path / "r.jsonl"
    spun = "We trained a profound neural organization and an irregular woodland on colossal information."
    lines = [json.dumps({"id": i, "text": spun if i % 7 == 0 else f"Plain sentence number {i}."})
             for i in range(300)]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(12):
        (docs / f"d{i:02}.txt").write_text(spun if i % 3 == 0 else "A quiet walk in the park.\n", encoding="utf-8")

    def run(*args: str) -> tuple[int, str]:
        p = subprocess.run([sys.executable, "-m", "respell.cli", *args], capture_output=True, text=True,
                           cwd=tmp_path, env={**__import__("os").environ, "NO_COLOR": "1"})
        assert "Traceback" not in p.stderr
        return p.returncode, p.stdout

    assert run("fix", "--jsonl", "--jobs", "2", str(records)) == run("fix", "--jsonl", str(records))
    one = run("check", "--format", "jsonl", str(docs))
    assert one[0] == 1 and one[1].count("\n") >= 8
    assert run("check", "--format", "jsonl", "--jobs", "2", str(docs)) == one


def test_jobs_use_the_dictionaries_of_the_configuration(tmp_path: Path) -> None:
    """Workers are forked from an engine built with the user's dictionaries, not from a default one (--jobs 2
    used to find nothing that only a configured dictionary knows)."""
    import subprocess

    (tmp_path / "fp.tsv").write_text("# test\nshimmering sea current\tGulf Stream\tfix\ttest\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.respell]\ndictionaries = ["fp.tsv"]\n', encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        (docs / f"d{i}.txt").write_text("Warm water from the shimmering sea current keeps the coast mild.\n",
                                        encoding="utf-8")

    def run(*args: str) -> str:
        p = subprocess.run([sys.executable, "-m", "respell.cli", "check", "--format", "jsonl", *args, "docs"],
                           capture_output=True, text=True, cwd=tmp_path)
        assert p.returncode == 1 and not p.stderr  # a listed never-English phrase is enough alone: found
        return p.stdout

    one = run()
    assert one.count('"replacement": "Gulf Stream"') == 4
    assert run("--jobs", "2") == one


def _slow_square(item: int, shared: int) -> tuple[int, int, int]:
    import os
    time.sleep(0.002 if item % 7 == 0 else 0.0)  # uneven work, so that the processes finish chunks out of order
    return item, item * item + shared, os.getpid()


@pytest.mark.parametrize("jobs", [2, 3])
def test_map_ordered_keeps_input_order_and_shares_the_work(jobs: int) -> None:
    """--jobs N: N - 1 workers and the parent itself; results come back in input order, every item once."""
    import os

    from respell.parallel import map_ordered

    items = iter(range(600))  # a lazy stream, like JSONL records
    results = list(map_ordered(_slow_square, items, jobs, 5, chunksize=8))
    assert [r[:2] for r in results] == [(i, i * i + 5) for i in range(600)]
    pids = {r[2] for r in results}
    assert os.getpid() in pids and len(pids) >= 2


def _fail_on_13(item: int, shared: None) -> int:
    if item == 13:
        raise ValueError("thirteen")
    return item


def test_map_ordered_reports_a_failing_item_instead_of_hanging() -> None:
    from respell.parallel import WorkerError, map_ordered

    with pytest.raises((WorkerError, ValueError), match="thirteen"):
        list(map_ordered(_fail_on_13, range(200), 2, None, chunksize=4))


def _die_in_a_worker(item: int, parent: int) -> int:
    import os
    import signal
    if item >= 50 and os.getpid() != parent:  # the worker dies at the first such item it gets
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.001)
    return item


def test_map_ordered_reports_a_killed_worker_instead_of_hanging() -> None:
    """A worker that dies without answering (killed, out of memory) is an error naming how it ended."""
    import os

    from respell.parallel import WorkerError, map_ordered

    with pytest.raises(WorkerError, match="killed by signal 9"):
        list(map_ordered(_die_in_a_worker, range(400), 2, os.getpid(), chunksize=1))


def _echo_twice(item: str, shared: None) -> str:
    return item + item


def test_map_ordered_moves_chunks_and_answers_larger_than_a_pipe() -> None:
    """A chunk and its answer can each be far larger than a pipe's buffer: neither side may wait on the other
    forever (the parent writes chunks without blocking while it reads answers)."""
    import signal

    from respell.parallel import map_ordered

    def deadlock(*_: object) -> None:
        raise TimeoutError("map_ordered is stuck: parent and worker wait on each other")

    items = [chr(97 + i % 26) * 300_000 for i in range(40)]  # 8 per chunk: 2.4 MB chunks, 4.8 MB answers
    old = signal.signal(signal.SIGALRM, deadlock)
    signal.alarm(60)
    try:
        assert list(map_ordered(_echo_twice, items, 2, None, chunksize=8)) == [i + i for i in items]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _children() -> set[int]:
    import os
    kids: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as fh:
            kids.update(int(pid) for pid in fh.read().split())
    return kids


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_map_ordered_leaves_no_worker_behind_when_its_reader_stops_early() -> None:
    from respell.parallel import map_ordered

    before = _children()
    results = map_ordered(_slow_square, iter(range(10_000)), 3, 0, chunksize=4)
    assert [next(results)[0] for _ in range(20)] == list(range(20))
    assert len(_children() - before) == 2
    results.close()
    assert _children() == before


def test_a_line_that_is_not_utf8_is_passed_through_byte_for_byte(tmp_path: Path) -> None:
    """Records are streamed; a line that cannot be decoded is a malformed record: warned about, kept as is."""
    import subprocess

    data = (b'{"id": 1, "text": "An ordinary sentence about the weather."}\n'
            b'\xff\xfe{"id": 2, "text": "latin-1 caf\xe9"}\n'
            b'{"id": 3, "text": "Another clean record."}')
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    code = "import sys; from respell.cli import entry; sys.argv[0] = 'respell'; sys.exit(entry())"
    for args, stdin in ((["fix", "--jsonl", str(path)], None), (["fix", "--jsonl", "-"], data)):
        proc = subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, timeout=120)
        assert proc.stdout == data
        assert b":2: not valid UTF-8 (byte 0xff at offset 0); passed through" in proc.stderr
        assert proc.returncode == 2  # a malformed record is an input error (all records are still written)


def test_the_console_script_flushes_everything_before_its_hard_exit(tmp_path: Path) -> None:
    """entry() skips the interpreter's teardown (os._exit): output far larger than a pipe's buffer must still
    arrive whole, and the exit code must be the command's."""
    import subprocess

    lines = [json.dumps({"id": i, "text": f"Plain sentence number {i}, about nothing in particular."})
             for i in range(20_000)]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 1_000_000
    code = "import sys; from respell.cli import entry; sys.argv[0] = 'respell'; sys.exit(entry())"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as a pipe makes stdout
    proc = subprocess.run([sys.executable, "-c", code, "fix", "--jsonl", "-"], input=data, capture_output=True,
                          timeout=300, env=env)
    assert proc.returncode == 0 and proc.stdout == data
    spun = tmp_path / "spun.txt"
    spun.write_text("We trained a profound neural organization and an irregular woodland on colossal information.\n",
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", code, "check", str(spun)], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 1 and "deep neural network" in proc.stdout


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_joined_later_are_all_waited_for_when_the_block_ends() -> None:
    """Under ``joined_later`` (the console script) a map's finished workers are waited for when the next map
    starts or the block ends, not when the map ends: their exits overlap the work after it.  None is left."""
    from respell.parallel import joined_later, map_ordered

    before = _children()
    with joined_later():
        assert [r[1] for r in map_ordered(_slow_square, iter(range(40)), 2, 0, chunksize=4)] == [
            x * x for x in range(40)]
        assert len(_children() - before) == 1  # (finished, its exit not yet waited for)
        assert [r[1] for r in map_ordered(_slow_square, iter(range(40)), 3, 0, chunksize=4)] == [
            x * x for x in range(40)]
        assert len(_children() - before) == 2  # (the first map's worker was waited for as this one started)
    assert _children() == before
