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
    Company: URIRef  # Company
    DocumentPart: URIRef  # Document part
    Facility: URIRef  # Facility
    FocusArea: URIRef  # Focus area
    Government: URIRef  # Government
    GovernmentAgency: URIRef  # Government agency
    IndustryAssociation: URIRef  # Industry association
    IntentionStatement: URIRef  # Intention statement
    InternationalOrganization: URIRef  # International organization
    MemorandumOfCooperation: URIRef  # Memorandum of Cooperation
    MemorandumOfUnderstanding: URIRef  # Memorandum of Understanding
    Mention: URIRef  # Mention
    MultilateralGrouping: URIRef  # Multilateral grouping
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
    StandardsBody: URIRef  # Standards body
    SubArea: URIRef  # Sub-area
    Title: URIRef  # Title
    University: URIRef  # University

    # Object properties
    action: URIRef  # action
    actor: URIRef  # actor
    agreement: URIRef  # agreement
    cites: URIRef  # cites
    commitment: URIRef  # commitment
    concerns: URIRef  # concerns
    country: URIRef  # country
    documentKind: URIRef  # document kind
    expresses: URIRef  # expresses
    graphStoreEndpoint: URIRef  # graph store endpoint
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
    enumerationLabel: URIRef  # enumeration label
    extractionSummary: URIRef  # extraction summary
    fileName: URIRef  # file name
    heading: URIRef  # heading
    modificationProcedure: URIRef  # modification procedure
    number: URIRef  # number
    operativeWhen: URIRef  # operative when
    order: URIRef  # order
    quote: URIRef  # quote
    referenceKey: URIRef  # reference key
    sha256: URIRef  # SHA-256
    sourceKey: URIRef  # source key
    storeVersion: URIRef  # store version
    text: URIRef  # normalized text
    writePending: URIRef  # write pending

    # Concept schemes
    ActionScheme: URIRef  # Action
    DocumentKindScheme: URIRef  # Document kind
    LegalCharacterScheme: URIRef  # Legal character
    ModalityScheme: URIRef  # Modality

    # Concepts
    Agree: URIRef  # agree
    AgreementText: URIRef  # agreement text
    Aim: URIRef  # aim
    Announce: URIRef  # announce
    Commit: URIRef  # commit
    Direct: URIRef  # direct
    ExecutiveDocument: URIRef  # executive order or memorandum
    Expect: URIRef  # expect
    FactSheet: URIRef  # fact sheet
    Intend: URIRef  # intend
    JointStatement: URIRef  # joint statement
    LegallyBinding: URIRef  # legally binding
    NonBinding: URIRef  # non-binding
    OtherDocument: URIRef  # other
    Plan: URIRef  # plan
    RemarksOrBriefing: URIRef  # remarks or briefing
    Seek: URIRef  # seek
    Will: URIRef  # will

    _NS = Namespace("https://w3id.org/accordgraph/ontology#")
