"""Synthetic notices for scale tests: parts of the demonstration corpus recombined.

Each synthetic notice takes its header (issuer, number, date, title) from one real
notice, its opening paragraphs from a second, its outline (section headings) from a
third, the items under each heading from any notice whose items have the same kind
(shortcomings, tasks, ...), and its closing (Nơi nhận (distribution), signature)
from a fourth; its number is unique and its years, days and percentages are varied.
The same seed gives the same files.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import re
from pathlib import Path

from pipeline.core import paths
from pipeline.extractors.sections import extract_sections

log = logging.getLogger(__name__)

# "Số: 07/TB-UBND" (the number line of the header)
NUMBER = re.compile(r"(Số\s*:?\s*)(\d+)(/)", re.IGNORECASE)
# "2023", "năm 2022" (years of this century)
YEAR = re.compile(r"\b20([0-3]\d)\b")
# "91,3%", "17,5 %"
PERCENT = re.compile(r"\b(\d{1,2}),(\d)(\s?%)")
# the label of an item at the start of its line: "1. ", "2.1. ", "b) ", "(3) ", "- "
ITEM_LABEL = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})?\.?[.)]?|[a-zđ][.)]|\(\w{1,4}\)\.?|[-–•+*])\s+"
)


@dataclasses.dataclass
class Parts:
    """One real notice cut into the pieces a synthetic notice is built from."""

    head: str  # up to the title
    opening: str  # from the title to the first section
    body: str  # the sections, items replaced by {slot:i}
    slots: list[tuple[str, str]]  # (kind, label) of each {slot:i}
    items: dict[str, list[str]]  # kind -> item texts without their labels
    closing: str  # Nơi nhận and signature


class SynthError(ValueError):
    """The output folder is not allowed (corpus/raw is never written)."""


def cut(text: str, body_end: int) -> Parts | None:
    """Cut one notice into parts; None when it has no numbered sections."""
    sections = extract_sections(text, body_end)
    body_sections = [s for s in sections if s.kind != "distribution"]
    if not body_sections:
        return None
    first = min(s.start for s in body_sections)
    end = max(s.end for s in body_sections)
    head, opening = _split_header(text[:first])
    leaves = [
        s
        for s in body_sections
        if s.depth > 0 and not any(c.parent == s.path for c in body_sections)
    ]
    body, slots, items, cursor = [], [], {}, first
    for leaf in sorted(leaves, key=lambda s: s.start):
        if leaf.start < cursor:
            continue
        body.append(text[cursor : leaf.start].replace("{", "{{").replace("}", "}}"))
        body.append(f"{{slot{len(slots)}}}")
        label = ITEM_LABEL.match(text[leaf.start : leaf.end])
        cut_at = leaf.start + (label.end() if label else 0)
        slots.append((leaf.kind, text[leaf.start : cut_at]))
        items.setdefault(leaf.kind, []).append(text[cut_at : leaf.end])
        cursor = leaf.end
    body.append(text[cursor:end].replace("{", "{{").replace("}", "}}"))
    return Parts(head, opening, "".join(body), slots, items, text[end:body_end])


def _split_header(header: str) -> tuple[str, str]:
    """(number, date, THÔNG BÁO and title; opening paragraphs)."""
    paragraphs = header.split("\n\n")
    for i, para in enumerate(paragraphs):
        if para.strip().upper().startswith("THÔNG BÁO") and i + 2 <= len(paragraphs):
            return "\n\n".join(paragraphs[: i + 2]) + "\n\n", "\n\n".join(
                paragraphs[i + 2 :]
            )
    half = max(1, len(paragraphs) // 2)
    return "\n\n".join(paragraphs[:half]) + "\n\n", "\n\n".join(paragraphs[half:])


def demonstration_parts(raw: Path = paths.RAW) -> list[Parts]:
    """Parts of every plain-text notice of the demonstration corpus, in path order."""
    from pipeline.stages.ingest import IngestParams, load_notice

    out = []
    for file in sorted(raw.rglob("*.txt")):
        notice = load_notice(file, IngestParams())
        parts = cut(notice.text, notice.body_end)
        if parts is not None:
            out.append(parts)
    return out


def compose(
    i: int, pool: list[Parts], items: dict[str, list[str]], rng: random.Random
) -> str:
    """Synthetic notice number ``i``."""
    outlines = [p for p in pool if any(kind == "tasks" for kind, _ in p.slots)] or pool
    head, opening = rng.choice(pool), rng.choice(pool)
    outline, closing = rng.choice(outlines), rng.choice(pool)  # an outline with tasks
    fills = {}
    for n, (kind, label) in enumerate(outline.slots):
        fills[f"slot{n}"] = label + _vary(rng.choice(items[kind]), rng)
    text = (
        NUMBER.sub(lambda m: f"{m.group(1)}{i + 1}{m.group(3)}", head.head, count=1)
        + opening.opening
        + outline.body.format(**fills)
        + closing.closing
    )
    shift = rng.randint(-3, 3)
    text = YEAR.sub(
        lambda m: str(2000 + min(39, max(0, int(m.group(1)) + shift))), text
    )
    return PERCENT.sub(lambda m: f"{m.group(1)},{rng.randint(0, 9)}{m.group(3)}", text)


def _vary(item: str, rng: random.Random) -> str:
    """Vary the days of the dates inside an item."""
    return re.sub(
        r"\bngày (\d{1,2})/", lambda m: f"ngày {rng.randint(1, 28):02d}/", item
    )


def write(n: int, out: Path, seed: int = 13, raw: Path = paths.RAW) -> list[Path]:
    """Write ``n`` synthetic notices under ``out`` (one folder per 500); return them.

    Raises:
        SynthError: when ``out`` is, or is inside, the corpus folder ``raw``.
    """
    out = Path(out).resolve()
    if out == raw.resolve() or raw.resolve() in out.parents:
        raise SynthError(
            f"refusing to write synthetic notices into {raw}: corpus/raw "
            "holds real notices only; choose another --out"
        )
    pool = demonstration_parts(raw)
    items: dict[str, list[str]] = {}
    for parts in pool:
        for kind, texts in parts.items.items():
            items.setdefault(kind, []).extend(texts)
    written = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        file = out / f"batch-{i // 500:03d}" / f"synth-{i:06d}.txt"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(compose(i, pool, items, rng), encoding="utf-8")
        written.append(file)
    log.info("wrote %d synthetic notices under %s", n, out)
    return written
