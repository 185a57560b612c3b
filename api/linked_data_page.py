"""HTML pages for Linked Data: one entity, and the ontology. No scripts and no external
assets (the stylesheet is served here), so they work offline."""

from __future__ import annotations

from collections import defaultdict
from html import escape

import pyoxigraph as ox

from accordgraph.graph.describe import Description, Term

ONTOLOGY = "https://w3id.org/accordgraph/ontology#"
LONG_TEXT = 600


def local_href(iri: str, base: str) -> str:
    """Where this server resolves an IRI: minted IRIs and ontology terms link here,
    anything else links out."""
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    if iri.startswith(ONTOLOGY):
        return "/ontology#" + iri[len(ONTOLOGY) :]
    return iri


def short_name(iri: str) -> str:
    """An IRI's last segment (after ``#`` or ``/``), for a reader."""
    for sep in ("#", "/"):
        if sep in iri.rstrip(sep):
            return iri.rstrip(sep).rsplit(sep, 1)[-1]
    return iri


def _literal_text(terms: list[Term]) -> str:
    return " ".join(t.value for t in terms if isinstance(t, ox.Literal))


def linkable(href: str) -> bool:
    """Whether a page may make ``href`` a link: this server's paths and http(s) only (an
    IRI such as ``javascript:…`` is valid RDF, and anyone with the token can store one)."""
    return href.startswith("/") or href.lower().startswith(("http://", "https://"))


def _link(iri: str, base: str, labels: dict[str, str]) -> str:
    label = labels.get(iri) or short_name(iri)
    href = local_href(iri, base)
    if not linkable(href):
        return f'<span title="{escape(iri)}">{escape(label)}</span>'
    return f'<a href="{escape(href)}" title="{escape(iri)}">{escape(label)}</a>'


def _term(term: Term, base: str, labels: dict[str, str], doc_text_url: str | None) -> str:
    if isinstance(term, ox.NamedNode):
        return _link(term.value, base, labels)
    if isinstance(term, ox.Literal):
        value = term.value
        shown = escape(value[:LONG_TEXT])
        if len(value) > LONG_TEXT:
            more = f' <a href="{escape(doc_text_url)}">full text</a>' if doc_text_url else ""
            shown += f"… <span class=meta>({len(value):,} characters){more}</span>"
        suffix = f" <span class=meta>@{term.language}</span>" if term.language else ""
        datatype = term.datatype.value
        if not term.language and not datatype.endswith("#string"):
            suffix = f" <span class=meta>{escape(short_name(datatype))}</span>"
        return shown + suffix
    return escape(str(term))


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} · accordgraph</title>"
        '<link rel=stylesheet href="/static/linked-data.css"></head><body>'
        '<nav><a href="/">accordgraph</a> · <a href="/docs">API</a> · '
        f'<a href="/ontology">ontology</a></nav>{body}</body></html>'
    )


def entity_page(d: Description, base: str, labels: dict[str, str]) -> str:
    """The page for one IRI."""
    labels = {**labels, **d.labels}
    here = local_href(d.iri, base)
    parts = [f"<h1>{escape(d.label)}</h1><p><code>{escape(d.iri)}</code></p>"]
    if d.types:
        parts.append("<p class=types>" + "".join(_link(t, base, labels) for t in d.types) + "</p>")
    downloads = " · ".join(
        f'<a href="{escape(here)}?format={f}">{name}</a>'
        for f, name in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"))
    )
    parts.append(f"<p class=meta>As data: {downloads}</p>")
    if d.graph_triples:
        parts.append(
            f"<p>This IRI names a graph of {d.graph_triples:,} triples in the store; "
            "its data links above return the whole graph.</p>"
        )
    doc_key = None
    if d.iri.startswith(base + "doc/") and d.iri[len(base) + 4 :].count("/") == 0:
        doc_key = d.iri[len(base) + 4 :]
    text_url = f"/documents/{doc_key}/text" if doc_key else None
    if d.quotes:
        parts.append("<h2>In the source text</h2>")
        for q in d.quotes:
            document = (
                q.document[len(base) + 4 :] if q.document.startswith(base + "doc/") else q.document
            )
            supports = f" · states {_link(q.supports, base, labels)}" if q.supports else ""
            parts.append(
                f"<blockquote><span class=ctx>…{escape(q.prefix)}</span>"
                f"<mark>{escape(q.exact)}</mark>"
                f"<span class=ctx>{escape(q.suffix)}…</span><div class=meta>"
                f"{_link(q.document, base, labels)} characters "
                f'<a href="/documents/{escape(document)}/text?start={q.start}&amp;end={q.end}">'
                f"{q.start}–{q.end}</a>{supports}</div></blockquote>"
            )
    parts.append(statements(d, base, labels, text_url))
    return _page(d.label, "".join(parts))


