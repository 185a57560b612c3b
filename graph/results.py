r"""SPARQL results serialized by accordgraph, for results cut at a row limit (pyoxigraph
serializes whole iterators only; results within the limit are serialized by Oxigraph, see
``worker.py``, in the same formats). Formats: SPARQL 1.1 Query Results JSON, XML, CSV and
TSV.

>>> import pyoxigraph as ox
>>> rows = [[ox.NamedNode("http://a"), ox.Literal("x", language="en")]]
>>> serialize_solutions(["s", "o"], rows, "csv")
b's,o\r\nhttp://a,x\r\n'
>>> serialize_solutions(["s", "o"], rows, "tsv")
b'?s\t?o\n<http://a>\t"x"@en\n'
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        attrs = ""
        if term.language:
            attrs = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            attrs = f" datatype={quoteattr(term.datatype.value)}"
        return f"<literal{attrs}>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(getattr(term, "value", term))


def serialize_solutions(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """Rows of terms (``None`` for unbound) in one of :data:`MEDIA_TYPES`' formats."""
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        data = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(data, ensure_ascii=False).encode()
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        out.write("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.write("</head><results>")
        for row in rows:
            out.write("<result>")
            for v, t in zip(variables, row, strict=True):
                if t is not None:
                    out.write(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.write("</result>")
        out.write("</results></sparql>\n")
        return out.getvalue().encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode()  # CRLF line ends, as the CSV results format says
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    raise ValueError(f"unknown results format {fmt!r}")
