"""Full-text search over articles: the ranked match and the highlighted snippets."""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Value
from django.db.models.functions import Left, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import SEARCH_BODY_CHARS, Article

# Private-use code points that no real text needs. ts_headline wraps matches in these rather
# than in HTML, so the whole snippet can be escaped as plain text before the <mark>s go in.
START_SEL = "\ue000"
STOP_SEL = "\ue001"


def search_query(q: str) -> SearchQuery:
    """The user's query in web-search syntax ("phrase", or, -word); never a syntax error."""
    return SearchQuery(q, config="english", search_type="websearch")


def articles_matching(queryset, q: str):
    """Articles matching `q`, best rank first; among equal ranks the newest first."""
    query = search_query(q)
    return (
        queryset.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", F("published_at").desc(nulls_last=True), "-id")
    )


def snippets_for(articles, q: str) -> dict[int, SafeString]:
    """{pk: snippet HTML} for just these articles, each match of `q` wrapped in <mark>.

    One query for the page being shown: ts_headline re-parses the text, so it is never run
    over every match.
    """
    # A sentinel already in the imported text would turn into a stray <mark>; drop them first.
    text = Replace(
        Replace(Left("body", SEARCH_BODY_CHARS), Value(START_SEL), Value("")),
        Value(STOP_SEL),
        Value(""),
    )
    headline = SearchHeadline(
        text,
        search_query(q),
        config="english",
        start_sel=START_SEL,
        stop_sel=STOP_SEL,
        max_words=40,
        min_words=20,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    rows = (
        Article.objects.filter(pk__in=[article.pk for article in articles])
        .annotate(headline=headline)
        .values_list("pk", "headline")
    )
    return {pk: highlight(text) for pk, text in rows}


def highlight(headline: str) -> SafeString:
    """Escape a sentinel-marked headline, then turn the sentinels into <mark> tags."""
    escaped = escape(headline)
    return mark_safe(escaped.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>"))
