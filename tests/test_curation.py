"""Curation: roles, the review queue, tag decisions, merges, aliases, the audit trail, undo."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from articles.models import (
    Actor,
    ActorAlias,
    Amount,
    ArticleActor,
    AuditEntry,
    TagStatus,
)
from articles.roles import CURATORS
from articles.tagging import matcher_current, tags_apply
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-curator-passphrase"
REVIEW = "/admin/articles/article/review/"
DECIDE = "/admin/articles/article/decide/"


def make_curator(name="curator"):
    user = User.objects.create_user(name, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return user


@pytest.fixture
def curator_client():
    client = Client()
    client.force_login(make_curator())
    return client


@pytest.fixture
def world():
    """A small gazetteer and three tagged articles, as the tagger leaves them."""
    ukraine = Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)
    patriot = Actor.objects.create(name="Patriot", slug="patriot", kind=Actor.Kind.EQUIPMENT,
                                   name_case_sensitive=True)
    zelenskiy = Actor.objects.create(name="Volodymyr Zelenskiy", slug="volodymyr-zelenskiy",
                                     kind=Actor.Kind.PERSON)
    zelensky = Actor.objects.create(name="Volodymyr Zelensky", slug="volodymyr-zelensky",
                                    kind=Actor.Kind.PERSON)
    ActorAlias.objects.create(actor=zelensky, alias="President Zelensky")
    articles = {
        "air": make_article("Patriot systems for Ukraine",
                            body="The United States will send Patriot air defense systems to "
                                 "Ukraine, Volodymyr Zelenskiy said."),
        "act": make_article("Veterans rally in Kyiv",
                            body="Veterans gathered at the Patriot Day rally in Ukraine, where "
                                 "Volodymyr Zelensky spoke of missiles and $5 million."),
        "both": make_article("Two spellings",
                             body="Volodymyr Zelenskiy, also written Volodymyr Zelensky, met "
                                  "officials in Ukraine."),
    }
    matcher = matcher_current()
    for article in articles.values():
        tags_apply(article=article, matcher=matcher, new=True)
    return {"actors": {a.slug: a for a in (ukraine, patriot, zelenskiy, zelensky)}, **articles}


def tag(article, slug):
    return ArticleActor.objects.get(article=article, actor__slug=slug)


# ---------------------------------------------------------------------------- roles and safety


def test_curators_group_exists_with_article_rights_and_no_user_rights():
    curator = make_curator()

    for allowed in ["change_articleactor", "change_actor", "change_article", "view_auditentry",
                    "change_event", "add_actoralias"]:
        assert curator.has_perm(f"articles.{allowed}"), allowed
    for refused in ["auth.view_user", "auth.change_user", "auth.add_group",
                    "articles.delete_article", "articles.change_auditentry",
                    "articles.delete_auditentry", "articles.change_importbatch"]:
        assert not curator.has_perm(refused), refused


def test_createcurator_makes_a_staff_account_in_the_group(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    out = io.StringIO()

    call_command("createcurator", "maria", "--password-stdin", stdout=out)

    user = User.objects.get(username="maria")
    assert user.is_staff and not user.is_superuser
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == [CURATORS]
    assert "Log in at /admin/" in out.getvalue()


def test_createcurator_refuses_a_weak_password_and_an_existing_name(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("12345\n"))
    with pytest.raises(CommandError, match="password:"):
        call_command("createcurator", "maria", "--password-stdin")
    assert not User.objects.filter(username="maria").exists()

    make_curator("maria")
    with pytest.raises(CommandError, match="exists already"):
        call_command("createcurator", "maria", "--password-stdin")


def test_createcurator_without_a_terminal_prints_a_generated_password(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    out = io.StringIO()

    call_command("createcurator", "sam", stdout=out)

    password = out.getvalue().split("Password (shown once): ")[1].strip()
    assert User.objects.get(username="sam").check_password(password)


@pytest.mark.parametrize("url", [REVIEW, "/admin/articles/auditentry/",
                                 "/admin/articles/auditentry/export/"])
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_anonymous_decisions_change_nothing(client, world):
    suggested = tag(world["air"], "patriot")

    response = client.post(DECIDE, {"decide": f"actor:{suggested.pk}:reject"})

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    suggested.refresh_from_db()
    assert suggested.status == TagStatus.SUGGESTED


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"])
def test_curators_cannot_reach_user_administration(curator_client, url):
    assert curator_client.get(url).status_code == 403


def test_curator_index_offers_the_review_queue_and_not_users(curator_client):
    html = curator_client.get("/admin/").content.decode()

    assert REVIEW in html
    assert "/admin/auth/user/" not in html


def test_decisions_need_post_and_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_curator())
    suggested = tag(world["air"], "patriot")

    assert client.get(DECIDE, {"decide": f"actor:{suggested.pk}:reject"}).status_code == 405
    assert client.post(DECIDE, {"decide": f"actor:{suggested.pk}:reject"}).status_code == 403
    suggested.refresh_from_db()
    assert suggested.status == TagStatus.SUGGESTED


def test_logins_lock_out_after_repeated_failures(settings):
    make_curator("alice")
    client = Client()
    login = "/admin/login/?next=/admin/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "alice", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post(login, {"username": "alice", "password": "wrong"}).status_code == 429

    response = client.post(login, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still not logged in


LOGIN = "/admin/login/?next=/admin/"


def login_from(address, username, password):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password})


def guess_from_five_addresses(settings, username):
    """One wrong password for ``username`` from each of as many addresses as the limit."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        assert login_from(f"203.0.113.{n}", username, "wrong").status_code in (200, 429)


