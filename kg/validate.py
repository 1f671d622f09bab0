"""SHACL validation of a kg graph against schema/shapes.ttl (with schema/kg.ttl and RDFS inference)."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDF, SH

from .errors import ValidationError
from .schema import ontology_graph, shapes_graph

__all__ = ["ValidationReport", "validate"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int                      # sh:ValidationResult with severity sh:Violation
    text: str                            # pyshacl's human-readable report
    results: Graph | None = field(default=None, compare=False, repr=False)

    def raise_if_invalid(self) -> None:
        """Raise ValidationError (with the report text) unless the graph conforms."""
        if not self.conforms:
            raise ValidationError(f"{self.violations} SHACL violation(s):\n{self.text}")


def validate(graph) -> ValidationReport:
    """Validate an rdflib Graph (or a kg Store's union graph) with pyshacl.

    The data graph is not modified (pyshacl works on a copy when it infers).
    """
    import pyshacl  # lazy: heavy import, only needed here

    if hasattr(graph, "union_graph") and not isinstance(graph, Graph):
        graph = graph.union_graph()
    if not isinstance(graph, Graph):
        raise ValidationError(f"cannot validate a {type(graph).__name__}; pass an rdflib Graph or a kg Store")
    try:
        conforms, results, text = pyshacl.validate(
            graph,
            shacl_graph=shapes_graph(),
            ont_graph=ontology_graph(),
            inference="rdfs",
            abort_on_first=False,
            allow_warnings=False,
            meta_shacl=False,
            advanced=False,
            inplace=False,
        )
    except Exception as exc:  # pyshacl raises its own ReportableRuntimeError and friends
        raise ValidationError(f"SHACL validation could not run: {exc}") from exc
    violations = sum(1 for r in results.subjects(RDF.type, SH.ValidationResult)
                     if results.value(r, SH.resultSeverity) == SH.Violation)
    return ValidationReport(conforms=bool(conforms), violations=violations, text=str(text), results=results)
