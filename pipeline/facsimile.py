"""Facsimiles of a notice's text: an office scan (image-only PDF), a Word 97-2003 .doc
and files in the legacy Vietnamese fonts (TCVN3, VNI), each made deterministically.

The benchmarks and tests need notices in the forms offices still exchange, with the
text they carry known exactly. Everything a result depends on is pinned: the font is
matplotlib's bundled DejaVu Serif, the randomness comes from ``seed`` alone and the PDF
writers are told not to stamp the time, so the same text and seed give the same bytes.
"""

from __future__ import annotations

import dataclasses
import math
import random
import shutil
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SOFFICE_MISSING = (
    "LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui"
)
A4_INCHES = (210 / 25.4, 297 / 25.4)
BODY_PT = 13
LEADING = 1.3  # line height / font size
BLANK = 0.6  # a blank line's height, in lines
# left, top, right, bottom (cm); Nghị định 30/2020 (the decree on office documents)
# asks 3-3.5 cm on the left, scans of real notices show 2-2.5 cm
MARGINS_CM = (2.5, 2.0, 2.0, 2.0)
MAX_TILT = 1.5  # degrees a page is rotated at most
JPEG_QUALITY = 75
STAMP_CM = 4.0  # a round office seal is 3.5-4.2 cm across
INK = (205, 32, 45)  # the seal's red
# signature block titles: "KT. CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"
SIGN_PREFIXES = ("KT.", "TL.", "TM.", "Q.", "TUQ.")


@dataclasses.dataclass(frozen=True)
class _Line:
    """A typeset line: its source line's index, page, top and left (px), text, bold."""

    src: int
    page: int
    y: int
    x: int
    text: str
    bold: bool


# 1. Scans ------------------------------------------------------------------------


def scan_pdf(text: str, out: Path, *, dpi: int = 300, seed: int = 0) -> None:
    """Typeset ``text`` as an image-only PDF that looks like an office scan.

    A4 pages at ``dpi``, 13 pt DejaVu Serif, the header centred and bold, each page
    tilted by at most 1.5 degrees, scanner noise, a red seal over the signature block
    and, when there are two pages or more, one page photocopied darker. The PDF has no
    text layer; each page is one JPEG (quality 75).

    Args:
        text: the notice, lines in reading order (blank lines are spacing).
        out: the PDF to write.
        dpi: pixels per inch of the page images.
        seed: the only source of randomness (same text and seed, same bytes).

    Example:
        scan_pdf(Path("notice.txt").read_text(), Path("notice.pdf"), dpi=200, seed=7)
    """
    rnd, rng = random.Random(seed), np.random.default_rng(seed)
    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    fonts = _fonts(dpi)
    # printed text is composed letters: a decomposed source (NFD) would be drawn with
    # its marks beside the letters by the basic layout engine
    text = unicodedata.normalize("NFC", text)
    lines, sign = _typeset(text.split("\n"), size, dpi, fonts)
    n_pages = max([line.page for line in lines], default=0) + 1
    pages = [
        _draw(size, [ln for ln in lines if ln.page == p], fonts) for p in range(n_pages)
    ]
    stamp_page = sign[0] if sign else n_pages - 1
    if n_pages > 1:
        copied = rnd.choice([p for p in range(n_pages) if p != stamp_page])
        pages[copied] = _photocopy(pages[copied], rng, dpi)
    pages = [page.convert("RGB") for page in pages]
    if sign:
        pages[stamp_page] = _stamp(
            pages[stamp_page], sign[1], _seal_text(text), dpi, rnd, rng
        )
    pages = [_scanner(page, dpi, rnd, rng) for page in pages]
    pages[0].save(
        out,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        quality=JPEG_QUALITY,
        title=None,  # Pillow writes the file name and the time unless told not to
        creationDate=None,
        modDate=None,
    )


def _fonts(dpi: int) -> dict[bool, ImageFont.FreeTypeFont]:
    """DejaVu Serif regular and bold at 13 pt; the basic layout engine, so a machine
    with libraqm renders the same pixels as one without."""
    import matplotlib

    ttf = Path(matplotlib.get_data_path()) / "fonts/ttf"
    px = round(BODY_PT * dpi / 72)
    return {
        bold: ImageFont.truetype(
            str(ttf / name), px, layout_engine=ImageFont.Layout.BASIC
        )
        for bold, name in ((False, "DejaVuSerif.ttf"), (True, "DejaVuSerif-Bold.ttf"))
    }


