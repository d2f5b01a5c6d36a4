"""Where the confidence is decided: text -> candidates -> scored findings -> edit plan.

``analyse`` is the one entry point every front end (API, CLI, JSONL pipeline) uses.  It scans for fingerprints
and spinner signatures, weighs how spun the document is (the prior every phrase's own evidence is added to),
runs synonym-class matching (only over capitalised runs where the document leans clean), turns candidates into
``Finding`` objects with a calibrated confidence and a reason, adds the other
repair rules, drops what ignores and markup exclude, and resolves overlaps.  A long text is judged section by
section, and the command line shares its sections out over forked processes (``jobs``); each section is judged
on its own evidence, so the findings are the same however they are shared out.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Callable, Collection, Iterable, Iterator, Sequence

import regex

from . import collector, grammar
from . import evidence as ev
from .lexicon import FUNCTION_WORDS, SOURCE_STRENGTH, SPINNER_SOURCES, Lexicon, phrase_key
from .match import (ClassMatch, FingerprintScanner, Sub, class_matches, joinable_plain, name_tokens,
                    word_options)
from .plan import DEFAULT_MIN_CONFIDENCE, Finding, apply, resolve_overlaps
from .text import (WORD_RE, LazyPattern, Document, Token, apply_case, base_key, has_own_case, normalise,
                   plural, looks_plural, number_twins, singular_forms, split_possessive)

SPUN_RULES = ("fingerprint", "spinner-swap", "thesaurus")
_SIGN_WORD = LazyPattern(r"[\w'’-]+")  # the words a restoration replaces (independent signs share none)


@dataclass
class Options:
    """What one analysis looks for and where: threshold, rules, locale, and the spans it may edit."""
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
    """One document's findings and spin report: what every output (check, diff, fix, JSON) is drawn from."""
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


_Outputs = dict[int, tuple[int, int, str]]  # a match's word outputs: token index -> (start, end, what is written)


def _outputs_agree(a: _Outputs, b: _Outputs) -> bool:
    """Whether two restorations' word outputs (token -> span, new words) agree wherever their spans meet: a
    spinner's form of several words is one output ("coronary heart" -> "heart"), so one restoration may write a
    span that another writes word by word; such readings are not merged (they would write "heart" twice)."""
    return all(x == y for x in a.values() for y in b.values() if x[0] < y[1] and y[0] < x[1])


# How a section read its lone words (``Engine.word_priors``): its start and end, whether it was the short-text
# trial, whether lone words were read at all, their prior, and the spin they were read at.
SectionReading = tuple[int, int, bool, bool, float, ev.SpinReport]


