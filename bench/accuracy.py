"""Accuracy harness: how much respell restores, and how much it damages, measured on data it was not tuned on.

One command (``python bench/accuracy.py``) prints a table with three sections:

* seed: per-kind restoration against ``../shared/eval/seed_gold.tsv`` and the edits made outside the gold
  spans or with a wrong replacement (wrong edits), on ``../shared/seeds/spun_article.txt``;
* k-fold (k = 5) over the tortured-phrase list: for each fold the lexicon is rebuilt without that fold's pairs
  (their fingerprints, the swaps learned from them, and the science gazetteer terms only they contributed);
  documents are built from the flagged papers of ``pps_flagged_papers.csv`` (one sentence per tortured phrase
  the paper carried, so the paper's other, known phrases are the document-level evidence), and exact
  restoration and precision are measured on the held-out phrases;
* clean prose: edits per 100,000 words on the must-not-change texts in ``tests/data/clean``, the clean seed
  answer, and the Python documentation corpus (``bench/corpus``, built from Debian's python3-doc when present).

Options: ``--only seed,kfold,clean``, ``--folds N`` (run fewer folds for a quick look), ``--calibration``
(confidence bins against precision, from the k-fold and seed findings), ``--show`` (list wrong edits).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from respell.engine import SPUN_RULES, Engine, Options  # noqa: E402
from respell.lexicon import Lexicon, Tables, read_tables  # noqa: E402
from respell.plan import DEFAULT_MIN_CONFIDENCE, apply  # noqa: E402


@dataclass
class Bins:
    """Confidence bins: how many applied findings at each confidence were right."""

    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)

    def add(self, confidence: float, ok: bool) -> None:
        b = min(9, int(confidence * 10))
        self.total[b] += 1
        self.right[b] += ok

    def rows(self) -> list[str]:
        return [f"| {b / 10:.1f}-{(b + 1) / 10:.1f} | {self.total[b]} | {self.right[b] / self.total[b]:.0%} |"
                for b in sorted(self.total)]


# ----------------------------------------------------------------------------------------------- seed

def seed(engine: Engine, threshold: float, show: bool, bins: Bins) -> list[str]:
    gold_path, seed_path = SHARED / "eval" / "seed_gold.tsv", SHARED / "seeds" / "spun_article.txt"
    if not gold_path.exists() or not seed_path.exists():
        return ["seed: ../shared is absent, skipped"]
    text = seed_path.read_text(encoding="utf-8")
    a = engine.analyse(text, Options(min_confidence=threshold))
    fixed = apply(text, a.findings, threshold)
    ol, fl = text.split("\n"), fixed.split("\n")
    rows = []
    for row in gold_path.read_text(encoding="utf-8").splitlines():
        if row.startswith("#") or not row.strip():
            continue
        ln, spun, canon, kind, sure = row.split("\t")
        rows.append((int(ln), spun, [c.lower() for c in canon.split("|")], kind))
    hit, tot = Counter(), Counter()
    if len(ol) == len(fl):
        for ln, spun, alts, kind in rows:
            tot[kind] += 1
            o, f = ol[ln - 1].lower(), fl[ln - 1].lower()
            s = spun.lower()
            if f.count(s) < o.count(s) and any(f.count(x) > o.count(x) or (x in s and x in f) for x in alts):
                hit[kind] += 1
    # wrong edits: applied spun-phrase findings outside every gold span, or whose result holds no canonical
    line_starts = [0]
    for line in ol[:-1]:
        line_starts.append(line_starts[-1] + len(line) + 1)
    spans = defaultdict(list)
    for ln, spun, alts, kind in rows:
        base = line_starts[ln - 1]
        for m in re.finditer(re.escape(spun), ol[ln - 1]):
            spans[ln].append((base + m.start(), base + m.end(), alts))
    wrong, right, wrong_list = 0, 0, []
    for f in a.findings:
        if not f.applies_at(threshold) or f.rule not in SPUN_RULES:
            continue
        ln = text.count("\n", 0, f.start) + 1
        ok = False
        for s, e, alts in spans.get(ln, []):
            if f.start < e and s < f.end:
                region = (text[min(s, f.start):f.start] + f.replacement + text[f.end:max(e, f.end)]).lower()
                new_words = set(re.findall(r"[\w'’-]+", f.replacement.lower())) - set(
                    re.findall(r"[\w'’-]+", f.text.lower()))
                if any(x in region for x in alts) or any(
                        new_words and new_words <= set(re.findall(r"[\w'’-]+", x)) for x in alts):
                    ok = True  # restored, or every word it wrote belongs to the canonical wording
        bins.add(f.confidence, ok)
        if ok:
            right += 1
        else:
            wrong += 1
            wrong_list.append(f"    line {ln}: {f.text!r} -> {f.replacement!r} [{f.rule}, {f.confidence:.2f}]")
    outside = edits_outside_gold(text, a.findings, threshold, gold_spans(text, gold_path))
    out = ["### Seed article (threshold %.2f)" % threshold, "",
           "| kind | restored | rows |", "|---|---|---|"]
    for kind in ("entity", "term", "artifact", "word"):
        out.append(f"| {kind} | {hit[kind]} | {tot[kind]} |")
    out += ["", f"lines kept: {len(ol) == len(fl)}; applied spun-phrase edits: {right + wrong}, "
            f"right {right}, wrong {wrong}; document spin score {a.spin.score:.2f}",
            f"applied edits (any rule) not inside a gold span: {len(outside)}"]
    if show:
        out += wrong_list
        out += [f"    outside: line {text.count(chr(10), 0, f.start) + 1}: {f.text!r} -> {f.replacement!r} "
                f"[{f.rule}]" for f in outside]
    return out


def gold_spans(text: str, gold_path: Path) -> dict[int, list[tuple[int, int]]]:
    """line -> (start, end) offsets in ``text`` of every gold row's spun wording on that line."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in gold_path.read_text(encoding="utf-8").splitlines():
        if row.startswith("#") or not row.strip():
            continue
        ln, spun = row.split("\t")[:2]
        for m in re.finditer(re.escape(spun), lines[int(ln) - 1]):
            spans[int(ln)].append((starts[int(ln) - 1] + m.start(), starts[int(ln) - 1] + m.end()))
    return spans


