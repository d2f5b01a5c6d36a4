"""`respell explain`: what respell would do with one phrase, and the evidence behind it."""

from __future__ import annotations

from .engine import Engine, Options
from .lexicon import phrase_key
from .match import class_matches
from .text import Document


def explain(engine: Engine, phrase: str) -> tuple[list[str], bool]:
    lex = engine.lexicon
    key = phrase_key(phrase)
    lines = [f'Phrase: "{phrase}"']
    found = False
    fp = lex.fingerprints.get(" ".join(key))
    if fp:
        found = True
        lines.append(f'  known spun phrase ({fp.family} list, status {fp.status}): -> {" | ".join(fp.canonical)}')
        lines.append("    fix: never ordinary English, restored in any document that shows spinning (a lone one in a "
                     "short text is only reported); spun: restored only in documents judged spun; report: never applied")
    if lex.known(key):
        form, weight, sources = lex.gazetteer[key]
        lines.append(f'  "{form}" is itself a known term ({", ".join(sorted(sources))}): left alone')
    doc = Document(phrase)
    matches, _known = class_matches(doc, lex)
    full = [m for m in matches if m.start == doc.tokens[0].start and m.end >= doc.tokens[-1].start] if doc.tokens else []
    if full and not lex.known(key):
        found = True
        lines.append("  candidate canonical terms (if the document is judged spun):")
        from .evidence import SpinReport
        # A hypothetical document judged spun by both spinner families, with no other context.
        spun = SpinReport(10.0, words=1000, positives=10, families={"news": 10.0, "science": 10.0})
        best: dict[str, tuple[float, object]] = {}
        for m in full:
            rank = engine._rank(m, spun)
            rep = engine._replacement(doc, m)
            if rep not in best or rank > best[rep][0]:
                best[rep] = (rank, m)
        scored = sorted(((r, rep, m) for rep, (r, m) in best.items()), key=lambda x: -x[0])
        for rank, rep, m in scored[:8]:
            f = engine._finding(doc, m, rep, spun, [], doc.folded)
            links = "; ".join(f"{s.text} <- {s.canonical} [{s.link.source}, strength "
                              f"{engine._strength(s, spun):.2f}]" for s in m.subs)
            lines.append(f'    {rep!r}: rank {rank:.2f}, confidence {f.confidence:.2f} in a spun document; {links}')
            for name, val in f.evidence:
                lines.append(f"        {name}: {val:+.2f}")
        lines.append("  in a document not judged spun, none of these candidates is proposed")
    a = engine.analyse(phrase, Options())
    lines.append(f"  as a document on its own: spin score {a.spin.score:.2f}"
                 f" ({'spun' if a.spin.spun else 'not spun'}); {len(a.findings)} finding(s)")
    for f in a.findings:
        lines.append(f"    {f.text} -> {f.replacement} [{f.rule}, {f.confidence:.2f}] {f.reason}")
    if not found and not a.findings:
        lines.append("  nothing to restore: no known spun phrase and no canonical term reachable by word swaps")
    return lines, found or bool(a.findings)
