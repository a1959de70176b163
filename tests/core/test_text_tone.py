"""core.text's per-word tone normaliser is underthesea's token_normalize over its tables,
read from a cached pickle so that no stage imports underthesea for it."""

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core import text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def words():
    """Every token_map entry and its variants, and every word of the shipped notices."""
    from underthesea.pipeline.text_normalize.text_normalizer import token_map

    found = set(token_map) | set(token_map.values())
    found |= {w.upper() for w in token_map} | {w.title() for w in token_map}
    found |= {"Ð" + w for w in list(token_map)[:200]} | {
        w + "ð" for w in list(token_map)[:200]
    }
    for f in sorted((ROOT / "corpus/raw").rglob("*.txt")):
        found |= set(
            text._WORD.findall(f.read_text(encoding="utf-8", errors="replace"))
        )
    return sorted(found)


def test_tone_normaliser_equals_underthesea_on_tables_and_corpus_words(words):
    from underthesea.pipeline.text_normalize import token_normalize

    ours = text._token_normalize()
    assert len(words) > 5000
    assert [w for w in words if ours(w) != token_normalize(w)] == []
    assert ours("hoà") == "hòa" and ours("Uỷ") == "Ủy" and ours("quý") == "quý"


def test_normalising_text_does_not_import_underthesea(tmp_path):
    code = (
        "import sys; from pipeline.core.text import normalize; "
        "assert normalize('Uỷ ban nhân dân, hoà giải') == 'Ủy ban nhân dân, hòa giải'; "
        "print('underthesea' in sys.modules)"
    )
    env = {
        "KETLUAN_CACHE": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "PYTHONHASHSEED": "0",
    }
    first, again = (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        ).stdout.strip()
        for _ in range(2)
    )
    assert first == "True"  # the tables are read from underthesea once
    assert again == "False"  # then from the project's cache
    assert len(list(tmp_path.glob("text-normalize-*.pickle"))) == 1
