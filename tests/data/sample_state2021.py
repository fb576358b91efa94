"""Draw the passages of the State Department 2021 sets (their labels are written by hand).

    aid_state2021.jsonl     ids sa-1 ...  money passages (streams "aid" and "money")
    events_state2021.jsonl  ids se-1 ...  event passages (streams summit, election, attack,
                                          call, visit, meeting, negative)

Source: ../shared/corpus/state-dept-2021.jsonl (809 releases of the US Department of State,
May 2021 - February 2022; one JSON object per line with title, body, published_at, url,
source, authors). Python 3.11 standard library only; no project code, no database, no tagger.

    python3 tests/data/sample_state2021.py --check          # compare with the committed files
    python3 tests/data/sample_state2021.py --out /tmp/sd21  # write the draw there

The committed files carry hand-written labels, so they are never written by this script: the
drawn passages (with empty "events", "aid" and "not_ledger" lists) go to --out (default: a new
temporary directory; tests/data itself is refused). --check draws again and compares every field
except the three label lists (id, origin, url, date, source, stream, text, and the order of the
lines) with the committed files, prints each difference and exits with status 1 if there is one.

How the draw works
------------------
1. Records are read in file order; a record whose url was already seen is skipped (the corpus
   has one duplicated url), so "record" below means one url.
2. Each body is split into sentences by split_sentences(): a sentence ends at ".", "!" or "?"
   (optionally followed by a closing quote or bracket) when whitespace and then an upper-case
   letter, a digit or an opening quote/bracket follow, unless the word before the full stop is
   a known abbreviation (U.S., Mr., Dr., Gen., month names, ...) or a single capital initial
   ("J.", "C.S."). Sentences are (start, end) offsets into the body, so every passage is
   body[start:end] of its first and last sentence and `text in body` holds exactly. The
   splitter is deliberately simple: it does not split after "U.S." at the end of a sentence,
   and the releases' run-in headers ("Office of the Spokesperson ...") stay in the first
   sentence.
3. Aid file. A sentence has a money amount if MONEY matches ($, US$, USD, EUR, euro or pound
   sign before a digit, or a number / "a" / "half a" ... followed by million/billion/trillion and
   dollars/euros). Each such sentence is a candidate passage of one sentence; for the sentences
   listed in EXTEND (chosen by reading, because the sentence alone does not say who gives to
   whom) the passage takes one or two neighbouring sentences (at most 3 in all). Sentences
   already inside an earlier passage of the same record are not candidates again. Passages
   shorter than 40 or longer than 900 characters are dropped, and so is any repeated passage
   text (the first occurrence in file order is kept). A passage is in stream "aid" if AID_CUE
   (a defence/security-assistance cue word) matches anywhere in its text, else in "money".
   Both pools are shuffled with random.Random(SEED); the aid pool is taken whole (up to
   AID_MAX), then the money pool until the file has N_AID_FILE passages, at most PER_RECORD
   passages per record over both streams.
4. Events file. Sentences of 40 to 700 characters, minus repeated sentence texts and minus
   sentences that lie inside a passage of the aid file. Each sentence goes to the first event
   stream whose keywords it matches (case-insensitive), in the order of EVENT_STREAMS (rarer
   kinds first); a sentence matching none goes to "negative". Each pool is shuffled with
   random.Random(SEED) and drawn in the order of EVENT_STREAMS with the counts there, at most
   PER_RECORD passages per record over all streams.
5. In each file the drawn passages are shuffled with random.Random(SEED) and numbered.
   `date` is published_at converted to America/New_York; `origin` is the corpus file name;
   `source` is "us-department-of-state".
"""

import argparse
import json
import random
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CORPUS_NAME = "state-dept-2021.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus" / CORPUS_NAME
SEED = 20261206
NEW_YORK = ZoneInfo("America/New_York")
SOURCE = "us-department-of-state"
PER_RECORD = 2
LABELS = ("events", "aid", "not_ledger")  # hand-written, never compared
AID_FILE, EVENTS_FILE = "aid_state2021.jsonl", "events_state2021.jsonl"
AID_MAX = 60  # the aid stream is taken whole up to this many passages
N_AID_FILE = 75  # aid + money passages in the aid file
MIN_LEN, MAX_PASSAGE = 40, 900
MAX_EVENT_SENTENCE = 700

