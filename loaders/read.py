"""Read a file: bytes → Unicode text and metadata (the first step of the data path).

>>> raw = read_bytes(b"---\\ntitle: A\\n  B\\ndate: '2025-09-18'\\n---\\nBody", "x.md")
>>> raw.format, raw.metadata, raw.body
('markdown', {'title': 'A B', 'date': '2025-09-18'}, 'Body')
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from accordgraph.loaders.convert import html_to_text, pdf_to_text
from accordgraph.loaders.errors import LoaderError

MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
Format = Literal["text", "markdown", "html", "pdf"]


@dataclass
class RawDocument:
    name: str
    format: Format  # of the file; the body is plain text or Markdown
    sha256: str
    body: str  # text after the front matter, line endings normalized to \n
    metadata: dict[str, str] = field(default_factory=dict)


def read_file(path: str | Path) -> RawDocument:
    """Read a file from disk; every failure is a :class:`LoaderError` with a one-line message."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoaderError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LoaderError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise LoaderError(f"{path}: permission denied") from None
    except OSError as exc:
        raise LoaderError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> RawDocument:
    """Decode UTF-8 bytes (a BOM is dropped) and split off Markdown front matter; HTML
    and PDF files are converted to plain text first."""
    suffix = Path(name).suffix.lower()
    sha256 = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        return RawDocument(name=name, format="pdf", sha256=sha256, body=pdf_to_text(data, name))
    if b"\x00" in data[:4096]:
        raise LoaderError(f"{name}: binary file, not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoaderError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise LoaderError(f"{name}: file is empty")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fmt: Format
    if suffix in HTML_SUFFIXES or (
        suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES
        and re.match(r"\s*(<!doctype html|<html)", text[:200], re.I)
    ):
        body, head = html_to_text(text)
        if not body.strip():
            raise LoaderError(f"{name}: the HTML has no text")
        return RawDocument(name=name, format="html", sha256=sha256, body=body, metadata=head)
    if suffix in MARKDOWN_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.startswith("---\n")):
        fmt = "markdown"
    elif suffix in TEXT_SUFFIXES:
        fmt = "text"
    else:
        raise LoaderError(
            f"{name}: unsupported file type {suffix!r} (expected .txt, .md, .html or .pdf)"
        )
    metadata: dict[str, str] = {}
    if fmt == "markdown":
        metadata, text = split_front_matter(text)
    return RawDocument(
        name=name,
        format=fmt,
        sha256=sha256,
        body=text,
        metadata=metadata,
    )


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_KEY = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*)$")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML front matter of flat ``key: value`` pairs (values may fold onto
    indented lines) from the body. Nested YAML is not needed by the corpus and is kept
    as folded text."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    metadata: dict[str, str] = {}
    key: str | None = None
    for line in match.group(1).split("\n"):
        found = _KEY.match(line)
        if found and not line.startswith((" ", "\t")):
            key = found.group(1)
            metadata[key] = found.group(2).strip()
        elif key is not None and line.strip():
            metadata[key] = (metadata[key] + " " + line.strip()).strip()
    for key, value in metadata.items():
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            metadata[key] = value[1:-1]
    return metadata, text[match.end() :]
