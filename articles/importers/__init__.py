"""The importer: turns files into articles, one record at a time.

``import_paths`` walks files, directories (recursively) and globs, reads each file with the
parser of its format, and writes each record in its own transaction, so one bad record never
blocks the good ones. Failures name ``PATH`` or ``PATH:LINE`` (``PATH:[INDEX]`` in a JSON list,
``PATH:[item N]`` in a feed).
"""

import glob
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection, reset_queries
from django.utils import timezone
from tqdm import tqdm

from articles.importers.bounded import MAX_RECORD_BYTES, TOO_BIG
from articles.importers.bulk import GROUP as BULK_GROUP
from articles.importers.bulk import articles_bulk_write
from articles.importers.markdown import parse_md
from articles.importers.records import Record, RecordError
from articles.importers.rss import parse_rss
from articles.importers.structured import parse_csv, parse_json, parse_jsonl
from articles.importers.text import parse_txt
from articles.importers.upsert import article_upsert
from articles.importers.warc import parse_warc
from articles.models import ImportBatch
from articles.packages import packages_rebuild
from articles.policy import policy_apply
from articles.search import search_words_add
from articles.tagging import matcher_current, tags_second_look
from articles.tagging.events import tagging_run

FORMATS = ("txt", "md", "json", "jsonl", "csv", "rss", "warc")
EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".rss": "rss", ".warc": "warc",
    ".warc.gz": "warc",
}


def format_of(path: Path) -> str:
    """The format a file's name says ("report.warc.gz": warc), or ""."""
    name = path.name.lower()
    return next((fmt for suffix, fmt in EXTENSIONS.items() if name.endswith(suffix)), "")
SIDECAR_SUFFIX = ".meta.json"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: list[str] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    batch: ImportBatch | None = None
    # articles tagged again at the end: they spoke of a call or an attack without its day
    # before the import read the report that dates it (events.Run)
    looked_again: int = 0
    policy_confirmed: int = 0

    def summary(self) -> str:
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} failed={self.failed}"
            + (f" looked_again={self.looked_again}" if self.looked_again else "")
            + (f" policy_confirmed={self.policy_confirmed}" if self.policy_confirmed else "")
        )


def expand_paths(paths: list[str], fmt: str) -> Iterator[Path | RecordError]:
    """Files named by ``paths``; in directories, only files of a known format (or ``fmt``)."""
    for given in paths:
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]
        if not matches:
            yield RecordError(given, "no file matches this pattern")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if p.is_file()):
                    if child.name.endswith(SIDECAR_SUFFIX) or child.name.startswith("."):
                        continue
                    if fmt != "auto" or format_of(child):
                        yield child
            elif path.is_file():
                if not path.name.endswith(SIDECAR_SUFFIX):
                    yield path
            else:
                yield RecordError(match, "no such file or directory")


def records_from(path: Path, fmt: str) -> Iterator[Record | RecordError]:
    """The records of one file, or errors naming where they are."""
    display = str(path)
    if fmt == "auto":
        fmt = format_of(path)
        if not fmt:
            yield RecordError(display, f"unknown format {path.suffix or '(no extension)'}: "
                                       f"name it with --format ({'|'.join(FORMATS)})")
            return
    try:
        if fmt in ("txt", "md"):
            if path.stat().st_size > MAX_RECORD_BYTES:
                yield RecordError(display, TOO_BIG)
                return
            data = path.read_bytes()
            yield parse_txt(path, data, display=display) if fmt == "txt" else parse_md(data, display=display)
        else:
            parser = {
                "json": parse_json, "jsonl": parse_jsonl, "csv": parse_csv, "rss": parse_rss,
                "warc": parse_warc,
            }[fmt]
            yield from parser(path, display=display)
    except RecordError as error:
        yield error
    except OSError as error:
        yield RecordError(display, f"cannot read: {error.strerror or error}")
    except Exception as error:  # noqa: BLE001 - one file must never end the run
        # Every bound the parsers know is checked before they run (importers/bounded.py);
        # this is for what no one foresaw, and it ends only this file.
        yield RecordError(display, f"could not be read: {type(error).__name__}: {error}"[:500])


def import_paths(paths: list[str], *, fmt: str = "auto", source: str = "", dry_run: bool = False,
                 bulk: bool = False, progress: bool | None = None,
                 on_error: Callable[[RecordError], None] | None = None) -> ImportResult:
    """Import every record under ``paths``; see the module docstring. ``bulk``: write new
    articles in groups (see importers/bulk.py) instead of one transaction each."""
    result = ImportResult()
    if not dry_run:
        result.batch = ImportBatch.objects.create(paths=list(paths), format=fmt, source_name=source)
    if progress is None:
        progress = sys.stderr.isatty()

    def fail(error: RecordError):
        result.failed += 1
        result.errors.append(error)
        if on_error:
            on_error(error)

    matcher = None if dry_run else matcher_current()
    sources: dict = {}
    if not dry_run:
        # Each record still commits on its own, but without waiting for the disk each time:
        # a crash can lose the last instant of work, which re-running the import (idempotent)
        # restores. This makes imports several times faster.
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
    def record(item: Record, outcome):
        if isinstance(outcome, DatabaseError):
            fail(RecordError(item.location, f"database refused the record: {outcome}".strip()))
        elif isinstance(outcome, RecordError):
            fail(outcome)
        else:
            setattr(result, outcome, getattr(result, outcome) + 1)

    group: list[Record] = []
    proposed: dict = {}

    def flush():
        for item, outcome in articles_bulk_write(
            records=group, batch=result.batch, matcher=matcher, default_source=source,
            sources=sources, actors=proposed,
        ):
            record(item, outcome)
        group.clear()
        reset_queries()

    bar = tqdm(unit=" records", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    with bar, tagging_run():
        for path in expand_paths(paths, fmt):
            if isinstance(path, RecordError):
                fail(path)
                continue
            bar.set_postfix_str(path.name[-40:], refresh=False)
            for item in records_from(path, fmt):
                bar.update()
                if isinstance(item, RecordError):
                    fail(item)
                    continue
                if bulk and not dry_run:
                    group.append(item)
                    if len(group) >= BULK_GROUP:
                        flush()
                    continue
                # With DEBUG on, Django keeps every query and its parameters (whole bodies).
                reset_queries()
                try:
                    outcome = article_upsert(
                        record=item, batch=result.batch, default_source=source,
                        matcher=matcher, sources=sources, dry_run=dry_run,
                    )
                except DatabaseError as error:
                    outcome = error
                except Exception as error:  # noqa: BLE001 - rolled back; the next record goes on
                    outcome = RecordError(item.location, f"could not be written: "
                                                         f"{type(error).__name__}: {error}"[:500])
                record(item, outcome)
        if group:
            flush()
        if not dry_run:
            result.looked_again = tags_second_look(matcher)
    if not dry_run:
        # every run, so an archive upgraded in place gets its packages at its next start
        packages_rebuild()
        # the tags certain enough to need no click (articles/policy.py; off when so set)
        run = policy_apply()
        result.policy_confirmed = run.confirmed if run else 0

    if not dry_run:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
    if result.batch and (result.created or result.updated):
        search_words_add(batch_id=result.batch.pk)
    if result.batch:
        batch = result.batch
        batch.created, batch.updated = result.created, result.updated
        batch.unchanged, batch.failed = result.unchanged, result.failed
        batch.errors = [{"location": e.location, "reason": e.reason} for e in result.errors]
        batch.finished_at = timezone.now()
        batch.save()
    return result
