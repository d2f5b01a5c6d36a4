"""`respell explain`: what respell would do with one phrase, and the evidence behind it."""

from __future__ import annotations

from . import grammar
from .engine import Engine, Options, SectionReading
from .lexicon import phrase_key
from .text import Document


def explain(engine: Engine, phrase: str) -> tuple[list[str], bool]:
    """The candidates for ``phrase``: each one's own evidence, then what the document prior makes of it, on its
    own (one sentence) and in a strongly spun document."""
    from . import evidence as ev
    lex = engine.lexicon
    key = phrase_key(phrase)
    lines = [f'Phrase: "{phrase}"']
    found = False
    fp = lex.fingerprints.get(" ".join(key))
    if fp:
        found = True
        lines.append(f'  known spun phrase ({fp.family} list, status {fp.status}): -> {" | ".join(fp.canonical)}')
        if fp.note:  # the list's sources, and why the status is not plainly "fix" ("English as written")
            lines.append(f"    list note: {fp.note}")
        lines.append("    fix: never ordinary English (a curated one is enough alone; a tortured one needs a second "
                     "listed phrase); spun: ordinary English too, restored where the document looks spun; report: "
                     "very common English, restored only in a strongly spun document")
    if lex.known(key):
        form, weight, sources = lex.gazetteer[key]
        lines.append(f'  "{form}" is itself a known term ({", ".join(sorted(sources))}): left alone')
    doc = Document(phrase)
    spin = engine.spin(phrase)
    full = [(f, m, z) for f, m, z, _o in engine._class_candidates(doc, spin, thesaurus=True)
            if doc.tokens and f.start <= doc.tokens[0].start and f.end >= doc.tokens[-1].start]
    if full and not lex.known(key):
        found = True
        alone = ev.document_prior(spin)
        lines.append(f"  candidate canonical terms (phrase evidence; the document prior is {alone:+.2f} for the "
                     f"phrase on its own, up to {ev.PRIOR_RANGE[1]:+.2f} in a strongly spun document):")
        for f, m, z in sorted(full, key=lambda x: -x[2])[:8]:
            links = "; ".join(f"{s.text} <- {s.canonical} [{s.link.source}]" for s in m.subs if s.link)
            lines.append(f"    {f.replacement!r}: confidence {ev.confidence(f.evidence, alone):.2f} on its own, "
                         f"{ev.confidence(f.evidence, ev.PRIOR_RANGE[1]):.2f} in a spun document; {links}")
            for name, val in f.evidence:
                lines.append(f"        {name}: {val:+.2f}")
    readings = _lone_word_readings(engine, key)
    if readings:
        found = True
        lines.append("  lone-word readings (the news spinner's table): restored only where the text is judged spun "
                     "(a short text by its signs), each on evidence of its own")
        lines += readings
    a = engine.analyse(phrase, Options())
    lines.append(f"  as a document on its own: spin score {a.spin.score:.2f}"
                 f" ({'spun' if a.spin.spun else 'not spun'}); {len(a.findings)} finding(s)")
    for f in a.findings:
        lines.append(f"    {f.text} -> {f.replacement} [{f.rule}, {f.confidence:.2f}] {f.reason}")
    if not found and not a.findings:
        lines.append("  nothing to restore: no known spun phrase, no canonical term reachable by word swaps and no "
                     "word of the spinner's table")
    return lines, found or bool(a.findings)


def _only_before(low: str, after: str | None) -> str:
    """What the phrase says of a word the spinner writes only before certain words (``grammar.SPINNER_FORM_BEFORE``:
    "within" only in "within the"), given the word after it here (None: the phrase ends)."""
    only = grammar.SPINNER_FORM_BEFORE.get(low)
    if only is None:
        return ""
    words = " or ".join(f'"{w}"' for w in sorted(only))
    if after is None:
        return f"; the spinner writes it only before {words}"
    return "" if after in only else f"; the spinner writes it only before {words}: here it is the writer's"


