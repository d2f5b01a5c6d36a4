"""The pre-commit hooks, end to end: a real git repository, real ``pre-commit run``, the installed ``respell``.

The local hooks mirror ``.pre-commit-hooks.yaml`` (same ids, entries and file types) with ``language: system``
so that they use the installed ``respell`` and pre-commit needs no network. PRE_COMMIT_HOME is kept inside
the test's directory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# (id, entry) of every hook in .pre-commit-hooks.yaml; test_hooks_file holds the file to this.
HOOKS = [("respell", "respell check"), ("respell-fix", "respell fix")]

SPUN = """\
# Talks at the UN

The UN Safety Council met on Tuesday in opposition to the wishes of the Overseas Minister, who had asked for a delay.
Diplomats said the talks, broadcast live on satellite tv for pc, were tense and long.
The Overseas Minister told reporters that synthetic intelligence and machine studying would change the arms commerce.
Critics said the Chilly Struggle had taught the council little about the new weapons.
The UN Safety Council will meet again next week, according to the Overseas Ministry.
Analysts expect the prime minister to attend the meeting in person.
"""

CLEAN = """\
# Talks at the UN

The UN Security Council met on Tuesday against the wishes of the Foreign Minister, who had asked for a delay.
Diplomats said the talks, broadcast live on satellite television, were tense and long.
The Foreign Minister told reporters that artificial intelligence and machine learning would change the arms trade.
Critics said the Cold War had taught the council little about the new weapons.
"""

needs_tools = pytest.mark.skipif(
    shutil.which("respell") is None or shutil.which("pre-commit") is None,
    reason="needs the respell CLI and pre-commit on PATH",
)


def test_hooks_file() -> None:
    """.pre-commit-hooks.yaml declares the hooks mirrored below (read as text: no YAML library needed)."""
    text = (REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks: list[dict[str, str]] = []
    for line in text.splitlines():
        m = re.match(r"^(- |  )([a-z_]+):\s*(.*?)\s*$", line)
        if not m:
            continue
        if m.group(1) == "- ":
            hooks.append({})
        hooks[-1][m.group(2)] = m.group(3)
    assert [(h["id"], h["entry"]) for h in hooks] == HOOKS
    for h in hooks:
        assert h["language"] == "python"
        assert h["types"] == "[text]"
        assert h["name"] and h["description"]


def local_config() -> str:
    lines = ["repos:", "  - repo: local", "    hooks:"]
    for hook_id, entry in HOOKS:
        lines += [
            f"      - id: {hook_id}",
            f"        name: {hook_id}",
            f"        entry: {entry}",
            "        language: system",
            "        types: [text]",
        ]
    return "\n".join(lines) + "\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")
    (repo / ".pre-commit-config.yaml").write_text(local_config(), encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "spun.md").write_text(SPUN, encoding="utf-8")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    commit_all(repo, "initial")
    return repo


def pre_commit(repo: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(repo.parent / "pre-commit-home")
    env["NO_COLOR"] = "1"
    return subprocess.run(
        ["pre-commit", "run", hook, "--color", "never", "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )


@needs_tools
def test_check_hook_fails_on_spun_file(repo: Path) -> None:
    result = pre_commit(repo, "respell", "drafts/spun.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^respell\.+Failed$", result.stdout, re.MULTILINE), result.stdout
    assert "UN Safety Council" in result.stdout
    assert (repo / "drafts" / "spun.md").read_text(encoding="utf-8") == SPUN  # check never writes


@needs_tools
def test_check_hook_passes_on_clean_file(repo: Path) -> None:
    result = pre_commit(repo, "respell", "clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^respell\.+Passed$", result.stdout, re.MULTILINE), result.stdout


@needs_tools
def test_config_exclude_applies_to_explicit_files(repo: Path) -> None:
    (repo / ".respell.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    commit_all(repo, "exclude drafts")
    result = pre_commit(repo, "respell", "drafts/spun.md", "clean.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^respell\.+Passed$", result.stdout, re.MULTILINE), result.stdout
    # the same glob in pyproject.toml works too
    (repo / ".respell.toml").unlink()
    (repo / "pyproject.toml").write_text('[tool.respell]\nexclude = ["drafts/"]\n', encoding="utf-8")
    commit_all(repo, "exclude drafts in pyproject")
    assert pre_commit(repo, "respell", "drafts/spun.md").returncode == 0


@needs_tools
def test_inline_ignore_applies_in_hook(repo: Path) -> None:
    ignored = "<!-- respell: off -->\n" + SPUN + "<!-- respell: on -->\n"
    (repo / "drafts" / "spun.md").write_text(ignored, encoding="utf-8")
    commit_all(repo, "ignore the draft inline")
    result = pre_commit(repo, "respell", "drafts/spun.md")
    assert result.returncode == 0, result.stdout + result.stderr


@needs_tools
def test_fix_hook_rewrites_and_fails(repo: Path) -> None:
    result = pre_commit(repo, "respell-fix", "drafts/spun.md")
    assert result.returncode == 1, result.stdout + result.stderr
    fixed = (repo / "drafts" / "spun.md").read_text(encoding="utf-8")
    assert fixed != SPUN
    assert "UN Security Council" in fixed
    assert "machine learning" in fixed
    # a second run finds nothing left to fix and passes
    commit_all(repo, "fixed")
    result = pre_commit(repo, "respell-fix", "drafts/spun.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / "drafts" / "spun.md").read_text(encoding="utf-8") == fixed
    clean = pre_commit(repo, "respell-fix", "clean.md")
    assert clean.returncode == 0 and (repo / "clean.md").read_text(encoding="utf-8") == CLEAN
