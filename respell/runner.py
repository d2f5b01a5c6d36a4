"""Running a command over inputs: files, directories, stdin, JSON Lines records, worker processes.

The CLI parses arguments and hands a ``Settings`` here; this module reads inputs, calls the engine, hands the
results to a renderer and returns the exit code.  It owns no matching or scoring logic.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from . import __version__
from .files import (BOM, Failed, InputError, Section, Skipped, Source, encode, expand, open_lines, read,
                    read_sections, write_atomic)
from .plan import DEFAULT_MIN_CONFIDENCE, apply
from .text import Document

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


@dataclass
class Settings:
    """A run's settings, resolved from the configuration and the command line."""
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    kind: str = "auto"
    rules: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    locale: str | None = None
    strip_furniture: bool = False
    jsonl: bool = False
    text_field: str = "text"
    jobs: int | None = None  # --jobs or the configuration's jobs; None: not given (see ``section_jobs``)
    skip_bad: bool = False
    annotate: bool = False
    group_by: str | None = None
    ignore: list[str] = field(default_factory=list)
    dictionaries: list[tuple[Path, str]] = field(default_factory=list)
    config: Any = None
    decisions: Path | None = None   # --decisions FILE: an exported decisions file to apply
    color: bool = False             # colour the text output (a terminal, NO_COLOR unset)
    errors: int = 0        # inputs that could not be read or written (each reported in one line); exit 2 at the end
    bad_records: int = 0   # malformed JSONL records met (exit 2 at the end unless --skip-bad)
    # files whose reading failed after some of their sections were analysed: never written
    unfinished: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, config: Path | None = None, **cli: Any) -> "Settings":
        s = cls()
        cfg = _load_config(config, {k: v for k, v in cli.items() if v not in (None, False, [], ())})
        if cfg is not None:
            s.config = cfg
            s.min_confidence = cfg.min_confidence
            s.kind = getattr(cfg, "type", "auto")
            s.jobs = cfg.jobs if cfg.origins.get("jobs", "default") != "default" else None
            s.ignore = list(getattr(cfg, "ignore", []))
            s.dictionaries = [_dictionary_spec(d) for d in getattr(cfg, "dictionaries", [])]
            rules = getattr(cfg, "rules", {}) or {}
            s.disable = [r for r, on in rules.items() if not on]
            enabled_extra = [r for r, on in rules.items() if on]
            if enabled_extra:
                s.rules = None
                s._enable_extra = enabled_extra  # type: ignore[attr-defined]
        for k, v in cli.items():
            if v is None or v == []:
                continue
            if k == "disable":
                s.disable = list(s.disable) + list(v)
            elif k == "kind" and v == "auto" and s.kind != "auto":
                continue
            else:
                setattr(s, k, v)
        return s

    def options(self, text: str, path: str):
        from .engine import Options
        extra = getattr(self, "_enable_extra", None)
        rules = self.rules
        if rules is None and extra:
            from .engine import SPUN_RULES
            from .rules import RULES
            rules = [*SPUN_RULES, *(r.id for r in RULES.values() if r.default_on), *extra]
        opts = Options(min_confidence=self.min_confidence, rules=rules, disabled=tuple(self.disable),
                       locale=self.locale, strip_furniture=self.strip_furniture, ignore_phrases=tuple(self.ignore))
        from . import markup
        kind = markup.detect_type(path) if self.kind == "auto" else self.kind
        if kind != "text":
            opts.prose = markup.prose_spans(text, kind)
        return opts  # inline "respell: ignore" markers are applied by the engine itself


def _dictionary_spec(d: Any) -> tuple[Path, str]:
    if isinstance(d, dict):
        return Path(d["path"]), d.get("kind", "gazetteer")
    p = Path(d)
    return p, "gazetteer"


def _load_config(explicit: Path | None, overrides: dict[str, Any]):
    from . import config as C
    cli = {}
    for k in ("min_confidence", "kind", "jobs"):
        if k in overrides:
            cli[{"kind": "type"}.get(k, k)] = overrides[k]
    return C.load_config(Path.cwd(), explicit, cli or None)


def engine(settings: Settings | None = None):
    """The process-wide engine of these settings' data (``respell.get_engine``): a second run in the same
    process with other dictionaries gets their engine, the same data the same engine."""
    from .batch import get_engine
    return get_engine(extra=settings.dictionaries if settings else ())


def _excluded(path: str, settings: Settings) -> bool:
    config = settings.config
    if path == "-" or config is None or not (config.exclude or config.include):
        return False  # (no Path made per file: a corpus directory holds thousands)
    from .config import is_excluded
    return is_excluded(Path(path), config)


