"""Feeds: a newsroom's RSS or Atom feed polled from a local server (loopback only), each new
item's page captured and imported once; a feed that did not change costs a 304; a failing one
waits longer each time; feed_links read on strings."""

import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles import capture as capture_module
from articles.feeds import NotAFeed, due, feed_links, poll
from articles.models import Article, Feed

pytestmark = pytest.mark.django_db

PAGE = """<html><head><meta property="og:title" content="{title}">
<meta property="article:published_time" content="2022-0{n}-01T12:00:00Z">
<meta property="og:site_name" content="U.S. Department of State"></head>
<body><article><p>{title}: $10{n} million in security assistance for Ukraine.</p></article>
</body></html>"""


def rss(base, items):
    entries = "".join(f"<item><title>Release {n}</title><link>{base}/release/{n}/</link></item>"
                      for n in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Press releases</title>'
            f"{entries}</channel></rss>").encode()


class Newsroom(BaseHTTPRequestHandler):
    items = [1, 2]
    broken = False
    requests: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        Newsroom.requests.append((self.path, self.headers.get("If-None-Match", "")))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            if Newsroom.broken:
                return self._send(500, b"down", "text/plain")
            body = rss(base, Newsroom.items)
            etag = f'"{len(Newsroom.items)}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return None
            return self._send(200, body, "application/rss+xml", [("ETag", etag)])
        if self.path.startswith("/release/"):
            n = int(self.path.split("/")[2])
            return self._send(200, PAGE.format(title=f"Release {n}", n=n).encode(), "text/html")
        return self._send(404, b"", "text/plain")

    def _send(self, status, body, content_type, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def newsroom(settings, tmp_path):
    settings.CAPTURE_ALLOW_PRIVATE = True
    settings.CAPTURE_HOST_DELAY = 0
    settings.CAPTURE_DIR = tmp_path / "captures"
    capture_module._robots.clear()
    Newsroom.items, Newsroom.broken, Newsroom.requests = [1, 2], False, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Newsroom)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_links_reads_rss_and_atom():
    assert feed_links(rss("https://e.org", [1, 2])) == (
        "Press releases", ["https://e.org/release/1/", "https://e.org/release/2/"])
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>NATO news</title>
      <entry><link rel="alternate" href="https://nato.int/a"/><link rel="enclosure"
      href="https://nato.int/a.jpg"/></entry><entry><link href="https://nato.int/b"/></entry>
      </feed>"""
    assert feed_links(atom) == ("NATO news", ["https://nato.int/a", "https://nato.int/b"])
    with pytest.raises(NotAFeed, match="the root element is <html>"):
        feed_links(b"<html><body>Not a feed</body></html>")
    with pytest.raises(NotAFeed, match="EntitiesForbidden"):
        feed_links(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>')


def test_added_feed_is_polled_its_items_captured_once(newsroom):
    out = io.StringIO()
    call_command("add_feed", f"{newsroom}/feed.xml", "--every", "15m", stdout=out)
    assert "Added feed" in out.getvalue()
    out = io.StringIO()
    call_command("poll_feeds", stdout=out)
    assert "2 items, 2 new" in out.getvalue()
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Release 1", "Release 2"]
    assert Article.objects.filter(amounts__raw_text="$101 million").exists()
    feed = Feed.objects.get()
    assert (feed.title, feed.captured, feed.failures, feed.etag) == ("Press releases", 2, 0, '"2"')
    assert list(due()) == []  # not due again for 15 minutes
    # polled again: the validators make the unchanged feed a 304, nothing fetched
    Newsroom.requests = []
    poll(feed)
    assert Newsroom.requests == [("/feed.xml", '"2"')]
    assert feed.last_status == "not modified"
    # a new item: only its page is captured
    Newsroom.items = [1, 2, 3]
    poll(feed)
    assert feed.last_status == "3 items, 1 new" and Article.objects.count() == 3
    assert [path for path, _ in Newsroom.requests if path.startswith("/release/")] == [
        "/release/3/"]


def test_a_failing_feed_waits_longer_each_time_and_says_why(newsroom):
    feed = Feed.objects.create(url=f"{newsroom}/feed.xml", interval=dt.timedelta(minutes=10))
    Newsroom.broken = True
    before = timezone.now()
    poll(feed)
    poll(feed)
    assert (feed.failures, feed.last_status) == (2, "failed")
    assert "the server answered 500" in feed.last_error
    assert feed.next_poll_at - before >= dt.timedelta(minutes=40)
    Newsroom.broken = False
    poll(feed)
    assert feed.failures == 0 and Article.objects.count() == 2


def test_add_feed_refuses_bad_input_by_name(newsroom, settings):
    with pytest.raises(CommandError, match="--every '5x'"):
        call_command("add_feed", f"{newsroom}/feed.xml", "--every", "5x")
    with pytest.raises(CommandError, match="at most once a minute"):
        call_command("add_feed", f"{newsroom}/feed.xml", "--every", "10s")
    settings.CAPTURE_ALLOW_PRIVATE = False
    with pytest.raises(CommandError, match="private or local address"):
        call_command("add_feed", f"{newsroom}/feed.xml")
    assert not Feed.objects.exists()
