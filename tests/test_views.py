import json
from datetime import datetime, timezone

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from tests.conftest import make_article

pytestmark = pytest.mark.django_db

LIST_URL = reverse("articles:list")


def day(year, month, date):
    return datetime(year, month, date, 12, tzinfo=timezone.utc)


def titles_in_order(content: str, *titles: str) -> bool:
    positions = [content.index(title) for title in titles]
    return positions == sorted(positions)


def search(client, q, **params):
    return client.get(LIST_URL, {"q": q, **params})


class TestHome:
    def test_shows_search_box_latest_articles_and_counts(self, client):
        make_article("Older aid package", published_at=day(2023, 1, 5), source="Reuters")
        make_article("Newer aid package", published_at=day(2024, 3, 1), source="AP",
                     needs_review=True, review_reasons=["no date line"])

        response = client.get(reverse("articles:home"))

        html = response.content.decode()
        assert response.status_code == 200
        assert f'action="{LIST_URL}"' in html and 'name="q"' in html
        assert titles_in_order(html, "Newer aid package", "Older aid package")
        assert "<strong>2</strong> articles" in html
        assert "<strong>2</strong> sources" in html
        assert "<strong>1</strong> flagged for review" in html

    def test_lists_only_the_ten_latest(self, client):
        for n in range(12):
            make_article(f"Release number {n:02}", published_at=day(2024, 1, n + 1))

        html = client.get(reverse("articles:home")).content.decode()

        assert "Release number 11" in html and "Release number 02" in html
        assert "Release number 01" not in html and "Release number 00" not in html


class TestList:
    def test_newest_first_with_undated_last(self, client):
        make_article("Middle article", published_at=day(2023, 6, 1))
        make_article("Undated article", published_at=None)
        make_article("Newest article", published_at=day(2024, 6, 1))
        make_article("Oldest article", published_at=day(2022, 6, 1))

        response = client.get(LIST_URL)

        html = response.content.decode()
        assert titles_in_order(
            html, "Newest article", "Middle article", "Oldest article", "Undated article"
        )
        assert "4 articles" in html

    def test_dates_show_their_precision(self, client):
        make_article("Dated to the day", published_at=day(2024, 7, 2), date_precision="day")
        make_article("Dated to the minute", date_precision="time",
                     published_at=datetime(2024, 7, 3, 9, 45, tzinfo=timezone.utc))
        make_article("Never dated", published_at=None)

        html = client.get(LIST_URL).content.decode()

        assert ">2 July 2024</time>" in html
        assert "3 July 2024, 05:45 EDT" in html  # on Washington's clock
        assert "date unknown" in html

    def test_result_links_to_detail_and_names_source(self, client):
        article = make_article("Linked article", source="State Department")

        html = client.get(LIST_URL).content.decode()

        assert f'href="{article.get_absolute_url()}"' in html
        assert "State Department" in html

    def test_pages_of_twenty_with_links_that_keep_the_query(self, client):
        for n in range(21):
            make_article(f"Drawdown notice {n:02}", body=f"Drawdown authority notice {n}.",
                         published_at=day(2024, 1, n + 1))

        first = search(client, "drawdown").content.decode()
        second = search(client, "drawdown", page=2)

        assert "21 articles match" in first
        assert first.count('class="summary"') == 20
        assert 'href="?q=drawdown&amp;page=2"' in first
        assert second.status_code == 200
        assert second.content.decode().count('class="summary"') == 1

    @pytest.mark.parametrize("page", ["abc", "", "0", "-1", "1.5", "99"])
    def test_bad_page_is_a_400_that_names_the_parameter(self, client, page):
        make_article()

        response = client.get(LIST_URL, {"page": page})

        assert response.status_code == 400
        assert "page:" in response.content.decode()

    def test_query_with_a_nul_byte_is_a_400_that_names_q(self, client):
        response = client.get(LIST_URL, {"q": "aid\x00"})

        assert response.status_code == 400
        assert "q:" in response.content.decode()

    def test_query_count_is_bounded(self, client, django_assert_max_num_queries):
        for n in range(25):
            make_article(f"Interceptor shipment {n}", body=f"Interceptor shipment number {n}.",
                         source=f"Source {n}")

        # The list's budget: at most 12 queries, whatever the number of rows (no N+1).
        with django_assert_max_num_queries(12):
            assert client.get(LIST_URL).status_code == 200
        with django_assert_max_num_queries(12):
            assert search(client, "interceptor").status_code == 200