def _note(skipped: Skipped) -> None:
    print(f"respell: note: {skipped.path}: {skipped.why}", file=sys.stderr)


def _fail(message: str, settings: Settings) -> None:
    """One input failed: one error line, and the run goes on with the others (exit 2 at the end)."""
    settings.errors += 1
    print(f"respell: error: {message}", file=sys.stderr)


def _exit(code: int, settings: Settings) -> int:
    """The exit code of a run: 2 when any input failed (or a JSONL record was malformed and not --skip-bad)."""
    if settings.errors or (settings.bad_records and not settings.skip_bad):
        return EXIT_ERROR
    return code


def inputs(paths: list[str], settings: Settings) -> tuple[list[str], list[str]]:
    """(text inputs, JSON Lines files met in directory walks): a ``.jsonl`` file found below a directory holds
    records, and is read as records (never fixed as plain text); ``exclude = ["*.jsonl"]`` skips them.  A path
    that cannot be read is reported (one line) and left out; the others are still read."""
    _check_paths(paths)
    texts: list[str] = []
    records: list[str] = []
    for given in paths:
        for p in _readable(expand([given]), settings):
            (records if p != given and p.lower().endswith(".jsonl") else texts).append(p)
    return texts, records


def decisions(settings: Settings):
    """The decisions in force: the project's file next to the configuration, and --decisions FILE on top;
    None when there are none (the common case costs one stat and no import)."""
    import os
    root = getattr(settings.config, "root", None) or Path.cwd()
    project = os.path.join(root, ".respell-decisions.json")
    if settings.decisions is None and not os.path.exists(project):
        return None
    from . import decisions as D
    found = D.load(Path(project), missing_ok=True)
    if settings.decisions is not None:
        found = found.merge(D.load(settings.decisions))
    return found


def _check_paths(paths: list[str]) -> None:
    """Usage errors in the path arguments, found before any input is read."""
    if not paths:
        raise InputError("no input given: name files, directories, or - for stdin")
    if any(p == "" for p in paths):
        raise InputError("an empty path was given: name files, directories, or - for stdin")
    _text_output()


def _text_output() -> None:
    """Reports go out in the terminal's encoding; a character it cannot show is written as an escape rather than
    ending the run (PYTHONIOENCODING=ascii).  Fixed text is written as bytes in the input's own encoding."""
    out = sys.stdout
    if hasattr(out, "reconfigure") and getattr(out, "errors", "strict") == "strict":
        try:
            out.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass


WRITE_LINES = 1000  # report lines joined into one write (``_write_lines``)


def _write_lines(out: TextIO, lines: Iterable[str]) -> None:
    """Each of ``lines`` and a line end, written to ``out`` WRITE_LINES at a time: (speed) one ``write`` per line
    was one system call per finding where stdout is unbuffered (PYTHONUNBUFFERED, common in containers and CI:
    21,000 of them, a tenth of a spun megabyte's run), and a Python call per line everywhere.  The same text."""
    it = iter(lines)
    while True:
        chunk = list(itertools.islice(it, WRITE_LINES))
        if not chunk:
            return
        chunk.append("")
        out.write("\n".join(chunk))


def _data_output():
    """A writer of fixed text to stdout, as bytes (the input's encoding, whatever PYTHONIOENCODING says).  What
    the text layer holds is flushed first; the caller writes nothing else to stdout while it uses the writer."""
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        return lambda data: out.write(data.decode("utf-8", "surrogateescape"))
    out.flush()
    return buffer.write


def _readable(items, settings: Settings) -> Iterator[str]:
    """The input names of ``expand``, failures and skipped entries reported as they come, excludes applied."""
    for p in items:
        if isinstance(p, Failed):
            _fail(p.why, settings)
        elif isinstance(p, Skipped):
            _note(p)
        elif not _excluded(p, settings):
            yield p


def sources(paths: list[str], settings: Settings, sections: bool = False) -> Iterator[Source]:
    """Readable text inputs; binary files are skipped with a note on stderr, an unreadable one is reported as
    an error and the others are still read.  ``sections``: a long plain-text file comes as consecutive
    ``Section``s (``files.read_sections``), so that memory stays flat; when a later section cannot be read, the
    file is reported and marked unfinished (``fix`` never writes it)."""
    _check_paths(paths)
    for p in _readable(expand(paths), settings):
        started = False
        try:
            for src in read_sections(p) if sections and _plain(p, settings) else (read(p),):
                if isinstance(src, Skipped):
                    _note(src)
                    break
                started = True
                yield src
        except InputError as e:
            if p == "-":
                raise
            if started:
                settings.unfinished.add(p)
            _fail(str(e), settings)


