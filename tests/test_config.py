"""Configuration discovery, precedence, validation messages, ``show_config`` and include/exclude."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest

from respell.config import (
    Config,
    ConfigError,
    DictionarySpec,
    find_config,
    is_excluded,
    load_config,
    show_config,
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- defaults and discovery


def test_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.dictionaries == [] and config.ignore == [] and config.include == [] and config.exclude == []
    assert config.min_confidence == 0.8
    assert config.rules == {}
    assert config.type == "auto"
    assert config.jobs == 1
    assert config.path is None
    assert set(config.origins.values()) == {"default"}
    assert Config().min_confidence == 0.8


def test_discovery_upwards_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.respell]\nmin-confidence = 0.9\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = load_config(deep)
    assert config.min_confidence == 0.9
    assert config.path == tmp_path / "pyproject.toml"
    assert config.root == tmp_path
    assert config.origins["min-confidence"] == f"{tmp_path / 'pyproject.toml'} [tool.respell]"
    assert config.origins["jobs"] == "default"


def test_nearest_directory_wins(tmp_path: Path) -> None:
    write(tmp_path / ".respell.toml", "jobs = 4\n")
    write(tmp_path / "sub" / ".respell.toml", "jobs = 2\n")
    assert load_config(tmp_path / "sub").jobs == 2
    assert load_config(tmp_path).jobs == 4
    # files are not merged: the parent's value does not leak into the nearer file's config
    write(tmp_path / ".respell.toml", "jobs = 4\ntype = \"html\"\n")
    assert load_config(tmp_path / "sub").type == "auto"


def test_dotfile_beats_pyproject_in_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.respell]\njobs = 3\n")
    write(tmp_path / ".respell.toml", "jobs = 5\n")
    config = load_config(tmp_path)
    assert config.jobs == 5
    assert config.origins["jobs"] == str(tmp_path / ".respell.toml")


def test_pyproject_without_table_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".respell.toml", "jobs = 6\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n')
    assert find_config(tmp_path / "pkg") == tmp_path / ".respell.toml"
    assert load_config(tmp_path / "pkg").jobs == 6


def test_pyproject_that_only_names_respell_is_not_parsed(tmp_path: Path) -> None:
    """A project that depends on respell (or is respell) but has no table of its own: passed over unparsed, so
    that even its own TOML errors are not respell's to report."""
    write(tmp_path / ".respell.toml", "jobs = 6\n")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\ndependencies = ["respell"]\n[tool.mypy\n')
    assert find_config(tmp_path / "pkg") == tmp_path / ".respell.toml"
    assert load_config(tmp_path / "pkg").jobs == 6


@pytest.mark.parametrize("body", ['[tool]\nrespell = {jobs = 3}\n', 'tool.respell.jobs = 3\n',
                                  '[tool."respell"]\njobs = 3\n', 'tool = { respell = { jobs = 3 } }\n',
                                  '[project]\nname = "x"\n\n[ tool . respell ]\njobs = 3\n'])
def test_every_way_of_writing_the_table_is_found(tmp_path: Path, body: str) -> None:
    write(tmp_path / "pyproject.toml", body)
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    assert load_config(tmp_path).jobs == 3


def test_explicit_config_replaces_discovery(tmp_path: Path) -> None:
    write(tmp_path / ".respell.toml", "jobs = 6\n")
    explicit = write(tmp_path / "conf" / "strict.toml", "min-confidence = 0.95\n")
    config = load_config(tmp_path, explicit=Path("conf/strict.toml"))
    assert config.min_confidence == 0.95
    assert config.jobs == 1  # the discovered file is not read
    assert config.root == tmp_path / "conf"
    assert config.origins["min-confidence"] == str(explicit)


def test_explicit_pyproject(tmp_path: Path) -> None:
    explicit = write(tmp_path / "other" / "pyproject.toml", "[tool.respell]\ntype = \"markdown\"\n")
    assert load_config(tmp_path, explicit=explicit).type == "markdown"


def test_explicit_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, explicit=Path("nope.toml"))
    assert str(info.value) == f"{tmp_path / 'nope.toml'}: no such configuration file (given with --config)"


