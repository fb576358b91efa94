"""Capturing pages from a local HTTP server (loopback only): kept in WARC byte for byte,
imported as articles; refused by name when robots.txt, the address, the size or the server
says no; captured again, a changed page is a new version and an unchanged one adds nothing."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from articles import capture as capture_module
from articles.capture import CaptureError, capture, fetch
from articles.models import Article
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

PAGE = """<html><head><title>Secretary's Remarks - U.S. Department of State</title>
<meta property="og:title" content="Secretary's Remarks on Security Assistance">
<meta property="article:published_time" content="2022-04-25T12:00:00-04:00">
<meta property="og:site_name" content="U.S. Department of State"></head>
<body><nav>Menu</nav><article><p>We are announcing {figure} in Foreign Military Financing
for Ukraine.</p></article></body></html>"""


class Site(BaseHTTPRequestHandler):
    figure = "$322 million"
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        Site.requests.append(self.path)
        if self.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/remarks/":
            body = PAGE.format(figure=Site.figure).encode()
            return self._send(200, body, "text/html; charset=utf-8", chunked=True)
        if self.path == "/old-remarks/":
            self.send_response(301)
            self.send_header("Location", "/remarks/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/loop/":
            self.send_response(302)
            self.send_header("Location", "/loop/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/huge/":
            return self._send(200, b"<p>" + b"x" * 2048 + b"</p>", "text/html")
        return self._send(404, b"<p>Not found</p>", "text/html")

    def _send(self, status, body, content_type, chunked=False):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 100):
                part = body[start:start + 100]
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(settings, tmp_path):
    settings.CAPTURE_ALLOW_PRIVATE = True  # the server is on loopback
    settings.CAPTURE_HOST_DELAY = 0
    settings.CAPTURE_MAX_BYTES = 1024
    settings.CAPTURE_DIR = tmp_path / "captures"
    capture_module._robots.clear()
    Site.figure, Site.requests = "$322 million", []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run_capture(*urls):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("capture", *urls, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def test_a_captured_page_is_kept_in_warc_and_becomes_an_article(site, settings):
    status, out, err = run_capture(f"{site}/old-remarks/")
    assert status == 0, err
    article = Article.objects.get()
    assert article.title == "Secretary's Remarks on Security Assistance"
    assert article.url == f"{site}/remarks/"  # where the redirect led
    assert article.body == ("We are announcing $322 million in Foreign Military Financing for "
                            "Ukraine.")
    assert article.source.name == "U.S. Department of State"
    assert article.amounts.get().raw_text == "$322 million"
    # the WARC holds the request and the response, the page byte for byte
    [warc] = list(settings.CAPTURE_DIR.rglob("*.warc.gz"))
    assert f"warc={warc}" in out
    with open(warc, "rb") as handle:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                    r.rec_headers.get_header("WARC-Payload-Digest"), r.content_stream().read())
                   for r in ArchiveIterator(handle)]
    kept = {kind: (uri, digest, payload) for kind, uri, digest, payload in records}
    assert sorted(kept) == ["request", "response"] and len(records) == 2
    assert kept["response"][0] == f"{site}/remarks/"
    assert kept["response"][2] == PAGE.format(figure="$322 million").encode() \
        == bytes(article.original)
    assert kept["response"][1].startswith("sha1:")
    # robots.txt was read first, with the archive's name as the user agent
    assert Site.requests[0] == "/robots.txt"


def test_captured_again_a_changed_page_is_a_new_version_an_unchanged_one_nothing(site):
    assert run_capture(f"{site}/remarks/")[0] == 0
    status, out, _ = run_capture(f"{site}/remarks/")
    assert "unchanged=1" in out and Article.objects.count() == 1
    Site.figure = "$500 million"
    status, out, _ = run_capture(f"{site}/remarks/")
    assert "updated=1" in out
    article = Article.objects.get()
    assert "$500 million" in article.body
    assert article.revisions.count() == 1  # the earlier text is kept as a version


def test_what_is_refused_is_named_and_the_rest_is_captured(site):
    status, out, err = run_capture(f"{site}/private/memo/", f"{site}/huge/", f"{site}/gone/",
                                   f"{site}/loop/", "ftp://example.org/file", f"{site}/remarks/")
    assert status == 1
    assert f"{site}/private/memo/: refused: robots.txt disallows it" in err
    assert f"{site}/huge/: refused: the page is over 1,024 bytes" in err
    assert f"{site}/gone/: the server answered 404 Not Found" in err
    assert f"{site}/loop/: more than 5 redirects" in err
    assert "ftp://example.org/file: only http and https addresses are captured" in err
    assert "captured=1 refused_or_failed=5" in out
    assert Article.objects.count() == 1


def test_a_private_address_is_refused_unless_allowed(site, settings):
    settings.CAPTURE_ALLOW_PRIVATE = False
    with pytest.raises(CaptureError, match="127.0.0.1 is a private or local address"):
        fetch(f"{site}/remarks/")
    path, errors = capture([f"{site}/remarks/"])
    assert path is None and len(errors) == 1
    assert Site.requests == []  # nothing was sent


def test_a_capture_replays_inert_in_a_sandbox_and_downloads_as_it_came(site, client):
    Site.figure = '$322 million<script>alert(1)</script><img src="https://live.example/x.png" ' \
                  'onerror="alert(2)"><a href="https://live.example/more">more</a>'
    assert run_capture(f"{site}/remarks/")[0] == 0
    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    capture_url = f"/articles/{article.pk}/{article.slug}/capture/"
    assert f'href="{capture_url}"' in page
    framed = client.get(capture_url).content.decode()
    assert "Captured on" in framed and f"{site}/remarks/" in framed
    assert f'<iframe class="replay" sandbox src="{capture_url}page/"' in framed
    inner = client.get(capture_url + "page/")
    html = inner.content.decode()
    # the text is there; nothing that runs or loads is
    assert "We are announcing $322 million" in html
    assert "<script" not in html and "onerror" not in html and "live.example/x.png" not in html
    assert 'data-href="https://live.example/more"' in html and ' href=' not in html
    policy = inner["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert inner["X-Frame-Options"] == "SAMEORIGIN"
    raw = client.get(capture_url + "raw/")
    assert raw["Content-Disposition"].startswith("attachment")
    assert raw.content == bytes(article.original)
    # an article that was not captured has no such page
    other = make_article("Typed in", body="No page behind this one.")
    assert client.get(f"/articles/{other.pk}/{other.slug}/capture/").status_code == 404


def test_a_curator_captures_pages_from_the_admin(site, client):
    from django.contrib.auth.models import User

    url = "/admin/articles/feed/capture/"
    assert client.get(url).status_code == 302  # behind the login
    reader = User.objects.create_user("reader", password="pw-reader-long-1234", is_staff=True)
    client.force_login(reader)
    assert client.get(url).status_code == 403  # staff without the right to add articles
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-long-1234"))
    assert "Capture pages" in client.get("/admin/").content.decode()
    page = client.post(url, {"urls": f"{site}/remarks/\n{site}/private/memo/\n"}).content.decode()
    article = Article.objects.get()
    assert f'href="/admin/articles/article/{article.pk}/change/"' in page
    assert "not captured: refused: robots.txt disallows it" in page
    too_many = "\n".join(f"{site}/remarks/{n}" for n in range(6))
    assert "At most 5 addresses at once" in client.post(url, {"urls": too_many}).content.decode()
