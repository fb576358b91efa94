"""python manage.py import_articles PATH [PATH ...]"""

import sys

from django.core.management.base import BaseCommand

from articles.importers import FORMATS, import_paths


class Command(BaseCommand):
    help = (
        "Import articles from files, directories (recursively) and globs. Each record is "
        "written on its own; failures are listed as PATH:LINE: reason. Exits 1 if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--format", dest="fmt", choices=("auto", *FORMATS), default="auto",
            help="Input format; auto (the default) goes by file extension.",
        )
        parser.add_argument(
            "--source", default="",
            help="Source name for records that do not name one (e.g. 'The White House').",
        )
        parser.add_argument(
            "--bulk", action="store_true",
            help="Write new articles a thousand at a time (large loads); records the archive "
                 "already has still go one by one.",
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Read and check everything, report the counts, write nothing.",
        )

    def handle(self, *args, paths, fmt, source, dry_run, bulk, **options):
        result = import_paths(
            paths, fmt=fmt, source=source, dry_run=dry_run, bulk=bulk,
            on_error=lambda error: self.stderr.write(f"{error.location}: {error.reason}"),
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        style = self.style.SUCCESS if result.failed == 0 else self.style.WARNING
        self.stdout.write(style(result.summary()))
        if result.failed:
            sys.exit(1)
