"""What kind of document a file is, its front matter, and one organization across
documents (#11)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib.namespace import ORG, RDF, SKOS

from accordgraph import bundled_document
from accordgraph.loaders import extract_bytes, extract_file
from accordgraph.loaders.rdf import to_rdf
from accordgraph.loaders.read import split_front_matter
from accordgraph.loaders.summary import summarize
from accordgraph.ontology import AG, Ids
from accordgraph.ontology.reference import load_reference

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = sorted((FIXTURES / "gold").rglob("*.yaml"))
GOLD_DOCUMENTS = sorted((FIXTURES / "gold").rglob("*.md"))
GOLD_DOCUMENTS.remove(FIXTURES / "gold" / "README.md")
README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem[:40])
def test_each_annotated_document_gets_its_kind(path: Path) -> None:
    annotated = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
    assert extract_file(path.with_suffix(".md")).kind == annotated


def test_the_agreements_are_agreement_texts_however_published() -> None:
    """The MOC as the Daily Compilation printed it is titled "Joint Statement …", and
    the White House rendition is an article: both are the agreement's text."""
    assert extract_file(bundled_document()).kind == "agreement"
    assert extract_file(FIXTURES / "wh-us-japan-tpd-2025.md").kind == "agreement"
    assert extract_file(FIXTURES / "us-uk-tpd-2025.md").kind == "agreement"


def test_a_file_about_software_invents_nothing() -> None:
    """This project's README names CAISI, NSF and both governments, and says "the
    Participants intend to": it is not a government's word."""
    x = extract_file(README)
    assert x.kind == "other"
    assert any("not a government text" in w for w in x.warnings)
    assert [e for e in x.entities.values() if e.kind == "organization"] == []
    assert x.commitments == [] and x.links == []


def test_front_matter_is_yaml() -> None:
    """Regression: `title: "U.S. \\u2013 Japan …"` was stored with a literal backslash."""
    x = extract_file(FIXTURES / "wh-us-japan-tpd-2025.md")
    assert x.source.metadata["title"] == "U.S. – Japan Technology Prosperity Deal"
    assert x.source.metadata["date"] == "2025-10-28"


def test_front_matter_aliases_are_not_expanded() -> None:
    """A "billion laughs" front matter is read as flat text, not expanded."""
    lines = ["a: &a ['x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x']"]
    lines += [
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    front = "---\n" + "\n".join(lines) + "\ntitle: Bomb\n---\nBody"
    metadata, body = split_front_matter(front)
    assert body == "Body"
    assert metadata["title"] == "Bomb"
    assert len(metadata["i"]) < 100


def _keys(text: str, name: str) -> dict[str, str]:
    """Organization label → key in a document."""
    x = extract_bytes(text.encode(), name)
    return {
        x.source.quote(m.span): m.entity
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }


def test_one_organization_however_a_document_names_it() -> None:
    """ "Department of Commerce", "U.S. Department of Commerce" and "DOC" in different
    documents are one organization, with one key (so one IRI)."""
    keys = set()
    keys |= set(_keys("The U.S. Department of Commerce will lead.", "a.txt").values())
    keys |= set(
        _keys(
            "The Department of Commerce (DOC) and NIST plan to meet. DOC will host.", "b.txt"
        ).values()
    ) - {"NIST"}
    assert keys == {"DOC"}


def test_same_acronym_in_two_countries_stays_two_organizations() -> None:
    korea = extract_bytes(
        b"The Korea Institute of Science and Technology (KIST) will host it.", "a.txt"
    )
    kenya = extract_bytes(
        b"The Kenya Institute of Science and Technology (KIST) will host it.", "b.txt"
    )
    first, second = ({x.source.quote(m.span): x.entities[m.entity] for m in x.mentions}
                     for x in (korea, kenya))  # fmt: skip
    assert first["KIST"].key != second["KIST"].key
    assert (first["KIST"].country, second["KIST"].country) == ("KR", "KE")
    # a reference body's name or acronym after another country's name or adjective is
    # that country's body, and "Africa CDC" the African Union's
    keys = _keys("The CDC, China CDC and the Africa CDC met the Japanese NSC.", "c.txt")
    assert keys == {
        "CDC": "CDC",
        "China CDC": "cn-cdc",
        "Africa CDC": "AFRICA-CDC",
        "Japanese NSC": "jp-nsc",
    }
    keys = _keys("The Philippine Department of Energy and the Department of Energy met.", "e.txt")
    assert keys == {
        "Philippine Department of Energy": "ph-department-of-energy",
        "Department of Energy": "DOE",
    }
    # (a state's department is neither the nation's nor the island's of the state's name)
    state = _keys("- New Jersey Department of Transportation and Labor officials met.", "s.txt")
    assert not {"DOT", "DOL"} & set(state.values())
    assert not any(key.startswith("je-") for key in state.values())
    assert _keys("Senior U.S. Department of Energy officials met.", "u.txt") == {
        "U.S. Department of Energy": "DOE"
    }


def test_a_countrys_government_is_named_many_ways() -> None:
    """ "the Indian government", "the Government of India" and India acting as a party
    are one government."""
    text = (
        "The United States and India launched a quantum partnership. "
        "The Indian government will fund it. The Government of India intends to host it."
    )
    keys = _keys(text, "c.txt")
    assert keys["India"] == keys["Indian government"] == keys["Government of India"]
    assert keys["United States"] == "USG"


def test_a_country_that_does_not_act_is_not_a_government() -> None:
    keys = _keys("Investment in India is growing, and firms expand in Japan.", "d.txt")
    assert keys == {}


@pytest.mark.parametrize("name", ["us-uk-tpd-2025.md", "us-japan-tpd-2025.txt"])
def test_quotes_never_end_in_the_next_bullets_marker(name: str) -> None:
    """Regression: two US–UK quotes of bullets with nested bullets ended in "…;\\n\\n•"."""
    x = extract_file(FIXTURES / name)
    for commitment in x.commitments:
        quote = x.source.quote(commitment.span)
        assert quote == quote.strip() and not quote.endswith(("•", "*", "-")), quote[-40:]
        assert "\n\n" not in quote


def test_two_renditions_of_one_agreement_count_its_commitments_once() -> None:
    """Regression: the White House rendition of the MOC loaded beside the bundled text
    made "commitments by modality" report 50 `intend` for a 26-commitment MOC."""
    from accordgraph.graph.lookup import Lookup
    from accordgraph.graph.projections import project
    from accordgraph.graph.questions import QUESTIONS
    from accordgraph.graph.store import KnowledgeGraph

    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    alone = {
        (r["modality"], int(r["commitments"]))
        for r in kg.select(QUESTIONS["commitments-by-modality"].sparql)
    }
    weights_alone = {
        (a, b): d["weight"]
        for a, b, d in project(Lookup(kg).index, "organization-technology").edges(data=True)
    }
    kg.load(FIXTURES / "wh-us-japan-tpd-2025.md")
    rows = kg.select(QUESTIONS["commitments-by-modality"].sparql)
    assert {(r["modality"], int(r["commitments"])) for r in rows} == alone
    assert sum(n for _, n in alone) == 26
    lookup = Lookup(kg)
    (agreement,) = lookup.agreements().items
    assert len(agreement.documents) == 2 and agreement.commitments == 26
    documents = {d.id: d for d in lookup.documents().items}
    rendition = documents["wh-us-japan-tpd-2025"]  # what /api/documents/{id} shows
    assert rendition.title == "U.S. – Japan Technology Prosperity Deal"
    assert (rendition.kind, rendition.date, rendition.commitments) == (
        "agreement",
        "2025-10-28",
        26,
    )
    assert documents["us-japan-tpd-2025"].kind == "agreement"
    weights = {
        (a, b): d["weight"]
        for a, b, d in project(lookup.index, "organization-technology").edges(data=True)
    }
    assert weights == weights_alone


def test_a_statement_and_a_fact_sheet_of_one_day_are_not_one_agreement() -> None:
    """Only agreement texts are identified across documents (by kind, participants and
    date); a joint statement and the fact sheet of the same visit stay two."""
    statement = extract_bytes(
        b"---\ntitle: Joint Statement of the United States and India\ndate: 2025-01-06\n---\n"
        b"The United States and India launched a quantum partnership.",
        "a.md",
    )
    sheet = extract_bytes(
        b"---\ntitle: 'Fact Sheet: The United States and India'\ndate: 2025-01-06\n---\n"
        b"The United States and India launched a quantum partnership.",
        "b.md",
    )
    assert (statement.kind, sheet.kind) == ("joint statement", "fact sheet")
    assert statement.agreement.key != sheet.agreement.key


def _statement(kind_title: str, sentence: str) -> list[tuple[str, list[str]]]:
    x = extract_bytes(
        f"---\ntitle: '{kind_title}'\n---\n"
        f"The United States and Japan reaffirmed their alliance. {sentence}".encode(),
        "s.md",
    )
    return [(c.modality, sorted(c.actors)) for c in x.commitments]


def test_we_in_a_joint_statement_is_its_parties() -> None:
    found = _statement(
        "Joint Statement of the United States and Japan",
        "We intend to deepen cooperation on quantum computing.",
    )
    assert ("Intend", ["JPG", "USG"]) in found


def test_we_in_remarks_commits_no_organization() -> None:
    found = _statement("Remarks by the President", "We intend to deepen cooperation on quantum.")
    assert [c for c in found if c[0] == "Intend"] == []


def test_fact_sheet_announcements_are_commitments_of_their_subject() -> None:
    x = extract_bytes(
        b"---\ntitle: 'Fact Sheet: Space Cooperation'\n---\n"
        b"NASA and the Indian Space Research Organisation (ISRO) launched a joint mission.",
        "f.md",
    )
    (commitment,) = x.commitments
    assert commitment.modality == "Announce" and commitment.actions == ["launch"]
    assert set(commitment.actors) == {"NASA", "ISRO"}


def test_a_statement_without_sections_keeps_its_bullets_whole() -> None:
    """Regression: without numbered sections every block was a paragraph, so a fact
    sheet's bullet was split into sentences (a company and the area its bullet names in
    the next sentence were not linked) and no bullet was under a lead-in."""
    x = extract_bytes(
        (
            FACT_SHEET + "Today the President announced new deals.\n\n"
            "- Quantinuum finalized a partnership with Acme Capital. Qatar will invest"
            " in quantum technologies.\n\n"
            "Quantinuum met Acme Capital. Qatar will invest in quantum sensing.\n"
        ).encode(),
        "f.md",
    )
    assert [p.kind for p in x.parts] == ["paragraph", "bullet", "paragraph"]
    linked = {(x.entities[k.organization].label, x.source.quote(k.span)[:10]) for k in x.links}
    # a bullet is one unit, a paragraph's sentence is one
    assert linked == {
        ("Quantinuum", "Quantinuum"),
        ("Acme Capital", "Quantinuum"),
        ("Government of Qatar", "Quantinuum"),
        ("Government of Qatar", "Qatar will"),
    }


def test_a_heading_is_not_part_of_the_bullets_under_it() -> None:
    """Regression: a bullet naming no technology area was linked to its heading's
    ("Quantum Computing" over "NASA will host a summit"), against the annotation rule."""
    x = extract_bytes(
        (
            FACT_SHEET + "## Quantum Computing\n\n- NASA will host a summit.\n\n"
            "- NSF will fund quantum sensing.\n"
        ).encode(),
        "f.md",
    )
    linked = {(x.entities[k.organization].label, x.entities[k.technology].label) for k in x.links}
    assert linked == {("National Science Foundation", "Quantum sensing")}
    # … while a commitment naming no area is of its heading's
    areas = [[x.entities[t].label for t in c.technologies] for c in x.commitments]
    assert areas == [["Quantum computing"], ["Quantum sensing"]]


def test_bullets_under_a_lead_in_are_the_commitments_of_its_actors() -> None:
    """ "The leaders committed to:" states no verb; each bullet under it is a commitment
    of its actors (not of the document's participants), and the lead-in one too."""
    x = extract_bytes(
        b"Japan will host the summit. The United States and India committed to:\n\n"
        b"- expanding cooperation on quantum computing;\n- building 6G networks.\n\n"
        b"Japan will fund it.\n",
        "s.txt",
    )
    found = [
        (x.source.quote(c.span)[:12], c.modality, sorted(c.actors), c.technologies)
        for c in x.commitments
    ]
    quantum, six_g = (str(Ids().technology(s)) for s in ("quantum-computing", "beyond-5g-and-6g"))
    assert found == [
        ("Japan will h", "Will", ["JPG"], []),
        ("The United S", "Commit", ["USG", "government-in"], []),
        ("expanding co", "Commit", ["USG", "government-in"], [quantum]),
        ("building 6G ", "Commit", ["USG", "government-in"], [six_g]),
        ("Japan will f", "Will", ["JPG"], []),
    ]


def test_frameworks_and_partnerships_of_governments_are_no_organizations() -> None:
    """The gold rules: programs, initiatives and partnerships between governments are not
    bodies, so the reference data lists none of them."""
    text = (
        "The Minerals Security Partnership, the Indo-Pacific Economic Framework for"
        " Prosperity (IPEF) and Mission Innovation will meet."
    )
    assert _keys(text, "f.txt") == {}


@pytest.mark.parametrize(
    ("sentence", "written", "key"),
    [
        ("The Secretary of Commerce shall report.", "Commerce", "DOC"),
        (
            "Japan’s Ministry of Education, Culture, Sports, Science and Technology will fund it.",
            "Japan’s Ministry of Education, Culture, Sports, Science and Technology",
            "MEXT",
        ),
        (
            "A partnership between the U.S. National Science Foundation and JST.",
            "U.S. National Science Foundation",
            "NSF",
        ),
        ("GE Aerospace and Hindustan Aeronautics Limited will build it.", "GE Aerospace", None),
        ("Microchip Technology Inc. will build it.", "Microchip Technology Inc.", None),
        # common nouns joined are one name, not two
        (
            "We thank the Integrated Air and Missile Defense Capability Coalition for air"
            " and missile defense.",
            "Integrated Air and Missile Defense Capability Coalition",
            None,
        ),
        ("I thank the House and the Senate.", "Senate", "US-SENATE"),
        ("I thank the House and the Senate.", "House", "US-HOUSE"),
        # after a name in a list, a one-word name is one unless a longer name goes on
        ("We condemn ISIS and al-Qa’ida.", "al-Qa’ida", "AL-QAIDA"),
        ("The Congress of the United States, by joint resolution, asked.", "Congress", "CONGRESS"),
        (
            "The President will ask the United States Congress to act.",
            "United States Congress",
            "CONGRESS",
        ),
        ("NATO’s Parliamentary Assembly will meet.", "Parliamentary Assembly", None),
        (
            "It funds the New Era Aerospace and Defense Technology Fund.",
            "New Era Aerospace and Defense Technology Fund",
            None,
        ),
        # a qualifier after "and" is no part of the name ("U.S." is not "U")
        (
            "They joined the UK Ministry of Defence and U.S. naval shipyards.",
            "UK Ministry of Defence",
            None,
        ),
        ("The University of New Mexico will host it.", "University of New Mexico", None),
        (
            "Work with the Department of Homeland Security’s Cybersecurity and Infrastructure"
            " Security Agency (CISA). CISA will lead.",
            "CISA",
            "CISA",
        ),
    ],
)
def test_organizations_as_texts_write_them(sentence: str, written: str, key: str | None) -> None:
    keys = _keys(sentence, "o.txt")
    assert written in keys
    if key:
        assert keys[written] == key


def test_a_name_ending_in_a_country_belongs_to_it() -> None:
    x = extract_bytes(b"The Armed Forces of the Philippines will train with them.", "p.txt")
    (org,) = [e for e in x.entities.values() if e.kind == "organization"]
    assert (org.label, org.country) == ("Armed Forces of the Philippines", "PH")
    # … while "in the Kingdom of Saudi Arabia" says where a body is, not its name
    x = extract_bytes(
        b"The Ministry of Industry and Mineral Resources in the Kingdom of Saudi Arabia will sign.",
        "s.txt",
    )
    (org,) = [e for e in x.entities.values() if e.kind == "organization"]
    assert (org.label, org.country) == ("Ministry of Industry and Mineral Resources", "SA")
    # and a body of one country with "in" in its name keeps it
    assert _keys("The Center for Excellence in Manufacturing will help.", "c.txt").keys() == {
        "Center for Excellence in Manufacturing"
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Working Group will meet in May.", {}),
        ("The Task Force shall meet in May.", {}),
        ("The Soviet Union collapsed.", {"Soviet Union": "xx-soviet-union"}),
    ],
)
def test_a_sentences_article_is_not_part_of_the_name(
    sentence: str, expected: dict[str, str]
) -> None:
    """Regression: "The" at a sentence start shifted the name's core by four characters,
    so "The Working Group" was judged as "Working G" and "The Soviet Union" was lost."""
    assert _keys(sentence, "t.txt") == expected


