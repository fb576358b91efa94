"""Article text as HTML with its tagged mentions marked; every piece of text escaped."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Span:
    start: int
    end: int
    css_class: str
    url: str = ""
    title: str = ""


def marked_paragraphs(body: str, spans: list[Span]) -> list[SafeString]:
    """The body's paragraphs (split on blank lines) as HTML, each span wrapped in a link or
    <mark>. Overlapping spans: the first one wins."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    paragraphs, offset, index = [], 0, 0
    for block in body.split("\n\n"):
        block_end = offset + len(block)
        parts, cursor = [], offset
        while index < len(spans) and spans[index].start < block_end:
            span = spans[index]
            index += 1
            if span.start < cursor or span.end > block_end:
                continue  # overlaps one already marked, or crosses a paragraph break
            parts.append(_text(body[cursor:span.start]))
            inner = _text(body[span.start:span.end])
            title = f' title="{escape(span.title)}"' if span.title else ""
            if span.url:
                parts.append(f'<a class="{span.css_class}" href="{escape(span.url)}"{title}>{inner}</a>')
            else:
                parts.append(f'<mark class="{span.css_class}"{title}>{inner}</mark>')
            cursor = span.end
        parts.append(_text(body[cursor:block_end]))
        if block.strip():
            paragraphs.append(mark_safe("".join(parts)))
        offset = block_end + 2
    return paragraphs


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")
