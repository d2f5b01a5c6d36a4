"""The command line's parser: every command and option (typer), each turned into one call of ``respell.cli``'s
runners.  ``respell.cli`` imports this module only when a call needs parsing (see its docstring)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .cli import EXIT_CLEAN, EXIT_ERROR, guarded, run_check_command, run_fix_command, say, settings, use_color

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


def _run(fn, exit_zero: bool = False) -> None:
    raise typer.Exit(guarded(fn, exit_zero=exit_zero))


@app.command()
def check(paths: Paths, format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.text,
          min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
          rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
          jsonl: JsonlOpt = False, field: FieldOpt = None, jobs: JobsOpt = None, skip_bad: SkipBadOpt = False,
          color: ColorOpt = Color.auto, exit_zero: ExitZeroOpt = False,
          group_by: GroupOpt = None) -> None:
    """Report spun phrases as path:line:col: spun -> canonical [rule, confidence], grouped per file."""
    raise typer.Exit(run_check_command(
        paths, format.value, color.value, exit_zero, min_confidence=min_confidence, kind=type.value if type else None,
        config=config, rules=rule, disable=disable, locale=locale, jsonl=jsonl, text_field=field, jobs=jobs,
        skip_bad=skip_bad, group_by=group_by))


@app.command()
def fix(paths: Paths, min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
        rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
        strip_furniture: FurnitureOpt = False, jsonl: JsonlOpt = False, field: FieldOpt = None,
        jobs: JobsOpt = None, skip_bad: SkipBadOpt = False, annotate: AnnotateOpt = False,
        decisions: DecisionsOpt = None, exit_zero: ExitZeroOpt = False, group_by: GroupOpt = None) -> None:
    """Apply fixes in place (atomic write); with -, write the fixed text to stdout and nothing else.  With
    --jsonl, the repaired records of every input go to stdout and the inputs are left as they are; .jsonl
    files met in a directory are repaired in place, record by record."""
    raise typer.Exit(run_fix_command(
        paths, exit_zero, min_confidence=min_confidence, kind=type.value if type else None, config=config,
        rules=rule, disable=disable, locale=locale, strip_furniture=strip_furniture, jsonl=jsonl, text_field=field,
        jobs=jobs, skip_bad=skip_bad, annotate=annotate, decisions=decisions, group_by=group_by))


@app.command()
def diff(paths: Paths, style: Annotated[Optional[Style], typer.Option(
             "--style", help="unified diff, or words inline (default on a terminal).")] = None,
         color: ColorOpt = Color.auto,
         min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
         rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
         strip_furniture: FurnitureOpt = False, decisions: DecisionsOpt = None, jobs: JobsOpt = None,
         exit_zero: ExitZeroOpt = False) -> None:
    """Show the fixes that `fix` would write, without writing anything."""
    from .runner import run_diff
    chosen = style.value if style else ("words" if sys.stdout.isatty() else "unified")
    colored = use_color(color.value)
    _run(lambda: run_diff(paths, chosen, colored, settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture, decisions=decisions, jobs=jobs)), exit_zero=exit_zero)


@app.command()
def score(paths: Paths, jsonl: JsonlOpt = False, field: FieldOpt = None, config: ConfigOpt = None,
          jobs: JobsOpt = None, skip_bad: SkipBadOpt = False, exit_zero: ExitZeroOpt = False,
          group_by: GroupOpt = None) -> None:
    """Print each document's spin score (0-1; above 0.5 means judged spun) for filtering."""
    from .runner import run_score
    _run(lambda: run_score(paths, settings(config=config, jsonl=jsonl, text_field=field, jobs=jobs,
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
    _run(lambda: run_explain(phrase, settings(config=config, kind=type.value if type else None), in_file))


@app.command()
def review(paths: Paths, min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
           rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
           strip_furniture: FurnitureOpt = False, decisions: DecisionsOpt = None) -> None:
    """Take or leave each finding in the terminal, one at a time; only accepted fixes are written."""
    from .review import run_review
    _run(lambda: run_review(paths, settings(
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
    _run(lambda: run_report(paths, html, settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture)))


@app.command(name="config")
def config_cmd(show: Annotated[bool, typer.Option("--show", help="Print the merged configuration.")] = False,
               config: ConfigOpt = None) -> None:
    """Show the configuration respell would use here, and where each value came from."""
    from .runner import run_config
    _run(lambda: run_config(show, settings(config=config)))


def parse(argv: list[str]) -> int:
    """Parse ``argv`` and run the command it names; the exit code."""
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
        say(f"respell: error: {' '.join(message.split())} (see {where})")
        return EXIT_ERROR
    return EXIT_CLEAN
