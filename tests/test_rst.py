"""reStructuredText is markup-aware like Markdown: literal blocks, inline literals, directives and roles are not
prose.  Exact prose of a written sample, and checks over real RST documentation (Debian's python3-doc ships the
Python documentation's sources as ``_sources/**/*.rst.txt``)."""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path

import pytest

import respell
from respell.markup import detect_type, prose_spans, prose_text

SAMPLE = """\
Title
=====

Use ``git log --oneline`` and :func:`os.path.join` here. See `the docs <https://x.org/a>`_, [1]_ and |version|.

Example::

    profound learning = 1
    x()

Back to prose.

.. code-block:: python

   print("profound learning")

.. note:: This is prose about it.
   More prose.

.. function:: spam(eggs)
   :noindex:

   Prose describing spam.

.. _target: https://example.org

.. This is a comment
   spanning lines.

>>> print(1)
1

:param x: the value
"""


def test_rst_sample_prose_is_exact() -> None:
    assert prose_text(SAMPLE, "rst", "|") == (
        "Title\n=====\n\nUse | and | here. See `the docs |`_, | and |.\n\nExample::\n\n|\nBack to prose.\n\n|\n"
        "| This is prose about it.\n   More prose.\n\n|\n|\n\n   Prose describing spam.\n\n|\n|\n|\n| the value\n")


def test_rst_is_detected_by_extension() -> None:
    assert [detect_type(p) for p in ("a.rst", "b.REST", "c.rst.txt", "d.txt")] == ["rst", "rst", "rst", "text"]


def test_code_in_rst_is_never_edited(tmp_path: Path) -> None:
    spun = "We trained a profound neural organization and an irregular woodland."
    doc = (f"{spun}\n\nRun ``profound neural organization`` or::\n\n    profound neural organization = 1\n\n"
           f".. code-block:: text\n\n   an irregular woodland\n\n:func:`irregular woodland` is here.\n")
    path = tmp_path / "doc.rst"
    path.write_text(doc, encoding="utf-8")
    from respell.cli import main
    assert main(["fix", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == doc.replace(spun, respell.fix(spun).text)


SOURCES = sorted({os.path.realpath(p) for p in glob.glob("/usr/share/doc/python3*/html/_sources/**/*.rst.txt",
                                                          recursive=True)})
ROLE = re.compile(r":[a-z][\w:.-]*:`(?!\s)[^`\n]+(?<!\s)`")
# an inline literal: not over a blank line or a grid table's row, its ends next to non-spaces
LITERAL = re.compile(r"``(?!\s)(?:[^`\n]|\n(?![ \t]*(?:\n|\||\+[-=]+\+))|`(?!`))+?(?<!\s)``")
CODE_DIRECTIVE = re.compile(r"^( *)\.\. (?:code-block|sourcecode|testcode|doctest|productionlist)::.*\n", re.M)


def _excluded(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in spans)


@pytest.mark.skipif(not SOURCES, reason="needs Debian's python3-doc (apt-get install python3-doc)")
def test_real_rst_documentation_keeps_code_out_of_prose() -> None:
    """Over the RST sources of the Python documentation: each inline literal, role, doctest line and code
    directive's content (found here by plain regexes, independently of markup.py) lies outside the prose, and the
    prose is still most of the text."""
    counts = {"literal": 0, "role": 0, "doctest": 0, "code": 0}
    prose_chars = total = 0
    for name in SOURCES[::3]:  # (a third of them: the suite stays fast; all 497 pass)
        text = Path(name).read_text(encoding="utf-8")
        spans = prose_spans(text, "rst")
        total += len(text)
        prose_chars += sum(e - s for s, e in spans)
        for kind, pattern in (("literal", LITERAL), ("role", ROLE)):
            for m in pattern.finditer(text):
                assert _excluded(spans, *m.span()), (name, m.group())
                counts[kind] += 1
        for m in re.finditer(r"^ *>>> .*$", text, re.M):
            assert _excluded(spans, *m.span()), (name, m.group())
            counts["doctest"] += 1
        for m in CODE_DIRECTIVE.finditer(text):
            indent = len(m.group(1))
            pos = m.end()
            for line in text[m.end():].splitlines(keepends=True):
                if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
                    break
                if line.strip() and not line.lstrip().startswith(":"):
                    assert _excluded(spans, pos, pos + len(line.rstrip("\n"))), (name, line)
                    counts["code"] += 1
                pos += len(line)
    assert min(counts.values()) > 100, counts
    assert prose_chars / total > 0.5


@pytest.mark.skipif(not SOURCES, reason="needs Debian's python3-doc (apt-get install python3-doc)")
def test_real_rst_tutorial_gets_no_edit() -> None:
    tutorial = [n for n in SOURCES if "/tutorial/" in n]
    assert tutorial
    for name in tutorial:
        text = Path(name).read_text(encoding="utf-8")
        assert respell.fix(text, prose=prose_spans(text, "rst")).text == text, name
