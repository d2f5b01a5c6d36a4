"""The user cache: built data kept between runs, so start-up reads a pickle or maps a file instead of parsing text.

Every entry is keyed by what it was built from (file sizes and times, package versions); a stale or unreadable
entry is rebuilt, and a cache directory that cannot be written only costs speed.  Writing an entry removes all but
the newest ``KEEP`` entries of the same name, so editing the dictionaries or upgrading does not fill the disk.
``RESPELL_NO_CACHE=1`` turns the cache off; ``RESPELL_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import os
import pickle
import re
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
KEEP = 3  # entries kept per name: a few dictionary sets in use side by side (a project's and a benchmark's)
LAYOUT = "v3"  # a subdirectory per cache layout: entries of older layouts are removed, never misread
MISSING: Any = object()


def base_directory() -> Path:
    env = os.environ.get("RESPELL_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform.startswith("linux"):  # platformdirs' answer on Linux, without its import (~7 ms a run)
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg or Path.home() / ".cache") / "respell"
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("respell"))


def directory() -> Path:
    return base_directory() / LAYOUT


_LONGER_NAME = re.compile(r"[a-z]+-[a-z0-9]")  # "rules-9406..." after "scan-automaton-": another entry's name

# Names of the entries respell has ever written (older versions included): only these are ever removed.
_OURS = re.compile(r"\.?(core|terms|infixes|phrases|signatures|scan-[a-z0-9-]+|word-candidates|glued-splits|wordsegment|zipf|ftfy-badness)-.*"
                   r"\.(pickle|marisa|bin|txt)(\.\d+\.tmp)?")


def _ours(path: Path) -> bool:
    return path.is_file() and _OURS.fullmatch(path.name) is not None


def _remove_old_layouts() -> None:
    """Entries written by older versions of respell (loose files, other layout directories) are never read
    again: remove them when this version first writes its own.  Only files named like respell's entries are
    touched, so a cache directory shared with other things (RESPELL_CACHE_DIR) loses nothing else."""
    base = base_directory()
    try:
        for entry in base.iterdir():
            if entry.name == LAYOUT:
                continue
            if entry.is_dir() and entry.name[:1] == "v" and entry.name[1:].isdigit():
                for old in entry.iterdir():
                    if _ours(old):
                        old.unlink()
                if not any(entry.iterdir()):
                    entry.rmdir()
            elif _ours(entry):
                entry.unlink()
    except OSError:
        pass


def _make_directory() -> Path:
    """This layout's directory, created (and older layouts removed) on first use."""
    folder = directory()
    if not folder.is_dir():
        _remove_old_layouts()
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def enabled() -> bool:
    return not os.environ.get("RESPELL_NO_CACHE")


def _path(name: str, key: str, suffix: str = ".pickle") -> Path:
    return directory() / f"{name}-{key}{suffix}"


def load(name: str, key: str) -> Any:
    """The value stored under ``name``-``key``, or ``MISSING``."""
    if not enabled():
        return MISSING
    try:
        with open(_path(name, key), "rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, ImportError, IndexError):
        return MISSING


def store(name: str, key: str, value: object) -> None:
    """Store ``value`` atomically under ``name``-``key`` (best effort) and prune older entries of ``name``."""
    if not enabled():
        return
    path = _path(name, key)
    try:
        _make_directory()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return
    prune(path.parent, name)


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The value stored under ``name``-``key``, built (and stored) when missing."""
    value = load(name, key)
    if value is MISSING:
        value = build()
        store(name, key, value)
    return value


def cached_files(name: str, key: str, parts: tuple[str, ...], build: Callable[[dict[str, Path]], None],
                 suffix: str = ".marisa") -> dict[str, Path] | None:
    """Paths of the files ``name``-``part``-``key`` (``name``-``key`` for the part ""), built together by
    ``build(paths)`` when any is missing; None when the cache is off or cannot be written (the caller then
    builds in memory)."""
    if not enabled():
        return None
    names = {part: f"{name}-{part}" if part else name for part in parts}
    paths = {part: _path(names[part], key, suffix) for part in parts}
    if all(p.is_file() for p in paths.values()):
        return paths
    try:
        folder = _make_directory()
        tmp = {part: p.with_name(f".{p.name}.{os.getpid()}.tmp") for part, p in paths.items()}
        build(tmp)
        for part, p in paths.items():
            os.replace(tmp[part], p)
    except OSError:
        return None
    for part in parts:
        prune(folder, names[part], suffix=suffix)
    return paths


def cached_open(name: str, key: str | None, parts: tuple[str, ...], build: Callable[[], T],
                save: Callable[[T, dict[str, Path]], None], open_: Callable[[dict[str, Path]], T],
                suffix: str = ".marisa") -> T:
    """``open_(paths)`` of the files ``name``-``part``-``key``, written by ``save(build(), paths)`` when one is
    missing or damaged (``open_`` raised); ``build()`` itself when ``key`` is None or the cache is off or
    cannot be written."""
    if key is None:
        return build()
    for _attempt in range(2):
        paths = cached_files(name, key, parts, lambda to: save(build(), to), suffix)
        if paths is None:
            break
        try:
            return open_(paths)
        except (OSError, ValueError, RuntimeError):  # RuntimeError: marisa's word for a damaged trie file
            try:
                for path in paths.values():
                    path.unlink(missing_ok=True)  # built and kept again on the next attempt
            except OSError:
                break
    return build()


def prune(folder: Path, name: str, keep: int = KEEP, suffix: str = ".pickle") -> None:
    """Remove all but the ``keep`` newest entries called ``name`` (entries under older keys are never read again).
    Only ``name``-<hex key><suffix> counts: "scan-automaton" is not pruned together with "scan-automaton-rules"."""
    entries = []
    try:
        for p in folder.glob(f"{name}-*{suffix}"):
            key = p.name[len(name) + 1:len(p.name) - len(suffix)]
            if key and not _LONGER_NAME.match(key):
                entries.append((p.stat().st_mtime_ns, p))
        for _mtime, old in sorted(entries, reverse=True)[keep:]:
            old.unlink()
    except OSError:
        pass
