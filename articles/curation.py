"""Curator decisions: tag statuses, actor merges, promotions, rejected names and aliases.

Every decision is written with its audit entry in one transaction, so the audit trail never
misses a decision and never records one that did not happen; retagging commits article by
article, each with its entry. ``undo`` reverses a
tag decision, a merge, a promotion or a name rejected everywhere from its audit entry.
"""

from django.contrib.postgres.search import SearchQuery
from django.db import transaction
from django.db.models import Q

from articles.models import (
    Actor,
    ActorAlias,
    ActorRedirect,
    AidEntry,
    AidPackage,
    Amount,
    Article,
    ArticleActor,
    ArticleEvent,
    AuditEntry,
    PolicyRun,
    TagOrigin,
    TagStatus,
)
from articles.packages import packages_rebuild

Action = AuditEntry.Action


class CannotUndo(Exception):
    """The entry cannot be undone (already undone, or changed since); the message says why."""


class TagKind:
    """A kind of tag curators decide on: its model, its name in the audit trail, and how one
    is described there."""

    def __init__(self, key, model, target, group_field, label_fields, label):
        self.key, self.model, self.target = key, model, target
        self.group_field = group_field  # what the review queue groups this kind by
        self.label_fields = label_fields
        self.label = label

    def rows(self, ids):
        return self.model.objects.filter(pk__in=ids)

    def permission(self) -> str:
        return f"articles.change_{self.model._meta.model_name}"


TAG_KINDS = {
    kind.key: kind
    for kind in (
        TagKind("actor", ArticleActor, "actor tag", "actor",
                ["actor_id", "actor__name", "article__title"],
                lambda r: f"{r['actor__name']} in “{r['article__title']}”"),
        TagKind("amount", Amount, "amount", None,
                ["raw_text", "article__title"],
                lambda r: f"{r['raw_text']} in “{r['article__title']}”"),
        TagKind("event", ArticleEvent, "event tag", "event",
                ["event__name", "article__title"],
                lambda r: f"{r['event__name']} in “{r['article__title']}”"),
        TagKind("aid", AidEntry, "aid entry", None,
                ["donor__name", "recipient__name", "amount_text", "article__title"],
                lambda r: f"{r['donor__name']} → {r['recipient__name']} "
                          f"{r['amount_text'] or ''} in “{r['article__title']}”"),
    )
}
TARGETS = {kind.target: kind for kind in TAG_KINDS.values()}

# The verbs of the confirm / reject buttons.
DECISIONS = {"confirm": TagStatus.CONFIRMED, "reject": TagStatus.REJECTED,
             "reset": TagStatus.SUGGESTED}

STATUS_ACTIONS = {
    TagStatus.CONFIRMED: Action.CONFIRM,
    TagStatus.REJECTED: Action.REJECT,
    TagStatus.SUGGESTED: Action.RESET,
}


def tag_kind_register(kind: TagKind) -> None:
    """Let another tag-like model (one with ``status`` and ``article``) into curation."""
    TAG_KINDS[kind.key] = kind
    TARGETS[kind.target] = kind


def _who(user) -> dict:
    if user is None or not user.pk:
        return {"user": None, "username": "system"}
    return {"user": user, "username": user.get_username()}


def count_of(n: int, noun: str) -> str:
    """For messages: 1 tag, 2 tags."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _short(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------- tag decisions


def tags_decide(user, kind: str, ids, status: str) -> int:
    """Give the tags ``ids`` of ``kind`` the ``status``; returns how many changed."""
    tag_kind = TAG_KINDS[kind]
    if status not in TagStatus.values:
        raise ValueError(f"status: {status!r} is not one of {', '.join(TagStatus.values)}")
    with transaction.atomic():
        rows = list(
            tag_kind.rows(ids).select_for_update(of=("self",)).exclude(status=status)
            .values("pk", "status", "article_id", *tag_kind.label_fields)
        )
        if not rows:
            return 0
        changes = {"status": status}
        if tag_kind.model in (ArticleActor, Amount):
            changes["policy_run"] = None  # a person's decision now, not the policy's
        tag_kind.model.objects.filter(pk__in=[r["pk"] for r in rows]).update(**changes)
        who = _who(user)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                action=STATUS_ACTIONS[status], target=tag_kind.target, target_id=row["pk"],
                article_id=row["article_id"], actor_id=row.get("actor_id"),
                summary=_short(f"{STATUS_ACTIONS[status].label}: {tag_kind.label(row)}"),
                before={"status": row["status"]}, after={"status": status}, **who,
            )
            for row in rows
        )
        if tag_kind.model is AidEntry:
            packages_rebuild()  # a mention confirmed or rejected changes what the sums count
    return len(rows)


def sample_checked(user, actor: Actor, shown: list[int], wrong: list[int],
                   confirmed: int) -> AuditEntry:
    """Record a check of ``actor``'s group by a random sample: the tags shown, the ones found
    wrong, and how many the group's confirmation decided (0 when some were wrong)."""
    if wrong:
        summary = (f"Sample of {len(shown)} tags of {actor.name}: {len(wrong)} wrong, the group "
                   f"left to review")
    else:
        summary = (f"Sample of {len(shown)} tags of {actor.name}: all right, {confirmed} "
                   f"confirmed")
    return AuditEntry.objects.create(
        action=Action.SAMPLE, target="actor", target_id=actor.pk, actor=actor,
        summary=_short(summary), after={"sample": shown, "wrong": wrong, "confirmed": confirmed},
        **_who(user))


