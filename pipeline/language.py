"""The extractors as a spaCy pipeline: agencies, people, legal references, deadlines and
targets as spans of ``doc.spans["ketluan"]``, on underthesea's words.

>>> import pipeline
>>> doc = pipeline.nlp()("Giao Sở Y tế báo cáo trước ngày 15/9/2024.")
>>> [(s.label_, s.text, s._.canonical) for s in doc.spans["ketluan"]]
[('AGENCY', 'Sở Y tế', 'Sở Y tế'), ('DEADLINE', 'trước ngày 15/9/2024', '2024-09-15')]

The tokenizer reads the text as ingest does (``ingest.text_fields``: repair, footnotes,
header), so ``doc.text`` is the notice's text as ``ketluan extract`` sees it (the same
string for a notice ingest has already read) and ``doc._.notice`` is its documents row.
Each component calls the extract stage's own extractor (``extract.extract_one``) and the
rules that make the CONTRACT.md fields, so a span's canonical form is the one
``ketluan extract`` prints:

========= ================== ==========================================================
label     component          ``span._.canonical``; other attributes
========= ================== ==========================================================
AGENCY    ketluan_agencies   canonical name (``agencies[].name``); a collective
                             ("các sở, ngành") is no span
PERSON    ketluan_people     name (``people[].name``)
LEGAL_REF ketluan_legal_refs the document's id, "63/NQ-CP" (``legal_refs[].id``; its
                             text when it has no number); ``span._.date`` its date
DEADLINE  ketluan_deadlines  ISO date, else the recurrence ("quarterly");
                             ``span._.date`` the date
TARGET    ketluan_targets    indicator; ``span._.value``, ``span._.unit``
========= ================== ==========================================================

``span._.item`` holds every field of the extractor's dataclass (models.py) as a dict.
The attributes live in ``doc.user_data``: ``doc.to_bytes`` and a ``DocBin`` with
``store_user_data=True`` keep them.

``python -m pipeline.language models/ketluan_vi`` writes the packaged pipeline; its
factories and tokenizer are entry points (pyproject.toml), so
``spacy.load("models/ketluan_vi")`` finds them without importing this module first.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from pipeline.extractors.agencies import named_agencies
from pipeline.extractors.legal_merge import group_legal_refs, legal_entry
from pipeline.extractors.models import as_row
from pipeline.readers import repair
from pipeline.stages.extract import extract_one
from pipeline.stages.ingest import text_fields
from pipeline.words import WordTokenizer

SPANS_KEY = "ketluan"
TOKENIZER = "ketluan.notice_tokenizer.v1"
# component name -> (extractor name in extract.VERSIONS, span label)
COMPONENTS = {
    "ketluan_agencies": ("agencies", "AGENCY"),
    "ketluan_people": ("people", "PERSON"),
    "ketluan_legal_refs": ("legal_refs", "LEGAL_REF"),
    "ketluan_deadlines": ("deadlines", "DEADLINE"),
    "ketluan_targets": ("targets", "TARGET"),
}
ATTRIBUTES = ("canonical", "date", "value", "unit", "item")
# a span's attributes live in doc.user_data[(_FACTS, label, start_char, end_char)]:
# keyed by label too, unlike spaCy's own span extensions (two labels may share words)
_FACTS = "ketluan"


def nlp() -> Language:
    """A new pipeline: the notice tokenizer and the five extractor components."""
    import spacy

    lang = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    for name in COMPONENTS:
        lang.add_pipe(name)
    lang.meta.update(
        name="ketluan_vi",
        version="0.1.0",
        description="ketluan's extractors (agencies, people, legal references, "
        "deadlines, targets) on Vietnamese conclusion notices, as spans of "
        "doc.spans['ketluan']",
        license="MIT",
    )
    return lang


# ------------------------------------------------------------- doc and span attributes


def _fact(name: str):
    def get(span: Span):
        key = (_FACTS, span.label_, span.start_char, span.end_char)
        return span.doc.user_data.get(key, {}).get(name)

    return get


def _register_attributes() -> None:
    if not Doc.has_extension("notice"):
        Doc.set_extension("notice", default=None)
    for name in ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_fact(name))


_register_attributes()


# ---------------------------------------------------------------------------- tokenizer


class NoticeTokenizer(WordTokenizer):
    """underthesea's words of the notice's text as ingest reads it; ``doc._.notice`` is
    its documents row (dates as ISO strings)."""

    def __call__(self, text: str) -> Doc:
        row = text_fields(repair(text))
        doc = super().__call__(row["text"])
        doc._.notice = {
            k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()
        }
        return doc

    # nothing to save: the words come from underthesea, which ships its own model
    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> NoticeTokenizer:
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> NoticeTokenizer:
        return self


@registry.tokenizers(TOKENIZER)
def notice_tokenizer():
    """For spaCy's tokenizer registry: makes the tokenizer of a pipeline."""
    return lambda lang: NoticeTokenizer(lang.vocab)


