"""The article list and article page as data: JSON, streamed CSV, and Atom feeds."""

import csv
import itertools
import re
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from articles.models import Amount, ArticleActor, ArticleEvent

CSV_COLUMNS = ["id", "title", "url", "source_url", "published_at", "source", "people",
               "countries", "organizations", "equipment", "events", "amounts_usd"]
KIND_COLUMNS = {"person": "people", "country": "countries", "organization": "organizations",
                "equipment": "equipment"}


def article_data(request, article, *, snippet=None) -> dict:
    """One article in the list JSON shape."""
    return {
        "id": article.pk,
        "title": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "source_url": article.url,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "source": article.source.name if article.source else None,
        "snippet": str(snippet) if snippet else getattr(article, "excerpt", None),
        "actors": [
            {"slug": t.actor.slug, "name": t.actor.name, "kind": t.actor.kind, "status": t.status,
             # a name the tagger proposed that no curator has reviewed yet
             "proposed": t.actor.status == "suggested"}
            for t in article.visible_actor_tags
        ],
        "amounts": [
            {"value": str(a.value), "currency": a.currency,
             "value_usd": str(a.value_usd) if a.value_usd is not None else None,
             "text": a.raw_text, "status": a.status}
            for a in article.visible_amounts
        ],
        "events": [
            {"slug": t.event.slug, "name": t.event.name, "kind": t.event.kind,
             "start": t.event.start_date.isoformat() if t.event.start_date else None,
             "end": t.event.end_date.isoformat() if t.event.end_date else None}
            for t in article.visible_event_tags
        ],
    }


def article_json(request, article) -> dict:
    """The whole article: the list shape plus its text, byline and tags' details."""
    data = article_data(request, article)
    data.update({
        "lede": article.lede,
        "body": article.body,
        "authors": article.authors,
        "editors": article.editors,
        "byline": article.byline,
        "dateline_place": article.dateline_place,
        "language": article.language,
        "title_generated": article.title_generated,
        "needs_review": article.needs_review,
        "review_reasons": article.review_reasons,
        "content_sha256": article.content_sha256,
        "original_sha256": article.original_sha256,
    })
    for tag, actor in zip(data["actors"], article.visible_actor_tags, strict=True):
        tag.update({"mentions": actor.mention_count, "offsets": actor.offsets,
                    "evidence": actor.evidence})
    for item, amount in zip(data["amounts"], article.visible_amounts, strict=True):
        item.update({"qualifier": amount.qualifier, "value_max": str(amount.value_max)
                     if amount.value_max is not None else None,
                     "start": amount.start, "end": amount.end, "sentence": amount.sentence})
    return data


def list_json(request, page, facets, snippets, *, exact: bool = True) -> JsonResponse:
    """The list JSON; ``count_exact`` is false when more than COUNT_CAP (2,000) matched:
    "count" is then 2,000 and the facets count a sample of 2,000 matches."""
    return JsonResponse({
        "count": page.paginator.count,
        "count_exact": exact,
        "results": [article_data(request, a, snippet=snippets.get(a.pk)) for a in page.object_list],
        "facets": facets,
        "next": next_page_url(request, page),
    }, json_dumps_params={"ensure_ascii": False})


def next_page_url(request, page) -> str | None:
    """The absolute URL of the page after ``page``, the other parameters kept."""
    if not page.has_next():
        return None
    params = request.GET.copy()
    params["page"] = page.next_page_number()
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class _Echo:
    def write(self, value):
        return value


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): "=HYPERLINK(...)" in an imported title would be a live link, "=cmd|..." a
# command, once an analyst opens the export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` as a CSV cell a spreadsheet shows and never evaluates: text that starts like a
    formula gets a leading ``'``. Numbers the archive computed (ids, ``value_usd``) are passed
    as numbers, so a negative one stays a number; everything else is text."""
    if value is None:
        return ""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_writer():
    """A writer whose ``writerow`` returns the line it wrote, every cell through ``csv_cell``:
    the one way the archive's CSV exports write a row."""
    return _InertWriter()


class _InertWriter:
    def __init__(self):
        self._writer = csv.writer(_Echo())

    def writerow(self, row) -> str:
        return self._writer.writerow([csv_cell(value) for value in row])


CSV_CHUNK = 1000


