"""Draw the passages of the money-amounts set, `amounts_state2021.jsonl` (labels are by hand).

    python3 tests/data/sample_amounts.py --check          # compare with the committed file
    python3 tests/data/sample_amounts.py --out /tmp/am    # write the draw, with the texts

Passages of State Department releases that hold a figure of money; every figure of money of a
passage is labelled in "amounts" (guide: amounts_state2021.md). The committed file holds the
passages and their labels. --check draws again and compares everything but the labels (id,
split, origin, url, date, text and the order of the lines) with the committed file, prints each
difference and exits with status 1 if there is one. --out writes the same draw with empty
"amounts" lists (default directory: ./amounts_draw).

Standard library only (`json`, `random`, `re`, `argparse`, and `zoneinfo` for the date): no
Django, no importer, no tagger. The corpus records already carry `title`, `body` (plain text,
no line breaks), `published_at` and `url`.

How the draw works
------------------
1. The records of ../shared/corpus/state-dept-2021.jsonl in file order, one per url (the first
   record of a url is kept).
2. Excluded: every url in tests/data/people_eval.jsonl, aid_state2021.jsonl,
   events_state2021.jsonl and actors_state2021.jsonl (lines without a url are skipped).
3. Each body is split into paragraphs on line breaks (blank or not). A paragraph of at most
   MAX_PARAGRAPH (1,200) characters is one piece. A longer paragraph is cut at sentence
   boundaries (split_sentences(), the splitter of sample_state2021.py) into pieces of at most
   MAX_PIECE (600) characters: consecutive sentences are packed greedily, and a single sentence
   longer than MAX_PIECE is a piece on its own. A piece is always body[start:end], so its text
   occurs exactly in the body. The corpus bodies have no line breaks, so in practice each body
   is one paragraph and every body over 1,200 characters is cut.
4. A piece is a candidate if ANCHOR matches in it: a currency sign ($, €, £, also "US$")
   before a digit; a code USD/EUR/GBP before or after a number; or a currency word (dollar,
   euro, pound, pound sterling, ruble/rouble, hryvnia, yuan, yen, shekel, zloty; singular or
   plural; case-insensitive) right after a number, a number word or a scale word ("$5",
   "EUR 40 million", "a billion dollars", "2 million euros"). The anchor is tied to a number on
   purpose: a bare "$", "Euro-Atlantic" or "millions of dollars" never makes a candidate, so
   every drawn passage holds a figure (a figure may still turn out not to be money, e.g. a
   weight in pounds; the guide lists such cases). A piece whose text equals an earlier
   candidate's (boilerplate repeated across releases) is dropped; the first in file order stays.
5. The candidates, in file order, are shuffled with random.Random(SEED) and taken in that order,
   at most PER_URL (2) per url, until N (150) are drawn.
6. Ids "am-1" ... "am-N" in draw order. Every third passage (am-3, am-6, ...) is in split
   "heldout": its misses are never read while the rules change. The others are "dev".
   `date` is published_at on America/New_York (as in sample_state2021.py); `origin` is the
   corpus file name.
"""

import argparse
import json
import random
import re
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from draws import draw_differences
from sample_state2021 import split_sentences  # the same sentences as the State sets' draws

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
ORIGIN = "state-dept-2021.jsonl"
COMMITTED = HERE / "amounts_state2021.jsonl"
EXCLUDE = ("people_eval.jsonl", "aid_state2021.jsonl", "events_state2021.jsonl",
           "actors_state2021.jsonl")
SEED = 20261207
N = 150
PER_URL = 2
MAX_PARAGRAPH, MAX_PIECE = 1200, 600
NEW_YORK = ZoneInfo("America/New_York")
KEYS = ("id", "split", "origin", "url", "date", "text")  # compared by --check

# --- currency anchor ---------------------------------------------------------------------
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|m|k)"
_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion"
    r"|trillion)"
)
_CURRENCY = (
    r"(?:dollars?|euros?|pounds?(?:\s+sterling)?|rubles?|roubles?|hryvnias?|yuan|yen"
    r"|shekels?|zlotys?)"
)
ANCHOR = re.compile(
    r"(?:US)?[$€£]\s?\d"
    r"|\b(?:USD|EUR|GBP)\s?\d"
    r"|\d(?:\s?" + _SCALE + r")?\s?(?:USD|EUR|GBP)\b"
    r"|(?:" + _NUMBER + r"|\b" + _WORD + r"|\b(?:a|an|half\s+a)[\s-]+" + _SCALE + r")"
    r"(?:[\s-]+" + _SCALE + r")*[\s-]+(?:U\.S\.\s+)?" + _CURRENCY + r"\b(?!-)",
    re.I,
)


# --- drawing -----------------------------------------------------------------------------
def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def excluded_urls() -> set[str]:
    urls = set()
    for name in EXCLUDE:
        urls.update(item["url"] for item in _jsonl(HERE / name) if item.get("url"))
    return urls


def pieces(body: str) -> list[str]:
    """The pieces of a body (step 3 of the docstring), each a slice of the body."""
    out, start = [], 0
    for line in body.split("\n"):
        spans = [(a + start, b + start) for a, b in split_sentences(line)]
        start += len(line) + 1
        if not spans:
            continue
        if spans[-1][1] - spans[0][0] <= MAX_PARAGRAPH:
            out.append(body[spans[0][0]:spans[-1][1]])
            continue
        first, last = spans[0]
        for a, b in spans[1:]:
            if b - first <= MAX_PIECE:
                last = b
                continue
            out.append(body[first:last])
            first, last = a, b
        out.append(body[first:last])
    return out


def ny_date(published_at: str) -> str:
    return datetime.fromisoformat(published_at).astimezone(NEW_YORK).date().isoformat()


def candidates(corpus: Path = CORPUS) -> list[dict]:
    excluded = excluded_urls()
    out, seen_urls, seen_texts = [], set(), set()
    for record in _jsonl(corpus / ORIGIN):
        url = record.get("url")
        if url in seen_urls:
            continue
        seen_urls.add(url)
        if url in excluded:
            continue
        for text in pieces(record.get("body") or ""):
            if text in seen_texts or not ANCHOR.search(text):
                continue
            seen_texts.add(text)
            out.append({"url": url, "date": ny_date(record["published_at"]), "text": text})
    return out


def draw(corpus: Path = CORPUS) -> list[dict]:
    """The drawn passages, each with its text and an empty "amounts" list."""
    pool = candidates(corpus)
    random.Random(SEED).shuffle(pool)
    drawn, per_url = [], {}
    for candidate in pool:
        if len(drawn) == N:
            break
        if per_url.get(candidate["url"], 0) >= PER_URL:
            continue
        per_url[candidate["url"]] = per_url.get(candidate["url"], 0) + 1
        number = len(drawn) + 1
        drawn.append({"id": f"am-{number}", "split": "heldout" if number % 3 == 0 else "dev",
                      "origin": ORIGIN, "url": candidate["url"], "date": candidate["date"],
                      "text": candidate["text"], "amounts": []})
    return drawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    drawn = draw()
    if args.check:
        committed = _jsonl(COMMITTED)
        return draw_differences(
            drawn, committed, KEYS,
            f"{len(drawn)} passages: ids, splits, origins, urls, dates and texts agree")
    out = args.out or Path("amounts_draw")
    if out.resolve() == HERE:
        parser.error("--out must not be tests/data (the committed file holds hand labels)")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "amounts_draw.jsonl", "w", encoding="utf-8") as handle:
        for item in drawn:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(drawn)} passages written to {out / 'amounts_draw.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
