"""The batch API and the one-engine-per-process rule: get_engine, fix_texts, fix_records, Engine pickling, the
Lexicon-per-call trap and the CLI's main() run twice in one process with different configurations."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import respell
from respell import batch
from respell.cli import main
from respell.lexicon import Lexicon, read_tables

from pipeline_records import (CLEAN, CLEAN_KINDS, LONG_SPUN, REPORT_ONLY, SPUN_NEWS, SPUN_NEWS_FIXED,
                              SPUN_NON_ASCII_FIXED, SPUN_SCIENCE, SPUN_SCIENCE_FIXED, records)

EXPECTED_TEXT = {
    "spun-science": SPUN_SCIENCE_FIXED,
    "spun-news": SPUN_NEWS_FIXED,
    "spun-non-ascii": SPUN_NON_ASCII_FIXED,
    "spun-news-crlf": SPUN_NEWS_FIXED.replace("\n", "\r\n"),
    "long-spun": LONG_SPUN.replace(SPUN_SCIENCE, SPUN_SCIENCE_FIXED),
}
EXPECTED_EDITS = {"spun-science": 2, "spun-news": 3, "spun-non-ascii": 2, "spun-news-crlf": 3, "long-spun": 2}


# ------------------------------------------------------------------------------------------- fix_records

def test_fix_records_in_order_with_flat_annotation() -> None:
    given = records()
    out = list(respell.fix_records(given, annotate=True))
    assert [r["id"] for r in out] == [r["id"] for r in given]
    for before, after in zip(given, out):
        kind = before["kind"]
        assert after["text"] == EXPECTED_TEXT.get(kind, before["text"]), kind
        assert set(after) == {"id", "kind", "text", "respell_edits", "respell_pending", "respell_spin_score"}
        assert after["respell_edits"] == EXPECTED_EDITS.get(kind, 0), kind
        assert after["respell_pending"] == (1 if kind == "report-only" else 0), kind
        assert (after["respell_spin_score"] > 0.5) == (kind in EXPECTED_EDITS), kind
    assert given == records()  # the input records are not modified
    clean = [r for r in out if r["kind"] in CLEAN_KINDS]
    assert len(clean) == len(CLEAN_KINDS) and all(r["respell_edits"] == 0 for r in clean)


def test_fix_records_edit_false_only_annotates() -> None:
    out = list(respell.fix_records([{"text": SPUN_NEWS}, {"text": REPORT_ONLY}], annotate=True, edit=False))
    assert out == [{"text": SPUN_NEWS, "respell_edits": 0, "respell_pending": 3, "respell_spin_score": 0.864},
                   {"text": REPORT_ONLY, "respell_edits": 0, "respell_pending": 1, "respell_spin_score": 0.119}]


def test_fix_records_other_field_and_records_without_text_pass_through() -> None:
    given = [{"body": SPUN_SCIENCE, "n": 1}, {"n": 2}, {"body": None}, {"body": 3.5}]
    assert list(respell.fix_records(given, field="body", annotate=True)) == [
        {"body": SPUN_SCIENCE_FIXED, "n": 1, "respell_edits": 2, "respell_pending": 0, "respell_spin_score": 0.75},
        {"n": 2}, {"body": None}, {"body": 3.5}]


def test_fix_records_min_confidence_is_the_threshold() -> None:
    out = next(respell.fix_records([{"text": REPORT_ONLY}], annotate=True, min_confidence=0.7))
    assert out == {"text": "We used deep learning.", "respell_edits": 1, "respell_pending": 0,
                   "respell_spin_score": 0.119}


def test_fix_texts_equals_fix_one_by_one_and_streams() -> None:
    texts = [t["text"] for t in records()]
    got = list(respell.fix_texts(texts))
    assert got == [respell.fix(t) for t in texts]
    assert [r.text for r in got][:2] == [SPUN_SCIENCE_FIXED, CLEAN]

    def endless():
        while True:
            yield SPUN_SCIENCE
    stream = respell.fix_texts(endless())
    assert [next(stream).text for _ in range(3)] == [SPUN_SCIENCE_FIXED] * 3


# ------------------------------------------------------------------------------------ one engine per process

def test_get_engine_is_shared_and_keyed_by_data(tmp_path: Path) -> None:
    assert respell.get_engine() is respell.get_engine()
    fp = tmp_path / "fp.tsv"
    fp.write_text("shimmering sea current\tGulf Stream\tfix\ttest\n", encoding="utf-8")
    mine = respell.get_engine(extra=[(fp, "fingerprints")])
    assert mine is not respell.get_engine()
    assert mine is respell.get_engine(extra=[(str(fp), "fingerprints")])
    text = "Warm water from the shimmering sea current keeps the coast mild."
    assert [f.replacement for f in respell.check(text, lexicon=mine)] == ["Gulf Stream"]
    assert respell.check(text) == []
    fp.write_text("shimmering sea current\tNorth Atlantic Drift\tfix\ttest\n", encoding="utf-8")
    edited = respell.get_engine(extra=[(fp, "fingerprints")])  # the file changed: its data is new
    assert edited is not mine
    assert [f.replacement for f in respell.check(text, lexicon=edited)] == ["North Atlantic Drift"]


def test_a_lexicon_passed_to_every_call_builds_one_engine() -> None:
    """The README's old advice (load a Lexicon once, pass it to every call) built an engine per call."""
    lex = Lexicon.load()
    before = batch.engines_built()
    for _ in range(3):
        assert respell.fix(SPUN_SCIENCE, lexicon=lex).text == SPUN_SCIENCE_FIXED
        respell.check(CLEAN, lexicon=lex)
        respell.score(CLEAN, lexicon=lex)
    assert batch.engines_built() == before + 1
    assert batch.engine_for(lex) is batch.engine_for(lex) and batch.engine_for(lex).lexicon is lex
    assert list(respell.fix_texts([SPUN_SCIENCE], engine=lex))[0].text == SPUN_SCIENCE_FIXED
    assert batch.engines_built() == before + 1


