"""Facet counts for the current result set: how many matching articles name each actor,
event, source and year."""

from django.db.models import Count, F, Window
from django.db.models.functions import ExtractYear, RowNumber

from articles.models import ArticleActor, ArticleEvent

TOP = 10
MORE = 100
ACTOR_FACETS = {"person": "person", "country": "country", "organization": "organization",
                "equipment": "equipment"}


def facets_for(articles, *, statuses, more=()) -> tuple[dict[str, list[dict]], set[str]]:
    """({"person": [{"slug", "name", "count"}], ..., "source": [...], "year": [...]},
    the names of the facets that have more values than shown).

    ``articles`` is the filtered queryset; counts are exact. Each facet holds its top 10, or
    100 for those named in ``more``.
    """
    matching = articles.order_by().values("pk")
    facets = {name: [] for name in (*ACTOR_FACETS, "event", "source", "year")}
    limit = {name: (MORE if name in more else TOP) + 1 for name in facets}

    # One query for all four kinds of actor: count per actor, then rank within each kind.
    rows = (
        ArticleActor.objects.filter(article__in=matching, status__in=statuses)
        .values("actor_id")
        .annotate(count=Count("article_id"))
        .values("actor_id", "count", kind=F("actor__kind"), slug=F("actor__slug"),
                name=F("actor__name"))
        .annotate(rank=Window(RowNumber(), partition_by=F("actor__kind"),
                              order_by=[F("count").desc(), F("actor__name").asc()]))
        .filter(rank__lte=max(limit[k] for k in ACTOR_FACETS))
    )
    for row in rows:
        kind = row["kind"]
        if row["rank"] <= limit[kind]:
            facets[kind].append({"slug": row["slug"], "name": row["name"], "count": row["count"]})
    for kind in ACTOR_FACETS:
        facets[kind].sort(key=lambda f: (-f["count"], f["name"]))

    facets["event"] = [
        {"slug": r["event__slug"], "name": r["event__name"], "count": r["count"]}
        for r in ArticleEvent.objects.filter(article__in=matching, status__in=statuses)
        .values("event__slug", "event__name").annotate(count=Count("article_id"))
        .order_by("-count", "event__name")[:limit["event"]]
    ]
    facets["source"] = [
        {"slug": r["source__slug"], "name": r["source__name"], "count": r["count"]}
        for r in articles.order_by().filter(source__isnull=False)
        .values("source__slug", "source__name").annotate(count=Count("pk"))
        .order_by("-count", "source__name")[:limit["source"]]
    ]
    facets["year"] = [
        {"slug": str(r["year"]), "name": str(r["year"]), "count": r["count"]}
        for r in articles.order_by().filter(published_at__isnull=False)
        .annotate(year=ExtractYear("published_at")).values("year")
        .annotate(count=Count("pk")).order_by("-year")[:limit["year"]]
    ]
    has_more = {name for name, values in facets.items() if len(values) >= limit[name]}
    return {name: values[:limit[name] - 1] for name, values in facets.items()}, has_more

