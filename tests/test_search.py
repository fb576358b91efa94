"""Search and browse: query syntax, alias-aware search, filters, facets, sorting, exports,
actor pages, and what a bad parameter does."""

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from defusedxml import ElementTree
from django.core.management import call_command

from articles.models import (
    Actor,
    ActorAlias,
    Amount,
    Article,
    ArticleActor,
    ArticleEvent,
    Event,
    TagStatus,
)
from tests.conftest import make_article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

pytestmark = pytest.mark.django_db


def actor(name, kind, *aliases):
    from django.utils.text import slugify

    row = Actor.objects.create(name=name, slug=slugify(name), kind=kind)
    for alias in aliases:
        ActorAlias.objects.create(actor=row, alias=alias)
    return row


def tag(article, *actors, status=TagStatus.SUGGESTED):
    for row in actors:
        ArticleActor.objects.create(article=article, actor=row, mention_count=1, status=status)


def money(article, usd, status=TagStatus.SUGGESTED):
    start = Amount.objects.filter(article=article).count() * 10
    Amount.objects.create(article=article, value=Decimal(usd), currency="USD", value_usd=Decimal(usd),
                          raw_text=f"${usd}", start=start, end=start + 5, status=status)


def when(year, month=6, day=1):
    return datetime(year, month, day, 12, tzinfo=timezone.utc)


@pytest.fixture
def archive():
    """Four articles with known tags, amounts, sources and dates; counted by hand below."""
    ukraine = actor("Ukraine", "country", "Ukrainian")
    poland = actor("Poland", "country", "Polish")
    israel = actor("Israel", "country")
    austin = actor("Lloyd Austin", "person", "Lloyd J. Austin III")
    zelenskiy = actor("Volodymyr Zelenskiy", "person", "Zelensky", "Zelenskyy")
    nato = actor("NATO", "organization")
    patriot = actor("Patriot", "equipment")
    a = make_article("Austin pledges Patriot interceptors", body="Lloyd Austin pledged Patriot "
                     "air defense interceptors to Ukraine and Poland.", published_at=when(2024, 7, 2),
                     source="Reuters")
    b = make_article("Zelenskiy asks NATO for air defense", body="Volodymyr Zelenskiy asked NATO "
                     "allies for more air defense.", published_at=when(2023, 5, 1), source="Reuters")
    c = make_article("Poland sends tanks", body="Poland sent tanks to Ukraine.",
                     published_at=when(2022, 3, 1), source="AP")
    d = make_article("Israel aid bill passes", body="The aid bill for Israel passed the Senate.",
                     published_at=when(2024, 4, 20), source="AP")
    tag(a, ukraine, poland, austin, patriot)
    tag(b, ukraine, zelenskiy, nato)
    tag(c, ukraine, poland)
    tag(d, israel)
    money(a, "2300000000")
    money(b, "50000000")
    money(d, "14000000000")
    return {"a": a, "b": b, "c": c, "d": d, "ukraine": ukraine, "poland": poland,
            "austin": austin, "patriot": patriot, "nato": nato, "zelenskiy": zelenskiy}


