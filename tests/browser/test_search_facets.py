from articles.models import Actor, ArticleActor
from tests.browser.conftest import BROWSER_MARKS, SCREENSHOTS, playwright_expect
from tests.conftest import make_article

expect = playwright_expect()
pytestmark = BROWSER_MARKS


def test_type_a_query_click_a_country_facet_and_see_the_list_narrow(live_server, page):
    ukraine = Actor.objects.create(name="Ukraine", slug="ukraine", kind="country")
    israel = Actor.objects.create(name="Israel", slug="israel", kind="country")
    for n, country in enumerate([ukraine, ukraine, israel]):
        article = make_article(f"Air defense delivery {n} to {country.name}",
                               body=f"Air defense systems were delivered to {country.name}.")
        ArticleActor.objects.create(article=article, actor=country, mention_count=1)
    make_article("Budget hearing", body="Senators questioned the budget request.")

    page.goto(f"{live_server.url}/articles/")
    search_box = page.get_by_role("searchbox", name="Search the archive")
    search_box.fill('"air defense"')
    search_box.press("Enter")
    expect(page.locator(".result-count")).to_contain_text("3 articles match")
    facet = page.locator(".facet-country")
    expect(facet).to_contain_text("Ukraine")
    expect(facet.locator("li", has_text="Ukraine").locator(".count")).to_have_text("2")

    facet.get_by_role("link", name="Ukraine").click()

    expect(page.locator(".result-count")).to_contain_text("2 articles match")
    expect(page.locator(".results")).not_to_contain_text("to Israel")
    expect(page.locator(".chips")).to_contain_text("Ukraine")
    page.screenshot(path=SCREENSHOTS / "search-facet-narrowed.png", full_page=True)

    page.get_by_role("link", name="Remove filter Ukraine").click()
    expect(page.locator(".result-count")).to_contain_text("3 articles match")
