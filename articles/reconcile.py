"""The ledger checks itself: for every running total a text states, the ledger's cumulative
sum of packages over the same donor, recipient and scope as of that day (the comparison is
articles/tagging/totals.py's ``check``). /aid/ draws it and lists the gaps; the review queue
holds every gap over 5 % with the packages it sums, so a curator finds the missed package or
the double count."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from articles.models import AidEntry, AidPackage, StatedTotal, TagStatus
from articles.tagging.totals import Check, Counted, Scope, check, opening_of, spoken

CHART_WIDTH, CHART_HEIGHT, MARGIN = 720, 240, 30


@dataclass
class Gap:
    total: StatedTotal
    result: Check
    # the scope begins more than a month before the first package the archive holds for the
    # pair ("since 2014" in an archive of 2021 on), or the archive holds none of the pair's
    # packages: the ledger cannot hold what it counts
    before_archive: bool = False
    # for such a total, the earliest total of the same scope stated on an earlier day: its
    # figure is the opening balance, and the check is that figure plus the packages since
    opening: StatedTotal | None = None

    @property
    def checkable(self) -> bool:
        """False for a total the archive cannot check: its scope begins before the archive
        and no earlier total of that scope gives an opening balance (it is one itself)."""
        return not self.before_archive or self.opening is not None

    @property
    def agrees(self) -> bool:
        return self.result.agrees(self.total.qualifier,
                                  spoken=spoken(self.total.mention.amount_text))

    @property
    def agrees_with_figure(self) -> bool:
        """Within 5 % of the stated figure itself, whatever its wording ("more than", "about")."""
        return abs(self.result.gap) <= Decimal("0.05")

    @property
    def carried(self) -> Decimal:
        """What the check sums from the archive's own packages (after the opening balance)."""
        return self.result.ledger - (self.opening.value_usd if self.opening else 0)

    @property
    def range_words(self) -> str:
        """What the ledger may hold where it differs from its figure ("$400 million to $700
        million"), else ""."""
        if not self.result.uncertain:
            return ""
        from articles.ledger import usd_words

        return f"{usd_words(self.result.low)} to {usd_words(self.result.high)}"

    @property
    def percent(self) -> str:
        return f"{self.result.gap * 100:+.1f} %"


def _counted(packages, visible: set[int]) -> list[Counted]:
    """A component counts inside its announcement only while that is counted too."""
    return [Counted(p.pk, p.announced_on,
                    p.counted_usd if p.parent_id is None
                    else (Decimal(0) if p.parent_id in visible or p.authority else p.value_usd),
                    p.value_usd, p.programme, component=p.parent_id in visible,
                    combined=p.has_parts, last_day=p.announced_until, authority=p.authority)
            for p in packages]


def counted_packages():
    """The packages the sums count: not rejected, not deliveries alone, and reported by at
    least one visible mention (a package whose every report a curator rejected is gone)."""
    mentions = AidEntry.objects.visible().filter(package=OuterRef("pk"))
    parts = AidPackage.objects.filter(parent=OuterRef("pk"))
    return (AidPackage.objects.visible().exclude(stage=AidEntry.Stage.DELIVERED)
            .filter(Exists(mentions)).annotate(has_parts=Exists(parts)))


def gaps(donors=(), recipients=()) -> list[Gap]:
    """Every visible stated total of the donors and recipients (all when empty), checked."""
    # each row shows its sentence, its amount marked, linked into its article: read with the
    # totals (not a query or two per row), the articles' texts left out
    totals = StatedTotal.objects.filter(mention__status__in=TagStatus.visible()).select_related(
        "donor", "recipient", "article__source", "mention", "mention__amount").defer(
        "article__body", "article__original", "article__search_vector")
    if donors:
        totals = totals.filter(donor__in=donors)
    if recipients:
        totals = totals.filter(recipient__in=recipients)
    totals = list(totals.order_by("as_of", "pk"))
    for t in totals:
        t.mention.article = t.article  # the same article
    pairs = {(t.donor_id, t.recipient_id) for t in totals}
    packages: dict[tuple, list[Counted]] = {pair: [] for pair in pairs}
    if pairs:
        rows = list(counted_packages().filter(
            Q(*[Q(donor_id=d, recipient_id=r) for d, r in pairs], _connector=Q.OR))
            .order_by("announced_on", "pk"))
        visible = {package.pk for package in rows}
        for package in rows:
            packages[(package.donor_id, package.recipient_id)].extend(
                _counted([package], visible))
    # the packages come by day: a pair's first is its first
    firsts = {key: pair[0].day if pair else None for key, pair in packages.items()}
    found, openings = [], {}
    for t in totals:
        pair = packages[(t.donor_id, t.recipient_id)]
        first = firsts[(t.donor_id, t.recipient_id)]
        scope = Scope(t.scope, t.since, t.programme, t.until)
        gap = Gap(t, check(t.value_usd, t.as_of, scope, pair),
                  before_archive=first is None or bool(t.since and (first - t.since).days > 30))
        if gap.before_archive:
            # one chain per span counted: a total with no scope stated that counts from the
            # inauguration joins those "since taking office"
            opening = openings.setdefault(
                (t.donor_id, t.recipient_id, t.since, t.programme, t.until), t)
            if opening.as_of < t.as_of:
                gap.opening = opening
                gap.result = carried_check(t, opening, scope, pair)
        found.append(gap)
    return found


