"""The ledger's packages and stated totals, rebuilt from the aid mentions.

The reading is done by plain functions (articles/tagging/packages.py joins reports into
packages, articles/tagging/totals.py reads the scope of a running total); this module reads
the mentions the database holds, hands them over and stores what comes back. It runs at the
end of every import and re-tagging, and after a curator's decision on an aid mention or a
package, so the sums on /aid/ always count packages, never mentions.

Curators' decisions stay: a package a curator confirmed, rejected or edited keeps its status
and values, and the reports that make it up again are linked to it again; a rejected mention
reports nothing.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection, transaction

from articles.models import PACKAGE_ROLES, AidEntry, AidPackage, AidRole, StatedTotal, TagStatus
from articles.tagging.amounts import find_money
from articles.tagging.packages import Report, packages_from
from articles.tagging.totals import Scope, scope_of, unstated

REBUILD_LOCK = 7_301_015  # the advisory lock key of packages_rebuild


@dataclass
class Rebuilt:
    packages: int = 0
    totals: int = 0


def _reports() -> list[Report]:
    rows = AidEntry.objects.visible().filter(
        # drawdown authority ("appropriation") tells which drawdown is a ceiling
        role__in=(*PACKAGE_ROLES, AidRole.APPROPRIATION), value_usd__isnull=False,
    ).exclude(date__isnull=True).values_list(
        "pk", "article_id", "donor_id", "recipient_id", "value_usd", "date", "date_until",
        "role", "amount__qualifier", "programme", "ordinal", "stage", "part_of_id",
        "article__published_at")
    return [Report(id=pk, article_id=article, donor=donor, recipient=recipient, value=value,
                   day=day, last_day=until if until and until > day else None, role=role,
                   qualifier=qualifier or "exact", programme=programme, ordinal=ordinal,
                   stage=stage, part_of=part_of,
                   published=published.date() if published else None)
            for pk, article, donor, recipient, value, day, until, role, qualifier, programme,
            ordinal, stage, part_of, published in rows]


def _is_curated(row: AidPackage) -> bool:
    return row.status != TagStatus.SUGGESTED or row.edited_by_curator


@transaction.atomic
def packages_rebuild() -> Rebuilt:
    """Join the visible mentions into packages again and re-read the stated totals. One at a
    time (an import's rebuild and a curator's click wait for each other)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REBUILD_LOCK])
    found = packages_from(_reports())
    previous = dict(AidEntry.objects.filter(package__isnull=False)
                    .values_list("pk", "package_id"))
    existing = {p.pk: p for p in AidPackage.objects.all()}
    events = dict(AidEntry.objects.filter(event__isnull=False).values_list("pk", "event_id"))
    days = dict(AidEntry.objects.filter(event__isnull=False).values_list("pk", "date"))
    taken: set[int] = set()
    stored: dict[int, AidPackage] = {}  # id(found package) -> row
    mention_package: dict[int, int] = {}
    for package in found:
        votes = Counter(previous[r.id] for r in package.reports if r.id in previous)
        # a package a curator decided on is the one its reports keep, before any other
        candidates = sorted((pk for pk in votes if pk in existing),
                            key=lambda pk: (not _is_curated(existing[pk]), -votes[pk], pk))
        row = next((existing[pk] for pk in candidates if pk not in taken), None)
        if row is None:
            row = AidPackage(donor_id=package.donor, recipient_id=package.recipient)
            # reports of a package a curator rejected do not come back as a new suggestion
            if any(existing[pk].status == TagStatus.REJECTED for pk in candidates):
                row.status = TagStatus.REJECTED
        if not row.edited_by_curator:
            row.donor_id, row.recipient_id = package.donor, package.recipient
            # a combined announcement has no programme of its own: its parts have theirs
            row.programme = "" if package.components else package.programme
            row.ordinal = package.ordinal
            row.announced_on, row.value_usd = package.day, package.value
            row.announced_until = package.last_day
            row.stage = package.stage
            row.authority = package.authority
        curated_value = row.edited_by_curator and package.parent is None and not package.components
        row.counted_usd = row.value_usd if curated_value else package.counted
        with_events = sorted((days[r.id], r.id) for r in package.reports if r.id in events)
        row.event_id = events[with_events[0][1]] if with_events else None
        if not row.edited_by_curator:
            row.parent = None
        row.save()
        taken.add(row.pk)
        stored[id(package)] = row
        for report in package.reports:
            mention_package[report.id] = row.pk
    for package in found:
        row = stored[id(package)]
        if package.parent is not None and not row.edited_by_curator:
            row.parent = stored[id(package.parent)]
            row.save(update_fields=["parent"])
    _link_mentions(mention_package)
    _roles_from_packages(found)
    gone = [pk for pk, row in existing.items() if pk not in taken
            and row.status == TagStatus.SUGGESTED and not row.edited_by_curator]
    AidPackage.objects.filter(pk__in=gone).delete()
    return Rebuilt(packages=len(found), totals=_totals_rebuild())


