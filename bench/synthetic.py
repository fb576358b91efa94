"""A SYNTHETIC corpus for benchmarks: articles recombined from real paragraphs.

Run: .venv/bin/python bench/synthetic.py N OUT.jsonl [--seed 1]

Each article joins 2 to 8 paragraphs drawn from the White House corpus (public domain), to
about 2.6 KB on average like a wire story, with a random date from 2021 to 2025. Every
record says it is synthetic: the source is "Synthetic corpus", the title starts with
"[synthetic]" and extra.synthetic is true. Never import it into an archive people read.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://unused@localhost/unused")  # no database needed

import django  # noqa: E402

django.setup()

from articles.importers.markdown import parse_md  # noqa: E402
from articles.importers.records import first_sentence  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "whitehouse"


def paragraphs(corpus: Path) -> list[str]:
    found = []
    for path in sorted(corpus.rglob("*.md")):
        for paragraph in parse_md(path.read_bytes(), display=str(path)).body.split("\n\n"):
            if 120 <= len(paragraph) <= 1500 and not paragraph.isupper():
                found.append(paragraph)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = paragraphs(args.corpus)
    start = dt.date(2021, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - start
    with args.out.open("w", encoding="utf-8") as out:
        for number in range(args.count):
            chosen, size = [], 0
            target = rng.lognormvariate(7.75, 0.45)  # median ~2.3 KB, mean ~2.6 KB
            while size < target and len(chosen) < 8 or len(chosen) < 2:
                paragraph = rng.choice(pool)
                chosen.append(paragraph)
                size += len(paragraph)
            day = dt.date.fromordinal(start + rng.randrange(span))
            record = {
                "title": f"[synthetic] {first_sentence(chosen[0])[:90]}",
                "body": "\n\n".join(chosen),
                "date": day.isoformat(),
                "source": "Synthetic corpus",
                "url": f"https://synthetic.invalid/{args.seed}/{number}",
                "synthetic": True,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {args.count} synthetic articles to {args.out}")


if __name__ == "__main__":
    main()
