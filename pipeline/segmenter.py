"""underthesea's word segmentation, the same words, faster.

underthesea ``word_tokenize(text, use_token_normalize=False)`` does four things per
sentence: character normalisation (NFC and a character map), a regex tokenizer, a CRF
featurizer (underthesea_core, Rust) that turns every token into 43 attribute strings,
and the CRF tagger (crfsuite model, B-W/I-W) that reads them back. Profiled on the
corpus's sentences, the featurizer is about half of the time (it builds ~43 Python
strings per token), the tagger a fifth, the tokenizer's Python wrappers a quarter.

:class:`Segmenter` reads the same model file and dictionary and computes the same
thing with less work:

- the regex tokenizer is underthesea's own pattern; the token is the whole match
  (every top-level alternative of the pattern is exactly one named group), so the
  per-match ``groupdict`` scan is skipped;
- a token's state score (the sum of the weights of its 43 attributes, per label) only
  depends on the five tokens around it, so it is computed once per distinct 5-token
  window and kept in a bounded dict: boilerplate phrases recur in every notice;
- the attributes are built by :func:`attributes`, identical to underthesea_core's
  ``CRFFeaturizer`` (checked string for string by the tests), and their weights are
  read from the crfsuite model file itself (``models.bin``, doubles, no rounding);
- Viterbi decoding is crfsuite's (same additions in the same order, same tie rule);
- whole sentences that recur (headers, Nơi nhận, closing formulas) are answered from a
  bounded per-process cache keyed by the sentence text.

The model and its outputs are underthesea's: nothing is retrained or downloaded.
``tests/test_segmenter.py`` checks the words against ``word_tokenize`` on every
sentence of the corpus and of synthetic notices; ``python -m pipeline.bench`` does it on
5,000 synthetic notices.
"""

from __future__ import annotations

import functools
import logging
import re
import struct
import unicodedata
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

MODEL = "ws_crf_vlsp2013_20230727"  # underthesea's word_tokenize model
# ketluan's sizes: distinct sentences and distinct 5-token windows kept per process
SENTENCE_CACHE = 50_000
WINDOW_CACHE = 500_000
# a Viterbi decision closer than this is taken again on scores added in crfsuite's order
MARGIN = 1e-6
_CHUNK = re.compile(r"\S+")


def package_dir() -> Path:
    """underthesea's installed package, found without importing it."""
    from pipeline.core.underthesea_cache import package_dir

    return package_dir()


def model_dir() -> Path:
    """underthesea's word segmentation model (shipped inside the package)."""
    return package_dir() / "pipeline" / "word_tokenize" / "models" / MODEL


def _underthesea_state(path: Path) -> dict:
    """What the segmenter needs from underthesea, read from underthesea itself."""
    from underthesea.pipeline.text_normalize import character_normalize
    from underthesea.pipeline.word_tokenize import regex_tokenize

    labels, weights, trans = read_model(path / "models.bin")
    return {
        "labels": labels,
        "weights": weights,
        "trans": trans,
        "templates": _load(path / "features.bin"),
        "dictionary": _load(path / "dictionary.bin"),
        # underthesea compiles the same list the same way (without fixed words)
        "pattern": "(" + "|".join(regex_tokenize.regex_patterns) + ")",
        "character_map": list(character_normalize.character_map.items()),
    }


def _state_key(path: Path) -> str:
    """Hash of this file and of the underthesea files the state comes from."""
    from pipeline.core.underthesea_cache import file_key

    pkg = package_dir()
    return file_key(
        Path(__file__),
        [
            pkg / "version.py",
            *sorted(path.iterdir()),
            pkg / "pipeline" / "word_tokenize" / "regex_tokenize.py",
            *sorted((pkg / "pipeline" / "text_normalize").iterdir()),
        ],
    )