def tag_added(user, kind: str, tag) -> None:
    """Record a tag a curator added by hand (the admin saves it)."""
    tag_kind = TAG_KINDS[kind]
    row = tag_kind.rows([tag.pk]).values("pk", "article_id", "status", *tag_kind.label_fields)[0]
    AuditEntry.objects.create(
        action=Action.ADD, target=tag_kind.target, target_id=tag.pk, article_id=row["article_id"],
        actor_id=row.get("actor_id"), summary=_short(f"Added by hand: {tag_kind.label(row)}"),
        after={"status": row["status"]}, **_who(user),
    )


def packages_decide(user, packages, status: str) -> int:
    """Confirm or reject whole aid packages (a rejected one leaves the ledger's sums; its
    reports stay, so its decision holds when the packages are rebuilt); audited."""
    if status not in TagStatus.values:
        raise ValueError(f"status: {status!r} is not one of {', '.join(TagStatus.values)}")
    changed = 0
    with transaction.atomic():
        chosen = AidPackage.objects.filter(pk__in=list(packages.values_list("pk", flat=True)))
        for package in chosen.select_for_update().exclude(status=status):
            AuditEntry.objects.create(
                action=STATUS_ACTIONS[status], target="aid package", target_id=package.pk,
                summary=_short(f"{STATUS_ACTIONS[status].label}: aid package {package}"),
                before={"status": package.status}, after={"status": status}, **_who(user))
            package.status = status
            package.save(update_fields=["status"])
            changed += 1
        packages_rebuild()
    return changed


def package_edited(user, package, before: dict, after: dict) -> None:
    """Record a curator's correction of a package (its value, day, programme ...): the package
    is the curator's from then on, and rebuilding leaves its figures alone."""
    changed = ", ".join(f"{name} {before[name]} → {after[name]}" for name in after)
    AuditEntry.objects.create(
        action=Action.EDIT, target="aid package", target_id=package.pk,
        summary=_short(f"Corrected aid package {package}: {changed}"),
        before=before, after=after, **_who(user))


def tag_edited(user, kind: str, tag, before: dict, after: dict) -> None:
    """Record a curator's correction of a tag's fields (an amount's figures)."""
    tag_kind = TAG_KINDS[kind]
    row = tag_kind.rows([tag.pk]).values("pk", "article_id", *tag_kind.label_fields)[0]
    changed = ", ".join(f"{name} {before[name]} → {after[name]}" for name in after)
    AuditEntry.objects.create(
        action=Action.EDIT, target=tag_kind.target, target_id=tag.pk,
        article_id=row["article_id"], actor_id=row.get("actor_id"),
        summary=_short(f"Corrected {tag_kind.label(row)}: {changed}"),
        before=before, after=after, **_who(user),
    )


def suggestions_confirm(user, articles) -> int:
    """Confirm every suggested tag of ``articles``; returns how many."""
    changed = 0
    for kind in TAG_KINDS.values():
        ids = list(kind.model.objects.filter(article__in=articles, status=TagStatus.SUGGESTED)
                   .values_list("pk", flat=True))
        changed += tags_decide(user, kind.key, ids, TagStatus.CONFIRMED)
    return changed


