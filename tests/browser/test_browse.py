import os
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM
from tests.conftest import make_article

if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"Debian chromium not installed at {CHROMIUM}; "
        "run `apt-get install -y chromium` (as .ci/run does)",
        allow_module_level=True,
    )
try:
    from playwright.sync_api import expect
except ImportError:
    pytest.skip(
        "playwright is not importable; install the dev dependencies "
        "(`make install` or `pip install -r requirements.lock`)",
        allow_module_level=True,
    )

pytestmark = [
    pytest.mark.browser,
    # The live server is built once, before the per-test settings; its WhiteNoise looks for
    # collected files that tests never collect. Its static handler serves static/ instead.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def test_search_from_home_then_open_the_article(live_server, page):
    make_article(
        "Patriot interceptors for Kyiv",
        body="Ukraine will receive more Patriot interceptors.\n\nDeliveries start in July.",
    )
    make_article("Budget hearing on Taiwan", body="Senators questioned the budget request.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

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
