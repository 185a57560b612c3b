"""Generate :mod:`accordgraph.ontology.namespace` from ``accordgraph.ttl``.

Run ``python -m accordgraph.ontology.generate`` after editing the ontology; a test fails
while the generated module is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

NS = "https://w3id.org/accordgraph/ontology#"
HERE = Path(__file__).resolve().parent

_KINDS = [
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (SKOS.ConceptScheme, "Concept schemes"),
    (SKOS.Concept, "Concepts"),
]


def render(ontology: Graph) -> str:
    """The Python source of the namespace module for an ontology graph."""
    lines = [
        '"""Terms of the accordgraph ontology (generated from accordgraph.ttl; do not edit).',
        "",
        "Regenerate with ``python -m accordgraph.ontology.generate``.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class AG(DefinedNamespace):",
        '    """The accordgraph ontology namespace."""',
        "",
        "    _fail = True",
    ]
    seen: set[str] = set()
    for kind, title in _KINDS:
        terms = sorted(
            str(s)[len(NS) :]
            for s in ontology.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(NS)
        )
        terms = [t for t in terms if t not in seen]
        if not terms:
            continue
        lines += ["", f"    # {title}"]
        for term in terms:
            seen.add(term)
            label = ontology.value(URIRef(NS + term), RDFS.label)
            lines.append(f"    {term}: URIRef  # {label}")
    lines += ["", f'    _NS = Namespace("{NS}")', ""]
    return "\n".join(lines)


def main() -> int:
    ontology = Graph().parse(HERE / "accordgraph.ttl")
    (HERE / "namespace.py").write_text(render(ontology), encoding="utf-8")
    print(f"wrote {HERE / 'namespace.py'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
