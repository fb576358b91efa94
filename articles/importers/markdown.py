"""Markdown with YAML front matter (title, date, published_time, source_url, tags), as in
the White House briefing-room corpus. The Markdown becomes clean text paragraphs."""

import re

import yaml
from markdown_it import MarkdownIt

from articles.importers.records import RecordError, decode_text, record_from_fields

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_markdown = MarkdownIt("commonmark").enable("table")


def inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def markdown_to_paragraphs(source: str) -> str:
    """Text paragraphs separated by blank lines: no markup, no raw HTML, list items bulleted."""
    paragraphs, row, depth_list = [], [], 0
    pending_bullet = in_cell = False
    for token in _markdown.parse(source):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth_list += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth_list -= 1
        elif token.type == "list_item_open":
            pending_bullet = True
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = token.type.endswith("_open")
        elif token.type == "tr_close":
            paragraphs.append(" | ".join(row))
        elif token.type == "inline":
            text = "\n".join(" ".join(line.split()) for line in inline_text(token).split("\n"))
            if in_cell:
                row.append(text)
                continue
            if pending_bullet and depth_list:
                text, pending_bullet = "• " + text, False
            paragraphs.append(text)
        elif token.type in ("fence", "code_block"):
            paragraphs.append(token.content.rstrip())
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def parse_md(data: bytes, *, display: str):
    text = decode_text(data, display).replace("\r\n", "\n")
    meta = {}
    match = FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match["yaml"] or "") or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{display}:{mark.line + 2}" if mark else display
            problem = getattr(error, "problem", None) or str(error)
            raise RecordError(where, f"malformed YAML front matter: {problem}") from None
        if not isinstance(meta, dict):
            raise RecordError(f"{display}:2", "YAML front matter must be a mapping of fields")
        text = text[match.end():]
    body = markdown_to_paragraphs(text)
    fields = {str(key): value for key, value in meta.items()}
    fields["body"] = body
    if not fields.get("title"):
        heading = re.search(r"^#{1,2}\s+(.+)$", text, re.M)
        if heading:
            fields["title"] = heading.group(1).strip(" #")
    if fields.get("published_time"):
        fields.pop("date", None)  # the time of publication is more precise than the day
    return record_from_fields(fields, location=display, original=data, paragraphs_ready=True)


