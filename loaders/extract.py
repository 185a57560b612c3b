"""The loader's pipeline: read → normalize → segment → find entities → read the agreement
→ find commitments. :func:`extract_file` is the entry point."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from accordgraph.loaders.agreement import read_agreement
from accordgraph.loaders.commitments import DIRECT, find_commitments
from accordgraph.loaders.entities import Found, find_entities, government_of
from accordgraph.loaders.errors import LoaderError
from accordgraph.loaders.kind import document_kind, is_government_text
from accordgraph.loaders.model import (
    Agreement,
    Commitment,
    Extraction,
    Link,
    Part,
    Partnership,
    SourceText,
)
from accordgraph.loaders.normalize import normalize_markdown, normalize_text
from accordgraph.loaders.read import RawDocument, read_bytes, read_file
from accordgraph.loaders.segment import headline, segment
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
    title = source.metadata.get("title") or _title(source.text, parts)
    government = is_government_text(raw.body)
    kind = document_kind(title, source.text) if government else "other"
    publisher = ref.publisher_country(source.metadata.get("source_url"))
    blocks = [b.span for b in source.blocks]
    found = find_entities(source.text, blocks, ref, publisher, announcers=kind == "fact sheet")
    warnings = list(raw.warnings)
    if not government:
        # Software documentation naming agencies is not a government's word: nothing
        # in it is an organization's commitment.
        warnings.append("not a government text: stored without organizations or commitments")
        found = Found(
            {k: e for k, e in found.entities.items() if e.kind == "technology"},
            [m for m in found.mentions if found.entities[m.entity].kind == "technology"],
        )
    agreement, new_entities = read_agreement(source, parts, found)
    if kind != "agreement":
        # A joint statement and a fact sheet of one visit share participants and date,
        # but are two documents, not two renditions of one agreement.
        agreement.key = f"{agreement.kind.lower()}-{source.doc_id}"
    own = government_of(ref, publisher) if publisher else None
    issuer = own.key if own is not None and own.key in found.entities else None
    commitments, partnerships, links = (
        find_commitments(
            source.text, parts, found, agreement.participants, ref, warnings, kind, issuer
        )
        if government
        else ([], [], [])
    )
    _drop_actors_that_do_not_act(found, agreement, commitments, partnerships, links)
    found.mentions.sort(key=lambda m: (m.span.start, m.span.end))
    return Extraction(
        kind=kind,
        title=source.metadata.get("title") or headline(source.text, parts),
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


def _drop_actors_that_do_not_act(
    found: Found,
    agreement: Agreement,
    commitments: list[Commitment],
    partnerships: list[Partnership],
    links: list[Link],
) -> None:
    """An organization named only where it would be an actor if it acted
    (:attr:`Found.if_acting`) is dropped unless it commits: a department named by its
    head's title ("the Secretary of Commerce, the Secretary of Energy, …" as members of
    a council) stays when that person commits for it ("the Secretary of Commerce shall
    …"); a country before any verb ("Russia uses …") when it commits."""
    acting = _acting(found, commitments)
    acting |= {s.on_behalf_of for s in agreement.signatures}
    acting |= {key for pair in agreement.representations for key in pair}
    named = {m.entity for m in found.mentions if m.span not in found.if_acting}
    drop = {m.entity for m in found.mentions if m.span in found.if_acting} - acting - named
    if not drop:
        return
    found.mentions[:] = [m for m in found.mentions if m.entity not in drop]
    for key in drop:
        del found.entities[key]
    for c in commitments:
        c.actors = [o for o in c.actors if o not in drop]
        c.through = [o for o in c.through if o not in drop]
    for p in partnerships:
        p.members = [o for o in p.members if o not in drop]
    links[:] = [lk for lk in links if lk.organization not in drop]
    # a document's participants are the governments it names: not those dropped
    agreement.participants = [p for p in agreement.participants if p not in drop]


def _acting(found: Found, commitments: list[Commitment]) -> set[str]:
    """Who acts in ``commitments``: their actors, but an organization named only by
    mentions that name it if it acts (:attr:`Found.if_acting`) only where one of them is
    a commitment's subject (before its verb) or one the document directs ("directs the
    Attorney General to …"). In "The United States and Italy affirm their support … as
    Tunisia endures …", Tunisia is no party, though "Both sides commit …" would count it."""
    weak: dict[str, list[int]] = {}  # entity → starts of its mentions kept only if acting
    for m in found.mentions:  # (sorted by start)
        if m.span in found.if_acting:
            weak.setdefault(m.entity, []).append(m.span.start)
    acting = set()
    for c in commitments:
        for actor in c.actors:
            starts = weak.get(actor, [])
            first = bisect_left(starts, c.span.start)
            end = c.span.end if c.modality == DIRECT else min(c.modality_span.start, c.span.end)
            if not starts or (first < len(starts) and starts[first] < end):
                acting.add(actor)
    return acting


def _title(text: str, parts: list[Part]) -> str:
    """The text of the title part, if the document has one."""
    part = next((p for p in parts if p.kind == "title"), None)
    return text[part.span.start : part.span.end] if part else ""


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


@lru_cache(maxsize=1)
def loader_fingerprint() -> str:
    """A digest of what decides an extraction: the loader's code, the ontology and the
    reference data. A store keeps it with each document, so loading a file again skips
    it only if this, too, is unchanged.

    >>> len(loader_fingerprint())
    16
    """
    here = Path(__file__).resolve().parent
    ontology = here.parent / "ontology"
    files = sorted(here.glob("*.py")) + sorted(ontology.glob("*.ttl"))
    files += sorted((ontology / "reference").glob("*.csv"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
