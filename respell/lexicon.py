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
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, NamedTuple, TypeVar

from .text import WORD_RE, normalise

if TYPE_CHECKING:
    import subprocess

    from .langmodel import LanguageModel
    from .termindex import TermIndex

KINDS = ("fingerprints", "swaps", "synonyms", "gazetteer")
STATUSES = ("fix", "spun", "report")


_HELPER_ENV = "RESPELL_BUILD_HELPER"  # set in the helper processes ``start_helper`` starts
_HELPER = """
import sys
sys.path[:0] = {path!r}
from respell import cache
cache.MAKE_DIRECTORY = False  # (the run that started this helper made it; if it is gone, nothing is written)
{job}
"""
_LEXICON_JOB = """
from pathlib import Path
from respell.lexicon import Lexicon
lex = Lexicon(None, Path({directory!r}), [(Path(p), k) for p, k in {extra!r}])
"""


def start_helper(job: str) -> subprocess.Popen | None:
    """A fresh interpreter running ``job`` (Python source) to build a cache entry beside this process, started
    without waiting (None when it cannot be, or when this process is itself such a helper)."""
    import subprocess
    import sys
    if os.environ.get(_HELPER_ENV):
        return None
    # (sys.path once each: it is part of the helper's command line, which the system bounds in length)
    code = _HELPER.format(path=list(dict.fromkeys(sys.path)), job=job)
    try:
        return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={**os.environ, _HELPER_ENV: "1"})
    except OSError:
        return None


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


class Fingerprint(NamedTuple):  # made from a plain row when looked up (RowMap)
    spun: str            # lower case, apostrophes straight
    canonical: tuple[str, ...]
    status: str          # fix | spun | report
    note: str
    family: str          # which file it came from, e.g. "news" or "science"


class Link(NamedTuple):
    """A way the spun word can stand for the canonical word."""

    canonical: str
    source: str          # "news" / "science" (learned spinner swaps), "wordnet", ...
    weight: float
    origin: str = ""     # how a swap was obtained: "dev-pages" (attested on real spun pages), "curated", ...


V = TypeVar("V")
_UNSEEN, _ABSENT = object(), object()  # RowMap: a key not looked up yet; a key the table does not have


class RowMap(Mapping[str, V]):
    """A read-only mapping whose rows are stored as plain tuples (in a dict or a ``RowTrie``) and made into
    named tuples on first access: a run only ever looks at a handful of the thousands of rows."""

    __slots__ = ("_raw", "_make", "_made")

    def __init__(self, raw: Mapping[str, object], make: Callable[[Any], V]) -> None:
        self._raw, self._make = raw, make
        self._made: dict[str, object] = {}  # a made row, or _ABSENT for a key found missing

    def __getitem__(self, key: str) -> V:
        got = self._made.get(key, _UNSEEN)
        if got is _UNSEEN:
            got = self._look(key)
        if got is _ABSENT:
            raise KeyError(key)
        return got  # type: ignore[return-value]  # neither sentinel: a made row

    def get(self, key: str, default=None):  # type: ignore[override]
        """The hot path (every word of a spun document is looked up): no exception, and a key found missing once
        is not looked up in the table again."""
        got = self._made.get(key, _UNSEEN)
        if got is _UNSEEN:
            got = self._look(key)
        return default if got is _ABSENT else got

    def _look(self, key: str):
        got = self._made[key] = self._make(self._raw[key]) if key in self._raw else _ABSENT
        return got

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _links(rows: list) -> list["Link"]:
    return [Link._make(r) for r in rows]


def _unit_rows(rows: list) -> list[tuple[tuple[str, ...], "Link"]]:
    return [(tuple(words), Link._make(r)) for words, r in rows]


