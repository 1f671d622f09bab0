"""The export formats' names, in one light module (the CLI lists them without loading the store)."""

EXPORT_FORMATS = ("turtle", "nt", "trig", "nquads", "jsonld", "graphml", "csv",
                  "cypher", "cypher-kuzu", "neo4j-csv")
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "nq": "nquads", "n-quads": "nquads",
           "json-ld": "jsonld", "json": "jsonld", "kuzu": "cypher-kuzu", "neo4j": "cypher"}
