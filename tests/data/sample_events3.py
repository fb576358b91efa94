"""Draw the passages of events_heldout3.jsonl (labels written by hand).

Run against a database into which the White House corpus was imported with the project's
importer:

    DATABASE_URL=postgres://.../na_label3 .venv/bin/python manage.py shell < tests/data/sample_events3.py

Only keyword criteria are used, never the extractor. Compared with sample_events2.py the
criteria are tighter, so that most passages carry labels, and only the White House corpus is
used. The stream of a sentence is decided in this order: aid, event, negative. The passages
are written with empty label lists; the spare candidates of each stream (in draw order) go to
/tmp/events3_reserve.json for replacing an unusable passage.
"""

import json
import random
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.models import Article
from articles.tagging.text import Sentences

SEED = 20261130
CORPUS = Path("/work/shared/corpus")
DATA = Path("tests/data")
OUT = DATA / "events_heldout3.jsonl"
NEW_YORK = ZoneInfo("America/New_York")
COUNTS = {"aid": 25, "event": 25, "negative": 10}
PER_ARTICLE = 2
MIN_LEN, MAX_LEN = 40, 700
KNOWN_FILES = ("events_eval.jsonl", "events_heldout.jsonl", "events_dev2.jsonl", "events_heldout2.jsonl")

MONEY = re.compile(
    r"[$€]\s?\d|\b(?:million|billion)\s+(?:U\.S\.\s+)?(?:dollars|euros)\b",
    re.I,
)
AID_WORD = re.compile(
    r"security assistance|military assistance|military aid|drawdown|foreign military financing"
    r"|weapons|air defen[cs]e|package",
    re.I,
)
AID_ACRONYM = re.compile(r"\bUSAI\b")
EVENT_WORD = re.compile(
    r"nato summit|\bG-?7\b|summit in|election|midterm|contact group|phone call|spoke with"
    r"|call with|visit to|trip to|travel to|attack on|strike on|attack in",
    re.I,
)


def stream_of(sentence):
    has_aid_word = bool(AID_WORD.search(sentence) or AID_ACRONYM.search(sentence))
    if MONEY.search(sentence) and has_aid_word:
        return "aid"
    if EVENT_WORD.search(sentence):
        return "event"
    if has_aid_word:
        return None  # an aid word without money: neither a candidate nor a negative
    return "negative"


def documents():
    """(key, origin, date, source, body) for every stored White House article."""
    for article in Article.objects.select_related("source").order_by("id"):
        origin = str(Path(article.original_location).relative_to(CORPUS))
        if not origin.startswith("whitehouse/"):
            continue
        day = article.published_at.astimezone(NEW_YORK).date().isoformat()
        yield f"article-{article.pk}", origin, day, article.source.slug if article.source else "", article.body


def main():
    known = set()
    for name in KNOWN_FILES:
        for line in (DATA / name).read_text().splitlines():
            if line.strip():
                known.add(" ".join(json.loads(line)["text"].split()))

    pools = {stream: [] for stream in COUNTS}
    seen_text = set()
    for article_key, origin, day, source, body in documents():
        for start, end in Sentences(body).spans:
            text = body[start:end].strip()
            key = " ".join(text.split())
            if not MIN_LEN <= len(text) <= MAX_LEN or key in known or key in seen_text:
                continue
            seen_text.add(key)
            stream = stream_of(text)
            if stream:
                pools[stream].append(
                    {"key": article_key, "origin": origin, "date": day, "source": source, "text": text})

    rng = random.Random(SEED)
    per_article = Counter()
    chosen, reserve = [], {}
    for stream in ("aid", "event", "negative"):
        pool = pools[stream][:]
        rng.shuffle(pool)
        taken = []
        for candidate in pool:
            if len(taken) == COUNTS[stream]:
                break
            if per_article[candidate["key"]] >= PER_ARTICLE:
                continue
            per_article[candidate["key"]] += 1
            taken.append({**candidate, "stream": stream})
        chosen += taken
        taken_texts = {t["text"] for t in taken}
        reserve[stream] = [c for c in pool if c["text"] not in taken_texts][:30]
        print(stream, "pool", len(pool), "taken", len(taken))

    rng.shuffle(chosen)
    with open(OUT, "w") as out:
        for number, passage in enumerate(chosen, 1):
            out.write(json.dumps({
                "id": f"h3-{number}", "origin": passage["origin"], "date": passage["date"],
                "source": passage["source"], "text": passage["text"], "events": [], "aid": [],
            }) + "\n")
    Path("/tmp/events3_reserve.json").write_text(json.dumps(reserve, ensure_ascii=False, indent=1))
    Path("/tmp/events3_streams.json").write_text(json.dumps(
        {c["text"]: c["stream"] for c in chosen}, ensure_ascii=False))


main()
