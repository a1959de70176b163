"""Readers: one test per format, and every kind of bad input rejected with a reason."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from conftest import NOTICE, make_docx, make_pdf

from pipeline.readers import ReadError, read_file

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Thông báo</title>
<script>var x = "không lấy";</script></head><body>
<nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav>
<article><h1>THÔNG BÁO</h1>
<p>Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại Hội nghị tổng kết công tác năm 2019
và triển khai nhiệm vụ năm 2020 của tỉnh Kiên Giang.</p>
<p>Ngày 06/01/2020, Chủ tịch UBND tỉnh Trần Khắc Nghiêm chủ trì Hội nghị tổng kết
công tác chỉ đạo, điều hành năm 2019. Sở Kế hoạch và Đầu tư chủ trì, phối hợp với các
sở, ngành liên quan khẩn trương hoàn thành việc rà soát các dự án đầu tư công trước
ngày 31/3/2020.</p>
<table><tr><td>Sở Y tế</td>
<td>Hoàn thành tiêm chủng trước ngày 30/6/2020</td></tr></table>
</article><footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh</footer></body></html>"""


def test_read_file_txt_utf8(tmp_path):
    path = tmp_path / "tb.txt"
    path.write_text(NOTICE, encoding="utf-8")
    raw = read_file(path)
    assert (raw.format, raw.encoding, raw.warnings) == ("txt", "utf-8", [])
    assert raw.text == NOTICE


def test_read_file_txt_bom(tmp_path):
    path = tmp_path / "tb.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NOTICE.encode())
    raw = read_file(path)
    assert raw.encoding == "utf-8-sig" and raw.text.startswith("ỦY BAN")


def test_read_file_md_drops_heading_hashes_and_bold(tmp_path):
    path = tmp_path / "tb.md"
    path.write_text(
        "# THÔNG BÁO\n\n## 1. Đánh giá\n\n**Sở Y tế** khẩn trương báo cáo.\n",
        encoding="utf-8",
    )
    raw = read_file(path)
    assert raw.format == "md"
    assert raw.text == "THÔNG BÁO\n\n1. Đánh giá\n\nSở Y tế khẩn trương báo cáo.\n"


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_read_file_keeps_a_rule_of_underscores_whole(tmp_path, suffix):
    """The line offices type under the issuer's name is no bold mark: it once lost two
    underscores at each end, so ingest and the spaCy pipeline read different texts."""
    path = tmp_path / f"tb{suffix}"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\n________\n\n__Sở Tài chính__ báo cáo.\n",
        encoding="utf-8",
    )
    assert read_file(path).text == (
        "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\n________\n\nSở Tài chính báo cáo.\n"
    )


def test_read_file_docx_paragraphs_and_table_in_order(tmp_path):
    path = make_docx(
        tmp_path / "tb.docx",
        ["THÔNG BÁO", "Kết luận của Chủ tịch Uỷ ban nhân dân tỉnh", "Sở Y tế báo cáo."],
        table=[
            ["ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            ["Số: 127/TB-UBND", "Thanh Hóa, ngày 06 tháng 7 năm 2022"],
        ],
    )
    raw = read_file(path)
    assert (raw.format, raw.encoding) == ("docx", "docx")
    lines = [s for s in raw.text.split("\n") if s]
    assert lines == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH THANH HÓA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 127/TB-UBND",
        "Thanh Hóa, ngày 06 tháng 7 năm 2022",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch Uỷ ban nhân dân tỉnh",
        "Sở Y tế báo cáo.",
    ]


def test_read_file_docx_legacy_font_runs_converted(tmp_path):
    from conftest import legacy_bytes

    tcvn3 = legacy_bytes("Sở Kế hoạch và Đầu tư chủ trì rà soát.", "tcvn3").decode(
        "latin-1"
    )
    path = make_docx(tmp_path / "old.docx", [tcvn3], font=".VnTime")
    raw = read_file(path)
    assert raw.text == "Sở Kế hoạch và Đầu tư chủ trì rà soát."
    assert raw.warnings == ["converted runs in tcvn3 fonts"]


