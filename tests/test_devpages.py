"""Issue 12's measure on the real spun pages of ../shared (third-party text, read in place; skipped when absent):
floors at what the engine restores today on whole pages and on sentences run alone, the wrong words it writes,
and one run reaching the fixed point on every page and every sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import respell
from conftest import accuracy_harness

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "spun_pages_dev.jsonl"

pytestmark = pytest.mark.skipif(not PAGES.is_file(), reason="../shared (development pages) is absent")


@pytest.fixture(scope="module")
def acc():
    return accuracy_harness()


@pytest.fixture(scope="module")
def pages() -> list[dict]:
    return [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _restored(acc, pages, split: bool) -> tuple[int, int, list]:
    engine = respell.Engine()
    hit = total = 0
    wrong = []
    for page in pages:
        text = page["text"]
        found = acc.applied_findings(engine, text, 0.8, split)
        for pair in page["pairs"]:
            if pair["sure"]:
                total += 1
                hit += acc._restored_pair(text, pair, found)
        wrong += [(f.text, f.replacement) for f in acc.page_edits(page, found)["wrong"]]
    return hit, total, wrong


def test_whole_pages_floor(acc, pages) -> None:
    """Issue 12 asks 60%: the floor is what the engine restores today, 218 of 342 (63.7%)."""
    hit, total, wrong = _restored(acc, pages, split=False)
    assert total == 342
    assert hit >= 218
    # the edits writing other words than the listed ones: "lately" read as "recently" where the page's source
    # said "in recent years" (the n-grams prefer "recently" there); and "clients by no means discover or care",
    # where the source said "never notice": once the listed "by no means" is corroborated by the page's strong
    # phrases and restored, "never find" is the likelier neighbour pair (beside "by no means", "notice" won).
    # (The album "Evermore", spun as "At all times", is not read back as "Always": capitals inside a sentence
    # mark a name.)
    # The thesaurus spinner's page (another spinner than the news one) is judged spun since "making ready" is known
    # for "preparing": three of its words are then read as the news spinner's swaps, where the page's source had
    # other words ("foreign merchants" for "foreign buyers", "unique contracts" for "existing contracts",
    # "possibility" for "threat"; the pairs are not sure ones).
    assert wrong == [("lately", "recently"), ("discover", "find"),
                     ("merchants", "traders"), ("unique", "original"), ("possibility", "option")]


def test_sentences_alone_floor(acc, pages) -> None:
    """Issue 12 asks 40%: the floor is what the engine restores today, 157 of 342 (45.9%)."""
    hit, _total, wrong = _restored(acc, pages, split=True)
    assert hit >= 157
    # the same, in its sentence; and "noticed shares dipping", where the writer's "shares" is read as the spinner's
    # (stocks -> shares, seen on three pages): alone, the sentence's n-grams do not keep it
    assert wrong == [("lately", "recently"), ("shares", "stocks")]


def test_one_fix_reaches_the_fixed_point_on_every_page_and_sentence(acc, pages) -> None:
    for page in pages:
        text = page["text"]
        for s, e in [(0, len(text))] + acc.sentence_spans(text):
            once = respell.fix(text[s:e]).text
            assert respell.fix(once).text == once, (page["url"], text[s:e][:80])
