"""The one error tree of kg.

    KGError
    ├── InputError        a source file or line that cannot be read (names file and line)
    ├── ResourceError     a lexicon / pattern file under kg/resources that is malformed (names row)
    ├── ValidationError   SHACL or vocabulary violations that must stop an operation
    ├── QueryError        a SPARQL query that does not parse or run
    ├── CurationError     a curation file (kg curate) that is malformed or cannot apply (names file and line)
    ├── StoreError        the on-disk store cannot be opened, locked or written
    └── RemoteError       a remote SPARQL / Graph Store server cannot be reached or refuses a request

The library raises these and never prints or exits; the CLI turns them into
one-line messages and exit codes.
"""
from __future__ import annotations

import re

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def display_path(path: str) -> str:
    """A path for a one-line message: control characters (a newline in a file
    name, say) written as escapes (``\\n``, ``\\x1b``); everything else,
    CJK and spaces included, as it is."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), path)


class KGError(Exception):
    """Base of every error kg raises on purpose."""


class InputError(KGError):
    """A source that cannot be ingested. Carries the path and, where known, the line."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = reason
        shown = display_path(self.path)
        where = f"{shown}:{line}" if line is not None else shown
        super().__init__(f"{where}: {reason}")


class ResourceError(KGError):
    """A lexicon or pattern file that is malformed."""

    def __init__(self, path: str, row: int, reason: str):
        self.path, self.row, self.reason = str(path), row, reason
        super().__init__(f"{self.path}:{row}: {reason}")


class ValidationError(KGError):
    """Data that violates the ontology or the SHACL shapes."""


class QueryError(KGError):
    """A SPARQL query that cannot be parsed or evaluated."""


class StoreError(KGError):
    """The store cannot be opened, locked or written."""


class RemoteError(KGError):
    """A remote SPARQL or Graph Store Protocol server that cannot be reached or refuses a request."""


class CurationError(KGError):
    """A curation file that cannot be read or applied (kg.curate). Carries the path and, where
    known, the line of the decision at fault."""

    def __init__(self, path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        shown = display_path(self.path)
        super().__init__(f"{shown}:{line}: {reason}" if line is not None else f"{shown}: {reason}")
