"""RSS 2.0 feeds, one record per <item>, as in the State Department press-release snapshots.

The XML is read with defusedxml, which refuses entity declarations (entity-expansion bombs,
external entities), and as a stream: the items before a break in a malformed feed are kept.
HTML bodies (``content:encoded``, else ``description``) become plain text paragraphs.
"""

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree.ElementTree import ParseError, tostring

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import iterparse

from articles.importers.bounded import MAX_FEED_BYTES, MAX_RECORD_BYTES, MAX_XML_DEPTH, TOO_BIG
from articles.importers.records import Record, RecordError, record_from_fields
from articles.importers.structured import open_checked

CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"

# Elements that end a paragraph. A <br> is a line break inside one, as a Markdown hard break.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
}
# Elements whose content is never text a reader sees.
SKIPPED_TAGS = {"head", "iframe", "noscript", "object", "script", "style", "svg", "template"}


class _ParagraphParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skipping: list[str] = []
        self.cells = 0
        self.bullet = False

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping.append(tag)
        elif self.skipping:
            return
        elif tag == "br":
            self.current.append("\n")
        elif tag in ("td", "th"):
            if self.cells:
                self.current.append(" | ")
            self.cells += 1
        elif tag in BLOCK_TAGS:
            self.end_paragraph()
            self.bullet = self.bullet or tag == "li"

    def handle_startendtag(self, tag, attrs):
        if tag not in SKIPPED_TAGS:  # <script/> opens nothing to skip
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
        elif tag in BLOCK_TAGS:
            self.end_paragraph()

    def handle_data(self, data):
        if not self.skipping:  # a line break in the source is a space; only <br> breaks lines
            self.current.append(data.replace("\r", " ").replace("\n", " "))

    def end_paragraph(self):
        lines = "".join(self.current).split("\n")
        text = "\n".join(" ".join(line.split()) for line in lines).strip()
        if text:
            self.paragraphs.append("• " + text if self.bullet else text)
            self.bullet = False
        self.current, self.cells = [], 0


def html_to_paragraphs(html: str) -> str:
    """Plain text paragraphs separated by blank lines: block elements end a paragraph, inline
    tags are dropped, entities decoded, scripts and styles dropped, white space collapsed."""
    parser = _ParagraphParser()
    parser.feed(html)
    parser.close()
    parser.end_paragraph()
    return "\n\n".join(parser.paragraphs)


def parse_rss(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    """The items of an RSS 2.0 feed; each error names ``PATH:[item N]`` (N from 1), or the
    file and line when the XML itself is malformed or unsafe."""
    if path.stat().st_size > MAX_FEED_BYTES:
        # The XML parser holds an element's text whole, so only the file's size bounds it.
        yield RecordError(display, f"refused: a feed over the {MAX_FEED_BYTES // 2**20} MB limit")
        return
    # The XML declaration says the encoding.
    handle, _encoding = open_checked(path, display, transcode=False)
    channel_title, open_tags, number = "", [], 0
    with handle:
        try:
            for event, element in iterparse(handle, events=("start", "end")):
                if event == "start":
                    if not open_tags and element.tag != "rss":
                        root = element.tag.rsplit("}", 1)[-1]
                        yield RecordError(display, f"not an RSS 2.0 feed: the root element is "
                                                   f"<{root}>, not <rss>")
                        return
                    open_tags.append(element.tag)
                    if len(open_tags) > MAX_XML_DEPTH:
                        # Serialising an item (its original) recurses once a level.
                        yield RecordError(display, f"refused: XML nested deeper than "
                                                   f"{MAX_XML_DEPTH} levels")
                        return
                    continue
                open_tags.pop()
                if element.tag == "title" and open_tags[-1:] == ["channel"]:
                    channel_title = html_to_paragraphs(element.text or "")
                elif element.tag == "item":
                    number += 1
                    yield _item_record(element, f"{display}:[item {number}]", channel_title)
                    element.clear()
        except ParseError as error:
            line, column = error.position
            reason = str(error).rsplit(": line ", 1)[0]
            yield RecordError(f"{display}:{line}",
                              f"malformed XML: {reason} at column {column + 1}")
        except EntitiesForbidden as error:
            yield RecordError(display, f"refused: the feed declares the XML entity "
                                       f"'{error.name}' (entities can expand without bound or "
                                       f"read other files, so feeds may not declare them)")
        except DefusedXmlException as error:
            yield RecordError(display, f"refused unsafe XML: {error}")


def _item_record(item, location: str, channel_title: str) -> Record | RecordError:
    original = tostring(item, "utf-8")
    if len(original) > MAX_RECORD_BYTES:
        return RecordError(location, TOO_BIG)

    def texts(tag):
        return [text for node in item.findall(tag) if (text := (node.text or "").strip())]

    body = next(
        (text for html in texts(CONTENT_ENCODED) + texts("description")
         if (text := html_to_paragraphs(html))), ""
    )
    title = " ".join(html_to_paragraphs(item.findtext("title") or "").split())
    if not body:
        return RecordError(location, "no body text (content:encoded or description)"
                                     + ("" if title else " and no title"))
    guid = item.find("guid")
    guid_text = (guid.text or "").strip() if guid is not None else ""
    # A guid is the item's address unless it says otherwise; many feeds put other ids there.
    permalink = guid_text.startswith(("http://", "https://")) and guid.get("isPermaLink") != "false"
    fields = {
        "title": title,
        "body": body,
        "url": item.findtext("link", "").strip() or (guid_text if permalink else ""),
        "published_at": item.findtext("pubDate", "").strip() or item.findtext(DC_DATE, "").strip(),
        "source": item.findtext("source", "").strip(),
        "authors": texts(DC_CREATOR) + texts("author"),
    }
    if guid_text:
        fields["guid"] = guid_text
    if categories := texts("category"):
        fields["categories"] = categories
    try:
        record = record_from_fields(fields, location=location, original=original,
                                    paragraphs_ready=True)
    except RecordError as error:
        return error
    record.source_fallback = channel_title
    return record
