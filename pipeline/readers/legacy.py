"""Legacy Vietnamese fonts (TCVN3, VNI) in Unicode clothing, detected line by line.

A .docx, PDF or web page typed in ".VnTime" or "VNI-Times" carries the font's byte
values as Latin-1 characters: TCVN3 "Uû ban nh©n d©n tØnh", VNI "UÛy ban nhaân daân
tænh" are "Ủy ban nhân dân tỉnh". ``convert_lines`` finds such lines in any reader's
text and converts only those; ``encode`` is the inverse, for building test files.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from viparse.normalize.tables import Charmap, build_charmap, convert
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

logger = logging.getLogger(__name__)

ENCODINGS = ("tcvn3", "vni")
# viparse's VNI table leaves out ẳ/Ẳ (unobserved in its corpus); VNI writes the
# a-breve row with the marks è é ú ü ë ("aè" ằ, "aé" ắ, "aü" ẵ, "aë" ặ), so ẳ is "aú".
_CHARMAPS: dict[str, Charmap] = {
    "tcvn3": TCVN3,
    "vni": build_charmap("vni", [*VNI.pairs, ("aú", "ẳ"), ("AÚ", "Ẳ")]),
}
# A PDF text layer puts U+2212 and U+2219 where a .VnTime font has ư and ã
# (viparse's ``convert`` restores them next to letters).
_PDF_GLYPHS = "\u2212\u2219"
# The characters that can start or take part in a legacy letter code.
_CUES = {
    enc: "".join(sorted({c for seq, _ in cm.pairs for c in seq if not c.isascii()}))
    + (_PDF_GLYPHS if enc == "tcvn3" else "")
    for enc, cm in _CHARMAPS.items()
}
# A word: letters and legacy code characters ("nh©n", "®Êt", "ñöôïc").
_TOKENS = {
    enc: re.compile(rf"(?:[^\W\d_]|[{re.escape(cues)}])+")
    for enc, cues in _CUES.items()
}
# One-character words that are real Vietnamese words ("ë" in TCVN3 is "ở", at);
# other lone codes ("©" â, "½" ẵ, "×" ì) are symbols far more often than letters.
_ONE_LETTER_WORDS = {"ở", "ơ", "ừ", "ạ", "ờ", "ồ", "ư"}

# A Vietnamese syllable without its tone: initial, vowel nucleus, final.
_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_OPEN = (  # nuclei ending in a glide: no final consonant follows
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ua|ưa"
)
_CLOSED = "uyê|iê|yê|uô|ươ|oa|oă|oe|oo|uâ|uê|uy|uơ|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_SYLLABLE = re.compile(
    rf"{_INITIAL}(?:(?:{_OPEN})|(?:{_CLOSED})(?:ng|nh|ch|[cmnptk])?)"
)
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_VOWELS = set("aăâeêioôơuưy")
_STOPS = ("c", "ch", "p", "t", "k")  # after these only the acute or dot below tone
# A word whose letters read lower-then-upper ("ủY", "TỉNH"): TCVN3 has no upper-case
# toned letters, so conversion returns them lower case inside upper-case words.
_WORD = re.compile(r"[^\W\d_]{2,}")


def encode(text: str, encoding: str) -> str:
    """Write ``text`` in a legacy encoding, as the Latin-1 characters a reader sees.

    Each letter takes its shortest legacy form. TCVN3 has no upper-case toned letters:
    those take the lower-case code, as a ".VnTimeH" run holds them.

    Args:
        text: Unicode text.
        encoding: "tcvn3" or "vni".

    Returns:
        The legacy form; ``encode("Tỉnh", "tcvn3") == "TØnh"``.
    """
    reverse = _reverse(encoding)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch not in reverse and ch.lower() in reverse and encoding == "tcvn3":
            ch = ch.lower()
        out.append(reverse.get(ch, ch))
    return "".join(out)


@functools.cache
def _reverse(encoding: str) -> dict[str, str]:
    reverse: dict[str, str] = {}
    for legacy, uni in _CHARMAPS[encoding].pairs:
        uni = unicodedata.normalize("NFC", uni)
        if uni not in reverse or len(legacy) < len(reverse[uni]):
            reverse[uni] = legacy
    return reverse


# Font families that mean a legacy encoding (research/ecosystem.md §2.1): ".VnTime",
# ".VnArial", ".VnTimeH" are TCVN3 (a name ending in "H" draws capitals); "VNI-Times" is
# VNI. PDF font names may carry a subset prefix ("ABCDEF+.VnTime").
_LEGACY_FONTS = ((".vn", "tcvn3"), ("vni", "vni"))


def font_encoding(name: str | None) -> tuple[str, bool] | None:
    """(encoding, draws capitals) for a legacy font's name, else None.

    >>> font_encoding(".VnTimeH"), font_encoding("ABCDEF+VNI-Times"), font_encoding("Arial")
    (('tcvn3', True), ('vni', False), None)
    """
    if not name:
        return None
    name = name.split("+", 1)[1] if name[6:7] == "+" else name
    for prefix, encoding in _LEGACY_FONTS:
        if name.lower().startswith(prefix):
            return encoding, name.endswith("H")
    return None


def convert_text(text: str, encoding: str, upper: bool = False) -> str:
    """Convert text known to be in ``encoding`` (a legacy font's run), keeping spaces.

    Args:
        text: the run's text.
        encoding: "tcvn3" or "vni".
        upper: the font draws capitals (".VnTimeH"): upper-case the result.
    """
    lines = [_convert_line(line, encoding) for line in text.split("\n")]
    converted = "\n".join(lines)
    return converted.upper() if upper else converted


def convert_lines(text: str, hint: str | None = None) -> tuple[str, list[str]]:
    """Convert the lines of ``text`` that are TCVN3 or VNI in Unicode clothing.

    Each line is scored for each encoding by its words: a word counts for an encoding
    when converting it gives a Vietnamese syllable and the word as it stands is none
    ("nh©n" → "nhân"), and against it when the conversion is no syllable ("Müller").
    A line with a letter beyond Latin-1 ("ạ", "đ", "ư") is Unicode and never converted.
    A line that reads well in both encodings ("Löu" is lưu in VNI, lửu in TCVN3) takes
    the one most of the document's lines take. A line whose only cues are ambiguous
    ("Sè" is sè or số) or abbreviations ("LÑVP") converts when the nearest decided lines
    around it are legacy, or when ``hint`` names the encoding. Other lines come back
    byte for byte.

    Args:
        text: a reader's text.
        hint: "tcvn3" or "vni" when the caller knows the font.

    Returns:
        (text, sorted encodings converted); ``convert_lines("Uû ban")`` is
        ``("Uỷ ban", ["tcvn3"])``.
    """
    lines = text.split("\n")
    verdicts = [_judge(line) for line in lines]
    majority = _majority(verdicts)
    decided = [_decide_firm(verdict, majority, hint) for verdict in verdicts]
    before, after = _nearest(decided), _nearest(decided[::-1])[::-1]
    used: set[str] = set()
    out = []
    for i, line in enumerate(lines):
        encoding = decided[i] or _decide_open(verdicts[i], before[i], after[i], hint)
        if encoding in (None, _UNICODE):
            out.append(line)
            continue
        converted = _convert_line(line, encoding)
        if converted != line:
            used.add(encoding)
        out.append(converted)
    return "\n".join(out), sorted(used)


@dataclass
class _Evidence:
    """Counts of a line's words for one encoding."""

    strong: int = 0  # the conversion is a syllable and the word is none: "nh©n"
    ambiguous: int = 0  # both are syllables: "Sè" (sè, số), "cá" (cá, cỏ)
    weak: int = 0  # a one-letter word: "ë" (ở)
    bad: int = 0  # the conversion is no syllable: "Müller", "José"
    vietnamese: int = 0  # plain ASCII syllables: "ban", "Giang"
    foreign: int = 0  # plain ASCII non-syllables: "Thickness", "Copyright"

    @property
    def firm(self) -> bool:
        support = self.strong + self.ambiguous + self.vietnamese
        return (
            self.strong >= 1
            and self.strong > self.bad
            and support >= 2 * (self.bad + self.foreign)
        )

    @property
    def possible(self) -> bool:
        return self.bad == 0 and self.strong + self.ambiguous + self.weak > 0


@dataclass(frozen=True)
class _Verdict:
    """A line: Unicode (a letter past Latin-1), firm for some encodings (best first),
    or open to some."""

    unicode: bool = False
    firm: tuple[str, ...] = ()
    possible: tuple[str, ...] = ()


_UNICODE = "unicode"
# the characters legacy fonts put their letters on: without one, a line is the same text
_LATIN1_HIGH = re.compile("[\u0080-\u00ff]")


def _judge(line: str) -> _Verdict:
    if any(ord(c) > 0xFF and c.isalpha() for c in line):
        return _Verdict(unicode=True)
    if not _LATIN1_HIGH.search(line):  # plain ASCII reads the same in every encoding
        return _Verdict()
    scores = {enc: _score(line, enc) for enc in ENCODINGS}
    firm = [enc for enc in ENCODINGS if scores[enc].firm]
    if firm:
        firm.sort(key=lambda enc: scores[enc].strong - scores[enc].bad, reverse=True)
        return _Verdict(firm=tuple(firm))
    return _Verdict(possible=tuple(enc for enc in ENCODINGS if scores[enc].possible))


def _score(line: str, encoding: str) -> _Evidence:
    evidence = _Evidence()
    for token in _TOKENS[encoding].findall(line):
        charmap = _CHARMAPS[encoding]
        converted = convert(token, charmap).lower()
        if converted == unicodedata.normalize("NFC", token).lower():
            if token.isascii() and len(token) >= 2:
                if _is_syllable(token):
                    evidence.vietnamese += 1
                elif not token.isupper():  # "UBND", "TB" are abbreviations
                    evidence.foreign += 1
        elif len(token) == 1:
            evidence.weak += converted in _ONE_LETTER_WORDS
        elif not _is_syllable(converted) and _abbreviation(convert(token, charmap)):
            evidence.weak += 1  # "LÑVP" (LĐVP), "HÑND", "Ñg"
        elif not _is_syllable(converted):
            evidence.bad += 1
        elif _is_syllable(token):
            evidence.ambiguous += 1
        else:
            evidence.strong += 1
    return evidence


def _abbreviation(word: str) -> bool:
    """Capitals only, or no vowel at all: "HĐND", "KH&ĐT" in pieces, "Đg"."""
    return word.isupper() or not any(c in _VOWELS for c in _bare(word))


def _bare(word: str) -> str:
    parts = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))


