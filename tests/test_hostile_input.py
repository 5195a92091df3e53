"""Malformed input gets a 4xx in words and changes nothing, on SQLite and PostgreSQL.

The examples the issue names (64-bit overflow in paths, query strings and hidden ids; NUL in
text and in the login e-mail; a rating colour longer than its column; a missing version) each
have a test here; the fuzz test in ``test_fuzz_routes.py`` covers the rest of the URL map.
"""

from __future__ import annotations

import html as html_lib
import inspect
from urllib.parse import unquote_to_bytes

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from factcheck.models import Claim, Evidence, Rating, User
from factcheck.operations import claims as claim_ops
from factcheck.operations.errors import MissingVersion
from factcheck.validation.forms import DeskForm
from factcheck.validation.limits import ARTICLE_TEXT_MAX
from factcheck.validation.query import parse_int
from factcheck.workflow import Role, State

HUGE = str(10**30)


def text(response) -> str:  # type: ignore[no-untyped-def]
    """What a person reads on the page."""
    return html_lib.unescape(response.get_data(as_text=True))


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def editor_client(desk, as_user):  # type: ignore[no-untyped-def]
    return as_user(desk.user(Role.ADMIN))


@pytest.mark.parametrize(
    "path",
    [
        f"/claims/{HUGE}",
        f"/articles/{HUGE}",
        f"/evidence/{HUGE}/edit",
        f"/evidence/{HUGE}/snapshot",
        f"/admin/users/{HUGE}",
        f"/admin/ratings/{HUGE}",
        f"/sitemaps/{HUGE}.xml",
        "/claims/-1",
        f"/claims/{2**63}",
        f"/claims/{2**31}",
    ],
)
def test_ids_beyond_the_id_column_or_negative_are_not_found(editor_client, path):
    response = editor_client.get(path)
    assert response.status_code == 404
    assert "There is nothing at this address." in text(response) or "not found" in text(
        response
    ).lower()


def test_largest_integer_id_is_looked_up_and_not_found(editor_client):
    assert editor_client.get(f"/claims/{2**31 - 1}").status_code == 404


def test_posting_to_a_huge_id_is_not_found(desk, session, editor_client, submit):
    response = submit(editor_client, "/desk", {"version": "1"}, post_url=f"/claims/{HUGE}/take")
    assert response.status_code == 404


@pytest.mark.parametrize("page", [HUGE, "-1", "0", "abc", "²", "", "1e3", "9" * 5000])
@pytest.mark.parametrize("path", ["/", "/desk", "/articles/", "/verdicts/"])
def test_senseless_page_numbers_show_the_first_page(desk, editor_client, path, page):
    desk.claim(State.PUBLISHED)
    response = editor_client.get(path, query_string={"page": page})
    assert response.status_code == 200


def test_queue_reports_senseless_filters_instead_of_failing(editor_client):
    response = editor_client.get(
        "/desk", query_string={"page": HUGE, "article": HUGE, "assignee": HUGE}
    )
    assert response.status_code == 200
    page = text(response)
    assert f"There is no page “{HUGE}”; showing the first page." in page
    assert f"“{HUGE}” is not an article number; showing every article." in page
    assert f"“{HUGE}” is not a desk member; showing every assignee." in page


def test_feed_page_beyond_64_bits_redirects_to_the_first_page(client):
    response = client.get("/verdicts/claimreview.json", query_string={"page": HUGE})
    assert response.status_code == 302


def test_feed_cursor_with_a_huge_claim_id_is_refused_in_words(client):
    import base64

    token = base64.urlsafe_b64encode(f"1.{HUGE}".encode()).decode().rstrip("=")
    response = client.get("/verdicts/claimreview.json", query_string={"after": token})
    assert response.status_code == 400
    assert "This feed page link is not valid" in text(response)


@pytest.mark.parametrize(
    "url",
    [
        "/verdicts/%00",
        "/verdicts/?q=%00",
        "/verdicts/?rating=a%00b",
        "/verdicts/%ff",
        "/verdicts/?q=%ff",
        "/verdicts/?q=%ed%a0%80",  # a UTF-16 surrogate encoded as UTF-8: not valid UTF-8
        "/login?next=%00",
    ],
)
def test_nul_and_invalid_utf8_in_address_or_query_are_refused(client, url):
    path, _, query = url.partition("?")
    # A real server (gunicorn, Werkzeug's) hands the undecoded path bytes over as Latin-1;
    # the test client would already have replaced invalid UTF-8, so do what the server does.
    raw_path = unquote_to_bytes(path).decode("latin-1")
    response = client.get(url, environ_overrides={"PATH_INFO": raw_path, "QUERY_STRING": query})
    assert response.status_code == 400
    assert "of this page" in text(response)


def test_nul_in_a_logged_in_path_or_query_is_refused(editor_client):
    assert editor_client.get("/desk?q=%00").status_code == 400
    assert editor_client.get("/claims/new?statement=a%00").status_code == 400


def test_login_email_with_nul_is_refused_and_kept(client, submit):
    response = submit(client, "/login", {"email": "ed\x00itor@demo.desk", "password": "x"})
    assert response.status_code == 422
    assert "contains a NUL byte" in text(response)


def test_rating_colour_longer_than_its_column_is_refused(session, editor_client, submit):
    before = count(session, Rating)
    response = submit(
        editor_client,
        "/admin/ratings",
        {"label": "Wobbly", "colour": "#1a7f37\n", "description": "", "active": "y"},
    )
    assert response.status_code == 422
    assert "Choose a colour like #1a7f37." in text(response)
    assert 'value="Wobbly"' in response.get_data(as_text=True)
    assert count(session, Rating) == before


