"""Build the corpus's non-.txt notices from their text sources in corpus/src/.

Offices receive notices as Word files, PDFs, web pages and old files in legacy
encodings. The demonstration corpus has such files too; they are made from a
plain-text source, so the text they carry is known exactly:

    corpus/src/<area>/<stem>.<target>.txt  ->  corpus/raw/<area>/<stem>.<ext>

target: docx | pdf | html -> that format; vni -> VNI-Windows bytes (.txt);
nfd -> decomposed Unicode (.txt); oldtone -> old tone placement "Uỷ", "hoà" (.txt);
scan -> an image-only PDF that looks like an office scan (tilt, noise, a red seal over
the signature; pipeline.facsimile.scan_pdf at 300 dpi); doc -> Word 97-2003 .doc (needs
LibreOffice); tcvn3docx / vnidocx -> a .docx typed in .VnTime / VNI-Times fonts;
tcvn3pdf -> a PDF whose text layer is TCVN3 in Unicode clothing.
Run with `make corpus-formats`; the results are committed (corpus/ is input data).
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC, RAW = HERE / "src", HERE / "raw"
EXT = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "vni": ".txt", "nfd": ".txt",
       "oldtone": ".txt", "scan": ".pdf", "doc": ".doc", "tcvn3docx": ".docx",
       "vnidocx": ".docx", "tcvn3pdf": ".pdf"}


def to_docx(text: str, out: Path) -> None:
    _facsimile_module().plain_docx(text, out)


def to_pdf(text: str, out: Path) -> None:
    import matplotlib
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    pdf = canvas.Canvas(str(out), pagesize=A4)
    width, height = A4
    y, page = height - 60, 1
    for para in text.split("\n"):
        for line in _wrap(para, pdfmetrics, width - 140) if para.strip() else [""]:
            if y < 70:
                pdf.setFont("DejaVu", 9)
                pdf.drawCentredString(width / 2, 35, str(page))
                pdf.showPage()
                y, page = height - 60, page + 1
            pdf.setFont("DejaVu", 11)
            pdf.drawString(70, y, line)
            y -= 15
    pdf.setFont("DejaVu", 9)
    pdf.drawCentredString(width / 2, 35, str(page))
    pdf.save()


def _wrap(para: str, metrics, max_width: float) -> list[str]:
    lines, current = [], ""
    for word in para.split(" "):
        trial = f"{current} {word}".strip()
        if metrics.stringWidth(trial, "DejaVu", 11) > max_width and current:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current]


def to_html(text: str, out: Path) -> None:
    paras = [p for p in text.split("\n") if p.strip()]
    title = next((p for p in paras if p.startswith("Kết luận")), paras[0])
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paras)
    out.write_text(f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)} - Cổng thông tin điện tử</title>
</head>
<body>
  <header><nav><a href="/">Trang chủ</a> | <a href="/tin-tuc">Tin tức - Sự kiện</a> |
    <a href="/van-ban">Văn bản chỉ đạo điều hành</a> | <a href="/lien-he">Liên hệ</a></nav></header>
  <main>
    <article class="news-detail">
      <h1>{html.escape(title)}</h1>
{body}
    </article>
  </main>
  <aside><h3>Tin liên quan</h3><ul><li><a href="/tin/1">Lịch công tác tuần của Lãnh đạo</a></li>
    <li><a href="/tin/2">Thông báo tuyển dụng viên chức</a></li></ul></aside>
  <footer>Bản quyền thuộc Cổng thông tin điện tử. Ghi rõ nguồn khi phát hành lại thông tin.</footer>
</body>
</html>
""", encoding="utf-8")


def to_vni(text: str) -> bytes:
    from pipeline.readers.legacy import encode

    return encode(text, "vni").encode("latin-1")


# a tone mark on the first vowel of a final "oa", "oe", "uy" (not after q): "hòa", "Ủy"
OLD_TONE = re.compile(r"(?i)(?<![qQ])([oóòỏõọuúùủũụ])([aey])(?![\wà-ỹ])")
TONES = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}


def to_oldtone(text: str) -> str:
    def move(m: re.Match) -> str:
        first = unicodedata.normalize("NFD", m.group(1))
        marks = [c for c in first if c in TONES]
        if not marks or (first[0].lower() == "u") != (m.group(2).lower() == "y"):
            return m.group(0)
        bare = "".join(c for c in first if c not in TONES)
        moved = unicodedata.normalize("NFC", m.group(2) + marks[0])
        return unicodedata.normalize("NFC", bare) + moved

    return OLD_TONE.sub(move, text)


def build(src: Path) -> Path:
    stem, target = src.name.removesuffix(".txt").rsplit(".", 1)
    out = RAW / src.parent.name / (stem + EXT[target])
    out.parent.mkdir(parents=True, exist_ok=True)
    text = src.read_text(encoding="utf-8")
    if target == "docx":
        to_docx(text, out)
    elif target == "pdf":
        to_pdf(text, out)
    elif target == "html":
        to_html(text, out)
    elif target == "vni":
        out.write_bytes(to_vni(text))
    elif target == "nfd":
        out.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    elif target == "oldtone":
        out.write_text(to_oldtone(text), encoding="utf-8")
    else:
        _facsimile(target, text, out)
    return out


def _facsimile_module():
    """pipeline.facsimile (the project root on the path: this script runs on its own)."""
    if str(HERE.parent) not in sys.path:
        sys.path.insert(0, str(HERE.parent))
    from pipeline import facsimile

    return facsimile


def _facsimile(target: str, text: str, out: Path) -> None:
    import zlib

    facsimile = _facsimile_module()

    if target == "scan":  # seeded by the file's name: rebuilding gives the same bytes
        facsimile.scan_pdf(text, out, dpi=300, seed=zlib.crc32(out.name.encode()))
    elif target == "doc":
        facsimile.doc_file(text, out)
    elif target in ("tcvn3docx", "vnidocx"):
        facsimile.legacy_docx(text, out, target.removesuffix("docx"))
    elif target == "tcvn3pdf":
        facsimile.legacy_pdf(text, out, "tcvn3")


def main() -> None:
    only = sys.argv[1:]  # targets to rebuild (default all): `doc` needs LibreOffice
    sources = [
        s for s in sorted(SRC.glob("*/*.*.txt"))
        if not only or s.name.removesuffix(".txt").rsplit(".", 1)[1] in only
    ]
    for src in sources:
        out = build(src)
        sys.stderr.write(f"{src.relative_to(HERE)} -> {out.relative_to(HERE)}\n")


if __name__ == "__main__":
    main()
