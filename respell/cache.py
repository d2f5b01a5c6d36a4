"""The user cache: built data kept between runs, so start-up reads a pickle or maps a file instead of parsing text.

Every entry is keyed by what it was built from: the *content* of the data (``content_key``: a hash of the files'
bytes, remembered per file path, size and time so that a run does not re-read them), package versions and a
format number; so a wheel, an editable install and a pre-commit environment with the same dictionaries share one
build.  A build runs under a file lock of its entry's name in the cache directory: processes starting together on
an empty cache wait for one build instead of each making its own, while different entries may be built side by
side; a build that takes more than a second says so on stderr.  A caller that can do without an entry for now may
instead ask whether another process is building it (``being_built``) and go on without waiting (the language
model reads its sorted files meanwhile, while a low-priority helper builds its trie for later runs).

Nothing in the cache is trusted: a file entry is opened only when its size and CRC-32 match the sidecar written
with it (a damaged memory-mapped trie would crash the process, not raise), a pickle that does not load is
rebuilt, and a cache directory that cannot be written (a file, read-only, a full disk) only costs speed: the data
is built in memory and no temporary file is left behind.  Writing an entry removes all but the newest ``KEEP``
entries of the same name, so editing the dictionaries or upgrading does not fill the disk.
``RESPELL_NO_CACHE=1`` turns the cache off; ``RESPELL_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import re
import sys
import time
import zlib
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from . import collector

T = TypeVar("T")
KEEP = 3  # entries kept per name: a few dictionary sets in use side by side (a project's and a benchmark's)
# Remembered content keys kept per label (``content_key``): one per installation that shares the user cache (a
# virtual environment, each pre-commit hook environment, an editable checkout), each a few bytes.  With KEEP of
# them, a fourth installation in turn with the others evicted one at every run, and every run then hashed the
# 25 MB of dictionaries again (0.3-0.6 s on a run of 0.15 s).
CONTENT_KEYS_KEPT = 64
LAYOUT = "v5"  # a subdirectory per cache layout: entries of older layouts are removed, never misread (v5: sidecars
# may hold a second line, which v4 read as damage: sharing one directory, the two would rebuild each other's entries)
MISSING: Any = object()

# The interpreter's own SHA-256 for short keys: ``hashlib`` loads OpenSSL first, about 4 ms of a 60 ms run on one
# small file.  (Files are hashed with OpenSSL's, ``content_key``: six times faster on the megabytes of data.)
try:
    from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12 on
except ImportError:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef]  # Python 3.11
    except ImportError:  # an interpreter without them
        from hashlib import sha256  # type: ignore[assignment,no-redef]


def short_hash(text: str) -> str:
    """A cache key for ``text``: 32 hex digits of its SHA-256."""
    return sha256(text.encode()).hexdigest()[:32]


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


_LONGER_NAME = r"[a-z]+-[a-z0-9]"  # "rules-9406..." after "scan-automaton-": another entry's name

# Names of the entries respell has ever written (older versions included): only these are ever removed.
# (compiled when first needed: a run that writes nothing never asks, and compiling it cost 1.4 ms of a 110 ms run)
_OURS = (r"\.?(content-key|core|terms|thesaurus|ngrams|infixes|phrases|signatures|scan-[a-z0-9-]+|word-candidates|word-classes|glued-splits|glued-words|registry|wordsegment|zipf|"
         r"ftfy-badness|dataclass-code)-.*"
         r"\.(pickle|marisa|bin|txt|marshal)(\.sum)?(\.\d+\.tmp)?")


def _ours(path: Path) -> bool:
    return path.is_file() and re.fullmatch(_OURS, path.name) is not None


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


MAKE_DIRECTORY = True  # False in respell's build helpers: a cache directory removed meanwhile stays removed


def _make_directory() -> Path:
    """This layout's directory, created (and older layouts removed) on first use."""
    folder = directory()
    if not folder.is_dir():
        if not MAKE_DIRECTORY:  # a helper outliving its run (a temporary cache, already cleaned up)
            raise FileNotFoundError(f"{folder}: removed")
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
    except Exception:  # a damaged pickle can raise nearly anything (EOFError, UnpicklingError, KeyError, ...)
        return MISSING


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """``write(tmp)`` then rename tmp to ``path``; the temporary file is removed whatever happens."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def store(name: str, key: str, value: object, keep: int = KEEP) -> None:
    """Store ``value`` atomically under ``name``-``key`` (best effort) and prune older entries of ``name`` (all
    but the ``keep`` newest)."""
    if not enabled():
        return
    path = _path(name, key)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
            # Tables hold no cycles and share no objects worth keeping shared: without the memo of every object
            # written, wordsegment's 590,000 counts are written in 0.04 s instead of 0.12 (on the first run's path)
            pickler.fast = True
            try:
                pickler.dump(value)
            except (RecursionError, ValueError):  # a value with a cycle after all: written the ordinary way
                fh.seek(0)
                fh.truncate()
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)

    try:
        _make_directory()
        _write_atomically(path, write)
    except OSError:
        return
    prune(path.parent, name, keep)


# ------------------------------------------------------------------------------------------ builds and locks

_held = 0  # depth of nested builds in this process (each name's lock is taken once: ``_names_held``)
PROGRESS_AFTER = 1.0  # seconds of building (or waiting) before a note on stderr


@contextlib.contextmanager
def _progress(what: str) -> Iterator[None]:
    """Say on stderr what is being built when it takes longer than ``PROGRESS_AFTER``, and when it is done: on a
    terminal only (a pipeline's or a commit hook's stderr holds warnings and errors, not progress)."""
    if not (sys.stderr.isatty() or os.environ.get("RESPELL_PROGRESS")):
        yield
        return
    import threading  # (only when something is built: not on every run's path)

    started = time.monotonic()
    said = threading.Event()

    def note() -> None:
        said.set()
        print(f"respell: {what} (once per machine; kept in {directory()}) ...", file=sys.stderr, flush=True)

    timer = threading.Timer(PROGRESS_AFTER, note)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        if said.is_set():
            print(f"respell: done in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)


@functools.lru_cache(maxsize=1)
def _lock() -> Any:
    """This process's lock around the build lock's depth count (threads of one process)."""
    import threading
    return threading.RLock()


def _lock_file(name: str) -> str:
    """The lock file of the entries called ``name``: each name has its own, so that different tables can be built
    side by side (``respell.lexicon``'s first run builds the term tries and the n-gram trie in two processes)."""
    return ".build-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".lock"


@contextlib.contextmanager
def building(name: str) -> Iterator[None]:
    """Hold the build lock of ``name`` (``fcntl.flock`` on ``.build-<name>.lock`` in the cache directory) while
    building it: a process that finds another one building it waits, then finds the entry built.  A process
    takes each name's lock once (nested builds of the same name do not lock again); where the lock cannot be
    taken (no directory, no fcntl) the build goes on unlocked."""
    global _held
    with _lock():
        fh = None
        if name not in _names_held:
            try:
                import fcntl
                fh = open(_make_directory() / _lock_file(name), "a+b")
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    with _progress(f"waiting for another respell process building {name}"):
                        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            except (OSError, ImportError):
                if fh is not None:
                    fh.close()
                fh = None
        outermost = _held == 0
        _held += 1
        _names_held.append(name)
        try:
            with collector.paused(), _progress("building its tables") if outermost else contextlib.nullcontext():
                yield
        finally:
            _held -= 1
            _names_held.pop()
            if fh is not None:
                fh.close()  # releases the lock


_names_held: list[str] = []  # the names this process is building (nested), innermost last


def being_built(name: str) -> bool:
    """Whether another process holds the build lock of ``name`` now (a look that takes nothing and never waits):
    a caller that can do without the entry meanwhile need not wait for it."""
    if name in _names_held or not enabled():
        return False
    try:
        import fcntl
        with open(directory() / _lock_file(name), "rb") as fh:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    except (OSError, ImportError):
        pass
    return False


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """The value stored under ``name``-``key``, built (and stored) when missing."""
    value = load(name, key)
    if value is MISSING:
        if not enabled():
            return build()
        with building(name):
            value = load(name, key)  # built by another process while this one waited
            if value is MISSING:
                value = build()
                store(name, key, value)
    return value


# Sidecar of a file entry: "<size> <crc32>" of every file of the entry, written last (an entry without a valid
# sidecar is not one).  Checked before a file is opened: a trie memory-mapped from a damaged file can crash.
_SUM = ".sum"


def _digest(path: Path) -> str:
    crc, size = 0, 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            crc, size = zlib.crc32(chunk, crc), size + len(chunk)
    return f"{size} {crc:08x}"


# Once a file has been checked whole and has not changed for ``SETTLED`` seconds, its sidecar also records the
# file's identity (device, inode, size, modification and status-change times, in ns): a later run that finds the
# same identity skips the CRC (reading the whole file cost about 20 ms a run, more than checking a small file).
# Any write to the file, or a replaced file, changes its status-change time, which nobody can set back; and the
# identity is only recorded once that time is well in the past, so a write in the same clock tick cannot pass.
SETTLED = 2.0


def _identity(st: os.stat_result) -> str:
    return f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def _valid(paths: dict[str, Path]) -> bool:
    """Whether every file of the entry is there whole (size and CRC-32 as its sidecar says, or the identity of
    the file it found whole before)."""
    try:
        for path in paths.values():
            side = path.with_name(path.name + _SUM)
            digest, _, known = side.read_text(encoding="ascii").partition("\n")
            st = path.stat()
            if known and known == _identity(st) and digest.split(" ", 1)[0] == str(st.st_size):
                continue
            if digest != _digest(path):
                return False
            if time.time() - st.st_ctime > SETTLED:
                with contextlib.suppress(OSError):
                    _write_atomically(side, _text_writer(f"{digest}\n{_identity(st)}"))
    except (OSError, ValueError):
        return False
    return True


def _discard(paths: dict[str, Path]) -> None:
    for path in paths.values():
        for p in (path.with_name(path.name + _SUM), path):
            with contextlib.suppress(OSError):
                p.unlink(missing_ok=True)


def _save_files(paths: dict[str, Path], save: Callable[[dict[str, Path]], None]) -> bool:
    """Write the entry: ``save(temporary paths)``, then each file and its sidecar renamed into place; False (and
    nothing left behind) when the directory cannot be written.  ``RuntimeError``: marisa's word for a failed
    write (a full disk)."""
    tmp = {part: p.with_name(f".{p.name}.{os.getpid()}.tmp") for part, p in paths.items()}
    try:
        _make_directory()
        save(tmp)
        for part, p in paths.items():
            digest = _digest(tmp[part])
            os.replace(tmp[part], p)
            _write_atomically(p.with_name(p.name + _SUM), _text_writer(digest))
        return True
    except (OSError, RuntimeError):
        _discard(paths)
        return False
    finally:
        for t in tmp.values():
            with contextlib.suppress(OSError):
                t.unlink(missing_ok=True)


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="ascii")
    return write