@pytest.mark.parametrize(
    ("sentence", "countries"),
    [
        (
            "We, the Principals of Australia, India, Japan and the United States met in Delhi.",
            {"AU", "IN", "JP", "US"},
        ),
        (
            "The Governments of the Kingdom of Saudi Arabia, the United Arab Emirates (UAE), "
            "the French Republic, and the Italian Republic commit to work together.",
            {"SA", "AE", "FR", "IT"},
        ),
        (
            "This week, we – the presidents of the United States, the Republic of Kazakhstan,"
            " and Turkmenistan – met in New York and commit to the following principles.",
            {"US", "KZ", "TM"},
        ),
    ],
)
def test_countries_after_their_representatives_are_parties(
    sentence: str, countries: set[str]
) -> None:
    """Regression: "Principals of" and "presidents of" were no leads, and "(UAE)" ended
    the list."""
    x = extract_bytes(sentence.encode(), "p.txt")
    governments = [e for e in x.entities.values() if e.org_class == "Government"]
    assert {e.country for e in governments} == countries
    labels = {e.label for e in governments}
    assert "Government of Saudi Arabia" in labels or "SA" not in countries


WHITE_HOUSE = "---\nsource_url: https://www.whitehouse.gov/presidential-actions/x/\n---\n"


@pytest.mark.parametrize(
    "written",
    [
        "my Administration",
        "this administration",
        "Federal Government",
        "Biden-Harris Administration",
        "Administration",
    ],
)
def test_a_government_names_itself_in_its_own_documents(written: str) -> None:
    """In a text its government published, "my Administration" is that government; in a
    text of unknown origin it names no one."""
    sentence = f"Under this order, the {written} shall fund quantum research."
    sentence = sentence.replace("the my", "my").replace("the this", "this")
    published = _keys(WHITE_HOUSE + sentence, "eo.md")
    assert published == {written: "USG"}
    assert _keys(sentence, "eo.txt") == {}
    # (an agency whose name begins so is that agency)
    agency = _keys(WHITE_HOUSE + "The Administration for Children and Families helps.", "a.md")
    assert list(agency) == ["Administration for Children and Families"]
    assert agency["Administration for Children and Families"] != "USG"


def test_a_presidents_administration_is_the_government() -> None:
    """ "the Trump Administration" beside "President Donald J. Trump" is the government,
    and so is "the Biden Administration" in a later text; "the Maritime Administration"
    stays an agency."""
    text = (
        WHITE_HOUSE + "President Donald J. Trump signed it. The Trump Administration will"
        " fund it, and the Maritime Administration will build ships."
    )
    keys = _keys(text, "f.md")
    assert keys["Trump Administration"] == "USG"
    assert keys["Maritime Administration"] != "USG"
    # a former president the reference knows, not named as one in the text
    earlier = _keys(WHITE_HOUSE + "It ends the Biden Administration’s rules.", "f.md")
    assert earlier == {"Biden Administration": "USG"}


def test_a_government_named_for_its_time_in_office_is_not_linked() -> None:
    """Regression: "Since the start of the Biden-Harris Administration, companies have
    announced …" linked the government to what the companies invest in."""
    x = extract_bytes(
        (
            WHITE_HOUSE + "Since the start of the Biden-Harris Administration, companies have"
            " invested in semiconductors. The Biden-Harris Administration funds quantum sensing."
        ).encode(),
        "f.md",
    )
    linked = {(lk.organization, x.entities[lk.technology].label) for lk in x.links}
    assert linked == {("USG", "Quantum sensing")}


def test_an_organization_named_as_a_place_is_not_linked() -> None:
    """Regression: "a workshop on quantum hardware held at the University of California"
    linked the university to quantum."""
    x = extract_bytes(
        b"A workshop on quantum sensing was held at the University of Chicago. NSF traveled"
        b" to Stanford University to discuss quantum sensing. Stanford University will build"
        b" quantum sensors.",
        "w.txt",
    )
    linked = {(x.entities[lk.organization].label, x.source.quote(lk.span)[:9]) for lk in x.links}
    assert linked == {
        ("National Science Foundation", "NSF trave"),
        ("Stanford University", "Stanford "),
    }


def test_the_sides_of_the_publishers_relationship_are_parties() -> None:
    """Regression: "our commitment to quadrilateral cooperation between Australia, India,
    Japan, and the United States" named no government; a relationship between others
    ("cooperation between Japan and Korea") does not make its sides parties."""
    text = (
        WHITE_HOUSE + "We reaffirm our commitment to cooperation between Australia, India,"
        " Japan, and the United States. We welcome the cooperation between Canada and"
        " Mexico."
    )
    governments = {e.country for e in extract_bytes(text.encode(), "s.md").entities.values()}
    assert governments == {"AU", "IN", "JP", "US"}


def test_a_country_named_only_after_the_verb_is_no_party() -> None:
    """Regression: "as Tunisia endures …" made Tunisia a party: named where it would act
    if it acted, it became an actor of every "Both sides commit …" of the statement. A
    country the parties' verb is about is not one of them."""
    statement = (
        "---\ntitle: Joint Statement\n---\nThe United States and Italy affirm their support"
        " for the Tunisian people as Tunisia endures economic challenges. Both sides commit"
        " to further coordination on quantum research."
    )
    x = extract_bytes(statement.encode(), "joint-statement.md")
    assert x.kind == "joint statement"
    governments = {e.country for e in x.entities.values() if e.org_class == "Government"}
    assert governments == {"US", "IT"}
    assert [sorted(x.entities[a].country or "" for a in c.actors) for c in x.commitments] == [
        ["IT", "US"]  # "Both sides commit …"
    ]


