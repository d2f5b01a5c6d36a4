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

Run:  pip install -e '.[datatrove,dask]' && python bench/pipelines.py [--records N] [--rounds R]

Every engine is timed as a whole command, as a user runs it, from exec to exit: `respell fix --jsonl --jobs 2
records.jsonl > out`, and the same script (this file, ``--job``) for datatrove and for Dask, which imports its
framework, starts its worker pool or cluster (and closes it), reads the 4 files and writes its JSONL.  So both
sides pay for interpreter start-up, imports, loading the engine and their I/O; the jobs also print their phases
(imports, cluster start, run, close) and the same jobs without respell (the framework's own cost).  The engines
run in turn, ``--rounds`` times (default 3), after an untimed warm-up that builds respell's table cache; the
table prints medians, and each "x jobs 2" is the median of the ratios of runs taken side by side.  "cpu s" is
the user + system seconds of every process of the command (datatrove's pool workers report their own: the
command never waits for them); on a shared, loaded machine it moves far less than the wall time.

"Peak memory per worker" is the peak resident set (VmHWM) of each process that analyses records: respell's own
process and its forked worker (ru_maxrss, from a small launcher), the datatrove pool workers and the Dask workers;
it includes each framework's own imports, printed as "idle" (the resident set before the first record), and the
framework's workers without respell are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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


_LAUNCHER = """import resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as fh:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    fh.write(f"{time.perf_counter() - start} {ru.ru_maxrss} {ru.ru_utime + ru.ru_stime}")
sys.exit(rc)
"""


def timed(cmd: list[str], out: Path, log: Path) -> tuple[float, float, float]:
    """Run ``cmd`` as a user would (a new interpreter: start-up, imports and set-up included), its standard output
    to ``out`` and its standard error to ``log``: wall seconds from exec to exit, the peak RSS (MiB) of its
    largest process, and the CPU seconds (user + system) of the processes it waited for.  Started from a small launcher that times it: a child forked from this bench would count the
    bench's own pages, which it holds until the exec."""
    times = log.with_suffix(".time")
    with open(out, "wb") as fh, open(log, "wb") as err:
        rc = subprocess.call([sys.executable, "-c", _LAUNCHER, str(times), *cmd], stdout=fh, stderr=err)
    if rc not in (0, 1):
        sys.exit(f"bench/pipelines.py: {' '.join(cmd)} exited {rc}: {log.read_text(errors='replace')[-800:]}")
    wall, peak_kib, cpu = times.read_text().split()
    return float(wall), int(peak_kib) / 1024, float(cpu)


def cli_command(path: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "respell.cli", "fix", "--jsonl", "--jobs", str(jobs), str(path)]


def job_command(job: str, split: Path, out: Path, marks: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--job", job, str(split), str(out), str(marks)]


def texts_of_jsonl(paths: list[Path]) -> dict[str, str]:
    """id -> text of every record (datatrove's writer leaves out falsy fields: the id 0)."""
    out = {}
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out[str(r.get("id", 0))] = r["text"]
    return out


def worker_memory(marks: Path) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """{worker: RSS MiB when idle}, {worker: peak RSS MiB}, and the job's own phases in seconds (with "worker
    cpu": the CPU seconds of worker processes its command does not wait for), as the job wrote them to
    ``marks``."""
    idle = {p.stem: float(p.read_text()) for p in marks.glob("*.idle")}
    peaks = {p.stem: float(p.read_text()) for p in marks.glob("*.peak")}
    phases = json.loads((marks / "phases.json").read_text()) if (marks / "phases.json").exists() else {}
    cpu = [float(p.read_text()) for p in marks.glob("*.cpu")]
    if cpu:
        phases["worker cpu"] = sum(cpu)
    return idle, peaks, phases


# ------------------------------------------------------------------------------------- the jobs, as a user runs them

def _datatrove_job(split: str, out: str, marks: str, fix: bool) -> None:
    t0 = time.perf_counter()
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from respell.integrations.datatrove import RespellFixer
    imported = time.perf_counter()

    class Memory(PipelineStep):
        """Passes documents on; then writes the worker's RSS (``at="idle"``: placed first, before respell's engine
        is loaded; the first task of a worker counts) or its peak RSS (``at="peak"``) to the marks folder."""

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
            if self.at == "peak":  # the pool's workers are the fork server's children: the command never waits
                t = os.times()     # for them, so they report their own CPU seconds (cumulative: the last counts)
                with open(os.path.join(self.folder, f"{os.getpid()}.cpu"), "w") as fh:
                    fh.write(str(t.user + t.system))

    steps = [JsonlReader(split, add_file_path=False), JsonlWriter(out, compression=None)]
    if fix:
        steps.insert(1, RespellFixer(annotate=False))
    LocalPipelineExecutor([Memory(marks, "idle"), *steps, Memory(marks, "peak")], tasks=4, workers=2,
                          logging_dir=os.path.join(marks, "logs")).run()
    done = time.perf_counter()
    Path(marks, "phases.json").write_text(json.dumps({"imports": imported - t0, "run": done - imported}))


def _worker_memory() -> tuple[float, float]:
    return _rss_mib(), _maxrss_mib()


def _dask_job(split: str, out: str, marks: str, fix: bool) -> None:
    t0 = time.perf_counter()
    import dask.bag as db
    import distributed

    from respell.integrations.dask import RespellWorkerPlugin, fix_bag
    imported = time.perf_counter()
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None, worker_dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        started = time.perf_counter()
        for w, (rss, _peak) in client.run(_worker_memory).items():
            Path(marks, f"{w.rsplit(':', 1)[-1]}.idle").write_text(str(rss))
        # 1 MB blocks: a partition's records, their fixed copies and their JSON are held at once by a task
        bag = db.read_text(sorted(str(p) for p in Path(split).glob("*.jsonl")), blocksize=1_000_000).map(json.loads)
        if fix:
            client.register_plugin(RespellWorkerPlugin())
            bag = fix_bag(bag)
        bag.map(json.dumps, ensure_ascii=False).to_textfiles(os.path.join(out, "*.jsonl"))
        ran = time.perf_counter()
        for w, (_rss, peak) in client.run(_worker_memory).items():
            Path(marks, f"{w.rsplit(':', 1)[-1]}.peak").write_text(str(peak))
    done = time.perf_counter()
    Path(marks, "phases.json").write_text(json.dumps({"imports": imported - t0, "cluster start": started - imported,
                                                      "run": ran - started, "cluster close": done - ran}))


JOBS = {"datatrove": (_datatrove_job, True), "datatrove-plain": (_datatrove_job, False),
        "dask": (_dask_job, True), "dask-plain": (_dask_job, False)}


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


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each engine, in turn (medians printed)")
    parser.add_argument("--job", nargs=4, metavar=("JOB", "SPLIT", "OUT", "MARKS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:  # one framework job, run by the bench as its own command
        job, split, out, marks = args.job
        fn, fix = JOBS[job]
        fn(split, out, marks, fix)
        return 0
    n = args.records
    with tempfile.TemporaryDirectory(prefix="respell-pipelines-") as tmp:
        work = Path(tmp)
        one, split, size = prepare(n, work)
        print(f"records: {n:,} documentation paragraphs, {size / MB:.2f} MB (bench/corpus/records.jsonl); "
              f"{args.rounds} rounds, each engine in turn; load average {os.getloadavg()[0]:.1f}")
        # warm-up, not timed: respell's cache of its tables is built by the first process that needs it
        small = work / "small.jsonl"
        small.write_text("".join(one.read_text(encoding="utf-8").splitlines(keepends=True)[:100]), encoding="utf-8")
        timed(cli_command(small, 1), work / "warm.out", work / "warm.log")
        walls: dict[str, list[float]] = {k: [] for k in ("cli1", "cli2", *JOBS)}
        cpus: dict[str, list[float]] = {k: [] for k in walls}
        peaks: dict[str, float] = {}
        memory: dict[str, tuple] = {}
        phases: dict[str, list[dict]] = {k: [] for k in JOBS}
        agree = True
        changed = 0
        for r in range(args.rounds):
            runs = [("cli2", cli_command(one, 2)), *((job, None) for job in JOBS)]
            if r == 0:
                runs.insert(0, ("cli1", cli_command(one, 1)))
            for name, cmd in runs:
                out, marks = work / f"{name}-{r}", work / f"{name}-{r}.marks"
                marks.mkdir()
                if cmd is None:
                    out.mkdir()
                    wall, peak, cpu = timed(job_command(name, split, out, marks), work / f"{name}-{r}.stdout",
                                            work / f"{name}-{r}.log")
                    memory[name] = worker_memory(marks)
                    phases[name].append(memory[name][2])
                    cpu += memory[name][2].get("worker cpu", 0.0)
                else:
                    wall, peak, cpu = timed(cmd, out, work / f"{name}-{r}.log")
                walls[name].append(wall)
                cpus[name].append(cpu)
                peaks[name] = max(peaks.get(name, 0.0), peak)
            if r == 0:  # every engine wrote the same texts
                reference = texts_of_jsonl([work / "cli2-0"])
                changed = sum(reference[k] != t for k, t in texts_of_jsonl([one]).items())
                for job in ("datatrove", "dask"):
                    agree = agree and texts_of_jsonl(sorted((work / f"{job}-0").glob("*.jsonl"))) == reference
        api_load, api_loop, api_changed = run_api(one)

    cli2 = walls["cli2"]
    ratio = {k: _median([c / w for c, w in zip(cli2, walls[k])]) for k in walls if k != "cli1"}
    print(f"{'engine (whole command: start-up, imports and set-up included)':62} {'seconds':>8} {'records/s':>10} "
          f"{'MB/s':>6} {'x jobs 2':>8} {'cpu s':>6}  peak MiB per worker")
    labels = {"cli1": "respell fix --jsonl (1 process)", "cli2": "respell fix --jsonl --jobs 2",
              "datatrove": "datatrove LocalPipelineExecutor(tasks=4, workers=2)",
              "dask": "Dask LocalCluster(n_workers=2, processes=True)",
              "datatrove-plain": "datatrove without respell (same reader and writer)",
              "dask-plain": "Dask without respell (same read and write)"}
    for name in ("cli1", "cli2", "datatrove", "dask", "datatrove-plain", "dask-plain"):
        wall = _median(walls[name])
        if name in JOBS:
            idle, wpeaks, _ = memory[name]
            mem = " / ".join(f"{v:.0f}" for v in sorted(wpeaks.values())) + \
                " (idle " + " / ".join(f"{v:.0f}" for v in sorted(idle.values())) + ")"
        else:
            mem = f"{peaks[name]:.0f}" + (" (largest process)" if name == "cli2" else "")
        x = f"{ratio[name]:8.2f}" if name in ratio else f"{cli2[0] / wall:8.2f}"
        print(f"{labels[name]:62} {wall:8.2f} {n / wall:10,.0f} {size / MB / wall:6.2f} {x} "
              f"{_median(cpus[name]):6.2f}  {mem}")
        if len(walls[name]) > 1:
            print(f"{'':62} ({_spread(walls[name])} s over {len(walls[name])} runs)")
    for name in JOBS:
        keys = phases[name][0].keys()
        print(f"{name}, inside the job (median s): "
              + ", ".join(f"{k} {_median([p[k] for p in phases[name]]):.2f}" for k in keys))
    one_process = peaks["cli1"]
    for name in ("datatrove", "dask"):
        idle, wpeaks, _ = memory[name]
        _, plain_peaks, _ = memory[name + "-plain"]
        added = max(wpeaks[w] - idle[w] for w in wpeaks)
        print(f"memory, {name}: largest worker / one respell process = {max(wpeaks.values()) / one_process:.2f} "
              f"(target <= 1.2); the same worker without respell peaks at {max(plain_peaks.values()):.0f} MiB "
              f"= {max(plain_peaks.values()) / one_process:.2f}; what respell adds to an idle worker: {added:.0f} "
              f"MiB = {added / one_process:.2f} of one respell process")
    print("cpu s: user + system seconds of the command's processes (median; datatrove's fork server, which only "
          "imports, is not counted); the machine's load moves it far less than the wall time. cpu ratio, --jobs 2 / "
          f"engine: datatrove {_median(cpus['cli2']) / _median(cpus['datatrove']):.2f}, "
          f"Dask {_median(cpus['cli2']) / _median(cpus['dask']):.2f}")
    print(f"speed (median of the paired ratios): datatrove {ratio['datatrove']:.2f}x, Dask {ratio['dask']:.2f}x the "
          "records/s of --jobs 2 (target >= 0.8)")
    print(f"outputs: {changed} records changed; "
          f"datatrove and Dask wrote the same texts as respell: {'yes' if agree else 'NO'}")
    print(f"API pattern (respell.get_engine() + respell.fix_records, one process): {n / api_loop:,.0f} records/s "
          f"({api_loop:.2f} s; engine loaded in {api_load:.2f} s; {api_changed} records changed; target >= 5,000)")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
