"""Word 97-2003 .doc (antiword, then catdoc), .rtf and .odt (LibreOffice), and files
portals name .doc that are something else. The fixtures in tests/fixtures/office were
typed for these tests (tests/fixtures/office/README.md)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.readers import ReadError, office, read_file

OFFICE = Path(__file__).resolve().parents[1] / "fixtures" / "office"
LINES = [
    "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
    "Số: 77/TB-UBND",
    "THÔNG BÁO",
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc về chuyển đổi số",
    "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ rà soát thủ tục hành"
    " chính trực tuyến, báo cáo trước ngày 30/9/2025.",
    "Ủy ban nhân dân các xã, phường bố trí đủ cán bộ tiếp nhận hồ sơ; hoàn thành trong"
    " quý IV năm 2025.",
    "Sở Tài chính",  # a table: one line per cell
    "Bảo đảm kinh phí",
]
needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None, reason="needs antiword: apt-get install antiword catdoc"
)
needs_catdoc = pytest.mark.skipif(
    shutil.which("catdoc") is None, reason="needs catdoc: apt-get install antiword catdoc"
)
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="needs LibreOffice: apt-get install libreoffice-writer-nogui",
)


def lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", ln).strip() for ln in text.split("\n") if ln.strip()]


@needs_antiword
def test_doc_by_antiword():
    raw = read_file(OFFICE / "notice.doc")
    assert (raw.format, raw.encoding) == ("doc", "antiword")
    assert lines(raw.text) == LINES


@needs_catdoc
def test_doc_by_catdoc_when_antiword_is_missing(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(office.shutil, "which", lambda n: None if n == "antiword" else real(n))
    raw = read_file(OFFICE / "notice.doc")
    assert raw.encoding == "catdoc"
    # catdoc keeps the paragraphs but drops this file's table: antiword comes first
    assert lines(raw.text) == LINES[:6]


def test_doc_without_converters_names_the_package(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda n: None)
    with pytest.raises(ReadError) as err:
        read_file(OFFICE / "notice.doc")
    assert err.value.reason == (
        "Word document not read: antiword not installed (apt-get install antiword catdoc)"
    )


@needs_libreoffice
@pytest.mark.parametrize("name", ["notice.rtf", "notice.odt"])
def test_rtf_and_odt_by_libreoffice(name):
    raw = read_file(OFFICE / name)
    assert raw.encoding == "libreoffice"
    assert " ".join(lines(raw.text)).split() == " ".join(LINES).split()


def test_rtf_without_libreoffice_names_the_package(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda n: None)
    with pytest.raises(ReadError) as err:
        read_file(OFFICE / "notice.rtf")
    assert err.value.reason == (
        ".rtf not read: LibreOffice not installed (apt-get install libreoffice-writer-nogui)"
    )


def test_docx_named_doc_is_read_as_docx():
    raw = read_file(OFFICE / "docx-named.doc")
    assert raw.format == "doc"
    assert "file is .docx" in raw.warnings
    assert lines(raw.text)[:6] == LINES[:6]


@needs_libreoffice
def test_rtf_named_doc_is_read_as_rtf():
    raw = read_file(OFFICE / "rtf-named.doc")
    assert "file is RTF" in raw.warnings
    assert "Sở Khoa học và Công nghệ chủ trì" in raw.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"just some bytes, not a document", "not a Word document"),
        (office.OLE2 + b"\x00" * 600, "Word document not read"),  # a broken OLE2 file
    ],
)
def test_not_a_word_document_is_one_line(tmp_path, content, reason):
    if content.startswith(office.OLE2) and shutil.which("antiword") is None:
        pytest.skip("needs antiword: apt-get install antiword catdoc")
    path = tmp_path / "broken.doc"
    path.write_bytes(content)
    with pytest.raises(ReadError) as err:
        read_file(path)
    assert err.value.reason.startswith(reason)
    assert "\n" not in err.value.reason and str(tmp_path) not in err.value.reason