def statements(d: Description, base: str, labels: dict[str, str], text_url: str | None) -> str:
    """What the store says about the IRI, and what refers to it, as two tables."""
    labels = {**labels, **d.labels}
    parts: list[str] = []
    if d.outgoing:
        grouped: dict[str, list[Term]] = defaultdict(list)
        for p, o in d.outgoing:
            grouped[p.value].append(o)
        rows = "".join(
            f"<tr><td class=p>{_link(p, base, labels)}</td><td>"
            + "<br>".join(_term(o, base, labels, text_url) for o in values)
            + "</td></tr>"
            for p, values in grouped.items()
        )
        parts.append(f"<h2>Statements</h2><table>{rows}</table>")
    if d.incoming:
        rows = "".join(
            f"<tr><td>{_term(s, base, labels, None)}</td>"
            f"<td class=p>{_link(p.value, base, labels)}</td></tr>"
            for s, p in d.incoming
        )
        more = (
            f"<p class=meta>Showing {len(d.incoming):,} of {d.incoming_total:,}.</p>"
            if d.incoming_total > len(d.incoming)
            else ""
        )
        parts.append(f"<h2>Referred to by</h2><table>{rows}</table>{more}")
    return "".join(parts)


def ontology_page(triples: list[ox.Triple], namespace: str) -> str:
    """Every class, property and concept of the ontology with its label and comment."""
    facts: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            facts[t.subject.value][t.predicate.value].append(t.object)
    rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    labels = {
        s: _literal_text(f.get(rdfs + "label", [])) or short_name(s) for s, f in facts.items()
    }
    sections: dict[str, list[str]] = defaultdict(list)
    kinds = {"Class": "Classes", "ObjectProperty": "Object properties",
             "DatatypeProperty": "Datatype properties", "Concept": "Concepts",
             "ConceptScheme": "Concept schemes"}  # fmt: skip
    for iri in sorted(facts, key=lambda s: labels[s].casefold()):
        if not iri.startswith(namespace):
            continue
        term = iri[len(namespace) :]
        f = facts[iri]
        types = [short_name(t.value) for t in f.get(rdf_type, []) if isinstance(t, ox.NamedNode)]
        section = next((kinds[t] for t in types if t in kinds), "Other terms")
        comment = _literal_text(f.get(rdfs + "comment", []))
        extra = []
        for prop, name in (("subClassOf", "subclass of"), ("domain", "domain"), ("range", "range")):
            values = [v for v in f.get(rdfs + prop, []) if isinstance(v, ox.NamedNode)]
            if values:
                links = ", ".join(
                    f'<a href="{escape(local_href(v.value, "/"))}">'
                    f"{escape(labels.get(v.value, short_name(v.value)))}</a>"
                    for v in values
                )
                extra.append(f"{name} {links}")
        sections[section].append(
            f'<tr id="{escape(term)}"><td class=p><a href="#{escape(term)}">ag:{escape(term)}</a>'
            f"<div class=meta>{escape(labels[iri])}</div></td><td>{escape(comment)}"
            + (f"<div class=meta>{'; '.join(extra)}</div>" if extra else "")
            + "</td></tr>"
        )
    body = [
        "<h1>accordgraph ontology</h1>",
        f"<p><code>{escape(namespace)}</code></p>",
        '<p class=meta>As data: <a href="/ontology?format=ttl">Turtle</a> · '
        '<a href="/ontology?format=jsonld">JSON-LD</a> · '
        '<a href="/ontology?format=nt">N-Triples</a></p>',
    ]
    for name in (*kinds.values(), "Other terms"):
        if sections.get(name):
            body.append(f"<h2>{name}</h2><table>{''.join(sections[name])}</table>")
    return _page("accordgraph ontology", "".join(body))
