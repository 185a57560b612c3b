"""What every reader's page shares: the frame (navigation, language switch, stylesheet),
links from IRIs to this server's pages, labels in the reader's language, and quotes.

Pages are plain HTML rendered on the server: no scripts are needed to read them and no
asset comes from elsewhere, so they work offline and print well.

>>> links = Links("https://w3id.org/accordgraph/id/")
>>> links.href("https://w3id.org/accordgraph/id/org/nsf")
'/organizations/nsf'
>>> links.href("https://w3id.org/accordgraph/id/doc/us-japan-tpd-2025/commitment/3")
'/id/doc/us-japan-tpd-2025/commitment/3'
>>> links.href("javascript:alert(1)") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlencode

from accordgraph.graph.lookup import SKOS, in_language

if TYPE_CHECKING:
    from accordgraph.graph.lookup import Index
    from accordgraph.graph.records import Commitment, Ref

Language = Literal["en", "ja"]
ONTOLOGY = "https://w3id.org/accordgraph/ontology#"
# collection of minted IRIs -> the reader's page for one of them
PAGES = {
    "org": "/organizations/",
    "agreement": "/agreements/",
    "country": "/countries/",
    "technology": "/technologies/",
}
NAV = (
    ("/", "Home"),
    ("/explore", "Explore commitments"),
    ("/countries", "Countries"),
    ("/technologies", "Technologies"),
    ("/compare", "Compare"),
    ("/query", "SPARQL"),
    ("/docs", "API"),
    ("/api/export/html", "Graph explorer"),
)


@dataclass(frozen=True)
class Links:
    """Where this server shows an IRI: minted IRIs have pages here (a reader's page
    where there is one, else the Linked Data page under ``/id/``), ontology terms link
    to the ontology page, other http(s) IRIs link out, anything else is not a link."""

    base: str

    def href(self, iri: str) -> str | None:
        if iri.startswith(self.base):
            rest = iri[len(self.base) :]
            collection, _, key = rest.partition("/")
            if collection in PAGES and key and "/" not in key:
                return PAGES[collection] + key
            return "/id/" + rest
        if iri.startswith(ONTOLOGY):
            return "/ontology#" + iri[len(ONTOLOGY) :]
        if iri.lower().startswith(("http://", "https://")):
            return iri
        return None


@dataclass(frozen=True)
class Reader:
    """One request's view: the index it reads, its language, its links, and the page's
    path and query string (for the language switch and the navigation)."""

    index: Index
    language: Language
    links: Links
    path: str = "/"
    query: str = ""

    def label(self, iri: str, fallback: str | None = None) -> str:
        """The label in the reader's language, else English, else ``fallback``."""
        if self.language != "en":
            named = self.index.named.get(iri, {})
            found = in_language(named.get(SKOS + "prefLabel", []), self.language)
            if found:
                return found
        return self.index.labels.get(iri) or fallback or self.index.key(iri)

    def local(self, href: str) -> str:
        """A path on this server, keeping the reader's language."""
        if self.language == "en" or not href.startswith("/"):
            return href
        path, _, fragment = href.partition("#")
        joined = path + ("&" if "?" in path else "?") + f"lang={self.language}"
        return joined + (f"#{fragment}" if fragment else "")

    def link(self, iri: str, label: str | None = None) -> str:
        text = escape(label or self.label(iri))
        href = self.links.href(iri)
        if href is None:
            return f'<span title="{escape(iri)}">{text}</span>'
        return f'<a href="{escape(self.local(href))}">{text}</a>'

    def language_field(self) -> str:
        """A form's hidden field that keeps the reader's language (none for English)."""
        if self.language == "en":
            return ""
        return f'<input type=hidden name=lang value="{self.language}">'

    def ref(self, ref: Ref) -> str:
        return self.link(ref.iri, self.label(ref.iri, ref.label))

    def refs(self, refs: Iterable[Ref]) -> str:
        return ", ".join(self.ref(r) for r in refs) or "—"

    def quote(self, c: Commitment, *, document: bool = True) -> str:
        """A commitment as a reader sees it: modality and actors, the exact quote, its
        areas, and where in which document it stands."""
        actors = c.actors or c.through
        via = f" through {self.refs(c.through)}" if c.actors and c.through else ""
        partnerships = f" · partnership: {self.refs(c.partnerships)}" if c.partnerships else ""
        source = text_href(c.document, c.span.start, c.span.end)
        where = f"{escape(c.document)}, " if document else ""
        return (
            f'<article class=commitment id="c{c.number}">'
            f"<p class=who><span class=modality>{escape(c.modality)}</span> "
            f"{self.refs(actors)}{via}{partnerships}</p>"
            f"<blockquote>{escape(c.quote)}</blockquote>"
            f"<p class=meta>Areas: {self.refs(c.technology_areas)} · "
            f'<a href="{escape(source)}">{where}characters {c.span.start}–{c.span.end}</a> · '
            f'<a href="{escape(self.links.href(c.iri) or "")}">as data</a></p></article>'
        )


