"""Draw the passages of the events sets 2 to 15 (their labels were written by hand).

    set 2: events_dev2.jsonl (first 45) + events_heldout2.jsonl (last 45), seed 20261129
    set 3: events_heldout3.jsonl, seed 20261130
    set 4: events_heldout4.jsonl, seed 20261201
    set 5: events_heldout5.jsonl, seed 20261202 (set 4's streams, larger counts)
    set 6: events_heldout6.jsonl, seed 20261203 (set 5's streams and counts)
    set 7: events_heldout7.jsonl, seed 20261204 (set 5's streams and counts)
    set 8: events_heldout8.jsonl, seed 20261205 (set 5's streams, more event passages)
    set 9: events_heldout9.jsonl, seed 20261206 (set 8's streams and counts)
    set 10: events_heldout10.jsonl, seed 20261207 (set 8's streams and counts)
    set 11: events_heldout11.jsonl, seed 20261208 (set 8's streams and counts)
    set 12: events_heldout12.jsonl, seed 20261209 (set 8's streams and counts)
    set 13: events_heldout13.jsonl, seed 20261210 (set 8's streams and counts)
    set 14: events_heldout14.jsonl, seed 20261211 (set 8's streams and counts)
    set 15: events_heldout15.jsonl, seed 20261212 (set 8's streams and counts)

Run it with the project's Python, from any directory: it sets Django up itself (manage.py
shell, which reads a script on stdin, would not pass it arguments). The database must be one
into which only the White House corpus was imported with the project's importer (set 2 reads
every stored article, sets 3 to 15 only White House ones; article ids decide the order of the
pools before shuffling, so import into a fresh database):

    export DATABASE_URL=postgres://.../na_label DJANGO_DEBUG=1
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_gazetteer
    .venv/bin/python manage.py import_articles ../shared/corpus/whitehouse
    .venv/bin/python tests/data/sample_events.py 3 --check   # compare with the committed file
    .venv/bin/python tests/data/sample_events.py 3 --out /tmp/set3   # write the draw there

The corpus is read from settings.BASE_DIR.parent / "shared" / "corpus" (origins are relative
to it); the known files and the committed files from this directory.

The committed files carry hand-written labels, so they are never written: the drawn passages
(with empty label lists) go to --out (default: a new temporary directory), never into
tests/data. --check compares every field but the labels ("events", "aid") with the committed
files, prints each difference and exits with status 1 if there is one; with --check nothing
is written unless --out is given. Besides the passages, --out receives
events<set>_reserve.json (the spare candidates of each stream, in draw order, for replacing an
unusable passage) and events<set>_streams.json (the stream each drawn passage came from).

How a set is drawn: every stored body (and, for set 2, every item of the State Department RSS
snapshots, which the importer does not read) is split with articles/tagging/text.py's
sentence splitter; sentences of 40 to 700 characters are kept, minus those already in the
set's known files and repeated sentence texts. Each sentence goes to the first stream whose
rule it matches (keyword criteria only, never the extractor) or, matching none, to
"negative"; a rule whose stream is None drops the sentence. Each stream's pool is shuffled
with the set's seed and drawn in the order of the set's counts, at most 2 passages per article
(per RSS item) over all streams; for set 2 each stream first takes up to a fixed number of RSS
sentences. The drawn passages are then shuffled with the same seed and numbered.
"""

import argparse
import html
import json
import os
import random
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
NEW_YORK = ZoneInfo("America/New_York")
PER_ARTICLE = 2
MIN_LEN, MAX_LEN = 40, 700
RESERVE = 30  # spare candidates kept per stream
LABELS = ("events", "aid")  # the hand-written fields, not compared by --check


@dataclass(frozen=True)
class Rule:
    """A sentence goes to `stream` if one of `words` matches (and, with `money`, a money
    figure too). `stream` None: the sentence is in no stream at all."""

    stream: str | None
    words: tuple[re.Pattern, ...]
    money: bool = False


@dataclass(frozen=True)
class SampleSet:
    seed: int
    money: re.Pattern
    rules: tuple[Rule, ...]  # tried in order; a sentence matching none is "negative"
    counts: dict[str, int]  # stream -> passages to draw, in draw order
    known_files: tuple[str, ...]  # sentences already labelled elsewhere
    outputs: tuple[tuple[str, str, int | None], ...]  # (file, id prefix, passages or None: rest)
    white_house_only: bool = True
    # The State Department RSS snapshots are read only for a set with a quota: stream ->
    # number of RSS sentences taken before the rest of the shuffled pool.
    rss_quota: dict[str, int] = field(default_factory=dict)