def events_decide(user, events, status: str) -> int:
    """Confirm or reject whole events; rejecting one rejects its tags in every article (each
    tag audited) so it leaves every page. Returns how many events changed."""
    from articles.models import Event

    changed = 0
    with transaction.atomic():
        for event in Event.objects.select_for_update().filter(
                pk__in=[e.pk for e in events]).exclude(status=status):
            before = event.status
            event.status = status
            event.origin = TagOrigin.CURATOR
            event.save(update_fields=["status", "origin"])
            AuditEntry.objects.create(
                action=STATUS_ACTIONS[status], target="event", target_id=event.pk,
                summary=_short(f"{STATUS_ACTIONS[status].label} the event {event.name}"),
                before={"status": before}, after={"status": status}, **_who(user))
            if status == TagStatus.REJECTED:
                tags_decide(user, "event", list(event.article_tags.exclude(
                    status=TagStatus.REJECTED).values_list("pk", flat=True)), status)
            changed += 1
    return changed


# ---------------------------------------------------------------------------- actors


def _actor_snapshot(actor: Actor) -> dict:
    return {"id": actor.pk, "name": actor.name, "slug": actor.slug, "status": actor.status,
            "merged_into": actor.merged_into_id, "edited_by_curator": actor.edited_by_curator}


def _tag_snapshot(tag: ArticleActor) -> dict:
    return {"id": tag.pk, "article": tag.article_id, "actor": tag.actor_id,
            "mention_count": tag.mention_count, "offsets": tag.offsets, "evidence": tag.evidence,
            "status": tag.status, "origin": tag.origin}


def _combined_status(first: str, second: str) -> str:
    """Two tags of one article become one: a curator's confirmation wins, a rejection holds
    only when both were rejected."""
    if TagStatus.CONFIRMED in (first, second):
        return TagStatus.CONFIRMED
    if first == second == TagStatus.REJECTED:
        return TagStatus.REJECTED
    return TagStatus.SUGGESTED


def actors_merge(user, survivor: Actor, others) -> list[AuditEntry]:
    """Merge ``others`` into ``survivor``: their tags, names and aliases move to it and their
    pages redirect to its page. The merged actors stay in the database, marked, so a gazetteer
    reload cannot bring them back and ``undo`` can split them again."""
    entries = []
    with transaction.atomic():
        survivor = Actor.objects.select_for_update().get(pk=survivor.pk)
        if survivor.merged_into_id or survivor.status == TagStatus.REJECTED:
            raise ValueError(f"{survivor.name} is merged or rejected; it cannot take others in.")
        if survivor.status == TagStatus.SUGGESTED:
            # The merged names must keep being found: a proposed survivor becomes an actor.
            entries.append(actor_promote(user, survivor))
            survivor.refresh_from_db()
        for loser in Actor.objects.select_for_update().filter(pk__in=[o.pk for o in others]):
            if (loser.pk == survivor.pk or loser.merged_into_id
                    or loser.status == TagStatus.REJECTED):
                continue  # a rejected name must not come back as an alias
            entries.append(_merge_one(user, survivor, loser))
        if entries and not survivor.edited_by_curator:
            survivor.edited_by_curator = True
            survivor.save(update_fields=["edited_by_curator", "updated_at"])
    return entries


