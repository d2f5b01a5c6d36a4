"""Helpers every CLI test shares: running ``main`` in-process with captured output."""

from __future__ import annotations

import pytest

from respell.cli import main


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``respell ARGS`` run in this process; never a traceback."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err
