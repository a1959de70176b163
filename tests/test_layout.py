"""The repository's shape: every DVC stage has its module, every table one writer."""

from __future__ import annotations

import importlib

import yaml

from pipeline.core import tables
from pipeline.core.paths import ROOT

STAGES = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]


def test_layout_required_folders_and_files():
    for name in ("pipeline", "notebooks", "corpus/raw", "corpus/gold", "corpus/labels",
                 "models", "tests", ".ci"):
        assert (ROOT / name).is_dir(), name
    for name in ("dvc.yaml", "dvc.lock", "params.yaml", "pyproject.toml", "Makefile",
                 "README.md", ".ci/run", ".dvc/config"):
        assert (ROOT / name).is_file(), name


def test_layout_every_stage_has_a_module_named_like_it_and_depends_on_it():
    for name, stage in STAGES.items():
        module = f"pipeline/stages/{name}.py"
        assert (ROOT / module).is_file(), module
        assert f"pipeline.stages.{name}" in stage["cmd"], name
        assert module in stage["deps"], f"{name} does not list {module} as a dep"


def test_layout_every_table_has_exactly_one_writer():
    writers: dict[str, list[str]] = {}
    for name in STAGES:
        module = importlib.import_module(f"pipeline.stages.{name}")
        for table in getattr(module, "WRITES", ()):
            writers.setdefault(table, []).append(name)
    assert {t: w for t, w in writers.items() if len(w) != 1} == {}
    assert set(writers) == set(tables.SPECS)


def test_layout_params_sections_are_read_by_stages():
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    used = {p.split(".")[0] for s in STAGES.values() for p in s.get("params", [])}
    assert set(params) <= used | {"engine"}, set(params) - used


def test_layout_every_stage_depends_on_the_code_it_imports():
    """DVC reruns a stage only when a dep changes: every pipeline file its module
    imports (at any depth, lexicons included) must be a dep, or sit under one."""
    from pipeline.engine import code_files

    missing = {}
    for name, stage in STAGES.items():
        deps = [d for d in stage["deps"] if isinstance(d, str)]
        for file in code_files(f"pipeline.stages.{name}"):
            rel = file.relative_to(ROOT).as_posix()
            if not any(rel == d or rel.startswith(d.rstrip("/") + "/") for d in deps):
                missing.setdefault(name, []).append(rel)
    assert missing == {}


def test_layout_the_package_root_holds_no_stage_module():
    """Stages live in pipeline/stages/; the root holds the shared machinery."""
    for name in STAGES:
        assert not (ROOT / "pipeline" / f"{name}.py").exists(), name


def test_layout_no_import_cycles_between_pipeline_modules():
    """Module-level and function-level imports alike: no module reaches itself
    ("from pipeline.x import y" counts as an import of pipeline.x.y when that is a
    module, else of pipeline.x)."""
    import ast

    from pipeline.engine import PACKAGE

    modules = _all_modules(PACKAGE)
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                for a in node.names:
                    found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base)
        graph[name] = {m for m in found if m in modules} - {name}
    assert [n for n in graph if _reaches(graph, n, n)] == []


def _all_modules(package) -> dict:
    out = {}
    for file in package.rglob("*.py"):
        rel = file.relative_to(package.parent).with_suffix("")
        out[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = file
    return out


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += graph.get(node, ())
    return False
