"""The package ships py.typed, so its annotations are a promise to its users: mypy (configured in
pyproject.toml) must find nothing in respell/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_nothing_in_the_package() -> None:
    pytest.importorskip("mypy", reason="mypy (the test extra) is not installed")
    proc = subprocess.run([sys.executable, "-m", "mypy", "respell"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-1000:]
