"""PDFs printed from documents typed in legacy fonts: the text layer is TCVN3 or VNI in
Unicode clothing. With the font names kept (.VnTime, .VnTimeH, VNI-Times), runs are
converted by font, capitals included; without them, line by line by content."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from pipeline import facsimile
from pipeline.readers import read_file
from pipeline.readers.legacy import encode

TEXT = """ỦY BAN NHÂN DÂN TỈNH VĨNH LONG
Số: 31/TB-UBND
THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về tiến độ dự án đường vành đai
Ủy ban nhân dân huyện Long Hồ khẩn trương hoàn thành bồi thường trước ngày 30/4/2016.
Sở Giao thông vận tải chủ trì, phối hợp với Sở Tài chính thẩm định dự toán.
Nơi nhận:
- Lưu: VT."""


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_font_pdf_reads_back_exactly(tmp_path, encoding):
    path = tmp_path / "notice.pdf"
    facsimile.legacy_pdf(TEXT, path, encoding)
    raw = read_file(path)
    assert raw.text.split() == TEXT.split()  # "Ủy" in a mixed-case line included
    assert raw.warnings == [f"converted runs in {encoding} fonts"]


def test_legacy_text_layer_without_font_names_is_converted_by_content(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    sans = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont("PlainSans", str(sans)))
    path = tmp_path / "renamed-fonts.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.setFont("PlainSans", 11)
    body = TEXT.split("\n")[4:6]
    for i, line in enumerate(body):
        pdf.drawString(40, 780 - 16 * i, encode(line, "tcvn3"))
    pdf.save()
    raw = read_file(path)
    assert "converted lines from tcvn3" in raw.warnings
    # without the .VnTimeH font a toned capital cannot be told from its small letter
    assert lines(raw.text) == [body[0].replace("Ủy", "ủy", 1), body[1]]