def _lone_word_readings(engine: Engine, key: tuple[str, ...]) -> list[str]:
    """What the spinner's table reads each word (or run of up to three words) of the phrase as, the way a lone
    word is read (``Engine._table_readings``: the readings that restore alone, and those only possible)."""
    out = []
    for i in range(len(key)):
        for k in (3, 2, 1):
            low = " ".join(key[i:i + k])
            if len(key[i:i + k]) < k or low not in engine.lexicon.swaps:
                continue
            options, others, _plural = engine._table_readings(low, k)
            strong = [f'"{link.canonical}" ({_origin(link)}{", through " + read if infl else ""})'
                      for read, link, infl in options]
            weak = sorted(others - {link.canonical for _r, link, _i in options})
            if strong or weak:
                out.append(f'    "{low}": ' + (f"the spinner's form of {', '.join(strong)}" if strong else
                                               "restored by no reading alone")
                           + (f"; possible but too weak alone: {', '.join(repr(w) for w in weak)}" if weak else "")
                           + _only_before(low, key[i + k] if i + k < len(key) else None))
    return out


def _origin(link) -> str:
    return (f"seen on {link.weight:g} real spun page{'s' if link.weight != 1 else ''}" if link.origin == "dev-pages"
            else f"{link.origin or link.source}, {link.weight:g}/10")


def explain_at(engine: Engine, analysis, path: str, start: int, end: int | None = None,
               min_confidence: float = 0.8) -> tuple[list[str], bool]:
    """The finding at ``start`` (or overlapping ``start:end``) of an analysed file, explained in its document's
    context: what it would write, why, its rivals, the sentence, and the document's spin evidence."""
    from .render.report import local_reason, sentence_around, shown
    text = analysis.text
    doc = Document(text, path)
    end = start if end is None else end
    hits = [f for f in analysis.findings if f.start <= start < f.end or (start <= f.start < max(end, start + 1))]
    line, col = doc.line_col(start)
    spin = analysis.spin
    lines = []
    if not hits:
        lines.append(f"{path}:{line}:{col}: no finding here")
        taken = [f for f in analysis.findings if f.applies_at(min_confidence)]
        lines += _why_not(engine, doc, engine.word_priors(text, path=path), start, taken)
        same = [f for f in analysis.findings if doc.line_col(f.start)[0] == line]
        for f in same:
            fl, fc = doc.line_col(f.start)
            lines.append(f"  on this line: {path}:{fl}:{fc}: {shown(f.text)} -> {shown(f.replacement) or '(remove)'}")
    for f in hits:
        fl, fc = doc.line_col(f.start)
        state = "applied by fix" if f.applies_at(min_confidence) else (
            "report only" if not f.fixable else f"below the threshold {min_confidence:.2f}: report only")
        new = shown(f.replacement) if f.replacement else "(remove)"
        lines.append(f"{path}:{fl}:{fc}: {shown(f.text)!r} -> {new!r} [{f.rule}, {f.confidence:.2f}; {state}]")
        lines.append(f"  reason: {local_reason(f.reason)}")
        for name, val in f.evidence:
            lines.append(f"    {name}: {val:+.2f}")
        rivals = [c for c in f.candidates if c != f.replacement]
        lines.append(f"  rivals: {', '.join(repr(c) for c in rivals) if rivals else 'none'}")
        s, e = sentence_around(text, f.start, f.end)
        lines.append(f"  in context: {text[s:f.start]}[-{shown(f.text)}-]{{+{shown(f.replacement)}+}}{text[f.end:e]}")
    lines.append(f"  document: spin score {spin.score:.2f} ({'spun' if spin.spun else 'not spun'}), "
                 f"{len(analysis.findings)} finding(s)")
    for why, weight in sorted(spin.signatures, key=lambda x: -x[1])[:6]:
        lines.append(f"    {why}: {weight:+.2f}")
    return lines, bool(hits)