def edits_outside_gold(text: str, findings, threshold: float, spans) -> list:
    """The findings ``fix`` would apply whose span is not inside one gold span: the issue's "no edit outside
    the gold spans" (any rule, not only spun phrases)."""
    out = []
    for f in findings:
        if not f.applies_at(threshold):
            continue
        # What the edit really changes: its span without the text it writes back unchanged at either end
        # ("go to to" -> "visit to" changes "go to").
        old, new = f.text, f.replacement
        pre = len(os.path.commonprefix([old, new]))
        suf = len(os.path.commonprefix([old[pre:][::-1], new[pre:][::-1]]))
        start, end = f.start + pre, f.end - suf
        ln = text.count("\n", 0, f.start) + 1
        if not any(s <= start and end <= e for s, e in spans.get(ln, [])):
            out.append(f)
    return out


# ------------------------------------------------------------------------------------------------ k-fold

TEMPLATES = [
    "In this paper, the {p} is applied to the collected samples.",
    "We show that {p} improves the overall performance of the system.",
    "The results obtained with {p} are compared with earlier studies.",
    "Section three describes how {p} was used in the experiments.",
    "A detailed analysis of {p} is given in the next section.",
    "Our method relies on {p} to process the input.",
    "Table 2 lists the parameters of {p} used in this study.",
    "The main advantage of {p} is its low cost.",
]


def fold_of(key: str, k: int) -> int:
    return zlib.crc32(key.encode()) % k


def paper_phrases(known: set[str]) -> list[list[str]]:
    path = SHARED / "data" / "pps_flagged_papers.csv"
    papers = []
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            phrases = []
            for item in row["Tortured Phrases"].split("•"):
                p = re.sub(r"~\d+$", "", item.split(" AND ")[0]).strip().lower()
                if p in known and p not in phrases:
                    phrases.append(p)
            if phrases:
                papers.append(phrases)
    return papers


