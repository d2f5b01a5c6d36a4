"""Build the benchmark corpus: real, clean English prose in the sizes and shapes the harnesses need.

Why this exists: the speed harness (bench/speed.py) must time respell against codespell on the *same* real
text, at several sizes, as one big file, as many files, and as one ordinary article; the accuracy harness
needs clean prose on which every reported change is a false positive; pipeline tests need JSONL records.
Nothing may be downloaded, so the text comes from the Python documentation that Debian ships as HTML in
the `python3-doc` package, converted to plain text with the stdlib's html.parser.

Run:  python bench/corpus.py [--force] [--docs DIR] [--out DIR]
Use:  from bench.corpus import ensure_corpus; root = ensure_corpus()   # builds bench/corpus/ when missing

Layout of bench/corpus/ (git-ignored, rebuilt when missing or made by an older version of this script):

    pages/<doc path>.txt   one plain-text file per documentation page (many files, e.g. pages/library/os.txt)
    big.txt                all pages concatenated in path order (>= 10 MB; no text is repeated to pad it)
    size_1mb.txt ...       prefixes of big.txt of at most 1, 2, 4 and 8 MB (1 MB = 1,000,000 bytes),
    size_8mb.txt             cut at line boundaries
    small.txt              one ordinary article-sized page (the mostly-prose page closest to 5 KB)
    records.jsonl          {"id": n, "text": paragraph, "meta": {...}}, one per unique prose paragraph
    manifest.json          what was built, from where, and the sizes (written last: its presence = complete)

Conversion: script/style/nav/header/footer and Sphinx's navigation, sidebar, search and footer blocks are
dropped, and so are code blocks (<pre>, div.highlight), which are not prose; inline code stays as part of
its sentence. Each paragraph-level element (p, li, dt, dd, headings, table cells, ...) becomes one line,
with a blank line between paragraphs. Index, search and table-of-contents pages are skipped (link lists).
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

CORPUS_FORMAT = 1  # bump when the output changes, so that existing corpora are rebuilt

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH_DIR / "corpus"
MB = 1_000_000
BIG_MIN_BYTES = 10 * MB
PREFIX_SIZES_MB = (1, 2, 4, 8)
SMALL_TARGET_BYTES = 5_000
MIN_RECORDS = 10_000
RECORD_MIN_WORDS = 8

INSTALL_HINT = "apt-get install python3-doc"

# Pages that are lists of links rather than text.
SKIP_PAGES = re.compile(r"^(genindex.*|search|py-modindex|contents|download)\.html$")

SKIP_TAGS = frozenset({"script", "style", "nav", "header", "footer", "head", "pre", "form", "button",
                       "select", "textarea", "noscript", "svg", "template"})
SKIP_ROLES = frozenset({"navigation", "search"})
SKIP_CLASSES = frozenset({"footer", "sphinxsidebar", "sphinxsidebarwrapper", "related", "headerlink",
                          "mobile-nav", "menu-wrapper", "version_switcher_placeholder",
                          "language_switcher_placeholder", "highlight", "clearer", "inline-search",
                          "copybutton"})
BLOCK_TAGS = frozenset({"p", "div", "section", "article", "aside", "main", "li", "ul", "ol", "dl", "dt", "dd",
                        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "thead", "tbody", "tr",
                        "td", "th", "caption", "figure", "figcaption", "br", "hr", "body", "html"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                       "source", "track", "wbr"})
_WS = re.compile(r"\s+")


class CorpusUnavailable(RuntimeError):
    """The source documentation is not installed; the message says how to install it."""


class _TextExtractor(HTMLParser):
    """HTML page -> list of paragraphs (whitespace collapsed), plus the page title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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
            if name == "class" and SKIP_CLASSES.intersection(value.split()):
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


def html_to_paragraphs(html: str) -> tuple[str, list[str]]:
    """Return (title, paragraphs) of one HTML page."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    title = _WS.sub(" ", parser.title).strip()
    title = re.sub(r"\s+[—-]\s+Python [\d.]+\S* documentation$", "", title)
    return title, parser.paragraphs


def find_docs(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Locate the HTML of Debian's python3-doc (any Python version), or None."""
    if explicit is not None:
        path = Path(explicit)
        return path if (path / "index.html").is_file() else None
    candidates = ["/usr/share/doc/python3-doc/html"]
    candidates += sorted(glob.glob("/usr/share/doc/python3.*-doc/html"), reverse=True)
    candidates += sorted(glob.glob("/usr/share/doc/python3.*/html"), reverse=True)
    for candidate in candidates:
        path = Path(candidate)
        if (path / "index.html").is_file():
            return path.resolve()
    return None


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


