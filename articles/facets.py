"""The count and facet counts of a result set: how many articles match, and how many of them
name each actor and event, come from each source and each year.

Two statements. The first fetches up to ``bound`` matches (the list's own filters and search,
compiled by Django), in the order the index yields them, with their source and year, and
counts every match. The second counts the tags of those matches by the literal list of their
ids (an array PostgreSQL hashes or reads by the article index, whatever it knows of the
tables: a join against the matches was planned as a loop over them on tables not yet
analysed, and ran for minutes). Up to ``bound`` matches every facet count is exact, and a
facet's count is the count of the list its link opens (tests/test_search.py checks it on the
corpus); above the bound the facets count the first ``bound`` matches and the page says so;
the total stays exact.
"""

import contextlib
from collections import Counter

from django.db import connection, transaction
from django.db.models.functions import ExtractYear

TOP = 10
MORE = 100
ACTOR_FACETS = {"person": "person", "country": "country", "organization": "organization",
                "equipment": "equipment"}

# The matches, up to the bound, with the count of all of them (an init plan, run once).
MATCHES_SQL = "SELECT matched.*, ({count}) FROM ({matches}) AS matched"

# One query for the tags: the actor and event counts joined with UNION ALL. Actors: count per
# actor, then rank within each kind; events: the top rows. Rows come ordered by facet, then rank.
FACETS_SQL = """
SELECT kind, slug, name, count, rank FROM (
    SELECT actor.kind, actor.slug, actor.name, tagged.count,
           row_number() OVER (PARTITION BY actor.kind
                              ORDER BY tagged.count DESC, actor.name) AS rank
    FROM (SELECT actor_id, count(*) AS count FROM articles_articleactor
          WHERE article_id = ANY(%(ids)s::bigint[]) AND status = ANY(%(statuses)s)
          GROUP BY actor_id) AS tagged
    JOIN articles_actor AS actor ON actor.id = tagged.actor_id
) AS actors WHERE rank <= %(actor_limit)s
UNION ALL
(SELECT 'event', event.slug, event.name, count(*),
        row_number() OVER (ORDER BY count(*) DESC, event.name) FROM articles_articleevent AS tag
 JOIN articles_event AS event ON event.id = tag.event_id
 WHERE tag.article_id = ANY(%(ids)s::bigint[]) AND tag.status = ANY(%(statuses)s)
 GROUP BY event.slug, event.name ORDER BY 4 DESC, event.name LIMIT %(event_limit)s)
ORDER BY 1, 5
"""


@contextlib.contextmanager
def planned_for_matches(*, by_index: bool = False):
    """A cursor in a transaction whose statements PostgreSQL does not compile (JIT: a count
    over 100,000 articles is priced high enough to be compiled, which cost 700 ms more than it
    saved on two cores).

    ``by_index``, for a search for words it includes and nothing else: PostgreSQL prices a
    full-text match (@@) like a comparison, so to count a word in half the articles it reads
    every row's stored vector (a sequential scan: 760 ms for "Ukraine" at 100,000 articles)
    where the GIN index's bitmap counts the same matches in 60 ms. Sequential scans are then
    refused for these statements: the first reads the articles table alone, the second the
    tags through their article index."""
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
    matches, params = articles.values_list(
        "pk", "source__slug", "source__name", ExtractYear("published_at"))[:bound].query \
        .sql_with_params()
    count, count_params = articles.values("pk").query.sql_with_params()
    tagged = []
    with planned_for_matches(by_index=search_only) as cursor:
        cursor.execute(MATCHES_SQL.format(count=f"SELECT count(*) FROM ({count}) AS every",
                                          matches=matches), [*count_params, *params])
        rows = cursor.fetchall()
        if rows:
            # a literal array: hashed as a filter, or read through the article index
            cursor.execute(FACETS_SQL, {
                # As array text: adapting a Python list of 10,000 ints costs a few ms.
                "ids": "{" + ",".join(str(int(row[0])) for row in rows) + "}",
                "statuses": list(statuses),
                "actor_limit": max(limit[kind] for kind in ACTOR_FACETS),
                "event_limit": limit["event"],
            })
            tagged = cursor.fetchall()
    total = rows[0][-1] if rows else 0
    for name, slug, label, n, rank in tagged:
        if rank <= limit[name]:  # actors come ranked within their kind
            facets[name].append({"slug": slug, "name": label, "count": n})
    for kind in ACTOR_FACETS:
        facets[kind].sort(key=lambda f: (-f["count"], f["name"]))
    sources = Counter((slug, name) for _, slug, name, _, _ in rows if slug is not None)
    facets["source"] = [{"slug": slug, "name": name, "count": n} for (slug, name), n
                        in sorted(sources.items(), key=lambda i: (-i[1], i[0][1]))[:limit["source"]]]
    years = Counter(year for *_, year, _ in rows if year is not None)
    facets["year"] = [{"slug": str(year), "name": str(year), "count": years[year]}
                      for year in sorted(years, reverse=True)[:limit["year"]]]
    has_more = {name for name, values in facets.items() if len(values) >= limit[name]}
    return total, {name: values[:limit[name] - 1] for name, values in facets.items()}, has_more
