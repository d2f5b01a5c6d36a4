"""Worker processes for --jobs: inputs fanned out, results back in input order.

Workers are forked after the parent has loaded the lexicon, so they share its memory pages instead of each
loading a copy.
"""

from __future__ import annotations

import multiprocessing as mp
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_ordered(fn: Callable[[T], R], items: Iterable[T], jobs: int, chunksize: int = 4) -> Iterator[R]:
    from .runner import engine
    eng = engine()
    # Build everything the first document would build, before forking, so that workers inherit it in shared
    # pages instead of each building its own copy: the fingerprint automaton and the rules' word scan.
    eng.analyse("Warm-up text for the workers: nothing in it is spun.")
    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        ctx = mp.get_context()
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(fn, items, chunksize)
