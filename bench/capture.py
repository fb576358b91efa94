"""Capture throughput from a loopback server, and WARC import: pages per second.

Run: .venv/bin/python bench/capture.py [--pages 200] [--repeat 3] [--from SYNTHETIC.jsonl]

The server is in this process, on 127.0.0.1: it serves the first ``--pages`` texts of the
White House corpus (../shared/corpus/whitehouse) rendered as news pages (title, date and
site in the head, the text in an <article>), so the extraction and the tagging read real
material; with ``--from``, the records of a SYNTHETIC JSON Lines file of bench/synthetic.py
(news-size articles, titled "[synthetic]") instead. Each run:

1. creates a scratch database beside the configured one, migrates it, loads the gazetteer;
2. times `manage.py capture URL...` over every page: fetching (one request at a time, no delay
   between requests to the one host), writing the WARC file, extracting, tagging and importing;
3. creates a second scratch database and times `import_articles` of that WARC file alone.

Medians over ``--repeat`` runs; figures in docs/benchmarks.md. Both timings include the
command's start-up (Django, the matcher built from the gazetteer).
"""

import argparse
import html
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402
from django.db import connection  # noqa: E402

from newsarchive.embedded_db import as_url  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "whitehouse"


def pages(count: int) -> dict[str, bytes]:
    """{path: an HTML page} for the first ``count`` texts of the corpus."""
    served = {}
    for number, path in enumerate(sorted(CORPUS.rglob("*.md"))[:count]):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---", 2) if text.startswith("---") else ("", "", text)
        meta = yaml.safe_load(front) or {}
        date = str(meta.get("published_time") or meta.get("date") or "")
        served[f"/briefing/{number}/"] = page_html(str(meta.get("title", "")), date,
                                                   "The White House", body.split("\n\n"))
    return served


def page_html(title: str, date: str, site: str, paragraphs: list[str]) -> bytes:
    text = "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())
    return (f'<html><head><meta property="og:title" content="{html.escape(title)}">'
            f'<meta property="article:published_time" content="{html.escape(date)}">'
            f'<meta property="og:site_name" content="{html.escape(site)}"></head><body>'
            f"<nav>Menu</nav><article>{text}</article></body></html>").encode()


def synthetic_pages(path: Path, count: int) -> dict[str, bytes]:
    """{path: an HTML page} for the first ``count`` records of a bench/synthetic.py file."""
    served = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in zip(range(count), handle, strict=False):
            record = json.loads(line)
            served[f"/synthetic/{number}/"] = page_html(
                record["title"], record["date"], record["source"], record["body"].split("\n\n"))
    return served


def serve(served: dict[str, bytes]) -> ThreadingHTTPServer:
    class Pages(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            body = served.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def manage(url: str, *args: str, env: dict | None = None) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=False,
                          capture_output=True, text=True,
                          env={**os.environ, "DATABASE_URL": url, **(env or {})})
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr[-2000:])
    return done.stdout


def scratch(name: str, url: str):
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    manage(url, "migrate", "-v0")
    manage(url, "load_gazetteer")


def drop(name: str):
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--from", dest="source", type=Path,
                        help="a SYNTHETIC JSON Lines file of bench/synthetic.py to serve instead")
    args = parser.parse_args()
    served = synthetic_pages(args.source, args.pages) if args.source else pages(args.pages)
    server = serve(served)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    connection.ensure_connection()  # the embedded server starts with the first connection
    capture_times, import_times, summaries = [], [], []
    for run in range(args.repeat):
        names = [f"newsarchive_bench_capture_{os.getpid()}_{run}_{n}" for n in (1, 2)]
        urls = [as_url({**connection.settings_dict, "NAME": name}) for name in names]
        with tempfile.TemporaryDirectory() as captures:
            env = {"NEWSARCHIVE_CAPTURE_ALLOW_PRIVATE": "1", "NEWSARCHIVE_CAPTURE_HOST_DELAY": "0",
                   "NEWSARCHIVE_CAPTURE_DIR": captures}
            try:
                scratch(names[0], urls[0])
                started = time.perf_counter()
                out = manage(urls[0], "capture", *[base + path for path in served], env=env)
                capture_times.append(time.perf_counter() - started)
                summaries.append(out.strip().splitlines()[-1])
                [warc] = list(Path(captures).rglob("*.warc.gz"))
                scratch(names[1], urls[1])
                started = time.perf_counter()
                manage(urls[1], "import_articles", str(warc))
                import_times.append(time.perf_counter() - started)
            finally:
                for name in names:
                    drop(name)
    server.shutdown()
    pages_count = len(served)
    capture, imported = statistics.median(capture_times), statistics.median(import_times)
    what = f"SYNTHETIC pages of {args.source.name}" if args.source else "White House pages"
    print(f"capture (fetch, WARC, extraction, tagging, import), {pages_count} {what} from "
          f"loopback: median {capture:.1f} s over {args.repeat} runs, "
          f"{pages_count / capture:.1f} pages/s (runs {', '.join(f'{t:.1f}' for t in capture_times)} s); "
          f"{summaries[-1]}")
    print(f"WARC import of the same {pages_count} records: median {imported:.1f} s, "
          f"{pages_count / imported:.1f} records/s (runs {', '.join(f'{t:.1f}' for t in import_times)} s)")


if __name__ == "__main__":
    main()
