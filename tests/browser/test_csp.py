"""Every kind of page renders under the Content-Security-Policy with nothing blocked; the
tab fixtures fail a test on any violation Chromium reports (tests/browser/conftest.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.browser.conftest import BROWSER_MARKS, playwright_expect
from tests.conftest import make_article

expect = playwright_expect()
pytestmark = BROWSER_MARKS
PASSWORD = "a-long-admin-passphrase"


@pytest.fixture
def archive(transactional_db):
    from articles.models import Actor, AidEntry, ArticleActor, ArticleEvent, Event, TagStatus

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
    return {"article": article, "event": event}


def test_public_pages_render_with_nothing_blocked(live_server, page, archive):
    paths = ["/", "/articles/?q=patriot", archive["article"].get_absolute_url(),
             "/actors/ukraine/", "/countries/", "/events/", archive["event"].get_absolute_url(),
             "/aid/", "/articles/?country=narnia", "/no-such-page/"]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        # The stylesheet applied: the CSP let the site's own CSS through.
        expect(page.locator("body")).not_to_have_css("font-family", "\"Times New Roman\"")

    assert page.csp_violations == []


def test_the_standalone_error_page_keeps_its_inline_style(live_server, page, monkeypatch,
                                                         settings):
    settings.DEBUG = False  # Django's debug page is not the archive's

    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("articles.views.listed", fail)
    response = page.goto(f"{live_server.url}/")

    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong")
    # The inline <style> applied: its hash is in the policy.
    expect(page.locator("body")).to_have_css("max-width", "640px")
    assert page.csp_violations == []


def test_admin_pages_run_their_scripts_with_nothing_blocked(live_server, js_page, archive):
    from django.contrib.auth.models import User

    User.objects.create_superuser("admin", password=PASSWORD)
    page = js_page
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("Welcome, admin")

    for path in ["/admin/articles/article/", "/admin/articles/article/review/",
                 f"/admin/articles/article/{archive['article'].pk}/change/",
                 "/admin/articles/actor/add/", "/admin/articles/auditentry/",
                 "/admin/auth/user/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()
    # The admin's own JavaScript ran: the changelist's "select all" box checks every row.
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.locator("#action-toggle").check()
    expect(page.locator("input.action-select").first).to_be_checked()

    assert page.csp_violations == []


def test_a_violation_is_seen(live_server, js_page):
    """The console watch the fixtures rely on does catch a blocked inline script."""
    page = js_page
    page.route(f"{live_server.url}/probe", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<script>document.title='ran'</script>",
        headers={"Content-Security-Policy": "script-src 'self'"}))
    page.goto(f"{live_server.url}/probe")

    assert page.title() != "ran"
    assert any("inline script" in text for text in page.csp_violations)
    page.csp_violations.clear()  # seen on purpose; the fixture must not fail the test
