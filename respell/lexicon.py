"""The lexicon: everything respell knows, loaded once from ``dictionaries/``.

Data lives in plain sorted TSV files declared in ``dictionaries/registry.toml`` (see ``dictionaries/FORMAT.md``);
this module only reads them into lookup structures.  Parts are loaded lazily: the fingerprint and swap tables
that decide whether a document is spun are small and always needed, while the gazetteer and the thesaurus are
large and only needed for documents judged spun, so clean text never pays for them.

A ``Lexicon`` can also be built from in-memory tables (``Lexicon(tables)``), which is how the evaluation harness
holds a fold of the data out.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from .text import WORD_RE, normalise

KINDS = ("fingerprints", "swaps", "synonyms", "gazetteer")
STATUSES = ("fix", "spun", "report")


class LexiconError(Exception):
    """A dictionary file is missing or malformed; the message names the file and line."""


def default_directory() -> Path:
    env = os.environ.get("RESPELL_DICTIONARIES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "dictionaries", here.parent / "dictionaries"):
        if (candidate / "registry.toml").is_file():
            return candidate
    return here.parent / "dictionaries"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    spun: str            # lower case, apostrophes straight
    canonical: tuple[str, ...]
    status: str          # fix | spun | report
    note: str
    family: str          # which file it came from, e.g. "news" or "science"


@dataclass(frozen=True, slots=True)
class Link:
    """A way the spun word can stand for the canonical word."""

    canonical: str
    source: str          # "news" / "science" (learned spinner swaps), "wordnet", "moby", ...
    weight: float
    origin: str = ""     # how a swap was obtained: "dev-pages" (attested on real spun pages), "curated", ...


@dataclass
class Tables:
    """Raw rows per kind, as read from the files (or assembled by a harness)."""

    fingerprints: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # spun, canon, status, note, family
    swaps: list[tuple[str, str, float, str, str]] = field(default_factory=list)       # canon, spun, weight, family, origin
    synonyms: list[tuple[str, list[str], str]] = field(default_factory=list)          # word, synonyms, source
    gazetteer: list[tuple[str, float, str]] = field(default_factory=list)             # term, weight, source


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                yield n, line.rstrip("\n").split("\t")
    except OSError as e:
        raise LexiconError(f"{path}: cannot read dictionary: {e.strerror}") from None
    except UnicodeDecodeError:
        raise LexiconError(f"{path}: not UTF-8") from None


def family_of(name: str) -> str:
    stem = Path(name).stem
    return stem.split("_", 1)[1] if "_" in stem else stem


def read_file(path: Path, kind: str, tables: Tables) -> None:
    """Append the rows of one dictionary file of ``kind`` to ``tables``."""
    family = family_of(path.name)
    for n, cols in _rows(path):
        try:
            if kind == "fingerprints":
                spun, canon, status = cols[0], cols[1], cols[2]
                if status not in STATUSES:
                    raise ValueError(f"status must be one of {', '.join(STATUSES)}")
                tables.fingerprints.append((spun, canon, status, cols[3] if len(cols) > 3 else "", family))
            elif kind == "swaps":
                tables.swaps.append((cols[0], cols[1], float(cols[2]), family, cols[3] if len(cols) > 3 else family))
            elif kind == "synonyms":
                tables.synonyms.append((cols[0], cols[1].split("|"), family))
            elif kind == "gazetteer":
                tables.gazetteer.append((cols[0], float(cols[1]) if len(cols) > 1 and cols[1] else 1.0, family))
            else:
                raise ValueError(f"unknown kind {kind!r}")
        except (IndexError, ValueError) as e:
            raise LexiconError(f"{path}:{n}: malformed {kind} row ({e or 'missing column'})") from None


def read_registry(directory: Path) -> dict[str, dict[str, str]]:
    reg = directory / "registry.toml"
    try:
        with open(reg, "rb") as fh:
            return tomllib.load(fh).get("files", {})
    except OSError:
        raise LexiconError(f"{reg}: dictionary registry not found (set RESPELL_DICTIONARIES or reinstall)") from None
    except tomllib.TOMLDecodeError as e:
        raise LexiconError(f"{reg}: {e}") from None


def read_tables(directory: Path | None = None, extra: Iterable[tuple[Path, str]] = ()) -> Tables:
    directory = directory or default_directory()
    tables = Tables()
    for name, meta in sorted(read_registry(directory).items()):
        if meta.get("kind") in KINDS:
            read_file(directory / name, meta["kind"], tables)
    for path, kind in extra:
        read_file(Path(path), kind, tables)
    return tables


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Normalised word tuple of a phrase: the key every phrase table is indexed by."""
    return tuple(normalise(w) for w in WORD_RE.findall(phrase))


