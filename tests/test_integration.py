"""Configuration, ignores and markup through the command line, on real files: what users of each see."""

from __future__ import annotations

import io
import json
import sys

from respell.cli import main

SPUN = ("Researchers compared a profound neural organization with an irregular woodland and a bolster vector "
        "machine on colossal information.\n")


def run(monkeypatch, capsys, tmp_path, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def findings(out: str) -> list[tuple[int, str]]:
    return [(r["line"], r["text"]) for r in map(json.loads, out.splitlines())]


def test_markdown_code_urls_and_front_matter_are_left_alone(monkeypatch, capsys, tmp_path) -> None:
    md = ("---\ntitle: profound neural organization\n---\n"      # front matter
          "# Results\n\n" + SPUN +                                 # prose: fixed
          "\n```\nprofound neural organization = load()\n```\n"   # fenced code
          "Call `profound neural organization` or see https://x.example/irregular-woodland.\n")
    (tmp_path / "a.md").write_text(md, encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, tmp_path, "check", "--format", "jsonl", "a.md")
    assert code == 1
    assert {line for line, _ in findings(out)} == {6}
    # --type text turns markup awareness off: the code and front matter are then prose too
    code, out, _ = run(monkeypatch, capsys, tmp_path, "check", "--format", "jsonl", "--type", "text", "a.md")
    assert {2, 6, 9}.issubset({line for line, _ in findings(out)})


def test_html_attributes_and_scripts_are_left_alone(monkeypatch, capsys, tmp_path) -> None:
    html = ('<html><head><script>var a = "profound neural organization";</script></head>\n'
            '<body><p title="profound neural organization">' + SPUN.strip() + "</p></body></html>\n")
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, tmp_path, "check", "--format", "jsonl", "a.html")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and rows
    for r in rows:  # every finding lies in the paragraph's text node, never in the attribute or the script
        assert html.index(">Researchers") < r["start"] < html.index("</p>")


def test_inline_ignores_through_the_cli(monkeypatch, capsys, tmp_path) -> None:
    text = ("Intro line.\n" + SPUN.strip() + "  # respell: ignore\n"
            "respell: ignore-next-line\n" + SPUN + "<!-- respell: off -->\n" + SPUN + "<!-- respell: on -->\n" + SPUN)
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, tmp_path, "check", "--format", "jsonl", "a.txt")
    assert code == 1
    assert {line for line, _ in findings(out)} == {8}  # the last line only


def test_config_file_ignore_list_threshold_and_show(monkeypatch, capsys, tmp_path) -> None:
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / ".respell.toml").write_text('ignore = ["irregular woodland"]\nmin-confidence = 0.85\n',
                                            encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, tmp_path, "check", "--format", "jsonl", "a.txt")
    assert code == 1 and "irregular woodland" not in {t for _, t in findings(out)}
    code, out, _ = run(monkeypatch, capsys, tmp_path, "config", "--show")
    assert code == 0
    assert "min-confidence = 0.85" in out and ".respell.toml" in out
    (tmp_path / ".respell.toml").write_text('min-confidence = "high"\n', encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, tmp_path, "check", "a.txt")
    assert code == 2 and err.count("\n") == 1 and "min-confidence" in err and ".respell.toml" in err
