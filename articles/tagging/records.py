"""Writing an article's events and aid ledger rows, curator decisions kept.

As with actor tags and amounts: what the tagger finds is written as `suggested`; a row a
curator confirmed or rejected (or added) survives every re-tagging untouched, and a
rejected one is never suggested again; suggested rows the tagger no longer finds go.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.text import slugify

from articles.models import (
    Actor,
    AidEntry,
    Amount,
    Article,
    ArticleEvent,
    Event,
    EventParticipant,
    Source,
    TagOrigin,
    TagStatus,
)
from articles.tagging.confidence import ledger_confidence
from articles.tagging.dates import held_day
from articles.tagging.events import (
    Archive,
    EventMention,
    RuleEvent,
    archive_current,
    counterpart_of,
    find_rule_events,
    finder_current,
    run_current,
)
from articles.tagging.ledger import AidFinding, Facts, find_aid
from articles.tagging.text import Sentences

# Two rows of the same donor, recipient and value this many days apart are one package.
SAME_PACKAGE_DAYS = 10

# "Tomorrow", "on Tuesday" are said on the source's calendar. The archive's sources write
# from Washington, and a briefing published at 8:13 pm there is stored as 00:13 UTC the next
# day: times are read in this zone (dates given as a day are taken as they are).
NEWSROOM_TIME_ZONE = zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)

_facts: dict = {}


def source_slug_of(article: Article) -> str:
    """The source's slug, without a query per article when re-tagging many."""
    if not article.source_id:
        return ""
    if article.source_id not in _facts.setdefault("sources", {}):
        _facts["sources"] = dict(Source.objects.values_list("pk", "slug"))
    return _facts["sources"].get(article.source_id, "")


def article_day(article) -> dt.date | None:
    """The day the article's "today" is, as its writers' calendar shows it: the day it was
    published, or for a transcript the day it was held (dates.held_day). ``article``: an
    Article, or an importer's Record before it is stored."""
    if article.published_at is None:
        return None
    if article.date_precision == Article.DatePrecision.TIME:
        return held_day(article.published_at, title=article.title, body=article.body,
                        zone=NEWSROOM_TIME_ZONE, modified=_modified(article))
    return article.published_at.date()


def held_apart(article) -> dt.date | None:
    """The day a transcript was held, where it is not the day it was published (a briefing
    posted the next morning); None otherwise."""
    if article.published_at is None or article.date_precision != Article.DatePrecision.TIME:
        return None
    held = article_day(article)
    return held if held != article.published_at.astimezone(NEWSROOM_TIME_ZONE).date() else None


def _modified(article) -> dt.datetime | None:
    """When the article's page was last modified, where its source says (the White House's
    front matter keeps ``modified_time``, an ISO time with its offset)."""
    value = (article.extra or {}).get("modified_time")
    try:
        modified = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return modified if modified is not None and modified.tzinfo is not None else None


def facts_for(matcher) -> Facts:
    """The actor facts matching ``matcher`` (built from the same rows, once per matcher)."""
    if _facts.get("matcher") is not matcher:
        _facts["facts"] = Facts.from_database()
        _facts["matcher"] = matcher
    return _facts["facts"]


@dataclass
class Pending:
    """What one article's events and ledger rows will be, before they are written."""

    article: Article
    events: list[tuple[int, str]] = field(default_factory=list)  # (event id, sentence)
    aid: list[tuple[AidFinding, Amount | None]] = field(default_factory=list)


@dataclass
class Found:
    """What one text says of events and aid, before anything is written."""

    named: list[EventMention]  # gazetteer events, at each mention
    ruled: list[RuleEvent]  # calls, visits, attacks
    aid: list[AidFinding]


def events_and_aid_in(text: str, *, base: dt.date | None, sentences: Sentences, mentions: list,
                      money: list, usd: list, facts: Facts, source_slug: str,
                      every: bool = False, archive: Archive | None = None,
                      unanswered: list | None = None) -> Found:
    """The events and ledger rows of one text. ``every``: each rule event at every mention and
    each aid amount as its own row, as the evaluation scores passages; otherwise each once.
    ``archive``, ``unanswered``: the calls and attacks already dated (events.Archive), and
    the prefixes of those said without a day it could not date (find_rule_events)."""
    named = finder_current().find(text, base=base, sentences=sentences, every=True,
                                  countries=[m for m in mentions if m.kind == "country"])
    ruled = find_rule_events(text, base=base, sentences=sentences, mentions=mentions, every=every,
                             named={sentences.around(m.start)[0] for m in named}, archive=archive,
                             unanswered=unanswered, principal=facts.in_office_on(base))
    aid = find_aid(text=text, sentences=sentences, mentions=mentions, money=money, usd=usd,
                   base=base, facts=facts, source_slug=source_slug, merge=not every)
    return Found(named, ruled, aid)


