"""`make run`: migrate, load the seeds, collect static files and serve with gunicorn
(newsarchive/gunicorn_conf.py)."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from articles.tagging.gazetteer import gazetteer_load
from newsarchive.embedded_db import as_url

SEEDS_DIR = settings.BASE_DIR / "seeds" / "articles"


class Command(BaseCommand):
    help = "Prepare the database and serve the archive with gunicorn until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=None,
                            help="gunicorn processes (default: WEB_CONCURRENCY, else 2 per core; "
                            "newsarchive/gunicorn_conf.py)")

    def handle(self, *args, host, port, workers, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        loaded = gazetteer_load()
        self.stdout.write(f"Gazetteer: created={loaded.created} updated={loaded.updated}.")
        if loaded.changed:
            # Articles already in the archive were tagged with the old gazetteer.
            call_command("retag", stdout=self.stdout, stderr=self.stderr)
        call_command("import_articles", str(SEEDS_DIR), stdout=self.stdout, stderr=self.stderr)
        call_command("collectstatic", interactive=False, verbosity=0)
        # kept pages link the static files of the build that made them
        cache.clear()

        env = dict(os.environ)
        if not env.get("DATABASE_URL"):
            # gunicorn's workers reach the embedded server this process started and holds.
            connection.ensure_connection()  # (migrate has: the embedded server's address is known)
            env["DATABASE_URL"] = as_url(connection.settings_dict)
        connection.close()

        # the settings docker uses too: the asyncio worker, which slow clients cannot hold
        command = [sys.executable, "-m", "gunicorn", "--config", "python:newsarchive.gunicorn_conf",
                   "--bind", f"{host}:{port}"]
        if workers:
            command += ["--workers", str(workers)]
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{host}:{port}/ (Ctrl-C stops)"))
        self.stdout.write(f"Curation: http://{host}:{port}/admin/ – make an account with "
                          "`.venv/bin/python manage.py createcurator NAME` in another terminal.")
        server = subprocess.Popen(command, env=env)
        # beside it, the poller of the feeds (articles/feeds.py): it sleeps while none is due
        poller = subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"),
                                   "poll_feeds", "--loop"], env=env)

        def stop(*_):
            for process in (server, poller):
                process.send_signal(signal.SIGTERM)

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, stop)
        server.wait()
        poller.send_signal(signal.SIGTERM)
        poller.wait()
        self.stdout.write("Stopped.")