def titles(client, **params):
    response = client.get("/articles/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


# --- query syntax ---------------------------------------------------------------------------

def test_phrase_or_and_exclusion(client, archive):
    assert titles(client, q='"air defense"', sort="newest") == [
        "Austin pledges Patriot interceptors", "Zelenskiy asks NATO for air defense"]
    assert titles(client, q='"defense air"') == []
    assert sorted(titles(client, q="tanks or Israel")) == ["Israel aid bill passes", "Poland sends tanks"]
    assert titles(client, q="Ukraine -tanks", sort="newest") == [
        "Austin pledges Patriot interceptors"]


def test_english_stemming(client, archive):
    assert titles(client, q="interceptor") == ["Austin pledges Patriot interceptors"]
    assert titles(client, q="pledging") == ["Austin pledges Patriot interceptors"]


def test_alias_aware_search_finds_other_spellings(client, archive):
    # The article says "Zelenskiy"; the user types "Zelensky".
    assert titles(client, q="Zelensky") == ["Zelenskiy asks NATO for air defense"]
    assert titles(client, q="Zelenskyy allies") == ["Zelenskiy asks NATO for air defense"]


def test_a_search_matches_what_was_typed_not_a_related_name(client):
    """"Kyiv" finds Kyiv and Kiev, not every article on Ukraine; "U.S." finds "United States";
    the page offers the country as a filter instead."""
    ukraine = actor("Ukraine", "country", "Ukrainian", "Kyiv", "Kiev")
    actor("United States", "country", "U.S.", "US", "American", "Washington")
    capital = make_article("Strikes on Kyiv", body="Missiles struck Kyiv overnight.")
    old = make_article("Kiev talks", body="Talks were held in Kiev in 2014.")
    country = make_article("Ukraine's harvest", body="Ukrainian farmers brought in the harvest.")
    make_article("Aid from the United States", body="The United States sent aid.")
    make_article("Americans vote", body="American voters went to the polls.")
    for article in (capital, old, country):
        tag(article, ukraine)
    assert sorted(titles(client, q="Kyiv")) == ["Kiev talks", "Strikes on Kyiv"]
    assert titles(client, q="Ukraine") == ["Ukraine's harvest"]
    assert titles(client, q="U.S.") == ["Aid from the United States"]
    page = client.get("/articles/", {"q": "Kyiv"}).content.decode()
    assert "“Kyiv” is in the archive as part of Ukraine" in page
    assert 'href="?q=Kyiv&amp;country=ukraine">filter by the country Ukraine</a>' in page
    # once the filter is on, the page no longer offers it
    filtered = client.get("/articles/", {"q": "Kyiv", "country": "ukraine"}).content.decode()
    assert "is in the archive as part of" not in filtered


@pytest.mark.parametrize(("typed", "names", "person", "variants"), [
    ("Kyiv", ["Ukraine", "Kyiv", "Kiev", "Ukrainian", "Ukrainians"], False, ["Kyiv", "Kiev"]),
    ("Zelensky", ["Volodymyr Zelenskiy", "Zelenskyy"], True, ["Zelenskiy", "Zelenskyy"]),
    ("Zaluzhny", ["Valerii Zaluzhnyi", "Zaluzhnyi"], True, ["Zaluzhnyi"]),
    ("U.S.", ["United States", "U.S.", "American", "Washington"], False, ["United States", "U.S."]),
    ("Israel", ["Israel", "Israeli", "Israelis", "Jerusalem"], False, ["Israel"]),
    ("Germany", ["Germany", "German", "Germans", "Berlin"], False, ["Germany"]),
    ("China", ["China", "Chinese", "Beijing", "PRC"], False, ["China"]),
    ("ASEAN", ["ASEAN", "Association of Southeast Asian Nations"], False, ["ASEAN"]),
])
def test_the_spellings_of_a_name_are_its_variants_never_its_relatives(typed, names, person,
                                                                      variants):
    from articles.search import spelling_variants

    assert spelling_variants(typed, names, person=person) == variants


def test_relevance_puts_title_matches_first_and_recency_breaks_ties(client):
    make_article("Budget talks", body="Howitzers were mentioned once.", published_at=when(2024))
    make_article("Howitzers arrive", body="Howitzers arrived.", published_at=when(2020))
    make_article("Old note", body="Howitzers were mentioned once.", published_at=when(2019))
    assert titles(client, q="howitzers") == ["Howitzers arrive", "Budget talks", "Old note"]


def test_snippet_marks_matches_and_escapes_markup(client):
    make_article("Markup", body="Attackers wrote <script>alert('x')</script> near the NASAMS battery.")
    row = client.get("/articles/", {"q": "NASAMS", "format": "json"}).json()["results"][0]
    assert "<mark>NASAMS</mark>" in row["snippet"]
    assert "<script>" not in row["snippet"]
    page = client.get("/articles/", {"q": "NASAMS"}).content.decode()
    assert "<script>alert" not in page
    detail = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in detail


def test_snippets_of_long_transcripts_come_from_their_first_part(client):
    filler = "The briefing went on about schedules and travel. " * 600  # ~29,000 characters
    make_article("Early", body=f"Kirby spoke about NASAMS first.\n\n{filler}")
    make_article("Late", body=f"{filler}\n\nOnly at the end: NASAMS.")
    rows = {row["title"]: row["snippet"] for row in
            client.get("/articles/", {"q": "NASAMS", "format": "json"}).json()["results"]}
    assert "<mark>NASAMS</mark>" in rows["Early"]
    assert "<mark>" not in rows["Late"] and rows["Late"].startswith("The briefing went on")


def test_typo_gets_suggestions(client, archive):
    call_command("refresh_search_words", stdout=io.StringIO())
    page = client.get("/articles/", {"q": "Zelenskey"}).content.decode()
    assert "Nothing matches. Did you mean" in page
    assert ">Volodymyr Zelenskiy</a>" in page
    page = client.get("/articles/", {"q": "intercepters"}).content.decode()
    assert ">interceptors</a>" in page


# --- filters ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "ukraine"}, {"a", "b", "c"}),
    ({"country": ["ukraine", "poland"]}, {"a", "c"}),
    ({"person": "lloyd-austin"}, {"a"}),
    ({"organization": "nato"}, {"b"}),
    ({"equipment": "patriot"}, {"a"}),
    ({"source": "ap"}, {"c", "d"}),
    ({"amount_min": "1000000000"}, {"a", "d"}),
    ({"amount_max": "3000000000"}, {"a", "b"}),
    ({"amount_min": "100000000", "amount_max": "3000000000"}, {"a"}),
    ({"date_from": "2024-01-01"}, {"a", "d"}),
    ({"date_to": "2023-12-31"}, {"b", "c"}),
    ({"date_from": "2023-01-01", "date_to": "2024-05-01", "country": "ukraine"}, {"b"}),
    ({"q": "air defense", "country": "ukraine"}, {"a", "b"}),
])
def test_filters_combine(client, archive, params, expected):
    found = set(titles(client, **params))
    assert found == {archive[key].title for key in expected}


