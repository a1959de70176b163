"""The real-text evaluation set (corpus/real): a manifest of annotations whose texts are
kept outside git, and the scores of the extractors on whatever texts are present.

The texts of real notices may not be republished, so ``corpus/real/manifest.jsonl`` holds
for each item its URL, the query that finds it, who issued it, its date, the hash of the
text as annotated and the annotations; the texts live in ``$KETLUAN_REAL_DIR/texts/<id>.txt``
(default ``../real`` beside the project). See corpus/real/README.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.core.paths import ROOT

MANIFEST = ROOT / "corpus" / "real" / "manifest.jsonl"
FIELDS = ("agencies", "legal_refs", "deadlines", "tasks", "people")
ISSUER_KINDS = {"province", "city", "vpcp", "ministry", "party", "district", "commune", "newspaper"}
GENRES = {"notice", "report", "cong_van"}
ROLES = {"lead", "coordinate", "advise", "monitor", "implement"}
REQUIRED = ("id", "batch", "url", "query", "issuer_kind", "issuer", "home", "date", "genre",
            "post_reform", "sha256", "chars", "annotator", "gold")
# an annotation copies short spans (a deadline, a name); a longer one would republish text
MAX_SPAN_CHARS = 160
REFORM = dt.date(2025, 7, 1)


class ManifestError(ValueError):
    """A manifest line that breaks the schema; the message names the line."""


@dataclasses.dataclass(frozen=True)
class Item:
    """One manifest line."""

    id: str
    batch: int
    url: str
    home: str | None
    date: str
    sha256: str
    gold: dict
    meta: dict

    def text_path(self, real_dir: Path) -> Path:
        return real_dir / "texts" / f"{self.id}.txt"


def real_dir() -> Path:
    """``$KETLUAN_REAL_DIR``, or ``../real`` beside the project's root."""
    return Path(os.environ.get("KETLUAN_REAL_DIR") or ROOT.parent / "real")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(path: Path = MANIFEST) -> list[Item]:
    """The manifest's items, each line checked (``ManifestError`` names the first bad one)."""
    items, seen_ids, seen_urls = [], set(), set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as err:
            raise ManifestError(f"{path.name} line {n}: not JSON ({err})") from None
        problems = check_row(row)
        if row.get("id") in seen_ids:
            problems.append(f"id {row.get('id')} used twice")
        if row.get("url") in seen_urls:
            problems.append("url used twice")
        if problems:
            raise ManifestError(f"{path.name} line {n} ({row.get('id')}): {problems[0]}")
        seen_ids.add(row["id"])
        seen_urls.add(row["url"])
        items.append(
            Item(row["id"], row["batch"], row["url"], row["home"], row["date"], row["sha256"],
                 row["gold"], {k: v for k, v in row.items() if k != "gold"})
        )
    return items


def check_row(row: dict) -> list[str]:
    """What is wrong with one manifest line (empty when nothing)."""
    out = [f"missing {k}" for k in REQUIRED if k not in row]
    if out:
        return out
    if row["issuer_kind"] not in ISSUER_KINDS:
        out.append(f"issuer_kind {row['issuer_kind']!r}")
    if row["genre"] not in GENRES:
        out.append(f"genre {row['genre']!r}")
    if not _iso(row["date"]):
        out.append(f"date {row['date']!r} is not ISO")
    elif row["post_reform"] != (dt.date.fromisoformat(row["date"]) >= REFORM):
        out.append("post_reform disagrees with the date")
    if not re.fullmatch(r"[0-9a-f]{64}", str(row["sha256"])):
        out.append("sha256 is not a hex digest")
    g = row["gold"]
    for field in FIELDS:
        if not isinstance(g.get(field), list):
            out.append(f"gold.{field} is not a list")
    if out:
        return out
    names = set(g["agencies"])
    for t in g["tasks"]:
        for a in t.get("assignees", []):
            if a.get("role") not in ROLES or a.get("role_alt", "lead") not in ROLES:
                out.append(f"role {a.get('role')!r} / {a.get('role_alt')!r}")
            if a.get("agency") not in names:
                out.append(f"task assignee {a.get('agency')!r} is not among the agencies")
        if t.get("deadline") is not None and not _iso(t["deadline"]):
            out.append(f"task deadline {t['deadline']!r} is not ISO")
    for d in g["deadlines"]:
        if d.get("date") is not None and not _iso(d["date"]):
            out.append(f"deadline date {d['date']!r} is not ISO")
    spans = [d.get("text", "") for d in g["deadlines"]] + [p.get("name", "") for p in g["people"]]
    out += [f"span of {len(s)} characters" for s in spans if len(s or "") > MAX_SPAN_CHARS]
    amb = g.get("_ambiguous") or {}
    for key, needs in (("legal_refs", "id"), ("deadlines", "text"), ("people", "name")):
        out += [
            f"_ambiguous.{key} entry is not an object with {needs!r}"
            for e in amb.get(key, [])
            if not isinstance(e, dict) or needs not in e
        ]
    return out