def words(pattern, flags=re.IGNORECASE):
    return re.compile(pattern, flags)


# Set 3 and set 4 share the money pattern and the acronym.
MONEY_3 = words(r"[$€]\s?\d|\b(?:million|billion)\s+(?:U\.S\.\s+)?(?:dollars|euros)\b")
USAI = words(r"\bUSAI\b", 0)
AID_WORDS_2 = (
    words(r"\b(?:assistance|aid|package|drawdown|weapons|military|security|defen[cs]e|equipment"
          r"|arms)\b"),
    words(r"\b(?:USAI|FMF)\b", 0),
)
AID_WORDS_3 = (
    words(r"security assistance|military assistance|military aid|drawdown"
          r"|foreign military financing|weapons|air defen[cs]e|package"),
    USAI,
)
AID_WORDS_4 = (
    words(r"security assistance|military assistance|military aid|drawdown|weapons"
          r"|air defen[cs]e|package"),
    USAI,
)

# Set 4's stream rules, shared with sets 5 and 6.
RULES_4 = (
    Rule("summit", (words(
        r"nato summit|\bG-?7 summit"
        r"|summit in (?:Madrid|Vilnius|Washington|Hiroshima|Elmau|Apulia|Brussels)"
        r"|contact group|ramstein|passed the\b|\bvote on\b|\bvoted\b"),)),
    Rule("election", (words(
        r"midterm|presidential election|election day|\bthe election"),)),
    Rule("call", (words(
        r"phone call|spoke with|\bcall with|called president|called prime minister"),)),
    Rule("visit", (words(
        r"\bvisit to\b|\btrip to\b|\btraveled to\b|\btravel to\b|\btraveling to\b"),)),
    Rule("attack", (words(
        r"\battacks? on\b|\bstrikes? on\b|\battack in\b|\bOctober 7(?:th)?\b|airstrike"),)),
    Rule("aid", AID_WORDS_4, money=True),
    Rule(None, AID_WORDS_4),  # an aid word without money: no stream
)

# Sets 4 to 9 draw from set 4's streams; each knows every file drawn before it.
COUNTS_4 = {"summit": 10, "election": 8, "call": 8, "visit": 7, "attack": 7, "aid": 20, "negative": 5}
COUNTS_5 = {"summit": 12, "election": 10, "call": 12, "visit": 10, "attack": 8, "aid": 20,
            "negative": 5}
COUNTS_8 = {"summit": 15, "election": 20, "call": 20, "visit": 15, "attack": 10, "aid": 20,
            "negative": 5}


def _stream_set(number: int, seed: int, counts: dict) -> "SampleSet":
    return SampleSet(
        seed=seed, money=MONEY_3, rules=RULES_4, counts=counts,
        known_files=("events_eval.jsonl", "events_heldout.jsonl", "events_dev2.jsonl",
                     *(f"events_heldout{n}.jsonl" for n in range(2, number))),
        outputs=((f"events_heldout{number}.jsonl", f"h{number}", None),),
    )


SETS = {
    "2": SampleSet(
        seed=20261129,
        money=words(
            r"[$€£]\s?\d"
            r"|\b\d[\d.,]*\s*(?:million|billion|trillion)\s+(?:U\.S\.\s+)?(?:dollars|euros)\b"
            r"|\b(?:million|billion)\s+(?:U\.S\.\s+)?(?:dollars|euros)\b"),
        rules=(
            Rule("aid", AID_WORDS_2, money=True),
            Rule("event", (words(
                r"summit|election|midterm|contact group|\budcg\b|ramstein|\bvot(?:e|ed)\b"
                r"|passed the (?:house|senate)|\bvisit(?:ed)?\b|\btrip to\b|\btravel to\b|\bcall\b"
                r"|\bspoke with\b|\bphone|\battack(?:ed)?\b|\bstrike\b|\bstruck\b|\bbombing\b"),)),
        ),
        counts={"aid": 40, "event": 40, "negative": 10},
        known_files=("events_eval.jsonl", "events_heldout.jsonl"),
        outputs=(("events_dev2.jsonl", "d2", 45), ("events_heldout2.jsonl", "h2", None)),
        white_house_only=False,
        rss_quota={"aid": 4, "event": 2, "negative": 0},
    ),
    "3": SampleSet(
        seed=20261130,
        money=MONEY_3,
        rules=(
            Rule("aid", AID_WORDS_3, money=True),
            Rule("event", (words(
                r"nato summit|\bG-?7\b|summit in|election|midterm|contact group|phone call"
                r"|spoke with|call with|visit to|trip to|travel to|attack on|strike on"
                r"|attack in"),)),
            Rule(None, AID_WORDS_3),  # an aid word without money: neither candidate nor negative
        ),
        counts={"aid": 25, "event": 25, "negative": 10},
        known_files=("events_eval.jsonl", "events_heldout.jsonl", "events_dev2.jsonl",
                     "events_heldout2.jsonl"),
        outputs=(("events_heldout3.jsonl", "h3", None),),
    ),
    **{str(number): _stream_set(number, seed, counts) for number, seed, counts in (
        (4, 20261201, COUNTS_4), (5, 20261202, COUNTS_5), (6, 20261203, COUNTS_5),
        (7, 20261204, COUNTS_5), (8, 20261205, COUNTS_8), (9, 20261206, COUNTS_8),
        (10, 20261207, COUNTS_8), (11, 20261208, COUNTS_8),
        (12, 20261209, COUNTS_8), (13, 20261210, COUNTS_8), (14, 20261211, COUNTS_8),
        (15, 20261212, COUNTS_8))},
}


