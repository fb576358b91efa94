"""Feeds the archive polls: a newsroom's RSS 2.0 or Atom feed, read for the addresses of its
items, each of which is captured (articles/capture.py) and imported once.

A poll asks with the validators of the last answer (``If-None-Match``, ``If-Modified-Since``):
a feed that did not change answers 304 and costs nothing. A poll that fails (the feed is
refused, unreachable, not a feed) counts a failure and doubles the wait before the next, up
to a day; the next poll that succeeds resets it. An item already in the archive (by its url)
is not fetched again.

``feed_links`` is plain data in, findings out: the feed's bytes to its title and item links.
"""

import datetime as dt
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.db.models import Q
from django.utils import timezone

from articles.capture import CaptureError, _get, capture
from articles.importers import import_paths
from articles.models import Article, Feed

ATOM = "{http://www.w3.org/2005/Atom}"
MAX_WAIT = dt.timedelta(days=1)
MAX_ITEMS = 100  # a poll captures at most this many new pages; the rest wait for the next


class NotAFeed(ValueError):
    pass


def feed_links(data: bytes) -> tuple[str, list[str]]:
    """(the feed's title, the links of its items in feed order) of an RSS 2.0 or Atom feed."""
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException) as error:
        raise NotAFeed(f"not a feed: {type(error).__name__}: {error}"[:300]) from None
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise NotAFeed("not a feed: an <rss> without a <channel>")
        links = [(item.findtext("link") or "").strip() for item in channel.iter("item")]
        return (channel.findtext("title") or "").strip(), [link for link in links if link]
    if root.tag == f"{ATOM}feed":
        links = []
        for entry in root.iter(f"{ATOM}entry"):
            found = [link for link in entry.findall(f"{ATOM}link")
                     if link.get("rel", "alternate") == "alternate" and link.get("href")]
            if found:
                links.append(found[0].get("href").strip())
        return (root.findtext(f"{ATOM}title") or "").strip(), links
    raise NotAFeed(f"not a feed: the root element is <{root.tag}>, not <rss> or Atom's <feed>")


@dataclass
class Polled:
    feed: Feed
    new: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    imported: str = ""


def poll(feed: Feed) -> Polled:
    """Poll one feed now; capture and import its new items."""
    result = Polled(feed)
    now = timezone.now()
    feed.last_polled_at = now
    conditional = [(name, value) for name, value in (("If-None-Match", feed.etag),
                                                     ("If-Modified-Since", feed.last_modified))
                   if value]
    try:
        exchange = _get(feed.url, conditional, accept="application/rss+xml, application/atom+xml, "
                                                      "application/xml;q=0.9, */*;q=0.5")
        status = int(exchange.status.split()[0])
        if status == 304:
            feed.last_status, feed.last_error, feed.failures = "not modified", "", 0
        elif status != 200:
            raise CaptureError(feed.url, f"the server answered {exchange.status}")
        else:
            title, links = feed_links(exchange.body)
            headers = {name.lower(): value for name, value in exchange.headers}
            feed.etag = headers.get("etag", "")[:500]
            feed.last_modified = headers.get("last-modified", "")[:100]
            feed.title = feed.title or title[:300]
            known = set(Article.objects.filter(url__in=links).values_list("url", flat=True))
            result.new = [link for link in dict.fromkeys(links) if link not in known][:MAX_ITEMS]
            if result.new:
                path, errors = capture(result.new)
                result.errors = [f"{error.url}: {error.reason}" for error in errors]
                if path is not None:
                    imported = import_paths([str(path)], progress=False)
                    result.imported = imported.summary()
                    feed.captured += len(result.new) - len(errors)
            feed.last_status = (f"{len(links)} items, {len(result.new)} new"
                                + (f", {len(result.errors)} not captured" if result.errors else ""))
            feed.last_error = "\n".join(result.errors)[:5000]
            feed.failures = 0
    except (CaptureError, NotAFeed) as error:
        feed.failures += 1
        feed.last_status = "failed"
        feed.last_error = str(error)[:5000]
        result.errors.append(str(error))
    wait = min(feed.interval * (2 ** min(feed.failures, 20)), max(MAX_WAIT, feed.interval))
    feed.next_poll_at = now + wait
    feed.save()
    return result


def due(now=None):
    """The feeds to poll now, the longest waiting first."""
    now = now or timezone.now()
    return Feed.objects.filter(Q(next_poll_at__lte=now), paused=False).order_by("next_poll_at")
