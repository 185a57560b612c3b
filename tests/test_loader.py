"""What the loader finds in the two agreements, and in a synthetic one it has never seen."""

from __future__ import annotations

import re

from accordgraph.loaders import Extraction, extract_bytes
from accordgraph.loaders.segment import sentence_spans
from accordgraph.loaders.summary import summarize

JAPAN_ORGS = {
    "Government of the United States of America",
    "Government of Japan",
    "OSTP",
    "CAO",
    "NSF",
    "JST",
    "JSPS",
    "RIKEN",
    "CAISI",
    "J-AISI",
    "NTIA",
    "MIC",
    "NICT",
}
UK_ORGS = {
    "Government of the United States of America",
    "Government of the United Kingdom of Great Britain and Northern Ireland",
    "DOE",
    "NSF",
    "NIH",  # in the reference data since the US agencies were added (#11)
    "ARPA-H",
    "DSIT",
    "UKRI",
    "NASA",
    "UKSA",
    "CAISI",
    "UK AI Security Institute",
    "NRC",
    "UK Office for Nuclear Regulation",
    "EA",
}
ICNT = "Integrated Communication and Networking Technologies"


def org_names(x: Extraction) -> set[str]:
    return {e.acronym or e.label for e in x.entities.values() if e.kind == "organization"}


def links_of(x: Extraction) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for link in summarize(x)["links"]:
        found.setdefault(link["organization"], set()).add((link["technology"], link["category"]))
    return found


def test_all_13_organizations_of_the_moc_and_no_others(japan: Extraction) -> None:
    assert org_names(japan) == JAPAN_ORGS


def test_reference_identifiers_come_from_reference_data_only(japan: Extraction) -> None:
    orgs = {o["acronym"] or o["label"]: o for o in summarize(japan)["organizations"]}
    assert orgs["NSF"]["ror"] == "https://ror.org/021nxhr62"
    assert orgs["NSF"]["wikidata"] == "http://www.wikidata.org/entity/Q304878"
    assert orgs["J-AISI"]["ror"] is None and orgs["CAISI"]["wikidata"] is None
    assert orgs["MIC"]["name_ja"] == "総務省"
    assert orgs["NICT"]["parent"] == "MIC" and orgs["NICT"]["country"] == "JP"


def test_organizations_are_linked_to_the_areas_of_their_sentence(japan: Extraction) -> None:
    links = links_of(japan)
    for org in ("NTIA", "MIC"):
        assert ("Open RAN", ICNT) in links[org]
        assert ("AI-RAN", ICNT) in links[org]
    for org in ("CAISI", "J-AISI"):
        assert {c for _, c in links[org]} >= {"Artificial Intelligence"}
    for org in ("NSF", "NICT"):
        assert any("6G" in t and c == ICNT for t, c in links[org])
    for org in ("JST", "JSPS", "RIKEN"):
        assert {c for _, c in links[org]} == {"Artificial Intelligence"}
    # Governments and their representatives are named in sentences about no technology.
    assert not {"OSTP", "CAO", "Government of Japan"} & set(links)


def test_every_intend_statement_and_focus_bullet_is_a_commitment(japan: Extraction) -> None:
    text = japan.source.text
    statements = [c for c in japan.commitments if c.form == "statement"]
    focus = [c for c in japan.commitments if c.form == "focus"]
    assert (len(japan.commitments), len(statements), len(focus)) == (26, 18, 8)
    # Independently of the loader's patterns: every sentence of the areas of cooperation
    # that says "intend"/"expect" is inside a commitment, unless it introduces a list.
    areas = next(p for p in japan.parts if p.heading == "Areas of Cooperation")
    spans = [c.span for c in japan.commitments]
    for part in japan.parts:
        if part.kind != "paragraph" or not areas.span.contains(part.span):
            continue
        for sentence in sentence_spans(text[part.span.start : part.span.end], part.span.start):
            quote = text[sentence.start : sentence.end]
            if re.search(r"\b(?:intend|expect)", quote) and not quote.endswith("include:"):
                assert any(s.contains(sentence) for s in spans), quote
    bullets = [p for p in japan.parts if p.kind == "bullet"]
    assert {c.part for c in focus} == {p.index for p in bullets}


