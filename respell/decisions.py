"""Editors' decisions on single findings (accept, reject), remembered between runs and shared between tools.

`respell review` and the HTML report (`respell report --html`) let a person take or leave each finding; this
module is where such a choice is stored and read back.  A decision is keyed by the finding (text,
replacement) and the words around it (CONTEXT characters on each side), never by offsets or file name: it
survives edits elsewhere in the file and the file being moved, and lapses as soon as the text around the finding
changes, which is when the editor should look again.

The project's decisions live in ``.respell-decisions.json`` next to the configuration (the directory of the
``pyproject.toml`` or ``.respell.toml`` respell uses, else the current directory).  A rejected finding found
there is not offered again by ``check``, ``review``, ``diff`` or ``fix``.  The HTML report exports a file of the
same format that ``fix --decisions FILE`` and ``review --decisions FILE`` apply.  Format::

    {"version": 1, "decisions": [
        {"key": "3f2a...", "decision": "reject", "rule": "spinner-swap", "text": "Overseas Minister",
         "replacement": "Foreign Minister", "path": "news/a.txt"},
        {"key": "91bc...", "decision": "accept", ..., "write": "Foreign Secretary"}]}

``write`` (optional) is the replacement an editor typed instead of respell's; ``path`` is for people only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from .files import InputError, Source, write_atomic
from .plan import Finding

FILENAME = ".respell-decisions.json"
CONTEXT = 32
ACCEPT, REJECT = "accept", "reject"
VERSION = 1


def key(text: str, f: Finding, start: int | None = None) -> str:
    """The finding's identity: span text, replacement and the words around it (``start``: where the span lies in
    ``text`` when that is not ``f.start``, e.g. after earlier edits).  Not the rule: the same suggestion may come
    from another rule once the document changes (a fingerprint instead of a spinner swap)."""
    s = f.start if start is None else start
    e = s + len(f.text)
    import hashlib
    raw = "\0".join((f.text, f.replacement, text[max(0, s - CONTEXT):s], text[e:e + CONTEXT]))
    return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass
class Decisions:
    """Decisions by key; ``path`` is the file they are read from and saved to (None: in memory only)."""

    path: Path | None = None
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def get(self, text: str, f: Finding) -> dict[str, Any] | None:
        return self.entries.get(key(text, f))

    def decision(self, text: str, f: Finding) -> str | None:
        e = self.get(text, f)
        return e["decision"] if e else None

    def record(self, text: str, f: Finding, decision: str, path: str = "", write: str | None = None,
               start: int | None = None) -> None:
        entry: dict[str, Any] = {"key": key(text, f, start), "decision": decision, "rule": f.rule, "text": f.text,
                                 "replacement": f.replacement, "path": path}
        if write is not None and write != f.replacement:
            entry["write"] = write
        self.entries[entry["key"]] = entry

    def merge(self, other: "Decisions") -> "Decisions":
        return Decisions(self.path, {**self.entries, **other.entries})

    def to_json(self) -> str:
        import json
        return json.dumps({"version": VERSION, "decisions": list(self.entries.values())}, indent=1,
                          ensure_ascii=False) + "\n"

    def save(self) -> None:
        if self.path is None:
            return
        write_atomic(Source(str(self.path), ""), self.to_json())


def load(path: Path, missing_ok: bool = False) -> Decisions:
    """Read a decisions file; a malformed one is an InputError naming the file (one line, exit 2)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return Decisions(path)
        raise InputError(f"{path}: no such decisions file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read decisions file ({e})") from None
    if not raw.strip():
        return Decisions(path)
    import json
    try:
        data = json.loads(raw)
        items = data["decisions"]
        entries = {}
        for d in items:
            if d.get("decision") not in (ACCEPT, REJECT) or not isinstance(d.get("key"), str):
                raise ValueError(f"entry {d!r}: needs a key and a decision of accept or reject")
            entries[d["key"]] = d
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise InputError(f"{path}: not a respell decisions file ({e})") from None
    return Decisions(path, entries)


def project_file(root: Path | None) -> Path:
    """Where the project's decisions live: next to the configuration (``root``), else the current directory."""
    return (root or Path.cwd()) / FILENAME


def without_rejected(text: str, findings: Sequence[Finding], decisions: Decisions) -> list[Finding]:
    """The findings that are still to be offered: every one not rejected before in this context."""
    if not decisions:
        return list(findings)
    return [f for f in findings if decisions.decision(text, f) != REJECT]


def chosen(text: str, findings: Iterable[Finding], decisions: Decisions, min_confidence: float) -> list[Finding]:
    """The edits ``fix`` writes under these decisions: accepted findings (with the editor's own replacement when
    one was typed, report-only ones included), and undecided ones at or above the threshold; never a rejected
    one.  Returned fixable, for ``plan.apply(text, edits, 0.0)``."""
    out = []
    for f in findings:
        e = decisions.get(text, f)
        if e is None:
            if f.applies_at(min_confidence):
                out.append(f)
        elif e["decision"] == ACCEPT:
            out.append(replace(f, fixable=True, replacement=e.get("write", f.replacement)))
    return out


def rebased(edits: Sequence[Finding], f: Finding) -> int:
    """Where ``f`` starts in the text once ``edits`` (non-overlapping, not including ``f``) are written."""
    return f.start + sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= f.start)
