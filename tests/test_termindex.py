"""The memory-mapped term index: the same answers as the tables it was built from, saved or in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from respell import termindex as ti
from respell.lexicon import Link

GAZETTEER = {
    ("united", "nations"): ("United Nations", 1.0, frozenset({"curated"})),
    ("united", "nations", "security", "council"): ("UN Security Council", 2.0, frozenset({"curated", "wordnet"})),
    ("united", "states"): ("United States", 1.0, frozenset({"countries"})),
    ("cold", "war"): ("Cold War", 1.5, frozenset()),
    ("war",): ("war", 1.0, frozenset({"wordnet"})),
}
SYNONYMS = {
    "chilly": [("cold", "wordnet", 1.0, ""), ("cool", "moby", 1.0, ""), ("frosty", "moby", 0.5, "x")],
    "struggle": [("war", "wordnet", 1.0, "")],
}


@pytest.fixture(params=["memory", "mmap"])
def index(request, tmp_path: Path) -> ti.TermIndex:
    tries = ti.build_tries(GAZETTEER, SYNONYMS)
    if request.param == "mmap":
        paths = {part: tmp_path / f"{part}.marisa" for part in ti.PARTS}
        ti.save_tries(tries, paths)
        tries = ti.open_tries(paths)
    return ti.TermIndex(tries, Link._make)


def test_terms_and_their_data(index: ti.TermIndex) -> None:
    gaz = ti.Gazetteer(index)
    assert dict(gaz.items()) == GAZETTEER
    assert ("cold", "war") in gaz and ("cold",) not in gaz and "cold war" not in gaz
    assert gaz[("united", "nations", "security", "council")][0] == "UN Security Council"
    with pytest.raises(KeyError):
        gaz[("hot", "war")]


def test_steps_flag_complete_and_longer_terms(index: ti.TermIndex) -> None:
    assert index.step("united", "nations") == ti.COMPLETE | ti.CONTINUES
    assert index.step("united", "states") == ti.COMPLETE
    assert index.step("united nations", "security") == ti.CONTINUES
    assert index.step("united nations security", "council") == ti.COMPLETE
    assert index.step("united", "kingdom") is None and index.step("united nations", "council") is None
    assert index.step("war", "games") is None  # one-word terms are looked up, never walked
    assert index.starts_term("cold") and not index.starts_term("war") and not index.starts_term("chilly")


def test_links_keep_their_order_and_fields(index: ti.TermIndex) -> None:
    assert index.links("chilly") == [Link("cold", "wordnet", 1.0, ""), Link("cool", "moby", 1.0, ""),
                                     Link("frosty", "moby", 0.5, "x")]
    syn = ti.Synonyms(index)
    assert syn.get("nothing", []) == [] and "struggle" in syn and set(syn) == {"chilly", "struggle"}


def test_row_trie_reads_back_every_row(tmp_path: Path) -> None:
    """The always-needed tables kept as memory-mapped tries: the same rows, keys and misses as the dict."""
    from respell.termindex import RowTrie

    rows = {"a minimum of": ("a minimum of", ("at least",), "spun", "", "news"),
            "couple of": [("a few", "news", 6.0, "curated")], "caf\u00e9": ("caf\u00e9", (), "report", "n", "x")}
    RowTrie.save(rows, tmp_path / "rows.marisa")
    trie = RowTrie(tmp_path / "rows.marisa")
    assert dict(trie) == rows and len(trie) == 3
    assert "couple of" in trie and "couple" not in trie and 5 not in trie
    assert trie.get("couple") is None
    with pytest.raises(KeyError):
        trie["a minimum"]