class Engine:
    """A lexicon plus the matchers compiled from it; reuse one engine for many documents."""

    _priors: list[SectionReading] | None = None  # each section's reading, while ``word_priors`` asks

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.load()
        self._scanner: FingerprintScanner | None = None

    def __reduce__(self):
        """Pickled as a reference to its lexicon's data, at any time: the other side gets the engine of that data
        (``respell.batch.engine_for``: the process-wide one for file-backed dictionaries), never built tables."""
        from .batch import engine_for
        return engine_for, (self.lexicon,)

    @cached_property
    def _swap_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """The swap table's keys (a set: the lone-word sweep asks for every word and phrase of a spun text), and
        the first words of its phrases (a phrase that starts with no such word is not asked for)."""
        keys = frozenset(self.lexicon.swaps)
        return keys, frozenset(k.split(" ", 1)[0] for k in keys if " " in k)

    @cached_property
    def _swap_pairs(self) -> dict[tuple[str, str], int]:
        """(speed) The first two words of the swap table's phrases, each with the most words a phrase that starts
        with them has: a place whose two words are no such pair starts no phrase of the table, and its keys of two
        to four words need not be made; nor those longer than any phrase that starts there."""
        out: dict[tuple[str, str], int] = {}
        for key in self._swap_keys[0]:
            words = key.split(" ")
            if len(words) > 1:
                out[words[0], words[1]] = max(out.get((words[0], words[1]), 0), len(words))
        return out

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

    def spin(self, text: str) -> ev.SpinReport:
        """How spun ``text`` is as a whole (its most spun section): the prior a group of records shares."""
        doc = Document(text)
        best: ev.SpinReport | None = None
        for start, end in sections(text):
            _hits, report = self._section_spin(doc, start, end)
            if best is None or report.evidence > best.evidence:
                best = report
        return best or ev.SpinReport(0.0)

    def _section_spin(self, doc: Document, start: int, end: int) -> tuple[list, ev.SpinReport]:
        """The listed phrases of ``doc.text[start:end]`` and its spin evidence, from the document's one scan."""
        hits, counts, words = self.scanner.scan(doc, start, end)
        report = ev.spin_evidence(self.lexicon, hits, counts, words)
        # Repetition must not make text look spun: in a section that leans spun, a spun form that counts for
        # spinning more than once is counted again with each repeated sentence once (clean prose with a duplicated
        # paragraph is still clean prose).  Recounting only lowers the evidence, so a section that already leans
        # clean (most of them: one in 300 documentation sections leans spun) is left as it is.
        again = {w for w, llr in report.swap_llr.items() if llr > 0 and counts.get(w, 0) > 1}
        if again and report.evidence > 0:
            report = ev.spin_evidence(self.lexicon, hits, {**counts, **self.scanner.distinct_counts(
                doc, start, end, again)}, words)
        return hits, report

    # ------------------------------------------------------------------------------------------ analyse
    def analyse(self, text: str, options: Options | None = None, path: str = "-",
                prior: ev.SpinReport | None = None, jobs: int = 1) -> Analysis:
        """Every finding of ``text``, as one edit plan on the original text that reaches the fixed point: the
        plan includes what a second run over the fixed text would apply (a restored word can complete a term:
        "deliberate go to" -> "deliberate visit" -> "planned visit"), so that ``fix`` twice equals ``fix`` once.
        ``prior``: spin evidence of the group this text belongs to (``--group-by``), used where the text's own
        is weaker.  ``jobs``: processes that may share out the sections of a long text (``PARALLEL_SECTIONS``); the
        findings are the same whatever it is.  Only a caller that owns its process should pass more than 1
        (it forks: the command line does, the library's own calls do not)."""
        with collector.paused():  # (speed) an analysis makes no reference cycles: see ``collector``
            options = options or Options()
            threshold = options.min_confidence
            first = self._analyse_once(text, options, path, prior, jobs)
            findings = first.findings
            current = apply(text, findings, threshold)
            moved = _moved_options(options, findings, threshold)
            for _round in range(MAX_ROUNDS):
                if current == text:
                    break
                later = self._analyse_once(current, moved, path, prior, jobs).findings
                if not any(f.applies_at(threshold) for f in later):
                    break
                nxt = apply(current, later, threshold)
                if nxt == current:
                    break
                findings = compose(text, findings, current, later, threshold)
                current, moved = nxt, _moved_options(moved, later, threshold)
            return Analysis(text, findings, first.spin, path)

    def word_priors(self, text: str, options: Options | None = None, path: str = "-") -> list[SectionReading]:
        """How each section of ``text`` read its lone words (``respell explain``: why a word was left as written),
        in the order the sections were read, from one reading of the text as written (not the rounds after a fix)."""
        self._priors = []
        try:
            with collector.paused():
                self._analyse_once(text, options or Options(), path, None)
            return self._priors
        finally:
            self._priors = None

    def _analyse_once(self, text: str, options: Options, path: str, prior: ev.SpinReport | None,
                      jobs: int = 1) -> Analysis:
        self.lexicon.start_builds()  # on an empty cache: the large tables build beside this process's own
        doc = Document(text, path)
        if self.lexicon.terms_pending():  # (the first run: the wait for them is spent on what comes after it)
            self._meanwhile(doc)
        findings: list[Finding] = []
        spin: ev.SpinReport | None = None
        bounds = sections(text)
        others: list[Finding] = []
        for item, (part_findings, part_spin) in self._parts(doc, bounds, options, prior, jobs):
            if item is None:
                others = part_findings
                continue
            findings += part_findings
            assert part_spin is not None  # a section's part always has its spin (only the other rules' has none)
            if spin is None or part_spin.evidence > spin.evidence:
                spin = part_spin  # a file is as spun as its most spun section
        findings += others
        findings = [f for f in (fix_article(doc.text, f) for f in resolve_overlaps(findings, options.min_confidence))
                    if f.replacement != f.text]
        return Analysis(text, findings, spin or ev.SpinReport(0.0), path)

    def _parts(self, doc: Document, bounds: list[tuple[int, int]], options: Options, prior: ev.SpinReport | None,
               jobs: int) -> Iterable[tuple[tuple[int, int] | None, tuple[list[Finding], ev.SpinReport | None]]]:
        """(part, its result) for every section (``_analyse_section``) and for the other rules over the whole
        document (part None), in ``jobs`` processes when the text is long enough to pay for the fork.  A section
        is judged on its own evidence, so where it is judged cannot change its findings.

        In one process the sections come first and share the document's one scan with the rules after them.
        Shared out (``_shared_out``), the rules come first among the forked parts (they take as long as many
        sections: this process runs far ahead meanwhile), each process scans only the sections it is given
        (``FingerprintScanner.by_sections``), and the rules scan the whole text for their own words."""
        shared = (self, doc, options, prior, self._filter(doc, options))
        if jobs <= 1 or len(bounds) < PARALLEL_SECTIONS:
            items: list[tuple[int, int] | None] = [*bounds, None]
            return ((item, _part(item, shared)) for item in items)
        return self._shared_out(doc, bounds, jobs, shared)

    def _shared_out(self, doc: Document, bounds: list[tuple[int, int]], jobs: int, shared: tuple
                    ) -> Iterator[tuple[tuple[int, int] | None, tuple[list[Finding], ev.SpinReport | None]]]:
        """``_parts`` over ``jobs`` processes.  The first section is analysed here before the fork: it loads what
        a text of its kind needs (a spun one: the term tries, the n-grams, ~1 s), which the workers then share
        instead of each loading its own."""
        from .parallel import map_ordered
        self.scanner.by_sections(doc)
        yield bounds[0], _part(bounds[0], shared)
        items: list[tuple[int, int] | None] = [None, *bounds[1:]]
        # (the results first: zip then asks the workers' map for its end, and it closes them)
        for result, item in zip(map_ordered(_part, items, jobs, shared, chunksize=1, buffered=len(items)), items):
            yield item, result

    def _analyse_section(self, doc: Document, start: int, end: int, options: Options,
                         group: ev.SpinReport | None = None, section: tuple[list, ev.SpinReport] | None = None
                         ) -> tuple[list[Finding], ev.SpinReport]:
        """Spun-phrase findings of ``doc.text[start:end]``, the unit the document prior is computed for (offsets
        relative to ``start``).  A short text too weak to judge by its signatures is tried as if spun, and kept
        so when the trial shows many independent signs (``evidence.spun_by_signs``); a sentence is also judged spun
        by one restoration of its own reading that is proof on its own (``evidence.is_proof``).  ``section``: its
        listed phrases and spin (``_section_spin``), when the caller has them already."""
        if section is None:
            section = self._section_spin(doc, start, end)  # the listed phrases and the section's evidence, once
        findings, spin = self._section_findings(doc, start, end, options, section, group)
        signs = 0
        if ev.worth_a_trial(spin):
            trial_spin = ev.trial_spin(spin)
            # (speed) the trial walks only the spinners' own links: thesaurus-only restorations are no sign of spinning
            trial, _spin = self._section_findings(doc, start, end, options, section, trial_spin, trial=True)
            restored = [(f, *_sign_words(f.text, f.replacement)) for f in trial
                        if f.rule in SPUN_RULES and f.confidence >= DEFAULT_MIN_CONFIDENCE]
            lean = ev.trial_lean(spin)
            signs = ev.spun_by_signs(((words, ev.own_evidence(f.evidence), content) for f, words, content in restored),
                                     lean, lean - ev.usage_share(spin, {w for _f, words, _c in restored for w in words}))
        # else one restoration its own reading applies (at its own prior, never the trial's) may be proof on its own
        # that the sentence holding it is spun: of a text of one sentence (a longer text's other sentences may be the
        # writer's: ``_with_sentences`` runs the sentence holding it alone)
        # ((speed) the cheap questions first: a long or spun section has hundreds of findings to read for a proof)
        if not signs and not (ev.open_to_proof(spin) and len(sentence_spans(doc.text, start, end)) == 1
                              and _proofs(findings)):
            return self._with_sentences(doc, start, end, options, findings, spin, group)
        judged = ev.trial_spin(spin, ev.SHORT_JUDGED)
        judged.signatures.insert(0, ("a restoration that is proof on its own in a short text" if not signs else
                                     f"{signs} restorations strong on their own in a short text",
                                     judged.evidence - spin.evidence))
        return self._section_findings(doc, start, end, options, section, judged)[0], judged

    def _with_sentences(self, doc: Document, start: int, end: int, options: Options, findings: list[Finding],
                        spin: ev.SpinReport, group: ev.SpinReport | None) -> tuple[list[Finding], ev.SpinReport]:
        """A text not judged spun gets, besides its own findings, those of each of its sentences that its signs judge
        spun when run alone (``evidence.sentences_tried``, or a sentence holding a restoration that is proof on its
        own, ``evidence.is_proof``): a paragraph must not get less than its sentences."""
        proofs = [f.start + start for f in _proofs(findings)] if not spin.spun else []
        if spin.spun or not (ev.sentences_tried(spin) or proofs and ev.sentences_proved(spin)):
            return findings, spin
        out = list(findings)
        for s, e in sentence_spans(doc.text, start, end):
            if (s, e) == (start, end):
                return findings, spin
            sentence = self._section_spin(doc, s, e)
            alone = group if group is not None and group.evidence > sentence[1].evidence else sentence[1]
            if not ev.worth_a_trial(alone) and alone.evidence < ev.SHORT_JUDGED and not any(s <= p < e for p in proofs):
                continue  # (speed) neither tried nor judged nor holding a proof: its findings would not be kept
            part, part_spin = self._analyse_section(doc, s, e, options, group, sentence)
            if part_spin.evidence >= ev.SHORT_JUDGED:
                out += [f.shifted(s - start) for f in part]
        return out, spin

    def _section_findings(self, doc: Document, start: int, end: int, options: Options,
                          section: tuple[list, ev.SpinReport], group: ev.SpinReport | None = None,
                          trial: bool = False) -> tuple[list[Finding], ev.SpinReport]:
        """The findings of one section at the prior of its own evidence (``section``: its listed phrases and spin,
        from the whole document's one scan) or of ``group``, whichever is higher.  ``trial``: the short-text trial
        (``_analyse_section``), which walks the spinners' own links only (a thesaurus-only restoration is no sign
        of spinning) and sets a lone word's rival reading aside only at the sign margin."""
        hits, spin = section
        if group is not None and group.evidence > spin.evidence:
            spin = group  # a paragraph of a spun document is as suspect as its document
        prior = ev.document_prior(spin)
        findings: list[Finding] = []
        part = doc if (start, end) == (0, len(doc.text)) else Document(doc.text[start:end])
        # (a long clean document walks nothing: no candidate could reach even a report)
        walk = prior + ev.MAX_PHRASE >= ev.logit(ev.REPORT_FLOOR) and (
            self._rule_on("spinner-swap", options) or self._rule_on("thesaurus", options))
        strong: list[tuple[str, int, int, float]] = []  # the restorations found, with their own evidence
        # a phrase the news spinner's list names is read as the list reads it, not as the swaps compose it, whole
        # ("positive factors" is the spinner's "gains", not "sure things") or word by word ("up to now" in "up to now
        # six months" is the list's "in the past", not the table's "so far")
        named = {(h.start, h.end): h.entry.canonical[0].lower() for h in hits if h.entry.family == "news"
                 and len(h.entry.canonical) == 1}
        words: list[Finding] = []
        if walk:
            names_only = prior < ev.NAMES_ONLY_PRIOR
            if names_only:  # only capitalised runs are walked: tokenise only them (a clean book stays fast)
                part = Document(part.text, part.path)
                part.__dict__["tokens"] = name_tokens(part.text, self.lexicon,
                                                      self.scanner.unit_starts(doc, start, end),
                                                      cased=self.scanner.cased(doc, start, end))
            scored = self._class_candidates(part, spin, not trial and prior >= ev.THESAURUS_PRIOR, names_only)
            strong = [(f.replacement.lower(), f.start, f.end, z) for f, _m, z, _o in scored]
            # Phrases strong on their own corroborate the rest (each distinct phrase counted once, never itself):
            # "Chilly Struggle" makes the document's "UN Safety Council" more suspect, and vice versa.
            chosen = []
            others_of = ev.corroboration_of_others(strong)
            # spinner families other than the news spinner whose listed phrases this document shows (a paper's
            # tortured phrases): a restoration made through their swaps alone is judged as their listed phrases are,
            # by the other listed phrases (one listed phrase alone in a short text is only reported, whether it is
            # found as listed or as a term)
            listed = [h for h in hits if h.entry.family != "news"
                      and ev.fingerprint_weight(h.entry.status, h.entry.family) > 0]
            hit_ends = [h.end for h in hits]
            for i, (f, m, z, o) in enumerate(scored):
                if named.get((f.start, f.end), f.replacement.lower()) != f.replacement.lower():
                    continue
                if not ev.term_stands(f.evidence, mere_pair=not (self.lexicon.gazetteer[m.key][2] - {"bigrams"})):
                    continue  # the prior of a spun document never carries a weak phrase alone
                others = others_of(i)
                subs = m.subs
                own = self._own_share(hits, hit_ends, spin, f.start, f.end, [base_key(s.text) for s in subs])
                of_listed = bool(subs) and all(any(_source(s) == h.entry.family for h in listed) for s in subs) \
                    and any(not (h.start < f.end and f.start < h.end) for h in listed)
                f = self._with_prior(f, ev.document_prior(spin, others, listed_phrase=of_listed, own=own))
                if f.confidence >= ev.REPORT_FLOOR and self._rule_on(f.rule, options):
                    chosen.append((f, o))
            findings += self._merge(part, chosen, options.min_confidence)
        # the listed phrases, corroborated by the phrases strong on their own around them
        phrases = self._fingerprint_findings(part, hits, spin, strong) if self._rule_on("fingerprint", options) else []
        # lone words come from the news spinner's table: not in a text spun by another family (a paper full of
        # tortured phrases says "gathering" and "convention" for reasons of its own)
        word_prior = ev.document_prior(spin, ev.corroboration_of_phrases(strong))
        sweep = walk and word_prior >= ev.WORD_PRIOR and "news" in spin.active and self._rule_on("spinner-swap", options)
        if self._priors is not None:
            self._priors.append((start, end, trial, sweep, word_prior, spin))
        if sweep:
            words = [w for w in self._word_findings(part, spin, word_prior, findings, options.min_confidence, trial,
                                                    phrases)
                     if named.get((w.start, w.end), w.replacement.lower()) == w.replacement.lower()]
        return phrases + findings + words, spin

    def _meanwhile(self, doc: Document) -> None:
        """The first run after install: a helper still builds the term tries (and the infixes the listed phrases
        are checked against) that this analysis will wait for.  Before the first wait this process prepares what
        comes after it: the splits of the document's glued words (wordsegment's counts: those of the word alone on
        a first run, else the trie of them all, built once per machine) and the language model's counts
        (``respell.langmodel``), so that the wait, not the run, absorbs them.  Both are what the run would ask for
        later, and remembered."""
        from .rules.glued import best_split
        from .scan import GLUED, scan
        for _s, _e, word in scan(doc, self.scanner.phrases)[GLUED]:  # (the document's one scan: no automaton more)
            best_split(word)
        self.lexicon.langmodel.data

    @staticmethod
    def _own_share(hits, ends: list[int], spin: ev.SpinReport, start: int, end: int, spun_words
                   ) -> tuple[float, float]:
        """The part of the document's evidence that comes from this very phrase: (that of the listed phrases it
        overlaps, that and its own words' use as spinner output).  A phrase may not be its own corroboration.
        ``hits``: the section's listed phrases (disjoint, in order), ``ends``: theirs."""
        over = []  # (the hits are disjoint: those it overlaps are a run from the first ending after it starts)
        i = bisect.bisect_right(ends, start)
        while i < len(hits) and hits[i].start < end:
            over.append(hits[i])
            i += 1
        listed = sum({h.entry.spun: ev.fingerprint_weight(h.entry.status, h.entry.family) for h in over}.values())
        return listed, listed + ev.usage_share(spin, spun_words)

    @staticmethod
    def _with_prior(f: Finding, prior: float) -> Finding:
        items = tuple(i for i in f.evidence if i[0] != ev.PRIOR) + ((ev.PRIOR, prior),)
        # (speed) the constructor, not ``dataclasses.replace``, which reads the fields anew for each of a spun
        # section's hundreds of restorations (the same object either way)
        return Finding(f.start, f.end, f.text, f.replacement, f.rule, ev.confidence(items, 0.0), f.reason, f.fixable,
                       f.candidates, items)

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
        if enabled is None or enabled:
            # (speed) the rules' words come from the document's one scan, the phrases' (``scan_whole``): where the
            # sections are scanned one at a time, those this process analyses next then need no scan of their own
            self.scanner.scan_whole(doc)
        return list(R.run_rules(doc, opts, enabled))

    @staticmethod
    def _filter(doc: Document, options: Options) -> Callable[[list[Finding]], list[Finding]]:
        """What the user excluded (inline markers in the text, extra spans, ignored phrases, non-prose), prepared
        for the document: applied to each part's findings (``_part``)."""
        from .ignores import FindingFilter
        prose = list(options.prose) if options.prose is not None else None
        return FindingFilter(doc.text, options.ignore_phrases, options.ignored, prose)

    # ------------------------------------------------------------------------------------ fingerprints
    def _listed_naturalness(self, doc: Document, hit, fp, original: str) -> tuple[tuple[str, float], ...]:
        """A listed phrase unattested as written ("photo voltaic", "press convention") weighed against its canonical
        wording as a term is: the n-grams know which a writer would use here.  Nothing for a phrase with several
        canonical wordings, or one whose every word pair is ordinary English as written."""
        words = tuple(normalise(original).split())
        if len(fp.canonical) != 1 or all(ev.ngram_count(self.lexicon, pair) >= ev.ATTESTED_COUNT
                                         for pair in zip(words, words[1:])):
            return ()
        natural = ev.naturalness(self.lexicon, words, tuple(fp.canonical[0].lower().split()),
                                 *_words_around(doc.text, hit.start, hit.end))
        return (ev.ngram_item(natural),) if natural else ()

    def _fingerprint_findings(self, doc: Document, hits, spin: ev.SpinReport,
                              strong: Sequence[tuple[str, int, int, float]] = ()) -> list[Finding]:
        """The findings of the listed phrases ``hits``, each at the document's prior, raised by the corroboration
        of the restorations ``strong`` that are strong on their own (``evidence.corroboration_around``)."""
        corroborated = ev.corroboration_around(strong)
        hit_ends = [h.end for h in hits]
        out = []
        for hit in hits:
            fp = hit.entry
            original = doc.text[hit.start:hit.end]
            family = "news spinner" if fp.family == "news" else (
                "tortured phrase" if fp.family == "science" else f"{fp.family} list")
            # the phrase's own share of the document's evidence does not count twice
            own = self._own_share(hits, hit_ends, spin, hit.start, hit.end, fp.spun.split())
            others = corroborated(hit.start, hit.end)
            # a phrase that is also English is vouched for only by the listed phrases of its own spinner family
            prior = ev.document_prior(spin, others, listed_phrase=True, own=own,
                                      family=None if fp.status == "fix" else fp.family)
            if fp.status == "fix":
                items: tuple[tuple[str, float], ...] = (
                    ("listed spun phrase, never English", ev.FINGERPRINT_FIX if fp.family != "science"
                     else ev.FINGERPRINT_TORTURED),)
                if fp.family == "news":
                    items += ev.confirming(self._listed_naturalness(doc, hit, fp, original))
                why = f'known {family} for "{fp.canonical[0]}"'
            elif fp.status == "spun":
                items = (("listed spinner phrase, also ordinary English", ev.FINGERPRINT_SPUN),)
                items += self._listed_naturalness(doc, hit, fp, original)
                why = f'{family} signature for "{fp.canonical[0]}", applied in a document that looks spun'
            else:
                items = (("listed spinner phrase, but very common English", ev.FINGERPRINT_COMMON),)
                why = (f'{family} signature for "{fp.canonical[0]}", but also very common English: applied only in '
                       "a strongly spun document")
            items += ((ev.PRIOR, prior),)
            conf = ev.confidence(items, 0.0)
            if fp.status == "fix":
                conf = max(conf, ev.FINGERPRINT_SHOWN)  # a listed never-English phrase is always worth a look
            if conf < ev.REPORT_FLOOR:
                continue  # ordinary English outside spun documents: not even reported
            fixable = len(fp.canonical) == 1
            if len(fp.canonical) > 1:
                why = f"known {family}; several canonical forms ({' | '.join(fp.canonical)}): report only"
            replacement = apply_case(original, fp.canonical[0])
            out.append(Finding(hit.start, hit.end, original, replacement, "fingerprint", conf,
                               f"{why}; document spin score {spin.score:.2f}", fixable, fp.canonical, items))
        return out

    # ----------------------------------------------------------------------------------- class matches
    def _class_candidates(self, doc: Document, spin: ev.SpinReport, thesaurus: bool, names_only: bool = False
                          ) -> list[tuple[Finding, ClassMatch, float, _Outputs]]:
        """The best restoration of each span the term walk reaches, with its phrase evidence (no prior yet), its
        match and its word outputs (``_word_outputs``, worked out once: ``_merge`` reads them)."""
        lex = self.lexicon
        matches, known_spans = class_matches(doc, lex, thesaurus=thesaurus, names_only=names_only)
        known_spans.sort()
        known_starts = [k[0] for k in known_spans]
        uses = _Uses(doc)  # (speed) its folded copy is made for the first finding that asks: most sections have none
        groups: dict[tuple[int, int], list[tuple[float, ClassMatch]]] = defaultdict(list)
        # (speed) whether the text's words (either spelling), and the words of a span, are a known term: asked
        # once each (a span is reached by several walks, and its words by several readings)
        known_words: dict[tuple[str, ...], bool] = {}
        known_span: dict[tuple[int, int], bool] = {}
        for m in matches:
            text_key = self._text_key(doc, m)
            known = known_words.get(text_key)
            if known is None:
                known = known_words[text_key] = lex.known(text_key) or any(
                    lex.known(other) for other in (_other_spelling(text_key), _conjuncts_swapped(text_key))
                    if other is not None)
            if not known:
                span = (m.start, m.end)
                known = known_span.get(span)
                if known is None:
                    known = known_span[span] = lex.known(phrase_key(doc.text[m.start:m.end]))
            if known:
                continue  # the text's phrase is itself a known term (in either spelling): probably correct
            lo = bisect.bisect_left(known_starts, m.start - 120)
            hi = bisect.bisect_right(known_starts, m.start)
            if any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in known_spans[lo:hi]):
                continue  # inside a longer term the text states as-is ("National Safety Council")
            form, _weight, sources = lex.gazetteer[m.key]
            mere_pair = not (sources - {"bigrams"})  # a frequent word pair of the n-grams, no term a list holds
            subs = m.subs
            if mere_pair and (any(_source(s) not in SPINNER_SOURCES for s in subs)
                              or m.key[0] in FUNCTION_WORDS or m.key[-1] in FUNCTION_WORDS):
                continue  # a mere collocation reached through a thesaurus, or one edged by "of"/"is": no term
            if mere_pair and not any(
                    spin.swap_best.get(base_key(s.text)) == s.canonical and spin.swap_llr.get(
                        base_key(s.text), 0.0) > 0.25 for s in subs) and not self._family_shown(m, spin):
                continue  # a mere collocation: only when the document shows this very swap is the spinner's
            if any(len(s.text) > 1 and s.text.isupper() for s in subs) and not doc.text[
                    max(0, m.start - 40):m.end + 40].isupper():
                continue  # a swapped word in capitals amid ordinary text: a constant or an acronym (HOME, PC)
            if any(w.inflect == "plural" for w in m.words[:-1]):
                continue  # only a compound's last word takes the plural ("percentages point" is no English)
            if self._lone_capital(doc, m):
                continue  # "The Navy said": a capitalised word amid the term's lower-case ones is a name
            if self._splits_a_unit(doc, m):
                continue  # "affected person information": the spinner wrote "affected person" for "patient"
            if sum(w not in FUNCTION_WORDS for w in m.key) < 2 and not self._rigid_name(doc, m, form):
                continue  # one content word ("in request" -> "in order"): a lone swapped word, not a term
            groups[(m.start, m.end)].append((self._rank(m, spin), m))
        out: list[tuple[Finding, ClassMatch, float, _Outputs]] = []
        for (start, end), cands in sorted(groups.items()):
            cands.sort(key=lambda c: -c[0])
            best_rank, best = cands[0]
            best_outputs = self._word_outputs(doc, best)
            replacement = self._join(doc, best_outputs)
            close = [(c, self._replacement(doc, c)) for r, c in cands[1:] if best_rank - r < 0.3]
            # the same term in the other number is no rival reading; of the two, the one in the text's number
            twins = [(c, rep) for c, rep in close if number_twins(rep, replacement)]
            plural_text = looks_plural(doc.text[start:end])
            if twins and plural_text != looks_plural(replacement):
                twin, replacement = next(((c, rep) for c, rep in twins if looks_plural(rep) == plural_text),
                                         (best, replacement))
                if twin is not best:
                    best, best_outputs = twin, self._word_outputs(doc, twin)
            # nor is one that swaps every word the chosen reading swaps and more: where the chosen reading keeps
            # the text's word ("voice acknowledgment" -> "voice recognition"), a reading that also replaces it
            # ("speech recognition") explains the text with a swap it does not need
            swapped = {w.token for w in best.words if w.link is not None}
            rivals = [c for c, rep in close if not number_twins(rep, replacement)
                      and not swapped < {w.token for w in c.words if w.link is not None}]
            f = self._finding(doc, best, replacement, spin, rivals, uses)
            out.append((f, best, sum(w for _n, w in f.evidence), best_outputs))
        return out

    @staticmethod
    def _lone_capital(doc: Document, m: ClassMatch) -> bool:
        """Whether the match's one capitalised word is a swapped one inside a sentence, every other word of it
        lower case: the spinner keeps the case of the word it replaces, so "The Navy said" is a name and the
        writer's "said", not "the military said" spun (a name's words are capitalised together: "Safety
        Council")."""
        caps = [w for w in m.words if w.text[:1].isupper()]
        return (len(caps) == 1 and caps[0].link is not None and len(m.words) > caps[0].width
                and not _sentence_start(doc.text, doc.tokens[caps[0].token].start))

    def _splits_a_unit(self, doc: Document, m: ClassMatch) -> bool:
        """Whether the match starts inside one of the spinner's forms of several words for one word
        (``Lexicon.units``) that the words before it begin: "affected person information" holds the spinner's
        "affected person" (patient), and the walk's "person information" -> "user data" would cut it in two."""
        i = m.words[0].token
        toks, text, units = doc.tokens, doc.text, self.lexicon.units
        for j in (i - 1, i - 2):
            if j < 0 or not joinable_plain(text, toks[j], toks[j + 1]):
                return False  # no word before the match in the same run of words
            for words, _link in units.get(toks[j].lower, ()):
                end = j + len(words)  # (the unit's tokens: j to end - 1)
                if i < end <= len(toks) and all(toks[x].lower == w for x, w in zip(range(j, end), words)) \
                        and all(joinable_plain(text, toks[x], toks[x + 1]) for x in range(j, end - 1)):
                    return True
        return False

    def _family_shown(self, m: ClassMatch, spin: ev.SpinReport) -> bool:
        """Whether every swap of the match comes from a listed-phrase family (the tortured-phrase list) that this
        spun document shows by its listed phrases, each swap attested more than once: they are that spinner's, so
        a frequent word pair they reach is a candidate as a known term is ("test information" -> "test data"
        beside "profound learning"); a word the pair keeps must not be too common to say anything."""
        # (the swaps are asked first: most are the news spinner's, and the word frequencies then need not be loaded)
        return spin.spun and all(
            _source(s) not in ("", "news") and _source(s) in SPINNER_SOURCES
            and spin.families.get(_source(s), 0.0) > 0 and _source(s) in spin.active
            and self._strength(s, spin) >= ev.PAIR_LINK_MIN for s in m.subs) and all(
            ev.zipf(w.canonical) < ev.PAIR_KEPT_ZIPF for w in m.words if w.link is None)

    @staticmethod
    def _text_words(doc: Document, m: ClassMatch) -> list[tuple[str, ...]]:
        """For each word of the match, the words the text writes there (lower case, possessives and plurals as
        the term has them): one, or several for a spinner's form of several words ("financial institution")."""
        toks = doc.tokens
        return [tuple(base_key(w.text).split()) if _writes_own(toks, w) else (normalise(w.canonical),)
                for w in m.words]

    @staticmethod
    def _text_key(doc: Document, m: ClassMatch) -> tuple[str, ...]:
        """The match's words as the text writes them (see ``_text_words``), one after another.  (speed) Asked of
        every match the walk finds: ``_text_words``' lists are not made for it."""
        toks, out = doc.tokens, []
        for w in m.words:
            if _writes_own(toks, w):
                out += base_key(w.text).split()
            else:
                out.append(normalise(w.canonical))
        return tuple(out)

    def _strength(self, sub, spin: ev.SpinReport, sources: frozenset[str] = frozenset()) -> float:
        source = _source(sub)
        if source in SPINNER_SOURCES and source not in spin.active:
            return SOURCE_STRENGTH["wordnet"]  # another spinner family's swap: no better than a thesaurus link
        if source == "science" and not spin.spun:
            if "science" not in sources and not spin.families.get("science"):
                # the tortured-phrase swaps are learned word by word from scientific terms: outside such a term,
                # in a text that shows no spinning, no better than a thesaurus link ("in request" is no "in order");
                # a text showing the list's phrases shows that spinning, and the term may be one the list never held
                # ("body liquid" -> "body fluid", a WordNet term)
                return SOURCE_STRENGTH["wordnet"]
            if not spin.families.get("science"):
                # a text with no tortured phrase: the list's swap alone is weaker ("signal handling" is a Unix term)
                return min(ev.link_strength(sub.link), ev.UNSEEN_FAMILY_STRENGTH)
        s = ev.link_strength(sub.link)
        llr = spin.swap_llr.get(base_key(sub.text), 0.0)
        if llr > 1.0 and source in SPINNER_SOURCES:
            s = max(s, min(0.95, 0.75 + llr / 10))  # this document uses the spun word the way a spinner does
        return s

    def _rank(self, m: ClassMatch, spin: ev.SpinReport) -> float:
        """Noisy channel: prior of the canonical term times the probability of each swap."""
        _form, weight, sources = self.lexicon.gazetteer[m.key]
        prior = 1.0 if sources - {"bigrams"} else 0.25 * math.log10(max(weight, 10.0)) / 6
        freq = 0.05 * math.log10(max(weight, 1.0)) if "bigrams" in sources else 0.0  # common terms win ties
        return math.log(prior) + freq + sum(math.log(max(self._strength(s, spin), 1e-3)) for s in m.subs)

    def _word_outputs(self, doc: Document, m: ClassMatch) -> _Outputs:
        """token index -> (start, end, what is written there) for every word of the match."""
        form = self.lexicon.gazetteer[m.key][0]
        form_words = form.split()
        # (speed) the text's capitals are read only for a form with case of its own (most forms are lower case)
        own = has_own_case(form) and len(form_words) == len(m.words) and any(
            doc.tokens[w.token].text[:1].isupper() for w in m.words if w.link is not None)
        out = {}
        for i, w in enumerate(m.words):
            tok = doc.tokens[w.token]
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
            out[w.token] = (tok.start, w.end, new)
        return out

    @staticmethod
    def _join(doc: Document, outputs: _Outputs) -> str:
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

    def _merge(self, doc: Document, chosen: list[tuple[Finding, _Outputs]], min_confidence: float) -> list[Finding]:
        """Overlapping restorations that agree on their shared words become one ("Russian navy" + "navy gear"
        -> "Russian military equipment"); disagreeing ones are left to overlap resolution.  ``chosen``: each
        restoration with its word outputs (``_class_candidates``)."""
        chosen.sort(key=lambda fm: (fm[0].start, fm[0].end))
        out: list[Finding] = []
        cur_f: Finding | None = None
        cur_o: _Outputs = {}
        for f, o in chosen:
            if (cur_f is not None and f.start < cur_f.end and f.applies_at(min_confidence)
                    and cur_f.applies_at(min_confidence)
                    and _outputs_agree(cur_o, o)):
                merged = {**cur_o, **o}
                start, end = min(cur_f.start, f.start), max(cur_f.end, f.end)
                rep = self._join(doc, merged)
                evidence = ev.merged_evidence(cur_f.evidence, _replaced(cur_f), f.evidence, _replaced(f))
                cur_f = Finding(start, end, doc.text[start:end], rep, cur_f.rule if cur_f.rule == f.rule else
                                "thesaurus", min(cur_f.confidence, f.confidence), f"{cur_f.reason}; and {f.reason}",
                                True, (rep,), evidence)
                cur_o = merged
                continue
            if cur_f is not None:
                out.append(cur_f)
            cur_f, cur_o = f, o
        if cur_f is not None:
            out.append(cur_f)
        return out

    def _finding(self, doc: Document, m: ClassMatch, replacement: str, spin: ev.SpinReport,
                 rivals: list[ClassMatch], uses: _Uses) -> Finding:
        """A restoration with its phrase evidence (``evidence``); the document prior is added by the caller."""
        lex = self.lexicon
        form, _weight, sources = lex.gazetteer[m.key]
        subs = m.subs
        strengths = [self._strength(s, spin, sources) for s in subs]
        thesaurus_only = any(_source(s) not in SPINNER_SOURCES for s in subs)
        items: list[tuple[str, float]] = [(ev.LINKS, ev.channel(strengths))]
        parts = self._text_words(doc, m)
        observed = tuple(word for words in parts for word in words)
        if self.lexicon.inside_term(observed):
            items.append((f'"{" ".join(observed)}" is itself attested (inside a known term)', ev.ATTESTED))
        elif self._rigid_name(doc, m, form) and ev.ngram_count(self.lexicon, observed) < ev.ATTESTED_COUNT:
            goes_on = self._name_goes_on(doc, m)
            items.append((f'the name as written goes on ({goes_on}): a longer name, not the one its swaps give', 0.0)
                         if goes_on else ("a name as written is unknown; its swaps give a known name", ev.RIGID_NAME))
        # like with like: the words the restoration leaves alone read as the text has them on both sides
        # ("alzheimer ailment" against "alzheimer disease", not against "alzheimer's disease", unknown as written)
        written = tuple(word for words, k, w in zip(parts, m.key, m.words) for word in (words if w.link is None
                                                                                       else (k,)))
        natural = ev.term_naturalness(lex, observed, written, *self._context(doc, m))
        if natural:
            items.append(ev.ngram_item(natural))
        acro = _acronym_after(doc.text, m.end)
        if acro:
            if ev.initials(m.key) == acro and ev.initials(phrase_key(doc.text[m.start:m.end])) != acro:
                items.append((f"acronym ({acro}) matches", ev.ACRONYM_AGREES))
            elif ev.initials(m.key) != acro:
                items.append((f"acronym ({acro}) does not match", ev.ACRONYM_DISAGREES))
        # a known term written both ways is the spinner's; a mere word pair both ways is a writer's variation
        # ("The company said ... The firm said")
        if len(m.key) > 1 and sources - {"bigrams"} and uses.elsewhere(" ".join(m.key), (m.start, m.end)):
            items.append(("canonical term used elsewhere in the document", ev.ELSEWHERE))
        if sources - {"bigrams"}:  # (how frequent a mere word pair is, the n-grams say)
            items.append((f"known term ({', '.join(sorted(sources))})", ev.KNOWN_TERM))
        if rivals:
            items.append((f"{len(rivals)} rival candidate(s)", ev.RIVALS))
        rare = [(s, most) for s in subs for most in [self._rare_reading(s)] if most]
        for s, most in rare:
            items.append((f'"{_base(s.text)}" is rarely "{s.canonical}" in the list (mostly "{most}")',
                          ev.RARE_READING))
        conf = ev.confidence(items, 0.0)
        swaps = ", ".join(f'{_base(s.text)} <- {s.canonical} ({_source(s)})' for s in subs)
        rule = "thesaurus" if thesaurus_only else "spinner-swap"
        reason = f'spun form of "{form}": {swaps}'
        for w in m.words:
            if w.split:
                tok = doc.tokens[w.token].text
                reason += f"; the last word was glued to the next one ({tok!r}): a space now separates them"
        cands = (replacement,) + tuple(self._replacement(doc, r) for r in rivals)
        if rivals:
            reason += f"; ambiguous with {', '.join(repr(c) for c in cands[1:])}"
        for s, most in rare:
            reason += f'; "{_base(s.text)}" is mostly "{most}" in the list: report only'
        reason += f"; document spin score {spin.score:.2f}"
        return Finding(m.start, m.end, doc.text[m.start:m.end], replacement, rule, conf, reason,
                       not rivals and not rare, cands, tuple(items))

    def _rare_reading(self, sub) -> str | None:
        """The tortured-phrase list's usual reading of ``sub``'s word, when the list reads the word the way ``sub``
        does in under RARE_READING_SHARE of its attestations of that form ("strategies" read as the plural of
        "strategy" is compared with the list's readings of "strategy": "method" 13 times in 21, "model" once);
        else None."""
        link = sub.link
        if link is None or link.source != "science":
            return None
        weights: dict[str, float] = {}
        for canonical, l, infl in word_options(base_key(sub.text), self.lexicon):
            if l is not None and l.source == "science" and infl == sub.inflect:
                weights[canonical] = weights.get(canonical, 0.0) + l.weight
        total = sum(weights.values())
        if not total or weights.get(sub.canonical, 0.0) >= ev.RARE_READING_SHARE * total:
            return None
        return max(weights, key=lambda r: weights[r])

    @staticmethod
    def _rigid_name(doc: Document, m: ClassMatch, form: str) -> bool:
        """People do not paraphrase names: a capitalised sequence whose swaps give a name that keeps capitals
        where the swapped words are ("Chilly Struggle" -> "Cold War"; not "Part II" -> "phase II")."""
        form_words = [w for w in form.split() if w != "&"]  # the key has no "&" ("Medicare & Medicaid")
        if len(m.key) < 2 or not m.subs or len(form_words) != len(m.words):
            return False
        caps = [doc.tokens[w.token].text[:1].isupper() for w in m.words if w.canonical not in FUNCTION_WORDS]
        first = doc.tokens[m.words[0].token]
        if not all(caps) or (len(caps) < 2 and _sentence_start(doc.text, first.start)):
            return False  # every content word capitalised, and not merely because the phrase opens a sentence
        # a term listed in lower case ("board of education": WordNet's common noun) is a name where the text
        # capitalises it as an institution calls itself, "X of Y" ("Board of Schooling" -> "Board of Education"),
        # amid words in lower case: in a title every word has capitals ("The Price of Living in London")
        lower_name = form == form.lower() and len(form_words) >= 3 and "of" in form_words[1:-1] and \
            _amid_lower_case(doc.text, m.start, m.end)
        for k, w in enumerate(m.words):
            written = doc.tokens[w.token].text
            if w.link is not None and ((not form_words[k][:1].isupper() and not lower_name)
                                       or (written.isupper() and len(written) > 1)):
                return False  # the name has no capital there, or the text's word is in capitals (code, a constant)
        return True

    def _name_goes_on(self, doc: Document, m: ClassMatch) -> str | None:
        """The capitalised word that continues the text's name past the match, a common noun right after it or
        after "for" or "of" ("Chief Government Whip", "Worldwide Fund for Nature"), quoted, or None: such a name is a
        longer one ("Chief Government Whip" is a title, "Chief Executive Whip" none), so its first words are no
        proof of a spun name.  A person's name ("Overseas Minister Choe"), lower-case words and "and" ("Microsoft
        Groups and Slack": two names) go on no name.  Before the match, a capitalised word that is only an
        adjective starts a longer name ("Italy's Civil Protection Department"; a nationality, "North Korean", is a
        noun too and starts none).  (A known term made with the word before the match, "civil protection", was
        tried first: spun names often start with one, "World Commerce Group".)"""
        toks, classes = doc.tokens, self.lexicon.word_classes

        def capitalised(word: str) -> bool:  # a name's word: capitalised, letters only, not an acronym
            return word[:1].isupper() and word.isalpha() and not word.isupper()
        i = m.words[0].token
        if i > 0 and not doc.text[toks[i - 1].end:toks[i].start].strip():
            word = toks[i - 1].text  # "Italy's Civil Protection Department": an adjective starts the longer name
            if capitalised(word) and not _sentence_start(doc.text, toks[i - 1].start) \
                    and grammar.classes_of(classes, word.lower()) == "a":
                return f'"{word}"'
        j = m.words[-1].last
        for _step in range(2):
            if j + 1 >= len(toks) or doc.text[toks[j].end:toks[j + 1].start].strip():
                return None
            nxt = toks[j + 1]
            if nxt.lower in ("for", "of") and nxt.text == nxt.lower:
                j += 1
                continue
            word = nxt.text.removesuffix("'s").removesuffix("\u2019s")  # "the Chief Government Whip's office"
            if capitalised(word) and "n" in grammar.classes_of(classes, word.lower()):
                return f'"{word}"'
            return None
        return None

    @staticmethod
    def _context(doc: Document, m: ClassMatch) -> tuple[str | None, str | None]:
        """The words right before and after the match, when no punctuation separates them."""
        toks = doc.tokens
        i, j = m.words[0].token, m.words[-1].last
        left = toks[i - 1].lower if i > 0 and doc.text[toks[i - 1].end:toks[i].start].strip() == "" else None
        right = toks[j + 1].lower if j + 1 < len(toks) and doc.text[toks[j].end:toks[j + 1].start].strip() == "" \
            else None
        return left, right

    # -------------------------------------------------------------------------------- lone swapped words
    def _word_findings(self, doc: Document, spin: ev.SpinReport, prior: float, phrases: Sequence[Finding],
                       threshold: float, trial: bool = False, listed: Sequence[Finding] = ()) -> list[Finding]:
        """Words (and short phrases) of the spinner's swap table, restored one by one: weak evidence each, so
        only in a document whose prior is clearly spun ("mentioned" -> "said", "within" -> "in").  ``phrases``:
        the phrases found here.  Only those applied at ``threshold`` hold their span (one merely reported,
        "greater than" listed but ordinary English, leaves its words to the table's own restoration); every one's
        best reading tells which words it keeps.  ``trial``: read while a short text is judged (a rival reading is
        then set aside only at the sign margin).  ``listed``: the listed phrases found here, which count as phrases
        do but hold no span: a reading of the same words may carry more evidence ("got here" -> "came" by its swap
        and its neighbours, more than as a listed phrase that is also English), and the overlaps are settled as all
        others are (``plan.resolve_overlaps``: the longer span first, "in particular person" -> "in person" before
        "particular person" -> "individual"; then the more confident)."""
        lex = self.lexicon
        toks = doc.tokens
        text = doc.text
        busy = sorted((f.start, f.end) for f in phrases if f.applies_at(threshold))
        phrases = [*phrases, *listed]
        taken = [f for f in phrases if f.applies_at(threshold)]
        natural: set[tuple[str, str]] = set()  # (word, canonical) read as the natural wording somewhere here
        kept = {normalise(w) for f in phrases for w in set(f.text.split()) & set(f.replacement.split())}
        # a lone word is read between the neighbours the fixed text gives it: next to a restored phrase, that
        # phrase's own edge word ("satellite tv for pc launches" is read as "satellite launches")
        restored = _restored_edges(taken)
        keys = self._swap_keys[0]  # the table's keys
        based: dict[str, str] = {}  # each distinct token: the form of its base (a key of one word)

        n = len(toks)
        # each token: the widths a key of the table may have there (``_WidthsMemo``, asked once per word pair)
        texts = list(map(_TOKEN_TEXT, toks))
        widths = list(map(self._widths_memo().__getitem__, zip(texts, texts[1:] + [""])))

        # (speed) the (token, width) places the first sweep read and found nothing at (``sweep``)
        tried: set[tuple[int, int]] = set()

        def sweep(busy: list[tuple[int, int]], restored: tuple[dict[int, str], dict[int, str]],
                  places: Iterable[int], again: tuple[dict[int, str], dict[int, str]] | None = None
                  ) -> list[tuple[float, tuple[str, str], Finding, int, int]]:
            """The best restoration starting at each of ``places`` (token indices, ascending), outside the ``busy``
            spans; with its first token and its width.  The first sweep (``again`` None) notes in ``tried`` where
            it found nothing; the second (``again``: the edges the first one restored) does not read such a place
            again unless a neighbour of it is among those edges: between the same neighbours a reading is made
            of the same things (the words, the text, the table, the n-grams), and what the sweeps learn on the
            way (``natural``) only ever sets a reading aside, so it would find nothing again."""
            starts = [s for s, _e in busy]
            # (speed) the furthest end among each busy span and the three before it: a place overlaps one of
            # those four when it ends after the place starts (one that starts where the place ends is the last of
            # them, and the place ends after it starts), without a generator for every place
            reach = [max(be for _bs, be in busy[max(0, x - 3):x + 1]) for x in range(len(busy))]
            found: list[tuple[float, tuple[str, str], Finding, int, int]] = []
            free = 0  # the first token no restoration found so far covers
            for i in places:
                if i < free or not widths[i]:
                    continue  # (most words start no key of the table, alone or in a phrase)
                head = toks[i].text
                best: tuple[float, tuple[str, str], Finding] | None = None
                width = 1
                for k in widths[i]:
                    if i + k > n:
                        continue
                    if k == 1:
                        low = based.get(head) or based.setdefault(head, base_key(head))
                    else:
                        low = table_key([toks[x].text for x in range(i, i + k)])
                    if k > 1 and (low not in keys or not self._table_readings(low, k)[0]):
                        continue  # (no reading the table restores alone: nothing more to ask)
                    if k > 1 and any(not joinable_plain(text, toks[j], toks[j + 1]) for j in range(i, i + k - 1)):
                        continue
                    if again is not None and (i, k) in tried and not (
                            i > 0 and toks[i - 1].end in again[0] or i + k < n and toks[i + k].start in again[1]):
                        continue  # read by the first sweep between the same neighbours, and nothing found
                    s, e = toks[i].start, toks[i + k - 1].end
                    at = bisect.bisect_right(starts, e) - 1
                    if at >= 0 and reach[at] > s:
                        continue  # on a busy span (the last to start by its end, or one of the three before)
                    got = self._word_candidate(doc, i, k, low, spin, prior, natural, restored, trial)
                    if got is None:
                        if again is None:
                            tried.add((i, k))
                    elif best is None or got[0] > best[0]:
                        best, width = got, k
                if best is not None:
                    found.append((*best, i, width))
                    free = i + width
            return found

        out = sweep(busy, restored, list(itertools.compress(range(n), widths)))
        # A second sweep reads the words left as written between the neighbours the first sweep restored ("funding
        # outcomes" -> "funding results": is "funding" now "investment"?); a restored word is never read again.
        done = [(f, i, width) for _z, _p, f, i, width in out if f.applies_at(threshold)]
        if done:
            more = _restored_edges([f for f, _i, _w in done])
            edges = ({**restored[0], **more[0]}, {**restored[1], **more[1]})
            # only the places next to a restored word can read differently now: a phrase of up to four words
            # ending right before it, or starting right after it
            near = {j for _f, i, width in done for j in (i - 4, i - 3, i - 2, i - 1, i + width) if 0 <= j < n}
            out += sweep(sorted(busy + [(f.start, f.end) for _z, _p, f, _i, _w in out]), edges, sorted(near), more)
        # A writer's word recurs where it is the natural one ("satellite launch", "Council resolutions"); the
        # spinner rewrites at random.  Where the word is read as natural at one place, its weak readings elsewhere
        # are the writer's too: only evidence enough on its own (WORD_MIN) restores them.
        # A word a restored term keeps ("UN Security Council resolutions") is the writer's word as well.
        return [f for z, pair, f, _i, _w in out if z >= ev.WORD_MIN or (pair not in natural and pair[0] not in kept)]

    def _widths_memo(self) -> "_WidthsMemo":
        """The engine's ``_WidthsMemo`` (at most WIDTHS_MEMO word pairs: then it starts afresh)."""
        memo = self.__dict__.get("_widths")
        if memo is None or len(memo) > WIDTHS_MEMO:
            memo = self.__dict__["_widths"] = _WidthsMemo(self)
        return memo

    @cached_property
    def _readings_memo(self) -> dict[tuple[str, int], tuple[list, frozenset[str], bool]]:
        return {}

    def _table_readings(self, low: str, k: int) -> tuple[list, frozenset[str], bool]:
        """The readings of the ``k`` words keyed ``low`` the table restores alone, (key, link, inflection) in order,
        the readings too weak to restore alone, and whether a reading of either kind starts with a verb form only a
        plural subject takes (``grammar.plural_verb``: only then need the subject be read).  The same wherever the
        words stand: (speed) kept per engine, for each distinct key."""
        got = self._readings_memo.get((low, k))
        if got is not None:
            return got
        options, others = [], set()
        for key, infl in [(low, "")] + [(f, "plural") for f in (singular_forms(low) if k == 1 else ())]:
            for link in self.lexicon.swaps.get(key, ()):
                if link.source != "news" or link.canonical == key:  # lone words: the news table (science: phrases)
                    continue
                if infl and link.origin == "dev-pages" and link.weight < ev.WORD_INFLECTED_PAGES:
                    others.add(plural(link.canonical))
                    continue  # an inflected reading of a swap one page attests is a possible reading, too weak alone
                if link.origin != "dev-pages" and link.weight < ev.WORD_CURATED_MIN:
                    others.add(plural(link.canonical) if infl else link.canonical)
                    continue  # a lone word is weak evidence: only swaps seen on real spun pages, or curated as sure
                if (key in FUNCTION_WORDS or link.canonical in FUNCTION_WORDS) and link.origin != "dev-pages":
                    continue  # function words swap only through swaps attested on real spun pages
                if k == 1 and " " in link.canonical and key in FUNCTION_WORDS:
                    continue
                options.append((key, link, infl))
        plural_verb = any(grammar.plural_verb(c) for c in [o[1].canonical for o in options] + list(others))
        got = self._readings_memo[(low, k)] = (options, frozenset(others), plural_verb)
        return got

    @staticmethod
    def _word_run(doc: Document, j: int, most: int, step: int = 1) -> list[str]:
        """The lower-case words from token ``j`` on, forward (``step`` 1) or backward (-1, the nearest first), as
        far as no punctuation comes between them and the token before ``j`` in that direction (``most`` at most)."""
        toks = doc.tokens
        out: list[str] = []
        while 0 <= j < len(toks) and len(out) < most and 0 <= j - step < len(toks) and not doc.text[
                toks[min(j, j - step)].end:toks[max(j, j - step)].start].strip():
            out.append(toks[j].lower)
            j += step
        return out

    def _subjects(self, doc: Document, i: int, left: str) -> list[tuple[str, bool]]:
        """The subject a verb at token ``i`` agrees with, each as (word, whether it may head the subject:
        ``grammar.heads_subject``), as written and as the table reads it: "it had been" is no "it were", nor "the
        company had been" "the company were" ("the corporate" is the spinner's "the company"); after a relative
        pronoun, its antecedent ("the firm, which had been" is no "which were")."""
        toks = doc.tokens
        swaps = self.lexicon.swaps

        def read(j: int, word: str) -> list[tuple[str, bool]]:
            """The word at token ``j`` (``word``: as the text, or the restoration before it, has it)."""
            run = self._word_run(doc, j - 1, 5, -1)[::-1] + [word]  # with the words before it
            heads = grammar.heads_subject(run)
            before = run[-2] if len(run) > 1 else None
            return [(word, heads)] + [(l.canonical.rsplit(" ", 1)[-1], heads) for key in (word, f"{before} {word}")
                                      for l in swaps.get(key, ()) if l.source == "news"]
        out = read(i - 1, left.lower())
        if left in grammar.RELATIVES and i > 1 and doc.text[toks[i - 2].end:toks[i - 1].start].strip() in ("", ","):
            out += read(i - 2, toks[i - 2].lower)
        return out

    def _word_candidate(self, doc: Document, i: int, k: int, low: str, spin: ev.SpinReport, prior: float,
                        natural: set[tuple[str, str]], restored: tuple[dict[int, str], dict[int, str]],
                        trial: bool = False) -> tuple[float, tuple[str, str], Finding] | None:
        """The best restoration of the ``k`` words at token ``i`` (``low``: their table key) with its own evidence;
        ``natural`` collects the (word, canonical) pairs whose neighbours here make the word as written the natural
        one."""
        lex = self.lexicon
        toks = doc.tokens
        options, others, plural_verb = self._table_readings(low, k)
        if not options:
            return None  # (asked first: kept per key, it settles two candidates in five)
        words = [toks[j].text for j in range(i, i + k)]
        if not all(map(_lettered, words)):
            return None
        poss = split_possessive(words[-1])[1]
        if toks[i].text[:1].isupper() and not _sentence_start(doc.text, toks[i].start):
            return None  # a capitalised word inside a sentence may be a name: names are restored whole
        if doc.text.startswith("(", toks[i + k - 1].end):
            return None  # written as a call ("the extra() method"): a name in code, not prose
        left, right = _word_neighbours(doc, i, k, restored)
        if not grammar.spinner_form_here(low, right):
            return None  # "within a week" is a writer's limit: the spinner writes "within" only as "within the"
        # a reading must be a word that can stand here (``respell.grammar``): "arms procurement and supply" is no
        # "provide", and ", however," is no "but"
        allowed = ""
        before2 = toks[i - 2].lower if left is not None and i > 1 and \
            doc.text[toks[i - 2].end:toks[i - 1].start].strip() == "" else None
        if k == 1:
            allowed = grammar.slot(lex.word_classes, low, left, before2)
        before_comma = doc.text.startswith(",", toks[i + k - 1].end)
        if allowed or before_comma:
            # (a reading made by adding -s, "stays" read as "stay" -> "live", "lives", must be a noun where a noun or
            # an adjective may stand: an adjective takes no -s, and "the stays of a Roman bathhouse" are no "lives")
            options = [o for o in options if grammar.fits(
                lex.word_classes, allowed.replace("a", "") if o[2] else allowed, o[1].canonical, before_comma)]
            others = frozenset(c for c in others if grammar.fits(lex.word_classes, allowed, c, before_comma))
        if left is not None and plural_verb:  # (a reading that is no plural verb agrees with any subject)
            subjects = self._subjects(doc, i, left)
            if left == "there" and grammar.singular_after_there(self._word_run(doc, i + k, 2), lex.word_classes):
                subjects.append(("it", True))  # "there had been no collision": a singular subject, as "it" is
            options = [o for o in options if all(grammar.agrees(b, o[1].canonical, lex.word_classes, heads)
                                                 for b, heads in subjects)]
            others = frozenset(c for c in others if all(grammar.agrees(b, c, lex.word_classes, heads)
                                                        for b, heads in subjects))
        if not options:
            return None
        scored = []
        for key, link, infl in options:
            canon = plural(link.canonical) if infl else link.canonical
            items = ev.word_evidence(lex, key, link, canon, low, spin, left, right)
            scored.append((sum(w for _n, w in items), link, canon, items))
        scored.sort(key=lambda x: -x[0])
        for _z, _l, c, its in scored:
            if any(n == ev.WORD_NGRAMS and w < ev.WORD_CONTEXT_MIN for n, w in its):
                natural.add((low, c.lower()))
        z, link, canon, items = scored[0]
        if not ev.word_stands(items, prior) or (low, canon.lower()) in natural:
            return None  # too little evidence of its own, or the word as written is the natural one here
        # the table's other readings of the word make it ambiguous ("virtually": almost or nearly?), unless the
        # evidence clearly prefers this one
        close = sorted({c for zz, l, c, _i in scored[1:] if z - zz < ev.WORD_RIVAL_MARGIN and c != canon
                        and ev.a_rival_to(link, l, trial)} | (others - {canon} if ev.a_rival_to(link, None, trial)
                                                              else set()))
        set_aside = ev.SIGN_RIVAL_SET_ASIDE if trial else ev.WORD_RIVAL_SET_ASIDE
        rivals = [c for c in close if not ev.rival_set_aside(lex, canon, c, left, right, z, set_aside)]
        if rivals:
            items = items + (("rival candidate(s): " + ", ".join(rivals), ev.RIVALS),)
        elif close:
            items = items + ((f"{ev.SET_ASIDE}: " + ", ".join(close), 0.0),)
        items = items + ((ev.PRIOR, min(prior, ev.WORD_PRIOR_CAP)),)
        conf = ev.confidence(items, 0.0)
        if conf < ev.REPORT_FLOOR:
            return None
        s, e = toks[i].start, toks[i + k - 1].end
        original = doc.text[s:e]
        replacement = apply_case(original[: len(original) - len(poss)], canon) + poss
        reason = (f'spinner swap: "{low}" <- "{link.canonical}" ({link.source}, {link.origin or "learned"}); '
                  f"document spin score {spin.score:.2f}")
        return z, (low, canon.lower()), Finding(s, e, original, replacement, "spinner-swap", conf, reason, not rivals,
                          (replacement,) + tuple(rivals), items)


