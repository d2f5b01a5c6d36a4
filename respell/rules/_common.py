"""Helpers shared by the rules: the English vocabulary and a test for text that is not prose.

The vocabulary is wordfreq's English list, loaded once and only by the rules that need it.  The prose test is
lazy: rules first find a cheap candidate, then ask whether the whitespace-delimited chunk around it looks like
a URL, an address, a handle, a hashtag, a path or code, which rules must never touch.
"""

from __future__ import annotations

from functools import lru_cache

import regex

# A chunk is not prose when it holds a scheme or www., an address or handle (@), a hashtag, path separators,
# identifier punctuation (_ = < > { } [ ] ` $ \ |), or a dot between two word characters (os.path, example.com).
_NOT_PROSE = regex.compile(r"://|^www\.|[@#_=<>{}\[\]`$\\|~^*]|/|\w\.\w|\p{L}\p{N}|\p{N}\p{L}")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every word wordfreq knows in English (about 320 000, lower case)."""
    import wordfreq

    return frozenset(wordfreq.iter_wordlist("en"))


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    import wordfreq

    return wordfreq.zipf_frequency(word, "en")


def chunk_around(text: str, start: int, end: int) -> str:
    """The run of non-whitespace characters that contains ``text[start:end]``."""
    a = start
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = end
    n = len(text)
    while b < n and not text[b].isspace():
        b += 1
    return text[a:b]


def in_prose(text: str, start: int, end: int) -> bool:
    """False when the token at ``start:end`` sits in a URL, e-mail, handle, hashtag, path or code chunk."""
    chunk = chunk_around(text, start, end).strip("\"'()[]{}.,;:!?\u201c\u201d\u2018\u2019")
    return not _NOT_PROSE.search(chunk)
