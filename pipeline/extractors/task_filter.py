"""A learned precision filter over the task rules' (agency, role) pairs.

The task rules (``tasks.py``) find a body and a role in a clause; on real pages many of those
pairs are a body the text narrates (a past action, an achievement, a report given at the
meeting, the object of a directive) rather than one it hands work to. This module scores each
pair the rules made with a logistic regression over features of the clause, the body's place
in it and the document, and drops the pairs scored below the model's threshold. It never adds
a pair, never changes a role, and leaves collectives alone.

    keep(tasks, text, sections, agencies)  ->  the same tasks, some assignees dropped

The model (``models/task_filter/model.joblib``) holds only weights over hashed features (no
vocabulary); it is loaded once, lazily. Without it the tasks pass unchanged (a one-line
notice). ``python -m pipeline.extractors.task_filter train`` refits it
(pipeline/train_task_filter.py).
"""

from __future__ import annotations

import bisect
import functools
import logging
import math
import re
from dataclasses import replace
from pathlib import Path

import yaml

from pipeline.lexicons import path as lexicon_path

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "task_filter"
MODEL_FILE = MODEL_DIR / "model.joblib"
MODES = ("off", "on")
N_FEATURES = 2**14
WINDOW = 60  # characters read either side of a body, inside its clause
# words either side of a body whose uni- and bigrams are hashed, and whether the clause's
# first words are: off, as leave-one-batch-out over real batches 1-10 found them to lower task
# F1 of rules + filter (current rules' tasks 0.901 without them, 0.894 with 4 words; the
# rules as each batch arrived 0.647 and 0.639; rules alone 0.908 and 0.629)
NGRAM_WORDS = 0
OPENING_WORDS = 0
DIRECTIVE_KINDS = {"tasks", "recommendations"}
_WORD = re.compile(r"\w+")


def mode_of(value) -> str:
    """The mode a params value names; YAML reads a bare ``off``/``on`` as a boolean."""
    if value in (False, None):
        return "off"
    if value is True:
        return "on"
    mode = str(value).strip().lower()
    if mode not in MODES:
        raise ValueError(f"tasks.task_filter must be one of {MODES}, not {value!r}")
    return mode


@functools.lru_cache(maxsize=1)
def cues() -> tuple[re.Pattern, dict[str, frozenset[str]]]:
    """One whole-word regex of every phrase of lexicons/task_filter_cues.yaml (longest
    first), and the groups each phrase belongs to."""
    raw = yaml.safe_load(
        lexicon_path("task_filter_cues.yaml").read_text(encoding="utf-8")
    )
    groups: dict[str, set[str]] = {}
    for group, words in raw.items():
        for w in words:
            groups.setdefault(w, set()).add(group)
    return _whole_words(groups), {w: frozenset(g) for w, g in groups.items()}


def _whole_words(phrases) -> re.Pattern:
    """A regex of ``phrases`` as whole words, longest first, the alternatives grouped by
    their first character (a third faster to scan than one flat alternation)."""
    by_first: dict[str, list[str]] = {}
    for p in sorted(phrases, key=len, reverse=True):
        by_first.setdefault(p[0], []).append(re.escape(p[1:]))
    alt = "|".join(
        f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in by_first.items()
    )
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")


@functools.lru_cache(maxsize=1)
def _news_regex() -> re.Pattern:
    return _whole_words(w for w, g in cues()[1].items() if "news" in g)


_MARKER = re.compile(r"\s*(?:[-+•*]|\d+[.)]|[a-zđ][.)])")  # a list item's marker


def cue_groups(s: str) -> set[str]:
    """The cue groups whose phrases occur in ``s`` (lower-cased text)."""
    rx, groups = cues()
    return {g for m in rx.finditer(s) for g in groups[m.group()]}