def stream_of(sample, sentence):
    for rule in sample.rules:
        if any(p.search(sentence) for p in rule.words) and (
                not rule.money or sample.money.search(sentence)):
            return rule.stream
    return "negative"


class _PlainText(HTMLParser):
    BLOCKS = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul",
                        "ol", "blockquote", "section", "table"})

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
    """RSS HTML as plain text: scripts and styles dropped, entities decoded, whitespace
    collapsed, block elements as paragraph breaks."""
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    paragraphs = [" ".join(html.unescape(p).replace("\xa0", " ").split())
                  for p in "".join(parser.parts).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def documents(sample, corpus):
    """(key, origin, date, source, body) for every stored article (White House only unless
    the set says otherwise), then, if the set has an RSS quota, every RSS item."""
    from articles.models import Article

    for article in Article.objects.select_related("source").order_by("id"):
        origin = str(Path(article.original_location).resolve().relative_to(corpus.resolve()))
        if sample.white_house_only and not origin.startswith("whitehouse/"):
            continue
        day = article.published_at.astimezone(NEW_YORK).date().isoformat()
        source = article.source.slug if article.source else ""
        yield f"article-{article.pk}", origin, day, source, article.body
    if not sample.rss_quota:
        return
    namespace = "{http://purl.org/rss/1.0/modules/content/}encoded"
    seen = set()
    for path in sorted((corpus / "state-dept-rss").glob("*.rss")):
        for item in ET.parse(path).getroot().iter("item"):
            link = item.findtext("link")
            if link in seen:  # the same item in both snapshots: keep the first
                continue
            seen.add(link)
            day = parsedate_to_datetime(item.findtext("pubDate")).astimezone(NEW_YORK)
            body = html_to_text(item.findtext(namespace) or item.findtext("description") or "")
            origin = str(path.relative_to(corpus))
            yield link, origin, day.date().isoformat(), "state-department", body


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def draw(sample, corpus):
    """The drawn passages, in order, as {stream, key, origin, date, source, text}, and the
    spare candidates of each stream."""
    from articles.tagging.text import Sentences

    known = {" ".join(p["text"].split()) for name in sample.known_files
             for p in read_jsonl(DATA / name)}
    pools = {stream: [] for stream in sample.counts}
    seen_text = set()
    for key, origin, day, source, body in documents(sample, corpus):
        for start, end in Sentences(body).spans:
            text = body[start:end].strip()
            normal = " ".join(text.split())
            if not MIN_LEN <= len(text) <= MAX_LEN or normal in known or normal in seen_text:
                continue
            seen_text.add(normal)
            stream = stream_of(sample, text)
            if stream:
                pools[stream].append(
                    {"key": key, "origin": origin, "date": day, "source": source, "text": text})

    rng = random.Random(sample.seed)
    per_article = Counter()  # an RSS item counts on its own (its link is its key)
    chosen, reserve = [], {}
    for stream, count in sample.counts.items():
        pool = pools[stream][:]
        rng.shuffle(pool)
        quota = sample.rss_quota.get(stream, 0)
        rss = [c for c in pool if c["origin"].startswith("state-dept-rss/")][:quota]
        order = rss + [c for c in pool if c not in rss]
        taken = []
        for candidate in order:
            if len(taken) == count:
                break
            if per_article[candidate["key"]] >= PER_ARTICLE:
                continue
            per_article[candidate["key"]] += 1
            taken.append({**candidate, "stream": stream})
        chosen += taken
        taken_texts = {t["text"] for t in taken}
        reserve[stream] = [c for c in order if c["text"] not in taken_texts][:RESERVE]
        rss_note = ""
        if sample.rss_quota:
            in_pool = sum(c["origin"].startswith("state-dept-rss/") for c in pool)
            rss_taken = sum(t["origin"].startswith("state-dept-rss/") for t in taken)
            rss_note = f" (RSS: {in_pool} in the pool, {rss_taken} taken)"
        print(f"{stream}: pool {len(pool)}, taken {len(taken)}{rss_note}", file=sys.stderr)
    rng.shuffle(chosen)
    return chosen, reserve


def passages_by_file(sample, chosen):
    """{file name: [passage with empty labels]}, numbered as the committed files are."""
    files, start = {}, 0
    for name, prefix, size in sample.outputs:
        part = chosen[start:] if size is None else chosen[start:start + size]
        start += len(part)
        files[name] = [{"id": f"{prefix}-{number}", "origin": p["origin"], "date": p["date"],
                        "source": p["source"], "text": p["text"], "events": [], "aid": []}
                       for number, p in enumerate(part, 1)]
    return files


def without_labels(passage):
    return {k: v for k, v in passage.items() if k not in LABELS}


MISSING = object()


def short(value, limit=160):
    if value is MISSING:
        return "(no such field)"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def check(files):
    """Print every difference between the drawn and the committed passages; the count."""
    differences = 0
    for name, drawn in files.items():
        committed = read_jsonl(DATA / name)
        found = 0
        if len(drawn) != len(committed):
            print(f"{name}: {len(committed)} passages committed, {len(drawn)} drawn")
            found += 1
        for line, (old, new) in enumerate(zip(committed, drawn, strict=False), 1):
            old, new = without_labels(old), without_labels(new)
            for key in list(old) + [k for k in new if k not in old]:
                if old.get(key, MISSING) != new.get(key, MISSING):
                    print(f"{name} line {line} ({old.get('id')}): {key}\n"
                          f"  committed: {short(old.get(key, MISSING))}\n"
                          f"  drawn:     {short(new.get(key, MISSING))}")
                    found += 1
        for line, extra in enumerate(committed[len(drawn):], len(drawn) + 1):
            print(f"{name} line {line}: committed only: {short(without_labels(extra))}")
            found += 1
        for line, extra in enumerate(drawn[len(committed):], len(committed) + 1):
            print(f"{name} line {line}: drawn only: {short(without_labels(extra))}")
            found += 1
        print(f"{name}: {len(drawn)} passages drawn, " + (
            "identical to the committed file (labels aside)" if not found
            else f"{found} difference(s)"))
        differences += found
    return differences


def write(set_name, files, chosen, reserve, out):
    out.mkdir(parents=True, exist_ok=True)
    for name, passages in files.items():
        (out / name).write_text("".join(json.dumps(p) + "\n" for p in passages))
    (out / f"events{set_name}_reserve.json").write_text(
        json.dumps(reserve, ensure_ascii=False, indent=1))
    (out / f"events{set_name}_streams.json").write_text(
        json.dumps({c["text"]: c["stream"] for c in chosen}, ensure_ascii=False))
    print(f"written to {out}: {', '.join(files)}, events{set_name}_reserve.json, "
          f"events{set_name}_streams.json")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("set", choices=sorted(SETS), help="the set to draw")
    parser.add_argument("--out", type=Path,
                        help="directory for the drawn files (default: a new temporary directory;"
                             " with --check, nothing is written unless given)")
    parser.add_argument("--check", action="store_true",
                        help="compare the drawn passages (labels aside) with the committed files")
    args = parser.parse_args(argv)
    if args.out and args.out.resolve() == DATA.resolve():
        parser.error(f"refusing to write into {DATA}: the committed files carry hand-written"
                     " labels")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django
    from django.conf import settings

    django.setup()
    corpus = settings.BASE_DIR.parent / "shared" / "corpus"

    sample = SETS[args.set]
    chosen, reserve = draw(sample, corpus)
    files = passages_by_file(sample, chosen)
    if args.out or not args.check:
        out = args.out or Path(tempfile.mkdtemp(prefix=f"sample_events{args.set}-"))
        write(args.set, files, chosen, reserve, out)
    if args.check and check(files):
        sys.exit(1)


if __name__ == "__main__":
    main()
