"""Money in the forms news uses, with its qualifier, as Decimal values in ISO currencies.

"$2.3 billion", "more than $50 billion", "US$1.2bn", "$300m", "€500 million",
"500 million euros", "£2.5bn", "1.2 trillion rubles", "a $275 million package",
"$1-2 billion", "up to $400 million", "EUR 40 million", "1 billion 200 million dollars". Dates, percentages and counts
("18 M777 howitzers") carry no currency and are never money.
"""

import itertools
import json
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import ahocorasick
from django.conf import settings

from articles.tagging.text import lower_keeping_offsets

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE_WORD = r"trillion|billion|million|thousand"
SCALE_ABBREVIATION = r"tn|bn|mn|mln|m|k"
SCALES = {
    "trillion": 10**12, "tn": 10**12, "billion": 10**9, "bn": 10**9, "million": 10**6,
    "mn": 10**6, "mln": 10**6, "m": 10**6, "thousand": 10**3, "k": 10**3,
}
SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "$": "USD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₴": "UAH", "₽": "RUB", "₪": "ILS", "C$": "CAD", "A$": "AUD", "NT$": "TWD",
}
CURRENCY_WORDS = {
    "u.s. dollars": "USD", "us dollars": "USD", "dollars": "USD", "dollar": "USD",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP",
    "rubles": "RUB", "ruble": "RUB", "roubles": "RUB", "rouble": "RUB",
    "hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "yuan": "CNY", "yen": "JPY",
    "shekels": "ILS", "shekel": "ILS", "zlotys": "PLN", "zloty": "PLN",
    "swedish kronor": "SEK", "norwegian kroner": "NOK", "danish kroner": "DKK",
    "swedish crowns": "SEK", "norwegian crowns": "NOK", "danish crowns": "DKK",  # Reuters' usage
    "swiss francs": "CHF", "canadian dollars": "CAD", "australian dollars": "AUD",
    "taiwan dollars": "TWD", "new taiwan dollars": "TWD",
}
CODES = "USD|EUR|GBP|UAH|RUB|JPY|CNY|ILS|TWD|PLN|CAD|AUD|CHF|SEK|NOK|DKK"
QUALIFIERS = {
    "more than": "more_than", "over": "more_than", "in excess of": "more_than",
    "upwards of": "more_than", "above": "more_than", "at least": "more_than",
    "just over": "more_than", "about": "about", "around": "about", "approximately": "about",
    "roughly": "about", "some": "about", "an estimated": "about", "close to": "about",
    "nearly": "less_than", "almost": "less_than", "less than": "less_than",
    "under": "less_than", "just under": "less_than", "up to": "up_to",
    "as much as": "up_to", "in the range of": "about", "something like": "about",
}

_symbol = "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True))
_qualifier = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_currency_word = "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
_scale = rf"(?:\s?(?:{SCALE_WORD})\b|(?:{SCALE_ABBREVIATION})\b)"
_range = r"\s?(?:-\s?to|-|–|—|to)\s?"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a half": Decimal("0.5"),
}
_number_word = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
FRACTIONS = {"a quarter": Decimal("0.25"), "one quarter": Decimal("0.25"),
             "three quarters": Decimal("0.75"), "half": Decimal("0.5"),
             "a third": Decimal(1) / 3, "one third": Decimal(1) / 3,
             "two thirds": Decimal(2) / 3}
_fraction = "|".join(re.escape(f).replace(r"\ ", r"\s+")
                     for f in sorted(FRACTIONS, key=len, reverse=True))

