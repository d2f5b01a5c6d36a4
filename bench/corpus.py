"""Build the benchmark corpus: real, clean English prose in the sizes and shapes the harnesses need.

Why this exists: the speed harness (bench/speed.py) must time respell against codespell on the *same* real
text, at several sizes, as one big file, as many files, and as one ordinary article; the accuracy harness
needs clean prose on which every reported change is a false positive; pipeline tests need JSONL records.
Nothing may be downloaded, so the text comes from documentation that Debian ships as Sphinx HTML, converted
to plain text with the stdlib's html.parser:

    python   the Python documentation, package python3-doc (/usr/share/doc/python3-doc/html) -- required
    django   the Django documentation, package python-django-doc (/usr/share/doc/python-django-doc/html)
             -- optional: without it the corpus is built from Python alone and big.txt is about 8 MB, not
             the >= 10 MB the speed targets ask for (the manifest says so)

Install:  apt-get install python3-doc python-django-doc
Run:      python bench/corpus.py [--force] [--docs [NAME=]DIR ...] [--out DIR]
          (--docs, repeatable, names the HTML trees to use instead of the installed ones; NAME is python or
          django, guessed from the tree's index.html title when omitted; a python tree is required)
Use:      from bench.corpus import ensure_corpus; root = ensure_corpus()   # builds bench/corpus/ when missing

Layout of bench/corpus/ (git-ignored, rebuilt when missing, made by an older version of this script, or
made without python-django-doc that has been installed since):

    pages/<source>/<doc path>.txt   one plain-text file per documentation page (many files), e.g.
                                    pages/python/library/os.txt, pages/django/topics/db/models.txt
    big.txt                all pages concatenated, python's then django's, each in path order (no text is
                           repeated to pad it; >= 10 MB with both sources)
    size_1mb.txt ...       prefixes of big.txt of at most 1, 2, 4 and 8 MB (1 MB = 1,000,000 bytes),
    size_8mb.txt             cut at line boundaries
    small.txt              one ordinary article-sized Python page (the mostly-prose page closest to 5 KB)
    records.jsonl          {"id": n, "text": paragraph, "meta": {...}}, one per unique prose paragraph
    manifest.json          what was built, from where (per source: path, package, pages, bytes), and the
                           sizes (written last: its presence = complete)

Conversion: script/style/nav/header/footer and the themes' navigation, sidebar, search, header and footer
blocks are dropped (Sphinx's classic theme for Python; Django's "djangodocs" theme: #hd, #ft, #sidebar,
div.nav), and so are code blocks (<pre>, div.highlight, Django's console tabs and code-block file-name
captions) and [source] links, which are not prose; inline code stays as part of its sentence. Each
paragraph-level element (p, li, dt, dd, headings, table cells, ...) becomes one line, with a blank line
between paragraphs. Index, search and table-of-contents pages are skipped (link lists), and so are pages
left without a single prose paragraph; in Django's pages the toctree link lists are dropped as well.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable

CORPUS_FORMAT = 2  # bump when the output changes, so that existing corpora are rebuilt

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH_DIR / "corpus"
MB = 1_000_000
BIG_MIN_BYTES = 10 * MB
PREFIX_SIZES_MB = (1, 2, 4, 8)
SMALL_TARGET_BYTES = 5_000
MIN_RECORDS = 10_000
RECORD_MIN_WORDS = 8

INSTALL_HINT = "apt-get install python3-doc python-django-doc"

# Pages that are lists of links rather than text.
SKIP_PAGES = re.compile(r"^(genindex.*|search|py-modindex|contents|download)\.html$")
# Django's front page is a link list too (one line of links per topic).
DJANGO_SKIP_PAGES = re.compile(r"^(index|genindex.*|search|py-modindex|contents)\.html$")

SKIP_TAGS = frozenset({"script", "style", "nav", "header", "footer", "head", "pre", "form", "button",
                       "select", "textarea", "noscript", "svg", "template"})
SKIP_ROLES = frozenset({"navigation", "search", "banner", "complementary", "contentinfo"})
SKIP_CLASSES = frozenset({"footer", "sphinxsidebar", "sphinxsidebarwrapper", "related", "headerlink",
                          "mobile-nav", "menu-wrapper", "version_switcher_placeholder",
                          "language_switcher_placeholder", "highlight", "clearer", "inline-search",
                          "copybutton",
                          # Django's theme: previous/up/next bars, Linux/Windows console tabs, the file
                          # name above a code block, "[source]" links, a page's local "Contents" list
                          "nav", "console-block", "code-block-caption", "viewcode-link", "contents"})
# Django's theme: header (site title, "Home | Table of contents | Index | Modules"), footer, sidebar
# (table of contents, previous/next topic, quick search, "Last update:").
SKIP_IDS = frozenset({"hd", "ft", "sidebar", "global-nav", "searchbox"})
BLOCK_TAGS = frozenset({"p", "div", "section", "article", "aside", "main", "li", "ul", "ol", "dl", "dt", "dd",
                        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "thead", "tbody", "tr",
                        "td", "th", "caption", "figure", "figcaption", "br", "hr", "body", "html"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                       "source", "track", "wbr"})
_WS = re.compile(r"\s+")


class CorpusUnavailable(RuntimeError):
    """The source documentation is not installed; the message says how to install it."""


@dataclass(frozen=True)
class SourceKind:
    """One kind of documentation tree: where Debian installs it and how its pages are converted."""

    name: str  # directory under pages/, and the order of the sources in big.txt (see SOURCE_KINDS)
    package: str  # Debian package
    default_paths: tuple[str, ...]  # candidate HTML roots (globs allowed), most preferred first
    required: bool
    skip_pages: re.Pattern[str]
    skip_classes: frozenset[str] = frozenset()  # dropped in this source's pages on top of SKIP_CLASSES


SOURCE_KINDS = (
    SourceKind("python", "python3-doc", ("/usr/share/doc/python3-doc/html", "/usr/share/doc/python3.*-doc/html",
                                         "/usr/share/doc/python3.*/html"), True, SKIP_PAGES),
    SourceKind("django", "python-django-doc", ("/usr/share/doc/python-django-doc/html",), False,
               DJANGO_SKIP_PAGES, frozenset({"toctree-wrapper"})),
)
KINDS = {kind.name: kind for kind in SOURCE_KINDS}


@dataclass(frozen=True)
class Source:
    kind: SourceKind
    path: Path


class _TextExtractor(HTMLParser):
    """HTML page -> list of paragraphs (whitespace collapsed), plus the page title."""

    def __init__(self, skip_classes: frozenset[str] = SKIP_CLASSES) -> None:
        super().__init__(convert_charrefs=True)
        self._skip_classes = skip_classes
        self.paragraphs: list[str] = []
        self.title = ""
        self._buf: list[str] = []
        self._skip_tag: str | None = None  # tag name of the skipped element we are inside
        self._skip_depth = 0  # nesting of that same tag name inside it
        self._in_title = False

    def _should_skip(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in SKIP_TAGS:
            return True
        for name, value in attrs:
            if value is None:
                continue
            if name == "role" and value in SKIP_ROLES:
                return True
            if name == "class" and self._skip_classes.intersection(value.split()):
                return True
            if name == "id" and value in SKIP_IDS:
                return True
            if name == "aria-label" and value == "source link":
                return True
        return False

    def _flush(self) -> None:
        if self._buf:
            text = _WS.sub(" ", "".join(self._buf)).strip()
            self._buf.clear()
            if text:
                self.paragraphs.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in VOID_TAGS:
                self._skip_depth += 1
            return
        if self._should_skip(tag, attrs) and tag not in VOID_TAGS:
            self._flush()
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None and tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._skip_tag is None:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


# " — Python 3.11.2 documentation", " — Django 3.2.25 documentation", " | Django documentation | Django"
_TITLE_SUFFIX = re.compile(r"\s+(?:[—|-]\s+(?:Python|Django) [\d.]+\S* documentation"
                           r"|\|\s+Django documentation\s+\|\s+Django)$")


def html_to_paragraphs(html: str, extra_skip_classes: Iterable[str] = ()) -> tuple[str, list[str]]:
    """Return (title, paragraphs) of one HTML page."""
    parser = _TextExtractor(SKIP_CLASSES.union(extra_skip_classes))
    parser.feed(html)
    parser.close()
    title = _TITLE_SUFFIX.sub("", _WS.sub(" ", parser.title).strip())
    return title, parser.paragraphs


def _find_tree(kind: SourceKind) -> Path | None:
    for pattern in kind.default_paths:
        candidates = sorted(glob.glob(pattern), reverse=True) if glob.has_magic(pattern) else [pattern]
        for candidate in candidates:
            path = Path(candidate)
            if (path / "index.html").is_file():
                return path.resolve()
    return None


def find_docs(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Locate the HTML of Debian's python3-doc (any Python version), or None."""
    if explicit is not None:
        path = Path(explicit)
        return path if (path / "index.html").is_file() else None
    return _find_tree(KINDS["python"])


