"""Facet counts for the current result set: how many matching articles name each actor,
event, source and year."""

from collections import Counter

from django.db import connection

TOP = 10
MORE = 100
ACTOR_FACETS = {"person": "person", "country": "country", "organization": "organization",
                "equipment": "equipment"}

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


def facets_for(matches: list[tuple], *, statuses, more=()) -> tuple[dict[str, list[dict]], set[str]]:
    """({"person": [{"slug", "name", "count"}], ..., "source": [...], "year": [...]},
    the names of the facets that have more values than shown).

    ``matches``: (id, source slug, source name, year) of each article counted, as the list
    fetched them (listing.py), so the sources and years are counted here without another
    query. Counts are exact over those articles, counting the tags of ``statuses``. Each
    facet holds its top 10, or 100 for those named in ``more``.
    """
    facets = {name: [] for name in (*ACTOR_FACETS, "event", "source", "year")}
    limit = {name: (MORE if name in more else TOP) + 1 for name in facets}
    if matches:
        with connection.cursor() as cursor:
            cursor.execute(FACETS_SQL, {
                # As array text: adapting a Python list of 2,000 ints costs a few ms.
                "ids": "{" + ",".join(str(int(match[0])) for match in matches) + "}",
                "statuses": list(statuses),
                "actor_limit": max(limit[kind] for kind in ACTOR_FACETS),
                "event_limit": limit["event"],
            })
            rows = cursor.fetchall()
        for name, slug, label, count, rank in rows:
            if rank <= limit[name]:  # actors come ranked within their kind
                facets[name].append({"slug": slug, "name": label, "count": count})
    for kind in ACTOR_FACETS:
        facets[kind].sort(key=lambda f: (-f["count"], f["name"]))
    sources = Counter((slug, name) for _, slug, name, _ in matches if slug is not None)
    facets["source"] = [{"slug": slug, "name": name, "count": count} for (slug, name), count
                        in sorted(sources.items(), key=lambda i: (-i[1], i[0][1]))[:limit["source"]]]
    years = Counter(year for *_, year in matches if year is not None)
    facets["year"] = [{"slug": str(year), "name": str(year), "count": years[year]}
                      for year in sorted(years, reverse=True)[:limit["year"]]]
    has_more = {name for name, values in facets.items() if len(values) >= limit[name]}
    return {name: values[:limit[name] - 1] for name, values in facets.items()}, has_more
