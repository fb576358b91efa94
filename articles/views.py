import logging
from collections import Counter

from csp.constants import NONE, SELF
from csp.decorators import csp
from django.core.paginator import EmptyPage, Paginator
from django.db import DatabaseError
from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from articles import listcache, outage, reconcile
from articles.exports import article_json, list_atom, list_csv, list_json, list_warc
from articles.forms import ActorIndexForm, ArticleListForm
from articles.highlight import Anchor, Span, marked_paragraphs
from articles.importers.records import decode_record
from articles.importers.warc import capture_encoding
from articles.ledger import (
    ROWS_PER_PAGE,
    event_counterpart,
    events_listed,
    ledger_choices,
    ledger_csv,
    ledger_json,
    ledger_rows,
    ledger_totals,
    usd_words,
    with_equipment,
    year_chart,
)
from articles.listing import (
    COUNT_CAP,
    HEAVY_FIELDS,
    BadParameters,
    facet_groups,
    for_display,
    listing_from,
    tag_prefetches,
    url_with,
)
from articles.models import (
    Actor,
    ActorRedirect,
    AidEntry,
    Article,
    ArticleActor,
    ArticleEvent,
    Event,
    Source,
    TagStatus,
)
from articles.profiles import actor_profile, related_articles
from articles.replay import inert_html
from articles.search import snippets_for, suggestions
from articles.tagging.records import held_apart

logger = logging.getLogger(__name__)


def listed(articles):
    """What a list of articles shows: the source and an excerpt, not whole transcripts."""
    return for_display(articles)


def bad_request(request, problems: list[str]):
    if request.GET.get("format") == "json":
        return JsonResponse({"errors": problems}, status=400)
    return render(request, "400.html", {"problems": problems}, status=400)


@require_safe
@listcache.kept_for_readers("home")
def home(request):
    counts = Article.objects.aggregate(
        articles=Count("id"), needing_review=Count("id", filter=Q(needs_review=True))
    )
    latest = listed(Article.objects.newest_first())[:10]
    return render(
        request,
        "articles/home.html",
        {"latest": latest, "counts": counts, "source_count": Source.objects.count()},
    )


@require_safe
@listcache.kept_for_readers("list")
def article_list(request):
    try:
        listing = listing_from(request.GET)
        if listing.format == "csv":
            return list_csv(request, listing.ordered(), listing.statuses)
        if listing.format == "warc":
            return list_warc(request, listing.ordered())
        page = listing.page("newest" if listing.format == "atom" and not
                            listing.form.cleaned_data["sort"] else None)
    except BadParameters as error:
        return bad_request(request, error.problems)
    title = f"“{listing.q}”" if listing.q else "All articles"
    if listing.format == "atom":
        return list_atom(request, page, title=f"{title} – Defense-aid news archive")
    snippets = listing.cached("snippets", [article.pk for article in page.object_list], lambda: (
        snippets_for(page.object_list, listing.query))) if listing.q else {}
    facets, more = listing.facets(more=listing.form.cleaned_data["more"])
    if listing.format == "json":
        return list_json(request, page, facets, snippets, exact=listing.exact)
    for article in page.object_list:
        article.snippet = snippets.get(article.pk)
    context = {
        "page_obj": page, "q": listing.q, "more": more, "sort": listing.form.sort_order,
        "exact": listing.exact, "count_cap": COUNT_CAP,
        "facet_groups": facet_groups(request.GET, facets), "chips": listing.filters.chips(),
        "sort_choices": ArticleListForm.base_fields["sort"].choices,
        "suggestions": suggestions(listing.q) if listing.q and not page.paginator.count else None,
        "related": [{**actor, "href": url_with(request.GET, add=(actor["kind"], actor["slug"]))}
                    for actor in listing.related
                    if actor["slug"] not in request.GET.getlist(actor["kind"])],
    }
    return render(request, "articles/article_list.html", context)