def _guess_kind(path: Path) -> str:
    """python or django, from the title of the tree's index.html (python when there is no telling)."""
    try:
        head = (path / "index.html").read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return "python"
    match = re.search(r"<title>(.*?)</title>", head, re.S | re.I)
    return "django" if match and re.search(r"\bDjango\b", match.group(1)) else "python"


def resolve_sources(docs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None
                    ) -> tuple[list[Source], list[str]]:
    """The documentation trees to build from, python first, and notes on the optional ones left out.

    `docs` None means the installed packages (python3-doc required, python-django-doc when installed);
    otherwise one tree or several, each a path or "NAME=path" (NAME python or django, else guessed), and
    exactly those are used. Raises CorpusUnavailable when there is no python tree, ValueError on a bad list.
    """
    notes: list[str] = []
    found: dict[str, Path] = {}
    if docs is None:
        for kind in SOURCE_KINDS:
            path = _find_tree(kind)
            if path is not None:
                found[kind.name] = path
            elif kind.required:
                raise CorpusUnavailable(f"{kind.package}'s HTML not found: {INSTALL_HINT}")
            else:
                notes.append(f"{kind.package} is not installed ({kind.default_paths[0]}), so its text is "
                             f"missing: apt-get install {kind.package}")
    else:
        items = [docs] if isinstance(docs, (str, os.PathLike)) else list(docs)
        for item in items:
            text = os.fspath(item)
            name, sep, rest = text.partition("=")
            if sep and name in KINDS:
                path = Path(rest)
            else:
                name, path = _guess_kind(Path(text)), Path(text)
            if name in found:
                raise ValueError(f"two {name} documentation trees given: {found[name]} and {path}")
            if not (path / "index.html").is_file():
                raise CorpusUnavailable(f"{KINDS[name].package}'s HTML not found in {path}: {INSTALL_HINT}")
            found[name] = path
        if "python" not in found:
            raise CorpusUnavailable(f"no python3-doc HTML tree among {', '.join(map(os.fspath, items))}: "
                                    f"{INSTALL_HINT}")
        for kind in SOURCE_KINDS:
            if kind.name not in found:
                notes.append(f"{kind.package} not used (no {kind.name} tree given with --docs)")
    return [Source(kind, found[kind.name]) for kind in SOURCE_KINDS if kind.name in found], notes


