"""Prose spans of Markdown, HTML and plain text: exact spans, or the exact prose they cut out of real files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from respell.markup import detect_type, prose_spans, prose_text


def pieces(text: str, kind: str) -> list[str]:
    return [text[s:e] for s, e in prose_spans(text, kind)]


def check_invariants(text: str, kind: str) -> None:
    spans = prose_spans(text, kind)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        last = e


# ---------------------------------------------------------------- detect_type


@pytest.mark.parametrize(
    "path, kind",
    [
        ("README.md", "markdown"),
        ("docs/guide.MARKDOWN", "markdown"),
        ("page.mdx", "markdown"),
        ("index.html", "html"),
        ("INDEX.HTM", "html"),
        ("a/b.xhtml", "html"),
        ("notes.txt", "text"),
        ("Makefile", "text"),
        ("archive.md.bak", "text"),
    ],
)
def test_detect_type(path: str, kind: str) -> None:
    assert detect_type(path) == kind


def test_text_is_all_prose() -> None:
    assert prose_spans("a `b` <i>c</i>", "text") == [(0, 14)]
    assert prose_spans("", "text") == []
    assert prose_spans("", "markdown") == []
    assert prose_spans("", "html") == []


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown text kind"):
        prose_spans("x", "asciidoc")


# ---------------------------------------------------------------- Markdown

MARKDOWN = """\
---
title: "UN Safety Council"
tags: [synthetic intelligence]
---
# The UN Safety Council

Spun text with `inline code` and ``double `tick` code`` here.

```python
x = "machine studying"
```

~~~~ {.text}
~~~
still in the fence
~~~~

   ```  indented-info
   fenced with indent
   ```

