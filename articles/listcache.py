"""What a list page computes once and reuses: the ids of the matches and the facet counts.

A search's matches and facets do not change until the archive's data does, and the same
search is asked again and again: the next page, another sort, the JSON or feed of it, the
unfiltered /articles/ and the pages of popular actors. They are kept in Django's cache under
a key that holds the archive's data version, which database triggers (migration 0009) move on
every change to articles, tags, amounts, events, actors, aliases or sources, whether an
import, a curator's decision in the admin or raw SQL made it. A cached result is therefore
never read after the data under it changed; an old version's entries are simply never asked
for again and age out of the cache.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)
_last_complaint = 0.0

# Entries of one data version; an import or a curator's edit makes them unreachable anyway.
TIMEOUT = 3600


def data_version() -> str | None:
    """The current data version (one small query); None if its row is gone.

    The number alone can go backwards: a restore brings back an older number and the
    sequence behind it, and the next change would reach a number the cache already holds for
    other data. So the version also carries the transaction that wrote the row (``xmin``):
    transaction ids only grow in a database cluster, and a restore writes the row anew. The
    cache is shared by every process of a machine (settings.CACHES), which may serve another
    database or cluster, whose numbers start again: the version names the cluster (its system
    identifier, made by initdb) and the database too."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, xmin::text, current_database(), "
            "(SELECT system_identifier FROM pg_control_system())::text "
            "FROM articles_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return ".".join(str(part) for part in row) if row else None


def cache_key(kind: str, version: str, parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"articles:{kind}:{version}:{digest}"


def cached(kind: str, version: str | None, parts, compute):
    """``compute()``, or its value from the cache for the same ``parts`` at the same data
    version. Without a version nothing is kept."""
    if version is None:
        return compute()
    key = cache_key(kind, version, parts)
    try:
        value = cache.get(key)
    except Exception as error:  # Redis away, a directory not writable: serve, uncached
        _complain(error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception as error:
            _complain(error)
    return value


def _complain(error: Exception) -> None:
    """One log line a minute while the cache fails, not one per request."""
    global _last_complaint
    if time.monotonic() - _last_complaint > 60:
        _last_complaint = time.monotonic()
        logger.warning("Cache unavailable, pages computed afresh: %s: %s",
                       type(error).__name__, error)
