"""The README's API example, done as a person would: make a token on the account page, list
claims with it over real HTTP; and the API docs page renders under the desk's CSP."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from factcheck.demo.loader import DEMO_USERS
from tests.browser.conftest import log_in
from tests.browser.test_csp_browser import Watch, visit, watch  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

CHECKER = next(u for u in DEMO_USERS if u.role == "checker")


def test_token_from_the_account_page_lists_claims(page: Page, live_server: str) -> None:
    log_in(page, live_server, CHECKER.email, CHECKER.password)
    page.goto(f"{live_server}/account")
    page.get_by_label("Name").fill("curl on my laptop")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text().strip()
    assert token.startswith("fcd_")

    request = urllib.request.Request(  # noqa: S310 (our own local server)
        f"{live_server}/api/v1/claims?assignee=mine&limit=5",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200
        listed = json.load(response)
    assert listed["items"], "the demo checker has claims assigned"
    assert {c["assignee"]["name"] for c in listed["items"]} == {CHECKER.name}

    page.reload()  # the result page came by a redirect: reloading it makes no second token
    expect(page.locator("#new-token")).to_have_count(0)  # shown once
    expect(page.locator("tr", has_text="curl on my laptop")).to_have_count(1)
    page.get_by_role("button", name="Revoke curl on my laptop").click()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 401
    assert refused.value.headers["Content-Type"] == "application/problem+json"
    refused.value.close()


def test_docs_page_renders_the_openapi_document_under_the_policy(
    page: Page, watch: Watch, live_server: str  # noqa: F811
) -> None:
    visit(page, watch, f"{live_server}/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Fact-check desk API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/claims/{claim_id}/publish")
           ).to_be_visible()
    watch.check()