def _units_of(swaps: Mapping[str, list["Link"]]) -> dict[str, list[tuple[tuple[str, ...], "Link"]]]:
    """The spinners' forms of two or three words for one canonical content word, by their first word (see
    ``Lexicon.units``).  A form that starts with a function word ("at all times" for "always") is no word of a
    name or a term."""
    out: dict[str, list[tuple[tuple[str, ...], Link]]] = {}
    for key, links in swaps.items():
        words = tuple(key.split(" "))
        if not 2 <= len(words) <= 3 or words[0] in FUNCTION_WORDS:
            continue
        for link in links:
            if link.source in SPINNER_SOURCES and " " not in link.canonical and link.canonical not in FUNCTION_WORDS:
                out.setdefault(words[0], []).append((words, link))
    return out


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
    getattr(tables, kind).extend(iter_file(path, kind))


def iter_file(path: Path, kind: str) -> Iterator[tuple]:
    """The rows of one dictionary file of ``kind``, one at a time (``Tables`` says what a row holds)."""
    family = family_of(path.name)
    for n, cols in _rows(path):
        try:
            if kind == "fingerprints":
                spun, canon, status = cols[0], cols[1], cols[2]
                if status not in STATUSES:
                    raise ValueError(f"status must be one of {', '.join(STATUSES)}")
                yield spun, canon, status, cols[3] if len(cols) > 3 else "", family
            elif kind == "swaps":
                yield cols[0], cols[1], float(cols[2]), family, cols[3] if len(cols) > 3 else family
            elif kind == "synonyms":
                yield cols[0], cols[1].split("|"), family
            elif kind == "gazetteer":
                yield cols[0], float(cols[1]) if len(cols) > 1 and cols[1] else 1.0, family
            else:
                raise ValueError(f"unknown kind {kind!r}")
        except IndexError:
            raise LexiconError(f"{path}:{n}: malformed {kind} row (missing column; see dictionaries/FORMAT.md)") from None
        except ValueError as e:  # (float()'s message quotes the row: never print a file's contents)
            why = "a weight is not a number" if str(e).startswith("could not convert") else str(e)
            raise LexiconError(f"{path}:{n}: malformed {kind} row ({why})") from None


def read_registry(directory: Path) -> dict[str, dict[str, str]]:
    reg = directory / "registry.toml"
    try:
        st = reg.stat()
    except OSError:
        raise LexiconError(f"{reg}: dictionary registry not found (set RESPELL_DICTIONARIES or reinstall)") from None
    return _parse_registry(str(reg), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=8)
def _parse_registry(reg: str, _size: int, _mtime: int) -> dict[str, dict[str, str]]:
    """The registry's files table; parsed once per process for each version of the file, and kept in the user
    cache under its content's hash (a run then reads a small pickle instead of importing a TOML parser)."""
    from .cache import cached, short_hash
    try:
        with open(reg, "rb") as fh:
            raw = fh.read()
    except OSError:
        raise LexiconError(f"{reg}: dictionary registry not found (set RESPELL_DICTIONARIES or reinstall)") from None

    def parse() -> dict[str, dict[str, str]]:
        import tomllib
        try:
            return tomllib.loads(raw.decode("utf-8", "replace")).get("files", {})
        except tomllib.TOMLDecodeError as e:
            raise LexiconError(f"{reg}: {e}") from None

    return cached("registry", short_hash(raw.hex()), parse)


def read_tables(directory: Path | None = None, extra: Iterable[tuple[Path, str]] = ()) -> Tables:
    directory = directory or default_directory()
    tables = Tables()
    for kind in KINDS:
        for path in files_of(directory, kind, extra):
            read_file(path, kind, tables)
    return tables


def files_of(directory: Path, kind: str, extra: Iterable[tuple[Path, str]] = ()) -> list[Path]:
    out = [directory / name for name, meta in sorted(read_registry(directory).items()) if meta.get("kind") == kind]
    return out + [Path(p) for p, k in extra if k == kind]


def phrase_key(phrase: str) -> tuple[str, ...]:
    """Normalised word tuple of a phrase: the key every phrase table is indexed by."""
    return tuple(normalise(w) for w in WORD_RE.findall(phrase))