def _open_valid(name: str, paths: dict[str, Path], open_: Callable[[dict[str, Path]], T]) -> T | None:
    if not all(p.is_file() for p in paths.values()):
        return None
    if _valid(paths):
        try:
            return open_(paths)
        except (OSError, ValueError, RuntimeError):  # RuntimeError: marisa's word for a bad trie file
            pass
    with contextlib.suppress(OSError):
        with building(name):  # removed under the entry's lock: another process may be writing it
            if not _valid(paths):
                _discard(paths)
    return None


def entry_exists(name: str, key: str | None, parts: tuple[str, ...], suffix: str = ".marisa") -> bool:
    """Whether the file entry ``cached_open`` would open is there (not whether it is whole): a cheap look, to
    decide whether a build is coming."""
    if key is None or not enabled():
        return False
    return all(_path(f"{name}-{part}" if part else name, key, suffix).is_file() for part in parts)


def writable() -> bool:
    """Whether the cache is on and its directory can be written (made when missing)."""
    if not enabled():
        return False
    try:
        return os.access(_make_directory(), os.W_OK)
    except OSError:
        return False


def cached_open(name: str, key: str | None, parts: tuple[str, ...], build: Callable[[], T],
                save: Callable[[T, dict[str, Path]], None], open_: Callable[[dict[str, Path]], T],
                suffix: str = ".marisa") -> T:
    """``open_(paths)`` of the files ``name``-``part``-``key`` (``name``-``key`` for the part ""), written by
    ``save(build(), paths)`` when missing or damaged; ``build()`` itself when ``key`` is None, the cache is off
    or cannot be written."""
    if key is None or not enabled():
        return build()
    names = {part: f"{name}-{part}" if part else name for part in parts}
    paths = {part: _path(names[part], key, suffix) for part in parts}
    got = _open_valid(name, paths, open_)
    if got is not None:
        return got
    with building(name):
        got = _open_valid(name, paths, open_)  # built by another process while this one waited
        if got is not None:
            return got
        value = build()
        if not _save_files(paths, lambda to: save(value, to)):
            return value
    for part in parts:
        prune(paths[part].parent, names[part], suffix=suffix)
    got = _open_valid(name, paths, open_)
    return value if got is None else got


