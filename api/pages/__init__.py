"""The pages a policy researcher reads instead of writing SPARQL, one module per page."""
