from tests.browser.conftest import BROWSER_MARKS, SCREENSHOTS, playwright_expect
from tests.conftest import make_article

expect = playwright_expect()
pytestmark = BROWSER_MARKS


def test_search_from_home_then_open_the_article(live_server, page):
    make_article(
        "Patriot interceptors for Kyiv",
        body="Ukraine will receive more Patriot interceptors.\n\nDeliveries start in July.",
    )
    make_article("Budget hearing on Taiwan", body="Senators questioned the budget request.")

    page.goto(f"{live_server.url}/")
    search_box = page.get_by_label("Search the reporting")
    search_box.fill("interceptor")
    search_box.press("Enter")

    page.wait_for_url("**/articles/?q=interceptor")
    results = page.locator("main")
    expect(results).to_contain_text("1 article matches")
    expect(results).to_contain_text("Patriot interceptors for Kyiv")
    expect(results).not_to_contain_text("Budget hearing on Taiwan")
    # The stylesheet loaded and the match is highlighted.
    expect(page.locator(".snippet mark")).to_have_text("interceptors")
    expect(page.locator(".snippet mark")).to_have_css("background-color", "rgb(255, 224, 102)")
    page.screenshot(path=SCREENSHOTS / "search-results.png", full_page=True)

    page.get_by_role("link", name="Patriot interceptors for Kyiv").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Patriot interceptors for Kyiv")
    expect(page.locator(".article-body p")).to_have_count(2)
    page.screenshot(path=SCREENSHOTS / "article.png", full_page=True)