# ------------------------------------------------------------------------------------------ content keys

def content_key(label: str, paths: Iterable[Path], *extra: object) -> str | None:
    """A hash of the bytes of ``paths`` (in order) and of ``extra``: the same data gives the same key wherever
    it is installed.  The key is remembered (as ``content-key-<label>``) in the cache under the files' paths, sizes, times and inodes, so a
    later run stats the files (one small read) instead of hashing them.  None when a file cannot be read."""
    try:
        paths = [Path(p) for p in paths]
        stamps = [(_resolved(p), st.st_size, st.st_mtime_ns, st.st_ino) for p in paths for st in [p.stat()]]
    except OSError:
        return None
    memo_key = short_hash(repr((stamps, extra)))
    got = _KEYS.get(memo_key) or load(f"content-key-{label}", memo_key)
    if isinstance(got, str):
        _KEYS[memo_key] = got
        return got
    # OpenSSL's SHA-256 (the same digest): a first run hashes about 40 MB of data files (dictionaries, n-grams,
    # wordfreq's and wordsegment's lists), 0.14 s with the interpreter's own and 0.03 s with this one
    import hashlib
    h = hashlib.sha256(repr(extra).encode())
    try:
        for path in paths:
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
            h.update(b"\0")
    except OSError:
        return None
    key = _KEYS[memo_key] = h.hexdigest()[:32]
    store(f"content-key-{label}", memo_key, key, CONTENT_KEYS_KEPT)
    return key