def _merge_one(user, survivor: Actor, loser: Actor) -> AuditEntry:
    before = {"actor": _actor_snapshot(loser), "combined": []}
    loser_tags = list(ArticleActor.objects.filter(actor=loser))
    theirs = {t.article_id: t for t in ArticleActor.objects.filter(
        actor=survivor, article_id__in=[t.article_id for t in loser_tags])}
    moved = []
    for tag in loser_tags:
        kept = theirs.get(tag.article_id)
        if kept is None:
            moved.append(tag.pk)
            continue
        before["combined"].append({"removed": _tag_snapshot(tag), "kept": _tag_snapshot(kept)})
        kept.mention_count += tag.mention_count
        kept.offsets = sorted(kept.offsets + tag.offsets)
        kept.status = _combined_status(kept.status, tag.status)
        kept.evidence = kept.evidence or tag.evidence
        kept.save(update_fields=["mention_count", "offsets", "status", "evidence"])
        tag.delete()
    ArticleActor.objects.filter(pk__in=moved).update(actor=survivor)

    # Names: the survivor answers to the merged actor's name and aliases from now on.
    have = {survivor.name.lower(), *(a.lower() for a in survivor.aliases.values_list("alias", flat=True))}
    moved_aliases, dropped_aliases = [], []
    for alias in loser.aliases.all():
        if alias.alias.lower() in have:
            dropped_aliases.append({"alias": alias.alias, "case_sensitive": alias.case_sensitive,
                                    "origin": alias.origin})
            alias.delete()
        else:
            have.add(alias.alias.lower())
            moved_aliases.append(alias.pk)
    ActorAlias.objects.filter(pk__in=moved_aliases).update(actor=survivor)
    added_aliases = []
    if loser.name.lower() not in have:
        added_aliases.append(ActorAlias.objects.create(
            actor=survivor, alias=loser.name, case_sensitive=loser.name_case_sensitive,
            origin=ActorAlias.Origin.CURATOR).pk)

    # Ledger rows name actors too: as donor, recipient or equipment.
    aid = {role: list(AidEntry.objects.filter(**{role: loser}).values_list("pk", flat=True))
           for role in ("donor", "recipient")}
    for role, pks in aid.items():
        AidEntry.objects.filter(pk__in=pks).update(**{role: survivor})
    through = AidEntry.equipment.through
    has_survivor = set(through.objects.filter(actor=survivor).values_list("aidentry_id", flat=True))
    equipment = list(through.objects.filter(actor=loser).values_list("pk", "aidentry_id"))
    aid["equipment_moved"] = [pk for pk, row in equipment if row not in has_survivor]
    aid["equipment_dropped"] = [row for pk, row in equipment if row in has_survivor]
    through.objects.filter(pk__in=aid["equipment_moved"]).update(actor=survivor)
    through.objects.filter(actor=loser, aidentry_id__in=aid["equipment_dropped"]).delete()

    chained = list(loser.merged_actors.values_list("pk", flat=True))
    Actor.objects.filter(pk__in=chained).update(merged_into=survivor)
    redirects = list(ActorRedirect.objects.filter(actor=loser).values_list("pk", flat=True))
    ActorRedirect.objects.filter(pk__in=redirects).update(actor=survivor)

    loser.merged_into = survivor
    loser.edited_by_curator = True
    loser.save(update_fields=["merged_into", "edited_by_curator", "updated_at"])
    summary = (f"Merged {loser.name} ({loser.slug}) into {survivor.name}: "
               f"{count_of(len(moved), 'tag')} moved, {len(before['combined'])} combined")
    return AuditEntry.objects.create(
        action=Action.MERGE, target="actor", target_id=loser.pk, actor=survivor,
        summary=_short(summary), before=before,
        after={"survivor": survivor.pk, "moved_tags": moved, "moved_aliases": moved_aliases,
               "dropped_aliases": dropped_aliases, "added_aliases": added_aliases,
               "chained": chained, "redirects": redirects, "aid": aid},
        **_who(user),
    )


def actor_promote(user, actor: Actor) -> AuditEntry:
    """A name the tagger proposed becomes an actor the tagger matches everywhere."""
    return _actor_status(user, actor, TagStatus.CONFIRMED, Action.PROMOTE,
                         f"Promoted {actor.name} to a {actor.get_kind_display().lower()}")


def actor_reject_name(user, actor: Actor) -> AuditEntry:
    """The name is wrong everywhere: every tag of it is rejected and it is never proposed or
    matched again."""
    return _actor_status(user, actor, TagStatus.REJECTED, Action.REJECT_NAME,
                         f"Rejected {actor.name} everywhere", reject_tags=True)


def _actor_status(user, actor, status, action, summary, reject_tags=False) -> AuditEntry:
    with transaction.atomic():
        actor = Actor.objects.select_for_update().get(pk=actor.pk)
        before = {"actor": _actor_snapshot(actor)}
        tags = {}
        if reject_tags:
            tags = dict(actor.article_tags.exclude(status=TagStatus.REJECTED)
                        .values_list("pk", "status"))
            ArticleActor.objects.filter(pk__in=list(tags)).update(status=TagStatus.REJECTED)
            before["tags"] = {str(pk): old for pk, old in tags.items()}
            summary += f" ({count_of(len(tags), 'tag')})"
        actor.status = status
        actor.edited_by_curator = True
        actor.save(update_fields=["status", "edited_by_curator", "updated_at"])
        return AuditEntry.objects.create(
            action=action, target="actor", target_id=actor.pk, actor=actor,
            summary=_short(summary), before=before, after={"actor": _actor_snapshot(actor)},
            **_who(user),
        )


# ---------------------------------------------------------------------------- aliases


def articles_containing(text: str):
    """Articles whose text has ``text`` as a phrase (stemmed, as search finds it)."""
    return Article.objects.filter(
        search_vector=SearchQuery(text, config="english", search_type="phrase"))


# Retagging runs inside the curator's request; past this many articles the rest is left to
# `manage.py retag --contains ALIAS`, which the message names.
ALIAS_RETAG_LIMIT = 2000


