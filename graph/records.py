"""The records that lookups return (:mod:`accordgraph.graph.lookup`).

Pydantic models, so the HTTP API serves them as they are (its OpenAPI schema is generated
from them, examples included) and a notebook gets typed objects with ``model_dump()``.
Every record carries the IRI of what it describes; ``id`` is the part of the IRI after
the collection (``org/nsf`` → ``nsf``), the key the API's paths use.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from accordgraph.loaders.kind import DocumentKind

T = TypeVar("T")

ID = "https://w3id.org/accordgraph/id/"
NSF = ID + "org/nsf"
USG = {"id": "usg", "iri": ID + "org/usg", "label": "Government of the United States of America"}
OSTP = {"id": "ostp", "iri": ID + "org/ostp", "label": "Office of Science and Technology Policy"}
TRUMP = {"id": "donald-j-trump", "iri": ID + "person/donald-j-trump", "label": "Donald J. Trump"}
TOKYO = {"id": "tokyo", "iri": ID + "place/tokyo", "label": "Tokyo"}
ICNT = {
    "id": "integrated-communication-and-networking-technologies",
    "iri": ID + "technology/integrated-communication-and-networking-technologies",
    "label": "Integrated Communication and Networking Technologies",
}
MOC = "https://w3id.org/accordgraph/id/agreement/moc-jp-us-2025-10-28"
DOC = "https://w3id.org/accordgraph/id/doc/us-japan-tpd-2025"


OrganizationKind = Literal[
    "government",
    "government-agency",
    "research-institute",
    "university",
    "company",
    "industry-association",
    "international-organization",
    "standards-body",
    "multilateral-grouping",
    "organization",
]
Modality = Literal[
    "will", "commit", "intend", "plan", "expect", "aim", "seek", "agree", "announce", "direct"
]
SearchType = Literal[
    "organization", "technology", "agreement", "document", "person", "place", "country",
    "facility", "program", "partnership",
]  # fmt: skip


MOC_DOCUMENT: dict[str, Any] = {
    "id": "us-japan-tpd-2025",
    "iri": DOC,
    "file_name": "us-japan-tpd-2025.txt",
    "format": "text/plain",
    "sha256": "e9f7ffd53a528a29dfe874663e75896637e0b3ee57ced46f446af4a20ef2121e",
    "characters": 10863,
    "title": None,
    "kind": "agreement",
    "date": "2025-10-28",
    "agreement": {
        "id": "moc-jp-us-2025-10-28",
        "iri": MOC,
        "label": "Technology Prosperity Deal MOC",
    },
    "commitments": 26,
}
NSF_RECORD: dict[str, Any] = {
    "id": "nsf",
    "iri": NSF,
    "label": "National Science Foundation",
    "acronym": "NSF",
    "name_ja": "米国国立科学財団",
    "kind": "government-agency",
    "country": "US",
    "identifiers": {"ror": "https://ror.org/021nxhr62"},
    "documents": 1,
}


def example(frozen: bool = False, **fields: Any) -> ConfigDict:
    """A model config whose OpenAPI schema shows ``fields`` as its example."""
    return ConfigDict(frozen=frozen, json_schema_extra={"examples": [fields]})


class Ref(BaseModel):
    """A link to another resource: its key, IRI and English label."""

    model_config = example(id="nsf", iri=NSF, label="National Science Foundation")
    id: str
    iri: str
    label: str


class Span(BaseModel):
    """Exact characters of a document's normalized text (``ag:text``), end exclusive."""

    model_config = example(
        iri=DOC + "/span/2794-3118",
        document="us-japan-tpd-2025",
        start=2794,
        end=3118,
        text_url="/api/documents/us-japan-tpd-2025/text?start=2794&end=3118",
    )
    iri: str
    document: str
    start: int
    end: int
    text_url: str = Field(description="Where the API serves exactly these characters")


