"""budgetkg graph side: records → RDF, the store, SPARQL query/serve, export, and the CLI."""