def test_a_department_named_by_its_heads_title_is_an_actor_only_when_the_head_acts() -> None:
    """The Secretaries who sit on a council are persons; the Secretary who "shall" do
    something acts for the department (even with a clause before the verb)."""
    members = "The Council shall be composed of the Secretary of Energy and the Secretary of Labor."
    assert _keys(members, "m.txt") == {}
    acting = "The Secretary of Energy shall, in coordination with the Secretary of Labor, report."
    x = extract_bytes(acting.encode(), "a.txt")
    assert [c.actors for c in x.commitments] == [["DOE"]]
    assert "DOL" not in x.entities
    # (nor before it: consulted is not acting)
    consulted = "The Secretary of Energy, in consultation with the Secretary of Labor, shall act."
    x = extract_bytes(consulted.encode(), "c.txt")
    assert [c.actors for c in x.commitments] == [["DOE"]]
    assert "DOL" not in x.entities


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Saudi Arabia will assume command of Combined Task Force 150, which patrols.",
         {"Saudi Arabia", "Combined Task Force 150"}),
        ("It joins the 5th Fleet’s Task Force 59, which operates drones.",
         {"5th Fleet", "Task Force 59"}),
        ("The Federal Advisory Committee Act applies to the council.", set()),
        ("The Ministerial Committee on Economic Competitiveness will meet.",
         {"Ministerial Committee on Economic Competitiveness"}),
        # a possessor after the head owns the next name; a possessive inside one does not
        ("$35 million supports the University of Arizona’s Micro/Nano Fabrication Center.",
         {"University of Arizona", "Micro/Nano Fabrication Center"}),
        ("The Ministry of Women’s Affairs will host it.", {"Ministry of Women’s Affairs"}),
        # the office of an officer, and a fund's series
        ("Support is provided by the Office of the Counsel to the President.",
         {"Office of the Counsel to the President"}),
        ("The Office of the Special Presidential Envoy for Climate launched a program.",
         {"Office of the Special Presidential Envoy for Climate"}),
        ("The Office of the Secretary of Defense and NASA will meet.",
         {"Office of the Secretary of Defense", "NASA"}),
        ("DFC will partner with the Quadria Capital Fund III to invest.",
         {"DFC", "Quadria Capital Fund III"}),
        # an adverb's compound before a name; "and" before the next name; "with"
        ("Newly-establish Combined Task Force 153, focused on the Red Sea, will patrol.",
         {"Combined Task Force 153"}),
        ("The ASEAN Committee for Women and ASEAN Commission on Human Rights met.",
         {"ASEAN Committee for Women", "ASEAN Commission on Human Rights"}),
        ("The Ministry of Science and Technology will fund it.",
         {"Ministry of Science and Technology"}),
        ("The President’s Committee for People with Intellectual Disabilities met.",
         {"President’s Committee for People with Intellectual Disabilities"}),
        # chambers and endowments are bodies
        ("The U.S. Chamber of Commerce and the European Endowment for Democracy will host.",
         {"U.S. Chamber of Commerce", "European Endowment for Democracy"}),
        # a name holding a name found before it; a place after "in" is not part of it
        ("The President’s Committee on the International Labor Organization will meet.",
         {"President’s Committee on the International Labor Organization",
          "International Labor Organization"}),
        ("The Deputies Committee of the National Security Council will meet.",
         {"Deputies Committee of the National Security Council", "National Security Council"}),
        ("The Office of Gun Violence Prevention in the White House will lead it.",
         {"Office of Gun Violence Prevention", "White House"}),
        # a building, a vehicle, a room, a region, a degree, a law: no body
        ("Aboard Air Force One. The President spoke in the Oval Office, at the Eisenhower"
         " Executive Office Building and on the West Bank.", set()),
        ("She holds a Master of Business Administration and a Master’s in Public"
         " Administration.", set()),
        ("He received the Distinguished Service Medal and the Conspicuous Service Cross.", set()),
        # British "Taskforce" is a head; a number after an acronym is part of a name
        ("The Forum on Clean Energy and Taskforce on Critical Minerals will meet.",
         {"Forum on Clean Energy", "Taskforce on Critical Minerals"}),
        ("The UNSCR 1267 Sanctions Committee will list them.", {"UNSCR 1267 Sanctions Committee"}),
        # a one-word name before "of" a name is part of that longer name
        ("The Senate of the Philippines met at The House of the Lord Churches.", set()),
        ("We thank the Senate and House Armed Services Committees.", {"Senate"}),
        # a possessive determiner is no part of a name; a body named by its kind alone is
        # not one body across texts
        ("Its Board of Directors met. Our Maritime Administration and the Task Force will act.",
         {"Maritime Administration"}),
        # a word that begins like a legal form begins a name ("Inc. of …" begins none)
        ("The Inclusion, Diversity, Equity, and Accessibility Committee met.",
         {"Inclusion, Diversity, Equity, and Accessibility Committee"}),
        ("- $27 billion from the Bipartisan Infrastructure Law will fix bridges.", set()),
        # a plural after the head: the name of a kind of thing, not a body
        ("The order ensures that IT Service Providers are able to share information.", set()),
        ("The Correspondents Association Dinners will resume.", set()),
        # an ampersand inside a word is no person's initial
        ("Texas A&M University joins the National Offshore Wind R&D Consortium.",
         {"Texas A&M University", "National Offshore Wind R&D Consortium"}),
        ("The Administration of Donald J. Trump acts.", set()),
        # a possessive of a class of people or of a saint is part of the name; a body's
        # possessive is not
        ("The National Women’s Law Center, Saint Augustine’s University and NASA’s Jet"
         " Propulsion Laboratory met.",
         {"National Women’s Law Center", "Saint Augustine’s University", "NASA",
          "Jet Propulsion Laboratory"}),
        # fields named in pairs join two words of one name, also after "the"
        ("The order continues the President’s Committee on the Arts and the Humanities.",
         {"President’s Committee on the Arts and the Humanities"}),
        ("A grant to the ASEAN Digital Trade Standards and Conformance Working Group.",
         {"ASEAN Digital Trade Standards and Conformance Working Group"}),
        # philanthropies are bodies
        ("Its partners Price Philanthropies and PriceSmart Foundation contributed $428,000.",
         {"Price Philanthropies", "PriceSmart Foundation"}),
    ],
)  # fmt: skip
def test_names_of_units_committees_and_laws(sentence: str, expected: set[str]) -> None:
    """Regression: numbers ended a task force's name, a possessor was glued to the name
    it owns (or, after the head, cut the name it owns to one word), "Committee" was no
    head, the name of an Act was taken for a body, an office's name ended before its
    officer ("Office of the Special Presidential"), "and" glued two names into one,
    Chamber and Endowment were no heads, a name holding a name found before it ("… on
    the International Labor Organization") was dropped, the name before a plural
    ("IT Service Providers") was taken for a body's, fields joined by "and the" or
    "Standards and Conformance" split a name, and Philanthropies was no head."""
    assert set(_keys(sentence, "u.txt")) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("OSHA and the Health Resources and Services Administration issued guidance.",
         {"OSHA": ("US", "GovernmentAgency"),
          "Health Resources and Services Administration": ("US", "GovernmentAgency")}),
        ("The International Brotherhood of Electrical Workers (IBEW) and the UAW will train"
         " workers.",
         {"International Brotherhood of Electrical Workers": ("US", None), "IBEW": ("US", None),
          "UAW": ("US", None)}),
        ("The Indian Health Service and the Corporation for National and Community Service"
         " will help the Substance Abuse and Mental Health Services Administration.",
         {"Indian Health Service": ("US", "GovernmentAgency"),
          "Corporation for National and Community Service": ("US", "GovernmentAgency"),
          "Substance Abuse and Mental Health Services Administration":
              ("US", "GovernmentAgency")}),
        ("MeitY and the India Semiconductor Mission will work with MSIT.",
         {"MeitY": ("IN", "GovernmentAgency"),
          "India Semiconductor Mission": ("IN", "GovernmentAgency"),
          "MSIT": ("KR", "GovernmentAgency")}),
        # armed groups statements name; a letter before a hyphen is no person's initial
        ("The Taliban must comply. We condemn ISIS and al-Qa’ida within the D-ISIS Coalition.",
         {"Taliban": (None, None), "ISIS": (None, None), "al-Qa’ida": (None, None),
          "D-ISIS Coalition": (None, "MultilateralGrouping")}),
        ("IARPA and the U.S. National Cancer Institute will fund it.",
         {"IARPA": ("US", "GovernmentAgency"),
          "U.S. National Cancer Institute": ("US", "ResearchInstitute")}),
        ("KOICA, DFAT and the Indian Ocean Rim Association will fund it.",
         {"KOICA": ("KR", "GovernmentAgency"), "DFAT": ("AU", "GovernmentAgency"),
          "Indian Ocean Rim Association": (None, "MultilateralGrouping")}),
        ("Geoscience Australia and Export Finance Australia will map deposits.",
         {"Geoscience Australia": ("AU", "GovernmentAgency"),
          "Export Finance Australia": ("AU", "GovernmentAgency")}),
        # a name after a reference name and "and" is a name of its own
        ("The American Federation of Teachers and National Education Association met.",
         {"American Federation of Teachers": ("US", None),
          "National Education Association": (None, "IndustryAssociation")}),
    ],
)  # fmt: skip
def test_bodies_texts_cite_without_defining_them(
    sentence: str, expected: dict[str, tuple[str | None, str | None]]
) -> None:
    """Regression: agencies, labor unions and international bodies that texts name by an
    acronym they never define ("OSHA", "UAW") were missed or minted with no
    country; a name after a reference name and "and" began with "and"."""
    x = extract_bytes(sentence.encode(), "c.txt")
    found = {
        x.source.quote(m.span): (x.entities[m.entity].country, x.entities[m.entity].org_class)
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert found == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The State of Arizona will fund it.", {"State of Arizona": "State of Arizona"}),
        ("- **California** will expand training for its workforce.",
         {"California": "State of California"}),
        # a state in an address, a country's name, a place: no state government
        ("- Gravidas Diagnostics, Inc. of Los Angeles, California will receive $3 million.", {}),
        ("- Georgia will host the meeting.", {"Georgia": "Government of Georgia"}),
        ("- Centers are open in Valdosta, Sandersville and Augusta, in Georgia.", {}),
        ("- Today, Rhode Island will launch a site. We partnered with Illinois, New Jersey,"
         " and Louisiana.",
         {"Rhode Island": "State of Rhode Island", "Illinois": "State of Illinois",
          "New Jersey": "State of New Jersey", "Louisiana": "State of Louisiana"}),
        # a state's body, not the nation's of the same name nor a country's
        ("- The Texas Department of Transportation, the Georgia Department of Transportation"
         " and the New Mexico Department of Energy will act.",
         {"Texas Department of Transportation": "Texas Department of Transportation",
          "Georgia Department of Transportation": "Georgia Department of Transportation",
          "New Mexico Department of Energy": "New Mexico Department of Energy"}),
        # where a company is, after its legal form, is no part of its name
        ("- Aspira Women’s Health Inc. of Shelton, Connecticut will receive $10 million.",
         {"Aspira Women’s Health Inc.": "Aspira Women’s Health Inc."}),
    ],
)  # fmt: skip
def test_a_state_of_the_united_states_acts_as_its_government(
    sentence: str, expected: dict[str, str]
) -> None:
    """Regression: in fact sheets "California will expand …" made a company "California"
    (about 100 fact sheets of the corpus named a state so), "the State of Arizona" was
    not found, a company's legal form began a name ("Inc. of Los Angeles"), and a state's
    department was the nation's ("Texas Department of Transportation" was the US DOT) or
    Georgia's."""
    x = extract_bytes((FACT_SHEET + sentence).encode(), "f.md")
    found = {
        x.source.quote(m.span): x.entities[m.entity]
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert {quote: e.label for quote, e in found.items()} == expected
    states = [e for e in found.values() if e.label.startswith("State of")]
    assert all((e.country, e.org_class) == ("US", None) for e in states)
    bodies = [e for e in found.values() if "Department" in e.label]
    assert all((e.country, e.org_class) == ("US", "GovernmentAgency") for e in bodies)


def test_a_body_named_for_a_state_is_of_the_united_states() -> None:
    x = extract_bytes(b"The University of Texas and the University of New Mexico met.", "u.txt")
    assert {e.label: e.country for e in x.entities.values()} == {
        "University of Texas": "US",
        "University of New Mexico": "US",
    }


def test_an_organization_named_for_a_treaty_cites_no_agreement() -> None:
    """Regression: "Members of the North Atlantic Treaty Organization" was cited as an
    agreement "Members of the North Atlantic Treaty"; the treaty itself still is one."""
    x = extract_bytes(
        b"Members of the North Atlantic Treaty Organization met under the North Atlantic Treaty.",
        "n.txt",
    )
    agreements = [
        x.source.quote(m.span) for m in x.mentions if x.entities[m.entity].kind == "agreement"
    ]
    assert agreements == ["North Atlantic Treaty"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Celebrating progress toward opening U.S. Consulate Bengaluru in early 2025.",
         {"U.S. Consulate Bengaluru": "US"}),
        ("Staff of the U.S. Embassy in Baghdad, the U.S. Embassy Tokyo and the Embassy of"
         " Japan met.",
         {"U.S. Embassy in Baghdad": "US", "U.S. Embassy Tokyo": "US", "Embassy of Japan": "JP"}),
        # the body a mission is to keeps its own mention; a mission is to someone
        ("The U.S. Mission to the United Nations will act. The Artemis Mission will fly.",
         {"U.S. Mission to the United Nations": "US", "United Nations": None}),
        ("He was Spokesperson at the U.S. Mission to NATO in Brussels.",
         {"U.S. Mission to NATO": "US", "NATO": None}),
        ("The Permanent Mission of Japan will host it.", {"Permanent Mission of Japan": "JP"}),
    ],
)  # fmt: skip
def test_embassies_consulates_and_missions_are_their_countrys_bodies(
    sentence: str, expected: dict[str, str | None]
) -> None:
    """Regression: a country's embassies, consulates and missions ("U.S. Consulate
    Bengaluru", "U.S. Mission to ASEAN") were not found."""
    x = extract_bytes(sentence.encode(), "e.txt")
    found = {
        x.source.quote(m.span): x.entities[m.entity].country
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert found == expected


def test_an_embassy_is_one_body_however_its_city_is_written() -> None:
    x = extract_bytes(b"The U.S. Embassy Tokyo and the U.S. Embassy in Tokyo met.", "t.txt")
    assert {m.entity for m in x.mentions} == {"us-embassy-tokyo"}


def test_a_body_of_an_organization_is_of_its_country_and_kind() -> None:
    """A body "of" an organization ("General Assembly of the United Nations") is of that
    organization's country and kind."""
    x = extract_bytes(
        b"The Deputies Committee of the National Security Council, the General Assembly of "
        b"the United Nations and the Board of Directors of the Export-Import Bank of the "
        b"United States met.",
        "b.txt",
    )
    bodies = {e.label: (e.country, e.org_class) for e in x.entities.values()}
    assert bodies["Deputies Committee of the National Security Council"] == (
        "US",
        "GovernmentAgency",
    )
    assert bodies["General Assembly of the United Nations"] == (None, "InternationalOrganization")
    assert bodies["Board of Directors of the Export-Import Bank of the United States"] == (
        "US",
        "GovernmentAgency",
    )


def test_an_area_in_a_groupings_name_is_its_named_members_work() -> None:
    """ "The members of the Counter Ransomware Initiative — Australia, …": the members
    named beside the grouping work on ransomware; the grouping is not linked by its own
    name, and an agency's name links nobody (the MOC keeps exactly its links)."""
    x = extract_bytes(
        "The members of the International Counter Ransomware Initiative (CRI)—Australia, "
        "Japan, and the United States—met in Washington.".encode(),
        "r.txt",
    )
    linked = {
        (x.entities[lk.organization].country, lk.technology.rsplit("/", 1)[-1]) for lk in x.links
    }
    assert linked == {("AU", "cybersecurity"), ("JP", "cybersecurity"), ("US", "cybersecurity")}
    moc = extract_file(FIXTURES / "us-japan-tpd-2025.txt")
    assert len(moc.links) == 28
    assert all(any(m.span == lk.evidence for m in moc.mentions) for lk in moc.links)


def test_the_countries_of_a_bilateral_name_are_its_partners() -> None:
    """ "a U.S.-UK Quantum Industry Exchange Program" links both parties to quantum (the
    word names an area in the name of a program that names its members, and not in the
    name of one that does not: "Nuclear Threat Initiative"); a country named only in such a
    name is not made a party."""
    uk = extract_file(FIXTURES / "us-uk-tpd-2025.md")
    quantum = {
        uk.entities[lk.organization].label
        for lk in uk.links
        if "Quantum Industry Exchange" in uk.source.quote(lk.span)
    }
    assert {e for e in quantum if e.startswith("Government of")} == {
        "Government of the United States of America",
        "Government of the United Kingdom of Great Britain and Northern Ireland",
    }
    assert (len(uk.commitments), sum(e.kind == "organization" for e in uk.entities.values())) == (
        42,
        15,
    )
    assert _keys("NSF funds the U.S.-India Quantum Coordination Mechanism.", "q.txt") == {
        "NSF": "NSF"
    }
    nti = extract_bytes(b"The Nuclear Threat Initiative supports the Pandemic Fund.", "n.txt")
    assert nti.links == []


def test_an_acronym_after_a_known_name_is_that_names() -> None:
    """Regression: "President’s Council of Advisors on Science and Technology (PCAST)"
    minted a second organization, "Council of Advisors …", for the acronym."""
    text = (
        "There is hereby established the President’s Council of Advisors on Science and "
        "Technology (PCAST). The PCAST shall advise the President."
    )
    assert set(_keys(text, "p.txt").values()) == {"PCAST"}


def test_the_before_a_party_inside_a_sentence() -> None:
    """Regression: the pattern's first-character lookahead lost the lower-case "t" of
    "the", so "…, as the United States and India work together" found India only."""
    keys = _keys("Data comes daily, as the United States and India work together.", "t.txt")
    assert set(keys.values()) == {"USG", "government-in"}


def test_a_group_of_no_one_country_is_a_grouping_of_its_members() -> None:
    x = extract_bytes(
        b"We, the Principals of Australia, India, Japan and the United States of the Quad "
        b"Senior Cyber Group (the Group) met in New Delhi.",
        "q.txt",
    )
    (group,) = [e for e in x.entities.values() if e.label == "Quad Senior Cyber Group"]
    assert (group.org_class, group.country) == ("MultilateralGrouping", None)
    linked = {x.entities[lk.organization].country for lk in x.links}
    assert linked == {"AU", "IN", "JP", "US"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("At the end of 2022, Russian gas accounted for only 16 percent of imports.", {}),
        (
            "The U.S.-EU Task Force on Energy Security met. This Task Force on Energy "
            "Security will report.",
            {"U.S.-EU Task Force on Energy Security", "Task Force on Energy Security"},
        ),
    ],
)
def test_adjectives_pairs_and_demonstratives_around_names(
    sentence: str, expected: set[str]
) -> None:
    """Regression: "Russian gas accounted" made Russia a party, "U.S.-EU Task Force"
    became the EU's, and "This Task Force" a second organization."""
    keys = _keys(sentence, "e.txt")
    assert set(keys) == set(expected)
    assert len(set(keys.values())) <= 1