def fold_tables(base: Tables, held: set[str], tortured_rows) -> Tables:
    """The lexicon's tables without anything the held-out pairs contributed."""
    from respell import learn
    t = Tables(
        fingerprints=[r for r in base.fingerprints if not (r[4] == "science" and r[0].lower() in held)],
        swaps=[r for r in base.swaps if r[3] != "science"],  # science swaps are re-learned below
        synonyms=base.synonyms,
        gazetteer=[r for r in base.gazetteer if r[2] != "science"],
    )
    kept = [(s, c) for s, c, _src in tortured_rows if s.lower() not in held]
    for (cw, sw), n in sorted(learn.learn_swaps(kept).items()):
        t.swaps.append((cw, sw, float(n), "science", "tortured-list"))
    science_terms = set()
    for fp in base.fingerprints:
        if fp[4] == "science" and fp[0].lower() not in held:
            for alt in fp[1].split("|"):
                science_terms.add(alt.strip())
    t.gazetteer += [(term, 1.0, "science") for term in sorted(science_terms) if term]
    return t


def kfold(k: int, folds: int, threshold: float, show: bool, bins: Bins) -> list[str]:
    path = SHARED / "data" / "tortured_phrases.tsv"
    if not path.exists():
        return ["k-fold: ../shared/data is absent, skipped"]
    from respell import learn
    rows = learn.read_tortured_tsv(path)
    base = read_tables()
    expected: dict[str, list[str]] = {}
    for fp in base.fingerprints:
        if fp[4] == "science" and fp[2] != "report" and "|" not in fp[1]:
            expected[fp[0].lower()] = [fp[1].lower().replace("-", " ")]
    papers = paper_phrases(set(expected))
    tot = right = partial = wrong = 0
    per_fold = []
    wrong_list: list[str] = []
    for f in range(min(folds, k)):
        held = {key for key in expected if fold_of(key, k) == f}
        engine = Engine(Lexicon(fold_tables(base, held, rows)))
        fr = fp_ = fw = ft = 0
        for pi, phrases in enumerate(papers):
            if not any(p in held for p in phrases):
                continue
            parts, spans = [], []
            pos = 0
            for i, p in enumerate(phrases):
                tpl = TEMPLATES[(pi + i) % len(TEMPLATES)]
                sent = tpl.replace("{p}", p)
                if sent[0].islower():
                    sent = sent[0].upper() + sent[1:]
                start = pos + tpl.index("{p}")
                spans.append((start, start + len(p), p))
                parts.append(sent)
                pos += len(sent) + 1
            text = " ".join(parts)
            a = engine.analyse(text, Options(min_confidence=threshold))
            applied = [x for x in a.findings if x.applies_at(threshold) and x.rule in SPUN_RULES]
            for s, e, p in spans:
                if p not in held:
                    continue
                ft += 1
                cover = [x for x in applied if x.start < e and s < x.end]
                if not cover:
                    continue
                region = apply(text[min(s, cover[0].start):max(e, cover[-1].end)],
                               [x.shifted(-min(s, cover[0].start)) for x in cover], threshold)
                region = region.lower().replace("-", " ")  # "back-propagation" is "back propagation"
                lo = s - min(s, cover[0].start)
                ok = any(region[lo:].startswith(x) or region == x for x in expected[p]) or region.strip(" .") in expected[p]
                written = set(re.findall(r"[\w'-]+", " ".join(x.replacement.lower() for x in cover))) - set(
                    re.findall(r"[\w'-]+", " ".join(x.text.lower() for x in cover)))
                part = not ok and bool(written) and written <= set(re.findall(r"[\w'-]+", expected[p][0]))
                for x in cover:
                    bins.add(x.confidence, ok or part)
                if ok:
                    fr += 1
                elif part:
                    fp_ += 1
                    wrong_list.append(f"    partial: {p!r} -> {region!r} (expected {expected[p][0]!r})")
                else:
                    fw += 1
                    wrong_list.append(f"    {p!r} -> {region!r} (expected {expected[p][0]!r})")
            for x in applied:  # edits on the template's own words are wrong too
                if not any(x.start < e and s < x.end for s, e, _p in spans):
                    fw += 1
                    bins.add(x.confidence, False)
                    wrong_list.append(f"    template edit {x.text!r} -> {x.replacement!r}")
        per_fold.append((f, ft, fr, fp_, fw))
        tot += ft
        right += fr
        partial += fp_
        wrong += fw
    per_fold.append(("all", tot, right, partial, wrong))
    out = [f"### k-fold over the tortured-phrase list (k = {k}, {len(per_fold) - 1} fold(s) run, threshold {threshold:.2f})",
           "", "Exact: the span now reads the expected wording. Partial: every word the edit wrote belongs to the "
           "expected wording (the list's key is often a truncated piece of a longer term: \"shrouded markov\" -> "
           "\"hidden markov\" for \"hidden markov model\"). Precision counts exact and partial edits as right; strict "
           "precision counts only exact ones.", "",
           "| fold | held-out phrases in papers | exact | partial | wrong edits | exact restoration | precision "
           "| strict precision |", "|---|---|---|---|---|---|---|---|"]
    for f, ft, fr, fp_, fw in per_fold:
        n = fr + fp_ + fw
        out.append(f"| {f} | {ft} | {fr} | {fp_} | {fw} | {fr / ft if ft else 0:.1%} | "
                   f"{(fr + fp_) / n if n else 1:.1%} | {fr / n if n else 1:.1%} |")
    if show:
        out += sorted(wrong_list)
    return out


