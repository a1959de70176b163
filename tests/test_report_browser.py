"""The HTML report in a real browser: headless Chromium shows the headings, runs no
failing script and takes a screenshot; hostile notice text opens no dialog, adds no
element and shows as text (skipped when `chromium` is not on PATH)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.core import paths
from pipeline.stages import report

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from hostile import HOSTILE_HTML, build_hostile_outputs  # noqa: E402
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


# Put first in the page under test: a dialog any script opens is written into the DOM
# instead (headless Chromium would dismiss it unseen). Marked data-ketluan, so every
# other <script> in the dumped DOM is one the page brought.
PROBE = (
    "<script data-ketluan>for (const f of ['alert', 'confirm', 'prompt', 'print'])"
    " window[f] = (m) => document.documentElement.setAttribute("
    "'data-dialog', (document.documentElement.getAttribute('data-dialog') || '')"
    " + f + ':' + m + ';');</script>"
)


class DomScan(HTMLParser):
    """Scripts (other than the probe), elements with on... handlers, the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.text, self.dialog = 0, [], [], None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "html":
            self.dialog = names.get("data-dialog")
        if tag == "script" and "data-ketluan" not in names:
            self.scripts += 1
        self.handlers += [f"{tag} {n}" for n in names if n.startswith("on")]

    def handle_data(self, data):
        self.text.append(data)


def probed_dom(page: Path, tmp_path: Path) -> DomScan:
    """The page with :data:`PROBE` first in <head>, opened in Chromium; its DOM."""
    html = page.read_text(encoding="utf-8")
    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    assert PROBE in probed.read_text(encoding="utf-8")
    scan = DomScan()
    scan.feed(chromium(probed, tmp_path / "probe", "--dump-dom").stdout)
    return scan


def _report(out: Path) -> Path:
    report.main(
        [
            str(out),
            str(paths.ROOT / "notebooks" / "02_recurring_shortcomings.ipynb"),
            str(out / "report"),
            str(out / "ketluan.duckdb"),
        ]
    )
    return out / "report" / "trends.html"


@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory) -> Path:
    return _report(build_outputs(tmp_path_factory.mktemp("project")))


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    return _report(build_hostile_outputs(tmp_path_factory.mktemp("hostile")))


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


def test_browser_probe_catches_injected_markup(tmp_path):
    """The probe sees what hostile markup would do: a dialog, a script, a handler."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html><head><meta charset="utf-8"></head><body><p>Sở Tài chính</p>'
        "<img src=x onerror=alert(1)><script>confirm(2)</script></body></html>",
        encoding="utf-8",
    )
    scan = probed_dom(bad, tmp_path)
    assert scan.dialog == "alert:1;confirm:2;" or scan.dialog == "confirm:2;alert:1;"
    assert scan.scripts == 1 and scan.handlers == ["img onerror"]


def test_browser_hostile_report_runs_nothing(hostile_report, tmp_path):
    """Agency names, tasks and items carrying <script>, onerror and onmouseover open
    no dialog, add no script or handler, and read as the text they are."""
    scan = probed_dom(hostile_report, tmp_path)
    assert scan.dialog is None, scan.dialog
    assert scan.scripts == 0 and scan.handlers == []
    text = "".join(scan.text)
    for hostile_text in HOSTILE_HTML:
        assert hostile_text in text, hostile_text
    for heading in HEADINGS:
        assert heading in text


def test_browser_opens_synthetic_report(synthetic_report, tmp_path):
    _check(synthetic_report, synthetic_report.parent / "screenshot.png", tmp_path)


@pytest.mark.slow
def test_browser_opens_demo_report(demo_project, tmp_path):
    """The report of the demo corpus; its screenshot is kept under outputs/screenshots/
    (outputs/report/ is a DVC out: a file added there would make `dvc status` dirty)."""
    page = demo_project / "outputs" / "report" / "trends.html"
    shot = paths.OUTPUTS / "screenshots" / "trends.png"
    _check(page, shot, tmp_path)
    # the corpus crosses the 2025 reorganisation: the reform line under the chart over
    # periods, and the table of the names the report mapped (params: lineage current)
    text = "".join(probed_dom(page, tmp_path).text)
    assert "Đường nét đứt: Sắp xếp tổ chức, sáp nhập tỉnh (01/7/2025)" in text
    assert "Tên cơ quan, địa phương đã quy đổi qua đợt sắp xếp năm 2025" in text
    assert "Ủy ban nhân dân tỉnh — Kiên Giang" in text  # printed, beside ...
    assert "Ủy ban nhân dân tỉnh — An Giang" in text  # ... the series it continues
