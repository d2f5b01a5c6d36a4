"""Worker processes for --jobs: inputs fanned out, results back in input order.

``--jobs N`` runs N processes: N - 1 forked workers and the parent itself.  Workers are forked after the parent
has loaded the lexicon, built the scan's automaton and compiled the rules' patterns, so they share those memory
pages instead of each building a copy; the parent's objects are frozen out of the garbage collector first, so
that collections in the workers do not write to (and so copy) every shared page.

Each worker reads chunks from a pipe of its own and answers on another, kept a chunk ahead so that it never
waits for work; the parent computes the next chunk itself whenever the answer it owes next is still with a
worker.  This is plain ``os.fork`` and pipes rather than ``multiprocessing``: its queues run a feeder thread in
every process, with a malloc arena of its own, and its process start-up writes more shared pages (two processes
took 2-2.5 MiB more that way on the docs corpus, ``bench/speed.py``'s --jobs rows).  Without ``fork`` the items
run in this process.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import struct
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

_SHARED: object = None  # what every call of the mapped function gets besides its item (inherited by the fork)
AHEAD = 2               # chunks sent to a worker and not yet answered: one it computes, one waiting in the pipe
BUFFERED = 4            # finished chunks per process held back while the one owed next is still being computed
_HEADER = struct.Struct("<Q")


class WorkerError(RuntimeError):
    """A worker failed: the message is one line (what happened), ``detail`` the worker's traceback if any."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def _failure(trace: str) -> WorkerError:
    """The error a worker's traceback stands for, in one line: its last line (the exception and message)."""
    last = trace.strip().splitlines()[-1] if trace.strip() else "unknown error"
    return WorkerError(f"a worker process failed: {last}", trace)


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(item, _SHARED) for item in chunk]


def _frame(obj: object) -> bytes:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _read_exactly(fd: int, n: int) -> bytes:
    parts, got = [], 0
    while got < n:
        part = os.read(fd, min(n - got, 1 << 20))
        if not part:
            raise EOFError("the pipe closed")
        parts.append(part)
        got += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _recv(fd: int) -> object:
    """One framed message from fd; EOFError when the writer has closed its end."""
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return pickle.loads(_read_exactly(fd, size))


def _serve(fn: Callable, tasks: int, answers: int) -> int:
    """A worker's life: compute every chunk that arrives until the parent closes the pipe."""
    while True:
        try:
            number, chunk = cast("tuple[int, list]", _recv(tasks))
        except EOFError:
            return 0
        answer: tuple[int, list | None, str | None]
        try:
            answer = (number, _run_chunk(fn, chunk), None)
        except Exception:  # noqa: BLE001 - sent to the parent, which raises it
            import traceback  # (only now: importing it cost every worker 4-5 ms before its first chunk)
            answer = (number, None, traceback.format_exc())
        data = memoryview(_frame(answer))
        while data:
            data = data[os.write(answers, data):]
        if answer[2] is not None:
            return 1


def _grow(fd: int) -> None:
    """Ask for a 1 MiB pipe buffer (Linux), so that a worker seldom waits for the parent to read its answer."""
    try:
        import fcntl
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


class _Worker:
    """The parent's side of one forked worker: its pid, the pipe it reads chunks from (written without blocking,
    so that a large chunk can never deadlock against a large answer) and the pipe it answers on."""

    def __init__(self, fn: Callable, inherited: list[int]) -> None:
        task_r, task_w = os.pipe()
        answer_r, answer_w = os.pipe()
        _grow(task_w)
        _grow(answer_w)
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                for fd in (task_w, answer_r, *inherited):
                    os.close(fd)
                code = _serve(fn, task_r, answer_w)
            except BaseException:  # noqa: BLE001 - Ctrl-C, or the parent gone: the parent reports what matters
                pass
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(answer_w)
        os.set_blocking(task_w, False)
        self.pid, self.tasks, self.answers = pid, task_w, answer_r
        self.sent: deque[int] = deque()  # chunk numbers sent and not yet answered
        self.unsent = memoryview(b"")    # framed chunks the pipe has not taken yet

    def send(self, number: int, chunk: list) -> None:
        self.sent.append(number)
        self.unsent = memoryview(bytes(self.unsent) + _frame((number, chunk)))
        self.flush()

    def flush(self) -> None:
        """Write what the pipe takes now; the rest waits for the next call."""
        while self.unsent:
            try:
                n = os.write(self.tasks, self.unsent)
            except BlockingIOError:
                return
            except BrokenPipeError:
                raise WorkerError(f"a worker process {self._status()} before finishing") from None
            self.unsent = self.unsent[n:]

    def receive(self) -> tuple[int, list]:
        try:
            number, result, error = cast("tuple[int, list, str | None]", _recv(self.answers))
        except EOFError:
            raise WorkerError(f"a worker process {self._status()} before finishing") from None
        if error is not None:
            raise _failure(error)
        self.sent.remove(number)
        return number, result

    def _status(self) -> str:
        code = self._reap()
        if code is None:
            return "exited"
        return f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"

    def _reap(self) -> int | None:
        pid, self.pid = self.pid, 0
        try:
            return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) if pid else None
        except ChildProcessError:
            return None

    def close_pipes(self) -> None:
        """Close both pipes: the worker reads the end of its input and exits."""
        for fd in (self.tasks, self.answers):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.tasks = self.answers = -1  # (closed: the numbers may name other files from now on)

    def close(self, kill: bool) -> None:
        """Close both pipes (the worker reads the end of its input and exits) and wait for it; ``kill`` when it
        may be in the middle of a chunk nobody wants any more."""
        self.close_pipes()
        if kill and self.pid:
            import signal
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap()


