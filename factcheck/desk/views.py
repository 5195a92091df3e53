"""The desk's routes, gathered from one module per area."""

from factcheck.desk import (  # noqa: F401  (register routes)
    appearances,
    articles,
    bulk,
    claims,
    dashboard,
    evidence,
    preview,
    queue,
    saved_views,
    suggestions,
    verdict_link,
)
from factcheck.desk.blueprint import bp

__all__ = ["bp"]