def refused_evidence(client, submit, claim, **fields):  # type: ignore[no-untyped-def]
    """Post the evidence form of ``claim`` with ``fields`` beside a title; expect a 422."""
    response = submit(
        client,
        f"/claims/{claim.id}",
        {"version": str(claim.version), "title": "A source", "kind": "other",
         "stance": "context", **fields},
        post_url=f"/claims/{claim.id}/evidence",
    )
    assert response.status_code == 422
    return response


def test_text_longer_than_its_column_is_refused_with_the_limit(
    desk, session, editor_client, submit
):
    claim = desk.claim()
    before = count(session, Evidence)
    response = refused_evidence(editor_client, submit, claim, publisher="P" * 201)
    assert "200 characters" in text(response)
    assert "P" * 201 in text(response)
    assert count(session, Evidence) == before


def test_nul_in_any_text_field_is_refused_beside_the_field_and_kept(
    desk, session, editor_client, submit
):
    claim = desk.claim()
    before = count(session, Evidence)
    response = refused_evidence(editor_client, submit, claim, excerpt="half\x00way")
    page = text(response)
    assert "contains a NUL byte (character 0), which cannot be stored; please remove it." in page
    assert 'value="A source"' in page
    assert count(session, Evidence) == before


def test_article_text_has_a_documented_maximum(session, editor_client, submit):
    before = session.scalar(select(func.count(Claim.id)))
    response = submit(
        editor_client,
        "/articles/new",
        {"outlet": "Daily", "title": "Too long", "body": "x" * (ARTICLE_TEXT_MAX + 1)},
    )
    assert response.status_code == 422
    assert f"it can be at most {ARTICLE_TEXT_MAX:,}" in text(response)
    assert 'value="Too long"' in response.get_data(as_text=True)
    assert session.scalar(select(func.count(Claim.id))) == before


def test_hidden_ids_beyond_the_column_are_refused(desk, session, editor_client, submit):
    article = desk.article()
    response = submit(
        editor_client,
        f"/articles/{article.id}",
        {"start": HUGE, "end": HUGE},
        post_url=f"/articles/{article.id}/suggestions/reject",
    )
    assert response.status_code == 400
    claim = desk.claim()
    response = submit(
        editor_client,
        f"/claims/{claim.id}",
        {"version": str(claim.version), "reason": "duplicate", "duplicate_of": HUGE},
        post_url=f"/claims/{claim.id}/dismiss",
    )
    assert response.status_code == 422
    assert "This number is far too large." in text(response)
    response = submit(
        editor_client, "/claims/new", {"statement": "A claim", "article_id": HUGE,
                                       "priority": "2"},
    )
    assert response.status_code in (400, 422)
    session.expire_all()
    assert session.get(Claim, claim.id).state == State.UNVERIFIED


@pytest.mark.parametrize("version", [None, "", "abc", HUGE, "1.5"])
def test_missing_or_non_numeric_version_is_refused_never_skipping_the_check(
    desk, session, as_user, submit, version
):
    checker = desk.user(Role.CHECKER)
    claim = desk.claim()
    client = as_user(checker)
    data = {} if version is None else {"version": version}
    response = submit(client, f"/claims/{claim.id}", data, post_url=f"/claims/{claim.id}/take")
    assert response.status_code == 400
    assert "reload the page and try again" in text(response)
    session.expire_all()
    assert session.get(Claim, claim.id).assignee_id is None


def test_operations_refuse_a_change_without_a_version(desk, session):
    claim = desk.claim()
    checker = desk.user(Role.CHECKER)
    with pytest.raises(MissingVersion):
        claim_ops.take(session, checker, claim, None)  # type: ignore[arg-type]


def test_parse_int_accepts_only_ascii_digits_in_range():
    assert parse_int("42") == 42
    assert parse_int(" 7 ") == 7
    for junk in ("²", "١٢", "-1", "1e3", "", None, HUGE, "0x10", "9" * 5000):
        assert parse_int(junk, minimum=1) is None, junk


def _form_classes() -> list[type]:
    import factcheck.admin.views  # noqa: F401  (import every module that defines forms)
    import factcheck.auth.views  # noqa: F401
    import factcheck.desk.views  # noqa: F401

    found: list[type] = []
    pending = list(FlaskForm.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return [c for c in found if c.__module__.startswith("factcheck")]


def test_every_form_of_the_desk_checks_its_fields_against_storage():
    classes = _form_classes()
    assert len(classes) > 10
    for cls in classes:
        assert issubclass(cls, DeskForm), f"{cls.__module__}.{cls.__name__} skips DeskForm"


def test_form_maximums_never_exceed_their_columns(app):
    from factcheck.validation.forms import column_length, declared_max_length

    with app.test_request_context():
        for cls in _form_classes():
            if inspect.isabstract(cls) or cls.columns_of is None:  # type: ignore[attr-defined]
                continue
            form = cls(formdata=None)
            for field in form:
                column = column_length(cls.columns_of, field.name)  # type: ignore[attr-defined]
                declared = declared_max_length(field)
                if column is not None and declared is not None:
                    assert declared <= column, f"{cls.__name__}.{field.name}"


def test_users_are_untouched_by_a_refused_login(session, client, submit):
    before = count(session, User)
    submit(client, "/login", {"email": "\x00", "password": "\x00"})
    assert count(session, User) == before
