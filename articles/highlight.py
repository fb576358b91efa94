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


@dataclass
class Anchor:
    """A stretch of text (a sentence) others link to: ``<span id=...>`` around it."""

    start: int
    end: int
    id: str
    title: str = ""


def marked_paragraphs(body: str, spans: list[Span], anchors: list[Anchor] = ()) -> list[SafeString]:
    """The body's paragraphs (split on blank lines) as HTML, each span wrapped in a link or
    <mark>, each anchor in a ``<span class="anchored" id=...>``. Overlapping spans: the
    first one wins; a span that crosses an anchor's edge is left unmarked."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    edges = sorted({a.start for a in anchors} | {a.end for a in anchors})
    spans = [s for s in spans if not any(s.start < edge < s.end for edge in edges)]
    opening: dict[int, list[Anchor]] = {}
    closing: dict[int, int] = {}
    for anchor in sorted(anchors, key=lambda a: (a.start, -a.end)):
        if any(a.start < anchor.start < a.end < anchor.end or anchor.start < a.start < anchor.end < a.end
               for a in anchors):
            continue  # crossing another anchor: cannot nest
        opening.setdefault(anchor.start, []).append(anchor)
        closing[anchor.end] = closing.get(anchor.end, 0) + 1

    def text(start: int, end: int) -> str:
        """Escaped text from start to end, anchors opened and closed where they fall."""
        cuts = sorted({start, end} | {p for p in (*opening, *closing) if start < p < end})
        parts = []
        for index, cut in enumerate(cuts):
            # Each position is the edge of one segment only (mentions have a length), so
            # the tags at it are written once.
            parts.append("</span>" * closing.get(cut, 0))
            for anchor in opening.get(cut, []):
                title = f' title="{escape(anchor.title)}"' if anchor.title else ""
                parts.append(f'<span class="anchored" id="{escape(anchor.id)}"{title}>')
            if cut != end:
                parts.append(_text(body[cut:cuts[index + 1]]))
        return "".join(parts)

    paragraphs, offset, index = [], 0, 0
    for block in body.split("\n\n"):
        block_end = offset + len(block)
        parts, cursor = [], offset
        while index < len(spans) and spans[index].start < block_end:
            span = spans[index]
            index += 1
            if span.start < cursor or span.end > block_end:
                continue  # overlaps one already marked, or crosses a paragraph break
            parts.append(text(cursor, span.start))
            inner = _text(body[span.start:span.end])
            title = f' title="{escape(span.title)}"' if span.title else ""
            if span.url:
                parts.append(f'<a class="{span.css_class}" href="{escape(span.url)}"{title}>{inner}</a>')
            else:
                parts.append(f'<mark class="{span.css_class}"{title}>{inner}</mark>')
            cursor = span.end
        parts.append(text(cursor, block_end))
        if block.strip():
            paragraphs.append(mark_safe("".join(parts)))
        offset = block_end + 2
    return paragraphs


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")