def list_csv(request, articles, statuses) -> StreamingHttpResponse:
    """Every matching article (``articles``, in its order) with its tags of ``statuses``,
    streamed: no cap, memory bounded by the chunk. The articles and their tags are read as
    plain values, a thousand articles at a time: building a model object for each of some
    fifty tags an article cost about 2 ms an article, an export more than a core."""
    writer = csv_writer()
    listed = articles.values_list("pk", "title", "slug", "url", "published_at", "source__name")

    def rows():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(CSV_COLUMNS)
        found = listed.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(itertools.islice(found, CSV_CHUNK)):
            ids = [row[0] for row in chunk]
            actors = defaultdict(lambda: {column: [] for column in KIND_COLUMNS.values()})
            for article, kind, name in ArticleActor.objects.filter(
                    article_id__in=ids, status__in=statuses).order_by(
                    "actor__kind", "-mention_count", "actor__name").values_list(
                    "article_id", "actor__kind", "actor__name"):
                actors[article][KIND_COLUMNS[kind]].append(name)
            events, amounts = defaultdict(list), defaultdict(list)
            for article, name in ArticleEvent.objects.filter(
                    article_id__in=ids, status__in=statuses).values_list("article_id", "event__name"):
                events[article].append(name)
            for article, value in Amount.objects.filter(
                    article_id__in=ids, status__in=statuses, value_usd__isnull=False
            ).values_list("article_id", "value_usd"):
                amounts[article].append(str(value))
            for pk, title, slug, url, published_at, source in chunk:
                yield writer.writerow([
                    pk, title,
                    request.build_absolute_uri(reverse("articles:detail",
                                                       kwargs={"pk": pk, "slug": slug})),
                    url or "", published_at.isoformat() if published_at else "", source or "",
                    *("; ".join(actors[pk][column]) for column in KIND_COLUMNS.values()),
                    "; ".join(events[pk]), "; ".join(amounts[pk]),
                ])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="articles.csv"'
    return response


def list_warc(request, articles) -> StreamingHttpResponse:
    """The captures of the matching articles (``articles``, in its order), as a WARC file
    streamed a record at a time: each page captured from the web (a capture or an imported
    crawl) as the response it was, body byte for byte, so importing the file into another
    archive gives the same articles and hashes. Articles that were never web pages (typed in,
    wire copy, feeds' items, JSON) have no capture and are left out; a warcinfo record first
    says how many were."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    captured = articles.filter(extra__has_key="captured_at")

    def records():
        out = BytesIO()
        writer = WARCWriter(out, gzip=True)

        def flush() -> bytes:
            data = out.getvalue()
            out.seek(0)
            out.truncate()
            return data

        total = articles.count()
        kept = captured.count()
        writer.write_record(writer.create_warcinfo_record("articles.warc.gz", {
            "software": "newsarchive", "format": "WARC File Format 1.1",
            "description": f"{kept} captured pages of {total} matching articles; "
                           f"{total - kept} were never web pages and are left out",
            "isPartOf": request.build_absolute_uri()}))
        yield flush()
        rows = captured.values_list("url", "original", "extra").iterator(chunk_size=100)
        for url, original, extra in rows:
            http = StatusAndHeaders("200 OK", [
                ("Content-Type", extra.get("content_type") or "text/html"),
                ("Content-Length", str(len(original)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(bytes(original)), http_headers=http,
                warc_headers_dict={"WARC-Date": extra.get("captured_at")
                                   or timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")}))
            yield flush()

    response = StreamingHttpResponse(records(), content_type="application/warc")
    response["Content-Disposition"] = 'attachment; filename="articles.warc.gz"'
    return response


# Control characters XML 1.0 has no form for; Django refuses to write them.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value):
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    if isinstance(value, (list, tuple)):
        return [_xml_text(item) for item in value]
    return value


class PlainTextAtom1Feed(Atom1Feed):
    """Atom whose summaries are ``type="text"``. Django writes them as ``type="html"``, which
    a feed reader parses as markup: imported text is untrusted, and what ``strip_tags``
    leaves of a broken tag (``<img src=x onerror=...`` never closed) would run there.
    Control characters in imported text or a query are dropped: XML cannot carry them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*(_xml_text(a) for a in args),
                         **{name: _xml_text(value) for name, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*(_xml_text(a) for a in args),
                         **{name: _xml_text(value) for name, value in kwargs.items()})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def list_atom(request, page, *, title: str):
    """A feed of the newest matching articles, so users can follow a search or an actor.
    Summaries are plain text: the excerpt with its tags stripped, and anything left that
    looks like markup escaped as text."""
    params = {k: v for k, v in request.GET.items() if k != "format"}
    feed = PlainTextAtom1Feed(
        title=title,
        link=request.build_absolute_uri(f"{request.path}?{urlencode(params)}"),
        description=title,
        feed_url=request.build_absolute_uri(request.get_full_path()),
        language="en",
    )
    for article in page.object_list:
        feed.add_item(
            title=article.title,
            link=request.build_absolute_uri(article.get_absolute_url()),
            description=strip_tags(getattr(article, "excerpt", "") or ""),
            pubdate=article.published_at or article.imported_at,
            updateddate=article.updated_at,
            unique_id=request.build_absolute_uri(article.get_absolute_url()),
            author_name=article.source.name if article.source else None,
            categories=[t.actor.name for t in article.visible_actor_tags],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
