"""respell as datatrove pipeline steps (``pip install 'respell[datatrove]'``).

Why this exists: web-text cleaning at scale (FineWeb-style pipelines) runs on HuggingFace datatrove, whose
executors (local, Slurm, Ray) pickle every step and run it in other processes and on other machines.  These
steps hold only their settings: the engine is looked up in the worker process (``respell.get_engine``, built
once per process and shared by every task the process runs), never kept on the step instance.

``RespellFixer`` repairs ``doc.text`` (or, with ``edit=False``, only annotates it) and writes flat, prefixed
metadata: ``respell_edits``, ``respell_pending``, ``respell_spin_score`` (``respell.batch.metadata``), with the
stats ``total``, ``docs_changed`` and ``edits``.  ``RespellSpinFilter`` drops documents judged spun with the
reason ``respell_spun`` (so an ``exclusion_writer`` keeps them, with ``filter_reason``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

try:
    from datatrove.data import Document, DocumentsPipeline  # type: ignore[import-untyped]
    from datatrove.pipeline.base import PipelineStep  # type: ignore[import-untyped]
    from datatrove.pipeline.filters.base_filter import BaseFilter  # type: ignore[import-untyped]
    from datatrove.pipeline.writers.disk_base import DiskWriter  # type: ignore[import-untyped]
    from datatrove.utils.typeshelper import StatHints  # type: ignore[import-untyped]
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError("respell.integrations.datatrove needs datatrove: pip install 'respell[datatrove]'") from e

from ..batch import PREFIX, fix_text, get_engine, make_options, metadata

__all__ = ["RespellFixer", "RespellSpinFilter"]

SPUN_REASON = "respell_spun"


class _EngineSpec:
    """What a step needs to find its engine in a worker: the data's location, never the engine itself."""

    def __init__(self, directory: str | Path | None, extra: Iterable[tuple[str | Path, str]],
                 options: dict[str, Any]) -> None:
        self.directory = str(directory) if directory is not None else None
        self.extra = [(str(p), k) for p, k in extra]
        self.options = dict(options)
        make_options(self.options)  # a misspelt option fails here, when the pipeline is built, not in a worker

    def engine(self):
        return get_engine(self.directory, self.extra)


class RespellFixer(PipelineStep):
    """Repair spun phrases (and the other default rules' damage) in ``doc.text``.

    Args:
        edit: write the repairs into ``doc.text``; False only annotates (the text is left as it is).
        annotate: add ``respell_edits``, ``respell_pending`` and ``respell_spin_score`` to ``doc.metadata``.
        directory, extra: the dictionaries (default: the installed ones); ``extra`` is ``[(path, kind), ...]``,
            paths every worker can read.
        **options: as in ``respell.Options`` (``min_confidence``, ``rules``, ``disabled``, ``locale``, ...).
    """

    name = "respell fixer"
    type = "✂️ - FORMAT"

    def __init__(self, edit: bool = True, annotate: bool = True, directory: str | Path | None = None,
                 extra: Iterable[tuple[str | Path, str]] = (), **options: Any) -> None:
        super().__init__()
        self.edit, self.annotate = edit, annotate
        self.spec = _EngineSpec(directory, extra, options)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        engine, options = self.spec.engine(), make_options(self.spec.options)
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result, pending = fix_text(engine, doc.text, options)
            if self.edit and result.text != doc.text:
                doc.text = result.text
                self.stat_update("docs_changed")
            meta = metadata(result, pending, self.edit)
            self.stat_update("edits", value=int(meta[PREFIX + "edits"]))
            if self.annotate:
                doc.metadata.update(meta)
            yield doc


class RespellSpinFilter(BaseFilter):
    """Drop documents whose spin score is above ``threshold`` (default 0.5: judged spun), with the reason
    ``respell_spun``; kept and dropped documents get ``respell_spin_score`` in their metadata."""

    name = "respell spin filter"

    def __init__(self, threshold: float = 0.5, exclusion_writer: DiskWriter | None = None,
                 directory: str | Path | None = None, extra: Iterable[tuple[str | Path, str]] = ()) -> None:
        super().__init__(exclusion_writer)
        self.threshold = threshold
        self.spec = _EngineSpec(directory, extra, {})

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        score = self.spec.engine().analyse(doc.text).spin.score  # get_engine: a dictionary look-up after the first
        doc.metadata[PREFIX + "spin_score"] = round(score, 3)
        return (False, SPUN_REASON) if score > self.threshold else True
