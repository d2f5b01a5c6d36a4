"""Where the confidence is decided: text -> candidates -> scored findings -> edit plan.

``analyse`` is the one entry point every front end (API, CLI, JSONL pipeline) uses.  It scans for fingerprints
and spinner signatures, decides whether the document is spun, runs synonym-class matching only in spun
documents, turns candidates into ``Finding`` objects with a calibrated confidence and a reason, adds the other
repair rules, drops what ignores and markup exclude, and resolves overlaps.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Collection, Sequence

import regex

from . import evidence as ev
from .lexicon import FUNCTION_WORDS, SOURCE_STRENGTH, SPINNER_SOURCES, Lexicon, phrase_key
from .match import ClassMatch, FingerprintScanner, class_matches
from .plan import DEFAULT_MIN_CONFIDENCE, Finding, resolve_overlaps
from .text import LazyPattern, Document, apply_case, has_own_case, normalise, plural, split_possessive

SPUN_RULES = ("fingerprint", "spinner-swap", "thesaurus")
REPORT_FLOOR = 0.7  # candidates less likely than this are noise: not even reported


@dataclass
class Options:
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    rules: Collection[str] | None = None          # None: every rule that is on by default
    disabled: Collection[str] = ()
    locale: str | None = None
    strip_furniture: bool = False
    prose: Sequence[tuple[int, int]] | None = None     # only edit inside these spans (markup)
    ignored: Sequence[tuple[int, int]] = ()            # never edit inside these spans (besides inline markers)
    ignore_phrases: Collection[str] = ()


@dataclass
class Analysis:
    text: str
    findings: list[Finding]
    spin: ev.SpinReport
    path: str = "-"

    @property
    def spin_score(self) -> float:
        return self.spin.score

    def summary(self) -> dict[str, object]:
        return {"spin_score": round(self.spin.score, 3), "spun": self.spin.spun,
                "evidence": round(self.spin.evidence, 2), "findings": len(self.findings)}


class Engine:
    """A lexicon plus the matchers compiled from it; reuse one engine for many documents."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.load()
        self._scanner: FingerprintScanner | None = None

    def __reduce__(self):
        """Pickled as a reference to its lexicon's data, at any time: the other side gets the engine of that data
        (``respell.batch.engine_for``: the process-wide one for file-backed dictionaries), never built tables."""
        from .batch import engine_for
        return engine_for, (self.lexicon,)

    @property
    def scanner(self) -> FingerprintScanner:
        if self._scanner is None:
            self._scanner = FingerprintScanner(self.lexicon)
        return self._scanner

    def prepare(self, markup: bool = True) -> None:
        """Build now everything a long text needs (the scan's automaton, the rules' tables, the patterns), e.g.
        before forking workers, so that they share one copy instead of each building its own.  ``markup``: also
        the patterns that find the prose in Markdown and HTML (not needed when every input is plain text)."""
        import sys

        from . import rules
        from .text import compile_patterns
        self.scanner.phrases.automaton()
        self.analyse("Warm-up text: nothing in it is spun, but every rule sees it.")
        rules.prepare()
        compile_patterns(sys.modules[__name__])
        if markup:
            from . import markup as markup_module
            compile_patterns(markup_module)

    # ------------------------------------------------------------------------------------------ analyse
    def analyse(self, text: str, options: Options | None = None, path: str = "-") -> Analysis:
        options = options or Options()
        doc = Document(text, path)
        findings: list[Finding] = []
        spin: ev.SpinReport | None = None
        for start, end in sections(text):
            part_findings, part_spin = self._analyse_section(doc, start, end, options)
            findings += [f.shifted(start) for f in part_findings] if start else part_findings
            if spin is None or part_spin.evidence > spin.evidence:
                spin = part_spin  # a file is as spun as its most spun section
        findings += self._other_rules(doc, options)
        findings = self._filter(doc, findings, options)
        findings = [fix_article(doc.text, f) for f in resolve_overlaps(findings)]
        return Analysis(text, findings, spin or ev.SpinReport(0.0), path)

    def _analyse_section(self, doc: Document, start: int, end: int,
                         options: Options) -> tuple[list[Finding], ev.SpinReport]:
        """Spun-phrase findings of ``doc.text[start:end]``, the unit the spin decision is made for (offsets
        relative to ``start``).  The fingerprints and word counts come from the whole document's one scan."""
        hits, counts, words = self.scanner.scan(doc, start, end)
        spin = ev.spin_evidence(self.lexicon, hits, counts, words)
        findings: list[Finding] = []
        if not (hits or spin.spun):
            return findings, spin
        part = doc if (start, end) == (0, len(doc.text)) else Document(doc.text[start:end])
        if self._rule_on("fingerprint", options):
            findings += self._fingerprint_findings(part, hits, spin)
        if spin.spun and (self._rule_on("spinner-swap", options) or self._rule_on("thesaurus", options)):
            findings += [f for f in self._class_findings(part, spin, options.min_confidence)
                         if self._rule_on(f.rule, options)]
        return findings, spin

    @staticmethod
    def _rule_on(rule: str, options: Options) -> bool:
        if rule in options.disabled:
            return False
        return options.rules is None or rule in options.rules

    def _other_rules(self, doc: Document, options: Options) -> list[Finding]:
        from . import rules as R
        enabled = None
        if options.rules is not None or options.disabled:
            base = set(options.rules) if options.rules is not None else {
                r.id for r in R.RULES.values() if r.default_on}
            enabled = {r for r in base if r in R.RULES and r not in options.disabled}
        opts = R.RuleOptions(locale=options.locale, strip_furniture=options.strip_furniture)
        return list(R.run_rules(doc, opts, enabled))

    @staticmethod
    def _filter(doc: Document, findings: list[Finding], options: Options) -> list[Finding]:
        """What the user excluded: inline markers in the text, extra spans, ignored phrases, non-prose."""
        from .ignores import filter_findings
        return filter_findings(findings, doc.text, options.ignore_phrases, options.ignored, options.prose)

    # ------------------------------------------------------------------------------------ fingerprints
    def _fingerprint_findings(self, doc: Document, hits, spin: ev.SpinReport) -> list[Finding]:
        out = []
        for hit in hits:
            fp = hit.entry
            original = doc.text[hit.start:hit.end]
            family = "news spinner" if fp.family == "news" else (
                "tortured phrase" if fp.family == "science" else f"{fp.family} list")
            context = f"document spin score {spin.score:.2f}"
            if fp.status == "fix":
                if not (spin.spun or spin.short):
                    continue  # a lone listed phrase in a long document that shows no spinning: not evidence enough
                conf = 0.93 if spin.spun else 0.75  # one phrase in a short text: reported, not applied
                why = f'known {family} for "{fp.canonical[0]}"'
            elif fp.status == "spun":
                if not spin.spun:
                    continue  # ordinary English outside spun documents: not even reported
                conf = 0.86
                why = f'{family} signature for "{fp.canonical[0]}", applied because the document is spun'
            else:
                if not spin.spun:
                    continue
                conf = 0.5
                why = f'listed as a {family} for "{fp.canonical[0]}", but also ordinary English: report only'
            fixable = fp.status != "report" and len(fp.canonical) == 1
            if len(fp.canonical) > 1:
                why = f"known {family}; several canonical forms ({' | '.join(fp.canonical)}): report only"
            replacement = apply_case(original, fp.canonical[0])
            out.append(Finding(hit.start, hit.end, original, replacement, "fingerprint", conf,
                               f"{why} ({context})", fixable, fp.canonical,
                               (("fingerprint", 1.0), ("spin score", spin.score))))
        return out

    # ----------------------------------------------------------------------------------- class matches
    def _class_findings(self, doc: Document, spin: ev.SpinReport,
                        min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[Finding]:
        lex = self.lexicon
        matches, known_spans = class_matches(doc, lex)
        known_spans.sort()
        known_starts = [k[0] for k in known_spans]
        folded = doc.folded
        groups: dict[tuple[int, int], list[tuple[float, ClassMatch]]] = defaultdict(list)
        for m in matches:
            text_key = tuple(normalise(_base(w.text)) if w.split or w.end == doc.tokens[w.index].end
                             else normalise(w.canonical) for w in m.words)
            if lex.known(text_key) or lex.known(phrase_key(doc.text[m.start:m.end])):
                continue  # the text's phrase is itself a known term: probably correct
            lo = bisect.bisect_left(known_starts, m.start - 120)
            hi = bisect.bisect_right(known_starts, m.start)
            if any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in known_spans[lo:hi]):
                continue  # inside a longer term the text states as-is ("National Safety Council")
            if not (lex.gazetteer[m.key][2] - {"bigrams"}) and (
                    any(s.link.source not in SPINNER_SOURCES for s in m.subs)
                    or m.key[0] in FUNCTION_WORDS or m.key[-1] in FUNCTION_WORDS):
                continue  # a mere collocation reached through a thesaurus, or one edged by "of"/"is": no term
            if not (lex.gazetteer[m.key][2] - {"bigrams"}) and not any(
                    spin.swap_best.get(normalise(_base(s.text))) == s.canonical and spin.swap_llr.get(
                        normalise(_base(s.text)), 0.0) > 0.25 for s in m.subs):
                continue  # a mere collocation: only when the document shows this very swap is the spinner's
            groups[(m.start, m.end)].append((self._rank(m, spin), m))
        out: list[tuple[Finding, ClassMatch]] = []
        for (start, end), cands in sorted(groups.items()):
            cands.sort(key=lambda c: -c[0])
            best_rank, best = cands[0]
            replacement = self._replacement(doc, best)
            rivals = [c for r, c in cands[1:] if best_rank - r < 0.3 and self._replacement(doc, c) != replacement]
            f = self._finding(doc, best, replacement, spin, rivals, folded)
            if f.confidence >= REPORT_FLOOR:
                out.append((f, best))
        return self._merge(doc, out, min_confidence)

    def _strength(self, sub, spin: ev.SpinReport) -> float:
        if sub.link.source in SPINNER_SOURCES and sub.link.source not in spin.active:
            return SOURCE_STRENGTH["wordnet"]  # another spinner family's swap: no better than a thesaurus link
        s = ev.link_strength(sub.link)
        llr = spin.swap_llr.get(normalise(_base(sub.text)), 0.0)
        if llr > 1.0 and sub.link.source in SPINNER_SOURCES:
            s = max(s, min(0.95, 0.75 + llr / 10))  # this document uses the spun word the way a spinner does
        return s

    def _rank(self, m: ClassMatch, spin: ev.SpinReport) -> float:
        """Noisy channel: prior of the canonical term times the probability of each swap."""
        _form, weight, sources = self.lexicon.gazetteer[m.key]
        prior = 1.0 if sources - {"bigrams"} else 0.25 * math.log10(max(weight, 10.0)) / 6
        freq = 0.05 * math.log10(max(weight, 1.0)) if "bigrams" in sources else 0.0  # common terms win ties
        return math.log(prior) + freq + sum(math.log(max(self._strength(s, spin), 1e-3)) for s in m.subs)

    def _word_outputs(self, doc: Document, m: ClassMatch) -> dict[int, tuple[int, int, str]]:
        """token index -> (start, end, what is written there) for every word of the match."""
        form = self.lexicon.gazetteer[m.key][0]
        form_words = form.split()
        text_capitalised = any(doc.tokens[w.index].text[:1].isupper() for w in m.words if w.link is not None)
        own = has_own_case(form) and len(form_words) == len(m.words) and text_capitalised
        out = {}
        for i, w in enumerate(m.words):
            tok = doc.tokens[w.index]
            written = doc.text[tok.start:w.end]
            tail = ""
            if w.split:  # a glued token: the term's word and a space; the rest of the token is left as it is
                written, tail = tok.text[:w.split], " "
            if w.link is None:
                new = written + tail
            else:
                word = w.canonical
                if w.inflect == "plural":
                    word = plural(word)
                base = _base(written)
                cased = form_words[i] if own and w.inflect == "" else None
                if cased is None or normalise(cased) != word:
                    cased = apply_case(base, word)
                elif base.isupper() and len(base) > 1:
                    cased = cased.upper()
                new = cased + w.possessive + tail
            out[w.index] = (tok.start, w.end, new)
        return out

    @staticmethod
    def _join(doc: Document, outputs: dict[int, tuple[int, int, str]]) -> str:
        parts, prev = [], None
        for i in sorted(outputs):
            s, e, new = outputs[i]
            if prev is not None:
                parts.append(doc.text[prev:s])
            parts.append(new)
            prev = e
        return "".join(parts)

    def _replacement(self, doc: Document, m: ClassMatch) -> str:
        return self._join(doc, self._word_outputs(doc, m))

    def _merge(self, doc: Document, chosen: list[tuple[Finding, ClassMatch]], min_confidence: float) -> list[Finding]:
        """Overlapping restorations that agree on their shared words become one ("Russian navy" + "navy gear"
        -> "Russian military equipment"); disagreeing ones are left to overlap resolution."""
        chosen.sort(key=lambda fm: (fm[0].start, fm[0].end))
        out: list[Finding] = []
        cur_f, cur_o = None, None
        for f, m in chosen:
            o = self._word_outputs(doc, m)
            if (cur_f is not None and f.start < cur_f.end and f.applies_at(min_confidence)
                    and cur_f.applies_at(min_confidence)
                    and all(cur_o[i] == o[i] for i in o.keys() & cur_o.keys())):
                merged = {**cur_o, **o}
                start, end = min(cur_f.start, f.start), max(cur_f.end, f.end)
                rep = self._join(doc, merged)
                cur_f = Finding(start, end, doc.text[start:end], rep, cur_f.rule if cur_f.rule == f.rule else
                                "thesaurus", min(cur_f.confidence, f.confidence), f"{cur_f.reason}; and {f.reason}",
                                True, (rep,), cur_f.evidence + f.evidence)
                cur_o = merged
                continue
            if cur_f is not None:
                out.append(cur_f)
            cur_f, cur_o = f, o
        if cur_f is not None:
            out.append(cur_f)
        return out

    def _finding(self, doc: Document, m: ClassMatch, replacement: str, spin: ev.SpinReport,
                 rivals: list[ClassMatch], folded: str) -> Finding:
        lex = self.lexicon
        form, _weight, sources = lex.gazetteer[m.key]
        strengths = [self._strength(s, spin) for s in m.subs]
        p_links = math.prod(strengths)
        thesaurus_only = any(s.link.source not in spin.active for s in m.subs)
        ev_items: list[tuple[str, float]] = [("swap links", ev.logit(p_links)),
                                             ("document spin", 2.0 * (spin.score - 0.5))]
        z = ev.logit(p_links) + 2.0 * (spin.score - 0.5)
        acro = _acronym_after(doc.text, m.end)
        if acro:
            if ev.initials(m.key) == acro and ev.initials(phrase_key(doc.text[m.start:m.end])) != acro:
                z += 2.0
                ev_items.append((f"acronym ({acro}) matches", 2.0))
            elif ev.initials(m.key) != acro:
                z -= 1.5
                ev_items.append((f"acronym ({acro}) does not match", -1.5))
        canon_low = " ".join(m.key)
        if len(m.key) > 1 and _occurs(canon_low, folded):
            z += 1.0
            ev_items.append(("canonical term used elsewhere in the document", 1.0))
        if sources - {"bigrams"}:
            z += 0.5
            ev_items.append((f"known term ({', '.join(sorted(sources))})", 0.5))
        else:
            bump = max(-0.5, min(1.0, 0.6 * math.log10(max(_weight, 1.0) / 1e6)))
            z += bump
            ev_items.append((f"canonical is a collocation seen {int(_weight):,} times", bump))
        if rivals:
            z -= 1.5
            ev_items.append((f"{len(rivals)} rival candidate(s)", -1.5))
        conf = ev.sigmoid(z)
        swaps = ", ".join(f'{_base(s.text)} <- {s.canonical} ({s.link.source})' for s in m.subs)
        rule = "thesaurus" if thesaurus_only else "spinner-swap"
        reason = f'spun form of "{form}": {swaps}; document spin score {spin.score:.2f}'
        for w in m.words:
            if w.split:
                tok = doc.tokens[w.index].text
                reason += f"; the last word was glued to the next one ({tok!r}): a space now separates them"
        cands = (replacement,) + tuple(self._replacement(doc, r) for r in rivals)
        if rivals:
            reason += f"; ambiguous with {', '.join(repr(c) for c in cands[1:])}"
        return Finding(m.start, m.end, doc.text[m.start:m.end], replacement, rule, conf, reason,
                       not rivals, cands, tuple(ev_items))


