"""Reading untrusted files within bounds.

Every limit the importer applies is here, and each is checked before a parser sees the
bytes: a record over MAX_RECORD_BYTES is skipped without being held in memory, JSON is split
into items by a scanner that only counts brackets and quotes, and an item's nesting and
numbers are measured before ``json.loads`` reads it (the C parsers recurse without bound and
ijson's crashed on a 4,301-digit integer). A breach is a ``Refused`` naming the limit, which
the parsers report as that record's failure.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

MAX_RECORD_BYTES = 2 * 1024 * 1024  # a txt or md file, a JSON Lines line, a JSON item, a CSV row
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024
MAX_FEED_BYTES = 32 * 1024 * 1024  # a feed is parsed whole by the XML parser, item by item
MAX_DEPTH = 20  # nesting of JSON arrays and objects, and of YAML collections
MAX_XML_DEPTH = 64
MAX_NUMBER_CHARS = 100
FIRST_YEAR, LAST_YEAR = 1800, 2100
CHUNK = 1024 * 1024

TOO_BIG = f"refused: over the {MAX_RECORD_BYTES // (1024 * 1024)} MB limit for one record"


class Refused(ValueError):
    """Input beyond one of the bounds; the message names it."""


@dataclass
class Overlong:
    """A line over the limit, skipped unread but for its count of double quotes (a CSV row
    ends only where its quotes do)."""

    quotes: int


def bounded_lines(handle, limit: int = MAX_RECORD_BYTES) -> Iterator[bytes | Overlong]:
    """Each line of a binary stream, newline included; a line over ``limit`` bytes is an
    Overlong, read past in chunks and never held whole."""
    while line := handle.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        quotes = line.count(b'"')
        while (rest := handle.readline(CHUNK)) and not rest.endswith(b"\n"):
            quotes += rest.count(b'"')
        yield Overlong(quotes + rest.count(b'"'))


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_LONG_NUMBER = re.compile(r"[-+0-9.eE]{%d,}" % (MAX_NUMBER_CHARS + 1))
_BRACKET = re.compile(r"[\[\]{}]")


def _constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def json_loads(text: str):
    """The value of one JSON record, once its numbers and nesting are within bounds; floats
    come as Decimal. Raises Refused, or ValueError (JSONDecodeError) for malformed JSON."""
    structure = _STRING.sub('""', text)  # strings may hold anything: measure what is outside
    number = _LONG_NUMBER.search(structure)
    if number:
        raise Refused(f"refused: a number of {len(number.group())} characters "
                      f"(the limit is {MAX_NUMBER_CHARS})")
    depth = 0
    for bracket in _BRACKET.finditer(structure):
        if bracket.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(f"refused: JSON nested deeper than {MAX_DEPTH} levels")
        else:
            depth -= 1
    return json.loads(text, parse_float=Decimal, parse_constant=_constant)


class JsonStructureError(ValueError):
    """The file is not one JSON value or list: nothing after this point can be read."""


_OUTSIDE = re.compile(rb'[\[\]{}",]')
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.S)
_BLANK = b" \t\r\n\xef\xbb\xbf"  # white space, and a UTF-8 byte order mark


def json_items(handle, limit: int = MAX_RECORD_BYTES) -> Iterator[tuple[int | None, bytes | None]]:
    """Split a JSON file into its records without parsing them: (index, bytes) for each item
    of a top-level list, or (None, bytes) for a file that is one object. The bytes are None
    for an item over ``limit``, skipped unread. Only quotes, escapes and brackets are looked
    at, so memory stays within one item and time within a regular expression per token.
    Raises JsonStructureError when the file ends inside a value or holds something else."""
    buffer = bytearray()
    offset = 0  # file offset of buffer[0]
    position = 0  # file offset of the next byte to scan
    start: int | None = None  # file offset of the open item
    too_big = in_string = needs_more = False
    depth, index, mode = 0, 0, ""  # mode: "", "list", "one", "done"

    def item_bytes(end: int) -> bytes | None:
        if too_big or end - start > limit:
            return None
        return bytes(buffer[start - offset:end - offset]).strip(_BLANK)

    while True:
        at = position - offset
        if at >= len(buffer) or needs_more:
            keep_from = position if start is None or too_big else start
            if start is not None and not too_big and position - start > limit:
                too_big, keep_from = True, position
            del buffer[:keep_from - offset]
            offset = keep_from
            chunk = handle.read(CHUNK)
            if not chunk:
                break
            buffer += chunk
            needs_more = False
            continue
        if in_string:
            end = _STRING_REST.match(buffer, at).end()
            if end < len(buffer) and buffer[end] == ord('"'):
                in_string, position = False, offset + end + 1
            else:
                position, needs_more = offset + end, True
            continue
        found = _OUTSIDE.search(buffer, at)
        stop = found.start() if found else len(buffer)
        if (mode in ("", "done")) and bytes(buffer[at:stop]).strip(_BLANK):
            raise JsonStructureError("unexpected data after the end of the JSON value" if mode
                                     else "expected an object or a list of objects")
        if not found:
            position = offset + len(buffer)
            continue
        token, here = found.group(), offset + stop
        position = here + 1
        if mode == "done":
            raise JsonStructureError("unexpected data after the end of the JSON value")
        if token == b'"':
            if not mode:
                raise JsonStructureError("expected an object or a list of objects")
            in_string = True
        elif token in (b"[", b"{"):
            depth += 1
            if not mode:
                mode, start = ("list", here + 1) if token == b"[" else ("one", here)
        elif token in (b"]", b"}"):
            depth -= 1
            if not mode or depth < 0:
                raise JsonStructureError(f"unexpected {token.decode()}")
            if depth == 0 and mode == "list":
                item = item_bytes(here)
                if item != b"" or index:
                    yield index, item
                mode, start, too_big = "done", None, False
            elif depth == 0:
                yield None, item_bytes(here + 1)
                mode, start, too_big = "done", None, False
        elif token == b"," and depth == 1 and mode == "list":
            yield index, item_bytes(here)
            index, start, too_big = index + 1, here + 1, False
    if in_string:
        raise JsonStructureError("the file ends inside a string")
    if mode in ("list", "one"):
        raise JsonStructureError("the file ends before the JSON value does")
    if not mode:
        raise JsonStructureError("expected an object or a list of objects")