def _why_not(engine: Engine, doc: Document, priors: list[SectionReading], start: int, taken: list) -> list[str]:
    """Why a word of the spinner's table at ``start`` was left as written: each reading the table restores alone,
    with the evidence of its own it shows between its neighbours here (``evidence.word_evidence``, the lone-word
    sweep's own measure) against what a lone word needs (``evidence.word_stands``) at the best prior a reading of
    the text gave it (``priors``: ``Engine.word_priors``; the short-text trial's is no reading of its own), between
    the neighbours the fixed text gives it (``taken``: the applied findings; "satellite tv for pc launches" is read
    as "satellite launches", as the sweep reads it)."""
    from . import evidence as ev
    from .engine import _restored_edges, _word_neighbours, table_key
    from .text import plural
    toks = doc.tokens
    i = next((j for j, t in enumerate(toks) if t.end > start), None)
    if i is None or toks[i].start > start:
        return []  # not on a word
    read = [(sweep, prior, spin) for s, e, trial, sweep, prior, spin in priors if s <= toks[i].start < e and not trial]
    if not read:
        return []
    sweep, prior, spin = max(read, key=lambda r: (r[0], r[1]))
    if not sweep:
        return [f"  lone words of the spinner's table are not read here: the document prior {prior:+.2f} is below "
                f"{ev.WORD_PRIOR:+.2f} (a text that looks clean), or the text shows another spinner's list"]
    out: list[str] = []
    edges = _restored_edges(taken)
    for k in (3, 2, 1):
        if i + k > len(toks):
            continue
        low = table_key([t.text for t in toks[i:i + k]])
        options, others, _plural = engine._table_readings(low, k)
        if not options:
            if k == 1 and others:
                out.append(f'  "{low}": the table\'s readings ({", ".join(sorted(others))}) are too weak to restore a '
                           "lone word (curated below 6/10, or an inflected form one page attests)")
            continue
        left, right = _word_neighbours(doc, i, k, edges)
        for key, link, infl in options:
            canon = plural(link.canonical) if infl else link.canonical  # (as ``Engine._word_candidate`` reads it)
            items = ev.word_evidence(engine.lexicon, key, link, canon, low, spin, left, right)
            own = round(sum(w for _n, w in items), 2) + 0.0  # (+ 0.0: no "-0.00")
            out.append(f'  "{low}" read as "{canon}" ({_origin(link)}), between "{left or ""}" and "{right or ""}":')
            out += [f"    {name}: {w:+.2f}" for name, w in items]
            if not any(n == ev.WORD_NGRAMS for n, _w in items):
                out.append("    n-grams: no difference between the two wordings in these neighbours")
            out.append(f"    own evidence {own:+.2f}; a lone word needs {ev.WORD_MIN:+.2f}, or in a clearly spun text "
                       f"(document prior {ev.WORD_SPUN_PRIOR:+.2f} or more; {prior:+.2f} here) {ev.WORD_MIN_SPUN:+.2f}, "
                       f"and {ev.WORD_FIRM:+.2f} where the n-grams lean to the word as written")
            out.append("    verdict: " + _word_verdict(items, own, prior))
        break
    if not out:
        out.append(f'  "{toks[i].text}": no reading of the spinner\'s table restores it, alone or with the words after it')
    return out


def _word_verdict(items, own: float, prior: float) -> str:
    """Why ``evidence.word_stands`` says what it says of a lone word's evidence ``items`` at this document prior."""
    from . import evidence as ev
    if ev.word_stands(items, prior):
        return ("enough, so it was left as written for another reason (its grammar here, a rival reading, an "
                "overlapping restoration, or the same word read as the writer's elsewhere in the text)")
    if prior < ev.WORD_SPUN_PRIOR:
        return f"not enough: the text is not clearly spun, and {own:+.2f} is below {ev.WORD_MIN:+.2f}"
    if own < ev.WORD_MIN_SPUN:
        return f"not enough: {own:+.2f} is below {ev.WORD_MIN_SPUN:+.2f}"
    return f"not enough: the n-grams lean to the word as written, and {own:+.2f} is below {ev.WORD_FIRM:+.2f}"
