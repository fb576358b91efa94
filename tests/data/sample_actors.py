"""Draw the articles of the actors set, `actors_state2021.jsonl` (labels are written by hand).

    python tests/data/sample_actors.py --check          # compare with the committed file
    python tests/data/sample_actors.py --out /tmp/as    # write the draw, with the texts

Whole articles, not passages: every named person, country, organisation and piece of named
equipment of an article is labelled (guide: actors_state2021.md). The committed file holds the
labels and where each article comes from (corpus file, url), never the text. --out writes the
same draw with each article's title and body (for labelling) and empty label lists.

This script reads everything with plain `json` (no Django, no importer): the corpus file's
records already carry `title`, `body` (plain text) and `url`, and the committed label files are
read for their urls. Drawn with the same rules and seed as `sample_people.py`, the plain reader
gives exactly the State Department draw of `people_eval.jsonl`, so the word counts agree with the
importer's.

How the draw works
------------------
1. The records of ../shared/corpus/state-dept-2021.jsonl in file order, one per url (the first
   record of a url is kept), with bodies of 60 to 600 words (`body.split()`).
2. Excluded: every url in tests/data/people_eval.jsonl, aid_state2021.jsonl and
   events_state2021.jsonl (articles already read by earlier labellers). The url is deduplicated
   before the exclusion, as in step 1.
3. Shuffled with random.Random(SEED); the first N are drawn.
4. Ids "as-1" ... "as-N" in draw order. Every third article (as-3, as-6, ...) is in split
   "heldout": its misses are never read while the rules change. The others are "dev".
"""

import argparse
import json
import random
import sys
from pathlib import Path

from draws import draw_differences

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
ORIGIN = "state-dept-2021.jsonl"
COMMITTED = HERE / "actors_state2021.jsonl"
EXCLUDE = ("people_eval.jsonl", "aid_state2021.jsonl", "events_state2021.jsonl")
SEED = 20261207
N = 50
LABELS = ("people", "countries", "organizations", "equipment")


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def excluded_urls() -> set[str]:
    urls = set()
    for name in EXCLUDE:
        urls.update(item["url"] for item in _jsonl(HERE / name) if item.get("url"))
    return urls


def draw(corpus: Path = CORPUS) -> list[dict]:
    """The drawn articles, each with its text (title and body) and empty labels."""
    excluded = excluded_urls()
    pool, seen = [], set()
    for record in _jsonl(corpus / ORIGIN):
        url = record.get("url")
        if url in seen or not 60 <= len((record.get("body") or "").split()) <= 600:
            continue
        seen.add(url)
        if url in excluded:
            continue
        pool.append(record)
    random.Random(SEED).shuffle(pool)
    drawn = []
    for number, record in enumerate(pool[:N], 1):
        item = {"id": f"as-{number}", "origin": ORIGIN, "url": record["url"],
                "split": "heldout" if number % 3 == 0 else "dev",
                "title": record["title"], "body": record["body"]}
        for label in LABELS:
            item[label] = []
        drawn.append(item)
    return drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    drawn = draw()
    if args.check:
        committed = _jsonl(COMMITTED)
        return draw_differences(drawn, committed, ("id", "origin", "url", "split"),
                                f"{len(drawn)} articles: ids, origins, urls and splits agree")
    out = args.out or Path("actors_draw")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "actors_draw.jsonl", "w", encoding="utf-8") as handle:
        for item in drawn:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(drawn)} articles written to {out / 'actors_draw.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
