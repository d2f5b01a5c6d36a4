"""Configuration discovery and merge: one ``Config`` from defaults, a project file and the command line.

Where configuration comes from, in increasing precedence:

1. defaults (``Config()``);
2. one project file: the one given with ``--config FILE``, or else the nearest one found from the current
   directory upwards. A directory counts when it has a ``.respell.toml`` or a ``pyproject.toml`` with a
   ``[tool.respell]`` table (a ``pyproject.toml`` without that table is passed over, so a sub-package's
   pyproject does not hide the repository's configuration); when one directory has both, ``.respell.toml``
   wins and the other is not read. Files are never merged with one another.
3. command-line flags (``overrides``), which replace the file's value key by key; ``rules`` is merged rule by
   rule instead, so ``--disable X`` does not forget the file's other rules.

In ``.respell.toml`` the keys are at the top level (no table), as in ``ruff.toml``; in ``pyproject.toml``
they live in ``[tool.respell]``. Keys are spelt with hyphens (``min-confidence``); an unknown key is an error
that suggests the nearest known key.

Relative paths (``dictionaries``) and globs (``include`` / ``exclude``) are read relative to the directory of
the file that sets them; from the command line, relative to the current directory.

Everything is checked when it is read, so a bad value is one error line naming the file and the key, never a
failure later in the run: types, ranges (``jobs`` from 1 to ``MAX_JOBS``), glob syntax, and dictionary paths.
A repository's configuration may only name dictionaries inside its own directory tree (symbolic links
resolved): a cloned project must not make respell read ``/etc/shadow`` or ``../../secrets``.  The user allows
other paths explicitly by setting ``RESPELL_ALLOW_DICTIONARIES`` to a colon-separated list of directories (the
project's own file cannot grant this).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, TypedDict, cast

import regex

from .plan import DEFAULT_MIN_CONFIDENCE
from .text import LazyPattern

TYPES = ("auto", "text", "markdown", "html", "rst")
DICTIONARY_KINDS = ("fingerprints", "gazetteer")
COMMAND_LINE = "command line"
DEFAULT = "default"

MAX_JOBS = 1024          # above this a jobs value is a mistake, not a machine (runs are capped at the CPU count)
ALLOW_ENV = "RESPELL_ALLOW_DICTIONARIES"

# Column counts of the TSV dictionary formats (dictionaries/FORMAT.md) that may be added by configuration.
_KIND_BY_COLUMNS = {2: "gazetteer", 4: "fingerprints"}


class ConfigError(Exception):
    """A configuration problem; the message is one line naming the file (or "command line") and the key."""


class DictionarySpec(TypedDict):
    """An extra dictionary: an absolute path and its kind ("fingerprints" or "gazetteer").

    A plain dict (``{"path": Path, "kind": str}``), the same shape as the TOML table that declares it.
    """

    path: Path
    kind: str


@dataclass
class Config:
    """The merged configuration a run uses: defaults, then the project file, then the command line."""
    dictionaries: list[DictionarySpec] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rules: dict[str, bool] = field(default_factory=dict)
    type: str = "auto"
    jobs: int = 1
    # where each key's value came from: "default", "<file> [tool.respell]", "<file>", "command line"
    origins: dict[str, str] = field(default_factory=dict)
    # the file read (None when none was found) and the directories paths and globs are relative to
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    cwd: Path = field(default_factory=Path.cwd)

    def rule_enabled(self, rule: str, default: bool = True) -> bool:
        return self.rules.get(rule, default)


# TOML key -> Config attribute, in the order ``show_config`` prints them.
KEYS: dict[str, str] = {
    "dictionaries": "dictionaries",
    "ignore": "ignore",
    "min-confidence": "min_confidence",
    "include": "include",
    "exclude": "exclude",
    "rules": "rules",
    "type": "type",
    "jobs": "jobs",
}


# ---------------------------------------------------------------- value formatting


def _toml(value: object) -> str:
    """A TOML rendering of a configuration value (also used to quote bad values in error messages)."""
    import json  # (here, not at the top: a run that only reads a configuration never renders one)

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{" + ", ".join(f"{_toml_key(str(k))} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def _toml_key(key: str) -> str:
    import json
    return key if regex.fullmatch(r"[A-Za-z0-9_\-]+", key) else json.dumps(key, ensure_ascii=False)


# ---------------------------------------------------------------- validation


class _Source:
    """Where values come from: the label used in error messages and origins, and the base directory."""

    def __init__(self, label: str, origin: str, base: Path) -> None:
        self.label = label  # e.g. "/x/pyproject.toml: [tool.respell]" or "command line"
        self.origin = origin  # e.g. "/x/pyproject.toml [tool.respell]"
        self.base = base

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.label} {key}: {message}")


def _str_list(src: _Source, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        value = [value] if src.origin == COMMAND_LINE else value
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise src.error(key, f"expected a list of strings, got {_toml(value)}")
    return list(value)


def _globs(src: _Source, key: str, value: object) -> list[str]:
    """include / exclude: a list of globs, each compiled now so that a bad one ("[z-a]") is a configuration
    error naming the key, not an internal error on the first file."""
    patterns = _str_list(src, key, value)
    for i, pattern in enumerate(patterns):
        if not pattern:
            raise src.error(f"{key}[{i}]", "empty pattern")
        try:
            _glob_regex_cached(pattern)
        except regex.error as e:
            raise src.error(f"{key}[{i}]", f"bad pattern {_toml(pattern)}: {e.msg}") from None
    return patterns


def _allowed_outside(path: Path) -> bool:
    """Is ``path`` below one of the directories the user allows in RESPELL_ALLOW_DICTIONARIES?"""
    for d in os.environ.get(ALLOW_ENV, "").split(os.pathsep):
        if d and _inside(path, Path(os.path.expanduser(d))):
            return True
    return False


def _inside(path: Path, directory: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(directory))
    except ValueError:
        return False
    return True


def _infer_kind(src: _Source, key: str, path: Path) -> str:
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                columns = len(line.split("\t"))
                kind = _KIND_BY_COLUMNS.get(columns)
                if kind is None:
                    raise src.error(
                        key,
                        f"cannot tell the kind of {path}: its first entry has {columns} tab-separated column(s);"
                        f' expected 2 (gazetteer) or 4 (fingerprints), or declare {{path = "...", kind = "..."}}',
                    )
                return kind
    except UnicodeDecodeError:
        raise src.error(key, f"{path} is not UTF-8 text") from None
    raise src.error(key, f'cannot tell the kind of {path}: it has no entries; declare {{path = "...", kind = "..."}}')


def _dictionaries(src: _Source, key: str, value: object) -> list[DictionarySpec]:
    if isinstance(value, (str, dict)) and src.origin == COMMAND_LINE:
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise src.error(key, f'expected a list of paths or {{path = "...", kind = "..."}} tables, got {_toml(value)}')
    specs: list[DictionarySpec] = []
    for i, item in enumerate(value):
        item_key = f"{key}[{i}]"
        kind: str | None = None
        if isinstance(item, (str, Path)):
            raw = str(item)
        elif isinstance(item, Mapping):
            unknown = sorted(set(item) - {"path", "kind"})
            if unknown:
                raise src.error(item_key, f"unknown key {_toml(unknown[0])}; a dictionary has only path and kind")
            raw_path = item.get("path")
            if not isinstance(raw_path, str):
                raise src.error(item_key, f"expected path = a string, got {_toml(raw_path)}")
            raw = raw_path
            kind_value = item.get("kind")
            if kind_value is not None:
                if kind_value not in DICTIONARY_KINDS:
                    raise src.error(
                        item_key, f'kind: expected "fingerprints" or "gazetteer", got {_toml(kind_value)}'
                    )
                kind = str(kind_value)
        else:
            raise src.error(item_key, f"expected a path or a {{path, kind}} table, got {_toml(item)}")
        path = Path(os.path.expanduser(raw))
        if not path.is_absolute():
            path = src.base / path
        path = Path(os.path.normpath(path))
        if not _inside(path, src.base) and not _allowed_outside(path):
            raise src.error(item_key, f"{path} is outside the project ({src.base}); dictionaries must lie inside "
                            f"it, unless you allow their directory with {ALLOW_ENV}=DIR")
        if not path.is_file():
            raise src.error(item_key, f"no such file: {path}")
        specs.append(DictionarySpec(path=path, kind=kind or _infer_kind(src, item_key, path)))
    return specs


def _min_confidence(src: _Source, key: str, value: object) -> float:
    if isinstance(value, str) and src.origin == COMMAND_LINE:
        try:
            value = float(value)
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or not 0 <= value <= 1:
        raise src.error(key, f"expected a number between 0 and 1, got {_toml(value)}")
    return float(value)


def _rules(src: _Source, key: str, value: object) -> dict[str, bool]:
    if not isinstance(value, Mapping):
        raise src.error(key, f"expected a table of rule = true/false, got {_toml(value)}")
    for rule, enabled in value.items():
        if not isinstance(enabled, bool):
            raise src.error(f"{key}.{rule}", f"expected true or false, got {_toml(enabled)}")
    return {str(k): bool(v) for k, v in value.items()}


def _type(src: _Source, key: str, value: object) -> str:
    if not isinstance(value, str) or value not in TYPES:
        raise src.error(key, f"expected one of {', '.join(TYPES)}, got {_toml(value)}")
    return str(value)


def _jobs(src: _Source, key: str, value: object) -> int:
    if isinstance(value, str) and src.origin == COMMAND_LINE and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_JOBS:
        raise src.error(key, f"expected a whole number from 1 to {MAX_JOBS}, got {_toml(value)}")
    return value


_VALIDATORS = {
    "dictionaries": _dictionaries,
    "ignore": _str_list,
    "min-confidence": _min_confidence,
    "include": _globs,
    "exclude": _globs,
    "rules": _rules,
    "type": _type,
    "jobs": _jobs,
}


def _unknown_key(src: _Source, key: str) -> ConfigError:
    import difflib
    import json

    if key in ("respell", "tool") and src.origin != COMMAND_LINE and not src.origin.endswith("]"):
        return ConfigError(f"{src.label} unknown key {json.dumps(key)}; in .respell.toml the keys go at the top level")
    close = difflib.get_close_matches(key.replace("_", "-"), list(KEYS), n=1, cutoff=0.6)
    hint = f'; did you mean "{close[0]}"?' if close else f"; known keys: {', '.join(KEYS)}"
    return ConfigError(f"{src.label} unknown key {json.dumps(key)}{hint}")


def _apply(config: Config, src: _Source, values: Mapping[str, Any]) -> None:
    for raw_key, value in values.items():
        if value is None and src.origin == COMMAND_LINE:
            continue  # an option the user did not give
        key = raw_key.replace("_", "-") if src.origin == COMMAND_LINE else raw_key
        if key not in KEYS:
            raise _unknown_key(src, raw_key)
        checked = _VALIDATORS[key](src, key, value)
        attr = KEYS[key]
        if key == "rules" and config.rules and src.origin == COMMAND_LINE:
            merged = {**config.rules, **cast("dict[str, bool]", checked)}
            setattr(config, attr, merged)
            config.origins[key] = f"{config.origins[key]}, {src.origin}"
            continue
        setattr(config, attr, checked)
        config.origins[key] = src.origin


# ---------------------------------------------------------------- files


# Where a pyproject.toml can hold respell's table: a [tool.respell] header or dotted key (names quoted or not), or a
# [tool] table or an inline `tool = {...}` that may hold a respell key.  A file with none of these (a project that
# only names respell, as its own name or a dependency) cannot hold it, and is not parsed.
_MAY_HOLD_TABLE = LazyPattern(rb"""tool["']?\s*\.\s*["']?respell|\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*=""", re.M,
                              re)  # (compiled only for a pyproject.toml that names respell)