def _plain(path: str, settings: Settings) -> bool:
    from .markup import detect_type
    return (settings.kind if settings.kind != "auto" else detect_type(path)) == "text"


class SectionDocument(Document):
    """A section of a long file, with lines and columns those of the file."""

    def __init__(self, src: Section) -> None:
        super().__init__(src.text, src.path)
        self.section = src

    def line_col(self, offset: int) -> tuple[int, int]:
        s = self.section
        line, col = super().line_col(offset - s.chars)
        return line + s.lines, col + (s.column if line == 1 else 0)


def document(src: Source) -> Document:
    return SectionDocument(src) if isinstance(src, Section) else Document(src.text, src.path)


def analyse(src: Source, settings: Settings, jobs: int = 1):
    """The analysis of one input; ``jobs``: processes its sections may be shared out over (``section_jobs``)."""
    return engine(settings).analyse(src.text, settings.options(src.text, src.path), src.path, jobs=jobs)


def section_jobs(settings: Settings) -> int:
    """Processes a long text's sections are shared out over when inputs are analysed one after another: --jobs
    when given, else every CPU this process may use (the engine forks only for a text of PARALLEL_SECTIONS
    sections and more; the findings are the same either way).  ``--jobs 1`` keeps every run in one process."""
    from .config import MAX_JOBS
    return cap_jobs(settings.jobs or MAX_JOBS)


def _analyses(paths: list[str], settings: Settings, keep_rejected: bool = False, sections: bool = False):
    """(source, analysis) per input, in input order, without the findings an editor rejected before.
    ``sections``: a long plain-text file comes section by section (findings at the file's offsets), read as it is
    analysed, so that memory stays flat (not while decisions are in force: they are keyed by the whole text)."""
    if not paths:
        return
    known = None if keep_rejected else decisions(settings)
    for src, a in _all_analyses(paths, settings, sections and not known):
        if known:
            from .decisions import without_rejected
            a.findings = without_rejected(src.text, a.findings, known)
        yield src, a


def _all_analyses(paths: list[str], settings: Settings, sections: bool = False):
    """(source, analysis) per input, in input order; uses worker processes with --jobs > 1."""
    names: list[str] | None = None
    jobs = 1  # processes the inputs are shared out over (one input: its sections may be, ``section_jobs``)
    if settings.jobs and settings.jobs > 1 and "-" not in paths:
        _check_paths(paths)
        names = list(_readable(expand(paths), settings))
        jobs = cap_jobs(settings.jobs, len(names))
    if names is not None and jobs > 1:
        from .parallel import map_ordered
        # Workers read the files themselves and send back only the source and the findings: the text crosses
        # a process boundary once, not three times.
        with _worker_errors():
            for item in map_ordered(_analyse_job, names, jobs, settings, prepare=lambda: _prepare(names, settings)):
                if isinstance(item, Skipped):
                    _note(item)
                elif isinstance(item, Failed):
                    _fail(item.why, settings)
                else:
                    yield item
    else:
        jobs = section_jobs(settings)
        with _worker_errors():
            for s in sources(names if names is not None else paths, settings, sections):
                a = analyse(s, settings, jobs)
                if isinstance(s, Section) and s.chars:
                    a.findings = [f.shifted(s.chars) for f in a.findings]
                yield s, a
                del s, a  # a long file's section is let go before the next one is read and analysed


def cap_jobs(jobs: int, inputs: int | None = None) -> int:
    """--jobs as run: never more processes than CPUs this process may use, nor than inputs to share out."""
    import os
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(jobs, cpus, inputs if inputs is not None else jobs))


