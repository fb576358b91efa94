"""`make run` (manage.py serve) on a fresh checkout: the seed is served, Ctrl-C leaves nothing."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil

from tests.test_embedded_db import ROOT, assert_server_stops, embedded_environment, pgdata  # noqa: F401

SLOW = 40  # more slow clients than a sync or threaded worker pool of this machine holds
SEED_TITLE = "US to announce more than $2.3 billion in new security aid for Ukraine, Austin says"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def wait_for(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_serve_imports_the_seed_serves_it_and_ctrl_c_stops_everything(pgdata):  # noqa: F811
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT, env=embedded_environment(pgdata), start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", server)
        status, health = fetch(f"{base}/healthz")
        assert status == 200 and '"articles": 1' in health
        status, page = fetch(f"{base}/articles/?q=NASAMS")
        assert status == 200
        assert SEED_TITLE in page
        children = psutil.Process(server.pid).children(recursive=True)
        assert any("gunicorn" in " ".join(child.cmdline()) for child in children)
        # and the poller of the feeds beside it
        assert any("poll_feeds" in " ".join(child.cmdline()) for child in children)
        # clients that send their request slowly and never finish it hold no worker: with
        # more of them than workers and threads, the archive still answers at once
        slow = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(SLOW)]
        try:
            for sock in slow:
                sock.sendall(b"GET /articles/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")
            time.sleep(1)
            started = time.monotonic()
            assert fetch(f"{base}/healthz")[0] == 200
            assert SEED_TITLE in fetch(f"{base}/articles/?q=NASAMS")[1]
            assert time.monotonic() - started < 5
            assert fetch(f"{base}/static/css/site.css")[0] == 200
        finally:
            for sock in slow:
                sock.close()
    finally:
        # Ctrl-C in a terminal signals the whole foreground process group.
        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert "created=1 updated=0 unchanged=0 failed=0" in output
    _, still_running = psutil.wait_procs(children, timeout=10)
    assert not still_running, [p.cmdline() for p in still_running]
    assert_server_stops(pgdata)
