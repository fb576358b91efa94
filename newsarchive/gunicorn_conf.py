"""gunicorn's settings for `make run` (manage.py serve) and the docker image.

The asyncio worker ("asgi" of the gunicorn this project pins) reads every request in its event loop and
hands Django only complete ones, so clients that send their request slowly, or never finish
it, hold no worker: a process serves the pages while hundreds of them wait
(bench/slow_clients.py). newsarchive/asgi.py reads each body the same way, then lets
WEB_THREADS requests of a process into Django at once; the others wait in the event loop.

    WEB_CONCURRENCY  processes (default: 2 per core, at least 2)
    WEB_THREADS      requests of one process computed at once (default 2; newsarchive/asgi.py)
    WEB_TIMEOUT      seconds a process may spend without answering before it is replaced (30)
"""

import os

wsgi_app = "newsarchive.asgi:application"
worker_class = "asgi"
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, 2 * (os.cpu_count() or 1)))
timeout = int(os.environ.get("WEB_TIMEOUT") or 30)
graceful_timeout = 10
keepalive = 5
accesslog = "-"
# the lifespan protocol is Django's to refuse: it has no startup or shutdown hooks
asgi_lifespan = "off"
