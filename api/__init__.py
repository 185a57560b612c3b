"""The HTTP layer (SPARQL endpoint, lookups, Linked Data). It depends on
:mod:`accordgraph.graph`; nothing in the graph or loader layers imports it."""
