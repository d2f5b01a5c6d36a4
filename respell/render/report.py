"""Check output: text, JSON Lines, SARIF 2.1.0 and GitHub annotations, all from the same findings."""

from __future__ import annotations

import re
from typing import Iterable

from ..plan import Finding
from ..text import Document, LazyPattern

FORMATS = ("text", "jsonl", "sarif", "github")


def located(doc: Document, f: Finding, min_confidence: float) -> dict[str, object]:
    """The finding's JSON record with its place in ``doc``; ``fixable`` says, as the text summary does, whether
    ``fix`` writes it at ``min_confidence`` (a finding that is report-only by nature, or below the threshold, is
    not)."""
    line, col = doc.line_col(f.start)
    end_line, end_col = doc.line_col(f.end)
    return {"path": doc.path, "line": line, "column": col, "end_line": end_line, "end_column": end_col,
            **f.to_dict(), "fixable": f.applies_at(min_confidence)}


# The engine ends each spun-phrase reason with the document's spin score ("...; document spin score 1.00" or
# "... (document spin score 1.00)"); the text view says it once per document, in the file's header line.
# (White space before "(" only from the first of a run: "\s*\(" tried at every space of a long run is quadratic.)
_DOC_SCORE = LazyPattern(r"(?:;\s*|(?<!\s)\s*\()document spin score \d+(?:\.\d+)?\)?", 0, re)

BOLD, RED, GREEN, YELLOW, CYAN, DIM, RESET = ("\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m", "\x1b[2m",
                                             "\x1b[0m")


_SCORE_TAIL = "; document spin score "


def local_reason(reason: str) -> str:
    """The finding's own part of a reason, without the document-level spin score."""
    # (speed) the engine's own form, "...; document spin score 0.97" at the end and nowhere else, is cut without
    # the pattern (a spun megabyte has 21,000 findings to show): what ``_DOC_SCORE`` removes there is exactly that
    # tail (its match starts at that ";", as white space does not hold one, and "\d" is ``str.isdecimal``)
    at = reason.rfind(_SCORE_TAIL)
    if at >= 0 and reason.count("document spin score") == 1:
        number = reason[at + len(_SCORE_TAIL):].split(".")
        if len(number) <= 2 and all(part.isdecimal() for part in number):
            return reason[:at].strip()
    return _DOC_SCORE.sub("", reason).strip()


def shown(s: str) -> str:
    """A span as one line of text: a removed line ending is not printed as a literal "\\n"."""
    return s[:-1].replace("\n", "\\n") if s.endswith("\n") else s.replace("\n", "\\n")


def text_header(path: str, n: int, spin: float | None = None, color: bool = False) -> str:
    """The line above a file's findings: how many, and the document's spin score."""
    head = f"{path}: {n} finding{'s' if n != 1 else ''}"
    if spin is not None:
        head += f"; document spin score {spin:.2f} ({'spun' if spin > 0.5 else 'not spun'})"
    return f"{BOLD}{head}{RESET}" if color else head


def text_lines(doc: Document, findings: Iterable[Finding], min_confidence: float,
               spin: float | None = None, color: bool = False, header: bool = True) -> Iterable[str]:
    """One file's findings: a header with the document's spin score (unless ``header`` is False: a later
    section of a long file), then ``path:line:col: old -> new [rule, confidence]`` (the form editors jump to)
    and the finding's own reason, indented."""
    def c(code: str, s: str) -> str:
        return f"{code}{s}{RESET}" if color else s
    findings = list(findings)
    if not findings:
        return
    if header:
        yield text_header(doc.path, len(findings), spin, color)
    for f in findings:
        line, col = doc.line_col(f.start)
        applies = f.applies_at(min_confidence)
        tag = "" if applies else ", report only"
        old = shown(f.text)
        new = shown(f.replacement) if f.replacement else ("(remove line)" if f.text.endswith("\n") else "(remove)")
        reason = local_reason(f.reason) if spin is not None else f.reason
        where = f"{doc.path}:{line}:{col}:"
        if color:  # (speed) ``c`` called only where there is colour: a spun megabyte has 21,000 findings to show
            where, old, new = c(DIM, where), c(RED, old), c(GREEN if applies else YELLOW, new)
        yield f"{where} {old} -> {new} [{f.rule}, {f.confidence:.2f}{tag}]"
        if reason:
            yield "    " + (c(DIM, reason) if color else reason)