def text_href(document: str, start: int, end: int) -> str:
    return f"/documents/{document}/text?" + urlencode({"start": start, "end": end}) + "#span"


def query_string(params: Mapping[str, Iterable[str]], **changes: Iterable[str]) -> str:
    """``params`` as a query string, with some keys replaced (an empty value drops one)."""
    merged = {**{k: list(v) for k, v in params.items()}, **{k: list(v) for k, v in changes.items()}}
    pairs = [(k, v) for k, values in merged.items() for v in values if v]
    return ("?" + urlencode(pairs)) if pairs else ""


def page(title: str, body: str, reader: Reader, scripts: Iterable[str] = ()) -> str:
    """The frame of every page: navigation, language switch, then ``body``; ``scripts``
    only enhance a page that works without them."""
    path, query = reader.path, reader.query
    nav = "".join(
        f'<a href="{escape(reader.local(href))}"'
        + (' aria-current="page"' if href.split("?")[0] == path else "")
        + f">{escape(name)}</a>"
        for href, name in NAV
    )
    other: Language = "ja" if reader.language == "en" else "en"
    switch_params = [p for p in query.split("&") if p and not p.startswith("lang=")]
    if other != "en":
        switch_params.append(f"lang={other}")
    switch = path + ("?" + "&".join(switch_params) if switch_params else "")
    switch_name = "日本語" if other == "ja" else "English"
    return (
        f'<!doctype html><html lang="{reader.language}"><head><meta charset=utf-8>'
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} · accordgraph</title>"
        '<link rel=icon href="/favicon.svg" type="image/svg+xml">'
        '<link rel=stylesheet href="/static/pages.css">'
        + "".join(f'<script src="{escape(s)}" defer></script>' for s in scripts)
        + "</head><body>"
        '<a class=skip href="#main">Skip to content</a>'
        f'<header><nav aria-label="Main">{nav}</nav>'
        f'<a class=lang href="{escape(switch)}" lang="{other}" hreflang="{other}">'
        f"{switch_name}</a></header>"
        f'<main id=main tabindex="-1">{body}</main>'
        "<footer>accordgraph · every figure links to the words it comes from</footer>"
        "</body></html>"
    )


def chart_figure(chart: str, filters: Mapping[str, Iterable[str]], alt: str) -> str:
    """A chart of :mod:`accordgraph.graph.charts` for the commitments ``filters`` select,
    with links to download it as SVG and PNG."""
    query = query_string(filters)
    src, png = f"/api/charts/{chart}.svg{query}", f"/api/charts/{chart}.png{query}"
    return (
        f'<figure><img src="{escape(src)}" alt="{escape(alt)}" loading=lazy>'
        f'<figcaption>{escape(alt)} · <a href="{escape(src)}" download>SVG</a> · '
        f'<a href="{escape(png)}" download>PNG</a></figcaption></figure>'
    )


def heat_table(
    corner: str,
    rows: list[str],
    columns: list[str],
    counts: Mapping[tuple[int, int], int],
    caption: str = "",
) -> str:
    """A table of counts shaded by size: ``rows`` and ``columns`` are escaped headings,
    ``counts`` by (row, column) position; empty cells stay blank."""
    peak = max(counts.values(), default=0) or 1
    body = [
        [row]
        + [
            f'<span class=cell style="--v:{n / peak:.2f}">{n}</span>'
            if (n := counts.get((i, j), 0))
            else ""
            for j in range(len(columns))
        ]
        for i, row in enumerate(rows)
    ]
    return table([corner, *columns], body, caption).replace("<table>", "<table class=matrix>", 1)


def plural(n: int, noun: str) -> str:
    """The noun for ``n`` things: agreement, agreements; country, countries."""
    if n == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def count(n: int, noun: str) -> str:
    """``n`` things, in words: "1 document", "8,074 documents"."""
    return f"{n:,} {plural(n, noun)}"


def table(head: Iterable[str], rows: Iterable[Iterable[str]], caption: str = "") -> str:
    """A table of already-escaped cells."""
    cap = f"<caption>{caption}</caption>" if caption else ""
    th = "".join(f"<th scope=col>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<div class=scroll><table>{cap}<thead><tr>{th}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )
