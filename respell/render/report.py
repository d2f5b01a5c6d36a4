"""Check output: text, JSON Lines, SARIF 2.1.0 and GitHub annotations, all from the same findings."""

from __future__ import annotations

from typing import Iterable

from ..plan import Finding
from ..text import Document

FORMATS = ("text", "jsonl", "sarif", "github")


def located(doc: Document, f: Finding) -> dict[str, object]:
    line, col = doc.line_col(f.start)
    end_line, end_col = doc.line_col(f.end)
    d: dict[str, object] = {"path": doc.path, "line": line, "column": col, "end_line": end_line,
                            "end_column": end_col}
    d.update(f.to_dict())
    return d


def text_lines(doc: Document, findings: Iterable[Finding], min_confidence: float) -> Iterable[str]:
    for f in findings:
        line, col = doc.line_col(f.start)
        tag = "" if f.applies_at(min_confidence) else ", report only"
        old = f.text.replace("\n", "\\n")
        new = f.replacement.replace("\n", "\\n") if f.replacement else "(remove)"
        yield f"{doc.path}:{line}:{col}: {old} -> {new} [{f.rule}, {f.confidence:.2f}{tag}]"
        yield f"    {f.reason}"


def jsonl_lines(doc: Document, findings: Iterable[Finding]) -> Iterable[str]:
    import json  # (the text format, the common one, never needs it)
    for f in findings:
        yield json.dumps(located(doc, f), ensure_ascii=False)


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


def github_lines(doc: Document, findings: Iterable[Finding], min_confidence: float) -> Iterable[str]:
    for f in findings:
        d = located(doc, f)
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
