"""The command line's front door: arguments -> library call -> renderer -> exit code, and nothing else.

Exit codes: 0 nothing found, 1 findings (or fixes written), 2 usage or input error.  Errors are one line on
stderr, never a traceback.  ``main(argv)`` runs in-process, so tests need no subprocess.

The parser (typer, in ``respell.commands``) costs about 18 ms to import and build: a fifth of a pre-commit run
on one small file.  The call a pre-commit hook makes, ``respell check FILE...`` or ``respell fix FILE...`` with
nothing but file names, needs no parser: ``main`` runs it directly, through the same runner as the parsed
command with the same defaults.  Every other call (any option, ``--help``, another command) is parsed.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Any

from ._startup import cache_dataclass_code

# The command line's process only (a program importing the library keeps its ``dataclasses`` untouched): the
# methods of respell's dataclasses, defined as the command's modules load, come compiled from the user cache.
cache_dataclass_code()

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class Fail(Exception):
    """A usage or input error: one line for stderr, exit code 2."""


def say(message: str) -> None:
    """One line on stderr, whatever its encoding can show."""
    stream = sys.stderr
    try:
        stream.write(message + "\n")
    except UnicodeEncodeError:
        stream.write(message.encode("ascii", "backslashreplace").decode("ascii") + "\n")
    stream.flush()


def use_color(color: str) -> bool:
    """``--color`` (auto, always, never): auto is colour on a terminal unless NO_COLOR is set."""
    return color == "always" or (color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))


def guarded(fn: Callable[[], int], exit_zero: bool = False) -> int:
    """Run a command body and return its exit code, turning every expected failure into one stderr line and
    exit code 2."""
    from .files import InputError
    from .lexicon import LexiconError
    try:
        code = fn()
    except (Fail, InputError, LexiconError) as e:
        say(f"respell: error: {e}")
        return EXIT_ERROR
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # configuration errors come from their own module; anything else is a bug
        if type(e).__name__ == "ConfigError":
            say(f"respell: error: {e}")
            return EXIT_ERROR
        if os.environ.get("RESPELL_DEBUG"):
            raise
        say(f"respell: internal error: {type(e).__name__}: {e} (set RESPELL_DEBUG=1 for a traceback, "
            "and please report it)")
        return EXIT_ERROR
    return EXIT_CLEAN if exit_zero and code == EXIT_FOUND else code


def settings(**kw: Any):
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


def run_check_command(paths: list[str], fmt: str = "text", color: str = "auto", exit_zero: bool = False,
                      **flags: Any) -> int:
    """``respell check``: the parsed command and the direct call both end here."""
    from .runner import run_check
    return guarded(lambda: run_check(paths, fmt, settings(color=use_color(color), **flags)), exit_zero=exit_zero)


def run_fix_command(paths: list[str], exit_zero: bool = False, **flags: Any) -> int:
    """``respell fix``: the parsed command and the direct call both end here."""
    from .runner import run_fix
    return guarded(lambda: run_fix(paths, settings(**flags)), exit_zero=exit_zero)


_DIRECT: dict[str, Callable[[list[str]], int]] = {"check": run_check_command, "fix": run_fix_command}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI in-process and return its exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    direct = _DIRECT.get(args[0]) if args else None
    if direct is not None and len(args) > 1 and not any(a.startswith("-") or not a for a in args[1:]):
        return direct(args[1:])  # file names only: the pre-commit call, no parser needed
    from .commands import parse
    return parse(args)


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
    replaced atomically, workers joined: the last ones as the command returns, ``parallel.joined_later``), so only
    the standard streams are left to flush.

    The cyclic garbage collector is off for the run: respell makes no reference cycles worth collecting (the
    analyses already run with it paused, ``respell.collector``), and on a small file its passes over the modules
    imported on the way and the tables loaded were 4-5 ms of 75.
    """
    from .parallel import joined_later
    _exit_on_interrupt()
    gc.disable()  # see above
    with joined_later():  # (a worker's exit overlaps the output: see ``parallel.joined_later``)
        code = main(sys.argv[1:])
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`respell check | head`): nothing more can be shown
        code = code or EXIT_ERROR
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    from ._startup import save_dataclass_code
    save_dataclass_code()  # (atexit handlers do not run under os._exit)
    os._exit(code)


if __name__ == "__main__":  # python -m respell.cli
    entry()