class _worker_errors:
    """A failed or killed worker ends the run with one error line (exit 2), not a traceback; the worker's
    traceback is shown with RESPELL_DEBUG=1.  Nothing is half-written: files are written by this process only."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> None:
        from .parallel import WorkerError
        if isinstance(exc, WorkerError):
            import os
            if os.environ.get("RESPELL_DEBUG") and exc.detail:
                print(exc.detail, file=sys.stderr)
            raise InputError(str(exc)) from None


def _prepare(paths: list[str], settings: Settings) -> None:
    """Before --jobs forks: build the engine of these settings and everything its inputs will need (markup's
    patterns only when one of ``paths`` is Markdown or HTML; "-" is plain text unless --type says otherwise)."""
    from .markup import detect_type
    kinds = {settings.kind} if settings.kind != "auto" else {detect_type(p) for p in paths}
    engine(settings).prepare(markup=bool(kinds - {"text"}))


def _analyse_job(path: str, settings: Settings):
    try:
        src = read(path)
    except InputError as e:
        return Failed(path, str(e))
    if isinstance(src, Skipped):
        return src
    a = analyse(src, settings)
    a.text = ""  # the parent has it in src
    a.spin = a.spin.lean()
    if not a.findings:
        src.text = ""  # nothing to show or write: do not send the text back
    return src, a


# --------------------------------------------------------------------------------------------- check

def counts(f, settings: Settings) -> bool:
    """Does this finding make `check` exit 1?  Findings at or above the threshold that `fix` would apply, and
    spun phrases at or above it even when ambiguous; report-only notes of other rules (page furniture, mixed
    spellings) are shown but never fail a commit."""
    from .engine import SPUN_RULES
    return f.confidence >= settings.min_confidence and (f.fixable or f.rule in SPUN_RULES)


def run_check(paths: list[str], fmt: str, settings: Settings) -> int:
    from .render import report
    if settings.jsonl:
        return _jsonl_check(paths, fmt, settings)
    texts, records = inputs(paths, settings)
    found = False
    collected = []
    out = sys.stdout
    files = findings = fixable = 0
    # The text view of one file: a header, then its findings; a long file's sections add to it as they come
    # (their lines rendered at once, so that no section's text is kept).
    pending: dict = {}

    def flush() -> None:
        nonlocal files, findings, fixable
        if pending.get("n"):
            out.write("\n" if files else "")
            files += 1
            findings += pending["n"]
            fixable += pending["fixable"]
            out.write(report.text_header(pending["path"], pending["n"], pending["spin"], settings.color) + "\n")
            _write_lines(out, pending["lines"])
        pending.clear()

    # sections: the formats written as they go (SARIF holds every document to the end)
    for src, a in _analyses(texts, settings, sections=fmt != "sarif"):
        doc = document(src)
        if any(counts(f, settings) for f in a.findings):
            found = True
        if fmt == "text":
            if not (isinstance(src, Section) and src.chars and pending.get("path") == src.path):
                flush()
                pending.update(path=src.path, n=0, fixable=0, spin=0.0, lines=[])
            pending["n"] += len(a.findings)
            pending["fixable"] += sum(1 for f in a.findings if f.applies_at(settings.min_confidence))
            pending["spin"] = max(pending["spin"], a.spin.score)
            pending["lines"] += report.text_lines(doc, a.findings, settings.min_confidence, a.spin.score,
                                                  settings.color, header=False)
        elif fmt == "jsonl":
            _write_lines(out, report.jsonl_lines(doc, a.findings, settings.min_confidence))
        elif fmt == "github":
            _write_lines(out, report.github_lines(doc, a.findings, settings.min_confidence))
        else:
            collected.append((doc, a.findings))
        del src, a, doc  # (a long file's next section is read and analysed without this one)
    flush()
    if fmt == "sarif" and not records:
        out.write(report.sarif(collected, settings.min_confidence, __version__) + "\n")
    if records:  # JSON Lines files met in a directory walk: their records, as with --jsonl
        tally = {"files": 0, "findings": 0, "fixable": 0}
        found = _jsonl_check(records, fmt, settings, collected, tally) == EXIT_FOUND or found
        files, findings, fixable = files + tally["files"], findings + tally["findings"], fixable + tally["fixable"]
    if fmt == "text" and findings:
        out.write("\n" + report.summary_line(files, findings, fixable) + "\n")
    return _exit(EXIT_FOUND if found else EXIT_CLEAN, settings)


# ----------------------------------------------------------------------------------------------- fix

def edits(src: Source, a, settings: Settings, known=None) -> list:
    """The findings ``fix`` writes into this source: those at or above the threshold, or, under decisions,
    the accepted ones and the undecided ones at or above it (never a rejected one)."""
    if known:
        from .decisions import chosen
        return chosen(src.text, a.findings, known, settings.min_confidence)
    return [f for f in a.findings if f.applies_at(settings.min_confidence)]


def run_fix(paths: list[str], settings: Settings) -> int:
    if settings.jsonl:
        return _jsonl_fix(paths, settings)
    texts, records = inputs(paths, settings)
    changed = False
    known = decisions(settings)
    if known is None and settings.decisions is None:
        for src, a, new, n in _fixed(texts, settings):
            if src.path == "-":  # (stdin is never read in sections: its text is a str)
                _data_output()(encode(src, new) if isinstance(new, str) else new)  # the BOM and encoding it came with
                sys.stdout.flush()
            elif n:
                try:
                    write_atomic(src, new)
                except InputError as e:
                    _fail(str(e), settings)
                    continue
                print(f"respell: fixed {src.path} ({n} edit{'s' if n != 1 else ''})", file=sys.stderr)
            changed = changed or bool(n)
        if records:
            changed = _jsonl_fix_in_place(records, settings) == EXIT_FOUND or changed
        return _exit(EXIT_FOUND if changed else EXIT_CLEAN, settings)
    project = None
    if settings.decisions is not None:  # an exported file's rejections join the project's, where the text is now
        from . import decisions as D
        project = D.load(D.project_file(getattr(settings.config, "root", None)), missing_ok=True)
        remembered = len(project.entries)
    for src, a in _analyses(texts, settings, keep_rejected=True):
        todo = edits(src, a, settings, known)
        new = apply(src.text, todo, 0.0)
        if src.path == "-":
            _data_output()(encode(src, new))  # the BOM and encoding stdin came with
            sys.stdout.flush()
        elif new != src.text:
            try:
                write_atomic(src, new)
            except InputError as e:
                _fail(str(e), settings)
                continue
            n = len(todo)
            print(f"respell: fixed {src.path} ({n} edit{'s' if n != 1 else ''})", file=sys.stderr)
        changed = changed or new != src.text
        if project is not None and known and src.path != "-":
            for f in a.findings:
                if known.decision(src.text, f) == D.REJECT:
                    project.record(new, f, D.REJECT, src.path, start=D.rebased(todo, f))
    if project is not None and len(project.entries) != remembered:
        project.save()
    if records:
        changed = _jsonl_fix_in_place(records, settings) == EXIT_FOUND or changed
    return _exit(EXIT_FOUND if changed else EXIT_CLEAN, settings)


def _fixed(paths: list[str], settings: Settings):
    """(source, analysis, fixed text, number of edits) per input.  A long plain-text file is fixed section by
    section, as ``check`` reports it; its fixed text is then UTF-8 bytes (a quarter of a str of 4-byte
    characters), joined once every section is done."""
    def edits(src: Source, a) -> tuple[str, int]:
        if isinstance(src, Section) and src.chars:
            findings = [f.shifted(-src.chars) for f in a.findings]
        else:
            findings = a.findings
        new = apply(src.text, findings, settings.min_confidence)
        return new, (sum(1 for f in findings if f.applies_at(settings.min_confidence)) if new != src.text else 0)

    pending: tuple[Section, list[bytes], int] | None = None
    for src, a in _analyses(paths, settings, sections=True):
        if pending is not None and not (isinstance(src, Section) and src.chars and src.path == pending[0].path):
            first, parts, n = pending
            if first.path not in settings.unfinished:  # (a section could not be read: the file is not written)
                yield first, None, b"".join(parts), n
            pending = None
        new, n = edits(src, a)
        if not isinstance(src, Section):
            yield src, a, new, n
        elif pending is None:
            pending = (src, [new.encode("utf-8")], n)
        else:
            pending[1].append(new.encode("utf-8"))
            pending = (pending[0], pending[1], pending[2] + n)
    if pending is not None and pending[0].path not in settings.unfinished:
        first, parts, n = pending
        yield first, None, b"".join(parts), n


# ---------------------------------------------------------------------------------------------- diff

def run_diff(paths: list[str], style: str, color: bool, settings: Settings) -> int:
    from .render import diff
    changed = False
    texts, records = inputs(paths, settings)
    known = decisions(settings)
    for src, a in _analyses(texts, settings):
        doc = Document(src.text, src.path)
        todo = edits(src, a, settings, known)
        if style == "unified":
            text = diff.unified(doc, todo, 0.0, color)
            sys.stdout.write(text)
            changed = changed or bool(text)
        else:
            for line in diff.words(doc, todo, 0.0, color):
                sys.stdout.write(line + "\n")
                changed = True
    for path in records:  # JSON Lines files met in a directory walk: the records fix would write
        old: list[str] = []
        new: list[str] = []
        for _p, raw, fixed, _edited in _fixed_record_lines([path], settings):
            old.append(raw)
            if fixed is not None:
                new.append(fixed)
        if old != new:
            changed = True
            sys.stdout.write(diff.unified_lines(path, old, new, color))
    return _exit(EXIT_FOUND if changed else EXIT_CLEAN, settings)


# --------------------------------------------------------------------------------------------- score

def run_score(paths: list[str], settings: Settings) -> int:
    if settings.jsonl:
        import json
        spun = False
        for (lineno, rec, raw, err), a in _record_analyses(paths, settings):
            if err:
                print(f"respell: warning: {err}", file=sys.stderr)
                continue
            if rec is None or a is None:
                continue
            spun = spun or a.spin.spun
            sys.stdout.write(json.dumps({"line": lineno, **a.summary()}) + "\n")
        return _exit(EXIT_FOUND if spun else EXIT_CLEAN, settings)
    spun = False
    texts, records = inputs(paths, settings)
    for src, a in _analyses(texts, settings):
        spun = spun or a.spin.spun
        sys.stdout.write(f"{src.path}\t{a.spin.score:.3f}\t{'spun' if a.spin.spun else 'clean'}\n")
    for path in records:  # JSON Lines files met in a directory walk: one line per record
        for (lineno, rec, _raw, err), a in _record_analyses([path], settings):
            if err:
                print(f"respell: warning: {err}", file=sys.stderr)
            elif rec is not None and a is not None:
                spun = spun or a.spin.spun
                sys.stdout.write(f"{path}#{lineno}\t{a.spin.score:.3f}\t{'spun' if a.spin.spun else 'clean'}\n")
    return _exit(EXIT_FOUND if spun else EXIT_CLEAN, settings)


# ------------------------------------------------------------------------------------------- explain

def run_explain(phrase: str, settings: Settings, in_file: str | None = None) -> int:
    """A phrase on its own, FILE:LINE:COL (the finding there), or --in FILE (the phrase where it occurs)."""
    import os
    import re

    from .explain import explain, explain_at
    loc = re.fullmatch(r"(.+?):(\d+):(\d+):?", phrase) if in_file is None else None
    if loc and os.path.isfile(loc[1]):
        src = read(loc[1])
        if isinstance(src, Skipped):
            raise InputError(f"{src.path}: {src.why}")
        doc = Document(src.text, src.path)
        line, col = int(loc[2]), int(loc[3])
        if not 1 <= line <= len(doc.line_starts) or col < 1:
            raise InputError(f"{phrase}: no such position (the file has {len(src.text.splitlines())} lines)")
        first = doc.line_starts[line - 1]
        width = len(src.text[first:].split("\n", 1)[0].rstrip("\r"))
        if col > max(width, 1):
            raise InputError(f"{phrase}: no such position (line {line} has {width} characters)")
        start = first + col - 1
        lines, found = explain_at(engine(settings), analyse(src, settings), src.path, start,
                                  min_confidence=settings.min_confidence)
    elif in_file is not None:
        src = read(in_file)
        if isinstance(src, Skipped):
            raise InputError(f"{src.path}: {src.why}")
        at = src.text.find(phrase)
        if at < 0:
            at = src.text.lower().find(phrase.lower())
        if at < 0:
            raise InputError(f"{in_file}: the phrase {phrase!r} does not occur in it")
        lines, found = explain_at(engine(settings), analyse(src, settings), src.path, at, at + len(phrase),
                                  settings.min_confidence)
    elif os.path.exists(phrase) or (loc is None and not re.search(r"\s", phrase)
                                    and ("/" in phrase or os.path.splitext(phrase)[1].lower() in
                                         {".txt", ".md", ".html", ".htm", ".jsonl", ".rst"})):
        raise InputError(f"{phrase}: explain takes a phrase; for a file give FILE:LINE:COL (the finding there) "
                         "or --in FILE PHRASE")
    elif loc:
        raise InputError(f"{loc[1]}: no such file (explain FILE:LINE:COL explains the finding there)")
    else:
        lines, found = explain(engine(settings), phrase)
    for text in lines:
        sys.stdout.write(text + "\n")
    return EXIT_FOUND if found else EXIT_CLEAN


def run_config(show: bool, settings: Settings) -> int:
    from .config import show_config
    sys.stdout.write(show_config(settings.config).rstrip("\n") + "\n")
    return EXIT_CLEAN


# --------------------------------------------------------------------------------------------- JSONL

class Record(tuple):
    """(line number, record or None, raw line, error), with the input's path as an attribute."""

    path: str = "-"


