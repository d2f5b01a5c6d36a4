"""Smoke test of the benchmark harness (bench/corpus.py, bench/speed.py, bench/accuracy.py's k-fold): its pure
helpers, in well under 5 s.

Why: the harness is run by hand and rarely, so a broken import or helper would go unnoticed until someone
needs the figures. No timing is asserted here; nothing builds the real corpus or runs respell/codespell.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load("corpus")
speed = _load("speed")
accuracy = _load("accuracy")


def test_median_and_fit():
    assert speed.median([3.0, 1.0, 2.0]) == 2.0
    assert speed.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    with pytest.raises(ValueError):
        speed.median([])
    a, b, r2 = speed.fit_line([1, 2, 4, 8], [1.5, 2.5, 4.5, 8.5])
    assert a == pytest.approx(0.5) and b == pytest.approx(1.0) and r2 == pytest.approx(1.0)
    assert speed.segment_slopes([1, 2, 4], [1.0, 2.0, 6.0]) == [1.0, 2.0]


def test_render_table_escapes_and_aligns():
    table = speed.render_table([("big: ratio", "0.80", "<= 1.0", "yes"), ("err", "exit 2: a | b\nc", "", "")])
    lines = table.splitlines()
    assert lines[0] == "| what | figure | target | met |"
    assert lines[1] == "|---|---|---|---|"
    assert lines[2] == "| big: ratio | 0.80 | <= 1.0 | yes |"
    assert lines[3] == "| err | exit 2: a \\| b c |  |  |"


def test_error_line_and_time_report():
    assert speed.error_line("Traceback\n  File x\nModuleNotFoundError: no respell\n\n", 1) == \
        "exit 1: ModuleNotFoundError: no respell"
    assert speed.error_line("", 3) == "exit 3"
    assert len(speed.error_line("x" * 500, 2)) == 160
    assert speed.parse_time_v("\tMaximum resident set size (kbytes): 46000\n\tAverage ...") == 46000
    assert speed.parse_time_v("nothing") is None


def _entries(path: Path) -> list[str]:
    return [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]


def test_double_gazetteers_keeps_sorted_unique_and_doubles(tmp_path):
    src = tmp_path / "dictionaries"
    src.mkdir()
    (src / "registry.toml").write_text(
        '[files."gazetteer_places.tsv"]\nkind = "gazetteer"\n\n'
        '[files."terms.tsv"]\nkind = "gazetteer"\n\n'
        '[files."swaps_x.tsv"]\nkind = "swaps"\n', encoding="utf-8")
    places = ["# places: test", "arms trade\t40", "Cold War\t12", "New York City\t90", "United Nations\t7",
              "West Bank\t3"]
    (src / "gazetteer_places.tsv").write_text("\n".join(places) + "\n", encoding="utf-8")
    (src / "terms.tsv").write_text("# t\nbig bang\t1\n", encoding="utf-8")  # one entry: falls back to pairs
    (src / "swaps_x.tsv").write_text("# s\nbig\tlarge\t3\tx\n", encoding="utf-8")

    dst = tmp_path / "copy"
    counts = speed.double_gazetteers(src, dst)
    assert counts == {"gazetteer_places.tsv": (5, 10), "terms.tsv": (1, 2)}
    assert (dst / "swaps_x.tsv").read_text() == (src / "swaps_x.tsv").read_text()  # copied, untouched
    assert (src / "gazetteer_places.tsv").read_text().splitlines() == places  # source untouched
    for name, (before, after) in counts.items():
        lines = _entries(dst / name)
        keys = [l.split("\t")[0].lower() for l in lines]
        assert len(lines) == after == 2 * before
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
        assert all(len(l.split("\t")) == 2 for l in lines)
    assert (dst / "gazetteer_places.tsv").read_text().startswith("# places: test\n")
    assert set(places[1:]) <= set(_entries(dst / "gazetteer_places.tsv"))


def test_gazetteer_files_without_registry(tmp_path):
    (tmp_path / "gazetteer_b.tsv").write_text("x\t1\n")
    (tmp_path / "gazetteer_a.tsv").write_text("y\t1\n")
    (tmp_path / "other.tsv").write_text("z\t1\n")
    assert [p.name for p in speed.gazetteer_files(tmp_path)] == ["gazetteer_a.tsv", "gazetteer_b.tsv"]


def test_synthesize_terms_always_terminates():
    new = speed.synthesize_terms([["solo", "1"]], 3)
    assert len(new) == 3 and len({t[0].lower() for t in new}) == 3 and all(t[1] == "1" for t in new)


HTML = """<html><head><title>os — Miscellaneous — Python 3.11.7 documentation</title>
<style>p {color: red}</style><script>var x = "<p>no</p>";</script></head><body>
<div class="related" role="navigation"><ul><li>previous</li></ul></div>
<nav class="menu">menu text</nav><header>header text</header>
<div class="body" role="main"><section><h1>Title<a class="headerlink" href="#x">¶</a></h1>
<p>First   paragraph with <code>inline</code>
code &amp; an entity.</p><div class="highlight"><pre>import os\nos.listdir()</pre></div>
<ul><li><p>Item one.</p></li><li>Item two.<br>Line two.</li></ul></section></div>
<div class="sphinxsidebar">sidebar</div><div class="footer">footer div</div><footer>foot</footer>
</body></html>"""


def test_html_to_paragraphs():
    title, paragraphs = corpus.html_to_paragraphs(HTML)
    assert title == "os — Miscellaneous"
    assert paragraphs == ["Title", "First paragraph with inline code & an entity.", "Item one.", "Item two.",
                          "Line two."]


def test_build_corpus_from_tiny_docs(tmp_path):
    docs = tmp_path / "html"
    (docs / "library").mkdir(parents=True)
    (docs / "index.html").write_text(HTML, encoding="utf-8")
    (docs / "genindex.html").write_text("<p>skipped index page with many words in it here</p>")
    for i in range(3):
        words = " ".join(f"word{i}x{j}" for j in range(12))
        (docs / "library" / f"m{i}.html").write_text(f"<p>{words}.</p><p>Short.</p>", encoding="utf-8")
    out = corpus.ensure_corpus(tmp_path / "corpus", docs=docs, log=lambda msg: None)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["pages"] == 4 and manifest["records"] == 4
    assert (out / "pages" / "python" / "library" / "m0.txt").read_text().startswith("word0x0 ")
    assert not (out / "pages" / "python" / "genindex.txt").exists()
    records = [json.loads(l) for l in (out / "records.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == [0, 1, 2, 3]
    assert records[0]["text"] == "First paragraph with inline code & an entity."
    assert records[1]["meta"]["source"] == "python/library/m0.html" and records[1]["meta"]["paragraph"] == 0
    big = (out / "big.txt").read_bytes()
    assert (out / "size_1mb.txt").read_bytes() == big and manifest["notes"]
    assert [s["name"] for s in manifest["sources"]] == ["python"]
    assert any("python-django-doc not used" in note for note in manifest["notes"])
    assert corpus._prefix_at_line_boundary(b"ab\ncd\nef\n", 7) == b"ab\ncd\n"
    assert corpus.ensure_corpus(out, docs=tmp_path / "nowhere") == out  # complete: no rebuild needed


def test_missing_docs_says_how_to_install(tmp_path, capsys):
    assert corpus.main(["--docs", str(tmp_path), "--out", str(tmp_path / "c")]) == 2
    assert "apt-get install python3-doc" in capsys.readouterr().err


DJANGO_HTML = """<html><head><title>Models &#8212; Django 3.2.25 documentation</title>
<script>var base = "x";</script></head><body><div class="document"><div id="custom-doc" class="yui-t6">
<div id="hd"><h1><a href="index.html">Django 3.2.25 documentation</a></h1>
<div id="global-nav"><a href="index.html">Home</a> | <a href="contents.html">Table of contents</a></div>
<div class="nav">&laquo; <a href="a.html">previous</a> | <a href="b.html">next</a> &raquo;</div></div>
<div id="bd"><div id="yui-main"><div class="yui-b"><div class="yui-g" id="topics-models">
<div class="section" id="s-models"><h1>Models<a class="headerlink" href="#models">¶</a></h1>
<div class="contents local topic" id="contents"><ul class="simple"><li><a href="#x">Local contents</a></li>
</ul></div>
<p>A model is the single, definitive source of information about your <code>data</code>.</p>
<div class="console-block" id="console-block-0"><input class="c-tab-unix" type="radio">
<label for="c-tab-0-unix" title="Linux/macOS">&#xf17c/&#xf179</label>
<section class="c-content-unix"><div class="highlight-console"><div class="highlight">
<pre>$ python -m django</pre>
</div></div></section></div>
<div class="literal-block-wrapper docutils container" id="id1"><div class="code-block-caption">
<span class="caption-text"><code>polls/views.py</code></span></div>
<div class="highlight-python"><div class="highlight"><pre>from django.http import HttpResponse</pre>
</div></div></div>
<dl class="py class"><dt class="sig sig-object py"><em class="property">class </em><code>View</code>
<a class="reference internal" href="_modules/x.html"><span class="viewcode-link">[source]</span></a></dt>
<dd><p>The master class-based base view.</p></dd></dl>
<div class="toctree-wrapper compound"><ul><li class="toctree-l1"><a href="c.html">A linked page</a></li>
</ul></div>
</div></div></div></div>
<div class="yui-b" id="sidebar"><div class="sphinxsidebar" role="navigation"><h3>Table of Contents</h3></div>
<div id="searchbox" role="search"><h3>Quick search</h3></div>
<h3>Last update:</h3><p class="topless">Nov 11</p></div>
</div><div id="ft"><div class="nav">&laquo; <a href="a.html">previous</a></div></div></div></div>
</body></html>"""


def test_html_to_paragraphs_django_theme():
    title, paragraphs = corpus.html_to_paragraphs(DJANGO_HTML, {"toctree-wrapper"})
    assert title == "Models"
    assert paragraphs == ["Models", "A model is the single, definitive source of information about your data.",
                          "class View", "The master class-based base view."]
    assert corpus.html_to_paragraphs(DJANGO_HTML)[1][-1] == "A linked page"  # toctrees dropped for django only
    for raw in ("Models | Django documentation | Django", "Models — Django 5.0.1 documentation",
                "Models — Python 3.12.1 documentation"):
        assert corpus.html_to_paragraphs(f"<title>{raw}</title>")[0] == "Models"


def _tree(root: Path, pages: dict[str, str]) -> Path:
    for rel, html in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(html, encoding="utf-8")
    return root


def _prose(tag: str, n: int = 2) -> str:
    return "".join(f"<p>{' '.join(f'{tag}w{j}p{k}' for j in range(10))}.</p>" for k in range(n))


def test_build_corpus_from_two_sources(tmp_path, capsys):
    python = _tree(tmp_path / "py", {
        "index.html": "<title>Python 3.11.2 documentation</title>" + _prose("pyindex"),
        "library/os.html": "<title>os — Python 3.11.2 documentation</title>" + _prose("pyos", 100),
        "library/trace.html": "<title>trace — Python 3.11.2 documentation</title>" + _prose("pytrace", 40),
        "search.html": _prose("pysearch")})
    django = _tree(tmp_path / "dj", {
        "index.html": "<title>Django documentation — Django 3.2.25 documentation</title>" + _prose("djindex"),
        "topics/db/models.html": DJANGO_HTML.replace("</p>", " m1 m2 m3 m4 m5 m6 m7 m8</p>"),
        "library/os.html": "<title>os — Django 3.2.25 documentation</title>" + _prose("djos"),  # same path
        "ref/index.html": "<title>API Reference — Django 3.2.25 documentation</title><h1>API Reference</h1>"
                          '<div class="toctree-wrapper"><ul><li>Models and other things in a link list</li>'
                          "</ul></div>",
        "genindex.html": _prose("djgenindex"),
        "_modules/x.html": _prose("djmodule")})
    out = tmp_path / "corpus"
    assert corpus.main(["--docs", str(django), "--docs", f"python={python}", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    manifest = json.loads((out / "manifest.json").read_text())
    pages = sorted(p.relative_to(out / "pages").as_posix() for p in (out / "pages").rglob("*.txt"))
    assert pages == ["django/library/os.txt", "django/topics/db/models.txt",
                     "python/index.txt", "python/library/os.txt", "python/library/trace.txt"]
    assert [(s["name"], s["pages"], Path(s["path"])) for s in manifest["sources"]] == \
        [("python", 3, python), ("django", 2, django)]
    for source in manifest["sources"]:
        assert source["bytes"] == sum(p.stat().st_size for p in (out / "pages" / source["name"]).rglob("*.txt"))
        assert source["package"].startswith(("python3-doc", "python-django-doc"))
    order = ["python/index.txt", "python/library/os.txt", "python/library/trace.txt",
             "django/library/os.txt", "django/topics/db/models.txt"]
    big = (out / "big.txt").read_bytes()
    assert big == b"\n".join((out / "pages" / rel).read_bytes() for rel in order)
    assert manifest["big_bytes"] == len(big) and manifest["pages"] == 5
    assert manifest["small"]["source"] == "python/library/trace.html"
    assert (out / "small.txt").read_bytes() == (out / "pages" / "python" / "library" / "trace.txt").read_bytes()
    models = (out / "pages" / "django" / "topics" / "db" / "models.txt").read_text()
    assert models.startswith("Models\n\nA model is the single") and "Last update" not in models
    records = [json.loads(l) for l in (out / "records.jsonl").read_text().splitlines()]
    sources = {r["meta"]["source"].split("/")[0] for r in records}
    assert sources == {"python", "django"} and manifest["records"] == len(records)
    assert sum(s["records"] for s in manifest["sources"]) == len(records)
    assert not any("django" in note for note in manifest["notes"])
    # a python tree is required; two trees of one kind are an error
    assert corpus.main(["--docs", str(django), "--out", str(tmp_path / "c2")]) == 2
    assert "apt-get install python3-doc python-django-doc" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        corpus.main(["--docs", str(python), "--docs", f"python={django}", "--out", str(tmp_path / "c3")])


def test_installed_sources_django_optional(tmp_path, monkeypatch):
    python = _tree(tmp_path / "py", {"library/os.html": "<title>os — Python 3.11.2 documentation</title>"
                                     + _prose("pyos"), "index.html": "<title>Python</title>"})
    django = _tree(tmp_path / "dj", {"topics/a.html": "<title>A | Django documentation | Django</title>"
                                     + _prose("dja"), "index.html": "<title>Django</title>"})
    installed = {"python": python, "django": None}
    monkeypatch.setattr(corpus, "_find_tree", lambda kind: installed[kind.name])
    out = corpus.ensure_corpus(tmp_path / "corpus", log=lambda msg: None)
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["name"] for s in manifest["sources"]] == ["python"]
    assert any("python-django-doc is not installed" in note for note in manifest["notes"])
    assert any("< 10 MB" in note for note in manifest["notes"])
    installed["django"] = django  # installed since: the next use rebuilds with it
    corpus.ensure_corpus(out, log=lambda msg: None)
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["name"] for s in manifest["sources"]] == ["python", "django"]
    assert (out / "pages" / "django" / "topics" / "a.txt").is_file()
    installed["python"] = None
    assert corpus.ensure_corpus(out, log=lambda msg: None) == out  # complete: no rebuild, no python needed
    with pytest.raises(corpus.CorpusUnavailable, match="apt-get install python3-doc"):
        corpus.ensure_corpus(tmp_path / "other", log=lambda msg: None)


# ------------------------------------------------------------------------------------------ accuracy k-fold

def test_twin_groups_join_plural_possessive_hyphen_and_british_twins():
    british = {"colour": "color"}
    assert accuracy.twin_forms("neural-systems", british) == {"neuralsystems", "neuralsystem"}
    assert accuracy.twin_forms("Flies' boxes", british) == {
        a + b for a in ("flies", "flie", "fli", "fly") for b in ("boxes", "boxe", "box")}
    keys = ["neural systems", "neural system's", "neuralsystem", "colour model", "color models", "glass",
            "glasses", "bouncing box", "bouncing boxes", "studies", "study", "profound learning"]
    assert accuracy.twin_groups(keys, british) == {
        "neural systems": "neural system's", "neural system's": "neural system's",
        "neuralsystem": "neural system's", "colour model": "color models", "color models": "color models",
        "glass": "glass", "glasses": "glass", "bouncing box": "bouncing box", "bouncing boxes": "bouncing box",
        "studies": "studies", "study": "studies", "profound learning": "profound learning"}


def _kfold_data():
    from respell import learn
    from respell.lexicon import Tables
    science = [("counterfeit consciousness", "artificial intelligence", "fix", "torturedcheck", "science"),
               ("haze figuring", "cloud computing", "fix", "torturedcheck", "science"),
               ("profound learning", "deep learning", "fix", "torturedcheck", "science"),
               ("profound-learning", "deep learning", "fix", "tortured-phrase", "science")]
    base = Tables(
        fingerprints=science + [("profound learning", "deep learning", "fix", "curated", "news")],
        swaps=[("cloud", "haze", 3.0, "news", "dev-pages"), ("deep", "profound", 5.0, "news", "curated"),
               ("war", "struggle", 7.0, "news", "curated"),
               ("artificial", "counterfeit", 1.0, "science", "tortured-list"),
               ("cloud", "haze", 1.0, "science", "tortured-list"),
               ("computing", "figuring", 1.0, "science", "tortured-list"),
               ("deep", "profound", 1.0, "science", "tortured-list"),
               ("intelligence", "consciousness", 1.0, "science", "tortured-list")],
        synonyms=[("cold", ["chilly"], "wordnet"), ("deep", ["profound", "thick"], "wordnet")],
        gazetteer=[("Cold War", 1.0, "wordnet"), ("arms race", 1.0, "curated"), ("deep learning", 1.0, "curated"),
                   ("artificial intelligence", 1.0, "science"), ("cloud computing", 1.0, "science"),
                   ("deep learning", 2.0, "science")])
    return accuracy.KFoldData(
        base=base, science=[accuracy._science_fingerprint(r) for r in science],
        group=accuracy.twin_groups([r[0] for r in base.fingerprints], {}),
        hand_written={"fingerprints": {"news"}, "swaps": {"news"}, "gazetteer": {"curated"}}, british={},
        raw_keys=[("profound learning (dl)", "profound learning"), ("profound-learning", "profound-learning"),
                  ("haze figuring (cc)", "haze figuring")],
        fixed_vocab=accuracy.canonical_vocabulary(["Cold War"]))


def test_fold_tables_rebuild_the_shipped_tables_when_nothing_is_held_out():
    data = _kfold_data()
    tables, removed = data.fold_tables(set())
    assert accuracy.same_tables(tables, data.base) == []
    assert set(removed.values()) == {0}


def test_fold_tables_close_every_leak_of_a_held_out_twin_group():
    data = _kfold_data()
    examples: dict[str, list[str]] = {}
    tables, removed = data.fold_tables({"profound learning"}, examples)
    assert [r[0] for r in tables.fingerprints] == ["counterfeit consciousness", "haze figuring"]
    assert sorted((r[0], r[1], r[2], r[3]) for r in tables.swaps) == [
        ("artificial", "counterfeit", 1.0, "science"), ("cloud", "haze", 1.0, "science"),
        ("cloud", "haze", 3.0, "news"), ("computing", "figuring", 1.0, "science"),
        ("intelligence", "consciousness", 1.0, "science"), ("war", "struggle", 7.0, "news")]
    assert sorted(tables.gazetteer) == [("Cold War", 1.0, "wordnet"), ("arms race", 1.0, "curated"),
                                        ("artificial intelligence", 1.0, "science"),
                                        ("cloud computing", 1.0, "science")]
    assert tables.synonyms == [("cold", ["chilly"], "wordnet")]
    assert removed == {
        "a: science swaps learned only from held-out keys": 1,
        "a: raw rows held out whose text is not their cleaned key": 1,
        "b: science gazetteer terms only held-out keys restore to": 1,
        "b: synonym rows for words only held-out canonicals bring": 1,
        "c: news fingerprints with a held-out key": 1,
        "c: news swaps (curated) only held-out keys attest": 1,
        "c: curated gazetteer terms only held-out keys restore to": 1}
    assert examples == {"c: news fingerprints with a held-out key": ["profound learning -> deep learning"],
                        "c: news swaps (curated) only held-out keys attest": ["profound <- deep"],
                        "c: curated gazetteer terms only held-out keys restore to": ["deep learning"]}


def test_judge_counts_exact_partial_wrong_and_missed():
    from respell.plan import Finding

    text = "We use shrouded markov here."
    s, e = 7, 22

    def edit(rep, start=s, end=e):
        return Finding(start, end, text[start:end], rep, "fingerprint", 0.9, "")

    assert accuracy.judge(text, s, e, "hidden markov", [edit("hidden Markov")], 0.8)[0] == "exact"
    assert accuracy.judge(text, s, e, "hidden markov model", [edit("hidden markov")], 0.8)[0] == "partial"
    assert accuracy.judge(text, s, e, "hidden markov", [edit("covert markov")], 0.8)[0] == "wrong"
    assert accuracy.judge(text, s, e, "hidden markov", [edit("here", 23, 27)], 0.8) == ("missed", [], "shrouded markov")


def test_phrase_outcome_and_outcome_table():
    from collections import Counter
    assert accuracy.phrase_outcome(Counter(exact=3, wrong=1)) == "exact"
    assert accuracy.phrase_outcome(Counter(exact=2, missed=2)) == "missed"
    assert accuracy.phrase_outcome(Counter(partial=1, wrong=1, exact=1)) == "wrong"
    assert accuracy.outcome_table("phrases", [(0, Counter(exact=6, partial=1, wrong=1, missed=2), 2)]) == [
        "| fold | phrases | exact | partial | wrong | missed | template edits | exact rate | precision "
        "| strict precision |", "|---|---|---|---|---|---|---|---|---|---|",
        "| 0 | 10 | 6 | 1 | 1 | 2 | 2 | 60.0% | 70.0% | 60.0% |"]
