"""The evidence sentence of a ledger row, with the figure the row reads marked in it."""

from django import template
from django.utils.html import format_html

register = template.Library()

ELLIPSIS = "…"


@register.filter
def evidence(entry, limit=220):
    """``entry.sentence`` escaped, at most ``limit`` characters around the row's amount, the
    amount in a <mark>: a sentence naming "$1.25 billion" and "$1.22 billion" shows which of
    the two this row is. The amount's place comes from its offsets in the body, else from
    the first occurrence of the row's amount text; a sentence without it is only shortened."""
    sentence = entry.sentence
    start = -1
    amount = entry.amount if entry.amount_id else None
    if amount is not None and entry.start <= amount.start and amount.end <= entry.end:
        start, end = amount.start - entry.start, amount.end - entry.start
        if sentence[start:end] != amount.raw_text:
            start = -1
    if start < 0 and entry.amount_text:
        start = sentence.find(entry.amount_text)
        end = start + len(entry.amount_text)
    if start < 0:
        if len(sentence) <= limit:
            return sentence
        return sentence[:limit - 1].rsplit(" ", 1)[0] + ELLIPSIS
    # A window of ``limit`` characters that holds the amount, a third of the rest before it.
    room = max(limit - (end - start), 0)
    first = max(0, min(start - room // 3, len(sentence) - limit))
    last = max(end, min(len(sentence), first + limit))
    # ... cut between words
    if first and (space := sentence.find(" ", first, start)) >= 0:
        first = space + 1
    if last < len(sentence) and (space := sentence.rfind(" ", end, last)) >= 0:
        last = space
    before = (ELLIPSIS if first else "") + sentence[first:start]
    after = sentence[end:last] + (ELLIPSIS if last < len(sentence) else "")
    return format_html("{}<mark>{}</mark>{}", before, sentence[start:end], after)


@register.filter
def usd(value):
    """$2.3 billion, $800 million (articles/ledger.py's usd_words)."""
    from articles.ledger import usd_words

    return usd_words(value)
