"""Reading inputs and writing fixes without ever losing a byte.

Inputs are files, directories (recursed for text files) or ``-`` for stdin.  Text is decoded as UTF-8 (a BOM is
remembered and written back), or as UTF-16 when the file starts with a UTF-16 BOM (written back as UTF-16 with
its BOM); line endings are kept exactly as they are, because offsets count every character of the file.

Only regular files are ever opened for reading: FIFOs, sockets and devices are skipped with a note (opening a FIFO
would wait forever for a writer), and the check is made on the open descriptor, so a file swapped for a FIFO
between the walk and the read is caught too.  A directory walk never follows symbolic links (to directories or to
files: a link loop cannot trap it, and a file linked twice is not fixed twice); a link named on the command line
is followed, and ``fix`` writes through it to its target, leaving the link a link.

Writes go to a temporary file in the target's directory and replace the original atomically, keeping its
permissions; JSON Lines and the HTML report are streamed into such a file.  Before the rename the file is read
again (a file longer than WHOLE_BYTES, read in sections, is compared by inode, size and modification time): if it
changed or vanished since it was read, nothing is written.  A file without write permission is refused, not rewritten.  SIGINT and SIGTERM are held back while the
temporary file exists, so an interrupted run leaves each file either old or new and no temporary file behind.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

BOM = "\ufeff"
UTF8_BOM = BOM.encode("utf-8")
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".mdx", ".rst", ".html", ".htm", ".xhtml", ".text", ".adoc", ".tex",
                 ".org", ".jsonl", ""}
SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".mypy_cache"}


class InputError(Exception):
    """An input cannot be read or written; the message is one line naming the input and what to do."""


@dataclass
class Source:
    """An input as read: its text, and what writing it back must keep (BOM, encoding, file stamp)."""
    path: str               # as given ("-" for stdin)
    text: str
    bom: bool = False
    encoding: str = "utf-8"  # or "utf-16-le" / "utf-16-be" (always with a BOM)
    # (inode, size, mtime) of the file when it was read; None for stdin and for a file respell creates
    stamp: tuple[int, int, int] | None = None


@dataclass
class Skipped:
    """An input not read (a binary file, a directory that cannot be listed, a special file), with the reason."""
    path: str
    why: str


@dataclass
class Failed:
    """An input that could not be read (or written): reported as one error line, and the run goes on."""
    path: str
    why: str                # the whole one-line message, naming the path


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def decode(data: bytes, path: str, offset: int = 0) -> Source:
    """The text of ``data``: UTF-8 (with or without a BOM) or UTF-16 with a BOM; InputError otherwise.
    ``offset``: where ``data`` starts in the file (a later section of a long file: no BOM there, and the error
    names the byte's offset in the file)."""
    if offset == 0:
        for mark, encoding in _UTF16_BOMS:
            if data.startswith(mark) and not data.startswith(_UTF32_BOMS):
                try:
                    return Source(path, data[2:].decode(encoding), True, encoding)
                except UnicodeDecodeError as e:
                    raise InputError(f"{path}: not valid {encoding.upper()} (at byte offset {e.start + 2}); "
                                     "convert it to UTF-8 first") from None
    skip = 3 if offset == 0 and data.startswith(UTF8_BOM) else 0
    try:
        text = data[skip:].decode("utf-8") if skip else data.decode("utf-8")
    except UnicodeDecodeError as e:
        at = e.start + skip
        raise InputError(f"{path}: not valid UTF-8 (byte 0x{data[at]:02x} at offset {offset + at}); "
                         "convert it to UTF-8 first") from None
    return Source(path, text, bool(skip))


def encode(source: Source, text: str) -> bytes:
    """``text`` as the bytes of a file like ``source``: its encoding, and its BOM when it had one."""
    if source.encoding != "utf-8":
        return dict((e, m) for m, e in _UTF16_BOMS)[source.encoding] + text.encode(source.encoding)
    data = text.encode("utf-8")
    return UTF8_BOM + data if source.bom else data


def _kind(mode: int) -> str | None:
    """What a non-regular file is, for the note that skips it; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def _walk(top: str) -> Iterator[str | Skipped]:
    """Text-looking regular files below ``top``, sorted, without following symbolic links."""
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Skipped(top, f"directory not read ({e.strerror})")
        return
    dirs = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_symlink():
                continue  # never followed in a walk: no loops, no file fixed twice through two names
            if entry.is_dir(follow_symlinks=False):
                if name not in SKIP_DIRS:
                    dirs.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                if os.path.splitext(name)[1].lower() in TEXT_SUFFIXES:
                    yield entry.path
            # FIFOs, sockets and devices met in a walk are not inputs
        except OSError:  # vanished while walking
            continue
    for d in dirs:
        yield from _walk(d)


def expand(paths: list[str]) -> Iterator[str | Skipped | Failed]:
    """Files named and text-looking files below directories, in a stable order.  A path that does not exist
    (or a directory without text files) is a Failed item, so that the other inputs are still read."""
    for p in paths:
        if p == "-":
            yield p
            continue
        if os.path.isdir(p):
            found = False
            for item in _walk(p):
                found = found or isinstance(item, str)
                yield item
            if not found:
                yield Failed(p, f"{p}: directory holds no text files (looked for "
                                f"{', '.join(sorted(s for s in TEXT_SUFFIXES if s))})")
        elif os.path.lexists(p):
            yield p
        else:
            yield Failed(p, f"{p}: no such file or directory")


STDIN_BINARY = "-: standard input looks binary (NUL bytes); respell reads text"


def _open(path: str) -> BinaryIO | Skipped:
    """The input as a binary stream (stdin for "-"), Skipped when it is not a regular file; errors as one-line
    InputErrors.  Opened without blocking, so that a FIFO is recognised instead of waited on."""
    if path == "-":
        return sys.stdin.buffer
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError(f"{path}: symbolic link loop") from None
        if e.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(f"{path}: dangling symbolic link (its target does not exist)") from None
        if e.errno == errno.ENOENT:
            raise InputError(f"{path}: no such file (removed while respell was running?)") from None
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind is not None:
            os.close(fd)
            return Skipped(path, f"{kind}, not read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except OSError as e:
        os.close(fd)
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    return os.fdopen(fd, "rb")


def _close(path: str, fh: BinaryIO) -> None:
    if path != "-":
        fh.close()


def _binary(path: str, head: bytes) -> Skipped | None:
    """A binary input is skipped with a note (stdin: an error, there is nothing else to read)."""
    if not is_binary(head) or head.startswith(tuple(m for m, _ in _UTF16_BOMS)) and not head.startswith(_UTF32_BOMS):
        return None
    if path == "-":
        raise InputError(STDIN_BINARY)
    return Skipped(path, "binary file skipped")


def _stamp(path: str, fh: BinaryIO) -> tuple[int, int, int] | None:
    """What ``fix`` checks before it replaces a file read in sections (see ``_unchanged_since_read``)."""
    if path == "-":
        return None
    st = os.fstat(fh.fileno())
    return st.st_ino, st.st_size, st.st_mtime_ns


def read(path: str) -> Source | Skipped:
    fh = _open(path)
    if isinstance(fh, Skipped):
        return fh
    try:
        stamp = _stamp(path, fh)
        data = fh.read()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    finally:
        _close(path, fh)
    if skipped := _binary(path, data):
        return skipped
    src = decode(data, path)
    src.stamp = stamp
    return src


# A file up to WHOLE_BYTES is read and analysed whole; a longer one (``read_sections``) in sections of about
# SECTION_BYTES cut at blank lines, so that memory does not grow with the file (a decoded section takes up to
# four bytes a character, and the analysis a few more copies of it).  6 MiB, not 8: with a section's parts shared
# out over two processes, 50 MB of clean prose peaked at 190-197 MiB of summed PSS in 8 MiB sections.
WHOLE_BYTES = 16 * 2**20
SECTION_BYTES = 6 * 2**20


@dataclass
class Section(Source):
    """A part of a long file: its text starts ``chars`` characters and ``lines`` line ends into the file."""

    chars: int = 0
    lines: int = 0
    column: int = 0  # characters of its first line before it (only when a line is longer than a section)


def read_sections(path: str, whole: int | None = None, size: int | None = None) -> Iterator[Source | Skipped]:
    """The file as one Source when it holds at most ``whole`` bytes (WHOLE_BYTES; or is stdin), else as
    consecutive Sections of about ``size`` bytes (SECTION_BYTES), each cut after a blank line (else a line end)
    and read as the caller goes on.  A UTF-16 file is always read whole (its line ends are not b"\\n")."""
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
    if isinstance(fh, Skipped):
        yield fh
        return
    try:
        try:
            stamp = _stamp(path, fh)
            head = fh.read(2)
        except OSError as e:
            raise InputError(f"{path}: cannot read ({e.strerror})") from None
        if head in {m for m, _ in _UTF16_BOMS}:
            _close(path, fh)
            yield read(path)
            return
        rest, offset, chars, lines, column = head, 0, 0, 0, 0
        while True:
            try:
                data = fh.read(size)
            except OSError as e:
                raise InputError(f"{path}: cannot read ({e.strerror})") from None
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
            taken, ends = len(piece), piece.count(b"\n")
            del piece  # only the decoded text is kept while the section is analysed
            section = Section(path, src.text, src.bom, stamp=stamp, chars=chars, lines=lines, column=column)
            text = src.text
            del src
            yield section
            del section
            offset += taken
            chars += len(text)
            lines += ends
            column = len(text) - text.rfind("\n") - 1 + (0 if ends else column)
            del text
    finally:
        _close(path, fh)


def open_lines(path: str) -> Skipped | Iterator[tuple[int, str, str | None]]:
    """(line number, line with its ending, error or None) of one input, read as the caller consumes them, or
    Skipped for a binary file.  Lines end at "\n" only (JSON allows U+2028 and friends inside strings); a line
    that is not UTF-8 comes back surrogate-escaped with an error, so that it can be written back as it was.
    A UTF-8 BOM stays on the first line (the caller parses past it and writes it back)."""
    fh = _open(path)
    if isinstance(fh, Skipped):
        return fh
    try:
        head = fh.peek(8192)[:8192] if hasattr(fh, "peek") else b""
        if head.startswith(tuple(m for m, _ in _UTF16_BOMS)):
            raise InputError(f"{path}: UTF-16 JSON Lines are not read; convert the file to UTF-8 first")
        skipped = _binary(path, head)
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
            try:
                yield lineno, data.decode("utf-8"), None
            except UnicodeDecodeError as e:
                yield (lineno, data.decode("utf-8", "surrogateescape"),
                       f"{path}:{lineno}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})")
    finally:
        _close(path, fh)


_HELD = (signal.SIGINT, signal.SIGTERM) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())


def write_atomic(source: Source, text: str | bytes) -> None:
    """Replace the file with ``text``, same encoding (BOM kept), permissions kept, never half-written (see
    ``atomic_writer``).  ``text`` as bytes: the whole file's text already encoded as UTF-8 (a file fixed section
    by section)."""
    if isinstance(text, str):
        data = encode(source, text)
    elif source.encoding != "utf-8":
        data = encode(source, text.decode("utf-8"))
    else:
        data = UTF8_BOM + text if source.bom else text
    with atomic_writer(source.path, source) as fh:
        fh.write(data)


class _Out:
    """The temporary file of ``atomic_writer``: a full disk while writing is one-line InputError."""

    def __init__(self, fh: BinaryIO, path: str) -> None:
        self._fh, self._path = fh, path

    def write(self, data: bytes) -> int:
        try:
            return self._fh.write(data)
        except OSError as e:
            raise InputError(f"{self._path}: cannot write ({e.strerror}); the file is unchanged") from None


@contextmanager
def atomic_writer(path: str | Path, read_as: Source | None = None) -> Iterator[_Out]:
    """A binary stream that replaces the file at ``path`` when the block ends, or leaves it untouched when the
    block raises; whole writes (``write_atomic``) and writes streamed piece by piece (JSON Lines records, the
    HTML report) alike.  Permissions are kept (0644 for a new file).

    A symbolic link is written through: its target is replaced and the link stays.  InputError (one line, the
    file untouched) when the file has no write permission, when it changed or vanished since it was read (as
    ``read_as``), or when the temporary file cannot be written (full disk, read-only directory).  SIGINT, SIGTERM
    and SIGHUP are held while the temporary file exists and delivered once the file is in place (or the temporary
    file removed): an interrupted run leaves every file old or new and no temporary file behind."""
    path = str(path)
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        if read_as is not None and read_as.stamp is not None:
            raise InputError(f"{path}: removed while respell was running; not written") from None
        mode = 0o644
    else:
        if not mode & 0o222 or not os.access(target, os.W_OK):  # (root may write anything: the mode bits decide)
            raise InputError(f"{path}: read-only file, not written (make it writable to let respell fix it)")
    import tempfile  # (fix only)
    held = hasattr(signal, "pthread_sigmask")
    if held:  # an interrupt now would strand the temporary file: it is delivered once the file is in place
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    tmp = None
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".respell",
                                       dir=os.path.dirname(target) or ".")
        except OSError as e:
            raise InputError(f"{path}: cannot write ({e.strerror}); the file is unchanged") from None
        with os.fdopen(fd, "wb") as fh:
            yield _Out(fh, path)
            try:
                fh.flush()
                os.fsync(fh.fileno())
            except OSError as e:
                raise InputError(f"{path}: cannot write ({e.strerror}); the file is unchanged") from None
        try:
            os.chmod(tmp, mode)
        except OSError as e:
            raise InputError(f"{path}: cannot write ({e.strerror}); the file is unchanged") from None
        if read_as is not None:
            _unchanged_since_read(read_as, target)
        os.replace(tmp, target)
        tmp = None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)


def _unchanged_since_read(source: Source, target: str) -> None:
    """InputError when the file on disk is no longer the text ``source`` was read as (appended to, rewritten or
    removed by someone else during the run): writing would lose their change.  A file read whole is read again
    and compared; a file read in sections (``read_sections``: its text is never held whole) by its inode, size and
    modification time.  Nothing to compare for a file respell creates (no stamp)."""
    if source.stamp is None:
        return
    if isinstance(source, Section):
        try:
            st = os.stat(target)
        except FileNotFoundError:
            raise InputError(f"{source.path}: removed while respell was running; not written") from None
        if (st.st_ino, st.st_size, st.st_mtime_ns) != source.stamp:
            raise InputError(f"{source.path}: changed while respell was running; not written (run respell again)")
        return
    try:
        fh = _open(target)
        if isinstance(fh, Skipped):
            raise InputError(f"{source.path}: replaced by {fh.why.split(',')[0]} while respell was running; "
                             "not written")
        with fh:
            now = fh.read()
    except InputError as e:
        if "no such file" in str(e):
            raise InputError(f"{source.path}: removed while respell was running; not written") from None
        raise
    except OSError as e:
        raise InputError(f"{source.path}: cannot read it again before writing ({e.strerror}); not written") from None
    if now != encode(source, source.text):
        raise InputError(f"{source.path}: changed while respell was running; not written (run respell again)")
