import hashlib
import itertools
from datetime import datetime, timezone

import pytest
from django.utils.text import slugify

# What the pages need to be served over plain http without collectstatic, whichever
# DJANGO_* values the settings were loaded with (tests/envdefaults.py only sets defaults, and
# a developer's .env may turn DEBUG off or the https redirect on): static files come from
# static/ as in development.
PLAIN_HTTP_SETTINGS = {
    "SECURE_SSL_REDIRECT": False,
    "WHITENOISE_USE_FINDERS": True,
    "WHITENOISE_AUTOREFRESH": True,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django makes it, with autovacuum off for its tables.

    Every test's rows are rolled back, so a table the suite has filled and emptied many times
    holds only dead rows. Autovacuum analyses such a table whenever its counters say so, and
    finds no live rows: if that happens while a test holds a corpus import in its open
    transaction, the planner takes the table for empty, joins thousands of rows by nested
    loops, and one test ran for over an hour. Statistics that come only from the tests' own
    data (or none: the planner then reckons from the table's size) make every run plan alike.
    """
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute("SELECT format('ALTER TABLE %I.%I SET (autovacuum_enabled = off)', "
                       "schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'")
        for (statement,) in cursor.fetchall():
            cursor.execute(statement)


@pytest.fixture(autouse=True)
def plain_http(settings):
    """Serve over http (no redirect to https), static files needing no collectstatic."""
    for name, value in PLAIN_HTTP_SETTINGS.items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def no_database_outage_known():
    """Each test starts with no outage remembered (articles/outage.py keeps it per process)."""
    from articles import outage

    outage.reset()
    yield
    outage.reset()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache. Two tests on an unchanged archive share its data
    version, so a page one of them kept (articles/listcache.py) would answer the other, which
    may have changed settings or patched a view; in production the same data is the same
    page."""
    from django.core.cache import cache

    cache.clear()


_unique = itertools.count(1)


def make_source(name="Reuters"):
    """A Source, reused when one with this name exists."""
    from articles.models import Source

    source, _ = Source.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    return source


def make_article(
    title="Pentagon announces new aid package",
    body="The Pentagon announced a new package of security assistance.",
    *,
    published_at=datetime(2024, 7, 2, 14, 30, tzinfo=timezone.utc),
    source="Reuters",
    **fields,
):
    """An Article as the importer would store it: hashes, original bytes and a unique body hash."""
    from articles.models import Article

    original = fields.pop("original", None) or f"{title}\n\n{body}".encode()
    fields.setdefault("slug", slugify(title)[:120] or "article")
    fields.setdefault("lede", body.split("\n\n")[0])
    return Article.objects.create(
        title=title,
        body=body,
        published_at=published_at,
        source=make_source(source) if isinstance(source, str) else source,
        # The counter keeps two articles with the same body from colliding on the unique hash.
        content_sha256=hashlib.sha256(f"{body}#{next(_unique)}".encode()).hexdigest(),
        original_sha256=hashlib.sha256(original).hexdigest(),
        original=original,
        word_count=len(body.split()),
        **fields,
    )


@pytest.fixture
def article_factory(db):
    return make_article
