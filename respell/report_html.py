"""`respell report --html OUT.html`: one self-contained page for an editor to go through a batch of files.

Every document is shown whole with its findings highlighted in place; hovering a finding shows its reason,
clicking it opens the details (replacement, confidence, reason, rivals) with accept and reject buttons.  Filters
hide findings by rule and below a confidence; a summary table gives files, findings, fixable ones and each
document's spin score.  "Export decisions" produces a decisions file (``respell.decisions`` format) that
``respell fix --decisions FILE`` and ``respell review --decisions FILE`` apply.

The page has no external asset and makes no network request: styles, script and data are inline, so it can be
mailed or archived as it is.  This module is imported only by ``respell report``.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

from . import __version__
from .decisions import key
from .plan import Finding
from .render.report import local_reason, shown
from .text import Document

CSS = """
:root { --acc: #1a7f37; --rej: #b42318; --ink: #1f2328; --mute: #656d76; --hl: #fff1b8; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--ink); margin: 0; }
header { padding: 12px 20px; border-bottom: 1px solid var(--line); background: #f6f8fa; position: sticky; top: 0;
         z-index: 2; }
header h1 { font-size: 18px; margin: 0 0 6px; }
.filters { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; font-size: 14px; }
.filters label { white-space: nowrap; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 20px; padding: 16px 20px; }
table.summary { border-collapse: collapse; margin-bottom: 16px; font-size: 14px; }
table.summary td, table.summary th { border: 1px solid var(--line); padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
section.doc { margin-bottom: 28px; }
section.doc h2 { font-size: 16px; margin: 0 0 4px; font-family: ui-monospace, monospace; }
.meta { color: var(--mute); font-size: 13px; margin-bottom: 6px; }
.text { white-space: pre-wrap; font-family: Georgia, serif; border: 1px solid var(--line); border-radius: 6px;
        padding: 12px 14px; background: #fff; }
mark.f { background: var(--hl); border-bottom: 2px solid #d4a72c; cursor: pointer; padding: 0 1px; }
mark.f.report { background: #eef2f6; border-bottom: 2px dotted var(--mute); }
mark.f[data-decision=accept] { background: #dafbe1; border-bottom-color: var(--acc); }
mark.f[data-decision=reject] { background: #ffebe9; border-bottom-color: var(--rej); text-decoration: none; }
mark.f.selected { outline: 2px solid #0969da; }
mark.f.hidden { background: none; border: none; cursor: text; }
mark.f del { text-decoration: none; }
mark.f[data-decision=accept] del { text-decoration: line-through; }
mark.f ins { text-decoration: none; color: var(--acc); font-weight: 600; display: none; }
mark.f[data-decision=accept] del { color: var(--mute); }
mark.f[data-decision=accept] ins { display: inline; }
aside { position: sticky; top: 110px; align-self: start; border: 1px solid var(--line); border-radius: 6px;
        padding: 12px 14px; background: #f6f8fa; font-size: 14px; }
aside h3 { margin: 0 0 8px; font-size: 15px; }
aside .change { font-size: 16px; margin: 6px 0; }
aside .change del { color: var(--rej); } aside .change ins { color: var(--acc); text-decoration: none;
  font-weight: 600; }
button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid var(--line); cursor: pointer;
         background: #fff; }
button.accept { border-color: var(--acc); color: var(--acc); } button.reject { border-color: var(--rej);
  color: var(--rej); }
textarea { width: 100%; height: 140px; font: 12px ui-monospace, monospace; margin-top: 8px; }
.muted { color: var(--mute); }
"""

SCRIPT = r"""
const data = JSON.parse(document.getElementById('respell-data').textContent);
const byId = {}; data.findings.forEach(f => byId[f.id] = f);
const marks = () => Array.from(document.querySelectorAll('mark.f'));
let selected = null;
function applyFilters() {
  const min = parseFloat(document.getElementById('min-conf').value);
  document.getElementById('min-conf-value').textContent = min.toFixed(2);
  const rules = new Set(Array.from(document.querySelectorAll('input.rule:checked')).map(x => x.value));
  let shown = 0;
  marks().forEach(m => {
    const f = byId[m.dataset.id];
    const visible = rules.has(f.rule) && f.confidence >= min - 1e-9;
    m.classList.toggle('hidden', !visible);
    if (visible) shown++;
  });
  document.getElementById('shown-count').textContent = shown;
}
function select(id) {
  marks().forEach(m => m.classList.toggle('selected', m.dataset.id === id));
  selected = id;
  const f = byId[id], box = document.getElementById('details');
  const m = document.querySelector('mark.f[data-id="' + id + '"]');
  box.querySelector('.where').textContent = f.path + ':' + f.line + ':' + f.column;
  box.querySelector('del').textContent = f.text;
  box.querySelector('ins').textContent = f.replacement || '(remove)';
  box.querySelector('.rule').textContent = f.rule;
  box.querySelector('.confidence').textContent = f.confidence.toFixed(2) + (f.applies ? ' (fix applies it)' : ' (report only)');
  box.querySelector('.reason').textContent = f.reason;
  box.querySelector('.rivals').textContent = f.rivals.length ? f.rivals.join(', ') : 'none';
  box.querySelector('.decision').textContent = m.dataset.decision || 'undecided';
  box.hidden = false;
}
function decide(decision) {
  if (!selected) return;
  const m = document.querySelector('mark.f[data-id="' + selected + '"]');
  if (m.dataset.decision === decision) delete m.dataset.decision; else m.dataset.decision = decision;
  select(selected);
  exportDecisions();
}
function exportDecisions() {
  const out = [];
  marks().forEach(m => {
    if (!m.dataset.decision) return;
    const f = byId[m.dataset.id];
    out.push({key: f.key, decision: m.dataset.decision, rule: f.rule, text: f.text, replacement: f.replacement,
              path: f.path});
  });
  const text = JSON.stringify({version: 1, decisions: out}, null, 1) + '\n';
  document.getElementById('export').value = text;
  document.getElementById('decided-count').textContent = out.length;
  return text;
}
function download() {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([exportDecisions()], {type: 'application/json'}));
  a.download = 'respell-decisions.json';
  document.body.appendChild(a); a.click(); a.remove();
}
document.addEventListener('click', e => {
  const m = e.target.closest('mark.f');
  if (m && !m.classList.contains('hidden')) select(m.dataset.id);
});
document.getElementById('min-conf').addEventListener('input', applyFilters);
document.querySelectorAll('input.rule').forEach(x => x.addEventListener('change', applyFilters));
document.getElementById('accept').addEventListener('click', () => decide('accept'));
document.getElementById('reject').addEventListener('click', () => decide('reject'));
document.getElementById('download').addEventListener('click', download);
applyFilters(); exportDecisions();
"""


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _doc_html(doc: Document, findings: list[Finding], ids: list[str]) -> str:
    """The document's text with each finding wrapped in a <mark> (findings never overlap)."""
    out, pos = [], 0
    for f, fid in zip(findings, ids):
        out.append(_e(doc.text[pos:f.start]))
        cls = "f" if f.fixable else "f report"
        tip = f"-> {f.replacement or '(remove)'} [{f.rule}, {f.confidence:.2f}] {local_reason(f.reason)}"
        old = _e(f.text) if f.text else "&#x2038;"
        out.append(f'<mark class="{cls}" data-id="{fid}" title="{_e(tip)}"><del>{old}</del>'
                   f'<ins>{_e(f.replacement)}</ins></mark>')
        pos = f.end
    out.append(_e(doc.text[pos:]))
    return "".join(out)


def render(docs: list[tuple[Document, Any]], min_confidence: float) -> str:
    """The page for these (document, analysis) pairs."""
    rows, sections, data = [], [], []
    rules: dict[str, int] = {}
    total = fixable = 0
    for n, (doc, a) in enumerate(docs):
        ids = []
        for i, f in enumerate(a.findings):
            fid = f"f{n}-{i}"
            ids.append(fid)
            line, col = doc.line_col(f.start)
            rules[f.rule] = rules.get(f.rule, 0) + 1
            data.append({"id": fid, "key": key(doc.text, f), "path": doc.path, "line": line, "column": col,
                         "text": f.text, "replacement": f.replacement, "rule": f.rule,
                         "confidence": round(f.confidence, 3), "reason": local_reason(f.reason),
                         "rivals": [c for c in f.candidates if c != f.replacement],
                         "applies": f.applies_at(min_confidence), "fixable": f.fixable})
        nfix = sum(1 for f in a.findings if f.applies_at(min_confidence))
        total += len(a.findings)
        fixable += nfix
        verdict = "spun" if a.spin.spun else "not spun"
        rows.append(f'<tr><td><a href="#doc{n}">{_e(doc.path)}</a></td><td class="num">{len(a.findings)}</td>'
                    f'<td class="num">{nfix}</td><td class="num">{a.spin.score:.2f}</td><td>{verdict}</td></tr>')
        sections.append(f'<section class="doc" id="doc{n}" data-path="{_e(doc.path)}"><h2>{_e(doc.path)}</h2>'
                        f'<div class="meta">document spin score {a.spin.score:.2f} ({verdict}); '
                        f'{len(a.findings)} finding(s), {nfix} fixable</div>'
                        f'<div class="text">{_doc_html(doc, a.findings, ids)}</div></section>')
    rule_boxes = "".join(f'<label><input type="checkbox" class="rule" value="{_e(r)}" checked> {_e(r)} ({c})'
                         f'</label>' for r, c in sorted(rules.items()))
    payload = json.dumps({"findings": data}, ensure_ascii=False).replace("</", "<\\/")
    summary = (f"{len(docs)} file{'s' if len(docs) != 1 else ''}, {total} finding{'s' if total != 1 else ''}, "
               f"{fixable} fixable; {total - fixable} report-only")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>respell report</title><style>{CSS}</style></head>
<body>
<header><h1>respell report <span class="muted">({_e(summary)})</span></h1>
<div class="filters">
<span>Rules:</span>{rule_boxes}
<label>confidence at least <input type="range" id="min-conf" min="0" max="1" step="0.01" value="0">
<span id="min-conf-value">0.00</span></label>
<span class="muted"><span id="shown-count">{total}</span> shown</span>
</div></header>
<main><div>
<table class="summary" id="summary"><thead><tr><th>file</th><th>findings</th><th>fixable</th><th>spin score</th>
<th>judged</th></tr></thead><tbody>{"".join(rows)}</tbody>
<tfoot><tr><th>{len(docs)} file{'s' if len(docs) != 1 else ''}</th><td class="num">{total}</td>
<td class="num">{fixable}</td><td></td><td></td></tr></tfoot></table>
{"".join(sections)}
</div>
<aside>
<div id="details" hidden>
<h3 class="where"></h3>
<div class="change"><del></del> &rarr; <ins></ins></div>
<div><b>rule</b> <span class="rule"></span>, <b>confidence</b> <span class="confidence"></span></div>
<div><b>why</b> <span class="reason"></span></div>
<div><b>rivals</b> <span class="rivals"></span></div>
<div><b>decision</b> <span class="decision"></span></div>
<p><button class="accept" id="accept">Accept</button> <button class="reject" id="reject">Reject</button></p>
</div>
<p class="muted">Click a highlighted phrase to see why and to accept or reject it. Decided: <span id="decided-count">0</span>.</p>
<button id="download">Export decisions</button>
<p class="muted">Then: <code>respell fix --decisions respell-decisions.json FILES</code></p>
<textarea id="export" readonly aria-label="decisions file"></textarea>
</aside></main>
<script type="application/json" id="respell-data">{payload}</script>
<script>{SCRIPT}</script>
<!-- respell {__version__} -->
</body></html>
"""


def run_report(paths: list[str], out: Path, settings) -> int:
    from .files import atomic_writer
    from .runner import EXIT_CLEAN, EXIT_FOUND, _analyses, _exit, counts, inputs
    texts, records = inputs(paths, settings)
    for p in records:
        print(f"respell: note: {p}: JSON Lines records are not in the report (use check --jsonl)", file=sys.stderr)
    docs = [(Document(src.text, src.path), a) for src, a in _analyses(texts, settings)]
    page = render(docs, settings.min_confidence)
    with atomic_writer(out) as fh:
        fh.write(page.encode("utf-8"))
    n = sum(len(a.findings) for _, a in docs)
    print(f"respell: wrote {out} ({n} finding{'s' if n != 1 else ''} in {len(docs)} "
          f"file{'s' if len(docs) != 1 else ''})", file=sys.stderr)
    found = any(counts(f, settings) for _, a in docs for f in a.findings)
    return _exit(EXIT_FOUND if found else EXIT_CLEAN, settings)  # 2 when an input could not be read