# ------------------------------------------------------------------------------------------- helpers

_WORD_BEFORE = LazyPattern(WORD_RE.pattern, regex.REVERSE)  # a word matched leftwards from where it ends


_CLAUSE_END = LazyPattern(r"[.!?:;\n]")  # where a sentence (or a title's line) ends, for ``_amid_lower_case``


def _amid_lower_case(text: str, start: int, end: int) -> bool:
    """Whether the content word nearest to ``text[start:end]`` on either side, in the same sentence, is written in
    lower case: the span's capitals are its own, not those of a title ("Title Case Headline")."""
    after = _CLAUSE_END.split(text[end:end + 80], maxsplit=1)[0]
    before = _CLAUSE_END.split(text[max(0, start - 80):start])[-1]
    for words in (WORD_RE.findall(after), WORD_RE.findall(before)[::-1]):
        content = [w for w in words if normalise(w) not in FUNCTION_WORDS]
        if content and content[0][:1].islower():
            return True
    return False


def _words_around(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The words (lower case) right before ``start`` and right after ``end``, when only white space separates
    them from the span (as ``Engine._context`` reads a match's tokens), without tokenising the text."""
    i, j, n = start, end, len(text)
    while i > 0 and text[i - 1].isspace():
        i -= 1
    while j < n and text[j].isspace():
        j += 1
    before = _WORD_BEFORE.match(text, 0, i) if i < start else None  # (reverse: the whole word that ends at i)
    after = WORD_RE.match(text, j) if j > end else None
    return (normalise(before.group()) if before else None), (normalise(after.group()) if after else None)


def _other_spelling(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words in the other spelling variety, British <-> American ("world trade centre" -> "world trade
    center"): a name known in one is the writer's in the other, not a spun form of a look-alike.  None when no
    word has another spelling (most phrases: nothing more to look up)."""
    from .rules.spelling_variety import variants
    gb, us, _ise = variants()
    other = tuple(gb.get(w) or us.get(w) or w for w in words)
    return other if other != words else None


def _writes_own(toks: Sequence[Token], w: Sub) -> bool:
    """Whether the text's own words stand at the match word ``w`` (glued, or ending where its last token ends),
    rather than a word it only inflects ("studies" for the term's "study")."""
    return bool(w.split) or w.end == toks[w.token + w.width - 1].end  # (``Sub.last``, without the call)


def _conjuncts_swapped(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words with the two around each "and" in the other order ("minister of industry and commerce" ->
    "minister of commerce and industry"): a name known in one order is the writer's in the other (Bahrain's
    Minister of Industry and Commerce, India's of Commerce and Industry), not a spun form of a look-alike
    ("Industry and Trade").  None when no "and" stands between two words."""
    if "and" not in words[1:-1]:
        return None
    out = list(words)
    for j in range(1, len(words) - 1):
        if words[j] == "and":
            out[j - 1], out[j + 1] = words[j + 1], words[j - 1]
    return tuple(out)


def _proofs(findings: list[Finding]) -> list[Finding]:
    """The applied spun-phrase restorations among a text's own findings that are proof on their own that the
    spinner passed over it (``evidence.is_proof``)."""
    return [f for f in findings if f.rule in SPUN_RULES and f.confidence >= DEFAULT_MIN_CONFIDENCE
            and ev.is_proof(ev.own_evidence(f.evidence), _sign_words(f.text, f.replacement)[1])]


def _sign_words(phrase: str, replacement: str = "") -> tuple[frozenset[str], bool]:
    """The words that make a restoration one sign, and whether they are content words: the content words it
    replaces ("supply values" -> "provide values": supply), all of its content words when it only reorders them
    ("rates of interest" -> "interest rates"), or the phrase itself when it has none ("within", "had been").  A
    word the restoration keeps is no choice of the writer's it shows: "the previous week" -> "the past week" and
    "subsequent week" -> "next week" are two signs, not one through "week".  A word's singular forms are among
    them: "query" and "queries" restored are one choice of the writer, not two."""
    words = _words_of(phrase)
    content = words - FUNCTION_WORDS
    if not content:
        return frozenset([" ".join(sorted(words))]), False
    replaced = content - _words_of(replacement)
    return (replaced or content).union(*(singular_forms(w) for w in (replaced or content))), True


def _words_of(text: str) -> frozenset[str]:
    """The words of ``text``, lower case, as a restoration's signs and replaced words are read (``_SIGN_WORD``)."""
    return frozenset(_SIGN_WORD.findall(text.lower()))


def _replaced(f: Finding) -> frozenset[str]:
    """The words (lower case) a restoration replaces: those of its text its replacement does not have."""
    return _words_of(f.text) - _words_of(f.replacement)


def _source(word) -> str:
    """The table a swapped word of a class match came through ("news", "science", "wordnet"; "" if unswapped)."""
    return word.link.source if word.link is not None else ""


MAX_ROUNDS = 3  # fix-point rounds: a restored word may complete a term a second round finds; rarely a third
WIDTHS_MEMO = 200_000  # word pairs whose widths in the swap table are kept per engine (``_WidthsMemo``)


def compose(text: str, plan: list[Finding], current: str, later: list[Finding], threshold: float) -> list[Finding]:
    """One edit plan on ``text`` from ``plan`` (on ``text``) and ``later`` (on ``current``, the text ``plan``
    gives at ``threshold``): a later finding that touches an applied edit is merged with it into one finding."""
    applied = sorted((f for f in plan if f.applies_at(threshold)), key=lambda f: f.start)
    # (start in text, end in text, start in current, end in current) of each applied edit
    spans, shift = [], 0
    for f in applied:
        spans.append((f.start, f.end, f.start + shift, f.start + shift + len(f.replacement), f))
        shift += len(f.replacement) - (f.end - f.start)
    cur_starts = [s[2] for s in spans]

    def to_text(pos: int) -> int:
        """A position of ``current`` outside every edit, as a position of ``text``.  A position where an edit
        starts lies before it (the end of "oneline" right before a repaired "€")."""
        at = bisect.bisect_left(cur_starts, pos) - 1
        if at < 0:
            return pos
        o_s, o_e, c_s, c_e, _f = spans[at]
        return o_e + (pos - c_e)

    # (speed) The spans a later finding touches are looked for by bisection, not by a scan of every span: the scan
    # made this O(findings x edits), most of a 5 MB spun text's time.  ``reach``: the furthest end so far.
    reach: list[int] = []
    for span in spans:
        reach.append(max(span[3], reach[-1]) if reach else span[3])
    in_order = all(a <= b for a, b in zip(cur_starts, cur_starts[1:]))

    def touching(g: Finding) -> list[int]:
        cands: Iterable[int] = range(len(spans))
        if in_order:  # spans before ``lo`` end by g.start; spans from ``hi`` on start at or after g.end
            cands = range(bisect.bisect_right(reach, g.start), bisect.bisect_left(cur_starts, g.end))
            if g.start == g.end:
                cands = sorted({*cands, *range(bisect.bisect_left(cur_starts, g.start),
                                               bisect.bisect_right(cur_starts, g.start))})
        return [k for k in cands for (_os, _oe, c_s, c_e, _f) in (spans[k],)
                if c_s < g.end and g.start < c_e or (g.start == g.end == c_s)]

    merged: dict[int, Finding] = {}
    out: list[Finding] = []
    for g in sorted(later, key=lambda f: f.start):
        touched = touching(g)
        if not touched:
            s, e = to_text(g.start), to_text(g.end)
            if text[s:e] == g.text:
                out.append(replace(g, start=s, end=e))
            continue
        if not g.applies_at(threshold) or any(k in merged for k in touched):
            continue
        c_lo, c_hi = min(g.start, spans[touched[0]][2]), max(g.end, spans[touched[-1]][3])
        o_lo, o_hi = spans[touched[0]][0] - (spans[touched[0]][2] - c_lo), spans[touched[-1]][1] + (
            c_hi - spans[touched[-1]][3])
        new = current[c_lo:g.start] + g.replacement + current[g.end:c_hi]
        firsts = [spans[k][4] for k in touched]
        reason = "; then ".join([f.reason for f in firsts] + [g.reason])
        merged[touched[0]] = Finding(o_lo, o_hi, text[o_lo:o_hi], new, g.rule if all(
            f.rule == g.rule for f in firsts) else firsts[0].rule, min([g.confidence] + [f.confidence for f in firsts]),
            reason, True, (new,), tuple(x for f in firsts for x in f.evidence) + g.evidence)
        for k in touched[1:]:
            merged[k] = merged[touched[0]]
    replaced = {id(spans[k][4]) for k in merged}
    # a later round judges the text as fixed: where it applies an edit, a finding of the plan that was only
    # reported there ("firm mentioned" -> "company said", ambiguous) gives way, or a second run would apply it
    now = sorted((f.start, f.end) for f in out if f.applies_at(threshold))
    # (``later`` does not overlap itself: of the edits starting before f, only the last can reach into it)
    kept = [f for f in plan if id(f) not in replaced and (f.applies_at(threshold) or not any(
        s < f.end and f.start < e for s, e in now[max(0, bisect.bisect_left(now, (f.start, -1)) - 1):
                                                   bisect.bisect_left(now, (f.end, -1))]))]
    result = {id(f): f for f in kept + out + list(merged.values())}.values()
    return resolve_overlaps(result)


def _moved_options(options: Options, edits: list[Finding], threshold: float) -> Options:
    """``options`` for the text the applicable ``edits`` give: its prose and ignored spans moved with the edits
    (a later round must not edit code that the first round's edits shifted)."""
    applied = sorted((f for f in edits if f.applies_at(threshold)), key=lambda f: f.start)
    if not applied or (options.prose is None and not options.ignored):
        return options
    ends = [f.end for f in applied]
    shifts = [0]
    for f in applied:
        shifts.append(shifts[-1] + len(f.replacement) - (f.end - f.start))

    def at(p: int) -> int:
        k = bisect.bisect_right(ends, p)  # edits that end at or before p
        if k < len(applied) and applied[k].start < p:  # inside an edit: its end
            return applied[k].start + shifts[k] + len(applied[k].replacement)
        return p + shifts[k]

    def spans(given):
        return [(at(s), at(e)) for s, e in given]

    return replace(options, prose=None if options.prose is None else spans(options.prose),
                   ignored=spans(options.ignored))


_TOKEN_TEXT = operator.itemgetter(2)  # a token's text, at C speed (``Token.text``)


class _WidthsMemo(dict):
    """(a token as written, the next one or "") -> the widths, in words, a key of the swap table may have that
    starts at the token, longest first (``Engine._word_findings``): 1 where the table restores the word alone (as
    written or as a plural: ``_table_readings``), and 2 to 4 where the two words start a phrase of the table of that
    many words at most (``Engine._swap_pairs``).  The same wherever the pair stands: (speed) worked out on the
    first sight of each pair, so that the sweep steps at C speed over the many words of a spun text that start
    no key."""

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine

    def __missing__(self, pair: tuple[str, str]) -> tuple[int, ...]:
        head, second = pair
        engine = self.engine
        low = normalise(head)
        alone = bool(engine._table_readings(base_key(head), 1)[0])
        pair2, longest = False, 0
        if second and low in engine._swap_keys[1]:  # a phrase starts here only where its first two words are a pair
            pairs = engine._swap_pairs
            pair2 = (low, base_key(second)) in pairs  # (a key's last word as ``key_of`` reads it)
            longest = pairs.get((low, normalise(second)), 0)
        got = self[pair] = tuple(k for k in (4, 3, 2, 1) if (k == 1 and alone) or (k == 2 and pair2)
                                 or (k > 2 and k <= longest))
        return got


def table_key(words: Sequence[str]) -> str:
    """The swap table's key of a run of words as the lone-word sweep reads it: each word normalised, the last one
    as its base (a possessive or a plural read through its base: ``text.base_key``)."""
    return " ".join([normalise(w) for w in words[:-1]] + [base_key(words[-1])])


def _word_neighbours(doc: Document, i: int, k: int, restored: tuple[dict[int, str], dict[int, str]]
                     ) -> tuple[str | None, str | None]:
    """The words (lower case) before and after the ``k`` tokens at ``i`` that a lone word's reading is read between:
    None where more than white space separates them; next to an applied phrase, the word it writes (``restored``:
    ``_restored_edges``; "satellite tv for pc launches" is read as "satellite launches")."""
    toks, text = doc.tokens, doc.text
    left = right = None
    if i > 0 and text[toks[i - 1].end:toks[i].start].strip() == "":
        left = restored[0].get(toks[i - 1].end, toks[i - 1].lower)
    if i + k < len(toks) and text[toks[i + k - 1].end:toks[i + k].start].strip() == "":
        right = restored[1].get(toks[i + k].start, toks[i + k].lower)
    return left, right


def _restored_edges(taken: list[Finding]) -> tuple[dict[int, str], dict[int, str]]:
    """For the applied phrases: {end offset: the last word it writes}, {start offset: the first word it writes}
    (lower case; a phrase that writes no word is left out)."""
    ends: dict[int, str] = {}
    starts: dict[int, str] = {}
    for f in taken:
        words = _SIGN_WORD.findall(f.replacement.lower())
        if words:
            ends[f.end], starts[f.start] = words[-1], words[0]
    return ends, starts


@lru_cache(maxsize=1 << 16)
def _lettered(word: str) -> bool:
    """Whether a token is letters only, hyphens and apostrophes aside: a word the table may restore alone (not a
    number, nor a code).  (speed) Kept for the most recent distinct tokens: the sweep asks it of every candidate."""
    return word.replace("-", "").replace("'", "").replace("\u2019", "").isalpha()


def _sentence_start(text: str, pos: int) -> bool:
    """Whether only white space, quotes or brackets stand between ``pos`` and the previous sentence end.  The
    period of an abbreviation ("U.S. Navy", "Mr. Smith") ends no sentence."""
    i = pos - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"'\u201c\u2018([*#-"):
        if text[i] == "\n" and i > 0 and text[i - 1] == "\n":
            return True
        i -= 1
    if i >= 0 and text[i] == "." and i < pos - 1 and _ABBREVIATION.search(text, max(0, i - 12), i + 1):
        return False
    return i < 0 or text[i] in ".!?:\n"


# the abbreviations whose period ends no sentence: capitals with periods ("U.S.", "U.K.") and titles
_ABBREVIATION = LazyPattern(r"(?<![\p{L}.])(?:(?:\p{Lu}\.){2,}|(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|"
                            r"Jr|Sr|Rev|Hon)\.)$")


SECTION_CHARS = 40_000  # about an article: a longer file is judged section by section, never as one bag of words


# A text of this many sections (``sections``: 60,000 characters make two) has them shared out over the processes
# its caller allows (the command line's --jobs, or every CPU).  Forking costs about what one clean section takes,
# and one spun section takes a hundred times that: measured, 100 KB of clean prose was no slower so.
PARALLEL_SECTIONS = 2


def _part(bounds: tuple[int, int] | None, shared: tuple) -> tuple[list[Finding], ev.SpinReport | None]:
    """One part of an analysis (``Engine._parts``): a section's findings and spin, or (``None``) the other rules'
    findings; those the user wants to see (``Engine._filter``), placed in the document (a section's where the
    section is), by the process that found them.  In a worker process the engine, the document, the options and
    the filter come through the fork."""
    engine, doc, options, prior, keep = shared
    if bounds is None:
        return keep(engine._other_rules(doc, options)), None
    findings, spin = engine._analyse_section(doc, bounds[0], bounds[1], options, prior)
    return keep([f.shifted(bounds[0]) for f in findings] if bounds[0] else findings), spin


_SENTENCE_END = LazyPattern(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)]))\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``: split after . ! ? before a capital, and at line
    ends."""
    end = len(text) if end is None else end
    spans, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


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


class _Uses:
    """Where phrases occur in a text (its folded copy), each phrase looked up once: the restorations of a spun
    section ask again and again whether their canonical term is used elsewhere (7,800 asks of 2,400 terms on a
    spun megabyte, each a search of the whole section).  The folded copy is made on the first question."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._places: dict[str, list[int]] = {}

    def places(self, phrase: str) -> list[int]:
        """The starts of ``phrase`` in the text with no letter right before or after it."""
        got = self._places.get(phrase)
        if got is None:
            text, got = self.doc.folded, []
            at = text.find(phrase)
            while at != -1:
                end = at + len(phrase)
                if (at == 0 or not text[at - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
                    got.append(at)
                at = text.find(phrase, at + 1)
            self._places[phrase] = got
        return got

    def elsewhere(self, phrase: str, besides: tuple[int, int]) -> bool:
        """Whether ``phrase`` occurs outside the span ``besides`` (the phrase being judged: "new guidelines" inside
        "brand new guidelines" is not a use elsewhere)."""
        n = len(phrase)
        return any(not (at < besides[1] and besides[0] < at + n) for at in self.places(phrase))


def _base(word: str) -> str:
    return split_possessive(word)[0]


_ACRO = LazyPattern(r"\s*\(([A-Z][A-Z0-9&]{1,9})\)")


def _acronym_after(text: str, end: int) -> str | None:
    if not text.startswith("(", end) and not text[end:end + 1].isspace():
        return None  # (speed) neither "(" nor white space next: no match (the pattern's "\s" is within isspace)
    m = _ACRO.match(text, end)
    return m.group(1) if m else None


_VOWEL_SOUND = LazyPattern(r"^(?:[aeio]|u(?!ni|s[eu]|ro|ti)|hour|honest|heir)", regex.IGNORECASE)
_ARTICLE_BEFORE = LazyPattern(r"(?<![\p{L}\p{N}])(an?|An?|AN?)(\s+)$")


_LEADING_ARTICLE = LazyPattern(r"^(?:the|an?)\s+", regex.IGNORECASE)
_DETERMINER_BEFORE = LazyPattern(r"(?<![\p{L}\p{N}'\u2019])(?:the|an?|this|that|these|those|its|their|his|her|our|"
                                 r"your|my|some|any|each|every|no)\s+$", regex.IGNORECASE)


def fix_article(text: str, f: Finding) -> Finding:
    """Fit the replacement to the article before it: a canonical that brings its own article ("the cloud
    platform") drops it after a determiner the text already has ("on the [cloud stage]" must not become "on the
    the cloud platform"), and a preceding "a"/"an" is extended over when the replacement needs the other one."""
    if not f.replacement or f.rule not in SPUN_RULES:
        return f
    # (speed) only a replacement starting "t" or "a" (either case: no other character matches there under the
    # pattern's case folding) can start with "the", "a" or "an"
    lead = _LEADING_ARTICLE.match(f.replacement) if f.replacement[0] in "tTaA" else None
    if lead and not _LEADING_ARTICLE.match(f.text) and _DETERMINER_BEFORE.search(text, max(0, f.start - 8), f.start):
        rest = f.replacement[lead.end():]
        f = replace(f, replacement=rest, candidates=tuple(
            _LEADING_ARTICLE.sub("", c, count=1) for c in f.candidates) if f.candidates else f.candidates)
    before = max(0, f.start - 6)
    if "a" not in text[before:f.start] and "A" not in text[before:f.start]:
        return f  # (speed) no "a" or "an" before it (asked of every finding, in the parent process)
    m = _ARTICLE_BEFORE.search(text, before, f.start)
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
