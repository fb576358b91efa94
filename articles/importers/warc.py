"""WARC files as crawlers write them (wget --warc-file, Heritrix, Browsertrix; ``.warc`` and
``.warc.gz``), read with warcio as a stream: every HTML response of status 200 becomes an
article, its HTTP payload the original bytes the archive keeps for fixity.

What a page says of itself is read from its head: the title (``og:title``, else ``<title>``),
the date (``article:published_time`` and the like, else the capture's ``WARC-Date``, which the
article then flags for review: it is when the page was captured, not written), the site's name
(``og:site_name``) and the author. The text is the page's ``<article>``, else its ``<main>``,
else its ``<body>``, as paragraphs (the feed reader's ``html_to_paragraphs``: scripts, styles
and the head dropped). Other records (requests, metadata, redirects, images, error pages) are
no articles and are passed over; a record that cannot be read is that record's named error
(``FILE@OFFSET: reason``), and the records after it are still read when the file allows.
"""

import codecs
import gzip
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from articles.importers.bounded import MAX_RECORD_BYTES, TOO_BIG
from articles.importers.records import (
    Record,
    RecordError,
    decode_record,
    detect_encoding,
    record_from_fields,
)
from articles.importers.rss import html_to_paragraphs

HTML_TYPES = ("text/html", "application/xhtml+xml")
# the first of these a page's head gives is its date, title, site, author
DATE_META = ("article:published_time", "og:published_time", "datepublished", "date",
             "dc.date", "dcterms.created", "pubdate", "publishdate", "sailthru.date")
TITLE_META = ("og:title", "twitter:title")
SITE_META = ("og:site_name", "application-name")
AUTHOR_META = ("author", "article:author", "dc.creator")
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
REGIONS = [re.compile(rf"<{tag}\b[^>]*>(.*)</{tag}\s*>", re.I | re.S)
           for tag in ("article", "main", "body")]


class _Head(HTMLParser):
    """The ``<title>`` and the ``<meta>`` of a page (names and properties, lower case)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False
        self.time = ""

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop")
                   or "").lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
        elif tag == "title":
            self.in_title = True
        elif tag == "time" and not self.time:
            self.time = values.get("datetime", "").strip()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)

    def first(self, keys) -> str:
        return next((self.meta[key] for key in keys if self.meta.get(key)), "")


def parse_warc(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    with open(path, "rb") as handle:
        start = handle.read(2)
        if start == b"\x1f\x8b":
            with gzip.open(path, "rb") as inner:
                try:
                    start = inner.read(5)
                except (OSError, EOFError):
                    start = b""
        else:
            start += handle.read(3)
        if start and start != b"WARC/":
            yield RecordError(f"{display}@0", "not a readable WARC record: the file does not "
                                              "begin with a WARC/1.x header")
            return
        handle.seek(0)
        records = ArchiveIterator(handle)
        try:
            for warc_record in records:
                if warc_record.rec_type != "response" or warc_record.http_headers is None:
                    continue
                http = warc_record.http_headers
                content_type = (http.get_header("Content-Type") or "").lower()
                if http.get_statuscode() != "200" or not content_type.startswith(HTML_TYPES):
                    continue
                payload = warc_record.content_stream().read(MAX_RECORD_BYTES + 1)
                # (asked after the payload is read: asking first reads the record to its end)
                location = f"{display}@{records.get_record_offset()}"
                if len(payload) > MAX_RECORD_BYTES:
                    yield RecordError(location, TOO_BIG)
                    continue
                yield _page_record(
                    payload, location=location, content_type=content_type,
                    url=warc_record.rec_headers.get_header("WARC-Target-URI") or "",
                    captured=warc_record.rec_headers.get_header("WARC-Date") or "")
        except ArchiveLoadFailed as error:
            # where the last record read began: the broken one is the next
            read = records.get_record_offset() if records.member_info else None
            yield RecordError(f"{display}@{read or 0}",
                              ("the record after this one" if read is not None else "the first "
                               "record") + f" is not a readable WARC record: {error.msg}"[:300])


def _page_record(payload: bytes, *, location: str, content_type: str, url: str,
                 captured: str) -> Record | RecordError:
    encoding, said = _declared_encoding(content_type, payload)
    if said and encoding != "utf-8":  # declared by the server or the page: no guess to flag
        html, reasons = payload.decode(encoding, errors="replace").replace("\x00", ""), []
    else:
        html, reasons = decode_record(payload, encoding)
    head = _Head()
    head.feed(html[:200_000])
    region = next((found.group(1) for pattern in REGIONS if (found := pattern.search(html))),
                  html)
    title = head.first(TITLE_META) or " ".join("".join(head.title).split())
    published = head.first(DATE_META) or head.time
    fields = {
        "title": title,
        "body": html_to_paragraphs(region),
        "url": url,
        "published_at": published or captured,
        "source": head.first(SITE_META),
        "authors": head.first(AUTHOR_META),
        "captured_at": captured,
        "content_type": content_type,
    }
    try:
        record = record_from_fields(fields, location=location, original=payload,
                                    paragraphs_ready=True)
    except RecordError as error:
        return error
    record.review_reasons += reasons
    if not published and captured:
        record.review_reasons.append("no date on the page: dated by its capture (WARC-Date)")
    return record


def capture_encoding(content_type: str, payload: bytes) -> str:
    """The charset to read a captured page in: as the response or the page declares it, else
    detected."""
    return _declared_encoding(content_type, payload)[0]


def _declared_encoding(content_type: str, payload: bytes) -> tuple[str, bool]:
    """(the charset the response or the page declares, if Python knows it, else the one
    detected; whether it was declared)."""
    declared = re.search(r"charset=([\w-]+)", content_type) or CHARSET.search(payload[:4096])
    declared = declared.group(1) if declared else None
    name = declared.decode("ascii", "replace") if isinstance(declared, bytes) else declared
    if name:
        try:
            return codecs.lookup(name).name, True
        except LookupError:
            pass
    return detect_encoding(payload[:65536]), False