def _package_version(package: str, path: Path) -> str | None:
    """The installed version of the Debian package, when `path` is where Debian installs documentation."""
    if not path.resolve().is_relative_to("/usr/share/doc"):
        return None
    try:
        result = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True,
                                text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= RECORD_MIN_WORDS


def _prefix_at_line_boundary(data: bytes, limit: int) -> bytes:
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1] if cut >= 0 else b""


def _manifest_ok(out: Path) -> bool:
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("format") != CORPUS_FORMAT:
        return False
    names = ["big.txt", "small.txt", "records.jsonl"] + [f"size_{n}mb.txt" for n in PREFIX_SIZES_MB]
    return all((out / name).is_file() for name in names) and (out / "pages").is_dir()


def _read_pages(source: Source) -> list[tuple[str, str, list[str]]]:
    """(relative html path, title, paragraphs) of each prose page of one source, in path order."""
    pages = []
    for html_path in sorted(source.path.rglob("*.html")):
        rel = html_path.relative_to(source.path).as_posix()
        if rel.startswith("_") or source.kind.skip_pages.match(rel):
            continue
        title, paragraphs = html_to_paragraphs(html_path.read_text(encoding="utf-8", errors="replace"),
                                               source.kind.skip_classes)
        if not any(_is_prose(p) for p in paragraphs):  # nothing but headings and link lists
            continue
        pages.append((rel, title, paragraphs))
    return pages