def _records(paths: list[str], settings: Settings):
    """(line number, record or None, raw line, error) for every line of every JSONL input; ``.path`` tells
    which input the record came from.

    Inputs are streamed line by line, so a JSONL file of any size takes the memory of a few records.  Lines are
    split on "\n" only: str.splitlines would also split on U+2028, U+0085 and other characters that JSON allows
    unescaped inside strings, breaking such a record in two.  A line that is not UTF-8 is a malformed record:
    reported, and passed through byte for byte.
    """
    from .jsonl import parse_record

    _check_paths(paths)
    for p in _readable(expand(paths), settings):
        try:
            lines = open_lines(p)
        except InputError as e:
            if p == "-":
                raise
            _fail(str(e), settings)
            continue
        if isinstance(lines, Skipped):
            _note(lines)
            continue
        try:
            for lineno, raw, err in lines:
                if err is not None:
                    settings.bad_records += 1
                    out = Record((lineno, None, raw, err))
                    out.path = p
                    yield out
                else:
                    r = _record(p, lineno, raw, settings.text_field, parse_record)
                    if r[3] is not None:
                        settings.bad_records += 1
                    yield r
        except InputError as e:
            _fail(str(e), settings)


def _record(path: str, lineno: int, raw: str, text_field: str, parse) -> Record:
    # A BOM on the first line is not part of the record; it stays in the raw line, which is written back.
    body = raw[1:] if lineno == 1 and raw.startswith(BOM) else raw
    rec, why = parse(body.rstrip("\r\n"), text_field)
    out = Record((lineno, rec, raw, f"{path}:{lineno}: {why}" if why else None))
    out.path = path
    return out


