"""Readers of untrusted containers cannot take the process down: a crash, a loop, a memory
bomb, a zip bomb or a DTD in a .docx becomes a one-line rejection of that file only."""

from __future__ import annotations

import os
import signal
import time
import zipfile
from pathlib import Path

import pytest
from conftest import NOTICE, make_docx

from pipeline.readers import ReadError, read_file
from pipeline.readers.base import RawText
from pipeline.readers.isolate import Limits, read_isolated
from pipeline.readers.word import MAX_PARAGRAPHS

FAST = Limits(seconds=5, memory_mb=256)


def _segfault(path: Path) -> RawText:
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


def _loop(path: Path) -> RawText:
    while True:
        time.sleep(0.05)


def _hog(path: Path) -> RawText:
    hoard = [bytearray(64 * 2**20) for _ in range(64)]  # 4 GiB, far past the limit
    return RawText(str(len(hoard)), "txt", "utf-8")


def _raises(path: Path) -> RawText:
    raise ValueError("an internal parser error")


def _fine(path: Path) -> RawText:
    return RawText(path.read_text(encoding="utf-8"), "txt", "utf-8", ["a warning"])


def _refuses(path: Path) -> RawText:
    raise ReadError("corrupt thing (reason)")


CASES = [
    (_segfault, FAST, "reader crashed (SIGSEGV)"),
    (_loop, Limits(seconds=0.5, memory_mb=256), "reader timed out after 0.5 s"),
    (_hog, FAST, "reader ran out of memory (limit 256 MB)"),
    (_raises, FAST, "unreadable file (ValueError)"),
    (_refuses, FAST, "corrupt thing (reason)"),
]


@pytest.mark.parametrize(
    ("reader", "limits", "reason"), CASES, ids=lambda c: getattr(c, "__name__", "")
)
def test_isolated_reader_failures_become_one_line_rejections(
    tmp_path, reader, limits, reason
):
    path = tmp_path / "x.txt"
    path.write_text("văn bản", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ReadError) as err:
        read_isolated(reader, path, limits)
    assert err.value.reason == reason
    assert time.monotonic() - started < limits.seconds + 3
    assert "\n" not in err.value.reason


def test_isolated_reader_returns_the_childs_text_and_warnings(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Ủy ban nhân dân tỉnh", encoding="utf-8")
    raw = read_isolated(_fine, path, FAST)
    assert (raw.text, raw.warnings) == ("Ủy ban nhân dân tỉnh", ["a warning"])


def test_isolated_reader_leaves_no_child_behind(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ReadError):
        read_isolated(_loop, path, Limits(seconds=0.3, memory_mb=256))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child was reaped


def _docx_with_body(path: Path, body: bytes | None = None, stream=None) -> Path:
    """A .docx whose word/document.xml is ``body`` (or written by ``stream(member)``)."""
    base = make_docx(path.with_name("base.docx"), ["Thông báo kết luận"])
    with (
        zipfile.ZipFile(base) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, src.read(info))
        if stream is None:
            out.writestr("word/document.xml", body)
        else:
            with out.open("word/document.xml", "w", force_zip64=True) as member:
                stream(member)
    return path


W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def test_docx_zip_bomb_is_refused_by_streamed_size_fast(tmp_path):
    def zeros(member):  # 300 MB of one character: a few hundred KB compressed
        member.write(W)
        chunk = b"<w:p><w:r><w:t>" + b"a" * (1 << 20) + b"</w:t></w:r></w:p>"
        for _ in range(300):
            member.write(chunk)

    path = _docx_with_body(tmp_path / "bomb.docx", stream=zeros)
    assert path.stat().st_size < 5_000_000
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"^zip bomb \("):
        read_file(path)
    assert time.monotonic() - started < 10


def test_docx_with_a_dtd_is_refused_and_nothing_is_resolved(tmp_path):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + W
        + b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    with pytest.raises(ReadError) as err:
        read_file(_docx_with_body(tmp_path / "xxe.docx", xxe))
    assert err.value.reason == "DTD in .docx XML (refused)"


def test_docx_with_too_many_paragraphs_is_refused_before_parsing(tmp_path):
    body = W + b"<w:p/>" * (MAX_PARAGRAPHS + 1) + b"</w:body></w:document>"
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"^too many paragraphs"):
        read_file(_docx_with_body(tmp_path / "many.docx", body))
    assert time.monotonic() - started < 10


def test_docx_member_names_are_never_paths(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "ok.docx", NOTICE.splitlines())
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("../../evil.txt", "written outside?")
    monkeypatch.chdir(tmp_path)
    raw = read_file(path)
    assert "Kiên Giang" in raw.text
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("evil.txt").exists()


@pytest.mark.parametrize(
    ("name", "payload", "reason"),
    [
        (
            "loop.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF",
            "corrupt PDF",
        ),
        ("junk.html", b"<html>" + b"<div>" * 200_000, "no text in HTML"),
    ],
)
def test_hostile_containers_are_rejected_not_raised(tmp_path, name, payload, reason):
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(ReadError) as err:
        read_file(path)
    assert err.value.reason.startswith(reason) or err.value.reason.startswith("reader")


def _asks_for_time(path: Path) -> RawText:
    """A reader whose work grows page by page: it asks for time before each page."""
    from pipeline.readers.isolate import more_time

    for _ in range(3):
        more_time(1.0)
        time.sleep(0.5)
    return RawText("read", "txt", "utf-8")


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        (Limits(seconds=0.3, memory_mb=256, max_seconds=5), None),  # granted
        (Limits(seconds=0.3, memory_mb=256), "reader timed out after 0.3 s"),  # no extension
        (Limits(seconds=0.3, memory_mb=256, max_seconds=0.8), "reader timed out after 0.8 s"),
    ],
)
def test_a_reader_gets_more_time_up_to_the_ceiling(tmp_path, limits, reason):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    if reason is None:
        assert read_isolated(_asks_for_time, path, limits).text == "read"
    else:
        with pytest.raises(ReadError, match=f"^{reason}$"):
            read_isolated(_asks_for_time, path, limits)
