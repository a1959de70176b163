"""parse_yaml (libyaml's C parser) reads every shipped YAML file as PyYAML's safe_load."""

from __future__ import annotations

import pytest
import yaml

from pipeline.core import paths
from pipeline.core.params import parse_yaml

FILES = sorted((paths.ROOT / "pipeline" / "lexicons").glob("*.yaml")) + [
    paths.ROOT / "params.yaml"
]


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.name)
def test_parse_yaml_gives_the_objects_of_safe_load(file):
    text = file.read_text(encoding="utf-8")
    assert parse_yaml(text) == yaml.safe_load(text)


def test_parse_yaml_keeps_dates_and_numbers_typed():
    data = parse_yaml("from: 2025-07-01\nshare: 0.7\nn: 34\nname: Sở Tài chính\n")
    assert str(data["from"]) == "2025-07-01" and data["share"] == 0.7
    assert data["n"] == 34 and data["name"] == "Sở Tài chính"
