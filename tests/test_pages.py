"""The reader's pages over HTTP from a live server: what each shows, checked against the
lookup API; links stay on the server; hostile parameters are escaped; downloads hold
exactly what the page shows."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from html import unescape

import httpx
import pytest
from conftest import UK
from live_server import LiveServer

from accordgraph.api.pages.explore import commitments_csv
from accordgraph.graph.records import Commitment, Span

MOC = "moc-jp-us-2025-10-28"
DOC = "us-japan-tpd-2025"
QUANTUM = "quantum-information-and-enabling-technologies"
PAGES = [
    "/",
    "/find?q=NICT",
    "/explore",
    f"/explore?country=JP&category={QUANTUM}",
    f"/agreements/{MOC}",
    "/organizations/nsf",
    "/countries",
    "/countries/jp",
    "/technologies",
    f"/technologies/{QUANTUM}",
    f"/documents/{DOC}/text?start=2794&end=3118",
    "/compare",
    f"/compare?a=agreement:{MOC}&b=country:JP",
]


def get(server: LiveServer, path: str, **kw: object) -> httpx.Response:
    return httpx.get(server.url + path, timeout=30, **kw)  # type: ignore[arg-type]


def api(server: LiveServer, path: str) -> dict:  # type: ignore[type-arg]
    r = get(server, path)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


BLOCK = re.compile(r"</?(?:p|div|dt|dd|li|td|th|tr|h[1-6]|br|blockquote|section|main)\b[^>]*>")


def text_of(html: str) -> str:
    """What a reader sees, roughly: block elements apart, inline ones run together."""
    return unescape(re.sub(r"<[^>]+>", "", BLOCK.sub(" ", html)))


def quotes(html: str) -> list[str]:
    return [unescape(q) for q in re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)]


def commitment_iris(html: str) -> list[str]:
    """The commitments a page lists, by the IRI path of their "as data" links."""
    return re.findall(r'<a href="/id/(doc/[^"]+/commitment/\d+)">as data</a>', html)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_html_with_its_links_on_this_server(server: LiveServer, path: str) -> None:
    r = get(server, path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>" in r.text and "</main>" in r.text
    # the server's own time, for developer tools and benchmarks/pages.py
    assert re.fullmatch(r"app;dur=\d+\.\d", r.headers["server-timing"])
    # minted IRIs link to this server, never to w3id.org (which may not resolve here)
    assert 'href="https://w3id.org' not in r.text
    assert not re.search(r'(src|href)="//', r.text)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', r.text):
        assert get(server, asset).status_code == 200, asset


def test_home_says_what_is_in_the_graph(server: LiveServer) -> None:
    html = get(server, "/").text
    text = " ".join(text_of(html).split())
    agreements = api(server, "/api/agreements")
    assert f"{agreements['total']} agreement" in text
    assert "26 commitments" in text
    assert "Documents dated 2025-10-28 to 2025-10-28" in text
    assert f'href="/agreements/{MOC}"' in html
    for way in ("/explore", "/countries", "/technologies", "/query", "/docs"):
        assert f'href="{way}"' in html
    assert '<form class=search action="/find"' in html


def test_search_page_finds_english_and_japanese_names(server: LiveServer) -> None:
    html = get(server, "/find", params={"q": "総務省"}).text
    assert 'href="/organizations/mic"' in html
    html = get(server, "/find", params={"q": "NICT"}).text
    assert "National Institute of Information and Communications Technology" in html
    assert "Nothing matches" in get(server, "/find", params={"q": "zzzzqqq"}).text


def test_agreement_page_lists_its_26_commitments_in_document_order(server: LiveServer) -> None:
    html = get(server, f"/agreements/{MOC}").text
    listed = commitment_iris(html)
    expected = api(server, f"/api/commitments?document={DOC}&limit=500")["items"]
    assert len(listed) == 26 == len(expected)
    assert [i.rsplit("/", 1)[-1] for i in listed] == [str(c["number"]) for c in expected]
    assert quotes(html) == [c["quote"] for c in expected]
    text = " ".join(text_of(html).split())
    for fact in (
        "Memorandum of Cooperation",
        "Government of Japan represented by Cabinet Office",
        "Donald J. Trump, President for Government of the United States of America",
        "Sanae Takaichi, Prime Minister for Government of Japan",
        "non-binding",
        "Commits funds no",
        "180 days",
        "26 commitments",
    ):
        assert fact in text, fact
    # sections as headings, in the order of the text
    sections = re.findall(r"<h3>(.*?)</h3>", html)
    firsts = list(
        dict.fromkeys(c["section"] or "Preamble and general provisions" for c in expected)
    )
    assert [unescape(s) for s in sections] == firsts
    # the organization x category matrix counts the API's links
    assert "<table class=matrix>" in html
    nsf_row = re.search(r'<tr><td><a href="/organizations/nsf">.*?</tr>', html, re.S)
    assert nsf_row is not None
    # the small network is what its caption says: organizations and technology areas
    figure = re.search(r'<figure><img src="([^"]+)" alt="([^"]+)".*?<figcaption>(.*?)<', html, re.S)
    assert figure is not None
    src, alt, caption = (unescape(g) for g in figure.groups())
    assert "technology areas" in alt and "technology areas" in caption
    picture = get(server, src)
    assert picture.headers["content-type"].startswith("image/svg+xml")
    # (matplotlib draws labels as paths, each after a comment holding its text)
    assert "<!-- RIKEN -->" in picture.text and "<!-- AI for science -->" in picture.text


def test_agreement_csv_is_its_commitments(server: LiveServer) -> None:
    r = get(server, f"/agreements/{MOC}/commitments.csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    expected = api(server, f"/api/commitments?document={DOC}&limit=500")["items"]
    assert [row["quote"] for row in rows] == [c["quote"] for c in expected]
    assert [row["iri"] for row in rows] == [c["iri"] for c in expected]
    first = rows[0]
    assert first["source"] == (
        f"/documents/{DOC}/text?start={first['start']}&end={first['end']}#span"
    )


def test_organization_page_summary_first_rdf_folded(server: LiveServer) -> None:
    html = get(server, "/organizations/nsf").text
    detail = api(server, "/api/organizations/nsf")
    text = " ".join(text_of(html).split())
    assert "National Science Foundation (NSF)" in text
    assert "Country United States of America" in text
    assert "Part of Government of the United States of America" in text
    assert detail["name_ja"] in text
    assert detail["identifiers"]["ror"].rsplit("/", 1)[-1] in html
    for area in detail["technology_areas"]:
        assert area["area"]["label"] in text
    assert quotes(html) == [c["quote"] for c in detail["commitments"]]
    assert f"Commitments ({detail['commitments_total']})" in text
    named_in = ", ".join(d["label"] for d in detail["named_in"])
    assert detail["named_in_total"] == 1
    assert f"Named in 1 document {named_in}" in text  # one, not "1 documents"
    summary_at, rdf_at = html.index("<dl class=facts>"), html.index("<details class=rdf>")
    assert summary_at < html.index("<h2 id=commitments>") < rdf_at
    folded = html[rdf_at:]
    for prop in ("subOrganizationOf", "altLabel", "ror", "wikidata", "country"):
        assert f">{prop}</a>" in folded, prop
    assert 'href="/id/org/nsf?format=html"' in folded  # every statement, and what refers to it


def test_country_page_shows_partners_and_categories(server: LiveServer) -> None:
    html = get(server, "/countries/jp").text
    partners = html[html.index("<h2>Partners</h2>") : html.index("<h2>Organizations")]
    assert "United States of America" in text_of(partners)
    timeline = html[html.index("<h2>CET categories over time</h2>") : html.index("<h2 id=comm")]
    assert "2025" in timeline
    japanese = api(server, "/api/organizations?country=JP&limit=500")["items"]
    codes = {o["iri"] for o in japanese}
    categories = set()
    for c in api(server, f"/api/commitments?document={DOC}&limit=500")["items"]:
        if {r["iri"] for r in c["actors"] + c["through"]} & codes:
            for area in c["technology_areas"]:
                categories.add(api(server, f"/api/technologies/{area['id']}")["category"]["label"])
    assert categories
    for label in categories:
        assert label in unescape(timeline), label
    # filtered in place by partner, category and year
    narrowed = get(server, "/countries/jp", params={"category": QUANTUM}).text
    total = int(re.search(r"<strong id=total>(\d+)</strong>", narrowed).group(1))  # type: ignore[union-attr]
    assert 0 < total < 26
    assert len(quotes(narrowed)) == total


def test_technologies_page_is_the_taxonomy_with_its_counts(server: LiveServer) -> None:
    html = get(server, "/technologies").text
    text = " ".join(text_of(html).split())

    def words(n: int, noun: str) -> str:
        return f"{n} {noun}" if n == 1 else f"{n} {noun}s"

    def walk(nodes: list[dict]) -> Iterator[dict]:  # type: ignore[type-arg]
        for node in nodes:
            yield node
            yield from walk(node["narrower"])

    tree = api(server, "/api/technologies")
    assert sum(1 for n in tree if n["cet"]) == 18  # the CET list's categories on top
    for node in walk(tree):
        counts = f"{words(node['commitments'], 'commitment')}, "
        counts += words(node["organizations"], "organization")
        assert f"{node['label']} {counts}" in text, node["id"]
        assert f'href="/technologies/{node["id"]}"' in html


def test_technology_page_says_who_works_on_it_by_country(server: LiveServer) -> None:
    html = get(server, f"/technologies/{QUANTUM}").text
    detail = api(server, f"/api/technologies/{QUANTUM}")
    who = text_of(html[html.index("<h2>Who works on it</h2>") : html.index("<h2>Commitments over")])
    for org in detail["organizations"]:
        assert org["label"] in who, org["id"]
    assert "Japan" in who and "United States of America" in who
    expected = api(server, f"/api/commitments?technology={QUANTUM}&limit=500")["items"]
    assert f"Commitments ({len(expected)})" in text_of(html)
    assert quotes(html) == [c["quote"] for c in expected]


def explore_expected(server: LiveServer, country: str, technology: str) -> list[str]:
    """The commitments of ``technology`` that an organization of ``country`` states or
    carries out, from the lookup API alone."""
    countries: dict[str, str | None] = {}

    def country_of(org_id: str) -> str | None:
        if org_id not in countries:
            o = api(server, f"/api/organizations/{org_id}")
            countries[org_id] = o["country"] or (
                country_of(o["parent"]["id"]) if o["parent"] else None
            )
        return countries[org_id]

    found = []
    for c in api(server, f"/api/commitments?technology={technology}&limit=500")["items"]:
        assert not c["partnerships"]  # (members would count too; this document has none)
        if any(country_of(r["id"]) == country for r in c["actors"] + c["through"]):
            found.append(c["iri"])
    return found


def test_explore_filters_give_what_the_api_gives(server: LiveServer) -> None:
    html = get(server, "/explore", params={"country": "jp", "category": QUANTUM}).text
    expected = explore_expected(server, "JP", QUANTUM)
    assert expected
    listed = ["https://w3id.org/accordgraph/id/" + i for i in commitment_iris(html)]
    assert listed == expected
    assert f"<strong id=total>{len(expected)}</strong>" in html
    # the ticked values stay ticked; counts are those of the selection
    assert re.search(rf'name=category value="{QUANTUM}" checked', html)
    assert re.search(r'name=country value="JP" checked', html)
    csv_href = unescape(re.search(r'<a href="(/explore\.csv[^"]*)"', html).group(1))  # type: ignore[union-attr]
    rows = list(csv.DictReader(io.StringIO(get(server, csv_href).text)))
    assert [row["iri"] for row in rows] == expected


def test_explore_counts_and_paging(server: LiveServer) -> None:
    html = get(server, "/explore").text
    assert "<strong id=total>26</strong>" in html
    assert len(quotes(html)) == 26
    modality = re.search(
        r"<label for=f-modality-intend>intend</label> <span class=count>(\d+)", html
    )
    assert modality and int(modality.group(1)) == sum(
        c["modality"] == "intend"
        for c in api(server, f"/api/commitments?document={DOC}&limit=500")["items"]
    )
    nothing = get(server, "/explore", params={"year": "1901"}).text
    assert "<strong id=total>0</strong>" in nothing


def test_source_page_highlights_the_span_and_links_back(server: LiveServer) -> None:
    c = api(server, "/api/commitments?organization=riken")["items"][0]
    start, end = c["span"]["start"], c["span"]["end"]
    html = get(server, f"/documents/{DOC}/text", params={"start": start, "end": end}).text
    marked = re.search(r"<mark id=span>(.*?)</mark>", html, re.S)
    assert marked and unescape(marked.group(1)) == get(server, c["span"]["text_url"]).text
    assert f'<a href="/id/doc/{DOC}/commitment/{c["number"]}">Commitment {c["number"]}</a>' in html
    # the spans of the Linked Data pages open this page, not a bare text/plain snippet
    ld = get(server, f"/id/doc/{DOC}/commitment/{c['number']}", headers={"Accept": "text/html"})
    assert f'href="/documents/{DOC}/text?start=' in ld.text


def test_linked_data_iris_open_the_readers_page_in_a_browser(server: LiveServer) -> None:
    r = get(server, "/id/org/nsf", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/organizations/nsf"
    r = get(server, f"/id/agreement/{MOC}", headers={"Accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == f"/agreements/{MOC}"
    turtle = get(server, "/id/org/nsf", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and "National Science Foundation" in turtle.text


def test_japanese_names_on_request(server: LiveServer) -> None:
    html = get(server, "/organizations/nict", params={"lang": "ja"}).text
    assert re.search(r"<h1>情報通信研究機構", html)
    assert '<html lang="ja">' in html
    # the language sticks to the links the page makes
    assert 'href="/explore?lang=ja"' in html
    english = get(server, "/organizations/nict").text
    assert "<h1>National Institute of Information and Communications Technology" in english
    assert 'lang="ja" hreflang="ja">日本語</a>' in english


def test_unknown_things_get_an_html_404(server: LiveServer) -> None:
    for path in ("/organizations/no-such-body", f"/agreements/{MOC}x", "/countries/zz",
                 "/technologies/warp-drive", "/documents/nope/text"):  # fmt: skip
        r = get(server, path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("text/html")
        assert "<h1>Not found</h1>" in r.text


def test_hostile_parameters_are_escaped(server: LiveServer) -> None:
    evil = '"><script>alert(1)</script>'
    for path, params in (
        ("/find", {"q": evil}),
        ("/explore", {"country": evil, "organization": evil}),
        ("/countries/jp", {"category": evil}),
        ("/organizations/nsf", {"x": evil}),
    ):
        r = get(server, path, params=params)
        assert "<script>alert" not in r.text, path
    assert get(server, "/explore", params={"offset": "-1"}).status_code == 422
    assert get(server, "/find", params={"q": "x" * 201}).status_code == 422


def test_csv_cells_never_start_a_formula() -> None:
    span = Span(iri="urn:s", document="d", start=0, end=5, text_url="/t")
    c = Commitment(
        id="d/commitment/1", iri="urn:c", number=1, form="statement", modality="intend",
        actions=[], quote="=HYPERLINK(\"http://x\")", section="@risk", document="d",
        agreement=None, span=span, actors=[], through=[], partnerships=[], technology_areas=[],
    )  # fmt: skip
    row = next(csv.DictReader(io.StringIO(commitments_csv([c]))))
    assert row["quote"] == '\'=HYPERLINK("http://x")'
    assert row["section"] == "'@risk"


def test_query_page_moved_and_links_iris_here(server: LiveServer) -> None:
    html = get(server, "/query").text
    assert 'id="query"' in html
    assert (
        '<meta name="accordgraph-instance-base" content="https://w3id.org/accordgraph/id/">' in html
    )
    assert get(server, "/sparql", headers={"Accept": "text/html"}).text == html
    assert get(server, "/favicon.ico").headers["content-type"] == "image/svg+xml"


@pytest.fixture(scope="module")
def two(
    start_server: Callable[..., LiveServer], tmp_path_factory: pytest.TempPathFactory
) -> LiveServer:
    """A server over the US–Japan MOC and the US–UK MOU."""
    data = tmp_path_factory.mktemp("two") / "data"
    for args in ([], [str(UK)]):
        subprocess.run(
            [shutil.which("accordgraph") or "accordgraph", "load", "--data", str(data), *args],
            check=True,
            capture_output=True,
        )
    return start_server(data=data)


def test_compare_two_countries(two: LiveServer) -> None:
    html = get(two, "/compare", params={"a": "country:jp", "b": "country:GB"}).text
    assert "<h1>Japan and United Kingdom" in html
    sections = re.findall(r"<section><h3>(.*?)</h3>(.*?)</section>", html, re.S)
    assert len(sections) == 6  # organizations, then categories: only first, both, only second
    (head_jp, orgs_jp), (head_both, orgs_both), (head_gb, orgs_gb) = sections[:3]
    assert head_jp.startswith("Only in Japan") and head_gb.startswith("Only in United Kingdom")
    assert head_both.startswith("In both")

    def names(section: str) -> set[str]:
        return {unescape(n) for n in re.findall(r"<summary>(.*?) <span", section)}

    assert "Japan Science and Technology Agency" in names(orgs_jp)
    assert "Japan Science and Technology Agency" not in names(orgs_gb) | names(orgs_both)
    assert "Government of the United States of America" in names(orgs_both)  # both's partner
    assert not names(orgs_jp) & names(orgs_gb)
    uk = api(two, "/api/organizations?country=GB&limit=500")["items"]
    acting = {
        r["label"]
        for c in api(two, "/api/commitments?document=us-uk-tpd-2025&limit=500")["items"]
        for r in c["actors"] + c["through"]
    }
    british = {o["label"] for o in uk} & acting
    assert british and british <= names(orgs_gb)
    # each entry opens to a quote from its side
    first_jp = re.search(
        r"<details><summary>(.*?) <span.*?</summary>(.*?)</details>", orgs_jp, re.S
    )
    assert first_jp and "<blockquote>" in first_jp.group(2)


def test_compare_form_and_mistakes(two: LiveServer) -> None:
    html = get(two, "/compare").text
    assert '<option value="country:GB">United Kingdom' in html
    assert f'<option value="agreement:{MOC}">' in html
    assert get(two, "/compare", params={"a": "planet:mars", "b": "country:JP"}).status_code == 422
    assert get(two, "/compare", params={"a": "country:ZZ", "b": "country:JP"}).status_code == 404


def test_explore_partner_countries(two: LiveServer) -> None:
    japan_uk = get(two, "/explore", params={"country": "JP", "partner": "GB"}).text
    assert "<strong id=total>0</strong>" in japan_uk
    us_uk = get(two, "/explore", params={"country": "US", "partner": "GB"}).text
    uk_total = int(re.search(r"<strong id=total>(\d+)</strong>", us_uk).group(1))  # type: ignore[union-attr]
    mou = api(two, "/api/commitments?document=us-uk-tpd-2025&limit=500")["total"]
    assert 0 < uk_total <= mou
    home = " ".join(text_of(get(two, "/").text).split())
    assert "2 documents" in home and "3 countries" in home


def test_charts_of_what_the_facets_select(server: LiveServer) -> None:
    from PIL import Image

    svg = get(server, "/api/charts/heatmap.svg", params={"country": "JP"})
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml") and b"<svg" in svg.content
    png = get(server, "/api/charts/timeline.png", params={"category": QUANTUM})
    assert png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.size[0] > 800 and image.size[1] > 400
    everything = get(server, "/api/charts/heatmap.png").content
    nothing = get(server, "/api/charts/heatmap.png", params={"year": "1901"}).content
    assert everything != nothing
    assert get(server, "/api/charts/pie.svg").status_code == 422
    # the pages show them, with downloads
    html = get(server, "/countries/jp").text
    assert '<img src="/api/charts/timeline.svg?country=JP"' in html
    assert 'href="/api/charts/heatmap.png?country=JP" download' in html


def test_agreement_terms_carry_their_quotes(server: LiveServer) -> None:
    html = get(server, f"/agreements/{MOC}").text
    terms = dict(
        (unescape(k), v) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html, re.S)
    )
    for term, words in (
        ("Legal character", "does not create legally binding"),
        ("Commits funds", "Nothing in this MOC commits the Participants to the expenditure"),
        ("Takes effect", "when both Participants have signed"),
        ("Discontinued with notice of", "180 days after the date on which notice"),
    ):
        quoted = re.search(
            r'<q class=source-quote>(.*?)</q> <a class=meta href="(/documents/[^"]+)">', terms[term]
        )
        assert quoted and words in unescape(quoted.group(1)), term
        marked = get(server, unescape(quoted.group(2)).split("#")[0]).text
        assert unescape(re.search(r"<mark id=span>(.*?)</mark>", marked, re.S).group(1)) == (  # type: ignore[union-attr]
            unescape(quoted.group(1))
        ), term
