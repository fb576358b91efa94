"""Reports of aid joined into packages: plain data in, packages out (no database).

Every article that speaks of a package is one *report* of it. The same announcement is
reported by the statement that makes it, the fact sheet, the briefing that day and the
speech a month later, each rounding its own way ("$2.85 billion", "about $2.8 billion"); and
one announcement may be the sum of others ("nearly $2.5 billion ... a $1.25 billion drawdown
and a $1.22 billion USAI package"). The ledger's sums must count each announcement once, so
``packages_from`` decides which reports are the same package and which packages are the
components of a combined announcement. The rules, in order:

1. **Components in one article.** A report the reader gives as part of another ("over $3
   billion ..., including $2.85 billion") is its component. Then, in each article, a figure
   that is the sum of two to four other figures of the same donor, recipient and day (within
   ``SUM_TOLERANCE``, or ``SUM_TOLERANCE_APPROXIMATE`` when it says "nearly", "about", ...)
   is a combined announcement of those figures.
2. **The same package across articles.** Reports join a package of the same donor and
   recipient, the same level (a combined announcement joins only combined ones), compatible
   programmes (the same, or one unnamed, or one only the funding: "the supplemental"), and:
   - the same ordinal ("the twenty-third drawdown") within ``ORDINAL_DAYS``; or
   - the same value (equal; within 2 % when both are exact, since "$2.8 billion" and "$2.85
     billion" are one figure rounded; within 10 % when either is approximate) and a day
     within ``SAME_DAYS`` of the package's first report, or, for a reference back to an
     earlier package ("last week's $800 million package"), within ``REFERENCE_DAYS`` before
     the reference. Two reports that each present the figure as new on their own day, more
     than ``NEW_APART_DAYS`` apart, are two announcements ($800 million on 13 April 2022
     and another $800 million on 21 April); but not within one day's news: one article, or
     articles published the same day, giving one figure as new speak of one package dated
     two ways ("we sent a notification up to Congress last Friday ... a new $60 million
     package", and elsewhere that day "a new $60 million package" of the day itself).
   A reference that joins nothing is still a package the archive knows of (its announcement
   is not in the archive), dated by the reference.
3. **What a package counts.** A plain package counts its value: the most exact of its
   reports (an exact figure before a rounded one, a new announcement's before a
   reference's). A combined announcement counts the sum of its components where they
   account for its figure (within 2 %, or 5 % when it says "nearly", "about", ...: "nearly
   $2.5 billion" counts $2.47 billion), else the larger of its figure and that sum ("over $3
   billion" including $2.85 billion counts $3 billion); its components count nothing of
   their own. A combined announcement known only from a later report ("the surge of $8
   billion" said three weeks on) is dated by the day of its parts.
4. **Drawdown authority.** A drawdown whose figure an article of the same days gives as
   drawdown authority ("authorized $5.5 billion in Presidential Drawdown Authority", beside
   the memorandum's "drawdown of up to $5.55 billion") is a ceiling, not a package: the
   packages later drawn on it are announced and counted one by one, so it counts nothing,
   and a combined announcement it is part of (the "$8 billion" surge) counts its other parts.
"""

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

SAME_DAYS = 10
NEW_APART_DAYS = 2
REFERENCE_DAYS = 120
LONE_DAYS = 30
ORDINAL_DAYS = 60
SUM_TOLERANCE = Decimal("0.02")
SUM_TOLERANCE_APPROXIMATE = Decimal("0.05")
ROUNDED = Decimal("0.02")
SAME_DAY_ROUNDED = Decimal("0.05")
APPROXIMATE = Decimal("0.10")
MAX_PARTS = 4
# the roles whose figure is a package (the others are totals, requests, appropriations)
PACKAGE_ROLES = ("new", "reference", "component", "combined")
# where a package's money comes from, which any programme's package may say: "$200 million
# I just approved today" of the supplemental is the drawdown another article reports
FUNDING_ONLY = ("supplemental",)
# "up to $2.85 billion" is the package's own figure (its ceiling), not a rounding
INEXACT = ("about", "more_than", "less_than", "range")


