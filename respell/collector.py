"""Pausing Python's cyclic garbage collector around respell's large passes.

A table build and an analysis each make hundreds of thousands of small objects (tokens, term-walk steps,
findings) and no reference cycles: reference counting frees all of them, and the collector only walks the growing
heap again and again (an eighth of a spun megabyte's analysis; three times a table build's time).  ``paused``
turns it off for the pass and back on after, when it was on; nested passes leave that to the outermost.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cyclic collector off within the block (as it was after it: on only when it was on before)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
