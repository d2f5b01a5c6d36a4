"""Digits the spinner spelled out inside a figure: "three.9%" for "3.9%", "one.25 million" for "1.25 million".

A spinner reads "3" in "3.9%" as a word of its own and swaps it for "three"; what it leaves, a number word
glued to a decimal point and digits, is nobody's English.  The word goes back to its digit.  Only digits may
follow the point ("three.js" and "one.two" are names in code, not figures), and nothing that would make the
figure part of a longer token (a version "one.2.3", a word "one.5x" is left alone: not a figure of prose).
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..plan import Finding
from ..text import Document, LazyPattern
from ._common import MAX_CHUNK, chunk_span
from .base import Rule, RuleOptions

DIGITS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
          "eight": "8", "nine": "9"}
# (speed) a point before a digit is found first (the scan is led by the literal "."), the word before it after
POINT_DIGIT_RE = LazyPattern(r"\.\d")
WORD_BEFORE_RE = LazyPattern(r"(?<!\w)(" + "|".join(DIGITS) + r")\Z", regex.IGNORECASE)
_AROUND = "\"'([{\u201c\u2018%)]}.,;:!?\u201d\u2019"  # what may stand around a figure in prose


def run(doc: Document, options: RuleOptions) -> Iterator[Finding]:
    text = doc.text
    n = len(text)
    for p in POINT_DIGIT_RE.finditer(text):
        at = p.start()
        if not text[at - 1:at].isalpha():
            continue  # most points before a digit are in figures already ("3.11") or at a sentence's end
        m = WORD_BEFORE_RE.search(text, max(0, at - 6), at)
        if m is None:
            continue
        end = at + 1
        while end < n and text[end].isdigit():
            end += 1
        word = m.group(1)
        span = chunk_span(text, m.start(), end, MAX_CHUNK)
        if span is None or text[span[0]:span[1]].strip(_AROUND) != text[m.start():end]:
            continue  # part of a longer token: a version ("one.2.3"), "one.5x", "v=three.9", a path, a URL
        yield Finding(m.start(), m.end(), word, DIGITS[word.lower()], "numeral", 0.97,
                      f'a spinner spelled out the digit of a figure: "{word}{text[at:end]}" is '
                      f'"{DIGITS[word.lower()]}{text[at:end]}"')


RULE = Rule("numeral", True, 'restore a digit a spinner spelled out inside a figure ("three.9%" -> "3.9%")', run)
