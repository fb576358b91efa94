"""WARC files as crawlers write them: each HTML page of status 200 is an article, kept byte for
byte; everything else in the file is passed over; a broken record is named and ends nothing."""

import gzip
import hashlib
import io

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from articles.models import Article
from tests.test_importers import run_import

pytestmark = pytest.mark.django_db

RELEASE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Additional Security Assistance for Ukraine - United States Department of State</title>
<meta property="og:title" content="Additional Security Assistance for Ukraine">
<meta property="og:site_name" content="U.S. Department of State">
<meta property="article:published_time" content="2022-12-21T17:30:00-05:00">
<script>track("visit")</script></head>
<body><nav><a href="/">Home</a> <a href="/press">Press</a></nav>
<article><h1>Additional Security Assistance for Ukraine</h1>
<p>Today, I am announcing a further drawdown valued at up to <b>$1 billion</b> for Ukraine.</p>
<p>It includes a Patriot air defense battery &amp; precision guided munitions.</p></article>
<footer>Privacy policy</footer></body></html>"""

UNDATED = """<html><head><title>Statement on NATO</title></head><body>
<main><p>The Alliance met in Brussels today to discuss support for Ukraine's defense.</p></main>
</body></html>"""


def response(writer, url, html, *, status="200 OK", content_type="text/html; charset=utf-8",
             date="2023-01-05T10:00:00Z"):
    payload = html.encode() if isinstance(html, str) else html
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                       http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)
    return payload


def warc_file(path, *, gzipped=True):
    """A crawl: two pages, a request, an image, a redirect and an error page."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        writer.write_record(writer.create_warc_record(
            "https://www.state.gov/release/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        release = response(writer, "https://www.state.gov/release/", RELEASE)
        response(writer, "https://www.state.gov/logo.png", b"\x89PNG...", content_type="image/png")
        response(writer, "https://www.state.gov/old/", "", status="301 Moved Permanently")
        response(writer, "https://www.state.gov/missing/", "<p>Not found</p>",
                 status="404 Not Found")
        undated = response(writer, "https://www.nato.int/statement/", UNDATED)
    return release, undated


def test_a_crawl_becomes_its_pages_kept_byte_for_byte(tmp_path):
    release, undated = warc_file(tmp_path / "crawl.warc.gz")
    status, out, err = run_import(tmp_path / "crawl.warc.gz")
    assert status == 0, err
    assert out.strip().splitlines()[-1].startswith("created=2 updated=0 unchanged=0 failed=0")
    page = Article.objects.get(url="https://www.state.gov/release/")
    assert page.title == "Additional Security Assistance for Ukraine"
    assert page.source.name == "U.S. Department of State"
    assert page.published_at.isoformat() == "2022-12-21T22:30:00+00:00"
    # the article's text, not the menu, the script or the footer
    assert page.body.split("\n\n") == [
        "Additional Security Assistance for Ukraine",
        "Today, I am announcing a further drawdown valued at up to $1 billion for Ukraine.",
        "It includes a Patriot air defense battery & precision guided munitions."]
    assert bytes(page.original) == release
    assert page.original_sha256 == hashlib.sha256(release).hexdigest()
    assert not page.needs_review
    # a page that gives no date is dated by its capture, and says so
    statement = Article.objects.get(url="https://www.nato.int/statement/")
    assert statement.published_at.date().isoformat() == "2023-01-05"
    assert statement.needs_review and "dated by its capture" in statement.review_reasons[0]
    assert bytes(statement.original) == undated
    # the same crawl again changes nothing; a plain .warc reads the same
    assert run_import(tmp_path / "crawl.warc.gz")[1].strip().splitlines()[-1] == (
        "created=0 updated=0 unchanged=2 failed=0")
    warc_file(tmp_path / "plain.warc", gzipped=False)
    assert run_import(tmp_path / "plain.warc")[1].strip().splitlines()[-1] == (
        "created=0 updated=0 unchanged=2 failed=0")


def test_a_page_in_a_declared_charset_is_read_in_it(tmp_path):
    path = tmp_path / "latin.warc"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        response(writer, "https://www.example.org/fr/", "<html><head><title>Aide à l'Ukraine"
                 "</title></head><body><p>Le ministère annonce une aide de 500 millions "
                 "d'euros.</p></body></html>".encode("cp1252"),
                 content_type="text/html; charset=windows-1252")
    status, _, err = run_import(path)
    assert status == 0, err
    article = Article.objects.get()
    assert article.title == "Aide à l'Ukraine" and "ministère" in article.body
    # declared, so no guess to flag (only the missing date is)
    assert not any("encod" in reason or "UTF-8" in reason for reason in article.review_reasons)


def test_a_broken_record_is_named_and_the_pages_before_it_are_kept(tmp_path):
    path = tmp_path / "cut.warc.gz"
    warc_file(path)
    good = path.read_bytes()
    # a second member that is not gzip at all, as a crawl cut off mid-write leaves
    path.write_bytes(good + b"\x1f\x8b\x08\x00" + b"garbage" * 20)
    status, out, err = run_import(path)
    assert "failed=1" in out and f"{path}@" in err
    assert Article.objects.count() == 2


def test_a_warc_that_is_not_one_is_refused_by_name(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("These are my notes, not a crawl.\n")
    status, out, err = run_import(path)
    assert f"{path}@0: not a readable WARC record" in err
    assert not Article.objects.exists()
    gzip_path = tmp_path / "empty.warc.gz"
    gzip_path.write_bytes(gzip.compress(b""))
    status, out, err = run_import(gzip_path)
    assert "created=0" in out and not Article.objects.exists()


def test_the_captures_of_a_search_export_as_warc_and_import_to_the_same_articles(tmp_path, client):
    warc_file(tmp_path / "crawl.warc.gz")
    run_import(tmp_path / "crawl.warc.gz")
    (tmp_path / "typed.jsonl").write_text(
        '{"title": "Typed in", "body": "Ukraine talks, typed in by hand."}\n')
    run_import(tmp_path / "typed.jsonl")
    before = sorted(Article.objects.filter(extra__has_key="captured_at").values_list(
        "url", "original_sha256", "content_sha256", "title"))
    response = client.get("/articles/", {"format": "warc"})
    assert response["Content-Type"] == "application/warc"
    exported = tmp_path / "export.warc.gz"
    exported.write_bytes(b"".join(response.streaming_content))
    with open(exported, "rb") as handle:
        info = next(iter(ArchiveIterator(handle)))
        assert b"2 captured pages of 3 matching articles" in info.content_stream().read()
    # into an empty archive: the same pages, the same hashes
    Article.objects.all().delete()
    status, out, err = run_import(exported)
    assert status == 0, err
    after = sorted(Article.objects.values_list("url", "original_sha256", "content_sha256",
                                               "title"))
    assert after == before and len(after) == 2
    # a search narrows the export as it narrows the list
    narrowed = client.get("/articles/", {"format": "warc", "q": "NATO"})
    path = tmp_path / "narrowed.warc.gz"
    path.write_bytes(b"".join(narrowed.streaming_content))
    with open(path, "rb") as handle:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle)
                if r.rec_type == "response"]
    assert uris == ["https://www.nato.int/statement/"]
