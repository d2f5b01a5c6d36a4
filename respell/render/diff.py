"""Diff output: a unified diff of the fixed file, and a word-level inline view with optional colour."""

from __future__ import annotations

import difflib
from typing import Iterable

from ..plan import Finding, apply
from ..text import Document

RED, GREEN, DIM, RESET = "\x1b[31;9m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def unified(doc: Document, findings: list[Finding], min_confidence: float) -> str:
    new = apply(doc.text, findings, min_confidence)
    if new == doc.text:
        return ""
    name = "stdin" if doc.path == "-" else doc.path
    lines = difflib.unified_diff(doc.text.splitlines(keepends=True), new.splitlines(keepends=True),
                                 f"a/{name}", f"b/{name}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def words(doc: Document, findings: list[Finding], min_confidence: float, color: bool) -> Iterable[str]:
    """Each changed line once, with [-old-]{+new+} marks (or red/green when colour is on)."""
    applied = [f for f in findings if f.applies_at(min_confidence)]
    by_line: dict[int, list[Finding]] = {}
    for f in applied:
        by_line.setdefault(doc.line_col(f.start)[0], []).append(f)
    starts = doc.line_starts
    for line_no in sorted(by_line):
        fs = sorted(by_line[line_no], key=lambda f: f.start)
        ls = starts[line_no - 1]
        last = max(f.end for f in fs)
        le = doc.text.find("\n", last)
        le = len(doc.text) if le == -1 else le
        parts, pos = [], ls
        for f in fs:
            parts.append(doc.text[pos:f.start])
            if color:
                parts.append(f"{RED}{f.text}{RESET}{GREEN}{f.replacement}{RESET}")
            else:
                parts.append(f"[-{f.text}-]{{+{f.replacement}+}}")
            pos = f.end
        parts.append(doc.text[pos:le])
        head = f"{doc.path}:{line_no}:"
        yield (f"{DIM}{head}{RESET} " if color else head + " ") + "".join(parts).rstrip("\r\n")
