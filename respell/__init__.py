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
applied, ``score(text)`` the document's spin score in [0, 1].  A ``Lexicon`` (or an ``Engine`` built on one) is
loaded once and can be passed to every call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import Lexicon, LexiconError
from .plan import DEFAULT_MIN_CONFIDENCE, Finding, apply

__version__ = "0.1.0"
__all__ = ["Finding", "Lexicon", "LexiconError", "Result", "Engine", "Options", "check", "fix", "score", "analyse"]

_default_engine = None


def __getattr__(name: str) -> Any:  # Engine and Options are imported on first use: `respell --version` stays fast
    if name in ("Engine", "Options", "Analysis"):
        from . import engine
        return getattr(engine, name)
    raise AttributeError(name)


def _engine(lexicon: "Lexicon | Any | None"):
    global _default_engine
    from .engine import Engine
    if isinstance(lexicon, Engine):
        return lexicon
    if lexicon is not None:
        return Engine(lexicon)
    if _default_engine is None:
        _default_engine = Engine()
    return _default_engine


@dataclass(frozen=True)
class Result:
    """The repaired text and the findings that were applied to it."""

    text: str
    findings: list[Finding]
    spin_score: float = 0.0


def analyse(text: str, *, lexicon: "Lexicon | None" = None, **options: Any):
    """Full analysis: every finding (applied or report-only) and the document's spin evidence."""
    from .engine import Options
    return _engine(lexicon).analyse(text, Options(**options))


def check(text: str, *, lexicon: "Lexicon | None" = None, **options: Any) -> list[Finding]:
    """Every finding in ``text``, report-only ones included; options as in ``respell.Options``."""
    return analyse(text, lexicon=lexicon, **options).findings


def fix(text: str, *, lexicon: "Lexicon | None" = None, **options: Any) -> Result:
    """Apply the findings at or above ``min_confidence`` (default 0.8); text outside them is untouched."""
    a = analyse(text, lexicon=lexicon, **options)
    threshold = options.get("min_confidence", DEFAULT_MIN_CONFIDENCE)
    applied = [f for f in a.findings if f.applies_at(threshold)]
    return Result(apply(text, applied, threshold), applied, a.spin.score)


def score(text: str, *, lexicon: "Lexicon | None" = None) -> float:
    """Spin score of a document in [0, 1]; above 0.5 the document is judged spun."""
    return analyse(text, lexicon=lexicon).spin.score
