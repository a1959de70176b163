"""Run a reader on an untrusted container in a child process that cannot take ours down.

PDF (pdfium), DOCX (zip + lxml) and HTML (lxml, trafilatura) are parsed by native code.
A crafted file can make it loop, allocate without bound or crash the process. Each such
file is read in a forked child with an address-space limit above what this process
already maps and a wall-clock limit; the child sends back the text (or a ``ReadError``)
through a pipe. A child that crashes, runs out of memory or time turns into a one-line
``ReadError`` for that file only.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
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
        data = _collect(read_end, limits.seconds)
    except TimeoutError:
        _kill(pid)
        raise ReadError(f"reader timed out after {limits.seconds:g} s") from None
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
    code = 0
    try:
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
        data = pickle.dumps(result, protocol=5)
        view = memoryview(data)
        while view:
            view = view[os.write(out, view) :]
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        code = 70
    finally:
        os._exit(code)


def _collect(fd: int, seconds: float) -> bytes:
    """Everything the child writes before it closes the pipe, within ``seconds``."""
    deadline = time.monotonic() + seconds
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


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
