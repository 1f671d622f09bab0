"""The ontology (schema/kg.ttl) and SHACL shapes (schema/shapes.ttl) as rdflib graphs."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from .errors import ValidationError

__all__ = ["schema_dir", "ontology_graph", "shapes_graph"]


def schema_dir() -> Path:
    """The top-level ``schema/`` directory beside the ``kg`` package."""
    return Path(__file__).resolve().parent.parent / "schema"


def _load(name: str) -> Graph:
    path = schema_dir() / name
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as exc:
        raise ValidationError(f"{path}: schema file is missing") from exc
    except Exception as exc:  # rdflib raises several parser exception types
        raise ValidationError(f"{path}: cannot parse: {exc}") from exc
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """schema/kg.ttl, parsed once. Treat the returned graph as read-only."""
    return _load("kg.ttl")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """schema/shapes.ttl, parsed once. Treat the returned graph as read-only."""
    return _load("shapes.ttl")
