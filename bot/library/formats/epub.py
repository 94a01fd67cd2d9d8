"""EPUB files: the pages of the spine, in reading order, as ``Part``s.

An EPUB is a zip: ``META-INF/container.xml`` names the package (OPF) file, whose spine lists
the pages. Everything is read from memory with limits: a zip that inflates to far more than a
story (a "zip bomb") is refused before it is inflated.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

from bot.library.formats import markup
from bot.library.formats.document import FormatError, Part

# Far above any story's text (the file itself is capped at a few MB), far below harm.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
_PAGE_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml"})


@dataclass(slots=True)
class EpubContent:
    parts: list[Part] = field(default_factory=list)
    title: str = ""  # dc:title
    authors: list[str] = field(default_factory=list)  # dc:creator


def read(raw: bytes) -> EpubContent:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise FormatError(f"not a valid EPUB (the zip cannot be opened: {exc})") from exc
    with archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_INFLATED_BYTES:
            raise FormatError("not a valid EPUB (it inflates to far more than a story)")
        opf_path = _package_path(archive)
        opf = _xml(archive, opf_path)
        content = EpubContent()
        for el in opf.iter():
            name = markup.tag_name(el)
            if name == "title" and not content.title:
                content.title = " ".join((el.text or "").split())
            elif name == "creator" and (el.text or "").strip():
                content.authors.append(" ".join((el.text or "").split()))
        for page in _spine(opf, posixpath.dirname(opf_path)):
            try:
                data = archive.read(page)
            except KeyError:
                continue  # a spine entry with no file: readers skip it too
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise FormatError(f"not a valid EPUB ({page} cannot be read: {exc})") from exc
            content.parts.extend(markup.parts(markup.parse_xhtml(data)))
    if not content.parts:
        raise FormatError("not a valid EPUB (no pages with text)")
    return content


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        data = archive.read(name)
    except KeyError as exc:
        raise FormatError(f"not a valid EPUB (no {name})") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FormatError(f"not a valid EPUB ({name} cannot be read: {exc})") from exc
    try:
        return etree.fromstring(data, parser=markup._safe_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"not a valid EPUB ({name} is not XML: {exc})") from exc


def _package_path(archive: zipfile.ZipFile) -> str:
    container = _xml(archive, "META-INF/container.xml")
    for el in container.iter():
        if markup.tag_name(el) == "rootfile" and el.get("full-path"):
            return str(el.get("full-path"))
    raise FormatError("not a valid EPUB (container.xml names no package file)")


def _spine(opf: etree._Element, base: str) -> list[str]:
    manifest: dict[str, tuple[str, str]] = {}
    order: list[str] = []
    for el in opf.iter():
        name = markup.tag_name(el)
        if name == "item" and el.get("id") and el.get("href"):
            manifest[str(el.get("id"))] = (str(el.get("href")), str(el.get("media-type", "")))
        elif name == "itemref" and el.get("idref"):
            order.append(str(el.get("idref")))
    pages: list[str] = []
    for idref in order:
        if idref not in manifest:
            continue
        href, media_type = manifest[idref]
        if media_type and media_type not in _PAGE_TYPES:
            continue
        path = posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))
        if path not in pages:
            pages.append(path)
    return pages