FACT_SHEET = "---\ntitle: 'Fact Sheet: New Deals'\n---\n"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("- Korean Air will purchase 103 new aircraft.", {"Korean Air": "Company"}),
        (
            "- Centrus Energy Corp, KHNP, and POSCO International agreed to cooperate.",
            {"Centrus Energy Corp": "Company", "KHNP": "Company", "POSCO International": "Company"},
        ),
        ("- Tesla intends to source nickel from Minnesota.", {"Tesla": "Company"}),
        (
            "- Acme Energy Renewables (AE Renewables) will build a plant. AE Renewables will"
            " hire 90 people.",
            {"Acme Energy Renewables": "Company", "AE Renewables": "Company"},
        ),
        (
            "- Talon Metals and the Iron Range Miners have established a partnership.",
            {"Talon Metals": "Company", "Iron Range Miners": "Company"},
        ),
        (
            "- Boeing and GE Aerospace secured an order. Parsons has successfully won 30"
            " projects. Quantinuum finalized an agreement. McDermott has a strong partnership"
            " with them.",
            {"Boeing": "Company", "GE Aerospace": "Company", "Parsons": "Company"}
            | {"Quantinuum": "Company", "McDermott": "Company"},
        ),
        ("- Production will begin next year, and production will grow.", {}),
        ("- SMEs will be trained.", {}),
        ("- Recently announced investments include one into America’s 14 schools.", {}),
        ("- Yesterday, the President announced a deal.", {}),
        (
            "- DataVolt is moving forward with plans. Google, Oracle, and AMD are committing to"
            " invest.",
            {"DataVolt": "Company", "Google": "Company", "Oracle": "Company", "AMD": "Company"},
        ),
        ("- Leaders will meet again. In May, Today will air.", {}),
        ("- The President said: “When I return, I will act.”", {}),
        # who acts with whom between a name and its verb
        (
            "- Deetken Impact, in partnership with local lenders, committed to support ten"
            " businesses.",
            {"Deetken Impact": "Company"},
        ),
        ("- Today, in partnership with lenders, we committed to act.", {}),
        # a brand after its country's adjective is the brand; a word after it is the name
        (
            "- Saudi Arabian DataVolt will invest. Korean Air will fly.",
            {"DataVolt": "Company", "Korean Air": "Company"},
        ),
    ],
)
def test_in_a_fact_sheet_a_name_that_announces_is_an_organization(
    sentence: str, expected: dict[str, str]
) -> None:
    x = extract_bytes((FACT_SHEET + sentence).encode(), "f.md")
    assert x.kind == "fact sheet"
    found = {
        x.source.quote(m.span): x.entities[m.entity].org_class
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert found == expected
    # … and only in a fact sheet: remarks name people and places so (a listed company or
    # one of the reference data's is one wherever it is named)
    ref = load_reference()
    known = set(ref.companies) | {
        name
        for org in ref.organizations.values()
        for name in (org.name_en, org.acronym, *org.aliases)
        if name
    }
    assert set(_keys(sentence, "r.txt")) == {name for name in expected if name in known}


def test_a_name_before_another_qualifies_it() -> None:
    """Regression: "the White House National Security Council" gave two organizations,
    the White House and the Council; the White House is not named as a body there."""
    keys = _keys("The White House National Security Council will meet with NASA.", "w.txt")
    assert keys == {"White House National Security Council": "NSC", "NASA": "NASA"}


def test_a_country_whose_name_ends_like_an_adjective_is_still_a_party() -> None:
    """Regression: the adjective test ("Russian gas accounted") took "Japan met" and
    "Pakistan met" for adjectives before nouns. (Each also commits, so that it is a party:
    see the next test.)"""
    text = "Japan met the target and will raise it. Pakistan met its own and will raise it too."
    assert _keys(text, "j.txt") == {"Japan": "JPG", "Pakistan": "government-pk"}


def test_countries_that_did_something_are_their_governments() -> None:
    """ "donated by the United States, Germany, and Romania", "co-led by France": the
    agents of what was done act (Ukraine, who is helped, does not)."""
    keys = _keys(
        "Batteries donated by the United States, Germany, and Romania, and a coalition"
        " co-led by France, will help Ukraine.",
        "d.txt",
    )
    assert set(keys) == {"United States", "Germany", "Romania", "France"}


def test_countries_named_as_examples_of_those_who_act_are_their_governments() -> None:
    """ "Several Allies – including Canada, Norway, and Spain – will continue …", "signed on
    June 28 by Turkey, Sweden, and Finland": each acts; countries given as examples of
    what is done to them ("attacks on countries, including Ukraine") are not governments."""
    keys = _keys(
        "Several Allies – including Canada, Norway, and Spain – will continue to help. The"
        " agreement signed on June 28 by Turkey and Finland opens the way.",
        "a.txt",
    )
    assert set(keys) == {"Canada", "Norway", "Spain", "Turkey", "Finland"}
    assert _keys("Attacks on countries, including Ukraine, have grown.", "t.txt") == {}


def test_a_party_with_the_terms_an_agreement_defines_for_it() -> None:
    """Regression: "the United States of America (the “United States” or “U.S.”) and Japan
    (together, the “Participants”) intend to …" named no government of the United
    States: the defined terms ended the list of parties."""
    text = (
        "Whereas, the United States of America (the “United States” or “U.S.”) and Japan"
        " (together, the “Participants”) intend to support the supply of critical minerals."
    )
    keys = _keys(text, "w.txt")
    assert keys == {"United States of America": "USG", "Japan": "JPG"}
    x = extract_bytes(text.encode(), "w.txt")
    assert {a for c in x.commitments for a in c.actors} == {"USG", "JPG"}


def test_a_party_acting_through_an_agency_is_still_a_party() -> None:
    """Regression: "The United States, through the DFC, will work …" named the DFC only;
    a country of whom the text only says "investment in India, through the DFC" is no
    party."""
    keys = _keys("The United States, through the DFC, will work with Biological E Ltd.", "d.txt")
    assert set(keys) == {"United States", "DFC", "Biological E Ltd."}
    assert set(_keys("Investment in India, through the DFC, will grow.", "i.txt")) == {"DFC"}


def test_a_party_after_as_opens_a_clause() -> None:
    """Regression: "As the United States and India deepen collaboration …" named neither
    government: a capital "As" did not open a clause as "as" does."""
    keys = _keys("We grow. As the United States and India deepen collaboration, we gain.", "a.txt")
    assert set(keys) == {"United States", "India"}


def test_a_title_before_a_persons_name_is_the_person() -> None:
    """ "U.S. Trade Representative Katherine Tai" is a person, not the Office of the USTR
    (no body is named there); "The United States Trade Representative shall …" in an
    order is the office."""
    assert _keys("It was led by U.S. Trade Representative Katherine Tai.", "t.txt") == {}
    assert _keys("U.S. Trade Representative Ambassador Katherine Tai spoke.", "t.txt") == {}
    assert _keys("The United States Trade Representative shall consult.", "o.txt") == {
        "United States Trade Representative": "USTR"
    }


def test_bodies_named_by_their_owner_and_of_a_grouping() -> None:
    """Regressions: "the University of Arizona’s Micro Fabrication Center" lost the
    University; "the Quad Vaccine Experts Group" was taken for the working group of a
    dialogue (which "the U.S.-India Working Group" is); "the Commonwealth Scientific and
    Industrial Research Organisation" was split in two at "and"."""
    keys = _keys(
        "Funds support the University of Arizona’s Micro Fabrication Center. We launched the"
        " Quad Vaccine Experts Group. The U.S.-India Working Group met. The Commonwealth"
        " Scientific and Industrial Research Organisation will help.",
        "b.txt",
    )
    assert "University of Arizona" in keys
    assert "Quad Vaccine Experts Group" in keys
    assert "Commonwealth Scientific and Industrial Research Organisation" in keys
    assert not any("Working Group" in name for name in keys)
    assert not any(
        name.startswith(("Commonwealth Scientific ", "Industrial"))
        for name in keys
        if name != "Commonwealth Scientific and Industrial Research Organisation"
    )


def test_a_class_of_agencies_and_a_country_after_its_city_are_not_bodies() -> None:
    """ "Sector Risk Management Agencies" and "Federal Agencies" name a class of bodies;
    "in Phnom Penh, Cambodia, President Biden … will" names a place, not a party."""
    assert _keys("The Sector Risk Management Agencies will report.", "s.txt") == {}
    keys = _keys("At the summit in Phnom Penh, Cambodia, the ASEAN leaders will meet.", "p.txt")
    assert keys == {"ASEAN": "ASEAN"}
    assert set(_keys("In Asia, Japan will help.", "j.txt")) == {"Japan"}


def test_heads_of_government_and_commitments_by_countries_name_governments() -> None:
    """ "the Heads of Government of India, Israel, the United Arab Emirates (UAE), and the
    United States, convened", "the recent commitment by Angola, Zambia and the Democratic
    Republic of the Congo to develop": each country acts."""
    keys = _keys(
        "We, the Heads of Government of Israel, the United Arab Emirates (UAE), and the United"
        " States, convened. The EU welcomed the commitment by Angola and Zambia to build.",
        "h.txt",
    )
    assert {"United Arab Emirates", "United States", "Angola", "Zambia"} <= set(keys)
    assert keys["Government of Israel"] == "government-il"


def test_an_annex_lists_bodies_in_capitals() -> None:
    """An order's annex lists each body on a line in capitals ("AVIC HEAVY MACHINERY
    COMPANY LIMITED"); a heading in capitals without a head noun names none."""
    keys = _keys(
        "Annex\n\nAVIC HEAVY MACHINERY COMPANY LIMITED\n\nAERO ENGINE CORPORATION OF CHINA\n\n"
        "SECURING BILLIONS IN EXPORTS:\n\nTHE WHITE HOUSE,\n",
        "a.md",
    )
    assert set(keys) == {"AVIC HEAVY MACHINERY COMPANY LIMITED", "AERO ENGINE CORPORATION OF CHINA"}
    x = extract_bytes(b"AERO ENGINE CORPORATION OF CHINA\n", "c.md")
    assert [(e.country, e.org_class) for e in x.entities.values()] == [("CN", "Company")]
    # the title on the first name's line, as a hard line break joins them
    keys = _keys(
        '<span style="text-decoration: underline">Annex</span>  \n'
        "AERO ENGINE CORPORATION OF CHINA  \n  \nAEROSUN CORPORATION  \n",
        "b.md",
    )
    assert set(keys) == {"AERO ENGINE CORPORATION OF CHINA", "AEROSUN CORPORATION"}


def test_a_name_after_the_presidents_or_a_name_already_found() -> None:
    """Regressions: "President’s Export Council" lost "President’s"; "the White House
    Environmental Justice Advisory Council" gave the White House only; "the Brookings
    Institution" gave nothing."""
    keys = _keys(
        "The President’s Export Council and the White House Environmental Justice Advisory"
        " Council will meet at the Brookings Institution.",
        "p.txt",
    )
    assert "President’s Export Council" in keys
    assert "White House Environmental Justice Advisory Council" in keys
    assert "Brookings Institution" in keys


def test_a_leader_of_a_country_speaks_for_its_government_when_it_acts() -> None:
    """ "Prime Minister Kishida Fumio of Japan … reaffirmed their partnership and will
    …": Japan's government acts; a leader only visited ("… of Japan met students") names
    no actor."""
    acting = (
        "Prime Minister Kishida Fumio of Japan and President Joseph R. Biden of the United"
        " States will deepen cooperation."
    )
    x = extract_bytes(acting.encode(), "l.txt")
    assert {"JPG", "USG"} <= {a for c in x.commitments for a in c.actors}
    assert _keys("Prime Minister Kishida Fumio of Japan met students.", "m.txt") == {}


def test_one_country_before_any_verb_is_a_government_only_if_it_commits() -> None:
    """ "Russia uses energy as a weapon": a country as the subject of a sentence, not a
    party (the gold rules); its government is named when it commits to something, or
    with a verb parties use ("Japan will …", "Japan welcomed …")."""
    assert _keys("Russia uses energy as a weapon. The United States will help.", "r.txt") == {
        "United States": "USG"
    }
    assert (
        _keys("Officials said that Japan met the target, as Pakistan met its own.", "j.txt") == {}
    )
    assert _keys("Japan welcomed the plan.", "w.txt") == {"Japan": "JPG"}
    # Regression: the dropped government stayed a participant, and `inspect --json` failed
    x = extract_bytes(b"Russia uses energy as a weapon. The United States will help.", "r.txt")
    assert x.agreement.participants == ["USG"]
    assert [p["key"] for p in summarize(x)["participants"]] == ["USG"]
    assert len(to_rdf(x)) > 0


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "They advanced a partnership between the U.S. Space Force and 3rdiTech to build a fab.",
            {"U.S. Space Force", "3rdiTech"},
        ),
        (
            "Redwood will run a pilot, in partnership with Ford and Volvo, for recycling.",
            {"Ford", "Volvo", "Redwood"},  # (Redwood, a listed company, by name)
        ),
        (
            "A product jointly developed by General Atomics and 114ai to support AI.",
            {"General Atomics", "114ai"},
        ),
        ("It formed a joint venture with Cheniere Partners to export gas.", {"Cheniere Partners"}),
        ("DFC will partner with Acme Capital to invest.", {"DFC", "Acme Capital"}),
        (
            "We welcome Microsoft’s $2.9 billion investment in Japan and Japan’s $550 billion"
            " investment in America.",
            {"Microsoft"},
        ),
        # names that modify a noun, kinds of bodies, groups of people, places
        (
            "It was built in collaboration with AI developers and State, local, and Tribal"
            " leaders.",
            set(),
        ),
        (
            "The plan was developed by Democrats and Republicans in partnership with Tribal"
            " Nations.",
            set(),
        ),
        ("They celebrated the partnership between the United States and India.", set()),
        # companies given as examples of a kind of company
        ("It buys U.S. LNG from producers like Cheniere.", {"Cheniere"}),
        (
            "It signed agreements with sellers, including Trafigura and TotalEnergy, for gas.",
            {"Trafigura", "TotalEnergy"},
        ),
        (
            "The fund backs companies such as Intel, Micron, and Texas Instruments in Ohio.",
            {"Intel", "Micron", "Texas Instruments"},
        ),
        ("It helps partners like Japan and suppliers like American firms.", set()),
        (
            "Iconic American companies including Jacobs, Parsons, and AECOM are building airports.",
            {"Jacobs", "Parsons", "AECOM"},
        ),
        ("They bought from businesses like Black-owned firms.", set()),
        # a subsidiary and its parent
        (
            "LS Cable’s U.S. subsidiary, LS Greenlink, is building a factory.",
            {"LS Cable", "LS Greenlink"},
        ),
        # a maker named by what is bought from it
        (
            "Korean Air will purchase 103 new Boeing aircraft. It will also purchase"
            " state-of-the-art GE Aerospace engines.",
            {"Korean Air", "Boeing", "GE Aerospace"},  # (the airline, no government)
        ),
        ("They will purchase 50 American aircraft and 24 F-35 aircraft.", set()),
        # a contractor chosen for the work
        (
            "The ROK Air Force selected L3Harris Technologies to develop radar.",
            {"ROK Air Force", "L3Harris Technologies"},
        ),
        ("The committee selected Japan to host the summit.", set()),
        (
            "Australia announced the selection of Acme Shipbuilders and BAE Systems to build"
            " submarines.",
            {"Acme Shipbuilders", "BAE Systems"},
        ),
        # a company described as one
        (
            "It funds Niron Magnetics, a Minnesota company developing magnets, and Sila"
            " Nanotechnologies, a California-based manufacturer.",
            {"Niron Magnetics", "Sila Nanotechnologies"},
        ),
        ("It met in Ohio, a manufacturing state, and Japan, a key partner.", set()),
        (
            "Chegg, an online-learning platform for students, will certify learners. HOPE, a"
            " Detroit-based nonprofit, committed funds. Eucrisa, a topical ointment, will cost"
            " less.",
            {"Chegg", "HOPE"},
        ),
        # … not where the name goes on from a longer one, nor a dialogue or a website
        (
            "He led the Federation of American Scientists, a policy organization, and fought"
            " Tren de Aragua, a criminal organization.",
            set(),
        ),
        (
            "He chaired the Iraq Business Dialogue, a government platform, and TrumpRx.gov, a"
            " new platform.",
            set(),
        ),
        ("She was Vice President for ScrollMotion, a software company.", {"ScrollMotion"}),
        # (RTX, a listed company, by name)
        ("Raytheon, an RTX business, secured a $1 billion agreement.", {"Raytheon", "RTX"}),
        (
            "DFC lent $126 million to power company PT Medco Cahaya Geothermal and $3 million"
            " to microfinance institution Kaebauk Investimentu No Finansas.",
            {"DFC", "PT Medco Cahaya Geothermal", "Kaebauk Investimentu No Finansas"},
        ),
        ("The company CFO spoke to the company CEOs.", set()),
        ("It bought Enbridge, Inc., a Canadian company.", {"Enbridge"}),
        ("It brings investment into America’s economy and into APEC economies.", {"APEC"}),
        # the recipient of an investment
        (
            "The Department of War is investing $85 million into Strategic Bauxite, and DFC is"
            " matching an investment into Harena Rare Earths.",
            {"Department of War", "DFC", "Strategic Bauxite", "Harena Rare Earths"},
        ),
        (
            "It welcomes up to $40 billion from GE Vernova Hitachi and $5 billion from Japan.",
            {"GE Vernova Hitachi"},
        ),
        # the other side of an agreement, a contract or an order
        (
            "Quantinuum finalized a Joint Venture Agreement with Al Rabban Capital, a Qatari"
            " company. Boeing secured an order from Qatar Airways.",
            {"Al Rabban Capital", "Qatar Airways", "Boeing"},  # (Boeing, listed, by name)
        ),
        ("They signed an agreement with Japan and a contract with U.S. firms.", set()),
    ],
)
def test_names_that_a_partnership_joins_are_organizations(
    sentence: str, expected: set[str]
) -> None:
    """A company needs no legal form or announcing verb to be a partner."""
    keys = _keys(sentence, "p.txt")
    assert {
        k for k in keys if not keys[k].startswith("government-") and keys[k] != "USG"
    } == expected


