"""The HTML report in a real browser: headless Chromium shows the headings, runs no
failing script and takes a screenshot (skipped when `chromium` is not on PATH)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.stages import report
from pipeline.core import paths

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from synthetic import build_outputs  # noqa: E402

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH")
HEADINGS = [
    "Tóm tắt",
    "Những tồn tại lặp lại nhiều nhất",
    "Tăng, giảm trong kỳ gần nhất",
    "Cơ quan có nhiều nhiệm vụ quá hạn nhất",
    "Biểu đồ",
    "Bảng chi tiết",
    "Ví dụ trích từ các thông báo",
]
JS_ERROR = re.compile(r"CONSOLE[^\n]*(Uncaught|Error)")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on a local file with no network services."""
    cmd = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory) -> Path:
    out = build_outputs(tmp_path_factory.mktemp("project"))
    report.main(
        [
            str(out),
            str(paths.ROOT / "notebooks" / "02_recurring_shortcomings.ipynb"),
            str(out / "report"),
            str(out / "ketluan.duckdb"),
        ]
    )
    return out / "report" / "trends.html"


def _check(page: Path, screenshot: Path, profile: Path) -> None:
    dom = chromium(page, profile / "dom", "--dump-dom")
    for heading in HEADINGS:
        assert heading in dom.stdout
    assert "<script>alert" not in dom.stdout
    assert not JS_ERROR.search(dom.stderr), JS_ERROR.search(dom.stderr)[0]
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    shot = chromium(
        page, profile / "shot", "--window-size=1280,2400", f"--screenshot={screenshot}"
    )
    assert not JS_ERROR.search(shot.stderr)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_browser_catches_a_script_error(tmp_path):
    """The JS-error check itself works (a page with a failing script is caught)."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<meta charset="utf-8"><h1>Tóm tắt</h1><script>noSuchFunction()</script>',
        encoding="utf-8",
    )
    assert JS_ERROR.search(chromium(bad, tmp_path / "p", "--dump-dom").stderr)


def test_browser_opens_synthetic_report(synthetic_report, tmp_path):
    _check(synthetic_report, synthetic_report.parent / "screenshot.png", tmp_path)


@pytest.mark.slow
def test_browser_opens_demo_report(demo_project, tmp_path):
    """The report of the demo corpus; its screenshot is kept under outputs/screenshots/
    (outputs/report/ is a DVC out: a file added there would make `dvc status` dirty)."""
    page = demo_project / "outputs" / "report" / "trends.html"
    shot = paths.OUTPUTS / "screenshots" / "trends.png"
    _check(page, shot, tmp_path)
