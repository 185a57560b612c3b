"""The loader's pipeline: read → normalize → segment → find entities → read the agreement
→ find commitments. :func:`extract_file` is the entry point."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from accordgraph.loaders.agreement import read_agreement
from accordgraph.loaders.commitments import find_commitments
from accordgraph.loaders.entities import find_entities
from accordgraph.loaders.errors import LoaderError
from accordgraph.loaders.model import Extraction, SourceText
from accordgraph.loaders.normalize import normalize_markdown, normalize_text
from accordgraph.loaders.read import RawDocument, read_bytes, read_file
from accordgraph.loaders.segment import segment
from accordgraph.ontology.ids import slug
from accordgraph.ontology.reference import Reference, load_reference


def normalize(raw: RawDocument, doc_id: str | None = None) -> SourceText:
    """The normalized text of a file, with its blocks."""
    normalizer = normalize_markdown if raw.format == "markdown" else normalize_text
    text, blocks = normalizer(raw.body)
    return SourceText(
        name=raw.name,
        doc_id=doc_id or slug(Path(raw.name).stem) or "document",
        format=raw.format,
        sha256=raw.sha256,
        text=text,
        blocks=blocks,
        metadata=raw.metadata,
    )


def extract(
    raw: RawDocument, doc_id: str | None = None, ref: Reference | None = None
) -> Extraction:
    """Everything the loader finds in a read document."""
    ref = ref or load_reference()
    source = normalize(raw, doc_id)
    parts = segment(source)
    found = find_entities(source.text, [b.span for b in source.blocks], ref)
    agreement, new_entities = read_agreement(source, parts, found)
    warnings = list(raw.warnings)
    commitments, partnerships, links = find_commitments(
        source.text, parts, found, agreement.participants, ref, warnings
    )
    found.mentions.sort(key=lambda m: (m.span.start, m.span.end))
    return Extraction(
        source=source,
        agreement=agreement,
        parts=parts,
        entities=found.entities | new_entities,
        mentions=found.mentions,
        partnerships=partnerships,
        commitments=commitments,
        links=links,
        warnings=warnings,
    )


@contextmanager
def _hostile_input(name: str) -> Iterator[None]:
    """Failures that only a hostile file can cause (exhausted stack or memory, text that
    breaks a codec or a value's format) become a :class:`LoaderError`; the stages that
    convert formats turn their own failures into LoaderErrors already."""
    try:
        yield
    except (RecursionError, MemoryError, UnicodeError, ValueError) as exc:
        raise LoaderError(f"{name}: cannot be read ({type(exc).__name__})") from exc


def extract_file(path: str | Path, doc_id: str | None = None) -> Extraction:
    """Read and extract one file (``.txt`` as PDF-extracted text, ``.md`` as Markdown).

    >>> from accordgraph import bundled_document
    >>> x = extract_file(bundled_document())
    >>> x.agreement.kind, x.agreement.date, x.agreement.place
    ('MOC', '2025-10-28', 'Tokyo')
    """
    with _hostile_input(Path(path).name):
        return extract(read_file(path), doc_id)


def extract_bytes(data: bytes, name: str, doc_id: str | None = None) -> Extraction:
    """Extract from bytes already in memory (an upload); ``name`` gives the format."""
    with _hostile_input(name):
        return extract(read_bytes(data, name), doc_id)
