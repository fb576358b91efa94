"""Tagging: the actors, new people, amounts of money, events and aid ledger rows in an
article's text.

``tags_apply`` writes what the tagger finds as `suggested` tags and never overrides a
curator: confirmed and rejected tags, and tags a curator added, survive every re-tagging;
a rejected tag is never suggested again, a confirmed one never dropped. The same holds for
event tags and aid ledger rows (articles/tagging/records.py).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.utils.text import slugify

from articles.models import Actor, ActorAlias, Amount, Article, ArticleActor, TagOrigin, TagStatus
from articles.tagging.amounts import corrected_in, find_money, in_local_dollars, to_usd
from articles.tagging.confidence import Confidence, Seen, amount_confidence, confidence_of
from articles.tagging.events import run_current
from articles.tagging.matcher import Matcher, Mention
from articles.tagging.people import bylines_of, people_found, title_people_found
from articles.tagging.records import (
    Pending,
    events_and_ledger_apply,
    events_and_ledger_find,
    events_prune,
    facts_for,
    source_slug_of,
)
from articles.tagging.text import Sentences

_cache: dict = {}


def matcher_current() -> Matcher:
    """The matcher for the actors in the database, rebuilt only when they have changed."""
    version = (
        Actor.objects.aggregate(n=Count("id"), changed=Max("updated_at")),
        ActorAlias.objects.aggregate(n=Count("id"), last=Max("id")),
    )
    if _cache.get("version") != version:
        _cache["matcher"] = Matcher.from_database()
        _cache["version"] = version
    return _cache["matcher"]


@dataclass
class TagResult:
    actors: int = 0
    amounts: int = 0
    proposed: int = 0
    events: int = 0
    aid_entries: int = 0


def tags_apply(*, article: Article, matcher: Matcher, new: bool = False) -> TagResult:
    """Tag ``article`` from its body; see the module docstring for what is kept.

    ``new``: the article was just created and has no tags yet (saves two queries).
    """
    text = article.body
    sentences = Sentences(text)
    mentions, proposed = _people(text, article, matcher)
    titled = _title_people(article, matcher, mentions + proposed)
    actors = _apply_actor_tags(article, mentions + proposed + titled, sentences, new,
                               title=article.title, matcher=matcher)
    money = _money_of(article, matcher)
    amounts, by_span = _apply_amounts(article, sentences, money, new)
    pending = events_and_ledger_find(article=article, sentences=sentences,
                                     mentions=mentions + proposed, money=money,
                                     amounts=[by_span.get((m.start, m.end)) for m in money],
                                     matcher=matcher)
    events, aid_entries = events_and_ledger_apply(pending, new=new)
    if run_current() is None:
        # one article tagged on its own: its reports join the packages now (a run, such as an
        # import, rebuilds them once at its end)
        from articles.packages import packages_rebuild

        packages_rebuild()
    return TagResult(actors=actors, amounts=amounts, proposed=len(proposed), events=events,
                     aid_entries=aid_entries)


def tags_second_look(matcher: Matcher) -> int:
    """At the end of a run (events.tagging_run): re-tag the articles that spoke of a call or an
    attack without its day before the run read the report that dates it; returns how many."""
    run = run_current()
    if run is None:
        return 0
    ready, run.waiting = run.ready(), {}
    for article in Article.objects.filter(pk__in=ready).defer("original").order_by("pk"):
        with transaction.atomic():
            tags_apply(article=article, matcher=matcher)
    if ready:
        events_prune()  # the calls they were put on for want of a day, if nothing else names them
    return len(ready)


def tags_new(*, article: Article, matcher: Matcher, actors: dict) -> tuple[list, list, Pending]:
    """Unsaved ArticleActor and Amount rows for an article that has no tags yet, for writing
    many articles at once, and its events and ledger rows, which ``events_and_ledger_write``
    writes once the amounts are saved. ``actors`` caches proposed people by slug across
    articles."""
    text = article.body
    sentences = Sentences(text)
    mentions, proposed = _people(text, article, matcher, actors)
    mentions += proposed
    found: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions + _title_people(article, matcher, mentions, actors):
        found[mention.actor_id].append(mention)
    actor_tags = []
    for actor_id, group in found.items():
        sure = tag_confidence(actor_id, group, matcher, text)
        actor_tags.append(ArticleActor(
            article=article, actor_id=actor_id, mention_count=len(group),
            offsets=_offsets(group), evidence=_evidence(group, sentences, article.title),
            confidence=sure.value, reasons=sure.as_json(), certain=sure.certain))
    year = article.published_at.year if article.published_at else None
    money = _money_of(article, matcher)
    corrected = corrected_in(text, money)
    amounts = [Amount(article=article, **_amount_values(item, year, sentences, id(item) in corrected))
               for item in money]
    pending = events_and_ledger_find(article=article, sentences=sentences, mentions=mentions,
                                     money=money, amounts=amounts, matcher=matcher)
    return actor_tags, amounts, pending


def _money_of(article: Article, matcher: Matcher) -> list:
    """The article's money, a bare "$" read in its newsroom's dollar (``in_local_dollars``)."""
    return in_local_dollars(find_money(article.body),
                            facts_for(matcher).newsroom_dollar(source_slug_of(article)))


def _amount_values(money, year, sentences, corrected: bool = False) -> dict:
    sure = amount_confidence(money.text, corrected=corrected)
    return {
        "confidence": sure.value, "reasons": sure.as_json(), "certain": sure.certain,
        "value": money.value, "value_max": money.value_max, "currency": money.currency,
        "value_usd": to_usd(money.value, money.currency, year), "qualifier": money.qualifier,
        "raw_text": money.text[:200], "start": money.start, "end": money.end,
        "sentence": sentences.sentence(money.start),
    }


def _people(text: str, article: Article, matcher: Matcher, cache: dict | None = None):
    """The gazetteer's mentions in ``text`` and the people found beside them, as mentions of
    proposed actors (created here when new). The article's bylines are neither; an official
    named with a role as its author ("Ned Price, Department Spokesperson") is a person of it."""
    bylines = bylines_of([*article.authors, *article.editors], text)
    mentions = matcher.find(text, authors=bylines)
    mentions, proposals = people_found(text, mentions, bylines, matcher.person_keys)
    return mentions, _proposed_people(proposals, cache)


def _title_people(article: Article, matcher: Matcher, in_body: list[Mention],
                  cache: dict | None = None) -> list[Mention]:
    """The people the title names ("Remarks by President Biden and President Zelenskyy",
    "Secretary Blinken and Indonesian Foreign Minister Retno Marsudi Before Their Meeting"),
    as mentions with no place in the body (start -1): a transcript's body may only say "THE
    PRESIDENT:", a readout may name its guest in the title alone. Titles are written in title
    case ("Counselor Chollet’s Trip"), so a new name is proposed from one only after a role
    (people.title_people_found). A person the body names is counted there only."""
    title = article.title or ""
    if not title:
        return []
    mentions, proposals = title_people_found(title, matcher.find(title), matcher.person_keys)
    named = {m.actor_id for m in in_body}
    found = [m for m in mentions if m.kind == "person"] + _proposed_people(proposals, cache)
    return [Mention(m.actor_id, m.slug, "person", -1, -1, m.text)
            for m in found if m.actor_id not in named]


def tag_confidence(actor_id: int, group: list[Mention], matcher: Matcher,
                   text: str) -> Confidence:
    """How sure the tag of ``actor_id`` is from its mentions ``group`` in ``text``
    (tagging/confidence.py). An actor the matcher does not know is a person it proposed."""
    name, kind = matcher.names.get(actor_id, (group[0].text, "person"))
    seen = [Seen(m.text, after=text[m.end:m.end + 12] if m.start >= 0 else "",
                 before=text[max(0, m.start - 16):m.start] if m.start >= 0 else "",
                 via_surname=m.via_surname, in_title_only=m.start < 0) for m in group]
    return confidence_of(seen, name=name, kind=kind, proposed=actor_id not in matcher.names,
                         territory=actor_id in matcher.territories)


def _offsets(group: list[Mention]) -> list[list[int]]:
    return [[m.start, m.end] for m in group if m.start >= 0]


def _evidence(group: list[Mention], sentences: Sentences, title: str) -> str:
    """The sentence of the first mention in the body, or the title for a title's person."""
    in_body = [m for m in group if m.start >= 0]
    return sentences.sentence(in_body[0].start) if in_body else title[:1000]


