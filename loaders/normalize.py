"""Normalize a document's text: hard wraps, page numbers, hyphenation and markup removed.

The result is the text the project stores; every selector's offsets count its
characters. Blocks (headings, paragraphs, bullets) are separated by a blank line and
bullets start with ``• `` whatever marker the file used.

>>> raw = "I. Purpose\\nThe aim is to fur-\\nther work.\\n\\n2\\n\\n• One\\n  item;"
>>> text, blocks = normalize_text(raw)
>>> print(text)
I. Purpose
<BLANKLINE>
The aim is to further work.
<BLANKLINE>
• One item;
>>> [(b.kind, text[b.span.start:b.span.end]) for b in blocks]
[('heading', 'I. Purpose'), ('paragraph', 'The aim is to further work.'), ('bullet', 'One item;')]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from accordgraph.loaders.model import Block, BlockKind, Span

BULLET = "• "

# Possessive quantifiers (*+, ++): the runs of white space next to each other would
# otherwise be split every possible way before a line is rejected (cubic time).
_PAGE_NUMBER = re.compile(r"^\s*+(?:page\s++)?-?\s*+\d{1,4}\s*+-?\s*+(?:of\s++\d{1,4})?\s*+$", re.I)
_TEXT_BULLET = re.compile(r"^[•◦▪‣○●■□\-–*]\s+")
_NUMBERED_HEADING = re.compile(r"^(?:[IVXL]+|\d{1,2})\.\s+[A-Z][^.;:]*$")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_LINE = re.compile(rf"^(?:{_MONTHS})\s+\d{{1,2}},\s+\d{{4}}$")
_TERMINAL = tuple('.:;!?"”’)')
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


@dataclass
class _Unit:
    kind: BlockKind
    lines: list[str]
    level: int = 0
    heading: bool = False  # markdown: the unit was set in bold on its own

    @property
    def first(self) -> str:
        return self.lines[0] if self.lines else ""


def normalize_text(body: str) -> tuple[str, list[Block]]:
    """Normalize PDF-extracted plain text."""
    return _render(_text_units(body), body)


def normalize_markdown(body: str) -> tuple[str, list[Block]]:
    """Normalize Markdown (front matter already removed)."""
    return _render(_markdown_units(body), body)


# ----------------------------------------------------------------------------- plain text


def _text_units(body: str) -> list[_Unit]:
    units: list[_Unit] = []
    current: _Unit | None = None
    blank_before = True
    for raw in body.split("\n"):
        line = _clean(raw)
        if _PAGE_NUMBER.match(line) and line:
            continue  # a page number is neither text nor a paragraph break
        if not line:
            current = None
            blank_before = True
            continue
        bullet = _TEXT_BULLET.match(line)
        starts_unit = (
            current is None
            or bullet is not None
            or _NUMBERED_HEADING.match(line) is not None
            or _DATE_LINE.match(line) is not None
            or (current.lines and _NUMBERED_HEADING.match(current.lines[-1]) is not None)
            or (current.lines and _DATE_LINE.match(current.lines[-1]) is not None)
        )
        if starts_unit:
            if bullet:
                current = _Unit("bullet", [line[bullet.end() :]])
            else:
                continuation = (
                    blank_before
                    and units
                    and units[-1].kind in ("paragraph", "bullet")
                    and not units[-1].lines[-1].endswith(_TERMINAL)
                    and line[0].islower()
                )
                if continuation:
                    # A blank line (often a page break) inside a sentence: same paragraph.
                    current = units[-1]
                    current.lines.append(line)
                    blank_before = False
                    continue
                current = _Unit("paragraph", [line])
            units.append(current)
        else:
            assert current is not None
            current.lines.append(line)
        blank_before = False
    for unit in units:
        if unit.kind == "paragraph" and _looks_like_heading(unit):
            unit.kind = "heading"
    return units


def _looks_like_heading(unit: _Unit) -> bool:
    if len(unit.lines) != 1:
        return False
    line = unit.first
    if _NUMBERED_HEADING.match(line):
        return True
    if line.endswith(_TERMINAL) or line.isupper() or _DATE_LINE.match(line):
        return False
    return is_title_like(line)


def is_title_like(line: str) -> bool:
    """Short, capitalized like a heading: at most 12 words, most longer words capitalized.

    >>> is_title_like("Accelerating AI Adoption and Innovation"), is_title_like("The aim is this")
    (True, False)
    """
    words = line.split()
    if not 1 <= len(words) <= 12 or not line[0].isupper():
        return False
    long_words = [w for w in words if len(w) > 3]
    capitalized = [w for w in long_words if w[0].isupper() or not w[0].isalpha()]
    return len(capitalized) >= max(1, 0.75 * len(long_words))


# ----------------------------------------------------------------------------- markdown

_MD_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_MD_HEADING = re.compile(r"\s*+#{1,6}\s++")  # what opens a heading line
_BOLD_ONLY = re.compile(r"^\s*(?:\*\*[^*]+\*\*\s*)+$")


def _heading(line: str) -> str | None:
    """The text of a Markdown heading line ("## Title ##" → "Title"), or None.

    Stripped with str methods, not with a pattern such as ``(.*?)\\s*#*\\s*$``, which
    tries every split of a run of white space at every position (cubic time).
    """
    opening = _MD_HEADING.match(line)
    if opening is None:
        return None
    return line[opening.end() :].rstrip().rstrip("#").rstrip()


def _without_comments(body: str) -> str:
    """HTML comments replaced by the line breaks they contain.

    A scan, not the pattern ``<!--.*?-->``, which searches the rest of the text again
    from every "<!--" that is never closed (quadratic time).

    >>> _without_comments("a<!-- x\\ny -->b<!-- open")
    'a\\nb<!-- open'
    """
    pieces: list[str] = []
    position = 0
    while (start := body.find("<!--", position)) >= 0:
        end = body.find("-->", start + 4)
        if end < 0:
            break  # no later comment can be closed either
        pieces += [body[position:start], "\n" * body.count("\n", start, end)]
        position = end + 3
    pieces.append(body[position:])
    return "".join(pieces)


def _markdown_units(body: str) -> list[_Unit]:
    body = _without_comments(body)
    units: list[_Unit] = []
    current: _Unit | None = None
    for raw in body.split("\n"):
        if not raw.strip():
            current = None
            continue
        hard_break = raw.endswith("  ")
        heading = _heading(raw)
        bullet = _MD_BULLET.match(raw)
        if heading is not None:
            units.append(_Unit("heading", [_strip_inline(heading)]))
            current = None
            continue
        if bullet:
            level = len(bullet.group(1).expandtabs(4)) // 4
            content = bullet.group(2)
            if _BOLD_ONLY.match(content) and hard_break:
                # "-   **Research Security**  " then prose: a titled sub-area
                units.append(_Unit("bullet", [_strip_inline(content)], level, heading=True))
                current = _Unit("paragraph", [], level)
            else:
                current = _Unit("bullet", [_strip_inline(content)], level)
            units.append(current)
            continue
        if _BOLD_ONLY.match(raw) and (current is None or hard_break):
            units.append(_Unit("heading", [_strip_inline(raw)], heading=True))
            current = _Unit("paragraph", []) if hard_break else None
            if current is not None:
                units.append(current)
            continue
        if current is None:
            current = _Unit("paragraph", [])
            units.append(current)
        current.lines.append(_strip_inline(raw))
    units = [u for u in units if any(line for line in u.lines)]
    for unit in units:
        if unit.kind == "paragraph" and len(unit.lines) == 1:
            line = unit.first
            if _NUMBERED_HEADING.match(line):
                unit.kind = "heading"
    return units


_EMPHASIS = re.compile(r"\*+|(?<!\w)_{1,2}(?=\w)|(?<=\w)_{1,2}(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def _strip_inline(line: str) -> str:
    line = _EMPHASIS.sub("", line)
    line = _ESCAPE.sub(r"\1", line)
    return _clean(line)


# ----------------------------------------------------------------------------- rendering


def _clean(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    return _SPACES.sub(" ", line).strip()


_WORD = re.compile(r"\w+")
_JOIN_CONTEXT = 64  # characters at the end of a paragraph that decide how a line joins it
_WORD_BEFORE = re.compile(rf"\w{{1,{_JOIN_CONTEXT - 1}}}$")
_HYPHENATED = re.compile(r"(\w+)-$")


def _compound_test(body: str) -> Callable[[str, str], bool]:
    """Whether "left-right" occurs in the document as a compound: ``left`` is the word
    before a line-end hyphen (its last 63 characters at most) and ``right`` the next line.

    Every hyphen of the document is indexed once, by the word before it, with the sorted
    words after it; searching the whole document for each line-end hyphen was quadratic.
    """
    index: dict[str, list[str]] | None = None

    def build() -> dict[str, list[str]]:
        flat = body.replace("\n", " ")
        words: defaultdict[str, list[str]] = defaultdict(list)
        hyphen = flat.find("-")
        while hyphen >= 0:
            before = _WORD_BEFORE.search(flat, max(0, hyphen - _JOIN_CONTEXT + 1), hyphen)
            if before:
                after = _WORD.match(flat, hyphen + 1)
                words[before.group(0)].append(after.group(0) if after else "")
            hyphen = flat.find("-", hyphen + 1)
        for following in words.values():
            following.sort()
        return words

    def test(left: str, right: str) -> bool:
        nonlocal index
        index = build() if index is None else index
        following = index.get(left, [])
        word = _WORD.match(right)
        start = word.group(0) if word else ""
        at = bisect_left(following, start)
        return at < len(following) and following[at].startswith(start)

    return test


def _join(lines: list[str], compound: Callable[[str, str], bool]) -> str:
    """Join the wrapped lines of a paragraph, undoing end-of-line hyphenation.

    A hyphen at a line end is dropped ("fur-" + "ther") unless the hyphenated word also
    occurs elsewhere in the document ("high-" + "power" when "high-power" does), which
    keeps real compounds. Only the end of the paragraph so far is looked at, and the
    pieces are joined once: concatenating the growing paragraph line by line, or
    searching all of it, is quadratic.
    """
    pieces: list[str] = []
    end = ""  # the last _JOIN_CONTEXT characters joined so far
    for line in lines:
        piece = " " + line
        if not end or (end.endswith(("—", "–")) and line[:1].isalpha()):
            piece = line
        elif end.endswith("-") and line[:1].islower():
            hyphen = _HYPHENATED.search(end)
            if hyphen:
                piece = line
                if not compound(hyphen.group(1), line):
                    pieces[-1] = pieces[-1][:-1]
                    end = end[:-1]
        if piece:
            pieces.append(piece)
            end = (end + piece)[-_JOIN_CONTEXT:]
    return "".join(pieces)


def _render(units: list[_Unit], body: str) -> tuple[str, list[Block]]:
    compound = _compound_test(body)
    pieces: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for unit in units:
        content = _join(unit.lines, compound)
        if not content:
            continue
        if pieces:
            pieces.append("\n\n")
            offset += 2
        prefix = BULLET if unit.kind == "bullet" else ""
        pieces.append(prefix + content)
        start = offset + len(prefix)
        offset = start + len(content)
        kind: BlockKind = unit.kind
        if unit.kind == "bullet" and unit.heading:
            kind = "bullet"
        blocks.append(Block(kind, Span(start, offset), unit.level))
    return "".join(pieces), blocks
