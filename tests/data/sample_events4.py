"""Draw the passages of events_heldout4.jsonl (labels written by hand).

Run against a database into which the White House corpus was imported with the project's
importer:

    DATABASE_URL=postgres://.../na_label4 .venv/bin/python manage.py shell < tests/data/sample_events4.py

Only keyword criteria are used, never the extractor. Compared with sample_events3.py the
event stream is split by kind (summit/meeting/vote, election, call, visit, attack), each
kind drawn separately with its own count, so that more passages carry event labels. The
stream of a sentence is decided in the order of STREAMS below (the first whose keywords it
matches); a negative matches none of the keywords of any stream. The passages are written
with empty label lists; the spare candidates of each stream (in draw order) go to
/tmp/events4_reserve.json for replacing an unusable passage.
"""

import json
import random
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.models import Article
from articles.tagging.text import Sentences

SEED = 20261201
CORPUS = Path("/work/shared/corpus")
DATA = Path("tests/data")
OUT = DATA / "events_heldout4.jsonl"
NEW_YORK = ZoneInfo("America/New_York")
PER_ARTICLE = 2
MIN_LEN, MAX_LEN = 40, 700
KNOWN_FILES = (
    "events_eval.jsonl", "events_heldout.jsonl", "events_dev2.jsonl", "events_heldout2.jsonl",
    "events_heldout3.jsonl",
)

MONEY = re.compile(
    r"[$€]\s?\d|\b(?:million|billion)\s+(?:U\.S\.\s+)?(?:dollars|euros)\b",
    re.I,
)
AID_WORD = re.compile(
    r"security assistance|military assistance|military aid|drawdown|weapons|air defen[cs]e|package",
    re.I,
)
AID_ACRONYM = re.compile(r"\bUSAI\b")
KIND_WORDS = {
    "summit": re.compile(
        r"nato summit|\bG-?7 summit|summit in (?:Madrid|Vilnius|Washington|Hiroshima|Elmau|Apulia|Brussels)"
        r"|contact group|ramstein|passed the\b|\bvote on\b|\bvoted\b",
        re.I,
    ),
    "election": re.compile(r"midterm|presidential election|election day|\bthe election", re.I),
    "call": re.compile(
        r"phone call|spoke with|\bcall with|called president|called prime minister", re.I),
    "visit": re.compile(r"\bvisit to\b|\btrip to\b|\btraveled to\b|\btravel to\b|\btraveling to\b", re.I),
    "attack": re.compile(
        r"\battacks? on\b|\bstrikes? on\b|\battack in\b|\bOctober 7(?:th)?\b|airstrike", re.I),
}
# stream -> number of passages, in the order in which a sentence is tried
STREAMS = {"summit": 10, "election": 8, "call": 8, "visit": 7, "attack": 7, "aid": 20, "negative": 5}


def has_aid_word(sentence):
    return bool(AID_WORD.search(sentence) or AID_ACRONYM.search(sentence))


def stream_of(sentence):
    for kind, pattern in KIND_WORDS.items():
        if pattern.search(sentence):
            return kind
    if has_aid_word(sentence):
        return "aid" if MONEY.search(sentence) else None  # an aid word without money: no stream
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

    pools = {stream: [] for stream in STREAMS}
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
    for stream, count in STREAMS.items():
        pool = pools[stream][:]
        rng.shuffle(pool)
        taken = []
        for candidate in pool:
            if len(taken) == count:
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
                "id": f"h4-{number}", "origin": passage["origin"], "date": passage["date"],
                "source": passage["source"], "text": passage["text"], "events": [], "aid": [],
            }) + "\n")
    Path("/tmp/events4_reserve.json").write_text(json.dumps(reserve, ensure_ascii=False, indent=1))
    Path("/tmp/events4_streams.json").write_text(json.dumps(
        {c["text"]: c["stream"] for c in chosen}, ensure_ascii=False))


main()