def _proposed_people(proposals, cache: dict | None = None) -> list[Mention]:
    cache = {} if cache is None else cache
    # one slug per name key: "Jennifer R. Littlejohn" and "Jennifer Littlejohn" are one
    slugs = [slugify(proposal.key)[:200] for proposal in proposals]
    missing = set(slugs) - set(cache)
    if missing:  # the article's people the archive already has, in one query
        for found in Actor.objects.filter(slug__in=missing).select_related("merged_into"):
            # A name a curator merged into another actor is that actor from now on.
            cache[found.slug] = found.merged_into or found
    proposed = []
    for proposal, slug in zip(proposals, slugs, strict=True):
        if slug not in cache:
            role = f"“{proposal.title} {proposal.name}”" if proposal.title else f"“{proposal.name}”"
            cache[slug] = Actor.objects.create(
                name=proposal.name, slug=slug, kind=Actor.Kind.PERSON, status=TagStatus.SUGGESTED,
                description=f"Proposed by the tagger from {role}.",
            )
        actor = cache[slug]
        if actor.status == TagStatus.REJECTED or actor.kind != Actor.Kind.PERSON:
            continue
        proposed.append(Mention(actor.pk, actor.slug, "person", proposal.start, proposal.end,
                                proposal.name))
    return proposed


