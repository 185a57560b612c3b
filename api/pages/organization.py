"""The organization page (a plain summary first, the RDF statements folded after it) and
the source text page (a document with one span highlighted in its context)."""

from __future__ import annotations

from collections import Counter
from html import escape

from accordgraph.api.linked_data_page import short_name
from accordgraph.api.pages.layout import Reader, count, page, table
from accordgraph.api.pages.places import country_link
from accordgraph.graph.lookup import Lookup
from accordgraph.graph.records import OrganizationDetail

KIND_NAMES = {
    "government": "national government", "government-agency": "government agency",
    "research-institute": "research institute", "university": "university",
    "company": "company", "industry-association": "industry association",
    "international-organization": "international organization",
    "standards-body": "standards body", "multilateral-grouping": "multilateral grouping",
    "organization": "organization",
}  # fmt: skip
NAMED_SHOWN = 30  # documents listed as naming an organization
CONTEXT = 1200  # characters shown each side of a highlighted span


def partners(o: OrganizationDetail) -> Counter[str]:
    """The organizations named with it in its commitments, by how many they share."""
    counts: Counter[str] = Counter()
    for c in o.commitments:
        for other in {r.iri for r in (*c.actors, *c.through)} - {o.iri}:
            counts[other] += 1
    return counts


def _statements(reader: Reader, iri: str) -> str:
    """What the store says about the organization (its facts in the lookup index), as a
    table of predicates and values."""
    facts = reader.index.orgs.get(iri, {})
    rows = []
    for predicate, values in sorted(facts.items()):
        shown = []
        for value in values:
            if isinstance(value, tuple):  # a literal: (text, language or datatype)
                text, tag = value[0], value[1] if len(value) > 1 else None
                lang = f" <span class=meta>@{escape(tag)}</span>" if tag and "/" not in tag else ""
                shown.append(escape(str(text)) + lang)
            elif isinstance(value, str) and value.startswith(("http://", "https://")):
                shown.append(reader.link(value, reader.label(value, short_name(value))))
            else:
                shown.append(escape(str(value)))
        rows.append([reader.link(predicate, short_name(predicate)), "<br>".join(shown)])
    return table(["Property", "Value"], rows)


def organization_page(lookup: Lookup, reader: Reader, key: str) -> str:
    o = lookup.organization(key, named_in=NAMED_SHOWN)
    name = reader.label(o.iri, o.label)
    ids = o.identifiers
    identifiers = [
        f'<a href="https://ror.org/{escape(ids.ror.rsplit("/", 1)[-1])}">ROR {escape(ids.ror)}</a>'
        if ids.ror
        else "",
        f'<a href="https://www.wikidata.org/wiki/{escape(ids.wikidata.rsplit("/", 1)[-1])}">'
        f"Wikidata {escape(ids.wikidata.rsplit('/', 1)[-1])}</a>"
        if ids.wikidata
        else "",
    ]
    country = country_link(reader, o.country) if o.country else "not stated"
    facts = [
        ("Kind", escape(KIND_NAMES.get(o.kind, o.kind))),
        ("Country", country),
        ("Part of", reader.ref(o.parent) if o.parent else "—"),
        ("Also called", escape(", ".join(o.alt_labels)) or "—"),
        ("Japanese name", escape(o.name_ja or "—")),
        ("Identifiers", " · ".join(i for i in identifiers if i) or "—"),
    ]
    if o.children:
        facts.append(("Includes", reader.refs(o.children)))
    summary = "<dl class=facts>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>"
    areas = (
        table(
            ["Technology area", "CET category", "Commitments"],
            (
                [reader.ref(t.area), reader.ref(t.category), f"{t.commitments:,}"]
                for t in o.technology_areas
            ),
        )
        if o.technology_areas
        else "<p class=meta>No technology area is linked to it.</p>"
    )
    shared = partners(o)
    partner_list = (
        "<ul class=chips>"
        + "".join(
            f"<li>{reader.link(p)} <span class=count>{n}</span></li>"
            for p, n in sorted(shared.items(), key=lambda kv: (-kv[1], reader.label(kv[0])))
        )
        + "</ul>"
        if shared
        else "<p class=meta>No other organization shares its commitments.</p>"
    )
    more = (
        f'<p><a href="{escape(reader.local("/explore?organization=" + o.id))}">'
        f"All {o.commitments_total:,} in Explore</a></p>"
        if o.commitments_total > len(o.commitments)
        else ""
    )
    rdf = _statements(reader, o.iri)
    named_in = reader.refs(o.named_in) + (
        f' and {o.named_in_total - len(o.named_in):,} more (<a href="'
        f'{escape(reader.local("/explore?organization=" + o.id))}">in Explore</a>)'
        if o.named_in_total > len(o.named_in)
        else ""
    )
    body = (
        f"<h1>{escape(name)}"
        + (
            f" <span class=acronym>({escape(o.acronym)})</span>"
            if o.acronym and o.acronym != name
            else ""
        )
        + "</h1>"
        + summary
        + f"<h2>Technology areas</h2>{areas}"
        + f"<h2>Partners</h2>{partner_list}"
        + f"<h2>Named in {count(o.named_in_total, 'document')}</h2><p>{named_in}</p>"
        + f"<h2 id=commitments>Commitments ({o.commitments_total:,})</h2>"
        + "".join(reader.quote(c) for c in o.commitments)
        + more
        + "<details class=rdf><summary>RDF statements</summary>"
        + f'<p class=meta>As data: <a href="/id/org/{escape(o.id)}?format=ttl">Turtle</a> · '
        f'<a href="/id/org/{escape(o.id)}?format=html">every statement, and what refers to '
        f"it</a></p>{rdf}</details>"
    )
    return page(name, body, reader)


def source_page(lookup: Lookup, reader: Reader, key: str, start: int, end: int) -> str:
    """The document's text around ``start:end``, the span marked, with the commitments
    that quote exactly it."""
    document = lookup.document_info(key)
    text = lookup.document_text(key)
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end < start:
        start, end = end, start
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    before = ("…" if lo else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    quoting = lookup.commitments_at(key, start, end)
    back = "".join(
        f"<li>{reader.link(c.iri, f'Commitment {c.number}')}: {escape(c.modality)} · "
        f"{reader.refs(c.actors or c.through)}</li>"
        for c in quoting
    )
    title = document.title or document.file_name
    body = (
        f"<h1>{escape(title)}</h1>"
        f"<p class=meta>{escape(document.file_name)} · characters {start:,}–{end:,} of "
        f"{document.characters:,} · "
        f'<a href="/api/documents/{escape(key)}/text?start={start}&amp;end={end}">'
        "exactly these characters as plain text</a>"
        + (f" · {reader.ref(document.agreement)}" if document.agreement else "")
        + "</p>"
        + (f"<h2>Stated here</h2><ul>{back}</ul>" if back else "")
        + f'<pre class=source tabindex=0 aria-label="Document text">{escape(before)}'
        + f"<mark id=span>{escape(text[start:end])}</mark>{escape(after)}</pre>"
    )
    return page(f"{title}, characters {start}–{end}", body, reader)
