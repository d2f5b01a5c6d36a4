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
    builds: list = []
    rows, (build, save, open_) = _row_table(builds)
    assert dict(cache.cached_open("table", "k", ("rows",), build, save, open_)["rows"]) == rows
    (path,) = cache.directory().glob("table-rows-k.marisa")
    whole = path.read_bytes()
    for damaged in (whole[: len(whole) // 2], b"garbage" * 10, b""):
        path.write_bytes(damaged)
        assert dict(cache.cached_open("table", "k", ("rows",), build, save, open_)["rows"]) == rows
        assert path.read_bytes() == whole
    assert len(builds) == 4
    assert cache.cached_open("table", None, ("rows",), build, save, open_) == {"rows": rows}  # not cached


def _row_table(builds: list) -> tuple:
    from respell.termindex import RowTrie

    rows = {"profound learning": ("deep learning",), "irregular woodland": ("random forest",)}

    def build() -> dict:
        builds.append(1)
        return {"rows": rows}

    def save(built: dict, paths: dict) -> None:
        RowTrie.save(built["rows"], paths["rows"])

    def open_(paths: dict) -> dict:
        return {"rows": RowTrie(paths["rows"])}

    return rows, (build, save, open_)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def test_random_bytes_of_the_same_size_are_caught_before_the_trie_is_mapped(cache_dir: Path) -> None:
    """marisa maps a damaged file without checking it (a crash, not an exception): the sidecar's size and CRC-32
    are checked first, and the entry is rebuilt."""
    builds: list = []
    rows, fns = _row_table(builds)
    assert dict(cache.cached_open("table", "k", ("rows",), *fns)["rows"]) == rows
    path = cache.directory() / "table-rows-k.marisa"
    whole = path.read_bytes()
    path.write_bytes(os.urandom(len(whole)))
    assert dict(cache.cached_open("table", "k", ("rows",), *fns)["rows"]) == rows
    assert path.read_bytes() == whole and len(builds) == 2
    (cache.directory() / "table-rows-k.marisa.sum").write_text("garbage")  # a damaged sidecar: rebuilt too
    assert dict(cache.cached_open("table", "k", ("rows",), *fns)["rows"]) == rows and len(builds) == 3


def test_a_damaged_pickle_is_built_again(cache_dir: Path) -> None:
    assert cache.cached("thing", "k", lambda: {"a": 1}) == {"a": 1}
    for damaged in (os.urandom(200), b"\x80\x05K", b""):
        (cache.directory() / "thing-k.pickle").write_bytes(damaged)
        assert cache.cached("thing", "k", lambda: {"a": 2}) == {"a": 2}


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), RuntimeError("marisa: write error")])
def test_a_full_disk_costs_only_speed_and_leaves_no_temporary_file(cache_dir: Path, error: Exception) -> None:
    builds: list = []
    rows, (build, save, open_) = _row_table(builds)

    def failing_save(built: dict, paths: dict) -> None:
        save(built, paths)  # half written, then the disk is full
        raise error

    got = cache.cached_open("table", "k", ("rows",), build, failing_save, open_)
    assert dict(got["rows"]) == rows and len(builds) == 1
    assert _leftovers(cache_dir) == [] and not list(cache.directory().glob("table-*"))


def test_a_cache_directory_that_is_a_file_costs_only_speed(tmp_path: Path, monkeypatch) -> None:
    not_a_dir = tmp_path / "cache"
    not_a_dir.write_text("a file")
    monkeypatch.setenv("RESPELL_CACHE_DIR", str(not_a_dir))
    builds: list = []
    rows, fns = _row_table(builds)
    assert dict(cache.cached_open("table", "k", ("rows",), *fns)["rows"]) == rows
    assert cache.cached("thing", "k", lambda: 7) == 7
    assert not_a_dir.read_text() == "a file"


def test_the_key_is_the_content_not_the_path_or_time(tmp_path: Path, cache_dir: Path) -> None:
    a, b = tmp_path / "a" / "data.tsv", tmp_path / "b" / "data.tsv"
    for p in (a, b):
        p.parent.mkdir()
        p.write_text("x\t1\n")
    os.utime(b, ns=(10**9, 10**9))
    assert cache.content_key("t", [a], 1) == cache.content_key("t", [b], 1) is not None
    assert cache.content_key("t", [a], 2) != cache.content_key("t", [a], 1)  # the format or version counts
    b.write_text("x\t2\n")
    assert cache.content_key("t", [b], 1) != cache.content_key("t", [a], 1)
    assert cache.content_key("t", [tmp_path / "missing"]) is None


_CONCURRENT = """
import sys, time
from pathlib import Path
from respell import cache
from respell.termindex import RowTrie
log = Path(sys.argv[1])
def build():
    with open(log, "a") as fh:
        fh.write("build\\n")
    time.sleep(1.5)
    return {"rows": {"chilly struggle": ("cold war",)}}
got = cache.cached_open("table", "k", ("rows",), build, lambda b, p: RowTrie.save(b["rows"], p["rows"]),
                        lambda p: {"rows": RowTrie(p["rows"])})
print(dict(got["rows"]))
"""


