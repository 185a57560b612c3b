"""Recover a document's structure from its blocks: title, preamble, numbered sections,
areas of cooperation, sub-areas, bullets, paragraphs and the signature block; and split
prose into sentences.

>>> sentence_spans("The U.S. and Japan agree. Dr. J. Smith signed it.", 0)
[Span(start=0, end=25), Span(start=26, end=49)]
"""

from __future__ import annotations

import re

from accordgraph.loaders.model import Block, Part, PartKind, SourceText, Span
from accordgraph.loaders.normalize import is_title_like

_SECTION = re.compile(r"^(?P<number>[IVXL]+|\d{1,2})\.\s+(?P<heading>.+)$")
_OPENING = re.compile(r"The Government of\b")
_HEREINAFTER = re.compile(r"\bhereinafter\b")
_PARTICIPANTS = re.compile(r"\bParticipants?\b")
_SIGNED = re.compile(r"^(?:Signed|Done|Executed)\s+(?:at|in)\b")
_FINAL_PROVISIONS = re.compile(
    r"\b(?:legal|discontinu\w*|terminat\w*|modif\w*|amend\w*|entry into force|operation|final"
    r"|disputes?|duration)\b",
    re.I,
)
_TERMINAL = tuple(".:;!?")


def segment(source: SourceText) -> list[Part]:
    """The parts of a document in reading order (a part's parent comes before it)."""
    text, blocks = source.text, source.blocks
    parts: list[Part] = []

    def add(
        kind: PartKind,
        span: Span,
        parent: int | None,
        heading: str | None = None,
        number: str | None = None,
        final_provisions: bool = False,
    ) -> int:
        parts.append(Part(len(parts), kind, span, parent, heading, number, final_provisions))
        return len(parts) - 1

    def quote(block: Block) -> str:
        return text[block.span.start : block.span.end]

    first_section = next(
        (i for i, b in enumerate(blocks) if b.kind == "heading" and _SECTION.match(quote(b))),
        len(blocks),
    )
    parties = next(
        (
            i
            for i, b in enumerate(blocks[:first_section])
            if b.kind == "paragraph" and _names_the_parties(quote(b))
        ),
        None,
    )
    signed = next(
        (i for i, b in enumerate(blocks) if i > first_section and _SIGNED.match(quote(b))),
        len(blocks),
    )

    if parties:
        add("title", Span(blocks[0].span.start, blocks[parties - 1].span.end), None)
    # Without numbered sections or an opening clause naming the parties (a fact sheet, a
    # joint statement), the whole text is read as one section's: its bullets are bullets.
    body_start = 0 if parties is None and first_section == len(blocks) else first_section
    for block in blocks[parties or 0 : body_start]:
        kind: PartKind = "preamble" if parties is not None else "paragraph"
        add(kind, block.span, None)

    section: int | None = None
    area: int | None = None
    subarea: int | None = None
    last_bullet: int | None = None
    body = blocks[body_start:signed]
    for position, block in enumerate(body):
        content = quote(block)
        numbered = _SECTION.match(content) if block.kind == "heading" else None
        if numbered:
            section = add(
                "section",
                block.span,
                None,
                heading=numbered.group("heading"),
                number=numbered.group("number"),
                final_provisions=bool(_FINAL_PROVISIONS.search(numbered.group("heading"))),
            )
            area = subarea = last_bullet = None
        elif block.kind == "heading":
            area = add("area", block.span, section, heading=content)
            subarea = last_bullet = None
        elif block.kind == "bullet" and _is_subarea(content, body[position + 1 : position + 2]):
            subarea = add(
                "subarea", block.span, area if area is not None else section, heading=content
            )
            last_bullet = None
        elif block.kind == "bullet":
            container = subarea if subarea is not None else area if area is not None else section
            parent = last_bullet if block.level > 0 and last_bullet is not None else container
            index = add("bullet", block.span, parent)
            if block.level == 0:
                last_bullet = index
        else:
            container = subarea if subarea is not None else area if area is not None else section
            add("paragraph", block.span, container)
            last_bullet = None
    if signed < len(blocks):
        add("signatures", Span(blocks[signed].span.start, blocks[-1].span.end), None)

    # A container covers its own heading and everything under it.
    for part in reversed(parts):
        if part.parent is not None:
            enclosing = parts[part.parent]
            if part.span.end > enclosing.span.end:
                enclosing.span = Span(enclosing.span.start, part.span.end)
    for part in parts:
        if part.parent is not None and parts[part.parent].final_provisions:
            part.final_provisions = True
    return parts