def test_confirmed_shows_only_reviewed_tags(client, archive):
    ArticleActor.objects.filter(article=archive["c"], actor=archive["ukraine"]).update(
        status=TagStatus.CONFIRMED)
    assert titles(client, country="ukraine", confirmed="1") == ["Poland sends tanks"]
    assert len(titles(client, country="ukraine", confirmed="0")) == 3


def test_rejected_tags_never_match(client, archive):
    ArticleActor.objects.filter(article=archive["a"], actor=archive["patriot"]).update(
        status=TagStatus.REJECTED)
    assert titles(client, equipment="patriot") == []


def test_event_filter(client, archive):
    summit = Event.objects.create(name="NATO summit 2024", slug="nato-summit-2024", kind="summit")
    ArticleEvent.objects.create(article=archive["b"], event=summit)
    assert titles(client, event="nato-summit-2024") == [archive["b"].title]


@pytest.mark.parametrize(("params", "named"), [
    ({"country": "narnia"}, "country: no country 'narnia'"),
    ({"person": "ukraine"}, "person: no person 'ukraine'"),
    ({"amount_min": "lots"}, "amount_min:"),
    ({"amount_min": "-5"}, "amount_min:"),
    ({"date_from": "2024-13-01"}, "date_from:"),
    ({"date_to": "yesterday"}, "date_to:"),
    ({"confirmed": "maybe"}, "confirmed: 'maybe' is not 1 or 0."),
    ({"sort": "random"}, "sort:"),
    ({"sort": "relevance"}, "sort: relevance needs a query"),
    ({"format": "xml"}, "format:"),
    ({"page": "0"}, "page:"),
    ({"page": "99"}, "page: there is no page 99"),
    ({"more": "colour"}, "more:"),
    ({"countries": "ukraine"}, "countries: unknown parameter"),
    ({"source": "bad slug!"}, "source:"),
])
def test_bad_parameters_are_a_400_naming_them(client, archive, params, named):
    response = client.get("/articles/", params)
    assert response.status_code == 400
    assert named in response.content.decode().replace("&#x27;", "'")
    if "format" in params:
        return
    json_response = client.get("/articles/", {**params, "format": "json"})
    assert json_response.status_code == 400
    assert any(line.startswith(named.split(":")[0] + ":") for line in json_response.json()["errors"])


# --- facets ---------------------------------------------------------------------------------------

def facet(data, name):
    return {row["slug"]: row["count"] for row in data["facets"][name]}


