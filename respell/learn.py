"""Learn respell's spinner evidence from pairs of spun and original wording.

Why this module exists: the derived dictionaries (``fingerprints_science.tsv``, ``swaps_science.tsv``) are
learned from the noisy community tortured-phrase list, and an honest accuracy figure needs to re-learn them
with a held-out fold removed (k-fold over the list). So the cleaning rules and the word alignment live here,
as plain functions over rows and pairs, and ``scripts/build_dictionaries.py`` is only a thin driver that
reads the sources, calls these functions and writes the files.

Conventions:

* a *pair* is ``(spun, canonical)``, the column order of the tortured list and of fingerprint files;
* a *swap* is ``(canonical_word, spun_word)``, the column order of swap files;
* everything that needs an outside resource (WordNet lemmas, bigram counts, word frequency) takes it as an
  argument (see :class:`Resources`), so a harness can pass its own or the defaults from
  :func:`default_resources`.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "FUNCTION_WORDS",
    "Fingerprint",
    "reason_of",
    "Resources",
    "align_pair",
    "clean_canonical",
    "clean_spun",
    "clean_tortured",
    "default_resources",
    "is_inflection",
    "learn_swaps",
    "read_tortured_tsv",
    "read_wordnet",
    "science_gazetteer",
]

# Words that never carry a swap: one definition, the lexicon's (the engine matches with the same set).
from .lexicon import FUNCTION_WORDS, Fingerprint  # noqa: E402

NUMBER_WORDS = frozenset(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    million billion trillion first second third fourth fifth sixth seventh eighth ninth tenth half single
    double triple dozen
    """.split()
)

_WORD_RE = re.compile(r"^[a-z][a-z'\-]*[a-z]$|^[a-z]$")
_PAREN_RE = re.compile(r"\([^()]*\)")
_BRACKET_RE = re.compile(r"\[[^\[\]]*\]")
_SPACE_RE = re.compile(r"\s+")

# Acronyms whose usual spelling is not all capitals.
_MIXED_CASE_ACRONYMS = {"iot": "IoT", "qos": "QoS", "sdn": "SDN", "dnn": "DNN", "mimo": "MIMO"}


# ---------------------------------------------------------------------------------------------------------
# word alignment and swap learning


def tokens(phrase: str) -> list[str]:
    """Lower-case word tokens of a phrase; hyphenated words and possessives stay whole."""
    return [t.strip(",;:.!?\"“”‘’") for t in phrase.lower().split() if t.strip(",;:.!?\"“”‘’")]


def _stem(word: str) -> str:
    w = word.replace("-", "").replace("'", "")
    for suffix in ("ies", "es", "s", "ed", "ing", "ly"):
        if len(w) > len(suffix) + 2 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def is_inflection(a: str, b: str) -> bool:
    """True when two words differ only by inflection, hyphenation or an apostrophe (network/networks)."""
    a2, b2 = a.replace("-", "").replace("'", ""), b.replace("-", "").replace("'", "")
    if a2 == b2:
        return True
    return _stem(a2) == _stem(b2)


def _usable_swap(canonical_word: str, spun_word: str) -> bool:
    if canonical_word == spun_word:
        return False
    for w in (canonical_word, spun_word):
        if not _WORD_RE.match(w) or len(w) < 2:
            return False  # numerals, punctuation, stray letters
        if w in FUNCTION_WORDS or w in NUMBER_WORDS:
            return False
    return not is_inflection(canonical_word, spun_word)


def align_pair(spun: str, canonical: str) -> list[tuple[str, str]]:
    """Word-level substitutions ``(canonical_word, spun_word)`` attested by one pair.

    Pairs are aligned on their common words (difflib); between two anchors, runs of equal length are paired
    position by position (a run of one word in a pair of different lengths only: "spinner of data" for "data
    spinner" has no word-for-word reading). A same-length pair with no common word is paired position by
    position. Position alone misaligned shifted pairs of equal length ("vector machine" <- "support" when a
    pair carried the words in another order). Identical words, numerals, function words and inflection-only
    differences are skipped.
    """
    s, c = tokens(spun), tokens(canonical)
    if not s or not c:
        return []
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=c, b=s, autojunk=False)
    ops = matcher.get_opcodes()
    if len(s) == len(c) and not any(op == "equal" for op, *_ in ops):
        candidates = list(zip(c, s))
    else:
        candidates = []
        for op, i1, i2, j1, j2 in ops:
            if op == "replace" and i2 - i1 == j2 - j1 and (i2 - i1 == 1 or len(s) == len(c)):
                candidates += list(zip(c[i1:i2], s[j1:j2]))
    for cw, sw in candidates:
        if _usable_swap(cw, sw):
            out.append((cw, sw))
    return out


