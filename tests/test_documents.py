"""What kind of document a file is, its front matter, and one organization across
documents (#11)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accordgraph import bundled_document
from accordgraph.loaders import extract_bytes, extract_file
from accordgraph.loaders.read import split_front_matter

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = sorted((FIXTURES / "gold").rglob("*.yaml"))
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
    first = _keys("The Korea Institute of Science and Technology (KIST) will host it.", "a.txt")
    second = _keys("The Kenya Institute of Science and Technology (KIST) will host it.", "b.txt")
    assert first["KIST"] != second["KIST"]
    assert first["KIST"].startswith("kr-") and second["KIST"].startswith("ke-")


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
