"""The accordgraph ontology, its SHACL shapes and the reference graphs.

The Turtle files beside this module are the single source of truth; :mod:`.namespace`
is generated from ``accordgraph.ttl`` so that every term is a typed attribute:

>>> from accordgraph.ontology import AG
>>> AG.Commitment
rdflib.term.URIRef('https://w3id.org/accordgraph/ontology#Commitment')
>>> AG.Comitment  # a typo is an error, not a new IRI
Traceback (most recent call last):
...
AttributeError: term 'Comitment' not in namespace 'https://w3id.org/accordgraph/ontology#'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Graph

from accordgraph.ontology.ids import DEFAULT_INSTANCE_BASE, Ids
from accordgraph.ontology.namespace import AG

ONTOLOGY_IRI = "https://w3id.org/accordgraph/ontology"
ONTOLOGY_NS = "https://w3id.org/accordgraph/ontology#"

__all__ = [
    "AG",
    "DEFAULT_INSTANCE_BASE",
    "ONTOLOGY_IRI",
    "ONTOLOGY_NS",
    "Ids",
    "data_path",
    "ontology_graph",
    "shapes_graph",
    "vocabulary_graph",
]


def data_path(name: str) -> Path:
    """Path of a data file shipped with the ontology package (``shapes.ttl``, ``reference/…``)."""
    return Path(str(resources.files(__package__).joinpath(name)))


def _parse(*names: str, base: str = DEFAULT_INSTANCE_BASE) -> Graph:
    graph = Graph()
    for name in names:
        text = data_path(name).read_text(encoding="utf-8")
        if base != DEFAULT_INSTANCE_BASE:
            # Vocabularies are written against the default instance base; a deployment
            # with its own base gets the same terms under it.
            text = text.replace(DEFAULT_INSTANCE_BASE, base)
        graph.parse(data=text, format="turtle")
    return graph


def ontology_graph() -> Graph:
    """The OWL ontology (classes, properties, modality and legal-character schemes).

    >>> len(ontology_graph()) > 300
    True
    """
    return _parse("accordgraph.ttl")


def shapes_graph() -> Graph:
    """The SHACL shapes a loaded graph must conform to."""
    return _parse("shapes.ttl")


def vocabulary_graph(base: str = DEFAULT_INSTANCE_BASE) -> Graph:
    """The technology taxonomy and the action scheme, under the given instance base."""
    return _parse("technologies.ttl", "actions.ttl", base=base)
