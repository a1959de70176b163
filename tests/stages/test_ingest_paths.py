"""Every path under the corpus folder is accounted for: read, ignored or rejected with a
one-line reason; nothing is followed out of the folder, nothing hangs on a special file."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from pipeline.core.paths import ROOT
from pipeline.corpus import file_key, printable, scan
from pipeline.stages.ingest import IngestParams, ingest_paths, main

SEED = ROOT / "tests" / "fixtures" / "seed.txt"
PARAMS = IngestParams()


def _tree(root: Path) -> Path:
    raw = root / "raw"
    (raw / "tinh").mkdir(parents=True)
    shutil.copy(SEED, raw / "tinh" / "a.txt")
    outside = root / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(
        "Ủy ban nhân dân tỉnh — không thuộc kho", encoding="utf-8"
    )
    (raw / "link-out.txt").symlink_to(outside / "secret.txt")
    (raw / "link-in.txt").symlink_to(raw / "tinh" / "a.txt")
    (raw / "linked-folder").symlink_to(outside)
    (raw / "x.txt").mkdir()  # a folder named like a notice
    (raw / "x.txt" / "inside.txt").write_text("y")
    (raw / "dev.txt").symlink_to("/dev/zero")
    os.mkfifo(raw / "pipe.txt")
    (raw / "broken.txt").symlink_to(raw / "nowhere.txt")
    (raw / ".hidden").mkdir()
    (raw / ".hidden" / "n.txt").write_text("z")
    (raw / "~$draft.docx").write_bytes(b"lock")
    (raw / "Thumbs.db").write_bytes(b"\0")
    with open(raw / "sparse.txt", "wb") as f:  # 25 GB of nothing: must not be read
        f.truncate(25 * 10**9)
    (raw / "line\nbreak.txt").write_text(
        "Thông báo kết luận: Sở Tài chính rà soát", encoding="utf-8"
    )
    with open(os.fsencode(raw) + b"/bad-\xff\xfe.txt", "wb") as f:  # not UTF-8
        f.write("Thông báo số 9: Sở Tài chính".encode())
    return raw


@pytest.fixture
def report(tmp_path):
    raw = _tree(tmp_path)
    result: dict = {}
    worker = threading.Thread(
        target=lambda: result.update(r=ingest_paths([raw], PARAMS))
    )
    worker.start()
    worker.join(60)  # a FIFO or /dev/zero read would hang or exhaust memory
    assert not worker.is_alive(), "ingest hung on a special file"
    return raw, result["r"][1]


def _by_name(raw: Path, report: dict) -> dict[str, tuple[str, str | None]]:
    base = printable(str(raw)) + "/"
    return {
        f["source"].replace(base, ""): (f["status"], f["reason"])
        for f in report["files"]
    }


def test_scan_accounts_for_every_path(report):
    raw, rep = report
    assert _by_name(raw, rep) == {
        ".hidden": ("ignored", "hidden folder"),
        "Thumbs.db": ("ignored", "operating system file"),
        "bad-\\xff\\xfe.txt": ("processed", None),
        "broken.txt": ("rejected", "broken symlink"),
        "dev.txt": (
            "rejected",
            "symlink to a file outside the corpus folder (not followed)",
        ),
        "line\\nbreak.txt": ("processed", None),
        "link-in.txt": ("processed", None),  # sorted before the file it leads to
        "link-out.txt": (
            "rejected",
            "symlink to a file outside the corpus folder (not followed)",
        ),
        "linked-folder": ("rejected", "symlink to a folder (not followed)"),
        "pipe.txt": ("rejected", "not a regular file (a FIFO)"),
        "sparse.txt": (
            "rejected",
            "file too large (25,000,000,000 bytes > 20,000,000)",
        ),
        "tinh/a.txt": ("duplicate", f"same text as {printable(str(raw))}/link-in.txt"),
        "x.txt": ("rejected", "a folder named like a notice file (not read)"),
        "~$draft.docx": ("ignored", "Office lock file"),
    }
    assert rep["counts"]["files"] == 14
    assert all(
        "\n" not in f["source"] and f["source"].isprintable() for f in rep["files"]
    )


def test_report_of_odd_names_is_valid_utf8_json(report, tmp_path):
    _, rep = report
    text = json.dumps(rep, ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogates from undecodable names
    assert "bad-\\\\xff\\\\xfe.txt" in text


def test_printable_names():
    assert printable("corpus/raw/Thông báo số 5.txt") == "corpus/raw/Thông báo số 5.txt"
    assert printable("a\nb\tc\x1b[31m.txt") == "a\\nb\\tc\\x1b[31m.txt"
    assert printable(os.fsdecode(b"x\xff.txt")) == "x\\xff.txt"
    assert printable("a\u200bb.txt") == "a\\u200bb.txt"


def test_file_key_never_reads_a_special_or_huge_file(tmp_path):
    os.mkfifo(tmp_path / "p.txt")
    with open(tmp_path / "big.txt", "wb") as f:
        f.truncate(300 * 10**6)
    done: list = []
    worker = threading.Thread(
        target=lambda: done.extend(file_key(tmp_path / n) for n in ("p.txt", "big.txt"))
    )
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and len(done) == 2


def test_stage_writes_every_path_and_an_empty_quarantine(tmp_path, monkeypatch):
    raw = _tree(tmp_path)
    monkeypatch.setattr("pipeline.core.paths.PARAMS_FILE", tmp_path / "params.yaml")
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "out"
    argv = [
        str(raw),
        str(out / "docs.parquet"),
        str(out / "report.json"),
        "--quarantine",
        str(out / "q.json"),
    ]
    assert main(argv) == 0
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert rep["counts"]["files"] == 14
    assert json.loads((out / "q.json").read_text()) == {
        "stage": "ingest",
        "count": 0,
        "notices": [],
    }
    assert scan(raw)[0] == sorted(scan(raw)[0], key=str)


def test_a_device_given_by_name_is_rejected_unread(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    _, rep = ingest_paths([tmp_path / "zero.txt"], PARAMS)
    assert [(f["status"], f["reason"]) for f in rep["files"]] == [
        ("rejected", "not a regular file (a character device)")
    ]


def test_scan_stage_manifest_is_stable_and_never_reads_special_files(
    tmp_path, monkeypatch
):
    """DVC hashes this manifest in place of corpus/raw: it must not hang on a FIFO or
    read a 25 GB file, and must be byte-identical when nothing changed."""
    from pipeline.stages import scan as scan_stage

    raw = _tree(tmp_path)
    monkeypatch.setenv("KETLUAN_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "manifest.json"
    worker = threading.Thread(target=scan_stage.main, args=([str(raw), str(out)],))
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "scan hung on a special file"
    first = out.read_bytes()
    listed = json.loads(first)
    assert len(listed["files"]) + len(listed["not_read"]) == 14
    memo = json.loads((tmp_path / "cache" / "scan.json").read_text(encoding="utf-8"))
    assert (
        len(memo) == len(listed["files"]) - 1
    )  # a broken link has no metadata to remember
    scan_stage.main([str(raw), str(out)])
    assert out.read_bytes() == first
    (raw / "tinh" / "a.txt").write_text("Thông báo mới", encoding="utf-8")
    scan_stage.main([str(raw), str(out)])
    assert out.read_bytes() != first


def test_text_past_max_chars_is_rejected_before_any_stage(tmp_path):
    body = "Sở Tài chính chủ trì rà soát các dự án đầu tư công. " * 40
    (tmp_path / "long.txt").write_text(body, encoding="utf-8")
    (tmp_path / "short.txt").write_text(body[:500], encoding="utf-8")
    params = IngestParams(max_chars=1000)
    _, rep = ingest_paths([tmp_path / "long.txt", tmp_path / "short.txt"], params)
    assert [
        (f["source"].rsplit("/", 1)[-1], f["status"], f["reason"]) for f in rep["files"]
    ] == [
        ("long.txt", "rejected", f"text too long ({len(body):,} characters > 1,000)"),
        ("short.txt", "processed", None),
    ]


def test_a_flood_of_superscripts_is_no_footnote_number():
    from pipeline.readers.repair import repair

    text = "Sở Tài chính" + "¹" * 5000 + " rà soát.\n\n" + "²" * 5000 + " Ghi chú.\n"
    fixed = repair(text)  # int() of 5,000 digits raised ValueError here
    assert fixed.footnotes == [] and "rà soát" in fixed.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("boms.md", "\ufeff\ufeff\ufeff".encode()),
        ("latin1-bom.txt", b"\xc3\xbf\xc3\xbe"),  # a UTF-16 BOM read as Latin-1, saved as UTF-8
        ("symbols.txt", "— • … ※ ★ 123 456 789 %%% ### ".encode() * 20),
    ],
)
def test_a_file_with_almost_no_letters_is_no_notice(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    _, rep = ingest_paths([tmp_path / name], PARAMS)
    assert rep["files"][0]["status"] == "rejected"
    assert rep["files"][0]["reason"].startswith("no text")


def test_ingest_cache_keys_reuse_the_scan_stages_digests(tmp_path):
    """A file whose size, mtime and inode the scan stage remembered is not read again:
    its remembered digest makes the key (a fake one here, to see it used)."""
    from pipeline.corpus import Digests

    notice = tmp_path / "a.txt"
    notice.write_text("Thông báo kết luận của Chủ tịch Ủy ban nhân dân tỉnh", encoding="utf-8")
    digests = Digests(tmp_path / "scan.json")
    assert file_key(notice, digests) == file_key(notice)  # the same key, taken once
    digests.save()
    remembered = Digests(tmp_path / "scan.json")
    key = printable(os.path.abspath(notice))
    remembered.memo[key][3] = "f" * 64
    assert file_key(notice, remembered) != file_key(notice)
    notice.write_text("Thông báo kết luận (sửa)", encoding="utf-8")  # changed: read again
    assert file_key(notice, remembered) == file_key(notice)
