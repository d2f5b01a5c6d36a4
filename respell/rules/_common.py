"""Helpers shared by the rules: the English vocabulary and a test for text that is not prose.

The vocabulary is wordfreq's English list, loaded once and only by the rules that need it.  The prose test is
lazy: rules first find a cheap candidate, then ask whether the whitespace-delimited chunk around it looks like
a URL, an address, a handle, a hashtag, a path or code, which rules must never touch.
"""

from __future__ import annotations

from functools import lru_cache

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


# How far a chunk is read on each side of a token: a URL, path or identifier shows itself well within it, and
# text without white space (one long run of "&amp;amp;...") must not be read whole for each of its tokens
# (quadratic: 18 KB of it took 8 s).
CHUNK_REACH = 256
_SPACE = LazyPattern(r"\s")
_SPACE_BACK = LazyPattern(r"(?r)\s")
_SPACE_NEL = LazyPattern(r"[^\S\x85]")
_SPACE_BACK_NEL = LazyPattern(r"(?r)[^\S\x85]")


def chunk_span(text: str, start: int, end: int, nel_is_text: bool = False) -> tuple[int, int]:
    """Span of the run of non-whitespace characters that contains ``text[start:end]`` (at most ``CHUNK_REACH``
    characters on either side of it).  ``nel_is_text``: U+0085 does not end a chunk (for the encoding rule, to
    which it is cp1252's "…" decoded as Latin-1, not a line break)."""
    low = max(0, start - CHUNK_REACH)
    before = (_SPACE_BACK_NEL if nel_is_text else _SPACE_BACK).search(text, low, start)
    after = (_SPACE_NEL if nel_is_text else _SPACE).search(text, end, min(len(text), end + CHUNK_REACH))
    return (before.end() if before else low), (after.start() if after else min(len(text), end + CHUNK_REACH))


def chunk_around(text: str, start: int, end: int) -> str:
    """The run of non-whitespace characters that contains ``text[start:end]``."""
    a, b = chunk_span(text, start, end)
    return text[a:b]


# Narrower than _NOT_PROSE, for the phrase rules (whose findings span several words): a chunk that is a URL, a
# path, an e-mail address, a command-line option, a call or an identifier.  Brackets, digits and single-letter
# dots ("U.S.", "e.g.", "learning[12]") stay prose: spun papers are full of them.
_CODE_LIKE = LazyPattern(r"://|^www\.|^--?\p{L}|\w\(|[@_`$\\|{}=<>]|/|\p{L}\.\p{L}{2,}")


def in_code(text: str, start: int, end: int) -> bool:
    """Does the finding ``text[start:end]`` begin or end inside a URL, path, e-mail address, command-line option
    or identifier ("/srv/profound learning/x", "profound_learning")?  Such text is not prose and is never edited."""
    for a, b in ((start, min(start + 1, end)), (max(end - 1, start), end)):
        chunk = chunk_around(text, a, b).strip("\"'()[]{}.,;:!?\u201c\u201d\u2018\u2019")
        if _CODE_LIKE.search(chunk):
            return True
    return False


def in_prose(text: str, start: int, end: int) -> bool:
    """False when the token at ``start:end`` sits in a URL, e-mail, handle, hashtag, path or code chunk."""
    raw = chunk_around(text, start, end)
    if _CALL.search(raw):
        return False
    chunk = raw.strip("\"'()[]{}.,;:!?\u201c\u201d\u2018\u2019")
    return not _NOT_PROSE.search(chunk)