def test_failures_for_one_account_from_many_addresses_lock_that_account(settings):
    # Counting per address only, 80 guesses at `admin` from 20 addresses locked nothing.
    make_curator("alice")
    guess_from_five_addresses(settings, "alice")

    response = login_from("198.51.100.7", "alice", PASSWORD)  # a new address, the right password

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_another_account_from_those_addresses_is_not_locked(settings):
    make_curator("alice")
    make_curator("bob")
    guess_from_five_addresses(settings, "alice")

    for n in range(settings.AXES_FAILURE_LIMIT):
        assert login_from(f"203.0.113.{n}", "bob", PASSWORD).status_code == 302


def test_an_administrator_lifts_an_account_lockout_with_the_command(settings):
    make_curator("alice")
    guess_from_five_addresses(settings, "alice")
    assert login_from("198.51.100.7", "alice", PASSWORD).status_code == 429

    call_command("axes_reset_username", "alice", stdout=io.StringIO())

    assert login_from("198.51.100.7", "alice", PASSWORD).status_code == 302


def test_an_administrator_lifts_an_account_lockout_in_the_admin(settings):
    from axes.models import AccessAttempt

    make_curator("alice")
    guess_from_five_addresses(settings, "alice")
    assert login_from("198.51.100.7", "alice", PASSWORD).status_code == 429
    administrator = Client()
    administrator.force_login(User.objects.create_superuser("root", password="a-long-root-pass"))
    attempts = administrator.get("/admin/axes/accessattempt/", {"q": "alice"})
    assert attempts.status_code == 200 and "alice" in attempts.content.decode()

    administrator.post("/admin/axes/accessattempt/", {
        "action": "delete_selected", "post": "yes",
        "_selected_action": list(AccessAttempt.objects.filter(username="alice")
                                 .values_list("pk", flat=True)),
    })

    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert login_from("198.51.100.7", "alice", PASSWORD).status_code == 302


def test_a_correct_login_works_and_reaches_the_queue():
    make_curator("alice")
    client = Client()

    response = client.post("/admin/login/?next=/admin/",
                           {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(REVIEW).status_code == 200


# ---------------------------------------------------------------------------- review queue


def test_queue_groups_suggestions_by_actor_with_evidence_and_counts(curator_client, world):
    html = curator_client.get(REVIEW + "?tab=actor").content.decode()

    assert "Ukraine (country)" in html
    assert "3 suggestions" in html  # Ukraine is in all three articles
    assert f'href="/admin/articles/article/{world["air"].pk}/change/"' in html
    # "Patriot" names other things too: its tags wait under the ambiguous actors
    doubtful = curator_client.get(REVIEW + "?tab=doubtful").content.decode()
    assert "The United States will send <mark>Patriot</mark> air defense systems" in doubtful
    left = ArticleActor.objects.filter(status=TagStatus.SUGGESTED).count() + \
        Amount.objects.filter(status=TagStatus.SUGGESTED).count()
    assert f'<strong id="left-count">{left}</strong>' in html


def test_queue_escapes_imported_text(curator_client):
    Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)
    article = make_article("<b>bold</b> title", body="<script>alert(1)</script> Ukraine aid.")
    tags_apply(article=article, matcher=matcher_current(), new=True)

    html = curator_client.get(REVIEW).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html


def test_confirming_one_suggestion_records_it_and_marks_it_reviewed_publicly(
        curator_client, world, django_user_model):
    suggested = tag(world["air"], "patriot")
    public = world["air"].get_absolute_url()
    assert "✓ reviewed" not in Client().get(public).content.decode()

    response = curator_client.post(DECIDE, {"decide": f"actor:{suggested.pk}:confirm",
                                            "next": REVIEW})

    assert response.status_code == 302 and response["Location"] == REVIEW
    suggested.refresh_from_db()
    assert suggested.status == TagStatus.CONFIRMED
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.article_id, entry.actor_id) == (
        "confirm", "curator", world["air"].pk, world["actors"]["patriot"].pk)
    assert entry.before == {"status": "suggested"} and entry.after == {"status": "confirmed"}
    assert "✓ reviewed" in Client().get(public).content.decode()
    assert f'value="actor:{suggested.pk}:confirm"' not in curator_client.get(
        REVIEW + "?tab=doubtful").content.decode()


def test_rejected_tags_never_appear_on_public_pages(curator_client, world):
    suggested = tag(world["act"], "patriot")

    curator_client.post(DECIDE, {"decide": f"actor:{suggested.pk}:reject"})

    page = Client().get(world["act"].get_absolute_url()).content.decode()
    assert "/actors/patriot/" not in page
    data = Client().get(world["act"].get_absolute_url(), {"format": "json"}).json()
    assert "patriot" not in [a["slug"] for a in data["actors"]]
    listed = Client().get("/articles/", {"equipment": "patriot", "format": "json"}).json()
    assert [r["id"] for r in listed["results"]] == [world["air"].pk]


def test_a_group_decision_covers_every_suggestion_of_the_actor(curator_client, world):
    ukraine = world["actors"]["ukraine"]

    curator_client.post(DECIDE, {"group": f"actor:{ukraine.pk}:confirm"})

    statuses = set(ArticleActor.objects.filter(actor=ukraine).values_list("status", flat=True))
    assert statuses == {TagStatus.CONFIRMED}
    assert AuditEntry.objects.filter(action="confirm", actor=ukraine).count() == 3


def test_a_selection_is_decided_at_once_across_kinds(curator_client, world):
    first, amount = tag(world["air"], "ukraine"), Amount.objects.get(article=world["act"])

    curator_client.post(DECIDE, {"bulk": "reject",
                                 "selected": [f"actor:{first.pk}", f"amount:{amount.pk}"]})

    first.refresh_from_db()
    amount.refresh_from_db()
    assert first.status == amount.status == TagStatus.REJECTED
    assert sorted(AuditEntry.objects.values_list("target", flat=True)) == ["actor tag", "amount"]


