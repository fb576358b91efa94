"""Running totals the texts state, and the ledger checked against them: plain data in,
findings out (no database).

A running total ("bringing total U.S. military assistance to Ukraine to more than $7.32
billion since Russia launched its premeditated and unprovoked invasion") says how much a
donor has given a recipient as of a day, over a *scope* its sentence gives. ``scope_of``
reads that scope; ``check`` compares the ledger's cumulative sum of packages over the same
scope with the stated figure.

Scopes, as a table of (what the sentence says, scope, the day it counts from):

- since the invasion: "since February 24", "since Russia's (full-scale, brutal, ...)
  invasion", "since Russia launched its ... invasion", "since the start of the war" — from 24
  February 2022;
- since the administration: "since the beginning of this Administration", "since taking
  office", "since January 2021" — from the latest inauguration of a US president before the
  total's day (the archive's totals are US ones); "since the beginning of the Biden-Harris
  administration", "of the Trump administration": from that president's latest inauguration;
  so "under this President's leadership", "during the Biden administration";
- since a year: "since 2014", "since 2022" — from 1 January of that year;
- one year: "this year", "this year alone" — from 1 January; "in 2021", "last year" — that
  calendar year only; "over the past year", "this past year" — from a year before; "this
  fiscal year", "fiscal year 2022" — the US federal fiscal year, from 1 October before;
- recent weeks: "in the past few weeks", "over (the course of) the last two weeks", "this
  week" — from that
  long before (a few: three; several: four; a couple: two), and, since a speaker rounds a
  period to the words at hand, up to half as long again (``rounded_start``);
- none stated: by a donor whose administrations the table knows (the United States), the
  record of the administration in office, from its inauguration: a government saying what
  "we have provided" speaks of its own tenure ("Thus far, we've provided more than $1 billion
  in security assistance"); by any other donor, from the first package the ledger has.

A figure said in words ("two and a half billion dollars", "a billion dollars") is spoken and
round: it is read as about the figure, within a tenth (see TOLERANCE).

A total that speaks of drawdowns ("total U.S. drawdowns", "under presidential drawdown
authority") counts drawdown packages only (programme ``pda``); any other counts every package.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

INVASION = dt.date(2022, 2, 24)
INAUGURATIONS = [dt.date(2009, 1, 20), dt.date(2013, 1, 20), dt.date(2017, 1, 20),
                 dt.date(2021, 1, 20), dt.date(2025, 1, 20)]
# the years each president's administrations began (a second term in a row goes on the first),
# for an administration said by its name
PRESIDENTS = {"obama": (2009,), "trump": (2017, 2025), "biden": (2021,)}
# donors whose administrations INAUGURATIONS lists: a total of theirs with no scope stated is
# the record of the administration in office
ADMINISTRATION_DONORS = frozenset({"united-states"})
# How far the ledger's sum may be from what a total states and still agree: within 5 % of the
# range the figure's wording allows. A figure is said to its last digit ("$6.3 billion": a
# step of $100 million), so
# - a plain or ranged figure is itself;
# - "about X" is X ± half a step ("approximately $6.3 billion": $6.25-6.35 billion), at most
#   ± a tenth;
# - "more than X" is a floor: X up to the next step, at most a quarter above it ("more than $2
#   billion": $2-2.5 billion; "more than $6.92 billion": $6.92-6.93 billion), since a speaker
#   names the next round figure when the truth reaches it;
# - "nearly", "less than" and "up to" X are ceilings: X down half a step, at most a tenth.
TOLERANCE = Decimal("0.05")
# how much longer than its words a recent period may be ("the last two weeks": up to three)
RECENT_ROUNDING = 0.5
ABOUT_MOST = Decimal("0.10")
FLOOR_MOST = Decimal("0.25")
CEILING_MOST = Decimal("0.10")

SCOPES = [
    ("since_invasion", re.compile(
        r"\bsince\s+(?:(?:February|Feb\.?)\s+24(?:th)?|(?:Russia['’]s|Putin['’]s|the)\s+"
        r"(?:[\w-]+,?\s+(?:and\s+)?){0,4}(?:invasion|war)|Russia\s+(?:launched|began|started|"
        r"invaded)|(?:this|the)\s+(?:war|invasion|conflict)\s+(?:began|started)|"
        r"the\s+(?:start|beginning|outbreak)\s+of\s+(?:Russia['’]s\s+|the\s+)?(?:[\w-]+\s+){0,3}"
        r"(?:war|invasion|conflict)|this\s+(?:war|invasion|conflict)\s+began|the\s+war\s+began)",
        re.I)),
    ("since_administration", re.compile(
        r"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+(?:this|the|my|our|the\s+(?P<president>"
        r"Biden|Trump|Obama)(?:[-–][A-Z]\w+)?)\s+[Aa]dministration|(?:taking|I\s+took|we\s+took|he\s+took|the\s+President\s+took|"
        r"President\s+\w+\s+took)\s+office|January\s+(?:20(?:th)?,?\s+)?2021|(?:this|the)\s+"
        r"[Aa]dministration\s+(?:took|came))|"
        # "under this President's leadership", "during the Biden administration"
        r"\b(?:under|during)\s+(?:the\s+(?P<led>Biden|Trump|Obama)(?:[-–][A-Z]\w+)?\s+"
        r"[Aa]dministration|this\s+(?:[Aa]dministration|President['’]s\s+(?:leadership|watch))|"
        r"President\s+(?P<by>Biden|Trump|Obama)['’]s\s+(?:leadership|watch|[Aa]dministration))",
        re.I)),
    ("since_year", re.compile(r"\bsince\s+(?:early\s+|January\s+)?(?:19|20)\d\d\b", re.I)),
    ("year", re.compile(r"\b(?:(?:this|the\s+current)\s+fiscal\s+year|(?:fiscal\s+year\s+|FY\s?)"
                        r"(?P<fiscal>(?:20)?\d\d)|this\s+year(?:\s+alone)?|(?:in|during)\s+"
                        r"(?:20\d\d)|last\s+year|over\s+the\s+(?:past|last)\s+(?:year|12\s+months)|"
                        r"(?:in\s+(?:just\s+)?the|this)\s+(?:past|last)\s+year)\b", re.I)),
    ("recent", re.compile(r"\b(?:(?:in|over|during)\s+(?:the\s+course\s+of\s+)?(?:just\s+)?the\s+"
                          r"(?:past|last)\s+(?P<count>few|"
                          r"two|three|four|several|couple\s+of|\d+)\s+(?P<unit>days|weeks|months)|"
                          r"(?:just\s+)?(?:this|the\s+past|the\s+last)\s+(?P<week>week))\b", re.I)),
]
COUNTS = {"few": 3, "two": 2, "three": 3, "four": 4, "several": 4, "couple of": 2}
UNIT_DAYS = {"days": 1, "weeks": 7, "months": 30}
DRAWDOWNS_ONLY = re.compile(r"\bdrawdowns?\b|\bPDA\b", re.I)
ALL_KINDS = re.compile(r"\b(?:security|military)\s+assistance\b", re.I)


@dataclass(frozen=True)
class Scope:
    name: str  # since_invasion | since_administration | since_year | year | recent | unscoped
    since: dt.date | None
    programme: str  # "pda": drawdowns only; "": every package
    until: dt.date | None = None  # a period that ended before the total's day ("in 2021")


def scope_of(clause: str, as_of: dt.date, *, nearest_end: bool = False) -> Scope:
    """The scope a total's clause gives (the words around its figure), as of its day: the
    first scope said in it, or with ``nearest_end`` (words before the figure) the last."""
    programme = "pda" if DRAWDOWNS_ONLY.search(clause) and not ALL_KINDS.search(clause) else ""
    said = sorted(((m.start(), name, m) for name, pattern in SCOPES
                   for m in pattern.finditer(clause)), key=lambda found: found[0])
    for _, name, match in (said[-1:] if nearest_end else said[:1]):
        if name == "recent":
            if match.group("week"):
                return Scope(name, as_of - dt.timedelta(days=7), programme)
            count = match.group("count").lower()
            number = int(count) if count.isdigit() else COUNTS.get(count, 3)
            days = number * UNIT_DAYS[match.group("unit").lower()]
            return Scope(name, as_of - dt.timedelta(days=days), programme)
        if name == "since_invasion":
            return Scope(name, INVASION, programme)
        if name == "since_administration":
            # "since the beginning of the Biden-Harris administration": that president's latest
            # inauguration; else the latest of any
            named = PRESIDENTS.get((match.group("president") or match.group("led")
                                    or match.group("by") or "").lower())
            since = max((day for day in INAUGURATIONS if day <= as_of
                         and (named is None or day.year in named)), default=None)
            return Scope(name, since, programme)
        if name == "since_year":
            year = int(re.search(r"\d{4}", match.group(0)).group(0))
            return Scope(name, dt.date(year, 1, 1), programme)
        if re.search(r"fiscal|FY", match.group(0), re.I):
            return Scope(name, fiscal_year_start(match.group("fiscal"), as_of), programme)
        year = re.search(r"20\d\d", match.group(0))
        if re.match(r"last\s+year", match.group(0), re.I):
            year_said = as_of.year - 1
        else:
            year_said = int(year.group(0)) if year else None
        if year_said:
            until = dt.date(year_said, 12, 31) if year_said < as_of.year else None
            return Scope(name, dt.date(year_said, 1, 1), programme, until)
        if re.search(r"past|last", match.group(0), re.I):
            return Scope(name, as_of - dt.timedelta(days=365), programme)
        return Scope(name, dt.date(as_of.year, 1, 1), programme)
    return Scope("unscoped", None, programme)


def fiscal_year_start(said: str | None, as_of: dt.date) -> dt.date:
    """The first day of the US federal fiscal year said ("FY22", "fiscal year 2022": 1 October
    2021), or of the one ``as_of`` falls in ("this fiscal year")."""
    if said:
        year = int(said) if len(said) == 4 else 2000 + int(said)
    else:
        year = as_of.year + 1 if as_of.month >= 10 else as_of.year
    return dt.date(year - 1, 10, 1)


def unstated(scope: Scope, donor: str, as_of: dt.date) -> Scope:
    """A total with no scope stated, read by its donor (a slug): the record of the
    administration in office for a donor whose inaugurations the table knows, else ``scope``
    (from the ledger's first package)."""
    if scope.name != "unscoped" or donor not in ADMINISTRATION_DONORS:
        return scope
    since = max((day for day in INAUGURATIONS if day <= as_of), default=None)
    return Scope(scope.name, since, scope.programme, scope.until)


def spoken(figure_text: str) -> bool:
    """A figure said in words, with no digit: "two and a half billion dollars"."""
    return bool(figure_text) and not any(ch.isdigit() for ch in figure_text)


@dataclass(frozen=True)
class Counted:
    """A package as the check sees it: its day, what the sums count for it, its programme,
    and whether it is a component (counted inside its announcement)."""

    id: int
    day: dt.date
    counted: Decimal
    value: Decimal
    programme: str
    component: bool = False
    combined: bool = False  # an announcement made of parts (which have the programmes)
    # the last day it may have been announced on, when the texts give only a span ("In
    # December, ... I authorized a further drawdown worth $200 million"): ``day`` is the first
    last_day: dt.date | None = None
    # drawdown authority: a ceiling the later drawdowns are drawn on, never a drawdown itself
    authority: bool = False


@dataclass(frozen=True)
class Opening:
    """An earlier total's figure that a check counts on (an opening balance), with the range
    its wording allows ("more than $400 million": $400-500 million)."""

    figure: Decimal
    low: Decimal
    high: Decimal


def opening_of(figure: Decimal, qualifier: str, *, spoken: bool = False) -> Opening:
    return Opening(figure, *stated_range(figure, qualifier, spoken=spoken))


@dataclass(frozen=True)
class Check:
    ledger: Decimal  # the opening figure and the packages by their first day: what a page shows
    stated: Decimal
    packages: tuple[int, ...]  # the packages summed
    # what the ledger may hold, where it cannot know more: a package whose day is known only
    # to a span that the total's day or scope cuts, an opening balance said "more than"
    low: Decimal | None = None
    high: Decimal | None = None

    def __post_init__(self):
        if self.low is None:
            object.__setattr__(self, "low", self.ledger)
        if self.high is None:
            object.__setattr__(self, "high", self.ledger)

    @property
    def gap(self) -> Decimal:
        """(ledger - stated) / stated: -0.2 is a ledger 20 % below the text."""
        return (self.ledger - self.stated) / self.stated if self.stated else Decimal(0)

    @property
    def uncertain(self) -> bool:
        return self.low != self.high

    def agrees(self, qualifier: str, *, spoken: bool = False) -> bool:
        """The ledger's range and the range the total's wording allows meet, 5 % allowed."""
        low, high = stated_range(self.stated, qualifier, spoken=spoken)
        return low * (1 - TOLERANCE) <= self.high and self.low <= high * (1 + TOLERANCE)


def step_of(figure: Decimal) -> Decimal:
    """The unit of a figure's last significant digit: $100 million for $6.3 billion, $1 billion
    for $2 billion, $10 million for $6.92 billion."""
    if not figure:
        return Decimal(0)
    return Decimal(1).scaleb(figure.normalize().as_tuple().exponent)


def stated_range(figure: Decimal, qualifier: str, *,
                 spoken: bool = False) -> tuple[Decimal, Decimal]:
    """(low, high): what a stated total allows, by its wording (see TOLERANCE)."""
    if spoken and qualifier in ("", "exact", "about"):
        return figure - figure * ABOUT_MOST, figure + figure * ABOUT_MOST
    step = step_of(figure)
    if qualifier == "about":
        half = min(step / 2, figure * ABOUT_MOST)
        return figure - half, figure + half
    if qualifier == "more_than":
        return figure, figure + min(step, figure * FLOOR_MOST)
    if qualifier in ("less_than", "up_to"):
        return figure - min(step / 2, figure * CEILING_MOST), figure
    return figure, figure


def rounded_start(scope: Scope, as_of: dt.date) -> dt.date | None:
    """The earliest day a scope may start on. A recent period is said in round words ("in
    just the last two weeks" of 18 days): it may start up to half its length before the day
    its words give. Any other scope starts where it says."""
    if scope.name != "recent" or scope.since is None:
        return scope.since
    return scope.since - (as_of - scope.since) * RECENT_ROUNDING


def check(stated: Decimal, as_of: dt.date, scope: Scope, packages: list[Counted], *,
          opening: Opening | None = None) -> Check:
    """The ledger's cumulative sum of ``packages`` (one donor and recipient's) in the scope,
    up to and including ``as_of``, after the ``opening`` balance if one is given. A
    drawdowns-only total sums the drawdown packages themselves, components included (a
    combined announcement's drawdown part is one). A package known only to a span of days
    that the scope's bounds cut counts in the range's high end, not its low one."""
    chosen, low, high = [], Decimal(0), Decimal(0)
    last = min(as_of, scope.until) if scope.until else as_of
    earliest = rounded_start(scope, as_of)
    for package in packages:
        final = package.last_day or package.day
        if package.day > last or (earliest is not None and final < earliest):
            continue  # outside the scope whatever its day
        if scope.programme:
            if package.programme != scope.programme or package.combined or package.authority:
                continue
            value = package.value
        elif package.component:
            continue
        else:
            value = package.counted
        high += value
        if final <= last and (scope.since is None or package.day >= scope.since):
            low += value  # inside whatever its day
        if scope.since is None or package.day >= scope.since:
            chosen.append((package.id, value))
    opening = opening or Opening(Decimal(0), Decimal(0), Decimal(0))
    return Check(opening.figure + sum((value for _, value in chosen), Decimal(0)), stated,
                 tuple(pk for pk, _ in chosen), low=opening.low + low, high=opening.high + high)