# "up to an aggregate value of $800 million", "more than a total of": the qualifier of a
# figure said with what it measures in between
_measure = r"(?:(?:an?|the)\s+(?:aggregate\s+|total\s+)?(?:value|total|sum|amount)\s+of\s+)"
# a found figure's qualifier and what it measures, as the figure's text begins with them
QUALIFIER_PREFIX = re.compile(rf"(?P<qualifier>{_qualifier})\s+{_measure}?", re.I)
MONEY = re.compile(
    rf"(?:\b(?P<qualifier>{_qualifier})\s+{_measure}?)?(?:"
    # $2.3 billion, US$1.2bn, €500m, $1-2 billion, $1 billion to $2 billion
    rf"(?P<symbol>{_symbol})\s?(?P<number>{NUMBER})(?P<scale>{_scale})?"
    rf"(?:{_range}(?:{_symbol})?\s?(?P<number_max>{NUMBER})(?P<scale_max>{_scale})?)?"
    # EUR 40 million, USD 1.2bn
    rf"|\b(?P<code>{CODES})\s?(?P<code_number>{NUMBER})(?P<code_scale>{_scale})?"
    # 500 million euros, 1.2 trillion rubles, 2-3 billion dollars, 40 million EUR
    # two and a half billion dollars
    # a quarter of a billion dollars, half a billion euros
    rf"|\b(?:(?P<fraction>{_fraction})\s+(?:of\s+)?(?=an?\s))?"
    rf"(?P<word_number>(?:{NUMBER}|{_number_word})(?:\s+and\s+a\s+half)?)"
    rf"(?:{_range}(?P<word_number_max>{NUMBER}))?"
    r"(?P<or_so>-or-so|\s+or\s+so)?"
    rf"(?P<word_scale>{_scale})?"
    # 1 billion 200 million dollars: said as a speaker reads a figure out
    r"(?:(?<=illion),?\s+(?:and\s+)?(?P<word_rest>\d{1,3})\s(?P<word_rest_scale>million|thousand))?"
    rf"\s(?:(?P<currency_word>{_currency_word})|(?P<code_after>{CODES}))\b"
    r")",
    re.IGNORECASE,
)


@dataclass
class Money:
    value: Decimal
    value_max: Decimal | None
    currency: str
    qualifier: str
    start: int
    end: int
    text: str


AND_A_HALF = re.compile(r"\s+and\s+a\s+half$", re.I)


def _number(text: str, scale: str | None) -> Decimal:
    if (half := AND_A_HALF.search(text)) and scale:  # "two and a half billion"
        return _number(text[:half.start()], scale) + Decimal(SCALES[scale.strip().lower()]) / 2
    word = NUMBER_WORDS.get(text.lower())
    if word is not None and not scale:
        raise InvalidOperation("a number in words needs a scale: 'one billion dollars'")
    value = Decimal(word) if word is not None else Decimal(text.replace(",", ""))
    if scale:
        value *= SCALES[scale.strip().lower()]
    return value


# Every amount has a currency sign, code or word near it; the full pattern is only tried in
# windows around one, which keeps long transcripts cheap. The anchors are found with one
# Aho-Corasick pass: a regular expression of alternatives costs more than all the rest.
ANCHOR_SIGNS = ["$", "€", "£", "¥", "₴", "₽", "₪"]
ANCHOR_WORDS = [*(code.lower() for code in CODES.split("|")), "dollar", "dollars", "euro", "euros",
                "pound", "pounds", "rouble", "roubles", "ruble", "rubles", "hryvnia", "hryvnias",
                "hryvnas", "yuan", "yen", "shekel", "shekels", "zloty", "zlotys", "kronor",
                "kroner", "crowns", "franc", "francs"]
BEFORE_ANCHOR, AFTER_ANCHOR = 70, 40


def _anchor_automaton():
    automaton = ahocorasick.Automaton()
    for sign in ANCHOR_SIGNS:
        automaton.add_word(sign, (len(sign), False))
    for word in ANCHOR_WORDS:
        automaton.add_word(word, (len(word), True))
    automaton.make_automaton()
    return automaton


_ANCHORS = _anchor_automaton()


def _anchors(text: str):
    lowered = text.lower() if text.isascii() else lower_keeping_offsets(text)
    for last, (length, whole_word) in _ANCHORS.iter(lowered):
        start, end = last - length + 1, last + 1
        if whole_word and (
            (start > 0 and lowered[start - 1].isalnum())
            or (end < len(lowered) and lowered[end].isalnum())
        ):
            continue
        yield start, end


def find_money(text: str) -> list[Money]:
    """Every amount of money in ``text``, in order."""
    windows: list[list[int]] = []
    for anchor_start, anchor_end in _anchors(text):
        start = max(0, anchor_start - BEFORE_ANCHOR)
        end = min(len(text), anchor_end + AFTER_ANCHOR)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    found = []
    for start, end in windows:
        found.extend(_money_in(text, start, end))
    return found