@require_safe
@listcache.kept_for_readers("article")
def article_detail(request, pk, slug=None):
    articles = Article.objects.select_related("source").defer(*HEAVY_FIELDS)
    article = get_object_or_404(articles, pk=pk)
    if slug != article.slug:
        # One address per article, so links, bookmarks and search engines agree.
        url = article.get_absolute_url()
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    if request.GET.get("format") == "json":
        prefetch_related_objects([article], *tag_prefetches(TagStatus.visible()))
        return JsonResponse(article_json(request, article), json_dumps_params={"ensure_ascii": False})
    if request.GET.get("format") not in (None, "", "html"):
        return bad_request(request, ["format: choose html or json."])
    # for readers not logged in, the page is kept per data version (kept_for_readers): the
    # same until its tags, a curator's decision or an import that brings related articles
    return HttpResponse(article_page(request, article))


def article_page(request, article) -> str:
    """The article page's HTML: the text with every tagged mention marked, its tags and
    amounts, and related articles."""
    prefetch_related_objects([article], *tag_prefetches(TagStatus.visible()))
    spans = [
        Span(start, end, f"mention mention-{tag.actor.kind}", url, label)
        for tag, url, label in (
            (t, t.actor.get_absolute_url(), f"{t.actor.name} ({t.actor.get_kind_display().lower()})")
            for t in article.visible_actor_tags
        )
        for start, end in tag.offsets
    ] + [Span(a.start, a.end, "mention mention-amount", "", a.summary)
         for a in article.visible_amounts]
    aid = list(AidEntry.objects.visible().filter(article=article).select_related("donor", "recipient"))
    anchors = [Anchor(e.start, e.end, e.anchor, f"{e.donor.name} → {e.recipient.name}: "
                      f"{e.amount_text} ({e.get_kind_display().lower()})") for e in aid]
    context = {
        "article": article,
        "held_on": held_apart(article),
        "paragraphs": marked_paragraphs(article.body, spans, anchors=anchors),
        "aid_entries": aid,
        "actor_groups": group_by_kind(article.visible_actor_tags),
        "amounts": article.visible_amounts,
        "related": listed(related_articles(article))[:5],
    }
    return render_to_string("articles/article_detail.html", context, request)


@require_safe
@listcache.kept_for_readers("actor")
def actor_detail(request, slug):
    actor = Actor.objects.filter(slug=slug).select_related("merged_into").first()
    if actor is None:
        merged = ActorRedirect.objects.filter(old_slug=slug).select_related("actor").first()
        if merged is None:
            raise Http404(f"No actor {slug!r}")
        return redirect(merged.actor, permanent=True)
    if actor.merged_into is not None:
        # Merged by a curator: the old address answers with the survivor's page, queries kept.
        query = request.GET.urlencode()
        url = actor.merged_into.get_absolute_url()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    if actor.status == TagStatus.REJECTED:
        raise Http404(f"No actor {slug!r}")
    prefetch_related_objects([actor], "aliases")
    try:
        listing = listing_from(request.GET, base=Article.objects.mentioning(actor),
                               scope=f"actor {actor.pk}")
        if listing.format == "csv":
            return list_csv(request, listing.ordered(), listing.statuses)
        if listing.format == "warc":
            return list_warc(request, listing.ordered())
        page = listing.page("newest" if listing.format == "atom" else None)
    except BadParameters as error:
        return bad_request(request, error.problems)
    if listing.format == "atom":
        return list_atom(request, page, title=f"{actor.name} – Defense-aid news archive")
    if listing.format == "json":
        facets, _ = listing.facets()
        return list_json(request, page, facets, {}, exact=listing.exact)
    # Each article shows the sentence that names the actor, not its lede.
    evidence = dict(ArticleActor.objects.filter(
        actor=actor, article__in=[a.pk for a in page.object_list]).values_list("article", "evidence"))
    for article in page.object_list:
        article.excerpt = evidence.get(article.pk) or article.excerpt
    context = {
        "actor": actor, "page_obj": page, "chips": listing.filters.chips(),
        "sort": listing.form.sort_order, "sort_choices": ArticleListForm.base_fields["sort"].choices,
        "profile": listing.cached("profile", None, lambda: actor_profile(
            actor, listing.counted, listing.statuses)),
        "exact": listing.exact, "count_cap": COUNT_CAP,
    }
    return render(request, "articles/actor_detail.html", context)