# ------------------------------------------------------------------------------------------- helpers

SECTION_CHARS = 40_000  # about an article: a longer file is judged section by section, never as one bag of words


def sections(text: str, size: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """Split a long text at blank lines (or line ends) into sections of about ``size`` characters."""
    if len(text) <= size * 1.5:
        return [(0, len(text))]
    out, start = [], 0
    while len(text) - start > size * 1.5:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        if cut == -1:
            cut = text.rfind("\n", start + size // 2, start + size)
        cut = start + size if cut == -1 else cut + 1
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def _occurs(phrase: str, text: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` with no letter right before or after it."""
    at = text.find(phrase)
    while at != -1:
        end = at + len(phrase)
        if (at == 0 or not text[at - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
            return True
        at = text.find(phrase, at + 1)
    return False


def _base(word: str) -> str:
    return split_possessive(word)[0]


_ACRO = LazyPattern(r"\s*\(([A-Z][A-Z0-9&]{1,9})\)")


def _acronym_after(text: str, end: int) -> str | None:
    m = _ACRO.match(text, end)
    return m.group(1) if m else None


_VOWEL_SOUND = LazyPattern(r"^(?:[aeio]|u(?!ni|s[eu]|ro|ti)|hour|honest|heir)", regex.IGNORECASE)
_ARTICLE_BEFORE = LazyPattern(r"(?<![\p{L}\p{N}])(an?|An?|AN?)(\s+)$")


def fix_article(text: str, f: Finding) -> Finding:
    """Extend a finding over a preceding "a"/"an" when the replacement needs the other article."""
    if not f.replacement or f.rule not in SPUN_RULES:
        return f
    m = _ARTICLE_BEFORE.search(text, max(0, f.start - 6), f.start)
    if not m:
        return f
    art, space = m.group(1), m.group(2)
    want_an = bool(_VOWEL_SOUND.match(f.replacement)) and not f.replacement[:1].isdigit()
    if (art.lower() == "an") == want_an:
        return f
    new_art = ("an" if want_an else "a")
    new_art = new_art.upper() if art.isupper() and len(art) > 1 else (new_art.capitalize() if art[0].isupper() else new_art)
    start = m.start(1)
    return Finding(start, f.end, text[start:f.end], new_art + space + f.replacement, f.rule, f.confidence,
                   f.reason, f.fixable, f.candidates, f.evidence)