def _link_mentions(mention_package: dict[int, int]) -> None:
    stale = AidEntry.objects.exclude(pk__in=list(mention_package)).filter(package__isnull=False)
    stale.update(package=None)
    by_package: dict[int, list[int]] = {}
    for mention, package in mention_package.items():
        by_package.setdefault(package, []).append(mention)
    for package, mentions in by_package.items():
        AidEntry.objects.filter(pk__in=mentions).exclude(package_id=package).update(
            package_id=package)


def _roles_from_packages(found) -> None:
    """A figure found to be the sum of others in its article (packages.roles_in_article) is
    stored as the combined announcement, the others as its components."""
    for package in found:
        for report in package.reports:
            if report.role in (AidRole.COMBINED, AidRole.COMPONENT):
                AidEntry.objects.filter(pk=report.id, status=TagStatus.SUGGESTED).exclude(
                    role=report.role, part_of_id=report.part_of).update(
                    role=report.role, part_of_id=report.part_of)


def _totals_rebuild() -> int:
    """One StatedTotal for each visible running-total mention, with its scope."""
    StatedTotal.objects.all().delete()
    # a total of what was delivered ("we've delivered $300 million over the last two weeks")
    # measures deliveries, which the ledger does not count: it is no check of the packages
    rows = AidEntry.objects.visible().filter(role=AidRole.TOTAL, value_usd__isnull=False)\
        .exclude(stage=AidEntry.Stage.DELIVERED).select_related("amount", "article", "donor")
    totals = []
    for mention in rows:
        as_of = mention.date or (mention.article.published_at.date()
                                 if mention.article.published_at else None)
        if as_of is None:
            continue
        before, after = _clauses(mention)
        scope = scope_of(after, as_of)
        if scope.name == "unscoped":
            scope = scope_of(before, as_of, nearest_end=True)
            scope = Scope(scope.name, scope.since, scope.programme or
                          scope_of(after, as_of).programme, scope.until)
        scope = unstated(scope, mention.donor.slug, as_of)
        totals.append(StatedTotal(
            mention=mention, article_id=mention.article_id, donor_id=mention.donor_id,
            recipient_id=mention.recipient_id, value_usd=mention.value_usd,
            qualifier=mention.amount.qualifier if mention.amount else "", as_of=as_of,
            scope=scope.name, since=scope.since, until=scope.until, programme=scope.programme))
    StatedTotal.objects.bulk_create(totals)
    return len(totals)


# how close a figure said again must follow to be the same figure corrected or repeated
RESAID_WITHIN = 80


def _clauses(mention: AidEntry) -> tuple[str, str]:
    """The words a total's scope is read from: its clause before the figure (back to the
    previous figure or semicolon) and after it (up to the next): "In the last year alone, we
    committed $650 million ...; in total, since 2014, we've committed $2.7 billion" gives
    the first figure a year and the second everything since 2014; in "$1 billion in just the
    past week, and a total of $2 billion since the start of the Biden Administration" each
    figure has its own. The words after the figure are read first. A figure said again a few
    words later ("$400 billion — $400 million, sorry — $400 million in security assistance
    that we've committed to Ukraine this year") is read where it is said last."""
    sentence = mention.sentence
    at = -1
    if mention.amount is not None and mention.amount_text:
        # where the figure is (a sentence may say it twice: "$400 million, sorry — $400 million
        # ... this year")
        offset = mention.amount.start - mention.start
        if sentence[offset:offset + len(mention.amount_text)] == mention.amount_text:
            at = offset
    if at == -1:
        at = sentence.find(mention.amount_text) if mention.amount_text else -1
    if at == -1:
        return sentence, ""
    again = sentence.find(mention.amount_text, at + 1)
    while again != -1 and again - at <= RESAID_WITHIN:
        at, again = again, sentence.find(mention.amount_text, again + 1)
    after = at + len(mention.amount_text)
    figures = find_money(sentence)
    following = [m.start for m in figures if m.start >= after] + [len(sentence)]
    semicolon = sentence.find(";", after)
    end = min(following[0], semicolon if semicolon != -1 else len(sentence))
    start = max([m.end for m in figures if m.end <= at] + [sentence.rfind(";", 0, at) + 1])
    return sentence[start:at], sentence[after:end]