def events_and_ledger_find(*, article: Article, sentences: Sentences, mentions: list, money: list,
                           amounts: list, matcher) -> Pending:
    """``amounts``: the Amount row (saved or not) of each item of ``money``, or None."""
    pending = Pending(article=article)
    base, archive, unanswered = article_day(article), archive_current(), []
    found = events_and_aid_in(
        article.body, base=base, sentences=sentences, mentions=mentions,
        money=money, usd=[amount.value_usd if amount is not None else None for amount in amounts],
        facts=facts_for(matcher), source_slug=source_slug_of(article), archive=archive,
        unanswered=unanswered)
    run = run_current()
    if run is not None:  # what later articles of the run may speak of without its day
        archive.remember(found.ruled)
        run.wait(article.pk, unanswered, base)
    first = {}
    for mention in found.named:
        first.setdefault(mention.event_id, mention.sentence)
    pending.events = list(first.items())
    for rule_event in found.ruled:
        event_id = _rule_event_id(rule_event)
        if event_id is not None:
            pending.events.append((event_id, rule_event.sentence))
    by_money = {id(item): amount for item, amount in zip(money, amounts, strict=True)}
    pending.aid = [(finding, by_money.get(id(finding.money))) for finding in found.aid]
    return pending


def _rule_event_id(found) -> int | None:
    """The event a rule found (a call, a visit), made once as a suggestion; None when a
    curator rejected it."""
    event, created = Event.objects.get_or_create(slug=found.slug, defaults={
        "name": found.name, "kind": found.kind, "place": found.place, "start_date": found.day,
        "end_date": found.last or found.day, "status": TagStatus.SUGGESTED, "origin": TagOrigin.TAGGER,
        "description": f"Found by the tagger in: “{found.sentence[:300]}”",
        "attributes": {"assumed": True} if found.assumed else {},
    })
    if created:
        _participants_add(event)
    if not created and not found.assumed and event.attributes.get("assumed"):
        # a call put on an article's day that another report dates on that day
        event.attributes = {k: v for k, v in event.attributes.items() if k != "assumed"}
        event.save(update_fields=["attributes"])
    return None if event.status == TagStatus.REJECTED else event.pk


def _participants_add(event: Event) -> None:
    """Whom or where a call, visit or attack the rules made involves (its slug names them),
    where the archive knows that actor (a merged one's survivor)."""
    found = counterpart_of(event.kind, event.slug)
    if found is None:
        return
    role, slug = found
    actor = Actor.objects.filter(slug=slug).exclude(status=TagStatus.REJECTED).first()
    if actor is None:
        return
    if actor.merged_into_id:
        actor = actor.merged_into
    EventParticipant.objects.get_or_create(event=event, actor=actor, role=role)


def events_and_ledger_write(pendings: list[Pending]) -> None:
    """The bulk path: write the events and rows of articles that have none yet."""
    for pending in pendings:
        events_and_ledger_apply(pending, new=True)


def events_and_ledger_apply(pending: Pending, *, new: bool) -> tuple[int, int]:
    """Write one article's event tags and ledger rows; returns how many of each it has."""
    article = pending.article
    entries = _apply_ledger(article, pending.aid, new)
    found = dict(pending.events)
    for entry, sentence in entries:
        if entry.event_id and entry.event_id not in found:
            found[entry.event_id] = sentence
    return _apply_event_tags(article, found, new), len(entries)


