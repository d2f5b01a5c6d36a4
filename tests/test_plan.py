"""resolve_overlaps keeps exactly what the plain quadratic rule keeps ("a finding is kept when it overlaps no
finding kept before it"), on random spans and on the findings of real spun text, in O(F log F) and the findings'
total length."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import respell
from respell import engine
from respell.plan import Finding, _fit_by_trimming, apply, resolve_overlaps

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def reference(findings, threshold=None):
    """The definition, compared with every kept span (the algorithm before issue 13)."""
    applied = (lambda f: True) if threshold is None else (lambda f: f.applies_at(threshold))
    ordered = sorted(findings, key=lambda f: (not f.fixable, not applied(f), -(f.end - f.start), -f.confidence,
                                              f.start, f.rule))
    kept, taken = [], []
    for f in ordered:
        if any(f.start < e and s < f.end or (f.start == s and f.end == e) for s, e in taken):
            continue
        kept.append(f)
        taken.append((f.start, f.end))
    kept.sort(key=lambda f: (f.start, f.end))
    if threshold is not None and len(kept) < len(ordered):  # then the same trimming step (plan._fit_by_trimming)
        kept = _fit_by_trimming(kept, [f for f in ordered if f.applies_at(threshold)], threshold)
    return kept


def finding(start: int, length: int, fixable: bool = True, confidence: float = 0.9, rule: str = "r") -> Finding:
    return Finding(start, start + length, "x" * length, "y", rule, confidence, "", fixable)


spans = st.builds(finding, st.integers(0, 30), st.integers(0, 6), st.booleans(),
                  st.sampled_from([0.5, 0.8, 0.9]), st.sampled_from(["a", "b"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(spans, max_size=40))
def test_same_as_the_reference_on_random_spans(findings):
    assert resolve_overlaps(findings) == reference(findings)


def test_insertions_and_spans():
    ins, span = finding(5, 0), finding(3, 4, confidence=0.5)
    assert resolve_overlaps([ins, span]) == [span]               # fixable longer span first: the insertion is inside
    assert resolve_overlaps([finding(3, 0), finding(3, 0, rule="b"), finding(3, 2)]) == [finding(3, 0, rule="b"), finding(3, 2)]
    assert resolve_overlaps([finding(7, 0), span]) == [span, finding(7, 0)]  # at the span's end: no overlap
    assert resolve_overlaps([]) == []


def test_many_nested_findings_are_resolved():
    nested = [finding(i, 2 * (500 - i)) for i in range(500)] + [finding(i, 1) for i in range(1000)]
    assert resolve_overlaps(nested) == reference(nested) == [finding(0, 1000)]


def _bench_spun(text: str) -> str:
    spec = importlib.util.spec_from_file_location("bench_speed_for_tests", ROOT / "bench" / "speed.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.spin_text(text, ROOT / "dictionaries" / "swaps_news.tsv")


def _texts() -> list[str]:
    texts = [_bench_spun("\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "clean")
                                                                                  .glob("*.txt"))))]
    if (SHARED / "seeds" / "spun_article.txt").is_file():
        texts.append((SHARED / "seeds" / "spun_article.txt").read_text(encoding="utf-8"))
    pages = SHARED / "data" / "spun_pages_dev.jsonl"
    if pages.is_file():
        texts += [json.loads(line)["text"] for line in pages.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_same_findings_as_the_reference_on_spun_text(monkeypatch):
    """Every call the engine makes on the seed, the development pages and the benchmark's kind of spun text
    keeps what the reference keeps."""
    calls = []

    def both(findings, threshold=None):
        findings = list(findings)
        got = resolve_overlaps(findings, threshold)
        calls.append((len(findings), got == reference(findings, threshold)))
        return got

    monkeypatch.setattr(engine, "resolve_overlaps", both)
    lex = respell.Lexicon.load()
    for text in _texts():
        respell.check(text, lexicon=lex)
    assert calls and all(same for _n, same in calls)
    assert sum(n for n, _same in calls) > 50  # real overlaps were resolved, not only empty lists


def test_with_a_threshold_an_applied_finding_beats_a_longer_one_only_reported():
    """"in particular person" (listed, under the threshold) must not hide "particular person" -> "person"."""
    longer = finding(0, 20, confidence=0.74)
    inside = finding(3, 17, confidence=0.92)
    assert resolve_overlaps([longer, inside]) == [longer]           # no threshold: the longer span first
    assert resolve_overlaps([longer, inside], 0.8) == [inside]      # at 0.8 only the shorter one is applied
    assert resolve_overlaps([longer, inside], 0.7) == [longer]      # at 0.7 both are: the longer span first


def test_a_long_run_of_entities_is_judged_once_per_entity_in_bounded_time():
    """'&amp;amp;' * 13000 (issue 14: 25 s, quadratic in the run's length): every entity is reported, none applied,
    as a run of more than MAX_CHUNK non-space characters is no prose; a short run is still repaired."""
    from respell.rules._common import MAX_CHUNK

    long = respell.check("&amp;amp;" * 13000, rules=["encoding"])
    assert len(long) == 13000 and not any(f.fixable for f in long) and 9 * 13000 > MAX_CHUNK
    assert respell.fix("Fish &amp;amp; chips.").text == "Fish & chips."


def _at(text: str, phrase: str, replacement: str, confidence: float = 0.95) -> Finding:
    start = text.index(phrase)
    return Finding(start, start + len(phrase), phrase, replacement, "spinner-swap", confidence, "test")


def test_a_finding_is_cut_to_its_changed_words_to_let_an_overlapping_one_in() -> None:
    text = "Its chief government mentioned the cash."
    pair = _at(text, "government mentioned", "government said")
    title = _at(text, "chief government", "chief executive")
    kept = resolve_overlaps([pair, title], 0.8)
    assert [(f.text, f.replacement, f.start) for f in kept] == [("chief government", "chief executive", 4),
                                                                ("mentioned", "said", 21)]
    assert apply(text, kept) == "Its chief executive said the cash."
    assert kept[1].candidates == ("said",)  # the readings offered (review, JSON) are those of the cut span
    # not when the overlap holds a word the kept finding changes, nor without a threshold, nor for one only reported
    rival = _at(text, "government mentioned", "state said")
    assert [f.text for f in resolve_overlaps([rival, title], 0.8)] == ["government mentioned"]
    assert [f.text for f in resolve_overlaps([pair, title])] == ["government mentioned"]
    assert [f.text for f in resolve_overlaps([pair, _at(text, "chief government", "chief executive", 0.7)], 0.8)] \
        == ["government mentioned"]


def test_a_losing_finding_is_cut_to_its_changed_words_when_the_kept_one_cannot_be() -> None:
    """The kept "satellite tv for pc" -> "satellite" changes every word it covers; the term that lost to it,
    "navy spy satellite" -> "military spy satellite", keeps "spy satellite" as written and is let in cut to
    "navy" -> "military" (the spun seed's line 11, which a second run could not restore either)."""
    text = "It launched its first navy spy satellite tv for pc."
    term = _at(text, "navy spy satellite", "military spy satellite", 0.95)
    listed = _at(text, "satellite tv for pc", "satellite", 0.99)
    kept = resolve_overlaps([term, listed], 0.8)
    assert [(f.text, f.replacement) for f in kept] == [("navy", "military"), ("satellite tv for pc", "satellite")]
    assert apply(text, kept) == "It launched its first military spy satellite."
    # not when the lost finding changes a word inside the overlap
    rival = _at(text, "navy spy satellite", "military spy moon", 0.95)
    assert [f.text for f in resolve_overlaps([rival, listed], 0.8)] == ["satellite tv for pc"]


def test_a_title_and_a_verb_sharing_a_word_are_both_restored() -> None:
    text = ("Investors have poured cash into the startup. Its chief government mentioned the cash could be used to "
            "rent extra engineers, the corporate mentioned, within the subsequent yr.")
    assert respell.fix(text).text == ("Investors have poured money into the startup. Its chief executive said the "
                                      "money could be used to rent more engineers, the company said, in the next year.")