def test_a_body_described_as_a_nonprofit_is_no_company() -> None:
    x = extract_bytes(
        b"HOPE, a Detroit-based nonprofit, and Chegg, an online platform, met.", "a.txt"
    )
    assert {e.label: e.org_class for e in x.entities.values()} == {"HOPE": None, "Chegg": "Company"}
    # … and neither is a foundation a government agency: an organization of no narrower class
    y = extract_bytes(b"The Argidius Foundation and HOPE, a nonprofit, fund schools.", "a.txt")
    classes = {
        str(label): {str(c) for c in to_rdf(y).objects(org, RDF.type)}
        for org, label in to_rdf(y).subject_objects(SKOS.prefLabel)
    }
    assert classes == {
        "Argidius Foundation": {str(ORG.Organization)},
        "HOPE": {str(ORG.Organization)},
    }


def test_a_body_found_by_its_context_is_found_wherever_the_text_names_it() -> None:
    """Regression: "Intel" was found where it announced, and nowhere else, so the
    sentences on its semiconductor fabs linked it to nothing."""
    text = FACT_SHEET + (
        "- Intel will invest $100 billion in Ohio.\n\n"
        "- The Department of Commerce will give Intel funding for semiconductor fabs.\n"
    )
    x = extract_bytes(text.encode(), "f.md")
    intel = [m for m in x.mentions if x.entities[m.entity].label == "Intel"]
    assert [x.source.quote(m.span) for m in intel] == ["Intel", "Intel"]
    linked = {(x.entities[k.organization].label, x.entities[k.technology].label) for k in x.links}
    assert ("Intel", "Semiconductors and Microelectronics") in linked


