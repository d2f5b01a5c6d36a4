"""Which parts of a file are prose: the only places respell may report or edit.

A spinner damages prose, not code, URLs or markup. Editing a code sample, a link target or an HTML attribute
would break the document, so every finding must lie inside a span returned by ``prose_spans``. The spans are
character offsets into the ORIGINAL text (nothing is decoded or normalised), so they can be compared directly
with ``Finding.start`` / ``Finding.end``.

The scanners work on whole lines (block structure) and on one compiled regex per line region (inline
structure); there is no per-character Python loop, so long prose stretches cost one regex pass.

Markdown is read the way CommonMark readers expect, with deliberate simplifications that err towards
excluding text (a missed finding is cheaper than a broken document):

* fences of three or more backticks or tildes are recognised at any indentation and inside block quotes;
  an unclosed fence runs to the end of the file, as in CommonMark;
* an indented code block is a line indented by 4 spaces (or a tab) after a blank line, and its following
  indented or blank lines; inside a list (the last paragraph was a list item) an indentation of 8 is needed,
  because 4 spaces there continue the list item;
* inline code spans may run over several lines but not over a blank line.

reStructuredText is read the same way (see ``_rst_blocks``): literal blocks after "::", doctest blocks, the
content of code directives, comments and the explicit markup lines of directives, targets and substitutions are
excluded; so are inline literals, interpreted text and roles, footnote references, substitution references and
link targets (the text of a hyperlink reference stays prose).

Every pattern here is linear in its input: an unclosed construct ("<!", "<?", a lone backtick) runs to the end
of its region instead of failing after a scan (a scan that fails restarts at the next "<" and makes the pass
quadratic; ``bench/hostile.py`` times each pattern on such inputs).
"""

from __future__ import annotations

import os
from typing import Iterable

import regex

from .text import LazyPattern

Span = tuple[int, int]

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdx", ".mkd", ".mkdn", ".mdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
RST_EXTENSIONS = frozenset({".rst", ".rest"})
KINDS = ("text", "markdown", "html", "rst")


def detect_type(path: str) -> str:
    """"markdown", "html", "rst" or "text", from the file name's extension (case-insensitive; Sphinx's
    "page.rst.txt" sources count as reStructuredText)."""
    name = str(path).lower()
    ext = os.path.splitext(name)[1]
    if ext in MARKDOWN_EXTENSIONS:
        return "markdown"
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in RST_EXTENSIONS or name.endswith(".rst.txt"):
        return "rst"
    return "text"


def prose_spans(text: str, kind: str) -> list[Span]:
    """Sorted, non-overlapping, non-empty ``(start, end)`` ranges of ``text`` where edits are allowed."""
    if kind == "text":
        return [(0, len(text))] if text else []
    if kind == "markdown":
        return _complement(_markdown_excluded(text), len(text))
    if kind == "html":
        return _complement(_html_excluded(text), len(text))
    if kind == "rst":
        return _complement(_rst_excluded(text), len(text))
    raise ValueError(f"unknown text kind {kind!r}: expected one of {', '.join(KINDS)}")


def prose_text(text: str, kind: str, sep: str = "") -> str:
    """The prose of ``text`` joined with ``sep``: handy for tests and for judging a document as a whole."""
    return sep.join(text[s:e] for s, e in prose_spans(text, kind))


# ---------------------------------------------------------------- helpers


def _complement(excluded: Iterable[Span], length: int) -> list[Span]:
    """The gaps between (possibly overlapping, unsorted) excluded ranges, dropping empty gaps."""
    out: list[Span] = []
    pos = 0
    for s, e in sorted(excluded):
        if s > pos:
            out.append((pos, s))
        if e > pos:
            pos = e
    if pos < length:
        out.append((pos, length))
    return out


# ---------------------------------------------------------------- Markdown

