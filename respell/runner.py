"""Running a command over inputs: files, directories, stdin, JSON Lines records, worker processes.

The CLI parses arguments and hands a ``Settings`` here; this module reads inputs, calls the engine, hands the
results to a renderer and returns the exit code.  It owns no matching or scoring logic.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from . import __version__
from .files import BOM, Failed, InputError, Skipped, Source, encode, expand, open_lines, read, write_atomic
from .plan import DEFAULT_MIN_CONFIDENCE, apply
from .text import Document

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


@dataclass
class Settings:
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    kind: str = "auto"
    rules: list[str] | None = None
    disable: list[str] = field(default_factory=list)
    locale: str | None = None
    strip_furniture: bool = False
    jsonl: bool = False
    text_field: str = "text"
    jobs: int = 1
    skip_bad: bool = False
    annotate: bool = False
    ignore: list[str] = field(default_factory=list)
    dictionaries: list[tuple[Path, str]] = field(default_factory=list)
    config: Any = None
    errors: int = 0        # inputs that could not be read or written (each reported in one line); exit 2 at the end
    bad_records: int = 0   # malformed JSONL records met (exit 2 at the end unless --skip-bad)

    @classmethod
    def build(cls, config: Path | None = None, **cli: Any) -> "Settings":
        s = cls()
        cfg = _load_config(config, {k: v for k, v in cli.items() if v not in (None, False, [], ())})
        if cfg is not None:
            s.config = cfg
            s.min_confidence = cfg.min_confidence
            s.kind = getattr(cfg, "type", "auto")
            s.jobs = getattr(cfg, "jobs", 1)
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


_ENGINE = None


def engine(settings: Settings | None = None):
    global _ENGINE
    if _ENGINE is None:
        from .engine import Engine
        from .lexicon import Lexicon
        extra = settings.dictionaries if settings else []
        _ENGINE = Engine(Lexicon.load(extra=extra))
    return _ENGINE


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


def sources(paths: list[str], settings: Settings) -> Iterator[Source]:
    """Readable text inputs; binary files are skipped with a note on stderr, an unreadable one is reported as
    an error and the others are still read."""
    _check_paths(paths)
    for p in _readable(expand(paths), settings):
        try:
            src = read(p)
        except InputError as e:
            if p == "-":
                raise
            _fail(str(e), settings)
            continue
        if isinstance(src, Skipped):
            _note(src)
            continue
        yield src


def analyse(src: Source, settings: Settings):
    return engine(settings).analyse(src.text, settings.options(src.text, src.path), src.path)


def _analyses(paths: list[str], settings: Settings):
    """(source, analysis) per input, in input order; uses worker processes with --jobs > 1."""
    if settings.jobs and settings.jobs > 1 and "-" not in paths:
        from .parallel import map_ordered
        _check_paths(paths)
        names = list(_readable(expand(paths), settings))
        # Workers read the files themselves and send back only the source and the findings: the text crosses
        # a process boundary once, not three times.
        jobs = cap_jobs(settings.jobs, len(names))
        with _worker_errors():
            for item in map_ordered(_analyse_job, names, jobs, settings, prepare=lambda: _prepare(names, settings)):
                if isinstance(item, Skipped):
                    _note(item)
                elif isinstance(item, Failed):
                    _fail(item.why, settings)
                else:
                    yield item
    else:
        for s in sources(paths, settings):
            yield s, analyse(s, settings)


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
    found = False
    collected = []
    out = sys.stdout
    for src, a in _analyses(paths, settings):
        doc = Document(src.text, src.path)
        if any(counts(f, settings) for f in a.findings):
            found = True
        if fmt == "text":
            for line in report.text_lines(doc, a.findings, settings.min_confidence):
                out.write(line + "\n")
        elif fmt == "jsonl":
            for line in report.jsonl_lines(doc, a.findings):
                out.write(line + "\n")
        elif fmt == "github":
            for line in report.github_lines(doc, a.findings, settings.min_confidence):
                out.write(line + "\n")
        else:
            collected.append((doc, a.findings))
    if fmt == "sarif":
        out.write(report.sarif(collected, settings.min_confidence, __version__) + "\n")
    return _exit(EXIT_FOUND if found else EXIT_CLEAN, settings)


# ----------------------------------------------------------------------------------------------- fix

def run_fix(paths: list[str], settings: Settings) -> int:
    if settings.jsonl:
        return _jsonl_fix(paths, settings)
    changed = False
    for src, a in _analyses(paths, settings):
        new = apply(src.text, a.findings, settings.min_confidence)
        if src.path == "-":
            _data_output()(encode(src, new))  # the BOM and encoding stdin came with
            sys.stdout.flush()
        elif new != src.text:
            try:
                write_atomic(src, new)
            except InputError as e:
                _fail(str(e), settings)
                continue
            n = sum(1 for f in a.findings if f.applies_at(settings.min_confidence))
            print(f"respell: fixed {src.path} ({n} edit{'s' if n != 1 else ''})", file=sys.stderr)
        changed = changed or new != src.text
    return _exit(EXIT_FOUND if changed else EXIT_CLEAN, settings)


# ---------------------------------------------------------------------------------------------- diff

def run_diff(paths: list[str], style: str, color: bool, settings: Settings) -> int:
    from .render import diff
    changed = False
    for src, a in _analyses(paths, settings):
        doc = Document(src.text, src.path)
        if style == "unified":
            text = diff.unified(doc, a.findings, settings.min_confidence)
            sys.stdout.write(text)
            changed = changed or bool(text)
        else:
            for line in diff.words(doc, a.findings, settings.min_confidence, color):
                sys.stdout.write(line + "\n")
                changed = True
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
    for src, a in _analyses(paths, settings):
        spun = spun or a.spin.spun
        sys.stdout.write(f"{src.path}\t{a.spin.score:.3f}\t{'spun' if a.spin.spun else 'clean'}\n")
    return _exit(EXIT_FOUND if spun else EXIT_CLEAN, settings)


# ------------------------------------------------------------------------------------------- explain

def run_explain(phrase: str, settings: Settings) -> int:
    from .explain import explain
    lines, found = explain(engine(settings), phrase)
    for line in lines:
        sys.stdout.write(line + "\n")
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


def _record_analyses(paths: list[str], settings: Settings):
    """(record, analysis or None) for every JSONL line in order; analyses run in workers with --jobs > 1."""
    records = _records(paths, settings)
    if settings.jobs and settings.jobs > 1:
        # Workers get only the text to analyse and send back only the analysis: the records stay here, in
        # order, and are paired with the analyses as they come back (also in order).
        from collections import deque

        from .parallel import map_ordered
        waiting: deque = deque()

        def texts():
            for r in records:
                waiting.append(r)
                yield _record_text(r, settings)

        analyses = map_ordered(_text_job, texts(), cap_jobs(settings.jobs), settings, chunksize=64,
                               prepare=lambda: _prepare(["-"], settings))
        items = ((waiting.popleft(), a) for a in analyses)
    else:
        items = ((r, _text_job(_record_text(r, settings), settings)) for r in records)
    with Progress("records") as progress, _worker_errors():
        for r, a in items:
            progress.tick()
            yield r, a


def _record_text(r, settings: Settings) -> str | None:
    _lineno, rec, _raw, _err = r
    return None if rec is None else rec[settings.text_field]


def _text_job(text: str | None, settings: Settings):
    if text is None:
        return None
    a = engine(settings).analyse(text, settings.options(text, "-"))
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


def _jsonl_check(paths: list[str], fmt: str, settings: Settings) -> int:
    import json
    from .render import report
    found = False
    collected = []
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
            for f in a.findings:
                d = report.located(doc, f)
                d["path"], d["record"] = r.path, lineno
                sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        elif fmt == "text":
            for line in report.text_lines(doc, a.findings, settings.min_confidence):
                sys.stdout.write(line + "\n")
        elif fmt == "github":
            for line in report.github_lines(doc, a.findings, settings.min_confidence):
                sys.stdout.write(line + "\n")
        else:
            collected.append((doc, a.findings))
    if fmt == "sarif":
        sys.stdout.write(report.sarif(collected, settings.min_confidence, __version__) + "\n")
    return _exit(EXIT_FOUND if found else EXIT_CLEAN, settings)


def _jsonl_fix(paths: list[str], settings: Settings) -> int:
    from .jsonl import replace_field
    changed = False

    write = _data_output()

    def out(line: str) -> None:  # records go out as the UTF-8 bytes they came in as (a bad line byte for byte)
        write(line.encode("utf-8", "surrogateescape"))

    for r, a in _record_analyses(paths, settings):
        lineno, rec, raw, err = r
        if err:
            print(f"respell: warning: {err}" + ("; skipped" if settings.skip_bad else "; passed through"),
                  file=sys.stderr)
            if not settings.skip_bad:
                out(raw)
            continue
        if rec is None or a is None:
            out(raw)
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
                out(raw)
                continue
            changed = True
        if settings.annotate:
            applied = [f.to_dict() for f in a.findings if f.applies_at(settings.min_confidence)]
            line = replace_field(line, "respell", {**a.summary(), "edits": applied}, add=True)
        out(bom + line)
    return _exit(EXIT_FOUND if changed else EXIT_CLEAN, settings)
