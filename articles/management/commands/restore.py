"""python manage.py restore PATH: replace the whole database with a `backup` file.

Every table is dropped and read back from the file (pg_restore --clean), then every
article's original bytes are hashed again (`verify_fixity`). Pages the running archive kept
in its cache are never served for the restored data: the data version the cache is keyed on
changes on a restore (articles/listcache.py).
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from newsarchive.pgtools import client_env, client_tool, run_tool


class Command(BaseCommand):
    help = "Replace the database with a file written by `backup`, then verify every original."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask before replacing the database.")

    def handle(self, *args, path, interactive, **options):
        if not os.path.isfile(path):
            raise CommandError(f"{path}: no such file.")
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"Replace every article of database {name!r} with {path}? [y/N] ")
            if answer.strip().lower() != "y":
                raise CommandError("Nothing restored.")
        env = client_env(connection)
        program = client_tool("pg_restore", connection)
        connection.close()  # pg_restore drops the tables: hold no lock on them
        run_tool([program, "--clean", "--if-exists", "--no-owner",
                  "--single-transaction", "--exit-on-error", "--dbname", name, path], env)
        self.stdout.write(f"Restored {name} from {path}.")
        call_command("verify_fixity", stdout=self.stdout, stderr=self.stderr)
