"""Scanned PDFs: OCR page by page, the repairs OCR'd text needs, and a clear rejection
when Tesseract is missing. Every image is drawn by the test from sentences written here."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.readers import ReadError, read_file
from pipeline.readers import ocr as tesseract
from pipeline.readers.ocrfix import (
    place_names,
    repair_ocr,
    roman_numbering,
    superscript_footnotes,
)
from pipeline.readers.pdf import OcrParams, read_pdf, usable

SERIF = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSerif.ttf"
PAGE_ONE = [
    "ỦY BAN NHÂN DÂN TỈNH BẾN TRE",
    "Số: 41/TB-UBND",
    "THÔNG BÁO",
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về công tác",
    "phòng, chống hạn mặn mùa khô năm 2024",
]
PAGE_TWO = [
    "Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp",
    "với Ủy ban nhân dân các huyện rà soát các cống ngăn mặn, báo cáo",
    "kết quả trước ngày 15/3/2024.",
]
needs_ocr = pytest.mark.skipif(
    tesseract.available() is not None,
    reason="needs Tesseract with Vietnamese: apt-get install tesseract-ocr tesseract-ocr-vie",
)


def page_image(lines: list[str], dpi: int = 300, angle: float = 0.0, stamp: bool = False):
    """An A4 page with ``lines`` typeset in a serif font, optionally turned and stamped."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(SERIF), int(13 / 72 * dpi))
    y = int(1.0 * dpi)
    for line in lines:
        draw.text((int(0.9 * dpi), y), line, fill="black", font=font)
        y += int(13 / 72 * dpi * 1.6)
    if stamp:  # a red ring over the text, as a seal over a signature
        r = int(0.8 * dpi)
        cx, cy = width // 2, int(1.2 * dpi)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(215, 35, 35), width=dpi // 25)
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")


def image_pdf(pages: list[Image.Image], out: Path, dpi: int = 300) -> Path:
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=dpi)
    return out


# --- repairs: each a table ----------------------------------------------------------

@pytest.mark.parametrize(
    ("ocr_text", "repaired"),
    [
        ("Ðà Lạt, ngày 05 tháng 3", "Đà Lạt, ngày 05 tháng 3"),  # U+00D0 eth
        ("ÐỘC LẬP", "ĐỘC LẬP"),
        ("Ɖồng Nai", "Đồng Nai"),  # U+0189 African D
        ("ðồng chí", "đồng chí"),
        ("ngày l5 tháng O6 năm 2O24", "ngày 15 tháng 06 năm 2024"),
        ("Số: 1O3/TB-UBND", "Số: 103/TB-UBND"),
        ("Nghị quyết số I0/NQ-CP", "Nghị quyết số 10/NQ-CP"),
        ("Khoản 2l Điều 5", "Khoản 21 Điều 5"),
        ("Chỉ thị số 03- CT/TU", "Chỉ thị số 03-CT/TU"),
        ("Số: 12 /TB-VPCP", "Số: 12/TB-VPCP"),
        ("tha \u0300nh phố", "thành phố"),  # a tone mark cut off its vowel
        ("Ha` Nội", "Hà Nội"),  # a spacing grave accent
        ("ca´c sở", "các sở"),
    ],
)
def test_ocr_repairs(ocr_text, repaired):
    assert repair_ocr(ocr_text) == repaired


@pytest.mark.parametrize(
    ("ocr_text", "repaired"),
    [
        ("Một số sở _ ngành | còn chậm", "Một số sở ngành còn chậm"),  # lone specks
        ("Giao Sở Y tế\n: -_\n- Sở Tài chính;", "Giao Sở Y tế\n- Sở Tài chính;"),
        ("“Hình thức” còn nặng", "“Hình thức” còn nặng"),  # quotes that belong stay
    ],
)
def test_ocr_specks_are_dropped(ocr_text, repaired):
    assert repair_ocr(ocr_text) == repaired


