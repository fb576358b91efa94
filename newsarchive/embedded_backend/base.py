"""Django's PostgreSQL backend on the embedded server (newsarchive/embedded_db.py), which starts
with this process's first connection rather than when the settings are read: `check`,
`collectstatic`, `makemigrations` and a settings import start no database."""

from pathlib import Path

from django.db.backends.postgresql import base as postgresql

from newsarchive.embedded_db import ensure_database


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self):
        if not self.settings_dict.get("HOST"):
            # the archive's own database is created with the server; a test database, or the
            # "postgres" database Django creates it from, only needs the server's address
            server = ensure_database(Path(self.settings_dict["PGDATA"]))
            for key in ("HOST", "PORT", "USER", "PASSWORD"):
                self.settings_dict[key] = server[key]
        return super().get_connection_params()
