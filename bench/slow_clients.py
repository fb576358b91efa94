"""Slow clients against a running archive: do health probes and pages still answer?

    python bench/slow_clients.py --url http://127.0.0.1:8000 [--clients 200] [--seconds 60]

Opens ``--clients`` connections that each send a request line, then one header line every
``--interval`` seconds and never finish (a "slowloris"), and meanwhile asks ``/healthz``
once a second and an article list every two seconds, each with a 5 s timeout. Prints how
many probes and pages answered and their median time. Loopback only; figures in
docs/benchmarks.md.
"""

import argparse
import socket
import statistics
import threading
import time
from urllib.parse import urlsplit

from load import fetch  # bench/load.py, beside this script


def slow_clients(host: str, port: int, count: int, interval: float, stop: threading.Event,
                 opened: list) -> None:
    sockets = []
    for _ in range(count):
        try:
            sock = socket.create_connection((host, port), timeout=5)
            sock.sendall(f"GET /articles/ HTTP/1.1\r\nHost: {host}\r\n".encode())
            sockets.append(sock)
        except OSError:
            break
    opened.append(len(sockets))
    line = 0
    while not stop.wait(interval):
        line += 1
        for sock in list(sockets):
            try:
                sock.sendall(f"X-Slow-{line}: {'x' * 10}\r\n".encode())
            except OSError:
                sockets.remove(sock)  # the server closed it: that is its defence working
    for sock in sockets:
        sock.close()


def probe(url: str, every: float, until: float, results: list) -> None:
    while time.monotonic() < until:
        good, elapsed = fetch(url, timeout=5)
        results.append((good, elapsed))
        time.sleep(max(0.0, every - elapsed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=5)
    args = parser.parse_args()
    parts = urlsplit(args.url)
    stop, opened = threading.Event(), []
    attack = threading.Thread(target=slow_clients, args=(
        parts.hostname, parts.port or 80, args.clients, args.interval, stop, opened))
    attack.start()
    time.sleep(2)  # let the connections open
    until = time.monotonic() + args.seconds
    health, pages = [], []
    probes = [threading.Thread(target=probe, args=(f"{args.url}/healthz", 1.0, until, health)),
              threading.Thread(target=probe, args=(f"{args.url}/articles/", 2.0, until, pages))]
    for thread in probes:
        thread.start()
    for thread in probes:
        thread.join()
    stop.set()
    attack.join()
    for name, results in (("health probes", health), ("article lists", pages)):
        ok = [seconds for good, seconds in results if good]
        median = f"{statistics.median(ok) * 1000:.0f} ms" if ok else "-"
        print(f"{name}: {len(ok)} of {len(results)} answered (median {median})")
    print(f"slow connections opened: {opened[0] if opened else 0} of {args.clients}")


if __name__ == "__main__":
    main()
