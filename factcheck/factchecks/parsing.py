"""Read other fact-checkers' ClaimReview markup into plain records, saying why an item is bad.

Fact-checkers publish the same schema.org vocabulary in several wrappings, and all of them are
accepted: a ``DataFeed`` whose ``dataFeedElement`` holds ClaimReviews directly or wrapped as
``DataFeedItem`` with ``item`` (Google's feed format, and this desk's own
``/verdicts/claimreview.json``), a JSON array or JSON-LD document (``@graph`` too), and an HTML
page carrying ClaimReview as JSON-LD or microdata (read by extruct). Each review becomes a
:class:`Review` or a :class:`Skipped` with the reason in words; nothing here touches the
database.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

#: Longest values stored; longer ones are refused rather than cut, so nothing is half-stored.
MAX_CLAIM = 5_000
MAX_NAME = 200
MAX_URL = 2_000
MAX_RATING = 200


class UnreadableSource(ValueError):
    """The source is neither JSON nor an HTML page: nothing in it can be read."""


@dataclass(frozen=True)
class Review:
    """One ClaimReview, checked and reduced to what the desk stores."""

    url: str
    publisher: str
    claim_reviewed: str
    publisher_url: str | None = None
    headline: str | None = None
    claimant: str | None = None
    rating_text: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    review_date: date | None = None
    language: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An item that was not imported: where it was and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.where}: {self.reason}"


@dataclass(frozen=True)
class Parsed:
    """Everything read from one source, in document order, and where the next page is."""

    reviews: list[Review]
    skipped: list[Skipped]
    next_page: str | None = None


def parse(data: bytes | str, content_type: str | None = None) -> Parsed:
    """Read ``data`` (JSON, JSON-LD or HTML) into reviews and skipped items."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    stripped = text.lstrip()
    if not stripped:
        raise UnreadableSource("the source is empty")
    is_html = "html" in (content_type or "") or stripped.startswith("<")
    if is_html:
        nodes = _html_nodes(text)
        next_page = None
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise UnreadableSource(
                f"the source is neither JSON nor HTML (JSON error at line {error.lineno}: "
                f"{error.msg})"
            ) from error
        nodes = [document]
        next_page = document.get("nextPage") if isinstance(document, dict) else None
    reviews: list[Review] = []
    skipped: list[Skipped] = []
    for where, node in _claim_review_nodes(nodes, "item"):
        if isinstance(node, Skipped):
            skipped.append(node)
            continue
        try:
            reviews.append(review_from(node))
        except ValueError as error:
            skipped.append(Skipped(_describe(where, node), str(error)))
    if not reviews and not skipped:
        skipped.append(Skipped("the source", "it holds no ClaimReview"))
    return Parsed(reviews, skipped, next_page if isinstance(next_page, str) else None)


