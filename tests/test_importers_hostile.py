"""The importer against hostile input: each file an attacker sent a production instance, and
the rule that every bad record fails on its own, by name, while the run goes on.

The small cases live in tests/data/hostile/; the big ones (100 MB, 9 MB records) are made in
tmp_path. Files that crashed or exhausted the process before run in a subprocess, capped in
memory, so a regression fails the test instead of the test run."""

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from articles.models import Article, ArticleActor, ImportBatch
from articles.tagging.gazetteer import gazetteer_load
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
    assert summary(out) == "created=806 updated=3 unchanged=0 failed=0"