@pytest.mark.parametrize("data", [
    {"decide": "actor:abc:confirm"}, {"decide": "actor:1:destroy"}, {"group": "amount:1:confirm"},
    {"bulk": "confirm", "selected": ["nothing"]}, {"name": "bless:1"}, {},
])
def test_malformed_decisions_are_400_and_change_nothing(curator_client, world, data):
    response = curator_client.post(DECIDE, data)

    assert response.status_code == 400
    assert not AuditEntry.objects.exists()


def test_a_next_url_elsewhere_is_not_followed(curator_client, world):
    suggested = tag(world["air"], "patriot")

    response = curator_client.post(DECIDE, {"decide": f"actor:{suggested.pk}:confirm",
                                            "next": "https://evil.example/"})

    assert response["Location"] == REVIEW


# ---------------------------------------------------------------------------- proposed people


def test_promoting_a_proposed_person_drops_its_proposed_mark(curator_client):
    article = make_article(body="Defense Minister Rustem Umerov asked for more air defense.")
    tags_apply(article=article, matcher=matcher_current(), new=True)
    proposed = Actor.objects.get(slug="rustem-umerov")
    assert proposed.status == TagStatus.SUGGESTED
    assert "Rustem Umerov" in curator_client.get(REVIEW, {"tab": "person"}).content.decode()
    # listed from the start, marked as not yet reviewed
    marked = 'Rustem Umerov</a> <span class="proposed"'
    assert marked in Client().get("/people/").content.decode()

    curator_client.post(DECIDE, {"name": f"promote:{proposed.pk}"})

    proposed.refresh_from_db()
    assert proposed.status == TagStatus.CONFIRMED
    index = Client().get("/people/").content.decode()
    assert "Rustem Umerov</a>" in index and marked not in index
    assert AuditEntry.objects.get().action == "promote"


def test_rejecting_a_name_everywhere_rejects_its_tags_and_is_never_proposed_again(curator_client):
    first = make_article(body="Chief Executive Officer Acme Widgets spoke.")
    text = "Defense Minister Rustem Umerov asked for more air defense."
    articles = [make_article(body=text), make_article("Second", body=text)]
    matcher = matcher_current()
    for article in [first, *articles]:
        tags_apply(article=article, matcher=matcher, new=True)
    proposed = Actor.objects.get(slug="rustem-umerov")

    curator_client.post(DECIDE, {"name": f"reject:{proposed.pk}"})

    assert set(proposed.article_tags.values_list("status", flat=True)) == {TagStatus.REJECTED}
    third = make_article("Third", body=text)
    tags_apply(article=third, matcher=matcher_current(), new=True)
    assert not third.actor_tags.filter(actor=proposed).exists()
    call_command("retag", stdout=io.StringIO())
    assert set(proposed.article_tags.values_list("status", flat=True)) == {TagStatus.REJECTED}


# ---------------------------------------------------------------------------- merges


def merge(client, survivor, *others):
    ids = [str(a.pk) for a in (survivor, *others)]
    return client.post("/admin/articles/actor/", {
        "action": "merge_actors", "_selected_action": ids, "apply": "1",
        "survivor": str(survivor.pk)})


def test_the_merge_page_lists_the_selected_actors_to_choose_from(curator_client, world):
    a, b = world["actors"]["volodymyr-zelenskiy"], world["actors"]["volodymyr-zelensky"]

    html = curator_client.post("/admin/articles/actor/", {
        "action": "merge_actors", "_selected_action": [a.pk, b.pk]}).content.decode()

    assert f'name="survivor" value="{a.pk}"' in html and f'name="survivor" value="{b.pk}"' in html


def test_merge_moves_tags_and_names_and_redirects_the_old_page(curator_client, world):
    survivor = world["actors"]["volodymyr-zelenskiy"]
    duplicate = world["actors"]["volodymyr-zelensky"]
    assert survivor.article_tags.count() == 2 and duplicate.article_tags.count() == 2
    both = tag(world["both"], survivor.slug)
    assert both.mention_count == 1

    response = merge(curator_client, survivor, duplicate)

    assert response.status_code == 302
    # Three articles name him; the one that had both spellings has one tag with both mentions.
    assert sorted(survivor.article_tags.values_list("article_id", flat=True)) == sorted(
        [world["air"].pk, world["act"].pk, world["both"].pk])
    assert tag(world["both"], survivor.slug).mention_count == 2
    assert not ArticleActor.objects.filter(actor=duplicate).exists()
    aliases = set(survivor.aliases.values_list("alias", flat=True))
    assert {"Volodymyr Zelensky", "President Zelensky"} <= aliases
    old = Client().get("/actors/volodymyr-zelensky/", {"sort": "oldest"})
    assert old.status_code == 301
    assert old["Location"] == "/actors/volodymyr-zelenskiy/?sort=oldest"
    page = Client().get("/actors/volodymyr-zelenskiy/").content.decode()
    assert "Two spellings" in page and "Veterans rally in Kyiv" in page
    entry = AuditEntry.objects.get(action="merge")
    assert entry.actor == survivor and entry.target_id == duplicate.pk
    assert entry.summary.endswith(": 1 tag moved, 1 combined")


def test_a_merge_holds_after_retag_and_gazetteer_reload(curator_client, world):
    survivor = world["actors"]["volodymyr-zelenskiy"]
    duplicate = world["actors"]["volodymyr-zelensky"]
    merge(curator_client, survivor, duplicate)

    call_command("retag", stdout=io.StringIO())

    assert not ArticleActor.objects.filter(actor=duplicate).exists()
    assert survivor.article_tags.count() == 3
    new = make_article("Later", body="President Zelensky thanked Ukraine's allies.")
    tags_apply(article=new, matcher=matcher_current(), new=True)
    assert new.actor_tags.filter(actor=survivor).exists()
    assert Client().get("/actors/volodymyr-zelensky/").status_code == 301


