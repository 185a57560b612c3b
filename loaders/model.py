"""What the loader produces: plain data, independent of RDF.

Offsets are character offsets into :attr:`SourceText.text`, the normalized text that is
stored with the document, so ``text[span.start:span.end]`` is the quoted source of a fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from accordgraph.loaders.kind import DocumentKind


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of characters in the normalized text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}-{self.end}")

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class Covered:
    """The characters a growing set of spans covers, to ask whether a span overlaps any
    of them at a cost that depends on its length, not on how many spans were added
    (comparing with each one made long documents quadratic).

    >>> covered = Covered()
    >>> covered.add(Span(2, 5))
    >>> covered.overlaps(Span(4, 9)), covered.overlaps(Span(5, 9))
    (True, False)

    Spans within one block of a long text are counted from the block's start
    (``origin``), so that one per block costs the block's length, not the text's:

    >>> in_block = Covered(origin=900_000)
    >>> in_block.add(Span(900_002, 900_005))
    >>> in_block.overlaps(Span(900_004, 900_009)), len(in_block._chars)
    (True, 5)
    """

    def __init__(self, origin: int = 0) -> None:
        self._origin = origin  # no span starts before it
        self._chars = bytearray()  # 1 where an added span covers the character
        self._spans: list[Span] = []
        self._empty = False  # an empty span covers no character yet can overlap

    def add(self, span: Span) -> None:
        self._spans.append(span)
        if span.start == span.end:
            self._empty = True
            return
        start, end = span.start - self._origin, span.end - self._origin
        if len(self._chars) < end:
            self._chars.extend(bytes(end - len(self._chars)))
        self._chars[start:end] = b"\x01" * (end - start)

    def overlaps(self, span: Span) -> bool:
        if self._empty or span.start == span.end:  # never seen in practice: compare all
            return any(s.overlaps(span) for s in self._spans)
        start, end = span.start - self._origin, span.end - self._origin
        return self._chars.find(1, max(start, 0), max(end, 0)) >= 0


BlockKind = Literal["heading", "paragraph", "bullet"]


@dataclass(frozen=True)
class Block:
    """A logical block of the normalized text: a heading, a paragraph or a bullet item."""

    kind: BlockKind
    span: Span
    level: int = 0  # nesting depth of bullets


@dataclass
class SourceText:
    """A file read and normalized: the text the document's offsets refer to."""

    name: str  # file base name
    doc_id: str  # slug used in IRIs and as the named graph
    format: Literal["text", "markdown", "html", "pdf"]
    sha256: str
    text: str
    blocks: list[Block]
    metadata: dict[str, str] = field(default_factory=dict)  # front matter

    def quote(self, span: Span) -> str:
        return self.text[span.start : span.end]


PartKind = Literal[
    "title", "preamble", "section", "area", "subarea", "bullet", "paragraph", "signatures"
]


@dataclass
class Part:
    """A structural unit of the document; ``parent`` indexes another part or is None."""

    index: int
    kind: PartKind
    span: Span
    parent: int | None
    heading: str | None = None
    number: str | None = None
    final_provisions: bool = False  # legal character, discontinuation … (not commitments)


EntityKind = Literal[
    "organization", "person", "facility", "program", "technology", "place", "agreement"
]


@dataclass
class Entity:
    """Something the document names. ``key`` identifies it across documents."""

    kind: EntityKind
    key: str
    label: str
    acronym: str | None = None
    country: str | None = None  # ISO 3166 alpha-2
    org_class: str | None = None  # Government, GovernmentAgency, ResearchInstitute
    reference: bool = False  # built from reference data (then IDs come from there)
    title: str | None = None  # persons: the title they are named with


@dataclass(frozen=True)
class Mention:
    entity: str  # Entity.key
    span: Span


@dataclass
class Partnership:
    members: list[str]  # Entity keys
    span: Span


@dataclass
class Commitment:
    index: int
    form: Literal["statement", "focus"]
    span: Span
    part: int
    modality: str  # modality concept local name (Intend, Expect …)
    modality_span: Span
    actions: list[str] = field(default_factory=list)  # verb lemmas
    actors: list[str] = field(default_factory=list)  # entity keys
    through: list[str] = field(default_factory=list)
    partnerships: list[int] = field(default_factory=list)  # indexes into Extraction.partnerships
    technologies: list[str] = field(default_factory=list)  # concept IRIs
    concerns: list[str] = field(default_factory=list)  # facility / program keys


@dataclass(frozen=True)
class Link:
    organization: str
    technology: str  # concept IRI
    span: Span  # the sentence or bullet naming the organization
    evidence: Span  # where the technology area is named
    commitment: int | None


@dataclass
class Signature:
    person: str
    on_behalf_of: str
    title: str | None
    span: Span


@dataclass
class Agreement:
    key: str
    kind: Literal["MOC", "MOU", "Agreement"]
    title: str | None = None
    short_name: str | None = None
    date: str | None = None  # ISO date of signing
    place: str | None = None
    language: str | None = None  # BCP 47
    participants: list[str] = field(default_factory=list)
    representations: list[tuple[str, str]] = field(default_factory=list)  # (participant, rep)
    signatures: list[Signature] = field(default_factory=list)
    non_binding: bool | None = None
    commits_funds: bool | None = None
    discontinuation_notice: str | None = None  # xsd:duration
    modification: str | None = None
    operative_when: str | None = None
    cites: list[str] = field(default_factory=list)  # entity keys of cited agreements
    evidence: dict[str, Span] = field(default_factory=dict)  # field name -> span


@dataclass
class Extraction:
    """Everything read from one source text."""

    source: SourceText
    agreement: Agreement
    parts: list[Part]
    entities: dict[str, Entity]
    mentions: list[Mention]
    partnerships: list[Partnership]
    commitments: list[Commitment]
    links: list[Link]
    warnings: list[str] = field(default_factory=list)  # what was dropped or repaired, for the user
    kind: DocumentKind = "agreement"  # of the document
    title: str | None = None  # of the document: its front matter's, or its headline
