"""The ontology (kg.ttl) and SHACL shapes (shapes.ttl) as rdflib graphs.

Both files ship inside this package (``kg/schema/``) and are read with
``importlib.resources``, so an installed wheel finds them as well as a
checkout. In the repository the top-level ``schema/`` directory holds the
files people read and edit; ``kg/schema/kg.ttl`` and ``kg/schema/shapes.ttl``
are symlinks to them, and building the wheel copies their content
(``tests/test_packaging.py`` checks both).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph

from ..errors import ValidationError

__all__ = ["SCHEMA_FILES", "schema_dir", "schema_bytes", "ontology_graph", "shapes_graph"]

SCHEMA_FILES = ("kg.ttl", "shapes.ttl")


def schema_dir() -> Path:
    """The directory holding kg.ttl and shapes.ttl: this package's own directory.

    A file-system path wherever kg is installed from a wheel, an sdist or a
    checkout (``kg eval`` hands it to the scorer, which reads every ``*.ttl``).
    """
    return Path(__file__).resolve().parent


def _resource(name: str):
    return resources.files(__package__).joinpath(name)


def schema_bytes(name: str) -> bytes:
    """The bytes of one schema file (``kg.ttl`` or ``shapes.ttl``) as installed."""
    try:
        return _resource(name).read_bytes()
    except FileNotFoundError as exc:
        raise ValidationError(f"{schema_dir() / name}: schema file is missing") from exc


def _load(name: str) -> Graph:
    data = schema_bytes(name)
    graph = Graph()
    try:
        graph.parse(data=data, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise ValidationError(f"{schema_dir() / name}: cannot parse: {exc}") from exc
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """kg.ttl, parsed once. Treat the returned graph as read-only."""
    return _load("kg.ttl")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """shapes.ttl, parsed once. Treat the returned graph as read-only."""
    return _load("shapes.ttl")
