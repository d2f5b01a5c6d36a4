"""Worker processes for --jobs: inputs fanned out, results back in input order.

``--jobs N`` runs N processes: N - 1 forked workers and the parent itself.  Chunks of the input go into one
task queue that every process takes from, the parent included whenever the next result it owes is not back
yet, so no process waits while another still has queued work (at the end of a run least of all).  Workers
are forked after the parent has loaded the lexicon and built the scan's automaton, so they share its memory
pages instead of each building a copy, and the parent's objects are frozen out of the garbage collector
first, so that collections in the workers do not write to (and so copy) every shared page.
"""

from __future__ import annotations

import itertools
import queue
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

_SHARED: object = None  # what every call of the mapped function gets besides its item (inherited by the fork)
AHEAD = 3               # chunks queued per process


class WorkerError(RuntimeError):
    """A worker failed; the message carries its traceback."""


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(item, _SHARED) for item in chunk]


def _worker(fn: Callable, tasks, results) -> None:
    import traceback

    while True:
        task = tasks.get()
        if task is None:
            return
        number, chunk = task
        try:
            results.put((number, _run_chunk(fn, chunk), None))
        except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
            results.put((number, None, traceback.format_exc()))
            return


def _wait(results, procs) -> tuple:
    """The next result from a worker; a worker that died without sending one (killed, out of memory) is an
    error, not a hang."""
    while True:
        try:
            return results.get(timeout=0.5)
        except queue.Empty:
            dead = [p for p in procs if p.exitcode is not None]
            if dead:
                raise WorkerError(f"a worker process exited with code {dead[0].exitcode} before finishing") from None


def map_ordered(fn: Callable[[T, S], R], items: Iterable[T], jobs: int, shared: S, chunksize: int = 8
                ) -> Iterator[R]:
    """fn(item, shared) for every item, in ``jobs`` processes (this one included), yielded in input order.

    ``shared`` (e.g. the settings) reaches the workers through the fork instead of being pickled with every
    item.  Items are read lazily, a few chunks ahead, so a stream of records is never held in memory at once.
    """
    global _SHARED
    import gc
    import multiprocessing as mp

    from .runner import engine
    engine().prepare()
    _SHARED = shared
    gc.freeze()
    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        ctx = mp.get_context()
    source = iter(items)
    chunks = enumerate(iter(lambda: list(itertools.islice(source, chunksize)), []))
    workers = max(1, jobs - 1)
    tasks, results = ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(fn, tasks, results), daemon=True) for _ in range(workers)]
    for p in procs:
        p.start()
    done: dict[int, list] = {}
    queued = 0           # chunks put in the task queue and not yet known to be finished
    more = True
    head = 0             # the next chunk to yield
    try:
        while True:
            while more and queued < AHEAD * (workers + 1):
                nxt = next(chunks, None)
                if nxt is None:
                    more = False
                    break
                tasks.put(nxt)
                queued += 1
            while head not in done:
                try:  # results first: a worker's finished chunk may be the one we wait for
                    number, result, error = results.get_nowait()
                except queue.Empty:
                    pass
                else:
                    if error is not None:
                        raise WorkerError(error)
                    done[number] = result
                    queued -= 1
                    continue
                try:  # then a queued chunk, computed here
                    number, chunk = tasks.get_nowait()
                except queue.Empty:
                    if queued == 0 and not more:
                        return
                    number, result, error = _wait(results, procs)  # every chunk is in a worker: wait for one
                    if error is not None:
                        raise WorkerError(error)
                    done[number] = result
                    queued -= 1
                    continue
                done[number] = _run_chunk(fn, chunk)
                queued -= 1
                break  # top the queue up again before the next chunk
            if head in done:
                yield from done.pop(head)
                head += 1
    finally:
        for _ in procs:
            tasks.put(None)
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
