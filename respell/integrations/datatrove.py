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
    from datatrove.utils.batching import batched  # type: ignore[import-untyped]
    from datatrove.utils.stats import MetricStats  # type: ignore[import-untyped]
    from datatrove.utils.typeshelper import StatHints  # type: ignore[import-untyped]
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError("respell.integrations.datatrove needs datatrove: pip install 'respell[datatrove]'") from e

from ..batch import PREFIX, fix_text, get_engine, make_options, metadata

__all__ = ["RespellFixer", "RespellSpinFilter"]

EDITS = PREFIX + "edits"

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
        batch_size: documents repaired at a time (the step's runtime is then reported per batch).
        **options: as in ``respell.Options`` (``min_confidence``, ``rules``, ``disabled``, ``locale``, ...).
    """

    name = "respell fixer"
    type = "✂️ - FORMAT"

    def __init__(self, edit: bool = True, annotate: bool = True, directory: str | Path | None = None,
                 extra: Iterable[tuple[str | Path, str]] = (), batch_size: int = 256, **options: Any) -> None:
        super().__init__()
        self.edit, self.annotate, self.batch_size = edit, annotate, batch_size
        self.spec = _EngineSpec(directory, extra, options)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        # Documents go through in batches: datatrove's stats and timer are updated once a batch instead of
        # four times a document (that cost 6 us a document, a tenth of respell's own time on documentation
        # paragraphs).  The stats are those of one update per document.
        engine, options = self.spec.engine(), make_options(self.spec.options)
        edit, annotate = self.edit, self.annotate
        for docs in batched(data, self.batch_size):
            with self.track_time("batch"):
                results = [fix_text(engine, doc.text, options) for doc in docs]
            changed = 0
            edits: list[int] = []
            for doc, (result, pending) in zip(docs, results):
                meta = metadata(result, pending, edit)
                if edit and result.text != doc.text:
                    doc.text = result.text
                    changed += 1
                edits.append(int(meta[EDITS]))
                if annotate:
                    doc.metadata.update(meta)
            _count(self, StatHints.total, len(docs))
            _count(self, "docs_changed", changed)
            _merge(self, "edits", edits)
            yield from docs


def _count(step: PipelineStep, label: str, n: int) -> None:
    """``step.stat_update(label)`` called ``n`` times, at once."""
    if n:
        step.stats[label] = step.stats[label] + MetricStats(total=n, n=n, mean=1.0, min=1, max=1)


def _merge(step: PipelineStep, label: str, values: list[int]) -> None:
    """``step.stat_update(label, value=v)`` for every value, at once (count, total, mean, min, max, variance)."""
    if values:
        n, total = len(values), sum(values)
        mean = total / n
        spread = sum((v - mean) ** 2 for v in values) if min(values) != max(values) else 0.0
        step.stats[label] = step.stats[label] + MetricStats(total=total, n=n, mean=mean, min=min(values),
                                                            max=max(values), _running_variance=spread)


class RespellSpinFilter(BaseFilter):
    """Drop documents whose spin score is above ``threshold`` (default 0.5: judged spun), with the reason
    ``respell_spun``; kept and dropped documents get ``respell_spin_score`` in their metadata."""

    name = "respell spin filter"

    def __init__(self, threshold: float = 0.5, exclusion_writer: DiskWriter | None = None,
                 directory: str | Path | None = None, extra: Iterable[tuple[str | Path, str]] = (),
                 batch_size: int = 256) -> None:
        super().__init__(exclusion_writer, batch_size)
        self.threshold = threshold
        self.spec = _EngineSpec(directory, extra, {})

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        engine = self.spec.engine()  # once a batch: the look-up checks the data's files
        verdicts: list[bool | tuple[bool, str]] = []
        for doc in batch:
            score = engine.analyse(doc.text).spin.score
            doc.metadata[PREFIX + "spin_score"] = round(score, 3)
            verdicts.append((False, SPUN_REASON) if score > self.threshold else True)
        return verdicts