def build_corpus(docs: Path, out: Path, log=print) -> dict:
    """Build the corpus from the HTML tree `docs` into the (new, empty) directory `out`; return the manifest."""
    pages_dir = out / "pages"
    pages: list[tuple[str, str, list[str]]] = []  # (relative html path, title, paragraphs)
    for html_path in sorted(docs.rglob("*.html")):
        rel = html_path.relative_to(docs).as_posix()
        if rel.startswith("_") or SKIP_PAGES.match(rel):
            continue
        title, paragraphs = html_to_paragraphs(html_path.read_text(encoding="utf-8", errors="replace"))
        if not paragraphs:
            continue
        pages.append((rel, title, paragraphs))

    notes: list[str] = []
    big_parts: list[bytes] = []
    page_sizes: dict[str, int] = {}
    for rel, _title, paragraphs in pages:
        data = ("\n\n".join(paragraphs) + "\n").encode("utf-8")
        target = pages_dir / (rel[: -len(".html")] + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        page_sizes[rel] = len(data)
        big_parts.append(data)
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

    # small.txt: an ordinary article -- the page closest to 5 KB among those that are mostly prose.
    def prose_share(paragraphs: list[str]) -> float:
        total = sum(len(p) for p in paragraphs) or 1
        return sum(len(p) for p in paragraphs if _is_prose(p)) / total

    candidates = [(abs(page_sizes[rel] - SMALL_TARGET_BYTES), rel) for rel, _t, paras in pages
                  if prose_share(paras) >= 0.7]
    if not candidates:
        candidates = [(abs(size - SMALL_TARGET_BYTES), rel) for rel, size in page_sizes.items()]
    small_rel = min(candidates)[1]
    shutil.copyfile(pages_dir / (small_rel[: -len(".html")] + ".txt"), out / "small.txt")

    seen: set[str] = set()
    n_records = 0
    with open(out / "records.jsonl", "w", encoding="utf-8") as fh:
        for rel, title, paragraphs in pages:
            for index, paragraph in enumerate(paragraphs):
                if not _is_prose(paragraph) or paragraph in seen:
                    continue
                seen.add(paragraph)
                meta = {"source": rel, "title": title, "paragraph": index, "words": len(paragraph.split()),
                        "chars": len(paragraph)}
                fh.write(json.dumps({"id": n_records, "text": paragraph, "meta": meta}, ensure_ascii=False))
                fh.write("\n")
                n_records += 1
    if n_records < MIN_RECORDS:
        notes.append(f"only {n_records} unique prose paragraphs (< {MIN_RECORDS}) in records.jsonl")
        log(f"note: {notes[-1]}")

    manifest = {
        "format": CORPUS_FORMAT,
        "source": str(docs),
        "source_package": "python3-doc (Debian)",
        "pages": len(pages),
        "pages_bytes": sum(page_sizes.values()),
        "big_bytes": len(big),
        "prefix_bytes": prefixes,
        "small": {"source": small_rel, "bytes": (out / "small.txt").stat().st_size},
        "records": n_records,
        "mb": MB,
        "notes": notes,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def ensure_corpus(out: str | os.PathLike[str] | None = None, docs: str | os.PathLike[str] | None = None,
                  force: bool = False, log=None) -> Path:
    """Return the corpus directory, building it first when missing, incomplete, outdated or `force`d.

    Raises CorpusUnavailable when python3-doc's HTML is not installed (and no corpus exists yet).
    """
    log = log or (lambda msg: print(msg, file=sys.stderr))
    out = Path(out) if out is not None else DEFAULT_OUT
    if not force and _manifest_ok(out):
        return out
    source = find_docs(docs)
    if source is None:
        where = f" in {docs}" if docs is not None else ""
        raise CorpusUnavailable(f"python3-doc's HTML not found{where}: {INSTALL_HINT}")
    log(f"building corpus {out} from {source} ...")
    out.parent.mkdir(parents=True, exist_ok=True)
    # Build next to the target, then swap it in: an interrupted build never looks complete.
    # (bench/.cache/ is git-ignored, so is a half-built corpus there.)
    scratch = out.parent / ".cache" if out.parent == BENCH_DIR else out.parent
    scratch.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=scratch))
    try:
        manifest = build_corpus(source, tmp, log=log)
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
    log(f"corpus: {manifest['pages']} pages, big.txt {manifest['big_bytes'] / MB:.1f} MB, "
        f"{manifest['records']} records, small.txt = {manifest['small']['source']}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the corpus is complete")
    parser.add_argument("--docs", help="HTML tree to use instead of the installed python3-doc")
    parser.add_argument("--out", help=f"output directory (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        root = ensure_corpus(args.out, args.docs, force=args.force)
    except CorpusUnavailable as exc:
        print(f"note: {exc}", file=sys.stderr)
        return 2
    print(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
