"""Record-per-item formats, read as streams so a file of any size imports in bounded memory:
JSON (one object or a list of objects), JSON Lines, and CSV with a header row.

Each yields Records and RecordErrors; a bad record is reported and the next one is read."""

import codecs
import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import ijson

from articles.importers.records import (
    Record,
    RecordError,
    detect_encoding,
    record_from_fields,
    sniff_binary,
)

SAMPLE_BYTES = 65536
# A CSV field may hold a whole article; refuse only the absurd.
csv.field_size_limit(64 * 1024 * 1024)


def open_checked(path: Path, display: str):
    """The file opened in binary, with its encoding; empty and binary files are refused."""
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
    return handle, detect_encoding(sample)


def _text_lines(handle, encoding: str) -> Iterator[tuple[str, bytes]]:
    """(decoded line without NULs, original bytes) for each line of a binary stream."""
    if encoding.startswith("utf-16"):
        for line in io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline=""):
            yield line.replace("\x00", ""), line.encode("utf-8")
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    for raw in handle:
        yield decoder.decode(raw).replace("\x00", ""), raw


def parse_jsonl(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    handle, encoding = open_checked(path, display)
    with handle:
        for number, (line, raw) in enumerate(_text_lines(handle, encoding), start=1):
            if not line.strip():
                continue
            location = f"{display}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                yield RecordError(location, f"malformed JSON: {error.msg} at column {error.colno}")
                continue
            yield _record(item, location, raw.rstrip(b"\r\n"))


def parse_json(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    handle, encoding = open_checked(path, display)
    with handle:
        if encoding not in ("utf-8", "utf-8-sig"):
            # ijson reads UTF-8 only; other encodings are rare enough to decode whole.
            stream = io.BytesIO(handle.read().decode(encoding, errors="replace").encode("utf-8"))
        else:
            stream = _NulStrippingReader(handle)
        first = stream.read(1)
        while first in (b" ", b"\n", b"\r", b"\t", b"\xef", b"\xbb", b"\xbf"):
            first = stream.read(1)
        stream.seek(0)
        prefix = "item" if first == b"[" else ""
        index = -1
        try:
            for index, item in enumerate(ijson.items(stream, prefix, use_float=False)):
                location = f"{display}:[{index}]" if prefix else display
                original = json.dumps(item, ensure_ascii=False, default=str).encode("utf-8")
                yield _record(item, location, original)
        except ijson.JSONError as error:
            where = f"after item [{index}]" if prefix and index >= 0 else "at the start"
            yield RecordError(display, f"malformed JSON {where}: {error}")


def parse_csv(path: Path, *, display: str) -> Iterator[Record | RecordError]:
    handle, encoding = open_checked(path, display)
    with handle:
        lines = (line for line, _raw in _text_lines(handle, encoding))
        reader = csv.DictReader(lines, strict=True)
        try:
            header = reader.fieldnames or []
        except csv.Error as error:
            yield RecordError(f"{display}:1", f"malformed CSV header: {error}")
            return
        if not {"body", "text", "content"} & set(header):
            yield RecordError(
                f"{display}:1", f"no 'body' or 'text' column (columns: {', '.join(header)})"
            )
            return
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield RecordError(f"{display}:{start}", f"malformed CSV: {error}")
                continue
            location = f"{display}:{start}"
            if None in row:
                yield RecordError(location, f"{len(header) + len(row[None])} fields where the header has {len(header)}")
                continue
            original = json.dumps(row, ensure_ascii=False).encode("utf-8")
            yield _record(row, location, original)


def _record(item, location: str, original: bytes) -> Record | RecordError:
    if not isinstance(item, dict):
        return RecordError(location, f"expected an object with title and body, got {type(item).__name__}")
    try:
        return record_from_fields(item, location=location, original=original)
    except RecordError as error:
        return error


class _NulStrippingReader:
    """A binary stream without NUL bytes, which are not valid anywhere in JSON text."""

    def __init__(self, handle):
        self._handle = handle

    def seek(self, offset, whence=io.SEEK_SET):
        return self._handle.seek(offset, whence)

    def read(self, size=-1):
        return self._handle.read(size).replace(b"\x00", b"")
