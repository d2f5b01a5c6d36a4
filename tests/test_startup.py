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


_METHODS = ("import dataclasses, hashlib, marshal, sys\nimport respell, respell.cli\nfrom respell import engine, match, plan, runner\n"
            "print('exec' in vars(dataclasses))\n"
            "for mod in (respell, engine, match, plan, runner):\n"
            "    for name, cls in sorted(vars(mod).items()):\n"
            "        if dataclasses.is_dataclass(cls) and cls.__module__ == mod.__name__:\n"
            "            for attr, fn in sorted(vars(cls).items()):\n"
            "                code = getattr(fn, '__code__', None)\n"
            "                if code is not None and code.co_filename == '<string>':\n"
            "                    print(name, attr, fn.__qualname__, hashlib.sha1(marshal.dumps(code)).hexdigest(),\n"
            "                          fn.__annotations__, fn.__defaults__, fn.__kwdefaults__)\n")


def test_dataclass_methods_from_the_code_cache_are_those_compiled(tmp_path: Path, monkeypatch) -> None:
    """The methods dataclasses writes for respell's classes are compiled once and kept in the user cache
    (``respell._startup.cache_dataclass_code``): a run that reads them gets the same code as one that compiles,
    and a damaged file is only compiled again and rewritten."""
    monkeypatch.setenv("RESPELL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RESPELL_NO_CACHE", raising=False)
    first = _run(_METHODS, tmp_path).splitlines()
    files = list((tmp_path / "cache").rglob("dataclass-code-*.marshal"))
    assert first[0] == "True" and len(first) > 20 and len(files) == 1
    assert _run(_METHODS, tmp_path).splitlines() == first  # read from the file this time
    files[0].write_bytes(files[0].read_bytes()[:-7] + b"damaged")
    assert _run(_METHODS, tmp_path).splitlines() == first
    monkeypatch.setenv("RESPELL_NO_CACHE", "1")
    plain = _run(_METHODS, tmp_path).splitlines()
    assert plain[0] == "False" and plain[1:] == first[1:]
    monkeypatch.delenv("RESPELL_NO_CACHE")
    data = files[0].read_bytes()
    assert _run(_METHODS, tmp_path).splitlines() == first and files[0].read_bytes() == data  # rewritten whole


def test_the_console_script_writes_the_dataclass_code(tmp_path: Path, monkeypatch) -> None:
    """``entry`` leaves by ``os._exit`` (no atexit handlers): it writes the compiled code before."""
    monkeypatch.setenv("RESPELL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("RESPELL_NO_CACHE", raising=False)
    (tmp_path / "a.txt").write_text("A plain sentence.\n")
    proc = subprocess.run([sys.executable, "-m", "respell", "check", "a.txt"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "cache").rglob("dataclass-code-*.marshal"))) == 1


def test_importing_the_library_leaves_dataclasses_alone() -> None:
    """Only the command line keeps the dataclass code in the user cache (``respell._startup``): a program that
    imports respell keeps the standard ``dataclasses``."""
    import subprocess
    import sys
    code = ("import dataclasses, respell; respell.fix('The Chilly Struggle ended.'); a = 'exec' in vars(dataclasses); "
            "import respell.cli; print(a, 'exec' in vars(dataclasses))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
