"""Agency spans from a learned tagger: a CRF (CRFsuite) over the notice's syllables.

The tagger is the learned alternative to the rules of ``agencies.py`` (issue 15, item 3).
It reads one line at a time, labels each syllable B (starts an agency), I (inside one) or
O, and each span it finds is canonicalised by the rules' own code (``canonical_mention``),
so both sides name a body the same way. Three modes (``params.yaml`` ``extract.agency_tagger``):

- ``off``: the rules alone (the tagger is not loaded);
- ``alone``: the tagger's spans only;
- ``propose``: the rules, plus the tagger's spans that overlap no rule mention and
  canonicalise to a known or patterned body.

Tokens are syllables, not underthesea words: underthesea's word segmentation costs about
170 ms on the seed notice, seventeen times the tagger's whole budget (10 ms), so the
features give the CRF what words would (the syllable pairs on either side) instead.
The model is ``models/agency_tagger.crfsuite``, rebuilt by ``python -m pipeline.train_tagger``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path

from pipeline import lexicons
from pipeline.extractors.models import AgencyMention

MODES = ("off", "alone", "propose")
MODEL_FILE = Path(__file__).resolve().parents[2] / "models" / "agency_tagger.crfsuite"
LABELS = ("B", "I", "O")

# a syllable, an abbreviation with its joiners ("KH&ĐT", "TP.HCM", "NN&PTNT"), or one
# punctuation mark
_TOKEN = re.compile(r"\w+(?:[&.]\w+)*|[^\w\s]")
_LONGEST_PHRASE = 12  # syllables of the longest gazetteer alias looked up
SCOPE = 4  # lower-case tokens read after a capitalised one (covers 98% of the silver spans)


def mode_of(value) -> str:
    """The mode a params value names; YAML reads a bare ``off`` as False."""
    mode = "off" if value in (False, None) else str(value).strip().lower()
    if mode not in MODES:
        raise ValueError(f"agency tagger mode {value!r}: not one of {', '.join(MODES)}")
    return mode


def tokens(line: str) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` of every syllable and punctuation mark of ``line``.

    >>> tokens("Sở KH&ĐT, Bộ")
    [(0, 2, 'Sở'), (3, 9, 'KH&ĐT'), (9, 10, ','), (11, 13, 'Bộ')]
    """
    return [(a, b, line[a:b]) for a, b in map(re.Match.span, _TOKEN.finditer(line))]


# ---------------------------------------------------------------- features


class _Phrases:
    """A set of phrases (tuples of lower-case syllables), with, for each first syllable,
    the lengths of the phrases that start with it (longest first)."""

    def __init__(self) -> None:
        self.phrases: set[tuple[str, ...]] = set()
        self.lengths: dict[str, list[int]] = {}

    def add(self, phrase: str) -> None:
        syllables = tuple(t for _, _, t in tokens(phrase.lower()))
        if syllables and len(syllables) <= _LONGEST_PHRASE:
            self.phrases.add(syllables)
            lengths = self.lengths.setdefault(syllables[0], [])
            if len(syllables) not in lengths:
                lengths.append(len(syllables))
                lengths.sort(reverse=True)

    def marks(self, low: list[str]) -> list[str]:
        """Per token: "B" where a phrase starts, "I" inside one, "" elsewhere."""
        marks = [""] * len(low)
        for i, word in enumerate(low):
            for n in self.lengths.get(word, ()):
                if tuple(low[i : i + n]) in self.phrases:
                    marks[i] = "B"
                    for j in range(i + 1, min(i + n, len(low))):
                        marks[j] = marks[j] or "I"
                    break
        return marks


@cache
def _lexicon() -> tuple[_Phrases, _Phrases]:
    """The gazetteer's names and aliases, and the head nouns (the first word of each
    gazetteer name, and agency_cues.yaml ``heads``)."""
    gazetteer, heads = _Phrases(), _Phrases()
    for row in lexicons.load_agencies():
        for form in [row["name"], *(row.get("aliases") or [])]:
            gazetteer.add(form)
        heads.add(row["name"].split()[0])
    for head in lexicons.cues("agency").get("heads", {}):
        heads.add(head)
    return gazetteer, heads


@lru_cache(maxsize=65536)
def _shape(token: str) -> str:
    """"Xx" for a capitalised syllable, "X" all capitals, "x" lower, "d" digits, "p" a mark."""
    if not token[0].isalnum():
        return "p"
    if token.isdigit():
        return "d"
    if token.isupper():
        return "X"
    if token[0].isupper():
        return "Xx" if token[1:].islower() or len(token) == 1 else "XxX"
    return "x" if token.islower() else "xX"


@lru_cache(maxsize=65536)
def _own(token: str) -> tuple[tuple[str, ...], ...]:
    """A token's own features, and the ones it lends the tokens one and two before and
    after it."""
    low, shape = token.lower(), _shape(token)
    own = (
        "bias",
        f"w={low}",
        f"s={shape}",
        f"p2={low[:2]}",
        f"x2={low[-2:]}",
        f"t={int(token[:1].isupper())}",
    )
    return (
        own,
        (f"+1w={low}", f"+1s={shape}"),  # to the token before it
        (f"-1w={low}", f"-1s={shape}"),  # to the token after it
        (f"+2w={low}",),
        (f"-2w={low}",),
    )


_EDGE = ((), ("EOL",), ("BOL",), (), ())


