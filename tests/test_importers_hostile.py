"""The importer against hostile input: each file an attacker sent a production instance, and
the rule that every bad record fails on its own, by name, while the run goes on.

The small cases live in tests/data/hostile/; the big ones (100 MB, 3 MB records) are made in
tmp_path. Files that crashed or exhausted the process before run in a subprocess, capped in
memory, so a regression fails the test instead of the test run."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from articles.models import Article, ArticleActor, ImportBatch
from articles.tagging.gazetteer import gazetteer_load
from articles.tagging.text import sentence_spans
from newsarchive.embedded_db import as_url
from tests.test_importers import CORPUS, ROOT, rss_feed, rss_item, run_import, write

HOSTILE = ROOT / "tests" / "data" / "hostile"
MB = 1024 * 1024

pytestmark = pytest.mark.django_db


def import_in_subprocess(*args, memory_mb: int = 1536, timeout: int = 120):
    """(exit status, stdout, stderr, peak RSS in MB) of ``manage.py import_articles ARGS`` in a
    process of its own, its address space capped at ``memory_mb`` so that a regression ends
    in a MemoryError rather than the machine's memory. The peak comes from
    getrusage(RUSAGE_CHILDREN) in a wrapper whose only child is the import."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "limit = int(sys.argv[1]) * 1024 * 1024\n"
        "cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
        "done = subprocess.run(sys.argv[2:], preexec_fn=cap)\n"
        "sys.stdout.flush()\n"
        "print('peak_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    env = {**os.environ, "DATABASE_URL": as_url(connection.settings_dict), "DJANGO_DEBUG": "0"}
    done = subprocess.run(
        [sys.executable, "-c", wrapper, str(memory_mb), sys.executable, "manage.py",
         "import_articles", *map(str, args)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
    out, _, peak = done.stdout.rpartition("peak_kb ")
    return done.returncode, out, done.stderr, int(peak) / 1024


def summary(out: str) -> str:
    return out.strip().splitlines()[-1]


# --- 1. YAML front matter ---------------------------------------------------------------------

def test_yaml_anchors_and_aliases_are_refused_by_name(tmp_path):
    laughs = write(tmp_path / "laughs.md", "---\ntitle: Small laughs\n"
                   'a: &a ["lol", "lol", "lol"]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n---\nBody.\n')
    good = write(tmp_path / "good.md", "---\ntitle: Fine\n---\nA good body.\n")
    status, out, err = run_import(laughs, good)
    assert status == 1
    assert (f"{laughs}:3: refused YAML front matter: it uses the anchor &a (anchors and aliases "
            f"can expand without bound, so front matter may not use them)") in err
    assert summary(out) == "created=1 updated=0 unchanged=0 failed=1"
    assert Article.objects.get().title == "Fine"


def test_yaml_billion_laughs_of_nine_levels_is_refused_at_once(transactional_db):
    started = time.monotonic()
    status, out, err, peak = import_in_subprocess(HOSTILE / "yaml-billion-laughs.md", timeout=60)
    assert status == 1, err
    assert (f"{HOSTILE / 'yaml-billion-laughs.md'}:3: refused YAML front matter: "
            f"it uses the anchor &a") in err
    assert summary(out) == "created=0 updated=0 unchanged=0 failed=1"
    assert time.monotonic() - started < 30
    assert peak < 512


@pytest.mark.parametrize("front_matter, line, reason", [
    ("tags: " + "[" * 3000 + "]" * 3000, 3,
     "refused YAML front matter: nested deeper than 20 levels"),
    ("count: " + "7" * 4301, 3, "malformed YAML front matter: a number of 4301 characters "
                                "(the limit is 100)"),
    ("notes: '" + "x" * 70_000 + "'", 2, "refused YAML front matter: 68 KB is over the 64 KB "
                                         "limit"),
    ("date: 0000-01-01", 3, "malformed YAML front matter: year 0 is out of range"),
], ids=["deep", "long-number", "oversized", "year-zero"])
def test_yaml_front_matter_is_bounded(tmp_path, front_matter, line, reason):
    path = write(tmp_path / "x.md", f"---\ntitle: Bounded\n{front_matter}\n---\nBody.\n")
    good = write(tmp_path / "good.md", "---\ntitle: Fine\n---\nGood.\n")
    status, out, err = run_import(path, good)
    assert status == 1
    assert f"{path}:{line}: {reason}" in err
    assert summary(out) == "created=1 updated=0 unchanged=0 failed=1"


# --- 2. one bad record never ends the run -----------------------------------------------------

def test_json_integer_of_4301_digits_fails_that_item_only(transactional_db):
    path = HOSTILE / "json-list-big-integer.json"
    status, out, err, _ = import_in_subprocess(path, timeout=60)
    assert status == 1, err  # not -11: the C parser's SIGSEGV
    assert f"{path}:[1]: refused: a number of 4301 characters (the limit is 100)" in err
    assert summary(out) == "created=2 updated=0 unchanged=0 failed=1"
    assert Article.objects.count() == 2


def test_jsonl_hostile_lines_fail_one_by_one_and_the_run_goes_on(tmp_path):
    path = HOSTILE / "jsonl-hostile-lines.jsonl"
    status, out, err = run_import(path)
    assert status == 1
    assert err.strip().splitlines() == [
        f"{path}:2: refused: a number of 4301 characters (the limit is 100)",
        f"{path}:3: published_at '0001-01-01T00:00+14:00' is outside the years 1800 to 2100",
        f"{path}:4: refused: JSON nested deeper than 20 levels",
        f"{path}:5: expected an object with title and body, got list",
        f"{path}:6: expected an object with title and body, got str",
        f"{path}:7: malformed JSON: NaN is not a JSON number",
    ]
    assert summary(out) == "created=2 updated=0 unchanged=0 failed=6"


def test_json_nested_100_kb_deep_is_refused_before_parsing(transactional_db):
    path = HOSTILE / "json-deep-nesting.json"
    status, out, err, peak = import_in_subprocess(path, timeout=60)
    assert status == 1, err
    assert f"{path}: refused: JSON nested deeper than 20 levels" in err
    assert summary(out) == "created=0 updated=0 unchanged=0 failed=1"
    assert peak < 512


@pytest.mark.parametrize("value", [
    "0001-01-01T00:00+14:00", "9999-12-31T23:59:59-14:00", "1799-12-31", "2101-01-01",
    "Fri, 01 Jan 2200 00:00:00 +0000",
])
def test_dates_outside_1800_to_2100_are_refused_by_name(tmp_path, value):
    path = write(tmp_path / "d.jsonl",
                 json.dumps({"title": "T", "body": "B.", "date": value}) + "\n"
                 + json.dumps({"title": "Fine", "body": "Good.", "date": "2100-12-31"}) + "\n")
    status, out, err = run_import(path)
    assert status == 1
    assert f"{path}:1: published_at {value!r} is outside the years 1800 to 2100" in err
    assert summary(out) == "created=1 updated=0 unchanged=0 failed=1"


def test_yaml_dates_outside_the_range_are_refused_too(tmp_path):
    path = write(tmp_path / "old.md", "---\ntitle: Old\ndate: 0001-01-01\n---\nBody.\n")
    status, _, err = run_import(path)
    assert status == 1
    assert f"{path}: published_at '0001-01-01' is outside the years 1800 to 2100" in err


def oversized(tmp_path) -> dict[Path, str]:
    """Files whose one record is over the 2 MB limit, beside a good record where the format
    has room for one; {path: the error's location}."""
    body = "Ukraine. " * (3 * MB // 9 + 1)
    good = json.dumps({"title": "Good", "body": "Good body."})
    return {
        write(tmp_path / "big-line.jsonl", json.dumps({"title": "Big", "body": body}) + "\n" + good
              + "\n"): ":1",
        write(tmp_path / "big-item.json", "[" + json.dumps({"title": "Big", "body": body}) + ","
              + json.dumps({"title": "Good too", "body": "Another good body."}) + "]"): ":[0]",
        write(tmp_path / "big-field.csv",
              f'title,body\nBig,"{body}"\nGood csv,Good csv body.\n'): ":2",
        write(tmp_path / "big.md", f"---\ntitle: Big\n---\n{body}"): "",
        write(tmp_path / "big.txt", body): "",
    }


def test_records_over_2_mb_are_refused_by_name_and_the_next_ones_read(tmp_path):
    files = oversized(tmp_path)
    status, out, err = run_import(tmp_path)
    assert status == 1
    for path, where in files.items():
        assert f"{path}{where}: refused: over the 2 MB limit for one record" in err, err
    assert summary(out) == "created=3 updated=0 unchanged=0 failed=5"


def test_feeds_and_sidecars_are_bounded_too(tmp_path):
    deep = "<x>" * 70 + "deep" + "</x>" * 70
    feed = write(tmp_path / "deep.rss", rss_feed(
        rss_item("Before", link="https://e.org/before"),
        rss_item("Deep", link="https://e.org/deep", extra=deep)))
    big = write(tmp_path / "big.rss", rss_feed(rss_item("Big", "<p>" + "x" * (33 * MB) + "</p>")))
    write(tmp_path / "story.txt", "Headline\n\nSome body text.")
    sidecar = write(tmp_path / "story.meta.json", json.dumps({"notes": "x" * MB}))
    status, out, err = run_import(tmp_path)
    assert status == 1
    assert f"{feed}: refused: XML nested deeper than 64 levels" in err
    assert f"{big}: refused: a feed over the 32 MB limit" in err
    assert f"{sidecar}: refused: a sidecar over the 1 MB limit" in err
    assert summary(out) == "created=1 updated=0 unchanged=0 failed=3"
    assert Article.objects.get().title == "Before"


@pytest.mark.parametrize("name, content", [
    ("u.json", '[{"title": "Türkiye", "body": "Aid for Ukraine."}, {"title": "B", "body": "Bé."}]'),
    ("u.jsonl", '{"title": "Türkiye", "body": "Aid for Ukraine."}\n{"title": "B", "body": "Bé."}\n'),
    ("u.csv", 'title,body\nTürkiye,"Aid for\nUkraine."\nB,Bé.\n'),
])
def test_utf16_files_are_transcoded_as_they_are_read(tmp_path, name, content):
    path = write(tmp_path / name, content.encode("utf-16"))
    status, out, err = run_import(path)
    assert status == 0, err
    assert summary(out) == "created=2 updated=0 unchanged=0 failed=0"
    assert Article.objects.get(title="Türkiye").body.replace("\n\n", " ") == "Aid for Ukraine."
    assert not Article.objects.filter(needs_review=True).exclude(
        review_reasons=["no publication date"]).exists()


# --- 3. a renumbered page ---------------------------------------------------------------------

RENUMBERED = HOSTILE / "jsonl-renumbered-page.jsonl"
PAGE = "https://www.state.gov/deputy-secretary-shermans-call-with-counterparts-"


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_renumbered_page_goes_to_the_article_with_its_text(bulk):
    status, out, err = run_import(RENUMBERED, *(["--bulk"] if bulk else []))
    assert status == 0, err
    assert summary(out) == "created=2 updated=1 unchanged=0 failed=0"
    second_day = Article.objects.get(url=PAGE + "6/")
    first_day = Article.objects.get(url=PAGE + "5/")
    assert "second day" in second_day.body
    assert "first day" in first_day.body
    assert first_day.extra["other_urls"] == [PAGE + "6/"]
    assert "other_urls" not in second_day.extra
    assert summary(run_import(RENUMBERED)[1]) == "created=0 updated=0 unchanged=3 failed=0"


def test_renumbered_page_in_the_other_order_loses_no_text(tmp_path):
    lines = RENUMBERED.read_text().splitlines(keepends=True)
    path = write(tmp_path / "reversed.jsonl", "".join(reversed(lines)))
    status, out, err = run_import(path)
    assert status == 0, err
    article = Article.objects.get(url=PAGE + "6/")
    assert "second day" in article.body
    assert "first day" in article.revisions.get().body
    assert article.extra["other_urls"] == [PAGE + "5/"]


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "state-dept-2021.jsonl").is_file(),
                    reason="../shared/corpus/state-dept-2021.jsonl is absent beside this checkout")
def test_state_department_2021_imports_without_a_database_error():
    status, out, err = run_import(CORPUS / "state-dept-2021.jsonl")
    assert status == 0, err
    assert summary(out).startswith("created=806 updated=3 unchanged=0 failed=0")


# --- 4. encodings -----------------------------------------------------------------------------

def test_one_stray_byte_in_utf8_text_is_replaced_and_flagged_not_guessed(tmp_path):
    shutil.copy(HOSTILE / "txt-stray-byte.txt", tmp_path / "stray.txt")
    # In a stream, after the first 64 KB the encoding was chosen on.
    lines = [json.dumps({"title": f"Line {n}", "date": "2024-03-01",
                         "body": f"Türkiye’s vote on Ukraine {n} " + "x" * 1000},
                        ensure_ascii=False).encode("utf-8") for n in range(80)]
    lines[70] = lines[70].replace(b"vote", b"vote \x92s")
    write(tmp_path / "stray.jsonl", b"\n".join(lines))
    status, out, err = run_import(tmp_path)
    assert status == 0, err
    txt = Article.objects.get(title="Türkiye approves aid for Ukraine")
    assert "Türkiye’s parliament" in txt.body
    assert txt.body.endswith("one stray byte: \ufffd ends here.")
    assert txt.needs_review
    assert "mixed encodings: 1 byte that is not UTF-8 was replaced by \ufffd" in txt.review_reasons
    line = Article.objects.get(title="Line 70")
    assert line.body.startswith("Türkiye’s vote \ufffds on Ukraine 70")
    assert line.review_reasons == [
        "mixed encodings: 1 byte that is not UTF-8 was replaced by \ufffd"]
    assert not Article.objects.get(title="Line 69").needs_review


def test_text_in_another_encoding_is_decoded_and_flagged(tmp_path):
    text = ("Türkiye approves Sweden’s NATO bid\n\nAnkara (Reuters) - Türkiye’s parliament "
            "approved "
            "the accession, officials said. The vote followed months of talks about F-16 jets.")
    write(tmp_path / "cp1252.txt", text.encode("cp1252"))
    assert run_import(tmp_path)[0] == 0
    article = Article.objects.get()
    assert "Türkiye’s parliament" in article.body
    assert article.needs_review
    # charset-normalizer tells cp1250 from cp1252 by letter frequencies; both read this text.
    assert any(reason.startswith("not UTF-8: decoded as cp125") and reason.endswith("(detected)")
               for reason in article.review_reasons), article.review_reasons


# --- 5. control and bidi characters ---------------------------------------------------------

def test_control_and_bidi_characters_are_removed_and_the_original_kept(tmp_path):
    path = HOSTILE / "jsonl-controls-and-bidi.jsonl"
    status, _, err = run_import(path)
    assert status == 0, err
    article = Article.objects.get()
    assert article.title == "Aid for Ukraine approved"
    assert article.authors == ["Ann Lee", "Bo Ray"]
    assert article.source.name == "Reuters"
    assert article.body == "Ukraine welcomed the aid package.[31m"
    assert bytes(article.original) == path.read_bytes().rstrip(b"\n")
    assert "\u202e".encode() in bytes(article.original)


def test_controls_go_from_wire_copy_feeds_and_sidecars_too(tmp_path):
    write(tmp_path / "w.txt", "Aid\u202e approved\u0007\n\nKYIV (Reuters) - Ukraine got aid.\n\n"
                              "(Reporting by Ann\u2067 Lee; editing by Bo\u0085 Ray)")
    write(tmp_path / "s.txt", "Shells for Ukraine arrive in Kyiv.\n\nMore shells arrived.")
    write(tmp_path / "s.meta.json", json.dumps({
        "title": "Shells\u202e arrive", "authors": ["Cy\x1b Dee"], "date": "2024-03-01"}))
    write(tmp_path / "f.rss", rss_feed(rss_item("Feed\u2066 title\u200f", link="https://e.org/f",
                                                extra="<dc:creator>Ed\u202d Fu</dc:creator>")))
    status, _, err = run_import(tmp_path)
    assert status == 0, err
    wire = Article.objects.get(url=None, dateline_place="Kyiv")
    assert (wire.title, wire.authors, wire.editors) == ("Aid approved", ["Ann Lee"], ["Bo Ray"])
    sidecar = Article.objects.get(published_at__isnull=False, url=None)
    assert (sidecar.title, sidecar.authors) == ("Shells arrive", ["Cy Dee"])
    feed = Article.objects.get(url="https://e.org/f")
    assert (feed.title, feed.authors) == ("Feed title", ["Ed Fu"])
    assert "\u2066".encode() in bytes(feed.original)


# --- 6. memory ----------------------------------------------------------------------------------

def test_a_text_without_full_stops_is_cut_into_sentences_of_at_most_4000_characters():
    text = "the storm cost the farm $1 million and " * 4000
    spans = sentence_spans(text)
    assert max(end - start for start, end in spans) <= 4000
    assert " ".join(text[start:end] for start, end in spans) == text
    assert sentence_spans("One sentence. Another one.") == [(0, 13), (14, 26)]


def test_hundred_megabyte_files_import_under_512_mb_of_peak_memory(tmp_path, transactional_db):
    paragraph = ("Air defence interceptors and artillery shells were delivered to Ukraine. "
                 * 14)[:1000]
    body = "\n\n".join([paragraph] * 1000)
    with (tmp_path / "many.json").open("w", encoding="utf-8") as handle:
        handle.write("[")
        for number in range(101):
            handle.write(("," if number else "") + json.dumps({"title": f"Record {number}",
                                                               "body": f"Record {number}. {body}"}))
        handle.write("]")
    # A text without full stops was one sentence, which each of its 4,000 amounts stored.
    write(tmp_path / "dense.jsonl", json.dumps({
        "title": "Dense", "body": "the storm cost the farm $1 million and " * 4000}) + "\n")
    one = "x" * (100 * MB)
    write(tmp_path / "one-line.jsonl", '{"title": "One line", "body": "' + one + '"}')
    write(tmp_path / "one-item.json", '{"title": "One item", "body": "' + one + '"}')
    write(tmp_path / "one-field.csv", 'title,body\nOne field,"' + one + '"\n')
    write(tmp_path / "one-file.md", "---\ntitle: One file\n---\n" + one)
    del one
    assert all(path.stat().st_size > 100 * 1000 * 1000 for path in tmp_path.iterdir()
               if path.name != "dense.jsonl")
    started = time.monotonic()
    status, out, err, peak = import_in_subprocess(tmp_path, memory_mb=2048, timeout=300)
    elapsed = time.monotonic() - started
    assert status == 1, err
    assert summary(out).startswith("created=102 updated=0 unchanged=0 failed=4 "), err
    assert peak <= 512, f"peak {peak:.0f} MB"
    print(f"peak {peak:.0f} MB, {elapsed:.1f} s")


# --- the hostile corpus, in one run -------------------------------------------------------------

EXPECTED_FAILURES = {
    "csv-nul-byte.csv": [],
    "json-deep-nesting.json": [": refused: JSON nested deeper than 20 levels"],
    "json-list-big-integer.json": [":[1]: refused: a number of 4301 characters (the limit is 100)"],
    "jsonl-controls-and-bidi.jsonl": [],
    "jsonl-hostile-lines.jsonl": [
        ":2: refused: a number of 4301 characters",
        ":3: published_at '0001-01-01T00:00+14:00' is outside the years 1800 to 2100",
        ":4: refused: JSON nested deeper than 20 levels",
        ":5: expected an object with title and body, got list",
        ":6: expected an object with title and body, got str",
        ":7: malformed JSON: NaN is not a JSON number",
    ],
    "jsonl-renumbered-page.jsonl": [],
    "rss-entity-bomb.rss": [": refused: the feed declares the XML entity 'lol'"],
    "txt-stray-byte.txt": [],
    "yaml-billion-laughs.md": [":3: refused YAML front matter: it uses the anchor &a"],
    "yaml-deep-nesting.md": [":3: refused YAML front matter: nested deeper than 20 levels"],
}


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_the_hostile_corpus_imports_in_one_run(tmp_path, bulk):
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(EXPECTED_FAILURES)
    gazetteer_load()
    corpus = shutil.copytree(HOSTILE, tmp_path / "hostile")
    failures = dict(EXPECTED_FAILURES)
    for path, where in oversized(tmp_path / "hostile" / "big").items():
        failures[str(path.relative_to(corpus))] = [
            f"{where}: refused: over the 2 MB limit for one record"]
    status, out, err = run_import(corpus, *(["--bulk"] if bulk else []))
    assert status == 1
    expected = [f"{corpus / name}{reason}" for name, reasons in failures.items()
                for reason in reasons]
    errors = err.strip().splitlines()
    assert len(errors) == len(expected), err
    for line in expected:
        assert any(error.startswith(line) for error in errors), (line, err)
    counts = dict(pair.split("=") for pair in summary(out).split())
    assert int(counts["failed"]) == len(expected)
    assert ImportBatch.objects.get().failed == len(expected)
    # Every good record, whole: its text, its original, its tags.
    good = Article.objects.all()
    assert good.count() == int(counts["created"]) == 12
    assert {"Hostile corpus: good json record 1", "Hostile corpus: good json record 2",
            "Hostile corpus: good jsonl record 1", "Hostile corpus: good jsonl record 2",
            "Hostile corpus: CSV with a NUL", "Türkiye approves aid for Ukraine",
            "Aid for Ukraine approved", "Good", "Good too", "Good csv"} <= set(
        good.values_list("title", flat=True))
    for article in good.exclude(title__startswith="Good"):
        assert bytes(article.original), article.title
        assert ArticleActor.objects.filter(article=article, actor__slug="ukraine").exists(), \
            article.title
    # Nothing of a refused record was written.
    assert not Article.objects.filter(title__in=["Laughs", "Deep", "Year one", "Not a number",
                                                 "An integer of 4,301 digits", "Big"]).exists()
    # Without the bad files, the same run exits 0.
    for name, reasons in failures.items():
        if reasons:
            (corpus / name).unlink()
    status, out, err = run_import(corpus, *(["--bulk"] if bulk else []))
    assert status == 0, err
