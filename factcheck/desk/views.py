"""The desk's routes, gathered from one module per area."""

from factcheck.desk import articles, claims, dashboard, queue  # noqa: F401  (register routes)
from factcheck.desk.blueprint import bp

__all__ = ["bp"]
