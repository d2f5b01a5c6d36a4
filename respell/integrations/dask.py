"""respell over Dask collections (``pip install 'respell[dask]'``).

Why this exists: generic corpora are often cleaned with Dask bags of records or Dask DataFrames.  These helpers
map ``respell.batch`` over the partitions; what travels to the workers is the data's location and the options,
and each worker process looks its engine up once (``respell.get_engine``).  ``RespellWorkerPlugin`` loads it
when the worker starts, so that no task pays for it and a missing dictionary fails at registration.

Use worker processes with one thread each (``LocalCluster(processes=True, threads_per_worker=1)``): the work is
pure Python and holds the GIL, so threads in one worker only take turns.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

try:
    import dask.bag  # noqa: F401 - fail early, with the extra's name, when Dask is missing
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError("respell.integrations.dask needs Dask: pip install 'respell[dask]'") from e

from ..batch import PREFIX, fix_records, fix_text, get_engine, make_options, metadata

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd  # type: ignore[import-untyped]

__all__ = ["fix_bag", "fix_dataframe", "RespellWorkerPlugin"]

Extra = Iterable[tuple[str | Path, str]]


def _spec(directory: str | Path | None, extra: Extra, options: dict[str, Any]):
    make_options(options)  # a misspelt option fails here, in the client, not in every task
    return (str(directory) if directory is not None else None), [(str(p), k) for p, k in extra]


def fix_bag(bag: "dask.bag.Bag", field: str = "text", *, annotate: bool = False, edit: bool = True,
            directory: str | Path | None = None, extra: Extra = (), **options: Any) -> "dask.bag.Bag":
    """A bag of records (dicts) -> the bag of ``respell.fix_records`` of each partition, in order: ``field``
    repaired, ``respell_*`` annotations with ``annotate``, only annotations with ``edit=False``."""
    d, x = _spec(directory, extra, options)
    return bag.map_partitions(_fix_partition, field, annotate, edit, d, x, options)


def _fix_partition(part: Iterable[dict], field: str, annotate: bool, edit: bool, directory: str | None,
                   extra: list[tuple[str, str]], options: dict[str, Any]) -> list[dict]:
    return list(fix_records(part, field, annotate=annotate, edit=edit, engine=get_engine(directory, extra),
                            **options))


def fix_dataframe(ddf: "dd.DataFrame", column: str = "text", *, annotate: bool = False, edit: bool = True,
                  directory: str | Path | None = None, extra: Extra = (), **options: Any) -> "dd.DataFrame":
    """A Dask DataFrame with ``column`` repaired (its dtype kept; values that are not strings pass through) and,
    with ``annotate``, the columns ``respell_edits`` (int64), ``respell_pending`` (int64) and
    ``respell_spin_score`` (float64; NaN where the value is not a string).  ``meta`` is the function's own
    output on the empty frame, so it always matches the partitions."""
    d, x = _spec(directory, extra, options)
    args = (column, annotate, edit, d, x, options)
    return ddf.map_partitions(_fix_frame, *args, meta=_fix_frame(ddf._meta, *args))


def _fix_frame(df: "pd.DataFrame", column: str, annotate: bool, edit: bool, directory: str | None,
               extra: list[tuple[str, str]], options: dict[str, Any]) -> "pd.DataFrame":
    import pandas as pd
    values = df[column]
    texts = list(values)
    edits, pending, scores = [0] * len(texts), [0] * len(texts), [math.nan] * len(texts)
    if texts:  # (the empty frame of ``meta`` needs no engine)
        engine, opts = get_engine(directory, extra), make_options(options)
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                continue
            result, left = fix_text(engine, text, opts)
            meta = metadata(result, left, edit)
            if edit:
                texts[i] = result.text
            edits[i], pending[i] = int(meta[PREFIX + "edits"]), int(meta[PREFIX + "pending"])
            scores[i] = float(meta[PREFIX + "spin_score"])
    new = {column: pd.Series(texts, index=df.index, dtype=values.dtype)}
    if annotate:
        new[PREFIX + "edits"] = pd.Series(edits, index=df.index, dtype="int64")
        new[PREFIX + "pending"] = pd.Series(pending, index=df.index, dtype="int64")
        new[PREFIX + "spin_score"] = pd.Series(scores, index=df.index, dtype="float64")
    return df.assign(**new)


class RespellWorkerPlugin(WorkerPlugin):
    """Loads the engine of this data once in every worker, when the worker starts (or when the plugin is
    registered): ``client.register_plugin(RespellWorkerPlugin())``.  Tasks then find it with ``get_engine``."""

    idempotent = True

    def __init__(self, directory: str | Path | None = None, extra: Extra = ()) -> None:
        self.directory, self.extra = _spec(directory, extra, {})
        self.name = f"respell:{self.directory}:{self.extra}"  # one plugin per data; registering it again: no-op

    def setup(self, worker: Any) -> None:
        get_engine(self.directory, self.extra).prepare(markup=False)