def build_corpus(docs: Path | Iterable[Source], out: Path, log=print, notes: Iterable[str] = ()) -> dict:
    """Build the corpus from the documentation sources (python first) into the (new, empty) directory `out`.

    `docs` is a list of Sources, or one HTML tree taken as python3-doc's. Returns the manifest.
    """
    sources = [Source(KINDS["python"], Path(docs))] if isinstance(docs, (str, os.PathLike)) else list(docs)
    if not sources or sources[0].kind.name != "python":
        raise ValueError("the first source must be python3-doc's HTML")
    pages_dir = out / "pages"
    notes = list(notes)
    for note in notes:
        log(f"note: {note}")

    # (source name, relative html path, title, paragraphs), python's pages first
    pages: list[tuple[str, str, str, list[str]]] = []
    big_parts: list[bytes] = []
    page_sizes: dict[tuple[str, str], int] = {}
    source_info = []
    for source in sources:
        name = source.kind.name
        source_pages = _read_pages(source)
        source_bytes = 0
        for rel, title, paragraphs in source_pages:
            data = ("\n\n".join(paragraphs) + "\n").encode("utf-8")
            target = pages_dir / name / (rel[: -len(".html")] + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            page_sizes[(name, rel)] = len(data)
            source_bytes += len(data)
            big_parts.append(data)
            pages.append((name, rel, title, paragraphs))
        source_info.append({"name": name, "path": str(source.path),
                            "package": f"{source.kind.package} (Debian)",
                            "version": _package_version(source.kind.package, source.path),
                            "pages": len(source_pages), "bytes": source_bytes})
        log(f"  {name}: {len(source_pages)} pages, {source_bytes / MB:.2f} MB of text from {source.path}")
    big = b"\n".join(big_parts)
    (out / "big.txt").write_bytes(big)
    if len(big) < BIG_MIN_BYTES:
        note = f"the docs give only {len(big) / MB:.1f} MB of text (< 10 MB); big.txt uses all of it"
        notes.append(note)
        log(f"note: {note}")

    prefixes = {}
    for n in PREFIX_SIZES_MB:
        data = _prefix_at_line_boundary(big, n * MB)
        (out / f"size_{n}mb.txt").write_bytes(data)
        prefixes[f"size_{n}mb.txt"] = len(data)
        if len(big) < n * MB:
            notes.append(f"size_{n}mb.txt is all of big.txt ({len(big)} bytes)")

    # small.txt: an ordinary article -- the Python page closest to 5 KB among those that are mostly prose.
    def prose_share(paragraphs: list[str]) -> float:
        total = sum(len(p) for p in paragraphs) or 1
        return sum(len(p) for p in paragraphs if _is_prose(p)) / total

    python_pages = [(rel, paras) for name, rel, _t, paras in pages if name == "python"]
    if not python_pages:
        raise CorpusUnavailable(f"no prose pages in python3-doc's HTML {sources[0].path}: {INSTALL_HINT}")
    candidates = [(abs(page_sizes[("python", rel)] - SMALL_TARGET_BYTES), rel) for rel, paras in python_pages
                  if prose_share(paras) >= 0.7]
    if not candidates:
        candidates = [(abs(page_sizes[("python", rel)] - SMALL_TARGET_BYTES), rel) for rel, _p in python_pages]
    small_rel = min(candidates)[1]
    shutil.copyfile(pages_dir / "python" / (small_rel[: -len(".html")] + ".txt"), out / "small.txt")

    seen: set[str] = set()
    n_records = 0
    records_by_source = dict.fromkeys((s.kind.name for s in sources), 0)
    with open(out / "records.jsonl", "w", encoding="utf-8") as fh:
        for name, rel, title, paragraphs in pages:
            for index, paragraph in enumerate(paragraphs):
                if not _is_prose(paragraph) or paragraph in seen:
                    continue
                seen.add(paragraph)
                meta = {"source": f"{name}/{rel}", "title": title, "paragraph": index,
                        "words": len(paragraph.split()), "chars": len(paragraph)}
                fh.write(json.dumps({"id": n_records, "text": paragraph, "meta": meta}, ensure_ascii=False))
                fh.write("\n")
                n_records += 1
                records_by_source[name] += 1
    for info in source_info:
        info["records"] = records_by_source[info["name"]]
    if n_records < MIN_RECORDS:
        notes.append(f"only {n_records} unique prose paragraphs (< {MIN_RECORDS}) in records.jsonl")
        log(f"note: {notes[-1]}")

    manifest = {
        "format": CORPUS_FORMAT,
        "sources": source_info,
        "pages": len(pages),
        "pages_bytes": sum(page_sizes.values()),
        "big_bytes": len(big),
        "prefix_bytes": prefixes,
        "small": {"source": f"python/{small_rel}", "bytes": (out / "small.txt").stat().st_size},
        "records": n_records,
        "mb": MB,
        "notes": notes,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _missing_sources(out: Path) -> list[str]:
    """Optional packages installed since the corpus in `out` was built without them."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    built = {info.get("name") for info in manifest.get("sources", [])}
    return [kind.package for kind in SOURCE_KINDS if kind.name not in built and _find_tree(kind) is not None]


def ensure_corpus(out: str | os.PathLike[str] | None = None,
                  docs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
                  force: bool = False, log=None) -> Path:
    """Return the corpus directory, building it first when missing, incomplete, outdated or `force`d.

    `docs`: None for the installed documentation (python3-doc, plus python-django-doc when installed; a corpus
    built without python-django-doc is rebuilt once it is installed), else the HTML tree(s) to use -- see
    resolve_sources(). Raises CorpusUnavailable when python3-doc's HTML is not there (and no corpus exists).
    """
    log = log or (lambda msg: print(msg, file=sys.stderr))
    out = Path(out) if out is not None else DEFAULT_OUT
    if not force and _manifest_ok(out):
        newly = _missing_sources(out) if docs is None else []
        if not newly:
            return out
        log(f"{', '.join(newly)} installed since {out} was built: rebuilding")
    sources, notes = resolve_sources(docs)
    log(f"building corpus {out} from {', '.join(str(s.path) for s in sources)} ...")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Build next to the target, then swap it in: an interrupted build never looks complete.
    # (bench/.cache/ is git-ignored, so is a half-built corpus there.)
    scratch = out.parent / ".cache" if out.parent == BENCH_DIR else out.parent
    scratch.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=scratch))
    try:
        manifest = build_corpus(sources, tmp, log=log, notes=notes)
        if out.exists():
            shutil.rmtree(out)
        try:
            os.rename(tmp, out)
        except OSError:
            if not _manifest_ok(out):  # not a concurrent builder that finished first
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    per_source = ", ".join(f"{s['name']} {s['pages']} pages / {s['bytes'] / MB:.2f} MB"
                           for s in manifest["sources"])
    log(f"corpus: {manifest['pages']} pages ({per_source}), big.txt {manifest['big_bytes'] / MB:.2f} MB, "
        f"{manifest['records']} records, small.txt = {manifest['small']['source']}")
    return out


# ------------------------------------------------------------------------------- clean news (measure only)

NEWS_FILES = ("lee_background.cor", "lee.cor")


def news_corpus(cache: Path | None = None) -> tuple[str, list[str]] | None:
    """Clean news prose respell was never tuned on: the Lee corpus (350 short ABC news stories, one per line,
    about 64,000 words) that gensim ships as test data (gensim/test/test_data, LGPL-2.1 package; the stories
    are the Lee et al. 2005 document-similarity set).  Read from an installed gensim, or from a gensim wheel in
    ``bench/.cache`` (``pip download gensim --no-deps -d bench/.cache``: gensim's dependencies are not needed).
    Used only to measure, never copied into the project.  (description, documents), or None when absent."""
    import importlib.util
    import zipfile
    spec = importlib.util.find_spec("gensim")
    if spec is not None and spec.origin:
        data = Path(spec.origin).parent / "test" / "test_data"
        if all((data / n).is_file() for n in NEWS_FILES):
            docs = [line.strip() for n in NEWS_FILES for line in (data / n).read_text(encoding="latin-1").splitlines()]
            return f"gensim {spec.origin}", [d for d in docs if d]
    for wheel in sorted((cache or Path(__file__).resolve().parent / ".cache").glob("gensim-*.whl"), reverse=True):
        with zipfile.ZipFile(wheel) as z:
            names = [f"gensim/test/test_data/{n}" for n in NEWS_FILES]
            if all(n in z.namelist() for n in names):
                docs = [line.strip() for n in names for line in z.read(n).decode("latin-1").splitlines()]
                return wheel.name, [d for d in docs if d]
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the corpus is complete")
    parser.add_argument("--docs", action="append", metavar="[NAME=]DIR",
                        help="HTML tree to use instead of the installed documentation; repeat for several "
                             "(NAME: python or django, guessed from index.html when omitted; "
                             "python is required)")
    parser.add_argument("--out", help=f"output directory (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        root = ensure_corpus(args.out, args.docs, force=args.force)
    except CorpusUnavailable as exc:
        print(f"note: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        parser.error(str(exc))
    print(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
