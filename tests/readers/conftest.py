"""Builders for reader tests: every test file is made in tmp_path by the tests."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import matplotlib
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below

NOTICE = """ỦY BAN NHÂN DÂN
TỈNH KIÊN GIANG

Số: 05/TB-UBND

Kiên Giang, ngày 09 tháng 01 năm 2020

THÔNG BÁO

Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại Hội nghị tổng kết năm 2019

Ngày 06/01/2020, Chủ tịch UBND tỉnh Trần Khắc Nghiêm chủ trì Hội nghị tổng kết công
tác chỉ đạo, điều hành năm 2019. Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các sở,
ngành liên quan khẩn trương hoàn thành việc rà soát các dự án đầu tư công trước
ngày 31/3/2020.
"""


@pytest.fixture
def seed_text() -> str:
    """The seed notice (a copy kept in tests/fixtures)."""
    return (FIXTURES / "seed.txt").read_text(encoding="utf-8")


def legacy_bytes(text: str, encoding: str) -> bytes:
    """Encode ``text`` in TCVN3 or VNI by inverting viparse's own table."""
    from viparse.normalize.tcvn3 import TCVN3
    from viparse.normalize.vni import VNI

    charmap = {"tcvn3": TCVN3, "vni": VNI}[encoding]
    inverse: dict[str, str] = {}
    for legacy, uni in charmap.pairs:
        inverse.setdefault(uni, legacy)
    # TCVN3 has no upper-case toned letters: capitals are typed with lower-case bytes.
    out = (inverse.get(c) or inverse.get(c.lower(), c) for c in text)
    return "".join(out).encode("latin-1")


def cp1258_bytes(text: str) -> bytes:
    """Encode ``text`` in Windows-1258: base letters precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def make_docx(
    path: Path,
    paragraphs: list[str],
    table: list[list[str]] | None = None,
    font: str | None = None,
) -> Path:
    """A Word file: a header table (when given), then one paragraph per string."""
    import docx

    document = docx.Document()
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    for text in paragraphs:
        run = document.add_paragraph().add_run(text)
        if font:
            run.font.name = font
    document.save(str(path))
    return path


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF drawn by reportlab in matplotlib's DejaVu Sans, numbered at the foot."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
    pdfmetrics.registerFont(TTFont("DejaVuSans", font))
    pdf = canvas.Canvas(str(path))
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("DejaVuSans", 10)
        for i, line in enumerate(lines):
            pdf.drawString(50, 800 - 14 * i, line)
        pdf.drawString(300, 30, str(number))
        pdf.showPage()
    pdf.save()
    return path
