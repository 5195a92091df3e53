"""Services that change the desk's data.

Each function checks the workflow rules, applies one change, writes its event and flushes. None
of them commits: the request (or CLI command) that called it commits once at the end, or rolls
everything back if anything failed, so nothing half-written reaches the database.
"""

from factcheck.operations.errors import InvalidInput

__all__ = ["InvalidInput"]
