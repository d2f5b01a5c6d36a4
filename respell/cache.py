"""The user cache: built data kept between runs, so start-up reads one pickle instead of parsing text.

Every entry is keyed by what it was built from (file sizes and times, package versions); a stale or unreadable
entry is rebuilt, and a cache directory that cannot be written only costs speed.  ``RESPELL_NO_CACHE=1`` turns
the cache off.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def directory() -> Path:
    from platformdirs import user_cache_dir
    return Path(os.environ.get("RESPELL_CACHE_DIR") or user_cache_dir("respell"))


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The value stored under ``name``-``key``, built (and stored) when missing."""
    if os.environ.get("RESPELL_NO_CACHE"):
        return build()
    path = directory() / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
