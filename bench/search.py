"""Server time of the archive's pages: search lists (HTML and JSON), article pages, actor pages.

Run: .venv/bin/python bench/search.py [--repeat 3] [--only list|json|detail|actor]
                                      [--out FILE.md] [--label "100k synthetic"] [--cold]
                                      [--http http://127.0.0.1:8000]
Against whatever database the settings point to (the embedded server, or DATABASE_URL's).

Requests go in-process through django.test.Client (no HTTP server, no network): a figure is
the Django + database time one request costs. With --http they go over HTTP to a running
server instead (gunicorn with production settings, as `make run` or the image serve it; the
same DATABASE_URL and cache in this process's environment, so that --cold empties the
server's cache): a figure is then what a reader waits for, connection and transfer included,
and no SQL is captured. Every URL is requested once to warm, then
--repeat rounds over all URLs (interleaved, so the neighbours' noise spreads over every URL).
Each request runs inside CaptureQueriesContext, which gives the number of SQL queries; the
queries of one request per URL are then re-run bare (connection.cursor().execute(sql) and a
fetch of the rows, --repeat times, median) so the report shows how much of a page's time is
the database and how much is Django and Python.

The query set is bench/queries.json. Single-word queries are picked by document frequency in
the loaded corpus: the frequency of the word's English stem in the stored search vectors
(ts_stat over all articles, or a sample of about 10,000 in a large archive): rare < 0.1 % of
articles, medium 1-10 %, common > 30 %.
When the corpus has no word in a class (a small dev database has no word in under 0.1 % of
445 articles), the nearest words are used and the report says so. Pin words in
queries.json to compare runs over the same words. A URL answering anything but 200 is
reported with its status and left out of the timings. Results: docs/benchmarks.md.
"""

import argparse
import datetime as dt
import html
import json
import logging
import math
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

KINDS = ("list", "json", "detail", "actor")
KIND_TITLES = {"list": "list (HTML)", "json": "list JSON", "detail": "article page",
               "actor": "actor page"}
WORD_CLASSES = {"rare": (0.0, 0.001), "medium": (0.01, 0.10), "common": (0.30, 1.0)}
QUERY_CLASSES = ("rare", "medium", "common", "phrase", "or", "not", "browse")
MAX_QUERIES = 12
# (p50, p95) targets in ms; None where the issue sets none.
TARGETS = {"list": (50, 200), "json": (50, 200), "detail": (None, 30), "actor": (None, None)}
LAST_PAGE = re.compile(r"the last is (\d+)")


@dataclass
class Case:
    kind: str
    klass: str  # rare, medium, common, phrase, or, not, browse; detail; actor
    variant: str  # relevance, +country, sort oldest, deep page ...
    url: str
    status: int | None = None
    error: str = ""
    times: list = field(default_factory=list)
    queries: int = 0
    sqls: list = field(default_factory=list)
    bare: float | None = None
    bare_error: str = ""
    matches: str = ""

    @property
    def ok(self):
        return self.status == 200 and self.times


# ---------------------------------------------------------------- words from the corpus


def scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def word_frequencies(articles: int) -> tuple[dict[str, int], int, str]:
    """({word: articles its search matches}, articles counted, where from).

    A word's frequency is that of its English stem in the stored search vectors (what a
    search for it matches, before alias expansion), counted with ts_stat over a sample of at
    most about 10,000 articles (all of them in a small archive). The words themselves (as
    typed, one per stem: its most frequent spelling) come from the same sample's text; stop
    words, which have no stem, drop out.
    articles_searchword is not used: its counts add up again on every import of a batch.
    """
    percent = min(100.0, max(0.01, 100.0 * 10_000 / max(articles, 1)))
    sample = f"FROM articles_article TABLESAMPLE SYSTEM ({percent:g}) REPEATABLE (1)"
    counted = scalar(f"SELECT count(*) {sample}")
    texts = (f"SELECT to_tsvector('simple', left(coalesce(title, '') || ' ' || "
             f"coalesce(body, ''), 20000)) {sample}")
    vectors = f"SELECT search_vector {sample}"
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH stems AS (SELECT word AS stem, ndoc FROM ts_stat(%s)), "
            "words AS (SELECT word, ndoc, plainto_tsquery('english', word) AS query "
            "          FROM ts_stat(%s) WHERE word ~ '^[a-z]{4,20}$') "
            "SELECT DISTINCT ON (stems.stem) words.word, stems.ndoc FROM words "
            "JOIN stems ON numnode(words.query) = 1 "
            "          AND words.query::text = quote_literal(stems.stem) "
            "ORDER BY stems.stem, words.ndoc DESC, words.word",
            [vectors, texts],
        )
        found = dict(cursor.fetchall())
    where = "all articles" if percent >= 100 else f"a {percent:g} % sample ({counted:,} articles)"
    return found, counted, f"ts_stat of the stored search vectors over {where}"


