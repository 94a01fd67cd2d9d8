"""Test stories in the shapes real downloads have, built from their templates' structure.

``ao3_html`` follows AO3's ``downloads`` views (preface, ``dl.tags``, chapters with their
meta blocks, afterword); ``ao3_epub`` packs the same markup the way its EPUB conversion does
(one page for the preface, one per chapter, one for the afterword); ``ao3_calibre_text`` is
that work as a calibre text conversion puts it. The stories are the tests' own.
"""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass, field


@dataclass
class Ao3Chapter:
    title: str
    paragraphs: list[str]
    summary: str = ""
    notes: str = ""
    end_notes: str = ""


@dataclass
class Ao3Work:
    title: str
    author: str
    tags: list[tuple[str, str]]  # (label, values joined ", ") in AO3's order
    summary: str
    notes: str
    chapters: list[Ao3Chapter]
    end_notes: str = ""
    fandom: str = ""
    extra: list[str] = field(default_factory=list)
    # AO3's stats line: "Completed: <date>" and "Chapters: 2/2" for a finished work, "Updated:"
    # and "Chapters: 2/?" (or "2/5") for one in progress.
    stats: str = "Published: 2021-06-01 Completed: 2021-07-01 Words: 1,234 Chapters: 2/2"


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _quote(text: str) -> str:
    return (
        '<blockquote class="userstuff">'
        + "".join(_p(t) for t in text.split("\n\n"))
        + "</blockquote>"
    )


def preface(work: Ao3Work) -> str:
    tags = "".join(
        f'<dt class="{label.lower().rstrip(":")}">{html.escape(label)}:</dt>'
        f'<dd class="tags">{"".join(f"<a>{html.escape(v)}</a>, " for v in values.split(", "))[:-2]}</dd>'
        for label, values in work.tags
    )
    notes = (
        f"<p>Notes</p>{_quote(work.notes)}<p>(See the end of the work for more notes.)</p>"
        if work.notes
        else ""
    )
    return (
        '<div id="preface"><h2 class="toc-heading">Preface</h2>'
        f'<p class="message"><b>{html.escape(work.title)}</b><br/>Posted originally on the '
        '<a href="https://archiveofourown.org/">Archive of Our Own</a> at '
        '<a href="https://archiveofourown.org/works/1">https://archiveofourown.org/works/1</a>.</p>'
        f'<div class="meta"><dl class="tags">{tags}'
        f'<dt class="stats">Stats:</dt><dd class="stats">{html.escape(work.stats)}</dd></dl>'
        f"<h1>{html.escape(work.title)}</h1>"
        f'<div class="byline">by <a rel="author">{html.escape(work.author)}</a></div>'
        f"<p>Summary</p>{_quote(work.summary)}{notes}</div></div>"
    )


def chapter(n: int, ch: Ao3Chapter, *, chaptered: bool, work_title: str) -> str:
    if not chaptered:
        return (
            f'<h2 class="toc-heading">{html.escape(work_title)}</h2><div class="userstuff">'
            + "".join(_p(t) for t in ch.paragraphs)
            + "</div>"
        )
    heading = f"Chapter {n}: {ch.title}" if ch.title else f"Chapter {n}"
    meta = f'<div class="meta group"><h2 class="heading">{html.escape(heading)}</h2>'
    if ch.summary:
        meta += f'<div class="summary"><p>Chapter Summary</p>{_quote(ch.summary)}</div>'
    if ch.notes:
        meta += f'<div class="notes"><p>Chapter Notes</p>{_quote(ch.notes)}'
        if ch.end_notes:
            meta += "<p>(See the end of the chapter for more notes.)</p>"
        meta += "</div>"
    meta += "</div>"
    body = (
        '<div class="userstuff"><!--chapter content-->'
        + "".join(_p(t) for t in ch.paragraphs)
        + "<!--/chapter content--></div>"
    )
    end = (
        f'<div class="meta group" id="endnotes{n}"><p>Chapter End Notes</p>{_quote(ch.end_notes)}</div>'
        if ch.end_notes
        else ""
    )
    return f'<div class="chapter">{meta}{body}{end}</div>'


