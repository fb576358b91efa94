"""Headers and settings that keep pages inert and requests honest: the Content-Security-Policy
every response carries."""

import base64
import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from articles.models import Actor, AidEntry, ArticleActor, ArticleEvent, Event, TagStatus
from tests.conftest import make_article

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.status_code} {response.get('Content-Type')}: no CSP header"
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def archive():
    """One of everything a public page shows."""
    article = make_article("Patriot batteries for Ukraine", body="Ukraine gets Patriot batteries.")
    ukraine = Actor.objects.create(name="Ukraine", slug="ukraine", kind=Actor.Kind.COUNTRY)
    us = Actor.objects.create(name="United States", slug="united-states",
                              kind=Actor.Kind.COUNTRY)
    ArticleActor.objects.create(article=article, actor=ukraine, mention_count=1)
    event = Event.objects.create(name="NATO summit", slug="nato-summit-2024",
                                 kind=Event.Kind.SUMMIT, start_date=dt.date(2024, 7, 9))
    ArticleEvent.objects.create(article=article, event=event, status=TagStatus.CONFIRMED)
    AidEntry.objects.create(article=article, donor=us, recipient=ukraine,
                            value_usd=Decimal("2300000000"), amount_text="$2.3 billion",
                            date=dt.date(2024, 7, 2))
    return {"article": article, "actor": ukraine, "event": event}


def public_pages(archive) -> list[str]:
    article = archive["article"]
    return [
        "/", "/articles/", "/articles/?q=patriot", "/articles/?format=json",
        "/articles/?format=csv", "/articles/?format=atom", "/articles/?country=narnia",
        article.get_absolute_url(), f"{article.get_absolute_url()}?format=json",
        f"/articles/{article.pk}/", "/actors/ukraine/", "/actors/ukraine/?format=atom",
        "/people/", "/countries/?q=ukr", "/organizations/", "/equipment/", "/events/",
        archive["event"].get_absolute_url(), "/aid/", "/aid/?format=json", "/aid/?format=csv",
        "/healthz", "/no-such-page/", "/admin/login/",
    ]


ADMIN_PAGES = ["/admin/", "/admin/articles/article/", "/admin/articles/article/review/",
               "/admin/articles/auditentry/", "/admin/articles/actor/add/",
               "/admin/auth/user/"]


def test_every_page_type_sends_a_strict_content_security_policy(client, archive, settings):
    settings.DEBUG = False  # the debug 404 page is exempt, the real one is not
    admin = User.objects.create_superuser("admin", password="a-long-admin-passphrase")
    staff = Client()
    staff.force_login(admin)
    pages = [(client, path) for path in public_pages(archive)] + [
        (staff, path) for path in
        [*ADMIN_PAGES, f"/admin/articles/article/{archive['article'].pk}/change/"]
    ]

    for http, path in pages:
        response = http.get(path)
        assert response.status_code in (200, 301, 302, 400, 404), (path, response.status_code)
        policy = csp_directives(response)
        assert policy["default-src"] == ["'self'"], path
        assert policy["script-src"] == ["'self'"], path  # no inline script, no eval
        assert "'unsafe-inline'" not in policy["style-src"], path
        assert policy["object-src"] == ["'none'"], path
        assert policy["base-uri"] == ["'none'"], path
        assert policy["frame-ancestors"] == ["'none'"], path


def test_templates_have_no_inline_script_and_their_inline_styles_are_allowed_by_hash():
    policy = csp_directives(Client().get("/healthz"))
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"{template}: inline <script>"
        assert not re.search(r"\son\w+\s*=", text), f"{template}: inline event handler"
        assert " style=" not in text, f"{template}: style attribute"
        for style in re.findall(r"<style>(.*?)</style>", text, re.S):
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy["style-src"], f"{template}: <style> not hashed"


def test_the_server_error_page_sends_the_policy_too(monkeypatch, settings):
    settings.DEBUG = False

    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("articles.views.listed", fail)
    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    assert csp_directives(response)["script-src"] == ["'self'"]


def test_a_session_cookie_with_a_nul_is_no_session_not_a_500():
    # Python's cookie parser turns an octal escape in a quoted value into the character, so
    # a NUL reaches the session lookup through any proxy that refuses raw NUL bytes.
    client = Client(raise_request_exception=False)

    response = client.get("/admin/login/", HTTP_COOKIE='sessionid="abcdefgh\\000ijklmnop"')

    assert response.status_code == 200
