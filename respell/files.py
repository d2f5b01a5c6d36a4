"""Reading inputs and writing fixes without ever losing a byte.

Inputs are files, directories (recursed for text files) or ``-`` for stdin.  Text is decoded as UTF-8 (a BOM is
remembered and written back); line endings are kept exactly as they are, because offsets count every character
of the file.  Writes go to a temporary file in the same directory and replace the original atomically, keeping
its permissions.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

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


def decode(data: bytes, path: str) -> Source:
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
                         "convert it to UTF-8 first") from None
    return Source(path, text, bom)


def read_stdin() -> Source:
    data = sys.stdin.buffer.read()
    if is_binary(data):
        raise InputError("-: standard input looks binary (NUL bytes); respell reads text")
    return decode(data, "-")


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


def read(path: str) -> Source | Skipped:
    if path == "-":
        return read_stdin()
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if is_binary(data):
        return Skipped(path, "binary file skipped")
    return decode(data, path)


def write_atomic(source: Source, text: str) -> None:
    """Replace the file with ``text``, same encoding (BOM kept), permissions kept, never half-written."""
    path = Path(source.path)
    data = ((BOM if source.bom else "") + text).encode("utf-8")
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".respell", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
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
