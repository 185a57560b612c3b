"""The lookup index's reads of the store, at the scale of many documents."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from accordgraph import bundled_document
from accordgraph.graph.lookup import Index, Lookup, NotFound, build_index, facts_query
from accordgraph.graph.store import KnowledgeGraph

NUCLEAR_REGULATOR = "https://w3id.org/accordgraph/id/org/gb-office-for-nuclear-regulation"


def test_an_organization_named_in_many_documents_is_read_once(uk_file: Path) -> None:
    """Regression: an organization the reference data does not know is typed in every
    document graph that names it, and the index read each of its facts once per pair of
    such graphs (18 million rows, minutes, on the 14,330 White House documents)."""
    kg = KnowledgeGraph.open()
    for number in range(4):
        kg.load(uk_file, doc_id=f"copy-{number}")
    rows = list(kg.query(facts_query("?s a org:Organization .", "rdf:type rdfs:label ag:country")))
    facts = [(r["s"].value, r["p"].value, str(r["o"])) for r in rows]
    assert len(facts) == len(set(facts))
    assert sum(1 for s, _, _ in facts if s == NUCLEAR_REGULATOR) == 4  # 2 types, label, country
    assert (
        Lookup(kg).organization("gb-office-for-nuclear-regulation").label
        == "UK Office for Nuclear Regulation"
    )


GOLD = Path(__file__).parent / "fixtures" / "gold" / "dev"


def _normal(value: Any) -> Any:
    """An index part in a form that compares content, not the order it was read in (an
    inverted index entry left empty by a patch is the same as none)."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if v != set()}
    if isinstance(value, list | set | tuple):
        return sorted(repr(_normal(v)) for v in value)
    return value


def _same(patched: Index, built: Index) -> None:
    for part in fields(Index):
        assert _normal(getattr(patched, part.name)) == _normal(getattr(built, part.name)), part.name


def test_a_patched_index_equals_a_rebuilt_one(uk_file: Path) -> None:
    """After a document is added, replaced or removed, the index patched from the
    changed graph's subjects holds exactly what a full rebuild reads."""
    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    kg.load(uk_file)
    lookup = Lookup(kg)
    base = lookup.index
    others = sorted(GOLD.glob("*.md"))[:3]

    def step(write: Callable[[], object], graph: str) -> None:
        before = lookup.subjects_in([graph]) or set()
        previous = lookup.index
        as_it_was = {p.name: _normal(getattr(previous, p.name)) for p in fields(Index)}
        write()
        after = lookup.subjects_in([graph])
        assert after is not None
        patched = lookup.patch(before | after)
        # requests may be reading the previous index meanwhile: it is left as it was
        assert {p.name: _normal(getattr(previous, p.name)) for p in fields(Index)} == as_it_was
        assert patched.generation == kg.generation
        _same(patched, build_index(kg))

    for path in others:  # new documents
        step(lambda p=path: kg.load(p), str(kg.ids.document_graph(path.stem)))
    # the same id, other content: a replacement
    replaced = str(kg.ids.document_graph(others[0].stem))
    step(lambda: kg.load(others[1], doc_id=others[0].stem), replaced)
    # a removal: the organizations only it named go, those others name too stay
    assert lookup.organization("gb-office-for-nuclear-regulation").label
    uk = str(kg.ids.document_graph("us-uk-tpd-2025"))
    step(lambda: kg.remove_document("us-uk-tpd-2025"), uk)
    with pytest.raises(NotFound):
        lookup.organization("gb-office-for-nuclear-regulation")
    assert lookup.organization("nsf").label == "National Science Foundation"
    assert base.generation < lookup.index.generation == kg.generation


def test_the_index_is_kept_between_runs_while_the_store_is_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "oxigraph"
    cache = tmp_path / "lookup-index.pickle"
    with KnowledgeGraph.open(store) as kg:
        kg.load(bundled_document())
        Lookup(kg, cache=cache).save()
    assert cache.is_file()
    with KnowledgeGraph.open(store) as kg:
        lookup = Lookup(kg, cache=cache)
        kept = lookup._cached()
        assert kept is not None
        _same(kept, build_index(kg))
        kg.remove_document("us-japan-tpd-2025")
        assert Lookup(kg, cache=cache)._cached() is None  # another state: rebuilt
        assert Lookup(kg, cache=cache).documents().total == 0
    cache.write_bytes(b"not a pickle")
    with KnowledgeGraph.open(store) as kg:
        assert Lookup(kg, cache=cache).documents().total == 0
        # an index kept by an earlier version (no format; fields it lacks) is rebuilt
        cache.write_bytes(pickle.dumps((kg.state(), build_index(kg))))
        assert Lookup(kg, cache=cache)._cached() is None


def test_a_record_lists_the_first_documents_naming_an_organization_by_title(
    uk_file: Path,
) -> None:
    """The page asks for a few of the thousands of documents naming a government; the
    record says how many there are, and the few are the first of the whole list."""
    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    kg.load(uk_file)
    lookup = Lookup(kg)
    every = lookup.organization("usg")
    first = lookup.organization("usg", named_in=1)
    assert [d.id for d in every.named_in] == ["us-japan-tpd-2025", "us-uk-tpd-2025"]
    assert every.named_in_total == first.named_in_total == 2
    assert first.named_in == every.named_in[:1]
    assert first.model_dump(exclude={"named_in"}) == every.model_dump(exclude={"named_in"})


def test_the_previous_index_answers_while_the_next_is_made(uk_file: Path) -> None:
    """A lookup during a patch or a rebuild is answered from the index it replaces
    instead of waiting for it (half a minute for a rebuild on the White House corpus)."""
    kg = KnowledgeGraph.open()
    kg.load(bundled_document())
    lookup = Lookup(kg)
    previous = lookup.index
    kg.load(uk_file)
    with lookup._building:  # as a patch or a rebuild holds it
        assert lookup.index is previous
        with pytest.raises(NotFound):
            lookup.organization("gb-office-for-nuclear-regulation")
    assert lookup.index.generation == kg.generation > previous.generation
    assert lookup.organization("gb-office-for-nuclear-regulation").label
