"""Read legacy office documents: Word 97-2003 ``.doc``, ``.rtf`` and ``.odt``.

``.doc`` is read by antiword (Debian ``antiword``, under 1 MB; it keeps paragraphs and
table cells and writes UTF-8), and by catdoc (``catdoc``) when antiword refuses a file
(Word 6/95 and some fast-saved files). ``.rtf`` and ``.odt``, and a ``.doc`` neither can
read, go through LibreOffice headless (``libreoffice-writer-nogui``, about 200 MB) when
it is installed. A ``.doc`` that is really RTF, HTML or a .docx (portals rename files)
is read by the reader of what it is. Every program runs in the isolated reader (time
and memory limits) and dies with it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.readers.base import (
    RawText,
    ReadError,
    check_text,
    strip_controls,
)
from pipeline.readers.isolate import die_with_parent

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, and Word 6/95
INSTALL_DOC = "apt-get install antiword catdoc"
INSTALL_OFFICE = "apt-get install libreoffice-writer-nogui"
SECONDS = 60.0  # one program's run


def read_doc(path: Path) -> RawText:
    """A ``.doc`` file, by what its first bytes say it is.

    Raises:
        ReadError: "not a Word document", "Word document not read: antiword not
            installed (apt-get install antiword catdoc)", or the converter's failure.
    """
    with open(path, "rb") as f:
        head = f.read(512)
    if head.startswith(OLE2):
        return _read_ole2(path)
    if head.lstrip().startswith(b"{\\rtf"):
        return _relabel(read_office(path, "rtf"), "doc", "file is RTF")
    if head.startswith(b"PK"):
        from pipeline.readers.word import read_docx

        return _relabel(read_docx(path), "doc", "file is .docx")
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        from pipeline.readers.web import read_html

        return _relabel(read_html(path), "doc", "file is HTML")
    raise ReadError("not a Word document (no Word, RTF, HTML or .docx signature)")


def _read_ole2(path: Path) -> RawText:
    failures = []
    for name, cmd in (
        ("antiword", ["antiword", "-m", "UTF-8.txt", "-w", "0"]),
        ("catdoc", ["catdoc", "-d", "utf-8", "-w"]),
    ):
        if shutil.which(cmd[0]) is None:
            failures.append(f"{name} not installed")
            continue
        done = _run(cmd + [str(path)])
        text = _cells_apart(done.stdout.decode("utf-8", "replace"))
        if done.returncode == 0 and text.strip():
            return RawText(text=check_text(strip_controls(text)), format="doc", encoding=name)
        failures.append(f"{name}: {_first_error(done).replace(str(path), 'file')}")
    if _soffice():
        try:
            return _relabel(read_office(path, "doc"), "doc", "read by LibreOffice")
        except ReadError as err:
            failures.append(err.reason.removeprefix(".doc not read by "))
    if all("not installed" in f for f in failures):
        raise ReadError(f"Word document not read: antiword not installed ({INSTALL_DOC})")
    raise ReadError(f"Word document not read ({'; '.join(failures)})")


def read_office(path: Path, fmt: str) -> RawText:
    """``.rtf``, ``.odt`` (or a ``.doc``) converted to text by LibreOffice headless.

    Raises:
        ReadError: "... not read: LibreOffice not installed (...)" or its failure.
    """
    with tempfile.TemporaryDirectory(prefix="ketluan-office-") as tmp:
        source = Path(tmp) / f"in.{fmt}"  # LibreOffice picks its filter by the name
        shutil.copyfile(path, source)
        out = libreoffice_convert(source, "txt:Text (encoded):UTF8", Path(tmp) / "out")
        text = out.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
    return RawText(text=check_text(strip_controls(text)), format=fmt, encoding="libreoffice")


def libreoffice_convert(source: Path, target: str, outdir: Path) -> Path:
    """Convert ``source`` with LibreOffice headless (``--convert-to target``) into
    ``outdir`` with a fresh profile beside it (so it runs as root and in parallel);
    return the file it wrote.

    Raises:
        ReadError: "<ext> not read: LibreOffice not installed (...)", or the failure.
    """
    ext = source.suffix
    soffice = _soffice()
    if soffice is None:
        raise ReadError(f"{ext} not read: LibreOffice not installed ({INSTALL_OFFICE})")
    profile = (outdir.parent / f"profile-{outdir.name}").as_uri()
    done = _run([
        soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
        "--convert-to", target, "--outdir", str(outdir), str(source),
    ])
    out = outdir / f"{source.stem}.{target.split(':')[0]}"
    if not out.exists():
        raise ReadError(f"{ext} not read by LibreOffice ({_first_error(done)})")
    return out


def available() -> dict[str, str | None]:
    """For ``ketluan doctor``: each program, and None when found or how to install it."""
    return {
        "antiword": None if shutil.which("antiword") else INSTALL_DOC,
        "catdoc": None if shutil.which("catdoc") else INSTALL_DOC,
        "libreoffice": None if _soffice() else INSTALL_OFFICE,
    }


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            cmd, capture_output=True, timeout=SECONDS, preexec_fn=die_with_parent,
            check=False, stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as err:
        raise ReadError(f"{Path(cmd[0]).name} timed out after {SECONDS:g} s") from err
    except OSError as err:
        raise ReadError(f"{Path(cmd[0]).name} did not run ({err.strerror or err})") from err


def _cells_apart(text: str) -> str:
    """antiword draws a table row as "|cell |cell |": each cell becomes a line of its own,
    as the .docx reader gives them."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            out += [cell.strip() for cell in stripped[1:-1].split("|") if cell.strip()]
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def _first_error(done: subprocess.CompletedProcess) -> str:
    lines = [ln.strip() for ln in done.stderr.decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln and "javaldx" not in ln]  # LibreOffice's noise
    return (lines[0][:160] if lines else f"exit status {done.returncode}")


def _relabel(raw: RawText, fmt: str, note: str) -> RawText:
    raw.format = fmt
    raw.warnings = [*raw.warnings, note]
    return raw