@require_safe
@listcache.kept_for_readers("actors")
def actor_index(request, kind):
    form = ActorIndexForm(request.GET)
    problems = [f"{name}: unknown parameter" for name in sorted(set(request.GET) - {"q"})]
    if problems or not form.is_valid():
        return bad_request(request, problems + form.error_lines())
    search = form.cleaned_data["q"][:200]
    # the names the tagger proposed are listed too, marked, until a curator rejects them
    actors = Actor.objects.listed().filter(kind=kind).annotate(
        articles=Count("article_tags", filter=Q(article_tags__status__in=TagStatus.visible())))
    if search:
        actors = actors.filter(Q(name__icontains=search) | Q(aliases__alias__icontains=search)).distinct()
    actors = actors.filter(articles__gt=0) if not search else actors
    context = {"kind": kind, "heading": KIND_HEADINGS[kind], "search": search,
               "actors": actors.order_by("-articles", "name")[:500]}
    return render(request, "articles/actor_index.html", context)


@require_safe
@listcache.kept_for_readers("aid")
def aid_ledger(request):
    try:
        filters, rows = ledger_rows(request.GET)
        fmt = request.GET.get("format") or "html"
        if fmt == "csv":
            return ledger_csv(request, rows)
        page = _page_of(with_equipment(rows), request.GET.get("page"))
    except BadParameters as error:
        return bad_request(request, error.problems)
    if fmt == "json":
        return ledger_json(request, page, ledger_totals(rows, request.GET))
    # for readers not logged in, kept per data version (kept_for_readers): its sums, the check
    # against the stated totals and the chart
    return HttpResponse(aid_ledger_page(request, filters, page, rows))


def aid_ledger_page(request, filters, page, rows) -> str:
    """The ledger page's HTML: the rows of ``page``, the sums of ``rows``, the check of the
    sums against the totals the texts state, and the charts."""
    totals = ledger_totals(rows, request.GET)
    for row in totals["by_donor"]:
        row["words"] = usd_words(row["value_usd"])
    donors = filters.form.cleaned_data.get("donor") or []
    recipients = filters.form.cleaned_data.get("recipient") or []
    checked = reconcile.gaps(donors, recipients)
    pairs = Counter((g.total.donor, g.total.recipient) for g in checked)
    reconciliation = reconcile.chart(*pairs.most_common(1)[0][0], checked) if pairs else None
    context = {"page_obj": page, "totals": totals, "chart": year_chart(totals["by_year"]),
               "reconciliation": reconciliation,
               "gaps": sorted(checked, key=lambda g: (g.total.as_of, g.total.pk), reverse=True),
               "gaps_open": sum(g.checkable and not g.agrees for g in checked),
               "gaps_checkable": sum(g.checkable for g in checked),
               "gaps_unchecked": sum(not g.checkable for g in checked),
               "choices": ledger_choices(), "params": request.GET, "filters": filters,
               "programmes": AidEntry.Programme.choices, "stages": AidEntry.Stage.choices}
    return render_to_string("articles/aid_ledger.html", context, request)


def _page_of(rows, number):
    paginator = Paginator(rows, ROWS_PER_PAGE)
    try:
        number = int(number or 1)
        return paginator.page(number)
    except ValueError:
        raise BadParameters([f"page: {str(number)[:40]!r} is not a page number."]) from None
    except EmptyPage:
        raise BadParameters([f"page: there is no page {number}; the last is "
                             f"{paginator.num_pages}."]) from None


