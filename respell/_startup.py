"""Start-up: ``dataclasses`` imports ``inspect`` (and with it ``ast``, ``dis`` and ``tokenize``) only to write the
docstring of a dataclass that has none; every dataclass of respell has one (``tests/test_startup.py`` checks), so
on the path of ``respell check FILE`` those modules are never used, yet they cost about a twentieth of the run.

``import_dataclasses`` imports ``dataclasses`` with a placeholder in ``sys.modules["inspect"]`` and takes the
placeholder out right after: every later ``import inspect``, by respell or by the program using it, gets the real
module.  Only ``dataclasses`` keeps the placeholder as its ``inspect``, and the placeholder imports the real
module the first time anything is read from it (a dataclass elsewhere with no docstring), so nothing changes but
when ``inspect`` is imported.  Where ``dataclasses`` or ``inspect`` is already imported, nothing is done.

``dataclasses`` writes each method of a dataclass as source text and compiles it (``exec``) when the class is
defined: respell's 16 dataclasses on that path are 66 small compilations, 8-11 ms of a 110 ms run.
``cache_dataclass_code`` keeps the compiled code of those texts in the user cache (one marshal file per
interpreter version, with a CRC-32 of its bytes), so a later run executes the code instead of compiling the same
text again.  The code is what ``exec`` compiles from the text (the same file name, and no ``__future__`` flags,
as ``dataclasses`` has none), so the methods are the same; only respell's own classes are kept (another
module's text is compiled just as ``exec`` would, and not kept), and a file that is missing, damaged or from another interpreter is only a
slower start.  The file is written at exit when the run compiled a text it did not hold (the console script,
which leaves by ``os._exit``, writes it before).  Only the command line turns this on (``respell.cli``, as it
is imported): a program that imports the library keeps its ``dataclasses`` as they are.
"""

from __future__ import annotations

import builtins
import importlib
import marshal
import sys
import types
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class _Placeholder(types.ModuleType):
    """Stands for ``inspect`` inside ``dataclasses`` until something is read from it."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # the import system's questions ("__path__"): not a use
            raise AttributeError(name)
        if sys.modules.get("inspect") is self:
            del sys.modules["inspect"]
        real = importlib.import_module("inspect")
        self.__dict__.update(real.__dict__)  # later reads find the real module's names directly
        return getattr(real, name)


def import_dataclasses() -> None:
    """Import ``dataclasses`` without importing ``inspect`` (see the module docstring)."""
    if "dataclasses" in sys.modules or "inspect" in sys.modules:
        return
    placeholder = sys.modules["inspect"] = _Placeholder("inspect")
    try:
        importlib.import_module("dataclasses")
    finally:
        if sys.modules.get("inspect") is placeholder:
            del sys.modules["inspect"]


_MAX_CODES = 512  # texts kept in the file: more (old layouts of the classes) and only this run's are kept


class _CodeCache:
    """``exec`` for ``dataclasses``: the code of a text from respell's modules is compiled once per interpreter
    and kept in the user cache (see the module docstring)."""

    def __init__(self, path: "Path") -> None:
        self.path = path
        self.codes: dict[str, types.CodeType] = {}
        self.used: set[str] = set()
        self.added = False  # a text compiled this run: the file is written (once) at exit
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            body = memoryview(data)[4:]
            if len(data) > 4 and int.from_bytes(data[:4], "little") == zlib.crc32(body):
                codes = marshal.loads(body)
                if isinstance(codes, dict) and all(type(c) is types.CodeType for c in codes.values()):
                    self.codes = codes
        except (OSError, ValueError, EOFError, TypeError):
            pass

    def exec(self, source, globals=None, locals=None, /):  # type: ignore[no-untyped-def]
        if type(source) is str:  # compiled here without this module's __future__ flags, as exec in dataclasses does
            module = globals.get("__name__") if type(globals) is dict else None
            if module == "respell" or (type(module) is str and module.startswith("respell.")):
                code = self.codes.get(source)
                if code is None:
                    code = self.codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
                    if not self.added:
                        self.added = True
                        import atexit
                        atexit.register(self.save)  # (the console script leaves by os._exit: it saves first)
                self.used.add(source)
                source = code
            else:
                source = compile(source, "<string>", "exec", dont_inherit=True)
        return builtins.exec(source, globals, locals)

    def save(self) -> None:
        if not self.added:
            return
        self.added = False
        codes = self.codes if len(self.codes) <= _MAX_CODES else {s: self.codes[s] for s in self.used}
        try:
            from . import cache
            if not cache.enabled():  # turned off since (RESPELL_NO_CACHE)
                return
            payload = marshal.dumps(codes)

            def write(tmp: Path) -> None:
                tmp.write_bytes(zlib.crc32(payload).to_bytes(4, "little") + payload)

            cache._make_directory()
            cache._write_atomically(self.path, write)
        except Exception:  # a cache that cannot be written only costs speed
            pass


def cache_dataclass_code() -> None:
    """Compile the methods ``dataclasses`` writes for respell's classes once per interpreter (see the module
    docstring); nothing when the user cache is off or ``dataclasses`` has an ``exec`` of its own already."""
    import dataclasses
    if "exec" in vars(dataclasses):  # already done (or another program's own exec there)
        return
    from . import cache
    if not cache.enabled():
        return
    global _CODE_CACHE
    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"
    _CODE_CACHE = _CodeCache(cache.directory() / f"dataclass-code-{tag}.marshal")
    dataclasses.exec = _CODE_CACHE.exec  # type: ignore[attr-defined]


_CODE_CACHE: _CodeCache | None = None


def save_dataclass_code() -> None:
    """Write the code compiled this run now (the console script calls this before its hard exit)."""
    if _CODE_CACHE is not None:
        _CODE_CACHE.save()
