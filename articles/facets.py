"""The count and facet counts of a result set in one query: how many articles match, and how
many of them name each actor and event, come from each source and each year.

One statement: the matches (the list's own filters and search, compiled by Django) are
counted, every one; up to ``bound`` of them, in the order the index yields them, are a
materialised common table expression over which the sources, the years, the actors (ranked
within each kind) and the events are counted, joined with UNION ALL. Up to ``bound`` matches
every facet count is exact, and a facet's count is the count of the list its link opens
(tests/test_search.py checks it on the corpus). Counting the tags of every match of a common
word costs about ten times more at 100,000 articles (docs/benchmarks.md), so above the bound
the facets count the first ``bound`` matches and the page says so; the total stays exact.
"""

import contextlib

from django.db import connection, transaction
from django.db.models.functions import ExtractYear

TOP = 10
MORE = 100
ACTOR_FACETS = {"person": "person", "country": "country", "organization": "organization",
                "equipment": "equipment"}

SUMMARY_SQL = """
WITH matches AS MATERIALIZED ({matches})
SELECT 'total', NULL, NULL, count(*), 1 FROM ({every}) AS every
UNION ALL
SELECT 'source', source.slug, source.name, counted.count,
       row_number() OVER (ORDER BY counted.count DESC, source.name)
FROM (SELECT source_id, count(*) AS count FROM matches WHERE source_id IS NOT NULL
      GROUP BY source_id) AS counted
JOIN articles_source AS source ON source.id = counted.source_id
UNION ALL
SELECT 'year', year::text, year::text, count, row_number() OVER (ORDER BY year DESC)
FROM (SELECT year, count(*) AS count FROM matches WHERE year IS NOT NULL GROUP BY year) AS years
UNION ALL
SELECT kind, slug, name, count, rank FROM (
    SELECT actor.kind, actor.slug, actor.name, tagged.count,
           row_number() OVER (PARTITION BY actor.kind
                              ORDER BY tagged.count DESC, actor.name) AS rank
    FROM (SELECT tag.actor_id, count(*) AS count FROM articles_articleactor AS tag
          WHERE tag.article_id IN (SELECT id FROM matches) AND tag.status = ANY(%s)
          GROUP BY tag.actor_id) AS tagged
    JOIN articles_actor AS actor ON actor.id = tagged.actor_id
) AS actors WHERE rank <= %s
UNION ALL
(SELECT 'event', event.slug, event.name, count(*),
        row_number() OVER (ORDER BY count(*) DESC, event.name) FROM articles_articleevent AS tag
 JOIN articles_event AS event ON event.id = tag.event_id
 WHERE tag.article_id IN (SELECT id FROM matches) AND tag.status = ANY(%s)
 GROUP BY event.slug, event.name ORDER BY 4 DESC, event.name LIMIT %s)
ORDER BY 1, 5
"""


@contextlib.contextmanager
def planned_for_matches(*, by_index: bool = False):
    """A cursor in a transaction whose statements PostgreSQL does not compile (JIT: a count
    over 100,000 articles is priced high enough to be compiled, which cost 700 ms more than it
    saved on two cores).

    ``by_index``, for a search for words it includes and nothing else: PostgreSQL prices a full-text match (@@)
    like a comparison, so to count a word in half the articles it reads every row's stored
    vector (a sequential scan: 760 ms for "Ukraine" at 100,000 articles) where the GIN
    index's bitmap counts the same matches in 60 ms. Sequential scans are then refused for
    the statement; the rest of it (the tags by their article index, the sources and events
    by key) has an index to take instead. Not with other filters, whose plans without a
    sequential scan were measured to go wrong on tables not yet analysed."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off" + ("; SET LOCAL enable_seqscan = off"
                                                 if by_index else ""))
        yield cursor


def summary_for(articles, *, statuses, bound: int, more=(),
                search_only: bool = False) -> tuple[int, dict[str, list[dict]], set[str]]:
    """(how many articles match, {"person": [{"slug", "name", "count"}], ..., "source": [...],
    "year": [...]}, the names of the facets that have more values than shown).

    ``articles``: the filtered, searched QuerySet (``search_only``: searched for words it
    includes and not filtered, which lets the count read the search index). The facets count
    the tags of ``statuses`` over every match, or over the first ``bound`` the index yields
    when there are more. Each facet holds its top 10, or 100 for those named in ``more``;
    years are the newest first, the others the most counted first.
    """
    facets = {name: [] for name in (*ACTOR_FACETS, "event", "source", "year")}
    limit = {name: (MORE if name in more else TOP) + 1 for name in facets}
    articles = articles.order_by()
    matches, params = articles.values(
        "id", "source_id", year=ExtractYear("published_at"))[:bound].query.sql_with_params()
    every, every_params = articles.values("id").query.sql_with_params()
    total = 0
    with planned_for_matches(by_index=search_only) as cursor:
        cursor.execute(SUMMARY_SQL.format(matches=matches, every=every), [
            *params, *every_params, list(statuses), max(limit[kind] for kind in ACTOR_FACETS),
            list(statuses), limit["event"]])
        rows = cursor.fetchall()
    for name, slug, label, count, rank in rows:
        if name == "total":
            total = count
        elif rank <= limit[name]:  # actors come ranked within their kind
            facets[name].append({"slug": slug, "name": label, "count": count})
    for kind in ACTOR_FACETS:
        facets[kind].sort(key=lambda f: (-f["count"], f["name"]))
    has_more = {name for name, values in facets.items() if len(values) >= limit[name]}
    return total, {name: values[:limit[name] - 1] for name, values in facets.items()}, has_more