def test_a_short_form_defined_in_parentheses_names_its_organization() -> None:
    """ "The National Space Council (Council)": "the Council" is that council, and what
    the Council does is its work."""
    text = (
        "The National Space Council (Council) is hereby established. The National Security"
        " Council will meet. The Council shall advise the President on space exploration."
    )
    x = extract_bytes(text.encode(), "c.txt")
    council = [
        x.source.quote(m.span)
        for m in x.mentions
        if x.entities[m.entity].label == "National Space Council"
    ]
    assert council == ["National Space Council", "Council", "Council"]
    linked = {(x.entities[k.organization].label, x.entities[k.technology].label) for k in x.links}
    assert ("National Space Council", "Space exploration") in linked
    # a word that is not in the name defines nothing
    assert _keys("The Quantum Institute (Council) met. The Council met.", "q.txt").keys() == {
        "Quantum Institute"
    }


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("NASA will launch a synthetic aperture radar.", "Advanced and Networked Sensing"),
        ("NASA will build a lunar rover.", "Space Technologies and Systems"),
        ("NASA will expand uranium enrichment.", "Clean Energy Generation and Storage"),
        ("NASA will modernize the power grid.", "Clean Energy Generation and Storage"),
        ("NASA will build cloud infrastructure.", "Advanced Computing"),
        ("NASA will study computing architectures.", "Advanced Computing"),
        ("NASA will test autonomous navigation.", "Highly Automated, Autonomous"),
        ("NASA will buy a remotely piloted aircraft system.", "Highly Automated, Autonomous"),
        ("NASA will build a plant for silicon carbide wafers.", "Semiconductors and Micro"),
        ("NASA will help prosecute hacking.", "Data Privacy, Data Security"),
        ("NASA will support sustainable energy development.", "Clean Energy Generation"),
    ],
)
def test_areas_named_by_their_technologies(sentence: str, category: str) -> None:
    x = extract_bytes(sentence.encode(), "t.txt")
    ref = load_reference()
    tops = {ref.technologies[ref.technologies[k.technology].top].pref_label for k in x.links}
    assert [t for t in tops if t.startswith(category)], tops


@pytest.mark.parametrize(
    ("sentence", "areas"),
    [
        ("NASA works on AI, quantum, space, and biotech.", ["AI", "quantum", "space", "biotech"]),
        ("NASA deepens collaboration from space to semiconductors.", ["space", "semiconductors"]),
        ("NASA works on semiconductors and space.", ["semiconductors", "space"]),
        # an item may add a noun to its area
        (
            "NASA works on 6G, biotech supply chains, and quantum innovation.",
            ["6G", "biotech", "quantum"],
        ),
        # energy sources and stores among other areas
        (
            "DOE leads fission and fusion, and solar, wind, battery, and hydrogen projects with"
            " geothermal energy.",
            ["fission", "fusion", "solar", "wind", "battery", "hydrogen", "geothermal energy"],
        ),
        ("The wind and the sun turned the battery of tests.", []),
        # not beside another area, the words name none
        ("NASA rents office space and makes quantum leaps.", []),
        ("NASA has space and quantum in mind.", []),
    ],
)
def test_a_generic_word_names_an_area_only_in_an_enumeration_of_areas(
    sentence: str, areas: list[str]
) -> None:
    x = extract_bytes(sentence.encode(), "e.txt")
    found = [
        x.source.quote(m.span) for m in x.mentions if x.entities[m.entity].kind == "technology"
    ]
    assert found == areas


def test_a_country_with_its_partners_is_the_subject() -> None:
    """ "The United States and our G7 partners are committed to …": the country acts."""
    keys = _keys("The United States and our G7 partners are committed to act.", "g.txt")
    assert keys == {"United States": "USG", "G7": "G7"}
    assert _keys("Investment in the United States and its partners grew.", "i.txt") == {}


def test_a_forum_that_meets_is_no_organization() -> None:
    """A forum of two countries is a dialogue between their governments, a business
    forum a meeting (the gold rules); a regional forum of members is a body."""
    keys = _keys(
        "The leaders will reconvene the India-U.S. Trade Policy Forum and the U.S.-India CEO"
        " Forum, attend the Indo-Pacific Business Forum and brief the ASEAN Regional Forum.",
        "f.txt",
    )
    assert {k for k, v in keys.items() if "Forum" in k} == {"ASEAN Regional Forum"}


def test_departments_listed_after_one_head_are_each_named() -> None:
    """ "the Departments of Commerce, Energy, …": one head noun for several departments."""
    keys = _keys(
        "Experts from the Departments of Commerce, Energy, Transportation, and Treasury will"
        " consult. The Departments of Health and Human Services and the Interior will help.",
        "d.txt",
    )
    assert keys == {
        "Commerce": "DOC",
        "Energy": "DOE",
        "Transportation": "DOT",
        "Treasury": "TREAS",
        "Health and Human Services": "HHS",
        "the Interior": "DOI",
    }


def test_a_name_with_heads_in_a_row_ends_at_the_last() -> None:
    """Regression: "the Kenya Hospital Association" was found as "Kenya Hospital"."""
    x = extract_bytes(b"NASA will work with the Kenya Hospital Association on care.", "h.txt")
    orgs = {x.source.quote(m.span): x.entities[m.entity] for m in x.mentions}
    assert orgs["Kenya Hospital Association"].org_class == "IndustryAssociation"
    assert "Kenya Hospital" not in orgs


def test_the_last_words_of_a_known_name_are_its_short_form() -> None:
    """ "Security Council reforms" after "the UN Security Council": one council."""
    keys = _keys(
        "India seeks a seat on the UN Security Council. Talks on Security Council reforms go on.",
        "s.txt",
    )
    assert keys["Security Council"] == keys["UN Security Council"]


@pytest.mark.parametrize(
    ("sentence", "name", "acronym"),
    [
        (
            "Within 180 days, the Director of the Office of Personnel Management (OPM) shall"
            " act. OPM will help.",
            "Office of Personnel Management",
            "OPM",
        ),
        (
            "It follows the Department of Transportation’s (DOT) Innovation Principles. DOT"
            " will help.",
            "Department of Transportation",
            "DOT",
        ),
    ],
)
def test_an_acronym_defined_after_a_title_or_a_possessive_is_the_organizations(
    sentence: str, name: str, acronym: str
) -> None:
    """Regression: "Director of the Office of …" and "Department of Transportation’s"
    were minted as organizations of their own."""
    keys = _keys(sentence, "a.txt")
    assert set(keys) == {name, acronym}
    assert len(set(keys.values())) == 1


def test_fields_joined_by_and_are_one_name() -> None:
    """Regression: "Defense Science and Technology Cooperation Group" was split into
    "Defense Science" and "Technology Cooperation Group", as two companies would be."""
    text = "Our existing Defense Science and Technology Cooperation Group will meet."
    assert set(_keys(text, "d.txt")) == {"Defense Science and Technology Cooperation Group"}


@pytest.mark.parametrize(
    "sentence",
    [
        "It aligns with Japan’s Green Transformation (GX) Promotion Strategy.",
        "They welcome the Japan Exchange and Teaching (JET) Programme.",
        "They welcome the Japanese Language Education Assistant Program (J-LEAP).",
        # a law, a measure, a person's title
        "The American Rescue Plan Act (ARPA) funds schools.",
        "The U.S. Gross Domestic Product (GDP) grew.",
        "Said U.S. Senator Jim Risch (R-ID): “It is good.”",
        # an instrument: an agreement, rules (regression: each was a U.S. agency)
        "The U.S. Digital-Tanzania Memorandum of Understanding (MOU) will expand trade.",
        "Exports are subject to the U.S. International Traffic in Arms Regulations (ITAR).",
        "Vehicles must meet U.S. Federal Motor Vehicle Safety Standards (FMVSS).",
    ],
)
def test_an_acronym_inside_a_programs_name_defines_no_organization(sentence: str) -> None:
    """Regression: a country's qualifier let these names without a head noun become
    bodies; an agency's name without one still is ("U.S. Citizenship and Immigration
    Services (USCIS)")."""
    assert _keys(sentence, "p.txt") == {}
    agency = "The U.S. Citizenship and Immigration Services (USCIS) will help."
    assert set(_keys(agency, "a.txt")) == {"U.S. Citizenship and Immigration Services", "USCIS"}


