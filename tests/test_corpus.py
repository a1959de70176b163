"""The demonstration corpus: its spread (issue 3) and every annotation checked against
CONTRACT.md, TAXONOMY.md and the text of its notice."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline.core.paths import GOLD, LABELS, RAW, ROOT
from pipeline.core.text import fold
from pipeline.corpus import list_files
from pipeline.stages.ingest import IngestParams, load_notice

CODES = {"coordination", "disbursement", "site_clearance", "project_progress", "discipline",
         "admin_reform", "leadership", "epidemic", "public_order", "iuu_fishing", "business",
         "land_planning", "budget", "environment", "social_services", "digital", "other"}
ROLES = {"lead", "coordinate", "advise", "monitor", "implement"}
SEED = "corpus/raw/kien-giang/2021-07-07-kiem-diem-6-thang-2021.txt"
GOLD_FILES = sorted(GOLD.glob("*/*.gold.json"))
LABEL_ROWS = [json.loads(line) for line in
              (LABELS / "shortcomings.jsonl").read_text(encoding="utf-8").splitlines() if line]


@functools.cache
def notice_text(source: str) -> str:
    """The normalised text of a notice, as ingest makes it, for span checks; for a file
    built from corpus/src (a scan, a .doc ...), its text source, which the labels quote
    (how close the built file reads back is tested below)."""
    path = ROOT / source
    built = sorted((ROOT / "corpus/src" / path.parent.name).glob(f"{path.stem}.*.txt"))
    return _squash(load_notice(built[0] if built else path, IngestParams()).text)


def _squash(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _iso(value) -> bool:
    if value is None:
        return True
    dt.date.fromisoformat(value)
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def test_corpus_spread():
    files = list_files(RAW)
    sources = [str(f.relative_to(ROOT)) for f in files]
    assert len([s for s in sources if s != SEED]) >= 48
    ext = Counter(f.suffix for f in files)
    assert ext[".docx"] >= 3 and ext[".pdf"] >= 2 and ext[".html"] >= 2
    areas = {f.parent.name for f in files}
    assert {"kien-giang", "bac-giang", "thanh-hoa", "quang-ngai", "da-nang", "bo-nnptnt",
            "huyen-tan-hiep", "huyen-luc-nam"} <= areas
    years = {int(f.name[:4]) for f in files if f.name[:4].isdigit()}
    assert set(range(2019, 2026)) <= years


def test_corpus_has_each_broken_form():
    raw = {f.name: f.read_bytes() for f in list_files(RAW) if f.suffix in (".txt", ".md")}
    assert any(not _utf8(b) for b in raw.values()), "no legacy-encoded notice"
    assert any(_utf8(b) and "\u0301" in b.decode() for b in raw.values()), "no NFD notice"
    assert any(_utf8(b) and "Uỷ" in b.decode() for b in raw.values()), "no old tone placement"


def test_corpus_has_real_document_forms():
    """Scans, Word 97 .doc and legacy-font files, built from corpus/src (never from the
    test split), so that `make run` exercises every reader."""
    import pypdfium2 as pdfium
    from docx import Document

    files = list_files(RAW)
    scans, legacy_pdf = [], []
    for f in (f for f in files if f.suffix == ".pdf"):
        pdf = pdfium.PdfDocument(str(f))
        text = "".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
        pdf.close()
        if not text.strip():
            scans.append(f)
        elif "©" in text or "¸" in text:  # TCVN3 "â", "á" in Unicode clothing
            legacy_pdf.append(f)
    legacy_docx = [
        f for f in files if f.suffix == ".docx"
        if any((r.font.name or "").lower().startswith((".vn", "vni"))
               for p in Document(str(f)).paragraphs for r in p.runs)
    ]
    docs = [f for f in files if f.suffix == ".doc"]
    assert len(scans) >= 3 and len(docs) >= 2 and len(legacy_docx) >= 2 and legacy_pdf
    test_split = {Path(_gold(g)["file"]).stem for g in GOLD_FILES if g.parent.name == "test"}
    built = scans + docs + legacy_docx + legacy_pdf
    assert not {f.stem for f in built} & test_split


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def test_gold_counts():
    split = Counter(f.parent.name for f in GOLD_FILES)
    assert split["test"] >= 8
    assert split["dev"] + split["test"] >= 21
    assert "2021-07-07-kiem-diem-6-thang-2021.gold.json" in {f.name for f in GOLD_FILES}


def test_label_counts():
    assert len(LABEL_ROWS) >= 300
    per_code = Counter(c for row in LABEL_ROWS for c in row["codes"])
    thin = {c: per_code[c] for c in CODES - {"other"} if per_code[c] < 12}
    assert not thin, f"codes with fewer than 12 items: {thin}"


@pytest.mark.parametrize("row", LABEL_ROWS, ids=lambda r: f"{Path(r['source']).stem}:{r['text'][:20]}")
def test_label_row(row):
    assert set(row) >= {"source", "section", "text", "codes"}
    assert row["codes"] and set(row["codes"]) <= CODES
    assert "other" not in row["codes"] or len(row["codes"]) == 1
    assert _squash(row["text"]) in notice_text(row["source"])


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_schema(path):
    g = _gold(path)
    assert (ROOT / g["file"]).exists(), g["file"]
    n = g["notice"]
    assert {"number", "date", "issuer", "meeting_date", "chair_name"} <= set(n)
    assert _iso(n["date"]) and _iso(n["meeting_date"])
    assert all(isinstance(a, str) and a for a in g["agencies"])
    for r in g["legal_refs"]:
        assert {"id", "type", "date", "issuer"} <= set(r) and _iso(r["date"])
    for d in g["deadlines"]:
        assert _iso(d["date"]) and d["text"]
        assert d["date"] or d.get("recurrence") or d.get("note"), d
    ids = {r["id"] for r in g["legal_refs"] if r["id"]}
    for t in g["tasks"]:
        assert t["assignees"] and _iso(t["deadline"])
        assert all(a["role"] in ROLES for a in t["assignees"])
        assert all(a.get("role_alt") in ROLES | {None} for a in t["assignees"])
        assert set(t["legal_basis"]) <= ids, (t["legal_basis"], ids)
    for s in g["shortcomings"]:
        assert s["categories"] and set(s["categories"]) <= CODES


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_spans_are_in_the_notice(path):
    g = _gold(path)
    text = notice_text(g["file"])
    spans = [s["text"] for s in g["shortcomings"]] + [d["text"] for d in g["deadlines"]]
    spans += [t["text"] for t in g.get("targets", [])] + [p["name"] for p in g.get("people", [])]
    missing = [s for s in spans if _squash(s) not in text]
    assert not missing


def test_gold_canonical_names_are_consistent():
    names: dict[str, set[str]] = {}
    for path in GOLD_FILES:
        g = _gold(path)
        used = set(g["agencies"]) | {a["agency"] for t in g["tasks"] for a in t["assignees"]}
        for name in used:
            names.setdefault(fold(name), set()).add(name)
            assert not re.search(r"\b(UBND|HĐND|KH&ĐT|TN&MT|NN&PTNT|BQL|QLDA)\b", name), name
    clashes = {k: v for k, v in names.items() if len(v) > 1}
    assert not clashes


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_task_assignees_are_listed_agencies(path):
    g = _gold(path)
    listed = set(g["agencies"]) | set(g.get("_ambiguous", {}).get("agencies", []))
    assignees = {a["agency"] for t in g["tasks"] for a in t["assignees"]}
    assert assignees <= listed, assignees - listed


BUILT = sorted(
    s for s in (ROOT / "corpus/src").glob("*/*.*.txt")
    if s.name.removesuffix(".txt").rsplit(".", 1)[1] in ("doc", "tcvn3docx", "vnidocx", "tcvn3pdf", "scan")
)
_BUILT_EXT = {"doc": ".doc", "tcvn3docx": ".docx", "vnidocx": ".docx", "tcvn3pdf": ".pdf",
              "scan": ".pdf"}


@pytest.mark.parametrize("src", BUILT, ids=lambda s: s.name)
def test_built_documents_read_back(src):
    """Each .doc and legacy-font file of the demo corpus reads back to its text source
    (whitespace aside); each scan within 3% of its characters (OCR)."""
    from rapidfuzz.distance import Levenshtein

    from pipeline.readers import ocr

    stem, target = src.name.removesuffix(".txt").rsplit(".", 1)
    built = ROOT / "corpus/raw" / src.parent.name / (stem + _BUILT_EXT[target])
    if target == "doc" and shutil.which("antiword") is None:
        pytest.skip("needs antiword: apt-get install antiword catdoc")
    if target == "scan":
        if ocr.available() is not None:
            pytest.skip("needs Tesseract: apt-get install tesseract-ocr tesseract-ocr-vie")
    expected = _squash(load_notice(src, IngestParams()).text)
    notice = load_notice(built, IngestParams())
    got = _squash(notice.text)
    if target == "scan":
        assert notice.format == "pdf+ocr" and notice.ocr_pages == notice.pages
        assert Levenshtein.distance(expected, got) <= 0.03 * len(expected)
    else:
        assert got == expected