A [link text](https://example.com/a_(b) "Link title") and ![alt words](img/pic.png).
An <https://auto.link/x> autolink, a bare https://bare.example.org/path?q=1. and www.example.com too.
<!-- a comment
over two lines -->
Inline <span class="UN Safety Council">span text</span> end.

    indented code block
    second line

See [ref text][ref1] here.

[ref1]: https://example.com/ref "Reference"
Escaped \\`not code\\` stays.
"""

MARKDOWN_PROSE = [
    "# The UN Safety Council\n\nSpun text with ",
    " and ",
    " here.\n\n",
    "\n",
    "\n",
    "\nA [link text]",
    " and ![alt words]",
    ".\nAn ",
    " autolink, a bare ",
    ". and ",
    " too.\n",
    "\nInline ",
    "span text",
    " end.\n\n",
    "\nSee [ref text]",
    " here.\n\n",
    "\nEscaped \\`not code\\` stays.\n",
]


def test_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert detect_type(str(path)) == "markdown"
    assert pieces(text, "markdown") == MARKDOWN_PROSE
    check_invariants(text, "markdown")
    prose = prose_text(text, "markdown")
    for hidden in ("title:", "machine studying", "still in the fence", "fenced with indent", "https://",
                   "www.example.com", "img/pic.png", "a comment", 'class="', "indented code block", "ref1",
                   "inline code", "tick"):
        assert hidden not in prose
    # the heading and the link text are prose; the front matter's copy of the phrase is not
    assert prose.count("UN Safety Council") == 1


def test_markdown_spans_are_exact() -> None:
    text = "Say `x` and [y](z).\n"
    assert prose_spans(text, "markdown") == [(0, 4), (7, 15), (18, 20)]
    assert text[7:15] == " and [y]"


def test_toml_front_matter() -> None:
    text = "+++\ntitle = 'x'\n+++\nBody text.\n"
    assert pieces(text, "markdown") == ["Body text.\n"]


def test_front_matter_only_at_top() -> None:
    text = "Intro.\n\n---\nnot: front matter\n---\n"
    assert pieces(text, "markdown") == [text]


def test_unclosed_fence_runs_to_end() -> None:
    text = "Before.\n\n```\ncode\nmore code\n"
    assert pieces(text, "markdown") == ["Before.\n\n"]


def test_fence_needs_same_char_and_length() -> None:
    text = "````\n```\nstill code\n~~~~\n````\nAfter.\n"
    assert pieces(text, "markdown") == ["After.\n"]


def test_fence_in_block_quote() -> None:
    text = "> Quote.\n> ```\n> code\n> ```\n> More.\n"
    assert pieces(text, "markdown") == ["> Quote.\n", "> More.\n"]


def test_list_continuation_is_not_code() -> None:
    text = "- item one\n\n    continued paragraph\n\n        real code\n"
    assert pieces(text, "markdown") == ["- item one\n\n    continued paragraph\n\n"]


def test_indented_code_needs_blank_line_before() -> None:
    text = "Para line\n    lazy continuation\n\n    code\n\nAfter.\n"
    assert pieces(text, "markdown") == ["Para line\n    lazy continuation\n\n", "\nAfter.\n"]


def test_code_span_does_not_cross_blank_line() -> None:
    text = "A stray ` backtick.\n\nNext ` para.\n"
    assert pieces(text, "markdown") == [text]


def test_unequal_backtick_runs_are_not_a_span() -> None:
    assert pieces("a `b`` c", "markdown") == ["a `b`` c"]
    assert pieces("a ``b`c`` d", "markdown") == ["a ", " d"]


def test_raw_html_blocks_in_markdown() -> None:
    text = 'Text <script>var s = "UN Safety Council";</script> and <pre>\nkeep\n</pre> end.'
    assert pieces(text, "markdown") == ["Text ", " and ", " end."]


def test_reference_definitions() -> None:
    text = "[a]: http://a.example\n[b]: <http://b.example> 'B'\nText [a] and [b].\n"
    assert pieces(text, "markdown") == ["\n", "\nText [a] and [b].\n"]


def test_link_target_with_angle_brackets_and_title() -> None:
    text = "[The text](<a b.md> 'title') after"
    assert pieces(text, "markdown") == ["[The text]", " after"]


def test_email_address() -> None:
    assert pieces("Write to press.office@example.org today.", "markdown") == ["Write to ", " today."]


def test_url_keeps_sentence_punctuation() -> None:
    text = "See https://example.com/a, then (https://example.com/b)."
    assert pieces(text, "markdown") == ["See ", ", then (", ")."]


def test_crlf_markdown() -> None:
    text = "---\r\na: b\r\n---\r\nText `x`.\r\n\r\n```\r\ncode\r\n```\r\nEnd.\r\n"
    assert pieces(text, "markdown") == ["Text ", ".\r\n\r\n", "End.\r\n"]


# ---------------------------------------------------------------- HTML

HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
<title>The UN Safety Council</title>
<style>p { content: "machine studying"; }</style>
<script type="text/javascript">
  var s = "<p>synthetic intelligence</p>";
</script>
</head>
<body>
<p class="UN Safety Council" data-x='a > b'>Hello &amp; welcome to the Overseas Minister&#8217;s page.</p>
<!-- a comment with machine studying -->
<pre>preformatted
text</pre>
<p>Use <code>satellite tv for pc</code> here.</p>
<img alt="alt text" src="x.png"/>
<![CDATA[ raw ]]>
</body>
</html>
"""

HTML_PROSE = [
    "\n",
    "\n",
    "\n",
    "The UN Safety Council",
    "\n",
    "\n",
    "\n",
    "\n",
    "\n",
    "Hello &amp; welcome to the Overseas Minister&#8217;s page.",
    "\n",
    "\n",
    "\n",
    "Use ",
    " here.",
    "\n",
    "\n",
    "\n",
    "\n",
    "\n",
]


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert detect_type(str(path)) == "html"
    assert pieces(text, "html") == HTML_PROSE
    check_invariants(text, "html")


def test_html_entities_are_never_split() -> None:
    text = "<p>R&amp;D</p>"
    spans = prose_spans(text, "html")
    assert spans == [(3, 10)]
    assert text[3:10] == "R&amp;D"


def test_html_case_insensitive_tags() -> None:
    text = "<SCRIPT>x</SCRIPT>Text<PRE>y</pre>"
    assert pieces(text, "html") == ["Text"]


def test_html_less_than_in_text() -> None:
    text = "<p>a < b and c > d</p>"
    assert pieces(text, "html") == ["a < b and c > d"]


def test_html_unclosed_comment_runs_to_end() -> None:
    assert pieces("Text<!-- open", "html") == ["Text"]


# ---------------------------------------------------------------- speed


def test_speed_on_big_prose() -> None:
    para = ("The UN Safety Council met in opposition to the plan, see [docs](http://x.org/a) and `code`. " * 8
            + "\n\n")
    md = para * 3000  # ~2.3 MB
    t = time.perf_counter()
    spans = prose_spans(md, "markdown")
    elapsed = time.perf_counter() - t
    assert len(spans) == 3000 * 8 * 2 + 1
    assert elapsed < 3.0  # about 0.35 s here; generous for slow CI machines


@pytest.mark.parametrize(
    "text",
    [
        "word ` " * 20000,
        "x [a](" * 20000,
        "a.b.c" * 40000 + "@",
        "<a " * 20000,
        "www." * 20000,
        "<!--" * 20000,
    ],
)
def test_no_pathological_slowdown(text: str) -> None:
    t = time.perf_counter()
    prose_spans(text, "markdown")
    prose_spans(text, "html")
    assert time.perf_counter() - t < 3.0


def test_footnote_definition_is_prose() -> None:
    text = "Claim.[^1]\n\n[^1]: Ibid.\n"
    assert pieces(text, "markdown") == [text]


def test_prose_text_joins_pieces() -> None:
    assert prose_text("Say `x` and [y](z).", "markdown", sep="|") == "Say | and [y]|."
