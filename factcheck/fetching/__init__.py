"""Every outward HTTP request of the desk goes through this package (see ``client``)."""

from factcheck.fetching.client import FetchResult, fetch
from factcheck.fetching.rules import (
    DEFAULT_MAX_BYTES,
    FetchError,
    FetchPolicy,
    check_address,
    refusal,
    resolve,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "check_address",
    "fetch",
    "refusal",
    "resolve",
]
