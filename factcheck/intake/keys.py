"""What makes two articles the same: their canonical URL, or their text.

Pure functions with no Flask import. A link shared with ``?utm_source=newsletter#comments``
is the page without them, and ``HTTP://Example.COM:80/a`` is ``http://example.com/a``; two
texts that differ only in spacing, case or Unicode form are the same text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that say how a reader arrived, never which page it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "cmpid",
        "ocid", "smid", "sr_share", "mkt_tok", "spm",
    }
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACE = re.compile(r"\s+")


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """``url`` with the scheme and host in lower case, no default port, no fragment, no
    tracking parameters, the remaining parameters in a stable order, and ``/`` for an empty
    path. Anything that is not an http(s) URL comes back stripped but otherwise unchanged."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _tracking(name)
    )
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def url_key(url: str | None) -> str | None:
    """SHA-256 of the canonical form of ``url`` (what the unique column holds), or None."""
    if not url or not url.strip():
        return None
    return hashlib.sha256(canonical_url(url).encode("utf-8", "surrogatepass")).hexdigest()


def normalised_text(text: str) -> str:
    """The text as compared for duplicates: NFKC, case-folded, runs of spaces as one."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", text).strip()


def text_key(text: str) -> str:
    """SHA-256 of the normalised text. Migration 0016 holds a frozen copy of this rule."""
    return hashlib.sha256(normalised_text(text).encode("utf-8", "surrogatepass")).hexdigest()
