"""HTML and XHTML into a flat list of ``Part``s, safely.

Markup is parsed by libxml2 (lxml), never by regular expressions. XHTML from an EPUB is read
as XML with entities left unresolved, no DTD loaded and no network: a file's
``<!ENTITY x SYSTEM "file:///...">`` must never pull another file into a story.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from bot.library import text as text_mod
from bot.library.formats.document import FormatError, Part

_BLOCKS = frozenset(
    "address article aside blockquote body center dd div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header li main nav ol p pre section table tbody thead tr ul".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_SKIP = frozenset("head script style title noscript template svg math".split())
_NOTE_CLASS = "fff_chapter_notes"
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _safe_xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _safe_html_parser() -> lxml_html.HTMLParser:
    return lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


def parse_html(raw: bytes) -> etree._Element:
    """An HTML file's tree: bytes decoded the way story text is (UTF-8, else cp1252)."""
    try:
        decoded = text_mod.decode(raw)
    except text_mod.UndecodableError as exc:
        raise FormatError(f"not an HTML file ({exc})") from exc
    decoded = _XML_DECL.sub("", decoded, count=1)
    if "<" not in decoded:
        raise FormatError("not an HTML file (no markup)")
    try:
        root = lxml_html.document_fromstring(decoded, parser=_safe_html_parser())
    except (etree.ParserError, ValueError) as exc:
        raise FormatError(f"not an HTML file ({exc})") from exc
    return root


def parse_xhtml(raw: bytes) -> etree._Element:
    """An EPUB's XHTML page; pages that are not well-formed XML are read as HTML (no DTD,
    no entities from outside either way)."""
    try:
        return etree.fromstring(raw, parser=_safe_xml_parser())
    except etree.XMLSyntaxError:
        return parse_html(raw)


def title_of(root: etree._Element) -> str:
    for el in root.iter():
        if tag_name(el) == "title":
            return _clean(el.text or "")
    return ""


def parts(root: etree._Element) -> list[Part]:
    """The blocks of a page's body, in order, each with the kind its markup gives it."""
    body = next((el for el in root.iter() if tag_name(el) == "body"), root)
    return list(_Flattener().run(body))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def tag_name(el: etree._Element) -> str | None:
    """An element's local tag name; None for comments, entities and processing instructions
    (whose ``tag`` is not a string, whatever the type stubs say)."""
    tag: object = el.tag
    return _local(tag) if isinstance(tag, str) else None


def _clean(value: str) -> str:
    lines = [_SPACE.sub(" ", line).strip() for line in value.split("\n")]
    return "\n".join(line for line in lines if line)


class _Flattener:
    def __init__(self) -> None:
        self.buffer: list[str] = []
        self.stack: list[str] = []
        self.notes = 0  # inside FanFicFare's div.fff_chapter_notes (its labels vary)
        self.out: list[Part] = []

    def run(self, body: etree._Element) -> Iterator[Part]:
        self._walk(body)
        self._flush()
        return iter(self.out)

    def _kind(self) -> str:
        if self.notes:
            return "note"
        for tag in reversed(self.stack):
            if tag in _HEADINGS:
                return "heading"
            if tag == "dt":
                return "label"
            if tag == "dd":
                return "value"
        return "quote" if "blockquote" in self.stack else "text"

    def _flush(self) -> None:
        value = _clean("".join(self.buffer).replace("\x00", ""))
        self.buffer = []
        if value:
            self.out.append(Part(value, self._kind()))

    def _text(self, value: str | None) -> None:
        if value:
            # Source line breaks are spaces in HTML; only <br> breaks a line.
            self.buffer.append(value.replace("\n", " "))

    def _walk(self, el: etree._Element) -> None:
        tag = tag_name(el)
        if tag is None:
            if isinstance(el, etree._Entity):
                # Left unresolved on purpose; the HTML ones are known, others are dropped.
                code = html.entities.name2codepoint.get(el.name)
                self._text(chr(code) if code else "")
            self._text(el.tail)
            return
        if tag in _SKIP:
            self._text(el.tail)
            return
        if tag == "br":
            self.buffer.append("\n")
            self._text(el.tail)
            return
        if tag == "hr":
            self._flush()
            self.out.append(Part("* * *", "rule"))
            self._text(el.tail)
            return
        block = tag in _BLOCKS
        if block:
            self._flush()
        elif tag in ("td", "th"):
            self.buffer.append(" ")
        noted = _NOTE_CLASS in (el.get("class") or "")
        self.notes += noted
        self.stack.append(tag)
        self._text(el.text)
        for child in el:
            self._walk(child)
        if block:
            self._flush()
        self.stack.pop()
        self.notes -= noted
        self._text(el.tail)
