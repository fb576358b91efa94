import threading
from http.server import ThreadingHTTPServer

from tests.browser.conftest import BROWSER_MARKS, SCREENSHOTS, playwright_expect
from tests.test_feeds import Newsroom

expect = playwright_expect()
pytestmark = BROWSER_MARKS
PASSWORD = "a-long-curator-passphrase"


def test_curator_adds_a_feed_its_items_are_searchable_and_replay_fetches_nothing_outside(
        live_server, js_page, settings, tmp_path):
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from articles import capture
    from articles.models import Feed
    from articles.roles import CURATORS

    settings.CAPTURE_ALLOW_PRIVATE = True  # the newsroom is a local server
    settings.CAPTURE_HOST_DELAY = 0
    settings.CAPTURE_DIR = tmp_path / "captures"
    capture._robots.clear()
    Newsroom.items, Newsroom.broken, Newsroom.requests = [1, 2], False, []
    newsroom = ThreadingHTTPServer(("127.0.0.1", 0), Newsroom)
    threading.Thread(target=newsroom.serve_forever, daemon=True).start()
    feed_url = f"http://127.0.0.1:{newsroom.server_address[1]}/feed.xml"
    page = js_page
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        user = User.objects.create_user("maria", password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=CURATORS))
        page.goto(f"{live_server.url}/admin/articles/feed/add/")
        page.get_by_label("Username").fill("maria")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_label("Url").fill(feed_url)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        assert Feed.objects.get().url == feed_url

        call_command("poll_feeds")  # what the poller beside the server does when it is due

        page.goto(f"{live_server.url}/articles/?q=Release")
        expect(page.get_by_text("2 articles match")).to_be_visible()
        page.get_by_role("link", name="Release 2", exact=True).click()
        page.get_by_role("link", name="The page as captured").click()
        frame = page.frame_locator("iframe.replay")
        expect(frame.locator("article")).to_contain_text("$102 million in security assistance")
        page.screenshot(path=SCREENSHOTS / "capture-replay.png", full_page=True)
    finally:
        newsroom.shutdown()
        newsroom.server_close()
    outside = [url for url in requests if not url.startswith(live_server.url)]
    assert outside == [], outside