def _read_toml(path: Path, pyproject: bool = False) -> dict[str, Any] | None:
    """The file's TOML; None for a pyproject.toml that cannot hold respell's table (then it is not parsed)."""
    try:
        with path.open("rb") as fh:
            raw = fh.read()
        if pyproject and (b"respell" not in raw or not _MAY_HOLD_TABLE.search(raw)):
            return None
        import tomllib  # (only here: most runs find no configuration, or one without respell's table)
        try:
            return tomllib.loads(raw.decode())
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _file_source(path: Path) -> tuple[_Source, dict[str, Any]] | None:
    """The source and values of a configuration file, or None for a pyproject.toml without [tool.respell] (one
    that cannot hold it is not parsed: a project's own pyproject.toml is not ours to judge)."""
    data = _read_toml(path, pyproject=path.name == "pyproject.toml")
    if data is None:
        return None
    base = path.parent
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "respell" not in tool:
            return None
        table = tool["respell"]
        src = _Source(f"{path}: [tool.respell]", f"{path} [tool.respell]", base)
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.respell] must be a table, got {_toml(table)}")
        return src, table
    return _Source(f"{path}:", str(path), base), data


def find_config(cwd: Path) -> Path | None:
    """The nearest configuration file from ``cwd`` upwards (see the module docstring), or None."""
    directory = Path(os.path.abspath(cwd))
    for d in (directory, *directory.parents):
        dotfile = d / ".respell.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = d / "pyproject.toml"
        if pyproject.is_file() and _file_source(pyproject) is not None:
            return pyproject
    return None