def carried_check(total: StatedTotal, opening: StatedTotal, scope: Scope,
                  pair: list[Counted]) -> Check:
    """The opening total's figure plus the packages after its day, against ``total``: "$2.5
    billion since 2014" on 31 August 2021 and a $200 million package in December make $2.7
    billion on 21 January 2022. The ledger cannot hold what was given before the archive
    begins, but it can hold every package between two totals of the same scope."""
    after = Scope(scope.name, opening.as_of + dt.timedelta(days=1), scope.programme, scope.until)
    # the opening figure as its wording allows: "more than $400 million" may be $450 million
    balance = opening_of(opening.value_usd, opening.qualifier,
                         spoken=spoken(opening.mention.amount_text))
    return check(total.value_usd, total.as_of, after, pair, opening=balance)


def open_gaps() -> list[Gap]:
    """The gaps a curator should look at: totals the ledger can check and disagrees with
    (over 5 %)."""
    return [gap for gap in gaps() if gap.checkable and not gap.agrees]


def chart(donor, recipient, found: list[Gap]) -> dict | None:
    """Geometry for an inline SVG: the ledger's cumulative sum of the pair's packages (every
    package since the first) as a line, each stated total as a point, with the ledger's sum in
    that total's own scope marked beside it and joined to it by the gap."""
    rows = list(counted_packages().filter(donor=donor, recipient=recipient)
                .order_by("announced_on", "pk"))
    visible = {package.pk for package in rows}
    packages = [(c.day, c.counted) for c in _counted(rows, visible) if not c.component]
    points = [g for g in found if (g.total.donor_id, g.total.recipient_id)
              == (donor.pk, recipient.pk)]
    if not packages or not points:
        return None
    steps, running = [], Decimal(0)
    for day, value in packages:
        running += value
        steps.append((day, running))
    days = [d for d, _ in steps] + [g.total.as_of for g in points]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    peak = max([v for _, v in steps] + [g.total.value_usd for g in points]
               + [g.result.ledger for g in points]) or Decimal(1)

    def x(day) -> float:
        return round(MARGIN + (day - first).days / span * (CHART_WIDTH - 2 * MARGIN), 1)

    def y(value) -> float:
        return round(CHART_HEIGHT - MARGIN - float(value / peak) * (CHART_HEIGHT - 2 * MARGIN), 1)

    line, previous = [], Decimal(0)
    for day, value in steps:
        line += [f"{x(day)},{y(previous)}", f"{x(day)},{y(value)}"]
        previous = value
    line.append(f"{x(last)},{y(previous)}")
    from articles.ledger import usd_words

    marks = [{"x": x(g.total.as_of), "stated_y": y(g.total.value_usd), "ledger_y": y(g.result.ledger),
              "agrees": g.agrees or not g.checkable,
              "title": f"{g.total.as_of:%-d %b %Y}: the text states {usd_words(g.total.value_usd)} "
                       f"({g.total.get_scope_display().lower()}); the ledger sums "
                       f"{usd_words(g.result.ledger)} ({g.percent})"
                       + (f", and may hold {g.range_words}" if g.range_words else "")}
             for g in points]
    years = sorted({d.year for d in days})
    ticks = [{"x": x(max(first, first.replace(year=year, month=1, day=1))), "year": year}
             for year in years]
    levels = [{"y": y(peak * share), "label": usd_words(peak * share)}
              for share in (Decimal("0.5"), Decimal(1))]
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "line": " ".join(line), "marks": marks,
            "ticks": ticks, "levels": levels, "baseline": CHART_HEIGHT - MARGIN,
            "peak": usd_words(peak), "donor": donor, "recipient": recipient}
