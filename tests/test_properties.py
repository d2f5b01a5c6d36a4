"""Properties that must hold for any input, checked on generated text (hypothesis).

Over mixed Unicode (combining marks, right-to-left script, emoji, NUL, lone CR, CRLF, U+2028, long lines, markup)
and mutations of real spun text (the seed article, the development pages, the spun samples):

* check / fix / score / analyse never raise;
* fix(fix(x)) == fix(x);
* fix keeps the number of lines, and every character outside the applied findings' spans;
* every finding's start/end index the text and text[start:end] == finding.text;
* a span of the text scanned alone (a worker's sections) gets what the scan of the whole text gives it;
* through the CLI: --jobs 1 and --jobs 2 write the same output, and the JSONL path repairs a record's text exactly
  as the file path repairs the same text;
* clean prose (the must-not-change texts, with clean sentences of the others spliced in) gets no spun-phrase edit.

The suite runs the "ci" profile: few examples, derandomised, so that it is fast and never flaky.  A longer run:
``HYPOTHESIS_PROFILE=long pytest tests/test_properties.py`` (``RESPELL_PROPERTY_EXAMPLES=N`` sets the number of
examples per API property, ``RESPELL_CLI_EXAMPLES=M`` per CLI property, a fifth of that for --jobs), as in the
README.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
import regex

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, example, given, settings, strategies as st  # noqa: E402

import respell  # noqa: E402
from respell.cli import main  # noqa: E402
from respell.engine import SPUN_RULES  # noqa: E402
from respell.plan import DEFAULT_MIN_CONFIDENCE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

_LONG = int(os.environ.get("RESPELL_PROPERTY_EXAMPLES", "20000"))
_CLI = os.environ.get("RESPELL_CLI_EXAMPLES")  # examples per CLI property (default: a fifth of the API's)
settings.register_profile("ci", max_examples=50, derandomize=True, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("long", max_examples=_LONG, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
CLI_SHARE = 5  # the CLI properties run 1/CLI_SHARE of the examples (each is a whole command run)


def _cli_settings(floor: int = 5, share: int = 1):
    """Settings of a CLI property: ``RESPELL_CLI_EXAMPLES`` (or a fifth of the profile's examples), divided by
    ``share`` for the costly ones (each --jobs example forks twice)."""
    n = int(_CLI) if _CLI else settings.default.max_examples // CLI_SHARE
    return settings(max_examples=max(floor, n // share))


# ----------------------------------------------------------------------------------------- strategies

def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _spun_corpus() -> list[str]:
    texts = [_read(p) for p in sorted((DATA / "spun").glob("*.txt")) if not p.name.endswith(".clean.txt")]
    texts += [_read(ROOT / "samples" / "spun_news.txt"), _read(ROOT / "samples" / "spun_science.txt")]
    texts.append(_read(SHARED / "seeds" / "spun_article.txt"))
    dev = SHARED / "data" / "spun_pages_dev.jsonl"
    if dev.is_file():
        with dev.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= 40:
                    break
                try:
                    texts.append(json.loads(line)["text"])
                except (ValueError, KeyError, TypeError):
                    continue
    return [t for t in texts if t]


SPUN = _spun_corpus()
CLEAN = [_read(p) for p in sorted((DATA / "clean").glob("*.txt"))]

ODD = ["\u0301", "\u0308", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u200f", "\u202e",
       "\U0001f600", "\U0001f469\u200d\U0001f4bb", "\x00", "\r", "\r\n", "\n", "\u2028", "\u2029", "\t", "\ufeff",
       "\u00a0", "\u0085", "\ud7ff", "\uffff", "\U0010ffff", "ﬁ", "İ", "ß", "Σ", "\\", "`", "```", "<!--", "-->",
       "<b>", "</b>", "<script>", "](", "[x]", "::", "``", ":role:`x`", ".. code::", "    ", "--oneline",
       "https://example.org/a_b", "a@b.org", "/usr/lib/x", "&amp;amp;", "Ã©", "respell: ignore", "respell: off",
       "Council", "Safety", "UN", "a", "an", "the", "profound", "learning", "counterfeit", "consciousness",
       "andopen", "inform ation", "colour", "color", "...", "coronary heart assault", "financial institution",
       "Well being", "court docket"]

_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
_fragment = st.one_of(st.sampled_from(ODD), st.text(_chars, min_size=1, max_size=12),
                      st.sampled_from(SPUN).flatmap(lambda t: st.integers(0, max(0, len(t) - 1)).map(
                          lambda i, t=t: t[i:i + 200])))


@st.composite
def documents(draw) -> str:
    """Generated text, or a real spun text mutated: slices cut, fragments inserted, a line made very long."""
    if SPUN and draw(st.booleans()):
        text = draw(st.sampled_from(SPUN))
        start = draw(st.integers(0, max(0, len(text) - 1)))
        text = text[start:start + draw(st.integers(1, 3000))]
        for _ in range(draw(st.integers(0, 6))):
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(_fragment) + text[at:]
    else:
        text = "".join(draw(st.lists(_fragment, max_size=40)))
        sep = draw(st.sampled_from([" ", "", "\n", "\r\n"]))
        text = sep.join([text] + draw(st.lists(st.sampled_from(ODD), max_size=5)))
    if draw(st.integers(0, 19)) == 0:
        text = text.replace("\n", " ") * draw(st.integers(2, 20))  # a long line
    return text


def _lines(text: str) -> tuple[int, int]:
    """Line breaks as respell counts lines ("\n", and "\r" of CRLF or alone).  U+0085 is not one: a lone U+0085
    is cp1252's "…" read as Latin-1, which the encoding rule repairs."""
    return text.count("\n"), text.count("\r")


# ----------------------------------------------------------------------------------------------- API

@given(documents(), st.sampled_from([None, "markdown", "html", "rst"]))
def test_api_never_raises_and_findings_index_the_text(text: str, kind: str | None) -> None:
    options = {}
    if kind:
        from respell.markup import prose_spans
        options["prose"] = prose_spans(text, kind)
    findings = respell.check(text, **options)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
    a = respell.analyse(text, **options)
    assert [(f.start, f.end, f.replacement) for f in a.findings] == [(f.start, f.end, f.replacement) for f in findings]
    assert 0.0 <= respell.score(text) <= 1.0


@given(documents())
@example("\x88" * 6)  # the long run's counterexample (2026-12-07, third session): a repair, no reading
def test_fix_keeps_lines_and_every_character_outside_the_applied_spans(text: str) -> None:
    result = respell.fix(text)
    new = result.text
    assert _lines(new) == _lines(text)
    applied = sorted((f for f in result.findings if f.applies_at(DEFAULT_MIN_CONFIDENCE)),
                     key=lambda f: f.start)
    pos_old = pos_new = 0
    for f in applied:
        if f.start < pos_old:
            continue  # overlapping findings: the plan wrote only the first
        gap = text[pos_old:f.start]
        assert new[pos_new:pos_new + len(gap)] == gap
        pos_new += len(gap)
        assert new[pos_new:pos_new + len(f.replacement)] == f.replacement
        if f.rule in SPUN_RULES:  # no reading's words written twice ("heartheart"); a repair of mojibake may
            # write a letter six times where the text had six broken bytes ("\x88" x6 -> "ˆ" x6, the long run of
            # 2026-12-07, third session)
            doubled = {m.group() for m in regex.finditer(r"(\w{3,})\1", f.replacement)}
            assert not {d for d in doubled if d not in f.text}, f
        pos_new += len(f.replacement)
        pos_old = f.end
    assert new[pos_new:] == text[pos_old:]


@given(documents())
def test_fix_is_idempotent(text: str) -> None:
    once = respell.fix(text).text
    assert respell.fix(once).text == once


# The long run's counterexample (2026-12-05): the spun news sample's first sentence twice, glued.  Before the
# lead's fixed-point change (50adf2d) the first fix rewrote only 'greater than' -> 'more than', and a second one
# 'mentioned' -> 'said'.  ('trucking firm' -> 'trucking company' since a merely reported phrase no longer hides
# an applied restoration.)
_NOT_IDEMPOTENT = ("Shares of Meridian Freight jumped 14 percent on Tuesday after the trucking firm mentioned it would "
                   "buy a smaller rival in Ohio for $640 million in cash, its largest acquisition in greater than a "
                   "decadS") * 2


def test_fix_is_idempotent_on_the_long_runs_counterexample() -> None:
    once = respell.fix(_NOT_IDEMPOTENT).text
    # The spinner's three forms are restored in one run.  From the eighth session to the tenth the text was left as
    # it was: its "in" (4x, never before "the") counted against spinning, and the corroborated prior stopped 0.04
    # nats short of where lone words are read; the spinner writes "within" only for "in the", so only "in the"
    # counts now (``grammar.SPINNER_FORM_BEFORE``), and "mentioned" -> "said" (3.1 nats of its own) and "greater
    # than" -> "more than" (2.3) pass on their own evidence at the text's own prior.
    assert once == ("Shares of Meridian Freight jumped 14 percent on Tuesday after the trucking company said it would "
                    "buy a smaller rival in Ohio for $640 million in cash, its largest acquisition in more than a "
                    "decadS") * 2
    assert respell.fix(once).text == once


def test_fix_is_idempotent_when_a_later_finding_ends_where_an_edit_starts() -> None:
    """The third long run's counterexample (2026-12-05): "oneline" is split only once its mojibake neighbour is
    repaired, and the later round's finding ends exactly where that repair starts; it was mapped back through the
    repair and dropped, so a second fix split it."""
    text = "\u0301--oneline\u00c2\x80"
    once = respell.fix(text).text
    assert once == "\u0301--one line\u20ac"
    assert respell.fix(once).text == once


@st.composite
def clean_documents(draw) -> str:
    """A must-not-change text with clean sentences of the others spliced in at sentence boundaries."""
    base = draw(st.sampled_from(CLEAN))
    sentences = [s.strip() + "." for t in CLEAN for s in t.split(". ") if len(s.split()) > 3]
    parts = base.split(". ")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(parts)))
        parts.insert(at, draw(st.sampled_from(sentences)).rstrip("."))
    return ". ".join(parts)


