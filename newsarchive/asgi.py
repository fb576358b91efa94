"""ASGI entry point, served by gunicorn's asyncio worker (newsarchive/gunicorn_conf.py).

gunicorn reads each request's line and headers in its event loop, so a client that sends
them slowly, or never finishes, holds nothing. This module does the same for the body: it is
read whole before the request goes on (at most ``MAX_BODY`` bytes, else 413). Then at most
``WEB_THREADS`` requests of a process run in Django at once; the rest wait their turn in the
event loop, at no cost, as they would for a sync worker, instead of each taking a thread and
slowing every other request down. An export (``format=csv``, one to two seconds for a large
search) waits for a turn of its own, one per process, and never takes a page's.
"""

import asyncio
import os
from urllib.parse import parse_qs

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

django_application = get_asgi_application()

PAGES_AT_ONCE = int(os.environ.get("WEB_THREADS") or 2)
MAX_BODY = 16 * 1024 * 1024  # nothing the archive accepts over HTTP comes near it
_turns = asyncio.Semaphore(PAGES_AT_ONCE)  # bound to the worker's loop at its first use
_export_turns = asyncio.Semaphore(1)


def _is_export(scope) -> bool:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return "csv" in query.get("format", [])


async def _read_body(receive) -> bytes | None:
    """The whole request body, or None when it is too large or the client went away."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _refuse(send, status: int, text: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": text})


async def application(scope, receive, send):
    if scope["type"] != "http":
        return await django_application(scope, receive, send)
    body = await _read_body(receive)
    if body is None:
        return await _refuse(send, 413, b"Request body too large or incomplete.\n")
    delivered = False

    async def replay():
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the client's disconnect, if it comes

    async with _export_turns if _is_export(scope) else _turns:
        await django_application(scope, replay, send)
