"""Full-text search over articles: the query, its ranking, snippets and typo suggestions.

The query uses web-search syntax ("quoted phrase", or, -word) and matches what was typed, with
stemming, and the other spellings of the same name the gazetteer knows: "Zelensky" finds
"Zelenskiy" and "Zelenskyy", "Kyiv" finds "Kiev", "U.S." finds "United States". It never
widens to a related name of the same actor (a capital, a demonym, another name): "Kyiv" does
not find every article on Ukraine; the page offers that filter instead (``related_actors``).
"""

import difflib
import re
from functools import reduce

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Left, Lower, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles import listcache
from articles.models import SEARCH_BODY_CHARS, Actor, ActorAlias, Article, SearchWord

# Private-use code points that no real text needs. ts_headline wraps matches in these rather
# than in HTML, so the whole snippet can be escaped as plain text before the <mark>s go in.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
MAX_FORMS = 12  # names of one actor OR-ed into a query
# ts_headline re-parses the text it is given: 40 ms for one 150 KB press-briefing transcript,
# most of a second for a page of them. Snippets come from the first 20,000 characters (some
# 3,000 words; a news story is a tenth of that); where the words first appear later in a
# long transcript, the snippet is its opening, unmarked.
SNIPPET_CHARS = 20_000
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_terms(q: str) -> list[tuple[str, str]]:
    """(operator, text) pairs in web-search syntax: operator is "and", "or" or "not"."""
    terms, pending = [], "and"
    for match in _TOKEN.finditer(q):
        negated, phrase, word = match.groups()
        if word is not None and word.lower() == "or" and terms:
            pending = "or"
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        text = (phrase if phrase is not None else word).strip()
        if not text:
            continue
        terms.append(("not" if negated else pending, text))
        pending = "and"
    return terms


# endings that make a name's adjective or demonym ("Ukraine" -> "Ukrainian", "China" ->
# "Chinese"): a related word, not another spelling of the name
DERIVED_ENDINGS = ("ian", "ean", "an", "ese", "ish", "i", "n", "ic", "s")
SPELLING_SIMILARITY = 0.75


def _folded(name: str) -> str:
    return re.sub(r"[\s.\-’'`]", "", name.lower())


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[^\W\d_]+", name.lower()))


def _derived(one: str, other: str) -> bool:
    """One is the other's adjective or demonym, or their plural: "ukrainian" of "ukraine",
    "israelis" of "israel", "german" of "germany", "italian" of "italy"."""
    short, long = sorted((one, other), key=len)
    if long == short:
        return False
    stem = short[:-1] if short[-1:] in "aeoy" else short
    ending = long[len(stem):] if long.startswith(stem) else None
    if ending is not None and (ending in DERIVED_ENDINGS or ending.endswith("s")
                               and ending[:-1] in DERIVED_ENDINGS + ("",)):
        return True
    return long.endswith("y") and long[:-1] in (short, short.rstrip("s"))


def same_name(typed: str, name: str, *, person: bool = False) -> bool:
    """Whether ``name`` writes the name ``typed`` otherwise: the same letters ("U.S.", "US"),
    its initials ("U.S." and "United States"), or a close spelling ("Kyiv" and "Kiev",
    "Zelensky" and "Zelenskyy"), never a place's adjective or demonym ("Ukrainian"); a
    person's name has none ("Zaluzhny" and "Zaluzhnyi" are one)."""
    a, b = _folded(typed), _folded(name)
    if not a or not b:
        return False
    if a == b:
        return True
    if (" " in name and " " not in typed.strip() and a == _initials(name)) or (
            " " in typed.strip() and " " not in name.strip() and b == _initials(typed)):
        return len(a) > 1
    if not person and _derived(a, b):
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY


def spelling_variants(typed: str, names: list[str], *, person: bool = False) -> list[str]:
    """The writings among an actor's ``names`` of the name ``typed``: whole names, and for one
    typed word the last word of a person's longer names ("Zelenskiy" of "Volodymyr
    Zelenskiy"), never a word split out of an organisation's ("Asian" of the Association of
    Southeast Asian Nations)."""
    found = []
    one_word = " " not in typed.strip()
    for name in names:
        if same_name(typed, name, person=person):
            found.append(name)
        elif person and one_word and " " in name.strip():
            last = name.split()[-1]
            if len(last) > 2 and same_name(typed, last, person=True):
                found.append(last)
    return list(dict.fromkeys(found))


def _actor_names(lowered: set[str]) -> list[tuple[str, str, str, list[str]]]:
    """(slug, name, kind, every name) of the actors any of ``lowered`` names; one query."""
    named_by_alias = (ActorAlias.objects.annotate(lowered=Lower("alias"))
                      .filter(lowered__in=lowered).values("actor_id"))
    rows = (
        Actor.objects.known().annotate(lowered=Lower("name"))
        .filter(Q(lowered__in=lowered) | Q(pk__in=named_by_alias))
        .annotate(alias_list=ArrayAgg("aliases__alias", default=[]))
        .values_list("slug", "name", "kind", "alias_list")
    )
    return [(slug, name, kind, [name, *sorted(a for a in aliases if a)])
            for slug, name, kind, aliases in rows]


