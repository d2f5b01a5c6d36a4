"""The datatrove steps and the Dask adapter: output equal, record for record, to the serial fix_records on the
mixed fixture (tests/pipeline_records.py); clean documents byte-identical with respell_edits == 0; the engine
built exactly once per worker process.  Each part is skipped only when its extra is not installed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import respell
from respell import batch

from pipeline_records import CLEAN_KINDS, records

ANNOTATIONS = ("respell_edits", "respell_pending", "respell_spin_score")


def serial(recs: list[dict], **kw) -> dict[str, dict]:
    return {r["id"]: r for r in respell.fix_records(recs, annotate=True, **kw)}


@pytest.mark.parametrize("module", ["dill", "cloudpickle"])
def test_engine_pickles_small_with_the_frameworks_picklers(module: str) -> None:
    """datatrove ships steps with dill, Dask with cloudpickle: a used engine travels as a reference too."""
    picklers = pytest.importorskip(module)
    engine = respell.get_engine()
    respell.check("We compared a profound neural organization with an irregular woodland.", lexicon=engine)
    data = picklers.dumps(engine)
    assert len(data) < 500 and picklers.loads(data) is engine


# ------------------------------------------------------------------------------------------------ datatrove

def _datatrove():
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson")  # datatrove's JSONL reader and writer need it (part of respell[datatrove])


def _probe_step():
    """A step that records, per document, the worker's pid and how many engines that process has built."""
    from datatrove.pipeline.base import PipelineStep

    class EngineProbe(PipelineStep):
        name = "engine probe"

        def run(self, data, rank: int = 0, world_size: int = 1):
            for doc in data:
                doc.metadata["probe"] = [os.getpid(), batch.engines_built()]
                yield doc
    return EngineProbe()