def _names_the_parties(paragraph: str) -> bool:
    """The opening clause: "The Government of …", or "hereinafter" and later "Participants".

    Two searches, not one pattern ``hereinafter.*Participants``, which backtracks over
    the rest of the paragraph from every "hereinafter" (quadratic time)."""
    if _OPENING.match(paragraph):
        return True
    hereinafter = _HEREINAFTER.search(paragraph)
    if hereinafter is None:
        return False
    return _PARTICIPANTS.search(paragraph, hereinafter.end()) is not None


def _is_subarea(content: str, following: list[Block]) -> bool:
    """A bullet that is only a title, followed by prose, heads a sub-area."""
    return (
        not content.endswith(_TERMINAL)
        and is_title_like(content)
        and bool(following)
        and following[0].kind == "paragraph"
    )


def headline(text: str, parts: list[Part]) -> str | None:
    """The title part's longest paragraph: the headline, without the running head and date
    lines printed around it; ``None`` for a document without a title part.

    >>> text = "Administration of X, 2025\\n\\nJoint Statement on a Memorandum\\n\\nMay 1, 2025"
    >>> headline(text, [Part(0, "title", Span(0, len(text)), None)])
    'Joint Statement on a Memorandum'
    """
    part = next((p for p in parts if p.kind == "title"), None)
    if part is None:
        return None
    lines = text[part.span.start : part.span.end].split("\n\n")
    return " ".join(max(lines, key=len).split()) or None


def innermost_part(parts: list[Part], span: Span) -> Part | None:
    """The deepest part whose span contains ``span``."""
    best: Part | None = None
    for part in parts:
        if part.span.contains(span) and (best is None or best.span.contains(part.span)):
            best = part
    return best


def innermost_parts(parts: list[Part], spans: list[Span]) -> list[Part | None]:
    """:func:`innermost_part` of each of ``spans``, in one sweep over the text: calling
    it for each of many spans compares each with every part (quadratic time)."""
    by_start = sorted(parts, key=lambda p: p.span.start)
    result: list[Part | None] = [None] * len(spans)
    covering: list[Part] = []  # the parts that start before a span and do not end before it
    added = 0
    for i in sorted(range(len(spans)), key=lambda i: spans[i].start):
        span = spans[i]
        while added < len(by_start) and by_start[added].span.start <= span.start:
            covering.append(by_start[added])
            added += 1
        covering = [p for p in covering if p.span.end >= span.start]
        result[i] = innermost_part(sorted(covering, key=lambda p: p.index), span)
    return result


_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|No|Nos|Inc|Co|Corp|Ltd|vs|etc|e\.g|i\.e|"
    r"Art|Sec|Vol|approx|Gov|Dept)\.)$"
)
_ABBREVIATION_LENGTH = 16  # longer than any abbreviation _ABBREVIATION matches, with context
_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")


def sentence_spans(text: str, offset: int) -> list[Span]:
    """Split prose into sentences; offsets are shifted by ``offset``. Abbreviations such as
    "U.S." and initials do not end a sentence."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        # Only the end of the sentence so far can be an abbreviation; searching all of it
        # is quadratic when abbreviations follow each other ("U.S. U.S. …").
        head = text[max(start, match.start() + 1 - _ABBREVIATION_LENGTH) : match.start() + 1]
        if _ABBREVIATION.search(head):
            continue
        end = match.end()
        sentence = text[start:end].rstrip()
        if sentence:
            spans.append(Span(offset + start, offset + start + len(sentence)))
        start = end
    tail = text[start:].rstrip()
    if tail:
        spans.append(Span(offset + start, offset + start + len(tail)))
    return spans
