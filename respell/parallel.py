"""Worker processes for --jobs: inputs fanned out, results back in input order.

``--jobs N`` runs N processes: N - 1 forked workers and the parent itself, which works on chunks of the input
whenever the next result it owes is still being computed by a worker.  Workers are forked after the parent has
loaded the lexicon and built the scan's automaton, so they share its memory pages instead of each building a
copy, and the parent's objects are frozen out of the garbage collector first, so that collections in the
workers do not write to (and so copy) every shared page.
"""

from __future__ import annotations

import itertools
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

_SHARED: object = None  # what every call of the mapped function gets besides its item (inherited by the fork)
AHEAD = 8               # chunks in flight per worker
MAX_BUFFERED = 64       # chunks the parent may finish ahead of the output before it waits for a worker


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(item, _SHARED) for item in chunk]


def map_ordered(fn: Callable[[T, S], R], items: Iterable[T], jobs: int, shared: S, chunksize: int = 8
                ) -> Iterator[R]:
    """fn(item, shared) for every item, in ``jobs`` processes (this one included), yielded in input order.

    ``shared`` (e.g. the settings) reaches the workers through the fork instead of being pickled with every
    item.  Items are read lazily, so a stream of records is never held in memory at once.
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
    chunks = iter(lambda: list(itertools.islice(source, chunksize)), [])
    workers = max(1, jobs - 1)
    with ctx.Pool(workers) as pool:
        submitted: dict[int, object] = {}   # chunk number -> AsyncResult (in a worker)
        finished: dict[int, list] = {}      # chunk number -> results computed here
        numbered = enumerate(chunks)
        more = True
        head = 0                            # the next chunk to yield
        while True:
            while more and len(submitted) < AHEAD * workers:
                nxt = next(numbered, None)
                if nxt is None:
                    more = False
                    break
                submitted[nxt[0]] = pool.apply_async(_run_chunk, (fn, nxt[1]))
            if head in finished:
                yield from finished.pop(head)
            elif head in submitted:
                job = submitted[head]
                if not job.ready() and more and len(finished) < MAX_BUFFERED:
                    nxt = next(numbered, None)  # the worker is busy: take the next chunk here meanwhile
                    if nxt is None:
                        more = False
                    else:
                        finished[nxt[0]] = _run_chunk(fn, nxt[1])
                    continue
                del submitted[head]
                yield from job.get()
            else:
                break
            head += 1
