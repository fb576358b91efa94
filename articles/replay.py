"""A captured page made inert for replay: text in, HTML out (no database).

The page is shown as it was captured, but nothing of it may run or reach the live web: its
scripts, frames, objects, forms' targets, base and refresh elements are dropped, so are event
handler attributes and every attribute that names an address (``href``, ``src``, ``srcset``,
``action``, ``poster``, ``data``...; the address a link had is kept as ``data-href`` for the
reader to see), and ``javascript:`` anywhere in a style. The view serves the result under a
Content-Security-Policy that loads nothing (``default-src 'none'``) inside a sandboxed frame,
so what this misses still cannot run or load.
"""

import re
from html import escape
from html.parser import HTMLParser

# Elements dropped with everything inside them.
DROPPED = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
           "template", "portal"}
# Elements dropped alone (their content, if any, stays).
DROPPED_ALONE = {"base", "link", "meta", "form", "input", "button", "select", "textarea"}
ADDRESS_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data",
                      "background", "cite", "longdesc", "ping", "xlink:href", "lowsrc",
                      "dynsrc", "manifest", "codebase", "archive", "imagesrcset"}
VOID = {"area", "br", "col", "hr", "img", "source", "track", "wbr"}
UNSAFE_STYLE = re.compile(r"javascript:|expression\s*\(|url\s*\(", re.I)


class _Inert(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.append(tag)
            return
        if tag in DROPPED:
            self.dropping.append(tag)
            return
        if tag in DROPPED_ALONE:
            return
        kept = []
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                continue
            if name in ADDRESS_ATTRIBUTES:
                if name == "href" and value:
                    kept.append(("data-href", value))
                continue
            if name == "style" and UNSAFE_STYLE.search(value):
                continue
            kept.append((name, value))
        attributes = "".join(f' {escape(name)}="{escape(value)}"' for name, value in kept)
        self.out.append(f"<{tag}{attributes}>")
        self.in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        if tag in DROPPED:  # <script/> opens nothing to drop
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in DROPPED_ALONE or tag in VOID:
            return
        self.in_style = False
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.dropping:
            return
        if self.in_style:  # CSS as it was ("a > b"), less what could close the element
            self.out.append(data.replace("<", "\\3c "))
        else:
            self.out.append(escape(data, quote=False))

    def handle_comment(self, data):
        pass  # conditional comments carried scripts once


def inert_html(html: str) -> str:
    """The page, with nothing in it that runs or loads."""
    parser = _Inert()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)