@given(documents(), st.data())
def test_a_section_scanned_alone_gets_what_the_whole_scan_gives_it(text: str, data) -> None:
    """A process given some of a long text's sections scans only those (``FingerprintScanner.by_sections``):
    the listed phrases, the signature word counts and the word count of any span, cut anywhere (inside a word
    too), are those the one scan of the whole text gives it."""
    from respell.text import Document
    scanner = respell.get_engine().scanner
    text = text * data.draw(st.integers(1, 3))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    whole, alone = Document(text), Document(text)
    scanner.by_sections(alone)
    for doc_start, doc_end in ((start, end), (0, start), (end, len(text))):
        hits, counts, words = scanner.scan(whole, doc_start, doc_end)
        assert scanner.scan(alone, doc_start, doc_end) == (hits, counts, words)
        which = set(counts)
        assert scanner.distinct_counts(alone, doc_start, doc_end, which) == \
            scanner.distinct_counts(whole, doc_start, doc_end, which)


@given(documents(), st.data())
def test_the_words_around_a_span_are_its_neighbouring_tokens(text: str, data) -> None:
    """A listed phrase's neighbours (``engine._words_around``, read without tokenising the text) are the tokens
    right before and after it when only white space separates them, as a term's (``Engine._context``) are."""
    from respell.engine import _words_around
    from respell.text import normalise, tokenize
    toks = tokenize(text)
    assume(toks)
    i = data.draw(st.integers(0, len(toks) - 1))
    j = data.draw(st.integers(i, min(len(toks) - 1, i + 3)))
    start, end = toks[i].start, toks[j].end
    left = normalise(toks[i - 1].text) if i > 0 and text[toks[i - 1].end:start].strip() == "" else None
    right = normalise(toks[j + 1].text) if j + 1 < len(toks) and text[end:toks[j + 1].start].strip() == "" else None
    assert _words_around(text, start, end) == (left, right)