def test_commitment_details(japan: Extraction) -> None:
    by_text = {c["text"][:40]: c for c in summarize(japan)["commitments"]}
    ntia = next(c for c in by_text.values() if "telecommunications innovation" in c["text"])
    assert ntia["partnerships"] == [["NTIA", "MIC"]]
    assert ntia["through"] == ["NTIA", "MIC"]
    assert ntia["actions"] == ["collaborate"] and ntia["modality"] == "intend"
    assert "Open RAN" in ntia["technologies"]
    assert ntia["section"].endswith(
        "Advanced Radio Access Networks, Beyond 5G/6G, and Connectivity"
    )
    driving = by_text["Driving innovative research to accelerat"]
    assert driving["form"] == "focus" and driving["actions"] == ["drive"]
    assert driving["through"] == ["NSF", "JST", "JSPS", "RIKEN"]
    assert driving["actors"] == [
        "Government of the United States of America",
        "Government of Japan",
    ]
    expected = [c for c in by_text.values() if c["modality"] == "expect"]
    assert [c["text"][:24] for c in expected] == ["These activities are exp"]
    fusion = next(c for c in by_text.values() if "JT–60SA" in c["text"])
    assert fusion["concerns"] == ["JT–60SA"]


def test_agreement_metadata(japan: Extraction) -> None:
    a = japan.agreement
    assert (a.kind, a.date, a.place, a.language) == ("MOC", "2025-10-28", "Tokyo", "en")
    assert a.non_binding is True and a.commits_funds is False
    assert a.discontinuation_notice == "P180D"
    assert a.modification == "by written decision of both Participants"
    assert a.operative_when == "when both Participants have signed"
    assert a.participants == ["USG", "JPG"]
    assert a.representations == [("USG", "OSTP"), ("JPG", "CAO")]
    cited = [japan.entities[k].label for k in a.cites]
    assert cited == [
        "Agreement between the Government of the United States of America and the Government "
        "of Japan on Cooperation in Research and Development in Science and Technology"
    ]
    signatures = {(japan.entities[s.person].label, s.title, s.on_behalf_of) for s in a.signatures}
    assert signatures == {
        ("Donald J. Trump", "President", "USG"),
        ("Sanae Takaichi", "Prime Minister", "JPG"),
    }


def test_one_person_named_four_ways_is_one_entity(japan: Extraction) -> None:
    people = [e for e in japan.entities.values() if e.kind == "person"]
    assert sorted(p.label for p in people) == ["Donald J. Trump", "Sanae Takaichi"]
    takaichi = next(p for p in people if p.label == "Sanae Takaichi")
    quotes = {japan.source.quote(m.span) for m in japan.mentions if m.entity == takaichi.key}
    assert quotes == {"Prime Minister Sanae Takaichi", "PRIME MINISTER TAKAICHI SANAE"}


def test_document_structure(japan: Extraction) -> None:
    kinds = summarize(japan)["document"]["parts"]
    assert kinds == {
        "title": 1,
        "preamble": 7,
        "section": 4,
        "paragraph": 13,
        "area": 2,
        "bullet": 8,
        "subarea": 6,
        "signatures": 1,
    }
    sections = [
        (p.number, p.heading, p.final_provisions) for p in japan.parts if p.kind == "section"
    ]
    assert sections == [
        ("I", "Purpose", False),
        ("II", "Areas of Cooperation", False),
        ("III", "Legal Character", True),
        ("IV", "Modification and Discontinuation", True),
    ]
    subareas = [p.heading for p in japan.parts if p.kind == "subarea"]
    assert subareas[0] == "Research Security" and subareas[-1] == "Space"
    # The page number "2" between two bullets is not text.
    assert "\n2\n" not in japan.source.text


