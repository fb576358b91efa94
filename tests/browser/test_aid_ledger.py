import datetime as dt

from articles.tagging import matcher_current, tags_apply
from articles.tagging.gazetteer import gazetteer_load
from tests.browser.conftest import BROWSER_MARKS, SCREENSHOTS, playwright_expect
from tests.conftest import make_article

expect = playwright_expect()
pytestmark = BROWSER_MARKS


def test_filter_the_ledger_by_recipient_and_follow_a_row_to_its_sentence(live_server, page):
    gazetteer_load()
    for day, body in [
        (16, "The United States announced an additional $800 million in security assistance "
             "to Ukraine, including Javelin anti-armor systems."),
        (20, "The United States approved $827 million in Foreign Military Financing for Israel. "
             "Deliveries of interceptors follow."),
    ]:
        article = make_article(f"Aid statement {day}", body=body, source="The White House",
                               published_at=dt.datetime(2024, 3, day, 15, tzinfo=dt.timezone.utc))
        tags_apply(article=article, matcher=matcher_current(), new=True)

    page.goto(f"{live_server.url}/aid/")
    rows = page.locator("tr.ledger-row")
    expect(rows).to_have_count(2)
    expect(page.locator(".ledger-chart svg rect")).to_have_count(1)  # one year, 2024

    page.get_by_label("Recipient").select_option("israel")
    page.get_by_role("button", name="Filter").click()

    page.wait_for_url("**/aid/?**recipient=israel**")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("$827 million")
    expect(rows.first).to_contain_text("Foreign Military Financing")
    expect(page.locator(".ledger-donors")).to_contain_text("$827 million")
    page.screenshot(path=SCREENSHOTS / "aid-ledger-filtered.png", full_page=True)

    rows.first.locator(".sentence a").click()

    page.wait_for_url("**/articles/**#aid-*")
    marked = page.locator(".anchored:target")
    expect(marked).to_contain_text("$827 million in Foreign Military Financing for Israel")
    expect(marked).to_have_css("background-color", "rgb(255, 224, 102)")
    page.screenshot(path=SCREENSHOTS / "aid-ledger-sentence.png", full_page=True)