def summary_line(files: int, findings: int, fixable: int) -> str:
    """The last line of ``check``: "12 findings in 3 files, 10 fixable; 2 report-only"."""
    return (f"{findings} finding{'s' if findings != 1 else ''} in {files} file{'s' if files != 1 else ''}, "
            f"{fixable} fixable; {findings - fixable} report-only")


def jsonl_lines(doc: Document, findings: Iterable[Finding], min_confidence: float) -> Iterable[str]:
    import json  # (the text format, the common one, never needs it)
    # (speed) one encoder for all the lines: ``json.dumps`` with a non-default argument builds one per call
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for f in findings:
        yield encode(located(doc, f, min_confidence))


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


def github_lines(doc: Document, findings: Iterable[Finding], min_confidence: float) -> Iterable[str]:
    for f in findings:
        d = located(doc, f, min_confidence)
        level = "warning" if f.applies_at(min_confidence) else "notice"
        props = (f"file={_gh_escape(doc.path, True)},line={d['line']},col={d['column']},"
                 f"endLine={d['end_line']},endColumn={d['end_column']},title={_gh_escape('respell ' + f.rule, True)}")
        msg = f"{f.text} -> {f.replacement or '(remove)'} ({f.confidence:.2f}): {f.reason}"
        yield f"::{level} {props}::{_gh_escape(msg)}"


RULE_HELP = {
    "fingerprint": "A known spun phrase (news spinner table or tortured-phrase list) and the wording it replaced.",
    "spinner-swap": "A canonical term restored through spinner word swaps, in a document judged spun.",
    "thesaurus": "A canonical term reachable only through thesaurus links: weak evidence, usually report only.",
}


def sarif(results: list[tuple[Document, list[Finding]]], min_confidence: float, version: str) -> str:
    rule_ids = sorted({f.rule for _, fs in results for f in fs})
    try:
        from ..rules import RULES  # type: ignore[attr-defined]
        extra = {k: r.description for k, r in RULES.items()}
    except (ImportError, AttributeError):
        extra = {}
    rules = [{"id": r, "shortDescription": {"text": RULE_HELP.get(r) or extra.get(r, r)}} for r in rule_ids]
    out = []
    for doc, findings in results:
        for f in findings:
            sl, sc = doc.line_col(f.start)
            el, ec = doc.line_col(f.end)
            region = {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec,
                      "charOffset": f.start, "charLength": f.end - f.start}
            uri = "stdin" if doc.path == "-" else doc.path
            res = {
                "ruleId": f.rule,
                "ruleIndex": rule_ids.index(f.rule),
                "level": "warning" if f.applies_at(min_confidence) else "note",
                "message": {"text": f"{f.text} -> {f.replacement or '(remove)'}: {f.reason}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "properties": {"confidence": round(f.confidence, 3), "replacement": f.replacement},
            }
            if f.applies_at(min_confidence):
                res["fixes"] = [{"description": {"text": f"Replace with {f.replacement!r}"},
                                 "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [
                                     {"deletedRegion": region, "insertedContent": {"text": f.replacement}}]}]}]
            out.append(res)
    import json
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "respell", "version": version, "informationUri":
                                "https://pypi.org/project/respell/", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": out,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


_SENTENCE_END = LazyPattern(r"[.!?][\"'”’)\]]*\s+|\n", 0, re)


def sentence_around(text: str, start: int, end: int, limit: int = 240) -> tuple[int, int]:
    """The span of the sentence (or line) holding ``text[start:end]``, cut to about ``limit`` characters around
    it: what a reviewer reads to judge a finding."""
    lo = max(0, start - limit)
    s = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s = m.end()
    if s == lo and lo > 0:  # no sentence start in reach: begin at a word
        sp = text.find(" ", lo, start)
        s = sp + 1 if sp >= 0 else lo
    stop = _SENTENCE_END.search(text, max(end, start + 1) - 1 if end > start else end, min(len(text), end + limit))
    e = (stop.start() + (1 if stop.group().strip() and stop.group()[0] in ".!?" else 0) if stop
         else min(len(text), end + limit))
    if text[start:end].endswith("\n"):  # a removed line: the line itself
        s, e = start, end - 1
    return s, max(e, end if not text[start:end].endswith("\n") else end - 1)
