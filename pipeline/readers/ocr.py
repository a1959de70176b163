"""Read page images with Tesseract and its Vietnamese model.

The Debian packages ``tesseract-ocr`` and ``tesseract-ocr-vie`` provide the binary and
the model. The binary is called directly (not through a binding): a page goes in on
stdin as PNG and its words come out on stdout as TSV with their confidences, tesseract
runs on one thread (the per-notice workers are the parallelism), and it is bound to the
life of the reader that started it (a reader killed for time or memory takes its
tesseract with it).

Before OCR a page is cleaned the way real scans need: coloured ink (a red stamp, a blue
signature) is dropped by reading the page through its brightest channel, and a page
scanned slightly askew is turned straight (projection profile, within ±3°).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

from pipeline.readers import layout
from pipeline.readers.isolate import die_with_parent

LANGUAGE = "vie"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
# Tesseract's page segmentation: 3 = automatic (a notice's two-column header is read
# as two blocks, left then right, instead of interleaved lines).
PAGE_SEGMENTATION = 3
MAX_SKEW = 3.0  # degrees searched either way when straightening a page


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is not installed; the message names the fix."""


@dataclass(frozen=True)
class PageText:
    """One page read by OCR: its text (lines in reading order, blocks apart by a blank
    line), the mean confidence of its words (0-100), the words counted, and its lines
    with their positions (to lay out again against the document's right edge)."""

    text: str
    confidence: float
    words: int
    lines: tuple[layout.Line, ...] = ()


@functools.cache
def available() -> str | None:
    """None when OCR can run; otherwise the one-line reason it cannot."""
    binary = shutil.which("tesseract")
    if binary is None:
        return f"Tesseract not installed ({INSTALL})"
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return f"Tesseract does not run ({type(err).__name__})"
    if LANGUAGE not in listed.stdout.split():
        return f"Tesseract has no Vietnamese model ({INSTALL})"
    return None


@functools.cache
def version() -> str | None:
    """``tesseract 5.3.0`` or None."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True,
                             timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    first = (out.stdout or out.stderr).strip().split("\n")[0]
    return first or None


def prepare(image: Image.Image) -> Image.Image:
    """Greyscale through the brightest channel (red and blue ink turn pale, black text
    stays black), specks removed (a 3-pixel median: strokes are wider), then
    straightened."""
    grey = drop_colour(image).filter(ImageFilter.MedianFilter(3))
    angle = skew_angle(grey)
    if abs(angle) >= 0.1:
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return grey


def drop_colour(image: Image.Image) -> Image.Image:
    """Greyscale through each pixel's brightest channel: red, blue and green ink turn
    pale, black and grey stay as they are."""
    return Image.fromarray(np.asarray(image.convert("RGB")).max(axis=2))


def skew_angle(grey: Image.Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines horizontal: the
    angle whose row profile of dark pixels is sharpest, searched coarse then fine on a
    reduced copy of the page."""
    small = grey.copy()
    small.thumbnail((900, 900))
    ink = Image.fromarray(((np.asarray(small) < 140) * 255).astype(np.uint8))
    if np.count_nonzero(np.asarray(ink)) < 200:  # a blank page
        return 0.0

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST)).sum(axis=1)
        return float(np.square(np.diff(rows.astype(np.float64))).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return round(float(max(fine, key=sharpness)), 2)


def read_page(image: Image.Image, dpi: int, seconds: float) -> PageText:
    """OCR one page image rendered at ``dpi``.

    Raises:
        OcrUnavailable: Tesseract or the Vietnamese model is missing.
        TimeoutError: tesseract took longer than ``seconds``.
        RuntimeError: tesseract failed (its first line of error output).
    """
    reason = available()
    if reason:
        raise OcrUnavailable(reason)
    buffer = io.BytesIO()
    prepare(image).save(buffer, format="PNG")
    cmd = [shutil.which("tesseract") or "tesseract", "stdin", "stdout", "-l", LANGUAGE,
           "--psm", str(PAGE_SEGMENTATION), "--dpi", str(dpi), "tsv"]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            cmd, input=buffer.getvalue(), capture_output=True, timeout=seconds,
            env=env, preexec_fn=die_with_parent, check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise TimeoutError(f"OCR of a page took longer than {seconds:g} s") from err
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed ({lines[-1] if lines else done.returncode})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> PageText:
    """Tesseract's TSV to text: words joined by spaces within a line, wrapped lines
    joined into paragraphs (``layout.paragraphs``), text blocks apart by a blank line."""
    rows = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    lines: list[layout.Line] = []
    keys: list[tuple[int, int, int]] = []
    confidences: list[float] = []
    for row in rows:
        if row.get("level") != "5":  # words only
            continue
        word = (row.get("text") or "").strip()
        if not word:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        left, width = int(row["left"]), int(row["width"])
        if not keys or keys[-1] != key:
            keys.append(key)
            lines.append(layout.Line(word, left, left + width, width, block=key[0]))
        else:
            line = lines[-1]
            line.text += " " + word
            line.left, line.right = min(line.left, left), max(line.right, left + width)
        conf = float(row.get("conf") or -1)
        if conf >= 0:
            confidences.append(conf)
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return PageText(layout.paragraphs(lines), round(mean, 1), len(confidences), tuple(lines))