# --------------------------------------------------------------------------------------- development pages

SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)]))\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after . ! ? before a capital, and at line ends."""
    spans, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def applied_findings(engine: Engine, text: str, threshold: float, split: bool) -> list:
    """Findings ``fix`` would apply to ``text``: run on the whole text, or on each sentence alone (offsets are
    the text's either way)."""
    if not split:
        return [f for f in engine.analyse(text, Options(min_confidence=threshold)).findings if f.applies_at(threshold)]
    out = []
    for s, e in sentence_spans(text):
        out += [f.shifted(s) for f in engine.analyse(text[s:e], Options(min_confidence=threshold)).findings
                if f.applies_at(threshold)]
    return out


def _words(s: str) -> set[str]:
    return set(re.findall(r"[\w'\u2019-]+", s.lower().replace("\u2019", "'")))


def devpages(engine: Engine, threshold: float, show: bool) -> list[str]:
    """Sure pairs of ``spun_pages_dev.jsonl`` restored, per spinner family, on whole pages and on sentences run
    alone; and every applied edit outside the listed spun phrases."""
    import json
    path = SHARED / "data" / "spun_pages_dev.jsonl"
    if not path.exists():
        return ["development pages: ../shared is absent, skipped"]
    pages = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = ["### Development pages (`spun_pages_dev.jsonl`, sure pairs, threshold %.2f)" % threshold, "",
           "A pair is restored when, at an occurrence of its spun wording, the fixed text holds the canonical "
           "wording (case and apostrophes aside). An edit is outside when it touches no listed spun phrase; wrong "
           "when it touches one but writes words the canonical wording does not have.", ""]
    for split in (False, True):
        fam_hit, fam_tot = Counter(), Counter()
        outside, wrong, right = [], [], 0
        for page in pages:
            text, fam = page["text"], page["family"]
            found = applied_findings(engine, text, threshold, split)
            spans = []
            for p in page["pairs"]:
                for m in re.finditer(re.escape(p["spun"]), text, re.IGNORECASE):
                    spans.append((m.start(), m.end(), p))
            for p in page["pairs"]:
                if not p["sure"]:
                    continue
                fam_tot[fam] += 1
                canon = p["canonical"].lower().replace("\u2019", "'")
                for m in re.finditer(re.escape(p["spun"]), text):
                    s, e = m.start(), m.end()
                    over = [f for f in found if f.start < e and s < f.end]
                    if not over:
                        continue
                    lo, hi = min([s] + [f.start for f in over]), max([e] + [f.end for f in over])
                    region, pos = [], lo
                    for f in sorted(over, key=lambda f: f.start):
                        region += [text[pos:f.start], f.replacement]
                        pos = f.end
                    region.append(text[pos:hi])
                    if canon in "".join(region).lower().replace("\u2019", "'"):
                        fam_hit[fam] += 1
                        break
            for f in found:
                touched = [p for s, e, p in spans if f.start < e and s < f.end]
                if not touched:
                    outside.append((page["url"], f))
                elif not _words(f.replacement) - _words(f.text) <= set().union(*(_words(p["canonical"]) for p in touched)):
                    wrong.append((page["url"], f))
                else:
                    right += 1
        label = "sentences, each run alone" if split else "whole pages"
        out += [f"**{label}**", "", "| family | restored | sure pairs | share |", "|---|---|---|---|"]
        for fam in sorted(fam_tot, key=lambda f: -fam_tot[f]):
            out.append(f"| {fam} | {fam_hit[fam]} | {fam_tot[fam]} | {fam_hit[fam] / fam_tot[fam]:.0%} |")
        h, t = sum(fam_hit.values()), sum(fam_tot.values())
        out += [f"| **all** | **{h}** | **{t}** | **{h / t:.1%}** |", "",
                f"applied edits: {right + len(wrong) + len(outside)}; on a listed phrase and right: {right}; "
                f"wrong words: {len(wrong)}; outside the listed phrases: {len(outside)}", ""]
        if show or not split:
            for url, f in outside:
                out.append(f"    outside: {url.split('/')[2]}: {f.text!r} -> {f.replacement!r} [{f.rule}, "
                           f"{f.confidence:.2f}]")
        if show:
            for url, f in wrong:
                out.append(f"    wrong: {url.split('/')[2]}: {f.text!r} -> {f.replacement!r} [{f.rule}, "
                           f"{f.confidence:.2f}]")
        out.append("")
    return out


# ------------------------------------------------------------------------------------------------- clean

def _records(root: Path):
    """The text of every documentation paragraph record."""
    import json
    with open(root / "records.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]


def clean(engine: Engine, threshold: float, show: bool) -> list[str]:
    sets: list[tuple[str, list[Path]]] = [("must-not-change texts (tests/data/clean)",
                                           sorted((ROOT / "tests" / "data" / "clean").glob("*.txt")))]
    answer = SHARED / "seeds" / "clean_answer.txt"
    if answer.exists():
        sets.append(("clean seed answer", [answer]))
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        from corpus import ensure_corpus  # type: ignore
        root: Path = ensure_corpus()
        sets.append(("Python + Django documentation (python3-doc, python-django-doc)",
                     sorted((root / "pages").rglob("*.txt"))))
    except Exception as e:  # noqa: BLE001 - the corpus is optional; say why it is missing
        sets.append((f"Python documentation: unavailable ({e})", []))
    out = ["### Clean prose", "", "| corpus | documents | words | spun-phrase edits | per 100k words | other-rule edits |"
           " documents judged spun |", "|---|---|---|---|---|---|---|"]
    examples = []
    for name, texts in [(name, (p.read_text(encoding="utf-8", errors="replace") for p in paths)) for name, paths in sets] + (
            [("the same documentation as separate paragraphs (records.jsonl), each run alone", _records(root))]
            if sets[-1][1] else []):
        words = spun_edits = other = judged = docs = 0
        for n, text in enumerate(texts):
            docs += 1
            words += len(text.split())
            a = engine.analyse(text, Options(min_confidence=threshold))
            judged += a.spin.spun
            for f in a.findings:
                if f.applies_at(threshold):
                    if f.rule in SPUN_RULES:
                        spun_edits += 1
                        examples.append(f"    {name[:20]} #{n}: {f.text!r} -> {f.replacement!r} [{f.rule}, {f.confidence:.2f}]")
                    else:
                        other += 1
                        examples.append(f"    {name[:20]} #{n}: {f.text!r} -> {f.replacement!r} [{f.rule}]")
        rate = spun_edits / words * 100_000 if words else 0
        out.append(f"| {name} | {docs} | {words} | {spun_edits} | {rate:.2f} | {other} | {judged} |")
    if show:
        out += examples[:80]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="seed,dev,kfold,clean")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=DEFAULT_MIN_CONFIDENCE)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--calibration", action="store_true")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    t0 = time.time()
    bins = Bins()
    engine = Engine()
    out: list[str] = []
    if "seed" in only:
        out += seed(engine, args.threshold, args.show, bins) + [""]
    if "dev" in only:
        out += devpages(engine, args.threshold, args.show) + [""]
    if "kfold" in only:
        out += kfold(5, args.folds, args.threshold, args.show, bins) + [""]
    if "clean" in only:
        out += clean(engine, args.threshold, args.show) + [""]
    if args.calibration:
        out += ["### Calibration (applied findings, seed + k-fold)", "", "| confidence | findings | right |",
                "|---|---|---|"] + bins.rows() + [""]
    out.append(f"({time.time() - t0:.0f} s)")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