def _money_in(text: str, pos: int, endpos: int) -> list[Money]:
    found = []
    for match in MONEY.finditer(text, pos, endpos):
        groups = match.groupdict()
        try:
            if groups["symbol"]:
                symbol = groups["symbol"].replace(" ", "")
                currency = SYMBOLS.get(symbol, SYMBOLS.get(groups["symbol"], "USD"))
                scale_max = groups["scale_max"]
                # "$1-2 billion": the scale of the upper bound applies to both.
                scale = groups["scale"] or scale_max
                value = _number(groups["number"], scale)
                value_max = _number(groups["number_max"], scale_max or scale) if groups["number_max"] else None
            elif groups["code"]:
                if groups["code"] != groups["code"].upper():
                    continue
                currency = groups["code"]
                value, value_max = _number(groups["code_number"], groups["code_scale"]), None
            else:
                if groups["code_after"] and groups["code_after"] != groups["code_after"].upper():
                    continue
                currency = (CURRENCY_WORDS[groups["currency_word"].lower()]
                            if groups["currency_word"] else groups["code_after"])
                value = _number(groups["word_number"], groups["word_scale"])
                if groups["fraction"]:
                    fraction = FRACTIONS[re.sub(r"\s+", " ", groups["fraction"].lower())]
                    value = (value * fraction).quantize(Decimal("1"))
                if groups["word_rest"]:
                    rest = _number(groups["word_rest"], groups["word_rest_scale"])
                    if rest >= SCALES[groups["word_scale"].strip().lower()]:
                        continue  # "2 million 300 million dollars" is no reading of a figure
                    value += rest
                value_max = (_number(groups["word_number_max"], groups["word_scale"])
                             if groups["word_number_max"] else None)
        except (InvalidOperation, KeyError):
            continue
        if value_max is not None and value_max < value and groups["symbol"] \
                and groups["scale_max"] and re.search(r"[—–]", match.group(0)):
            # "$800 billion — $800 million": a figure corrected as it is said, two figures
            first_end = match.end("scale") if groups["scale"] else match.end("number")
            second = match.start("number_max")
            second = text.rfind(groups["symbol"], first_end, second) if groups["symbol"] in \
                text[first_end:second] else second
            found.append(Money(value, None, currency, "exact", match.start(), first_end,
                               text[match.start():first_end]))
            found.append(Money(value_max, None, currency, "exact", second, match.end(),
                               text[second:match.end()]))
            continue
        if value_max is not None and value_max <= value:
            value_max = None  # "$5 and 6 dollars" is not a range
        qualifier = "range" if value_max is not None else QUALIFIERS.get(
            (groups["qualifier"] or "").lower(), "about" if groups["or_so"] else "exact")
        found.append(Money(value, value_max, currency, qualifier, match.start(), match.end(),
                           match.group(0)))
    return found


@lru_cache(maxsize=1)
def rate_table() -> dict:
    path = settings.BASE_DIR / "seeds" / "fx_rates.json"
    return json.loads(path.read_text(encoding="utf-8"))


# a "$" the figure itself marks as American: "US$", "U.S. $", "USD"
MARKED_AMERICAN = re.compile(r"\bU\.?S\.?\s?\$|\bUSD\b|\bAmerican\b|\bU\.?S\.?\s+dollars\b", re.I)
BARE_DOLLAR = re.compile(r"(?<![A-Za-z.])\$")


def in_local_dollars(money: list[Money], currency: str | None) -> list[Money]:
    """``money`` as a newsroom of a dollar country means it: a bare "$" in a release of
    Canada's Department of National Defence is Canadian ("$500 million": CAD), where a wire
    writes "C$". Figures marked American ("US$") and every other currency stay as read."""
    if not currency or currency == "USD":
        return money
    return [replace(m, currency=currency)
            if m.currency == "USD" and BARE_DOLLAR.search(m.text) and not MARKED_AMERICAN.search(m.text)
            else m for m in money]


def to_usd(value: Decimal, currency: str, year: int | None) -> Decimal | None:
    """``value`` in US dollars at the year's average rate (the latest year when unknown)."""
    if currency == "USD":
        return value
    rates = rate_table()["usd_per_unit"].get(currency)
    if not rates:
        return None
    years = sorted(rates)
    chosen = str(year) if year is not None and str(year) in rates else (
        years[0] if year is not None and str(year) < years[0] else years[-1])
    return (value * Decimal(str(rates[chosen]))).quantize(Decimal("0.01"))


def corrected_in(text: str, money: list[Money]) -> set[int]:
    """The ids of the figures a speaker corrects straight away: "$400 billion, I believe this
    is correct — $400 million, sorry": the same number, another scale, a dash or an apology
    between. The first is no figure anybody meant."""
    found = set()
    for first, second in itertools.pairwise(money):
        gap = text[first.end:second.start]
        number = re.match(r"\D*([\d.,]+)", first.text)
        if len(gap) <= 80 and re.search(r"[—–]|\bsorry\b|\bI\s+mean\b", gap) and number \
                and number.group(1) in second.text and first.value != second.value:
            found.add(id(first))
    return found
