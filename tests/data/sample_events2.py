"""Draw the passages of events_dev2.jsonl and events_heldout2.jsonl (labels written by hand).

Run against a database into which the shared corpus was imported with the project's importer:

    DATABASE_URL=postgres://.../na_label .venv/bin/python manage.py shell < tests/data/sample_events2.py

Only simple keyword criteria are used, never the extractor. The importer does not read the
State Department RSS snapshots (.rss is not one of its formats), so their items are read here
from the XML: HTML reduced to plain text (scripts and styles dropped, entities decoded,
whitespace collapsed, block elements become paragraphs), then split with the same sentence
splitter. The stream each sentence belongs to is decided in this order: aid, event, negative.
The unlabelled passages are written with empty label lists; the spare candidates of each
stream (in draw order) go to /tmp/events2_reserve.json for replacing an unusable passage.
"""

import html
import json
import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import timezone as dt_timezone
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.models import Article
from articles.tagging.text import Sentences

SEED = 20261129
CORPUS = Path("/work/shared/corpus")
DATA = Path("tests/data")
NEW_YORK = ZoneInfo("America/New_York")
COUNTS = {"aid": 40, "event": 40, "negative": 10}
RSS_QUOTA = {"aid": 4, "event": 2, "negative": 0}  # drawn first, so the RSS feed is represented
PER_ARTICLE = 2
MIN_LEN, MAX_LEN = 40, 700

MONEY = re.compile(
    r"[$€£]\s?\d|\b\d[\d.,]*\s*(?:million|billion|trillion)\s+(?:U\.S\.\s+)?(?:dollars|euros)\b"
    r"|\b(?:million|billion)\s+(?:U\.S\.\s+)?(?:dollars|euros)\b",
    re.I,
)
AID_WORD = re.compile(
    r"\b(?:assistance|aid|package|drawdown|weapons|military|security|defen[cs]e|equipment|arms)\b",
    re.I,
)
AID_ACRONYM = re.compile(r"\b(?:USAI|FMF)\b")
EVENT_WORD = re.compile(
    r"summit|election|midterm|contact group|\budcg\b|ramstein|\bvot(?:e|ed)\b"
    r"|passed the (?:house|senate)|\bvisit(?:ed)?\b|\btrip to\b|\btravel to\b|\bcall\b"
    r"|\bspoke with\b|\bphone|\battack(?:ed)?\b|\bstrike\b|\bstruck\b|\bbombing\b",
    re.I,
)


def stream_of(sentence):
    if MONEY.search(sentence) and (AID_WORD.search(sentence) or AID_ACRONYM.search(sentence)):
        return "aid"
    if EVENT_WORD.search(sentence):
        return "event"
    return "negative"


class _PlainText(HTMLParser):
    BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol",
              "blockquote", "section", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup):
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    paragraphs = [" ".join(html.unescape(p).replace("\xa0", " ").split())
                  for p in "".join(parser.parts).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def documents():
    """(key, origin, date, source, body) for every stored article and every RSS item."""
    for article in Article.objects.select_related("source").order_by("id"):
        origin = str(Path(article.original_location).relative_to(CORPUS))
        day = article.published_at.astimezone(NEW_YORK).date().isoformat()
        yield f"article-{article.pk}", origin, day, article.source.slug if article.source else "", article.body
    namespace = "{http://purl.org/rss/1.0/modules/content/}encoded"
    seen = set()
    for path in sorted((CORPUS / "state-dept-rss").glob("*.rss")):
        for item in ET.parse(path).getroot().iter("item"):
            link = item.findtext("link")
            if link in seen:  # the same item in both snapshots: keep the first
                continue
            seen.add(link)
            published = parsedate_to_datetime(item.findtext("pubDate")).astimezone(dt_timezone.utc)
            body = html_to_text(item.findtext(namespace) or item.findtext("description") or "")
            yield (link, str(path.relative_to(CORPUS)), published.astimezone(NEW_YORK).date().isoformat(),
                   "state-department", body)


def main():
    known = set()
    for name in ("events_eval.jsonl", "events_heldout.jsonl"):
        for line in (DATA / name).read_text().splitlines():
            if line.strip():
                known.add(" ".join(json.loads(line)["text"].split()))

    pools = {stream: [] for stream in COUNTS}
    seen_text = set()
    for article_key, origin, day, source, body in documents():
        sentences = Sentences(body)
        for start, end in sentences.spans:
            text = body[start:end].strip()
            key = " ".join(text.split())
            if not MIN_LEN <= len(text) <= MAX_LEN or key in known or key in seen_text:
                continue
            seen_text.add(key)
            pools[stream_of(text)].append(
                {"key": article_key, "origin": origin, "date": day, "source": source, "text": text})

    rng = random.Random(SEED)
    per_article = Counter()
    chosen, reserve = [], {}
    for stream in ("aid", "event", "negative"):
        pool = pools[stream][:]
        rng.shuffle(pool)
        rss = [c for c in pool if c["origin"].startswith("state-dept-rss/")]
        order = rss[:RSS_QUOTA[stream]] + [c for c in pool if c not in rss[:RSS_QUOTA[stream]]]
        taken = []
        for candidate in order:
            if len(taken) == COUNTS[stream]:
                break
            # An RSS snapshot holds several items: the cap counts per item (its link).
            if per_article[candidate["key"]] >= PER_ARTICLE:
                continue
            per_article[candidate["key"]] += 1
            taken.append({**candidate, "stream": stream})
        chosen += taken
        taken_texts = {t["text"] for t in taken}
        reserve[stream] = [c for c in order if c["text"] not in taken_texts][:30]
        print(stream, "pool", len(pool), "rss in pool", len(rss), "taken", len(taken),
              "rss taken", sum(t["origin"].startswith("state-dept-rss/") for t in taken))

    rng.shuffle(chosen)
    for name, prefix, part in (("events_dev2.jsonl", "d2", chosen[:45]),
                               ("events_heldout2.jsonl", "h2", chosen[45:])):
        with open(DATA / name, "w") as out:
            for number, passage in enumerate(part, 1):
                out.write(json.dumps({
                    "id": f"{prefix}-{number}", "origin": passage["origin"], "date": passage["date"],
                    "source": passage["source"], "text": passage["text"], "events": [], "aid": [],
                }) + "\n")
    Path("/tmp/events2_reserve.json").write_text(json.dumps(reserve, ensure_ascii=False, indent=1))
    Path("/tmp/events2_streams.json").write_text(json.dumps(
        {c["text"]: c["stream"] for c in chosen}, ensure_ascii=False))


main()