# --- sentence splitter -------------------------------------------------------------------
_ABBR = (
    r"(?:U\.S|U\.N|U\.K|E\.U|D\.C|Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|St|No|Nos|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|Amb|Adm|Gov|Jr|Sr|Inc|Co|Corp|Ltd|vs|etc|e\.g|i\.e"
    r"|Pres|Prof|Maj|Capt|Sgt|[A-Z])"
)
_ABBR_END = re.compile(r"(?:^|[\s(“\"'‘–—.-])" + _ABBR + r"\.$")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]?(?=\s+[\"“‘(\[]?[A-Z0-9])")


def split_sentences(body):
    """Return the sentences of `body` as (start, end) offsets, stripped of outer spaces."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(body):
        if _ABBR_END.search(body[max(start, m.start() - 14):m.start()]):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(body)))
    out = []
    for a, b in spans:
        seg = body[a:b]
        a += len(seg) - len(seg.lstrip())
        b -= len(seg) - len(seg.rstrip())
        if b > a:
            out.append((a, b))
    return out


# --- money and cue words -----------------------------------------------------------------
_NUMW = (
    r"(?:\d[\d,]*(?:\.\d+)?|a|one|two|three|four|five|six|seven|eight|nine|ten|half a"
    r"|a quarter of a|a hundred)"
)
MONEY = re.compile(
    r"(?:US\$|\$|€|£|USD ?|EUR ?)\s?\d"
    r"|\b" + _NUMW + r"[\s-]+(?:million|billion|trillion)[\s-]+(?:U\.S\. )?(?:dollars?|euros?)\b",
    re.I,
)
AID_CUE = re.compile(
    r"security assistance|military|defen[cs]e|defensive|Foreign Military|\bFMF\b|\bFMS\b"
    r"|drawdown|weapon|\barms\b|armed forces|security forces|equipment|Javelin|munition"
    r"|lethal|Iron Dome|peacekeep|\bANDSF\b|\bIMET\b",
    re.I,
)

# Hand-chosen context extensions for aid-file passages, chosen by reading the releases
# before labelling: (url, index of the money sentence) -> (first, last) sentence index.
_SD = "https://www.state.gov/"
EXTEND = {
    # "In December ... a further drawdown worth $200 million": no recipient without the
    # sentence before ($60 million ... to Ukraine).
    (_SD + "additional-military-assistance-for-ukraine/", 3): (3, 4),
    # the new drawdown and the total it brings.
    (_SD + "additional-military-assistance-for-ukraine/", 5): (5, 6),
    # "well more than $600 million in 2021": what and for whom is in the sentence before.
    (_SD + "secretary-antony-j-blinken-with-natalya-lutsenko-of-ictv/", 36): (35, 36),
    # Netanyahu's "supported us ... a quarter of a billion dollars": "us" is Israel.
    (_SD + "secretary-antony-j-blinken-and-israeli-prime-minister-benjamin-netanyahu-"
     "statements-to-the-press/", 3): (2, 3),
    # "a proposal for a billion dollars for replenishing the Iron Dome": who proposed it.
    (_SD + "briefings/department-press-briefing-june-3-2021/", 270): (270, 271),
}

# Event streams: (name, keyword regex, count), tried in this order; "negative" = none matched.
EVENT_STREAMS = [
    ("summit", re.compile(r"summit", re.I), 9),
    ("election", re.compile(r"election", re.I), 9),
    ("attack", re.compile(r"attack|strike|bombing", re.I), 9),
    ("call", re.compile(r"spoke with|call with|phone call|spoke by phone", re.I), 9),
    ("visit", re.compile(r"travel to|visit|trip", re.I), 9),
    ("meeting", re.compile(r"met with|meeting", re.I), 9),
]
N_NEGATIVE = 10


# --- drawing -----------------------------------------------------------------------------
def load_records(path=CORPUS):
    seen, records = set(), []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["url"] in seen:
                continue
            seen.add(rec["url"])
            records.append(rec)
    return records


def ny_date(published_at):
    return datetime.fromisoformat(published_at).astimezone(NEW_YORK).date().isoformat()


def passage(rec, stream, text):
    row = {
        "id": None,
        "origin": CORPUS_NAME,
        "url": rec["url"],
        "date": ny_date(rec["published_at"]),
        "source": SOURCE,
        "stream": stream,
        "text": text,
    }
    for key in LABELS:
        row[key] = []
    return row


def aid_candidates(records):
    cands, seen_texts = [], set()
    for rec in records:
        body = rec["body"]
        sents = split_sentences(body)
        used = set()
        for i, (a, b) in enumerate(sents):
            if i in used or not MONEY.search(body[a:b]):
                continue
            lo, hi = EXTEND.get((rec["url"], i), (i, i))
            span = set(range(lo, hi + 1))
            if span & used:
                continue
            text = body[sents[lo][0]:sents[hi][1]]
            used |= span
            if not MIN_LEN <= len(text) <= MAX_PASSAGE or text in seen_texts:
                continue
            seen_texts.add(text)
            stream = "aid" if AID_CUE.search(text) else "money"
            cands.append((rec, stream, text))
    return cands


def take(pool, n, per_record, out):
    """Append up to n items of the (already shuffled) pool, respecting the per-record cap."""
    taken = 0
    for rec, stream, text in pool:
        if taken >= n:
            break
        if per_record.get(rec["url"], 0) >= PER_RECORD:
            continue
        per_record[rec["url"]] = per_record.get(rec["url"], 0) + 1
        out.append(passage(rec, stream, text))
        taken += 1
    return taken


def number(rows, prefix):
    random.Random(SEED).shuffle(rows)
    for k, row in enumerate(rows, 1):
        row["id"] = f"{prefix}-{k}"
    return rows


def draw_aid(records):
    cands = aid_candidates(records)
    aid = [c for c in cands if c[1] == "aid"]
    money = [c for c in cands if c[1] == "money"]
    random.Random(SEED).shuffle(aid)
    random.Random(SEED).shuffle(money)
    rows, per_record = [], {}
    take(aid, AID_MAX, per_record, rows)
    take(money, N_AID_FILE - len(rows), per_record, rows)
    return number(rows, "sa"), {"aid": len(aid), "money": len(money)}


def draw_events(records, aid_rows):
    aid_texts = [r["text"] for r in aid_rows]
    pools = {name: [] for name, _, _ in EVENT_STREAMS}
    pools["negative"] = []
    seen = set()
    for rec in records:
        body = rec["body"]
        for a, b in split_sentences(body):
            text = body[a:b]
            if not MIN_LEN <= len(text) <= MAX_EVENT_SENTENCE or text in seen:
                continue
            seen.add(text)
            if any(text in t for t in aid_texts):
                continue
            for name, rx, _ in EVENT_STREAMS:
                if rx.search(text):
                    pools[name].append((rec, name, text))
                    break
            else:
                pools["negative"].append((rec, "negative", text))
    rows, per_record = [], {}
    counts = [(name, n) for name, _, n in EVENT_STREAMS] + [("negative", N_NEGATIVE)]
    for name, n in counts:
        random.Random(SEED).shuffle(pools[name])
        take(pools[name], n, per_record, rows)
    return number(rows, "se"), {k: len(v) for k, v in pools.items()}


def draw(corpus=CORPUS):
    records = load_records(corpus)
    aid_rows, aid_pools = draw_aid(records)
    event_rows, event_pools = draw_events(records, aid_rows)
    return {AID_FILE: aid_rows, EVENTS_FILE: event_rows}, {**aid_pools, **event_pools}


# --- output and check --------------------------------------------------------------------
def strip_labels(row):
    return {k: v for k, v in row.items() if k not in LABELS}


def check(files):
    bad = 0
    for name, rows in files.items():
        path = DATA / name
        if not path.exists():
            print(f"{name}: missing")
            bad += 1
            continue
        committed = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                     if line]
        if len(committed) != len(rows):
            print(f"{name}: {len(committed)} lines committed, {len(rows)} drawn")
            bad += 1
        for k, (old, new) in enumerate(zip(committed, rows, strict=False), 1):
            old_keys = [key for key in old if key not in LABELS]
            if old_keys != list(strip_labels(new)):
                print(f"{name}:{k}: keys {old_keys} != {list(strip_labels(new))}")
                bad += 1
            for key, value in strip_labels(new).items():
                if old.get(key) != value:
                    print(f"{name}:{k}: {key}: committed {old.get(key)!r} != drawn {value!r}")
                    bad += 1
    print("check:", "OK" if not bad else f"{bad} difference(s)")
    return bad


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="directory for the drawn passages (default: a new temp dir)")
    ap.add_argument("--check", action="store_true", help="compare with the committed files")
    ap.add_argument("--corpus", default=str(CORPUS))
    args = ap.parse_args(argv)
    files, pools = draw(Path(args.corpus))
    if args.check:
        status = 1 if check(files) else 0
        if not args.out:
            return status
    else:
        status = 0
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="state2021-"))
    if out.resolve() == DATA.resolve():
        sys.exit("refusing to write into tests/data: the committed files carry the labels")
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with open(out / name, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"pools: {pools}")
    for name, rows in files.items():
        streams = {}
        for row in rows:
            streams[row["stream"]] = streams.get(row["stream"], 0) + 1
        print(f"{out / name}: {len(rows)} passages {streams}")
    return status


if __name__ == "__main__":
    sys.exit(main())