def load_config(
    cwd: Path, explicit: Path | None = None, overrides: Mapping[str, object] | None = None
) -> Config:
    """Defaults, then the explicit or discovered file, then ``overrides`` (CLI flags; None values skipped).

    Override keys may be spelt ``min-confidence`` or ``min_confidence``. Raises ``ConfigError``.
    """
    cwd = Path(os.path.abspath(cwd))
    config = Config(root=cwd, cwd=cwd, origins={key: DEFAULT for key in KEYS})
    path: Path | None
    if explicit is not None:
        path = Path(os.path.abspath(cwd / explicit))
        if not path.is_file():
            raise ConfigError(f"{path}: no such configuration file (given with --config)")
    else:
        path = find_config(cwd)
    if path is not None:
        found = _file_source(path)
        if found is None:  # an explicit pyproject.toml without [tool.respell]: nothing to read
            found = (_Source(f"{path}: [tool.respell]", f"{path} [tool.respell]", path.parent), {})
        src, values = found
        config.path = path
        config.root = path.parent
        _apply(config, src, values)
    if overrides:
        _apply(config, _Source(f"{COMMAND_LINE}:", COMMAND_LINE, cwd), overrides)
    return config


def show_config(config: Config) -> str:
    """The merged configuration: one ``key = value  # from <origin>`` line per key, TOML-like."""
    lines = []
    for key, attr in KEYS.items():
        lines.append(f"{key} = {_toml(getattr(config, attr))}  # from {config.origins.get(key, DEFAULT)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- include / exclude


def _glob_regex(pattern: str) -> regex.Pattern[str]:
    """Compile a gitignore-like glob, matched against a POSIX path relative to the configuration directory.

    ``*`` and ``?`` never cross "/", ``[...]`` is a character class, ``**`` matches any number of directories.
    A pattern without "/" (other than a trailing one) matches at any depth ("*.min.md", "vendor"); one with
    a "/" is anchored at the configuration directory ("docs/*.md"; a leading "/" only anchors). A trailing "/"
    matches directories only. A pattern that matches a directory matches everything below it.
    """
    dir_only = pattern.endswith("/")
    pat = pattern.strip("/") if dir_only else pattern
    anchored = "/" in pat
    pat = pat.lstrip("/")
    out: list[str] = []
    i = 0
    while i < len(pat):  # a short pattern, compiled once
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pat.startswith("/**", i) and i + 3 == len(pat):
            out.append("/.*")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pat.find("]", i + 2)
            if j == -1:
                out.append(regex.escape(c))
                i += 1
            else:
                body = pat[i + 1 : j]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\") + "]")
                i = j + 1
        else:
            out.append(regex.escape(c))
            i += 1
    prefix = "" if anchored else "(?:[^/]*/)*"
    # a directory match covers everything below it; a dir-only pattern must be followed by "/..."
    suffix = "/.*" if dir_only else "(?:/.*)?"
    return regex.compile(prefix + "".join(out) + suffix, regex.DOTALL)


