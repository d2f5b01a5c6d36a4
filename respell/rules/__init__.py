"""Repairs other than spun phrases, each a named rule with its own id.

A rule is a callable ``run(doc: respell.text.Document, options: RuleOptions) -> Iterable[Finding]`` wrapped in a
``Rule`` and registered in ``RULES`` under its id.  Rules never edit text themselves: they return findings with
spans in the original text, and the edit plan (``respell.plan``) decides what is applied.  Rules that are off by
default have ``default_on=False``; report-only findings have ``fixable=False``.

The first rule of the project holds here most of all: a rule must return nothing for clean text.  Every rule
gets a cheap prefilter so that clean text costs little.
"""

from __future__ import annotations

from typing import Collection

from ..plan import Finding
from ..text import Document
from .base import Rule, RuleOptions
from . import encoding, furniture, glued, numerals, spelling_variety, typography

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        glued.GLUED_WORD,
        glued.SPLIT_WORD,
        encoding.RULE,
        furniture.RULE,
        typography.RULE,
        spelling_variety.RULE,
        numerals.RULE,
    )
}

DEFAULT_OFF = frozenset(rid for rid, r in RULES.items() if not r.default_on)


LOCALES = ("en-GB", "en-US")


def rule_ids() -> list[str]:
    """Every rule id respell knows: the spun-phrase rules, then these."""
    from ..engine import SPUN_RULES
    return [*SPUN_RULES, *RULES]


def unknown_rules(ids: Collection[str]) -> str | None:
    """None when every id is known, else a message naming the first unknown one and the valid ones."""
    known = rule_ids()
    for rid in ids:
        if rid not in known:
            return f"unknown rule {rid!r}; valid rules: {', '.join(known)}"
    return None


def unknown_locale(locale: str) -> str | None:
    """None for a locale the spelling-variety rule knows (any case, "_" or "-"), else a message."""
    if locale.replace("_", "-").lower() in {loc.lower() for loc in LOCALES}:
        return None
    return f"unknown locale {locale!r}; valid locales: {', '.join(LOCALES)}"


def run_rules(doc: Document, options: RuleOptions | None = None,
              enabled: Collection[str] | None = None) -> list[Finding]:
    """Findings of every enabled rule, sorted by position.

    ``enabled`` None means every rule that is on by default; otherwise exactly the ids given (an unknown id is
    a ValueError naming it).  Overlaps between rules are left to ``respell.plan.resolve_overlaps``.
    """
    options = options or RuleOptions()
    if enabled is None:
        ids = [rid for rid, r in RULES.items() if r.default_on]
    else:
        unknown = sorted(set(enabled) - RULES.keys())
        if unknown:
            raise ValueError(f"unknown rule id(s): {', '.join(unknown)}; known: {', '.join(sorted(RULES))}")
        ids = [rid for rid in RULES if rid in enabled]
    out: list[Finding] = []
    for rid in ids:
        out.extend(RULES[rid].run(doc, options))
    out.sort(key=lambda f: (f.start, f.end, f.rule))
    return out


def prepare() -> None:
    """Load the rules' tables and compile their patterns now (both are lazy), before forking workers: the workers
    then share one copy.  Left lazy, every worker compiled the same patterns again (about 30 ms each on the
    documentation corpus) and copied the interpreter pages the compiler touches: 2-3 MiB more for --jobs 2."""
    from importlib import import_module

    from ..text import compile_patterns
    from . import _common

    import_module("html.entities")  # the encoding rule's entity table
    spelling_variety.variants()
    encoding._badness_re()
    compile_patterns(_common, encoding, furniture, glued, numerals, spelling_variety)  # typography is off by default


__all__ = ["DEFAULT_OFF", "LOCALES", "RULES", "rule_ids", "unknown_locale", "unknown_rules", "Rule", "RuleOptions", "prepare", "run_rules"]
