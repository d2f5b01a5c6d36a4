"""The edit plan: every finding respell makes, and the one place where findings become edited text.

Every output (check report, diff, in-place write, JSONL, SARIF) reads the same list of ``Finding`` objects, so
what the user reviews is exactly what ``fix`` would write.  Offsets are character offsets into the original
text, never into a normalised copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

DEFAULT_MIN_CONFIDENCE = 0.8


@dataclass(frozen=True, slots=True)
class Finding:
    """One proposed edit: replace ``text[start:end]`` (== ``text``) with ``replacement``.

    ``fixable`` is False for report-only findings (ambiguous candidates, rules that only report); such a
    finding is shown but never applied, whatever the confidence threshold.
    """

    start: int
    end: int
    text: str
    replacement: str
    rule: str
    confidence: float
    reason: str
    fixable: bool = True
    candidates: tuple[str, ...] = ()
    evidence: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    def applies_at(self, min_confidence: float) -> bool:
        """True when ``fix`` with this threshold would write this finding."""
        return self.fixable and self.confidence >= min_confidence and self.replacement != self.text

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "replacement": self.replacement,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
            "fixable": self.fixable,
        }

    def shifted(self, offset: int) -> "Finding":
        return replace(self, start=self.start + offset, end=self.end + offset)


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep a set of non-overlapping findings: fixable ones first, then longer spans, then higher confidence.

    Zero-width findings (insertions) never overlap one another at different positions.
    """
    ordered = sorted(findings, key=lambda f: (not f.fixable, -(f.end - f.start), -f.confidence, f.start, f.rule))
    kept: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for f in ordered:
        if any(f.start < e and s < f.end or (f.start == s and f.end == e) for s, e in taken):
            continue
        kept.append(f)
        taken.append((f.start, f.end))
    kept.sort(key=lambda f: (f.start, f.end))
    return kept


def apply(text: str, findings: Sequence[Finding], min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> str:
    """Return ``text`` with every applicable finding written; text outside the spans is untouched."""
    out: list[str] = []
    pos = 0
    for f in sorted((f for f in findings if f.applies_at(min_confidence)), key=lambda f: f.start):
        if f.start < pos:  # overlapping findings are resolved earlier; never write twice over one span
            continue
        if text[f.start:f.end] != f.text:
            raise ValueError(f"finding at {f.start}-{f.end} does not match the text it was made for")
        out.append(text[pos:f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)
