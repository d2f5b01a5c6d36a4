"""One engine per process, and the batch API that corpus pipelines call.

Why this exists: an ``Engine`` (the lexicon's memory-mapped tables, the scan's automaton, compiled patterns) is
the expensive part of respell; a document is cheap.  Pipelines (datatrove, Dask, Ray, Spark, a plain loop) call
respell from many places in a process and ship their steps to other processes, so every caller in a process must
find the same engine, and an engine must travel as a small reference to its data that the other side reopens
(``get_engine`` there), never as its built tables.  ``fix_texts`` and ``fix_records`` take an engine once and
stream results in input order; the datatrove and Dask adapters (``respell.integrations``) are thin wrappers.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Union

from .lexicon import Lexicon, default_directory
from .plan import apply

if TYPE_CHECKING:
    from . import Result
    from .engine import Engine, Options

PREFIX = "respell_"          # flat metadata keys: respell_edits, respell_pending, respell_spin_score
_ATTR = "_respell_engine"   # where a Lexicon keeps the engine built on it (a cycle the collector frees)

_ENGINES: dict[tuple, "Engine"] = {}
_LOCK = threading.RLock()
_BUILT = 0                   # engines this process has built through get_engine / engine_for

Extra = Iterable[tuple[Union[str, Path], str]]


def _data_key(directory: str | Path | None, extra: Extra) -> tuple:
    """What an engine is built from: the dictionary directory, and each extra file with its kind, size and
    modification time (so an edited file of a configuration gets a new engine; the directory's own files are
    the installed data)."""
    default = _default_directory(os.environ.get("RESPELL_DICTIONARIES"))
    d = default if directory is None else os.path.abspath(directory)
    items = []
    for path, kind in extra:
        p = Path(path)
        try:
            st = p.stat()
            sig: tuple[int, int] | None = (st.st_size, st.st_mtime_ns)
        except OSError:
            sig = None  # Lexicon.load reports a missing file when the engine first reads it
        items.append((os.path.abspath(p), kind, sig))
    return (d, tuple(items))


@lru_cache(maxsize=8)
def _default_directory(_env: str | None) -> str:
    """The default dictionary directory for this value of RESPELL_DICTIONARIES (found once: the runner looks
    its engine up for every record)."""
    return os.path.abspath(default_directory())


def get_engine(directory: str | Path | None = None, extra: Extra = ()) -> "Engine":
    """The process-wide engine for this data: the dictionary ``directory`` (default: the installed dictionaries,
    or ``RESPELL_DICTIONARIES``) plus ``extra`` dictionaries, ``[(path, kind), ...]`` as in the configuration's
    ``dictionaries``.  Built on the first call, then shared by every caller in the process (thread-safe); a call
    with other data gets another engine.  Raises ``LexiconError`` when the data is missing."""
    extra = list(extra)
    key = _data_key(directory, extra)
    found = _ENGINES.get(key)
    if found is not None:
        return found
    with _LOCK:
        found = _ENGINES.get(key)
        if found is None:
            lexicon = Lexicon.load(Path(directory) if directory is not None else None,
                                   [(Path(p), k) for p, k in extra])
            found = _ENGINES[key] = engine_for(lexicon)
        return found


def engine_for(lexicon: "Lexicon | Engine | None") -> "Engine":
    """The engine to use for ``lexicon``: an ``Engine`` is itself; a ``Lexicon`` gets one engine, built on first
    use and kept with it (so passing one ``Lexicon`` to every call builds one engine, not one per call); None
    is the default ``get_engine()``."""
    global _BUILT
    from .engine import Engine
    if lexicon is None:
        return get_engine()
    if isinstance(lexicon, Engine):
        return lexicon
    found = lexicon.__dict__.get(_ATTR)
    if found is None:
        with _LOCK:
            found = lexicon.__dict__.get(_ATTR)
            if found is None:
                found = Engine(lexicon)
                setattr(lexicon, _ATTR, found)
                _BUILT += 1
    return found


def engines_built() -> int:
    """How many engines this process has built through ``get_engine`` and ``engine_for`` (a diagnostic: a
    pipeline worker should report 1)."""
    return _BUILT


def shared_lexicon(directory: str, extra: list[tuple[str, str]]) -> Lexicon:
    """The lexicon of ``get_engine(directory, extra)``: what a pickled file-backed ``Lexicon`` becomes."""
    return get_engine(directory, extra).lexicon


# ---------------------------------------------------------------------------------------------- fixing

def make_options(options: Mapping[str, Any]) -> "Options":
    from .engine import Options
    return Options(**options)


def fix_text(engine: "Engine", text: str, options: "Options") -> tuple["Result", int]:
    """``text`` with the findings at or above the threshold applied, and how many findings were left (report-only
    or below the threshold): the one definition of "fix" that ``respell.fix`` and every batch path share."""
    from . import Result
    a = engine.analyse(text, options)
    threshold = options.min_confidence
    applied = [f for f in a.findings if f.applies_at(threshold)]
    new = apply(text, applied, threshold) if applied else text
    return Result(new, applied, a.spin.score), len(a.findings) - len(applied)


def metadata(result: "Result", pending: int, edit: bool = True) -> dict[str, int | float]:
    """The flat, prefixed annotation of one document: ``respell_edits`` (edits written to the text; 0 when
    ``edit`` is False), ``respell_pending`` (findings left for review: report-only ones, those below the
    threshold, and, when ``edit`` is False, the edits not written) and ``respell_spin_score``."""
    edits = len(result.findings) if edit else 0
    return {PREFIX + "edits": edits, PREFIX + "pending": pending + len(result.findings) - edits,
            PREFIX + "spin_score": round(result.spin_score, 3)}


def fix_texts(texts: Iterable[str], *, engine: "Engine | Lexicon | None" = None,
              **options: Any) -> Iterator["Result"]:
    """A ``Result`` (text, applied findings, spin score) per text, in input order, streamed: the engine is
    looked up once (default: ``get_engine()``); options as in ``respell.Options``."""
    eng, opts = engine_for(engine), make_options(options)
    for text in texts:
        yield fix_text(eng, text, opts)[0]


def fix_records(records: Iterable[Mapping[str, Any]], field: str = "text", *, annotate: bool = False,
                edit: bool = True, engine: "Engine | Lexicon | None" = None,
                **options: Any) -> Iterator[dict[str, Any]]:
    """Each record as a new dict, in input order, with ``field`` repaired; other fields are kept as they are and
    the input records are not modified.  ``annotate`` adds ``respell_edits``, ``respell_pending`` and
    ``respell_spin_score`` (see ``metadata``); ``edit=False`` leaves the text as it is (annotation only).  A
    record whose ``field`` is missing or not a string is passed through unchanged, without annotation."""
    eng, opts = engine_for(engine), make_options(options)
    for record in records:
        out = dict(record)
        text = out.get(field)
        if isinstance(text, str):
            result, pending = fix_text(eng, text, opts)
            if edit:
                out[field] = result.text
            if annotate:
                out.update(metadata(result, pending, edit))
        yield out