# The long run's counterexample (2026-12-07, fifth session), spliced from this project's must-not-change texts:
# three news-spinner forms that are English ("greater than", "attributable to", "on account of") vouched, as
# listed phrases, for three tortured-list keys that are English too ("decent contender", "depressing influence",
# "cyber assault"); a listed phrase that is also English is now vouched for only by its own family's.
LOOK_ALIKES_OF_TWO_LISTS = (
    'rsync returns zero on success, so any exit code greater than zero should be treated as a warning. '
    'Doctors said the delay was attributable to a shortage of staff, and that the problem arose on '
    'account of a dangerous heat wave. Lay the prosciutto on a wooden board, then add two bunches of '
    'basil and a little olive oil. Slice the bread thinly and toast it for two minutes on each side '
    'before the cheese goes on. The whole plate takes about ten minutes and feeds four people as a '
    'starter.\n\nThe storm was ruinous for the orchard on the hill. By morning the elderly folks from the '
    'village had gathered at the church hall, and volunteers brought soup, blankets and dry boots. The '
    'council said the road to the farms would reopen by the weekend.\n\nAt the clinic the scan showed a '
    'malignant growth, and her heart ailments made surgery risky. The family asked for a second opinion '
    'from the city hospital, where the wait was three weeks, and the doctors there agreed on a course of '
    'radiation instead.\n\nThe company rents space in two server farms outside Dublin and plans a third '
    'next year. Its chief executive said the new site would run on wind power and employ about forty '
    'people once it opens.\n\nAll of the sudden the lights went out at the bakery, and the owner finished '
    'the last loaves by candlelight while her neighbours brought torches and tea.\n\nThe challenger was a '
    'decent contender, but the cold weather had a depressing influence on the crowd, and a cyber assault '
    'on the ticket site kept many fans away.\n'
)


