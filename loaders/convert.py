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
import time
from contextlib import AbstractContextManager
from html.parser import HTMLParser
from typing import Any

from accordgraph.loaders.errors import LoaderError

MAX_PAGES = 500  # pages of a PDF read (agreements have a few dozen)
MAX_TEXT_CHARS = 2_000_000  # characters of text read from a file of any format
# Bounds on what pypdf decodes. A text page's content stream has tens of kilobytes;
# pypdf's defaults (75 MB per stream, 5 MB of input to recover a broken stream byte by
# byte) let a few kilobytes of Flate expand to gigabytes over many pages.
_PDF_LIMITS = {
    "maximum_declared_stream_length": 5_000_000,
    "zlib_maximum_output_length": 5_000_000,
    "zlib_maximum_recovery_input_length": 500_000,
    "lzw_maximum_output_length": 5_000_000,
    "run_length_maximum_output_length": 5_000_000,
    "brotli_maximum_output_length": 5_000_000,
    "array_based_stream_maximum_output_length": 5_000_000,
    "stream_decoding_work_maximum_length": 20_000_000,
    "stream_parsing_work_maximum_count": 500_000,
    "xform_maximum_invocations_per_extraction": 200,
}
_PDF_CONTENT_BYTES = 20_000_000  # decoded content streams of all pages together
_PDF_SECONDS = 20.0  # reading a PDF that takes longer is given up

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


class _Closes:
    """Whether ``pattern`` matches at or after a position, asked for positions that
    only grow: each part of the text is searched once."""

    def __init__(self, pattern: str, text: str) -> None:
        self._pattern = re.compile(pattern)
        self._text = text
        self._next = -1  # where the last match found starts
        self._none_after = len(text) + 1  # no match starts at or after this position

    def after(self, position: int) -> bool:
        if position <= self._next:
            return True
        if position >= self._none_after:
            return False
        match = self._pattern.search(self._text, position)
        if match is None:
            self._none_after = position
            return False
        self._next = match.start()
        return True


_OPENERS = re.compile(r"<(?:!--|!\[|[^<])?")
_SECTION_NAME = re.compile(r"\s*([a-zA-Z][-_.a-zA-Z0-9]*)")
_OFFICE_SECTIONS = {"if", "else", "endif"}  # closed by "]>"; the SGML ones by "]]>"
_SGML_SECTIONS = {"temp", "cdata", "ignore", "include", "rcdata"}


def _defuse(html: str) -> str:
    """``html`` with every construct that is never closed written as text ("&lt;").

    html.parser searches the rest of the document for the end of a construct ("<a …"
    without ">", "<!--" without "-->", "<![CDATA[" without "]]>") and then treats its
    first character as text: once per such construct, which is quadratic. Writing
    them as text beforehand gives the same text in linear time.

    >>> _defuse("<p>a<!-- b</p>c <d")
    '<p>a&lt;!-- b</p>c &lt;d'
    """
    closes = {
        "<!--": _Closes(r"--\s*>", html),
        "]>": _Closes(r"\]\s*>", html),
        "]]>": _Closes(r"\]\s*\]\s*>", html),
        ">": _Closes(r">", html),
    }
    pieces: list[str] = []
    position = 0
    for opener in _OPENERS.finditer(html):
        start, kind = opener.start(), opener.group(0)
        if kind == "<!--":
            closed = closes["<!--"].after(start + 4)
        elif kind == "<![":
            name = _SECTION_NAME.match(html, start + 3)
            section = name.group(1).lower() if name else ""
            if section in _OFFICE_SECTIONS:
                closed = closes["]>"].after(start + 3)
            else:
                closed = section in _SGML_SECTIONS and closes["]]>"].after(start + 3)
        else:
            closed = closes[">"].after(start + 1)
        if not closed:
            pieces += [html[position:start], "&lt;"]
            position = start + 1
    pieces.append(html[position:])
    return "".join(pieces)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Text of an HTML document, paragraphs separated by blank lines, and its title."""
    parser = _TextOf()
    parser.feed(_defuse(html))
    parser.close()
    paragraphs = [
        re.sub(r" +", " ", p).strip() for p in re.split(r"\n\s*\n", "".join(parser.chunks))
    ]
    text = "\n\n".join(p for p in paragraphs if p and p != "•")
    title = " ".join("".join(parser.title).split())
    return text, ({"title": title} if title else {})


def pdf_to_text(data: bytes, name: str) -> str:
    """Text of a PDF, pages separated by blank lines; any failure is a :class:`LoaderError`.

    What pypdf decodes is bounded (:data:`MAX_PAGES` pages, :data:`MAX_TEXT_CHARS`
    characters, the stream limits of ``_PDF_LIMITS``), and whatever a malformed file
    makes it raise (its own errors, but also ``RecursionError``, ``AttributeError`` …)
    means that the file cannot be read.
    """
    from pypdf import PdfReader

    # pypdf logs what it repairs; the loader reports failures itself, in one line.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    pages: list[str] = []
    try:
        with _pdf_limits():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise LoaderError(f"{name}: the PDF is encrypted")
            if len(reader.pages) > MAX_PAGES:
                raise LoaderError(
                    f"{name}: too many pages ({len(reader.pages):,}; at most {MAX_PAGES} are read)"
                )
            characters = content_bytes = 0
            deadline = time.monotonic() + _PDF_SECONDS
            for page in reader.pages:
                content_bytes += _content_length(page)
                if content_bytes > _PDF_CONTENT_BYTES or time.monotonic() > deadline:
                    raise LoaderError(f"{name}: the PDF's pages hold too much content")
                # Layout mode keeps the vertical gaps between paragraphs as blank lines,
                # which segmentation needs; plain mode joins every line with one newline.
                pages.append(page.extract_text(extraction_mode="layout") or "")
                characters += len(pages[-1])
                if characters > MAX_TEXT_CHARS:
                    raise LoaderError(too_much_text(name))
    except LoaderError:
        raise
    except Exception as exc:  # whatever fails inside pypdf: the file is not readable
        raise LoaderError(f"{name}: not a readable PDF ({_reason(exc)})") from None
    pages = ["\n".join(line.rstrip() for line in p.splitlines()).strip("\n") for p in pages]
    text = "\n\n".join(pages)
    if not text.strip():
        raise LoaderError(f"{name}: the PDF has no text layer (scanned pages are not read)")
    return text


def too_much_text(name: str) -> str:
    return f"{name}: too much text (at most {MAX_TEXT_CHARS:,} characters are read)"


def _pdf_limits() -> AbstractContextManager[Any]:
    """pypdf's decoding limits lowered to :data:`_PDF_LIMITS` for one extraction."""
    from pypdf import apply_configuration

    return apply_configuration(None, **_PDF_LIMITS)


def _content_length(page: Any) -> int:
    """Bytes of a page's decoded content stream (pypdf keeps them for the extraction)."""
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


def _reason(exc: BaseException) -> str:
    """A failure in one short line."""
    message = " ".join(str(exc).split())
    message = message[:120] + "…" if len(message) > 120 else message
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