def _apply_event_tags(article: Article, found: dict[int, str], new: bool) -> int:
    existing = {} if new else {tag.event_id: tag for tag in article.event_tags.all()}
    to_create = []
    for event_id, sentence in found.items():
        tag = existing.pop(event_id, None)
        if tag is None:
            to_create.append(ArticleEvent(article=article, event_id=event_id, sentence=sentence))
        elif tag.status == TagStatus.SUGGESTED and tag.sentence != sentence:
            tag.sentence = sentence
            tag.save(update_fields=["sentence"])
    ArticleEvent.objects.bulk_create(to_create)
    stale = [tag.pk for tag in existing.values()
             if tag.status == TagStatus.SUGGESTED and tag.origin == TagOrigin.TAGGER]
    if stale:
        ArticleEvent.objects.filter(pk__in=stale).delete()
    return len(found) + len(existing) - len(stale)


def _apply_ledger(article: Article, found: list[tuple[AidFinding, Amount | None]],
                  new: bool) -> list[tuple[AidEntry, str]]:
    existing = [] if new else list(article.aid_entries.all())
    by_key = {(e.kind, e.donor_id, e.recipient_id, e.value_usd): e for e in existing}
    kept, to_create, equipment, events, entry_of = [], [], {}, {}, {}
    for finding, amount in found:
        entry = by_key.pop(finding.key, None)
        if entry is not None:
            entry_of[id(finding)] = entry
        if entry is not None and (entry.status != TagStatus.SUGGESTED
                                  or entry.origin != TagOrigin.TAGGER):
            kept.append(entry)  # a curator's decision: left exactly as it is
            continue
        values = _entry_values(finding, amount, events)
        if entry is None:
            entry = AidEntry(article=article, **values)
            to_create.append(entry)
        else:
            for name, value in values.items():
                setattr(entry, name, value)
            entry.save()
        entry_of[id(finding)] = entry
        equipment[id(entry)] = finding.equipment
        kept.append(entry)
    AidEntry.objects.bulk_create(to_create)
    _link_parts(found, entry_of)
    through = AidEntry.equipment.through
    refreshed = [e for e in kept if id(e) in equipment]
    if refreshed and not new:
        through.objects.filter(aidentry__in=[e.pk for e in refreshed]).delete()
    through.objects.bulk_create([through(aidentry_id=entry.pk, actor_id=actor_id)
                                 for entry in refreshed for actor_id in equipment[id(entry)]])
    stale = [e.pk for e in by_key.values()
             if e.status == TagStatus.SUGGESTED and e.origin == TagOrigin.TAGGER]
    if stale:
        AidEntry.objects.filter(pk__in=stale).delete()
    kept += [e for e in by_key.values() if e.pk not in stale]
    return [(entry, entry.sentence) for entry in kept
            if entry.event_id and entry.status != TagStatus.REJECTED]


def _link_parts(found: list[tuple[AidFinding, Amount | None]], entry_of: dict) -> None:
    """A part's row points at its whole's ("including $2.85 billion" in "over $3 billion")."""
    changed = []
    for finding, _ in found:
        entry = entry_of.get(id(finding))
        whole = entry_of.get(id(finding.part_of)) if finding.part_of is not None else None
        if entry is None or entry.status != TagStatus.SUGGESTED or entry.origin != TagOrigin.TAGGER:
            continue
        whole_id = whole.pk if whole is not None else None
        if entry.part_of_id != whole_id:
            entry.part_of_id = whole_id
            changed.append(entry)
    if changed:
        AidEntry.objects.bulk_update(changed, ["part_of"])


def _entry_values(finding: AidFinding, amount: Amount | None, events: dict) -> dict:
    """``events``: the aid announcement event of each finding written so far (a part of a
    package joins its whole's event, so the sums count them once)."""
    if finding.kind != AidEntry.Kind.PACKAGE or finding.read_as in ("request", "appropriation"):
        event = None
    elif finding.part_of is not None and id(finding.part_of) in events:
        event = events[id(finding.part_of)]
    else:
        # a reference joins the announcement it speaks of, and never makes one
        event = _package_event(finding, create=finding.read_as != "reference")
    events[id(finding)] = event
    return {
        "donor_id": finding.donor_id, "recipient_id": finding.recipient_id,
        "amount": amount if amount is not None and amount.pk else None,
        "value_usd": finding.value_usd, "amount_text": finding.money.text[:200],
        "programme": finding.programme, "date": finding.date,
        "date_until": finding.date_until, "stage": finding.stage,
        "kind": finding.kind, "role": finding.role, "ordinal": finding.ordinal,
        "sentence": finding.sentence, "start": finding.start, "end": finding.end, "event": event,
        "confidence": (sure := ledger_confidence(finding.cues)).value, "reasons": sure.as_json(),
    }