def _apply_actor_tags(article: Article, mentions: list[Mention], sentences: Sentences,
                      new: bool, title: str = "", *, matcher: Matcher) -> int:
    """Write the actor tags; returns how many the article has."""
    found: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        found[mention.actor_id].append(mention)
    existing = {} if new else {tag.actor_id: tag for tag in article.actor_tags.all()}
    to_create, to_update = [], []
    for actor_id, group in found.items():
        values = {"mention_count": len(group), "offsets": _offsets(group),
                  "evidence": _evidence(group, sentences, title)}
        sure = tag_confidence(actor_id, group, matcher, article.body)
        values.update(confidence=sure.value, reasons=sure.as_json(), certain=sure.certain)
        tag = existing.pop(actor_id, None)
        if tag is None:
            to_create.append(ArticleActor(article=article, actor_id=actor_id, **values,
                                          status=TagStatus.SUGGESTED, origin=TagOrigin.TAGGER))
        elif any(getattr(tag, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(tag, field, value)
            to_update.append(tag)
    if to_create:
        ArticleActor.objects.bulk_create(to_create)
    if to_update:
        ArticleActor.objects.bulk_update(to_update, list(_ACTOR_TAG_FIELDS))
    # What the tagger no longer finds goes, unless a curator decided on it (a confirmation of
    # the policy rested on the text that no longer says it).
    stale = [tag.pk for tag in existing.values()
             if tag.origin == TagOrigin.TAGGER and (tag.status == TagStatus.SUGGESTED or (
                 tag.status == TagStatus.CONFIRMED and tag.policy_run_id))]
    if stale:
        ArticleActor.objects.filter(pk__in=stale).delete()
    outdated = [tag.pk for tag in existing.values() if tag.pk not in stale and tag.offsets]
    if outdated:
        # Kept for the curator's sake, but their old offsets may no longer fit the text.
        ArticleActor.objects.filter(pk__in=outdated).update(offsets=[], mention_count=0)
    return len(found) + len(existing) - len(stale)


def _apply_amounts(article: Article, sentences: Sentences, money: list,
                   new: bool) -> tuple[int, dict]:
    """Write the amounts; returns how many the article has, and the rows by (start, end)."""
    year = article.published_at.year if article.published_at else None
    existing = [] if new else list(article.amounts.all())
    by_span = {(a.start, a.end): a for a in existing}
    by_text = {(a.raw_text, a.value): a for a in existing}
    kept, to_create, to_update = set(), [], []
    corrected = corrected_in(article.body, money)
    for item in money:
        values = _amount_values(item, year, sentences, id(item) in corrected)
        amount = by_span.get((item.start, item.end)) or by_text.get((item.text[:200], item.value))
        if amount is None or amount.pk in kept:
            to_create.append(Amount(article=article, **values))
            continue
        kept.add(amount.pk)
        if amount.origin == TagOrigin.CURATOR:
            # A curator corrected the figures: only where they stand in the text may move.
            values = {name: values[name] for name in ("start", "end", "sentence")}
        if any(getattr(amount, name) != value for name, value in values.items()):
            if amount.policy_run_id and any(getattr(amount, name) != values[name]
                                            for name in _AMOUNT_READING if name in values):
                # the policy confirmed another reading: this one is a suggestion again
                amount.status, amount.policy_run_id = TagStatus.SUGGESTED, None
            for name, value in values.items():
                setattr(amount, name, value)
            to_update.append(amount)
    # gone from the text: what nobody decided on (the policy is nobody)
    stale = [a.pk for a in existing if a.pk not in kept and a.origin == TagOrigin.TAGGER
             and (a.status == TagStatus.SUGGESTED or a.policy_run_id)]
    if stale:
        Amount.objects.filter(pk__in=stale).delete()
    if to_update:
        # Spans may swap between rows; the (article, start, end) constraint is checked at commit.
        Amount.objects.bulk_update(to_update, [*_AMOUNT_FIELDS, "status", "policy_run"])
    if to_create:
        Amount.objects.bulk_create(to_create)
    saved = {(a.start, a.end): a for a in [*existing, *to_create] if a.pk not in stale}
    return len(existing) - len(stale) + len(to_create), saved


_ACTOR_TAG_FIELDS = ("mention_count", "offsets", "evidence", "confidence", "reasons", "certain")
_AMOUNT_FIELDS = ("value", "value_max", "currency", "value_usd", "qualifier", "raw_text",
                  "start", "end", "sentence", "confidence", "reasons", "certain")
# what the policy confirmed of an amount: when the reading changes, the decision goes with it
_AMOUNT_READING = ("value", "value_max", "currency", "qualifier")
