"""What every input format turns into: a Record, or a RecordError that names where it failed."""

import codecs
import datetime as dt
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from email.utils import parsedate_to_datetime

from charset_normalizer import from_bytes

from articles.importers.bounded import FIRST_YEAR, LAST_YEAR

# Where a format puts a field under another name.
FIELD_ALIASES = {
    "body": ("body", "text", "content"),
    "published_at": ("published_at", "published_time", "date", "published", "pubDate"),
    "url": ("url", "source_url", "link"),
}
KNOWN_FIELDS = {
    "title", "authors", "author", "editors", "source", "language", "dateline_place", "byline",
    *(name for names in FIELD_ALIASES.values() for name in names),
}

BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}
# Control bytes other than NUL, tab, newline, form feed, carriage return and escape: text
# almost never holds them, binary data holds one byte in ten of them.
_CONTROL_BYTES = bytes(set(range(1, 32)) - {9, 10, 12, 13, 27})
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00]")
# C0 and C1 control characters but tab and newline, and the bidi embeddings, overrides and
# isolates that make text display in another order than it reads ("Trojan Source"). The
# left-to-right and right-to-left marks are kept in bodies, where Arabic and Hebrew text
# needs them, and removed from titles and names with the rest.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_MARKS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
# A well-formed UTF-8 sequence of two to four bytes.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_STRAY_BYTE = re.compile("[\udc80-\udcff]")
# Encodings in which every ASCII byte means itself, so lines and JSON punctuation can be found
# before decoding; a file in another one is transcoded to UTF-8 as it is read.
DECLARED_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class RecordError(Exception):
    """A record that cannot be imported; ``location`` is ``PATH`` or ``PATH:LINE``."""

    def __init__(self, location: str, reason: str):
        # a reason may quote the bytes that broke the record: shown escaped, never raw (a NUL
        # cannot be stored, a terminal's control codes must not be replayed)
        reason = _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], reason)
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


@dataclass
class Record:
    location: str
    original: bytes
    body: str
    title: str = ""
    title_generated: bool = False
    published_at: dt.datetime | None = None
    date_precision: str = ""
    url: str | None = None
    source: str = ""
    # The source when neither the record, the importer's --source nor a known host names one
    # (a feed's own title).
    source_fallback: str = ""
    byline: str = ""
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dateline_place: str = ""
    language: str = "en"
    extra: dict = field(default_factory=dict)
    review_reasons: list[str] = field(default_factory=list)


def sniff_binary(sample: bytes) -> str | None:
    """Say what a file is when it is not text, from its first bytes; None for text."""
    for magic, what in BINARY_MAGIC.items():
        if sample.startswith(magic):
            return what
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text: its NUL bytes are part of the encoding
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control > 0.05 * len(sample) or sample.count(0) > 0.3 * len(sample):
        return "binary data (not text)"
    return None


def detect_encoding(sample: bytes) -> str:
    """The encoding of text whose first bytes are ``sample``: UTF-8 unless proven otherwise.

    UTF-8 with a few stray bytes (a cp1252 apostrophe pasted into UTF-8 text) stays UTF-8:
    decoding it all as cp1252 would turn every other accented letter into mojibake.
    decode_record replaces the stray bytes and says so."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if error.start >= len(sample) - 3 and error.reason == "unexpected end of data":
            return "utf-8"
    stray = len(_STRAY_BYTE.findall(sample.decode("utf-8", "surrogateescape")))
    if len(_UTF8_MULTIBYTE.findall(sample)) >= stray:
        return "utf-8"
    best = from_bytes(sample.replace(b"\x00", b"")).best()
    return codecs.lookup(best.encoding if best else "cp1252").name


def ascii_compatible(encoding: str) -> bool:
    """Whether every ASCII byte means itself in ``encoding`` (lines and JSON punctuation can
    be found before decoding)."""
    try:
        return "\n[]{}\",\\".encode(encoding) == b"\n[]{}\",\\" and len("é".encode(encoding)) <= 2
    except (UnicodeError, LookupError):
        return False


def decode_record(data: bytes, encoding: str) -> tuple[str, list[str]]:
    """(text without NUL, review reasons) of one record's bytes in its file's ``encoding``.

    Bytes that are not UTF-8 in UTF-8 text are replaced by U+FFFD and the record flagged; text
    in an encoding that was detected, not declared, is decoded and flagged as a guess."""
    if encoding in ("utf-8", "utf-8-sig"):
        try:
            return data.decode(encoding).replace("\x00", ""), []
        except UnicodeDecodeError:
            text, stray = _STRAY_BYTE.subn("\ufffd", data.decode(encoding, "surrogateescape"))
            reason = (f"mixed encodings: {stray} byte that is not UTF-8 was replaced by \ufffd"
                      if stray == 1 else
                      f"mixed encodings: {stray} bytes that are not UTF-8 were replaced by \ufffd")
            return text.replace("\x00", ""), [reason]
    text = data.decode(encoding, errors="replace").replace("\x00", "")
    if encoding in DECLARED_ENCODINGS:
        return text, []
    return text, [f"not UTF-8: decoded as {encoding} (detected)"]


def decode_text(data: bytes, location: str) -> tuple[str, list[str]]:
    """(text, review reasons) of a whole file's bytes: refuses empty and binary files, strips
    NUL bytes, flags mixed or guessed encodings (decode_record)."""
    if not data.strip():
        raise RecordError(location, "empty file")
    what = sniff_binary(data[:8192])
    if what:
        raise RecordError(location, f"binary file: looks like {what}, not text")
    return decode_record(data, detect_encoding(data[:65536]))


def clean_text(text: str) -> str:
    """NFC, plain spaces for no-break spaces, no invisible, control or bidi override
    characters, trimmed lines."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def clean_line(text) -> str:
    """A title or a name: clean_text without line breaks or bidi marks, spaces folded."""
    return " ".join(_CONTROLS_AND_MARKS.sub("", clean_text(str(text))).split())


