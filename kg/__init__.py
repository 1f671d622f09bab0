"""kg: a knowledge-graph builder for Chinese industry, investment and policy news."""
from .api import build, evaluate, export, extract, query, visualize
from .errors import InputError, KGError, QueryError, StoreError, ValidationError

__all__ = ["build", "extract", "query", "export", "visualize", "evaluate",
           "KGError", "InputError", "QueryError", "StoreError", "ValidationError"]
__version__ = "0.1.0"
