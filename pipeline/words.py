"""Vietnamese words from underthesea, with offsets, also as a spaCy ``Doc``.

underthesea's word segmentation groups syllables into words ("Kế hoạch", "Đầu tư");
``pipeline.segmenter`` computes exactly its words with its own model, faster.
spaCy has no Vietnamese segmenter of its own without pyvi, so a custom tokenizer
hands underthesea's words to spaCy and later stages can use Matcher and
EntityRuler on Vietnamese words.
"""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Segment ``text`` into words and return ``(start, end, word)`` triples.

    Offsets point into ``text``; ``text[start:end] == word`` holds for every triple.

    >>> tokenize("Sở Kế hoạch và Đầu tư")
    [(0, 2, 'Sở'), (3, 11, 'Kế hoạch'), (12, 14, 'và'), (15, 21, 'Đầu tư')]
    """
    from pipeline.segmenter import default

    out: list[tuple[int, int, str]] = []
    cursor = 0
    # Notices are normalised at ingest (NFC, modern tone placement, core.text.normalize);
    # underthesea's own per-token normalisation would redo that work and could only make
    # a word differ from the text it is located in. pipeline.segmenter gives the words of
    # underthesea's word_tokenize(text, use_token_normalize=False), faster.
    for word in default().words(text):
        span = _locate(text, word, cursor)
        if span is None:  # underthesea changed the word; fall back to its syllables
            for syllable in word.split():
                span = _locate(text, syllable, cursor)
                if span is not None:
                    out.append((*span, text[span[0] : span[1]]))
                    cursor = span[1]
            continue
        out.append((*span, text[span[0] : span[1]]))
        cursor = span[1]
    return out


def _locate(text: str, word: str, cursor: int) -> tuple[int, int] | None:
    start = text.find(word, cursor)
    if start < 0 or text[cursor:start].strip():
        return None
    return start, start + len(word)


def as_words(text: str) -> str:
    """Words joined by spaces, syllables inside a word joined by ``_`` ("Kế_hoạch")."""
    return " ".join(w.replace(" ", "_") for _, _, w in tokenize(text))


class WordTokenizer:
    """spaCy tokenizer: one token per underthesea word, whitespace preserved."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words: list[str] = []
        spaces: list[bool] = []
        cursor = 0
        for start, end, word in tokenize(text):
            self._gap(text[cursor:start], words, spaces)
            words.append(word)
            spaces.append(False)
            cursor = end
        self._gap(text[cursor:], words, spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        return doc

    @staticmethod
    def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
        """Give a single space to the previous token; keep other whitespace as a token."""
        if gap.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)


@functools.lru_cache(maxsize=1)
def nlp():
    """A blank spaCy pipeline whose tokenizer is underthesea's word segmentation."""
    import spacy

    lang = spacy.blank("xx")
    lang.tokenizer = WordTokenizer(lang.vocab)
    return lang