@dataclass(frozen=True)
class Report:
    """One mention of a package in one article, as the ledger stores it."""

    id: int
    article_id: int
    donor: int
    recipient: int
    value: Decimal
    day: dt.date
    role: str = "new"
    qualifier: str = "exact"
    programme: str = ""
    ordinal: int | None = None
    stage: str = "announced"
    part_of: int | None = None  # the report (of the same article) this one is part of
    published: dt.date | None = None  # the day its article was published
    # the last day of the span ``day`` is the first of, when the text gives only a span ("In
    # December, ... I authorized a further drawdown worth $200 million"); None for a day
    last_day: dt.date | None = None

    @property
    def approximate(self) -> bool:
        return self.qualifier in INEXACT


@dataclass
class Package:
    donor: int
    recipient: int
    reports: list[Report] = field(default_factory=list)
    combined: bool = False
    parent: "Package | None" = None
    components: list["Package"] = field(default_factory=list)
    # the day of the parts a combined announcement told weeks later was formed from
    on: dt.date | None = None
    # a drawdown the texts call an authority: a ceiling later packages are drawn on
    authority: bool = False

    @property
    def first(self) -> Report:
        """The report that names the announcement's day: the earliest that is not a
        reference, else the earliest."""
        own = [r for r in self.reports if r.role != "reference"] or self.reports
        return min(own, key=lambda r: (r.day, r.id))

    @property
    def day(self) -> dt.date:
        return self.on or self.first.day

    @property
    def last_day(self) -> dt.date | None:
        """The last day it may have been announced on, when the report that dates it gives
        only a span (a month): the span's end, or an earlier day another report is dated by;
        None when the day is known."""
        first = self.first
        if self.on or first.last_day is None:
            return None
        own = [r for r in self.reports if r.role != "reference"] or self.reports
        last = min(r.last_day or r.day for r in own)
        return last if last > first.day else None

    @property
    def best(self) -> Report:
        """The report whose figure is the package's: the one of more significant digits (a
        rounding loses digits, never adds them: "approximately $2.98 billion" before "$3
        billion"), exact before approximate, a new announcement before a reference, the
        figure most reports give, the earliest."""
        counts = Counter(r.value for r in self.reports)
        return min(self.reports, key=lambda r: (-_digits(r.value), r.approximate,
                                                r.role == "reference", -counts[r.value],
                                                r.day, r.id))

    @property
    def value(self) -> Decimal:
        return self.best.value

    @property
    def programme(self) -> str:
        """The programme its reports name most, those that announce it before those that
        speak of it again (a reference's is only the nearest its sentence names), a
        programme before where the money comes from ("the supplemental")."""
        for reports in ([r for r in self.reports if r.role != "reference"], self.reports):
            named = Counter(r.programme for r in reports if r.programme)
            own = Counter({name: n for name, n in named.items() if name not in FUNDING_ONLY})
            if named:
                return (own or named).most_common(1)[0][0]
        return ""

    @property
    def ordinal(self) -> int | None:
        return next((r.ordinal for r in self.reports if r.ordinal), None)

    @property
    def stage(self) -> str:
        stages = {r.stage for r in self.reports}
        for stage in ("announced", "pledged", "delivered"):
            if stage in stages:
                return stage
        return "announced"

    @property
    def counted(self) -> Decimal:
        """What the ledger's sums count for this package (see the module docstring)."""
        if self.parent is not None or self.authority:
            return Decimal(0)
        if not self.components:
            return self.value
        parts = sum((c.value for c in self.components), Decimal(0))
        drawn_later = sum((c.value for c in self.components if c.authority), Decimal(0))
        limit = SUM_TOLERANCE_APPROXIMATE if self.best.approximate else SUM_TOLERANCE
        if abs(parts - self.value) <= self.value * limit and not (
                self.best.qualifier == "more_than" and parts < self.value):
            return parts - drawn_later  # the parts are the exact figures the whole rounds
        return max(parts, self.value) - drawn_later

    def accepts(self, report: Report) -> bool:
        if (report.donor, report.recipient) != (self.donor, self.recipient):
            return False
        if report.role == "combined" and any(r.role == "component" for r in self.reports):
            return False  # a combined announcement never joins one of its own parts
        if report.role == "component" and self.combined:
            return False
        if report.programme and self.programme and report.programme != self.programme \
                and report.role != "reference" \
                and not {report.programme, self.programme} & set(FUNDING_ONLY):
            return False  # (a reference's programme is the nearest one its sentence names)
        days = (report.day - self.day).days
        if report.ordinal and self.ordinal:
            return report.ordinal == self.ordinal and abs(days) <= ORDINAL_DAYS
        if not any(same_value(report, other) or same_day_figure(report, other)
                   for other in self.reports):
            return False
        told_again = any(other.value == report.value and (
            other.article_id == report.article_id
            or (other.published is not None and other.published == report.published))
            for other in self.reports)
        if report.role == "new" and not told_again and any(
                other.role == "new" and abs((report.day - other.day).days) > NEW_APART_DAYS
                for other in self.reports):
            return False  # announced anew days apart: "another $800 million" a week later
        if report.role == "reference":
            return -SAME_DAYS <= days <= REFERENCE_DAYS
        return abs(days) <= SAME_DAYS


