"""What an actor page shows beyond its articles, and the articles related to an article."""

import datetime as dt
from collections import Counter

from django.db.models import Case, Count, IntegerField, When
from django.db.models.functions import TruncMonth

from articles.listing import HEAVY_FIELDS
from articles.models import Actor, Amount, Article, ArticleActor, TagStatus

CHART_WIDTH, CHART_HEIGHT = 720, 120


def actor_profile(actor: Actor, articles, statuses) -> dict:
    """Mentions per month (as an SVG bar chart's geometry), the actors most often named with
    ``actor``, and the largest amounts in its articles; all over ``articles``, the page's
    filtered list."""
    matching = articles.order_by().values("pk")
    months = list(
        articles.order_by().filter(published_at__isnull=False)
        .annotate(month=TruncMonth("published_at")).values("month")
        .annotate(count=Count("pk")).order_by("month")
    )
    companions = (
        ArticleActor.objects.filter(article__in=matching, status__in=statuses)
        .exclude(actor=actor).values("actor__slug", "actor__name", "actor__kind")
        .annotate(count=Count("article_id")).order_by("-count", "actor__name")[:12]
    )
    amounts = (
        Amount.objects.filter(article__in=matching, status__in=statuses, value_usd__isnull=False)
        .select_related("article").defer(*(f"article__{name}" for name in ("body", *HEAVY_FIELDS)))
        .order_by("-value_usd", "article_id")[:10]
    )
    return {"chart": month_chart(months), "companions": list(companions), "amounts": list(amounts)}


def month_chart(months: list[dict]) -> dict | None:
    """Bars for every month from the first to the last, empty months included."""
    if not months:
        return None
    counts = {row["month"].date().replace(day=1): row["count"] for row in months}
    first, last = min(counts), max(counts)
    series, month = [], first
    while month <= last:
        series.append((month, counts.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    peak = max(count for _, count in series)
    width = CHART_WIDTH / len(series)
    bars = []
    for index, (month, count) in enumerate(series):
        height = round(count / peak * (CHART_HEIGHT - 20), 1)
        bars.append({
            "x": round(index * width, 1), "width": round(max(width - 1, 1), 1),
            "y": round(CHART_HEIGHT - 20 - height, 1), "height": height,
            "label": f"{month:%B %Y}: {count} article{'s' if count != 1 else ''}",
        })
    ticks = [{"x": round(i * width, 1), "label": f"{m:%Y}"}
             for i, (m, _) in enumerate(series) if m.month == 1 or i == 0]
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bars": bars, "ticks": ticks,
            "peak": peak, "baseline": CHART_HEIGHT - 20}


def related_articles(article: Article, *, per_actor: int = 50):
    """Articles that share the most specific actors with ``article``: its people, systems and
    organisations (countries are too common to relate two stories), each actor's latest
    ``per_actor`` articles, ranked by how many actors they share."""
    actor_ids = [
        tag.actor_id for tag in sorted(
            (t for t in article.visible_actor_tags if t.actor.kind != Actor.Kind.COUNTRY),
            key=lambda t: -t.mention_count)[:6]
    ]
    per_actor_latest = [
        ArticleActor.objects.filter(actor_id=actor_id, status__in=TagStatus.visible())
        .exclude(article_id=article.pk).order_by("-article_id")
        .values_list("article_id", flat=True)[:per_actor]
        for actor_id in actor_ids
    ]
    # One query: the latest articles of each actor, read backwards from the (actor, article)
    # index, joined with UNION ALL.
    latest = per_actor_latest[0].union(*per_actor_latest[1:], all=True) if actor_ids else []
    shared = Counter(latest)
    best = [pk for pk, _ in sorted(shared.items(), key=lambda item: (-item[1], -item[0]))[:5]]
    if not best:
        return Article.objects.none()
    return Article.objects.filter(pk__in=best).order_by(
        Case(*[When(pk=pk, then=index) for index, pk in enumerate(best)], output_field=IntegerField())
    )