def afterword(work: Ao3Work) -> str:
    end = f"<p>End Notes</p>{_quote(work.end_notes)}" if work.end_notes else ""
    return (
        f'<div id="afterword"><div class="meta"><h2>Afterword</h2>{end}</div>'
        '<p class="message">Please drop by the Archive and comment to let the creator know if '
        "you enjoyed their work!</p></div>"
    )


def _page(title: str, body: str, *, xhtml: bool = False) -> str:
    head = '<?xml version="1.0" encoding="utf-8"?>\n' if xhtml else "<!DOCTYPE html>\n"
    ns = ' xmlns="http://www.w3.org/1999/xhtml"' if xhtml else ""
    return (
        f'{head}<html{ns}><head><meta charset="utf-8"/><title>{html.escape(title)}</title></head>'
        f"<body>{body}</body></html>"
    )


def _page_title(work: Ao3Work) -> str:
    return f"{work.title} - {work.author} - {work.fandom or 'No fandom specified'}"


def ao3_html(work: Ao3Work) -> bytes:
    chaptered = len(work.chapters) > 1
    chapters = "".join(
        chapter(n, ch, chaptered=chaptered, work_title=work.title)
        for n, ch in enumerate(work.chapters, start=1)
    )
    body = f'{preface(work)}<div id="chapters" class="userstuff">{chapters}</div>{afterword(work)}'
    return _page(_page_title(work), body).encode()


def epub(pages: list[tuple[str, str]], *, title: str, author: str) -> bytes:
    """A minimal valid EPUB 2: mimetype first and stored, container, OPF, the pages."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        items = "".join(
            f'<item id="p{k}" href="{name}" media-type="application/xhtml+xml"/>'
            for k, (name, _) in enumerate(pages)
        )
        spine = "".join(f'<itemref idref="p{k}"/>' for k in range(len(pages)))
        z.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" '
            'version="2.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{html.escape(title)}</dc:title><dc:creator>{html.escape(author)}</dc:creator>"
            f"</metadata><manifest>{items}</manifest><spine>{spine}</spine></package>",
        )
        for name, content in pages:
            z.writestr(f"OEBPS/{name}", content)
    return buf.getvalue()


def ao3_epub(work: Ao3Work) -> bytes:
    chaptered = len(work.chapters) > 1
    pages = [("preface.xhtml", _page(work.title, preface(work), xhtml=True))]
    for n, ch in enumerate(work.chapters, start=1):
        body = f'<div id="chapters" class="userstuff">{chapter(n, ch, chaptered=chaptered, work_title=work.title)}</div>'
        pages.append((f"chapter{n}.xhtml", _page(ch.title or work.title, body, xhtml=True)))
    pages.append(("afterword.xhtml", _page("Afterword", afterword(work), xhtml=True)))
    return epub(pages, title=work.title, author=work.author)


def ao3_calibre_text(work: Ao3Work) -> bytes:
    """calibre's TXT output: one paragraph per block, "Preface" first, the title on the
    banner's line, each dt and dd on a line of its own."""
    out = [
        "Preface",
        f"{work.title} Posted originally on the Archive of Our Own at https://archiveofourown.org/works/1.",
    ]
    for label, values in work.tags:
        out += [f"{label}:", values]
    out += ["Stats:", work.stats]
    out += [work.title, f"by {work.author}", "Summary", *work.summary.split("\n\n")]
    if work.notes:
        out += ["Notes", *work.notes.split("\n\n"), "(See the end of the work for more notes.)"]
    chaptered = len(work.chapters) > 1
    for n, ch in enumerate(work.chapters, start=1):
        if not chaptered:
            out += [work.title, *ch.paragraphs]
            continue
        out.append(f"Chapter {n}: {ch.title}" if ch.title else f"Chapter {n}")
        if ch.summary:
            out += ["Chapter Summary", *ch.summary.split("\n\n")]
        if ch.notes:
            out += ["Chapter Notes", *ch.notes.split("\n\n")]
            if ch.end_notes:
                out.append("(See the end of the chapter for more notes.)")
        out += ch.paragraphs
        if ch.end_notes:
            out += ["Chapter End Notes", *ch.end_notes.split("\n\n")]
    out += ["Afterword"]
    if work.end_notes:
        out += ["End Notes", *work.end_notes.split("\n\n")]
    out.append(
        "Please drop by the Archive and comment to let the creator know if you enjoyed their work!"
    )
    return ("\r\n\r\n".join(out) + "\r\n").encode()