class TestSearch:
    @pytest.fixture
    def corpus(self):
        make_article("Patriot batteries", body="Two Patriot batteries and interceptor missiles.")
        make_article("Budget hearing", body="Senators questioned the budget request for Taiwan.")
        make_article("Air defense for Kyiv", body="New air defense systems reached Ukraine.")
        make_article("Defense of the skies", body="The defense ministry said the air was calm.")
        make_article("Rocket artillery", body="HIMARS launchers and ammunition for Ukraine.")
        make_article("Anti-tank weapons", body="Javelin missiles for Ukraine and for Taiwan.")

    def found(self, client, q):
        html = search(client, q).content.decode()
        return {
            title for title in ["Patriot batteries", "Budget hearing", "Air defense for Kyiv",
                                "Defense of the skies", "Rocket artillery", "Anti-tank weapons"]
            if title in html
        }

    def test_plural_finds_singular(self, client, corpus):
        assert self.found(client, "interceptors") == {"Patriot batteries"}

    def test_quoted_phrase_needs_the_words_together(self, client, corpus):
        assert self.found(client, '"air defense"') == {"Air defense for Kyiv"}

    def test_or_finds_either_word(self, client, corpus):
        assert self.found(client, "himars or javelin") == {"Rocket artillery", "Anti-tank weapons"}

    def test_minus_excludes_a_word(self, client, corpus):
        assert self.found(client, "ukraine -taiwan") == {"Air defense for Kyiv", "Rocket artillery"}

    def test_title_match_ranks_above_body_match(self, client):
        make_article("Aid package announced", body="Details of the Stinger shipment.",
                     published_at=day(2024, 1, 1))
        make_article("Weekly briefing", body="Stinger missiles were discussed among other items.",
                     published_at=day(2024, 5, 1))
        make_article("Stinger deliveries", body="Deliveries go on.", published_at=day(2023, 1, 1))

        html = search(client, "stinger").content.decode()

        assert html.index("Stinger deliveries") < html.index("Weekly briefing")

    def test_snippet_marks_the_matched_word(self, client):
        make_article("Patriot batteries", body="Crews trained on the new interceptors for weeks.")

        html = search(client, "interceptor").content.decode()

        assert "1 article matches" in html
        assert "<mark>interceptors</mark>" in html

    def test_nothing_found_says_so(self, client, corpus):
        response = search(client, "submarine")

        assert response.status_code == 200
        assert "0 articles match" in response.content.decode()

    def test_markup_in_text_is_shown_as_text(self, client):
        make_article(
            "Hostile markup",
            body="The interceptor <script>alert(1)</script> arrived, "
            "said <img src=x onerror=alert(3) officials.",
        )

        html = search(client, "interceptor").content.decode()

        assert "<mark>interceptor</mark>" in html
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(3)" in html

    def test_query_is_echoed_as_text(self, client):
        html = search(client, '<script>alert("q")</script>').content.decode()

        assert '<script>alert("q")' not in html
        assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in html

    def test_sentinels_in_the_text_cannot_forge_marks(self, client):
        make_article("Sentinels", body="A stray \ue001 closer, then the interceptor \ue000 opener.")

        html = search(client, "interceptor").content.decode()

        assert html.count("<mark>") == 1
        assert html.count("</mark>") == 1

    def test_excerpt_without_a_query_is_escaped(self, client):
        make_article("Hostile lede", body="Opening <script>alert(1)</script> paragraph.")

        html = client.get(LIST_URL).content.decode()

        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestDetail:
    def test_shows_title_credits_and_paragraphs(self, client):
        article = make_article(
            "Austin meets Umerov",
            body="First paragraph.\n\nSecond paragraph,\nwith a line break.",
            byline="By Idrees Ali and Phil Stewart",
            dateline_place="WASHINGTON",
            url="https://example.com/austin-umerov",
            source="Reuters",
        )

        response = client.get(article.get_absolute_url())

        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Austin meets Umerov</h1>" in html
        assert "By Idrees Ali and Phil Stewart" in html
        assert "WASHINGTON" in html and "Reuters" in html
        assert "<p>First paragraph.</p>" in html
        assert "<p>Second paragraph,<br>with a line break.</p>" in html
        assert '<a href="https://example.com/austin-umerov" rel="noopener noreferrer">' in html

    def test_a_briefing_posted_the_next_morning_says_the_day_it_was_held(self, client):
        held = make_article("Background Press Call", body="Via Teleconference\n\n4:11 P.M. EDT\n\n"
                            "MODERATOR: Thank you.", date_precision="time",
                            published_at=datetime(2024, 10, 17, 9, tzinfo=timezone.utc))
        same_day = make_article("Press Briefing", body="James S. Brady Press Briefing Room\n\n"
                                "1:05 P.M. EDT\n\nMS. JEAN-PIERRE: Hi.", date_precision="time",
                                published_at=datetime(2024, 10, 17, 20, tzinfo=timezone.utc))

        assert "held 16 October 2024" in client.get(held.get_absolute_url()).content.decode()
        assert "held " not in client.get(same_day.get_absolute_url()).content.decode()

    def test_an_evening_briefing_shows_washingtons_day_and_time_not_utcs(self, client):
        article = make_article("Press Briefing", body="Brady Room\n\n7:45 P.M. EDT\n\nQ Hi.",
                               date_precision="time",
                               published_at=datetime(2023, 6, 27, 0, 13, tzinfo=timezone.utc))
        listed = make_article("Readout", date_precision="day",
                              published_at=datetime(2023, 6, 25, tzinfo=timezone.utc))

        page = client.get(article.get_absolute_url()).content.decode()
        assert '<time datetime="2023-06-26T20:13:00-04:00">26 June 2023, 20:13 EDT</time>' in page
        assert "held " not in page  # held the day it was published, on Washington's clock
        listing = client.get("/articles/").content.decode()
        assert "26 June 2023, 20:13 EDT" in listing and "27 June 2023" not in listing
        assert '<time datetime="2023-06-25">25 June 2023</time>' in listing  # a day stays a day
        assert listed.title in listing

    def test_authors_shown_when_there_is_no_byline(self, client):
        article = make_article("Joint report", authors=["Ann Smith", "Bo Li"])

        assert "By Ann Smith, Bo Li" in client.get(article.get_absolute_url()).content.decode()

    def test_notes_generated_title_and_review_reasons(self, client):
        article = make_article("Derived headline", title_generated=True, needs_review=True,
                               review_reasons=["date missing", "<b>odd</b> encoding"])

        html = client.get(article.get_absolute_url()).content.decode()

        assert "this title was taken from the text" in html
        assert "date missing" in html
        assert "&lt;b&gt;odd&lt;/b&gt; encoding" in html

    def test_no_notice_for_an_ordinary_article(self, client):
        article = make_article("Ordinary")

        assert 'class="notice"' not in client.get(article.get_absolute_url()).content.decode()

    def test_markup_in_the_body_is_shown_as_text(self, client):
        article = make_article("Hostile body", body="Before <script>alert(1)</script> after.")

        html = client.get(article.get_absolute_url()).content.decode()

        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_wrong_slug_redirects_permanently_to_canonical(self, client):
        article = make_article("Canonical title")

        response = client.get(reverse("articles:detail", kwargs={"pk": article.pk, "slug": "old"}))

        assert response.status_code == 301
        assert response["Location"] == f"/articles/{article.pk}/canonical-title/"

    def test_address_without_slug_redirects_permanently(self, client):
        article = make_article("Canonical title")

        response = client.get(f"/articles/{article.pk}/")

        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()

    def test_missing_article_is_a_404_page(self, client):
        response = client.get("/articles/999999/anything/")

        assert response.status_code == 404
        assert "Not found" in response.content.decode()

    def test_query_count_is_bounded(self, client, django_assert_max_num_queries):
        article = make_article("Counted", body="One.\n\nTwo.\n\nThree.")

        with django_assert_max_num_queries(12):
            assert client.get(article.get_absolute_url()).status_code == 200


