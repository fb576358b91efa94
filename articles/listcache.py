"""What a list page computes once and reuses: the ids of the matches and the facet counts,
and, for readers who are not logged in, the whole page (``kept_for_readers``).

A search's matches and facets do not change until the archive's data does, and the same
search is asked again and again: the next page, another sort, the JSON or feed of it, the
unfiltered /articles/ and the pages of popular actors. They are kept in Django's cache under
a key that holds the archive's data version, which database triggers (migration 0009) move on
every change to articles, tags, amounts, events, actors, aliases or sources, whether an
import, a curator's decision in the admin or raw SQL made it. A cached result is therefore
never read after the data under it changed; an old version's entries are simply never asked
for again and age out of the cache. The key also holds a digest of the code that computed the
entry (``release``), so a new release never serves a page drawn by the one before.
"""

import contextvars
import functools
import hashlib
import logging
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)
_last_complaint = 0.0

# Entries of one data version; an import or a curator's edit makes them unreachable anyway.
TIMEOUT = 3600
# the version a kept page's key was made with, while its view computes the page: the search
# and facets inside are kept under the same version, asked once
_page_version: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "page_version", default=None)


def data_version() -> str | None:
    """The current data version (one small query); None if its row is gone.

    The number alone can go backwards: a restore brings back an older number and the
    sequence behind it, and the next change would reach a number the cache already holds for
    other data. So the version also carries the transaction that wrote the row (``xmin``):
    transaction ids only grow in a database cluster, and a restore writes the row anew. The
    cache is shared by every process of a machine (settings.CACHES), which may serve another
    database or cluster, whose numbers start again: the version names the cluster (its system
    identifier, made by initdb) and the database too.

    Inside a view that ``kept_for_readers`` computes, the version its page key holds."""
    known = _page_version.get()
    if known is not None:
        return known
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, xmin::text, current_database(), "
            "(SELECT system_identifier FROM pg_control_system())::text "
            "FROM articles_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return ".".join(str(part) for part in row) if row else None


# what computes and draws a kept page: a page kept by other code is never served (a release
# that changes a template or a view reaches readers at once, whatever the cache holds)
RELEASE_FOLDERS = ("articles", "newsarchive", "templates", "static")
RELEASE_SUFFIXES = frozenset({".py", ".html", ".txt", ".css", ".js", ".svg", ".json"})


def code_digest(root: Path, folders=RELEASE_FOLDERS) -> str:
    """A digest of the code, templates and static files under ``root``'s ``folders``."""
    digest = hashlib.blake2b(digest_size=8)
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file() \
                    and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def release() -> str:
    """This process's code, read once: every worker of one release shares its kept pages."""
    return code_digest(Path(settings.BASE_DIR))


def cache_key(kind: str, version: str, parts) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"articles:{kind}:{release()}:{version}:{digest}"


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


def cached_many(kind: str, version: str | None, items, compute_missing) -> dict:
    """{item: value} for every one of ``items``: those kept at ``version`` from the cache in
    one read, the rest from one ``compute_missing(missing items)`` (which returns such a
    dict), then kept."""
    items = sorted(set(items))
    if version is None:
        return compute_missing(items)
    keys = {cache_key(kind, version, item): item for item in items}
    try:
        found = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    except Exception as error:
        _complain(error)
        return compute_missing(items)
    missing = [item for item in items if item not in found]
    if missing:
        computed = compute_missing(missing)
        found.update(computed)
        try:
            cache.set_many({cache_key(kind, version, item): computed[item] for item in missing},
                           TIMEOUT)
        except Exception as error:
            _complain(error)
    return found


def _complain(error: Exception) -> None:
    """One log line a minute while the cache fails, not one per request."""
    global _last_complaint
    if time.monotonic() - _last_complaint > 60:
        _last_complaint = time.monotonic()
        logger.warning("Cache unavailable, pages computed afresh: %s: %s",
                       type(error).__name__, error)


# formats that stream or are built for one download: computed each time
NOT_KEPT_FORMATS = ("csv", "warc")


def kept_for_readers(kind: str):
    """A view's answer kept whole per data version for readers who are not logged in: the
    same address (host, scheme, path and parameters) asked again costs one cache read, not
    the search, the facets and the template (about 15 ms of CPU a list page, 1-3 ms kept;
    docs/benchmarks.md). Only a 200 answer is kept, with the headers the view set; the
    middleware adds its own (CSP, security headers) to every answer as usual. A curator's
    pages show the review state and are always computed."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated or request.GET.get("format") in NOT_KEPT_FORMATS:
                return view(request, *args, **kwargs)
            version = data_version()
            if version is None:
                return view(request, *args, **kwargs)
            params = sorted((name, tuple(values)) for name, values in request.GET.lists())
            key = cache_key(f"page:{kind}", version, (
                request.get_host(), request.scheme, request.path, params, sorted(kwargs.items())))
            try:
                kept = cache.get(key)
            except Exception as error:  # Redis away, a directory not writable: serve, uncached
                _complain(error)
                return view(request, *args, **kwargs)
            if kept is not None:
                content, headers = kept
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return response
            token = _page_version.set(version)
            try:
                response = view(request, *args, **kwargs)
            finally:
                _page_version.reset(token)
            if response.status_code == 200 and not response.streaming:
                try:
                    cache.set(key, (response.content, list(response.items())), TIMEOUT)
                except Exception as error:
                    _complain(error)
            return response

        return wrapper

    return decorate
