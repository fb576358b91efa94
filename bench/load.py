"""Concurrent readers against a running archive, over HTTP: latency per kind of page.

    python bench/load.py --url http://127.0.0.1:8000 [--clients 50] [--seconds 300]
                         [--think 1.0] [--exports 0.05] [--spread]

Each client is a reader: it asks a page, reads it, waits ``--think`` seconds (exponential,
so arrivals are not in lockstep) and asks the next, for ``--seconds``. The pages are drawn
from what readers ask: a full-text search, a filtered article list, an article page, an
actor page and the aid ledger; a share ``--exports`` of the requests is a CSV export of a
search. Prints, per kind, requests, errors (no answer or 5xx), refusals (4xx), median and 95th percentile.
The article ids and words come from the archive itself (its JSON). Figures in
docs/benchmarks.md.

Readers who are not signed in get kept pages (articles/listcache.py): a page asked again at
the same data version is one cache read. ``--spread`` makes most requests new addresses
(two-word searches in every sort and year, lists by year, the first five pages of articles)
so that the figures show what a first request costs under load. Answers of 4xx are counted
apart: a benchmark that asks pages that do not exist measures nothing.
"""

import argparse
import json
import random
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from urllib.parse import urlencode, urlsplit

WORDS = ["ukraine", "security assistance", "air defense", "drawdown", "patriot", "nato",
         "javelin", "israel", "taiwan", "sanctions", "ammunition", "himars"]
ACTORS = ["ukraine", "united-states", "russia", "nato", "israel", "poland"]


def fetch(url: str, timeout: float = 30) -> tuple[int, float]:
    """(status, seconds); status 0 when no answer came."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.monotonic() - started


def article_urls(base: str, pages: int = 1) -> list[str]:
    """The paths of the articles on the first ``pages`` pages of the archive's list."""
    paths = []
    for number in range(1, pages + 1):
        with urllib.request.urlopen(f"{base}/articles/?format=json&page={number}",
                                    timeout=60) as response:
            rows = json.load(response)["results"]
        paths += [urlsplit(row["url"]).path for row in rows if row.get("url")]
    return paths or ["/articles/"]


def in_year(year: int) -> dict:
    return {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"}


def next_url(rng: random.Random, articles: list[str], exports: float,
             spread: bool = False) -> tuple[str, str]:
    if rng.random() < exports:
        return "export", "/articles/?" + urlencode({"q": rng.choice(WORDS), "format": "csv"})
    kind = rng.choice(["search", "list", "article", "actor", "ledger"])
    if kind == "search":
        if spread:
            params = {"q": " ".join(rng.sample(WORDS, 2)),
                      "sort": rng.choice(["relevance", "newest", "oldest"])}
            year = rng.choice([None, *range(2021, 2026)])
            return kind, "/articles/?" + urlencode({**params, **(in_year(year) if year else {})})
        return kind, "/articles/?" + urlencode({"q": rng.choice(WORDS)})
    if kind == "list":
        params = {"country": rng.choice(["ukraine", "israel", "united-states"]),
                  "sort": rng.choice(["newest", "oldest"])}
        if spread:
            params.update(in_year(rng.choice(range(2021, 2026))))
        return kind, "/articles/?" + urlencode(params)
    if kind == "article":
        return kind, rng.choice(articles)
    if kind == "actor":
        return kind, f"/actors/{rng.choice(ACTORS)}/"
    return kind, "/aid/?" + urlencode({"donor": "united-states"})


def reader(base, articles, seconds, think, exports, seed, results, lock, spread=False) -> None:
    rng = random.Random(seed)
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        kind, path = next_url(rng, articles, exports, spread)
        status, elapsed = fetch(base + path)
        with lock:
            results[kind].append((status, elapsed))
        time.sleep(rng.expovariate(1 / think) if think else 0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--exports", type=float, default=0.05)
    parser.add_argument("--spread", action="store_true",
                        help="mostly addresses not asked before (see above)")
    args = parser.parse_args()
    articles = article_urls(args.url, pages=5 if args.spread else 1)
    results, lock = defaultdict(list), threading.Lock()
    threads = [threading.Thread(target=reader, args=(args.url, articles, args.seconds, args.think,
                                                     args.exports, seed, results, lock,
                                                     args.spread))
               for seed in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    total = sum(len(r) for r in results.values())
    print(f"{args.clients} clients, {wall:.0f} s, think {args.think} s: {total} requests, "
          f"{total / wall:.1f}/s")
    print(f"{'kind':10} {'requests':>8} {'errors':>6} {'4xx':>5} {'median ms':>9} {'p95 ms':>7}")
    for kind in sorted(results):
        times = [elapsed for _, elapsed in results[kind]]
        errors = sum(1 for status, _ in results[kind] if status == 0 or status >= 500)
        refused = sum(1 for status, _ in results[kind] if 400 <= status < 500)
        print(f"{kind:10} {len(times):8} {errors:6} {refused:5} "
              f"{statistics.median(times) * 1000:9.0f} {percentile(times, 0.95) * 1000:7.0f}")


if __name__ == "__main__":
    main()
