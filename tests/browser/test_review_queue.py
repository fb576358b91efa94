from tests.browser.conftest import BROWSER_MARKS, SCREENSHOTS, playwright_expect
from tests.conftest import make_article

expect = playwright_expect()
pytestmark = BROWSER_MARKS
PASSWORD = "a-long-curator-passphrase"


def test_curator_logs_in_confirms_a_suggestion_from_the_keyboard_and_the_public_page_changes(
        live_server, js_page):
    from django.contrib.auth.models import Group, User

    from articles.models import Actor, ArticleActor, AuditEntry
    from articles.roles import CURATORS
    from articles.tagging import matcher_current, tags_apply

    page = js_page
    user = User.objects.create_user("maria", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    Actor.objects.create(name="NASAMS", slug="nasams", kind=Actor.Kind.EQUIPMENT)
    article = make_article("NASAMS for Kyiv", body="Ukraine will receive NASAMS launchers.")
    tags_apply(article=article, matcher=matcher_current(), new=True)
    public = f"{live_server.url}{article.get_absolute_url()}"
    page.goto(public)
    expect(page.locator(".reviewed")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/articles/article/review/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page.locator("#left-count")).to_have_text("1")
    expect(page.locator(".review-row")).to_contain_text("Ukraine will receive NASAMS launchers.")
    page.screenshot(path=SCREENSHOTS / "review-queue.png", full_page=True)
    page.keyboard.press("j")
    expect(page.locator(".review-row").first).to_have_class("review-row focused")
    page.keyboard.press("c")

    expect(page.locator(".messagelist")).to_contain_text("Confirmed 1 tag.")
    expect(page.locator("#left-count")).to_have_text("0")
    expect(page.locator(".review-empty")).to_be_visible()
    assert ArticleActor.objects.get(article=article).status == "confirmed"
    assert AuditEntry.objects.get().username == "maria"

    page.goto(public)
    expect(page.locator(".reviewed")).to_have_count(1)
    expect(page.locator(".reviewed")).to_contain_text("reviewed")


def test_curator_checks_a_large_group_by_a_sample_and_marks_a_wrong_one(live_server, js_page):
    from django.contrib.auth.models import Group, User

    from articles.models import Actor, ArticleActor, AuditEntry
    from articles.roles import CURATORS
    from articles.tagging import matcher_current, tags_apply

    page = js_page
    user = User.objects.create_user("maria", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    Actor.objects.create(name="Poland", slug="poland", kind=Actor.Kind.COUNTRY)
    matcher = matcher_current()
    for n in range(30):
        tags_apply(article=make_article(f"Poland, day {n}", body=f"Poland spoke on day {n}."),
                   matcher=matcher, new=True)

    page.goto(f"{live_server.url}/admin/articles/article/review/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".review-group h2").first).to_contain_text("Poland (country)")
    expect(page.locator(".review-row .confidence").first).to_contain_text("confidence 1.00: "
                                                                          "its name")
    page.get_by_role("link", name="Check a sample of 20").click()

    expect(page.locator(".review-group h2")).to_contain_text("a random sample of 20 of 30")
    expect(page.locator(".review-row")).to_have_count(20)
    page.locator(".review-row").nth(3).get_by_label("wrong").check()
    page.screenshot(path=SCREENSHOTS / "review-sample.png", full_page=True)
    page.get_by_role("button", name="Decide by this sample").click()

    expect(page.locator(".messagelist")).to_contain_text("1 of the 20 in the sample were wrong")
    assert ArticleActor.objects.filter(status="rejected").count() == 1
    assert ArticleActor.objects.filter(status="suggested").count() == 29
    assert AuditEntry.objects.get(action="sample").after["wrong"]
