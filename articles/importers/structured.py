"""Record-per-item formats, read as streams so a file of any size imports in bounded memory:
JSON (one object or a list of objects), JSON Lines, and CSV with a header row.

Each yields Records and RecordErrors; a bad record is reported and the next one is read. No
record is held in memory before its size is known to be within MAX_RECORD_BYTES, and no JSON
is parsed before its nesting and numbers are (importers/bounded.py)."""

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from articles.importers.bounded import (
    MAX_RECORD_BYTES,
    TOO_BIG,
    JsonStructureError,
    Overlong,
    Refused,
    bounded_lines,
    json_items,
    json_loads,
)
from articles.importers.records import (
    Record,
    RecordError,
    ascii_compatible,
    decode_record,
    detect_encoding,
    record_from_fields,
    sniff_binary,
)

SAMPLE_BYTES = 65536
# A row is already within MAX_RECORD_BYTES when the csv module reads it.
csv.field_size_limit(MAX_RECORD_BYTES)


def open_checked(path: Path, display: str, *, transcode: bool = True):
    """The file opened in binary, with its encoding; empty and binary files are refused.

    With ``transcode``, a file in an encoding whose bytes may look like ASCII punctuation
    (UTF-16, Shift JIS) is transcoded to UTF-8 as it is read, so lines and JSON can be split
    before decoding."""
    handle = path.open("rb")
    sample = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    if not sample.strip():
        handle.close()
        raise RecordError(display, "empty file")
    what = sniff_binary(sample[:8192])
    if what:
        handle.close()
        raise RecordError(display, f"binary file: looks like {what}, not text")
    encoding = detect_encoding(sample)
    if transcode and not ascii_compatible(encoding):
        return _Utf8Transcoder(handle, encoding), encoding
    return handle, encoding


def _decode(raw: bytes, encoding: str) -> tuple[str, list[str]]:
    if not ascii_compatible(encoding):  # already transcoded to UTF-8 by open_checked
        text, _ = decode_record(raw, "utf-8")
        return text, [] if encoding.startswith("utf-16") else [
            f"not UTF-8: decoded as {encoding} (detected)"]
    return decode_record(raw, encoding)


def parse_jsonl(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    handle, encoding = open_checked(path, display)
    with handle:
        for number, raw in enumerate(bounded_lines(handle), start=1):
            location = f"{display}:{number}"
            if isinstance(raw, Overlong):
                yield RecordError(location, TOO_BIG)
                continue
            line, reasons = _decode(raw, encoding)
            if not line.strip():
                continue
            yield _record(line, location, raw.rstrip(b"\r\n"), reasons)


def parse_json(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    handle, encoding = open_checked(path, display)
    index = None
    with handle:
        try:
            for index, raw in json_items(handle):
                location = display if index is None else f"{display}:[{index}]"
                if raw is None:
                    yield RecordError(location, TOO_BIG)
                    continue
                text, reasons = _decode(raw, encoding)
                yield _record(text, location, raw, reasons)
        except JsonStructureError as error:
            where = f"after item [{index}]" if index is not None else "at the start"
            yield RecordError(display, f"malformed JSON {where}: {error}")


def parse_csv(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    handle, encoding = open_checked(path, display)
    with handle:
        header = None
        for start, raw in _csv_rows(handle):
            location = f"{display}:{start}"
            if raw is None:
                if header is None:
                    yield RecordError(location, f"malformed CSV header: {TOO_BIG}")
                    return
                yield RecordError(location, TOO_BIG)
                continue
            text, reasons = _decode(raw, encoding)
            try:
                rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
            except csv.Error as error:
                if header is None:
                    yield RecordError(location, f"malformed CSV header: {error}")
                    return
                yield RecordError(location, f"malformed CSV: {error}")
                continue
            if not rows or rows == [[]]:
                continue
            if header is None:
                header = rows[0]
                if not {"body", "text", "content"} & set(header):
                    yield RecordError(
                        location, f"no 'body' or 'text' column (columns: {', '.join(header)})"
                    )
                    return
                continue
            if len(rows) > 1:
                yield RecordError(location, "malformed CSV: a stray double quote (a field that "
                                            "holds one must be quoted, its quotes doubled)")
                continue
            row = rows[0]
            if len(row) > len(header):
                yield RecordError(location, f"{len(row)} fields where the header has {len(header)}")
                continue
            fields = dict(zip(header, row + [None] * (len(header) - len(row)), strict=True))
            original = json.dumps(fields, ensure_ascii=False).encode("utf-8")
            yield _fields_record(fields, location, original, reasons)


def _csv_rows(handle) -> Iterator[tuple[int, bytes | None]]:
    """(its first line's number, its bytes) for each CSV row, or None for the bytes of a row over
    MAX_RECORD_BYTES. A row goes on to the next line while a quoted field is open: while
    it has an odd number of double quotes (an escaped quote is two)."""
    parts, size, quotes, start, too_big = [], 0, 0, 1, False
    for number, line in enumerate(bounded_lines(handle), start=1):
        if not parts and not too_big:
            start = number
        if isinstance(line, Overlong):
            quotes, too_big, parts = quotes + line.quotes, True, []
        else:
            quotes += line.count(b'"')
            size += len(line)
            if size > MAX_RECORD_BYTES:
                too_big, parts = True, []
            elif not too_big:
                parts.append(line)
        if quotes % 2 == 0:
            yield start, None if too_big else b"".join(parts)
            parts, size, quotes, too_big = [], 0, 0, False
    if parts or too_big:
        yield start, None if too_big else b"".join(parts)


def _record(text: str, location: str, original: bytes, reasons: list[str]) -> Record | RecordError:
    try:
        item = json_loads(text)
    except Refused as error:
        return RecordError(location, str(error))
    except json.JSONDecodeError as error:
        return RecordError(location, f"malformed JSON: {error.msg} at column {error.colno}")
    except ValueError as error:
        return RecordError(location, f"malformed JSON: {error}")
    return _fields_record(item, location, original, reasons)


def _fields_record(item, location: str, original: bytes,
                   reasons: list[str]) -> Record | RecordError:
    if not isinstance(item, dict):
        return RecordError(location, f"expected an object with title and body, "
                                     f"got {type(item).__name__}")
    try:
        record = record_from_fields(item, location=location, original=original)
    except RecordError as error:
        return error
    record.review_reasons += reasons
    return record


class _Utf8Transcoder:
    """A binary stream of UTF-8 read from one in another encoding, a chunk at a time."""

    def __init__(self, handle, encoding: str):
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._pending = b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def _fill(self, size: int) -> bool:
        chunk = self._handle.read(max(size, 65536))
        self._pending += self._decoder.decode(chunk, final=not chunk).encode("utf-8")
        return bool(chunk)

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._pending) < size) and self._fill(size):
            pass
        size = len(self._pending) if size < 0 else size
        data, self._pending = self._pending[:size], self._pending[size:]
        return data

    def readline(self, size: int = -1) -> bytes:
        while b"\n" not in self._pending and (size < 0 or len(self._pending) < size) \
                and self._fill(65536):
            pass
        end = self._pending.find(b"\n") + 1 or len(self._pending)
        end = end if size < 0 else min(end, size)
        data, self._pending = self._pending[:end], self._pending[end:]
        return data