GROUP_RECORDS = 10_000  # a --group-by group is judged on at most this many records (memory stays bounded)


def _grouped(records, settings: Settings):
    """(record, spin evidence of its group or None) for every record: with ``--group-by KEY``, each run of
    consecutive records with the same value of KEY is one document, and its records share its spin prior."""
    import json
    eng = engine(settings)
    key = settings.group_by
    run: list = []
    value: str | None = None

    def flush():
        texts = [t for t in (_record_text(r, settings) for r in run) if t]
        spin = eng.spin("\n\n".join(texts)) if len(texts) > 1 else None
        for r in run:
            yield r, spin

    for r in records:
        rec = r[1]
        v = json.dumps(rec[key], sort_keys=True) if rec is not None and key in rec else None
        if run and (v is None or v != value or len(run) >= GROUP_RECORDS):
            yield from flush()
            run = []
        if v is None:
            yield r, None
            continue
        run.append(r)
        value = v
    yield from flush()


def _record_analyses(paths: list[str], settings: Settings):
    """(record, analysis or None) for every JSONL line in order; analyses run in workers with --jobs > 1."""
    if settings.group_by:
        pairs = _grouped(_records(paths, settings), settings)
    else:
        pairs = ((r, None) for r in _records(paths, settings))
    records = pairs
    if settings.jobs and settings.jobs > 1:
        # Workers get only the text to analyse and send back only the analysis: the records stay here, in
        # order, and are paired with the analyses as they come back (also in order).
        from collections import deque

        from .parallel import map_ordered
        waiting: deque = deque()

        def texts():
            for r, group in records:
                waiting.append(r)
                yield _record_text(r, settings), group

        analyses = map_ordered(_text_job, texts(), cap_jobs(settings.jobs), settings, chunksize=64,
                               prepare=lambda: _prepare(["-"], settings))
        items = ((waiting.popleft(), a) for a in analyses)
    else:
        items = ((r, _text_job((_record_text(r, settings), group), settings)) for r, group in records)
    with Progress("records") as progress, _worker_errors():
        for r, a in items:
            progress.tick()
            yield r, a


