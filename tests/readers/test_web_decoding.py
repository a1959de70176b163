"""A web page is decoded by the reader (BOM, declared charset, UTF-8, legacy), not
guessed by the HTML parsers, which read a page without a charset as Latin-1."""

from __future__ import annotations

import pytest

from pipeline.readers import ReadError, read_file

BODY = "<p>Ủy ban nhân dân tỉnh Kiên Giang thông báo kết luận của Chủ tịch.</p>"
CASES = [
    ("no charset", f"<html><body>{BODY}</body></html>".encode()),
    ("declared utf-8", f'<html><head><meta charset="utf-8"></head><body>{BODY}</body></html>'.encode()),
    ("http-equiv", f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
                   f"</head><body>{BODY}</body></html>".encode()),
    ("unknown charset", f'<html><head><meta charset="x-no-such"></head><body>{BODY}</body></html>'.encode()),
    ("bom", b"\xef\xbb\xbf" + f"<html><body>{BODY}</body></html>".encode()),
    ("xml declaration", f'<?xml version="1.0" encoding="utf-8"?><html><body>{BODY}</body></html>'.encode()),
    ("utf-16", f"<html><body>{BODY}</body></html>".encode("utf-16")),
]


@pytest.mark.parametrize(("case", "data"), CASES, ids=[c for c, _ in CASES])
def test_vietnamese_page_is_decoded(tmp_path, case, data):
    path = tmp_path / "page.html"
    path.write_bytes(data)
    assert "Ủy ban nhân dân tỉnh Kiên Giang" in read_file(path).text


def test_a_page_of_no_break_spaces_is_no_text(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("\u00a0 \u3000\n\u2003" * 50, encoding="utf-8")
    with pytest.raises(ReadError):
        read_file(path)
