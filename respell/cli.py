"""The command line: arguments -> library call -> renderer -> exit code, and nothing else.

Exit codes: 0 nothing found, 1 findings (or fixes written), 2 usage or input error.  Errors are one line on
stderr, never a traceback.  ``main(argv)`` runs in-process, so tests need no subprocess.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None, help="Find machine-spun phrases and restore their canonical wording.")


class Fmt(str, Enum):
    text = "text"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"


class Style(str, Enum):
    unified = "unified"
    words = "words"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Kind(str, Enum):
    auto = "auto"
    text = "text"
    markdown = "markdown"
    html = "html"
    rst = "rst"


class Fail(Exception):
    """A usage or input error: one line for stderr, exit code 2."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"respell {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """respell: find machine-spun phrases and restore their canonical wording."""


# ----------------------------------------------------------------------------- shared options

Paths = Annotated[list[str], typer.Argument(help="Files, directories (searched for text files) or - for stdin.")]
MinConf = Annotated[Optional[float], typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="Apply/fail only on findings at or above this (default 0.8).")]
TypeOpt = Annotated[Optional[Kind], typer.Option("--type", help="Markup of the inputs (auto: by file extension).")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Use this config file instead of discovery.")]
RuleOpt = Annotated[Optional[list[str]], typer.Option("--rule", help="Run only these rules (repeatable).")]
DisableOpt = Annotated[Optional[list[str]], typer.Option("--disable", help="Turn a rule off (repeatable).")]
LocaleOpt = Annotated[Optional[str], typer.Option("--locale", help="en-GB or en-US: make spelling fixable.")]
FurnitureOpt = Annotated[bool, typer.Option("--strip-furniture", help="Remove page-furniture lines.")]
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Inputs are JSON Lines records (fix: written to stdout).")]
FieldOpt = Annotated[Optional[str], typer.Option("--field", help="With --jsonl: the field holding the text (default text).")]
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="With --jsonl: drop malformed records.")]
AnnotateOpt = Annotated[bool, typer.Option("--annotate", help="With --jsonl: add a 'respell' object.")]
GroupOpt = Annotated[Optional[str], typer.Option(
    "--group-by", help="With --jsonl: consecutive records with the same value of this field (a URL, a document id) "
                       "are one document and share its spin prior.")]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings or changes "
                                                               "(errors still exit 2): for scripts under set -e.")]
ColorOpt = Annotated[Color, typer.Option("--color", help="Colour on a terminal (auto; NO_COLOR turns it off).")]
DecisionsOpt = Annotated[Optional[Path], typer.Option(
    "--decisions", help="Apply this decisions file (exported by `report --html` or written by `review`).")]


def _use_color(color: Color) -> bool:
    return color == Color.always or (color == Color.auto and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))


def _run(fn, *args, exit_zero: bool = False) -> None:
    """Run a command body, turning every expected failure into one stderr line and exit code 2."""
    from .files import InputError
    from .lexicon import LexiconError
    try:
        code = fn(*args)
    except (Fail, InputError, LexiconError) as e:
        typer.echo(f"respell: error: {e}", err=True)
        raise typer.Exit(EXIT_ERROR)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(EXIT_ERROR)
    except KeyboardInterrupt:
        raise typer.Exit(130)
    except Exception as e:  # configuration errors come from their own module; anything else is a bug
        if type(e).__name__ == "ConfigError":
            typer.echo(f"respell: error: {e}", err=True)
            raise typer.Exit(EXIT_ERROR)
        if os.environ.get("RESPELL_DEBUG"):
            raise
        typer.echo(f"respell: internal error: {type(e).__name__}: {e} (set RESPELL_DEBUG=1 for a traceback, "
                   "and please report it)", err=True)
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_CLEAN if exit_zero and code == EXIT_FOUND else code)


def _settings(**kw):
    """Settings from the configuration and the flags, refusing what would be silently ignored."""
    from .runner import Settings
    if not kw.get("jsonl"):
        for key, flag in (("text_field", "--field"), ("skip_bad", "--skip-bad"), ("annotate", "--annotate"),
                          ("group_by", "--group-by")):
            if kw.get(key) not in (None, False):
                raise Fail(f"{flag} applies to JSON Lines records: add --jsonl")
    s = Settings.build(**kw)
    from .rules import unknown_locale, unknown_rules
    for flag, ids in (("--rule", kw.get("rules")), ("--disable", kw.get("disable"))):
        why = unknown_rules(ids or [])
        if why:
            raise Fail(f"{flag}: {why}")
    cfg = s.config
    why = unknown_rules(list(getattr(cfg, "rules", None) or {}))
    if why:
        raise Fail(f"{getattr(cfg, 'path', None) or 'configuration'}: rules: {why}")
    if kw.get("locale") is not None:
        why = unknown_locale(kw["locale"])
        if why:
            raise Fail(f"--locale: {why}")
    return s


@app.command()
def check(paths: Paths, format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.text,
          min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
          rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
          jsonl: JsonlOpt = False, field: FieldOpt = None, jobs: JobsOpt = None, skip_bad: SkipBadOpt = False,
          color: ColorOpt = Color.auto, exit_zero: ExitZeroOpt = False,
          group_by: GroupOpt = None) -> None:
    """Report spun phrases as path:line:col: spun -> canonical [rule, confidence], grouped per file."""
    from .runner import run_check
    _run(lambda: run_check(paths, format.value, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, jsonl=jsonl, text_field=field, jobs=jobs, skip_bad=skip_bad, color=_use_color(color),
        group_by=group_by)),
        exit_zero=exit_zero)


