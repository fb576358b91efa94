"""The bulk path: new articles written a thousand at a time, for loading large corpora.

Records are read and checked exactly as on the ordinary path, tagged in memory, and written
with multi-row inserts in one transaction per group. A record with the same text at a url
(or, without a url, the same text) the archive has is unchanged; other records whose url or
text the archive has go through the ordinary path (update or unchanged). If a group fails to write,
each of its records is written on its own, so a bad record still never blocks the others.
"""

from django.db import DatabaseError, transaction

from articles.importers.records import Record, RecordError
from articles.importers.upsert import (
    CREATED,
    UNCHANGED,
    article_upsert,
    new_article,
    record_values,
    source_get_or_create,
    source_name_for,
)
from articles.models import Amount, Article, ArticleActor, ImportBatch
from articles.tagging import tags_new
from articles.tagging.matcher import Matcher
from articles.tagging.records import events_and_ledger_write

GROUP = 1000


def articles_bulk_write(*, records: list[Record], batch: ImportBatch, matcher: Matcher,
                        default_source: str, sources: dict, actors: dict) -> list[tuple]:
    """Write ``records``; returns (record, outcome or its DatabaseError or RecordError) for
    each."""
    values = [record_values(record) for record in records]
    known = _known(values)
    fresh, outcomes, seen, pairs = [], [], set(), set()
    for record, value in zip(records, values, strict=True):
        keys = {("url", value["url"]), ("content", value["content_sha256"])} - {("url", None)}
        if ("url", value["url"]) in known and known[("url", value["url"])] == value["content_sha256"]:
            outcomes.append((record, UNCHANGED))  # the same text at the same url: a re-import
        elif not value["url"] and ("content", value["content_sha256"]) in known:
            outcomes.append((record, UNCHANGED))
        elif keys & known.keys():
            outcomes.append((record, None))  # the ordinary path decides: update or unchanged
        elif (value["url"], value["content_sha256"]) in pairs:
            outcomes.append((record, UNCHANGED))  # a duplicate inside this group
        elif keys & seen:
            # The url or the text of a record of this group, not both: a second url for a
            # story, or a renumbered page; the ordinary path decides once the group is written.
            outcomes.append((record, None))
        else:
            seen |= keys
            pairs.add((value["url"], value["content_sha256"]))
            fresh.append((record, value))
    try:
        with transaction.atomic():
            articles = [
                new_article(record=record, values=value, batch=batch, source=source_get_or_create(
                    name=source_name_for(record, default_source), cache=sources))
                for record, value in fresh
            ]
            Article.objects.bulk_create(articles, batch_size=500)
            tags, amounts, pending = [], [], []
            for article in articles:
                article_tags, article_amounts, article_pending = tags_new(
                    article=article, matcher=matcher, actors=actors)
                tags += article_tags
                amounts += article_amounts
                pending.append(article_pending)
            ArticleActor.objects.bulk_create(tags, batch_size=2000)
            Amount.objects.bulk_create(amounts, batch_size=2000)
            events_and_ledger_write(pending)
        outcomes += [(record, CREATED) for record, _ in fresh]
    except Exception:  # noqa: BLE001 - rolled back; each record is tried on its own below
        for record, _ in fresh:
            outcomes.append((record, None))
    results = []
    for record, outcome in outcomes:
        if outcome is None:
            try:
                outcome = article_upsert(record=record, batch=batch, default_source=default_source,
                                         matcher=matcher, sources=sources)
            except DatabaseError as error:
                outcome = error
            except Exception as error:  # noqa: BLE001 - rolled back; the next record goes on
                outcome = RecordError(record.location, f"could not be written: "
                                                       f"{type(error).__name__}: {error}"[:500])
        results.append((record, outcome))
    return results


def _known(values: list[dict]) -> dict[tuple[str, str], str]:
    """{("url", url) or ("content", hash): the stored content hash} for what the archive has."""
    urls = [v["url"] for v in values if v["url"]]
    hashes = [v["content_sha256"] for v in values]
    known = {}
    for url, content in Article.objects.filter(url__in=urls).values_list("url", "content_sha256"):
        known[("url", url)] = content
    for content in Article.objects.filter(content_sha256__in=hashes).values_list(
            "content_sha256", flat=True):
        known[("content", content)] = content
    return known
