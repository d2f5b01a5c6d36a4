"""The rule contract, kept apart from ``__init__`` so rule modules can import it without an import cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..plan import Finding
from ..text import Document


@dataclass(frozen=True)
class RuleOptions:
    """What the user asked for that changes how rules behave.

    ``locale`` ("en-GB" / "en-US") makes spelling-variety findings fixable toward that locale;
    ``strip_furniture`` makes furniture findings fixable (the whole line is removed with its newline).
    """

    locale: str | None = None
    strip_furniture: bool = False


@dataclass(frozen=True)
class Rule:
    """A rule: its id, whether it is on by default, what it finds, and the function that finds it."""
    id: str
    default_on: bool
    description: str
    run: Callable[[Document, RuleOptions], Iterable[Finding]]
