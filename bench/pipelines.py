"""Corpus pipelines compared on the same records: `respell fix --jsonl --jobs 2`, datatrove's local executor with
2 workers and Dask with 2 worker processes, plus the README's single-process API pattern.

Why this exists: issue 16 asks that the pipeline adapters (respell.integrations) keep up with respell's own
--jobs (at least 0.8x its records/s, at most 1.2x the memory of one respell process per worker) and that the
recommended API pattern runs at least 5,000 records/s on documentation paragraphs.  One command prints every
figure from one run, so they are comparable.

Records: the first N (default 50,000) of bench/corpus/records.jsonl, one paragraph of the Python and Django
documentation each (bench/corpus.py builds it from Debian's python3-doc and python-django-doc).  Every engine
reads the same JSONL (split into 4 files for the two frameworks) and writes JSONL; the bench checks that all
three wrote the same texts.

Run:  pip install -e '.[datatrove,dask]' && python bench/pipelines.py [--records N]

Times are wall times of the whole job: the respell command from exec to exit; datatrove's executor.run()
(its worker pool started, every worker importing respell and loading its engine); Dask from registering the
worker plugin (engines loaded) to the last file written, on a cluster already started (its start-up is
printed on its own).  "Peak memory per worker" is the peak resident set of each process that analyses
records: respell's own process and its forked worker (ru_maxrss, from a small launcher), the datatrove pool
workers and the Dask workers (VmHWM); it includes each framework's own imports, printed as "idle" (the
resident set before the first record).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

MB = 1_000_000


def _status_mib(field: str) -> float:
    """A memory line of /proc/self/status in MiB: VmRSS (now) or VmHWM (peak).  Not ru_maxrss: for a process
    started by fork + exec (Dask's spawned workers) that also counts its parent's pages before the exec."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _rss_mib() -> float:
    return _status_mib("VmRSS")


def _maxrss_mib() -> float:
    return _status_mib("VmHWM")


def prepare(n: int, work: Path) -> tuple[Path, Path, int]:
    """records.jsonl (the first ``n`` records) and a folder of the same records in 4 files; their bytes."""
    from corpus import ensure_corpus
    src = ensure_corpus() / "records.jsonl"
    lines = []
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            lines.append(line)
            if len(lines) == n:
                break
    if len(lines) < n:
        sys.exit(f"bench/pipelines.py: {src} has only {len(lines)} records, {n} asked")
    one = work / "records.jsonl"
    one.write_text("".join(lines), encoding="utf-8")
    split = work / "split"
    split.mkdir()
    for i in range(4):
        (split / f"{i}.jsonl").write_text("".join(lines[i * n // 4:(i + 1) * n // 4]), encoding="utf-8")
    return one, split, one.stat().st_size


def run_cli(path: Path, out: Path, jobs: int) -> tuple[float, float]:
    """`respell fix --jsonl --jobs N path > out`: wall seconds, peak RSS (MiB) of its largest process."""
    cmd = [sys.executable, "-m", "respell.cli", "fix", "--jsonl", "--jobs", str(jobs), str(path)]
    # Started from a small launcher that times it and reads its peak RSS: a child forked (or vforked) from
    # this bench would count the bench's own pages, which it holds until the exec.
    with open(out, "wb") as fh:
        proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], stdout=fh, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"bench/pipelines.py: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-500:]}")
    wall, peak_kib = proc.stderr.split()[-2:]
    return float(wall), int(peak_kib) / 1024


_LAUNCHER = """import resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.call(sys.argv[1:])
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(rc)
"""


def texts_of_jsonl(paths: list[Path]) -> dict[str, str]:
    """id -> text of every record (datatrove's writer leaves out falsy fields: the id 0)."""
    out = {}
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out[str(r.get("id", 0))] = r["text"]
    return out


def run_datatrove(split: Path, work: Path) -> tuple[float, dict[str, float], dict[str, float], dict[str, str]]:
    """datatrove LocalPipelineExecutor(tasks=4, workers=2): wall seconds, {worker pid: RSS MiB at its first
    task's start}, {worker pid: peak RSS MiB}, texts."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from respell.integrations.datatrove import RespellFixer

    marks = work / "dt-marks"
    marks.mkdir()

    class Memory(PipelineStep):
        """Passes documents on; then writes the worker's RSS (``at="idle"``: placed first, before respell's
        engine is loaded; the first task of a worker counts) or its peak RSS (``at="peak"``) to marks/."""

        name = "memory"

        def __init__(self, folder: str, at: str) -> None:
            super().__init__()
            self.folder, self.at = folder, at

        def run(self, data, rank: int = 0, world_size: int = 1):
            if data:
                yield from data
            path = os.path.join(self.folder, f"{os.getpid()}.{self.at}")
            if self.at == "idle" and os.path.exists(path):
                return
            with open(path, "w") as fh:
                fh.write(str(_rss_mib() if self.at == "idle" else _maxrss_mib()))

    out = work / "dt-out"
    start = time.perf_counter()
    LocalPipelineExecutor([Memory(str(marks), "idle"), JsonlReader(str(split), add_file_path=False),
                           RespellFixer(annotate=False), JsonlWriter(str(out), compression=None),
                           Memory(str(marks), "peak")],
                          tasks=4, workers=2, logging_dir=str(work / "dt-logs")).run()
    wall = time.perf_counter() - start
    idle = {p.stem: float(p.read_text()) for p in marks.glob("*.idle")}
    peaks = {p.stem: float(p.read_text()) for p in marks.glob("*.peak")}
    return wall, idle, peaks, texts_of_jsonl(sorted(out.glob("*.jsonl")))


def run_datatrove_plain(split: Path, work: Path) -> float:
    """The same datatrove pipeline without respell (read and write only): the framework's own wall seconds."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    start = time.perf_counter()
    LocalPipelineExecutor([JsonlReader(str(split), add_file_path=False),
                           JsonlWriter(str(work / "dt-plain"), compression=None)],
                          tasks=4, workers=2, logging_dir=str(work / "dt-plain-logs")).run()
    return time.perf_counter() - start


def _worker_memory() -> tuple[float, float]:
    return _rss_mib(), _maxrss_mib()


def run_dask(split: Path, work: Path
             ) -> tuple[float, float, float, dict[str, float], dict[str, float], dict[str, str]]:
    """Dask, 2 worker processes of one thread: cluster start-up seconds, wall seconds of the same job without
    respell (read and write only: Dask's own cost), wall seconds of the job, {worker: RSS MiB when idle},
    {worker: peak RSS MiB}, texts."""
    import dask.bag as db
    import distributed

    from respell.integrations.dask import RespellWorkerPlugin, fix_bag

    t0 = time.perf_counter()
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None, worker_dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        startup = time.perf_counter() - t0
        idle = {w: rss for w, (rss, _peak) in client.run(_worker_memory).items()}
        # 1 MB blocks: a partition's records, their fixed copies and their JSON are held at once by a task
        bag = db.read_text(sorted(str(p) for p in split.glob("*.jsonl")), blocksize=1_000_000).map(json.loads)
        start = time.perf_counter()
        bag.map(json.dumps, ensure_ascii=False).to_textfiles(str(work / "dask-plain" / "*.jsonl"))
        plain = time.perf_counter() - start
        out = work / "dask-out"
        start = time.perf_counter()
        client.register_plugin(RespellWorkerPlugin())
        fix_bag(bag).map(json.dumps, ensure_ascii=False).to_textfiles(str(out / "*.jsonl"))
        wall = time.perf_counter() - start
        peaks = {w: peak for w, (_rss, peak) in client.run(_worker_memory).items()}
    return startup, plain, wall, idle, peaks, texts_of_jsonl(sorted(out.glob("*.jsonl")))


def run_api(path: Path) -> tuple[float, float, int]:
    """The README's pattern in this process: load seconds, loop seconds, records changed."""
    import respell
    start = time.perf_counter()
    engine = respell.get_engine()
    engine.prepare(markup=False)
    load = time.perf_counter() - start
    with open(path, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    start = time.perf_counter()
    changed = 0
    for before, after in zip(records, respell.fix_records(records, engine=engine)):
        changed += after["text"] != before["text"]
    return load, time.perf_counter() - start, changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    args = parser.parse_args(argv)
    n = args.records
    with tempfile.TemporaryDirectory(prefix="respell-pipelines-") as tmp:
        work = Path(tmp)
        one, split, size = prepare(n, work)
        print(f"records: {n:,} documentation paragraphs, {size / MB:.2f} MB (bench/corpus/records.jsonl)")
        cli1_wall, cli1_peak = run_cli(one, work / "cli1.jsonl", 1)
        cli_wall, cli_peak = run_cli(one, work / "cli.jsonl", 2)
        reference = texts_of_jsonl([work / "cli.jsonl"])
        changed = sum(reference[k] != t for k, t in texts_of_jsonl([one]).items())
        dt_wall, dt_idle, dt_peaks, dt_texts = run_datatrove(split, work)
        dt_plain = run_datatrove_plain(split, work)
        dk_start, dk_plain, dk_wall, dk_idle, dk_peaks, dk_texts = run_dask(split, work)
        api_load, api_loop, api_changed = run_api(one)

    rows = [("respell fix --jsonl (1 process)", cli1_wall, f"{cli1_peak:.0f}", ""),
            ("respell fix --jsonl --jobs 2", cli_wall, f"{cli_peak:.0f} (largest process)", ""),
            ("datatrove LocalPipelineExecutor(tasks=4, workers=2)", dt_wall,
             " / ".join(f"{v:.0f}" for v in sorted(dt_peaks.values())),
             "idle " + " / ".join(f"{v:.0f}" for v in sorted(dt_idle.values()))),
            ("Dask LocalCluster(n_workers=2, processes=True)", dk_wall,
             " / ".join(f"{v:.0f}" for v in sorted(dk_peaks.values())),
             "idle " + " / ".join(f"{v:.0f}" for v in sorted(dk_idle.values())))]
    print(f"{'engine':55} {'seconds':>8} {'records/s':>10} {'MB/s':>6} {'x jobs 2':>8}  peak MiB per worker")
    for name, wall, mem, note in rows:
        print(f"{name:55} {wall:8.2f} {n / wall:10,.0f} {size / MB / wall:6.2f} {cli_wall / wall:8.2f}  {mem}"
              + (f" ({note})" if note else ""))
    print(f"datatrove without respell (the same reader and writer only): {dt_plain:.2f} s, "
          f"{n / dt_plain:,.0f} records/s, {cli_wall / dt_plain:.2f}x --jobs 2")
    print(f"Dask without respell (the same read and write only): {dk_plain:.2f} s, {n / dk_plain:,.0f} records/s, "
          f"{cli_wall / dk_plain:.2f}x --jobs 2")
    print(f"Dask cluster start-up (not in its time): {dk_start:.2f} s")
    for name, idle, peaks in (("datatrove", dt_idle, dt_peaks), ("Dask", dk_idle, dk_peaks)):
        added = max(peaks[w] - idle[w] for w in peaks)
        print(f"memory, {name}: largest worker / one respell process = {max(peaks.values()) / cli1_peak:.2f} "
              f"(target <= 1.2); what respell adds to an idle worker: {added:.0f} MiB = "
              f"{added / cli1_peak:.2f} of one respell process")
    print(f"speed: datatrove {cli_wall / dt_wall:.2f}x, Dask {cli_wall / dk_wall:.2f}x the records/s of "
          "--jobs 2 (target >= 0.8)")
    agree = dt_texts == reference and dk_texts == reference
    print(f"outputs: {changed} records changed; "
          f"datatrove and Dask wrote the same texts as respell: {'yes' if agree else 'NO'}")
    print(f"API pattern (respell.get_engine() + respell.fix_records, one process): {n / api_loop:,.0f} records/s "
          f"({api_loop:.2f} s; engine loaded in {api_load:.2f} s; {api_changed} records changed; target >= 5,000)")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