@pytest.mark.parametrize("path", GOLD_DOCUMENTS, ids=lambda p: p.stem[:40])
def test_every_gold_document_converts_to_rdf_and_a_summary(path: Path) -> None:
    """Regression: a commitment stated by "agreed to" or "announced" had a modality the
    RDF mapping did not know, so loading any such fact sheet failed with a KeyError."""
    x = extract_file(path)
    graph = to_rdf(x)
    modalities = {str(m) for m in graph.objects(None, AG.modality)}
    assert modalities == {str(AG[c.modality]) for c in x.commitments}
    assert summarize(x)["document"]["characters"] == len(x.source.text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # named in passing, with nothing but the name to say so
        (
            "Stewarded by a philanthropy, and with generous support from Accenture,"
            " Blackstone, Boeing, and Western Digital, the fellowship begins.",
            {"Accenture": "US", "Blackstone": "US", "Boeing": "US", "Western Digital": "US"},
        ),
        (
            "Leaders met executives of Nokia and Siemens in Berlin.",
            {"Nokia": "FI", "Siemens": "DE"},
        ),
        # after "the", a name of several words; without its accents
        ("It includes the Johnson & Johnson vaccine.", {"Johnson & Johnson": "US"}),
        ("Nestle and Nescafé have committed to buy coffee.", {"Nestle": "CH"}),
        # a place, a person, part of a longer name, an address: no company
        ("They will protect the heart of the Amazon region.", {}),
        ("Henry Ford built a factory near Ford Field.", {}),
        ("Details are at [invest](/Users/x/Microsoft/Windows/invest).", {}),
        # common words and cities are not in the list ("Target", "Visa", "Phoenix")
        ("Target dates slip. Visa rules change. Phoenix hosted the convening.", {}),
    ],
)
def test_listed_companies_are_found_where_only_their_name_says_so(
    sentence: str, expected: dict[str, str]
) -> None:
    """Regression: companies named in passing ("support from Accenture, Blackstone,
    Boeing …") were missed; the listed companies of the reference data are read by name,
    with their country, in any kind of document, also after "the" when of several words
    and without their accents."""
    x = extract_bytes(sentence.encode(), "r.txt")
    found = {
        x.source.quote(m.span): x.entities[m.entity]
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert {name: e.country for name, e in found.items()} == expected
    assert {e.org_class for e in found.values()} <= {"Company"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the other names of a list of companies
        ("With support from Accenture, Boeing, Google, and Mastercard, the program grows.",
         {"Accenture", "Boeing", "Google", "Mastercard"}),
        # a list name before a program named with a determiner is no program's
        ("With support from Accenture, Boeing, Mastercard, and Western Digital this pilot"
         " fellowship program will provide grants.",
         {"Accenture", "Boeing", "Mastercard", "Western Digital"}),
        # lists mostly of other things, a person's title, part of "J&J" or "Floor & Decor"
        ("Boeing, Ohio, Texas, and Utah host plants.", {"Boeing"}),
        ("Mayor Scott, Boeing, Pfizer, and Anne Arundel County Executive Pittman spoke.",
         {"Boeing", "Pfizer"}),
        # a name of four words among them (regression: the list was not read)
        (
            "They met executives of Citi, Global Infrastructure Partners, Acme Grid Services"
            " Americas, and Nokia.",
            {"Citi", "Global Infrastructure Partners", "Acme Grid Services Americas", "Nokia"},
        ),
        # (J&J whole, by the reference data; no "J" of it)
        ("The approved vaccines are from Moderna, Pfizer, and J&J.", {"Moderna", "Pfizer", "J&J"}),
        ("Walmart, Boeing, and Floor & Decor are committing to retain workers.",
         {"Walmart", "Boeing"}),
    ],
)  # fmt: skip
def test_the_names_listed_with_companies_are_companies(sentence: str, expected: set[str]) -> None:
    """Regression: "Google" and "Western Digital" in "support from Accenture, Blackstone,
    Boeing, Google, Mastercard, and Western Digital" were missed (Google is in no stock
    index; the other was read as the name of "this pilot fellowship program")."""
    x = extract_bytes(sentence.encode(), "c.txt")
    found = {x.source.quote(m.span): x.entities[m.entity].org_class for m in x.mentions}
    assert found == dict.fromkeys(expected, "Company")


def test_a_short_form_of_a_name_found_is_not_another_company() -> None:
    """Regression: "Redwood" after "Redwood Materials" was a second organization (the
    listed "Redwood Trust" is written "Redwood")."""
    keys = _keys(
        FACT_SHEET + "- Redwood Materials will build a plant. Redwood will hire 500 workers.",
        "f.md",
    )
    assert set(keys) == {"Redwood Materials", "Redwood"}
    assert len(set(keys.values())) == 1


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (
            "The President’s Council on Sports, Fitness, and Nutrition will advise.",
            {"President’s Council on Sports, Fitness, and Nutrition"},
        ),
        (
            "The National Space-Based Positioning, Navigation, and Timing Advisory Board met.",
            {"National Space-Based Positioning, Navigation, and Timing Advisory Board"},
        ),
        (
            "The President’s Advisory Commission on Asian Americans, Native Hawaiians, and"
            " Pacific Islanders will report.",
            {
                "President’s Advisory Commission on Asian Americans, Native Hawaiians, and"
                " Pacific Islanders"
            },
        ),
        (
            "The Presidential Advisory Council on HIV/AIDS will meet.",
            {"Presidential Advisory Council on HIV/AIDS"},
        ),
        # lists of bodies stay apart
        (
            "NASA, NSF, and the U.S. Space Force will cooperate.",
            {"NASA", "NSF", "U.S. Space Force"},
        ),
        (
            "They attend the U.S.-ASEAN, East Asia Summit, and ASEAN Regional Forum meetings.",
            {"ASEAN", "ASEAN Regional Forum"},
        ),
    ],
)
def test_a_list_inside_a_name_is_part_of_it(sentence: str, names: set[str]) -> None:
    """Regression: "President’s Council on Sports, Fitness, and Nutrition" was found as
    "President’s Council on Sports", and "… Council on HIV/AIDS" as "… on HIV"."""
    assert set(_keys(sentence, "s.txt")) == names


WH_FACT_SHEET = (
    "---\ntitle: 'Fact Sheet: President Signs an Executive Order'\n"
    "source_url: https://www.whitehouse.gov/fact-sheets/2026/06/x/\n---\n"
    "Today, the President signed an Executive Order on the Federal Government's use of"
    " artificial intelligence.\n\n"
)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # the directed body acts, named by its head's title or its name
        (WH_FACT_SHEET + "- The Order directs the Attorney General to prioritize enforcement.",
         "f.md", [("Direct", ["prioritize"], ["Department of Justice"])]),
        (WH_FACT_SHEET + "- The Order directs the Office of Management and Budget and the"
         " Office of Personnel Management to identify funding.",
         "f.md", [("Direct", ["identify"], ["Office of Management and Budget",
                                             "Office of Personnel Management"])]),
        # bodies named generically: the issuing government's
        (WH_FACT_SHEET + "- The Order directs appropriate agencies to prioritize cyber defense.",
         "f.md", [("Direct", ["prioritize"], ["Government of the United States of America"])]),
        # leaders directing their ministers: the participants'
        ("---\ntitle: United States-Japan Joint Leaders' Statement\n---\nThe United States and"
         " Japan met. The two leaders instructed their ministers to convene a committee.",
         "s.md", [("Direct", ["convene"], ["Government of Japan",
                                            "Government of the United States of America"])]),
        # no task: a question in a briefing, "directs" as "leads", "to" before a noun
        ("---\ntitle: Press Briefing by the Press Secretary\n---\nQ Has the Department of"
         " Energy directed any officials to carry out that action?", "b.md", []),
        (WH_FACT_SHEET + "- She directs the Columbia University Superfund Research Program,"
         " a center that integrates science and knowledge to protect health.", "f.md", []),
        (WH_FACT_SHEET + "- The Department of Energy directed a response to the outage.",
         "f.md", []),
    ],
)  # fmt: skip
def test_a_document_directing_a_body_to_act_is_that_bodys_commitment(
    text: str, name: str, expected: list[tuple[str, list[str], list[str]]]
) -> None:
    """Regression: "The Order directs the Attorney General to …" (the form executive
    documents task agencies in) was no commitment; its actors are those directed, not
    the issuer, and its action the verb after "to"."""
    x = extract_bytes(text.encode(), name)
    directions = [
        (c.modality, c.actions, sorted(x.entities[a].label for a in c.actors))
        for c in x.commitments
        if c.modality == "Direct"
    ]
    assert directions == expected


def test_one_body_however_one_document_spells_it() -> None:
    """Regression: "DataVolt" after "Saudi Arabian DataVolt", and "ASEAN Centre for …"
    after "ASEAN Center for …", were second organizations of the same document; bodies of
    the same name in two countries stay two."""
    keys = _keys(
        FACT_SHEET + "- Saudi Arabian DataVolt will invest in AI data centers. DataVolt will"
        " also build plants.\n- The ASEAN Center for Climate Change will open. The ASEAN"
        " Centre for Climate Change will train staff.\n- Japan's Ministry of Finance will"
        " lend. India's Ministry of Finance will borrow.",
        "f.md",
    )
    assert keys == {
        "DataVolt": "sa-datavolt",
        "ASEAN Center for Climate Change": "xx-asean-center-for-climate-change",
        "ASEAN Centre for Climate Change": "xx-asean-center-for-climate-change",
        "Japan's Ministry of Finance": "jp-ministry-of-finance",
        "India's Ministry of Finance": "in-ministry-of-finance",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Both uphold the United Nations Convention on the Law of the Sea (UNCLOS).",
        "Russia's war violates the UN Charter.",
        "They recognized labor rights based on the ILO Declaration on Fundamental Rights.",
    ],
)
def test_a_body_naming_a_text_is_not_named(sentence: str) -> None:
    """Regression: "the United Nations Convention on the Law of the Sea" named the United
    Nations; the first words of a convention's, charter's or declaration's name name a
    text, not a body that acts."""
    assert _keys(sentence, "t.txt") == {}


def test_an_acronym_defined_for_an_office_names_no_body() -> None:
    """Regression: after "National Security Advisor (NSA) Ajit Doval", "NSA Doval" named
    the National Security Agency, and "NSA Sullivan launched …" minted a company."""
    keys = _keys(
        FACT_SHEET + "- Assistant to the President for National Security Affairs (APNSA) Jake"
        " Sullivan met National Security Advisor (NSA) Ajit Doval.\n- APNSA Sullivan and NSA"
        " Doval launched the initiative on critical technology.\n- The National Security"
        " Agency will help.",
        "f.md",
    )
    assert keys == {"National Security Agency": "NSA"}