def test_command_line_overrides(tmp_path: Path) -> None:
    write(tmp_path / ".respell.toml", 'min-confidence = 0.9\njobs = 2\nignore = ["a"]\n[rules]\nx = false\ny = true\n')
    config = load_config(
        tmp_path,
        overrides={"min_confidence": 0.5, "jobs": None, "ignore": ["b"], "rules": {"y": False, "z": True}},
    )
    assert config.min_confidence == 0.5
    assert config.jobs == 2  # None: option not given
    assert config.ignore == ["b"]  # lists are replaced
    assert config.rules == {"x": False, "y": False, "z": True}  # rules are merged rule by rule
    assert config.origins["min-confidence"] == "command line"
    assert config.origins["jobs"] == str(tmp_path / ".respell.toml")
    assert config.origins["rules"] == f"{tmp_path / '.respell.toml'}, command line"
    assert not config.rule_enabled("x") and config.rule_enabled("z") and config.rule_enabled("unknown")


def test_command_line_strings_are_converted(tmp_path: Path) -> None:
    config = load_config(tmp_path, overrides={"min-confidence": "0.7", "jobs": "3", "exclude": "vendor/"})
    assert config.min_confidence == 0.7 and config.jobs == 3 and config.exclude == ["vendor/"]


# ---------------------------------------------------------------- errors


def error_of(tmp_path: Path, name: str, body: str) -> str:
    write(tmp_path / name, body)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    return str(info.value)


def test_error_bad_min_confidence_pyproject(tmp_path: Path) -> None:
    message = error_of(tmp_path, "pyproject.toml", '[tool.respell]\nmin-confidence = "high"\n')
    assert message == f'{tmp_path}/pyproject.toml: [tool.respell] min-confidence: expected a number between 0 and 1, got "high"'


@pytest.mark.parametrize(
    "body, expected",
    [
        ("min-confidence = 1.5", 'min-confidence: expected a number between 0 and 1, got 1.5'),
        ("min-confidence = true", "min-confidence: expected a number between 0 and 1, got true"),
        ("jobs = 0", "jobs: expected a whole number from 1 to 1024, got 0"),
        ("jobs = 2.5", "jobs: expected a whole number from 1 to 1024, got 2.5"),
        ('type = "asciidoc"', 'type: expected one of auto, text, markdown, html, rst, got "asciidoc"'),
        ('ignore = "x"', 'ignore: expected a list of strings, got "x"'),
        ("exclude = [1]", "exclude: expected a list of strings, got [1]"),
        ('rules = {x = "yes"}', 'rules.x: expected true or false, got "yes"'),
        ("rules = 1", "rules: expected a table of rule = true/false, got 1"),
        ('dictionaries = ["missing.tsv"]', "dictionaries[0]: no such file: {root}/missing.tsv"),
        ('dictionaries = [{path = "d.tsv", kind = "swaps"}]',
         'dictionaries[0]: kind: expected "fingerprints" or "gazetteer", got "swaps"'),
        ('min_confidance = 0.5', 'unknown key "min_confidance"; did you mean "min-confidence"?'),
        ('exclud = []', 'unknown key "exclud"; did you mean "exclude"?'),
        ('colour = "red"', 'unknown key "colour"; known keys: dictionaries, ignore, min-confidence, include, '
                           'exclude, rules, type, jobs'),
        ('[respell]\njobs = 2', 'unknown key "respell"; in .respell.toml the keys go at the top level'),
    ],
)
def test_error_messages_dotfile(tmp_path: Path, body: str, expected: str) -> None:
    write(tmp_path / "d.tsv", "cold war\tCold War\n")
    message = error_of(tmp_path, ".respell.toml", body + "\n")
    assert message == f"{tmp_path}/.respell.toml: " + expected.format(root=tmp_path)