@given(clean_documents())
@example("".join(LOOK_ALIKES_OF_TWO_LISTS))
def test_clean_prose_gets_no_spun_phrase_edit(text: str) -> None:
    applied = [f for f in respell.fix(text).findings
               if f.rule in SPUN_RULES and f.applies_at(DEFAULT_MIN_CONFIDENCE)]
    assert applied == []


# ----------------------------------------------------------------------------------------------- CLI

@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]):
    monkeypatch.setenv("NO_COLOR", "1")

    def run(args: list[str], stdin: bytes = b"") -> tuple[int, bytes, bytes]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsysbinary.readouterr()
        code = main(args)
        out, err = capsysbinary.readouterr()
        assert b"Traceback" not in err and b"internal error" not in err, err
        return code, out, err

    return run


def _cli_text(text: str) -> str:
    # stdin with a NUL is refused as binary, and a leading BOM is the encoding's (both tested in test_faults.py)
    return text.replace("\x00", "").lstrip("\ufeff")


@given(documents())
def test_jsonl_path_repairs_a_record_as_the_file_path_repairs_its_text(run, text: str) -> None:
    text = _cli_text(text)
    assume(text.strip())
    code_file, out_file, _ = run(["fix", "-"], text.encode("utf-8"))
    record = json.dumps({"id": 1, "text": text}, ensure_ascii=False) + "\n"
    code_jsonl, out_jsonl, err = run(["fix", "--jsonl", "-"], record.encode("utf-8"))
    assert err == b""
    fixed = json.loads(out_jsonl)["text"]
    assert fixed.encode("utf-8") == out_file
    assert code_file == code_jsonl


test_jsonl_path_repairs_a_record_as_the_file_path_repairs_its_text = _cli_settings()(
    test_jsonl_path_repairs_a_record_as_the_file_path_repairs_its_text)


@given(st.lists(documents(), min_size=2, max_size=4))
def test_jobs_1_and_jobs_2_write_the_same_output(run, tmp_path_factory, texts: list[str]) -> None:
    d = tmp_path_factory.mktemp("jobs")
    for i, t in enumerate(texts):
        (d / f"doc{i}.txt").write_text(_cli_text(t) or "x", encoding="utf-8", newline="")
    outs = {}
    for jobs in ("1", "2"):
        outs[jobs] = run(["check", "--format", "jsonl", "--jobs", jobs, str(d)])
    assert outs["1"] == outs["2"]


test_jobs_1_and_jobs_2_write_the_same_output = _cli_settings(floor=3, share=5)(
    test_jobs_1_and_jobs_2_write_the_same_output)


@given(documents())
def test_fix_through_the_cli_is_the_api_fix_and_keeps_the_bytes(run, tmp_path_factory, text: str) -> None:
    text = _cli_text(text)
    path = tmp_path_factory.mktemp("fix") / "doc.txt"
    data = text.encode("utf-8")
    path.write_bytes(data)
    code, out, err = run(["fix", str(path)])
    expected = respell.fix(text).text
    assert path.read_bytes() == expected.encode("utf-8")
    assert code == (1 if expected != text else 0)
    assert not [p for p in path.parent.iterdir() if p.name != "doc.txt"]  # no temporary file left


test_fix_through_the_cli_is_the_api_fix_and_keeps_the_bytes = _cli_settings()(
    test_fix_through_the_cli_is_the_api_fix_and_keeps_the_bytes)


def _spun_edits_on(path: Path) -> list[tuple[str, str]]:
    """The spun-phrase edits ``fix`` applies to the text of ``path`` (a clean text the long run found)."""
    text = path.read_text(encoding="utf-8")
    return [(f.text, f.replacement) for f in respell.fix(text).findings
            if f.rule in SPUN_RULES and f.applies_at(DEFAULT_MIN_CONFIDENCE)]