# Function words never carry a synonym match: swaps among them come only from explicit phrase fingerprints.
FUNCTION_WORDS = frozenset("""
a about above across after against all along also am among an and another any are around as at be because been
before being below between both but by can could did do does doing down during each either every few for from
had has have having he her here hers him his how i if in into is it its itself just may me might more most must
my neither no nor not of off on once one only or other our ours out over own per same shall she should so some
such than that the their theirs them then there these they this those through to too toward towards under until
up upon us very was we were what when where whether which while who whom whose why will with within without would
yet you your yours
""".split())

# Strength of one link by where it comes from: spinner swaps learned or curated from real spun text are precise,
# thesaurus links are weak (clean prose is full of deliberate near-synonyms).
SOURCE_STRENGTH = {"news": 0.9, "science": 0.8, "wordnet": 0.3, "moby": 0.15}
SPINNER_SOURCES = frozenset({"news", "science"})


class Lexicon:
    """Lookup structures over ``Tables``; heavy parts are built on first use."""

    def __init__(self, tables: Tables, directory: Path | None = None) -> None:
        self.tables = tables
        self.directory = directory

    @classmethod
    def load(cls, directory: Path | None = None, extra: Iterable[tuple[Path, str]] = ()) -> "Lexicon":
        directory = directory or default_directory()
        return cls(read_tables(directory, extra), directory)

    # ------------------------------------------------------------ fingerprints (always needed)
    @cached_property
    def fingerprints(self) -> dict[str, Fingerprint]:
        out: dict[str, Fingerprint] = {}
        for spun, canon, status, note, family in self.tables.fingerprints:
            key = " ".join(normalise(spun).split())  # literal: "{hardware}" must keep its braces
            if not key:
                continue
            alts = tuple(a.strip() for a in canon.split("|") if a.strip())
            prev = out.get(key)
            if prev is not None and prev.canonical != alts:  # two files disagree: keep both, report only
                alts = tuple(dict.fromkeys(prev.canonical + alts))
                status = "report"
            out[key] = Fingerprint(key, alts, status, note, family)
        return out

    # ------------------------------------------------------------ spinner swaps (always needed)
    @cached_property
    def swaps(self) -> dict[str, list[Link]]:
        """spun word -> the canonical words a spinner swaps it for (learned/curated spinner tables)."""
        out: dict[str, list[Link]] = {}
        for canon, spun, weight, source, origin in self.tables.swaps:
            c, s = " ".join(phrase_key(canon)), " ".join(phrase_key(spun))
            if c and s and c != s:
                out.setdefault(s, []).append(Link(c, source, weight, origin))
        return out

    # ------------------------------------------------------------ thesaurus (spun documents only)
    @cached_property
    def synonyms(self) -> dict[str, list[Link]]:
        """word in the text -> canonical-side words it may stand for (weak thesaurus links)."""
        out: dict[str, dict[str, Link]] = {}
        for word, syns, source in self.tables.synonyms:
            w = normalise(word)
            for s in syns:
                s = normalise(s)
                if s and s != w and " " not in s:
                    out.setdefault(s, {}).setdefault(w, Link(w, source, 1.0))
        return {k: list(v.values()) for k, v in out.items()}

    # ------------------------------------------------------------ gazetteer (spun documents only)
    @cached_property
    def gazetteer(self) -> dict[tuple[str, ...], tuple[str, float, frozenset[str]]]:
        """word tuple -> (canonical form with its own case, weight, sources)."""
        out: dict[tuple[str, ...], tuple[str, float, frozenset[str]]] = {}
        for term, weight, source in self.tables.gazetteer:
            key = phrase_key(term)
            if not key:
                continue
            prev = out.get(key)
            if prev is None:
                out[key] = (term, weight, frozenset((source,)))
            else:
                form = prev[0] if (prev[0] != prev[0].lower() or term == term.lower()) else term
                out[key] = (form, max(prev[1], weight), prev[2] | {source})
        return out

    @cached_property
    def trie(self) -> dict:
        """Nested dict over gazetteer word tuples of two or more words; key None marks a complete term."""
        root: dict = {}
        for key in self.gazetteer:
            if len(key) < 2 or len(key) > 8:
                continue
            node = root
            for w in key:
                node = node.setdefault(w, {})
            node[None] = key
        return root

    def known(self, words: tuple[str, ...]) -> bool:
        """True when the phrase is itself a known term or collocation (then it is probably correct)."""
        return words in self.gazetteer

    def links(self, word: str) -> list[Link]:
        """Every canonical word the text's ``word`` may stand for, strongest sources first."""
        return self.swaps.get(word, []) + self.synonyms.get(word, [])