def test_datatrove_local_executor_matches_serial_and_builds_one_engine_per_worker(tmp_path: Path) -> None:
    _datatrove()
    if not os.environ.get("RESPELL_TEST_ISOLATED"):
        # datatrove's workers come from a fork server; started late in a long test session (after other tests'
        # forks, signal handlers and temporary directories) it died at start-up in CI ("unexpected EOF"). The
        # test runs in a fresh interpreter of its own.
        import subprocess
        import sys
        name = "test_datatrove_local_executor_matches_serial_and_builds_one_engine_per_worker"
        p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{name}"],
                           capture_output=True, text=True, env={**os.environ, "RESPELL_TEST_ISOLATED": "1"},
                           cwd=str(Path(__file__).resolve().parent.parent))
        assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
        return
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from respell.integrations.datatrove import RespellFixer

    recs = records(copies=2)
    (tmp_path / "in").mkdir()
    for i in range(4):
        with open(tmp_path / "in" / f"{i}.jsonl", "w", encoding="utf-8") as fh:
            for r in recs[i::4]:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    fixer = RespellFixer()
    stats = LocalPipelineExecutor(
        [JsonlReader(str(tmp_path / "in"), add_file_path=False), fixer, _probe_step(),
         JsonlWriter(str(tmp_path / "out"), compression=None)],
        tasks=4, workers=2, logging_dir=str(tmp_path / "logs")).run()
    assert "_respell_engine" not in repr(vars(fixer)) and not any(
        isinstance(v, respell.Engine) for v in vars(fixer).values())
    out = {}
    for path in sorted((tmp_path / "out").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            out[doc["id"]] = doc
    expected = serial(recs)
    # datatrove's reader itself drops documents whose text is empty: every other record comes out
    assert sorted(out) == sorted(k for k, r in expected.items() if r["text"])
    pids = set()
    for key, doc in out.items():
        want = expected[key]
        assert doc["text"] == want["text"]
        assert {k: doc["metadata"][k] for k in ANNOTATIONS} == {k: want[k] for k in ANNOTATIONS}
        if want["kind"] in CLEAN_KINDS:
            assert doc["text"] == next(r["text"] for r in recs if r["id"] == key)
            assert doc["metadata"]["respell_edits"] == 0
        pid, built = doc["metadata"]["probe"]
        assert built == 1
        pids.add(pid)
    assert 1 <= len(pids) <= 2 and os.getpid() not in pids
    fixer_stats = next(s for s in stats.stats if "respell fixer" in s.name)
    assert fixer_stats.stats["total"].total == len(out)
    assert fixer_stats.stats["docs_changed"].total == sum(r["text"] != r0["text"] for r0 in recs
                                                          for r in [expected[r0["id"]]])
    assert fixer_stats.stats["edits"].total == sum(r["respell_edits"] for r in expected.values())


def test_datatrove_fixer_on_every_document_and_annotate_only() -> None:
    _datatrove()
    from datatrove.data import Document

    from respell.integrations.datatrove import RespellFixer

    recs = records()
    expected = serial(recs)
    docs = list(RespellFixer().run(Document(text=r["text"], id=r["id"]) for r in recs))
    assert [(d.id, d.text) for d in docs] == [(k, r["text"]) for k, r in expected.items()]  # empty ones too
    assert [{k: d.metadata[k] for k in ANNOTATIONS} for d in docs] == [
        {k: r[k] for k in ANNOTATIONS} for r in expected.values()]
    only = serial(recs, edit=False)
    docs = list(RespellFixer(edit=False).run(Document(text=r["text"], id=r["id"]) for r in recs))
    assert [d.text for d in docs] == [r["text"] for r in recs]
    assert [{k: d.metadata[k] for k in ANNOTATIONS} for d in docs] == [
        {k: r[k] for k in ANNOTATIONS} for r in only.values()]


def test_datatrove_fixer_batches_keep_one_stat_update_per_document() -> None:
    """Documents are repaired a batch at a time; the stats stay those of one update per document."""
    _datatrove()
    from datatrove.data import Document

    from respell.integrations.datatrove import RespellFixer

    recs = records()
    expected = list(serial(recs).values())
    edits = [r["respell_edits"] for r in expected]
    changed = sum(r["text"] != r0["text"] for r, r0 in zip(expected, recs))
    assert changed and len(recs) % 5  # a last batch shorter than the others
    step = RespellFixer(batch_size=5)
    docs = list(step.run(Document(text=r["text"], id=r["id"]) for r in recs))
    assert [d.text for d in docs] == [r["text"] for r in expected]
    stats = step.stats
    assert (stats["total"].total, stats["total"].n, stats["total"].mean) == (len(recs), len(recs), 1)
    assert (stats["docs_changed"].total, stats["docs_changed"].n) == (changed, changed)
    e = stats["edits"]
    assert (e.total, e.n, e.min, e.max) == (sum(edits), len(edits), min(edits), max(edits))
    mean = sum(edits) / len(edits)
    assert e.mean == pytest.approx(mean)
    assert e.variance == pytest.approx(sum((x - mean) ** 2 for x in edits) / (len(edits) - 1))


def test_datatrove_spin_filter_drops_spun_documents_to_the_exclusion_writer(tmp_path: Path) -> None:
    _datatrove()
    import dill
    from datatrove.data import Document
    from datatrove.pipeline.writers import JsonlWriter

    from respell.integrations.datatrove import RespellSpinFilter

    recs = records()
    step = RespellSpinFilter(exclusion_writer=JsonlWriter(str(tmp_path / "excluded"), compression=None))
    kept = list(step.run((Document(text=r["text"], id=r["id"]) for r in recs), rank=0))
    scores = {r["id"]: r["respell_spin_score"] for r in serial(recs).values()}
    assert [d.id for d in kept] == [k for k, s in scores.items() if s <= 0.5]
    assert all(d.metadata["respell_spin_score"] == scores[d.id] for d in kept)
    excluded = [json.loads(line) for line in (tmp_path / "excluded" / "00000.jsonl").read_text().splitlines()]
    assert [d["id"] for d in excluded] == [k for k, s in scores.items() if s > 0.5]
    assert {d["metadata"]["filter_reason"] for d in excluded} == {"respell_spun"}
    assert step.stats["dropped_respell_spun"].total == len(excluded)
    assert len(dill.dumps(step)) < 20_000  # the step carries settings only, never an engine


# ----------------------------------------------------------------------------------------------------- Dask

@pytest.fixture(scope="module")
def dask_client():
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")

    from respell.integrations.dask import RespellWorkerPlugin

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None, worker_dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        client.register_plugin(RespellWorkerPlugin())
        yield client


def test_dask_bag_matches_serial(dask_client) -> None:
    import dask.bag as db

    from respell.integrations.dask import fix_bag

    recs = records(copies=2)
    got = fix_bag(db.from_sequence(recs, npartitions=4), annotate=True).compute()
    assert got == list(respell.fix_records(recs, annotate=True))
    for before, after in zip(recs, got):
        if before["kind"] in CLEAN_KINDS:
            assert after["text"] == before["text"] and after["respell_edits"] == 0
    assert fix_bag(db.from_sequence(recs, npartitions=3), edit=False).compute() == recs
    assert set(dask_client.run(batch.engines_built).values()) == {1}


def test_dask_dataframe_matches_serial_with_correct_meta(dask_client) -> None:
    import dask.dataframe as dd
    import pandas as pd

    from respell.integrations.dask import fix_dataframe

    recs = records(copies=2)
    frame = pd.DataFrame(recs)
    ddf = fix_dataframe(dd.from_pandas(frame, npartitions=4), annotate=True)
    got = ddf.compute()
    assert list(ddf.columns) == ["id", "kind", "text", *ANNOTATIONS]
    assert dict(got.dtypes) == dict(ddf.dtypes)
    assert [str(t) for t in ddf.dtypes[list(ANNOTATIONS)]] == ["int64", "int64", "float64"]
    assert got.to_dict("records") == list(respell.fix_records(recs, annotate=True))
    clean = got[got["kind"].isin(CLEAN_KINDS)]
    assert list(clean["text"]) == list(frame[frame["kind"].isin(CLEAN_KINDS)]["text"])
    assert (clean["respell_edits"] == 0).all()
    assert set(dask_client.run(batch.engines_built).values()) == {1}


# ------------------------------------------------------------------------------------- the README's recipes

def _readme_recipe(marker: str) -> str:
    """The README's Corpora python block that contains ``marker``, as written."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Corpora"):]
    section = section[:section.index("\n## ", 1)]
    blocks = [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]
    found = [b for b in blocks if marker in b]
    assert len(found) == 1, f"one README recipe with {marker!r} expected"
    return found[0]


def _run_recipe(tmp_path: Path, marker: str) -> dict[str, dict]:
    import subprocess
    import sys

    recs = records()
    (tmp_path / "corpus").mkdir()
    for i in range(2):
        with open(tmp_path / "corpus" / f"{i}.jsonl", "w", encoding="utf-8") as fh:
            for r in recs[i::2]:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    (tmp_path / "recipe.py").write_text(_readme_recipe(marker), encoding="utf-8")
    p = subprocess.run([sys.executable, "recipe.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    return serial(recs)


def _jsonl_dir(path: Path) -> list[dict]:
    return [json.loads(line) for f in sorted(path.glob("*.jsonl")) for line in f.read_text("utf-8").splitlines()]


def test_readme_datatrove_recipe_runs_as_written(tmp_path: Path) -> None:
    _datatrove()
    expected = _run_recipe(tmp_path, "RespellFixer()")
    fixed = {d.get("id"): d for d in _jsonl_dir(tmp_path / "fixed")}
    assert sorted(fixed) == sorted(k for k, r in expected.items() if r["text"])  # datatrove drops empty texts
    assert all(d["text"] == expected[k]["text"] and d["metadata"]["respell_edits"] == expected[k]["respell_edits"]
               for k, d in fixed.items())
    spun = {k for k, r in expected.items() if r["respell_spin_score"] > 0.5}
    assert {d["id"] for d in _jsonl_dir(tmp_path / "spun")} == spun
    assert {d["id"] for d in _jsonl_dir(tmp_path / "kept")} == set(fixed) - spun


def test_readme_dask_recipe_runs_as_written(tmp_path: Path) -> None:
    pytest.importorskip("dask.dataframe")
    pytest.importorskip("distributed")
    pytest.importorskip("pyarrow")  # the recipe writes Parquet (pyarrow comes with dask[dataframe])
    import pandas as pd

    expected = _run_recipe(tmp_path, "fix_bag(")
    assert {d["id"]: d for d in _jsonl_dir(tmp_path / "fixed-bag")} == expected
    frame = pd.read_parquet(tmp_path / "fixed-frame").sort_values("id")
    assert dict(zip(frame["id"], frame["text"])) == {k: r["text"] for k, r in expected.items()}
    assert dict(zip(frame["id"], frame["respell_edits"])) == {k: r["respell_edits"] for k, r in expected.items()}
