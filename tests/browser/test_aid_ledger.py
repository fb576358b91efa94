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
             "to Ukraine, including Javelin anti-armor systems. Today’s announcement—which "
             "includes an additional $1.25 billion drawdown package for the Ukrainian military "
             "and a $1.22 billion Ukraine Security Assistance Initiative (USAI) package—builds "
             "on this effort."),
        (20, "The United States approved $827 million in Foreign Military Financing for Israel "
             "for the Iron Dome and David's Sling air defense systems and for the stocks of "
             "interceptors that the Israel Defense Forces draw on against rockets from Gaza and "
             "drones launched from Lebanon, Yemen and Iraq. Deliveries of interceptors follow."),
    ]:
        article = make_article(f"Aid statement {day}", body=body, source="The White House",
                               published_at=dt.datetime(2024, 3, day, 15, tzinfo=dt.timezone.utc))
        tags_apply(article=article, matcher=matcher_current(), new=True)

    page.goto(f"{live_server.url}/aid/")
    rows = page.locator("tr.ledger-row")
    expect(rows).to_have_count(4)
    expect(page.locator(".ledger-chart svg rect")).to_have_count(1)  # one year, 2024
    # Two rows read two figures of one sentence: each marks its own. On a laptop screen the
    # table is read whole, not cut off at the edge of the page.
    expect(rows.locator(".sentence mark")).to_have_text(
        ["$827 million", "$1.22 billion", "$1.25 billion", "$800 million"], ignore_case=False)
    table = page.locator(".ledger-rows")
    assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), "the ledger table is cut off"
    # ... and the evidence reads as a paragraph, not a narrow column of a few words a line:
    # the 300-character sentence of the first row takes at most 7 lines (14 in a 11rem column).
    lines = rows.first.locator(".sentence a").evaluate(
        "a => Math.round(a.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(a).lineHeight))")
    assert lines <= 7, f"the evidence sentence wraps over {lines} lines"

    page.get_by_label("Recipient").select_option("israel")
    page.get_by_role("button", name="Filter").click()

    page.wait_for_url("**/aid/?**recipient=israel**")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("$827 million")
    expect(rows.first).to_contain_text("Foreign Military Financing")
    expect(page.locator(".ledger-donors")).to_contain_text("$827 million")
    page.screenshot(path=SCREENSHOTS / "aid-ledger-filtered.png", full_page=True)

    # The row shows which figure of its sentence it reads.
    expect(rows.first.locator(".sentence mark")).to_have_text("$827 million")

    rows.first.locator(".sentence a").click()

    page.wait_for_url("**/articles/**#aid-*")
    marked = page.locator(".anchored:target")
    expect(marked).to_contain_text("$827 million in Foreign Military Financing for Israel")
    expect(marked).to_have_css("background-color", "rgb(255, 224, 102)")
    page.screenshot(path=SCREENSHOTS / "aid-ledger-sentence.png", full_page=True)