class TestHealthz:
    def test_ok_with_the_article_count(self, client):
        make_article()

        response = client.get("/healthz")

        assert response.status_code == 200
        assert json.loads(response.content) == {"status": "ok", "database": "ok", "articles": 1}

    def test_503_when_the_database_fails(self, client, monkeypatch):
        def refuse(*args, **kwargs):
            raise OperationalError("connection refused")

        # A context, so the real cursor is back before the test's transaction is rolled back.
        with monkeypatch.context() as patch:
            patch.setattr(connection, "cursor", refuse)
            response = client.get("/healthz")

        assert response.status_code == 503
        assert json.loads(response.content) == {"status": "error", "database": "OperationalError"}


class TestNulBytes:
    """PostgreSQL refuses a NUL in text: a parameter carrying one must be a 400 naming it,
    never a query that fails with a 500."""

    @pytest.mark.parametrize("path", ["/people/", "/countries/", "/organizations/",
                                      "/equipment/"])
    def test_in_an_index_search(self, client, path):
        response = client.get(path, {"q": "Aus\x00tin"})

        assert response.status_code == 400
        assert "q: " in response.content.decode()

    @pytest.mark.parametrize("path, parameter", [
        ("/articles/", "q"), ("/articles/", "person"), ("/articles/", "source"),
        ("/articles/", "event"), ("/articles/", "date_from"), ("/articles/", "amount_min"),
        ("/articles/", "donor"), ("/articles/", "programme"), ("/articles/", "sort"),
        ("/actors/ukraine/", "q"), ("/actors/ukraine/", "country"),
        ("/events/", "actor"), ("/events/", "kind"), ("/events/", "year"),
        ("/aid/", "donor"), ("/aid/", "equipment"), ("/aid/", "year"), ("/aid/", "stage"),
    ])
    def test_in_a_list_parameter(self, client, path, parameter):
        from articles.models import Actor

        Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)

        response = client.get(path, {parameter: "2024-01-01\x00", "format": "json"})

        assert response.status_code == 400
        assert any(error.startswith(f"{parameter}: ") for error in response.json()["errors"])