def _record_text(r, settings: Settings) -> str | None:
    _lineno, rec, _raw, _err = r
    return None if rec is None else rec[settings.text_field]


def _text_job(item: tuple, settings: Settings):
    text, group = item
    if text is None:
        return None
    a = engine(settings).analyse(text, settings.options(text, "-"), prior=group)
    a.text = ""
    if settings.jobs and settings.jobs > 1:
        a.spin = a.spin.lean()
    return a


class Progress:
    """A one-line counter on stderr for long runs, only when stderr is a terminal (never in pipes or CI)."""

    def __init__(self, what: str) -> None:
        import os
        import time
        self.what, self.n, self.time = what, 0, time.monotonic
        self.on = sys.stderr.isatty() and not os.environ.get("CI")
        self.start = self.last = self.time()

    def __enter__(self) -> "Progress":
        return self

    def tick(self) -> None:
        self.n += 1
        if self.on and self.n % 100 == 0 and self.time() - self.last > 0.5:
            self.last = self.time()
            rate = self.n / max(self.last - self.start, 1e-9)
            sys.stderr.write(f"\rrespell: {self.n:,} {self.what} ({rate:,.0f}/s)")
            sys.stderr.flush()

    def __exit__(self, *exc: object) -> None:
        if self.on and self.last != self.start:
            sys.stderr.write(f"\rrespell: {self.n:,} {self.what} done{' ' * 20}\n")