def learn_swaps(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Map ``(canonical_word, spun_word)`` to the number of ``(spun, canonical)`` pairs attesting it.

    Canonical alternatives joined by ``|`` are ignored (the pair is ambiguous); a swap counts once per pair.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for spun, canonical in pairs:
        if "|" in canonical:
            continue
        for swap in set(align_pair(spun, canonical)):
            counts[swap] += 1
    return dict(counts)


# ---------------------------------------------------------------------------------------------------------
# cleaning the tortured-phrase list


def reason_of(fp: Fingerprint) -> str:
    """Why a cleaned fingerprint is not plainly "fix": the "; reason" its note ends with ("" when none)."""
    return fp.note.split("; ", 1)[1] if "; " in fp.note else ""


@dataclass
class Resources:
    """Outside knowledge the cleaning rules consult. Every field may be left empty."""

    wordnet_lemmas: frozenset[str] = frozenset()  # lower-case multi-word WordNet lemmas ("search engine")
    bigram_counts: Mapping[str, int] = field(default_factory=dict)  # "w1 w2" -> count (wordsegment)
    zipf: Callable[[str], float] = lambda w: 0.0  # word frequency on the Zipf scale (wordfreq)
    bigram_threshold: int = 100_000  # a two-word key this frequent is an ordinary phrase
    single_word_zipf: float = 3.5  # a one-word key this frequent is an ordinary word
    common_phrase_zipf: float = 5.0  # a key of function words and words this frequent is ordinary
    attested_pairs: frozenset[str] = frozenset()  # "w1 w2" pairs another corpus attests (the Sphinx model's)
    reviewed: Mapping[str, str] = field(default_factory=dict)  # key -> verdict read by hand (``read_reviewed``)
    english_word_zipf: float = 1.0  # a one-word key this frequent is an English word, however rare
    common_pair_zipf: float = 4.5  # a two-word key of two words this frequent reads as English ("group head")


@dataclass
class CleanStats:
    """How many raw rows or keys each cleaning rule touched (for the build summary)."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, reason: str, example: str) -> None:
        self.counts[reason] += 1
        if len(self.examples[reason]) < 6:
            self.examples[reason].append(example)


def read_tortured_tsv(path: str | Path) -> list[tuple[str, str, str]]:
    """Rows ``(tortured, expected, sources)`` of the shared tortured-phrase TSV (header skipped)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            parts = line.rstrip("\n").split("\t")
            if i == 0 and parts[0] == "tortured":
                continue
            if len(parts) < 2:
                continue
            rows.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return rows


def _squash(text: str) -> str:
    text = _SPACE_RE.sub(" ", text).strip()
    return text.strip(" ,;:.-")


def clean_spun(raw: str) -> str:
    """Lower case, parenthetical acronyms and bracketed notes removed, spaces normalised."""
    text = raw.lower().replace("’", "'")
    return _squash(_strip_brackets(text))


def _strip_brackets(text: str) -> str:
    """Remove (...) and [...] groups, nested ones too, and any unbalanced bracket left over."""
    prev = None
    while prev != text:
        prev = text
        text = _PAREN_RE.sub(" ", text)
        text = _BRACKET_RE.sub(" ", text)
    return re.sub(r"[()\[\]]", " ", text)


def _acronyms_in(rows: Iterable[tuple[str, str, str]]) -> set[str]:
    found = set()
    for _spun, expected, _src in rows:
        for m in _PAREN_RE.finditer(expected):
            inner = m.group(0)[1:-1].strip().lower()
            if re.fullmatch(r"[a-z]{2,6}s?", inner):
                found.add(inner)
    return found


def clean_canonical(raw: str, acronyms: Iterable[str] = ()) -> tuple[list[str], bool, list[str]]:
    """Clean one ``expected`` field.

    Returns ``(alternatives, uncertain, notes)``: the alternatives after dropping parenthetical acronyms
    and notes, bracketed context and "see <url>" remarks, with ``a/b`` word alternatives expanded;
    ``uncertain`` when the field carried a ``?``; ``notes`` names what was removed.
    """
    acr = set(acronyms)
    notes = []
    text = raw.strip().replace("’", "'").replace("‘", "'").replace("–", "-")
    uncertain = "?" in text
    if re.search(r"\bsee\b|https?:", text):
        text = re.split(r",?\s*\bsee\b|https?:", text)[0]
        notes.append("note removed")
    if _PAREN_RE.search(text) or _BRACKET_RE.search(text):
        notes.append("parenthetical removed")
    text = _strip_brackets(text)
    text = text.replace("?", " ").replace("...", " ")
    text = _squash(text.lower())
    if not re.search(r"[a-z]", text):
        return [], uncertain, notes
    # a/b alternatives on single words: "fault analysis/diagnosis" -> two phrases
    words = text.split()
    variants: list[list[str]] = [[]]
    for w in words:
        if "/" in w and not re.search(r"\d", w):
            opts = [o for o in w.split("/") if o]
            variants = [v + [o] for v in variants for o in opts][:8]
        else:
            variants = [v + [w] for v in variants]
    if len(variants) > 1:
        notes.append("alternatives expanded")
    alternatives = []
    for v in variants:
        phrase = _squash(" ".join(v))
        if len(v) == 1 and phrase in acr:
            phrase = _MIXED_CASE_ACRONYMS.get(phrase, phrase.upper())
        if phrase and phrase not in alternatives:
            alternatives.append(phrase)
    return alternatives, uncertain, notes


def _all_common(words: list[str], res: Resources) -> bool:
    """A phrase of function words and very common words only ("be that as it", "on the off chance")."""
    content = [w for w in words if w not in FUNCTION_WORDS]
    if len(content) == len(words):
        return False
    return all("-" not in w and res.zipf(w) >= res.common_phrase_zipf for w in content)


def _english_as_written(spun: str, verdict: str | None, res: Resources) -> str:
    """Why a key is English as written ("" when it is not): read so by hand, an English word however rare
    ("prosciutto"), a word pair another corpus attests ("thick woods"), or two common words ("group head") unless
    read as no English phrase ("floor truth")."""
    words = spun.split()
    if verdict == "english":
        return "English as written (reviewed)"
    if len(words) == 1 and spun.isalpha() and res.zipf(spun) >= res.english_word_zipf:
        return "English as written"
    if len(words) == 2 and spun in res.attested_pairs:
        return "English as written (an attested word pair)"
    if len(words) == 2 and verdict != "not-english" and all(
            w.isalpha() and res.zipf(w) >= res.common_pair_zipf for w in words):
        return "English as written (two common words)"
    return ""


def _variant_key(phrase: str) -> str:
    """Compare canonicals ignoring case, hyphens, spaces and a plural ending."""
    return " ".join(_stem(w) for w in re.split(r"[\s\-]+", phrase.lower()) if w)


def clean_tortured(
    rows: Iterable[tuple[str, str, str]],
    resources: Resources | None = None,
    stats: CleanStats | None = None,
) -> list[Fingerprint]:
    """Turn raw ``(tortured, expected, sources)`` rows into cleaned fingerprints, sorted by key.

    Rules, in order (each dropped or demoted key is counted once, under the first rule that applies):

    * no usable canonical ("???") -> dropped;
    * key equal to its canonical up to inflection/hyphens -> dropped (not spun);
    * several different canonicals for one key -> joined with ``|`` and ``report``, unless one is attested
      by more sources than every other;
    * key equal to some canonical of the list -> dropped (it is the list's own ordinary term, and a
      canonical must never be a spun key);
    * key a WordNet multi-word lemma, a frequent bigram, or a single frequent word -> ``report``;
    * canonical that is a remark rather than a term (quotes, > 8 words) -> ``report``;
    * canonical marked uncertain with ``?`` -> ``report``;
    * key made of function words and very common words only -> ``spun`` (restore only in spun text);
    * key that is English as written, a word ("bunches", "prosciutto", "ruinous"), a word pair another corpus
      attests ("thick woods", "malignant growth", "elderly folks"), two common words ("group head", "third
      request", "green money") or a key read as English (``Resources.reviewed``) -> ``spun``: two such keys in a clean
      cooking, health or police story made the text look like a tortured paper and it was rewritten.
    """
    res = resources or Resources()
    st = stats if stats is not None else CleanStats()
    rows = list(rows)
    acronyms = _acronyms_in(rows)

    # 1. clean each row, group by key
    grouped: dict[str, list[tuple[str, set[str], bool]]] = defaultdict(list)
    key_sources: dict[str, set[str]] = defaultdict(set)
    order: dict[str, int] = {}
    for i, (spun_raw, expected, sources) in enumerate(rows):
        spun = clean_spun(spun_raw)
        srcs = {s.strip() for s in sources.split(",") if s.strip()}
        if not spun:
            st.add("dropped: empty key", spun_raw)
            continue
        alts, uncertain, notes = clean_canonical(expected, acronyms)
        for n in notes:
            st.add(f"canonical cleaned: {n}", f"{expected} -> {'|'.join(alts)}")
        if spun != spun_raw.lower().strip():
            st.add("key cleaned: parenthetical removed", f"{spun_raw} -> {spun}")
        if not alts:
            st.add("dropped: no canonical", f"{spun_raw} -> {expected}")
            continue
        order.setdefault(spun, i)
        key_sources[spun] |= srcs
        for a in alts:
            grouped[spun].append((a, srcs, uncertain or len(alts) > 1))

    # 2. resolve each key's canonical(s)
    resolved: dict[str, tuple[list[str], bool, str]] = {}
    for spun, cands in grouped.items():
        merged: dict[str, tuple[str, set[str], bool]] = {}
        for alt, srcs, unc in cands:
            k = _variant_key(alt)
            if k in merged:
                first, s0, u0 = merged[k]
                merged[k] = (first, s0 | srcs, u0 and unc)
            else:
                merged[k] = (alt, set(srcs), unc)
        options = list(merged.values())
        reason = ""
        if len(options) > 1:
            ranked = sorted(options, key=lambda a: -len(a[1]))
            if len(ranked[0][1]) > len(ranked[1][1]) and not ranked[0][2]:
                st.add("several canonicals: one dominates (kept)", f"{spun} -> {ranked[0][0]}")
                options = [ranked[0]]
            else:
                reason = "several canonicals"
                st.add("report: several canonicals", f"{spun} -> {'|'.join(a[0] for a in options)}")
        uncertain = any(a[2] for a in options) and len(options) == 1
        resolved[spun] = ([a[0] for a in options], uncertain, reason)

    canonical_set = {c.lower() for alts, _u, _r in resolved.values() for c in alts}

    # 3. ordinary-phrase keys
    out: list[Fingerprint] = []
    for spun in sorted(resolved, key=lambda k: (k.lower(), k)):
        alts, uncertain, reason = resolved[spun]
        listed_in = ",".join(sorted(key_sources[spun], key=lambda s: (s != "torturedcheck", s)))
        words = spun.split()
        verdict = res.reviewed.get(spun)
        if len(alts) == 1 and _variant_key(re.sub(r"^(?:the|an?) ", "", alts[0])) == _variant_key(spun):
            # ("cloud platform" -> "the cloud platform": the list's article, not a spun phrase)
            st.add("dropped: key equals canonical (not spun)", f"{spun} -> {alts[0]}")
            continue
        if spun in canonical_set:
            st.add("dropped: key is a canonical of the list", f"{spun} -> {'|'.join(alts)}")
            continue
        if not reason:
            if len(words) > 1 and spun in res.wordnet_lemmas:
                reason = "wordnet lemma"
            elif verdict == "ordinary":
                reason = "ordinary phrase (reviewed)"
            elif len(words) == 2 and res.bigram_counts.get(spun, 0) >= res.bigram_threshold:
                reason = "frequent bigram"
            elif len(words) == 1 and "-" not in spun and res.zipf(spun) >= res.single_word_zipf:
                reason = "common word"
            elif re.search(r"(^|\s)'|'(\s|$)|\"", "|".join(alts)) or max(len(a.split()) for a in alts) > 8:
                reason = "canonical is a note"
            elif uncertain:
                reason = "uncertain canonical"
            if reason:
                st.add(f"report: {reason}", f"{spun} -> {'|'.join(alts)}")
        status = "report" if reason else "fix"
        if not reason and len(words) > 1 and _all_common(words, res):
            # also ordinary English ("place of interest"): restore only in a document judged spun
            status, reason = "spun", "common words only"
            st.add(f"spun: {reason}", f"{spun} -> {'|'.join(alts)}")
        elif not reason and (english := _english_as_written(spun, verdict, res)):
            status, reason = "spun", english
            st.add("spun: English as written", f"{spun} -> {'|'.join(alts)}")
        note = listed_in + (f"; {reason}" if reason else "")
        out.append(Fingerprint(spun, tuple(alts), status, note, "science"))
    return out


def science_gazetteer(fps: Iterable[Fingerprint]) -> list[tuple[str, int]]:
    """The science gazetteer's rows ``(term, weight)``: every canonical of the cleaned fingerprints (case
    of its first spelling, alternatives split), weight = number of keys restoring to it; canonicals that
    are notes rather than terms are left out. One definition for the build and for a k-fold's rebuild."""
    science: Counter[str] = Counter()
    for f in fps:
        if reason_of(f) == "canonical is a note":
            continue
        for alt in f.canonical:
            science[alt] += 1
    rows: dict[str, tuple[str, int]] = {}
    for term, n in science.items():
        prev = rows.get(term.lower())
        rows[term.lower()] = (term, n + (prev[1] if prev else 0))
    return list(rows.values())


# ---------------------------------------------------------------------------------------------------------
# WordNet 3.0 database files, read directly


@dataclass
class Synset:
    """One WordNet synset as read from the ``data.*`` files."""
    pos: str
    offset: str
    lemmas: list[str]  # as written, underscores turned to spaces, adjective markers removed
    pointers: list[tuple[str, str, str, int, int]]  # (symbol, target offset, target pos, src idx, tgt idx)


def read_wordnet(directory: str | Path = "/usr/share/wordnet") -> dict[tuple[str, str], Synset]:
    """Parse ``data.{noun,verb,adj,adv}`` into synsets keyed by ``(pos, offset)``."""
    directory = Path(directory)
    synsets: dict[tuple[str, str], Synset] = {}
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
        with open(directory / f"data.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                head = line.split(" | ", 1)[0].split()
                offset = head[0]
                w_cnt = int(head[3], 16)
                lemmas = []
                idx = 4
                for _ in range(w_cnt):
                    lemma = re.sub(r"\([a-z]+\)$", "", head[idx]).replace("_", " ")
                    lemmas.append(lemma)
                    idx += 2
                p_cnt = int(head[idx])
                idx += 1
                pointers = []
                for _ in range(p_cnt):
                    sym, tgt, tpos, st = head[idx : idx + 4]
                    pointers.append((sym, tgt, "a" if tpos == "s" else tpos, int(st[:2], 16), int(st[2:], 16)))
                    idx += 4
                synsets[(pos, offset)] = Synset(pos, offset, lemmas, pointers)
    return synsets


def default_resources(
    wordnet_dir: str | Path = "/usr/share/wordnet",
    bigram_threshold: int = 100_000,
    single_word_zipf: float = 3.5,
    attested_pairs: Iterable[str] = (),
    reviewed: str | Path | None = None,
) -> Resources:
    """Resources from the installed offline sources: WordNet 3.0, wordsegment bigrams, wordfreq; the word pairs
    another corpus attests (``attested_pairs``: the build passes the Sphinx model's); and the keys read by hand
    (``reviewed``: scripts/tortured_keys_reviewed.tsv, ``read_reviewed``)."""
    import wordfreq
    import wordsegment  # type: ignore[import-untyped]

    lemmas = set()
    for syn in read_wordnet(wordnet_dir).values():
        for lemma in syn.lemmas:
            if " " in lemma:
                lemmas.add(lemma.lower())
    bigrams = {}
    path = Path(wordsegment.__file__).with_name("bigrams.txt")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            term, _, count = line.rstrip("\n").partition("\t")
            bigrams[term] = int(count)
    return Resources(
        wordnet_lemmas=frozenset(lemmas),
        bigram_counts=bigrams,
        zipf=lambda w: wordfreq.zipf_frequency(w, "en"),
        bigram_threshold=bigram_threshold,
        single_word_zipf=single_word_zipf,
        attested_pairs=frozenset(attested_pairs),
        reviewed=read_reviewed(reviewed) if reviewed else {},
    )


REVIEW_VERDICTS = ("ordinary", "english", "not-english")


def read_reviewed(path: str | Path) -> dict[str, str]:
    """key -> verdict of a file of tortured-list keys read by hand (``key<TAB>verdict``, ``#`` comments): ordinary
    (reported only), english (restored only in spun text), not-english (stays fix against the frequency rule)."""
    out: dict[str, str] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, _, verdict = line.partition("\t")
        if verdict not in REVIEW_VERDICTS:
            raise ValueError(f"{path}:{n}: verdict {verdict!r} is none of {', '.join(REVIEW_VERDICTS)}")
        out[key.strip()] = verdict
    return out
