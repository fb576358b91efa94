import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from articles.models import (
    Actor,
    ActorAlias,
    ActorRedirect,
    AidEntry,
    Amount,
    ArticleActor,
    ArticleEvent,
    ArticleRevision,
    AuditEntry,
    Event,
    EventParticipant,
    Feed,
    ImportBatch,
    PolicyRun,
    SearchWord,
)
from articles.packages import packages_rebuild
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

ORIGINAL_BYTES = b"%PDF-1.7 raw bytes \x00\x01\x02 that must never be shown" * 100


@pytest.fixture
def one_of_each():
    """One row of every model the admin shows, linked the way the importer and tagger link them."""
    batch = ImportBatch.objects.create(
        paths=["/data/feed.xml"],
        source_name="State Department",
        failed=1,
        errors=[{"location": "feed.xml:12", "reason": "no <title> element"}],
    )
    article = make_article(
        "Admin article", body="Ukraine receives HIMARS worth $2.3 billion.", import_batch=batch,
        original=ORIGINAL_BYTES,
    )
    actor = Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)
    ActorAlias.objects.create(actor=actor, alias="Ukrainian")
    ArticleActor.objects.create(article=article, actor=actor, mention_count=1)
    amount = Amount.objects.create(article=article, value=Decimal("2300000000"), currency="USD",
                                   raw_text="$2.3 billion", start=30, end=42)
    donor = Actor.objects.create(name="United States", slug="united-states", kind=Actor.Kind.COUNTRY)
    AidEntry.objects.create(article=article, donor=donor, recipient=actor, amount=amount,
                            value_usd=amount.value, amount_text="$2.3 billion",
                            sentence=article.body, end=len(article.body),
                            date=dt.date(2024, 7, 2))
    AidEntry.objects.create(article=article, donor=donor, recipient=actor,
                            value_usd=Decimal("50000000000"), amount_text="$50 billion",
                            kind=AidEntry.Kind.TOTAL, role="total", sentence=article.body,
                            date=dt.date(2024, 7, 2))
    packages_rebuild()  # the package and the stated total the import would make
    event = Event.objects.create(name="NATO summit 2024", slug="nato-summit-2024",
                                 kind=Event.Kind.SUMMIT)
    ArticleEvent.objects.create(article=article, event=event)
    ArticleRevision.objects.create(article=article, title="Earlier title", body="Earlier body.",
                                   original=b"earlier", original_sha256="0" * 64)
    ActorRedirect.objects.create(old_slug="ukrayina", actor=actor)
    SearchWord.objects.create(word="himars", documents=1)
    AuditEntry.objects.create(username="curator", action=AuditEntry.Action.CONFIRM,
                              target="actor tag", article=article, actor=actor,
                              summary="Confirmed: Ukraine in “Admin article”")
    PolicyRun.objects.create(threshold=0.98, confirmed=1)
    Feed.objects.create(url="https://www.state.gov/feed/", title="State Department releases")
    return article


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "articles"]


def test_anonymous_user_is_sent_to_login(client, one_of_each):
    for url in ["/admin/", admin_url(type(one_of_each), "change", one_of_each.pk)]:
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_every_model_in_the_app_is_registered():
    from django.apps import apps

    models = set(apps.get_app_config("articles").get_models())
    inline_only = {ActorAlias, EventParticipant}

    assert models - inline_only == set(registered_models())


@pytest.mark.parametrize("model", registered_models(), ids=lambda model: model.__name__)
def test_superuser_sees_changelist_search_and_change_page(admin_client, one_of_each, model):
    obj = model.objects.first()
    assert obj is not None, f"one_of_each makes no {model.__name__}"

    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "ukraine"}).status_code == 200
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_article_page_shows_original_size_and_never_edits_bytes_or_hashes(
    admin_client, one_of_each
):
    html = admin_client.get(admin_url(type(one_of_each), "change", one_of_each.pk)).content.decode()

    assert ">4.6\xa0KB<" in html  # 4,700 bytes
    assert "raw bytes" not in html
    for field in ["original", "search_vector", "content_sha256", "original_sha256"]:
        assert f'name="{field}"' not in html
    assert one_of_each.content_sha256 in html
    assert escape("'ukrain':") in html  # the read-only excerpt of the search vector
    assert 'name="title"' in html


def test_import_batch_errors_are_listed_readably(admin_client, one_of_each):
    batch = one_of_each.import_batch

    html = admin_client.get(admin_url(ImportBatch, "change", batch.pk)).content.decode()

    assert "<li><code>feed.xml:12</code>: no &lt;title&gt; element</li>" in html
    assert 'name="errors"' not in html


def test_actor_page_edits_aliases_inline(admin_client, one_of_each):
    actor = Actor.objects.get(slug="ukraine")

    html = admin_client.get(admin_url(Actor, "change", actor.pk)).content.decode()

    assert 'value="Ukrainian"' in html


def test_deleting_a_gazetteer_alias_in_the_admin_survives_a_reload(admin_client, tmp_path):
    from articles.tagging.gazetteer import gazetteer_load

    for name, entries in {
        "countries.json": [{"iso": "UA", "name": "Ukraine", "aliases": ["Ukrainian", "Kiev"]}],
        "people.json": [], "organizations.json": [], "equipment.json": [],
    }.items():
        (tmp_path / name).write_text(__import__("json").dumps(entries))
    gazetteer_load(directory=tmp_path)
    actor = Actor.objects.get(slug="ukraine")
    aliases = list(actor.aliases.order_by("alias"))
    data = {
        "name": actor.name, "slug": actor.slug, "kind": actor.kind, "iso_code": "UA",
        "category": "", "description": "", "attributes": "{}", "status": actor.status,
        "initial-attributes": "{}",  # the hidden initial the page sends for a callable default
        "aliases-TOTAL_FORMS": "2", "aliases-INITIAL_FORMS": "2",
        "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
    }
    for index, alias in enumerate(aliases):
        data.update({f"aliases-{index}-id": alias.pk, f"aliases-{index}-actor": actor.pk,
                     f"aliases-{index}-alias": alias.alias, f"aliases-{index}-origin": alias.origin})
    data["aliases-0-DELETE"] = "on"  # "Kiev": the curator wants only "Kyiv" spellings
    response = admin_client.post(admin_url(Actor, "change", actor.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(actor.aliases.values_list("alias", flat=True)) == ["Ukrainian"]

    gazetteer_load(directory=tmp_path)

    assert list(actor.aliases.values_list("alias", flat=True)) == ["Ukrainian"]
    actor.refresh_from_db()
    assert actor.edited_by_curator
