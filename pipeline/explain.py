"""`ketluan explain`: every extracted item highlighted in its sentence, so an analyst sees why."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from pipeline.extractors.sentences import split_sentences
from pipeline.stages.extract import extract_all
from pipeline.stages.segment import segment_notice

STYLES = {
    "agencies": "bold cyan",
    "people": "bold magenta",
    "legal_refs": "bold yellow",
    "deadlines": "bold red",
    "targets": "bold green",
    "attendance": "italic blue",
}
LABELS = {
    "agencies": "cơ quan",
    "people": "người",
    "legal_refs": "văn bản",
    "deadlines": "thời hạn",
    "targets": "chỉ tiêu",
    "attendance": "dự họp",
}


def _value(kind: str, item) -> str:
    if kind == "agencies":
        return item.canonical + (" (nhóm)" if item.kind == "collective" else "")
    if kind == "legal_refs":
        return f"{item.doc_type} {item.ref_id or '(không số)'}"
    if kind == "deadlines":
        return item.due_on or item.recurrence or "?"
    if kind == "targets":
        return f"{item.indicator}: {item.value:g} {item.unit or ''}".strip()
    if kind == "people":
        return f"{item.name}, {item.title}" if item.title else item.name
    return f"{item.status}: {item.who}"


def explain(doc: dict, console: Console) -> int:
    """Print each sentence that holds an extraction, items highlighted and explained.

    Returns:
        The number of items shown.
    """
    text = doc["text"]
    sections, _ = segment_notice(
        doc["doc_id"], text, int(doc["body_end"]), with_words=False
    )
    found = extract_all(doc, sections)
    items = sorted(
        ((i.start, i.end, kind, i) for kind, xs in found.items() for i in xs),
        key=lambda t: (t[0], -t[1]),
    )
    console.rule(f"{doc['source']}  ({doc['doc_id']})")
    shown = 0
    for start, end in split_sentences(text):
        inside = [t for t in items if start <= t[0] and t[1] <= end]
        if not inside:
            continue
        line = Text(text[start:end])
        for s, e, kind, _ in inside:
            line.stylize(STYLES[kind], s - start, e - start)
        console.print(line)
        for s, e, kind, item in inside:
            console.print(
                f"    [{STYLES[kind]}]{LABELS[kind]}[/] «{text[s:e]}» → "
                f"{_value(kind, item)}",
                highlight=False,
            )
        shown += len(inside)
    return shown
