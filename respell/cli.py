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
JsonlOpt = Annotated[bool, typer.Option("--jsonl", help="Inputs are JSON Lines records.")]
FieldOpt = Annotated[str, typer.Option("--field", help="With --jsonl: the field holding the text.")]
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="With --jsonl: drop malformed records.")]
AnnotateOpt = Annotated[bool, typer.Option("--annotate", help="With --jsonl: add a 'respell' object.")]


def _run(fn, *args) -> None:
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
    raise typer.Exit(code)


def _settings(**kw):
    from .runner import Settings
    return Settings.build(**kw)


@app.command()
def check(paths: Paths, format: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.text,
          min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
          rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
          jsonl: JsonlOpt = False, field: FieldOpt = "text", jobs: JobsOpt = None, skip_bad: SkipBadOpt = False) -> None:
    """Report spun phrases as path:line:col: spun -> canonical [rule, confidence]."""
    from .runner import run_check
    _run(lambda: run_check(paths, format.value, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, jsonl=jsonl, text_field=field, jobs=jobs, skip_bad=skip_bad)))


@app.command()
def fix(paths: Paths, min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
        rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
        strip_furniture: FurnitureOpt = False, jsonl: JsonlOpt = False, field: FieldOpt = "text",
        jobs: JobsOpt = None, skip_bad: SkipBadOpt = False, annotate: AnnotateOpt = False) -> None:
    """Apply fixes in place (atomic write); with -, write the fixed text to stdout and nothing else."""
    from .runner import run_fix
    _run(lambda: run_fix(paths, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture, jsonl=jsonl, text_field=field, jobs=jobs,
        skip_bad=skip_bad, annotate=annotate)))


@app.command()
def diff(paths: Paths, style: Annotated[Optional[Style], typer.Option(
             "--style", help="unified diff, or words inline (default on a terminal).")] = None,
         color: Annotated[Color, typer.Option("--color", help="Colour the words view.")] = Color.auto,
         min_confidence: MinConf = None, type: TypeOpt = None, config: ConfigOpt = None,
         rule: RuleOpt = None, disable: DisableOpt = None, locale: LocaleOpt = None,
         strip_furniture: FurnitureOpt = False) -> None:
    """Show the fixes that `fix` would write, without writing anything."""
    from .runner import run_diff
    tty = sys.stdout.isatty()
    chosen = style.value if style else ("words" if tty else "unified")
    use_color = color == Color.always or (color == Color.auto and tty and not os.environ.get("NO_COLOR"))
    _run(lambda: run_diff(paths, chosen, use_color, _settings(
        min_confidence=min_confidence, kind=type.value if type else None, config=config, rules=rule, disable=disable,
        locale=locale, strip_furniture=strip_furniture)))


@app.command()
def score(paths: Paths, jsonl: JsonlOpt = False, field: FieldOpt = "text", config: ConfigOpt = None,
          jobs: JobsOpt = None, skip_bad: SkipBadOpt = False) -> None:
    """Print each document's spin score (0-1; above 0.5 means judged spun) for filtering."""
    from .runner import run_score
    _run(lambda: run_score(paths, _settings(config=config, jsonl=jsonl, text_field=field, jobs=jobs,
                                             skip_bad=skip_bad)))


@app.command()
def explain(phrase: Annotated[str, typer.Argument(help="A phrase, e.g. \"Chilly Struggle\".")],
            config: ConfigOpt = None) -> None:
    """What respell would do with a phrase and why: candidates, evidence, scores."""
    from .runner import run_explain
    _run(lambda: run_explain(phrase, _settings(config=config)))


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