def test_whose_a_body_is_from_the_last_words_of_its_name() -> None:
    """Regression: "Ministry of Finance of India" was of no country (the words after its
    first "of" were read as the country), "… Space Center on India’s southeastern coast"
    kept the place in its name, and "Moroccan Government-owned" named a government."""
    x = extract_bytes(
        "The Ministry of Finance of India and the Ministry of Health of the Republic of Korea"
        " met. It launches from the Satish Dhawan Space Center on India’s southeastern coast."
        " It closed a deal with a Moroccan Government-owned bank.".encode(),
        "c.txt",
    )
    found = {
        x.source.quote(m.span): x.entities[m.entity].country
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert found == {
        "Ministry of Finance of India": "IN",
        "Ministry of Health of the Republic of Korea": "KR",
        "Satish Dhawan Space Center": "IN",
    }


def test_a_royal_force_is_its_countrys() -> None:
    """Regression: "Royal Australian Navy" was missed ("Royal" before the country's
    adjective was read as the start of a longer name)."""
    x = extract_bytes(b"The Royal Australian Navy and the Royal Thai Army will exercise.", "r.txt")
    found = {x.source.quote(m.span): x.entities[m.entity].country for m in x.mentions}
    assert found == {"Royal Australian Navy": "AU", "Royal Thai Army": "TH"}


def test_numbered_military_units_are_bodies() -> None:
    """Regression: "the 101st Airborne Division", "U.S. Fifth Fleet" and "V Corps" were
    missed (an ordinal or a roman numeral is no word the name patterns read)."""
    x = extract_bytes(
        b"Soldiers of the 101st Airborne Division and V Corps deployed; the U.S. Fifth Fleet"
        b" patrols the Gulf.",
        "u.txt",
    )
    found = {x.source.quote(m.span): x.entities[m.entity].country for m in x.mentions}
    assert found == {"101st Airborne Division": None, "V Corps": None, "U.S. Fifth Fleet": "US"}


def test_forces_named_for_where_they_serve_keep_the_place() -> None:
    """Regression: "U.S. Forces Korea" was cut to "U.S. Forces"; Japan's lenders named by
    acronym were missed."""
    keys = _keys("U.S. Forces Korea will train. JBIC and NEXI will finance it.", "f.txt")
    assert keys == {"U.S. Forces Korea": "us-forces-korea", "JBIC": "JBIC", "NEXI": "NEXI"}


def test_the_service_academies_are_known_by_the_names_texts_use() -> None:
    """Regression: "West Point" and "the Naval Academy" were missed (Academy is no head:
    most academies named in the corpus are programs)."""
    keys = _keys("Graduates of West Point and the Naval Academy will serve.", "a.txt")
    assert keys == {"West Point": "USMA", "Naval Academy": "USNA"}
    # (and the Intelligence Community, a body of the ODNI's)
    assert _keys("The U.S. Intelligence Community will report.", "i.txt") == {
        "U.S. Intelligence Community": "IC"
    }


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The SK Group on Tuesday announced a plan.", "SK Group"),
        ("Hyundai Motor Group on May 5 announced investments.", "Hyundai Motor Group"),
        # (a month before no number may be a name's word)
        ("The Committee on March Madness met.", "Committee on March Madness"),
    ],
)
def test_a_day_or_a_date_after_a_name_is_no_part_of_it(sentence: str, name: str) -> None:
    """Regression: "SK Group on Tuesday" and "Hyundai Motor Group on May" were read as
    names ("on" goes on in "Committee on Foreign Investment")."""
    x = extract_bytes(sentence.encode(), "d.txt")
    assert [x.source.quote(m.span) for m in x.mentions] == [name]


def test_a_one_word_name_after_a_lower_case_of_or_for_is_named() -> None:
    """Regression: "the members of Congress" and "funding for AmeriCorps" named no body
    (any "of" or "for" before a one-word name was taken to join it to a longer one, as
    in "the Chamber of Commerce", which still names no Department)."""
    keys = _keys("The members of Congress raised funding for AmeriCorps.", "c.txt")
    assert keys == {"Congress": "CONGRESS", "AmeriCorps": "AMERICORPS"}
    assert "DOC" not in _keys("The Chamber of Commerce will meet.", "c.txt").values()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Korean Air will purchase 103 aircraft.", {"Korean Air": ("KOREAN-AIR", "KR")}),
        ("Qatar Airways will acquire 210 aircraft.", {"Qatar Airways": ("QATAR-AIRWAYS", "QA")}),
        (
            "Samsung and TSMC will expand chip plants.",
            {"Samsung": ("SAMSUNG-ELECTRONICS", "KR"), "TSMC": ("TSMC", "TW")},
        ),
        ("GM will build a plant.", {"GM": ("GENERAL-MOTORS", "US")}),
        (
            "J&J, UPS and CVS will help.",
            {"J&J": ("JOHNSON-AND-JOHNSON", "US")}
            | {"UPS": ("UPS", "US"), "CVS": ("CVS-HEALTH", "US")},
        ),
    ],
)
def test_companies_no_index_lists_are_known(
    sentence: str, expected: dict[str, tuple[str, str]]
) -> None:
    """Regression: "Korean Air" and "Qatar Airways" were their countries' governments;
    "Samsung", "TSMC" (in no index the companies list is built from) and "GM" (General
    Motors' short name) were missed."""
    x = extract_bytes(sentence.encode(), "c.txt")
    found = {
        x.source.quote(m.span): (m.entity, x.entities[m.entity].country)
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert found == expected
    assert {x.entities[key].org_class for key, _ in found.values()} == {"Company"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Nothing here is enforceable by any party against the United States, its departments,"
        " agencies, or entities.",
        "All executive departments and agencies (agencies) of the United States shall act.",
    ],
)
def test_a_country_whose_departments_are_named_is_its_government(sentence: str) -> None:
    """Regression: an executive order's "… against the United States, its departments,
    agencies, or entities" named no government."""
    assert set(_keys(sentence, "e.txt").values()) == {"USG"}
    assert _keys("The Company, its departments and subsidiaries, will act.", "e.txt") == {}


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("At Ulster University, she taught law.", ["Ulster University"]),
        ("At The Urban Institute, he led research.", ["Urban Institute"]),
        # a title's words
        ("Article 12 Entry Into Force. This Agreement enters into force on signature.", []),
    ],
)
def test_a_preposition_or_a_titles_word_is_no_part_of_a_name(
    sentence: str, names: list[str]
) -> None:
    """Regression: "At Ulster University" and "Entry Into Force" (an agreement's article
    title, a "Force") were names."""
    x = extract_bytes(sentence.encode(), "t.txt")
    assert [
        x.source.quote(m.span) for m in x.mentions if x.entities[m.entity].kind == "organization"
    ] == names


def test_a_joint_body_is_one_whichever_partner_the_text_names_first() -> None:
    """Regression: "the EU-U.S. Trade and Technology Council" was a U.S. agency named
    "U.S. Trade and Technology Council" (the match began at the country after "EU-"), and
    "U.S.-EU …" and "EU-U.S. …" were two bodies."""
    first = _keys("It will join the EU-U.S. Trade and Technology Council.", "a.txt")
    second = _keys("The U.S.-EU Trade and Technology Council met.", "b.txt")
    assert list(first) == ["EU-U.S. Trade and Technology Council"]
    assert (
        list(first.values()) == list(second.values()) == ["xx-eu-u-s-trade-and-technology-council"]
    )


def test_a_body_named_with_its_country_after_it_is_that_body() -> None:
    """Regression: an agreement's "the National Science Foundation of the United States
    of America (NSF)" gave NSF and a second, new "National Science Foundation of the United
    States of America"; "Ministry of Finance of India" and "India’s Ministry of Finance"
    were two bodies."""
    keys = _keys(
        "The National Science Foundation of the United States of America (NSF) and the"
        " Ministry of Economy, Trade and Industry of Japan (METI) intend to cooperate.",
        "a.txt",
    )
    assert set(keys.values()) == {"NSF", "METI"}
    assert set(_keys("The Ministry of Finance of India (MOF) will act.", "b.txt").values()) == (
        set(_keys("India’s Ministry of Finance will act.", "c.txt").values())
    )
    # (no name without its country: "Bank of Japan", "Army of the Republic of Vietnam")
    assert set(_keys("The Bank of Japan will act.", "d.txt").values()) == {"jp-bank-of-japan"}


@pytest.mark.parametrize(
    ("sentence", "name", "org_class"),
    [
        (
            "The Agence Nationale de la Recherche (ANR) will fund it.",
            "Agence Nationale de la Recherche",
            "GovernmentAgency",
        ),
        (
            "The Deutsche Forschungsgemeinschaft (DFG) will fund it.",
            "Deutsche Forschungsgemeinschaft",
            "ResearchInstitute",
        ),
        (
            "The MCC closed a deal with La Société Nationale de Garantie et du Financement de"
            " l’Entreprise to expand.",
            "La Société Nationale de Garantie et du Financement de l’Entreprise",
            "GovernmentAgency",
        ),
        (
            "Heifer has awarded $625,000 to the Red Global de Empresarios Indígenas.",
            "Red Global de Empresarios Indígenas",
            None,
        ),
    ],
)
def test_a_name_in_its_own_language_is_found(
    sentence: str, name: str, org_class: str | None
) -> None:
    """Regression: names in French, Spanish, German … (head first, joined by "de", "du",
    "für") were missed, with or without an acronym."""
    x = extract_bytes(sentence.encode(), "f.txt")
    found = {x.source.quote(m.span): x.entities[m.entity] for m in x.mentions}
    assert found[name].org_class == org_class
    # (words so joined without such a head are no name: "Rio de Janeiro", "Red Cross")
    assert _keys("We met in Rio de Janeiro with the Red Cross.", "r.txt") == {}


def test_a_body_followed_by_its_government_is_that_countrys() -> None:
    """Regression: "the Department of Biotechnology (DBT), Ministry of Science and
    Technology, Government of India" gave a department and a ministry of no country."""
    x = extract_bytes(
        b"The Department of Biotechnology (DBT), Ministry of Science and Technology,"
        b" Government of India, will fund it.",
        "i.txt",
    )
    assert {x.source.quote(m.span): x.entities[m.entity].country for m in x.mentions} == {
        "Department of Biotechnology": "IN",
        "DBT": "IN",
        "Ministry of Science and Technology": "IN",
        "Government of India": "IN",
    }


def test_a_regions_adjective_is_part_of_a_name() -> None:
    """Regression: "the North American Aerospace Defense Command" and "the North American
    Commission for Environmental Cooperation" were missed ("American" was read as the
    United States' qualifier, which no name goes on through)."""
    keys = _keys(
        "The North American Aerospace Defense Command and the North American Commission for"
        " Environmental Cooperation will meet.",
        "n.txt",
    )
    assert keys == {
        "North American Aerospace Defense Command": "xx-north-american-aerospace-defense-command",
        "North American Commission for Environmental Cooperation": (
            "xx-north-american-commission-for-environmental-cooperation"
        ),
    }


def test_a_listed_company_named_with_a_head_is_a_company() -> None:
    """Regression: "Bank of America" and "Western Union" (listed companies the head
    patterns read) were a government agency and a multilateral grouping."""
    x = extract_bytes(b"Bank of America and Western Union will lend.", "b.txt")
    assert {x.source.quote(m.span): x.entities[m.entity].org_class for m in x.mentions} == {
        "Bank of America": "Company",
        "Western Union": "Company",
    }


def test_bodies_before_one_plural_head_are_each_named() -> None:
    """Regression: "Arizona State and Purdue Universities" named no university."""
    x = extract_bytes(
        b"Intel will partner with Arizona State and Purdue Universities. The public and"
        b" land-grant schools agree, as do Public and Land-Grant Universities.",
        "u.txt",
    )
    found = {
        x.source.quote(m.span): (x.entities[m.entity].label, x.entities[m.entity].org_class)
        for m in x.mentions
        if x.entities[m.entity].kind == "organization"
    }
    assert found == {
        "Intel": ("Intel", "Company"),
        "Arizona State": ("Arizona State University", "University"),
        "Purdue": ("Purdue University", "University"),
    }


def test_a_listed_company_before_a_longer_name_is_itself() -> None:
    """Regression: "Amazon will invest …" before "Amazon Web Services" was taken for the
    short form of that name (a short form follows its name: "Redwood" after "Redwood
    Materials" still is one)."""
    x = extract_bytes(
        (
            FACT_SHEET + "- Amazon will invest $5 billion. This comes on top of Amazon Web"
            " Services’ investments."
        ).encode(),
        "a.md",
    )
    found = {x.source.quote(m.span): m.entity for m in x.mentions}
    assert found["Amazon Web Services"] == "AWS"
    assert found["Amazon"] != "AWS"
