"""python manage.py capture URL [URL ...]"""

import sys

from django.core.management.base import BaseCommand

from articles.capture import capture
from articles.importers import import_paths


class Command(BaseCommand):
    help = ("Fetch pages (bounded, robots.txt obeyed), keep them in a WARC file under "
            "NEWSARCHIVE_CAPTURE_DIR and import them as articles (docs/importing.md).")

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")

    def handle(self, *args, urls, **options):
        path, errors = capture(urls)
        for error in errors:
            self.stderr.write(f"{error.url}: {error.reason}")
        self.stdout.write(f"captured={len(urls) - len(errors)} refused_or_failed={len(errors)}"
                          + (f" warc={path}" if path else ""))
        failed = len(errors)
        if path is not None:
            result = import_paths(
                [str(path)],
                on_error=lambda error: self.stderr.write(f"{error.location}: {error.reason}"))
            self.stdout.write(result.summary())
            failed += result.failed
        if failed:
            sys.exit(1)
