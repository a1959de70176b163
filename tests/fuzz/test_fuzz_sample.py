"""A bounded fuzz sample: about 300 bad inputs of every kind (no size-limit giants, no
million-paragraph .docx, none of the kinds that take seconds to extract), in one batch;
none may stop the rest. Run the full campaign with
``make fuzz``."""

import hashlib
import os

import pytest

from tests.fuzz.campaign import run_campaign, table
from tests.fuzz.generate import HEAVY, KINDS, SLOW, generate

SAMPLE = 300
SEED = 20_261_206


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    return run_campaign(
        root, SAMPLE, SEED, exclude=HEAVY + SLOW, per_folder=SAMPLE, progress=False
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "total",
    ["tracebacks", "crashes", "invalid_json", "missing", "bad_reasons", "timeouts", "leaks"],
)
def test_fuzz_sample_nothing_escapes(summary, total):
    assert summary["totals"][total] == 0, table(summary)


@pytest.mark.slow
def test_fuzz_sample_covers_every_kind(summary):
    assert set(summary["kinds"]) == set(KINDS) - set(HEAVY) - set(SLOW)


def _tree(root):
    """name -> what is there (bytes digest, link target, fifo, dir) under root."""
    found = {}
    for top, dirs, files in os.walk(os.fsencode(root)):
        for name in dirs + files:
            path = os.path.join(top, name)
            if os.path.islink(path):
                what = b"-> " + os.readlink(path)
            elif os.path.isdir(path):
                what = b"dir"
            elif not os.path.isfile(path):
                what = b"special"
            else:
                with open(path, "rb") as f:
                    what = hashlib.sha256(f.read()).digest()
            found[os.path.relpath(path, os.fsencode(root))] = what
    return found


def test_fuzz_generate_is_deterministic(tmp_path):
    skip = (*HEAVY, "zip_bomb_docx", "many_items", "repeated_agency", "huge_line")
    first = generate(tmp_path / "a", 80, 7, exclude=skip)
    again = generate(tmp_path / "b", 80, 7, exclude=skip)
    assert first == again
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    links = {k for k, v in a.items() if v.startswith(b"-> /")}  # absolute: a/ vs b/
    assert {k: v for k, v in a.items() if k not in links} == {
        k: v for k, v in b.items() if k not in links
    }