# --- features ----------------------------------------------------------------------------


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def document_features(low: str, sections) -> dict[str, float]:
    """Genre signals of the whole notice (lower-cased), shared by all its pairs."""
    kinds = {s.kind for s in sections}
    head = low[:600]
    news = len(_news_regex().findall(low, 0, 2000))  # a news page says so early
    return {
        "doc:directive_sections": float(bool(kinds & DIRECTIVE_KINDS)),
        "doc:sections=" + _bucket(len(sections), (0, 3, 8, 20)): 1.0,
        "doc:noi_nhan": float("nơi nhận" in low),
        "doc:ket_luan_head": float("kết luận" in head),
        "doc:thong_bao_head": float("thông báo" in head),
        "doc:news": float(news >= 2),
        "doc:length=" + _bucket(len(low) // 1000, (2, 5, 10, 20)): 1.0,
    }


def _mention(bodies, agency: str):
    """The first mention of ``agency`` among the clause's bodies, else None."""
    want = agency.casefold()
    return next(
        (m for m in bodies if (m.canonical or m.surface).casefold() == want), None
    )


def _grams(words: list[str], prefix: str) -> list[str]:
    out = [f"{prefix}{w}" for w in words]
    out += [f"{prefix}{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    return out


def pair_features(
    text: str,
    low: str,
    t,
    a,
    sections_by_path: dict,
    bodies: list,
    hits: list[tuple[int, int, frozenset[str]]],
    doc: dict,
    others: dict,
) -> dict[str, float]:
    """Features of one (task, assignee) pair, as name -> value (hashed later); ``bodies``
    are the named bodies of the task's clause, ``hits`` its cue phrases (start, end, groups)."""
    f: dict[str, float] = dict(doc)
    f["role=" + a.role] = 1.0
    section = sections_by_path.get(t.section)
    kind = section.kind if section is not None else "unsectioned"
    f["section=" + kind] = 1.0
    f["role_section=" + a.role + "|" + kind] = 1.0
    clause = low[t.start : t.end]
    f["bodies=" + _bucket(len(bodies), (0, 1, 2, 4))] = 1.0
    f["assignees=" + _bucket(len(t.assignees), (1, 2, 4))] = 1.0
    f["deadline"] = float(t.deadline is not None)
    f["headline"] = float(t.start < 300)
    line_start = (
        t.start == 0
        or text[t.start - 1 : t.start] == "\n"
        or text.rfind("\n", 0, t.start) >= t.start - 8
    )
    f["clause_line_start"] = float(line_start)
    f["clause_marker"] = float(bool(_MARKER.match(clause)))
    f["clause_len=" + _bucket(len(clause) // 50, (1, 3, 6))] = 1.0
    m = _mention(bodies, a.agency)
    if m is None:
        f["mention=outside"] = 1.0  # from a heading or an earlier clause
        before, after = "", clause[:WINDOW]
    else:
        offset = m.start - t.start
        f["mention_kind=" + m.kind] = 1.0  # gazetteer body or a pattern outside it
        f["mention_level=" + str(m.level)] = 1.0
        f["mention_at=" + _bucket(offset, (0, 10, 40, 120))] = 1.0
        f["mention_first"] = float(bodies and bodies[0] is m)
        f["mention_in_list"] = float(
            any(
                abs(o.start - m.end) <= 6 or abs(m.start - o.end) <= 6
                for o in bodies
                if o is not m
            )
        )
        before = low[max(t.start, m.start - WINDOW) : m.start]
        after = low[m.end : min(t.end, m.end + WINDOW)]
    # the cue phrases in windows of the clause: before the body, just before, just after
    at, end = (m.start, m.end) if m is not None else (t.start, t.start)
    windows = (
        ("before", max(t.start, at - WINDOW), at),
        ("just_before", max(t.start, at - 20), at),
        ("after", end, min(t.end, end + 30)),
        ("clause", t.start, t.end),
    )
    for where, lo, hi in windows:
        for h_start, h_end, groups in hits:
            if lo <= h_start and h_end <= hi:
                for group in groups:
                    f[f"{where}:{group}"] = 1.0
    f["elsewhere_pair"] = float(others.get((a.agency, a.role), 0) > 1)
    f["elsewhere_directive"] = float(
        others.get(("directive", a.agency), 0) - (kind in DIRECTIVE_KINDS) > 0
    )
    if NGRAM_WORDS:
        for g in _grams(_WORD.findall(before)[-NGRAM_WORDS:], "L:") + _grams(
            _WORD.findall(after)[:NGRAM_WORDS], "R:"
        ):
            f[g] = 1.0
    if OPENING_WORDS:
        for g in _grams(_WORD.findall(clause[:40])[:OPENING_WORDS], "O:"):
            f[g] = 1.0
    return f


def candidates(tasks, text: str, sections, agencies) -> list[tuple[int, int, dict]]:
    """(task index, assignee index, features) of every non-collective pair."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep offsets
        low = "".join(ch.lower()[:1] or ch for ch in text)
    agencies = sorted(
        (m for m in agencies if m.kind != "collective"), key=lambda m: m.start
    )
    starts = [m.start for m in agencies]
    cue_rx, cue_map = cues()
    by_path = {s.path: s for s in sections}
    doc = document_features(low, sections)
    others: dict = {}
    for t in tasks:
        section = by_path.get(t.section)
        directive = section is not None and section.kind in DIRECTIVE_KINDS
        for a in t.assignees:
            others[(a.agency, a.role)] = others.get((a.agency, a.role), 0) + 1
            if directive:
                others[("directive", a.agency)] = (
                    others.get(("directive", a.agency), 0) + 1
                )
    out = []
    for i, t in enumerate(tasks):
        named = [j for j, a in enumerate(t.assignees) if not a.collective]
        if not named:
            continue
        lo, hi = bisect.bisect_left(starts, t.start), bisect.bisect_left(starts, t.end)
        bodies = agencies[lo:hi]
        hits = [
            (h.start(), h.end(), cue_map[h.group()] - {"news"})
            for h in cue_rx.finditer(low, t.start, t.end)
        ]
        for j in named:
            a = t.assignees[j]
            f = pair_features(text, low, t, a, by_path, bodies, hits, doc, others)
            out.append((i, j, f))
    return out


@functools.lru_cache(maxsize=1)
def hasher():
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=N_FEATURES, input_type="dict", alternate_sign=False)


@functools.lru_cache(maxsize=65536)
def column(name: str) -> int:
    """The column ``hasher()`` puts feature ``name`` in (signed MurmurHash3, seed 0,
    absolute value modulo the width), cached: scoring a notice hashes each name once."""
    from sklearn.utils import murmurhash3_32

    return abs(murmurhash3_32(name, seed=0)) % N_FEATURES


# --- the model ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def load(path: str | None = None):
    """The fitted model as a dict (``classifier``, ``threshold``), or None without one."""
    file = Path(path) if path else MODEL_FILE
    if not file.is_file():
        log.warning("task filter: no model at %s; task pairs are not filtered", file)
        return None
    import joblib

    return joblib.load(file)


def scores(tasks, text: str, sections, agencies, model) -> list[tuple[int, int, float]]:
    """(task index, assignee index, probability the pair is a real assignment)."""
    cands = candidates(tasks, text, sections, agencies)
    if not cands:
        return []
    weight, b = _weights(model)
    margins = [b + sum(weight(k) * v for k, v in f.items() if v) for _, _, f in cands]
    p = [1.0 / (1.0 + math.exp(-z)) for z in margins]
    return [(i, j, float(q)) for (i, j, _), q in zip(cands, p, strict=True)]


def _weights(model):
    """(weight of a feature name, intercept) of the model's logistic regression: the sigmoid
    of their sum is ``predict_proba``; each name is hashed once per model."""
    if "_weight" not in model:
        clf = model["classifier"]
        coef, cache = clf.coef_[0].tolist(), {}

        def weight(name: str) -> float:
            if name not in cache:
                cache[name] = coef[column(name)]
            return cache[name]

        model["_weight"] = (weight, float(clf.intercept_[0]))
    return model["_weight"]


def keep(
    tasks, text: str, sections, agencies, model=None, threshold: float | None = None
):
    """``tasks`` without the pairs the model scores below its threshold; a task left with
    no assignee is dropped. ``model`` defaults to the committed one (None: no change)."""
    model = model if model is not None else load()
    if model is None or not tasks:
        return tasks
    cut = model["threshold"] if threshold is None else threshold
    drop = {
        (i, j) for i, j, p in scores(tasks, text, sections, agencies, model) if p < cut
    }
    if not drop:
        return tasks
    out = []
    for i, t in enumerate(tasks):
        kept = tuple(a for j, a in enumerate(t.assignees) if (i, j) not in drop)
        if kept:
            out.append(
                t if len(kept) == len(t.assignees) else replace(t, assignees=kept)
            )
    return out


if __name__ == "__main__":  # python -m pipeline.extractors.task_filter train
    import importlib
    import sys

    if sys.argv[1:2] != ["train"]:
        sys.exit(
            "usage: python -m pipeline.extractors.task_filter train [--no-past-rules]"
        )
    # the trainer reads the corpus and the stages; by name, so the library imports none
    importlib.import_module("pipeline.train_task_filter").main(sys.argv[2:])
