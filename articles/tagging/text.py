"""Sentences and word boundaries, with offsets into the original text."""

import bisect
import re

# A sentence ends at . ! or ? (maybe closed by a quote or bracket) before white space and a
# capital, digit or opening quote; abbreviations that end in a full stop do not end one.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Adm|Sgt|Sen|Rep|Gov|Amb|Sec|"
    r"St|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs|etc|"
    r"approx|Pres|Dept|Mt|Ft|ca)\.)$"
)


# No sentence of the corpora reaches 2,000 characters. A text without sentence ends (a
# hostile file: megabytes of words without a full stop) is cut into pieces of this length,
# since each mention reads its sentence and each amount stores it.
MAX_SENTENCE_CHARS = 4000


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; paragraph breaks always end a sentence, and a sentence
    over MAX_SENTENCE_CHARS ends at the last space before it."""
    return [piece for span in _sentence_spans(text) for piece in _cut(text, *span)]


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut + 1 if text[cut] == " " else cut
    return [*pieces, (start, end)]


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for block in re.finditer(r"[^\n]+", text):
        start = block.start()
        for end_match in _SENTENCE_END.finditer(text, block.start(), block.end()):
            end = end_match.end()
            if _ABBREVIATION.search(text, max(start, end - 12), end_match.start() + 1):
                continue
            spans.append((start, end))
            start = end
            while start < block.end() and text[start].isspace():
                start += 1
        if start < block.end():
            spans.append((start, block.end()))
    return spans


class Sentences:
    """Finds the sentence around an offset."""

    def __init__(self, text: str):
        self.text = text
        self._spans = None
        self._starts = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:  # most texts never need their sentences: split on demand
            self._spans = sentence_spans(self.text)
            self._starts = [start for start, _ in self._spans]
        return self._spans

    def around(self, offset: int) -> tuple[int, int]:
        spans = self.spans
        index = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        return spans[index] if spans else (0, len(self.text))

    def sentence(self, offset: int) -> str:
        start, end = self.around(offset)
        return self.text[start:end]


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def lower_keeping_offsets(text: str) -> str:
    """Lower case with one character for each character, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower()[0] for char in text)
