"""kg: a knowledge-graph builder for Chinese industry, investment and policy news."""
from .api import build, evaluate, export, extract, push, query, remove, serve, visualize
from .errors import InputError, KGError, QueryError, RemoteError, StoreError, ValidationError

__all__ = ["build", "extract", "query", "export", "visualize", "evaluate", "remove", "serve", "push",
           "KGError", "InputError", "QueryError", "StoreError", "ValidationError", "RemoteError"]
__version__ = "0.1.0"
