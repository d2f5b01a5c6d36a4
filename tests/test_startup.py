"""Start-up (respell._startup): on the path of ``respell check FILE`` nothing is imported that the path does not
use; ``inspect``, which ``dataclasses`` imports only to write missing docstrings, is left out, and whoever
imports it later gets the real module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str, tmp_path: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_every_dataclass_of_the_package_has_a_docstring() -> None:
    """Without one, dataclasses writes it with inspect.signature, and inspect is imported after all."""
    missing = []
    for path in sorted((ROOT / "respell").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any("dataclass" in ast.unparse(d) for d in node.decorator_list) \
                    and ast.get_docstring(node) is None:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert missing == []


def test_check_on_a_file_imports_neither_inspect_nor_the_parser(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The North Korean Overseas Minister met the UN Safety Council.\n")
    out = _run("import sys\nfrom respell.cli import main\nmain(['check', 'a.txt'])\n"
               "print(sorted(m for m in ('inspect', 'ast', 'dis', 'typer', 'click') if m in sys.modules))",
               tmp_path)
    assert out.splitlines()[-1] == "[]"


def test_inspect_imported_later_is_the_real_module(tmp_path: Path) -> None:
    out = _run("import respell, dataclasses, inspect, sys\n"
               "print(type(inspect).__name__, inspect.signature(divmod))\n"
               "@dataclasses.dataclass\nclass Point:\n    x: int\n"
               "print(Point.__doc__)\n", tmp_path)
    assert out.splitlines() == ["module (x, y, /)", "Point(x: int)"]


def test_python_dash_m_respell_is_the_console_script(tmp_path: Path) -> None:
    """``python -m respell`` runs the same command line as ``respell``: exit codes and output alike."""
    (tmp_path / "a.txt").write_text("The Overseas Minister met the UN Safety Council.\n")
    proc = subprocess.run([sys.executable, "-m", "respell", "fix", "-"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, input=(tmp_path / "a.txt").read_text())
    assert (proc.returncode, proc.stdout) == (1, "The Foreign Minister met the UN Security Council.\n"), proc.stderr
    proc = subprocess.run([sys.executable, "-m", "respell", "check", "a.txt"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1 and "UN Safety Council -> UN Security Council" in proc.stdout, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "respell", "check", "missing.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_clean_text_never_loads_the_word_frequency_table(tmp_path: Path) -> None:
    """wordfreq's table (``rules._common._zipf_table``, ~37 MB in memory) is for spun text and the rules that need
    it: a clean heading whose words the swap table links ("About these documents") once loaded it through a
    signature test of term restorations (a change since reverted: clean 10 MB peaked at 181 MB instead of 144 MB)."""
    out = _run("import respell\nfrom respell.rules import _common\n"
               "respell.get_engine().analyse('About these documents\\n\\nThe committee met on Tuesday.')\n"
               "print(_common._zipf_table.cache_info().currsize)", tmp_path)
    assert out.splitlines()[-1] == "0"