def tomllib_message(body: str) -> str:
    with pytest.raises(tomllib.TOMLDecodeError) as info:
        tomllib.loads(body)
    return str(info.value)


def test_error_malformed_toml(tmp_path: Path) -> None:
    message = error_of(tmp_path, ".respell.toml", "jobs = \n")
    assert message == f"{tmp_path}/.respell.toml: invalid TOML: {tomllib_message('jobs = ' + chr(10))}"
    if sys.version_info[:2] == (3, 11):
        assert message == f"{tmp_path}/.respell.toml: invalid TOML: Invalid value (at line 1, column 8)"
    assert "\n" not in message


def test_error_malformed_pyproject(tmp_path: Path) -> None:
    body = "[tool.respell\njobs = 2\n"
    message = error_of(tmp_path, "pyproject.toml", body)
    assert message == f"{tmp_path}/pyproject.toml: invalid TOML: {tomllib_message(body)}"
    if sys.version_info[:2] == (3, 11):
        assert message == (
            f"{tmp_path}/pyproject.toml: invalid TOML: Expected ']' at the end of a table declaration"
            " (at line 1, column 14)"
        )


def test_error_from_command_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, overrides={"min-confidence": "high"})
    assert str(info.value) == 'command line: min-confidence: expected a number between 0 and 1, got "high"'
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, overrides={"colour": "red"})
    assert str(info.value).startswith('command line: unknown key "colour"')


# ---------------------------------------------------------------- dictionaries


def test_dictionaries_resolved_and_kinds_inferred(tmp_path: Path) -> None:
    write(tmp_path / "dicts" / "gaz.tsv", "# provenance: test\nCold War\t12\n")
    write(tmp_path / "dicts" / "fp.tsv", "# x\n\nchilly struggle\tCold War\tfix\ttest\n")
    write(tmp_path / "dicts" / "odd.tsv", "a\tb\tc\n")
    write(tmp_path / "pyproject.toml", '[tool.respell]\ndictionaries = [\n  "dicts/gaz.tsv",\n  "dicts/fp.tsv",\n'
          '  {path = "dicts/odd.tsv", kind = "gazetteer"},\n]\n')
    config = load_config(tmp_path / "dicts")
    assert config.dictionaries == [
        DictionarySpec(path=tmp_path / "dicts" / "gaz.tsv", kind="gazetteer"),
        DictionarySpec(path=tmp_path / "dicts" / "fp.tsv", kind="fingerprints"),
        {"path": tmp_path / "dicts" / "odd.tsv", "kind": "gazetteer"},
    ]


def test_dictionary_kind_cannot_be_inferred(tmp_path: Path) -> None:
    write(tmp_path / "odd.tsv", "a\tb\tc\n")
    message = error_of(tmp_path, ".respell.toml", 'dictionaries = ["odd.tsv"]\n')
    assert message == (
        f"{tmp_path}/.respell.toml: dictionaries[0]: cannot tell the kind of {tmp_path}/odd.tsv: its first entry "
        'has 3 tab-separated column(s); expected 2 (gazetteer) or 4 (fingerprints), or declare '
        '{path = "...", kind = "..."}'
    )


# ---------------------------------------------------------------- show_config