def _iso(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def spans_in_text(item: Item, text: str) -> list[str]:
    """Annotated spans (deadline texts, people's names) that the text does not contain."""
    flat = " ".join(unicodedata.normalize("NFC", text).split())
    spans = [d["text"] for d in item.gold["deadlines"]] + [p["name"] for p in item.gold["people"]]
    return [s for s in spans if " ".join(unicodedata.normalize("NFC", s).split()) not in flat]


# --- scoring -------------------------------------------------------------------------------

_UNIT = r"(?:tỉnh|thành phố|tp\.?)"


def drop_home(name: str, home: str | None) -> str:
    """A canonical name without the item's own province, whichever way it was written:
    "Ủy ban nhân dân tỉnh Quảng Ninh", "Ủy ban nhân dân tỉnh" and "Ủy ban nhân dân" all
    become "Ủy ban nhân dân" in a Quảng Ninh item (the annotation and the extractor may
    disagree on whether a web report has a province of its own)."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if home:
        place = re.escape(" ".join(unicodedata.normalize("NFC", home).split()))
        name = re.sub(rf"(?:\s+{_UNIT})?\s+{place}$", "", name, flags=re.IGNORECASE)
    return re.sub(rf"\s+{_UNIT}$", "", name, flags=re.IGNORECASE)


def _gold_view(item: Item) -> dict:
    """The annotation in the shape ``evaluate.score`` reads, names without the home."""
    g = item.gold
    fix = lambda n: drop_home(n, item.home).casefold()  # noqa: E731
    amb = dict(g.get("_ambiguous") or {})
    amb["agencies"] = [fix(a) for a in amb.get("agencies", []) if isinstance(a, str)]
    amb["tasks"] = [
        {"assignees": [{**a, "agency": fix(a["agency"])} for a in t.get("assignees") or []
                       if a.get("agency")]}
        for t in amb.get("tasks", []) if isinstance(t, dict)
    ]
    return {
        "file": item.id,
        "notice": {},
        "agencies": sorted({fix(a) for a in g["agencies"]}),
        "people": g["people"],
        "legal_refs": [{"id": r.get("id")} for r in g["legal_refs"]],
        "deadlines": g["deadlines"],
        "tasks": [
            {"assignees": [{**a, "agency": fix(a["agency"])} for a in t["assignees"]],
             "deadline": t.get("deadline"), "legal_basis": []}
            for t in g["tasks"]
        ],
        "shortcomings": [], "targets": [], "attendance": {"absent": [], "delegated": []},
        "_ambiguous": amb,
    }


def _ambiguous_ids(item: Item) -> set[str]:
    """Reference ids the annotator could not decide on (the number of the reported document
    itself, in a news report): a prediction of one is neither rewarded nor penalised."""
    return {
        str(e.get("id") if isinstance(e, dict) else e).casefold()
        for e in (item.gold.get("_ambiguous") or {}).get("legal_refs", [])
    }


def _pred_view(obj: dict, home: str | None, skip_ids: set[str] = frozenset()) -> dict:
    # names compared without regard to case: how a body outside the gazetteer is
    # capitalised ("Trung tâm Phát triển Quỹ đất" / "quỹ đất") is a convention, not identity
    fix = lambda n: drop_home(n, home).casefold()  # noqa: E731
    return {
        **obj,
        "legal_refs": [
            r for r in obj["legal_refs"] if str(r.get("id")).casefold() not in skip_ids
        ],
        "agencies": [{**a, "name": fix(a["name"])} for a in obj["agencies"]],
        "tasks": [
            {**t, "assignees": [{**a, "agency": fix(a["agency"])} for a in t["assignees"]]}
            for t in obj["tasks"]
        ],
        "shortcomings": [], "targets": [], "attendance": {"absent": [], "delegated": []},
    }


@dataclasses.dataclass
class Scored:
    """What ``score`` found: metrics per batch (and ``all``), error rows, and the items
    whose text is missing, changed since annotation, or could not be read."""

    metrics: dict
    errors: list[dict]
    missing: list[str]
    changed: list[str]
    unread: list[tuple[str, str]]


def score(
    items: Iterable[Item], folder: Path, predict: Callable[[list[Path]], dict[str, dict | str]]
) -> Scored:
    """Score ``predict`` (paths -> CONTRACT object, or a one-line reason it was not read,
    by file stem) on the items whose text is in ``folder``."""
    from pipeline.stages.evaluate import score as score_pairs

    items = list(items)
    present = [i for i in items if i.text_path(folder).is_file()]
    missing = [i.id for i in items if i not in present]
    changed = [
        i.id for i in present
        if text_hash(i.text_path(folder).read_text(encoding="utf-8")) != i.sha256
    ]
    predicted = predict([i.text_path(folder) for i in present]) if present else {}
    pairs_by_batch: dict[str, list] = {}
    unread = []
    for i in present:
        obj = predicted.get(i.id)
        if not isinstance(obj, dict):
            unread.append((i.id, str(obj or "not read")))
            obj = {"agencies": [], "people": [], "legal_refs": [], "deadlines": [],
                   "tasks": [], "notice": {}}
        pair = (_pred_view(obj, i.home, _ambiguous_ids(i)), _gold_view(i))
        pairs_by_batch.setdefault(str(i.batch), []).append(pair)
    metrics, errors = {}, []
    for batch in sorted(pairs_by_batch, key=int):
        m, e = score_pairs(pairs_by_batch[batch])
        metrics[batch] = _fields(m)
        errors += [{"batch": batch, **row} for row in e if row["field"] in FIELDS]
    if pairs_by_batch:
        m, _ = score_pairs([p for ps in pairs_by_batch.values() for p in ps])
        metrics["all"] = _fields(m)
    return Scored(metrics, errors, missing, changed, unread)


def _fields(m: dict) -> dict:
    return {f: m[f] for f in FIELDS} | {"notices": m["notices"]}


def issuing_body(item: Item) -> str:
    """The level of the body whose conclusion an item records, whoever published it (a
    newspaper's report of a Tỉnh ủy conclusion is a party item)."""
    issuer = item.meta["issuer"] or ""
    if item.meta["issuer_kind"] == "vpcp" or re.match(r"(Văn phòng Chính phủ|Thủ tướng)", issuer):
        return "government office"
    if item.meta["issuer_kind"] == "ministry" or re.match(
        r"(Văn phòng )?(Bộ(?! Chính trị)|Tổng cục|Cục) ", issuer  # the Politburo is a party body
    ):
        return "ministry"
    if item.meta["issuer_kind"] == "party" or re.search(
        r"(Tỉnh|Thành|Huyện|Đảng) ?ủy|Đảng|Bộ Chính trị|Ban Bí thư", issuer
    ):
        return "party"
    if item.meta["issuer_kind"] in ("district", "commune") or re.search(
        r"(huyện|quận|thị xã|xã|phường|thị trấn)$", issuer
    ):
        return "district or commune"
    return "province"


def spread(items: Iterable[Item]) -> dict:
    """How widely the set reaches: homes, issuer kinds, genres, years, post-reform items."""
    items = list(items)
    kinds = Counter(i.meta["issuer_kind"] for i in items)
    bodies = Counter(issuing_body(i) for i in items)
    return {
        "issuing_bodies": dict(sorted(bodies.items())),
        "items": len(items),
        "homes": len({i.home for i in items if i.home}),
        "issuer_kinds": dict(sorted(kinds.items())),
        "genres": dict(sorted(Counter(i.meta["genre"] for i in items).items())),
        "years": sorted({int(i.date[:4]) for i in items}),
        "post_reform": sum(bool(i.meta["post_reform"]) for i in items),
        "batches": dict(sorted(Counter(i.batch for i in items).items())),
    }


# a passage an annotator quoted in a note or a reason, long enough to be the page's words
QUOTED = re.compile(r"[\"“«'‘]([^\"”»'’\n]{25,})[\"”»'’]")


def unquote(note: str) -> str:
    """A note or reason with every quoted passage of 25 characters or more cut out."""
    while (cut := QUOTED.sub("“…”", note)) != note:  # a quote inside a quote
        note = cut
    return note


# a run of this many words that a note shares with its text is a copied clause
COPIED_WORDS = 8
_WORDS = re.compile(r"\w+")


def cut_copied(note: str, text: str, n: int = COPIED_WORDS) -> str:
    """``note`` with every run of ``n`` or more words it shares with ``text`` (case and
    punctuation aside) cut out as "…": a clause an annotator copied without quoting it."""
    words = list(_WORDS.finditer(note))
    low = [w.group(0).lower() for w in words]
    tw = [w.lower() for w in _WORDS.findall(unicodedata.normalize("NFC", text))]
    grams = {tuple(tw[i : i + n]) for i in range(len(tw) - n + 1)}
    covered = [False] * len(words)
    for i in range(len(words) - n + 1):
        if tuple(low[i : i + n]) in grams:
            covered[i : i + n] = [True] * n
    out, pos, i = [], 0, 0
    while i < len(words):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and covered[j + 1]:
            j += 1
        out += [note[pos : words[i].start()], "…"]
        pos, i = words[j].end(), j + 1
    return "".join(out) + note[pos:]


def redact(gold: dict, text: str | None = None) -> dict:
    """The annotation without quoted sentences: an ambiguous task, agency or reference
    keeps its assignees, id and reason but not the clause an annotator copied to show it
    (a deadline keeps its short expression, which scoring matches); notes and reasons keep
    the annotator's words but not a passage they quoted, nor (given the item's ``text``)
    one they copied without quotes (``cut_copied``)."""

    def clean(note: str) -> str:
        note = unquote(note)
        return cut_copied(note, text) if text else note

    amb = {
        key: [
            {k: clean(v) if k == "reason" and isinstance(v, str) else v
             for k, v in e.items() if k != "text" or key == "deadlines"}
            if isinstance(e, dict) else e
            for e in entries
        ]
        if isinstance(entries, list) else entries
        for key, entries in (gold.get("_ambiguous") or {}).items()
    }
    notes = [clean(n) if isinstance(n, str) else n for n in gold.get("_notes") or []]
    return {**gold, "_ambiguous": amb, "_notes": notes}


def add(batch_file: Path, folder: Path, manifest: Path = MANIFEST) -> list[str]:
    """Append an annotator's batch (manifest lines without ``sha256``/``chars``) to the
    manifest, hashing each item's text as it is now in ``folder``; the ids added."""
    known = {i.id for i in load(manifest)} if manifest.exists() else set()
    lines, added = [], []
    for n, line in enumerate(batch_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        text = (folder / "texts" / f"{row['id']}.txt").read_text(encoding="utf-8")
        row = {**{k: v for k, v in row.items() if k != "gold"},
               "sha256": text_hash(text), "chars": len(text), "gold": redact(row["gold"], text)}
        item = Item(row["id"], row["batch"], row["url"], row.get("home"), row.get("date"),
                    row["sha256"], row["gold"], row)
        problems = check_row(row) + [f"span not in text: {s!r}" for s in spans_in_text(item, text)]
        if row["id"] in known:
            problems.append("id already in the manifest")
        if problems:
            raise ManifestError(f"{batch_file.name} line {n} ({row['id']}): {'; '.join(problems)}")
        lines.append(json.dumps(row, ensure_ascii=False))
        added.append(row["id"])
    from pipeline.core import tables

    old = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    tables.write_text(old + "".join(line + "\n" for line in lines), manifest)
    load(manifest)  # the whole file still checks (urls unique across batches)
    return added


def agreement(items: Iterable[Item], second: dict[str, dict]) -> dict:
    """How far a second, independent annotation (``{id: gold}``) agrees with the
    manifest's, scored as if it were a prediction (same conventions as ``score``; what the
    second annotator left ambiguous is not counted as predicted). The ceiling an extractor
    can reach on the set."""
    from pipeline.stages.evaluate import score as score_pairs

    pairs = []
    for i in items:
        if i.id not in second:
            continue
        b = second[i.id]
        obj = {
            "notice": {},
            "agencies": [{"name": a} for a in b["agencies"]],
            "people": [{"name": p["name"]} for p in b["people"]],
            "legal_refs": [{"id": r.get("id")} for r in b["legal_refs"] if r.get("id")],
            "deadlines": [{"text": d["text"], "date": d["date"]} for d in b["deadlines"]],
            "tasks": [
                {"assignees": [{"agency": a["agency"], "role": a["role"]} for a in t["assignees"]],
                 "deadline": t.get("deadline"), "legal_basis": []}
                for t in b["tasks"]
            ],
        }
        pairs.append((_pred_view(obj, i.home, _ambiguous_ids(i)), _gold_view(i)))
    metrics, _ = score_pairs(pairs)
    return _fields(metrics)


if __name__ == "__main__":  # python -m pipeline.real add BATCH.jsonl
    import sys

    if len(sys.argv) != 3 or sys.argv[1] not in ("add", "agreement"):
        sys.exit("usage: python -m pipeline.real add BATCH.jsonl | agreement SECOND.jsonl")
    try:
        if sys.argv[1] == "add":
            print("added", " ".join(add(Path(sys.argv[2]), real_dir())))
        else:
            rows = [json.loads(x) for x in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines() if x.strip()]
            m = agreement(load(), {r["id"]: r["gold"] for r in rows})
            print(f"{m['notices']} items annotated twice; F1 of the second annotation against the first:")
            for f in FIELDS:
                print(f"  {f:<11} {m[f]['f1']:.3f}  (P {m[f]['precision']:.3f}, R {m[f]['recall']:.3f})")
    except (OSError, ValueError) as err:
        sys.exit(f"pipeline.real: error: {err}")
