"""Intake's pages, gathered from one module per area."""

from factcheck.intake import articles, outlets  # noqa: F401  (register routes)
from factcheck.intake.blueprint import bp

__all__ = ["bp"]
