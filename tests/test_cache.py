"""The user cache: entries are reused, old ones pruned, older layouts removed, and nothing else touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from respell import cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("RESPELL_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RESPELL_NO_CACHE", raising=False)
    return tmp_path


def test_an_entry_is_built_once_then_read(cache_dir: Path) -> None:
    calls = []
    build = lambda: calls.append(1) or {"a": 1}  # noqa: E731
    assert cache.cached("thing", "k1", build) == {"a": 1}
    assert cache.cached("thing", "k1", build) == {"a": 1}
    assert calls == [1]


def test_only_the_newest_entries_of_a_name_are_kept(cache_dir: Path) -> None:
    for i in range(cache.KEEP + 2):
        cache.store("thing", f"k{i}", i)
        os.utime(cache.directory() / f"thing-k{i}.pickle", ns=(i * 10**9, i * 10**9))
        time.sleep(0.001)
    cache.store("other", "x", 0)  # another name is pruned on its own
    cache.prune(cache.directory(), "thing")
    names = sorted(p.name for p in cache.directory().iterdir())
    assert names == ["other-x.pickle"] + [f"thing-k{i}.pickle" for i in range(2, cache.KEEP + 2)]


def test_older_layouts_go_and_unrelated_files_stay(cache_dir: Path) -> None:
    (cache_dir / "terms-0123.pickle").write_bytes(b"old loose entry")
    (cache_dir / "v1").mkdir()
    (cache_dir / "v1" / "core-0123.pickle").write_bytes(b"old layout")
    (cache_dir / "notes.pickle").write_bytes(b"not ours")
    (cache_dir / "v1x").mkdir()
    cache.store("thing", "k", 1)
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(["notes.pickle", cache.LAYOUT, "v1x"])


def test_no_cache_means_nothing_written(cache_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("RESPELL_NO_CACHE", "1")
    assert cache.cached("thing", "k", lambda: 5) == 5
    assert list(cache_dir.iterdir()) == []


def test_pruning_a_name_leaves_longer_names_alone(cache_dir: Path) -> None:
    cache.store("scan-automaton-rules", "9406afa5809f7456", 1)
    for i in range(cache.KEEP + 1):
        cache.store("scan-automaton", f"{i:016x}", i)
    names = sorted(p.name for p in cache.directory().iterdir())
    assert "scan-automaton-rules-9406afa5809f7456.pickle" in names
    assert sum(n.startswith("scan-automaton-0") for n in names) == cache.KEEP


def test_a_damaged_cache_file_is_built_again(cache_dir: Path) -> None:
    """A trie file cut short or overwritten (a full disk, a crash) is rebuilt instead of failing the run."""
    from respell.termindex import RowTrie

    rows = {"profound learning": ("deep learning",), "counterfeit consciousness": ("artificial intelligence",)}
    builds = []

    def build() -> dict:
        builds.append(1)
        return {"rows": rows}

    def save(built: dict, paths: dict) -> None:
        RowTrie.save(built["rows"], paths["rows"])

    def open_(paths: dict) -> dict:
        return {"rows": RowTrie(paths["rows"])}

    assert dict(cache.cached_open("table", "k", ("rows",), build, save, open_)["rows"]) == rows
    (path,) = cache.directory().glob("table-rows-k.marisa")
    whole = path.read_bytes()
    for damaged in (whole[: len(whole) // 2], b"garbage" * 10, b""):
        path.write_bytes(damaged)
        assert dict(cache.cached_open("table", "k", ("rows",), build, save, open_)["rows"]) == rows
        assert path.read_bytes() == whole
    assert len(builds) == 4
    assert cache.cached_open("table", None, ("rows",), build, save, open_) == {"rows": rows}  # not cached