def _is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable (at most one tone)."""
    tones = [c for c in unicodedata.normalize("NFD", word.lower()) if c in _TONES]
    if len(tones) > 1:
        return False
    bare = _bare(word)
    if not _SYLLABLE.fullmatch(bare):
        return False
    return not (tones and bare.endswith(_STOPS) and tones[0] not in "\u0301\u0323")


def _majority(verdicts: list[_Verdict]) -> str | None:
    """The encoding most lines are firm for on their own, if any."""
    counts = Counter(v.firm[0] for v in verdicts if len(v.firm) == 1)
    return counts.most_common(1)[0][0] if counts else None


def _decide_firm(
    verdict: _Verdict, majority: str | None, hint: str | None
) -> str | None:
    """Unicode, the encoding of a firm line, or None for an open line."""
    if verdict.unicode:
        return _UNICODE
    for preferred in (hint, majority):
        if preferred in verdict.firm:
            return preferred
    return verdict.firm[0] if verdict.firm else None


def _nearest(decided: list[str | None]) -> list[str | None]:
    """For each line, the decision of the nearest decided line before it (one pass)."""
    out: list[str | None] = []
    last = None
    for d in decided:
        out.append(last)
        last = d or last
    return out


def _decide_open(
    verdict: _Verdict, before: str | None, after: str | None, hint: str | None
) -> str | None:
    """The encoding an open line converts from: the hint, else the one the nearest
    decided lines on both sides (or the one side, at an end) agree on."""
    if not verdict.possible:
        return None
    if hint in verdict.possible:
        return hint
    sides = {side for side in (before, after) if side}
    if len(sides) == 1 and (encoding := sides.pop()) in verdict.possible:
        return encoding
    return None


def _convert_line(line: str, encoding: str) -> str:
    if not line.strip():
        return line
    converted = convert(line, _CHARMAPS[encoding])
    if encoding != "tcvn3":
        return converted
    return converted.upper() if _typed_in_caps(converted) else restore_caps(converted)


def _typed_in_caps(line: str) -> bool:
    """A TCVN3 heading typed in capitals: every ASCII letter upper case and some word
    with two of them around a toned letter ("CÔNG HOà Xã HộI"; not "Số: 12/TB-UBND")."""
    if any(c.isascii() and c.islower() for c in line):
        return False
    return any(
        sum(c.isascii() for c in word) >= 2 and not word.isascii()
        for word in _WORD.findall(line)
    )


def restore_caps(text: str) -> str:
    """Upper-case words like "TỉNH" or "ủY" that TCVN3 left with lower-case letters."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        ascii_letters = [c for c in word if c.isascii()]
        upper_ascii = [c for c in ascii_letters if c.isupper()]
        mixed = any(
            a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)
        )
        if mixed or (len(upper_ascii) >= 2 and len(upper_ascii) == len(ascii_letters)):
            return word.upper()
        return word

    return _WORD.sub(fix, text)