def alias_changed(user, actor: Actor, alias: str, *, added: bool) -> tuple[int, int]:
    """Record an alias a curator added or deleted and retag the articles that contain it, so
    the change shows at once; returns (articles retagged, articles left to retag)."""
    from articles.tagging import matcher_current, tags_apply
    from articles.tagging.events import tagging_run

    matcher = matcher_current()
    containing = articles_containing(alias).defer("original").order_by("-published_at", "-pk")
    retagged = 0
    with tagging_run():
        for article in containing[:ALIAS_RETAG_LIMIT].iterator(chunk_size=200):
            with transaction.atomic():
                tags_apply(article=article, matcher=matcher)
            retagged += 1
    packages_rebuild()
    left = containing.count() - retagged if retagged == ALIAS_RETAG_LIMIT else 0
    verb = "Added" if added else "Deleted"
    rest = f", {count_of(left, 'article')} left to `retag --contains`" if left else ""
    AuditEntry.objects.create(
        action=Action.ALIAS_ADD if added else Action.ALIAS_DELETE, target="alias",
        actor=actor, summary=_short(f"{verb} alias “{alias}” of {actor.name}; "
                                    f"{count_of(retagged, 'article')} retagged{rest}"),
        after={"alias": alias} if added else {}, before={} if added else {"alias": alias},
        **_who(user),
    )
    return retagged, left


def articles_retag(user, articles) -> int:
    """Retag ``articles`` now (curator decisions hold, as in ``manage.py retag``)."""
    from articles.tagging import matcher_current, tags_apply
    from articles.tagging.events import tagging_run

    matcher = matcher_current()
    count = 0
    with tagging_run():
        for article in articles:
            with transaction.atomic():
                tags_apply(article=article, matcher=matcher)
                AuditEntry.objects.create(
                    action=Action.RETAG, target="article", target_id=article.pk, article=article,
                    summary=_short(f"Retagged “{article.title}”"), **_who(user))
            count += 1
    packages_rebuild()
    return count


# ---------------------------------------------------------------------------- undo

UNDOABLE = {Action.CONFIRM, Action.REJECT, Action.RESET, Action.MERGE, Action.PROMOTE,
            Action.REJECT_NAME, Action.POLICY}
POLICY_TARGET = "policy run"


def can_undo(entry: AuditEntry) -> bool:
    return (entry.action in UNDOABLE and not hasattr(entry, "undone_by")
            and (entry.target in TARGETS or entry.target in ("actor", POLICY_TARGET)))


def undo(user, entry: AuditEntry) -> AuditEntry:
    """Reverse ``entry``; raises CannotUndo when that is not possible any more."""
    with transaction.atomic():
        entry = AuditEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.action not in UNDOABLE or not (
                entry.target in TARGETS or entry.target in ("actor", POLICY_TARGET)):
            raise CannotUndo(f"“{entry.get_action_display()}” of {entry.target} cannot be undone "
                             "from here.")
        if AuditEntry.objects.filter(undoes=entry).exists():
            raise CannotUndo("This was undone already.")
        if entry.action == Action.POLICY:
            _undo_policy_run(user, entry)
        elif entry.action == Action.MERGE:
            _undo_merge(entry)
        elif entry.target == "actor":
            _undo_actor_status(entry)
        else:
            _undo_tag_status(entry)
        return AuditEntry.objects.create(
            action=Action.UNDO, target=entry.target, target_id=entry.target_id,
            article_id=entry.article_id, actor_id=entry.actor_id, undoes=entry,
            summary=_short(f"Undid: {entry.summary}"), before=entry.after, after=entry.before,
            **_who(user),
        )


def _undo_policy_run(user, entry: AuditEntry) -> None:
    from articles.policy import policy_undo

    run = PolicyRun.objects.filter(pk=entry.target_id).first()
    if run is None or run.undone_at:
        raise CannotUndo("This policy run was undone already.")
    policy_undo(run, username=_who(user)["username"])


def _undo_tag_status(entry: AuditEntry) -> None:
    kind = TARGETS[entry.target]
    tag = kind.model.objects.select_for_update().filter(pk=entry.target_id).first()
    if tag is None:
        raise CannotUndo("The tag no longer exists.")
    if tag.status != entry.after["status"]:
        raise CannotUndo(f"The tag has been changed since: it is now {tag.status}.")
    tag.status = entry.before["status"]
    tag.save(update_fields=["status"])