@require_safe
@listcache.kept_for_readers("events")
def event_list(request):
    try:
        filters, events = events_listed(request.GET)
        if request.GET.get("format") not in (None, "", "html"):
            raise BadParameters(["format: the events timeline is html only."])
        page = _page_of(events, request.GET.get("page"))
    except BadParameters as error:
        return bad_request(request, error.problems)
    years = {}
    for event in page.object_list:
        years.setdefault(event.start_date.year if event.start_date else None, []).append(event)
    context = {"page_obj": page, "years": list(years.items()), "params": request.GET,
               "kinds": Event.Kind.choices, "filters": filters}
    return render(request, "articles/event_list.html", context)


@require_safe
@listcache.kept_for_readers("event")
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.visible(), slug=slug)
    tags = (ArticleEvent.objects.filter(event=event, status__in=TagStatus.visible())
            .select_related("article", "article__source").defer("article__body", *[
                f"article__{name}" for name in HEAVY_FIELDS])
            .order_by("article__published_at", "article_id"))
    aid = (AidEntry.objects.visible().filter(Q(event=event) | Q(article__event_tags__in=tags))
           .distinct().select_related("donor", "recipient", "article", "amount")
           .order_by("date", "id"))
    context = {"event": event, "tags": list(tags), "aid_entries": list(aid),
               "counterpart": event_counterpart(event)}
    return render(request, "articles/event_detail.html", context)


KIND_HEADINGS = {"person": "People", "country": "Countries", "organization": "Organisations",
                 "equipment": "Equipment"}


def group_by_kind(actor_tags):
    """[(heading, [tags, most mentioned first])] in a fixed order of kinds."""
    groups = []
    for kind, heading in KIND_HEADINGS.items():
        tags = sorted((t for t in actor_tags if t.actor.kind == kind),
                      key=lambda t: (-t.mention_count, t.actor.name))
        if tags:
            groups.append((heading, tags))
    return groups


def _captured(pk, slug) -> Article:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk, slug=slug)
    if not article.captured_at:
        raise Http404("This article was not captured from the web.")
    return article


@require_safe
def article_capture(request, pk, slug):
    """The page as it was captured, inert, in a sandboxed frame under a banner that says when
    and from where; the raw response to download."""
    article = _captured(pk, slug)
    return render(request, "articles/article_capture.html", {"article": article})


# The frame's own policy: nothing loads (no script, image, font or connection), its inline
# styles apply, and it is sandboxed whatever frame it is shown in.
REPLAY_POLICY = {"default-src": [NONE], "style-src": ["'unsafe-inline'"], "img-src": ["data:"],
                 "frame-ancestors": [SELF], "sandbox": [True], "base-uri": [NONE],
                 "form-action": [NONE]}


@require_safe
@xframe_options_sameorigin
@csp(REPLAY_POLICY)
def article_capture_page(request, pk, slug):
    article = _captured(pk, slug)
    html, _ = decode_record(bytes(article.original), capture_encoding(
        article.extra.get("content_type", ""), bytes(article.original)))
    return HttpResponse(inert_html(html), content_type="text/html; charset=utf-8")


@require_safe
def article_capture_raw(request, pk, slug):
    article = _captured(pk, slug)
    response = HttpResponse(bytes(article.original), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="article-{article.pk}-capture.html"'
    return response


@never_cache
@require_safe
def healthz(request):
    try:
        article_count = Article.objects.count()
    except DatabaseError as exc:
        # The reason stays short: this URL is public, and the server's message can name hosts.
        response = JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
        if not outage.is_outage(exc):
            logger.exception("Health check: the database did not answer")
            return response
        outage.database_unavailable(request, exc)  # logged once per outage
        return outage.logged_already(response)
    return JsonResponse({"status": "ok", "database": "ok", "articles": article_count})