def test_a_helper_does_not_make_again_a_cache_directory_removed_meanwhile(tmp_path: Path, monkeypatch) -> None:
    """A build helper outliving its run (whose temporary cache directory is already cleaned up) writes nothing."""
    gone = tmp_path / "gone"
    monkeypatch.setenv("RESPELL_CACHE_DIR", str(gone))
    monkeypatch.delenv("RESPELL_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "MAKE_DIRECTORY", False)
    assert cache.cached("thing", "k1", lambda: {"a": 1}) == {"a": 1}
    assert not gone.exists()


def test_two_processes_on_an_empty_cache_build_once(cache_dir: Path, tmp_path: Path) -> None:
    """The second process waits on the build lock, then opens what the first built (and says it waits)."""
    import subprocess
    import sys

    log = tmp_path / "builds.log"
    procs = [subprocess.Popen([sys.executable, "-c", _CONCURRENT, str(log)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "RESPELL_PROGRESS": "1"})
             for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert [o for o, _e in outs] == ["{'chilly struggle': ('cold war',)}\n"] * 2
    assert log.read_text() == "build\n"
    assert _leftovers(cache_dir) == []
    assert any("respell: building its tables" in e for _o, e in outs)


def test_a_pruned_file_entry_takes_its_sidecar_with_it(cache_dir: Path) -> None:
    builds: list = []
    _rows, (build, save, open_) = _row_table(builds)
    for i in range(cache.KEEP + 1):
        cache.cached_open("table", f"{i:016x}", ("rows",), build, save, open_)
        os.utime(cache.directory() / f"table-rows-{i:016x}.marisa", ns=(i * 10**9, i * 10**9))
    cache.prune(cache.directory(), "table-rows", suffix=".marisa")
    names = sorted(p.name for p in cache.directory().glob("table-*"))
    assert names == sorted(f"table-rows-{i:016x}.marisa{s}" for i in range(1, cache.KEEP + 1) for s in ("", ".sum"))


def test_a_file_found_whole_is_not_read_again_until_it_changes(cache_dir: Path, monkeypatch) -> None:
    """The CRC-32 of a file entry is read once the file has settled; later runs compare the file's identity
    (inode, size, times) instead of reading it, and a write to the file, even of the same size, is still caught."""
    builds: list = []
    rows, fns = _row_table(builds)
    cache.cached_open("table", "k", ("rows",), *fns)
    path = cache.directory() / "table-rows-k.marisa"
    sidecar = path.with_name(path.name + ".sum")
    cache.cached_open("table", "k", ("rows",), *fns)
    assert "\n" not in sidecar.read_text()  # just written: not settled, its identity is not trusted yet
    monkeypatch.setattr(cache, "SETTLED", -1.0)
    cache.cached_open("table", "k", ("rows",), *fns)
    assert len(sidecar.read_text().split("\n")) == 2
    reads: list = []
    digest = cache._digest
    monkeypatch.setattr(cache, "_digest", lambda p: reads.append(p) or digest(p))
    assert dict(cache.cached_open("table", "k", ("rows",), *fns)["rows"]) == rows
    assert reads == [] and len(builds) == 1
    whole = path.read_bytes()
    time.sleep(0.05)  # past the file system's clock tick: the write below gets a new status-change time
    path.write_bytes(os.urandom(len(whole)))
    assert dict(cache.cached_open("table", "k", ("rows",), *fns)["rows"]) == rows
    assert reads and len(builds) == 2 and path.read_bytes() == whole


def test_the_first_spun_document_builds_the_large_tables_in_helper_processes(cache_dir: Path, monkeypatch) -> None:
    """On an empty cache the gazetteer's tries, the thesaurus' trie and the n-gram trie are built by three helper
    processes side by side, under their entries' locks; once they are there, nothing is started again."""
    import subprocess

    from respell import termindex
    from respell.langmodel import _cache_key as ngrams_key
    from respell.lexicon import Lexicon, files_of

    lex = Lexicon.load()
    ngrams = files_of(lex.directory, "ngrams")
    assert not cache.entry_exists("terms", lex.cache_key, termindex.TERM_PARTS)
    lex._build_in_helpers(("terms", "thesaurus", "ngrams"))  # waits for the three it checks
    assert cache.entry_exists("terms", lex.cache_key, termindex.TERM_PARTS)
    assert cache.entry_exists("thesaurus", lex.cache_key, termindex.THESAURUS_PARTS)
    assert cache.entry_exists("ngrams", ngrams_key(ngrams), ("",))
    assert cache.entry_exists("infixes", lex.cache_key, ("infixes",))
    assert {p.name for p in cache.directory().glob(".build-*.lock")} >= {
        ".build-terms.lock", ".build-thesaurus.lock", ".build-ngrams.lock"}

    def refuse(*_a, **_k):
        raise AssertionError("a helper was started although the tables are built")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    Lexicon.load()._build_in_helpers(("terms", "thesaurus", "ngrams"))
    assert Lexicon.load().gazetteer[("cold", "war")][0] == "Cold War"
    assert _leftovers(cache_dir) == []
    # every entry a run writes is named as respell's own (``cache._ours``), the names by which the entries of an
    # older layout are removed: a new entry missing there would be left behind for ever
    from respell.engine import Engine
    Engine(Lexicon.load()).analyse("The Overseas Minister mentioned the UN Safety Council and the Chilly Struggle.\n"
                                   "Getting data out of sensors is hard; the softwareengineer wrote a colour test.")
    written = [p for p in cache.directory().iterdir() if p.is_file() and not p.name.startswith(".build-")]
    assert len(written) > 10 and [p.name for p in written if not cache._ours(p)] == []
