"""List pages keep their matches and facet counts between requests (articles/listcache.py):
what a reader sees must still change the moment an import or a curator changes the data."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Actor, ArticleActor, TagStatus
from tests.conftest import make_article
from tests.test_curation import make_curator
from tests.test_search import actor, tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged():
    ukraine = actor("Ukraine", "country")
    austin = actor("Lloyd Austin", "person")
    first = make_article("Austin in Kyiv", body="Lloyd Austin visited Ukraine.")
    second = make_article("Ukraine air defense", body="Ukraine asked for air defense.")
    tag(first, ukraine, austin)
    tag(second, ukraine)
    return {"ukraine": ukraine, "austin": austin, "first": first, "second": second}


def listed(client, **params):
    response = client.get("/articles/", {**params, "format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


def facet(data, name):
    return {row["slug"]: row["count"] for row in data["facets"][name]}


def test_a_repeated_search_reuses_its_matches_and_facets(client, tagged):
    with CaptureQueriesContext(connection) as first:
        before = listed(client, q="Ukraine")
    with CaptureQueriesContext(connection) as again:
        after = listed(client, q="Ukraine", sort="newest")  # another order of the same matches
    assert after["count"] == before["count"] == 2
    assert after["facets"] == before["facets"]
    assert len(again) < len(first)
    assert not any("articles_articleactor" in q["sql"] and "GROUP BY" in q["sql"]
                   for q in again.captured_queries)


def test_an_import_shows_at_once(client, tagged, tmp_path):
    assert listed(client)["count"] == 2
    assert listed(client, q="Ukraine")["count"] == 2
    record = {"title": "Ukraine receives tanks", "body": "Ukraine received tanks from allies.",
              "date": "2024-05-01", "url": "https://example.org/tanks"}
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(record) + "\n")
    call_command("import_articles", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert listed(client)["count"] == 3
    assert listed(client, q="Ukraine")["count"] == 3
    assert "2024" in facet(listed(client, q="tanks"), "year")


def test_a_curator_rejecting_a_tag_changes_facets_and_filters_at_once(client, tagged):
    assert facet(listed(client), "person") == {"lloyd-austin": 1}
    assert listed(client, person="lloyd-austin")["count"] == 1
    # As the admin's bulk actions do: one UPDATE, no model save() and no signals.
    ArticleActor.objects.filter(actor=tagged["austin"]).update(status=TagStatus.REJECTED)
    assert facet(listed(client), "person") == {}
    assert listed(client, person="lloyd-austin")["count"] == 0


def test_confirmed_and_all_tags_are_kept_apart(client, tagged):
    assert facet(listed(client), "country") == {"ukraine": 2}
    assert facet(listed(client, confirmed="1"), "country") == {}
    ArticleActor.objects.filter(article=tagged["first"], actor=tagged["ukraine"]).update(
        status=TagStatus.CONFIRMED)
    assert facet(listed(client, confirmed="1"), "country") == {"ukraine": 1}
    assert facet(listed(client), "country") == {"ukraine": 2}


def test_renaming_an_actor_shows_in_the_facets_at_once(client, tagged):
    assert [row["name"] for row in listed(client)["facets"]["person"]] == ["Lloyd Austin"]
    Actor.objects.filter(pk=tagged["austin"].pk).update(name="Lloyd J. Austin")
    assert [row["name"] for row in listed(client)["facets"]["person"]] == ["Lloyd J. Austin"]


def test_actor_pages_are_kept_apart(client, tagged):
    ukraine = client.get("/actors/ukraine/", {"format": "json"}).json()
    austin = client.get("/actors/lloyd-austin/", {"format": "json"}).json()
    assert (ukraine["count"], austin["count"]) == (2, 1)
    ArticleActor.objects.filter(actor=tagged["ukraine"], article=tagged["second"]).delete()
    assert client.get("/actors/ukraine/", {"format": "json"}).json()["count"] == 1


def test_article_pages_show_a_curators_decision_and_new_related_articles_at_once(client, tagged):
    url = tagged["first"].get_absolute_url()
    page = client.get(url).content.decode()
    assert 'href="/actors/lloyd-austin/"' in page
    assert "Related articles" not in page
    later = make_article("Austin returns", body="Lloyd Austin returned.")
    tag(later, tagged["austin"])
    assert "Austin returns" in client.get(url).content.decode()
    ArticleActor.objects.filter(actor=tagged["austin"]).update(status=TagStatus.REJECTED)
    page = client.get(url).content.decode()
    assert 'href="/actors/lloyd-austin/"' not in page
    assert "Austin returns" not in page


def test_a_repeated_article_page_is_not_rendered_again(client, tagged):
    url = tagged["first"].get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content == page
    assert len(again) < len(first)


@pytest.mark.parametrize("address", [
    "/articles/?q=Ukraine", "/articles/?country=ukraine&sort=oldest", "/actors/ukraine/",
    "/countries/", "/people/?q=austin", "/", "/events/", "/articles/?q=Ukraine&format=json"])
def test_a_page_asked_again_by_a_reader_costs_one_query_and_changes_with_the_data(
        client, tagged, address):
    first = client.get(address)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as again:
        second = client.get(address)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert len(again) == 1  # the data version
    # the security headers are the middleware's, on every answer
    assert "Content-Security-Policy" in second
    # a change to what the page shows shows at once
    for key, name in (("ukraine", "Ukraina"), ("austin", "Lloyd J. Austin")):
        tagged[key].name = name
        tagged[key].save()
    tag(make_article("Ukraine news", body="Lloyd Austin spoke of Ukraine."), tagged["ukraine"])
    if address != "/events/":
        assert client.get(address).content != first.content


@pytest.mark.parametrize("params", [{}, {"q": "Ukraine"}, {"country": "ukraine"}])
def test_a_page_computed_for_a_reader_asks_the_data_version_once(client, tagged, params):
    with CaptureQueriesContext(connection) as computed:
        assert client.get("/articles/", params).status_code == 200
    asked = [q for q in computed.captured_queries if "articles_dataversion" in q["sql"]]
    assert len(asked) == 1, [q["sql"] for q in asked]


def test_a_curators_pages_are_computed_each_time(client, tagged):
    client.get("/articles/?q=Ukraine")
    client.force_login(make_curator())
    with CaptureQueriesContext(connection) as curator:
        client.get("/articles/?q=Ukraine")
    assert len(curator) > 1


def test_only_a_pages_200_answer_is_kept(client, tagged, monkeypatch):
    from articles import listcache

    kept = []
    real_set = listcache.cache.set
    monkeypatch.setattr(listcache.cache, "set",
                        lambda key, value, *args: kept.append(key) or real_set(key, value, *args))
    assert client.get("/articles/", {"page": "x"}).status_code == 400
    assert client.get("/actors/no-such-actor/").status_code == 404
    assert client.get("/articles/", {"q": "Ukraine", "format": "csv"}).status_code == 200
    assert not [key for key in kept if ":page:" in key]
    assert client.get("/articles/", {"q": "Ukraine"}).status_code == 200
    assert [key for key in kept if ":page:list:" in key]


def test_the_ledger_page_is_kept_and_shows_new_packages_and_decisions_at_once(client):
    import datetime as dt

    from articles.models import AidPackage
    from articles.tagging.gazetteer import gazetteer_load
    from tests.test_events_ledger import tagged

    gazetteer_load()
    tagged("Statement", "Today, the United States announced $800 million in security assistance "
           "for Ukraine.", published=dt.datetime(2022, 4, 13, 15, tzinfo=dt.timezone.utc))
    with CaptureQueriesContext(connection) as first:
        page = client.get("/aid/").content.decode()
    assert "$800 million" in page
    with CaptureQueriesContext(connection) as again:
        assert client.get("/aid/").content.decode() == page
    assert len(again) < len(first)
    tagged("Statement", "Today, the United States announced $325 million in security assistance "
           "for Ukraine.", published=dt.datetime(2023, 4, 19, 15, tzinfo=dt.timezone.utc))
    page = client.get("/aid/").content.decode()
    assert "$325 million" in page and "$1.13 billion" in page  # the donor's sum
    # a curator rejects the package in the admin: the sum drops at once
    client.force_login(make_curator())
    client.post("/admin/articles/aidpackage/", {
        "action": "reject",
        "_selected_action": [AidPackage.objects.get(value_usd=325_000_000).pk]})
    client.logout()
    assert "$1.13 billion" not in client.get("/aid/").content.decode()


def _in_another_process(code: str) -> str:
    """Run ``code`` in a new Python process with the archive's settings and this run's
    environment (the same cache), as another server worker would; return what it prints."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = "import django; django.setup()\n" + code
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=60,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsarchive.settings"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_every_server_process_shares_the_kept_results():
    """What one worker computed another reads: two processes, one cache (settings.CACHES)."""
    import uuid

    key = f"articles:probe:{uuid.uuid4().hex}"
    _in_another_process(f"from django.core.cache import cache; cache.set({key!r}, 'kept by one', 60)")
    assert _in_another_process(
        f"from django.core.cache import cache; print(cache.get({key!r}))") == "kept by one"