# Finished workers whose exit is waited for later (``joined_later``), or None: each map waits for its own.
_LATER: list[_Worker] | None = None


@contextlib.contextmanager
def joined_later() -> Iterator[None]:
    """Within the block, a worker that finished its chunks is waited for at the block's end (or as the next map
    starts), not as its map ends: its exit, a few milliseconds of unmapping its memory, then overlaps the
    caller's own work after the map (a command line run's overlap resolution and output).  Every worker is
    waited for before the block is left; nothing is left running."""
    global _LATER
    if _LATER is not None:  # (nested: the outer block waits)
        yield
        return
    _LATER = []
    try:
        yield
    finally:
        later, _LATER = _LATER, None
        for w in later:
            w.close(kill=False)


def _exchange(workers: list[_Worker], done: dict[int, list], timeout: float | None) -> bool:
    """Write what the pipes take of the chunks not yet sent, and read the answers that are ready, waiting up to
    ``timeout`` seconds (None: until one of them can move).  True when an answer arrived."""
    import select

    owing = {w.answers: w for w in workers if w.sent}
    unsent = {w.tasks: w for w in owing.values() if w.unsent}
    ready, writable, _ = select.select(list(owing), list(unsent), [], timeout)
    for fd in writable:
        unsent[fd].flush()
    for fd in ready:
        number, result = owing[fd].receive()
        done[number] = result
    return bool(ready)


def map_ordered(fn: Callable[[T, S], R], items: Iterable[T], jobs: int, shared: S, chunksize: int = 8,
                prepare: Callable[[], object] | None = None, buffered: int = BUFFERED) -> Iterator[R]:
    """fn(item, shared) for every item, in ``jobs`` processes (this one included), yielded in input order.

    ``shared`` (e.g. the settings) reaches the workers through the fork instead of being pickled with every
    item.  ``prepare`` builds, before the fork, what every process will need (the engine's tables and patterns).
    Items are read lazily, a few chunks ahead, so a stream of records is never held in memory at once.
    ``buffered``: finished chunks per process this one may hold while the one owed next is still being computed
    (more keeps this process busy behind a slow item, at the memory of the answers it holds).
    """
    global _SHARED
    import gc
    import sys

    _SHARED = shared
    if jobs <= 1 or not hasattr(os, "fork"):
        yield from (fn(item, shared) for item in items)
        return
    if _LATER:  # the workers of the map before: long done, their exits are waited for now
        while _LATER:
            _LATER.pop().close(kill=False)
    if prepare is not None:
        prepare()
    gc.freeze()
    for stream in (sys.stdout, sys.stderr):  # a worker must not inherit (and so repeat) buffered output
        stream.flush()
    source = iter(items)
    chunks = enumerate(iter(lambda: list(itertools.islice(source, chunksize)), []))
    workers: list[_Worker] = []
    done: dict[int, list] = {}
    more = True
    head = 0  # the next chunk to yield
    finished = False
    try:
        for _ in range(jobs - 1):
            workers.append(_Worker(fn, [fd for w in workers for fd in (w.tasks, w.answers)]))
        while True:
            for w in workers:  # keep every worker a chunk ahead
                while more and len(w.sent) < AHEAD:
                    nxt = next(chunks, None)
                    if nxt is None:
                        more = False
                        break
                    w.send(*nxt)
            if head in done:
                yield from done.pop(head)
                head += 1
            elif not more and not any(w.sent for w in workers):
                finished = True
                return
            elif _exchange(workers, done, 0):
                continue
            elif more and len(done) < buffered * jobs:  # the chunk owed next is with a worker: compute one here
                nxt = next(chunks, None)
                if nxt is None:
                    more = False
                else:
                    done[nxt[0]] = _run_chunk(fn, nxt[1])
            else:
                _exchange(workers, done, None)
    finally:
        for w in workers:
            if finished and _LATER is not None:
                w.close_pipes()
                _LATER.append(w)
            else:
                w.close(kill=not finished)
        gc.unfreeze()  # the workers are gone: this process's garbage is collectable again (a long file's next
        #                section must not keep the cycles of the ones before it)
