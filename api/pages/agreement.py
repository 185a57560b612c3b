"""The agreement page: who made it, when and where, what kind of promise it is, then its
commitments section by section with their quotes, and who works on which category."""

from __future__ import annotations

import re
from collections import Counter
from html import escape

from accordgraph.api.pages.layout import Reader, count, heat_table, page, text_href
from accordgraph.graph.describe import Quote, quotes_of
from accordgraph.graph.lookup import Lookup
from accordgraph.graph.records import Agreement, Commitment
from accordgraph.ontology import AG

DURATION_WORDS = {"D": "days", "M": "months", "Y": "years", "W": "weeks"}


def agreement_commitments(lookup: Lookup, agreement: Agreement) -> list[Commitment]:
    """Its commitments as its first rendition states them (renditions repeat them), in
    text order."""
    ix = lookup.index
    iris = [c for c in ix.having(AG.agreement, [agreement.iri]) if c in ix.counted]
    return lookup.commitment_records(lookup.in_text_order(iris))


def words(name: str) -> str:
    """A class name as words: ``MemorandumOfCooperation`` → "Memorandum of Cooperation"."""
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+", name)
    small = {"Of", "On", "And", "The", "For", "In", "To"}
    return " ".join(p.lower() if i and p in small else p for i, p in enumerate(parts))


def _duration(value: str | None) -> str:
    """``P180D`` as "180 days" (other values as they are)."""
    if value and value.startswith("P") and value[1:-1].isdigit() and value[-1] in DURATION_WORDS:
        return f"{int(value[1:-1]):,} {DURATION_WORDS[value[-1]]}"
    return value or "—"


# the agreement's facts whose source-text quote the page shows beside them
QUOTED = {
    str(AG.legalCharacter): "Legal character",
    str(AG.commitsFunds): "Commits funds",
    str(AG.operativeWhen): "Takes effect",
    str(AG.modificationProcedure): "Modified",
    str(AG.discontinuationNotice): "Discontinued with notice of",
    str(AG.participant): "Parties",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "Kind",
}


def _quoted(quotes: list[Quote], reader: Reader) -> dict[str, str]:
    """Row name -> the words of the text that state it, linked to where they stand."""
    found: dict[str, list[str]] = {}
    for q in quotes:
        row = QUOTED.get(q.supports or "")
        if row is None:
            continue
        href = reader.local(text_href(reader.index.key(q.document), q.start, q.end))
        found.setdefault(row, []).append(
            f'<q class=source-quote>{escape(q.exact)}</q> <a class=meta href="{escape(href)}">'
            f"characters {q.start}–{q.end}</a>"
        )
    return {row: "<br>".join(items) for row, items in found.items()}


def _facts(a: Agreement, reader: Reader, quotes: dict[str, str]) -> str:
    rows = [
        ("Kind", ", ".join(escape(words(k)) for k in a.kinds) or "—"),
        (
            "Parties",
            "<br>".join(
                reader.ref(p.organization)
                + (
                    f" <span class=meta>represented by</span> {reader.ref(p.represented_by)}"
                    if p.represented_by
                    else ""
                )
                for p in a.participants
            )
            or "—",
        ),
        ("Date", escape(a.date or "—")),
    ]
    if a.signing:
        place = reader.ref(a.signing.place) if a.signing.place else "—"
        signatures = "<br>".join(
            f"{reader.ref(s.person)}" + (f", {escape(s.title)}" if s.title else "")
            + (f" <span class=meta>for</span> {reader.ref(s.on_behalf_of)}"
               if s.on_behalf_of else "")
            for s in a.signing.signatures
        )  # fmt: skip
        rows += [("Signed", f"{escape(a.signing.date or '')} in {place}"),
                 ("Signatories", signatures or "—")]  # fmt: skip
    funds = {True: "yes", False: "no", None: "not stated"}[a.commits_funds]
    rows += [
        ("Legal character", escape(a.legal_character or "not stated")),
        ("Commits funds", funds),
        ("Takes effect", escape(a.operative_when or "not stated")),
        ("Modified", escape(a.modification or "not stated")),
        ("Discontinued with notice of", escape(_duration(a.discontinuation_notice))),
        ("Renditions", reader.refs(a.documents)),
    ]
    if a.cites:
        rows.append(("Cites", reader.refs(a.cites)))
    return (
        "<dl class=facts>"
        + "".join(
            f"<dt>{k}</dt><dd>{v}"
            + (f"<div class=quoted>{quotes[k]}</div>" if k in quotes else "")
            + "</dd>"
            for k, v in rows
        )
        + "</dl>"
    )


