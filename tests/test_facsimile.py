"""Facsimiles: scans are deterministic image-only PDFs with a seal, .doc and
legacy-font files carry the notice's text."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess

import numpy as np
import pypdfium2 as pdfium
import pytest

from pipeline.facsimile import A4_INCHES, doc_file, legacy_docx, legacy_pdf, scan_pdf

# written for these tests, in the form of a district office's notice
NOTICE = """UBND HUYỆN MINH HÒA
VĂN PHÒNG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 17/TB-VP

Minh Hòa, ngày 04 tháng 3 năm 2024

THÔNG BÁO

Kết luận của Chủ tịch UBND huyện tại cuộc họp về sửa chữa trường học trước mùa mưa

Ngày 01/3/2024, Chủ tịch UBND huyện chủ trì cuộc họp nghe Phòng Giáo dục và Đào tạo báo cáo tình hình các phòng học xuống cấp.

Chủ tịch UBND huyện kết luận:

1. Phòng Giáo dục và Đào tạo rà soát, lập danh sách phòng học cần sửa chữa, gửi Phòng Tài chính - Kế hoạch trước ngày 20/3/2024.

2. Phòng Tài chính - Kế hoạch cân đối nguồn vốn, tham mưu UBND huyện bố trí kinh phí trong tháng 4/2024.

Văn phòng UBND huyện thông báo để các cơ quan, đơn vị biết, thực hiện./.

Nơi nhận:
- Chủ tịch, các PCT UBND huyện;
- Phòng GD&ĐT, Phòng TC-KH;
- Lưu: VT.

KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG

Trần Thị Thu Hằng
"""
DPI = 100  # small pages keep the tests fast; the layout scales with the dpi


def _words(text: str) -> list[str]:
    return text.split()


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scans")
    first, second = folder / "a.pdf", folder / "b.pdf"
    scan_pdf(NOTICE, first, dpi=DPI, seed=3)
    scan_pdf(NOTICE, second, dpi=DPI, seed=3)
    return first, second


def test_facsimile_scan_is_deterministic(scans, tmp_path):
    first, second = scans
    assert first.read_bytes() == second.read_bytes()
    other = tmp_path / "other.pdf"
    scan_pdf(NOTICE, other, dpi=DPI, seed=4)
    assert other.read_bytes() != first.read_bytes()


def test_facsimile_scan_has_no_text_layer(scans):
    pdf = pdfium.PdfDocument(str(scans[0]))
    try:
        assert len(pdf) >= 1
        for page in pdf:
            textpage = page.get_textpage()
            assert textpage.get_text_bounded().strip() == ""
            kinds = {obj.type for obj in page.get_objects()}
            assert kinds == {pdfium.raw.FPDF_PAGEOBJ_IMAGE}
    finally:
        pdf.close()


def _page_images(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        images = []
        for page in pdf:
            (obj,) = list(page.get_objects())
            images.append((page.get_size(), obj.get_bitmap().to_pil().convert("RGB")))
        return images
    finally:
        pdf.close()


def test_facsimile_scan_page_size_matches_dpi(scans):
    for (width_pt, height_pt), image in _page_images(scans[0]):
        expected = (round(A4_INCHES[0] * DPI), round(A4_INCHES[1] * DPI))
        assert image.size == expected
        assert (round(width_pt), round(height_pt)) == (595, 842)  # A4 in points


def test_facsimile_scan_has_red_seal_over_signature(scans):
    _, image = _page_images(scans[0])[-1]
    rgb = np.asarray(image, dtype=np.int16)
    red = (
        (rgb[..., 0] > 150)
        & (rgb[..., 0] - rgb[..., 1] > 60)
        & (rgb[..., 0] - rgb[..., 2] > 60)
    )
    assert red.sum() > 200
    ys, xs = np.nonzero(red)
    h, w = red.shape
    # the signature block is typeset in the right half, below the recipients
    assert w * 0.35 < xs.mean() < w * 0.95
    assert ys.mean() > h * 0.4


def test_facsimile_doc_file_reads_back_with_antiword(tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("needs LibreOffice: apt-get install libreoffice-writer-nogui")
    if shutil.which("antiword") is None:
        pytest.skip("needs antiword: apt-get install antiword")
    out = tmp_path / "notice.doc"
    doc_file(NOTICE, out)
    assert out.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # OLE2 (Word 97)
    text = subprocess.run(
        ["antiword", "-m", "UTF-8.txt", str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert _words(text) == _words(NOTICE)


legacy = pytest.mark.skipif(
    importlib.util.find_spec("pipeline.readers.legacy") is None,
    reason="pipeline.readers.legacy (the legacy-encoding reader) not yet written",
)


def _same(text: str, notice: str, encoding: str) -> bool:
    """Equal words; TCVN3 has no upper-case toned letters ("CỘNG" is written with the
    lower-case "é" and drawn as a capital by the .VnTimeH font), so without the font its
    text compares in lower case."""
    if encoding == "tcvn3":
        text, notice = text.casefold(), notice.casefold()
    return _words(text) == _words(notice)


def _runs(path) -> list[tuple[str, str | None]]:
    from docx import Document

    return [
        (run.text, run.font.name)
        for para in Document(str(path)).paragraphs
        for run in para.runs
    ]


@legacy
@pytest.mark.parametrize(
    "encoding",
    ["tcvn3", "vni"],
)
def test_facsimile_legacy_docx_wears_legacy_clothing(tmp_path, encoding):
    from pipeline.readers.legacy import convert_lines, convert_text

    out = tmp_path / "notice.docx"
    legacy_docx(NOTICE, out, encoding)
    runs = _runs(out)
    raw = "\n".join(text for text, _ in runs)
    assert _words(raw) != _words(NOTICE)
    assert "Ủy ban" not in raw and "Chủ tịch" not in raw
    fonts = {font for _, font in runs}
    assert fonts == ({"VNI-Times"} if encoding == "vni" else {".VnTime", ".VnTimeH"})
    # the font names the encoding: the .docx reader passes it as the hint
    assert _same(convert_lines(raw, encoding)[0], NOTICE, encoding)
    back = "\n".join(
        convert_text(text, encoding, upper=font == ".VnTimeH") for text, font in runs
    )
    assert _same(back, NOTICE, encoding)


@legacy
def test_facsimile_legacy_pdf_text_layer_is_tcvn3(tmp_path):
    from pipeline.readers.legacy import convert_lines

    out = tmp_path / "notice.pdf"
    legacy_pdf(NOTICE, out, "tcvn3")
    pdf = pdfium.PdfDocument(str(out))
    try:
        raw = "\n".join(page.get_textpage().get_text_bounded() for page in pdf)
    finally:
        pdf.close()
    assert "Chñ tÞch" in raw  # "Chủ tịch" in TCVN3
    assert _same(convert_lines(raw)[0], NOTICE, "tcvn3")
