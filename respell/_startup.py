"""Start-up: ``dataclasses`` imports ``inspect`` (and with it ``ast``, ``dis`` and ``tokenize``) only to write the
docstring of a dataclass that has none; every dataclass of respell has one (``tests/test_startup.py`` checks), so
on the path of ``respell check FILE`` those modules are never used, yet they cost about a twentieth of the run.

``import_dataclasses`` imports ``dataclasses`` with a placeholder in ``sys.modules["inspect"]`` and takes the
placeholder out right after: every later ``import inspect``, by respell or by the program using it, gets the real
module.  Only ``dataclasses`` keeps the placeholder as its ``inspect``, and the placeholder imports the real
module the first time anything is read from it (a dataclass elsewhere with no docstring), so nothing changes but
when ``inspect`` is imported.  Where ``dataclasses`` or ``inspect`` is already imported, nothing is done.
"""

from __future__ import annotations

import importlib
import sys
import types


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
