import logging

from django.core.paginator import EmptyPage, Paginator
from django.db import DatabaseError
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Left, NullIf
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.forms import ArticleListForm
from articles.highlight import Span, marked_paragraphs
from articles.models import Actor, Article, ArticleActor, Source
from articles.search import articles_matching, snippets_for

logger = logging.getLogger(__name__)

ARTICLES_PER_PAGE = 20

# The stored bytes and the vector can each be larger than the text; pages never show them.
HEAVY_FIELDS = ("original", "search_vector")


def listed(articles):
    """What a list of articles shows: the source and an excerpt, not whole transcripts."""
    return (
        articles.select_related("source")
        .defer("body", *HEAVY_FIELDS)
        .annotate(excerpt=Left(Coalesce(NullIf("lede", Value("")), "body"), 600))
    )


def bad_request(request, problems: list[str]):
    return render(request, "400.html", {"problems": problems}, status=400)


@require_safe
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
def article_list(request):
    form = ArticleListForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form.error_lines())
    q, page_number = form.cleaned_data["q"], form.cleaned_data["page"] or 1
    articles = listed(Article.objects.all())
    articles = articles_matching(articles, q) if q else articles.newest_first()
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        last = paginator.num_pages
        return bad_request(request, [f"page: There is no page {page_number}; the last is {last}."])
    page.object_list = list(page.object_list)
    snippets = snippets_for(page.object_list, q) if q else {}
    for article in page.object_list:
        article.snippet = snippets.get(article.pk)
    return render(request, "articles/article_list.html", {"page_obj": page, "q": q})


@require_safe
def article_detail(request, pk, slug=None):
    articles = Article.objects.select_related("source").defer(*HEAVY_FIELDS)
    article = get_object_or_404(articles, pk=pk)
    if slug != article.slug:
        # One address per article, so links, bookmarks and search engines agree.
        return redirect(article, permanent=True)
    actor_tags = list(article.actor_tags.visible().select_related("actor"))
    amounts = list(article.amounts.visible())
    spans = [
        Span(start, end, f"mention mention-{tag.actor.kind}", tag.actor.get_absolute_url(),
             f"{tag.actor.name} ({tag.actor.get_kind_display().lower()})")
        for tag in actor_tags for start, end in tag.offsets
    ] + [Span(a.start, a.end, "mention mention-amount", "", a.summary) for a in amounts]
    context = {
        "article": article,
        "paragraphs": marked_paragraphs(article.body, spans),
        "actor_groups": group_by_kind(actor_tags),
        "amounts": amounts,
    }
    return render(request, "articles/article_detail.html", context)


@require_safe
def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.prefetch_related("aliases"), slug=slug)
    form = ArticleListForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form.error_lines())
    # Each article shows the sentence that names the actor, not its lede.
    evidence = ArticleActor.objects.filter(article=OuterRef("pk"), actor=actor).values("evidence")
    articles = (
        listed(Article.objects.mentioning(actor))
        .annotate(evidence=Subquery(evidence[:1]))
        .newest_first()
    )
    paginator = Paginator(articles, ARTICLES_PER_PAGE)
    try:
        page = paginator.page(form.cleaned_data["page"] or 1)
    except EmptyPage:
        return bad_request(request, [f"page: There is no page {form.cleaned_data['page']}."])
    page.object_list = list(page.object_list)
    for article in page.object_list:
        article.excerpt = article.evidence or article.excerpt
    return render(request, "articles/actor_detail.html", {"actor": actor, "page_obj": page})


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


@never_cache
@require_safe
def healthz(request):
    try:
        article_count = Article.objects.count()
    except DatabaseError as exc:
        # The reason stays short: this URL is public, and the server's message can name hosts.
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "articles": article_count})