# Front matter: YAML between --- lines (closed by --- or ...), TOML between +++ lines; only at the very top.
_FRONT_MATTER = LazyPattern(
    r"\A\ufeff?(?:---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n(?:.*?\r?\n)?\+\+\+)[ \t]*(?:\r?\n|\Z)",
    regex.DOTALL,
)
# A fence opener: any indentation and block-quote markers, 3+ backticks or tildes, an info string.
# A backtick fence's info string may not contain a backtick (that would be an inline code span).
_FENCE_OPEN = LazyPattern(r"[ \t>]*(?:(`{3,})[^`\n]*|(~{3,})[^\n]*)$")
_LIST_ITEM = LazyPattern(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# A reference definition "[id]: url 'title'" (a footnote "[^1]: text" is prose, so "[^" does not start one).
_REF_DEF = LazyPattern(
    r"[ \t]{0,3}\[(?!\^)(?:[^\]\\\n]|\\.)+\]:[ \t]*(?:<[^>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$"
)

_ATTRS = r"""(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?"""
_URL_TAIL = r"""(?:[^\s<>"'`()\[\]]|\([^\s<>"'`()]*\))*(?:[^\s<>"'`()\[\].,;:!?*_~]|\([^\s<>"'`()]*\))"""

# Inline constructs that are not prose, all starting with one of \ ` < ] so that the engine skips plain
# prose quickly. The named group that matched is excluded; an escape ("esc") is consumed, so that an escaped
# backtick or bracket never opens a construct, but stays prose. Link targets and reference labels start after
# the "]" that closes the link text, which stays prose.
_MD_INLINE = LazyPattern(
    r"(?P<esc>\\[\\`*_{}\[\]()#+\-.!<>&~|])"
    r"|(?P<code>(?<!`)(?P<ticks>`+)(?!`)(?:[^`\n]|\n(?![ \t>]*\n)|(?!(?P=ticks)(?!`))(?>`+))+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<raw><(?P<rawtag>script|style|pre|code|textarea)\b" + _ATTRS + r">.*?(?:</(?P=rawtag)\s*>|\Z))"
    r"|(?P<autolink><(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9\-]*" + _ATTRS + r">|<![A-Za-z][^>]*(?:>|\Z)|<\?.*?(?:\?>|\Z))"
    r"|\](?P<target>\((?:[ \t]*\n?[ \t]*)(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\))"
    r"|\](?P<reflabel>\[[^\[\]\n]+\])",
    regex.DOTALL | regex.IGNORECASE,
)

# Bare URLs: a separate pass, because they start at letters and would slow the pass above, which the engine
# can skip through between its few start characters.
_MD_URL = LazyPattern(r"\b(?:(?:https?|ftp)://|www\.)" + _URL_TAIL, regex.IGNORECASE)
# E-mail addresses are found from their "@" (a literal the engine finds fast), then the local part is read
# backwards from it: matching the local part forwards would restart at every letter of the prose.
_EMAIL_DOMAIN = LazyPattern(r"@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b")
_EMAIL_LOCAL = LazyPattern(r"(?r)[A-Za-z0-9._%+\-]+")


def _bare_links(text: str, start: int, end: int) -> list[Span]:
    spans = [m.span() for m in _MD_URL.finditer(text, start, end)]
    for m in _EMAIL_DOMAIN.finditer(text, start, end):
        local = _EMAIL_LOCAL.match(text, start, m.start())
        if local:
            spans.append((local.start(), m.end()))
    return spans


def _is_blank(line: str) -> bool:
    return not line.strip()


def _indent(line: str) -> int:
    """Columns of leading whitespace, tabs counting to the next multiple of 4."""
    col = 0
    for ch in line:  # only the leading whitespace of one line: short
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def _markdown_blocks(text: str, start: int) -> list[Span]:
    """Excluded block ranges (fenced and indented code, reference definitions) from ``start`` on."""
    excluded: list[Span] = []
    lines = text[start:].splitlines(keepends=True)
    pos = start
    i = 0
    prev_blank = True  # the start of the document (or the end of front matter) acts as a blank line
    in_list = False
    n = len(lines)
    while i < n:
        line = lines[i]
        body = line.rstrip("\r\n")
        if _is_blank(body):
            prev_blank = True
            pos += len(line)
            i += 1
            continue
        fence = _FENCE_OPEN.match(body)
        if fence:
            char = "`" if fence.group(1) else "~"
            size = len(fence.group(1) or fence.group(2))
            closer = regex.compile(r"[ \t>]*" + regex.escape(char) + "{" + str(size) + r",}[ \t]*$")
            block_start = pos
            pos += len(line)
            i += 1
            while i < n:
                closing = closer.match(lines[i].rstrip("\r\n"))
                pos += len(lines[i])
                i += 1
                if closing:
                    break
            excluded.append((block_start, pos))
            prev_blank = False
            continue
        needed = 8 if in_list else 4
        if prev_blank and _indent(body) >= needed:
            block_start = pos
            last_end = pos
            while i < n:
                cur = lines[i]
                cur_body = cur.rstrip("\r\n")
                if not _is_blank(cur_body) and _indent(cur_body) < needed:
                    break
                pos += len(cur)
                i += 1
                if not _is_blank(cur_body):
                    last_end = pos  # trailing blank lines are not part of the code block
            excluded.append((block_start, last_end))
            prev_blank = last_end != pos
            continue
        if _REF_DEF.match(body):
            excluded.append((pos, pos + len(body)))
        elif _LIST_ITEM.match(body):
            in_list = True
        elif _indent(body) == 0 and prev_blank:
            in_list = False
        prev_blank = False
        pos += len(line)
        i += 1
    return excluded


def _markdown_excluded(text: str) -> list[Span]:
    excluded: list[Span] = []
    start = 0
    front = _FRONT_MATTER.match(text)
    if front:
        excluded.append((0, front.end()))
        start = front.end()
    blocks = _markdown_blocks(text, start)
    excluded.extend(blocks)
    # Inline constructs are looked for between blocks only, so a stray backtick cannot reach into a fence.
    for s, e in _complement(blocks + [(0, start)], len(text)):
        for m in _MD_INLINE.finditer(text, s, e):
            # The outermost named group closes last, so ``lastgroup`` names the construct that matched.
            if m.lastgroup != "esc":
                excluded.append(m.span(m.lastgroup))
        excluded.extend(_bare_links(text, s, e))
    return excluded


# ---------------------------------------------------------------- HTML

# Everything in an HTML file that is not a text node. Raw-text and code elements are swallowed whole, with
# their content; other tags are excluded with their attributes, and the text between them is prose.
_HTML_MARKUP = LazyPattern(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<![^>]*(?:>|\Z)"
    r"|<\?.*?(?:\?>|>|\Z)"
    r"|<(?P<raw>script|style|pre|code|textarea|template|svg|math|kbd|samp|var)\b" + _ATTRS
    + r">.*?(?:</(?P=raw)\s*>|\Z)"
    r"|</?[A-Za-z][A-Za-z0-9\-:]*" + _ATTRS + r">",
    regex.DOTALL | regex.IGNORECASE,
)


def _html_excluded(text: str) -> list[Span]:
    return [m.span() for m in _HTML_MARKUP.finditer(text)]


# ---------------------------------------------------------------- reStructuredText

# Directives whose content is not prose (code, data, file names); the content of every other directive
# (admonitions, Sphinx's function/class descriptions, figures' captions, only, list-table) is prose.
RST_CODE_DIRECTIVES = frozenset("""code code-block sourcecode literalinclude highlight doctest testcode testoutput
testsetup testcleanup productionlist raw math toctree autosummary include csv-table parsed-literal graphviz digraph
graph index ipython jupyter-execute mermaid plantuml program-output command-output prompt literal""".split())

# Directives whose argument is prose: ".. note:: This is prose."
RST_ADMONITIONS = frozenset("""note warning tip important hint caution danger error attention admonition seealso
topic sidebar rubric""".split())

# Explicit markup: ".. " then a directive ("name::", maybe after a substitution "|name|"), a target ("_name:",
# "__"), a footnote or citation ("[1]", "[#]", "[CIT]"), or anything else (a comment).
_RST_EXPLICIT = LazyPattern(
    r"(?P<indent>[ \t]*)\.\.(?:[ \t]+(?:(?P<sub>\|[^|\n]+\|[ \t]+)?(?P<directive>[A-Za-z0-9][\w.:+-]*)::"
    r"|(?P<target>_[^\n]*|__[^\n]*)|(?P<note>\[[^\]\n]+\])(?=[ \t]|$))|[ \t]*$|[ \t]+)"
)
_RST_FIELD = LazyPattern(r"[ \t]*:[^:\n`]+:(?=[ \t]|$)")  # a field or directive option name, ":param x:"
_RST_DOCTEST = LazyPattern(r"[ \t]*>>>(?:[ \t]|$)")
# Where an inline construct must end: a blank line, or a grid table's next row or border (a cell's text
# continues on the next row of the same column, not after the line's last "|").
_RST_STOP = r"[ \t]*(?:\n|\||\+[-=]+\+)"
# Inline: escapes (consumed, stay prose), inline literals, interpreted text with its role and any "_" or "__"
# suffix (a start-string is followed, an end-string preceded, by a non-space, as docutils requires), footnote
# and citation references, substitution references.  A construct may run over lines but not over a blank line,
# and an unclosed one stops there (or at the end of the region): linear.
_RST_INLINE = LazyPattern(
    r"(?P<esc>\\.)"
    r"|(?P<literal>``(?!\s)(?:[^`\n]|`(?!`)|\n(?!" + _RST_STOP + r"))*?(?:(?<!\s)``|(?=\n" + _RST_STOP + r")|\Z))"
    r"|(?P<interp>(?::[A-Za-z][\w.+:-]*:)?`(?![`\s])(?:[^`\n]|\n(?!" + _RST_STOP + r"))*?"
    r"(?:(?<!\s)`(?::[A-Za-z][\w.+:-]*:|__?)?|(?=\n" + _RST_STOP + r")|\Z))"
    r"|(?P<ref>\[(?:\d+|#[\w-]*|\*|[A-Za-z][\w.-]*)\]_)"
    r"|(?P<subst>\|(?![ \t])[^|\n]+(?<![ \t])\|(?:__?)?)",
    regex.DOTALL,
)
_RST_LINK_TARGET = LazyPattern(r"<[^<>`\n]*>(?=`)")


def _rst_excluded(text: str) -> list[Span]:
    blocks = _rst_blocks(text)
    excluded = list(blocks)
    for s, e in _complement(blocks, len(text)):
        for m in _RST_INLINE.finditer(text, s, e):
            kind = m.lastgroup
            if kind == "esc":
                continue
            if kind == "interp" and m.group().endswith("_") and not m.group().startswith(":"):
                # a hyperlink reference `text <url>`_: the text is prose, the target and the markup are not
                excluded.extend(t.span() for t in _RST_LINK_TARGET.finditer(text, m.start(), m.end()))
                continue
            excluded.append(m.span())
        excluded.extend(_bare_links(text, s, e))
    return excluded


def _rst_blocks(text: str) -> list[Span]:
    """Excluded block ranges of reStructuredText: literal blocks (after a paragraph ending in "::"), doctest
    blocks, the explicit markup lines of directives, targets, substitutions and comments, the content of comments
    and of code directives, and field names (":param x:")."""
    excluded: list[Span] = []
    lines = text.splitlines(keepends=True)
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line)
    starts.append(pos)
    n = len(lines)

    def body(i: int) -> str:
        return lines[i].rstrip("\r\n")

    def indented_block(i: int, indent: int) -> int:
        """The end (line index) of the block of lines after line i-1 indented more than ``indent`` (blank
        lines inside it included, trailing blank lines not)."""
        last = i
        while i < n:
            b = body(i)
            if b.strip():
                if _indent(b) <= indent:
                    break
                last = i + 1
            i += 1
        return last

    i = 0
    prev_blank = True
    literal_next = False  # the paragraph before ended with "::"
    literal_indent = 0
    while i < n:
        b = body(i)
        if not b.strip():
            prev_blank = True
            i += 1
            continue
        indent = _indent(b)
        if literal_next and indent > literal_indent:
            end = indented_block(i, literal_indent)
            excluded.append((starts[i], starts[end]))
            i, prev_blank, literal_next = end, False, False
            continue
        literal_next = False
        explicit = _RST_EXPLICIT.match(b)
        if explicit and prev_blank or explicit and explicit.group("directive"):
            end = indented_block(i + 1, indent)
            directive = (explicit.group("directive") or "").lower()
            name = directive.rsplit(":", 1)[-1]
            if explicit.group("note"):  # a footnote or citation: its label is markup, its body is read on
                excluded.append((starts[i], starts[i] + explicit.end("note")))
                i, prev_blank = i + 1, False
                continue
            if directive and name not in RST_CODE_DIRECTIVES:
                # the directive line: its name and arguments (an admonition's argument is its first words)
                excluded.append((starts[i], starts[i] + (explicit.end() if name in RST_ADMONITIONS else len(b))))
                j = i + 1
                while j < end and _RST_FIELD.match(body(j)):  # its options
                    excluded.append((starts[j], starts[j] + len(body(j))))
                    j += 1
                i, prev_blank = j, False
                continue
            else:  # a code directive, a comment, a target or a substitution: all of it
                excluded.append((starts[i], starts[end]))
            i, prev_blank = max(end, i + 1), False
            continue
        if prev_blank and _RST_DOCTEST.match(b):
            end = i
            while end < n and body(end).strip():
                end += 1
            excluded.append((starts[i], starts[end]))
            i, prev_blank = end, False
            continue
        field = _RST_FIELD.match(b)
        if field:
            excluded.append((starts[i] + field.start(), starts[i] + field.end()))
        # a paragraph ending in "::" announces a literal block, indented more than the paragraph's first line
        stripped = b.rstrip()
        if stripped.endswith("::") and not stripped.startswith(".."):
            literal_next = True
            literal_indent = _paragraph_indent(lines, i)
        prev_blank = False
        i += 1
    return excluded


def _paragraph_indent(lines: list[str], i: int) -> int:
    """The indentation of the paragraph that line i ends (its first line's)."""
    while i > 0 and lines[i - 1].strip():
        i -= 1
    return _indent(lines[i])
