"""Logging set-up, called once per process."""

from __future__ import annotations

import logging
import sys

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(level: int = logging.INFO) -> None:
    """Log to stderr: Rich on a terminal, a plain line format otherwise."""
    root = logging.getLogger()
    if getattr(root, "_ketluan_configured", False):
        return
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(show_path=False, rich_tracebacks=False)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
    root.handlers[:] = [handler]
    root.setLevel(level)
    root._ketluan_configured = True  # type: ignore[attr-defined]
    for noisy in ("matplotlib", "numba", "urllib3", "distributed", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def peak_mib(children: bool = False) -> int:
    """This process's peak resident memory so far, in MiB (what a stage logs at each step
    of long work, so a national run shows where its memory goes); ``children``: that of
    the largest child process waited for (a notebook's kernel)."""
    import resource

    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss // 1024
