"""Import with tagging: articles per second into a fresh database.

Run: .venv/bin/python bench/import_speed.py [PATH] [--repeat 3]
PATH is what to import: the White House corpus by default, or a synthetic JSON Lines file
from bench/synthetic.py.
Each run creates a scratch database beside the configured one (the embedded server, or
DATABASE_URL's), migrates it, loads the gazetteer, times `import_articles`, and drops it.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from newsarchive.embedded_db import as_url  # noqa: E402


def manage(url: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True,
                          capture_output=True, text=True, env={**os.environ, "DATABASE_URL": url})
    return done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, nargs="?",
                        default=ROOT.parent / "shared" / "corpus" / "whitehouse")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    name = f"newsarchive_bench_{os.getpid()}"
    connection.ensure_connection()  # the embedded server starts with the first connection
    url = as_url({**connection.settings_dict, "NAME": name})
    records = (sum(1 for _ in args.path.rglob("*.md")) if args.path.is_dir()
               else sum(1 for line in args.path.open() if line.strip()))
    timings = []
    for _ in range(args.repeat):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            manage(url, "migrate", "-v0")
            manage(url, "load_gazetteer")
            started = time.perf_counter()
            summary = manage(url, "import_articles", str(args.path)).strip().splitlines()[-1]
            timings.append(time.perf_counter() - started)
        finally:
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{name}"')
    seconds = statistics.median(timings)
    print(f"import with tagging, {args.path.name}: {records} records in median {seconds:.1f} s "
          f"over {args.repeat} runs ({records / seconds:.0f} articles/s; runs {', '.join(f'{t:.1f}' for t in timings)} s); "
          f"{summary}. Includes the command's start-up (Django, matcher build).")


if __name__ == "__main__":
    main()
