"""What every input format turns into: a Record, or a RecordError that names where it failed."""

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from email.utils import parsedate_to_datetime

from charset_normalizer import from_bytes

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


class RecordError(Exception):
    """A record that cannot be imported; ``location`` is ``PATH`` or ``PATH:LINE``."""

    def __init__(self, location: str, reason: str):
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
    """The encoding of text whose first bytes are ``sample``: UTF-8 unless proven otherwise."""
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
    best = from_bytes(sample.replace(b"\x00", b"")).best()
    return best.encoding if best else "cp1252"


def decode_text(data: bytes, location: str) -> str:
    """Bytes of a whole file as text: refuses empty and binary files, strips NUL bytes."""
    if not data.strip():
        raise RecordError(location, "empty file")
    what = sniff_binary(data[:8192])
    if what:
        raise RecordError(location, f"binary file: looks like {what}, not text")
    text = data.decode(detect_encoding(data[:65536]), errors="replace")
    return text.replace("\x00", "")


def clean_text(text: str) -> str:
    """NFC, plain spaces for no-break spaces, no invisible characters, trimmed lines."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


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
    if isinstance(value, dt.datetime):
        parsed, precision = value, "time"
    elif isinstance(value, dt.date):
        parsed, precision = dt.datetime.combine(value, dt.time()), "day"
    else:
        text = str(value).strip()
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
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed, precision


def split_names(value) -> list[str]:
    """Names from a list, or from "A, B and C" / "A; B" text."""
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [" ".join(str(name).split()) for name in value if str(name).strip()]
    parts = re.split(r"\s*(?:;|,|&|\band\b)\s*", str(value))
    return [" ".join(part.split()) for part in parts if part.strip()]


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
    title = " ".join(clean_text(title or "").split())
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
        return int(value) if value == value.to_integral_value() else float(value)
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
    """Fill what can be derived (title) and flag what curators must look at."""
    if not record.title:
        record.title = derived_title(record.body)
        record.title_generated = True
        record.review_reasons.append("no headline: title derived from the first sentence")
    if record.published_at is None:
        record.review_reasons.append("no publication date")
    if record.url and not re.match(r"https?://", record.url):
        raise RecordError(record.location, f"url {record.url[:80]!r} is not an http(s) URL")
    return record
