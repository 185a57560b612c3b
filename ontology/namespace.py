"""Terms of the accordgraph ontology (generated from accordgraph.ttl; do not edit).

Regenerate with ``python -m accordgraph.ontology.generate``.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class AG(DefinedNamespace):
    """The accordgraph ontology namespace."""

    _fail = True

    # Classes
    Agreement: URIRef  # Agreement
    AreaOfCooperation: URIRef  # Area of cooperation
    Bullet: URIRef  # Bullet
    Commitment: URIRef  # Commitment
    DocumentPart: URIRef  # Document part
    Facility: URIRef  # Facility
    FocusArea: URIRef  # Focus area
    Government: URIRef  # Government
    GovernmentAgency: URIRef  # Government agency
    IntentionStatement: URIRef  # Intention statement
    MemorandumOfCooperation: URIRef  # Memorandum of Cooperation
    MemorandumOfUnderstanding: URIRef  # Memorandum of Understanding
    Mention: URIRef  # Mention
    OrganizationTechnologyLink: URIRef  # Organization–technology link
    Paragraph: URIRef  # Paragraph
    Partnership: URIRef  # Partnership
    PreambleClause: URIRef  # Preamble clause
    Program: URIRef  # Program
    Representation: URIRef  # Representation
    ResearchInstitute: URIRef  # Research institute
    Section: URIRef  # Section
    Signature: URIRef  # Signature
    SignatureBlock: URIRef  # Signature block
    Signing: URIRef  # Signing
    SourceDocument: URIRef  # Source document
    SubArea: URIRef  # Sub-area
    Title: URIRef  # Title

    # Object properties
    action: URIRef  # action
    actor: URIRef  # actor
    agreement: URIRef  # agreement
    cites: URIRef  # cites
    commitment: URIRef  # commitment
    concerns: URIRef  # concerns
    country: URIRef  # country
    expresses: URIRef  # expresses
    inPart: URIRef  # in part
    legalCharacter: URIRef  # legal character
    mentions: URIRef  # mentions
    modality: URIRef  # modality
    onBehalfOf: URIRef  # on behalf of
    organization: URIRef  # organization
    part: URIRef  # part
    participant: URIRef  # participant
    property: URIRef  # property
    representation: URIRef  # representation
    representative: URIRef  # representative
    represents: URIRef  # represents
    ror: URIRef  # ROR ID
    signatory: URIRef  # signatory
    signing: URIRef  # signing
    sourceDocument: URIRef  # source document
    span: URIRef  # span
    technologyArea: URIRef  # technology area
    through: URIRef  # through
    viaPartnership: URIRef  # via partnership
    wikidata: URIRef  # Wikidata item

    # Datatype properties
    commitsFunds: URIRef  # commits funds
    countryCode: URIRef  # country code
    discontinuationNotice: URIRef  # discontinuation notice period
    extractionSummary: URIRef  # extraction summary
    fileName: URIRef  # file name
    heading: URIRef  # heading
    inherited: URIRef  # inherited
    modificationProcedure: URIRef  # modification procedure
    number: URIRef  # number
    operativeWhen: URIRef  # operative when
    order: URIRef  # order
    quote: URIRef  # quote
    referenceKey: URIRef  # reference key
    sha256: URIRef  # SHA-256
    storeVersion: URIRef  # store version
    text: URIRef  # normalized text

    # Concept schemes
    ActionScheme: URIRef  # Action
    LegalCharacterScheme: URIRef  # Legal character
    ModalityScheme: URIRef  # Modality

    # Concepts
    Aim: URIRef  # aim
    Commit: URIRef  # commit
    Expect: URIRef  # expect
    Intend: URIRef  # intend
    LegallyBinding: URIRef  # legally binding
    NonBinding: URIRef  # non-binding
    Plan: URIRef  # plan
    Seek: URIRef  # seek
    Will: URIRef  # will

    _NS = Namespace("https://w3id.org/accordgraph/ontology#")
