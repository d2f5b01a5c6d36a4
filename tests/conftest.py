"""Helpers the tests share: running ``main`` in-process with captured output, and the accuracy harness."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest

from respell.cli import main


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``respell ARGS`` run in this process; never a traceback."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def accuracy_harness() -> ModuleType:
    """``bench/accuracy.py`` as a module (the tests measure with the harness's own definitions)."""
    name = "bench_accuracy_for_tests"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent.parent / "bench" / "accuracy.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# ``python -c CONSOLE`` runs respell as its console script does
CONSOLE = "import sys; from respell.cli import entry; sys.argv[0] = 'respell'; sys.exit(entry())"


def cli_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capture, binary: bool = False):
    """A ``run(*args, stdin=b"")`` that runs the CLI in ``tmp_path`` with NO_COLOR: (exit code, stdout as text,
    or bytes when ``binary``, stderr lines); a traceback or an internal error fails the test."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, stdin: bytes = b""):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capture.readouterr()
        code = main(list(args))
        out, err = capture.readouterr()
        text = err.decode("utf-8") if binary else err
        assert "Traceback" not in text and "internal error" not in text, text
        return code, out, text.splitlines()

    return run