@pytest.mark.parametrize(
    ("ocr_text", "lifted"),
    [
        # "¹" read as "!", "²" as "?": markers and footnote lines
        ("Thu đạt 20 tỷ đồng!. Xuất khẩu 5 tỷ USD?.\n! Theo Báo cáo số 152/BC.\n"
         "? Chi tiết tại phụ lục.",
         "Thu đạt 20 tỷ đồng¹. Xuất khẩu 5 tỷ USD².\n¹ Theo Báo cáo số 152/BC.\n"
         "² Chi tiết tại phụ lục."),
        # read as digits: a digit after a letter is the marker
        ("Theo Nghị quyết 68/NQ-CP1 của Chính phủ.\n1 Nghị quyết số 68/NQ-CP.",
         "Theo Nghị quyết 68/NQ-CP¹ của Chính phủ.\n¹ Nghị quyết số 68/NQ-CP."),
        # no marker for a digit: a sentence that starts with a figure stays
        ("Toàn tỉnh có:\n15 Xã đạt chuẩn nông thôn mới.",
         "Toàn tỉnh có:\n15 Xã đạt chuẩn nông thôn mới."),
        # an exponent is no marker, and numbering must start at 1
        ("Diện tích 300 m2 đất.\n2 Vắng: ông A.", "Diện tích 300 m2 đất.\n2 Vắng: ông A."),
        # after the first, a footnote continues the sequence even if its marker was lost
        ("Theo Báo cáo!. Vắng mặt..\n! Báo cáo số 7/BC.\n2 Vắng: ông A.",
         "Theo Báo cáo¹. Vắng mặt..\n¹ Báo cáo số 7/BC.\n² Vắng: ông A."),
        # ... or after one or two lost to the scan ("⁴" read as "+"), not further
        ("Theo Báo cáo!.\n! Báo cáo số 7/BC.\n+ Thông báo số 3.\n3 Chỉ thị 8.\n7 Tờ trình 9.",
         "Theo Báo cáo¹.\n¹ Báo cáo số 7/BC.\n+ Thông báo số 3.\n³ Chỉ thị 8.\n7 Tờ trình 9."),
    ],
)
def test_ocr_footnotes_become_superscript(ocr_text, lifted):
    assert superscript_footnotes(ocr_text) == lifted


@pytest.mark.parametrize(
    ("ocr_text", "repaired"),
    [
        # a numeral a stroke short repeats the one before it
        ("I. KẾT QUẢ\nII. HẠN CHẾ\nII. NHIỆM VỤ", "I. KẾT QUẢ\nII. HẠN CHẾ\nIII. NHIỆM VỤ"),
        ("I. KẾT QUẢ\nH. HẠN CHẾ", "I. KẾT QUẢ\nII. HẠN CHẾ"),  # "H" for "II"
        # a capitals heading whose numeral lost its dot or gained specks
        ("I. KẾT QUẢ\nIL KHÓ KHĂN, VƯỚNG MẮC\n-_ HIL NHIỆM VỤ TỚI",
         "I. KẾT QUẢ\nII. KHÓ KHĂN, VƯỚNG MẮC\nIII. NHIỆM VỤ TỚI"),
        ("(¡) một\n(i1) hai\n(ii) ba", "(i) một\n(ii) hai\n(iii) ba"),  # items
        # left alone: a sequence that starts late, Arabic headings, no sequence at all
        ("II. HẠN CHẾ\nIII. NHIỆM VỤ", "II. HẠN CHẾ\nIII. NHIỆM VỤ"),
        ("I. KẾT QUẢ\n1. NHIỆM VỤ CHUNG", "I. KẾT QUẢ\n1. NHIỆM VỤ CHUNG"),
        ("1. Kết quả\n2. Hạn chế", "1. Kết quả\n2. Hạn chế"),
    ],
)
def test_ocr_roman_numbering(ocr_text, repaired):
    assert roman_numbering(ocr_text) == repaired


