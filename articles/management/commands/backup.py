"""python manage.py backup PATH: the whole archive in one pg_dump file (custom format).

Works the same for the embedded server of `make run` and for a DATABASE_URL server: it uses
the PostgreSQL client programs that come with the embedded server's package (version 18,
which dump any older server too), or those on the PATH. `restore` reads the file back.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.models import Article
from newsarchive.pgtools import client_env, client_tool, run_tool


class Command(BaseCommand):
    help = "Write the whole database to PATH with pg_dump (custom format, for `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        if os.path.isdir(path):
            raise CommandError(f"{path}: is a directory; give the file to write.")
        articles = Article.objects.count()
        env = client_env(connection)
        run_tool([client_tool("pg_dump", connection), "--format=custom", "--no-owner", "--file", path], env)
        size = os.path.getsize(path)
        self.stdout.write(f"{path}: {articles} articles, {size:,} bytes")
