"""Reading SPARQL text without executing it: a tokenizer that knows strings, IRIs and
comments, used to find the URLs a request would make the engine fetch (``SERVICE``,
``LOAD``) and to apply the protocol's ``using-graph-uri`` parameters to an update.

>>> outbound_targets("SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }")
['http://evil.example/']
>>> outbound_targets('SELECT * { ?s ?p "SERVICE <http://x/>" } # LOAD <http://y/>')
[]
>>> outbound_targets("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }")
['?endpoint']
>>> apply_using("INSERT { ?s a ?t } WHERE { ?s a ?t }", ["http://g/"], [])
'INSERT { ?s a ?t } USING <http://g/> WHERE { ?s a ?t }'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*(?::[^\s{}()\[\];,.]*)?|:[^\s{}()\[\];,.]*)
  | (?P<punct>[{}()\[\];,.])
  | (?P<other>.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(text: str) -> list[Token]:
    """Significant tokens (no whitespace or comments)."""
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            found.append(Token(kind, match.group(), match.start()))
    return found


def outbound_targets(text: str) -> list[str]:
    """The endpoints of SERVICE clauses and the sources of LOAD operations: IRIs
    (without brackets), prefixed names or variables as written."""
    toks = tokens(text)
    targets: list[str] = []
    for index, token in enumerate(toks):
        if token.kind == "word" and token.text.upper() in ("SERVICE", "LOAD"):
            following = toks[index + 1 : index + 3]
            if following and following[0].text.upper() == "SILENT":
                following = following[1:]
            if not following:
                targets.append("")
                continue
            target = following[0]
            targets.append(target.text[1:-1] if target.kind == "iri" else target.text)
    return targets


class DatasetConflict(ValueError):
    """The protocol names a dataset and the update names one too (USING or WITH)."""


def apply_using(update: str, default: list[str], named: list[str]) -> str:
    """Add ``USING``/``USING NAMED`` clauses for the protocol's ``using-graph-uri`` and
    ``using-named-graph-uri`` to every DELETE/INSERT … WHERE operation of an update."""
    if not default and not named:
        return update
    toks = tokens(update)
    if any(t.kind == "word" and t.text.upper() in ("USING", "WITH") for t in toks):
        raise DatasetConflict(
            "the request gives using-graph-uri/using-named-graph-uri and the update has "
            "its own USING or WITH"
        )
    clause = " ".join([f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named])
    insert_at: list[int] = []
    depth = 0
    operation_is_modify = False
    previous = ""
    for token in toks:
        word = token.text.upper() if token.kind == "word" else ""
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and word in ("DELETE", "INSERT"):
            operation_is_modify = True
        elif depth == 0 and word == "WHERE" and operation_is_modify and previous == "}":
            insert_at.append(token.start)
        elif depth == 0 and token.text == ";":
            operation_is_modify = False
        previous = token.text if token.kind != "word" else word
    for position in reversed(insert_at):
        update = update[:position] + clause + " " + update[position:]
    return update
