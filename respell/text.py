"""Text as respell sees it: tokens with offsets into the original string, case patterns and inflection.

Everything downstream works on these offsets, so nothing here may change the length of the text: matching
copies are normalised character by character (case, curly apostrophes) and always map 1:1 back to the input.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property, lru_cache
from typing import Any, Callable, NamedTuple

import regex


class LazyPattern:
    """A regular expression compiled on first use.

    Most runs need few of the rules' patterns, and compiling them all at import would cost every pre-commit run
    tens of milliseconds.  Behaves like the compiled pattern (``match``, ``search``, ``finditer``, ...);
    ``pattern`` and ``flags`` are known without compiling.
    """

    # (speed) The compiled pattern's methods are kept in slots of their own once it is compiled: a use then reads
    # a slot at C speed instead of calling ``__getattr__`` (hundreds of thousands of uses on a spun megabyte).
    _METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")
    __slots__ = ("pattern", "flags", "_engine", "_compiled", *_METHODS)

    def __init__(self, pattern: Any, flags: int = 0, engine: Any = regex) -> None:
        self.pattern, self.flags, self._engine, self._compiled = pattern, flags, engine, None

    def compiled(self) -> Any:
        if self._compiled is None:
            compiled = self._engine.compile(self.pattern, self.flags)
            for name in self._METHODS:
                setattr(self, name, getattr(compiled, name))
            self._compiled = compiled
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


def compile_patterns(*modules: Any) -> None:
    """Compile now every LazyPattern the modules hold at top level (alone, in a list, or first in a tuple), e.g.
    before forking workers, so that they share the compiled patterns instead of each compiling its own."""
    for module in modules:
        for value in vars(module).values():
            for item in value if isinstance(value, list) else (value,):
                pattern = item[0] if isinstance(item, tuple) and item else item
                if isinstance(pattern, LazyPattern):
                    pattern.compiled()


# A word: letters/digits, with inner apostrophes (straight or curly) and inner hyphens kept inside the token.
# Possessive 's stays attached ("Individuals's"); hyphenated words stay whole ("large-scale").
WORD_RE = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['\u2019\-][\p{L}\p{M}\p{N}]+)*")
APOSTROPHES = "'\u2019\u02bc"


class Token(NamedTuple):
    """A word of the text at ``[start, end)``, as written.  (A named tuple, not a frozen dataclass: a megabyte of
    text has 170,000 tokens, and ``tokenize`` makes each at C speed; the same fields, repr and immutability.)"""
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return normalise(self.text)


def normalise(s: str) -> str:
    """Lower-case with curly apostrophes made straight; same length as ``s`` whenever possible."""
    low = s.lower()
    if len(low) != len(s):  # 'İ' is the one code point that lowers to two: fold it to 'i' first
        low = s.replace("\u0130", "i").lower()
    return low.replace("\u2019", "'").replace("\u02bc", "'")


def tokenize(text: str) -> list[Token]:
    new = tuple.__new__  # (speed) ``Token(...)``: the named tuple's own __new__ is a Python function
    return [new(Token, (m.start(), m.end(), m.group())) for m in WORD_RE.finditer(text)]


# Runs of two or more capitalised words, joined by a space or two and the small words names hold ("Republic of
# Korea", "Bank of England", "Marks & Spencer").
# (The word groups are atomic: what follows a word is a space or nothing, never one of its own characters, so
# giving a character back can never help; not trying is 10% faster over a large file.  For the same reason a run
# is not tried from a capital right after another ("TTPResponse" in "HTTPResponse"): from either, the word group
# reads to the same end of the word and all that follows is the same, and ``finditer`` tried the earlier one
# first; it matched, and the run holds both, or it failed, and so does this one.  On the docs corpus, full of
# CamelCase names, 123 -> 110 ms, the same runs.)
# (Compiled on first use: where a stretch of a long text asks, or for a short text.)
_CAPITAL_RUN = LazyPattern(r"(?<!\p{Lu})\p{Lu}(?>[\p{L}\p{M}\p{N}'\u2019\-]*)(?:[ ]{1,2}(?:(?:of|the|and|for|&|de|on|"
                           r"in|to)[ ]{1,2})*\p{Lu}(?>[\p{L}\p{M}\p{N}'\u2019\-]*))+")


# (speed) The runs are found first in a one-byte copy of the text, by the standard library's ``re``, whose search
# jumps from capital to capital where ``_CAPITAL_RUN`` tries a Unicode class at every character (the docs corpus:
# 140 -> 40 ms).  In the copy every capital A-Z is "A" (the pattern then starts with a literal, which ``re`` finds
# at C speed), the characters a run may hold besides capitals are themselves, and every other ASCII character is a
# line end, which no run crosses, in the copy as in the text.  So wherever the text between two line ends of the
# copy (a stretch) is ASCII, the copy's runs are the text's, at the same offsets.  A character that is not ASCII
# is "A" in the copy: a capital and a word character at once, so that a stretch holding one has a run in the copy
# wherever it may have one in the text (a capital there may be any of these characters, and each of them can only
# lengthen or join what the text's run holds); such a stretch is read again with ``_CAPITAL_RUN`` itself.  Curly
# apostrophes are straight ones first (both are word characters and neither a capital), so that "don’t"
# leaves its stretch ASCII.
_ASCII_RUN = LazyPattern(rb"A(?<!AA)(?>[Aa-z0-9'\-]*)(?:[ ]{1,2}(?:(?:of|the|and|for|&|de|on|in|to)[ ]{1,2})*"
                         rb"A(?>[Aa-z0-9'\-]*))+", 0, re)
_IN_RUNS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789'- &")
_CAPITALS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# the copy of ASCII text ('?' is a line end there) and of text that is not ('?' stands for a character that is not
# ASCII there, as ``str.encode`` writes it, or for itself: either way its stretch is read again)
_RUN_COPY_ASCII = bytes(ord("A") if b in _CAPITALS else b if b in _IN_RUNS else ord("\n") for b in range(256))
_SHORT_RUN_TEXT = 10_000  # characters: under this, compiling ``_ASCII_RUN`` costs more than it saves
_RUN_COPY = bytes(ord("A") if b in _CAPITALS or b == ord("?") else b if b in _IN_RUNS else ord("\n")
                  for b in range(256))


# The one character that is not ASCII whose lower case is (Kelvin sign, lower case 'k')
KELVIN = "\u212a"


def ascii_cased(text: str, chunk: int = 1 << 20) -> bytes:
    """Same length as ``text``: its ASCII characters as they are, curly apostrophes straight (as
    ``normalise`` makes them), the Kelvin sign a 'K', every other character '?'.  Lower-cased, the scan's ASCII copy
    (``scan.ascii_lower``); as it is, what ``_capital_runs`` reads (each character it changes keeps its part there:
    the apostrophes are word characters and no capitals, the Kelvin sign a capital).  A long text is done a chunk of
    characters at a time (whole copies of a text of 4-byte characters would take eight times its size in UTF-8)."""
    if len(text) > chunk:
        return b"".join(ascii_cased(text[i:i + chunk], chunk) for i in range(0, len(text), chunk))
    if not text.isascii():
        if KELVIN in text:
            text = text.replace(KELVIN, "K")
        text = text.replace("\u2019", "'").replace("\u02bc", "'")
    return text.encode("ascii", "replace")


def _capital_runs(text: str, cased: bytes | None = None) -> list[tuple[int, str]]:
    """(start, text) of every match of ``_CAPITAL_RUN`` in ``text``, in order (see ``_ASCII_RUN``; a short text is
    read by ``_CAPITAL_RUN`` alone: one file of a pre-commit run then compiles one pattern, not two).  ``cased``:
    ``ascii_cased(text)``, when the caller has it."""
    if len(text) < _SHORT_RUN_TEXT:
        return [(m.start(), m.group()) for m in _CAPITAL_RUN.finditer(text)]
    if text.isascii():
        return [(m.start(), text[m.start():m.end()]) for m in _ASCII_RUN.finditer(text.encode().translate(
            _RUN_COPY_ASCII))]
    copy = ascii_cased(text) if cased is None else cased
    line = copy.translate(_RUN_COPY)
    runs: list[tuple[int, str]] = []
    done = 0  # the end of the last stretch read again
    for m in _ASCII_RUN.finditer(line):
        s, e = m.span()
        if s < done:
            continue
        a = line.rfind(b"\n", 0, s) + 1
        b = line.find(b"\n", e)
        b = len(line) if b == -1 else b
        if copy.find(b"?", a, b) == -1:
            runs.append((s, text[s:e]))
        else:
            runs += [(r.start(), r.group()) for r in _CAPITAL_RUN.finditer(text, a, b)]
            done = b
    return runs


def capitalised_tokens(text: str, keep: Callable[[str], bool] | None = None, cased: bytes | None = None
                       ) -> list[Token]:
    """The tokens of ``text`` that stand in runs of capitalised words (offsets into ``text``): all a names-only
    term walk needs, without tokenising the rest.  ``keep(piece)``, when given, says which runs are worth it:
    those with a piece (a run's text between spaces) it is true of.  ``cased``: ``ascii_cased(text)``, when the
    caller has it."""
    out: list[Token] = []
    new = tuple.__new__  # (speed) ``Token(...)``: the named tuple's own __new__ is a Python function
    for pos, run in _capital_runs(text, cased):
        pieces = run.split(" ")
        if keep is not None and not any(map(keep, pieces)):
            continue
        for piece in pieces:  # no token holds a space: a run's tokens are those of its pieces
            if piece.isalnum():  # letters and digits only (\p{L}, \p{N}): the piece is one token
                out.append(new(Token, (pos, pos + len(piece), piece)))
            elif piece:
                out += [new(Token, (pos + m.start(), pos + m.end(), m.group())) for m in WORD_RE.finditer(piece)]
            pos += len(piece) + 1
    return out


class Document:
    """A text with lazily computed tokens, a matching copy and a line index."""

    def __init__(self, text: str, path: str = "-") -> None:
        self.text = text
        self.path = path

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.text)

    @cached_property
    def folded(self) -> str:
        """Lower-cased copy of the text with straight apostrophes, index-aligned with ``text``."""
        return normalise(self.text)

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        text = self.text
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset.

        Findings come in text order, so lines are counted from the previous answer at C speed instead of
        indexing every line of a large file first."""
        if "line_starts" in self.__dict__:
            line = bisect.bisect_right(self.line_starts, offset) - 1
            return line + 1, offset - self.line_starts[line] + 1
        last_off, last_line = getattr(self, "_cursor", (0, 1))
        if offset < last_off:
            last_off, last_line = 0, 1
        line = last_line + self.text.count("\n", last_off, offset)
        self._cursor = (offset, line)
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


# ---------------------------------------------------------------- case

def case_pattern(s: str) -> str:
    """'upper', 'title', 'lower' or 'mixed' for a word or phrase."""
    if s.isascii() and s.islower():
        return "lower"  # (speed) the common case, as the rules below decide it
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return "lower"
    if all(c.isupper() for c in letters) and len(letters) > 1:
        return "upper"
    words = [w for w in WORD_RE.findall(s)]
    if words and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return "title"
    if s[:1].isupper() and all(c.islower() for c in letters[1:]):
        return "first"
    if all(c.islower() for c in letters):
        return "lower"
    return "mixed"


def has_own_case(canonical: str) -> bool:
    """A canonical form carries its own case when it is not all lower case ("UN Security Council", "KCNA")."""
    if canonical.islower():  # (speed) cased, and no cased character in upper case: the usual answer at C speed
        return False
    return any(c.isupper() for c in canonical)


def _title_word(w: str) -> str:
    return w[:1].upper() + w[1:]


def apply_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original``, unless the replacement carries its own case."""
    pattern = case_pattern(original)
    if has_own_case(replacement):
        if pattern == "upper":
            return replacement.upper()
        if pattern in ("first", "title") and replacement[:1].islower():
            return _title_word(replacement) if pattern == "first" else WORD_RE.sub(
                lambda m: m.group() if m.group()[:1].isupper() else _title_word(m.group()), replacement)
        return replacement
    if pattern == "upper":
        return replacement.upper()
    if pattern == "title":
        small = {"of", "the", "and", "for", "in", "on", "to", "a", "an", "at", "by", "or"}
        out = []
        for i, m in enumerate(WORD_RE.finditer(replacement)):
            w = m.group()
            out.append((m.start(), m.end(), w if (i and w in small) else _title_word(w)))
        s = replacement
        for a, b, w in reversed(out):
            s = s[:a] + w + s[b:]
        return s
    if pattern == "first":
        return _title_word(replacement)
    if pattern == "mixed":  # word by word where the words pair up ("levels Celsius" -> "degrees Celsius")
        old_words, new_words = original.split(" "), replacement.split(" ")
        if len(old_words) == len(new_words) > 1:
            return " ".join(o if o.lower() == n.lower() else apply_case(o, n) for o, n in zip(old_words, new_words))
    return replacement


# ---------------------------------------------------------------- inflection

def split_possessive(word: str) -> tuple[str, str]:
    """('Individuals', "'s") for "Individuals's"; ('states', "'") for "states'"; (word, '') otherwise."""
    if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
        return word[:-2], word[-2:]
    if len(word) > 1 and word[-1] in APOSTROPHES:
        return word[:-1], word[-1:]
    return word, ""


@lru_cache(maxsize=1 << 16)
def base_key(word: str) -> str:
    """A written word as the tables key it: without its possessive, lower case, apostrophes straight
    ("Individuals's" -> "individuals").  (speed) Kept for the most recent distinct words: the term walk, the
    restorations and the lone-word sweep ask it of the same words hundreds of thousands of times on a spun
    megabyte."""
    return normalise(split_possessive(word)[0])


def plural(word: str) -> str:
    if not word:
        return word
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def singular_forms(word: str) -> list[str]:
    """Candidate singulars of a (lower-case) word, most likely first; empty if it does not look plural."""
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def number_twins(a: str, b: str) -> bool:
    """Whether two wordings are one term but for number, case or hyphens ("heart disease", "Heart diseases",
    "heart-disease"): a restoration's rival of that kind is no other reading."""
    wa, wb = a.lower().replace("-", " ").split(), b.lower().replace("-", " ").split()
    return len(wa) == len(wb) and all(x == y or x in singular_forms(y) or y in singular_forms(x)
                                      for x, y in zip(wa, wb))


def looks_plural(phrase: str) -> bool:
    """Whether a phrase's last word reads as a plural ("capacities", "networks"; not "class", "virus", "analysis")."""
    words = phrase.lower().split()
    return bool(words) and words[-1].endswith("s") and not words[-1].endswith(("ss", "us", "is"))
