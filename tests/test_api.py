"""The lookup API (``/api/…``) against a live server over the bundled document: content,
paging, validators, problem details, JSON-LD; uploads and removals with the token."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from live_server import LiveServer
from pdf_writer import text_pdf
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from accordgraph import bundled_document
from accordgraph.loaders import extract_file
from accordgraph.loaders.summary import summarize

FIXTURES = Path(__file__).parent / "fixtures"
ICNT = "integrated-communication-and-networking-technologies"
QUANTUM = "quantum-information-and-enabling-technologies"
DOC = "us-japan-tpd-2025"
MOC_ORGS = {"USG", "JPG", "OSTP", "CAO", "NSF", "JST", "JSPS", "RIKEN", "CAISI", "J-AISI"}
MOC_ORGS |= {"NTIA", "MIC", "NICT"}


@pytest.fixture(scope="module")
def api(server: LiveServer) -> httpx.Client:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def get(api: httpx.Client, path: str, **params: object) -> object:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def acronyms(items: list[dict[str, object]]) -> set[str]:
    return {str(o["acronym"] or o["label"]) for o in items}


def reference_rows() -> dict[str, dict[str, str]]:
    path = Path(__file__).parents[1] / "ontology" / "reference" / "organizations.csv"
    with path.open(encoding="utf-8") as f:
        return {row["key"]: row for row in csv.DictReader(f)}


# ---------------------------------------------------------------- organizations


def test_organizations_under_a_technology_category(api: httpx.Client) -> None:
    page = get(api, "/api/organizations", category=ICNT)
    assert {"NTIA", "MIC", "NICT"} <= acronyms(page["items"])
    assert page["total"] == len(page["items"])
    # Under a narrower area only the agencies of that sentence remain.
    page = get(api, "/api/organizations", category="open-ran")
    assert acronyms(page["items"]) == {"NTIA", "MIC"}


def test_organizations_named_by_the_document_are_the_13_of_the_moc(api: httpx.Client) -> None:
    page = get(api, "/api/organizations", document=DOC, limit=100)
    names = {
        o["acronym"] or {"Government of Japan": "JPG"}.get(o["label"], o["label"])
        for o in page["items"]
    }
    assert page["total"] == 13
    assert len(names) == 13
    assert {"NSF", "JST", "JSPS", "RIKEN", "NTIA", "MIC", "NICT", "CAISI", "J-AISI"} <= names


def test_organization_filters_by_country_kind_and_name(api: httpx.Client) -> None:
    japanese = get(api, "/api/organizations", country="jp", limit=500)["items"]
    assert japanese and all(o["country"] == "JP" for o in japanese)
    assert {"JST", "JSPS", "RIKEN", "MIC", "NICT"} <= acronyms(japanese)
    institutes = get(api, "/api/organizations", kind="research-institute", limit=500)["items"]
    assert {"RIKEN", "NICT"} <= acronyms(institutes)
    assert all(o["kind"] == "research-institute" for o in institutes)
    assert acronyms(get(api, "/api/organizations", q="総務省")["items"]) == {"MIC"}
    assert "NSF" in acronyms(get(api, "/api/organizations", q="nsf")["items"])


def test_paging_is_stable_and_complete(api: httpx.Client) -> None:
    whole = get(api, "/api/organizations", limit=500)
    pages = [
        get(api, "/api/organizations", offset=offset, limit=7)
        for offset in range(0, whole["total"], 7)
    ]
    assert all(p["total"] == whole["total"] for p in pages)
    assert [o["iri"] for p in pages for o in p["items"]] == [o["iri"] for o in whole["items"]]
    labels = [o["label"].casefold() for o in whole["items"]]
    assert labels == sorted(labels)


def test_one_organization_with_parent_documents_commitments_and_identifiers(
    api: httpx.Client,
) -> None:
    nsf = get(api, "/api/organizations/nsf")
    assert nsf["label"] == "National Science Foundation"
    assert nsf["parent"]["id"] == "usg"
    assert [d["id"] for d in nsf["named_in"]] == [DOC]
    areas = {t["area"]["id"] for t in nsf["technology_areas"]}
    assert {"ai-for-science", "beyond-5g-and-6g", "quantum-networking"} <= areas
    quotes = [c["quote"] for c in nsf["commitments"]]
    assert quotes and all("National Science Foundation" in q or "NSF" in q for q in quotes)
    row = reference_rows()["NSF"]
    assert nsf["identifiers"] == {
        "ror": f"https://ror.org/{row['ror']}",
        "wikidata": f"http://www.wikidata.org/entity/{row['wikidata']}",
    }
    assert nsf["name_ja"] == row["name_ja"]
    mic = get(api, "/api/organizations/mic")
    assert [c["id"] for c in mic["children"]] == ["nict"]
    assert [p["id"] for p in mic["partnerships"]] == ["mic--ntia"]


# ---------------------------------------------------------------- technologies


def test_the_technology_tree_with_counts(api: httpx.Client) -> None:
    tree = get(api, "/api/technologies")
    assert len([n for n in tree if n["cet"]]) == 18
    node = next(n for n in tree if n["id"] == ICNT)
    total = get(api, "/api/commitments", technology=ICNT)["total"]
    assert node["commitments"] == total > 0
    assert node["organizations"] == len(get(api, "/api/organizations", category=ICNT)["items"])
    assert any(child["id"] == "advanced-radio-access-networks" for child in node["narrower"])


def test_one_technology_area(api: httpx.Client) -> None:
    area = get(api, "/api/technologies/open-ran")
    assert area["category"]["id"] == ICNT
    assert [b["id"] for b in area["broader"]] == ["advanced-radio-access-networks"]
    assert {o["id"] for o in area["organizations"]} == {"ntia", "mic"}
    assert any("Open RAN" in c["quote"] for c in area["commitments"])


# ---------------------------------------------------------------- commitments


def test_commitment_filters(api: httpx.Client) -> None:
    assert get(api, "/api/commitments", document=DOC, limit=500)["total"] == 26
    quantum = get(api, "/api/commitments", technology=QUANTUM)
    assert quantum["total"] == 5
    node = next(n for n in get(api, "/api/technologies") if n["id"] == QUANTUM)
    subtree = {QUANTUM}
    stack = list(node["narrower"])
    while stack:
        child = stack.pop()
        subtree.add(child["id"])
        stack.extend(child["narrower"])
    assert all({a["id"] for a in c["technology_areas"]} & subtree for c in quantum["items"])
    assert any("quantum computing" in c["quote"] for c in quantum["items"])  # a narrower area
    nsf = get(api, "/api/commitments", organization="nsf")["items"]
    assert nsf and all("nsf" in {o["id"] for o in c["through"]} for c in nsf)
    via = get(api, "/api/commitments", organization="ntia")["items"]
    assert any(p["id"] == "mic--ntia" for c in via for p in c["partnerships"])
    intend = get(api, "/api/commitments", modality="intend", limit=500)
    assert intend["total"] > 0 and {c["modality"] for c in intend["items"]} == {"intend"}
    collaborate = get(api, "/api/commitments", action="collaborate", limit=500)["items"]
    assert collaborate and all("collaborate" in c["actions"] for c in collaborate)


def test_each_commitment_links_to_its_exact_text(api: httpx.Client) -> None:
    for c in get(api, "/api/commitments", document=DOC, limit=500)["items"]:
        text = api.get(c["span"]["text_url"])
        assert text.status_code == 200
        assert text.text == c["quote"]
        assert c["section"] and c["section"].startswith(("I.", "II.", "III.", "IV.", "V."))
    one = get(api, "/api/commitments/us-japan-tpd-2025/3")
    assert one["number"] == 3 and "RIKEN" in one["quote"]


# ---------------------------------------------------------------- documents, agreements


def test_documents_text_and_summary(api: httpx.Client) -> None:
    listed = get(api, "/api/documents")["items"]
    assert [d["id"] for d in listed] == [DOC]
    assert listed[0]["commitments"] == 26
    detail = get(api, f"/api/documents/{DOC}")
    # Regression: a text without front matter had no title; its headline is its title.
    assert detail["title"] == (
        "Joint Statement by President Trump and Prime Minister Sanae Takaichi of Japan on a"
        " Memorandum of Cooperation Regarding the Technology Prosperity Deal Between the"
        " Government of the United States of America and the Government of Japan"
    )
    headings = [p["heading"] for p in detail["parts"] if p["kind"] == "Section"]
    assert "Areas of Cooperation" in headings
    text = api.get(f"/api/documents/{DOC}/text").text
    assert len(text) == detail["characters"]
    summary = get(api, f"/api/documents/{DOC}/summary")
    # The same shape and content as `accordgraph inspect --json`.
    assert summary == json.loads(json.dumps(summarize(extract_file(bundled_document()))))


def test_one_agreement(api: httpx.Client) -> None:
    [agreement] = get(api, "/api/agreements")["items"]
    moc = get(api, f"/api/agreements/{agreement['id']}")
    assert moc["kinds"] == ["MemorandumOfCooperation"]
    assert moc["legal_character"] == "non-binding" and moc["commits_funds"] is False
    represented = {p["organization"]["id"]: p["represented_by"]["id"] for p in moc["participants"]}
    assert represented == {"usg": "ostp", "jpg": "cao"}
    signing = moc["signing"]
    assert signing["date"] == "2025-10-28" and signing["place"]["label"] == "Tokyo"
    signed = {s["person"]["label"]: s["on_behalf_of"]["id"] for s in signing["signatures"]}
    assert signed == {"Donald J. Trump": "usg", "Sanae Takaichi": "jpg"}
    assert moc["commitments"] == 26 and [d["id"] for d in moc["documents"]] == [DOC]


# ---------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("総務省", "mic"),
        ("NTIA", "ntia"),
        ("Natonal Science Foundaton", "nsf"),  # typos
        ("JAISI", "jaisi"),  # punctuation
        ("riken", "riken"),
        ("open ran", "open-ran"),
        ("Tokyo", "tokyo"),
    ],
)
def test_search_ranks_the_intended_entity_first(api: httpx.Client, query: str, first: str) -> None:
    hits = get(api, "/api/search", q=query)
    assert hits[0]["id"] == first
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_search_tolerates_a_typo_in_a_technology(api: httpx.Client) -> None:
    hits = get(api, "/api/search", q="quantm computing", type="technology")
    assert hits[0]["id"] == "quantum-computing"
    assert {h["type"] for h in hits} == {"technology"}


# ---------------------------------------------------------------- HTTP behaviour


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/organizations/no-such-org", 404),
        ("/api/technologies/no-such-area", 404),
        ("/api/commitments/us-japan-tpd-2025/999", 404),
        ("/api/documents/no-such-doc", 404),
        ("/api/agreements/no-such-agreement", 404),
        ("/api/organizations?limit=0", 422),
        ("/api/organizations?limit=abc", 422),
        ("/api/organizations?country=XYZ", 422),
        ("/api/organizations?kind=club", 422),
        ("/api/commitments?modality=maybe", 422),
        ("/api/commitments?technology=nope", 404),
        ("/api/documents/us-japan-tpd-2025/text?start=-1", 422),
        ("/api/search?q=", 422),
        ("/api/search?q=nsf&limit=1000", 422),
        ("/api/search?q=nsf&type=galaxy", 422),
    ],
)
def test_errors_are_problem_details(api: httpx.Client, path: str, status: int) -> None:
    response = api.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["detail"]


def test_validators_follow_the_store_version(api: httpx.Client) -> None:
    first = api.get("/api/organizations/nsf")
    tag = first.headers["etag"]
    assert "no-cache" in first.headers["cache-control"]
    again = api.get("/api/organizations/nsf", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = api.get("/api/organizations/mic", headers={"If-None-Match": tag})
    assert other.status_code == 200  # another resource has another tag


def test_json_ld_on_request(api: httpx.Client) -> None:
    response = api.get("/api/organizations/nsf", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    graph = Graph().parse(data=response.text, format="json-ld")
    nsf = URIRef("https://w3id.org/accordgraph/id/org/nsf")
    assert (nsf, RDFS.label, Literal("National Science Foundation")) in graph


def test_the_openapi_schema_has_a_valid_example_for_every_model(api: httpx.Client) -> None:
    schema = get(api, "/openapi.json")
    models = schema["components"]["schemas"]
    assert {"Organization", "Commitment", "TechnologyDetail", "Agreement", "LoadResult"} <= set(
        models
    )
    # Every response model (Body_… are FastAPI's multipart request bodies).
    without = [
        name
        for name, model in models.items()
        if not model.get("examples") and not name.startswith("Body_")
    ]
    assert without == []
    # Each example is a valid instance of its own model.
    from pydantic import BaseModel

    from accordgraph.api import problems
    from accordgraph.api.routers import documents, health, page
    from accordgraph.graph import records

    classes = {
        name: cls
        for module in (records, documents, health, page, problems)
        for name, cls in vars(module).items()
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel
    }
    checked = 0
    for cls in classes.values():
        extra = cls.model_config.get("json_schema_extra")
        for example in (extra or {}).get("examples", []) if isinstance(extra, dict) else []:
            cls.model_validate(example)
            checked += 1
    assert checked >= len(classes) - 1  # the generic Page validates as Page[Any]
    paths = schema["paths"]
    for path in ["/api/organizations", "/api/technologies/{technology_id}", "/api/search"]:
        assert "200" in paths[path]["get"]["responses"]


# ---------------------------------------------------------------- writes


@pytest.fixture(scope="module")
def writable(start_server: Callable[..., LiveServer]) -> httpx.Client:
    server = start_server("--updates", "--token", "t0ken")
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


AUTH = {"Authorization": "Bearer t0ken"}


def upload(client: httpx.Client, name: str, data: bytes, **headers: str) -> httpx.Response:
    return client.post("/api/documents", files={"file": (name, data)}, headers=headers)


def test_writes_need_the_token(writable: httpx.Client, api: httpx.Client) -> None:
    data = (FIXTURES / "us-uk-tpd-2025.md").read_bytes()
    assert upload(api, "uk.md", data, **AUTH).status_code == 403  # read-only server
    assert upload(writable, "uk.md", data).status_code == 401  # no token
    assert upload(writable, "uk.md", data, Authorization="Bearer wrong").status_code == 401
    assert writable.delete(f"/api/documents/{DOC}").status_code == 401
    assert [d["id"] for d in writable.get("/api/documents").json()["items"]] == [DOC]


def test_upload_then_remove_a_document(writable: httpx.Client) -> None:
    data = (FIXTURES / "us-uk-tpd-2025.md").read_bytes()
    before = writable.get("/api/organizations/nsf")
    response = upload(writable, "us-uk-tpd-2025.md", data, **AUTH)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["id"] == "us-uk-tpd-2025" and result["changed"] is True
    assert result["commitments"] == 42 and result["organizations"] == 15
    assert response.headers["location"] == "/api/documents/us-uk-tpd-2025"
    assert len(result["summary"]["commitments"]) == 42
    # The store changed, so validators did too.
    after = writable.get(
        "/api/organizations/nsf", headers={"If-None-Match": before.headers["etag"]}
    )
    assert after.status_code == 200
    assert {d["id"] for d in after.json()["named_in"]} == {DOC, "us-uk-tpd-2025"}
    # The same file again changes nothing.
    again = upload(writable, "us-uk-tpd-2025.md", data, **AUTH)
    assert again.status_code == 200 and again.json()["changed"] is False
    assert writable.delete("/api/documents/us-uk-tpd-2025", headers=AUTH).status_code == 204
    assert writable.get("/api/documents/us-uk-tpd-2025").status_code == 404
    assert writable.delete("/api/documents/us-uk-tpd-2025", headers=AUTH).status_code == 404


def test_a_bad_upload_is_refused_and_changes_nothing(writable: httpx.Client) -> None:
    before = writable.get("/api/documents").json()
    for name, data in [
        ("x.pdf", b"%PDF-1.4 not really"),
        ("x.txt", b"\x00\x01\x02binary"),
        ("x.docx", b"PK\x03\x04"),
        ("x.txt", b""),
    ]:
        response = upload(writable, name, data, **AUTH)
        assert response.status_code == 400, (name, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert name in response.json()["detail"]
    assert writable.get("/api/documents").json() == before


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_html_and_pdf_uploads_are_read_like_the_text(writable: httpx.Client, kind: str) -> None:
    text = bundled_document().read_text(encoding="utf-8")
    if kind == "pdf":
        data = text_pdf(text.splitlines())
    else:
        data = (FIXTURES / "us-japan-tpd-2025.html").read_bytes()
    response = upload(writable, f"moc-{kind}.{kind}", data, **AUTH)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["organizations"] == 13 and result["commitments"] == 26
    doc = writable.get(f"/api/documents/moc-{kind}").json()
    assert doc["format"] == {"html": "text/html", "pdf": "application/pdf"}[kind]
    agreement = doc["agreement"]["id"]
    assert agreement == "moc-jp-us-2025-10-28"  # the same agreement as the text rendition
    assert writable.delete(f"/api/documents/moc-{kind}", headers=AUTH).status_code == 204


# ---------------------------------------------------------------- analytics and export


def test_analytics_endpoints_give_known_answers(api: httpx.Client) -> None:
    neighbours = get(api, "/api/analytics/neighbours", entity="NSF")
    assert {"JST", "JSPS", "RIKEN", "NICT"} <= {
        n["iri"].rsplit("/", 1)[-1].upper() for n in neighbours
    }
    paths = get(api, "/api/analytics/paths", source="NTIA", target="NSF")
    steps = paths["shortest"]["steps"]
    assert (
        steps[0]["source"]["label"] == "National Telecommunications and Information Administration"
    )
    assert all(step["evidence"] for step in steps)
    assert "National Science Foundation" in steps[-1]["evidence"][0]["quote"]
    ranked = get(api, "/api/analytics/centrality", measure="pagerank", top=3)
    assert [r["rank"] for r in ranked] == [1, 2, 3]
    communities = get(api, "/api/analytics/communities")
    assert communities["modularity"] > 0
    similar = get(api, "/api/analytics/similar", organization="MIC")
    assert similar[0]["iri"].endswith("/org/ntia") and similar[0]["jaccard"] == 1.0
    summary = get(api, "/api/analytics/summary", projection="organization-technology", country="JP")
    assert summary["nodes_by_type"]["organization"] > 0
    assert api.get("/api/analytics/neighbours", params={"entity": "Nobody"}).status_code == 404
    assert api.get("/api/analytics/centrality", params={"measure": "fame"}).status_code == 422


def test_graph_files_over_http(api: httpx.Client) -> None:
    import networkx as nx

    response = api.get("/api/export/gexf", params={"projection": "organization-technology"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gexf+xml")
    assert "accordgraph-organization-technology.gexf" in response.headers["content-disposition"]
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert (
        graph.nodes["https://w3id.org/accordgraph/id/org/nsf"]["label"]
        == "National Science Foundation"
    )
    cytoscape = api.get("/api/export/cytoscape", params={"language": "ja"}).json()
    labels = {n["data"]["label"] for n in cytoscape["elements"]["nodes"]}
    assert "総務省" in labels


def test_pictures_and_the_page_over_http(api: httpx.Client) -> None:
    png = api.get("/api/export/png", params={"projection": "technologies"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert png.headers["content-disposition"] == 'inline; filename="accordgraph-technologies.png"'
    svg = api.get("/api/export/svg", params={"document": "us-japan-tpd-2025", "country": "JP"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "(document us-japan-tpd-2025; organizations of JP) -->" in svg.text
    page = api.get("/api/export/html", params={"size_by": "betweenness"})
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Organizations named together in commitments and partnerships</title>" in (
        page.text
    )
    assert "Driving innovative research" in page.text  # quotes travel with the page


def test_comparing_two_documents_over_http(api: httpx.Client) -> None:
    same = get(api, "/api/analytics/compare", first="us-japan-tpd-2025", second="us-japan-tpd-2025")
    assert same["organizations"]["jaccard"] == 1.0 and same["organizations"]["only_first"] == []
    assert "Integrated Communication and Networking Technologies" in {
        c["label"] for c in same["categories"]["shared"]
    }
    missing = api.get("/api/analytics/compare", params={"first": "us-japan-tpd-2025",
                                                        "second": "nope"})  # fmt: skip
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