def test_engine_pickles_small_after_use_and_reopens_its_data(tmp_path: Path) -> None:
    engine = respell.get_engine()
    assert respell.fix(SPUN_NEWS, lexicon=engine).text == SPUN_NEWS_FIXED  # used: tables open, automaton built
    data = pickle.dumps(engine)
    assert len(data) < 500
    assert pickle.loads(data) is engine  # in this process: the same shared engine
    assert pickle.loads(pickle.dumps(engine.lexicon)) is engine.lexicon
    fp = tmp_path / "fp.tsv"
    fp.write_text("shimmering sea current\tGulf Stream\tfix\ttest\n", encoding="utf-8")
    mine = respell.get_engine(extra=[(fp, "fingerprints")])
    respell.check("x", lexicon=mine)
    code = ("import pickle, sys, respell\n"
            "e = pickle.loads(sys.stdin.buffer.read())\n"
            "print([f.replacement for f in respell.check('The shimmering sea current.', lexicon=e)])\n"
            "print(respell.fix(sys.argv[1], lexicon=e).text)\n"
            "print(e is respell.get_engine(extra=e.lexicon.extra), respell.batch.engines_built())\n")
    p = subprocess.run([sys.executable, "-c", code, SPUN_SCIENCE], input=pickle.dumps(mine), capture_output=True)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout.decode().splitlines() == ["['Gulf Stream']", SPUN_SCIENCE_FIXED, "True 1"]


def test_in_memory_lexicon_pickles_its_tables() -> None:
    lex = Lexicon(read_tables())
    engine = batch.engine_for(lex)
    assert respell.fix(SPUN_SCIENCE, lexicon=engine).text == SPUN_SCIENCE_FIXED
    copy = pickle.loads(pickle.dumps(engine))
    assert copy is not engine and copy.lexicon._in_memory
    assert respell.fix(SPUN_SCIENCE, lexicon=copy).text == SPUN_SCIENCE_FIXED


def test_main_twice_in_one_process_uses_each_configuration(tmp_path: Path, monkeypatch, capsys) -> None:
    """The CLI kept the first run's engine: a second configuration's dictionaries were never seen."""
    text = "Warm water from the shimmering sea current passes the glittering sky bridge.\n"
    configs = []
    for name, spun, canonical in (("a", "shimmering sea current", "Gulf Stream"),
                                  ("b", "glittering sky bridge", "Milky Way")):
        d = tmp_path / name
        d.mkdir()
        (d / "fp.tsv").write_text(f"{spun}\t{canonical}\tfix\ttest\n", encoding="utf-8")
        (d / ".respell.toml").write_text('dictionaries = ["fp.tsv"]\n', encoding="utf-8")
        (d / "doc.txt").write_text(text, encoding="utf-8")
        configs.append(d)
    outputs = []
    for d in configs:
        monkeypatch.chdir(d)
        assert main(["check", "--format", "jsonl", "doc.txt"]) == 1  # a listed never-English phrase: found
        outputs.append([json.loads(line)["replacement"] for line in capsys.readouterr().out.splitlines()])
    assert outputs == [["Gulf Stream"], ["Milky Way"]]