def test_clean_prose_found_by_the_long_run_gets_no_spun_phrase_edit() -> None:
    """The example the long run (HYPOTHESIS_PROFILE=long) found: the must-not-change backups how-to, with clean
    sentences of two other must-not-change texts spliced in (some twice), gets "greater than" -> "more than"."""
    assert _spun_edits_on(DATA / "regressions" / "clean_spliced_judged_spun.txt") == []


def test_clean_prose_found_by_the_second_long_run_gets_no_spun_phrase_edit() -> None:
    """The long run on the merged tree (2 of 8,979 examples): the shipbuilding must-not-change text with one of its
    sentences repeated and the conflict text spliced in.  It got 'however' -> 'but' (twice) and 'had been' ->
    'were': the repeated sentence counted its words twice as spinner signatures ("however" 2x, "begin" 2x), which
    made clean prose look spun.  A repeated sentence is one choice of the writer."""
    assert _spun_edits_on(DATA / "regressions" / "clean_spliced_however.txt") == []


def test_clean_prose_found_by_the_third_long_run_gets_no_spun_phrase_edit() -> None:
    """The long run of 2026-12-07: the technology and sport look-alikes with a sentence of another must-not-change
    text spliced in.  Curated forms of that day ("house" for "home", "non-public" for "personal") read "the house
    runs past" as "home runs" and "material non-public information" as "personal data", and with "change" ->
    "replace" and "digital camera" -> "camera" the short text was judged spun by four signs.  Those two forms are
    gone from the table."""
    assert _spun_edits_on(DATA / "regressions" / "clean_spliced_house_runs.txt") == []


def test_clean_prose_with_a_listed_phrase_outweighed_is_not_tried_as_spun() -> None:
    """The same run: the backups how-to's "greater than zero" (a listed spinner phrase, also English) with the
    travel look-alikes ("itemizing", "gasoline station", "vacation spot", "Householders").  Its signature words
    lean -1.0 nats; tried as spun for its listed phrase, four of the table's forms in their ordinary sense judged
    it spun.  A listed phrase makes a short text worth a trial only where the rest does not outweigh it."""
    assert _spun_edits_on(DATA / "regressions" / "clean_spliced_greater_than.txt") == []


@pytest.mark.xfail(strict=True, reason="known limit: twelve phrases that are both ordinary English and the news "
                   "spinner's forms ('credit score', 'earlier than', 'insurance coverage', 'greater than', 'in keeping "
                   "with') in three short paragraphs make clean prose look spun")
def test_clean_prose_dense_in_the_spinners_ordinary_english_forms_is_left_alone() -> None:
    """Written for respell (2026-12-07) to probe how listed phrases that are also English corroborate one another.
    Each is a listed spinner form; together they are the document's evidence and each other's, and the short
    text's trial reads each as a strong sign (the word-pair model prefers the shorter wording: "credit" to "credit
    score").  Realistic clean prose (tests/data/clean/personal_finance.txt: "credit score", "insurance coverage",
    "at least", "higher than") stays clean; the cures tried (capping the listed phrases' evidence, not counting a
    restoration of an ordinary word pair as a sign) left this text spun or cost 28 development sentences."""
    assert _spun_edits_on(DATA / "regressions" / "clean_dense_spinner_forms.txt") == []


@pytest.mark.xfail(strict=True, reason="known limit (the one above): the long run of 2026-12-08 spliced the camera "
                   "club's sentence, a lecture at a 'university of applied sciences' and the personal-finance text "
                   "('credit score', 'insurance coverage', 'cash', 'households'): judged spun by eight signs")
def test_clean_prose_found_by_the_fourth_long_run_gets_no_spun_phrase_edit() -> None:
    """The long run of 2026-12-08 (twelfth session; not caused by that session's changes: the news table of
    0d96f10 gives the same eight edits): 186 words of must-not-change sentences holding four listed phrases that
    are English ("digital camera", "applied sciences", "credit score", "insurance coverage") lean 2.4 nats, enough
    for a text of that length to be tried as spun, and the trial reads eight of its words as strong signs, the
    shorter wording preferred by the word-pair model ("camera" to "digital camera"). Capping a multi-word form's
    n-gram evidence where it is a common pair as written (as a term's is) cleared it to three edits and took red
    team round 2 from 100 to 72 edits, but cost 14 development sentences and 25 of the project's."""
    assert _spun_edits_on(DATA / "regressions" / "clean_spliced_camera_finance.txt") == []


