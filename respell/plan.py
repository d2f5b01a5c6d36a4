"""The edit plan: every finding respell makes, and the one place where findings become edited text.

Every output (check report, diff, in-place write, JSONL, SARIF) reads the same list of ``Finding`` objects, so
what the user reviews is exactly what ``fix`` would write.  Offsets are character offsets into the original
text, never into a normalised copy.
"""

from __future__ import annotations

import bisect
import operator
from dataclasses import dataclass, field, fields, replace
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
        # (speed) the constructor, not ``dataclasses.replace``: every finding of a long text's later sections is
        # shifted, and ``replace`` reads the fields anew each time (the same object either way)
        return Finding(self.start + offset, self.end + offset, self.text, self.replacement, self.rule,
                       self.confidence, self.reason, self.fixable, self.candidates, self.evidence)

    def __reduce__(self) -> tuple:
        """(speed) Pickled as its fields in order and rebuilt by the constructor: a worker process sends the parent
        the findings of its sections (12,000 on a spun megabyte), and the dataclass's own pickling of a slotted
        class reads ``dataclasses.fields`` for each one, both ways (twice the time)."""
        return Finding, _field_values(self)


_field_values = operator.attrgetter(*(f.name for f in fields(Finding)))  # a finding's fields, in order


def resolve_overlaps(findings: Iterable[Finding], threshold: float | None = None) -> list[Finding]:
    """Keep a set of non-overlapping findings: fixable ones first (with a ``threshold``: those applied at it), then
    longer spans, then higher confidence.  (A longer phrase merely reported must not hide a restoration that is
    applied: "in particular person" listed but under the threshold, "particular person" -> "person" sure.)

    Zero-width findings (insertions) never overlap one another at different positions; one conflicts with a
    span only strictly inside it.  A finding is kept when it overlaps no finding kept before it in that order.
    The kept spans are marked on the findings' end points, and as kept spans never overlap one another each point
    is marked at most once; a finding's test reads only the points within its own span (a byte scan, in C), so
    all the tests together read no more than the findings' total length: O(F log F) for the sort, then linear.
    """
    ordered = sorted(findings, key=lambda f: (not f.fixable, threshold is not None and not f.applies_at(threshold),
                                              f.start - f.end, -f.confidence, f.start, f.rule))
    points = sorted({p for f in ordered for p in (f.start, f.end)})
    index = {p: i for i, p in enumerate(points)}
    cells = bytearray(len(points))    # cell i (points[i] to points[i + 1]) lies inside a kept span
    inserts = bytearray(len(points))  # a kept zero-width finding sits at point i
    inside = bytearray(len(points))   # point i lies strictly inside a kept span
    kept: list[Finding] = []
    for f in ordered:
        a, b = index[f.start], index[f.end]
        if a == b:
            if inside[a] or inserts[a]:
                continue
            inserts[a] = 1
        else:
            if cells.find(1, a, b) >= 0 or inserts.find(1, a + 1, b) >= 0:
                continue
            cells[a:b] = b"\x01" * (b - a)
            inside[a + 1:b] = b"\x01" * (b - a - 1)
        kept.append(f)
    kept.sort(key=lambda f: (f.start, f.end))
    if threshold is not None and len(kept) < len(ordered):
        kept = _fit_by_trimming(kept, [f for f in ordered if f.applies_at(threshold)], threshold)
    return kept


def _fit_by_trimming(kept: list[Finding], applied: list[Finding], threshold: float) -> list[Finding]:
    """Let in an applied finding that lost to kept ones only over words those keep as they are: "Its chief
    government mentioned" holds "government mentioned" -> "government said" (kept: longer) and "chief government"
    -> "chief executive"; the first keeps "government", so it is cut to "mentioned" -> "said" and both apply.  A
    finding is let in only when every kept finding it overlaps is applied and, cut to its changed words at the
    overlapping end, no longer overlaps it; or, where they cannot be cut, when the finding itself, cut so, clears
    them.  ``kept``: sorted by start, pairwise disjoint; ``applied``: in the order of preference."""
    chosen = {id(f) for f in kept}
    kept = list(kept)  # (spliced in place below: the caller's list is left as it was)
    ends = [k.end for k in kept]  # (kept findings are disjoint: sorted by start, they are sorted by end too)
    for f in applied:
        if id(f) in chosen or f.start == f.end:
            continue
        lo = bisect.bisect_right(ends, f.start)  # the first kept finding ending after f starts
        hi = lo  # ... and the first one starting after f ends
        while hi < len(kept) and kept[hi].start < f.end:
            hi += 1
        over = kept[lo:hi]
        if not over or any(k.start == k.end or not k.applies_at(threshold) for k in over):
            continue
        cut = [_without_kept_words(k, f.start, f.end) for k in over]
        placed: list[Finding | None] = [*cut, f]
        if any(c is None for c in cut):
            # or the other way round: cut to its own changed words, it clears them ("navy spy satellite" ->
            # "military spy satellite" beside the kept "satellite tv for pc" -> "satellite" is "navy" -> "military")
            placed = [*over, _without_kept_words(f, over[0].start, over[-1].end)]
            if placed[-1] is None:
                continue
        now = sorted((x for x in placed if x is not None), key=lambda x: x.start)
        # (spliced: a slice assignment moves the tail at C speed; rebuilding both lists for each finding let in
        # was quadratic, 0.7 s of a spun 5 MB text)
        kept[lo:hi] = now
        ends[lo:hi] = [x.end for x in now]
        chosen.add(id(f))
    return kept


def _without_kept_words(k: Finding, start: int, end: int) -> Finding | None:
    """``k`` without the leading or trailing words it writes unchanged, as far as needed to clear ``start:end``
    (None when that is not possible: the overlap holds a word ``k`` changes)."""
    old, new = k.text.split(" "), k.replacement.split(" ")
    lead = 0  # leading words kept as they are
    while lead < min(len(old), len(new)) - 1 and old[lead] == new[lead] and old[lead]:
        lead += 1
    trail = 0
    while trail < min(len(old), len(new)) - 1 - lead and old[-1 - trail] == new[-1 - trail] and old[-1 - trail]:
        trail += 1
    for a, b in ((lead, 0), (0, trail)):
        if a == b == 0:
            continue
        s = k.start + sum(len(w) + 1 for w in old[:a])
        e = k.end - sum(len(w) + 1 for w in old[len(old) - b:])
        if s >= end or e <= start:
            cut = " ".join(new[a:len(new) - b])
            # (the other readings were of the whole span: only the cut reading is offered for the cut one)
            return replace(k, start=s, end=e, text=k.text[s - k.start:e - k.start], replacement=cut, candidates=(cut,))
    return None


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