@app.command()
def fix(paths: Paths, min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
        rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
        strip_furniture: FurnitureOpt = False, jsonl: JsonlOpt = False, field: FieldOpt = None,
        jobs: JobsOpt = None, skip_bad: SkipBadOpt = False, annotate: AnnotateOpt = False,
        decisions: DecisionsOpt = None, exit_zero: ExitZeroOpt = False, group_by: GroupOpt = None) -> None:
    """Apply fixes in place (atomic write); with -, write the fixed text to stdout and nothing else.  With
    --jsonl, the repaired records of every input go to stdout and the inputs are left as they are; .jsonl
    files met in a directory are repaired in place, record by record."""
    from .runner import run_fix
    _run(lambda: run_fix(paths, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture, jsonl=jsonl, text_field=field, jobs=jobs,
        skip_bad=skip_bad, annotate=annotate, decisions=decisions, group_by=group_by)), exit_zero=exit_zero)


@app.command()
def diff(paths: Paths, style: Annotated[Optional[Style], typer.Option(
             "--style", help="unified diff, or words inline (default on a terminal).")] = None,
         color: ColorOpt = Color.auto,
         min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
         rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
         strip_furniture: FurnitureOpt = False, decisions: DecisionsOpt = None,
         exit_zero: ExitZeroOpt = False) -> None:
    """Show the fixes that `fix` would write, without writing anything."""
    from .runner import run_diff
    chosen = style.value if style else ("words" if sys.stdout.isatty() else "unified")
    use_color = _use_color(color)
    _run(lambda: run_diff(paths, chosen, use_color, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture, decisions=decisions)), exit_zero=exit_zero)


@app.command()
def score(paths: Paths, jsonl: JsonlOpt = False, field: FieldOpt = None, config: ConfigOpt = None,
          jobs: JobsOpt = None, skip_bad: SkipBadOpt = False, exit_zero: ExitZeroOpt = False,
          group_by: GroupOpt = None) -> None:
    """Print each document's spin score (0-1; above 0.5 means judged spun) for filtering."""
    from .runner import run_score
    _run(lambda: run_score(paths, _settings(config=config, jsonl=jsonl, text_field=field, jobs=jobs,
                                             skip_bad=skip_bad, group_by=group_by)), exit_zero=exit_zero)


@app.command()
def explain(phrase: Annotated[str, typer.Argument(
                help="A phrase (\"Chilly Struggle\"), or FILE:LINE:COL for the finding there.")],
            in_file: Annotated[Optional[str], typer.Option(
                "--in", help="Explain PHRASE where it occurs in this file, in the file's context.")] = None,
            type: TypeOpt = None, config: ConfigOpt = None) -> None:
    """What respell would do with a phrase and why: candidates, evidence, scores; FILE:LINE:COL (or --in FILE)
    explains the finding at that place in its document."""
    from .runner import run_explain
    _run(lambda: run_explain(phrase, _settings(config=config, kind=type.value if type else None), in_file))


@app.command()
def review(paths: Paths, min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
           rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
           strip_furniture: FurnitureOpt = False, decisions: DecisionsOpt = None) -> None:
    """Take or leave each finding in the terminal, one at a time; only accepted fixes are written."""
    from .review import run_review
    _run(lambda: run_review(paths, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture, decisions=decisions)))


@app.command()
def report(paths: Paths, html: Annotated[Path, typer.Option("--html", help="Write the report to this file.")],
           min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
           rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
           strip_furniture: FurnitureOpt = False) -> None:
    """Write one self-contained HTML page: every document with its findings, filters, and accept/reject
    choices exported as a decisions file for `fix --decisions`."""
    from .report_html import run_report
    _run(lambda: run_report(paths, html, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture)))


@app.command(name="config")
def config_cmd(show: Annotated[bool, typer.Option("--show", help="Print the merged configuration.")] = False,
               config: ConfigOpt = None) -> None:
    """Show the configuration respell would use here, and where each value came from."""
    from .runner import run_config
    _run(lambda: run_config(show, _settings(config=config)))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI in-process and return its exit code."""
    try:
        rv = app(args=argv, prog_name="respell", standalone_mode=False)
        if isinstance(rv, int):
            return rv
    except typer.Exit as e:
        return e.exit_code
    except SystemExit as e:  # pragma: no cover - click may still raise it
        return int(e.code or 0)
    except typer.Abort:
        return 130
    except typer.TyperException as e:  # usage errors: bad option, missing argument -- one line, like every error
        ctx = getattr(e, "ctx", None)
        where = f"respell {ctx.info_name} --help" if ctx is not None and ctx.parent is not None else "respell --help"
        message = e.format_message() if hasattr(e, "format_message") else str(e)
        typer.echo(f"respell: error: {' '.join(message.split())} (see {where})", err=True)
        return EXIT_ERROR
    return EXIT_CLEAN


def _exit_on_interrupt() -> None:
    """Ctrl-C ends the run at once with one line and exit code 130, as SIGTERM ends it with no line.  Raising
    KeyboardInterrupt could land in any frame (a destructor prints "Exception ignored ... Traceback"); nothing is
    lost by leaving at once: a file being written holds these signals back until it is in place."""
    import signal

    def interrupted(signum: int, frame: object) -> None:
        try:
            os.write(2, b"respell: interrupted\n")
        finally:
            os._exit(130)

    signal.signal(signal.SIGINT, interrupted)


def entry() -> None:
    """The console script: ``main``, then a hard exit.

    The interpreter's own teardown frees the loaded tables object by object, which costs 25-50 ms: more than
    a pre-commit run spends on its files.  Everything a command writes is closed when it returns (files are
    replaced atomically, workers joined), so only the standard streams are left to flush.
    """
    _exit_on_interrupt()
    code = main(sys.argv[1:])
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`respell check | head`): nothing more can be shown
        code = code or EXIT_ERROR
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)


if __name__ == "__main__":  # python -m respell.cli
    entry()
