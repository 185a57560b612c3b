"""Read a file: bytes → Unicode text and metadata (the first step of the data path).

>>> raw = read_bytes(b"---\\ntitle: A\\n  B\\ndate: '2025-09-18'\\n---\\nBody", "x.md")
>>> raw.format, raw.metadata, raw.body
('markdown', {'title': 'A B', 'date': '2025-09-18'}, 'Body')
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from accordgraph.loaders.convert import MAX_TEXT_CHARS, html_to_text, pdf_to_text, too_much_text
from accordgraph.loaders.errors import LoaderError

MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
Format = Literal["text", "markdown", "html", "pdf"]
MAX_HTML_CHARS = 5 * MAX_TEXT_CHARS  # markup, of which the text is a part
# Characters XML 1.0 cannot hold (so neither RDF/XML nor any XML view of the text),
# and the C1 controls: never part of an agreement's text. They become spaces, so that
# offsets into the text do not move.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")  # controls that are not white space
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


@dataclass
class RawDocument:
    name: str
    format: Format  # of the file; the body is plain text or Markdown
    sha256: str
    body: str  # text after the front matter, line endings normalized to \n
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what was dropped or replaced


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
    and PDF files are converted to plain text first. Characters no XML can hold become
    spaces; text beyond :data:`MAX_TEXT_CHARS` characters is refused."""
    suffix = Path(name).suffix.lower()
    sha256 = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        body = _storable(pdf_to_text(data, name), name, warnings)
        return RawDocument(name=name, format="pdf", sha256=sha256, body=body, warnings=warnings)
    if b"\x00" in data[:4096]:
        raise LoaderError(f"{name}: binary file, not UTF-8 text")
    if len(data) > 4 * MAX_HTML_CHARS:  # more characters than read, whatever the format
        raise LoaderError(too_much_text(name))
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
        if len(text) > MAX_HTML_CHARS:
            raise LoaderError(too_much_text(name))
        try:
            body, head = html_to_text(text)
        except Exception as exc:  # html.parser gives up on some malformed markup
            raise LoaderError(f"{name}: not readable HTML ({type(exc).__name__})") from None
        body = _storable(body, name, warnings)
        if not body.strip():
            raise LoaderError(f"{name}: the HTML has no text")
        head = {key: _NOT_TEXT.sub(" ", value) for key, value in head.items()}
        return RawDocument(
            name=name, format="html", sha256=sha256, body=body, metadata=head, warnings=warnings
        )
    if suffix in MARKDOWN_SUFFIXES or (suffix not in TEXT_SUFFIXES and text.startswith("---\n")):
        fmt = "markdown"
    elif suffix in TEXT_SUFFIXES:
        fmt = "text"
    else:
        raise LoaderError(
            f"{name}: unsupported file type {suffix!r} (expected .txt, .md, .html or .pdf)"
        )
    text = _storable(text, name, warnings)
    metadata: dict[str, str] = {}
    if fmt == "markdown":
        metadata, text = split_front_matter(text)
        metadata = _checked_metadata(metadata, warnings)
    return RawDocument(
        name=name,
        format=fmt,
        sha256=sha256,
        body=text,
        metadata=metadata,
        warnings=warnings,
    )


def _storable(text: str, name: str, warnings: list[str]) -> str:
    """``text`` with the characters no XML can hold replaced by spaces (noted in
    ``warnings``); too long a text, or one made of control characters, is refused.

    >>> warnings = []
    >>> _storable("page one\\x0cpage two\\x01", "x.txt", warnings), warnings
    ('page one page two ', ['2 control characters replaced by spaces'])
    """
    if len(text) > MAX_TEXT_CHARS:
        raise LoaderError(too_much_text(name))
    if len(_BINARY.findall(text)) > len(text) // 10:
        raise LoaderError(f"{name}: binary file, not UTF-8 text")
    text, replaced = _NOT_TEXT.subn(" ", text)
    if replaced:
        plural = "s" if replaced > 1 else ""
        warnings.append(f"{replaced:,} control character{plural} replaced by spaces")
    return text


def _checked_metadata(metadata: dict[str, str], warnings: list[str]) -> dict[str, str]:
    """Front matter without the values that would make bad data: a ``source_url`` that
    is not an absolute http(s) IRI (it becomes an IRI, and a link in pages), a ``date``
    that is not an ISO date. Each dropped value is noted in ``warnings``.

    >>> warnings = []
    >>> _checked_metadata({"source_url": "javascript:alert(1)", "date": "2025-09-18"}, warnings)
    {'date': '2025-09-18'}
    >>> warnings
    ["source_url dropped: 'javascript:alert(1)' is not an http or https URL"]
    """
    checked = dict(metadata)
    url = checked.get("source_url")
    if url is not None and not _is_web_iri(url):
        del checked["source_url"]
        warnings.append(f"source_url dropped: {url[:100]!r} is not an http or https URL")
    when = checked.get("date")
    if when is not None and not _is_iso_date(when[:10]):
        del checked["date"]
        warnings.append(f"date dropped: {when[:100]!r} is not a date (YYYY-MM-DD)")
    return checked


def _is_web_iri(url: str) -> bool:
    """An absolute http(s) IRI with a host and no character an IRI cannot hold."""
    if _NOT_IN_IRI.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_KEY = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*)$")
MAX_FRONT_MATTER = 64_000  # characters read as YAML; longer front matter is read flat


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split YAML front matter from the body; scalar values become strings (dates in ISO
    form), lists of scalars are joined with ", ", nested mappings are left out.

    >>> front = '---\\ntitle: "U.S. \\\\u2013 Japan"\\ndate: 2025-10-28\\n---\\nText'
    >>> split_front_matter(front)
    ({'title': 'U.S. – Japan', 'date': '2025-10-28'}, 'Text')
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    body = text[match.end() :]
    if len(match.group(1)) <= MAX_FRONT_MATTER:
        try:
            data = _yaml(match.group(1))
        except (yaml.YAMLError, ValueError, RecursionError):
            data = None
        if isinstance(data, dict):
            return _scalars(data), body
    return _flat_front_matter(match.group(1)), body


def _yaml(front: str) -> Any:
    """Front matter as YAML without aliases (a few lines of them expand to gigabytes,
    "billion laughs"): checked event by event, then loaded; by libyaml where it is
    installed (ten times the speed of the Python parser)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(front, Loader=loader)):
        raise ValueError("aliases are not allowed")
    return yaml.load(front, Loader=loader)


def _scalars(data: dict[Any, Any]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            metadata[str(key)] = ", ".join(_scalar(v) for v in value if v is not None)
        elif value is not None and not isinstance(value, dict | list):
            metadata[str(key)] = _scalar(value)
    return metadata


def _scalar(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _flat_front_matter(front: str) -> dict[str, str]:
    """Front matter that is not YAML, read as flat ``key: value`` lines (values may fold
    onto indented lines)."""
    # Folded lines are collected and joined once (adding each to the value so far is
    # quadratic in long front matter).
    folded: dict[str, list[str]] = {}
    key: str | None = None
    for line in front.split("\n"):
        found = _KEY.match(line)
        if found and not line.startswith((" ", "\t")):
            key = found.group(1)
            folded[key] = [found.group(2).strip()]
        elif key is not None and line.strip():
            folded[key].append(line.strip())
    metadata = {key: " ".join(line for line in lines if line) for key, lines in folded.items()}
    for key, value in metadata.items():
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            metadata[key] = value[1:-1]
    return metadata
