"""What kind of document a text is: the text of an agreement, a joint statement, a fact
sheet, an executive order or memorandum, remarks or a briefing, or something else; and
whether it is a government text at all.

>>> document_kind("Joint Statement of the United States and Japan", "The leaders …")
'joint statement'
>>> document_kind("Phnom Penh Statement on Trilateral Partnership", "Today in Phnom Penh …")
'joint statement'
>>> document_kind("Statement by President Biden on the Vote", "Today the Senate …")
'other'
>>> document_kind("", "This Memorandum of Cooperation (hereinafter the \\"MOC\\") …")
'agreement'
>>> document_kind("accordgraph", "pip install accordgraph")
'other'
>>> document_kind("President Biden Signs Executive Order on X", "Today, President Biden …")
'fact sheet'
>>> document_kind("President Biden Signs Executive Order on X", "By the authority vested in me …")
'executive'
"""

from __future__ import annotations

import re
from typing import Literal, get_args

DocumentKind = Literal[
    "agreement", "joint statement", "fact sheet", "executive", "remarks", "other"
]
KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)

# Cues in the title (or, failing one, the opening of the text), in order of precedence:
# "Fact Sheet: … Joint Statement" is a fact sheet, "Remarks … on the Executive Order"
# are remarks.
_TITLE_CUES: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    ("fact sheet", re.compile(r"\bfact ?sheet\b", re.I)),
    (
        "remarks",
        re.compile(r"\b(?:remarks|press (?:briefing|gaggle|call|conference)|interview)\b", re.I),
    ),
    (
        "executive",
        re.compile(
            r"\b(?:executive order|(?:presidential|national security) memorandum|"
            r"memorandum (?:on|for)|proclamation|presidential (?:determination|action))\b",
            re.I,
        ),
    ),
    (
        "joint statement",
        re.compile(
            r"\bjoint(?:\s+[\w’'-]+){0,3}?\s+(?:statement|declaration|communiqu[eé])"
            r"|\bcommuniqu[eé]\b|\bdeclaration\b"
            # "Phnom Penh Statement on Trilateral Partnership", "G7 Leaders’ Statement";
            # not one speaker's "Statement by …", "President Biden Statement on …",
            # "Chair’s Statement"
            r"|(?-i:^(?!.*\b(?:President|Secretary|Director|Lady|Administrator|Ambassador|"
            r"Advisor|Adviser|Spokesperson|House|Press)\b.*Statement)(?!.*['’]s Statement\b)"
            r".*\b(?<!^)Statement\b(?!\s+(?:by|from)\b))",
            re.I,
        ),
    ),
    (
        "agreement",
        re.compile(
            r"\b(?:memorandum of (?:understanding|cooperation)|agreement between|"
            r"arrangement between|implementing arrangement)\b",
            re.I,
        ),
    ),
)
_SELF_DEFINED = re.compile(
    r"\b[Tt]his (?:Memorandum|Agreement|Arrangement)\b[^.]{0,200}\(hereinafter\b"
)
_AGREEMENT_TEXT = re.compile(r"\bthe (?:Participants|Parties)\b")
_EXECUTIVE_TEXT = re.compile(r"\bBy the authority vested in me\b")
# "President Biden Signs Executive Order on …": a release about an order
_ORDER_ANNOUNCED = re.compile(
    r"\b(?:signs|signed|issues|issued|announces|announced)\b.{0,40}?\b(?:executive order|"
    r"memorandum)\b",
    re.I,
)
_OPENING = 600  # characters of the text read when the title says nothing


def document_kind(title: str, text: str) -> DocumentKind:
    """The kind of a document with this title and text (one of :data:`KINDS`)."""
    title = " ".join(title.split())  # no-break spaces, line breaks
    if _SELF_DEFINED.search(text):
        return "agreement"  # the agreement's own words, however it was published
    for kind, cue in _TITLE_CUES:
        if cue.search(title):
            announced = kind == "executive" and _ORDER_ANNOUNCED.search(title)
            if announced and not _EXECUTIVE_TEXT.search(text, 0, 5000):
                return "fact sheet"  # a release on an order, not the order
            return kind
    if _EXECUTIVE_TEXT.search(text, 0, 5000):
        return "executive"
    if _AGREEMENT_TEXT.search(text):
        return "agreement"
    opening = text[:_OPENING]
    for kind, cue in _TITLE_CUES:
        if cue.search(opening):
            return kind
    return "other"


# Software documentation, not a government text: code blocks and shell commands.
_NOT_GOVERNMENT = re.compile(r"^(?:```|~~~|\$ |pip install |python -m )", re.M)


def is_government_text(text: str) -> bool:
    """Whether a text reads as a government document; a README with code blocks and
    shell commands does not, however many agencies it names.

    >>> is_government_text("The Participants intend to cooperate.")
    True
    >>> is_government_text("Install it:\\n```\\npip install accordgraph\\n```")
    False
    """
    return _NOT_GOVERNMENT.search(text) is None