def _undo_actor_status(entry: AuditEntry) -> None:
    actor = Actor.objects.select_for_update().filter(pk=entry.target_id).first()
    if actor is None:
        raise CannotUndo("The actor no longer exists.")
    if actor.status != entry.after["actor"]["status"]:
        raise CannotUndo(f"{actor.name} has been changed since: it is now {actor.status}.")
    actor.status = entry.before["actor"]["status"]
    actor.save(update_fields=["status", "updated_at"])
    by_status: dict[str, list[int]] = {}
    for pk, old in entry.before.get("tags", {}).items():
        by_status.setdefault(old, []).append(int(pk))
    for old, pks in by_status.items():
        # Only tags still as the rejection left them: a later decision on one stands.
        ArticleActor.objects.filter(pk__in=pks, actor=actor, status=TagStatus.REJECTED).update(
            status=old)


def _undo_merge(entry: AuditEntry) -> None:
    after, before = entry.after, entry.before
    loser = Actor.objects.select_for_update().filter(pk=entry.target_id).first()
    if loser is None:
        raise CannotUndo("The merged actor no longer exists.")
    survivor_id = after["survivor"]
    if loser.merged_into_id != survivor_id:
        raise CannotUndo(f"{loser.name} is no longer merged into the same actor.")
    for pair in before["combined"]:
        merged_status = _combined_status(pair["kept"]["status"], pair["removed"]["status"])
        now = ArticleActor.objects.filter(pk=pair["kept"]["id"]).values_list("status", flat=True)
        if list(now) not in ([merged_status], []):
            raise CannotUndo(
                f"The combined tag on article {pair['kept']['article']} was decided since "
                f"(now {now[0]}); decide it back to {merged_status} first, or split by hand.")
    ArticleActor.objects.filter(pk__in=after["moved_tags"], actor_id=survivor_id).update(actor=loser)
    for pair in before["combined"]:
        kept, removed = pair["kept"], pair["removed"]
        ArticleActor.objects.filter(pk=kept["id"]).update(
            mention_count=kept["mention_count"], offsets=kept["offsets"], status=kept["status"],
            evidence=kept["evidence"])
        if not ArticleActor.objects.filter(article_id=removed["article"], actor=loser).exists():
            ArticleActor.objects.create(
                id=removed["id"], article_id=removed["article"], actor=loser,
                mention_count=removed["mention_count"], offsets=removed["offsets"],
                evidence=removed["evidence"], status=removed["status"], origin=removed["origin"])
    ActorAlias.objects.filter(pk__in=after["moved_aliases"]).update(actor=loser)
    ActorAlias.objects.filter(pk__in=after["added_aliases"]).delete()
    for alias in after["dropped_aliases"]:
        ActorAlias.objects.get_or_create(actor=loser, alias=alias["alias"], defaults={
            "case_sensitive": alias["case_sensitive"], "origin": alias["origin"]})
    Actor.objects.filter(pk__in=after["chained"]).update(merged_into=loser)
    ActorRedirect.objects.filter(pk__in=after["redirects"]).update(actor=loser)
    aid = after.get("aid", {})
    for role in ("donor", "recipient"):
        AidEntry.objects.filter(pk__in=aid.get(role, []), **{role: survivor_id}).update(
            **{role: loser})
    through = AidEntry.equipment.through
    through.objects.filter(pk__in=aid.get("equipment_moved", [])).update(actor=loser)
    through.objects.bulk_create([through(aidentry_id=row, actor=loser)
                                 for row in aid.get("equipment_dropped", [])],
                                ignore_conflicts=True)
    loser.merged_into = None
    loser.save(update_fields=["merged_into", "updated_at"])


def audit_about(*, article=None, actor=None) -> Q:
    """The audit entries about an article, or about an actor (including a merge of it into
    another, recorded under the survivor); ``article``/``actor`` are rows or ids."""
    if article is not None:
        return Q(article=article)
    actor_id = getattr(actor, "pk", actor)
    return Q(actor=actor_id) | Q(target="actor", target_id=actor_id)


def audit_for(*, article=None, actor=None):
    """The audit entries shown on an article's or an actor's page, newest first."""
    return AuditEntry.objects.select_related("undone_by").filter(
        audit_about(article=article, actor=actor))


def tag_origin_curator(tag) -> None:
    """A tag a curator adds by hand is the curator's, and confirmed."""
    tag.origin = TagOrigin.CURATOR
    if tag.status == TagStatus.SUGGESTED:
        tag.status = TagStatus.CONFIRMED
