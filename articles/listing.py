"""One list request, shared by /articles/ and the actor pages: parse the parameters, filter,
search, order, paginate, and load the tags of the rows shown."""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import F, Max, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, Left, NullIf

from articles import listcache
from articles.facets import facets_for
from articles.filters import ArticleFilter
from articles.forms import ArticleListForm
from articles.models import Amount, Article, ArticleActor, ArticleEvent
from articles.search import articles_matching, ranked, search_terms

ARTICLES_PER_PAGE = 20
# Above this many matches, counts say "more than 2,000", and facets and relevance cover a
# sample of 2,000 matches: counting, faceting and ranking every match of a common word is
# what makes the obvious SQL take seconds (docs/benchmarks.md, ../shared/perf-baseline.md).
COUNT_CAP = 2_000
NEWEST = [F("published_at").desc(nulls_last=True), F("id").desc()]
# Parameters that are not filters but are allowed on a list URL.
LIST_PARAMETERS = {"q", "page", "sort", "format", "more"}
# Parameters that change neither the matches nor their facet counts.
PRESENTATION_PARAMETERS = {"page", "sort", "format", "more"}
# The stored bytes and the vector can each be larger than the text; lists never show them.
HEAVY_FIELDS = ("original", "search_vector")


class BadParameters(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Listing:
    form: ArticleListForm
    filters: ArticleFilter
    articles: object  # the filtered, searched QuerySet, not yet ordered
    query: object = None  # the SearchQuery for q, if any
    # the actors q's words name under another name ("Kyiv": Ukraine), offered as filters
    related: list = field(default_factory=list)
    scope: str | None = None  # what the base queryset is ("" for every article), for the cache

    @property
    def q(self) -> str:
        return self.form.cleaned_data["q"]

    @property
    def format(self) -> str:
        return self.form.cleaned_data["format"] or "html"

    @property
    def statuses(self) -> list[str]:
        return self.filters.statuses

    @cached_property
    def _version(self) -> str | None:
        return listcache.data_version() if self.scope is not None else None

    @classmethod
    def searched(cls, form, filters, articles, scope):
        """The listing of ``articles`` with the form's q applied (the actors' names its words
        are read against kept per data version, the version asked once)."""
        listing = cls(form=form, filters=filters, articles=articles, scope=scope)
        if form.cleaned_data["q"]:
            listing.query, listing.related = search_terms(form.cleaned_data["q"], listing._version)
            listing.articles = articles_matching(articles, listing.query)
        return listing

    def cached(self, kind: str, extra, compute):
        """``compute()``, kept for the same matches at the same data version (listcache.py)."""
        params = sorted((name, tuple(values)) for name, values in self.form.data.lists()
                        if name not in PRESENTATION_PARAMETERS)
        return listcache.cached(kind, self._version, (self.scope, params, COUNT_CAP, extra),
                                compute)

    @cached_property
    def _first(self) -> list[tuple]:
        """(id, source slug, source name, year) of up to COUNT_CAP + 1 matches, in the order
        the index yields them (no sort). Fetched once: the count, the facets and the ranking
        all start from them, so the search and filters run once, not once per facet; the
        source and year facets are counted from these rows, which the search reads anyway."""
        def fetch():
            rows = self.articles.order_by().values_list(
                "pk", "source__slug", "source__name", ExtractYear("published_at"),
            )[:COUNT_CAP + 1]
            # One string object per source name, so the cached list pickles each name once.
            names: dict = {}
            return [(pk, names.setdefault(slug, slug), names.setdefault(name, name), year)
                    for pk, slug, name, year in rows]

        return self.cached("ids", None, fetch)

    @property
    def _first_ids(self) -> list[int]:
        return [row[0] for row in self._first]

    def facets(self, more=()) -> tuple[dict[str, list[dict]], set[str]]:
        """The facet counts over ``counted`` (facets.py)."""
        more = tuple(sorted(more))
        return self.cached("facets", more, lambda: facets_for(
            self._first[:COUNT_CAP], statuses=self.statuses, more=more))

    @property
    def total(self) -> int:
        """How many articles match, counted up to COUNT_CAP + 1 (more is "over 2,000")."""
        return len(self._first)

    @property
    def exact(self) -> bool:
        """Whether counts, facets and ranking cover every match (else a sample of COUNT_CAP)."""
        return self.total <= COUNT_CAP

    @property
    def counted(self):
        """The articles facets and relevance cover: every match, or the first COUNT_CAP the
        index yields (in no meaningful order: a sample, which costs no sort)."""
        return Article.objects.filter(id__any=self._first_ids[:COUNT_CAP])

    def _bounded(self, sort: str) -> bool:
        """Whether ``sort`` orders the bounded set ``counted`` rather than every match."""
        # Ranking reads every match's stored vector, and the largest amount of every match is
        # as costly to find as its rank: over a bounded set only. And when every match is
        # already known, sorting those few ids beats letting the planner walk the date index
        # for a rare word.
        return sort in ("relevance", "amount") or self.exact

    def ordered(self, sort: str | None = None):
        sort = sort or self.form.sort_order
        if sort == "relevance":
            return ordered(ranked(self.counted, self.query), sort, self.statuses)
        if self._bounded(sort):
            return ordered(self.counted, sort, self.statuses)
        return ordered(self.articles, sort, self.statuses)

    def page(self, sort: str | None = None) -> Page:
        """One page of the matches; with their visible tags for the JSON and the feed (the
        HTML rows show no tags)."""
        statuses = self.statuses if self.format != "html" else None
        sort = sort or self.form.sort_order
        number = self.form.cleaned_data["page"]
        if self._bounded(sort):
            # The order of a bounded set is sorted once and kept: the next page, the JSON or
            # the same search again read 20 rows by id instead of ranking 2,000 again.
            ids = self.cached("order", sort, lambda: list(
                self.ordered(sort).values_list("pk", flat=True)))
            paginator = Paginator(ids, ARTICLES_PER_PAGE)
        else:
            paginator = CountedPaginator(
                for_display(self.ordered(sort), statuses), ARTICLES_PER_PAGE,
                count=lambda: min(self.total, COUNT_CAP),
            )
        try:
            page = paginator.page(number)
        except EmptyPage:
            raise BadParameters([f"page: there is no page {number}; the last is "
                                 f"{paginator.num_pages}."]) from None
        if self._bounded(sort):
            shown = {article.pk: article for article in for_display(
                Article.objects.filter(id__any=list(page.object_list)).order_by(), statuses)}
            page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
        else:
            page.object_list = list(page.object_list)
        return page


def listing_from(params, base=None, scope: str | None = "") -> Listing:
    """Parse ``params`` (request.GET); raise BadParameters naming every bad one. ``scope``
    names ``base`` for the cache (None: keep nothing)."""
    unknown = sorted(set(params) - LIST_PARAMETERS - set(ArticleFilter.base_filters))
    form = ArticleListForm(params)
    filters = ArticleFilter(params, queryset=base if base is not None else Article.objects.all())
    form_ok, filters_ok = form.is_valid(), filters.is_valid()
    problems = [f"{name}: unknown parameter" for name in unknown]
    if not (form_ok and filters_ok) or problems:
        raise BadParameters(problems + form.error_lines() + filters.clean_errors())
    return Listing.searched(form, filters, filters.qs, scope if base is None or scope else None)


class CountedPaginator(Paginator):
    """Counts the matching articles without the ranking and columns of the page query."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self._count = count

    @property
    def count(self):
        if not hasattr(self, "_counted"):
            self._counted = self._count()
        return self._counted


def ordered(articles, sort: str, statuses):
    newest = NEWEST
    if sort == "relevance":
        return articles.order_by(F("rank").desc(), *newest)
    if sort == "oldest":
        return articles.order_by(F("published_at").asc(nulls_last=True), "id")
    if sort == "amount":
        largest = (Amount.objects.filter(article=OuterRef("pk"), status__in=statuses)
                   .order_by().values("article").annotate(largest=Max("value_usd"))
                   .values("largest"))
        return articles.annotate(largest_usd=Subquery(largest)).order_by(
            F("largest_usd").desc(nulls_last=True), *newest)
    return articles.order_by(*newest)


def for_display(articles, statuses=None):
    """The columns a list row shows (an excerpt, not the whole text), and with ``statuses``
    the tags of those statuses, which the exports and the JSON list show."""
    articles = (
        articles.select_related("source")
        .defer("body", *HEAVY_FIELDS)
        .annotate(excerpt=Left(Coalesce(NullIf("lede", Value("")), "body"), 600))
    )
    return articles.prefetch_related(*tag_prefetches(statuses)) if statuses else articles


def tag_prefetches(statuses) -> list[Prefetch]:
    return [
        Prefetch("actor_tags", to_attr="visible_actor_tags",
                 queryset=ArticleActor.objects.filter(status__in=statuses)
                 .select_related("actor").order_by("actor__kind", "-mention_count")),
        Prefetch("amounts", to_attr="visible_amounts",
                 queryset=Amount.objects.filter(status__in=statuses)),
        Prefetch("event_tags", to_attr="visible_event_tags",
                 queryset=ArticleEvent.objects.filter(status__in=statuses).select_related("event")),
    ]


FACET_HEADINGS = [("person", "People"), ("country", "Countries"),
                  ("organization", "Organisations"), ("equipment", "Equipment"),
                  ("event", "Events"), ("source", "Sources"), ("year", "Years")]


def url_with(params, *, add=None, remove=None) -> str:
    """The query string of ``params`` with one value added to or removed from a repeatable
    parameter; the page is reset, since the result set changes."""
    params = params.copy()
    params.pop("page", None)
    if remove:
        name, value = remove
        params.setlist(name, [v for v in params.getlist(name) if v != value])
    if add:
        name, value = add
        if value not in params.getlist(name):
            params.appendlist(name, value)
    return f"?{params.urlencode()}" if params else "?"


def facet_groups(params, facets) -> list[tuple[str, str, list[dict]]]:
    """(name, heading, values) with each value's link to add it as a filter."""
    groups = []
    for name, heading in FACET_HEADINGS:
        values = []
        for value in facets.get(name, []):
            if name == "year":
                year = value["slug"]
                active = params.get("date_from") == f"{year}-01-01" and params.get("date_to") == f"{year}-12-31"
                added = params.copy()
                added.pop("page", None)
                added["date_from"], added["date_to"] = f"{year}-01-01", f"{year}-12-31"
                href = f"?{added.urlencode()}"
            else:
                active = value["slug"] in params.getlist(name)
                href = url_with(params, add=(name, value["slug"]))
            values.append({**value, "href": href, "active": active})
        groups.append((name, heading, values))
    return groups