class Identifiers(BaseModel):
    """External identifiers, taken only from the reference data."""

    model_config = example(
        ror="https://ror.org/021nxhr62", wikidata="http://www.wikidata.org/entity/Q304878"
    )
    ror: str | None = None
    wikidata: str | None = None


class Organization(BaseModel):
    """One organization, as listed."""

    model_config = example(**NSF_RECORD)
    id: str
    iri: str
    label: str
    acronym: str | None = None
    name_ja: str | None = None
    kind: OrganizationKind
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code")
    identifiers: Identifiers
    documents: int = Field(description="How many stored documents name it")


class TechnologyCount(BaseModel):
    """A technology area with the number of commitments behind it."""

    model_config = example(
        area={"id": "open-ran", "iri": ID + "technology/open-ran", "label": "Open RAN"},
        category=ICNT,
        commitments=1,
    )
    area: Ref
    category: Ref
    commitments: int


class Commitment(BaseModel):
    """One stated intention with the exact text it was read from."""

    model_config = example(
        id="us-japan-tpd-2025/commitment/3",
        iri=DOC + "/commitment/3",
        number=3,
        form="focus-area",
        modality="intend",
        actions=["accelerate"],
        quote="Accelerating the application of AI to science …",
        section="II. Areas of Cooperation › Science and Technology Partnership",
        document="us-japan-tpd-2025",
        agreement={
            "id": "moc-jp-us-2025-10-28",
            "iri": MOC,
            "label": "Technology Prosperity Deal MOC",
        },
        span={
            "iri": DOC + "/span/2794-3118",
            "document": "us-japan-tpd-2025",
            "start": 2794,
            "end": 3118,
            "text_url": "/api/documents/us-japan-tpd-2025/text?start=2794&end=3118",
        },
        actors=[],
        through=[{"id": "nsf", "iri": NSF, "label": "National Science Foundation"}],
        partnerships=[],
        technology_areas=[],
    )
    id: str
    iri: str
    number: int
    form: Literal["statement", "focus-area"]
    modality: Modality
    actions: list[str]
    quote: str
    section: str | None
    document: str
    agreement: Ref | None
    span: Span
    actors: list[Ref]
    through: list[Ref]
    partnerships: list[Ref]
    technology_areas: list[Ref]


class OrganizationDetail(Organization):
    """One organization with everything the store says about it."""

    model_config = example(
        **NSF_RECORD,
        alt_labels=["NSF"],
        parent=USG,
        children=[],
        named_in=[{"id": "us-japan-tpd-2025", "iri": DOC, "label": "us-japan-tpd-2025.txt"}],
        partnerships=[],
        technology_areas=[],
        commitments=[],
        commitments_total=2,
        named_in_total=1,
    )

    alt_labels: list[str]
    parent: Ref | None
    children: list[Ref]
    named_in: list[Ref] = Field(description="Documents that name it, by title")
    named_in_total: int = Field(description="How many documents name it")
    partnerships: list[Ref]
    technology_areas: list[TechnologyCount]
    commitments: list[Commitment] = Field(description="The first 100, in text order")
    commitments_total: int


class TechnologyNode(BaseModel):
    """A node of the technology tree; counts include the areas below it."""

    model_config = example(
        id="quantum-information-and-enabling-technologies",
        iri="https://w3id.org/accordgraph/id/technology/quantum-information-and-enabling-technologies",
        label="Quantum Information and Enabling Technologies",
        cet=True,
        commitments=5,
        organizations=2,
        narrower=[],
    )
    id: str
    iri: str
    label: str
    cet: bool = Field(description="A category of the US Critical and Emerging Technologies list")
    commitments: int
    organizations: int
    narrower: list[TechnologyNode]