def _jsonl_check(paths: list[str], fmt: str, settings: Settings, collected: list | None = None,
                 tally: dict[str, int] | None = None) -> int:
    """--jsonl check: findings per record (``tally``: add the text report's counts to it, files being
    records)."""
    import json
    from .render import report
    found = False
    collected = [] if collected is None else collected
    for r, a in _record_analyses(paths, settings):
        lineno, rec, raw, err = r
        if err:
            print(f"respell: warning: {err}", file=sys.stderr)
            continue
        if rec is None or a is None:
            continue
        text = rec[settings.text_field]
        # Lines and columns are those of the field's text; the record is named by its input and line number.
        doc = Document(text, f"{r.path}#{lineno}")
        found = found or any(counts(f, settings) for f in a.findings)
        if fmt == "jsonl":
            # (the record's own "path" takes the place of the document's, first; "record" comes last)
            _write_lines(sys.stdout, (json.dumps({**report.located(doc, f, settings.min_confidence), "path": r.path,
                                                  "record": lineno}, ensure_ascii=False) for f in a.findings))
        elif fmt == "text":
            if tally is not None and a.findings:
                sys.stdout.write("\n")
                tally["files"] += 1
                tally["findings"] += len(a.findings)
                tally["fixable"] += sum(1 for f in a.findings if f.applies_at(settings.min_confidence))
            _write_lines(sys.stdout, report.text_lines(doc, a.findings, settings.min_confidence, a.spin.score,
                                                       settings.color))
        elif fmt == "github":
            _write_lines(sys.stdout, report.github_lines(doc, a.findings, settings.min_confidence))
        else:
            collected.append((doc, a.findings))
    if fmt == "sarif":
        sys.stdout.write(report.sarif(collected, settings.min_confidence, __version__) + "\n")
    return _exit(EXIT_FOUND if found else EXIT_CLEAN, settings)


def _fixed_record_lines(paths: list[str], settings: Settings) -> Iterator[tuple[str, str, str | None, bool]]:
    """(path, raw line, line to write or None to drop it, whether its text was repaired) for every record of
    ``paths``, in order; malformed records are reported on stderr and passed through (or dropped with
    --skip-bad, which is a change).  A record --annotate marks but whose text needs nothing is no repair: it
    counts toward no exit code and rewrites no file."""
    from .jsonl import replace_field
    for r, a in _record_analyses(paths, settings):
        lineno, rec, raw, err = r
        if err:
            print(f"respell: warning: {err}" + ("; skipped" if settings.skip_bad else "; passed through"),
                  file=sys.stderr)
            yield r.path, raw, None if settings.skip_bad else raw, settings.skip_bad  # (dropped: a change)
            continue
        if rec is None or a is None:
            yield r.path, raw, raw, False
            continue
        text = rec[settings.text_field]
        new = apply(text, a.findings, settings.min_confidence)
        bom = BOM if lineno == 1 and raw.startswith(BOM) else ""
        line = raw[len(bom):]
        if new != text:
            try:
                line = replace_field(line, settings.text_field, new, expect=text)
            except ValueError as e:  # (a duplicate key spelt with escapes, which the parser's cheap test missed)
                settings.bad_records += 1
                print(f"respell: warning: {r.path}:{lineno}: {e}; passed through", file=sys.stderr)
                yield r.path, raw, raw, False
                continue
        if settings.annotate:
            applied = [f.to_dict() for f in a.findings if f.applies_at(settings.min_confidence)]
            line = replace_field(line, "respell", {**a.summary(), "edits": applied}, add=True)
        yield r.path, raw, bom + line, new != text


class _Unchanged(Exception):
    """Raised inside an atomic write to leave a file that needs no change untouched."""


def _jsonl_fix(paths: list[str], settings: Settings) -> int:
    """--jsonl: every record of every input, repaired, to stdout in order (the inputs are never modified)."""
    changed = False
    write = _data_output()
    for _p, _raw, line, edited in _fixed_record_lines(paths, settings):
        changed = changed or edited
        if line is not None:  # records go out as the UTF-8 bytes they came in as (a bad line byte for byte)
            write(line.encode("utf-8", "surrogateescape"))
    return _exit(EXIT_FOUND if changed else EXIT_CLEAN, settings)


def _jsonl_fix_in_place(paths: list[str], settings: Settings) -> int:
    """JSON Lines files met in a directory walk by `fix`: repaired record by record and written back in place
    (atomically, streamed); a file with nothing to repair is left untouched, and so is one that could not be read
    to its end."""
    from .files import atomic_writer
    changed = False
    for path in paths:
        n = 0
        errors = settings.errors
        try:
            with atomic_writer(path) as fh:
                for _p, _raw, line, edited in _fixed_record_lines([path], settings):
                    n += edited
                    if line is not None:
                        fh.write(line.encode("utf-8", "surrogateescape"))
                if not n or settings.errors != errors:
                    raise _Unchanged
        except _Unchanged:
            continue
        except InputError as e:
            _fail(str(e), settings)
            continue
        changed = True
        print(f"respell: fixed {path} ({n} record{'s' if n != 1 else ''})", file=sys.stderr)
    return EXIT_FOUND if changed else EXIT_CLEAN
