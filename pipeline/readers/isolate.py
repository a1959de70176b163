"""Run a reader on an untrusted container in a child process that cannot take ours down.

PDF (pdfium), DOCX (zip + lxml) and HTML (lxml, trafilatura) are parsed by native code.
A crafted file can make it loop, allocate without bound or crash the process. Each such
file is read in a forked child with an address-space limit above what this process
already maps and a wall-clock limit; the child sends back the text (or a ``ReadError``)
through a pipe. A child that crashes, runs out of memory or time turns into a one-line
``ReadError`` for that file only.

A reader whose work grows with the file (OCR, page by page) asks for more time as it goes
(``more_time``), up to ``Limits.max_seconds``; a text PDF that hangs is still stopped
after ``Limits.seconds``. The child dies with its parent, and the programs it starts
(tesseract, antiword) die with it.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.readers.base import RawText, ReadError


@dataclass(frozen=True)
class Limits:
    """Per-file limits of an isolated reader (params.yaml [ingest])."""

    seconds: float = 60.0  # wall clock
    memory_mb: int = 1024  # address space the reader may add to what the process maps
    max_seconds: float = 0.0  # wall clock a reader may reach by asking for more time


# Messages from the child: b"T" + seconds (more time), then b"R" + the pickled result.
_MORE_TIME = b"T"
_RESULT = b"R"
_channel: int | None = None  # in a child: the pipe to the parent


def more_time(seconds: float) -> None:
    """Ask, from inside an isolated reader, for ``seconds`` more from now (the parent
    grants up to ``Limits.max_seconds`` in all). Does nothing outside a child."""
    if _channel is not None:
        os.write(_channel, _MORE_TIME + struct.pack("!d", seconds))


def _mapped_bytes() -> int:
    """Virtual memory this process maps now (VmSize), from /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def read_isolated(
    reader: Callable[[Path], RawText], path: Path, limits: Limits
) -> RawText:
    """``reader(path)`` in a forked child under ``limits``.

    Raises:
        ReadError: the reader's own, or "reader crashed (SIGSEGV)", "reader ran out of
            memory (limit N MB)", "reader timed out after N s".
    """
    if not hasattr(os, "fork"):  # no fork (Windows): read in this process
        return reader(path)
    budget = limits.memory_mb * 1024 * 1024
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, exit without running any cleanup of ours
        os.close(read_end)
        _child(reader, path, budget, write_end)
    os.close(write_end)
    try:
        data = _collect(read_end, limits)
    except TimeoutError as err:
        _kill(pid)
        raise ReadError(f"reader timed out after {err.args[0]:g} s") from None
    except BaseException:  # interrupted (the notice's own time limit, ^C): no orphan
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    _, status = _wait(pid)
    if not data:
        if os.WIFSIGNALED(status):
            name = signal.Signals(os.WTERMSIG(status)).name
            if name in ("SIGXCPU", "SIGKILL"):
                raise ReadError(f"reader stopped ({name}): too slow or too large")
            raise ReadError(f"reader crashed ({name})")
        raise ReadError(f"reader crashed (exit status {os.WEXITSTATUS(status)})")
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    raise ReadError(value)


def _child(reader: Callable, path: Path, budget: int, out: int) -> None:
    global _channel
    code = 0
    try:
        die_with_parent()
        _channel = out
        faulthandler.disable()  # a crash is reported by the parent, in one line
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, 0)
        limit = _mapped_bytes() + budget
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            result = ("ok", reader(path))
        except ReadError as err:
            result = ("error", err.reason)
        except MemoryError:
            result = ("error", f"reader ran out of memory (limit {budget // 2**20} MB)")
        except RecursionError:
            result = ("error", "corrupt file (nested too deeply)")
        except Exception as err:  # noqa: BLE001 - any reader failure is this file's
            result = ("error", f"unreadable file ({type(err).__name__})")
        data = _RESULT + pickle.dumps(result, protocol=5)
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        code = 70
    finally:
        os._exit(code)


def _collect(fd: int, limits: Limits) -> bytes:
    """The result the child writes before it closes the pipe (empty if it wrote none),
    within ``limits.seconds`` extended by its requests for more time up to
    ``limits.max_seconds``.

    Raises:
        TimeoutError: with the seconds allowed, when the child outlives them.
    """
    start = time.monotonic()
    ceiling = start + max(limits.seconds, limits.max_seconds)
    deadline = start + limits.seconds
    buffer = bytearray()
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(round(deadline - start, 1))
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise TimeoutError(round(deadline - start, 1))
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            if buffer[:1] == _RESULT:
                return bytes(buffer[1:]) + b"".join(chunks)
            return b""
        if buffer[:1] == _RESULT:  # the result: everything to the end
            chunks.append(chunk)
            continue
        buffer += chunk
        while buffer[:1] == _MORE_TIME and len(buffer) >= 9:
            (seconds,) = struct.unpack("!d", bytes(buffer[1:9]))
            deadline = min(ceiling, max(deadline, time.monotonic() + max(0.0, seconds)))
            del buffer[:9]


def die_with_parent() -> None:
    """Be killed (SIGKILL) when the process that started us dies (Linux prctl); for a
    forked reader and for the programs a reader runs (``preexec_fn``)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _wait(pid)


def _wait(pid: int) -> tuple[int, int]:
    while True:
        try:
            return os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return pid, 0
