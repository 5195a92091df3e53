"""The verdict page passes a performance audit: no render-blocking resource from another site,
CSS ≤ 20 kB, every image with its width and height, everything it loads ≤ 100 kB."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from factcheck.operations.desk import update_settings
from factcheck.operations.events import desk_settings
from factcheck.workflow import Role, State

CSS_LIMIT = 20_000
TOTAL_LIMIT = 100_000


class Resources(HTMLParser):
    """The stylesheets, scripts and images a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.blocking_scripts: list[str] = []
        self.scripts: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.icons: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        rel = (found.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel:
            self.stylesheets.append(found["href"] or "")
        elif tag == "link" and "icon" in rel:
            self.icons.append(found["href"] or "")
        elif tag == "script" and found.get("src"):
            self.scripts.append(found["src"] or "")
            if "defer" not in found and "async" not in found:
                self.blocking_scripts.append(found["src"] or "")
        elif tag == "img":
            self.images.append(found)


def _size(client, url: str) -> int:  # type: ignore[no-untyped-def]
    """Bytes of one of the page's own resources (the response closed, as a browser would)."""
    response = client.get(urlsplit(url).path)
    try:
        assert response.status_code == 200, url
        return len(response.get_data())
    finally:
        response.close()


def _is_third_party(url: str) -> bool:
    return bool(urlsplit(url).netloc) and urlsplit(url).netloc != "desk.test"


def test_the_verdict_page_passes_the_performance_audit(client, desk, session):
    admin = desk.user(Role.ADMIN)
    settings = desk_settings(session)
    update_settings(session, admin, organisation_name=settings.organisation_name,
                    organisation_url=settings.organisation_url,
                    logo_url="https://cdn.newsroom.test/logo.png", two_person_rule=True,
                    methodology="We check.")
    claim = desk.claim(State.PUBLISHED, statement="Wagons were detained")
    session.commit()

    page = client.get(f"/verdicts/{claim.slug}")
    html = page.get_data()
    found = Resources()
    found.feed(html.decode())

    render_blocking = found.stylesheets + found.blocking_scripts
    assert not [url for url in render_blocking if _is_third_party(url)]
    css = sum(_size(client, url) for url in found.stylesheets)
    assert css <= CSS_LIMIT, css
    assert found.images, "the logo is shown"
    for image in found.images:
        assert image.get("width") and image.get("height"), image
    own = [url for url in found.stylesheets + found.scripts + found.icons
           + [str(i["src"]) for i in found.images] if not _is_third_party(url)]
    total = len(html) + sum(_size(client, url) for url in own)
    assert total <= TOTAL_LIMIT, total