@pytest.mark.parametrize(
    ("ocr_text", "repaired"),
    [
        ("UBND huyện Nghỉ Lộc, huyện Diễn Châu", "UBND huyện Nghi Lộc, huyện Diễn Châu"),
        ("ỦY BAN NHÂN DÂN TĨNH NGHỆ AN", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"),  # the unit word too
        ("tình Nghệ An", "tỉnh Nghệ An"),
        ("Tình hình kinh tế tỉnh", "Tình hình kinh tế tỉnh"),  # no place after it
        ("huyện Lạc Dương mới", "huyện Lạc Dương mới"),  # already right
    ],
)
def test_ocr_place_names_by_gazetteer(ocr_text, repaired):
    assert place_names(ocr_text) == repaired


@pytest.mark.parametrize(
    "kept",
    [
        "Phần II. Nhiệm vụ trọng tâm",  # Roman numerals have no digit
        "lo lắng, Ol, IO",  # words
        "COVID-19 và 63/NQ-CP",
        "từ 5 - 10 ngày; Độc lập - Tự do - Hạnh phúc",
        "Điều l",  # a lone letter is not a number
    ],
)
def test_ocr_repairs_leave_words_alone(kept):
    assert repair_ocr(kept) == kept


# --- layout of Tesseract's words ----------------------------------------------------

def _tsv(rows: list[tuple[int, int, int, int, int, str]]) -> str:
    """TSV rows (block, paragraph, line, left, width, word) as Tesseract writes them."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    out = [head]
    for n, (block, par, line, left, width, word) in enumerate(rows):
        out.append(f"5\t1\t{block}\t{par}\t{line}\t{n}\t{left}\t{100 * line}\t{width}\t40\t90\t{word}")
    return "\n".join(out) + "\n"


def test_wrapped_lines_join_and_short_lines_stay():
    rows = [
        (1, 1, 1, 100, 300, "THÔNG"), (1, 1, 1, 420, 200, "BÁO"),  # a short line
        (2, 1, 1, 100, 900, "Giao"), (2, 1, 1, 1020, 980, "Sở"),  # runs to the edge
        (2, 1, 2, 100, 400, "Tài"), (2, 1, 2, 520, 300, "chính."),  # wrapped there
        (2, 1, 3, 100, 200, "-"), (2, 1, 3, 320, 1700, "Sở"),  # full, sentence not ended
        (2, 1, 4, 100, 60, "a)"), (2, 1, 4, 180, 300, "mục"),  # a list item stays apart
    ]
    page = tesseract.parse_tsv(_tsv(rows))
    assert page.text == "THÔNG BÁO\n\nGiao Sở Tài chính.\n- Sở\na) mục"
    assert (page.words, page.confidence) == (10, 90.0)


def test_a_line_that_ends_short_is_not_joined():
    rows = [
        (1, 1, 1, 100, 900, "Nơi"), (1, 1, 1, 1020, 300, "nhận:"),  # ends far from the edge
        (1, 1, 2, 100, 300, "Thường"), (1, 1, 2, 420, 1580, "trực"),  # "Thường" would fit
        (1, 1, 3, 100, 300, "kinh"), (1, 1, 3, 420, 1580, "tế"),  # full, unfinished
        (1, 1, 4, 100, 60, "-"), (1, 1, 4, 180, 300, "xã"),  # a spaced hyphen, not an item
    ]
    assert tesseract.parse_tsv(_tsv(rows)).text == "Nơi nhận:\nThường trực kinh tế - xã"


# --- page cleaning ------------------------------------------------------------------

@pytest.mark.parametrize("angle", [-1.4, -0.6, 0.8, 1.5])
def test_skew_is_found(angle):
    page = page_image(PAGE_ONE + PAGE_TWO, dpi=150, angle=angle)
    grey = Image.fromarray(np.asarray(page.convert("L")))
    assert tesseract.skew_angle(grey) == pytest.approx(-angle, abs=0.25)


def test_red_stamp_is_dropped_and_black_text_kept():
    page = page_image(PAGE_ONE, dpi=100, stamp=True)
    grey = np.asarray(tesseract.drop_colour(page))
    rgb = np.asarray(page)
    red = (rgb[..., 0] > 150) & (rgb[..., 1] < 90)
    black = rgb.max(axis=2) < 60
    assert red.sum() > 500 and black.sum() > 500
    assert grey[red].min() > 150  # the ring is pale: Tesseract's threshold drops it
    assert np.median(grey[black]) < 80


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("", False),
        ("12", False),  # a page number
        ("Sở Tài chính chủ trì, phối hợp với các sở.", True),
        ("\ue010\ue011\ue012" * 20, False),  # private-use glyphs of a font without a map
        ("§¶•·" * 30 + "ab", False),  # symbols
    ],
)
def test_text_layer_usable(text, ok):
    assert usable(text) is ok


# --- reading scans ------------------------------------------------------------------

@needs_ocr
def test_scanned_pdf_is_read_by_ocr(tmp_path):
    pdf = image_pdf(
        [page_image(PAGE_ONE, angle=1.2, stamp=True), page_image(PAGE_TWO, angle=-0.7)],
        tmp_path / "scan.pdf",
    )
    raw = read_file(pdf)
    assert raw.format == "pdf+ocr"
    assert (raw.pages, raw.ocr_pages) == (2, 2)
    assert raw.ocr_confidence > 80
    assert raw.ocr_seconds > 0
    assert "Số: 41/TB-UBND" in raw.text
    assert "Sở Nông nghiệp và Phát triển nông thôn chủ trì" in raw.text
    assert "15/3/2024" in raw.text
    assert any(w.startswith("OCR: 2 of 2 page(s) read by Tesseract") for w in raw.warnings)


@needs_ocr
def test_text_pages_keep_their_layer_and_only_the_scan_is_ocrd(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    sans = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont("DejaVuT", str(sans)))
    typed = tmp_path / "typed.pdf"
    c = canvas.Canvas(str(typed))
    c.setFont("DejaVuT", 11)
    for i, line in enumerate(PAGE_ONE):
        c.drawString(70, 760 - 18 * i, line)
    c.showPage()
    c.save()
    scan = image_pdf([page_image(PAGE_TWO)], tmp_path / "scan.pdf")
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    for part in (typed, scan):
        src = pdfium.PdfDocument(str(part))
        merged.import_pages(src)
        src.close()
    out = tmp_path / "signed-with-scanned-appendix.pdf"
    merged.save(str(out))
    merged.close()
    raw = read_file(out)
    assert (raw.format, raw.pages, raw.ocr_pages) == ("pdf+ocr", 2, 1)
    # the text layer, word for word (its wrapped title line is joined by layout)
    assert raw.text.split()[: len(" ".join(PAGE_ONE).split())] == " ".join(PAGE_ONE).split()
    assert "rà soát các cống ngăn mặn" in raw.text


def test_scan_without_tesseract_is_rejected_naming_the_packages(tmp_path, monkeypatch):
    monkeypatch.setattr(tesseract, "available", lambda: "Tesseract not installed "
                        "(apt-get install tesseract-ocr tesseract-ocr-vie)")
    pdf = image_pdf([page_image(PAGE_ONE, dpi=72)], tmp_path / "scan.pdf", dpi=72)
    with pytest.raises(ReadError) as err:
        read_file(pdf)
    assert err.value.reason == (
        "scanned PDF not read: Tesseract not installed "
        "(apt-get install tesseract-ocr tesseract-ocr-vie)"
    )


def test_ocr_turned_off_is_a_clear_rejection(tmp_path):
    pdf = image_pdf([page_image(PAGE_ONE, dpi=72)], tmp_path / "scan.pdf", dpi=72)
    with pytest.raises(ReadError, match=r"^scanned PDF not read: OCR turned off \(ingest.ocr\)$"):
        read_pdf(pdf, OcrParams(enabled=False))


@needs_ocr
def test_pages_past_the_limit_are_named(tmp_path):
    pages = [page_image(PAGE_ONE, dpi=150), page_image(PAGE_TWO, dpi=150)] * 2
    pdf = image_pdf(pages, tmp_path / "long.pdf", dpi=150)
    raw = read_pdf(pdf, OcrParams(dpi=150, max_pages=2))
    assert raw.ocr_pages == 2
    assert "pages 3-4 not read by OCR (ingest.ocr_max_pages 2, ingest.ocr_seconds 200)" in raw.warnings


def test_a_document_number_cut_at_its_hyphen_is_joined_whole():
    rows = [
        (1, 1, 1, 100, 1500, "Nghị"), (1, 1, 1, 1620, 380, "63/NQ-"),  # to the edge
        (1, 1, 2, 100, 120, "CP"), (1, 1, 2, 240, 900, "ngày"),
    ]
    assert tesseract.parse_tsv(_tsv(rows)).text == "Nghị 63/NQ-CP ngày"