# --------------------------------------------------------------------------- components


def _notice(doc: Doc) -> dict:
    """The documents row of ``doc``: the tokenizer's, or read from ``doc.text`` now."""
    if doc._.notice is None:
        row = text_fields(repair(doc.text))
        if row["text"] != doc.text:
            raise ValueError(
                "doc.text is not a notice's text as ingest reads it: "
                "make the Doc with this pipeline's tokenizer (nlp(text))"
            )
        doc._.notice = row
    return doc._.notice


def _add(doc: Doc, label: str, item, canonical, **attributes) -> None:
    span = doc.char_span(item.start, item.end, label, alignment_mode="expand")
    if span is None:  # an item in whitespace only: no word to hang it on
        return
    key = (_FACTS, label, span.start_char, span.end_char)
    if key in doc.user_data:  # the same words found twice: one span
        return
    doc.user_data[key] = {"canonical": canonical, "item": as_row(item), **attributes}
    if SPANS_KEY not in doc.spans:
        doc.spans[SPANS_KEY] = []
    doc.spans[SPANS_KEY].append(span)


def agencies(doc: Doc) -> Doc:
    """AGENCY spans: named agencies (CONTRACT ``agencies``), not collectives."""
    for m in named_agencies(extract_one("agencies", _notice(doc))):
        _add(doc, "AGENCY", m, m.canonical)
    return doc


def people(doc: Doc) -> Doc:
    """PERSON spans, canonical form the name."""
    for p in extract_one("people", _notice(doc)):
        _add(doc, "PERSON", p, p.name)
    return doc


def legal_refs(doc: Doc) -> Doc:
    """LEGAL_REF spans; every mention of a document carries the merged document's id."""
    for group in group_legal_refs(extract_one("legal_refs", _notice(doc))):
        entry = legal_entry(group)
        for ref in group:
            canonical = entry["id"] or entry["text"]
            _add(doc, "LEGAL_REF", ref, canonical, date=entry["date"])
    return doc


def deadlines(doc: Doc) -> Doc:
    """DEADLINE spans: the due date, or the recurrence of a standing duty."""
    for d in extract_one("deadlines", _notice(doc)):
        _add(doc, "DEADLINE", d, d.due_on or d.recurrence, date=d.due_on)
    return doc


def targets(doc: Doc) -> Doc:
    """TARGET spans: a figure with its indicator and unit."""
    for t in extract_one("targets", _notice(doc)):
        _add(doc, "TARGET", t, t.indicator, value=t.value, unit=t.unit)
    return doc


for _name, _func in zip(
    COMPONENTS, (agencies, people, legal_refs, deadlines, targets), strict=True
):
    Language.component(_name, func=_func)


def main(argv: list[str] | None = None) -> None:
    """``python -m pipeline.language OUTDIR``: write the packaged pipeline."""
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("outdir", type=Path)
    nlp().to_disk(ap.parse_args(argv).outdir)


if __name__ == "__main__":
    main()
