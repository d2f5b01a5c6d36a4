"""Repairs other than spun phrases, each a named rule with its own id.

A rule is a callable ``rule(doc: respell.text.Document, options: respell.rules.RuleOptions) -> Iterable[Finding]``
registered in ``RULES`` under its id.  Rules never edit text themselves: they return findings, and the edit plan
(``respell.plan``) decides what is applied.  Rules that are off by default are listed in ``DEFAULT_OFF``.
"""
