"""Markdown with YAML front matter (title, date, published_time, source_url, tags), as in
the White House briefing-room corpus. The Markdown becomes clean text paragraphs."""

import re

import yaml
from markdown_it import MarkdownIt
from yaml.constructor import ConstructorError, SafeConstructor

from articles.importers.bounded import MAX_DEPTH, MAX_FRONT_MATTER_BYTES, MAX_NUMBER_CHARS
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


class _Refused(yaml.MarkedYAMLError):
    pass


class FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without anchors and aliases, whose expansion has no bound (nine
    levels of nine aliases in 418 bytes are 387 million strings), and with nesting and
    numbers bounded."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if event.anchor is not None:
            sign = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
            raise _Refused(problem=f"it uses the {sign}{event.anchor} (anchors and aliases can "
                                   f"expand without bound, so front matter may not use them)",
                           problem_mark=event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(problem=f"nested deeper than {MAX_DEPTH} levels",
                               problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:  # a date of year 0
            raise ConstructorError(problem=str(error), problem_mark=node.start_mark) from None


def _bounded_number(construct):
    def construct_bounded(loader, node):
        if len(node.value) > MAX_NUMBER_CHARS:
            raise ConstructorError(problem=f"a number of {len(node.value)} characters (the "
                                           f"limit is {MAX_NUMBER_CHARS})",
                                   problem_mark=node.start_mark)
        return construct(loader, node)
    return construct_bounded


FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:int", _bounded_number(SafeConstructor.construct_yaml_int))
FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:float", _bounded_number(SafeConstructor.construct_yaml_float))


def parse_md(data: bytes, *, display: str):
    text, encoding_reasons = decode_text(data, display)
    text = text.replace("\r\n", "\n")
    meta = {}
    match = FRONT_MATTER.match(text)
    if match:
        front_matter = match["yaml"] or ""
        size = len(front_matter.encode("utf-8"))
        if size > MAX_FRONT_MATTER_BYTES:
            raise RecordError(f"{display}:2", f"refused YAML front matter: {size // 1024} KB is "
                                              f"over the {MAX_FRONT_MATTER_BYTES // 1024} KB limit")
        try:
            meta = yaml.load(front_matter, Loader=FrontMatterLoader) or {}
        except _Refused as error:
            raise RecordError(f"{display}:{error.problem_mark.line + 2}",
                              f"refused YAML front matter: {error.problem}") from None
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
    record = record_from_fields(fields, location=display, original=data, paragraphs_ready=True)
    record.review_reasons += encoding_reasons
    return record