def _matches(rel: str, patterns: list[str]) -> bool:
    return any(_glob_regex_cached(p).fullmatch(rel) for p in patterns)


_GLOB_CACHE: dict[str, regex.Pattern[str]] = {}


def _glob_regex_cached(pattern: str) -> regex.Pattern[str]:
    compiled = _GLOB_CACHE.get(pattern)
    if compiled is None:
        compiled = _GLOB_CACHE[pattern] = _glob_regex(pattern)
    return compiled


def relative_path(path: Path, config: Config, base: Path | None = None) -> str | None:
    """``path`` relative to ``base`` (default: the configuration directory), POSIX style, or None when it lies
    outside it. A relative ``path`` is taken relative to ``config.cwd``; symbolic links are resolved."""
    full = Path(path)
    if not full.is_absolute():
        full = config.cwd / full
    full_resolved = Path(os.path.realpath(full))
    root_resolved = Path(os.path.realpath(config.root if base is None else base))
    try:
        return full_resolved.relative_to(root_resolved).as_posix()
    except ValueError:
        return None


def is_excluded(path: Path, config: Config) -> bool:
    """True when ``path`` must not be checked: it matches an ``exclude`` glob, or ``include`` is not empty and
    it matches none of its globs. Excludes win over includes.

    Globs apply the same way to files found by walking a directory and to files named explicitly (as
    pre-commit names them), so that a project's excludes hold for its hooks too. A relative ``path`` is taken
    relative to ``config.cwd``. Globs from a file are relative to its directory, globs from the command line to
    ``config.cwd``; a file outside that directory is never excluded by them (nor filtered out by ``include``).
    """
    if config.exclude and _matches_from(path, config, "exclude"):
        return True
    if config.include and not _matches_from(path, config, "include"):
        return True
    return False


def _matches_from(path: Path, config: Config, key: str) -> bool:
    """Match ``path`` against the include or exclude globs, relative to the directory they were set in."""
    base = config.cwd if config.origins.get(key) == COMMAND_LINE else config.root
    rel = relative_path(path, config, base)
    if rel is None or rel == ".":
        return False if key == "exclude" else True
    return _matches(rel, getattr(config, key))