def _html_nodes(html: str) -> list[Any]:
    import extruct

    data = extruct.extract(html, syntaxes=["json-ld", "microdata"], uniform=True)
    return list(data.get("json-ld", [])) + list(data.get("microdata", []))


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("@type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _claim_review_nodes(nodes: list[Any], where: str) -> Any:
    """Yield ``(where, ClaimReview dict)`` for every review, or a :class:`Skipped` for an
    element of a feed or array that is not one."""
    for position, node in enumerate(nodes, start=1):
        here = f"{where} {position}" if len(nodes) > 1 or where != "item" else where
        if isinstance(node, list):
            yield from _claim_review_nodes(node, where)
            continue
        if not isinstance(node, dict):
            yield here, Skipped(here, "it is not a JSON object")
            continue
        kinds = _types(node)
        if "ClaimReview" in kinds:
            yield here, node
        elif "DataFeed" in kinds or "dataFeedElement" in node:
            elements = node.get("dataFeedElement") or []
            elements = elements if isinstance(elements, list) else [elements]
            yield from _feed_elements(elements)
        elif "@graph" in node:
            graph = node["@graph"]
            yield from _claim_review_nodes(graph if isinstance(graph, list) else [graph], where)
        elif len(nodes) > 1 or where != "item":
            name = ", ".join(sorted(kinds)) or "no @type"
            yield here, Skipped(here, f"it is not a ClaimReview ({name})")


def _feed_elements(elements: list[Any]) -> Any:
    for position, element in enumerate(elements, start=1):
        here = f"feed element {position}"
        if isinstance(element, dict) and "DataFeedItem" in _types(element):
            inner = element.get("item")
            inner = inner if isinstance(inner, list) else [inner]
            wrapped = [i for i in inner if isinstance(i, dict)]
            if not wrapped:
                yield here, Skipped(here, "its DataFeedItem has no item")
            for item in wrapped:
                if "ClaimReview" in _types(item):
                    yield here, item
                else:
                    name = ", ".join(sorted(_types(item))) or "no @type"
                    yield here, Skipped(here, f"its item is not a ClaimReview ({name})")
        elif isinstance(element, dict) and "ClaimReview" in _types(element):
            yield here, element
        else:
            kinds = _types(element) if isinstance(element, dict) else set()
            name = ", ".join(sorted(kinds)) or "no @type"
            yield here, Skipped(here, f"it is not a ClaimReview ({name})")


def _describe(where: str, node: dict[str, Any]) -> str:
    url = node.get("url")
    return f"{where} ({url})" if isinstance(url, str) and url.strip() else where


def _text(value: Any) -> str | None:
    """A plain string from a schema.org value (a string, a thing with a name, or a list)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName") or value.get("@value")
        if isinstance(value, list):
            value = value[0] if value else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        cleaned = " ".join(value.split())
        return cleaned or None
    return None


def _web_url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    if not isinstance(value, str):
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > MAX_URL:
        return None
    return value


def _number(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a number: {str(value)[:40]!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{name} is not a number")
    return number


def _date(value: Any) -> date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"datePublished is not a date: {text[:40]!r}") from None


def _limited(value: str | None, limit: int, name: str) -> str | None:
    if value is not None and len(value) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return value


def review_from(node: dict[str, Any]) -> Review:
    """Check one ClaimReview and reduce it to a :class:`Review`; ``ValueError`` says why not."""
    url = _web_url(node.get("url"))
    if url is None:
        raise ValueError("it has no http(s) url, which identifies a fact-check")
    claim = _text(node.get("claimReviewed"))
    if not claim:
        raise ValueError("it has no claimReviewed")
    author = node.get("author") or node.get("publisher")
    publisher = _text(author) or urlsplit(url).hostname or ""
    rating = node.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    if not isinstance(rating, dict):
        raise ValueError("it has no reviewRating")
    rating_text = _text(rating.get("alternateName")) or _text(rating.get("name"))
    value = _number(rating.get("ratingValue"), "ratingValue")
    if rating_text is None and value is None:
        raise ValueError("its reviewRating has neither a name nor a ratingValue")
    item = node.get("itemReviewed")
    item = item[0] if isinstance(item, list) and item else item
    claimant = _text(item.get("author")) if isinstance(item, dict) else None
    return Review(
        url=url,
        publisher=_limited(publisher, MAX_NAME, "the publisher's name") or "",
        publisher_url=_web_url(author),
        claim_reviewed=_limited(claim, MAX_CLAIM, "claimReviewed") or "",
        headline=_limited(_text(node.get("headline") or node.get("name")), MAX_CLAIM, "headline"),
        claimant=_limited(claimant, 300, "the claimant's name"),
        rating_text=_limited(rating_text, MAX_RATING, "the rating"),
        rating_value=value,
        best_rating=_number(rating.get("bestRating"), "bestRating"),
        worst_rating=_number(rating.get("worstRating"), "worstRating"),
        review_date=_date(node.get("datePublished")),
        language=_limited(_text(node.get("inLanguage")), 16, "inLanguage"),
    )