def _by_section(commitments: list[Commitment], reader: Reader) -> str:
    """Commitments in text order, under a heading each time the section changes."""
    out, section = [], object()
    for c in commitments:
        if c.section != section:
            section = c.section
            out.append(f"<h3>{escape(c.section or 'Preamble and general provisions')}</h3>")
        out.append(reader.quote(c, document=False))
    return "".join(out)


def matrix(commitments: list[Commitment], reader: Reader) -> str:
    """Organizations × CET categories: how many of these commitments link each pair."""
    ix = reader.index
    counts: Counter[tuple[str, str]] = Counter()
    for c in commitments:
        categories = {ix.top.get(a.iri, a.iri) for a in c.technology_areas}
        for org in {r.iri for r in (*c.actors, *c.through)}:
            for cat in categories:
                counts[org, cat] += 1
    if not counts:
        return "<p class=meta>No commitment names a technology area.</p>"
    orgs = sorted({o for o, _ in counts}, key=lambda o: reader.label(o).casefold())
    cats = sorted({c for _, c in counts}, key=lambda c: reader.label(c).casefold())
    return heat_table(
        "Organization",
        [reader.link(o) for o in orgs],
        [escape(reader.label(c)) for c in cats],
        {(i, j): counts[o, c] for i, o in enumerate(orgs) for j, c in enumerate(cats)},
        "Commitments per organization and CET category",
    )


def agreement_page(lookup: Lookup, reader: Reader, key: str) -> str:
    a = lookup.agreement(key)
    commitments = agreement_commitments(lookup, a)
    first_doc = commitments[0].document if commitments else None
    network = (
        f'<figure><img src="/api/export/svg?projection=organization-technology&amp;'
        f'document={escape(first_doc)}" '
        f'alt="Network of the organizations and technology areas of {escape(a.label)}" '
        "loading=lazy width=800 height=600><figcaption>Organizations and the technology "
        "areas they commit to in this agreement.</figcaption></figure>"
        if first_doc
        else ""
    )
    downloads = (
        f'<p class=downloads>Download: <a href="/agreements/{escape(a.id)}/commitments.csv" '
        f"download>commitments (CSV)</a> · "
        f'<a href="/id/agreement/{escape(a.id)}?format=ttl">agreement (Turtle)</a> · '
        f'<a href="/compare?a=agreement:{escape(a.id)}&amp;b=agreement:{escape(a.id)}">'
        "compare with another agreement or a country</a>"
        + (
            f' · <a href="/id/doc/{escape(first_doc)}?format=ttl">document graph (Turtle)</a>'
            if first_doc
            else ""
        )
        + "</p>"
    )
    body = (
        f"<h1>{escape(a.title or a.label)}</h1>"
        + (f"<p class=meta>{escape(a.label)}</p>" if a.title and a.title != a.label else "")
        + _facts(a, reader, _quoted(quotes_of(lookup.kg, a.iri), reader))
        + downloads
        + f"<h2 id=commitments>{count(len(commitments), 'commitment')}</h2>"
        + _by_section(commitments, reader)
        + "<h2>Who works on what</h2>"
        + matrix(commitments, reader)
        + network
    )
    return page(a.title or a.label, body, reader)
