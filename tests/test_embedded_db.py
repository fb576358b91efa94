"""The embedded PostgreSQL that a fresh checkout runs on when DATABASE_URL is unset.

Each test gets its own data directory through NEWSARCHIVE_PGDATA and drives real
``manage.py`` processes, because starting and stopping the server happens at process
start and exit. The paths stay short so the server's Unix socket fits in the data directory.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_GONE_TIMEOUT = 15

# Prints what the server that answered says about itself.
DESCRIBE_SERVER = """
import json
from pathlib import Path
from django.contrib.auth.models import Group
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT current_setting('server_version_num')::int, current_setting('data_directory')"
    )
    version, data_directory = cursor.fetchone()
postmaster_pid = int((Path(data_directory) / "postmaster.pid").read_text().split()[0])
print(json.dumps({
    "version": version,
    "data_directory": data_directory,
    "postmaster_pid": postmaster_pid,
    "tables": connection.introspection.table_names(),
    "groups": list(Group.objects.values_list("name", flat=True)),
}))
"""

# Migrates, leaves a mark, then holds the server until told (one line on stdin) to query
# again, and until stdin closes to exit.
HOLD_SERVER = """
import sys
from django.contrib.auth.models import Group
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
Group.objects.create(name="made-by-the-first-process")
print("ready", flush=True)
sys.stdin.readline()
print("groups", Group.objects.filter(name="made-by-the-first-process").count(), flush=True)
sys.stdin.read()
"""


def embedded_environment(pgdata: Path) -> dict[str, str]:
    """A checkout's `make` environment with no DATABASE_URL: the embedded server in pgdata."""
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(NEWSARCHIVE_PGDATA=str(pgdata), DJANGO_DEBUG="1")
    return env


def manage(pgdata: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=embedded_environment(pgdata),
        capture_output=True,
        text=True,
        timeout=180,
    )


def describe_server(pgdata: Path) -> dict:
    result = manage(pgdata, "shell", "--no-imports", "-c", DESCRIBE_SERVER)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def server_processes(pgdata: Path) -> list[psutil.Process]:
    """Running processes whose command line names the data directory (postgres -D pgdata)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if any(str(pgdata) in part for part in cmdline):
            found.append(process)
    return found


def assert_server_stops(pgdata: Path, postmaster_pid: int | None = None) -> None:
    """Within a few seconds no postgres runs on pgdata (nor as postmaster_pid)."""

    def running() -> bool:
        return bool(server_processes(pgdata)) or (
            postmaster_pid is not None and psutil.pid_exists(postmaster_pid)
        )

    deadline = time.monotonic() + SERVER_GONE_TIMEOUT
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [p.info["cmdline"] for p in server_processes(pgdata)]
    assert not left, f"postgres still running {SERVER_GONE_TIMEOUT}s after the last user: {left}"
    assert not running()
    assert not (pgdata / "postmaster.pid").exists()


@pytest.fixture
def pgdata(tmp_path):
    """A data directory that does not exist yet; any server left on it is stopped afterwards."""
    path = tmp_path.resolve() / "pg"
    yield path
    leftovers = server_processes(path)
    for process in leftovers:
        process.send_signal(signal.SIGINT)  # PostgreSQL's fast shutdown
    _, still_running = psutil.wait_procs(leftovers, timeout=10)
    for process in still_running:
        process.kill()


def test_fresh_checkout_gets_an_embedded_postgres_18_that_stops_with_the_command(pgdata):
    migrate = manage(pgdata, "migrate")

    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    assert "Applying articles.0001_initial... OK" in migrate.stdout
    assert (pgdata / "PG_VERSION").read_text().strip() == "18"
    assert_server_stops(pgdata)

    server = describe_server(pgdata)

    assert server["version"] // 10000 == 18
    assert Path(server["data_directory"]) == pgdata
    assert "articles_article" in server["tables"], "the migrated tables did not survive a restart"
    assert_server_stops(pgdata, server["postmaster_pid"])


class LineReader:
    """Lines from a process's stdout, with a timeout instead of blocking forever."""

    def __init__(self, stream):
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream):
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next(self, timeout: float = 120) -> str | None:
        return self.lines.get(timeout=timeout)


def test_second_command_shares_the_server_and_the_first_one_stops_it(pgdata):
    holder = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", HOLD_SERVER],
        cwd=ROOT,
        env=embedded_environment(pgdata),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        output = LineReader(holder.stdout)
        assert output.next() == "ready"
        postmaster_pid = int((pgdata / "postmaster.pid").read_text().split()[0])
        assert postmaster_pid in [p.pid for p in server_processes(pgdata)]

        second = describe_server(pgdata)

        assert second["postmaster_pid"] == postmaster_pid, "the second command started a server"
        assert "made-by-the-first-process" in second["groups"]
        assert psutil.pid_exists(postmaster_pid), "the server stopped with the second command"
        holder.stdin.write("query again\n")
        holder.stdin.flush()
        assert output.next() == "groups 1"
        assert int((pgdata / "postmaster.pid").read_text().split()[0]) == postmaster_pid

        holder.stdin.close()
        assert holder.wait(timeout=60) == 0
        assert_server_stops(pgdata, postmaster_pid)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_commands_that_need_no_database_start_none(pgdata):
    """Reading the settings starts nothing: the server starts with a process's first
    connection, so `check` or `collectstatic --help` on a fresh checkout leave no server and
    no data directory behind."""
    for args in (["check"], ["collectstatic", "--help"]):
        result = manage(pgdata, *args)
        assert result.returncode == 0, result.stdout + result.stderr
    assert not pgdata.exists()
    assert not server_processes(pgdata)
