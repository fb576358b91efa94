"""Plain-text wire copy: a dateline first, maybe a headline, a credit trailer last.

    WASHINGTON (Reuters) -The United States will soon announce ...
    ...
    (Reporting by Phil Stewart and Idrees Ali; editing by Chizu Nomiyama and Mark Heinrich)

The dateline gives the place and the source, the trailer the authors and editors; neither is
body text. Title and date may come from a sidecar NAME.meta.json beside the file.
"""

import re
from pathlib import Path

from articles.importers.bounded import MAX_SIDECAR_BYTES, Refused, json_loads
from articles.importers.records import (
    Record,
    RecordError,
    decode_text,
    finish,
    json_safe,
    normalise_paragraphs,
    parse_date,
    split_names,
)

DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?)(?:,[^(\n]{1,40}?)?\s*\((?P<source>[^)\n]{2,40})\)\s*[-–—]+\s*"
)
TRAILER = re.compile(
    r"^\(\s*(?:(?:additional\s+)?reporting|writing|compiled|editing|edited|by)\b[^()]*\)$", re.I
)
ROLE = re.compile(r"^(?P<role>[\w\s]*?)\s*\bby\s+(?P<names>.+)$", re.I)
SIDECAR_FIELDS = {
    "title", "published_at", "date", "url", "source", "authors", "editors", "language",
    "dateline_place",
}


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")


def read_sidecar(path: Path) -> dict:
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return {}
    if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
        raise RecordError(str(sidecar), f"refused: a sidecar over the "
                                        f"{MAX_SIDECAR_BYTES // (1024 * 1024)} MB limit")
    try:
        meta = json_loads(sidecar.read_bytes().decode("utf-8"))
    except Refused as error:
        raise RecordError(str(sidecar), str(error)) from None
    except ValueError as error:  # UnicodeDecodeError, JSONDecodeError, NaN
        line = getattr(error, "lineno", None)
        raise RecordError(
            f"{sidecar}:{line}" if line else str(sidecar), f"malformed sidecar: {error}"
        ) from None
    if not isinstance(meta, dict):
        raise RecordError(str(sidecar), "a sidecar must hold a JSON object")
    return meta


def parse_trailer(trailer: str) -> tuple[list[str], list[str]]:
    """(authors, editors) from "(Reporting by A and B; editing by C)"."""
    authors, editors = [], []
    for part in trailer.strip("() ").split(";"):
        match = ROLE.match(part.strip())
        if not match:
            continue
        names = [re.sub(r"\s+in\s+[A-Z].*$", "", name) for name in split_names(match["names"])]
        (editors if "edit" in match["role"].lower() else authors).extend(names)
    return authors, editors


def is_headline(line: str, rest: str) -> bool:
    return (
        bool(rest.strip())
        and len(line) <= 200
        and not DATELINE.match(line)
        and not line.rstrip().endswith((".", ",", ";", ":", '"', "”"))
    )


def parse_txt(path: Path, data: bytes, *, display: str) -> Record:
    text, encoding_reasons = decode_text(data, display)
    text = text.replace("\r\n", "\n").strip()
    lines = text.split("\n")
    title = ""
    if is_headline(lines[0].strip(), "\n".join(lines[1:])):
        title, text = lines[0].strip(), "\n".join(lines[1:]).strip()

    byline, authors, editors = "", [], []
    paragraphs = normalise_paragraphs(text).split("\n\n")
    if len(paragraphs) > 1 and TRAILER.match(paragraphs[-1]):
        byline = paragraphs.pop()[1:-1].strip()
        authors, editors = parse_trailer(byline)

    place = source = ""
    dateline = DATELINE.match(paragraphs[0]) if paragraphs else None
    if dateline:
        place = dateline["place"].strip().title()
        source = dateline["source"].strip()
        paragraphs[0] = paragraphs[0][dateline.end():]

    body = "\n\n".join(p for p in paragraphs if p.strip())
    if not body:
        raise RecordError(display, "no body text")
    meta = read_sidecar(path)
    published_at, precision = parse_date(
        meta.get("published_at") or meta.get("date"), str(sidecar_path(path))
    )
    record = Record(
        location=display,
        original=data,
        body=body,
        title=" ".join(str(meta.get("title") or title).split()),
        published_at=published_at,
        date_precision=precision,
        url=str(meta["url"]) if meta.get("url") else None,
        source=meta.get("source") or source,
        byline=byline,
        authors=split_names(meta.get("authors")) or authors,
        editors=split_names(meta.get("editors")) or editors,
        dateline_place=meta.get("dateline_place") or place,
        language=meta.get("language") or "en",
        extra={key: json_safe(value) for key, value in meta.items() if key not in SIDECAR_FIELDS},
        review_reasons=encoding_reasons,
    )
    return finish(record)