class TechnologyDetail(BaseModel):
    """One technology area, its place in the tree, and who commits to what under it."""

    model_config = example(
        id="open-ran",
        iri="https://w3id.org/accordgraph/id/technology/open-ran",
        label="Open RAN",
        alt_labels=["O-RAN"],
        definition="Radio access network architectures built on open, interoperable interfaces …",
        cet=False,
        category=ICNT,
        broader=[],
        narrower=[],
        organizations=[],
        commitments=[],
        commitments_total=1,
    )
    id: str
    iri: str
    label: str
    alt_labels: list[str]
    definition: str | None
    cet: bool
    category: Ref
    broader: list[Ref]
    narrower: list[Ref]
    organizations: list[Ref] = Field(description="Linked to this area or one below it")
    commitments: list[Commitment] = Field(
        description="About this area or one below it: the first 100, in text order"
    )
    commitments_total: int


class Document(BaseModel):
    """One stored source document."""

    model_config = example(**MOC_DOCUMENT)
    id: str
    iri: str
    file_name: str
    format: str | None
    sha256: str
    characters: int
    title: str | None  # from the front matter
    kind: DocumentKind  # what the document is (agreement text, fact sheet …)
    date: str | None  # from the front matter, else the date of signing
    agreement: Ref | None
    commitments: int


class Part(BaseModel):
    """A structural part of a document, in reading order."""

    model_config = example(
        id="us-japan-tpd-2025/part/11",
        iri=DOC + "/part/11",
        kind="Section",
        order=11,
        number="II",
        heading="Areas of Cooperation",
        parent=None,
        start=2200,
        end=9336,
    )
    id: str
    iri: str
    kind: str
    order: int
    number: str | None
    heading: str | None
    parent: str | None = Field(description="The id of the enclosing part")
    start: int
    end: int


class DocumentDetail(Document):
    """One document with its parts in reading order."""

    model_config = example(**MOC_DOCUMENT, parts=[])
    parts: list[Part]


class Participant(BaseModel):
    """A party to an agreement and the office that represents it."""

    model_config = example(organization=USG, represented_by=OSTP)
    organization: Ref
    represented_by: Ref | None


class Signature(BaseModel):
    model_config = example(person=TRUMP, title="President", on_behalf_of=USG)
    person: Ref
    title: str | None
    on_behalf_of: Ref | None


class Signing(BaseModel):
    model_config = example(date="2025-10-28", place=TOKYO, signatures=[])
    date: str | None
    place: Ref | None
    signatures: list[Signature]


class Agreement(BaseModel):
    """One agreement: what it is, who is party to it, how it was signed."""

    model_config = example(
        id="moc-jp-us-2025-10-28",
        iri=MOC,
        label="Technology Prosperity Deal MOC",
        title="Memorandum of Cooperation Regarding the Technology Prosperity Deal …",
        kinds=["MemorandumOfCooperation"],
        date="2025-10-28",
        legal_character="non-binding",
        commits_funds=False,
        discontinuation_notice="P180D",
        participants=[],
        signing=None,
        documents=[],
        cites=[],
        commitments=26,
    )
    id: str
    iri: str
    label: str
    title: str | None
    kinds: list[str]
    date: str | None
    language: str | None = None
    legal_character: str | None
    commits_funds: bool | None
    discontinuation_notice: str | None
    operative_when: str | None = None
    modification: str | None = None
    participants: list[Participant]
    signing: Signing | None
    documents: list[Ref]
    cites: list[Ref]
    commitments: int


class SearchHit(BaseModel):
    """One search result: what matched, how well (1 = exact), and what it is."""

    model_config = example(
        id="mic",
        iri="https://w3id.org/accordgraph/id/org/mic",
        label="Ministry of Internal Affairs and Communications",
        type="organization",
        matched="総務省",
        score=1.0,
    )
    id: str
    iri: str
    label: str
    type: SearchType
    matched: str = Field(description="The label, acronym or alias that matched")
    score: float


class Page(BaseModel, Generic[T]):
    """One page of a list in a stable order, with the total across all pages."""

    model_config = example(total=0, offset=0, limit=50, items=[])

    total: int
    offset: int
    limit: int
    items: list[T]