def test_undoing_a_merge_splits_the_actors_again(curator_client, world):
    survivor = world["actors"]["volodymyr-zelenskiy"]
    duplicate = world["actors"]["volodymyr-zelensky"]
    before = {a.slug: sorted(a.article_tags.values_list("article_id", "mention_count"))
              for a in (survivor, duplicate)}
    merge(curator_client, survivor, duplicate)
    entry = AuditEntry.objects.get(action="merge")

    response = curator_client.post(f"/admin/articles/auditentry/{entry.pk}/undo/")

    assert response.status_code == 302
    after = {a.slug: sorted(a.article_tags.values_list("article_id", "mention_count"))
             for a in (survivor, duplicate)}
    assert after == before
    assert set(duplicate.aliases.values_list("alias", flat=True)) == {"President Zelensky"}
    assert not survivor.aliases.filter(alias="Volodymyr Zelensky").exists()
    assert Client().get("/actors/volodymyr-zelensky/").status_code == 200
    undo = AuditEntry.objects.get(action="undo")
    assert undo.undoes == entry
    # Undone once; a second undo is refused and changes nothing.
    curator_client.post(f"/admin/articles/auditentry/{entry.pk}/undo/")
    assert AuditEntry.objects.filter(action="undo").count() == 1


# ---------------------------------------------------------------------------- decisions hold


def test_a_rejection_holds_after_retag_and_can_be_undone(curator_client, world):
    wrong = tag(world["act"], "patriot")
    curator_client.post(DECIDE, {"decide": f"actor:{wrong.pk}:reject"})

    call_command("retag", stdout=io.StringIO())

    wrong.refresh_from_db()
    assert wrong.status == TagStatus.REJECTED
    entry = AuditEntry.objects.get(action="reject")
    curator_client.post(f"/admin/articles/auditentry/{entry.pk}/undo/")
    wrong.refresh_from_db()
    assert wrong.status == TagStatus.SUGGESTED


def test_undo_is_refused_when_the_tag_changed_since(curator_client, world):
    wrong = tag(world["act"], "patriot")
    curator_client.post(DECIDE, {"decide": f"actor:{wrong.pk}:reject"})
    curator_client.post(DECIDE, {"decide": f"actor:{wrong.pk}:confirm"})
    rejection = AuditEntry.objects.get(action="reject")

    response = curator_client.post(f"/admin/articles/auditentry/{rejection.pk}/undo/",
                                   follow=True)

    assert "Not undone: The tag has been changed since" in response.content.decode()
    wrong.refresh_from_db()
    assert wrong.status == TagStatus.CONFIRMED


# ---------------------------------------------------------------------------- article admin


def test_article_list_searches_with_full_text_search(curator_client, world):
    # Stemming finds "systems" for "system"; ILIKE on the title would not find body words.
    html = curator_client.get("/admin/articles/article/", {"q": "air defense system"}).content.decode()

    assert "Patriot systems for Ukraine" in html
    assert "Veterans rally in Kyiv" not in html


def test_article_list_filters_by_suggestions_left(curator_client, world):
    curator_client.post(DECIDE, {"group": f"actor:{world['actors']['ukraine'].pk}:confirm"})
    for article in ("air", "both"):
        for t in world[article].actor_tags.all():
            curator_client.post(DECIDE, {"decide": f"actor:{t.pk}:confirm"})

    pending = curator_client.get("/admin/articles/article/", {"suggestions": "yes"}).content.decode()
    done = curator_client.get("/admin/articles/article/", {"suggestions": "no"}).content.decode()

    assert "Veterans rally in Kyiv" in pending and "Two spellings" not in pending
    assert "Two spellings" in done and "Veterans rally in Kyiv" not in done


def test_article_page_marks_mentions_and_offers_decisions(curator_client, world):
    article = world["air"]
    patriot = tag(article, "patriot")

    html = curator_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert 'class="mention status-suggested"' in html
    assert f'value="actor:{patriot.pk}:confirm"' in html
    assert f'formaction="{DECIDE}"' in html
    assert 'data-model-name="articleactor"' in html and "admin-autocomplete" in html