_KEYS: dict[str, str] = {}


def _resolved(path: Path) -> str:
    """``str(path.resolve())`` of a file that exists, its folder resolved once a process: a name that is no link
    resolves to itself in its folder's resolved path.  (Resolving each of a key's 20-odd files walked every folder
    of its path again: 340 lstat calls, 1-2 ms of a 75 ms run.)"""
    if path.name in ("", ".", "..") or path.is_symlink():
        return str(path.resolve())
    return os.path.join(_resolved_folder(str(path.parent)), path.name)


@functools.lru_cache(maxsize=64)
def _resolved_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def prune(folder: Path, name: str, keep: int = KEEP, suffix: str = ".pickle") -> None:
    """Remove all but the ``keep`` newest entries called ``name`` (entries under older keys are never read again).
    Only ``name``-<hex key><suffix> counts: "scan-automaton" is not pruned together with "scan-automaton-rules"."""
    entries = []
    try:
        for p in folder.glob(f"{name}-*{suffix}"):
            key = p.name[len(name) + 1:len(p.name) - len(suffix)]
            if key and not re.match(_LONGER_NAME, key):
                entries.append((p.stat().st_mtime_ns, p))
        for _mtime, old in sorted(entries, reverse=True)[keep:]:
            old.unlink()
            old.with_name(old.name + _SUM).unlink(missing_ok=True)  # a file entry's sidecar goes with it
    except OSError:
        pass