def test_facet_counts_match_a_hand_count(client, archive):
    data = client.get("/articles/", {"format": "json"}).json()
    assert facet(data, "country") == {"ukraine": 3, "poland": 2, "israel": 1}
    assert facet(data, "person") == {"lloyd-austin": 1, "volodymyr-zelenskiy": 1}
    assert facet(data, "source") == {"reuters": 2, "ap": 2}
    assert facet(data, "year") == {"2024": 2, "2023": 1, "2022": 1}
    narrowed = client.get("/articles/", {"format": "json", "country": "poland"}).json()
    assert facet(narrowed, "country") == {"ukraine": 2, "poland": 2}
    assert facet(narrowed, "equipment") == {"patriot": 1}


def test_facet_links_add_a_filter_and_chips_remove_it(client, archive):
    page = client.get("/articles/", {"country": "ukraine"}).content.decode()
    assert 'href="?country=ukraine&amp;country=poland"' in page
    assert 'class="chip chip-country">Ukraine <a href="?"' in page
    assert 'href="?country=ukraine&amp;date_from=2024-01-01&amp;date_to=2024-12-31"' in page


def test_facets_show_ten_and_offer_more(client):
    countries = [actor(f"Country {n:02d}", "country") for n in range(14)]
    article = make_article("Many countries", body="Many countries met.")
    tag(article, *countries)
    data = client.get("/articles/", {"format": "json"}).json()
    assert len(data["facets"]["country"]) == 10
    assert "more…" in client.get("/articles/").content.decode()
    expanded = client.get("/articles/", {"format": "json", "more": "country"}).json()
    assert len(expanded["facets"]["country"]) == 14


# --- sort and pagination --------------------------------------------------------------------------

def test_sort_orders(client, archive):
    assert titles(client) == [archive[k].title for k in ("a", "d", "b", "c")]
    assert titles(client, sort="oldest") == [archive[k].title for k in ("c", "b", "d", "a")]
    assert titles(client, sort="amount") == [archive[k].title for k in ("d", "a", "b", "c")]


def test_pages_have_stable_urls_and_a_next_link(client):
    for n in range(45):
        make_article(f"Shipment {n:02d}", body=f"Shipment {n} left.", published_at=when(2020, 1, 1 + n % 28))
    data = client.get("/articles/", {"format": "json", "q": "shipment", "sort": "newest"}).json()
    assert data["count"] == 45 and len(data["results"]) == 20
    assert data["next"].endswith("page=2") and "q=shipment" in data["next"]
    second = client.get(data["next"]).json()
    assert not {r["id"] for r in second["results"]} & {r["id"] for r in data["results"]}
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 5 and third["next"] is None


# --- exports ---------------------------------------------------------------------------------------

def test_json_shape(client, archive):
    data = client.get("/articles/", {"format": "json", "q": "Austin"}).json()
    assert set(data) == {"count", "count_exact", "results", "facets", "next"}
    assert data["count_exact"] is True
    row = data["results"][0]
    assert set(row) == {"id", "title", "url", "source_url", "published_at", "source", "snippet",
                        "actors", "amounts", "events"}
    assert {"slug": "lloyd-austin", "name": "Lloyd Austin", "kind": "person",
            "status": "suggested", "proposed": False} in row["actors"]
    assert row["amounts"] == [{"value": "2300000000.00", "currency": "USD",
                               "value_usd": "2300000000.00", "text": "$2300000000",
                               "status": "suggested"}]
    assert set(data["facets"]) == {"person", "country", "organization", "equipment", "event",
                                   "source", "year"}


def test_csv_streams_every_matching_row(client):
    for n in range(1005):
        make_article(f"Row {n}", body=f"Row number {n} about drones.")
    response = client.get("/articles/", {"format": "csv", "q": "drones"})
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1005
    assert rows[0]["title"].startswith("Row ")


