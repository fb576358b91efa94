"""Date expressions in news text, resolved against the article's date.

"next week's", "July 9-11", "on Tuesday", "last summer", "Nov. 5", "March 12th, 2022",
"in June", "this year's", "yesterday", "this morning": each becomes a range of days (start,
end) on the calendar. A day and month without a year is the occurrence nearest the article's
date ("Nov. 5" in a July 2024 article is 5 November 2024); a bare weekday is the latest one on
or before it (news reports what was said "on Tuesday"), unless "next" says otherwise.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass

import dateparser

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11),
           "winter": (12, 2)}

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
         r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?:\s*(?:-|–|to|through|and)\s*(?:the\s+)?(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
PATTERNS = [
    # July 9-11, Nov. 5, March 12th, 2022
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}{_DAY2}{_YEAR}\b(?!\s*(?:billion|million|%))")),
    # 9-11 July 2024, 5 November
    ("day_month", re.compile(rf"\b{_DAY}{_DAY2}\s+{_MONTH}{_YEAR}\b")),
    ("month_year", re.compile(rf"\b(?:in\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b")),
    # "in June", "last March", "next May": a month without a day or year
    ("month", re.compile(rf"\b(?P<which>in|this|last|next|early|late|mid-|since|by)\s+{_MONTH}"
                         r"(?!,?\s*\d)\b", re.I)),
    ("relative_week", re.compile(r"\b(?P<which>next|last|this|past)\s+week(?:'s|’s)?", re.I)),
    ("relative_month", re.compile(r"\b(?P<which>next|last|this)\s+month(?:'s|’s)?", re.I)),
    ("relative_year", re.compile(r"\b(?P<which>next|last|this)\s+year(?:'s|’s)?", re.I)),
    ("season", re.compile(r"\b(?P<which>next|last|this)\s+(?P<season>spring|summer|fall|autumn|winter)"
                          r"(?:'s|’s)?", re.I)),
    ("weekday", re.compile(r"\b(?:(?P<which>next|last|this|on)\s+)?(?P<weekday>Monday|Tuesday|"
                           r"Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("near_day", re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|"
                            r"evening)|last\s+night)\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|of)\s+(?P<year>(?:19|20)\d\d)\b")),
    # "— 2020 election was rigged": a year said right before an election
    ("year", re.compile(r"\b(?P<year>(?:19|20)\d\d)\s+(?=(?:presidential\s+|midterm\s+|general\s+)?"
                        r"elections?\b)", re.I)),
    # "the 2020 presidential election", "the 2023 NATO Summit", "a 2024 presidential election"
    ("year", re.compile(r"\b(?:the|a|an|this|that)\s+(?P<year>(?:19|20)\d\d)\s+(?=[A-Za-z])(?!billion|million|"
                        r"percent|budget)")),
]


@dataclass(frozen=True)
class DateSpan:
    start: int  # offsets in the text
    end: int
    text: str
    first: dt.date
    last: dt.date
    kind: str = ""  # the pattern's name: "weekday", "near_day", "month_day"...

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.first <= last and first <= self.last


def find_dates(text: str, base: dt.date) -> list[DateSpan]:
    """Every date expression in ``text`` resolved against ``base``, in text order; where two
    overlap, the longer one ("July 9-11" over "July 9")."""
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            days = _resolve(kind, match, base)
            if days is not None:
                found.append(DateSpan(match.start(), match.end(), match.group(0), *days, kind))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept, reach = [], -1
    for span in found:
        if span.start >= reach:
            kept.append(span)
            reach = span.end
    return kept


def resolve(expression: str, base: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days one expression names, e.g. resolve("next week's", 2024-07-02)."""
    spans = find_dates(expression, base)
    return (spans[0].first, spans[0].last) if spans else None


def _resolve(kind: str, match: re.Match, base: dt.date) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    try:
        if kind in ("month_day", "day_month"):
            return _month_day(groups, base)
        if kind == "month_year":
            month, year = MONTHS[groups["month"].lower().rstrip(".")], int(groups["year"])
            return dt.date(year, month, 1), _month_end(year, month)
        if kind == "month":
            return _month(groups["which"].lower(), MONTHS[groups["month"].lower().rstrip(".")], base)
        if kind == "relative_week":
            monday = base - dt.timedelta(days=base.weekday())
            shift = {"next": 7, "last": -7, "past": -7, "this": 0}[groups["which"].lower()]
            if groups["which"].lower() == "past":
                return base - dt.timedelta(days=7), base
            return monday + dt.timedelta(days=shift), monday + dt.timedelta(days=shift + 6)
        if kind == "relative_month":
            shift = {"next": 1, "last": -1, "this": 0}[groups["which"].lower()]
            month_index = base.year * 12 + base.month - 1 + shift
            year, month = divmod(month_index, 12)
            return dt.date(year, month + 1, 1), _month_end(year, month + 1)
        if kind == "relative_year":
            year = base.year + {"next": 1, "last": -1, "this": 0}[groups["which"].lower()]
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if kind == "season":
            return _season(groups["which"].lower(), groups["season"].lower(), base)
        if kind == "weekday":
            return _weekday(groups["which"], groups["weekday"], base)
        if kind == "near_day":
            word = " ".join(groups["word"].lower().split())
            shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
            day = base + dt.timedelta(days=shift)
            return day, day
        if kind == "year":
            year = int(groups["year"])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, KeyError):
        return None  # "February 30", or a word that only looked like a date
    return None