def _typeset(
    lines: list[str], size: tuple[int, int], dpi: int, fonts: dict
) -> tuple[list[_Line], tuple[int, tuple[int, int, int, int]] | None]:
    """Place every line on pages; return the lines and (page, box) of the signature
    block, or None for a text without one."""
    cm = dpi / 2.54
    left, top, right, bottom = (round(m * cm) for m in MARGINS_CM)
    width, step = size[0] - left - right, round(fonts[False].size * LEADING)
    header, (s0, s1) = _header_end(lines), _signature(lines)
    placed: list[_Line] = []
    page, y = 0, top
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            y += round(step * BLANK)
            continue
        in_header, in_sign = i < header, s0 <= i < s1
        bold = in_header or in_sign or _is_upper(line)
        font = fonts[bold]
        box = (
            (size[0] // 2 + left // 2, size[0] - right)
            if in_sign
            else (left, left + width)
        )
        for part in _wrap(line, font, box[1] - box[0]):
            if y + step > size[1] - bottom:
                page, y = page + 1, top
            x = box[0]
            if in_header or in_sign:
                x = box[0] + max(0, round((box[1] - box[0] - font.getlength(part)) / 2))
            placed.append(_Line(i, page, y, x, part, bold))
            y += step
    signed = [ln for ln in placed if s0 <= ln.src < s1]
    if not signed:
        return placed, None
    last = signed[-1].page
    block = [ln for ln in signed if ln.page == last]
    x0 = min(ln.x for ln in block)
    x1 = max(ln.x + round(fonts[True].getlength(ln.text)) for ln in block)
    return placed, (last, (x0, block[0].y, x1, block[-1].y + step))


def _header_end(lines: list[str]) -> int:
    """Index of the first line after the header: after the title under "THÔNG BÁO"
    (notice), else before the first long line."""
    for i, line in enumerate(lines):
        if line.strip().strip("*").strip() == "THÔNG BÁO":
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            while j < len(lines) and lines[j].strip():
                j += 1
            return j
    return next((i for i, line in enumerate(lines) if len(line.strip()) > 80), 0)


def _signature(lines: list[str]) -> tuple[int, int]:
    """(start, end) line indices of the signature block: the signer's title lines
    ("KT. CHÁNH VĂN PHÒNG", upper case) and the name under them, among the last lines;
    else the lines before "Nơi nhận" (recipients), else the last lines."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    recipients = next(
        (i for i, ln in enumerate(lines) if ln.strip().startswith("Nơi nhận")), None
    )
    for i in range(end - 1, max(end - 12, 0) - 1, -1):
        line = lines[i].strip().strip("*").strip()
        if line.startswith(SIGN_PREFIXES) or (_is_upper(line) and len(line) < 60):
            start = i
            while start > 0 and _is_title(lines[start - 1]):
                start -= 1
            if recipients is not None and start <= recipients < end:
                break  # the upper-case lines are among the recipients
            return start, end
    stop = recipients if recipients is not None else end
    return max(0, _back(lines, stop, 3)), stop


def _is_title(line: str) -> bool:
    line = line.strip().strip("*").strip()
    return bool(line) and (_is_upper(line) or line.startswith(SIGN_PREFIXES))


def _back(lines: list[str], stop: int, n: int) -> int:
    """Index of the n-th non-blank line before ``stop``."""
    i = stop
    while i > 0 and n:
        i -= 1
        n -= bool(lines[i].strip())
    return i


def _is_upper(line: str) -> bool:
    return any(c.isalpha() for c in line) and line == line.upper()


def _wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words of ``line`` wrapped to ``width`` pixels (a longer word stands alone)."""
    out, current = [], ""
    for word in line.split():
        trial = f"{current} {word}" if current else word
        if current and font.getlength(trial) > width:
            out.append(current)
            current = word
        else:
            current = trial
    return [*out, current] if current else out


def _draw(size: tuple[int, int], lines: list[_Line], fonts: dict) -> Image.Image:
    page = Image.new("L", size, 255)
    pen = ImageDraw.Draw(page)
    for line in lines:
        pen.text((line.x, line.y), line.text, font=fonts[line.bold], fill=18)
    return page


def _photocopy(page: Image.Image, rng: np.random.Generator, dpi: int) -> Image.Image:
    """A darker photocopy: thicker, darker text on a grey, low-contrast background
    with toner speckles."""
    page = page.filter(ImageFilter.MinFilter(3))  # strokes a pixel thicker
    arr = np.asarray(page, dtype=np.float32)
    arr = 40 + arr * (175 / 255)  # white -> grey 215, black -> 40
    h, w = arr.shape
    arr += _blotches(rng, (h, w), 8 * dpi // 100, 0, 6)  # uneven toner
    for _ in range(int(rng.integers(150, 300) * (dpi / 300) ** 2)):
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        r = int(rng.integers(1, max(2, dpi // 100)))
        arr[max(0, y - r) : y + r, max(0, x - r) : x + r] = rng.uniform(20, 90)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


# 2. The seal ---------------------------------------------------------------------


def _seal_text(text: str) -> tuple[str, str]:
    """(around the rim, in the centre) from the notice's header: its issuing agency's
    lines ("UBND TỈNH CÀ MAU", "VĂN PHÒNG"), else a generic office name."""
    head = [ln.strip().strip("*").strip() for ln in text.split("\n")[:8] if ln.strip()]
    agency = [
        ln
        for ln in head[:3]
        if _is_upper(ln)
        and len(ln) < 40
        and not ln.startswith(("CỘNG HÒA", "THÔNG BÁO"))
    ]
    if len(agency) >= 2:
        return agency[0], agency[1]
    if agency:
        return agency[0], "VĂN PHÒNG"
    return "ỦY BAN NHÂN DÂN", "VĂN PHÒNG"


def _stamp(
    page: Image.Image,
    box: tuple[int, int, int, int],
    text: tuple[str, str],
    dpi: int,
    rnd: random.Random,
    rng: np.random.Generator,
) -> Image.Image:
    """Press a red round seal, semi-transparent, over the left part of ``box``."""
    seal = _seal(text, round(STAMP_CM * dpi / 2.54), dpi, rng)
    seal = seal.rotate(
        rnd.uniform(-25, 25),
        resample=Image.Resampling.BICUBIC,
        fillcolor=(255, 255, 255),
    )
    x0, y0, x1, y1 = box
    cx = x0 + (x1 - x0) // 3 + round(rnd.uniform(-0.3, 0.3) * dpi / 2.54)
    cy = (y0 + y1) // 2 + round(rnd.uniform(-0.3, 0.3) * dpi / 2.54)
    d = seal.width
    left, top = cx - d // 2, cy - d // 2
    region = (left, top, left + d, top + d)
    page = page.copy()
    page.paste(ImageChops.multiply(page.crop(region), seal), region[:2])
    return page


def _seal(
    text: tuple[str, str], d: int, dpi: int, rng: np.random.Generator
) -> Image.Image:
    """A seal on white, ``d`` px across: two rings, the agency around the rim, the
    office and a star in the centre, uneven ink."""
    import matplotlib

    ttf = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSerif-Bold.ttf"
    rim = ImageFont.truetype(
        str(ttf), round(d * 0.085), layout_engine=ImageFont.Layout.BASIC
    )
    mid = ImageFont.truetype(
        str(ttf), round(d * 0.075), layout_engine=ImageFont.Layout.BASIC
    )
    mask = Image.new("L", (d, d), 0)
    pen = ImageDraw.Draw(mask)
    r, w = d // 2 - 2, max(2, round(d * 0.018))
    pen.ellipse((d // 2 - r, d // 2 - r, d // 2 + r, d // 2 + r), outline=255, width=w)
    ri = round(r * 0.66)
    pen.ellipse(
        (d // 2 - ri, d // 2 - ri, d // 2 + ri, d // 2 + ri),
        outline=255,
        width=max(1, w // 2),
    )
    _arc_text(mask, text[0], rim, (r + ri) / 2)
    _star(pen, (d / 2, d / 2 - 0.1 * d), 0.06 * d)  # the national emblem's star
    tw = pen.textlength(text[1], font=mid)
    pen.text((d / 2 - tw / 2, d / 2 + 0.02 * d), text[1], font=mid, fill=255)
    ink = np.clip(_blotches(rng, (d, d), max(4, d // 40), 0.75, 0.15), 0.4, 1)
    alpha = np.asarray(mask, dtype=np.float32) / 255 * ink * 0.85  # semi-transparent
    colour = np.array(INK, dtype=np.float32)
    rgb = 255 - alpha[..., None] * (255 - colour)
    seal = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
    return seal.filter(ImageFilter.GaussianBlur(dpi / 300))


def _arc_text(
    mask: Image.Image, text: str, font: ImageFont.FreeTypeFont, radius: float
) -> None:
    """Letters of ``text`` upright around the centre of ``mask`` at ``radius``,
    clockwise, spread over most of the rim and centred on the top."""
    c = mask.width / 2
    natural = [font.getlength(ch) * 1.1 for ch in text]
    # most of the ring, as on a real seal, but no wider than twice the natural spacing
    span = min(1.7 * math.pi, 2 * sum(natural) / radius)
    advances = [a / sum(natural) * span * radius for a in natural]
    angle = -math.pi / 2 - span / 2
    cell = round(font.size * 1.6)
    for ch, adv in zip(text, advances, strict=True):
        mid = angle + adv / 2 / radius
        glyph = Image.new("L", (cell, cell), 0)
        ImageDraw.Draw(glyph).text(
            (cell / 2, cell / 2), ch, font=font, fill=255, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(mid) - 90, resample=Image.Resampling.BICUBIC)
        x, y = c + radius * math.cos(mid), c + radius * math.sin(mid)
        mask.paste(255, (round(x - cell / 2), round(y - cell / 2)), glyph)
        angle += adv / radius


def _star(pen: ImageDraw.ImageDraw, centre: tuple[float, float], r: float) -> None:
    points = [
        (
            centre[0] + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
            centre[1] - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    pen.polygon(points, fill=255)


def _blotches(
    rng: np.random.Generator, shape: tuple[int, int], cell: int, mean: float, sd: float
) -> np.ndarray:
    """Smooth random variation: Gaussian values on a coarse grid of ``cell`` px,
    interpolated to ``shape``."""
    h, w = shape
    coarse = rng.normal(mean, sd, (h // cell + 2, w // cell + 2)).astype(np.float32)
    return np.asarray(
        Image.fromarray(coarse, "F").resize(
            (w, h), Image.Resampling.BILINEAR, box=(0, 0, w / cell, h / cell)
        )
    )


def _scanner(
    page: Image.Image, dpi: int, rnd: random.Random, rng: np.random.Generator
) -> Image.Image:
    """Tilt (|angle| <= 1.5 degrees), optical blur, sensor noise, a little salt and
    pepper."""
    corner = page.getpixel((2, 2))
    page = page.rotate(
        rnd.uniform(-MAX_TILT, MAX_TILT),
        resample=Image.Resampling.BICUBIC,
        fillcolor=corner,
    )
    page = page.filter(ImageFilter.GaussianBlur(0.5 * dpi / 300))
    arr = np.asarray(page, dtype=np.int16)
    h, w = arr.shape[:2]
    arr = arr + rng.normal(0, 4, (h, w, 1)).astype(
        np.int16
    )  # grey noise on all channels
    n = round(h * w * 0.0003)
    for value in (0, 255):
        ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
        arr[ys, xs] = value
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


# 3. Word 97-2003 and legacy fonts --------------------------------------------------


def doc_file(text: str, out: Path) -> None:
    """A Word 97-2003 .doc holding ``text``, converted from a .docx by LibreOffice.

    Raises:
        RuntimeError: LibreOffice is not installed, or the conversion failed.
    """
    from pipeline.readers.base import ReadError
    from pipeline.readers.office import libreoffice_convert

    if shutil.which("soffice") is None:
        raise RuntimeError(SOFFICE_MISSING)
    with tempfile.TemporaryDirectory(prefix="ketluan-doc-") as tmp:
        source = Path(tmp) / "notice.docx"
        plain_docx(text, source)
        try:
            made = libreoffice_convert(source, "doc", Path(tmp) / "out")
        except ReadError as err:
            raise RuntimeError(err.reason) from err
        shutil.copyfile(made, out)


def plain_docx(text: str, out: Path) -> None:
    """A .docx of ``text``, one paragraph per non-blank line, laid out as a notice:
    upper-case lines bold (centred when short), "THÔNG BÁO" and "Nơi nhận" bold."""
    _docx([[(line, None)] for line in text.split("\n")], out)


def legacy_docx(text: str, out: Path, encoding: str = "tcvn3") -> None:
    """A .docx in a legacy Vietnamese font: the runs carry the legacy code points.

    TCVN3 lines are in ".VnTime" and all-upper-case lines in ".VnTimeH" (TCVN3 has no
    upper-case toned letters: the H font draws the lower-case code points as capitals);
    in a mixed-case TCVN3 line a toned capital ("Ủy") is its own ".VnTimeH" run, as a
    typist switching fonts for one letter makes it. VNI lines are in "VNI-Times".
    Footnote marks ("¹"), which neither encoding has, stay Unicode in "Times New Roman"
    (Word's own footnote reference).

    Args:
        text: the notice in Unicode.
        out: the .docx to write.
        encoding: "tcvn3" or "vni".
    """
    _docx([_legacy_runs(line, encoding) for line in text.split("\n")], out)


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _legacy_runs(line: str, encoding: str) -> list[tuple[str, str | None]]:
    """(legacy text, font) runs of one line."""
    from pipeline.readers.legacy import encode

    def font(ch: str) -> str:
        if ch in _SUPERSCRIPTS:
            return "Times New Roman"
        if encoding == "vni":
            return "VNI-Times"
        if _is_upper(line) or (ch.isupper() and encode(ch, "tcvn3") == encode(ch.lower(), "tcvn3")
                               and not ch.isascii()):
            return ".VnTimeH"
        return ".VnTime"

    runs: list[tuple[str, str | None]] = []
    for ch in line:
        f = font(ch)
        if runs and runs[-1][1] == f:
            runs[-1] = (runs[-1][0] + ch, f)
        else:
            runs.append((ch, f))
    return [(t if f == "Times New Roman" else encode(t, encoding), f) for t, f in runs]


def _docx(lines: list[list[tuple[str, str | None]]], out: Path) -> None:
    """A .docx of lines made of (text, font) runs, laid out as corpus/build_formats.to_docx
    does: one paragraph per non-blank line, upper-case lines bold, short ones centred."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    doc = Document()
    for runs in lines:
        line = "".join(t for t, _ in runs)
        if not line.strip():
            continue
        para = doc.add_paragraph()
        upper = _is_upper(line) or all(f == ".VnTimeH" for _, f in runs)
        if upper and len(line) < 60:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text, font in runs:
            run = para.add_run(text)
            if upper or line.startswith(("THÔNG BÁO", "Nơi nhận")):
                run.bold = True
            if font:
                run.font.name = font  # w:ascii and w:hAnsi
                run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), font)
    doc.core_properties.author = "Văn thư"
    doc.save(out)


def legacy_pdf(text: str, out: Path, encoding: str = "tcvn3") -> None:
    """A text-layer PDF printed from a legacy-font document: its text layer holds the
    legacy code points ("Uû ban nh©n d©n tØnh") and each run keeps its font's name
    (".VnTime", ".VnTimeH", "VNI-Times"), as a PDF printed from such a document does.

    Args:
        text: the notice in Unicode.
        out: the PDF to write.
        encoding: "tcvn3" or "vni".
    """
    import matplotlib
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    ttf = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
    for name in (".VnTime", ".VnTimeH", "VNI-Times", "Times New Roman"):
        font = TTFont(name, str(ttf))
        font.face.name = name.encode()  # the name the PDF records for the font
        pdfmetrics.registerFont(font)
    pdf = canvas.Canvas(str(out), pagesize=A4, invariant=1)  # no dates, fixed id
    width, height = A4
    y = height - 60

    def fits(s: str) -> bool:  # measured as drawn: legacy code points, run by run
        drawn = sum(pdfmetrics.stringWidth(r, f, 11) for r, f in _legacy_runs(s, encoding))
        return drawn <= width - 140

    for para in text.split("\n"):
        for line in _wrap_by(para, fits) if para.strip() else [""]:
            if y < 70:
                pdf.showPage()
                y = height - 60
            x = 70.0
            for run, font in _legacy_runs(line, encoding):
                pdf.setFont(font, 11)
                pdf.drawString(x, y, run)
                x += pdfmetrics.stringWidth(run, font, 11)
            y -= 15
    pdf.save()


def _wrap_by(line: str, fits) -> list[str]:
    out, current = [], ""
    for word in line.split():
        trial = f"{current} {word}" if current else word
        if current and not fits(trial):
            out.append(current)
            current = word
        else:
            current = trial
    return [*out, current] if current else out