def _digits(value: Decimal) -> int:
    """Significant digits of a figure: 3 for $2.98 billion, 1 for $3 billion."""
    return len(value.normalize().as_tuple().digits) if value else 0


def same_value(one: Report, other: Report) -> bool:
    """The same package's figure as two reports give it: equal, rounded (2 %), or where
    either is approximate within 10 %; but "more than $3 billion" is never $2.85 billion."""
    if one.value == other.value:
        return True
    for floor, figure in ((one, other), (other, one)):
        if floor.qualifier == "more_than" and figure.value < floor.value * (1 - ROUNDED):
            return False
    limit = APPROXIMATE if one.approximate or other.approximate else ROUNDED
    return abs(one.value - other.value) <= max(one.value, other.value) * limit


def same_day_figure(one: Report, other: Report) -> bool:
    """Two figures of one day within 5 %: one package said loosely ("the $600 million that
    we announced today" at the briefing, of the $625 million package the readout gives); one
    donor does not announce two packages of nearly one figure to one recipient on one day."""
    return one.day == other.day and one.role == other.role == "new" \
        and abs(one.value - other.value) <= max(one.value, other.value) * SAME_DAY_ROUNDED


def roles_in_article(reports: list[Report]) -> dict[int, tuple[str, int | None]]:
    """{report id: (role, the id of the combined report it is part of)} for one article's
    reports: the combined announcements and their components (rule 1)."""
    roles = {r.id: (r.role, r.part_of) for r in reports}
    by_id = {r.id: r for r in reports}
    for report in reports:
        if report.part_of in by_id:
            roles[report.id] = ("component", report.part_of)
            whole_role = roles[report.part_of][0]
            if whole_role not in ("reference",):
                roles[report.part_of] = ("combined", None)
    plain = [r for r in reports if roles[r.id][0] in ("new", "reference")]
    for whole in sorted(plain, key=lambda r: -r.value):
        if roles[whole.id][0] == "component":
            continue
        candidates = [r for r in plain if r.id != whole.id and r.value < whole.value
                      and roles[r.id][0] in ("new", "reference")
                      and (r.donor, r.recipient) == (whole.donor, whole.recipient)
                      and abs((r.day - whole.day).days) <= 1]
        parts = _parts_summing_to(whole, candidates)
        if parts:
            roles[whole.id] = ("combined", None)
            for part in parts:
                roles[part.id] = ("component", whole.id)
    return roles


