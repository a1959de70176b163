"""What the pipeline reads from underthesea without importing it (its import loads
every pipeline it has and takes about a second): its package folder, and tables made
from its files once and kept as pickles in the project's cache (``.ketluan-cache``).

The segmenter's converted model (``pipeline.segmenter``) and the per-word tone
normaliser's tables (``pipeline.core.text``) are kept so: a stage process that finds them
starts without importing underthesea.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def package_dir() -> Path:
    """underthesea's installed package, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("underthesea")
    return Path(next(iter(spec.submodule_search_locations)))


def file_key(code: Path, files) -> str:
    """Hash of ``code``'s bytes and of the size and time of each of ``files``: the key
    of a table made by ``code`` from those files."""
    import hashlib

    h = hashlib.sha256(code.read_bytes())
    for file in files:
        if file.is_file():
            st = file.stat()
            h.update(f"{file.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def normalizer_tables() -> dict:
    """underthesea's per-token normaliser's tables (``character_map``, ``token_map``:
    "Uỷ" -> "Ủy", "hoà" -> "hòa"), kept in the cache: importing underthesea for them
    cost every stage process half a second."""

    def build() -> dict:
        from underthesea.pipeline.text_normalize import text_normalizer

        return {
            "character_map": list(text_normalizer.character_map.items()),
            "token_map": dict(text_normalizer.token_map),
        }

    pkg = package_dir()
    folder = pkg / "pipeline" / "text_normalize"
    files = [pkg / "version.py", *sorted(folder.iterdir())]
    return cached("text-normalize", file_key(Path(__file__), files), build)


def cached(name: str, key: str, build) -> dict:
    """``build()``, kept as ``<name>-<key>.pickle`` in the project's cache (a pickle
    this code wrote from underthesea's files, which ``key`` identifies)."""
    import os
    import pickle

    from pipeline.core import paths

    # engine.cache_dir(), without importing the engine (and pandas)
    cache = Path(os.environ.get("KETLUAN_CACHE") or paths.CACHE)
    file = cache / f"{name}-{key}.pickle"
    try:
        with open(file, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError):
        pass
    state = build()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
    except OSError as err:  # a read-only project still runs
        log.warning("%s not saved to %s: %s", name, file, err)
    return state