def test_dense_business_and_tech_look_alikes_stay_clean_alone() -> None:
    """Written for respell (2026-12-07) to keep never-English entries out of fingerprints_news.tsv that are English
    somewhere ("a sensible telephone manner", "visitors jam the museum", "majority chief executives", "tried
    homicide cases").  Alone it stays clean; it is not among the must-not-change texts that the property tests
    splice, because it is too dense in look-alikes for that (the next test)."""
    assert _spun_edits_on(DATA / "regressions" / "clean_business_tech_lookalikes.txt") == []


@pytest.mark.xfail(strict=True, reason="known limit: look-alikes vouch for each other once a clean sentence tips the "
                   "document's prior")
def test_dense_look_alikes_with_a_clean_sentence_before_them_stay_clean(tmp_path) -> None:
    """The long run of 2026-12-07 (the text above with one clean sentence put before it): eight of its look-alikes
    ("sensible telephone" -> "smart phone", "supply code" -> "source code") are restored, each strong on its own
    through the word-pair model and corroborating the others."""
    path = tmp_path / "spliced.txt"
    path.write_text("Fighting intensified around the eastern city overnight, according to officials, as both armies "
                    "launched drone attacks on supply lines. " + (DATA / "regressions" /
                    "clean_business_tech_lookalikes.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert _spun_edits_on(path) == []


def test_clean_look_alikes_do_not_vouch_for_each_other() -> None:
    """Written for respell (2026-12-07) while checking curated forms.  Each look-alike ("poll field" -> "ballot
    box", "Commerce deadline" -> "Trade deadline") is a swap of common words that the word-pair model prefers (+2
    nats), so each is a phrase strong on its own, and phrases strong on their own corroborate the others: a strict
    xfail until the ninth session, when a term's one capitalised word amid lower-case ones became a name ("the
    Commerce deadline", as "the Navy said": the spinner keeps the case of the word it replaces), leaving "poll
    field" alone and only reported."""
    assert _spun_edits_on(DATA / "regressions" / "clean_lookalikes_vouching.txt") == []


def test_two_english_tortured_keys_do_not_judge_clean_prose_spun() -> None:
    """Written for respell (2026-12-07, third session): two keys of the tortured list, each English in a start-up
    or an engineering story ("test technique", "indirect changes"), judged the text spun (two never-English keys
    are proof) and both were rewritten ("analysis method", "nonlinear transformations").  Keys of two common words
    (zipf >= 4.5 each), attested word pairs and English words restore only in spun text; of the 442 two-word keys
    whose rarer word has zipf 4.0-4.5, the 35 a writer may use in their ordinary sense were read one by one into
    scripts/tortured_keys_reviewed.tsv (demoting all 442 by frequency would have cost the k-fold 12 exact
    phrases; these cost none)."""
    assert _spun_edits_on(DATA / "regressions" / "clean_two_tortured_lookalikes.txt") == []


# A spun lead (written for respell) that makes the document spun, and words that read two ways: a spinner's form
# of several words ("coronary heart" for "heart") beside words that make terms with either reading.
_SPUN_LEAD = ("The firm blamed provide chain issues and rates of interest for the drop in its inventory value. "
              "The central financial institution kept its financial coverage unchanged, the chief govt mentioned.\n")
_TWO_WAY = ["coronary heart assault", "coronary heart illness", "funding financial institution", "well being care",
            "Supreme Court docket", "Financial institution of England", "photo voltaic panel", "coronary heart", "heart",
            "assault", "financial institution", "well being", "court docket", "the", "of", "and", "a"]


@given(st.lists(st.sampled_from(_TWO_WAY), min_size=2, max_size=8))
def test_readings_of_several_words_are_written_once_and_fix_is_a_fixed_point(words: list[str]) -> None:
    text = _SPUN_LEAD + " ".join(words) + ".\n"
    result = respell.fix(text)
    for f in result.findings:
        doubled = {m.group() for m in regex.finditer(r"(\w{3,})\1", f.replacement)}
        assert not {d for d in doubled if d not in f.text}, f
    assert respell.fix(result.text).text == result.text


def test_english_listed_phrases_of_a_long_clean_text_do_not_vouch_for_each_other() -> None:
    """Found by the long property run (ninth session; the same on 9a82cb1): a 600-word clean text assembled from
    clean sentences holds four of the news list's phrases that are also English ("in opposition to", "on account
    of", "applied sciences", "instructed reporters"); vouching for each other however long the text, they made
    "instructed reporters" -> "told reporters" (0.84).  Such phrases now speak the less, the longer the text that
    holds them without other signs of spinning."""
    assert _spun_edits_on(DATA / "regressions" / "clean_english_listed_phrases_long.txt") == []