def test_atom_feed_parses_and_lists_the_newest(client, archive):
    response = client.get("/articles/", {"format": "atom", "country": "ukraine"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = [e.find("atom:title", ns).text for e in feed.findall("atom:entry", ns)]
    assert entries == [archive[k].title for k in ("a", "b", "c")]


def test_detail_json(client, archive):
    data = client.get(archive["a"].get_absolute_url(), {"format": "json"}).json()
    assert data["title"] == archive["a"].title
    assert data["body"].startswith("Lloyd Austin pledged")
    assert {a["slug"] for a in data["actors"]} == {"ukraine", "poland", "lloyd-austin", "patriot"}


# --- actor pages ---------------------------------------------------------------------------------

def test_actor_page_has_chart_companions_amounts_and_filters(client, archive):
    page = client.get("/actors/ukraine/").content.decode()
    assert "3 articles mention Ukraine" in page
    assert "<svg" in page and "July 2024: 1 article" in page
    assert 'href="/actors/poland/">Poland</a> <span class="count">2</span>' in page
    assert "$14,000,000,000" not in page and "$2,300,000,000" in page
    filtered = client.get("/actors/ukraine/", {"date_from": "2024-01-01"}).content.decode()
    assert "1 article mentions Ukraine" in filtered
    feed = client.get("/actors/ukraine/", {"format": "atom"})
    assert feed.status_code == 200 and b"Poland sends tanks" in feed.content
    assert client.get("/actors/ukraine/", {"country": "narnia"}).status_code == 400


def test_index_pages_count_articles_and_search(client, archive):
    page = client.get("/countries/").content.decode()
    assert page.index(">Ukraine</a>") < page.index(">Poland</a>") < page.index(">Israel</a>")
    found = client.get("/people/", {"q": "zelensky"}).content.decode()
    assert ">Volodymyr Zelenskiy</a>" in found and "Lloyd Austin" not in found
    assert client.get("/equipment/").status_code == 200
    assert client.get("/organizations/").status_code == 200


def test_related_articles_share_specific_actors(client, archive):
    e = make_article("Austin visits Kyiv", body="Lloyd Austin visited Kyiv.")
    tag(e, archive["austin"])
    page = client.get(archive["a"].get_absolute_url()).content.decode()
    related = page[page.index("Related articles"):]
    assert e.title in related
    assert archive["c"].title not in related  # shares only countries


# --- query budget -------------------------------------------------------------------------------

def test_pages_stay_within_twelve_queries(client, archive, django_assert_max_num_queries):
    for n in range(30):
        article = make_article(f"Filler {n}", body=f"Ukraine filler {n} with NATO.")
        tag(article, archive["ukraine"], archive["nato"], archive["austin"])
        money(article, "1000")
    for url, params in [
        ("/articles/", {}),
        ("/articles/", {"q": "Ukraine", "country": "ukraine", "sort": "amount"}),
        ("/articles/", {"q": "Zelensky", "format": "json"}),
        ("/actors/ukraine/", {}),
        (archive["a"].get_absolute_url(), {}),
        ("/countries/", {}),
    ]:
        with django_assert_max_num_queries(12, info=url):
            assert client.get(url, params).status_code == 200


# --- the real corpus ----------------------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "whitehouse").is_dir(),
                    reason="../shared/corpus/whitehouse is absent beside this checkout")
def test_facet_counts_equal_the_filtered_counts_on_the_corpus(client):
    call_command("load_gazetteer", stdout=io.StringIO())
    call_command("import_articles", str(CORPUS / "whitehouse"), stdout=io.StringIO())
    data = client.get("/articles/", {"format": "json", "q": "air defense"}).json()
    assert data["count"] > 50
    for name in ("country", "person", "equipment", "source", "year"):
        for row in data["facets"][name][:5]:
            params = {"format": "json", "q": "air defense"}
            if name == "year":
                params.update(date_from=f"{row['slug']}-01-01", date_to=f"{row['slug']}-12-31")
            else:
                params[name] = row["slug"]
            assert client.get("/articles/", params).json()["count"] == row["count"], (name, row)


def test_over_the_cap_counts_say_more_than_and_facets_cover_a_sample(client, archive, monkeypatch):
    monkeypatch.setattr("articles.listing.COUNT_CAP", 2)
    monkeypatch.setattr("articles.views.COUNT_CAP", 2)
    data = client.get("/articles/", {"format": "json"}).json()
    assert (data["count"], data["count_exact"]) == (2, False)
    # The facets count two of the four articles, not all four.
    assert sum(row["count"] for row in data["facets"]["source"]) == 2
    assert sum(row["count"] for row in data["facets"]["year"]) == 2
    page = client.get("/articles/").content.decode()
    assert "More than 2 articles" in page and "cover a sample of 2 matches" in page
    narrowed = client.get("/articles/", {"format": "json", "country": "israel"}).json()
    assert (narrowed["count"], narrowed["count_exact"]) == (1, True)
    # The CSV export is never capped.
    rows = b"".join(client.get("/articles/", {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(rows)))) == 4
