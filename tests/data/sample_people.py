"""Draw the articles of the people set, `people_eval.jsonl` (labels are written by hand).

    python tests/data/sample_people.py --check          # compare with the committed file
    python tests/data/sample_people.py --out /tmp/pp    # write the draw, with the texts

Whole articles, not passages: every named person and every country of an article is labelled,
and the article's tags are compared with them (`manage.py evaluate_people`). The committed file
holds the labels and where each article comes from (corpus file, url), never the text; the texts
are read from ../shared/corpus/ when the set is scored, with the importer's own readers, so the
labeller reads what the tagger reads. --out writes the same draw with each article's title and
body (for labelling) and empty label lists.

How the draw works
------------------
1. State Department: the records of ../shared/corpus/state-dept-2021.jsonl in file order, one per
   url, with bodies of 60 to 600 words (short releases: statements, readouts, travel notes),
   shuffled with random.Random(SEED); the first N_STATE are drawn.
2. White House: the Markdown files under ../shared/corpus/whitehouse/ in sorted path order, with
   bodies of 60 to 1,500 words, shuffled with random.Random(SEED); the first N_WHITE_HOUSE.
3. Ids are "ps-1" ... and "pw-1" ... in draw order. Every third article of each newsroom
   (ids 3, 6, 9 ...) is in split "heldout": its misses are never read while the rules change, so
   its figure tells how the finder does on text nobody tuned on. The others are "dev".
"""

import argparse
import json
import random
import sys
from pathlib import Path

from draws import draw_differences

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
COMMITTED = Path(__file__).resolve().parent / "people_eval.jsonl"
SEED = 20261206
N_STATE = 160
N_WHITE_HOUSE = 40
LABELS = ("people", "countries")


def _setup():
    sys.path.insert(0, str(ROOT))
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    import django

    django.setup()


def _records(path: Path, fmt: str):
    from articles.importers import records_from
    from articles.importers.records import RecordError

    for record in records_from(path, fmt):
        if not isinstance(record, RecordError):
            yield record


def _words(record) -> int:
    return len(record.body.split())


def draw(corpus: Path = CORPUS) -> list[dict]:
    """The drawn articles, each with its text (title and body) and empty labels."""
    _setup()
    state, seen = [], set()
    for record in _records(corpus / "state-dept-2021.jsonl", "jsonl"):
        if record.url in seen or not 60 <= _words(record) <= 600:
            continue
        seen.add(record.url)
        state.append(record)
    random.Random(SEED).shuffle(state)
    white_house = []
    for path in sorted((corpus / "whitehouse").rglob("*.md")):
        for record in _records(path, "md"):
            if 60 <= _words(record) <= 1500:
                white_house.append((path, record))
    random.Random(SEED).shuffle(white_house)

    drawn = []
    for number, record in enumerate(state[:N_STATE], 1):
        drawn.append({"id": f"ps-{number}", "origin": "state-dept-2021.jsonl", "url": record.url,
                      "title": record.title, "body": record.body})
    for number, (path, record) in enumerate(white_house[:N_WHITE_HOUSE], 1):
        drawn.append({"id": f"pw-{number}", "origin": str(path.relative_to(corpus)),
                      "url": record.url, "title": record.title, "body": record.body})
    for item in drawn:
        item["split"] = "heldout" if int(item["id"].split("-")[1]) % 3 == 0 else "dev"
        for label in LABELS:
            item[label] = []
    return drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    drawn = draw()
    if args.check:
        committed = [json.loads(line) for line in COMMITTED.read_text().splitlines()]
        return draw_differences(drawn, committed, ("id", "origin", "url", "split"))
    out = args.out or Path("people_draw")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "people_draw.jsonl", "w") as handle:
        for item in drawn:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(drawn)} articles written to {out / 'people_draw.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