# Function words never carry a synonym match: articles, pronouns, prepositions, conjunctions, auxiliaries,
# particles.  Swaps among them come only from explicit phrase fingerprints and swaps attested on real spun pages;
# the data build (respell.learn) cleans the tortured-phrase list with the same set.
FUNCTION_WORDS = frozenset("""
's a about above across after against all along also am amid amidst among amongst an and another any anybody
anyone anything are around as at be became because been before behind being below beneath beside besides
between beyond both but by can could did do does doing done down during each either else even every few for
from had has have having he hence her here hers herself him himself his how however i if in inside into is it
its itself just least less may me might mine more most much must my myself near neither no nor not of off on
once one only onto or other others our ours ourselves out outside over own per rather round s same shall she
should since so some such than that the their theirs them themselves then there therefore these they this
those though through throughout thru thus till to too toward towards under underneath unless until unto up
upon us very via was we were what whatever when whenever where whereas wherever whether which while whilst who
whoever whom whose why will with within without would yet you your yours yourself yourselves
""".split())

# Strength of one link by where it comes from: spinner swaps learned or curated from real spun text are precise,
# thesaurus links are weak (clean prose is full of deliberate near-synonyms).
SOURCE_STRENGTH = {"news": 0.9, "science": 0.8, "wordnet": 0.3}
SPINNER_SOURCES = frozenset({"news", "science"})


