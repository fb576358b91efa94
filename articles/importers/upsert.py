"""Writing records: one transaction per record, deduplicated by url and by body hash."""

import hashlib
import json
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.importers.records import Record, content_hash, word_count
from articles.models import Article, ArticleRevision, ImportBatch, Source
from articles.tagging import tags_apply
from articles.tagging.matcher import Matcher

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# The fields an import sets; a re-import that changes none of them is "unchanged".
IMPORTED_FIELDS = (
    "title", "title_generated", "body", "lede", "published_at", "date_precision", "byline",
    "authors", "editors", "dateline_place", "url", "language", "extra", "word_count",
    "content_sha256", "needs_review", "review_reasons",
)


@lru_cache(maxsize=1)
def known_sources() -> list[dict]:
    path = settings.BASE_DIR / "seeds" / "sources.json"
    return json.loads(path.read_text(encoding="utf-8"))


def source_name_for(record: Record, default: str) -> str:
    """The record's source, else the importer's --source, else one known from the url's host,
    else the record's fallback (a feed's title), else the url's host."""
    name = record.source or default
    if not name:
        host = (urlsplit(record.url).hostname or "").removeprefix("www.") if record.url else ""
        for known in known_sources() if host else ():
            if any(host == h or host.endswith("." + h) for h in known["hosts"]):
                return known["name"]
        name = record.source_fallback or host
    for known in known_sources():
        if name in known.get("aliases", []):
            return known["name"]
    return name


def source_get_or_create(*, name: str, cache: dict | None = None) -> Source | None:
    """The source of this name, created when new; ``cache`` spares a query per record."""
    if not name:
        return None
    if cache is not None and name.lower() in cache:
        return cache[name.lower()]
    source = _source_get_or_create(name)
    if cache is not None:
        cache[name.lower()] = source
    return source


def _source_get_or_create(name: str) -> Source:
    source = Source.objects.filter(name__iexact=name).first()
    if source:
        return source
    known = next((k for k in known_sources() if k["name"] == name), {})
    slug = known.get("slug") or slugify(name)[:200] or "source"
    source, _ = Source.objects.get_or_create(
        slug=slug, defaults={"name": name[:200], "homepage": known.get("homepage", "")}
    )
    return source


def record_values(record: Record) -> dict:
    paragraphs = record.body.split("\n\n")
    # The lede is the first paragraph that says something: transcripts open with a place
    # or time line ("Via Teleconference", "2:03 P.M. CDT").
    lede = next((p for p in paragraphs if len(p.split()) >= 8), paragraphs[0] if paragraphs else "")
    return {
        "title": record.title[:500],
        "title_generated": record.title_generated,
        "body": record.body,
        "lede": lede,
        "published_at": record.published_at,
        "date_precision": record.date_precision,
        "byline": record.byline,
        "authors": record.authors,
        "editors": record.editors,
        "dateline_place": record.dateline_place[:200],
        "url": record.url,
        "language": record.language,
        "extra": record.extra,
        "word_count": word_count(record.body),
        "content_sha256": content_hash(record.body, record.published_at),
        "needs_review": bool(record.review_reasons),
        "review_reasons": record.review_reasons,
    }


def find_existing(values: dict) -> tuple[Article | None, Article | None]:
    """(the article with this url, the article with this content); one query. They differ
    when a page was renumbered: its url is one article's and its text another's."""
    match = Q(content_sha256=values["content_sha256"])
    if values["url"]:
        match |= Q(url=values["url"])
    candidates = list(
        Article.objects.select_for_update().defer("search_vector").filter(match)[:2]
    )
    by_url = next((a for a in candidates if values["url"] and a.url == values["url"]), None)
    by_content = next(
        (a for a in candidates if a.content_sha256 == values["content_sha256"]), None
    )
    return by_url, by_content


def article_upsert(*, record: Record, batch: ImportBatch | None, default_source: str = "",
                   matcher: Matcher | None = None, sources: dict | None = None,
                   dry_run: bool = False) -> str:
    """Create or update the article for ``record``; returns created, updated or unchanged.

    A changed record at a known url updates the article in place, so its tags and curator
    decisions stay; the previous text and original bytes are kept as an ArticleRevision.
    With a ``matcher``, a created or changed article is tagged in the same transaction.
    ``sources`` caches sources by name across the records of one import.
    """
    values = record_values(record)
    with transaction.atomic():
        source = source_get_or_create(
            name=source_name_for(record, default_source), cache=None if dry_run else sources
        )
        by_url, by_content = find_existing(values)
        outcome, article = _apply(record, values, source, by_url, by_content, batch)
        if matcher is not None and article is not None and not dry_run:
            tags_apply(article=article, matcher=matcher, new=outcome == CREATED)
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def _original(record: Record, batch: ImportBatch | None, source: Source | None) -> dict:
    return {
        "original": record.original,
        "original_sha256": hashlib.sha256(record.original).hexdigest(),
        "original_location": record.location[:1000],
        "import_batch": batch,
        "slug": slugify(record.title)[:120] or "article",
        "source": source,
    }


def new_article(*, record: Record, values: dict, batch: ImportBatch | None,
                source: Source | None) -> Article:
    """An unsaved Article for ``record`` (``values`` from record_values)."""
    return Article(**values, **_original(record, batch, source))


def _apply(record: Record, values: dict, source: Source | None, by_url: Article | None,
           by_content: Article | None, batch: ImportBatch | None) -> tuple[str, Article | None]:
    """(outcome, the article whose text is new and needs tagging, or None)."""
    original = _original(record, batch, source)
    if by_url is None and by_content is None:
        return CREATED, Article.objects.create(**values, **original)
    if by_content is not None and by_content.url != values["url"]:
        # One story published twice the same day at a second url: keep the url, not a copy.
        # So too when the url is another article's (a renumbered page: the newsroom moved the
        # text from ...-5/ to ...-6/ and put a new text at ...-5/): the text decides, since
        # giving the url's article this text would make it a copy of this one; the url's
        # article keeps its own text.
        existing = by_content
        other_urls = existing.extra.get("other_urls", [])
        if not values["url"] or values["url"] in other_urls:
            return UNCHANGED, None
        existing.extra = {**existing.extra, "other_urls": [*other_urls, values["url"]]}
        existing.save(update_fields=["extra", "updated_at"])
        return UPDATED, None
    existing = by_url or by_content
    if existing.content_sha256 == values["content_sha256"] and not _differs(existing, values, source):
        return UNCHANGED, None
    ArticleRevision.objects.create(
        article=existing,
        title=existing.title,
        body=existing.body,
        original=existing.original,
        original_sha256=existing.original_sha256,
        original_location=existing.original_location,
        import_batch=existing.import_batch,
    )
    if "other_urls" in existing.extra:
        values["extra"] = {**values["extra"], "other_urls": existing.extra["other_urls"]}
    for name, value in {**values, **original}.items():
        setattr(existing, name, value)
    existing.save()
    return UPDATED, existing


def _differs(article: Article, values: dict, source: Source | None) -> bool:
    if article.source_id != (source.pk if source else None):
        return True
    return any(
        getattr(article, name) != value for name, value in values.items() if name != "extra"
    ) or {k: v for k, v in article.extra.items() if k != "other_urls"} != values["extra"]
