"""respell: find machine-spun phrases in text and restore their canonical wording.

Public API::

    >>> import respell
    >>> result = respell.fix("We compared a profound neural organization with an irregular woodland.")
    >>> result.text
    'We compared a deep neural network with a random forest.'
    >>> [(f.text, f.replacement) for f in result.findings]
    [('profound neural organization', 'deep neural network'), ('an irregular woodland', 'a random forest')]

One listed phrase alone in a short text is reported but not applied: a single match is not evidence enough
that the text is spun (``check`` shows it with a confidence below the default threshold of 0.8).

``check(text)`` returns the findings, ``fix(text)`` a ``Result`` with the repaired text and the findings it
applied, ``score(text)`` the document's spin score in [0, 1].  Every call without ``lexicon=`` uses the
process-wide engine of ``get_engine()``, built once; a ``Lexicon`` or an ``Engine`` passed as ``lexicon=`` is
used instead (a ``Lexicon`` gets one engine, kept with it).  For many texts, ``fix_texts(texts)`` and
``fix_records(records, field="text")`` stream results in input order (``respell.batch``).
"""

from __future__ import annotations

from . import collector
from ._startup import import_dataclasses

# The imports make tens of thousands of objects (functions, classes, compiled patterns) and no garbage: the
# cyclic collector, left on, walked them again and again (a twentieth of `respell check` on a small file).
with collector.paused():
    import_dataclasses()  # before any module of respell imports it: see respell._startup

    from dataclasses import dataclass
    from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch import fix_records, fix_texts, get_engine
    from .engine import Analysis, Engine, Options
    from .lexicon import Lexicon, LexiconError
    from .plan import Finding

__version__ = "0.1.0"
__all__ = ["Finding", "Lexicon", "LexiconError", "Result", "Engine", "Options", "check", "fix", "score", "analyse",
           "get_engine", "fix_texts", "fix_records"]

_BATCH = ("get_engine", "fix_texts", "fix_records")


def __getattr__(name: str) -> Any:  # imported on first use: `respell --version` stays fast
    if name in ("Lexicon", "LexiconError"):
        from . import lexicon
        return getattr(lexicon, name)
    if name == "Finding":
        from .plan import Finding
        return Finding
    if name in ("Engine", "Options", "Analysis"):
        from . import engine
        return getattr(engine, name)
    if name in _BATCH:
        from . import batch
        return getattr(batch, name)
    raise AttributeError(name)


def _engine(lexicon: "Lexicon | Any | None"):
    from .batch import engine_for
    return engine_for(lexicon)


@dataclass(frozen=True)
class Result:
    """The repaired text and the findings that were applied to it."""

    text: str
    findings: list[Finding]
    spin_score: float = 0.0


def analyse(text: str, *, lexicon: "Lexicon | Engine | None" = None, **options: Any):
    """Full analysis: every finding (applied or report-only) and the document's spin evidence."""
    from .engine import Options
    return _engine(lexicon).analyse(text, Options(**options))


def check(text: str, *, lexicon: "Lexicon | Engine | None" = None, **options: Any) -> list[Finding]:
    """Every finding in ``text``, report-only ones included; options as in ``respell.Options``."""
    return analyse(text, lexicon=lexicon, **options).findings


def fix(text: str, *, lexicon: "Lexicon | Engine | None" = None, **options: Any) -> Result:
    """Apply the findings at or above ``min_confidence`` (default 0.8); text outside them is untouched."""
    from .batch import fix_text, make_options
    return fix_text(_engine(lexicon), text, make_options(options))[0]


def score(text: str, *, lexicon: "Lexicon | Engine | None" = None) -> float:
    """Spin score of a document in [0, 1]; above 0.5 the document is judged spun."""
    return analyse(text, lexicon=lexicon).spin.score