def test_the_data_version_names_the_database_and_its_cluster():
    """Kept results are keyed on the data version; the cache outlives a database (another
    cluster, a restore into a new one), so the version must name them."""
    from articles.listcache import data_version

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), "
                       "(SELECT system_identifier FROM pg_control_system())::text")
        database, cluster = cursor.fetchone()
    assert data_version().endswith(f".{database}.{cluster}")


def test_a_page_is_served_when_the_cache_fails(client, tagged, monkeypatch):
    """Redis away or a cache directory not writable: pages are computed afresh, never a 500."""
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise OSError("cache directory not writable")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert listed(client, q="Ukraine")["count"] == 2
    assert client.get(tagged["first"].get_absolute_url()).status_code == 200


def test_the_file_cache_stays_bounded_without_listing_itself_on_every_write(tmp_path,
                                                                            monkeypatch):
    from newsarchive import filecache

    monkeypatch.setattr(filecache, "CULL_EVERY", 10)
    cache = filecache.FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 30}})
    listings = []
    real_list = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or real_list())
    for number in range(200):
        cache.set(f"key{number}", "x" * 100)
    # it looked for room 20 times in 200 writes, not 200
    assert len(listings) == 20
    # and never held more than MAX_ENTRIES plus the writes between two looks
    assert len(list(tmp_path.glob("*.djcache"))) <= 30 + 10
    assert cache.get("key199") == "x" * 100


