"""Shared fixtures: the demonstration pipeline built end to end in a temporary project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT

COPY = ["pipeline", "corpus", "notebooks", "dvc.yaml", "params.yaml", "pyproject.toml",
        ".dvcignore", ".gitignore"]


def run_in(project: Path, *cmd: str, timeout: int = 1500) -> subprocess.CompletedProcess:
    """Run a command in ``project`` with this interpreter's environment first on PATH."""
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    env.pop("KETLUAN_CACHE", None)  # the project's own .ketluan-cache/
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Stage ``main()`` calls in tests keep their per-notice cache out of the project."""
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path / ".ketluan-cache"))


# what models/ holds in git (the rest of it is written by the stages)
COMMITTED_MODELS = ("agency_tagger.crfsuite", "ketluan_vi", "task_filter")


def make_project(dest: Path) -> Path:
    """A fresh copy of the project (code, corpus, DVC pipeline) under git and DVC."""
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, dest / name)
    (dest / "models").mkdir(exist_ok=True)
    for name in COMMITTED_MODELS:  # in git beside the stages' outputs (the tagger, spaCy config)
        src = ROOT / "models" / name
        if src.is_dir():
            shutil.copytree(src, dest / "models" / name)
        else:
            shutil.copy2(src, dest / "models" / name)
    for cmd in (["git", "init", "-q"], [sys.executable, "-m", "dvc", "init", "-q"],
                [sys.executable, "-m", "dvc", "config", "core.analytics", "false"]):
        done = run_in(dest, *cmd)
        assert done.returncode == 0, done.stderr
    return dest


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory) -> Path:
    """The demonstration corpus through `dvc repro`, once per test session."""
    project = make_project(tmp_path_factory.mktemp("demo"))
    done = run_in(project, sys.executable, "-m", "dvc", "repro")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return project


def html_text(html: str) -> str:
    """The text a browser shows of a page (markup dropped, entities decoded)."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.chunks)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_data(self, data):
        self.chunks.append(data)