def _parts_summing_to(whole: Report, candidates: list[Report]) -> list[Report]:
    limit = SUM_TOLERANCE_APPROXIMATE if whole.approximate else SUM_TOLERANCE
    for size in range(2, min(MAX_PARTS, len(candidates)) + 1):
        for parts in itertools.combinations(candidates[:10], size):
            if any(same_value(a, b) for a, b in itertools.combinations(parts, 2)):
                continue  # one figure said twice, or rounded two ways, is not two parts
            total = sum((p.value for p in parts), Decimal(0))
            if abs(total - whole.value) <= whole.value * limit:
                return list(parts)
    return []


def _combined_across(packages: list[Package]) -> None:
    """A package whose figure is the sum of packages announced together on one day, which
    other articles report one by one: the statement's "$1.25 billion drawdown" and "$1.22
    billion USAI package", the briefing's "nearly $2.5 billion" that day. Then the figure is
    their combined announcement. A reference ("the surge of $8 billion" announced three weeks
    before) may look back ``REFERENCE_DAYS`` for the day; anything else only a day."""
    for whole in sorted(packages, key=lambda p: -p.value):
        if whole.parent is not None or whole.components \
                or any(r.role == "component" for r in whole.reports):
            continue
        # a reference, or a lone report weeks after ("President Biden announced a surge of $8
        # billion", said on 16 October of the parts announced on 26 September)
        referring = all(r.role == "reference" for r in whole.reports)
        alone = len(whole.reports) == 1 and whole.reports[0].role == "new"
        by_day: dict[dt.date, list[Package]] = {}
        for other in packages:
            days = (whole.day - other.day).days
            if other is whole or other.parent is not None or other.components \
                    or (other.donor, other.recipient) != (whole.donor, whole.recipient) \
                    or other.value >= whole.value \
                    or not (-1 <= days <= (REFERENCE_DAYS if referring else
                                           LONE_DAYS if alone else 1)):
                continue
            by_day.setdefault(other.day, []).append(other)
        for day in sorted(by_day, key=lambda d: abs((whole.day - d).days)):
            if abs((whole.day - day).days) > 1 and len(by_day[day]) < 2:
                continue  # weeks apart, only the sum of several parts tells
            parts = _parts_summing_to(whole.best, [p.best for p in by_day[day]])
            if parts:
                chosen = [p for p in by_day[day] if p.best in parts]
                whole.combined = True
                if day != whole.day and (referring or alone):
                    whole.on = day  # the announcement is the parts' day, not its retelling's
                for part in chosen:
                    part.parent = whole
                    whole.components.append(part)
                break


def _drawdowns_of_announcements(packages: list[Package]) -> None:
    """A drawdown known only from its delegation memorandum ("direct the drawdown of up to $1
    billion") on the day of a larger announcement that names no programme ("$1.85 billion
    package of security assistance", of which the rest is USAI) is that announcement's
    drawdown part, not a package besides it."""
    for part in packages:
        if part.programme != "pda" or part.parent is not None or part.components \
                or part.authority or not all(r.qualifier == "up_to" for r in part.reports):
            continue
        wholes = [w for w in packages if w is not part and w.parent is None and not w.programme
                  and not w.authority and (w.donor, w.recipient) == (part.donor, part.recipient)
                  and abs((w.day - part.day).days) <= 1 and w.value > part.value
                  and sum((c.value for c in w.components), part.value) <= w.value]
        whole = min(wholes, key=lambda w: (abs((w.day - part.day).days), w.value), default=None)
        if whole is not None:
            whole.combined = True
            part.parent = whole
            whole.components.append(part)