def test_a_new_release_never_serves_a_page_the_one_before_kept(client, tagged, monkeypatch):
    """A page kept by one release (its templates, views, static files) is not what the next
    one draws: after a deployment readers get the page the new code computes at once, even
    with the data unchanged and the cache shared."""
    from articles import listcache

    first = client.get("/articles/?q=Ukraine")
    with CaptureQueriesContext(connection) as kept:
        client.get("/articles/?q=Ukraine")
    assert len(kept) == 1
    monkeypatch.setattr(listcache, "release", lambda: "the-next-release")
    with CaptureQueriesContext(connection) as recomputed:
        assert client.get("/articles/?q=Ukraine").status_code == first.status_code
    assert len(recomputed) > 1


def test_the_release_digest_changes_with_any_template_or_view(tmp_path):
    from articles.listcache import code_digest

    (tmp_path / "templates").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>{{ count }} articles</p>")
    (tmp_path / "articles" / "views.py").write_text("def view(): ...")
    before = code_digest(tmp_path)
    assert code_digest(tmp_path) == before
    (tmp_path / "templates" / "page.html").write_text("<p>{{ count }} articles found</p>")
    changed = code_digest(tmp_path)
    assert changed != before
    (tmp_path / "articles" / "views.pyc").write_bytes(b"compiled")  # not code it reads
    assert code_digest(tmp_path) == changed
