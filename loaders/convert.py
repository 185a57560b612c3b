"""HTML and PDF files → plain text the normalizer reads like a ``.txt`` file.

Block elements of HTML become paragraphs (list items keep a bullet), scripts, styles and
the head are dropped, and the ``<title>`` becomes the document's title. PDF text is taken
page by page with pypdf in layout mode; page breaks become blank lines, and the normalizer
removes page numbers and joins hyphenated words as it does for text pasted from a PDF.

>>> html_to_text("<html><head><title>T</title></head><body><h1>A</h1><p>B <b>c</b></p>"
...              "<ul><li>one</li><li>two</li></ul></body></html>")
('A\\n\\nB c\\n\\n• one\\n\\n• two', {'title': 'T'})
"""

from __future__ import annotations

import io
import logging
import re
from html.parser import HTMLParser

from accordgraph.loaders.errors import LoaderError

_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "noscript", "template", "svg"}


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIPPED:
            self._skip += 1
        elif tag in _BLOCKS:
            self.chunks.append("\n\n")
            if tag == "li":
                self.chunks.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.chunks.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.chunks.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Text of an HTML document, paragraphs separated by blank lines, and its title."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    paragraphs = [
        re.sub(r" +", " ", p).strip() for p in re.split(r"\n\s*\n", "".join(parser.chunks))
    ]
    text = "\n\n".join(p for p in paragraphs if p and p != "•")
    title = " ".join("".join(parser.title).split())
    return text, ({"title": title} if title else {})


def pdf_to_text(data: bytes, name: str) -> str:
    """Text of a PDF, pages separated by blank lines."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs; the loader reports failures itself, in one line.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise LoaderError(f"{name}: the PDF is encrypted")
        # Layout mode keeps the vertical gaps between paragraphs as blank lines, which
        # segmentation needs; plain mode joins every line with a single newline.
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except LoaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoaderError(f"{name}: not a readable PDF ({exc})") from None
    pages = ["\n".join(line.rstrip() for line in p.splitlines()).strip("\n") for p in pages]
    text = "\n\n".join(pages)
    if not text.strip():
        raise LoaderError(f"{name}: the PDF has no text layer (scanned pages are not read)")
    return text
