"""Helpers shared by the rules: the English vocabulary and a test for text that is not prose.

The vocabulary is wordfreq's English list, loaded once and only by the rules that need it.  The prose test is
lazy: rules first find a cheap candidate, then ask whether the whitespace-delimited chunk around it looks like
a URL, an address, a handle, a hashtag, a path or code, which rules must never touch.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..text import LazyPattern

# A chunk is not prose when it holds a scheme or www., an address or handle (@), a hashtag, path separators,
# a call ("readinto()"), identifier punctuation (_ = < > { } [ ] ` $ \ |), a dot between two word characters
# (os.path, example.com), or starts as a command-line option does ("--oneline", "-v").
_NOT_PROSE = LazyPattern(r"://|^www\.|^--?\p{L}|\w\(|[@#_=<>{}\[\]`$\\|~^*]|/|\w\.\w|\p{L}\p{N}|\p{N}\p{L}")

_CALL = LazyPattern(r"\w\(")


@lru_cache(maxsize=1)
def _zipf_table() -> dict[str, float]:
    """word -> Zipf frequency for every word wordfreq knows in English (about 320 000, lower case).

    wordfreq stores its list in buckets of one centibel (bucket i holds words of frequency 10**(-i/100)), so the
    table is built in one pass, far faster than asking ``zipf_frequency`` word by word.
    """
    from importlib.metadata import version

    from ..cache import cached

    def build() -> dict[str, float]:
        import wordfreq

        table: dict[str, float] = {}
        for i, bucket in enumerate(wordfreq.get_frequency_list("en")):
            z = round(9 - i / 100, 2)
            for w in bucket:
                table.setdefault(w, z)
        return table

    return cached("zipf", "wordfreq-" + version("wordfreq"), build)


def vocabulary() -> dict[str, float]:
    """Every English word wordfreq knows (a dict, so ``in`` is one hash lookup)."""
    return _zipf_table()


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words with a Zipf frequency of at least 2.5: "a word" for the rules' purposes."""
    return frozenset(w for w, z in _zipf_table().items() if z >= 2.5)


def zipf(word: str) -> float:
    return _zipf_table().get(word, 0.0)


# Exactly the characters of ``str.isspace`` (``\s`` of the regex module leaves out U+001C-U+001F); the _NEL
# pair leaves out U+0085 as well.
_SPACE = LazyPattern(r"[\s\x1c-\x1f]")
_SPACE_BEFORE = LazyPattern(r"[\s\x1c-\x1f]", regex.REVERSE)
_SPACE_NEL = LazyPattern(r"[^\S\x85]|[\x1c-\x1f]")
_SPACE_NEL_BEFORE = LazyPattern(r"[^\S\x85]|[\x1c-\x1f]", regex.REVERSE)
# How far a chunk is read on each side of a token.  A run of non-whitespace characters longer than this around
# it is no prose (a URL, data, a markup dump, one long run of "&amp;amp;..."): asking only this far keeps the
# prose test linear in the text however long the run (read whole for each token, 18 KB of it took 8 s).
MAX_CHUNK = 1000


def chunk_span(text: str, start: int, end: int, limit: int | None = None,
               nel_is_text: bool = False) -> tuple[int, int] | None:
    """Span of the run of non-whitespace characters that contains ``text[start:end]``; with ``limit``, None when
    the run goes on further than ``limit`` characters before ``start`` or after ``end``.  ``nel_is_text``: U+0085
    does not end a chunk (for the encoding rule, to which it is cp1252's "…" decoded as Latin-1, not a line
    break)."""
    lo = 0 if limit is None else max(0, start - limit - 1)
    hi = len(text) if limit is None else min(len(text), end + limit + 1)
    # (speed) a span with white space right at an edge ends there, asked without a search (most findings are
    # words between spaces); the patterns' characters are exactly ``str.isspace``'s, less U+0085 for the NEL pair
    if start > lo and text[start - 1].isspace() and not (nel_is_text and text[start - 1] == "\x85"):
        a = start
    else:
        m = (_SPACE_NEL_BEFORE if nel_is_text else _SPACE_BEFORE).search(text, lo, start)
        a = m.end() if m else lo
    if end < hi and text[end].isspace() and not (nel_is_text and text[end] == "\x85"):
        b = end
    else:
        m = (_SPACE_NEL if nel_is_text else _SPACE).search(text, end, hi)
        b = m.start() if m else hi
    if limit is not None and (start - a > limit or b - end > limit):
        return None
    return a, b


# Narrower than _NOT_PROSE, for the phrase rules (whose findings span several words): a chunk that is a URL, a
# path, an e-mail address, a command-line option, a call or an identifier.  Brackets, digits and single-letter
# dots ("U.S.", "e.g.", "learning[12]") stay prose: spun papers are full of them.
_CODE_LIKE = LazyPattern(r"://|^www\.|^--?\p{L}|\w\(|[@_`$\\|{}=<>]|/|\p{L}\.\p{L}{2,}")


def in_code(text: str, start: int, end: int) -> bool:
    """Does the finding ``text[start:end]`` begin or end inside a URL, path, e-mail address, command-line option
    or identifier ("/srv/profound learning/x", "profound_learning")?  Such text is not prose and is never edited."""
    piece = text[start:end]
    if piece and piece.split() == [piece]:
        # (speed) one run of non-space characters (most findings are one word): its first and its last character
        # share the chunk, read once; it is too long when it is so from either of them (as ``chunk_span`` asks)
        span = chunk_span(text, start, end, MAX_CHUNK)
        return span is None or end - 1 - span[0] > MAX_CHUNK or span[1] - start - 1 > MAX_CHUNK or \
            _code_like(text, span)
    for a, b in ((start, min(start + 1, end)), (max(end - 1, start), end)):
        span = chunk_span(text, a, b, MAX_CHUNK)
        if span is None:
            return True  # in a run of more than MAX_CHUNK non-space characters: no prose
        if _code_like(text, span):
            return True
    return False


def _code_like(text: str, span: tuple[int, int]) -> bool:
    """Whether the chunk ``text[span]`` (its quotes, brackets and punctuation aside) is code-like (``_CODE_LIKE``)."""
    chunk = text[span[0]:span[1]].strip("\"'()[]{}.,;:!?\u201c\u201d\u2018\u2019")
    # (speed) letters alone hold none of the pattern's marks ("://", "/", ".", "-", "(", "@", "_", ...): most
    # chunks a finding stands in are plain words
    return not chunk.isalpha() and bool(_CODE_LIKE.search(chunk))


def in_prose(text: str, start: int, end: int) -> bool:
    """False when the token at ``start:end`` sits in a URL, e-mail, handle, hashtag, path or code chunk, or in a
    run of more than ``MAX_CHUNK`` non-whitespace characters."""
    span = chunk_span(text, start, end, MAX_CHUNK)
    if span is None:
        return False
    raw = text[span[0]:span[1]]
    if _CALL.search(raw):
        return False
    chunk = raw.strip("\"'()[]{}.,;:!?\u201c\u201d\u2018\u2019")
    return not _NOT_PROSE.search(chunk)
