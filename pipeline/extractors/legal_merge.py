"""One CONTRACT ``legal_refs`` entry per cited document, from all its mentions."""

from __future__ import annotations

import re

from pipeline.extractors.models import LegalRef


def merge_legal_refs(refs: list[LegalRef]) -> list[dict]:
    """Merge mentions of the same document into CONTRACT ``legal_refs`` dicts.

    Same id (case-insensitive) and same year are one document; a mention with no year
    joins the first document of its id. A reference without a number is keyed on its
    type, issuer and name. The fullest text is kept, with the first date, issuer and
    footnote found among the mentions (fullest first).

    Returns:
        ``{"text", "type", "number", "code", "id", "date", "issuer", "footnote"}`` dicts,
        in order of first mention.
    """
    return [legal_entry(group) for group in group_legal_refs(refs)]


def group_legal_refs(refs: list[LegalRef]) -> list[list[LegalRef]]:
    """The mentions of each cited document (as ``merge_legal_refs`` merges them), in
    order of first mention."""
    groups: dict[tuple, list[LegalRef]] = {}
    for ref in sorted(refs, key=lambda r: r.start):
        groups.setdefault(_key(ref, groups), []).append(ref)
    return list(groups.values())


def _key(ref: LegalRef, groups: dict) -> tuple:
    if not ref.ref_id:
        name = (
            re.sub(r"\s+năm\s+\d{4}$", "", ref.surface).lower()
            if not ref.issuer
            else ""
        )
        return ("", ref.doc_type, ref.issuer, name)
    ident, year = ref.ref_id.lower(), _year(ref)
    if year is None:
        return next((k for k in groups if k[0] == ident), (ident, None))
    loose = (ident, None)
    if loose in groups and not any(k[0] == ident and k[1] == year for k in groups):
        groups[(ident, year)] = groups.pop(loose)  # an undated mention came first
    return (ident, year)


def _year(ref: LegalRef) -> str | None:
    if ref.issued_on:
        return ref.issued_on[:4]
    m = re.search(r"/((?:19|20)\d\d)/", ref.ref_id or "")
    return m.group(1) if m else None


def legal_entry(group: list[LegalRef]) -> dict:
    """The CONTRACT ``legal_refs`` dict of one document's mentions."""
    full = sorted(group, key=lambda r: (r.resolved, -len(r.surface)))
    best = full[0]
    return {
        "text": best.surface,
        "type": max((r.doc_type for r in group), key=len),
        "number": best.number,
        "code": best.code,
        "id": best.ref_id,
        "date": next((r.issued_on for r in full if r.issued_on), None),
        "issuer": next((r.issuer for r in full if r.issuer), None),
        "footnote": next((r.footnote for r in full if r.footnote), None),
    }
