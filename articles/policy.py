"""The confirmation policy: certain actor tags and amounts need no click.

A run confirms every suggested actor tag and amount whose confidence
(articles/tagging/confidence.py) is at or above the threshold in settings
(``NEWSARCHIVE_POLICY_THRESHOLD``), as the policy's
decision, not a person's: the tags point to their ``PolicyRun`` and the audit trail holds one
entry for the run, which undoes the whole run at once. A run never touches:

- a tag a curator decided on, now or before (any audit entry about it, a tag added by hand);
- a tag that rests only on an ambiguous word ("Georgia", "Patriot") or a proposed person, an
  amount a speaker corrects at once or whose qualifier readers read two ways ("nearly")
  (``certain`` is false);
- a tag of an actor that is not a confirmed actor (proposed, rejected, merged);
- ledger rows and event tags: only actor tags and amounts.

The threshold is the one measured with ``evaluate_tagging --policy`` on the labelled sets, where
the tags at or above it were right at least 99 % of the time (docs/curation.md).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import (
    Amount,
    ArticleActor,
    AuditEntry,
    PolicyRun,
    TagOrigin,
    TagStatus,
)

POLICY_USER = "policy"
TARGET = "policy run"


@dataclass(frozen=True)
class Policy:
    enabled: bool
    threshold: float | None
    measured_precision: float | None
    measured_on: str


def policy_current() -> Policy:
    threshold = settings.POLICY_THRESHOLD
    return Policy(enabled=threshold is not None, threshold=threshold,
                  measured_precision=settings.POLICY_MEASURED.get("precision"),
                  measured_on=settings.POLICY_MEASURED.get("on", ""))


def policy_candidates(threshold: float):
    """The tags a run at ``threshold`` would confirm."""
    decided = AuditEntry.objects.filter(target="actor tag", target_id=OuterRef("pk"))
    return (
        ArticleActor.objects
        .filter(status=TagStatus.SUGGESTED, origin=TagOrigin.TAGGER, certain=True,
                confidence__gte=threshold, actor__status=TagStatus.CONFIRMED,
                actor__merged_into__isnull=True)
        .exclude(Exists(decided))
    )


def amount_candidates(threshold: float):
    """The amounts a run at ``threshold`` would confirm."""
    decided = AuditEntry.objects.filter(target="amount", target_id=OuterRef("pk"))
    return (
        Amount.objects
        .filter(status=TagStatus.SUGGESTED, origin=TagOrigin.TAGGER, certain=True,
                confidence__gte=threshold)
        .exclude(Exists(decided))
    )


def candidates_count(threshold: float) -> tuple[int, int]:
    """(actor tags, amounts) a run at ``threshold`` would confirm."""
    return policy_candidates(threshold).count(), amount_candidates(threshold).count()


def policy_apply(*, threshold: float | None = None) -> PolicyRun | None:
    """Confirm what the policy confirms; the run, or None when it is off or found nothing."""
    policy = policy_current()
    threshold = policy.threshold if threshold is None else threshold
    if threshold is None:
        return None
    with transaction.atomic():
        ids = list(policy_candidates(threshold).select_for_update(of=("self",))
                   .values_list("pk", flat=True))
        amount_ids = list(amount_candidates(threshold).select_for_update(of=("self",))
                          .values_list("pk", flat=True))
        if not ids and not amount_ids:
            return None
        run = PolicyRun.objects.create(threshold=threshold, confirmed=len(ids) + len(amount_ids),
                                       measured_precision=policy.measured_precision)
        ArticleActor.objects.filter(pk__in=ids).update(status=TagStatus.CONFIRMED, policy_run=run)
        Amount.objects.filter(pk__in=amount_ids).update(status=TagStatus.CONFIRMED,
                                                        policy_run=run)
        AuditEntry.objects.create(
            action=AuditEntry.Action.POLICY, target=TARGET, target_id=run.pk,
            username=POLICY_USER,
            summary=f"The policy confirmed {len(ids):,} actor tags and {len(amount_ids):,} "
                    f"amounts at confidence ≥ {threshold:g}",
            before={"status": TagStatus.SUGGESTED},
            after={"status": TagStatus.CONFIRMED, "run": run.pk, "tags": len(ids),
                   "amounts": len(amount_ids)},
        )
    return run


def policy_undo(run: PolicyRun, *, username: str) -> int:
    """Return the run's tags to suggested, except those a curator has decided on since (a
    decision clears ``policy_run``); returns how many."""
    with transaction.atomic():
        run = PolicyRun.objects.select_for_update().get(pk=run.pk)
        if run.undone_at:
            return 0
        count = sum(model.objects.filter(policy_run=run, status=TagStatus.CONFIRMED)
                    .update(status=TagStatus.SUGGESTED, policy_run=None)
                    for model in (ArticleActor, Amount))
        run.undone_at, run.undone_by = timezone.now(), username
        run.save(update_fields=["undone_at", "undone_by"])
    return count
