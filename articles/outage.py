"""The database gone: a 503 page that says to come back, and one log line when an outage
starts and one when it ends, not a traceback per request.

The state is this server process's: with several gunicorn workers each logs its own outage.
"""

import logging
import threading
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# SQLSTATE classes of a server that is gone or cannot take the request: connection exceptions
# (08), insufficient resources (53: too many connections, disk full), operator intervention
# (57P01-57P05: shutdown, crash, not yet accepting connections). A connection that fails
# before any server answers has no SQLSTATE. Other OperationalErrors (57014 a cancelled
# statement, 40P01 a deadlock) are a query's problem: they stay 500s with their traceback.
OUTAGE_SQLSTATES = ("08", "53", "57P")

_lock = threading.Lock()
_since: float | None = None
_refused = 0


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot be reached, rather than that a query failed."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(OUTAGE_SQLSTATES)


def database_unavailable(request, error: BaseException) -> None:
    """Count ``request`` as refused for ``error``; log the outage if it starts with it."""
    global _since, _refused
    request.database_unavailable = True
    with _lock:
        _refused += 1
        if _since is not None:
            return
        _since = time.monotonic()
    reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
    logger.error("Database unavailable: %s%s; answering 503 until it is back",
                 type(error).__name__, f" ({reason})" if reason else "")


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _outage_over_check(request) -> None:
    global _since, _refused
    if _since is None or getattr(request, "database_unavailable", False):
        return
    # This request needed no database, or reached it: ask the database itself.
    if not database_answers():
        return
    with _lock:
        if _since is None:
            return
        seconds, refused = time.monotonic() - _since, _refused
        _since, _refused = None, 0
    logger.warning("Database back after %.0f s; %d requests answered 503", seconds, refused)


def reset() -> None:
    """Forget any outage (for tests)."""
    global _since, _refused
    with _lock:
        _since, _refused = None, 0


def unavailable_response(request) -> HttpResponse:
    message = (f"The archive's database is not answering; try again in "
               f"{RETRY_AFTER_SECONDS} seconds.")
    if request.GET.get("format") == "json":
        response = JsonResponse({"errors": [message]}, status=503)
    else:
        # Standalone, like the 500 page: no request context, so nothing asks the database.
        response = HttpResponse(render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}),
                                status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return logged_already(response)


def logged_already(response):
    """``response`` with Django's request logger told to pass it over: it would add a
    "Service Unavailable: /path" line per request, and the outage has its line."""
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    """A view that fails because the database is gone answers 503 with Retry-After; the first
    such failure logs the outage, and the first request after it that finds the database
    again logs its end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        _outage_over_check(request)
        return response

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        database_unavailable(request, exception)
        return unavailable_response(request)