def test_read_file_pdf_pages_without_page_numbers(tmp_path):
    path = make_pdf(
        tmp_path / "tb.pdf",
        [
            [
                "THÔNG BÁO",
                "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh khẩn",
                "trương hoàn thành việc rà soát¹ trong tháng 7/2021.",
                "¹ Nghị quyết số 63/NQ-CP",
            ],
            ["Sở Y tế báo cáo kết quả."],
        ],
    )
    raw = read_file(path)
    assert (raw.format, raw.encoding) == ("pdf", "pdf")
    assert raw.text == (
        # the first line runs to the right edge of the text: the second continues it
        "THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh khẩn "
        "trương hoàn thành việc rà soát¹ trong tháng 7/2021.\n¹ Nghị quyết số 63/NQ-CP"
        "\n\nSở Y tế báo cáo kết quả."
    )


def test_read_file_html_main_text_and_table(tmp_path):
    path = tmp_path / "tb.html"
    path.write_text(HTML, encoding="utf-8")
    raw = read_file(path)
    assert raw.format == "html"
    assert "Trần Khắc Nghiêm chủ trì" in raw.text
    assert "Hoàn thành tiêm chủng trước ngày 30/6/2020" in raw.text
    assert "không lấy" not in raw.text and "Trang chủ" not in raw.text


def test_read_file_html_falls_back_to_all_text(tmp_path):
    path = tmp_path / "short.htm"
    path.write_text(
        "<html><body><p>Sở Y tế báo cáo.</p></body></html>", encoding="utf-8"
    )
    raw = read_file(path)
    assert raw.text.strip() == "Sở Y tế báo cáo."


def _corrupt_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<not-closed")


def _broken_symlink(path: Path) -> None:
    os.symlink(path.parent / "missing.txt", path)


def _sparse_50mb(path: Path) -> None:
    with path.open("wb") as fh:
        fh.truncate(50_000_000)


# fmt: off
BAD = [
    ("empty.txt",   lambda p: p.write_bytes(b""),                          "empty file"),  # noqa: E501
    ("blank.txt",   lambda p: p.write_bytes(b" \n\n \t\n"),                "no text"),
    ("binary.txt",  lambda p: p.write_bytes(b"PK\x03\x04\x00\x00" * 50),   "binary file (NUL bytes)"),  # noqa: E501
    ("ctrl.txt",    lambda p: p.write_bytes(bytes(range(1, 32)) * 40),     "binary file (control characters)"),  # noqa: E501
    ("unknown.txt", lambda p: p.write_bytes(bytes(range(0x80, 0x100)) * 20), "unknown encoding"),  # noqa: E501
    ("bad.docx",    _corrupt_docx,                                         "corrupt .docx (KeyError)"),  # noqa: E501
    ("zero.docx",   lambda p: p.write_bytes(b"not a zip file at all"),     "corrupt .docx (BadZipFile)"),  # noqa: E501
    ("bad.pdf",     lambda p: p.write_bytes(b"%PDF-1.4\n garbage \n%%EOF"), "corrupt PDF"),  # noqa: E501
    ("big.txt",     _sparse_50mb,                                          "file too large (50,000,000 bytes > 20,000,000)"),  # noqa: E501
    ("link.txt",    _broken_symlink,                                       "broken symlink"),  # noqa: E501
    ("notice.xls",  lambda p: p.write_text("Sở Y tế"),                     "unknown extension '.xls'"),  # noqa: E501
    ("README",      lambda p: p.write_text("Sở Y tế"),                     "unknown extension '(none)'"),  # noqa: E501
    ("folder.txt",  lambda p: p.mkdir(),                                   "is a directory"),  # noqa: E501
]
# fmt: on


@pytest.mark.parametrize(("name", "build", "reason"), BAD, ids=[b[0] for b in BAD])
def test_read_file_rejects_bad_input(tmp_path, name, build, reason):
    path = tmp_path / name
    build(path)
    with pytest.raises(ReadError) as err:
        read_file(path)
    assert err.value.reason.startswith(reason)
    assert "\n" not in err.value.reason


def test_read_file_rejects_scanned_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "scan.pdf"))
    pdf.rect(50, 50, 400, 600, fill=1)  # a drawing: no text layer and no image to read
    pdf.showPage()
    pdf.save()
    with pytest.raises(ReadError, match=r"^no text \(no text layer and no scanned page\)$"):
        read_file(tmp_path / "scan.pdf")


def test_read_file_respects_extension_list(tmp_path):
    path = tmp_path / "tb.html"
    path.write_text(HTML, encoding="utf-8")
    with pytest.raises(ReadError, match="unknown extension '.html'"):
        read_file(path, extensions=["txt", ".docx"])