def _package_event(finding: AidFinding, *, create: bool = True) -> Event | None:
    """The aid announcement event of a package: the one of the same donor, recipient and
    value (see _same_value) within SAME_PACKAGE_DAYS, or a new suggested one. None when a
    curator rejected it."""
    if finding.date is None:
        return None
    window = dt.timedelta(days=SAME_PACKAGE_DAYS)
    value = str(finding.value_usd.quantize(Decimal("1")))
    approximate = finding.money.qualifier != "exact"
    near = Event.objects.filter(
        kind=Event.Kind.AID_ANNOUNCEMENT, attributes__donor=finding.donor_id,
        attributes__recipient=finding.recipient_id,
        start_date__range=(finding.date - (window if create else dt.timedelta(days=120)),
                           finding.date + window),
    ).order_by("-start_date" if not create else "start_date")
    same = next((event for event in near if _same_value(
        finding.value_usd, Decimal(event.attributes["value_usd"]),
        approximate or event.attributes.get("approximate", False))), None)
    if same is not None:
        if same.status == TagStatus.REJECTED:
            return None
        if create and finding.date < same.start_date and not same.edited_by_curator:
            same.start_date = same.end_date = finding.date  # the earliest report names the day
            same.save(update_fields=["start_date", "end_date"])
        return same
    if not create:
        return None
    names = dict(Actor.objects.filter(pk__in=[finding.donor_id, finding.recipient_id])
                 .values_list("pk", "name"))
    donor, recipient = names.get(finding.donor_id, "?"), names.get(finding.recipient_id, "?")
    short = _short_usd(finding.value_usd)
    millions = (finding.value_usd / Decimal(10) ** 6).quantize(Decimal("1"))
    slug = slugify(f"{donor} {recipient} aid {millions}m {finding.date:%Y-%m-%d}")[:190]
    while Event.objects.filter(slug=slug).exists():
        slug = f"{slug[:185]}-{Event.objects.filter(slug__startswith=slug).count() + 1}"
    event = Event.objects.create(
        name=f"{donor}: {short} aid package for {recipient}", slug=slug,
        kind=Event.Kind.AID_ANNOUNCEMENT, start_date=finding.date, end_date=finding.date,
        status=TagStatus.SUGGESTED, origin=TagOrigin.TAGGER,
        attributes={"donor": finding.donor_id, "recipient": finding.recipient_id,
                    "value_usd": value, "approximate": approximate},
        description=f"Found by the tagger in: “{finding.sentence[:300]}”",
    )
    EventParticipant.objects.bulk_create([
        EventParticipant(event=event, actor_id=finding.donor_id, role="donor"),
        EventParticipant(event=event, actor_id=finding.recipient_id, role="recipient")])
    return event


def _same_value(one: Decimal, other: Decimal, approximate: bool) -> bool:
    """The same package's value as two reports give it: equal, or rounded ("$3 billion" for
    $2.98 billion, within 2 %), or, where either is approximate ("about 2 billion", "nearly $2
    billion" for $1.85 billion), within 10 %."""
    if one == other:
        return True
    return abs(one - other) <= max(one, other) * (Decimal("0.10") if approximate else Decimal("0.02"))


def _short_usd(value: Decimal) -> str:
    """$2.3 billion, $800 million."""
    for size, word in ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
                       (Decimal(10) ** 6, "million")):
        if value >= size:
            return f"${(value / size).normalize():f} {word}"
    return f"${value:,.0f}"


def events_prune() -> int:
    """Delete the events the tagger made (aid announcements, calls, visits) that no article
    names any more and no curator touched; returns how many."""
    orphans = Event.objects.filter(
        kind__in=[Event.Kind.AID_ANNOUNCEMENT, Event.Kind.CALL, Event.Kind.VISIT],
        origin=TagOrigin.TAGGER, status=TagStatus.SUGGESTED, edited_by_curator=False,
        article_tags__isnull=True, aid_entries__isnull=True,
    ).exclude(attributes__has_key="gazetteer")
    return orphans.delete()[1].get("articles.Event", 0)