def _parts_completed(packages: list[Package]) -> None:
    """A combined announcement whose named parts fall short of its figure ("over $3 billion,
    including $2.85 billion" of drawdown) takes as parts the packages of the same day that
    complete it (the $225 million of FMF another article reports), so that nothing of it is
    counted twice."""
    for whole in packages:
        if not whole.components or whole.parent is not None:
            continue
        parts = sum((c.value for c in whole.components), Decimal(0))
        short = whole.value - parts
        if short <= whole.value * ROUNDED:
            continue
        limit = SUM_TOLERANCE_APPROXIMATE if whole.best.approximate else SUM_TOLERANCE
        candidates = [p for p in packages if p is not whole and p.parent is None
                      and not p.components and (p.donor, p.recipient) == (whole.donor, whole.recipient)
                      and abs((p.day - whole.day).days) <= 1 and p.value < whole.value]
        for size in (1, 2):
            found = next((chosen for chosen in itertools.combinations(candidates, size)
                          if abs(parts + sum(c.value for c in chosen) - whole.value)
                          <= whole.value * limit), None)
            if found:
                for part in found:
                    part.parent = whole
                    whole.components.append(part)
                break


def _authorities(packages: list[Package], authorities: list[Report]) -> None:
    """A drawdown whose figure an article of the same days gives as drawdown *authority*
    ("I also have authorized $5.5 billion in Presidential Drawdown Authority to ensure this
    authority does not expire", beside the memorandum's "drawdown of up to $5.55 billion") is
    a ceiling later packages are drawn on, each announced and counted as its own."""
    for package in packages:
        if package.programme != "pda" or package.combined:
            continue
        package.authority = any(
            (a.donor, a.recipient) == (package.donor, package.recipient)
            and abs((a.day - package.day).days) <= NEW_APART_DAYS
            and same_value(a, package.best) for a in authorities)


def packages_from(reports: list[Report]) -> list[Package]:
    """The packages the reports make (rules 1 and 2 of the module docstring), each with its
    reports; a component's ``parent`` is its combined announcement. Drawdown authority among
    the reports (role "appropriation", programme "pda") marks the drawdown it is (rule 4)."""
    authorities = [r for r in reports if r.role == "appropriation" and r.programme == "pda"]
    reports = [r for r in reports if r.role in PACKAGE_ROLES]
    by_article: dict[int, list[Report]] = {}
    for report in reports:
        by_article.setdefault(report.article_id, []).append(report)
    resolved: list[Report] = []
    whole_of: dict[int, int] = {}
    for article_reports in by_article.values():
        roles = roles_in_article(article_reports)
        for report in article_reports:
            role, part_of = roles[report.id]
            if role != report.role or part_of != report.part_of:
                report = Report(**{**report.__dict__, "role": role, "part_of": part_of})
            resolved.append(report)
            if part_of is not None:
                whole_of[report.id] = part_of

    packages: list[Package] = []
    package_of: dict[int, Package] = {}
    order = {"combined": 0, "new": 1, "component": 1, "reference": 2}
    for report in sorted(resolved, key=lambda r: (r.day if r.role != "reference" else
                                                  r.day + dt.timedelta(days=REFERENCE_DAYS),
                                                  order[r.role], r.id)):
        accepting = [p for p in packages if p.accepts(report)]
        # the latest package announced on or before the report's day, else the nearest
        package = min(accepting, key=lambda p: ((report.day - p.day).days < 0,
                                                abs((report.day - p.day).days)), default=None)
        if package is None:
            package = Package(report.donor, report.recipient)
            packages.append(package)
        package.combined = package.combined or report.role == "combined"
        package.reports.append(report)
        package_of[report.id] = package
    _authorities(packages, authorities)
    _combined_across(packages)
    for part_id, whole_id in whole_of.items():
        part, whole = package_of.get(part_id), package_of.get(whole_id)
        if part is None or whole is None or part is whole or part.parent is not None:
            continue
        part.parent = whole
        whole.components.append(part)
    _parts_completed(packages)
    _drawdowns_of_announcements(packages)
    for package in packages:
        package.reports.sort(key=lambda r: (r.day, r.id))
    return sorted(packages, key=lambda p: (p.day, p.first.id))