class Lexicon:
    """Lookup structures over the dictionaries; heavy parts are built on first use.

    Built structures are cached in the user cache directory, keyed by the content of the dictionary files and
    by respell's version (``cache_key``), so a later run opens them instead of parsing text: the small
    part (fingerprints, swaps, signatures) on every run, the large part (gazetteer, trie, thesaurus) only when
    a document is judged spun.  Tables are memory-mapped tries (``respell.termindex``): a run reads only the
    rows it looks up.
    """

    CACHE_FORMAT = 9

    def __init__(self, tables: Tables | None = None, directory: Path | None = None,
                 extra: Iterable[tuple[Path, str]] = ()) -> None:
        self._tables = tables
        self._in_memory = tables is not None  # (``tables`` later fills _tables of a file-backed lexicon too)
        self.directory = directory or default_directory()
        self.extra = list(extra)
        self._raw: dict[str, Tables] = {}
        self._helpers: dict[str, Any] | None = None  # what ``start_builds`` started -> its helper process
        self._infix_rows: dict[str, object] | None = None  # the infixes' rows, when the terms were built here

    def __reduce__(self):
        """Pickled small: a file-backed lexicon as its directory and extra files, reopened on the other side as
        the process-wide one of that data (``respell.batch.shared_lexicon``); in-memory tables as themselves."""
        if self._in_memory:
            return type(self), (self._tables, self.directory, self.extra)
        from .batch import shared_lexicon
        return shared_lexicon, (str(self.directory), [(str(p), k) for p, k in self.extra])

    @classmethod
    def load(cls, directory: Path | None = None, extra: Iterable[tuple[Path, str]] = ()) -> "Lexicon":
        lex = cls(None, directory, extra)
        read_registry(lex.directory)  # fail early, with a clear message, when the data is missing
        return lex

    @property
    def tables(self) -> Tables:
        """Every row of every kind (reads all files: for harnesses, not for the hot path)."""
        if self._tables is None:
            self._tables = read_tables(self.directory, self.extra)
        return self._tables

    def _rows_of(self, kind: str) -> list:
        if self._tables is not None:
            return getattr(self._tables, kind)
        if kind not in self._raw:
            t = Tables()
            for path in files_of(self.directory, kind, self.extra):
                read_file(path, kind, t)
            self._raw[kind] = t
        return getattr(self._raw[kind], kind)

    def _stream(self, kind: str) -> Iterator[tuple]:
        """The rows of ``kind`` one at a time, without keeping them (for the builds of the large tables)."""
        if self._tables is not None or kind in self._raw:
            yield from self._rows_of(kind)
            return
        for path in files_of(self.directory, kind, self.extra):
            yield from iter_file(path, kind)

    # ------------------------------------------------------------ compiled cache
    @cached_property
    def cache_key(self) -> str | None:
        """Names this lexicon's built data in the user cache: the content of the registry and the dictionary files
        (not their paths or times: every installation of the same data shares one build), respell's version and
        the cache format; None when it is not cached (in-memory tables, unreadable files)."""
        if self._tables is not None:
            return None  # assembled in memory (a harness fold): never cached
        from . import __version__
        from .cache import content_key
        try:
            files = [(k, p) for k in KINDS for p in files_of(self.directory, k, self.extra)]
        except LexiconError:
            return None
        # a file's name matters besides its bytes: it names the rows' family ("gazetteer_bigrams" -> bigrams)
        return content_key("lexicon", [self.directory / "registry.toml"] + [p for _k, p in files],
                           __version__, self.CACHE_FORMAT, [(k, p.name) for k, p in files])

    def cached(self, part: str, build):
        """``build()``, kept in the user cache under this lexicon's key (built from these dictionaries only)."""
        if self.cache_key is None:
            return build()
        from .cache import cached
        return cached(part, self.cache_key, build)

    def cached_rows(self, name: str, parts: tuple[str, ...], build: Callable[[], Mapping[str, Mapping[str, Any]]]
                    ) -> Mapping[str, Mapping[str, Any]]:
        """``build()`` (part -> key -> row), kept in the user cache as one memory-mapped trie per part
        (``respell.termindex.RowTrie``); the dicts themselves when nothing is cached."""
        from .cache import cached_open
        from .termindex import RowTrie

        def save(built: Mapping[str, Mapping[str, Any]], paths: dict[str, Path]) -> None:
            for part, path in paths.items():
                RowTrie.save(built[part], path)

        return cached_open(name, self.cache_key, parts, build, save,
                           lambda paths: {part: RowTrie(path) for part, path in paths.items()})

    @cached_property
    def _core(self) -> tuple:
        def build() -> dict[str, dict[str, Any]]:
            swaps = self._build_swaps()
            return {"fingerprints": {k: tuple(v) for k, v in self._build_fingerprints().items()},
                    "swaps": {k: [tuple(l) for l in v] for k, v in swaps.items()},
                    "units": {k: [(words, tuple(l)) for words, l in v] for k, v in _units_of(swaps).items()}}

        rows = self.cached_rows("core", ("fingerprints", "swaps", "units"), build)
        return (RowMap(rows["fingerprints"], Fingerprint._make), RowMap(rows["swaps"], _links),
                RowMap(rows["units"], _unit_rows))

    @cached_property
    def signatures(self) -> list[tuple[str, float, list[tuple[str, float]], float]]:
        """Topic-neutral swaps grouped by canonical word: (canonical, its frequency, [(spun form, link strength)],
        summed frequency of the spun forms).  Frequencies are precomputed so clean text never loads wordfreq."""
        return self.cached("signatures", self._build_signatures)

    @cached_property
    def terms(self) -> "TermIndex":
        """The gazetteer and the thesaurus as memory-mapped tries (``respell.termindex``), built on first use."""
        from . import termindex as ti
        self._build_in_helpers(("terms", "thesaurus"))
        return ti.TermIndex({**self._term_tries, **self._thesaurus_tries}, Link._make)

    @cached_property
    def _term_tries(self) -> dict:
        """The gazetteer's two tries (``termindex.TERM_PARTS``: terms and nexts), one cache entry."""
        from . import termindex as ti
        from .cache import cached_open

        def build():  # the gazetteer's rows are streamed, never all held (330,000 of them in the shipped data)
            terms = ti.gazetteer_terms(self._stream("gazetteer"))
            # the infixes come from the same keys: taken here, they cost 0.1 s instead of reading the trie (0.45 s)
            self._infix_rows = ti.infix_rows(terms)
            return ti.build_term_tries(terms, None)

        return cached_open("terms", self.cache_key, ti.TERM_PARTS, build, ti.save_tries, ti.open_tries)

    @cached_property
    def _thesaurus_tries(self) -> dict:
        """The thesaurus' trie (``termindex.THESAURUS_PARTS``), an entry of its own: the first run after install
        builds it in a helper beside the gazetteer's (0.4 s off the helper the run waits for)."""
        from . import termindex as ti
        from .cache import cached_open

        def build():
            links = self._build_synonyms()
            return ti.build_synonym_tries({w: [tuple(l) for l in word_links] for w, word_links in links.items()})

        return cached_open("thesaurus", self.cache_key, ti.THESAURUS_PARTS, build, ti.save_tries, ti.open_tries)

    def _build_in_helpers(self, which: tuple[str, ...]) -> None:
        """Wait for the helpers of ``start_builds`` that build ``which`` (started here when nobody started them
        before)."""
        self.start_builds()
        helpers = self._helpers or {}
        procs = [helpers.pop(name) for name in which if name in helpers]
        if procs:
            from . import cache
            with cache._progress("building its tables"):
                for proc in procs:
                    proc.wait()

    def terms_pending(self) -> bool:
        """Whether a helper of ``start_builds`` is still building the term tries (``terms`` would wait for it)."""
        proc = (self._helpers or {}).get("terms")
        return proc is not None and proc.poll() is None

    def start_builds(self) -> None:
        """The first document after install (or after the data changed) needs the two large tables: the term tries
        (then the infixes read from them) and the n-gram trie.  When neither the cache has them nor this process is
        itself a helper, each is built by a fresh interpreter of its own, started here without waiting: the engine
        calls this before its first analysis, so the helpers build while this process builds the scan's own tables
        (core, signatures, the automaton, wordsegment's counts), and ``terms`` waits for the term tries only when it
        needs them.  The n-gram trie's helper runs at the lowest priority and nobody waits for it: while it builds,
        the language model reads the sorted files themselves (``respell.langmodel``), so this run's answer does not
        wait for a table only later runs need, and the helper finishes after this process has printed it.  This
        process holds none of the builds' temporary objects (its peak memory stays near that of a warm run).  Each
        helper builds under its entry's lock, so concurrent first runs still build once; a helper that fails costs
        only time (the entry is then built here, as before)."""
        if self._helpers is not None:
            return
        self._helpers = {}
        from . import cache
        if os.environ.get(_HELPER_ENV) or self.cache_key is None or not cache.writable():
            return
        from . import termindex as ti
        from .langmodel import _cache_key as ngrams_key
        # started before the n-gram files are hashed for their key (0.08 s): the run waits for these two
        if not cache.entry_exists("terms", self.cache_key, ti.TERM_PARTS):
            self._start_helper("terms", "lex._term_tries\nlex._infixes")  # the infixes come from the same terms
        if not cache.entry_exists("thesaurus", self.cache_key, ti.THESAURUS_PARTS):
            self._start_helper("thesaurus", "lex._thesaurus_tries")
        try:
            ngrams = files_of(self.directory, "ngrams")
        except LexiconError:
            ngrams = []
        if ngrams and not cache.entry_exists("ngrams", ngrams_key(ngrams), ("",)):
            self._start_helper("ngrams", "import os\nos.nice(19)\nlex.langmodel.data")

    def _start_helper(self, name: str, job: str) -> None:
        """``start_helper`` with ``lex``, a lexicon of these dictionaries, for ``job`` to build from."""
        proc = start_helper(_LEXICON_JOB.format(directory=str(self.directory),
                                                extra=[(str(p), k) for p, k in self.extra]) + job)
        if proc is not None:
            assert self._helpers is not None
            self._helpers[name] = proc

    @cached_property
    def langmodel(self) -> "LanguageModel":
        """Word and word-pair counts of ordinary English (``respell.langmodel``), opened on the first lookup."""
        from .langmodel import LanguageModel
        return LanguageModel.load(self.directory)

    @cached_property
    def word_classes(self) -> Mapping[str, str]:
        """word -> the parts of speech WordNet lists it under ("supply": "nv"; see ``respell.grammar``), on the
        first question (only a lone-word restoration asks): a pickle in the user cache, 10 ms instead of 50."""
        return self.cached("word-classes", self._build_word_classes)

    def _build_word_classes(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for path in files_of(self.directory, "word_classes", self.extra):
            for n, row in _rows(path):
                if len(row) < 2 or not row[1] or set(row[1]) - set("nvar"):
                    raise LexiconError(f"{path}:{n}: malformed word_classes row (see dictionaries/FORMAT.md)")
                out[row[0]] = row[1]
        return out

    @property
    def fingerprints(self) -> Mapping[str, "Fingerprint"]:
        return self._core[0]

    @property
    def swaps(self) -> Mapping[str, list["Link"]]:
        """spun word -> the canonical words a spinner swaps it for (learned/curated spinner tables)."""
        return self._core[1]

    @property
    def units(self) -> Mapping[str, list[tuple[tuple[str, ...], "Link"]]]:
        """first word -> (words, link) of each spinner's form of two or three words that stands for one canonical
        content word ("financial institution" for "bank", "well being" for "health"): a word of a term that the
        term walk reads across several tokens (``_units_of``)."""
        return self._core[2]

    @cached_property
    def unit_heads(self) -> frozenset[str]:
        """The first words of ``units`` (a few hundred): asked for every token a term walk reads."""
        return frozenset(self.units)

    @cached_property
    def synonyms(self) -> Mapping[str, list["Link"]]:
        """word in the text -> canonical-side words it may stand for (weak thesaurus links)."""
        from .termindex import Synonyms
        return Synonyms(self.terms)

    @cached_property
    def gazetteer(self) -> Mapping[tuple[str, ...], tuple[str, float, frozenset[str]]]:
        """word tuple -> (canonical form with its own case, weight, sources)."""
        from .termindex import Gazetteer
        return Gazetteer(self.terms)

    # ------------------------------------------------------------ builders
    def _build_fingerprints(self) -> dict[str, Fingerprint]:
        out: dict[str, Fingerprint] = {}
        for spun, canon, status, note, family in self._rows_of("fingerprints"):
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

    def _build_swaps(self) -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = {}
        for canon, spun, weight, source, origin in self._rows_of("swaps"):
            c, s = " ".join(phrase_key(canon)), " ".join(phrase_key(spun))
            if c and s and c != s:
                out.setdefault(s, []).append(Link(c, source, weight, origin))
        return out

    def _build_signatures(self) -> list:
        from . import evidence as ev
        groups: dict[str, list[tuple[str, float]]] = {}
        for spun, links in self._build_swaps().items():
            for l in links:
                if ev.is_signature(spun, l):
                    groups.setdefault(l.canonical, []).append((spun, ev.link_strength(l)))
        return [(c, ev.word_frequency(c), forms, sum(ev.word_frequency(s) for s, _ in forms))
                for c, forms in sorted(groups.items())]

    def _build_synonyms(self) -> dict[str, list[Link]]:
        out: dict[str, dict[str, Link]] = {}
        for word, syns, source in self._rows_of("synonyms"):
            w = normalise(word)
            for s in syns:
                s = normalise(s)
                if s and s != w and " " not in s:
                    out.setdefault(s, {}).setdefault(w, Link(w, source, 1.0))
        return {k: list(v.values()) for k, v in out.items()}

    @cached_property
    def _infixes(self) -> Mapping[str, object]:
        """Every run of two or more words inside a longer gazetteer term ("safety council" in "National Safety
        Council"), as a memory-mapped trie built once per data change."""
        def build() -> dict[str, dict[str, object]]:
            from .termindex import infix_rows
            rows = self._infix_rows  # (taken when this process built the terms)
            return {"infixes": infix_rows(self._term_tries["terms"].iterkeys()) if rows is None else rows}
        if self.terms_pending():
            # the first run: the helper building the term tries builds the infixes next, from the keys it holds
            # (0.1 s); built here, they would wait for the same tries and then read every key back (0.45 s)
            self._build_in_helpers(("terms",))
        return self.cached_rows("infixes", ("infixes",), build)["infixes"]

    def inside_term(self, words: tuple[str, ...]) -> bool:
        """True when the phrase occurs inside a longer known term (then, as written, it is attested)."""
        return len(words) > 1 and " ".join(words) in self._infixes

    def known(self, words: tuple[str, ...]) -> bool:
        """True when the phrase is itself a known term or collocation (then it is probably correct)."""
        return words in self.gazetteer

    def links(self, word: str) -> list[Link]:
        """Every canonical word the text's ``word`` may stand for, strongest sources first."""
        return self.swaps.get(word, []) + self.terms.links(word)
