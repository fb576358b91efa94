"""Tagging throughput over the White House corpus, and the matcher's build time and memory;
then the same with events (gazetteer series and rules) and the aid ledger on top.

Run: .venv/bin/python bench/tagging.py [--corpus ../shared/corpus/whitehouse] [--repeat 5]
(loads the gazetteer into the configured database first). Results: docs/benchmarks.md.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from articles.importers.markdown import parse_md  # noqa: E402
from articles.tagging.amounts import find_money, to_usd  # noqa: E402
from articles.tagging.events import tagging_run  # noqa: E402
from articles.tagging.gazetteer import gazetteer_load  # noqa: E402
from articles.tagging.matcher import Matcher  # noqa: E402
from articles.tagging.people import people_found  # noqa: E402
from articles.tagging.records import events_and_aid_in, facts_for  # noqa: E402
from articles.tagging.text import Sentences  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "corpus" / "whitehouse")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    gazetteer_load()
    builds, peaks = [], []
    for _ in range(args.repeat):
        tracemalloc.start()
        started = time.perf_counter()
        matcher = Matcher.from_database()
        builds.append(time.perf_counter() - started)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(f"matcher: {matcher.size} keys, build median {statistics.median(builds) * 1000:.0f} ms, "
          f"peak Python memory {statistics.median(peaks) / 1e6:.1f} MB")

    records = [parse_md(p.read_bytes(), display=str(p)) for p in sorted(args.corpus.rglob("*.md"))]
    texts = [record.body for record in records]
    days = [record.published_at.date() if record.published_at else None for record in records]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    facts = facts_for(matcher)

    def actors_and_amounts(text, day):
        mentions, _ = people_found(text, matcher.find(text), (), matcher.person_keys)
        money = find_money(text)
        return mentions, money

    def with_events_and_ledger(text, day):
        mentions, money = actors_and_amounts(text, day)
        events_and_aid_in(text, base=day, sentences=Sentences(text), mentions=mentions,
                          money=money, facts=facts, source_slug="the-white-house",
                          usd=[to_usd(m.value, m.currency, day.year if day else None) for m in money])

    for label, tag in (("tagging", actors_and_amounts), ("with events and ledger", with_events_and_ledger)):
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            with tagging_run():  # as an import run holds it
                for text, day in zip(texts, days, strict=True):
                    tag(text, day)
            runs.append(time.perf_counter() - started)
        seconds = statistics.median(runs)
        print(f"{label} (one core, no database): {len(texts)} articles, {megabytes:.1f} MB, "
              f"median {seconds:.2f} s over {args.repeat} runs: {megabytes / seconds:.2f} MB/s, "
              f"{len(texts) / seconds:.0f} articles/s (min {min(runs):.2f} s, max {max(runs):.2f} s)")


if __name__ == "__main__":
    main()
