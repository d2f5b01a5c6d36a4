"""Reading inputs and writing fixes without ever losing a byte.

Inputs are files, directories (recursed for text files) or ``-`` for stdin.  Text is decoded as UTF-8 (a BOM is
remembered and written back); line endings are kept exactly as they are, because offsets count every character
of the file.  Writes go to a temporary file in the same directory and replace the original atomically, keeping
its permissions.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

BOM = "\ufeff"
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".mdx", ".rst", ".html", ".htm", ".xhtml", ".text", ".adoc", ".tex",
                 ".org", ".jsonl", ""}
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".mypy_cache"}


class InputError(Exception):
    """An input cannot be read; the message is one line naming the input and what to do."""


@dataclass
class Source:
    path: str               # as given ("-" for stdin)
    text: str
    bom: bool = False


@dataclass
class Skipped:
    path: str
    why: str


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def decode(data: bytes, path: str, offset: int = 0) -> Source:
    """``data`` as text (``offset``: where it starts in the file, for the error message)."""
    bom = offset == 0 and data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {offset + e.start}); "
                         "convert it to UTF-8 first") from None
    return Source(path, text, bom)


def expand(paths: list[str]) -> Iterator[str | Skipped]:
    """Files named and text-looking files below directories, in a stable order."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            found = False
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):  # (os.path, not pathlib: a corpus directory holds many files)
                    if os.path.splitext(name)[1].lower() in TEXT_SUFFIXES and not name.startswith("."):
                        found = True
                        yield os.path.join(root, name)
            if not found:
                raise InputError(f"{p}: directory holds no text files (looked for {', '.join(sorted(s for s in TEXT_SUFFIXES if s))})")
        elif path.exists():
            yield p
        else:
            raise InputError(f"{p}: no such file or directory")


STDIN_BINARY = "-: standard input looks binary (NUL bytes); respell reads text"


def _open(path: str) -> BinaryIO:
    """The input as a binary stream (stdin for "-"); errors as one-line InputErrors."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def _close(path: str, fh: BinaryIO) -> None:
    if path != "-":
        fh.close()


def _binary(path: str, head: bytes) -> Skipped | None:
    """A binary input is skipped with a note (stdin: an error, there is nothing else to read)."""
    if not is_binary(head):
        return None
    if path == "-":
        raise InputError(STDIN_BINARY)
    return Skipped(path, "binary file skipped")


def read(path: str) -> Source | Skipped:
    fh = _open(path)
    try:
        data = fh.read()
    finally:
        _close(path, fh)
    return _binary(path, data) or decode(data, path)


# A file up to WHOLE_BYTES is read and analysed whole; a longer one (``read_sections``) in sections of about
# SECTION_BYTES cut at blank lines, so that memory does not grow with the file (a decoded section takes up to
# four bytes a character, and the analysis a few more copies of it).
WHOLE_BYTES = 16 * 2**20
SECTION_BYTES = 8 * 2**20


@dataclass
class Section(Source):
    """A part of a long file: its text starts ``chars`` characters and ``lines`` line ends into the file."""

    chars: int = 0
    lines: int = 0
    column: int = 0  # characters of its first line before it (only when a line is longer than a section)


def read_sections(path: str, whole: int | None = None, size: int | None = None) -> Iterator[Source | Skipped]:
    """The file as one Source when it holds at most ``whole`` bytes (WHOLE_BYTES; or is stdin), else as
    consecutive Sections of about ``size`` bytes (SECTION_BYTES), each cut after a blank line (else a line end)
    and read as the caller goes on."""
    whole = WHOLE_BYTES if whole is None else whole
    size = SECTION_BYTES if size is None else size
    if path == "-":
        yield read(path)
        return
    try:
        big = os.path.getsize(path) > whole
    except OSError:
        big = False
    if not big:
        yield read(path)
        return
    fh = _open(path)
    try:
        rest, offset, chars, lines, column = b"", 0, 0, 0, 0
        while True:
            data = fh.read(size)
            buf = rest + data if rest else data
            if not buf:
                return
            if offset == 0 and (skipped := _binary(path, buf)):
                yield skipped
                return
            cut = len(buf)
            if data:  # not the end: cut after a blank line, else a line end, in the later half of the buffer
                cut = buf.rfind(b"\n\n", len(buf) // 2) + 2
                if cut == 1:
                    cut = buf.rfind(b"\n", len(buf) // 2) + 1
                if cut == 0:  # a very long line: cut after a space, else at a character boundary
                    cut = buf.rfind(b" ", len(buf) // 2) + 1
                if cut == 0:
                    cut = len(buf)
                    while cut > 0 and buf[cut - 1] & 0xC0 == 0x80:
                        cut -= 1
                    if cut > 0 and buf[cut - 1] >= 0xC0:
                        cut -= 1
            piece, rest = buf[:cut], buf[cut:]
            del buf, data
            src = decode(piece, path, offset)
            yield Section(path, src.text, src.bom, chars, lines, column)
            offset += len(piece)
            chars += len(src.text)
            ends = piece.count(b"\n")
            lines += ends
            column = len(src.text) - src.text.rfind("\n") - 1 + (0 if ends else column)
            del piece, src
    finally:
        _close(path, fh)


def open_lines(path: str) -> Skipped | Iterator[tuple[int, str, str | None]]:
    """(line number, line with its ending, error or None) of one input, read as the caller consumes them, or
    Skipped for a binary file.  Lines end at "\n" only (JSON allows U+2028 and friends inside strings); a line
    that is not UTF-8 comes back surrogate-escaped with an error, so that it can be written back as it was."""
    fh = _open(path)
    try:
        skipped = _binary(path, fh.peek(8192)[:8192] if hasattr(fh, "peek") else b"")
    except BaseException:
        _close(path, fh)
        raise
    if skipped is not None:
        _close(path, fh)
        return skipped
    return _lines_of(path, fh)


def _lines_of(path: str, fh: BinaryIO) -> Iterator[tuple[int, str, str | None]]:
    try:
        for lineno, data in enumerate(fh, 1):
            if lineno == 1 and data.startswith(BOM.encode()):
                data = data[3:]
            try:
                yield lineno, data.decode("utf-8"), None
            except UnicodeDecodeError as e:
                yield (lineno, data.decode("utf-8", "surrogateescape"),
                       f"{path}:{lineno}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})")
    finally:
        _close(path, fh)


def write_atomic(source: Source, text: str | bytes) -> None:
    """Replace the file with ``text`` (bytes: already UTF-8), same encoding (BOM kept), permissions kept, never
    half-written."""
    if isinstance(text, bytes):
        data = (BOM.encode("utf-8") if source.bom else b"") + text
    else:
        data = ((BOM if source.bom else "") + text).encode("utf-8")
    with atomic_writer(Path(source.path)) as fh:
        fh.write(data)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary stream that replaces ``path`` when the block ends (permissions kept), or leaves it untouched when
    the block raises: for writes streamed piece by piece (JSON Lines records)."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    import tempfile  # (fix only)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".respell", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
