"""The curation progress on the admin's home page: what is left, what the policy confirmed,
and how right the confirmed actor tags are estimated to be."""

from django import template
from django.db.models import Count, Q

from articles.models import Amount, ArticleActor, AuditEntry, TagStatus
from articles.policy import policy_current

register = template.Library()

# A group confirmed after a sample of n with none wrong: 1 - 3/n is the 95 % lower bound of its
# precision ("rule of three"), 0.85 for the queue's samples of 20.
SAMPLE_LOWER_BOUND = 3


@register.inclusion_tag("admin/articles/curation_progress.html")
def curation_progress():
    from articles.review import TAB_LABELS, _counts

    left = [(TAB_LABELS.get(key, key), n) for key, n in _counts().items()]
    by_whom = {
        "policy": Count("id", filter=Q(status=TagStatus.CONFIRMED, policy_run__isnull=False)),
        "people": Count("id", filter=Q(status=TagStatus.CONFIRMED, policy_run__isnull=True)),
    }
    confirmed = ArticleActor.objects.aggregate(**by_whom)
    amounts = Amount.objects.aggregate(**by_whom)
    sampled = sampled_weight = 0
    for after in AuditEntry.objects.filter(action=AuditEntry.Action.SAMPLE).values_list(
            "after", flat=True):
        if not after.get("wrong") and after.get("confirmed"):
            size = max(len(after.get("sample", [])), 1)
            sampled += after["confirmed"]
            sampled_weight += after["confirmed"] * max(0.0, 1 - SAMPLE_LOWER_BOUND / size)
    policy = policy_current()
    by_people = max(confirmed["people"] - sampled, 0)
    total = by_people + sampled + confirmed["policy"]
    estimate = None
    if total:
        estimate = (by_people + sampled_weight
                    + confirmed["policy"] * (policy.measured_precision or 0)) / total
    return {"left": left, "left_total": sum(n for _, n in left), "policy": policy,
            "by_policy": confirmed["policy"], "by_people": by_people, "sampled": sampled,
            "estimate": estimate, "amounts": amounts}