def typed_names(texts: list[str], version: str | None = None
                ) -> tuple[dict[str, list[str]], list[dict]]:
    """For the typed ``texts``, in one query: {lower-cased text: the ways the archive's actors
    write that name (the text itself first)}, and the actors a text names without being one
    of the actor's spellings ("Kyiv" names the country Ukraine), as dicts of typed, slug,
    name and kind, which the page offers as filters. With the data ``version`` the actors each
    text names are kept (listcache.py): asked once per version and text."""
    lowered = {t.lower() for t in texts}
    if not lowered:
        return {}, []
    forms: dict[str, list[str]] = {}
    related = []

    def named_by(words) -> dict[str, list]:
        rows = _actor_names(set(words))
        return {word: [row for row in rows if word in {n.lower() for n in row[3]}]
                for word in words}

    actors = {row[0]: row for rows in listcache.cached_many(
        "names", version, lowered, named_by).values() for row in rows}
    for slug, name, kind, names in actors.values():
        for text in {n.lower() for n in names} & lowered:
            typed = next(t for t in texts if t.lower() == text)
            # Multi-letter forms only: "US" and "U.S." stem to the same as "us", a stop word.
            variants = [n for n in spelling_variants(typed, names, person=kind == "person")
                        if len(n) > 2]
            forms[text] = list(dict.fromkeys([typed, *forms.get(text, []), *variants]))[:MAX_FORMS]
            if not same_name(typed, name, person=kind == "person") and slug not in {
                    actor["slug"] for actor in related}:
                related.append({"typed": typed, "slug": slug, "name": name, "kind": kind})
    return forms, related


def actor_forms(texts: list[str]) -> dict[str, list[str]]:
    """{lower-cased text: the ways the archive's actors write that name}; one query."""
    return typed_names(texts)[0]


def search_terms(q: str, version: str | None = None) -> tuple[SearchQuery, list[dict]]:
    """The user's query as a tsquery (never a syntax error, whatever was typed), and the
    actors its words name under another name (typed_names, kept per data ``version``)."""
    terms = parse_terms(q)
    forms, related = typed_names([text for op, text in terms if op != "not"], version)
    if not terms:
        return SearchQuery(q, config="english", search_type="websearch"), []
    groups: list[SearchQuery] = []
    for op, text in terms:
        names = forms.get(text.lower(), [text])
        term = reduce(lambda a, b: a | b, [
            SearchQuery(name, config="english", search_type="phrase") for name in names
        ])
        if op == "not":
            groups.append(~term)
        elif op == "or" and groups:
            groups[-1] = groups[-1] | term
        else:
            groups.append(term)
    return reduce(lambda a, b: a & b, groups), related


def search_query(q: str) -> SearchQuery:
    """The user's query as a tsquery; never a syntax error, whatever was typed."""
    return search_terms(q)[0]


def articles_matching(queryset, query: SearchQuery):
    """Articles matching ``query`` (from search_query)."""
    return queryset.filter(search_vector=query)


def ranked(queryset, query: SearchQuery):
    """``queryset`` annotated with each article's rank (title, lede, body weights)."""
    return queryset.annotate(rank=SearchRank(F("search_vector"), query))


def snippets_for(articles, query: SearchQuery) -> dict[int, SafeString]:
    """{pk: snippet HTML} for just these articles, each match of ``query`` wrapped in <mark>.

    One query for the page being shown: ts_headline re-parses the text, so it is never run
    over every match.
    """
    if not articles:
        return {}
    # A sentinel already in the imported text would turn into a stray <mark>; drop them first.
    text = Replace(
        Replace(Left("body", SNIPPET_CHARS), Value(START_SEL), Value("")),
        Value(STOP_SEL),
        Value(""),
    )
    headline = SearchHeadline(
        text,
        query,
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


def suggestions(q: str, limit: int = 5) -> dict[str, list]:
    """Near spellings for a query that found nothing: actor names and indexed words."""
    words = [text for op, text in parse_terms(q) if op != "not"]
    if not words:
        return {"actors": [], "words": []}
    phrase = " ".join(words)
    actors = list(
        Actor.objects.known()
        .annotate(similarity=TrigramSimilarity("name", phrase))
        .filter(Q(similarity__gt=0.3) | Q(aliases__alias__trigram_similar=phrase))
        .distinct().order_by("-similarity", "name")[:limit]
    )
    near = []
    for word in words[:3]:
        near += list(
            SearchWord.objects.filter(word__trigram_similar=word.lower())
            .annotate(similarity=TrigramSimilarity("word", word.lower()))
            .order_by("-similarity", "-documents").values_list("word", flat=True)[:limit]
        )
    return {"actors": actors, "words": list(dict.fromkeys(w for w in near if w not in q.lower()))[:limit]}


def search_words_add(*, batch_id: int | None = None) -> None:
    """Count the words of the articles of one import batch (all articles when None) into
    SearchWord, which typo suggestions read. Words as written (lower-cased), not stems."""
    where = "WHERE import_batch_id = %s" % int(batch_id) if batch_id is not None else ""
    documents = (
        f"SELECT to_tsvector('simple', left(title || ' ' || body, {SEARCH_BODY_CHARS})) "
        f"FROM articles_article {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_searchword (word, documents) "
            "SELECT word, ndoc FROM ts_stat(%s) "
            "WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z][a-z''-]*[a-z]$' "
            "ON CONFLICT (word) DO UPDATE "
            "SET documents = articles_searchword.documents + EXCLUDED.documents",
            [documents],
        )