def load_state(path: Path) -> dict:
    """The segmenter's state, from a pickle in the project's cache (``.ketluan-cache``)
    when one was made from the same files, else from underthesea (and then saved):
    a stage process then starts without importing underthesea."""
    from pipeline.core.underthesea_cache import cached

    return cached("segmenter", _state_key(path), lambda: _underthesea_state(path))


# ---------------------------------------------------------------- crfsuite model file


def _cqdb_strings(buf: bytes, base: int) -> list[str]:
    """The strings of a CQDB chunk (crfsuite's string <-> id database), by id."""
    if buf[base : base + 4] != b"CQDB":
        raise ValueError("not a CQDB chunk")
    _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from(
        "<5I", buf, base + 4
    )
    offsets = struct.unpack_from(f"<{bwd_size}I", buf, base + bwd_offset)
    out = []
    for i, offset in enumerate(offsets):
        start = base + offset
        ident, ksize = struct.unpack_from("<iI", buf, start)
        if ident != i or offset == 0:
            raise ValueError(f"CQDB record {i} has id {ident}")
        out.append(buf[start + 8 : start + 7 + ksize].decode("utf-8"))  # no final NUL
    return out


def read_model(path: Path) -> tuple[list[str], dict[str, tuple], list[list[float]]]:
    """(labels, {attribute: weight per label}, transition[from][to]) of a crfsuite
    CRF1d model file, weights as stored (IEEE doubles)."""
    import numpy as np

    buf = Path(path).read_bytes()
    if buf[:4] != b"lCRF" or buf[8:12] != b"FOMC":
        raise ValueError(f"{path}: not a crfsuite CRF1d model")
    (_ver, _nf, n_labels, _na, off_feat, off_labels, off_attrs) = struct.unpack_from(
        "<7I", buf, 12
    )
    labels = _cqdb_strings(buf, off_labels)[:n_labels]
    attrs = _cqdb_strings(buf, off_attrs)
    if buf[off_feat : off_feat + 4] != b"FEAT":
        raise ValueError("no FEAT chunk")
    _size, n_features = struct.unpack_from("<II", buf, off_feat + 4)
    feats = np.frombuffer(
        buf,
        dtype=np.dtype([("kind", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
        count=n_features,
        offset=off_feat + 12,
    )
    trans = [[0.0] * n_labels for _ in range(n_labels)]
    for src, dst, w in feats[feats["kind"] == 1][["src", "dst", "w"]].tolist():
        trans[src][dst] = w
    states = feats[feats["kind"] == 0]
    table = np.zeros((len(attrs), n_labels))
    table[states["src"], states["dst"]] = states["w"]  # one feature per (attr, label)
    pairs = states["src"].astype(np.int64) * n_labels + states["dst"]
    if len(np.unique(pairs)) != len(states):
        raise ValueError("two features for one (attribute, label)")
    used = np.unique(states["src"]).tolist()
    rows = table[used].tolist()
    return labels, {attrs[a]: tuple(r) for a, r in zip(used, rows, strict=True)}, trans


# ----------------------------------------------------------- underthesea's featurizer

# T[-2] .. T[2] are window slots 0..4; a template is (name, first slot, last slot, kind)
_KINDS = ("", ".lower", ".isdigit", ".istitle", ".is_in_dict")


def _parse_template(name: str) -> tuple[str, int, int, str]:
    m = re.fullmatch(r"T\[(-?\d)(?:,(-?\d))?\](\.\w+)?", name)
    if not m or (m.group(3) or "") not in _KINDS:
        raise ValueError(f"unknown feature template {name!r}")
    i = int(m.group(1))
    j = int(m.group(2)) if m.group(2) is not None else i
    return name, i + 2, j + 2, m.group(3) or ""


def _istitle(text: str) -> bool:
    # underthesea_core: every space-separated word starts with a character that its
    # upper case leaves unchanged ("1abc", "(A", "VIỆT NAM" yes; "Việt nam", "ǅ" no)
    return all(w[:1] == w[:1].upper() for w in text.split(" "))


def _isdigit(text: str) -> bool:
    return text.isascii() and text.isdigit()  # ASCII digits only ("²", "١" are not)


class Featurizer:
    """underthesea_core ``CRFFeaturizer`` in Python: the same attribute strings."""

    def __init__(self, templates: list[str], dictionary: set[str]):
        self.templates = [_parse_template(t) for t in templates]
        self.dictionary = dictionary

    def value(self, window: tuple, first: int, last: int, kind: str) -> str:
        """One template's value for the token in the middle of ``window`` (5 slots,
        ``None`` outside the sentence)."""
        parts = window[first : last + 1]
        if None in parts:
            # out of the sentence: BOS when the n-gram starts before it, else EOS
            for slot in range(first, last + 1):
                if window[slot] is None:
                    return "BOS" if slot < 2 else "EOS"
        text = " ".join(parts)
        if kind == "":
            return text
        if kind == ".lower":
            return text.lower()
        if kind == ".isdigit":
            return str(_isdigit(text))
        if kind == ".istitle":
            return str(_istitle(text))
        return str(text.lower() in self.dictionary)  # .is_in_dict

    def window_attributes(self, window: tuple) -> list[str]:
        return [
            f"{name}={self.value(window, first, last, kind)}"
            for name, first, last, kind in self.templates
        ]

    def process(self, tokens: list[str]) -> list[list[str]]:
        """Attributes of every token of one sentence, as
        ``CRFFeaturizer.process([[[token] for token in tokens]])[0]``."""
        padded = [None, None, *tokens, None, None]
        return [
            self.window_attributes(tuple(padded[i : i + 5])) for i in range(len(tokens))
        ]


# ------------------------------------------------------------------------ segmenter


def _load(file: Path):
    """A joblib file of underthesea's; its plain objects are a standard pickle, which
    the C unpickler reads in a tenth of joblib's time."""
    import pickle

    try:
        with open(file, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - numpy payloads need joblib's unpickler
        import joblib

        return joblib.load(file)


class Segmenter:
    """``words(text) == underthesea.word_tokenize(text, use_token_normalize=False)``."""

    def __init__(
        self,
        sentence_cache: int = SENTENCE_CACHE,
        window_cache: int = WINDOW_CACHE,
        path: Path | None = None,
    ):
        state = load_state(Path(path or model_dir()))
        if state["labels"] != ["B-W", "I-W"]:
            raise ValueError(f"unexpected labels {state['labels']}")
        self.weights, self.trans = state["weights"], state["trans"]
        self.featurizer = Featurizer(state["templates"], state["dictionary"])
        self.character_map = state["character_map"]
        # templates grouped by the window slots they read (the 12 n-grams of a
        # 5-token window): (first, last, [(name, kind)], {n-gram: partial sums})
        spans: dict[tuple[int, int], list] = {}
        for name, first, last, kind in self.featurizer.templates:
            spans.setdefault((first, last), []).append((name, kind))
        self.spans = [(f, last, e, {}) for (f, last), e in spans.items()]
        # {template name: {value: weights}} (the attributes split at the first "=")
        self.by_template: dict[str, dict[str, tuple]] = {
            name: {} for name, *_ in self.featurizer.templates
        }
        for attr, w in self.weights.items():
            name, _, value = attr.partition("=")
            if name in self.by_template:
                self.by_template[name][value] = w
        self.props: dict[tuple, tuple] = {}  # n-gram -> its values per kind
        # per span: (that template's {value: weights}, index of its kind in props)
        self.span_tables = [
            [(self.by_template[name], _KINDS.index(kind)) for name, kind in entries]
            for _, _, entries, _ in self.spans
        ]
        self.pattern = re.compile(state["pattern"], re.VERBOSE | re.UNICODE)
        self.window_cache = window_cache
        self.windows: dict[tuple, tuple[float, float]] = {}
        self.chunks: dict = {}  # whitespace-separated chunk -> its tokens
        self.stats = {"exact": 0}  # sentences decoded again on exact scores
        self.words = (
            functools.lru_cache(maxsize=sentence_cache)(self._words)
            if sentence_cache
            else self._words
        )

    def normalize(self, text: str) -> str:
        """underthesea's ``normalize_characters_in_text``: NFC, then its character
        map's replacements in its order."""
        text = unicodedata.normalize("NFC", text)
        for old, new in self.character_map:
            text = text.replace(old, new)
        return text

    def tokens(self, text: str) -> list[str]:
        """underthesea's regex tokens of ``text``, as its
        ``regex_tokenize.tokenize(text, use_token_normalize=False)``.

        No match of underthesea's pattern contains whitespace and its lookarounds see
        one character at most (``$`` aside), so the text is tokenized one
        whitespace-separated chunk at a time and each distinct chunk once per process:
        a chunk that more text follows is tokenized with " x" after it (more text
        follows: ``$`` cannot match), the last one with the whitespace after it."""
        text = self.normalize(text)
        out: list[str] = []
        chunks = self.chunks
        stop = len(text.rstrip())  # str.isspace and the regex's \\s agree
        for m in _CHUNK.finditer(text):
            key = m.group()
            if m.end() == stop:
                key = ("end", text[m.start() :])  # the last chunk and what follows it
                got = chunks.get(key)
                if got is None:
                    got = chunks[key] = tuple(
                        t.group() for t in self.pattern.finditer(key[1])
                    )
            else:
                got = chunks.get(key)
                if got is None:
                    got = tuple(t.group() for t in self.pattern.finditer(key + " x"))
                    if got[-1] != "x":  # cannot happen: " x" is tokenized alone
                        raise AssertionError(f"{key!r}: {got}")
                    got = got[:-1]
                    if len(chunks) >= self.window_cache:
                        chunks.clear()
                    chunks[key] = got
            out += got
        return out

    def exact_score(self, window: tuple) -> tuple[float, float]:
        """State scores (B-W, I-W) of the middle token exactly as crfsuite adds them:
        the weights of the item's attributes in their order, starting from 0."""
        b = i = 0.0
        get = self.weights.get
        for attr in self.featurizer.window_attributes(window):
            w = get(attr)
            if w is not None:
                b += w[0]
                i += w[1]
        return b, i

    def _props(self, key: tuple) -> tuple[str, str, str, str, str]:
        """An n-gram's values per kind (see ``_KINDS``), once per n-gram. Tokens hold
        no whitespace, so the words of the joined text are the tokens."""
        text = " ".join(key)
        lower = text.lower()
        props = self.props[key] = (
            text,
            lower,
            "True" if text.isascii() and text.isdigit() else "False",
            "True" if all(t[:1] == t[:1].upper() for t in key) else "False",
            "True" if lower in self.featurizer.dictionary else "False",
        )
        return props

    def _partial(self, span: int, window: tuple) -> tuple[float, float]:
        """Sum of the weights of one n-gram's templates (computed once per n-gram)."""
        first, last, entries, cache = self.spans[span]
        key = window[first : last + 1]
        b = i = 0.0
        if None in key:  # BOS/EOS
            for name, kind in entries:
                value = self.featurizer.value(window, first, last, kind)
                w = self.by_template[name].get(value)
                if w is not None:
                    b += w[0]
                    i += w[1]
        else:
            props = self.props.get(key) or self._props(key)
            for table, k in self.span_tables[span]:
                w = table.get(props[k])
                if w is not None:
                    b += w[0]
                    i += w[1]
        if len(cache) >= self.window_cache:
            cache.clear()
            self.props.clear()
        cache[key] = (b, i)
        return b, i

    def score(self, window: tuple) -> tuple[float, float]:
        """State scores of the middle token as the sum of its 12 n-grams' partial sums:
        the same terms as :meth:`exact_score` added in another order, so equal to it
        within a few units in the last place (see :meth:`tags`)."""
        b = i = 0.0
        for span, (first, last, _, cache) in enumerate(self.spans):
            p = cache.get(window[first : last + 1])
            if p is None:
                p = self._partial(span, window)
            b += p[0]
            i += p[1]
        return b, i

    def tags(self, tokens: list[str]) -> list[int]:
        """Viterbi labels (0 = B-W, 1 = I-W) of one sentence's tokens, as crfsuite.

        Scores come from the window cache (or :meth:`score`); when a decision of the
        decoding is closer than ``MARGIN`` (far above the rounding error of adding 43
        weights in another order), the sentence is decoded again on
        :meth:`exact_score`, which adds them in crfsuite's order."""
        n = len(tokens)
        if not n:
            return []
        padded = [None, None, *tokens, None, None]
        windows = self.windows
        scores = []
        for k in range(n):
            key = tuple(padded[k : k + 5])
            s = windows.get(key)
            if s is None:
                s = self.score(key)
                if len(windows) >= self.window_cache:
                    windows.clear()  # bounded: start again rather than grow
                windows[key] = s
            scores.append(s)
        labels, close = viterbi(scores, self.trans)
        if close:
            self.stats["exact"] += 1
            exact = [self.exact_score(tuple(padded[k : k + 5])) for k in range(n)]
            labels, _ = viterbi(exact, self.trans)
        return labels

    def _words(self, text: str) -> list[str]:
        tokens = self.tokens(text)
        out: list[str] = []
        for tag, token in zip(self.tags(tokens), tokens, strict=True):
            if tag and out:
                out[-1] = out[-1] + " " + token
            else:
                out.append(token)
        return out


def viterbi(scores: list[tuple[float, float]], trans) -> tuple[list[int], bool]:
    """crfsuite's ``crf1dc_viterbi`` for two labels (same additions, same order, the
    first maximum wins); also whether two compared scores were within ``MARGIN``."""
    (t00, t01), (t10, t11) = trans
    a0, a1 = scores[0]
    back = []
    close = False
    hi, lo = MARGIN, -MARGIN
    for s0, s1 in scores[1:]:
        x0 = a0 + t00  # into label 0, from label 0
        x1 = a1 + t10  # into label 0, from label 1
        y0 = a0 + t01
        y1 = a1 + t11
        d = x0 - x1
        e = y0 - y1
        if lo < d < hi or lo < e < hi:
            close = True
        # label 1 wins only when strictly greater (x0 < x1 <=> x0 - x1 < 0)
        if d < 0:
            a0 = x1 + s0
            code = 1
        else:
            a0 = x0 + s0
            code = 0
        if e < 0:
            a1 = y1 + s1
            code |= 2
        else:
            a1 = y0 + s1
        back.append(code)
    d = a0 - a1
    if lo < d < hi:
        close = True
    label = 1 if d < 0 else 0
    out = [label]
    for code in reversed(back):
        label = (code >> label) & 1
        out.append(label)
    out.reverse()
    return out, close


@functools.lru_cache(maxsize=1)
def default() -> Segmenter:
    """The process's segmenter (the model is read once, ~1 s)."""
    return Segmenter()


def word_tokenize(text: str) -> list[str]:
    """Drop-in for ``underthesea.word_tokenize(text, use_token_normalize=False)``.

    Returns a fresh list (the cached one is not handed out)."""
    return list(default().words(text))


# ------------------------------------------------------------------------ checking


def reference(text: str) -> list[str]:
    """underthesea's own answer."""
    from underthesea import word_tokenize as underthesea_word_tokenize

    return underthesea_word_tokenize(text, use_token_normalize=False)


def differences(sentences: Iterable[str], seg: Segmenter | None = None) -> list[str]:
    """The sentences whose words differ from underthesea's."""
    seg = seg or default()
    return [s for s in sentences if seg.words(s) != reference(s)]