def test_show_config(tmp_path: Path) -> None:
    write(tmp_path / "extra.tsv", "Cold War\t1\n")
    write(
        tmp_path / "pyproject.toml",
        '[tool.respell]\ndictionaries = ["extra.tsv"]\nignore = ["UN Safety Council", "in opposition to"]\n'
        'exclude = ["vendor/**"]\n\n[tool.respell.rules]\nfingerprints = false\n',
    )
    config = load_config(tmp_path, overrides={"min_confidence": 0.9, "rules": {"gazetteer-case": True}})
    src = f"{tmp_path}/pyproject.toml [tool.respell]"
    assert show_config(config) == (
        f'dictionaries = [{{path = "{tmp_path}/extra.tsv", kind = "gazetteer"}}]  # from {src}\n'
        f'ignore = ["UN Safety Council", "in opposition to"]  # from {src}\n'
        "min-confidence = 0.9  # from command line\n"
        "include = []  # from default\n"
        f'exclude = ["vendor/**"]  # from {src}\n'
        f'rules = {{fingerprints = false, gazetteer-case = true}}  # from {src}, command line\n'
        'type = "auto"  # from default\n'
        "jobs = 1  # from default\n"
    )


def test_show_config_defaults(tmp_path: Path) -> None:
    assert show_config(load_config(tmp_path)) == (
        "dictionaries = []  # from default\n"
        "ignore = []  # from default\n"
        "min-confidence = 0.8  # from default\n"
        "include = []  # from default\n"
        "exclude = []  # from default\n"
        "rules = {}  # from default\n"
        'type = "auto"  # from default\n'
        "jobs = 1  # from default\n"
    )


# ---------------------------------------------------------------- include / exclude


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(
        tmp_path / ".respell.toml",
        'include = ["docs/**", "*.md"]\nexclude = ["vendor/", "docs/generated/**", "**/*.min.md", "/CHANGELOG.md"]\n',
    )
    return tmp_path


@pytest.mark.parametrize(
    "rel, excluded",
    [
        ("README.md", False),
        ("docs/guide.txt", False),
        ("docs/a/b/c.html", False),
        ("src/notes.txt", True),  # not included
        ("src/notes.md", False),  # *.md matches at any depth
        ("vendor/lib/README.md", True),
        ("src/vendor/x.md", True),  # a pattern without "/" matches at any depth
        ("docs/generated/api.md", True),  # excludes win over includes
        ("docs/x.min.md", True),
        ("CHANGELOG.md", True),
        ("docs/CHANGELOG.md", False),  # "/CHANGELOG.md" is anchored
    ],
)
def test_is_excluded(project: Path, rel: str, excluded: bool) -> None:
    config = load_config(project)
    assert is_excluded(project / rel, config) is excluded


def test_is_excluded_explicit_relative_names_from_subdirectory(project: Path) -> None:
    (project / "vendor").mkdir()
    config = load_config(project / "vendor")
    # pre-commit passes names relative to the cwd; globs stay relative to the config file's directory
    assert is_excluded(Path("lib.md"), config)
    assert is_excluded(Path("../vendor/lib.md"), config)
    assert not is_excluded(Path("../README.md"), config)


def test_is_excluded_explicit_file_from_root(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    write(project / "vendor" / "spun.md", "text\n")
    config = load_config(Path.cwd())
    assert is_excluded(Path("vendor/spun.md"), config)
    assert is_excluded(Path("./vendor/spun.md"), config)
    assert is_excluded(project / "vendor" / "spun.md", config)


def test_is_excluded_through_symlinked_directory(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    link = tmp_path_factory.mktemp("links") / "proj"
    os.symlink(project, link)
    config = load_config(link)
    assert is_excluded(link / "vendor" / "x.md", config)
    assert not is_excluded(link / "README.md", config)


def test_file_outside_config_directory_is_not_excluded(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "notes.txt"
    assert not is_excluded(outside, load_config(project))


def test_no_globs_excludes_nothing(tmp_path: Path) -> None:
    assert not is_excluded(tmp_path / "anything.txt", load_config(tmp_path))


def test_command_line_globs_are_relative_to_cwd(project: Path) -> None:
    (project / "docs").mkdir()
    config = load_config(project / "docs", overrides={"exclude": ["draft.md"], "include": ["*.md"]})
    assert is_excluded(project / "docs" / "draft.md", config)
    assert not is_excluded(project / "docs" / "guide.md", config)
    assert is_excluded(project / "docs" / "guide.txt", config)