def features(toks: list[tuple[int, int, str]]) -> list[list[str]]:
    """CRFsuite attributes of each token of one segment: the syllable, its lower case,
    shape, capitalisation, prefix and suffix; the syllables one and two away and the
    pairs with its neighbours; and whether it starts ("B") or continues ("I") a
    gazetteer name or a head noun, and whether its neighbours do."""
    low = [t.lower() for _, _, t in toks]
    gazetteer, heads = _lexicon()
    marks = [  # gazetteer mark, head mark: "BB", "IO", "OO" ...
        (g or "O") + (h or "O")
        for g, h in zip(gazetteer.marks(low), heads.marks(low), strict=True)
    ]
    own = [_own(t) for _, _, t in toks]
    after = [*own[1:], _EDGE]
    before = [_EDGE, *own[:-1]]
    # a one-token segment has no token two away on either side
    after2 = [*own[2:], _EDGE, _EDGE][: len(own)]
    before2 = [_EDGE, _EDGE, *own[:-2]][: len(own)]
    nxt = [*low[1:], ""]
    prv = ["", *low[:-1]]
    mnext = [*marks[1:], ""]
    mprev = ["", *marks[:-1]]
    return [
        [
            *o[0],
            *a[1],
            *b[2],
            *a2[3],
            *b2[4],
            f"-b={p}|{w}",
            f"+b={w}|{n}",
            f"m={m}",
            f"-m={mp}",
            f"+m={mn}",
        ]
        for o, a, b, a2, b2, w, p, n, m, mp, mn in zip(
            own, after, before, after2, before2, low, prv, nxt, marks, mprev, mnext,
            strict=True,
        )
    ]


def segments(text: str):
    """The stretches of ``text`` the tagger reads, as ``(offset, tokens)``: on each line,
    the runs of tokens that lie near a capitalised one (from the token before it to
    ``SCOPE`` tokens after it). An agency's name has a capital ("Sở", "Ban", "UBND"), and
    its lower-case words follow within a few syllables; the rest of a notice (about 60%
    of its syllables) is never featurised."""
    offset = 0
    for line in text.split("\n"):
        if line.islower() or not line:  # no capital letter
            offset += len(line) + 1
            continue
        toks = tokens(line)
        up = [t[0].isupper() for _, _, t in toks]
        up.append(False)
        last, first = -SCOPE - 1, None  # the last capitalised token; the run's start
        for i in range(len(toks)):
            if up[i]:
                last = i
            if i - last <= SCOPE or up[i + 1]:
                if first is None:
                    first = i
            elif first is not None:
                yield offset, toks[first:i]
                first = None
        if first is not None:
            yield offset, toks[first:]
        offset += len(line) + 1


def bio(toks: list[tuple[int, int, str]], spans: list[tuple[int, int]]) -> list[str]:
    """B/I/O of each token, given agency spans in the same offsets (training labels)."""
    labels = ["O"] * len(toks)
    for start, end in spans:
        inside = [i for i, (s, e, _) in enumerate(toks) if s >= start and e <= end]
        for k, i in enumerate(inside):
            labels[i] = "B" if k == 0 else "I"
    return labels


# ---------------------------------------------------------------- tagging


@cache
def _tagger(path: str):
    """underthesea_core's CRF tagger (Rust) reads CRFsuite models and tags the seed
    notice in about a third of python-crfsuite's time, so it tags what CRFsuite trained."""
    from underthesea_core import CRFTagger

    if not Path(path).is_file():
        raise FileNotFoundError(
            f"{path}: no agency tagger model (python -m pipeline.train_tagger builds it)"
        )
    tagger = CRFTagger()
    tagger.load(path)
    return tagger


def spans(text: str, model: Path | None = None) -> list[tuple[int, int]]:
    """Character spans the tagger reads as agencies, in text order."""
    tagger = _tagger(str(model or MODEL_FILE))
    out = []
    for offset, toks in segments(text):
        start = end = None
        for (s, e, _), label in zip(toks, tagger.tag(features(toks)), strict=True):
            if label == "B" or (label == "I" and start is None):
                if start is not None:
                    out.append((offset + start, offset + end))
                start, end = s, e
            elif label == "I":
                end = e
            elif start is not None:
                out.append((offset + start, offset + end))
                start = None
        if start is not None:
            out.append((offset + start, offset + end))
    return out


def agencies(
    text: str,
    mode: str = "propose",
    jurisdiction: str | None = None,
    notice_date: str | None = None,
    model: Path | None = None,
) -> list[AgencyMention]:
    """Agency mentions of ``text`` in one mode: what the real-text scorer calls.

    Args:
        text: normalised notice text.
        mode: ``off`` (rules), ``alone`` (tagger) or ``propose`` (rules + tagger).
        jurisdiction: the issuer's province or city; guessed from the header when None.
        notice_date: ISO date, as for ``extract_agencies``.
        model: a CRFsuite model file; ``models/agency_tagger.crfsuite`` when None.

    Returns:
        Mentions in text order, non-overlapping (collectives only from the rules).
    """
    from pipeline.extractors.agencies import extract_agencies, guess_jurisdiction

    mode = mode_of(mode)
    jurisdiction = jurisdiction or guess_jurisdiction(text)
    if mode == "off":
        return extract_agencies(text, jurisdiction, notice_date)
    rules = (
        extract_agencies(text, jurisdiction, notice_date) if mode == "propose" else []
    )
    taken = bytearray(len(text) + 1)
    for m in rules:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    found = []
    for start, end in spans(text, model):
        if taken.find(1, start, end) >= 0:
            continue
        m = _canonical(text[start:end], jurisdiction, notice_date)
        if m is not None:
            found.append(replace(m, start=start + m.start, end=start + m.end))
    return sorted(rules + found, key=lambda m: m.start)


@lru_cache(maxsize=4096)
def _canonical(
    surface: str, jurisdiction: str | None, date: str | None
) -> AgencyMention | None:
    from pipeline.extractors.agencies import canonical_mention

    return canonical_mention(surface, jurisdiction, date)