def test_status_changed_in_the_article_form_is_audited(curator_client, world):
    article = world["air"]
    response = curator_client.get(f"/admin/articles/article/{article.pk}/change/")
    data = form_data(response)
    prefix = "actor_tags"
    for i in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        if data[f"{prefix}-{i}-id"] == str(tag(article, "patriot").pk):
            data[f"{prefix}-{i}-status"] = TagStatus.REJECTED

    response = curator_client.post(f"/admin/articles/article/{article.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert tag(article, "patriot").status == TagStatus.REJECTED
    entry = AuditEntry.objects.get()
    assert entry.action == "reject" and entry.before == {"status": "suggested"}


def test_a_tag_added_by_hand_is_confirmed_and_audited(curator_client, world):
    article = world["act"]
    extra = Actor.objects.create(name="NATO", slug="nato", kind=Actor.Kind.ORGANIZATION)
    response = curator_client.get(f"/admin/articles/article/{article.pk}/change/")
    data = form_data(response)
    # The "add an actor by hand" rows: one empty row, listing no existing tags.
    assert (data["actor_tags-2-TOTAL_FORMS"], data["actor_tags-2-INITIAL_FORMS"]) == (1, 0)
    data["actor_tags-2-0-actor"] = str(extra.pk)

    response = curator_client.post(f"/admin/articles/article/{article.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    added = tag(article, "nato")
    assert (added.status, added.origin) == ("confirmed", "curator")
    assert AuditEntry.objects.get().action == "add"
    call_command("retag", stdout=io.StringIO())
    assert tag(article, "nato").status == TagStatus.CONFIRMED


def test_bulk_actions_confirm_retag_and_reject_one_actor(curator_client, world):
    ids = [str(world["air"].pk), str(world["act"].pk)]
    url = "/admin/articles/article/"

    curator_client.post(url, {"action": "reject_actor", "_selected_action": ids, "apply": "1",
                              "actor": str(world["actors"]["patriot"].pk)})
    assert set(ArticleActor.objects.filter(actor__slug="patriot").values_list(
        "status", flat=True)) == {TagStatus.REJECTED}

    curator_client.post(url, {"action": "confirm_suggestions", "_selected_action": ids})
    assert not ArticleActor.objects.filter(article_id__in=ids, status="suggested").exists()
    assert set(ArticleActor.objects.filter(actor__slug="patriot").values_list(
        "status", flat=True)) == {TagStatus.REJECTED}

    curator_client.post(url, {"action": "retag", "_selected_action": ids})
    assert AuditEntry.objects.filter(action="retag").count() == 2
    assert ArticleActor.objects.filter(article_id__in=ids, status="confirmed").exists()


# ---------------------------------------------------------------------------- actors, aliases


def test_adding_an_alias_retags_the_articles_that_contain_it(curator_client, world):
    article = make_article("Kyiv", body="Ukrayina asked for more air defense.")
    tags_apply(article=article, matcher=matcher_current(), new=True)
    ukraine = world["actors"]["ukraine"]
    assert not article.actor_tags.filter(actor=ukraine).exists()
    response = curator_client.get(f"/admin/articles/actor/{ukraine.pk}/change/")
    data = form_data(response)
    blank = int(data["aliases-TOTAL_FORMS"]) - 1  # the empty row the page offers
    assert data[f"aliases-{blank}-id"] == ""
    data[f"aliases-{blank}-alias"] = "Ukrayina"

    response = curator_client.post(f"/admin/articles/actor/{ukraine.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert article.actor_tags.filter(actor=ukraine).exists()
    entry = AuditEntry.objects.get(action="alias_add")
    assert "Ukrayina" in entry.summary and "1 article retagged" in entry.summary


# ---------------------------------------------------------------------------- audit trail


def test_audit_trail_shows_on_article_and_actor_and_exports_as_csv(curator_client, world):
    patriot = tag(world["act"], "patriot")
    curator_client.post(DECIDE, {"decide": f"actor:{patriot.pk}:reject"})
    merge(curator_client, world["actors"]["volodymyr-zelenskiy"],
          world["actors"]["volodymyr-zelensky"])

    article_page = curator_client.get(
        f"/admin/articles/article/{world['act'].pk}/change/").content.decode()
    loser_page = curator_client.get(
        f"/admin/articles/actor/{world['actors']['volodymyr-zelensky'].pk}/change/").content.decode()
    assert "Rejected: Patriot in “Veterans rally in Kyiv”" in article_page
    assert "Merged Volodymyr Zelensky" in loser_page

    response = curator_client.get("/admin/articles/auditentry/export/")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [r["action"] for r in rows] == ["merge", "reject"]
    assert rows[1]["user"] == "curator" and json.loads(rows[1]["before"]) == {"status": "suggested"}

    only_article = curator_client.get("/admin/articles/auditentry/export/",
                                      {"article__id__exact": world["act"].pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(only_article.streaming_content).decode())))
    assert [r["action"] for r in rows] == ["reject"]


def test_curators_cannot_edit_or_delete_audit_entries(curator_client, world):
    patriot = tag(world["act"], "patriot")
    curator_client.post(DECIDE, {"decide": f"actor:{patriot.pk}:reject"})
    entry = AuditEntry.objects.get()

    page = curator_client.get(f"/admin/articles/auditentry/{entry.pk}/change/")
    delete = curator_client.post(f"/admin/articles/auditentry/{entry.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200 and 'name="summary"' not in page.content.decode()
    assert "Undo this" in page.content.decode()
    assert delete.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def form_data(response) -> dict:
    """The values a browser would submit from the admin change form in ``response``."""
    context = response.context
    data = {}
    adminform = context["adminform"]
    for name, field in adminform.form.fields.items():
        value = adminform.form.initial.get(name, field.initial)
        data[name] = _form_value(field, value)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, "")
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                data[form.add_prefix(name)] = _form_value(field, value)
    return {k: v for k, v in data.items() if v is not None}


def _form_value(field, value):
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, (list, dict)):
        return field.prepare_value(value) if hasattr(field, "prepare_value") else json.dumps(value)
    if hasattr(field, "prepare_value"):
        prepared = field.prepare_value(value)
        return "" if prepared is None else prepared
    return value


def test_done_when_reject_and_merge_hold_after_gazetteer_reload_and_retag():
    """The issue's acceptance: with the real gazetteer and seed, a curator logs in, rejects
    "Patriot" where it is not the weapon, merges a duplicate person; both hold after
    `load_gazetteer` and `retag`, and the audit trail shows them."""
    out = io.StringIO()
    call_command("load_gazetteer", stdout=out)
    call_command("import_articles", "seeds/articles", stdout=out, stderr=out)
    rally = make_article(
        "Games in Kyiv",
        body="Defense Minister Rustem Umierov opened the Patriot Games, where fans waved "
             "missile-shaped balloons.")
    tags_apply(article=rally, matcher=matcher_current(), new=True)
    wrong = tag(rally, "patriot")
    duplicate = Actor.objects.get(slug="rustem-umierov", status=TagStatus.SUGGESTED)
    survivor = Actor.objects.get(slug="rustem-umerov")
    make_curator("maria")
    client = Client()
    assert client.post("/admin/login/", {"username": "maria", "password": PASSWORD}).status_code == 302

    client.post(DECIDE, {"decide": f"actor:{wrong.pk}:reject"})
    merge(client, survivor, duplicate)
    call_command("load_gazetteer", stdout=out)
    call_command("retag", stdout=out)

    wrong.refresh_from_db()
    assert wrong.status == TagStatus.REJECTED
    assert not ArticleActor.objects.filter(actor=duplicate).exists()
    assert tag(rally, "rustem-umerov").status == TagStatus.SUGGESTED
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert Client().get("/actors/rustem-umierov/")["Location"] == "/actors/rustem-umerov/"
    assert "/actors/patriot/" not in Client().get(rally.get_absolute_url()).content.decode()
    trail = client.get("/admin/articles/auditentry/").content.decode()
    assert "Rejected: Patriot in “Games in Kyiv”" in trail
    assert "Merged Rustem Umierov (rustem-umierov) into Rustem Umerov" in trail


def test_amount_and_event_tabs_list_their_suggestions(curator_client, world):
    from articles.models import ArticleEvent, Event

    summit = Event.objects.create(name="NATO summit in Washington", slug="nato-summit-2024",
                                  kind=Event.Kind.SUMMIT)
    ArticleEvent.objects.create(article=world["air"], event=summit,
                                sentence="Leaders meet at the NATO summit in Washington.")

    amounts = curator_client.get(REVIEW, {"tab": "amount"}).content.decode()
    events = curator_client.get(REVIEW, {"tab": "event"}).content.decode()

    assert "spoke of missiles and <mark>$5 million</mark>" in amounts
    assert "≈ $5,000,000" in amounts
    assert "NATO summit in Washington" in events and "Leaders meet at the NATO summit" in events
    assert curator_client.get(REVIEW, {"tab": "nonsense"}).status_code == 400
    assert curator_client.get(REVIEW, {"page": "x"}).status_code == 400


def test_a_filter_on_a_merged_actor_lists_the_survivors_articles(curator_client, world):
    merge(curator_client, world["actors"]["volodymyr-zelenskiy"],
          world["actors"]["volodymyr-zelensky"])

    data = Client().get("/articles/", {"person": "volodymyr-zelensky", "format": "json"}).json()

    assert len(data["results"]) == 3


def test_an_alias_in_many_articles_retags_some_now_and_names_the_command_for_the_rest(
        curator_client, world, monkeypatch):
    monkeypatch.setattr("articles.curation.ALIAS_RETAG_LIMIT", 1)
    ukraine = world["actors"]["ukraine"]
    first = make_article("One", body="Ukrayina asked for air defense.")
    second = make_article("Two", body="Ukrayina asked for tanks.")
    data = form_data(curator_client.get(f"/admin/articles/actor/{ukraine.pk}/change/"))
    blank = int(data["aliases-TOTAL_FORMS"]) - 1
    data[f"aliases-{blank}-alias"] = "Ukrayina"

    response = curator_client.post(f"/admin/articles/actor/{ukraine.pk}/change/", data,
                                   follow=True)

    html = response.content.decode()
    assert "1 article retagged. 1 more contain it" in html
    assert "retag --contains" in html
    tagged = [a for a in (first, second) if a.actor_tags.filter(actor=ukraine).exists()]
    assert len(tagged) == 1
    call_command("retag", "--contains", "Ukrayina", stdout=io.StringIO())
    assert all(a.actor_tags.filter(actor=ukraine).exists() for a in (first, second))



# ---------------------------------------------------------------------------- odd input, review fixes


@pytest.mark.parametrize("query", [{"page": "²"}, {"group": "²"}, {"tab": "<script>"}])
def test_review_queue_odd_numbers_are_400(curator_client, query):
    assert curator_client.get(REVIEW, query).status_code == 400


@pytest.mark.parametrize("data", [{"decide": "actor:²:confirm"}, {"group": "actor:²:confirm"},
                                  {"name": "promote:²"}, {"bulk": "confirm", "selected": ["actor:²"]}])
def test_decisions_with_odd_numbers_are_400(curator_client, data):
    assert curator_client.post(DECIDE, data).status_code == 400


def test_article_list_search_for_odd_digits_does_not_fail(curator_client, world):
    assert curator_client.get("/admin/articles/article/", {"q": "²"}).status_code == 200


def test_audit_export_with_a_bad_filter_is_400(curator_client):
    response = curator_client.get("/admin/articles/auditentry/export/", {"at__gte": "notadate"})

    assert response.status_code == 400


def test_a_valid_login_does_not_wipe_failures_against_another_account(settings):
    make_curator("alice")
    make_curator("admin")
    client = Client()
    login = "/admin/login/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(login, {"username": "admin", "password": "guess"})
    assert client.post(login, {"username": "alice", "password": PASSWORD}).status_code == 302
    client.logout()

    response = client.post(login, {"username": "admin", "password": "guess"})

    assert response.status_code == 429


def test_a_decision_on_the_article_page_comes_back_to_it(curator_client, world):
    article = world["air"]
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(curator_client.get(url))
    data["title"] = "An unsaved edit"
    data["next"] = url
    data["decide"] = f"actor:{tag(article, 'patriot').pk}:confirm"

    response = curator_client.post(DECIDE, data)

    assert response.status_code == 302 and response["Location"] == url
    assert tag(article, "patriot").status == TagStatus.CONFIRMED
    article.refresh_from_db()
    assert article.title == "Patriot systems for Ukraine"
    assert 'name="next"' in curator_client.get(url).content.decode()


def test_merging_into_a_proposed_person_promotes_it_and_keeps_the_tags(curator_client, world):
    gazetteer = world["actors"]["volodymyr-zelenskiy"]
    proposal = Actor.objects.create(name="Wolodymyr Selenskyj", slug="wolodymyr-selenskyj",
                                    kind=Actor.Kind.PERSON, status=TagStatus.SUGGESTED)
    tags = gazetteer.article_tags.count()

    merge(curator_client, proposal, gazetteer)
    call_command("retag", stdout=io.StringIO())

    proposal.refresh_from_db()
    assert proposal.status == TagStatus.CONFIRMED
    assert proposal.article_tags.count() == tags
    assert [e.action for e in AuditEntry.objects.order_by("id")] == ["promote", "merge"]


def test_a_rejected_name_cannot_be_merged_back_in(curator_client, world):
    rejected = Actor.objects.create(name="Wrong Name", slug="wrong-name", kind=Actor.Kind.PERSON,
                                    status=TagStatus.REJECTED)
    survivor = world["actors"]["volodymyr-zelenskiy"]

    merge(curator_client, survivor, rejected)

    assert not survivor.aliases.filter(alias="Wrong Name").exists()
    assert not AuditEntry.objects.filter(action="merge").exists()


def test_undoing_a_merge_is_refused_after_a_later_decision_on_a_combined_tag(curator_client, world):
    survivor = world["actors"]["volodymyr-zelenskiy"]
    merge(curator_client, survivor, world["actors"]["volodymyr-zelensky"])
    combined = tag(world["both"], survivor.slug)
    curator_client.post(DECIDE, {"decide": f"actor:{combined.pk}:reject"})
    entry = AuditEntry.objects.get(action="merge")

    response = curator_client.post(f"/admin/articles/auditentry/{entry.pk}/undo/", follow=True)

    assert "was decided since" in response.content.decode()
    combined.refresh_from_db()
    assert combined.status == TagStatus.REJECTED
    assert Client().get("/actors/volodymyr-zelensky/").status_code == 301


def test_tag_lists_decide_only_through_audited_actions(curator_client, world):
    patriot = tag(world["air"], "patriot")
    page = curator_client.get(f"/admin/articles/articleactor/{patriot.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="actor"' not in page

    curator_client.post("/admin/articles/articleactor/", {
        "action": "reject_selected", "_selected_action": [patriot.pk]})

    patriot.refresh_from_db()
    assert patriot.status == TagStatus.REJECTED
    assert AuditEntry.objects.get().action == "reject"


def test_an_actors_status_is_not_edited_in_its_form(curator_client, world):
    page = curator_client.get(
        f"/admin/articles/actor/{world['actors']['ukraine'].pk}/change/").content.decode()

    assert 'name="status"' not in page


def test_a_corrected_amount_is_audited_and_survives_retag(curator_client, world):
    article = world["act"]
    amount = Amount.objects.get(article=article)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(curator_client.get(url))
    data["amounts-0-value_usd"] = "7000000"

    response = curator_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    call_command("retag", stdout=io.StringIO())
    amount.refresh_from_db()
    assert amount.value_usd == 7_000_000 and amount.origin == "curator"
    entry = AuditEntry.objects.get(action="edit")
    assert entry.after == {"value_usd": "7000000"}


def test_renaming_an_alias_retags_the_articles_of_the_old_text(curator_client, world):
    ukraine = world["actors"]["ukraine"]
    alias = ActorAlias.objects.create(actor=ukraine, alias="Ukrayina")
    article = make_article("Kyiv", body="Ukrayina asked for more air defense.")
    tags_apply(article=article, matcher=matcher_current(), new=True)
    assert article.actor_tags.filter(actor=ukraine).exists()
    url = f"/admin/articles/actor/{ukraine.pk}/change/"
    data = form_data(curator_client.get(url))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(alias.pk))
    data[row.replace("-id", "-alias")] = "Ukrajina"

    response = curator_client.post(url, data)

    assert response.status_code == 302
    assert not article.actor_tags.filter(actor=ukraine).exists()
    assert AuditEntry.objects.filter(action="alias_delete", summary__contains="Ukrayina").exists()


def test_the_article_page_costs_the_same_queries_with_many_tags(curator_client, world,
                                                                django_assert_max_num_queries):
    from articles.models import ArticleEvent, Event

    few = world["act"]
    many = make_article("Many", body="Many tags.")
    for n in range(12):
        actor = Actor.objects.create(name=f"Person {n}", slug=f"person-{n}", kind="person")
        ArticleActor.objects.create(article=many, actor=actor, mention_count=1)
        event = Event.objects.create(name=f"Event {n}", slug=f"event-{n}", kind="summit")
        ArticleEvent.objects.create(article=many, event=event)
    curator_client.get(f"/admin/articles/article/{few.pk}/change/")  # warm the session

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as small:
        curator_client.get(f"/admin/articles/article/{few.pk}/change/")
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        curator_client.get(f"/admin/articles/article/{many.pk}/change/")


# ---------------------------------------------------------------------------- events and ledger


def make_aid(article, donor, recipient, **fields):
    from articles.models import AidEntry

    return AidEntry.objects.create(article=article, donor=donor, recipient=recipient,
                                   amount_text="$5 million", value_usd=5_000_000,
                                   sentence=article.body, **fields)


def test_a_ledger_row_shows_how_sure_the_ledger_is_and_why(curator_client, world):
    us = Actor.objects.create(name="United States", slug="united-states", kind="country")
    row = make_aid(world["act"], us, world["actors"]["ukraine"], confidence=0.6036,
                   reasons=["donor named in the sentences before",
                            "recipient named in the sentences before"])

    html = curator_client.get(REVIEW, {"tab": "aid"}).content.decode()
    assert "confidence 0.60: donor named in the sentences before; recipient named in" in html
    assert "New package · ≈ $5,000,000" in html  # what the ledger read the figure as
    page = curator_client.get(f"/admin/articles/aidentry/{row.pk}/change/").content.decode()
    assert "0.60" in page and "recipient named in the sentences before" in page


def test_ledger_rows_are_in_the_queue_and_decided_with_an_audit(curator_client, world):
    us = Actor.objects.create(name="United States", slug="united-states", kind="country")
    row = make_aid(world["act"], us, world["actors"]["ukraine"])

    html = curator_client.get(REVIEW, {"tab": "aid"}).content.decode()
    assert "Aid ledger" in html and "United States → Ukraine" in html
    assert f'value="aid:{row.pk}:reject"' in html

    curator_client.post(DECIDE, {"decide": f"aid:{row.pk}:reject"})

    row.refresh_from_db()
    assert row.status == TagStatus.REJECTED
    entry = AuditEntry.objects.get()
    assert entry.target == "aid entry" and "United States → Ukraine $5 million" in entry.summary
    curator_client.post(f"/admin/articles/auditentry/{entry.pk}/undo/")
    row.refresh_from_db()
    assert row.status == TagStatus.SUGGESTED


def test_a_proposed_event_is_confirmed_or_rejected_from_the_queue(curator_client, world):
    from articles.models import ArticleEvent, Event

    event = Event.objects.create(name="Aid announcement of 2024-07-02", slug="aid-2024-07-02",
                                 kind=Event.Kind.AID_ANNOUNCEMENT, status=TagStatus.SUGGESTED)
    for article in (world["air"], world["act"]):
        ArticleEvent.objects.create(article=article, event=event, sentence=article.body)
    html = curator_client.get(REVIEW, {"tab": "event"}).content.decode()
    assert "proposed event" in html and f'value="reject:{event.pk}"' in html

    curator_client.post(DECIDE, {"event": f"reject:{event.pk}"})

    event.refresh_from_db()
    assert event.status == TagStatus.REJECTED
    assert set(event.article_tags.values_list("status", flat=True)) == {TagStatus.REJECTED}
    assert AuditEntry.objects.filter(target="event").count() == 1
    assert AuditEntry.objects.filter(target="event tag", action="reject").count() == 2


def test_a_merge_moves_ledger_rows_and_undo_moves_them_back(curator_client, world):
    survivor = world["actors"]["ukraine"]
    duplicate = Actor.objects.create(name="Ukraina", slug="ukraina", kind="country")
    us = Actor.objects.create(name="United States", slug="united-states", kind="country")
    row = make_aid(world["act"], us, duplicate)
    row.equipment.add(duplicate)

    merge(curator_client, survivor, duplicate)

    row.refresh_from_db()
    assert row.recipient == survivor and list(row.equipment.all()) == [survivor]
    entry = AuditEntry.objects.get(action="merge")
    curator_client.post(f"/admin/articles/auditentry/{entry.pk}/undo/")
    row.refresh_from_db()
    assert row.recipient == duplicate and list(row.equipment.all()) == [duplicate]


def test_a_rejected_ledger_row_leaves_the_kept_public_article_page(curator_client, world):
    us = Actor.objects.create(name="United States", slug="united-states", kind="country")
    row = make_aid(world["act"], us, world["actors"]["ukraine"])
    url = world["act"].get_absolute_url()
    assert f'href="#{row.anchor}"' in Client().get(url).content.decode()  # now kept

    curator_client.post(DECIDE, {"decide": f"aid:{row.pk}:reject"})

    assert f'href="#{row.anchor}"' not in Client().get(url).content.decode()


def test_a_merged_actors_audit_links_list_its_merge(curator_client, world):
    loser = world["actors"]["volodymyr-zelensky"]
    merge(curator_client, world["actors"]["volodymyr-zelenskiy"], loser)
    page = curator_client.get(f"/admin/articles/actor/{loser.pk}/change/").content.decode()
    assert f"/admin/articles/auditentry/export/?about=actor:{loser.pk}" in page

    response = curator_client.get("/admin/articles/auditentry/export/",
                                  {"about": f"actor:{loser.pk}"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    listed = curator_client.get("/admin/articles/auditentry/",
                                {"about": f"actor:{loser.pk}"}).content.decode()

    assert [r["action"] for r in rows] == ["merge"]
    assert "Merged Volodymyr Zelensky" in listed
    assert curator_client.get("/admin/articles/auditentry/export/",
                              {"about": "actor:x"}).status_code == 400


def test_the_queue_filters_by_source_date_and_actor_and_decides_within_them(curator_client,
                                                                           world):
    from datetime import datetime, timezone

    older = make_article("Talks in Warsaw", body="Officials of Ukraine met Volodymyr Zelenskiy "
                         "in Warsaw.", source="AP",
                         published_at=datetime(2023, 3, 1, 12, tzinfo=timezone.utc))
    tags_apply(article=older, matcher=matcher_current(), new=True)
    ukraine = world["actors"]["ukraine"]
    suggested = ArticleActor.objects.filter(actor=ukraine, status=TagStatus.SUGGESTED)
    assert suggested.count() == 4  # three articles of Reuters, one of AP

    page = curator_client.get(REVIEW, {"tab": "actor", "source": "ap"}).content.decode()
    assert "Talks in Warsaw" in page and "Patriot systems for Ukraine" not in page
    assert "left to review in the articles the filter keeps" in page
    assert 'href="?tab=amount&amp;source=ap"' in page  # the tabs keep the filter
    dated = curator_client.get(REVIEW, {"tab": "actor", "date_to": "2023-12-31"}).content.decode()
    assert "Talks in Warsaw" in dated and "Two spellings" not in dated
    named = curator_client.get(REVIEW, {"tab": "actor", "actor": "patriot"}).content.decode()
    assert "Patriot systems for Ukraine" in named and "Talks in Warsaw" not in named

    for params, named_param in (({"date_from": "2023-13-01"}, "date_from"),
                                ({"source": "nowhere"}, "source"), ({"actor": "nobody"}, "actor")):
        answer = curator_client.get(REVIEW, params)
        assert answer.status_code == 400 and named_param in answer.content.decode()

    # "Confirm all" of Ukraine's group, filtered to AP, confirms the AP article's tag only
    curator_client.post(DECIDE, {"group": f"actor:{ukraine.pk}:confirm", "source": "ap",
                                 "next": f"{REVIEW}?tab=actor&source=ap"})
    assert set(ArticleActor.objects.filter(actor=ukraine, status=TagStatus.CONFIRMED)
               .values_list("article__source__slug", flat=True)) == {"ap"}
    assert suggested.count() == 3