def content_hash(body: str, published_at: dt.datetime | None) -> str:
    """The dedupe key: SHA-256 of the body (case kept, white space folded) and its day.

    The day is part of the key because official texts repeat word for word on different
    days (a delegation memorandum for each drawdown): those are distinct documents, while
    one story sent twice the same day is one article.
    """
    normalised = " ".join(unicodedata.normalize("NFKC", body).split())
    day = published_at.date().isoformat() if published_at else ""
    return hashlib.sha256(f"{day}\n{normalised}".encode("utf-8")).hexdigest()


def word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


def first_sentence(text: str) -> str:
    match = re.search(r"^(.+?[.!?][\"”’]?)(?=\s+[\"“‘(]?[A-Z0-9])", text, re.S)
    return (match.group(1) if match else text).strip()


def derived_title(body: str, limit: int = 110) -> str:
    """A title from the first sentence, cut at a word boundary."""
    sentence = " ".join(first_sentence(body).split())
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"


def parse_date(value, location: str) -> tuple[dt.datetime | None, str]:
    """(datetime, precision) from an ISO 8601 or RFC 2822 value; a bad value is a RecordError."""
    if value in (None, ""):
        return None, ""
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if isinstance(value, dt.datetime):
        parsed, precision = value, "time"
    elif isinstance(value, dt.date):
        parsed, precision = dt.datetime.combine(value, dt.time()), "day"
    else:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                parsed, precision = dt.datetime.fromisoformat(text), "day"
            else:
                parsed, precision = dt.datetime.fromisoformat(text.replace("Z", "+00:00")), "time"
        except ValueError:
            try:
                parsed, precision = parsedate_to_datetime(text), "time"
            except (TypeError, ValueError):
                raise RecordError(
                    location, f"published_at {text[:60]!r} is not a date (use ISO 8601: 2024-07-02)"
                ) from None
    # Before any arithmetic: 0001-01-01T00:00+14:00 is a valid date whose UTC is not.
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise RecordError(location, f"published_at {text[:60]!r} is outside the years "
                                    f"{FIRST_YEAR} to {LAST_YEAR}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed, precision


def split_names(value) -> list[str]:
    """Names from a list, or from "A, B and C" / "A; B" text."""
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        names = value
    else:
        names = re.split(r"\s*(?:;|,|&|\band\b)\s*", str(value))
    return [name for name in map(clean_line, names) if name]


def record_from_fields(fields: dict, *, location: str, original: bytes,
                       paragraphs_ready: bool = False) -> Record:
    """A Record from a mapping (JSON object, CSV row, front matter): known fields and ``extra``.

    ``paragraphs_ready``: the body already has one paragraph per blank-line-separated block,
    with line breaks inside paragraphs that are meant (Markdown hard breaks).
    """

    def pick(name):
        for key in FIELD_ALIASES.get(name, (name,)):
            if fields.get(key) not in (None, ""):
                return fields[key]
        return None

    body = pick("body")
    title = pick("title")
    if not isinstance(body, (str, type(None))) or not isinstance(title, (str, type(None))):
        raise RecordError(location, "title and body must be text")
    body = clean_text(body or "")
    title = clean_line(title or "")
    if not body:
        raise RecordError(location, "no body text (fields 'body' or 'text')" + ("" if title else " and no title"))
    published_at, precision = parse_date(pick("published_at"), location)
    record = Record(
        location=location,
        original=original,
        body=body if paragraphs_ready else normalise_paragraphs(body),
        title=title,
        published_at=published_at,
        date_precision=precision,
        url=(str(pick("url")).strip() or None) if pick("url") else None,
        source=str(fields.get("source") or "").strip(),
        byline=str(fields.get("byline") or "").strip(),
        authors=split_names(fields.get("authors") or fields.get("author")),
        editors=split_names(fields.get("editors")),
        dateline_place=str(fields.get("dateline_place") or "").strip(),
        language=str(fields.get("language") or "en").strip()[:16],
        extra={key: json_safe(value) for key, value in fields.items() if key not in KNOWN_FIELDS},
    )
    return finish(record)


def json_safe(value):
    """A value the JSON column can hold: dates as ISO text, decimals as numbers."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        if not value.is_finite() or not math.isfinite(float(value)):
            return str(value)  # 1e999: PostgreSQL's jsonb holds no infinity
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [json_safe(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, str):
        return value.replace("\x00", "")  # PostgreSQL refuses NUL in text and jsonb
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)


def normalise_paragraphs(text: str) -> str:
    """Paragraphs split by blank lines; a text without blank lines has a paragraph a line."""
    text = clean_text(text)
    if "\n\n" in text:
        paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text)]
    else:
        paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


def finish(record: Record) -> Record:
    """Clean the short fields, fill what can be derived (title) and flag what curators must
    look at."""
    record.title = clean_line(record.title)
    record.byline, record.source = clean_line(record.byline), clean_line(record.source)
    record.dateline_place = clean_line(record.dateline_place)
    record.language = clean_line(record.language)
    record.authors = [name for name in map(clean_line, record.authors) if name]
    record.editors = [name for name in map(clean_line, record.editors) if name]
    if not record.title:
        record.title = derived_title(record.body)
        record.title_generated = True
        record.review_reasons.append("no headline: title derived from the first sentence")
    if record.published_at is None:
        record.review_reasons.append("no publication date")
    if record.url and not re.match(r"https?://", record.url):
        raise RecordError(record.location, f"url {record.url[:80]!r} is not an http(s) URL")
    return record
