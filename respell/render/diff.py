"""Diff output: a unified diff of the fixed file, and a word-level inline view, both coloured on request.

Both views show exactly the edits given (the caller decides which findings ``fix`` would write).  Paths are
shown as given: ``a/PATH``/``b/PATH`` for a relative path (``git apply`` reads it from where respell ran; a leading
``./`` dropped), the
path itself for an absolute one.  A finding that removes whole lines (page furniture) shows as removed lines.
"""

from __future__ import annotations

import difflib
from typing import Iterable, Sequence

from ..plan import Finding, apply
from ..text import Document

RED, GREEN, DIM, BOLD, CYAN, RESET = "\x1b[31;9m", "\x1b[32m", "\x1b[2m", "\x1b[1m", "\x1b[36m", "\x1b[0m"
LINE_RED, LINE_GREEN = "\x1b[31m", "\x1b[32m"


def _names(path: str) -> tuple[str, str]:
    name = "stdin" if path == "-" else path
    while name.startswith("./"):
        name = name[2:]
    if name.startswith("/"):
        return name, name
    return f"a/{name}", f"b/{name}"


def unified_lines(path: str, old: Sequence[str], new: Sequence[str], color: bool = False) -> str:
    """A unified diff of two lists of lines (with their endings) of the file ``path``."""
    a, b = _names(path)
    out = []
    for line in difflib.unified_diff(old, new, a, b):
        body = line[:-1] if line.endswith("\n") else line
        code = (BOLD if line.startswith(("---", "+++")) else CYAN if line.startswith("@@")
                else LINE_RED if line.startswith("-") else LINE_GREEN if line.startswith("+") else "")
        out.append(f"{code}{body}{RESET}\n" if color and code else body + "\n")
        if not line.endswith("\n"):
            out.append(f"{DIM}\\ No newline at end of file{RESET}\n" if color else "\\ No newline at end of file\n")
    return "".join(out)


def unified(doc: Document, findings: list[Finding], min_confidence: float, color: bool = False) -> str:
    new = apply(doc.text, findings, min_confidence)
    if new == doc.text:
        return ""
    return unified_lines(doc.path, doc.text.splitlines(keepends=True), new.splitlines(keepends=True), color)


def _removes_lines(doc: Document, f: Finding) -> bool:
    """Does ``f`` delete whole lines (starts at a line start, ends after a line ending, writes nothing)?"""
    return (not f.replacement and f.text.endswith("\n")
            and (f.start == 0 or doc.text[f.start - 1] == "\n"))


def _shown(s: str) -> str:
    return s.replace("\r", "").replace("\n", "\\n")


def words(doc: Document, findings: list[Finding], min_confidence: float, color: bool) -> Iterable[str]:
    """Each changed line once, with [-old-]{+new+} marks (or red/green when colour is on); a removed line is
    shown whole, as removed."""
    applied = [f for f in findings if f.applies_at(min_confidence)]
    by_line: dict[int, list[Finding]] = {}
    removed: dict[int, str] = {}
    for f in applied:
        line_no = doc.line_col(f.start)[0]
        if _removes_lines(doc, f):
            for i, line in enumerate(f.text.splitlines()):
                removed[line_no + i] = line
        else:
            by_line.setdefault(line_no, []).append(f)
    starts = doc.line_starts

    def head(n: int) -> str:
        h = f"{doc.path}:{n}:"
        return f"{DIM}{h}{RESET} " if color else h + " "

    for line_no in sorted({*by_line, *removed}):
        if line_no in removed:
            yield head(line_no) + (f"{RED}{removed[line_no]}{RESET}" if color else f"[-{removed[line_no]}-]")
            continue
        fs = sorted(by_line[line_no], key=lambda f: f.start)
        ls = starts[line_no - 1]
        last = max(f.end for f in fs)
        le = doc.text.find("\n", last)
        le = len(doc.text) if le == -1 else le
        parts, pos = [], ls
        for f in fs:
            parts.append(doc.text[pos:f.start])
            old, new = _shown(f.text), _shown(f.replacement)
            if color:
                parts.append(f"{RED}{old}{RESET}{GREEN}{new}{RESET}")
            else:
                parts.append(f"[-{old}-]" + (f"{{+{new}+}}" if new else ""))
            pos = f.end
        parts.append(doc.text[pos:le])
        yield head(line_no) + "".join(parts).rstrip("\r\n")