def _month_day(groups: dict, base: dt.date) -> tuple[dt.date, dt.date] | None:
    month_text, day = groups["month"], int(groups["day"])
    text = f"{month_text} {day}" + (f" {groups['year']}" if groups.get("year") else "")
    settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
                "REQUIRE_PARTS": ["day", "month"]}
    if groups.get("year"):
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
        first = parsed.date() if parsed else None
    else:
        # The occurrence nearest the article's date, before or after it.
        options = [dateparser.parse(text, languages=["en"],
                                    settings={**settings, "PREFER_DATES_FROM": which})
                   for which in ("past", "future")]
        options = [o.date() for o in options if o]
        first = min(options, key=lambda d: abs((d - base).days)) if options else None
    if first is None:
        return None
    last = first
    if groups.get("day2"):
        last = first.replace(day=int(groups["day2"]))
        if last < first:
            return None
    return first, last


def _month(which: str, month: int, base: dt.date) -> tuple[dt.date, dt.date]:
    """"this June" is this year's; "last June" the latest one over ("since June" the latest
    begun), "next June" the first one
    to begin after the article; "in June" the one nearest the article (a past one when the
    two are as near)."""
    spans = [(dt.date(year, month, 1), _month_end(year, month))
             for year in (base.year - 1, base.year, base.year + 1)]
    if which == "this":
        return spans[1]
    if which == "last":
        return [span for span in spans if span[1] < base][-1]
    if which == "since":
        return [span for span in spans if span[0] <= base][-1]
    if which == "next":
        return next(span for span in spans if span[0] > base)
    return min(spans, key=lambda span: (max((span[0] - base).days, (base - span[1]).days, 0),
                                        span[0] > base))


def _season(which: str, season: str, base: dt.date) -> tuple[dt.date, dt.date]:
    first_month, last_month = SEASONS[season]

    def season_of(year: int) -> tuple[dt.date, dt.date]:
        if season == "winter":  # December to February, named by the year it starts
            return dt.date(year, 12, 1), _month_end(year + 1, 2)
        return dt.date(year, first_month, 1), _month_end(year, last_month)

    this = season_of(base.year if not (season == "winter" and base.month <= 2) else base.year - 1)
    if which == "this":
        return this
    if which == "next":
        return this if this[0] > base else season_of(this[0].year + 1)
    # "last summer": the latest one that has ended, or is under way.
    return this if this[0] <= base and this[1] < base else season_of(this[0].year - 1)


def _weekday(which: str | None, name: str, base: dt.date) -> tuple[dt.date, dt.date]:
    target = WEEKDAYS.index(name.lower())
    which = (which or "").lower()
    if which == "next":
        days = (target - base.weekday()) % 7 or 7
        day = base + dt.timedelta(days=days)
    elif which == "last":
        days = (base.weekday() - target) % 7 or 7
        day = base - dt.timedelta(days=days)
    else:  # "on Tuesday", "Tuesday": the latest one, today included
        day = base - dt.timedelta(days=(base.weekday() - target) % 7)
    return day, day


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))


# A transcript opens with the clock time its words began, in the zone of the room: "4:11 P.M.
# EDT", "2:46 P.M. JST". Briefings are often posted the next morning, so "today" in them is
# the day they were held, not the day they were published.
OPENING_TIME = re.compile(r"^[ \t]*(?P<hour>1[0-2]|0?[1-9]):(?P<minute>[0-5]\d)[ \t]*"
                          r"(?P<half>[AP])\.?[ \t]*M\.?[ \t]+(?P<zone>[A-Z]{2,5})\b", re.M)
OPENING_CHARS = 400  # the opening time stands in the first lines (a room, a place, the time)
TITLE_DATE = re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<year>(?:19|20)\d\d)\b")
TITLE_DATE_BEFORE_DAYS = 3  # a title's date this many days before publication at most


@functools.lru_cache(maxsize=64)
def _zone(abbreviation: str) -> dt.tzinfo | None:
    """The zone an abbreviation such as "EDT" or "CEST" names (dateparser's table), or None."""
    parsed = dateparser.parse(f"12:00 {abbreviation}", languages=["en"],
                              settings={"RETURN_AS_TIMEZONE_AWARE": True})
    return parsed.tzinfo if parsed is not None else None


def held_day(published: dt.datetime, *, title: str, body: str, zone: dt.tzinfo,
             modified: dt.datetime | None = None) -> dt.date:
    """The day the words of a text were spoken, which its "today" and "tomorrow" count from.

    For a transcript (a text opening with its clock time and zone): the day its title gives
    ("Press Briefing …, June 1, 2022", up to three days before publication), or the lines
    before the clock time ("(March 1, 2024)"), on the same terms; else the day of
    publication in that zone if that clock time had come by then, or if the page was modified
    after it (pages were sometimes posted before the briefing and filled in after); else the
    day before (a briefing held at 4:11 pm and posted the next morning). Any other text was
    written on its day of publication in ``zone``."""
    published_day = published.astimezone(zone).date()
    opening = OPENING_TIME.search(body[:OPENING_CHARS])
    if opening is None:
        return published_day
    titled = TITLE_DATE.search(title) or TITLE_DATE.search(body, 0, opening.start())
    if titled is not None:
        try:
            day = dt.date(int(titled["year"]), MONTHS[titled["month"].lower()], int(titled["day"]))
        except ValueError:  # "February 30"
            day = None
        if day is not None and 0 <= (published_day - day).days <= TITLE_DATE_BEFORE_DAYS:
            return day
    room = _zone(opening["zone"])
    if room is None:
        return published_day
    local = published.astimezone(room)
    hour = int(opening["hour"]) % 12 + (12 if opening["half"] == "P" else 0)
    began = dt.datetime.combine(local.date(), dt.time(hour, int(opening["minute"])), tzinfo=room)
    if began <= published or (modified is not None and modified >= began):
        return local.date()
    return local.date() - dt.timedelta(days=1)
