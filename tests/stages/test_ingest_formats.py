"""A folder of documents as offices hold them: a scan, a Word 97 .doc, an .rtf, a .docx
and a PDF typed in legacy fonts, a text PDF. With every reader installed each file is
read (the scan marked as OCR'd); with none of the optional programs each file that needs
one is rejected with a reason that names the package, and the others are still read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import facsimile
from pipeline.readers import ocr, office
from pipeline.stages.ingest import IngestParams, ingest_paths

OFFICE = Path(__file__).resolve().parents[1] / "fixtures" / "office"
# a short notice written for this test
TEXT = """ỦY BAN NHÂN DÂN TỈNH TRÀ VINH
Số: 52/TB-UBND
Trà Vinh, ngày 14 tháng 3 năm 2017
THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp về nước sinh hoạt mùa khô
Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Ủy ban nhân dân các huyện rà soát các trạm cấp nước, báo cáo trước ngày 30/3/2017.
Sở Tài chính bố trí kinh phí chống hạn theo đề nghị của các địa phương.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An"""
OTHER = TEXT.replace("52/TB-UBND", "53/TB-UBND")  # the same text twice is a duplicate


def _folder(root: Path) -> Path:
    raw = root / "raw"
    raw.mkdir()
    facsimile.scan_pdf(TEXT, raw / "scan.pdf", dpi=150, seed=3)
    facsimile.legacy_docx(TEXT, raw / "vntime.docx", "tcvn3")
    facsimile.legacy_pdf(OTHER, raw / "vntime.pdf", "tcvn3")
    shutil.copy(OFFICE / "notice.doc", raw / "word97.doc")
    shutil.copy(OFFICE / "notice.rtf", raw / "notice.rtf")
    return raw


def _by_name(report: dict) -> dict[str, dict]:
    return {Path(f["source"]).name: f for f in report["files"]}


@pytest.mark.skipif(
    ocr.available() is not None or any(office.available().values()),
    reason="needs every reader: apt-get install tesseract-ocr tesseract-ocr-vie antiword "
    "catdoc libreoffice-writer-nogui",
)
def test_every_real_format_is_read(tmp_path):
    docs, report = ingest_paths([_folder(tmp_path)], IngestParams())
    files = _by_name(report)
    assert {n: f["status"] for n, f in files.items()} == dict.fromkeys(files, "processed")
    assert files["scan.pdf"]["format"] == "pdf+ocr"
    assert files["scan.pdf"]["ocr_pages"] == files["scan.pdf"]["pages"] == 1
    assert files["scan.pdf"]["ocr_confidence"] > 70
    assert (files["word97.doc"]["format"], files["word97.doc"]["encoding"]) == ("doc", "antiword")
    assert files["notice.rtf"]["format"] == "rtf"
    rows = docs.set_index(docs["source"].map(lambda s: Path(s).name))
    assert rows.loc["vntime.docx", "text"].split() == TEXT.split()
    assert rows.loc["vntime.pdf", "text"].split() == OTHER.split()
    assert rows.loc["scan.pdf", "number"] == "52/TB-UBND"
    assert "OCR: 1 of 1 page(s) read by Tesseract" in rows.loc["scan.pdf", "warnings"]


def test_without_optional_programs_each_file_says_what_to_install(tmp_path, monkeypatch):
    raw = _folder(tmp_path)
    monkeypatch.setattr(ocr, "available", lambda: "Tesseract not installed "
                        "(apt-get install tesseract-ocr tesseract-ocr-vie)")
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    docs, report = ingest_paths([raw], IngestParams())
    files = _by_name(report)
    assert {n: (f["status"], f.get("reason")) for n, f in files.items()} == {
        "scan.pdf": ("rejected", "scanned PDF not read: Tesseract not installed "
                     "(apt-get install tesseract-ocr tesseract-ocr-vie)"),
        "word97.doc": ("rejected", "Word document not read: antiword not installed "
                       "(apt-get install antiword catdoc)"),
        "notice.rtf": ("rejected", ".rtf not read: LibreOffice not installed "
                       "(apt-get install libreoffice-writer-nogui)"),
        "vntime.docx": ("processed", None),
        "vntime.pdf": ("processed", None),
    }
    assert report["counts"]["processed"] == len(docs) == 2
