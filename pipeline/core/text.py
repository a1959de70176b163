"""Vietnamese text normalisation: NFC, one tone-mark convention, folding for matching."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+")


def normalize(text: str) -> str:
    """NFC, then modern tone placement word by word, then the space a web page's markup
    dropped before a glued cue phrase (``unglue``); other whitespace and punctuation kept.

    >>> normalize("Uỷ ban nhân dân, hoà giải")
    'Ủy ban nhân dân, hòa giải'
    """
    text = unicodedata.normalize("NFC", text)
    return unglue(_WORD.sub(_word, text))


def _word(m: re.Match) -> str:
    return _fix_word(m.group(0))


@functools.lru_cache(maxsize=1 << 16)
def _fix_word(word: str) -> str:
    """One word: its tone mark placed (``_tone``, inlined: this runs on every word), then
    split where a page glued two words (``_split_glued``). Cached by the word: a
    language's words repeat, and the tone look-up was most of a corpus-wide stage's time."""
    if word.isascii():
        return word
    fixed = _token_normalize()(word)
    word = fixed if len(fixed) == len(word) else word
    return word if word.islower() or word.istitle() else _split_glued(word)


def _split_glued(word: str) -> str:
    """A word a web page's markup glued to the capitalised word after it, split:
    "tướngHoàng" -> "tướng Hoàng", "NHIỆMNguyễn" -> "NHIỆM Nguyễn", "BáoThanh" -> "Báo
    Thanh". Only where the part before is Vietnamese (a letter outside ASCII): brand
    names ("VinFast", "MobiFone") and document codes ("TTr", "QĐi") stay as printed.

    >>> _split_glued("tướngHoàng"), _split_glued("VinFast"), _split_glued("TTr")
    ('tướng Hoàng', 'VinFast', 'TTr')
    """
    if word.isascii() or word.islower() or word.isupper() or word.istitle():
        return word  # one case throughout: nothing glued
    cuts, start = [], 0
    for i in range(1, len(word) - 1):
        if not (word[i].isupper() and word[i + 1].islower()):
            continue
        before = word[start:i]
        # "tướng|Hoàng" (lower then capital); "NHIỆM|Nguyễn" (a run of capitals)
        glued = before[-1].islower() or (len(before) >= 2 and before.isupper())
        if glued and not before.isascii():
            cuts.append(i)
            start = i
    if not cuts:
        return word
    return " ".join(
        word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)
    )


def unglue(text: str) -> str:
    """A space between a word and a cue phrase glued to it, and a line break before the
    recipients glued to the end-of-text mark (lexicons/glued_words.yaml).

    >>> unglue("Sở Xây dựngchủ trì, phối hợp")
    'Sở Xây dựng chủ trì, phối hợp'
    """
    if "./." in text:  # "... thực hiện./.Nơi nhận:": the recipients start a line
        text = _line_starts().sub("./.\n", text)
    cuts = sorted(
        at
        for phrase in _glued()
        for at in _found(text, phrase)
        if at
        and text[at - 1].isalpha()
        and not text[at + len(phrase) : at + len(phrase) + 1].isalnum()
    )
    if not cuts:
        return text
    parts = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return " ".join(parts)


@functools.cache
def _line_starts() -> re.Pattern:
    from pipeline.core.params import parse_yaml
    from pipeline.lexicons import path

    data = parse_yaml(path("glued_words.yaml").read_text(encoding="utf-8"))
    words = "|".join(re.escape(w) for w in data["line_starts"])
    return re.compile(rf"\./\.[ \t]*(?=(?:{words})(?!\w))")


def _found(text: str, phrase: str):
    """Offsets of ``phrase`` in ``text`` (str.find: the phrases are plain words)."""
    at = text.find(phrase)
    while at >= 0:
        yield at
        at = text.find(phrase, at + 1)


@functools.cache
def _glued() -> tuple[str, ...]:
    from pipeline.core.params import parse_yaml
    from pipeline.lexicons import path

    data = parse_yaml(path("glued_words.yaml").read_text(encoding="utf-8"))
    return tuple(data["phrases"])


@functools.cache
def _token_normalize():
    """underthesea's per-word tone normaliser (``token_normalize``) moves the tone mark
    to the position the notices use ("Uỷ" -> "Ủy", "hoà" -> "hòa", "thuỷ" -> "thủy");
    it leaves "quý", "Nguyễn", "khuyến" alone. Its own code over its own tables, read
    through ``core.underthesea_cache`` (cached: no stage imports underthesea for
    them); tests compare it with underthesea's on every table entry and corpus word."""
    from pipeline.core.underthesea_cache import normalizer_tables

    tables = normalizer_tables()
    characters, tokens = tables["character_map"], tables["token_map"]

    def token_normalize(token: str) -> str:
        if len(token) > 6:
            return token
        token = unicodedata.normalize("NFC", token)
        for odd, standard in characters:
            token = token.replace(odd, standard)
        return tokens.get(token, token)

    return token_normalize


def _tone(word: str) -> str:
    if word.isascii():
        return word
    fixed = _token_normalize()(word)
    # token_normalize works on lower-case syllables; keep the input's capitalisation.
    return fixed if len(fixed) == len(word) else word


@functools.lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Lower-case and strip diacritics, for accent-insensitive matching ("Đắk" -> "dak").

    Cached: the task finder folds the same notice text once per item.
    """
    if text.isascii():
        return text.lower()
    if "Σ" in text:  # str.lower() depends on context only for the Greek final sigma
        return _fold_slow(text)
    return text.translate(_FOLDED)


def _fold_slow(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c))


class _FoldTable(dict):
    """str.translate table filled on first sight of each character (fold is hot:
    the task finder folds every item)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_slow(chr(code))
        return folded


_FOLDED = _FoldTable()


def doc_hash(text: str) -> str:
    """First 16 hex characters of sha256 of the normalised text (CONTRACT ``doc_id``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def squeeze_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs inside lines; keep line breaks."""
    return re.sub(r"[ \t\u00a0]+", " ", text)