def spread(items: list, count: int) -> list:
    """``count`` items evenly spaced over ``items`` (already sorted)."""
    if len(items) <= count:
        return list(items)
    if count == 1:
        return [items[len(items) // 2]]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]


def pick_words(freq: dict[str, int], counted: int, per_class: int,
               pinned: dict) -> tuple[dict, list[str]]:
    """({class: [(word, documents)]}, notes)."""
    chosen, notes = {}, []
    if not freq or not counted:
        return {k: [(w, None) for w in pinned.get(k) or []] for k in WORD_CLASSES}, [
            "no indexed words found: single-word queries only where pinned in queries.json"]
    tiebreak = lambda w: zlib.crc32(w.encode())  # noqa: E731  deterministic, not alphabetical
    for klass, (low, high) in WORD_CLASSES.items():
        if pinned.get(klass):
            chosen[klass] = [(w, freq.get(w)) for w in pinned[klass]]
            notes.append(f"{klass}: pinned in queries.json")
            continue
        in_range = [w for w, d in freq.items() if low * counted <= d <= high * counted
                    and (klass != "rare" or d < high * counted)]
        in_class = len(in_range)
        words = sorted(in_range, key=lambda w: (freq[w], tiebreak(w)))
        wanted = (f"< {high:.1%}" if klass == "rare" else f"> {low:.0%}" if klass == "common"
                  else f"{low:.0%}-{high:.0%}")
        if len(words) < per_class:
            # Nearest words to the range, by distance in log frequency.
            def distance(w, low=low, high=high):
                share = freq[w] / counted
                return 0 if low <= share <= high else min(abs(math.log(share / low)) if low else 99,
                                                          abs(math.log(share / high)))
            near = sorted(freq, key=lambda w: (distance(w), tiebreak(w)))[:per_class * 3]
            words = sorted(set(words) | set(near), key=lambda w: (freq[w], tiebreak(w)))
            shares = [freq[w] / counted for w in words]
            notes.append(f"{klass}: THIN - the corpus has {in_class} word(s) in {wanted} of "
                         f"{counted} articles; used the nearest "
                         f"({min(shares):.2%}-{max(shares):.2%} of articles)")
        else:
            notes.append(f"{klass}: {in_class:,} words in {wanted} of articles")
        chosen[klass] = [(w, freq[w]) for w in spread(words, per_class)]
    return chosen, notes


# ---------------------------------------------------------------- requests


class HttpAnswer:
    """What the report reads of an answer over HTTP, as of a django.test.Client response."""

    def __init__(self, status: int, content: bytes, headers):
        self.status_code, self.content, self._headers = status, content, headers

    def get(self, name, default=None):
        return self._headers.get(name, default)

    def __getitem__(self, name):
        return self._headers[name]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is reported as such, as by the test client


class HttpClient:
    """The test client's ``get(path)``, sent over HTTP to a running server."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(_NoRedirect)

    def get(self, path: str) -> HttpAnswer:
        try:
            with self.opener.open(self.base + path, timeout=120) as answer:
                return HttpAnswer(answer.status, answer.read(), answer.headers)
        except urllib.error.HTTPError as error:
            return HttpAnswer(error.code, error.read(), error.headers)


def get(client, url):
    """(response, seconds, captured queries); the response carries exc_info on a 500."""
    # CaptureQueriesContext counts by position in a log capped at 9,000 queries: once full,
    # it would capture nothing. Each request starts with an empty log.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
    return response, seconds, ctx.captured_queries


def describe_failure(response) -> str:
    if getattr(response, "exc_info", None):
        exc = response.exc_info[1]
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''}"
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            return "; ".join(json.loads(response.content).get("errors", []))[:200]
        except (ValueError, AttributeError):
            pass
    if response.status_code in (301, 302):
        return f"redirect to {response.get('Location')}"
    page = response.content.decode("utf-8", "replace")
    problems = re.search(r'<ul class="problems">(.*?)</ul>', page, re.S)
    if problems:  # the HTML 400 page lists them
        return html.unescape("; ".join(re.findall(r"<li>(.*?)</li>", problems.group(1))))[:200]
    return ""


def json_count(response):
    """The list JSON's count as shown: "2000+" when the JSON says count_exact is false."""
    try:
        data = json.loads(response.content)
        count = data.get("count")
    except (ValueError, AttributeError):
        return None
    return f"{count}+" if data.get("count_exact") is False and count is not None else count


def leading_int(value):
    match = re.search(r"\d[\d,]*", str(value)) if value is not None else None
    return int(match.group().replace(",", "")) if match else None


def with_params(path, params):
    return f"{path}?{urlencode(params, doseq=True)}" if params else path


def deep_page(client, path, params, wanted):
    """The page to use as "deep": ``wanted``, or the last page when there are fewer."""
    response, _, _ = get(client, with_params(path, {**params, "page": wanted, "format": "json"}))
    if response.status_code == 200:
        return wanted
    match = LAST_PAGE.search(response.content.decode("utf-8", "replace"))
    if match:
        return max(int(match.group(1)), 1)
    response, _, _ = get(client, with_params(path, {**params, "format": "json"}))
    count = leading_int(json_count(response)) if response.status_code == 200 else None
    return max(1, min(wanted, math.ceil(count / 20))) if count is not None else wanted


def top_person(client) -> str:
    """The most-named person, as /people/ lists them (most articles first)."""
    response = client.get("/people/")
    match = re.search(r'href="/actors/([\w-]+)/"', response.content.decode("utf-8", "replace"))
    if response.status_code == 200 and match:
        return match.group(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT a.slug FROM articles_articleactor t JOIN articles_actor a "
                       "ON a.id = t.actor_id WHERE a.kind = 'person' "
                       "GROUP BY a.slug ORDER BY count(*) DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else "joe-biden"


def substitute(params: dict, person: str) -> dict:
    return {k: (v.replace("{person}", person) if isinstance(v, str) else v)
            for k, v in params.items()}


def list_params(spec, queries_by_class, person, client) -> list[tuple[str, str, dict]]:
    """(class, variant, params) of every list URL."""
    filters = {name: substitute(p, person) for name, p in spec["filters"].items()}
    all_filters = substitute(spec["all_filters"], person)
    names = list(filters)
    rows = []
    index = 0
    for klass in QUERY_CLASSES[:-1]:
        for position, q in enumerate(queries_by_class[klass]):
            rows.append((klass, "relevance", {"q": q}))
            name = names[index % len(names)]
            rows.append((klass, f"+{name}", {"q": q, **filters[name]}))
            index += 1
            if position < 2:  # every sort and a deep page, for two queries of each class
                for sort in ("newest", "oldest", "amount"):
                    rows.append((klass, f"sort {sort}", {"q": q, "sort": sort}))
                rows.append((klass, "deep page", {"q": q, "page": None}))
            if position == 0:
                rows.append((klass, "+all filters", {"q": q, **all_filters}))
    rows.append(("browse", "newest", {}))
    for sort in ("oldest", "amount"):
        rows.append(("browse", f"sort {sort}", {"sort": sort}))
    for name, params in filters.items():
        rows.append(("browse", f"+{name}", dict(params)))
    rows.append(("browse", "+all filters", dict(all_filters)))
    rows.append(("browse", "deep page", {"page": None}))
    # Resolve the deep pages.
    for _, variant, params in rows:
        if variant == "deep page":
            base = {k: v for k, v in params.items() if k != "page"}
            params["page"] = deep_page(client, "/articles/", base, spec.get("deep_page", 50))
    return rows


def build_cases(kinds, spec, words, person, client, seed, detail_count) -> tuple[list[Case], dict]:
    cases, matches = [], {}
    queries_by_class = {k: [w for w, _ in words.get(k, [])] for k in ("rare", "medium", "common")}
    for klass in ("phrase", "or", "not"):
        queries_by_class[klass] = spec.get(klass, [])
    if {"list", "json"} & set(kinds):
        rows = list_params(spec, queries_by_class, person, client)
        for klass, variant, params in rows:
            # The number of matches, from the JSON list (not timed; it also warms).
            response, _, _ = get(client, with_params("/articles/", {**params, "format": "json"}))
            key = urlencode(params, doseq=True)
            matches[key] = (str(json_count(response)) if response.status_code == 200
                            else f"HTTP {response.status_code}")
            for kind in ("list", "json"):
                if kind in kinds:
                    url = with_params("/articles/", params if kind == "list"
                                      else {**params, "format": "json"})
                    cases.append(Case(kind, klass, variant, url, matches=matches[key]))
    if "detail" in kinds:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM articles_article ORDER BY id")
            ids = [row[0] for row in cursor.fetchall()]
        for pk in sorted(random.Random(seed).sample(ids, min(detail_count, len(ids)))):
            response = client.get(f"/articles/{pk}/")
            case = Case("detail", "detail", "canonical", f"/articles/{pk}/")
            if response.status_code in (301, 302):
                case.url = response["Location"]
            elif response.status_code != 200:
                case.status = response.status_code
                case.error = f"short URL: {describe_failure(response)}"
            cases.append(case)
    if "actor" in kinds:
        for slug in [substitute({"s": s}, person)["s"] for s in spec.get("actors", [])]:
            path = f"/actors/{slug}/"
            cases.append(Case("actor", "actor", slug, path))
            cases.append(Case("actor", "actor", f"{slug} sort oldest",
                              with_params(path, {"sort": "oldest"})))
            page = deep_page(client, path, {}, spec.get("deep_page", 50))
            cases.append(Case("actor", "actor", f"{slug} deep page",
                              with_params(path, {"page": page})))
    return cases, matches


def run(cases: list[Case], client, repeat: int, cold: bool = False) -> None:
    live = [c for c in cases if c.status is None]
    for case in live:  # warm
        response, _, _ = get(client, case.url)
        case.status = response.status_code
        if response.status_code != 200:
            case.error = describe_failure(response)
    live = [c for c in live if c.status == 200]
    for round_number in range(repeat):
        print(f"  round {round_number + 1}/{repeat}: {len(live)} URLs", file=sys.stderr, flush=True)
        for case in live:
            if cold:
                cache.clear()
            response, seconds, captured = get(client, case.url)
            if response.status_code != 200:  # flapping: report, stop timing this URL
                case.status, case.error = response.status_code, describe_failure(response)
                case.times = []
                continue
            case.times.append(seconds)
            case.queries = max(case.queries, len(captured))
            case.sqls = [q["sql"] for q in captured]
    for case in live:
        if case.ok and case.sqls:
            bare_sql(case, repeat)


def bare_sql(case: Case, repeat: int) -> None:
    """Re-run the captured SQL of one request with a raw cursor: the database's share."""
    reads = [s for s in case.sqls if s.lstrip().upper().startswith(("SELECT", "WITH", "("))]
    if len(reads) != len(case.sqls):
        case.bare_error = f"{len(case.sqls) - len(reads)} non-SELECT statement(s) not re-run"
    runs = []
    try:
        for _ in range(max(repeat, 1)):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in reads:
                    cursor.execute(sql)
                    if cursor.description is not None:
                        cursor.fetchall()
            runs.append(time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001  a query that does not re-run bare is reported
        case.bare_error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
        return
    case.bare = statistics.median(runs)


# ---------------------------------------------------------------- report


def percentile(values, p):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * p / 100
    low = math.floor(k)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def ms(seconds):
    if seconds is None:
        return "–"
    value = seconds * 1000
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def summary(cases: list[Case]) -> dict:
    ok = [c for c in cases if c.ok]
    times = [t for c in ok for t in c.times]
    with_bare = [c for c in ok if c.bare is not None]
    page_sum = sum(statistics.median(c.times) for c in with_bare)
    # over HTTP nothing is captured: no query count rather than 0
    worst = max((c for c in ok if c.sqls), key=lambda c: c.queries, default=None)
    return {
        "urls": len(cases), "ok": len(ok), "failed": len(cases) - len(ok), "samples": len(times),
        "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
        "max_queries": worst.queries if worst else None,
        "bare_p50": percentile([c.bare for c in with_bare], 50),
        "db_share": sum(c.bare for c in with_bare) / page_sum if page_sum else None,
        "over_queries": [c for c in ok if c.queries > MAX_QUERIES],
    }


def verdict(kind, s) -> str:
    p50_target, p95_target = TARGETS[kind]
    parts = []
    if p50_target is not None and s["p50"] is not None:
        parts.append(f"p50 ≤ {p50_target}: {'met' if s['p50'] * 1000 <= p50_target else 'MISSED'}")
    if p95_target is not None and s["p95"] is not None:
        parts.append(f"p95 ≤ {p95_target}: {'met' if s['p95'] * 1000 <= p95_target else 'MISSED'}")
    if s["max_queries"] is not None:
        met = s["max_queries"] <= MAX_QUERIES
        parts.append(f"≤ {MAX_QUERIES} SQL: {'met' if met else 'MISSED'}")
    return "; ".join(parts) or "–"


def tables(cases: list[Case], kinds) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every table of the report."""
    out = []
    header = ["page", "URLs", "non-200", "samples", "p50 ms", "p95 ms", "p99 ms", "max SQL",
              "bare SQL p50 ms", "DB share", "targets (ms)"]
    rows = []
    for kind in kinds:
        chosen = [c for c in cases if c.kind == kind]
        if not chosen:
            continue
        s = summary(chosen)
        rows.append([KIND_TITLES[kind], str(s["urls"]), str(s["failed"]), str(s["samples"]),
                     ms(s["p50"]), ms(s["p95"]), ms(s["p99"]),
                     "–" if s["max_queries"] is None else str(s["max_queries"]),
                     ms(s["bare_p50"]), "–" if s["db_share"] is None else f"{s['db_share']:.0%}",
                     verdict(kind, s)])
    out.append(("Time per page type" if not any(c.sqls for c in cases) else
                "Server time per page type (in-process, Django + database)", header, rows))

    listed = [c for c in cases if c.kind in ("list", "json")]
    if listed:
        for title, key, order in (("List pages by query class", "klass", QUERY_CLASSES),
                                  ("List pages by variant", "variant", None)):
            groups = order or sorted({c.variant for c in listed},
                                     key=lambda v: (v.split()[0] != "relevance", v))
            rows = []
            for group in groups:
                members = [c for c in listed if getattr(c, key) == group]
                if not members:
                    continue
                row = [group]
                for kind in ("list", "json"):
                    s = summary([c for c in members if c.kind == kind])
                    row += [ms(s["p50"]), ms(s["p95"])]
                s = summary(members)
                counts = sorted(leading_int(c.matches) for c in members
                                if not c.matches.startswith("HTTP")
                                and leading_int(c.matches) is not None)
                row += ["–" if s["max_queries"] is None else str(s["max_queries"]),
                        "–" if s["db_share"] is None else f"{s['db_share']:.0%}",
                        f"{counts[0]}–{counts[-1]}" if counts else "–",
                        str(sum(1 for c in members if not c.ok))]
                rows.append(row)
            out.append((title, [key.replace("klass", "class"), "HTML p50", "HTML p95", "JSON p50",
                                "JSON p95", "max SQL", "DB share", "matches", "non-200"], rows))

    ok = sorted((c for c in cases if c.ok), key=lambda c: -statistics.median(c.times))[:10]
    out.append(("Slowest URLs (median of the repeats)",
                ["page", "URL", "median ms", "SQL", "bare SQL ms", "matches"],
                [[c.kind, c.url, ms(statistics.median(c.times)),
                  str(c.queries) if c.sqls else "–", ms(c.bare),
                  c.matches or "–"] for c in ok]))
    return out


def problems(cases: list[Case]) -> list[str]:
    lines = []
    for c in cases:
        if not c.ok:
            lines.append(f"HTTP {c.status} {c.kind} {c.url}" + (f" – {c.error}" if c.error else ""))
    for c in cases:
        if c.ok and c.queries > MAX_QUERIES:
            lines.append(f"{c.queries} SQL queries (> {MAX_QUERIES}): {c.kind} {c.url}")
    for c in cases:
        if c.ok and c.bare_error:
            lines.append(f"bare SQL re-run: {c.bare_error}: {c.url}")
    return lines


def text_table(header, rows) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=True)]
    numeric = [all(re.fullmatch(r"[–\d,.%]+", r[i]) for r in rows) if rows else False
               for i in range(len(header))]
    def line(cells):
        return "  ".join(str(c).rjust(w) if n else str(c).ljust(w)
                         for c, w, n in zip(cells, widths, numeric, strict=True)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def markdown_table(header, rows) -> str:
    numeric = [all(re.fullmatch(r"[–\d,.%]+", r[i]) for r in rows) if rows else False
               for i in range(len(header))]
    escape = lambda s: str(s).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(escape(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def machine_facts(articles: int) -> dict:
    try:
        cores = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        cores = str(os.cpu_count())
    memory, cpu = "?", "?"
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 1024 ** 2:.1f} GiB"
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.*)", cpuinfo).group(1).strip()
    except (OSError, AttributeError):
        pass
    settings_dict = connection.settings_dict
    where = "embedded server"
    if os.environ.get("DATABASE_URL"):  # host, port and name only: never the credentials
        where = (f"DATABASE_URL {settings_dict.get('HOST') or 'socket'}:"
                 f"{settings_dict.get('PORT') or 5432}/{settings_dict.get('NAME')}")
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "articles": articles,
            "cores": cores, "memory": memory, "cpu": cpu,
            "postgres": scalar("SHOW server_version"), "database": where,
            "python": platform.python_version(), "django": django.get_version()}


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds after the warm one")
    parser.add_argument("--only", action="append", choices=KINDS,
                        help="page type(s) to measure (repeatable); all by default")
    parser.add_argument("--out", type=Path, help="write the report as Markdown to this file")
    parser.add_argument("--label", default="", help='what was measured, e.g. "100k synthetic"')
    parser.add_argument("--queries", type=Path, default=Path(__file__).with_name("queries.json"),
                        help="the query set (default: bench/queries.json)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the article ids sampled")
    parser.add_argument("--cold", action="store_true",
                        help="empty the cache before every timed request: what a search no one "
                             "has made since the last change costs")
    parser.add_argument("--detail", type=int,
                        help="number of article pages (default: detail_count in queries.json)")
    parser.add_argument("--http", metavar="URL",
                        help="send the requests over HTTP to the server at URL (run with the "
                             "server's DATABASE_URL and cache settings) instead of in-process")
    args = parser.parse_args()
    kinds = [k for k in KINDS if not args.only or k in args.only]
    spec = json.loads(args.queries.read_text())
    # 400s and 500s are recorded per URL; Django's own log line for each would only be noise.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)

    articles = scalar("SELECT count(*) FROM articles_article")
    facts = machine_facts(articles)
    notes, words = [], {}
    # The settings as configured (run with DJANGO_DEBUG=0: templates out of debug mode), but
    # any host name and no https redirect for the in-process client.
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
        client = HttpClient(args.http) if args.http else Client(raise_request_exception=False)
        if {"list", "json"} & set(kinds):
            freq, counted, source = word_frequencies(articles)
            words, notes = pick_words(freq, counted, spec.get("words_per_class", 6),
                                      spec.get("words", {}))
            notes.insert(0, f"word frequencies from {source}")
            for klass, chosen in words.items():
                notes.append(f"{klass} words: " + ", ".join(
                    f"{w} ({d} = {d / counted:.2%})" if d is not None else w for w, d in chosen))
        person = top_person(client)
        notes.append(f"person: {person} (first on /people/)")
        print(f"{articles} articles; setting up the URLs…", file=sys.stderr, flush=True)
        cases, _ = build_cases(kinds, spec, words, person, client, args.seed,
                               args.detail or spec.get("detail_count", 50))
        print(f"{len(cases)} URLs; 1 warm round + {args.repeat} timed", file=sys.stderr, flush=True)
        started = time.perf_counter()
        run(cases, client, args.repeat, cold=args.cold)
        elapsed = time.perf_counter() - started

    title = (f"Search and page {'time over HTTP' if args.http else 'server time'}"
             f"{f': {args.label}' if args.label else ''}")
    facts_line = (f"{facts['date']}; {facts['articles']:,} articles; {facts['cores']} cores "
                  f"({facts['cpu']}), {facts['memory']}; PostgreSQL {facts['postgres']} "
                  f"({facts['database']}); Python {facts['python']}, Django {facts['django']}; "
                  f"1 warm + {args.repeat} timed rounds, {elapsed:.0f} s in all; "
                  + ("cache emptied before every timed request (cold)." if args.cold else
                     "cache kept between requests (warm: repeated URLs reuse facet counts)."))
    report = tables(cases, kinds)
    found = problems(cases)

    print(f"\n{title}\n{facts_line}\n")
    for table_title, header, rows in report:
        print(f"{table_title}\n{text_table(header, rows)}\n")
    print("Notes:\n" + "\n".join(f"  - {n}" for n in notes))
    print("\nProblems:\n" + ("\n".join(f"  - {p}" for p in found) if found else "  none"))
    print("\nTargets: search+filters+facets p50 ≤ 50 ms, p95 ≤ 200 ms; article page p95 ≤ 30 ms; "
          f"at most {MAX_QUERIES} SQL queries per page. 'bare SQL' = the page's captured queries "
          "re-run with a raw cursor; 'DB share' = their sum over the page's median time.")

    if args.out:
        how = (f"Measured over HTTP against the server at {args.http} (connection and transfer "
               "included; no SQL captured, so no query counts or bare SQL). " if args.http else
               "Measured in-process with django.test.Client (no HTTP server): server time = "
               "Django + database. ")
        parts = [f"### {title}", "", facts_line, "",
                 how + "p50/p95/p99 over every timed request; 'bare SQL' re-runs one "
                 "request's captured queries with a raw cursor; 'DB share' is their sum over the "
                 "page's median time. Run: `.venv/bin/python bench/search.py"
                 f"{f' --http {args.http}' if args.http else ''}"
                 f"{f' --repeat {args.repeat}' if args.repeat != 3 else ''}"
                 f"{' --cold' if args.cold else ''}"
                 f"{''.join(f' --only {k}' for k in args.only or [])}`.", ""]
        for table_title, header, rows in report:
            parts += [f"**{table_title}**", "", markdown_table(header, rows), ""]
        parts += ["Notes:", "", *[f"- {n}" for n in notes], ""]
        parts += ["Problems:", "", *([f"- {p}" for p in found] or ["- none"]), ""]
        args.out.write_text("\n".join(parts))
        print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