def test_the_uk_mou_is_read_with_no_code_written_for_it(uk: Extraction) -> None:
    assert org_names(uk) == UK_ORGS
    links = links_of(uk)
    for org in ("NRC", "UK Office for Nuclear Regulation", "EA"):
        assert {c for _, c in links[org]} == {"Clean Energy Generation and Storage"}
    for org in ("NASA", "UKSA"):
        assert "Space Technologies and Systems" in {c for _, c in links[org]}
    for org in ("DOE", "NSF", "DSIT", "UKRI", "NIH"):
        assert "Artificial Intelligence" in {c for _, c in links[org]}
    assert uk.agreement.kind == "MOU" and uk.agreement.place == "Chequers, Buckinghamshire"
    partnerships = {
        tuple(uk.entities[m].acronym or uk.entities[m].label for m in p.members)
        for p in uk.partnerships
    }
    assert ("DSIT", "DOE") in partnerships and ("NASA", "UKSA") in partnerships


SYNTHETIC = """\
Memorandum of Cooperation Between the Government of Japan and the Government of the
United Kingdom of Great Britain and Northern Ireland

The Government of Japan and the Government of the United Kingdom of Great Britain and
Northern Ireland (hereinafter referred to as the "Participants");

Have reached the following recognition:

I. Purpose
The purpose of this Memorandum of Cooperation (hereinafter "MOC") is to cooperate.

II. Areas of Cooperation
Quantum Sensing

The Participants intend to collaborate on quantum sensing through the UK National
Physical Laboratory (NPL) and Japan's National Institute of Advanced Industrial Science and
Technology (AIST). NPL and AIST are expected to exchange researchers.

III. Legal Character
This MOC does not create legally binding rights and obligations.

Signed at London on March 3, 2026, in duplicate, in the English language.
"""


def test_an_unseen_agreement_with_unlisted_agencies() -> None:
    x = extract_bytes(SYNTHETIC.encode(), "synthetic.txt")
    orgs = {
        e.acronym: (e.label, e.country)
        for e in x.entities.values()
        if e.kind == "organization" and e.acronym
    }
    assert orgs == {
        "NPL": ("UK National Physical Laboratory", "GB"),
        "AIST": ("National Institute of Advanced Industrial Science and Technology", "JP"),
    }
    assert [c.form for c in x.commitments] == ["statement", "statement"]
    second = x.commitments[1]
    assert second.modality == "Expect" and second.actions == ["exchange"]
    assert {x.entities[a].acronym for a in second.through} == {"NPL", "AIST"}
    assert x.agreement.key == "moc-gb-jp-2026-03-03"
    assert {x.entities[link.organization].acronym for link in x.links} == {"NPL", "AIST"}


def test_every_span_quotes_the_stored_text(japan: Extraction, uk: Extraction) -> None:
    for x in (japan, uk):
        text = x.source.text
        for mention in x.mentions:
            quote = text[mention.span.start : mention.span.end]
            entity = x.entities[mention.entity]
            assert quote and quote == quote.strip(), (entity.label, quote)


def _reading(x: Extraction) -> dict[str, object]:
    """What a rendition says, independent of its file format."""
    s = summarize(x)
    return {
        "agreement": s["document"]["agreement"],
        "organizations": sorted(o["key"] for o in s["organizations"]),
        "commitments": [
            (c["modality"], c["actors"], c["through"], c["text"]) for c in s["commitments"]
        ],
        "links": sorted((lk["organization"], lk["technology"]) for lk in s["links"]),
    }


def test_html_and_pdf_renditions_read_like_the_text(japan: Extraction) -> None:
    from pathlib import Path

    from pdf_writer import text_pdf

    from accordgraph import bundled_document

    fixtures = Path(__file__).parent / "fixtures"
    html = extract_bytes((fixtures / "us-japan-tpd-2025.html").read_bytes(), "moc.html")
    lines = bundled_document().read_text(encoding="utf-8").splitlines()
    pdf = extract_bytes(text_pdf(lines), "moc.pdf")
    assert html.source.format == "html" and pdf.source.format == "pdf"
    expected = _reading(japan)
    assert _reading(pdf) == expected
    # The HTML rendition has no page breaks or hard wraps: the same statements, and spans
    # that quote its own text.
    assert _reading(html) == expected
    for c in html.commitments:
        assert html.source.quote(c.span) == summarize(html)["commitments"][c.index]["text"]
