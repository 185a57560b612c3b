"""Reading SPARQL text without executing it: a tokenizer that knows strings, IRIs and
comments, used to tell whether a query names its own dataset (``FROM``/``FROM NAMED``)
and to apply the protocol's ``using-graph-uri`` parameters to an update. It decides
nothing about safety: what a query or update may do is decided by the process it runs in
(``sandbox.py``), whatever its text says; and nothing about the query's form, which the
engine's result says.

>>> valid_iri("http://g/"), valid_iri("http://g/> WHERE { SERVICE <http://x/> {} } #")
(True, False)
>>> names_dataset("SELECT * FROM NAMED <http://g/> { GRAPH ?g { ?s ?p ?o } }")
True
>>> names_dataset("SELECT ?from { ?s <http://e/from> 'FROM' } # FROM <http://g/>")
False
>>> apply_using("INSERT { ?s a ?t } WHERE { ?s a ?t }", ["http://g/"], [])
'INSERT { ?s a ?t } USING <http://g/> WHERE { ?s a ?t }'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

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


def valid_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI, as the engine reads one (pyoxigraph's IRI
    parser): nothing spliced into an update as ``<…>`` can end the brackets."""
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return not any(c in text for c in '<>"{}|^`\\') and not any(ord(c) <= 0x20 for c in text)


def names_dataset(query: str) -> bool:
    """Whether a query has a dataset clause: ``FROM`` is a keyword nowhere else in the
    grammar (sub-queries have no dataset clause), so any ``FROM`` token is one."""
    return any(t.kind == "word" and t.text.upper() == "FROM" for t in tokens(query))


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
