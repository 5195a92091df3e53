"""Every route of the URL map, attacked with hostile values, on SQLite and PostgreSQL.

For each endpoint (one test per endpoint and database), Hypothesis draws the role (anonymous,
checker, editor, admin), the method, every path argument, every query parameter the view reads
and every field of the endpoint's form, from hostile values (NUL, lone surrogates, invalid
UTF-8 percent-escapes, 10^30, -1, empty, very long, wrong types) mixed with plausible ones so
that requests also get past validation into the services. Every response must be:

- never a 500;
- a refusal (4xx) that changed nothing: the row count of every table and the sum of claim
  versions are the same before and after;
- a refused form that is shown again shows what was typed in its visible text fields.

``COVERAGE`` declares, for every endpoint, the query parameters its view reads and the form its
POST takes. A new route that is not declared fails ``test_every_route_is_covered``; a view
that reads a query parameter not declared fails its endpoint's fuzz test (query reads are
recorded while it runs).

Each endpoint gets a fixed sweep (every role with one hostile value in all fields, then in all
query parameters, then in each path argument; and each field alone with the others plausible)
and ``FUZZ_EXAMPLES`` Hypothesis examples (default 10; ``FUZZ_EXAMPLES=200`` for a deep run).
The runs are derandomised, so the suite is repeatable. ``pytest -s`` prints the request count.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote_plus, unquote_to_bytes

import pytest
from flask import Flask, Request, request
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from marshmallow import Schema
from sqlalchemy import func, select
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import AnyConverter, IntegerConverter
from werkzeug.utils import cached_property
from wtforms import PasswordField, StringField
from wtforms.widgets import HiddenInput

from factcheck.admin.forms import RatingForm, SettingsForm, UserCreateForm, UserEditForm
from factcheck.api import schemas as api_schemas
from factcheck.auth.forms import (
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
    TimeZoneForm,
    TokenForm,
)
from factcheck.desk.appearances import AppearanceForm
from factcheck.desk.article_forms import ArticleForm, NewClaimForm
from factcheck.desk.bulk_forms import BulkForm, SaveViewForm
from factcheck.desk.claim_forms import ButtonForm, EvidenceForm
from factcheck.desk.claims import STEPS
from factcheck.desk.preview import MarkdownPreviewForm
from factcheck.desk.suggestions import RejectSuggestionForm
from factcheck.extensions import db
from factcheck.factchecks.feeds import add_feed
from factcheck.factchecks.forms import FeedForm, ImportUrlForm
from factcheck.forms import EmptyForm
from factcheck.intake import api as intake_api
from factcheck.intake.forms import FetchUrlForm, InboxDismissForm, OutletEditForm, OutletForm
from factcheck.models import ApiToken, ArticleDraft, Claim, DraftState, Evidence, Notification
from factcheck.notifications.forms import PreferencesForm
from factcheck.operations import evidence as evidence_ops
from factcheck.operations.outlets import INBOX_NEW, add_outlet
from factcheck.operations.saved_views import save_view
from factcheck.validation.query import parse_int
from factcheck.webhooks.api import WebhookIn
from factcheck.webhooks.forms import EndpointForm
from factcheck.workflow import Role, State
from tests.api_helpers import make_token

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the desk is shared by the examples on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

FormFor = Callable[[dict[str, str]], type]


@dataclass(frozen=True)
class Route:
    """What an endpoint reads: query parameters, and (for POST) the form class for its path,
    or (for the JSON API) the schema of its JSON body."""

    query: tuple[str, ...] = ()
    form: FormFor | None = None
    json: type[Schema] | None = None


@dataclass(frozen=True)
class JsonField:
    """A member of a JSON body (the API's bodies are checked by the forms, server-side)."""

    name: str


def body(schema: type[Schema]) -> Route:
    """An API write: a JSON body of ``schema`` (every member is attacked)."""
    return Route((), None, schema)


def always(form: type) -> FormFor:
    """The same form whatever the path."""
    return lambda path: form


API_PAGE_QUERY = ("limit", "after")
QUEUE_QUERY = (
    "state", "assignee", "priority", "article", "tag", "overdue", "rotten", "q", "sort", "page",
    "after",
)
API_QUEUE_QUERY = (
    *(name for name in QUEUE_QUERY if name not in ("page", "after")), "limit", "after"
)
API_EXPORT_QUERY = (*(name for name in QUEUE_QUERY if name not in ("page", "after")), "bom")
AUDIT_QUERY = ("user", "kind", "since", "until", "page")

#: Every endpoint of the URL map (bar ``static``) and what its view reads.
COVERAGE: dict[str, Route] = {
    "auth.login": Route(("next",), always(LoginForm)),
    "auth.logout": Route((), always(EmptyForm)),
    "auth.account": Route((), always(ChangePasswordForm)),
    "auth.time_zone": Route((), always(TimeZoneForm)),
    "auth.language": Route((), always(LanguageForm)),
    "auth.reset": Route((), always(NewPasswordForm)),
    "desk.queue": Route(QUEUE_QUERY),
    "desk.desk_for_readers": Route(),
    "desk.bulk": Route(QUEUE_QUERY, always(BulkForm)),
    "desk.save_view": Route(QUEUE_QUERY, always(SaveViewForm)),
    "desk.saved_view": Route(),
    "desk.delete_view": Route((), always(EmptyForm)),
    "desk.dashboard": Route(),
    "desk.dashboard_csv": Route(),
    "desk.articles": Route(("page",)),
    "desk.article_new": Route((), always(ArticleForm)),
    "desk.article": Route(),
    "desk.reject_suggestion": Route((), always(RejectSuggestionForm)),
    "desk.restore_suggestion": Route((), always(RejectSuggestionForm)),
    "desk.suggestions_status": Route(),
    "desk.record_appearance_view": Route((), always(AppearanceForm)),
    "desk.remove_appearance_view": Route((), always(EmptyForm)),
    "desk.claim_new": Route(
        ("article_id", "start", "end", "statement", "claimant"), always(NewClaimForm)
    ),
    "desk.claim": Route(),
    "desk.verdict_desk_link": Route(),
    "desk.markdown_preview": Route((), always(MarkdownPreviewForm)),
    "desk.similar_hint": Route(("statement",)),
    "desk.claim_action": Route(
        (), lambda path: STEPS[path["step"]].form if path["step"] in STEPS else ButtonForm
    ),
    "desk.add_evidence": Route((), always(EvidenceForm)),
    "desk.edit_evidence": Route((), always(EvidenceForm)),
    "desk.delete_evidence": Route((), always(ButtonForm)),
    "desk.snapshot": Route(),
    "desk.archived_copy": Route(),
    "desk.archived_warc": Route(),
    "intake.fetch_url": Route((), always(FetchUrlForm)),
    "intake.draft": Route((), always(ArticleForm)),
    "intake.refetch": Route((), always(EmptyForm)),
    "intake.edit": Route((), always(ArticleForm)),
    "intake.delete": Route((), always(EmptyForm)),
    "intake.snapshot": Route(),
    "intake.outlets": Route((), always(OutletForm)),
    "intake.outlet": Route((), always(OutletEditForm)),
    "intake.poll_now": Route((), always(EmptyForm)),
    "intake.inbox": Route(("page",)),
    "intake.inbox_dismiss": Route(("page",), always(InboxDismissForm)),
    "intake.inbox_dismiss_one": Route((), always(EmptyForm)),
    "intake.inbox_open": Route((), always(EmptyForm)),
    "admin.users": Route((), always(UserCreateForm)),
    "admin.edit_user": Route((), always(UserEditForm)),
    "admin.reset_link": Route((), always(EmptyForm)),
    "admin.ratings": Route((), always(RatingForm)),
    "admin.edit_rating": Route((), always(RatingForm)),
    "admin.move": Route((), always(EmptyForm)),
    "admin.settings": Route((), always(SettingsForm)),
    "admin.audit": Route(AUDIT_QUERY),
    "admin.audit_csv": Route(AUDIT_QUERY),
    "admin.jobs": Route(("view",)),
    "admin.retry": Route((), always(EmptyForm)),
    "admin.suggestions": Route(),
    "admin.factchecks": Route((), always(FeedForm)),
    "admin.factchecks_import": Route((), always(ImportUrlForm)),
    "admin.refresh_feed": Route((), always(EmptyForm)),
    "admin.set_feed_enabled": Route((), always(EmptyForm)),
    "admin.remove_feed": Route((), always(EmptyForm)),
    "public.index": Route(("rating", "q", "page")),
    "public.home": Route(("rating", "q", "page")),
    "public.verdict": Route(),
    "public.share_image": Route(),
    "public.oembed": Route(("url", "format", "maxwidth", "maxheight")),
    "public.archived_source": Route(),
    "public.atom_feed": Route(),
    "public.claimreview_feed": Route(("page", "after")),
    "public.sitemap": Route(),
    "public.sitemap_file": Route(),
    "public.robots": Route(),
    "rating_styles.stylesheet": Route(),
    "auth.create_token": Route((), always(TokenForm)),
    "auth.revoke_own_token": Route((), always(EmptyForm)),
    "admin.tokens": Route(),
    "admin.revoke_any_token": Route((), always(EmptyForm)),
    "api_docs.docs": Route(),
    "api-docs.openapi_json": Route(),
    "api.claims": Route(API_QUEUE_QUERY),
    "api.claim": Route(),
    "api.create_claim": body(api_schemas.ClaimCreateIn),
    "api.update_claim": body(api_schemas.ClaimUpdateIn),
    "api.take": body(api_schemas.Strict),
    "api.release": body(api_schemas.Strict),
    "api.assign": body(api_schemas.AssignIn),
    "api.mark_sourced": body(api_schemas.NoteIn),
    "api.rate": body(api_schemas.RateIn),
    "api.send_back": body(api_schemas.NoteIn),
    "api.publish": body(api_schemas.NoteIn),
    "api.correct": body(api_schemas.CorrectIn),
    "api.dismiss": body(api_schemas.DismissIn),
    "api.reopen": body(api_schemas.NoteIn),
    "api.comments": body(api_schemas.CommentIn),
    "api.add_evidence": body(api_schemas.EvidenceIn),
    "api.articles": Route(API_PAGE_QUERY),
    "api.article": Route(),
    "api.create_article": body(api_schemas.ArticleIn),
    "api.verdicts": Route(API_PAGE_QUERY),
    "api.verdict": Route(),
    "api.events": Route(("after", "limit")),
    "api.claims_csv": Route(API_EXPORT_QUERY),
    "api.claims_jsonl": Route(API_EXPORT_QUERY),
    "api.webhooks": Route(),
    "api.create_webhook": body(WebhookIn),
    "api.delete_webhook": Route(),
    "api.webhook_deliveries": Route(API_PAGE_QUERY),
    "api.fetch_article_url": body(intake_api.FetchIn),
    "api.article_draft": Route(),
    "api.save_article_draft": body(intake_api.DraftSaveIn),
    "api.outlets": Route(),
    "api.create_outlet": body(intake_api.OutletIn),
    "api.poll_outlets": body(api_schemas.Strict),
    "api.inbox": Route(("limit", "offset")),
    "exports.queue_export": Route((*QUEUE_QUERY, "bom")),
    "exports.verdicts_export": Route(("bom",)),
    "webhooks.endpoints": Route((), always(EndpointForm)),
    "webhooks.endpoint": Route(),
    "webhooks.set_active": Route((), always(EmptyForm)),
    "webhooks.send_test": Route((), always(EmptyForm)),
    "webhooks.delete": Route((), always(EmptyForm)),
    "webhooks.redeliver": Route((), always(EmptyForm)),
    "notifications.index": Route(("page",)),
    "notifications.read": Route((), always(EmptyForm)),
    "notifications.open_claim": Route((), always(EmptyForm)),
    "notifications.read_all": Route((), always(EmptyForm)),
    "notifications.preferences": Route((), always(PreferencesForm)),
    "notifications.people": Route(("q",)),
}

# --- Hostile and plausible values, percent-encoded as they travel -----------------------------

HOSTILE = [
    "%00", "a%00b", "%ED%A0%80", "x%ED%B0%80y", "%FF", "%C0%AF", "%F4%90%80%80",
    "1" + "0" * 30, "-1", "", "0", "abc", "1.5", "1e3", "9" * 25, "2147483648",
    "9223372036854775808", "%EF%BC%91%EF%BC%92", "%C2%B2", "x" * 3000,
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "2026-13-45", "0000-00-00", "%0A", "%23123456%0A",
    "+", "%25", "%2F..%2F", "on", "None", "%E2%80%AE", "%F0%9F%98%80",
]
PATH_INTS = ["0", "-1", "1" + "0" * 30, "2147483648", "9223372036854775808", "abc", "%00",
             "%FF", "1%00", "%EF%BC%91"]


def encoded_text() -> st.SearchStrategy[str]:
    """Arbitrary text, lone surrogates included, percent-encoded as UTF-8 would carry them."""
    return st.text(st.characters(codec=None), max_size=40).map(
        lambda s: quote(s.encode("utf-8", "surrogatepass"), safe="")
    )


PLAUSIBLE = {
    "email": "someone%40newsroom.example", "password": "a-long-enough-passphrase-2026",
    "url": "https%3A%2F%2Fexample.org%2Fsource", "appearance_url": "https%3A%2F%2Fexample.org%2F",
    "organisation_url": "https%3A%2F%2Fnews.example.com%2F", "logo_url": "",
    "colour": "%23336699", "priority": "2", "kind": "other", "stance": "context",
    "role": "checker", "reason": "out_of_scope", "claim_date": "2026-03-01",
    "due_date": "2026-12-01", "source_date": "2026-01-02", "accessed_on": "2026-01-03",
    "published_on": "2026-01-01", "value": "50", "quote_start": "10", "quote_end": "40",
    "start": "0", "end": "30", "language": "en", "is_public": "y", "active": "y",
}


#: Methods that send a body.
WRITES = ("POST", "PATCH")
#: Plausible members of the API's JSON bodies where the form's text differs from JSON's.
JSON_PLAUSIBLE: dict[str, Any] = {
    "priority": "high", "tags": ["borders", "rail"], "is_public": True, "assignee": None,
    "rating": 1, "article_id": 1, "quote_start": 10, "quote_end": 40, "duplicate_of": None,
}


def json_value(name: str, encoded: str) -> Any:
    """A percent-encoded form value as a JSON member: digits become numbers (10^30 too), bytes
    that are not UTF-8 become lone surrogates (escaped as ``\\udcff`` by ``json.dumps``)."""
    if encoded == plausible_value(name) and name in JSON_PLAUSIBLE:
        return JSON_PLAUSIBLE[name]
    text = unquote_to_bytes(encoded.replace("+", " ")).decode("utf-8", "surrogateescape")
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    return text


def plausible_value(name: str) -> str:
    """A value a person could have typed into the field called ``name``."""
    if name == "version":
        return "VERSION"  # replaced by the claim's current version when sent
    return PLAUSIBLE.get(name, "Plain+words+typed+by+someone")


def value_for(name: str) -> st.SearchStrategy[str]:
    """A hostile value, arbitrary text, or a plausible one (so some requests succeed)."""
    plausible = st.just(plausible_value(name))
    return st.one_of(st.sampled_from(HOSTILE), encoded_text(), plausible, plausible)


# --- Recording which query parameters the views read ------------------------------------------

#: (endpoint, parameter) for every query parameter a view read during the run.
READ_ARGS: set[tuple[str | None, str]] = set()


class RecordingArgs(ImmutableMultiDict):  # type: ignore[type-arg]
    """The query string, remembering every key a view asks for, with the endpoint asking
    (a hostile path can route to another endpoint than the one under test)."""

    def _read(self, key: object) -> None:
        READ_ARGS.add((request.endpoint, str(key)))

    def __getitem__(self, key: Any) -> Any:
        self._read(key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:
        self._read(key)
        return super().get(key, default, type)

    def getlist(self, key: Any, type: Any = None) -> Any:
        self._read(key)
        return super().getlist(key, type)

    def __contains__(self, key: object) -> bool:
        self._read(key)
        return super().__contains__(key)


_plain_args = Request.args


class RecordingRequest(Request):
    """Flask's request whose ``args`` record what is read."""

    @cached_property
    def args(self) -> RecordingArgs:  # type: ignore[override]
        return RecordingArgs(_plain_args.fget(self))  # type: ignore[attr-defined]


# --- The desk the examples run against --------------------------------------------------------


@dataclass
class Desk:
    """Real rows for path ids, and a logged-in browser per role."""

    ids: dict[str, list[str]]
    clients: dict[str, FlaskClient]
    tokens: dict[str, str]
    api_tokens: dict[str, str | None]


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _token(client: FlaskClient, url: str) -> str:
    match = CSRF_RE.search(client.get(url).get_data(as_text=True))
    assert match, url
    return match.group(1)


@pytest.fixture
def fuzz_desk(app: Flask, desk, session, as_user) -> Iterator[Desk]:  # type: ignore[no-untyped-def]
    """Claims in every state, evidence with a snapshot, ratings, and four browsers."""
    editor = desk.user(Role.EDITOR)
    checker = desk.user(Role.CHECKER)
    admin = desk.user(Role.ADMIN)
    article = desk.article()
    claims = [desk.claim(state, article=article if state == State.SOURCED else None)
              for state in State]
    claims.append(desk.claim(State.UNVERIFIED, assignee=checker))
    upload = evidence_ops.Upload("page.html", "text/html", b"<!doctype html><p>saved page</p>")
    snapshot = evidence_ops.make_snapshot(upload, ["text/html"], 1_000_000)
    evidence_ops.add_evidence(
        session, editor, claims[0], evidence_ops.EvidenceDetails(title="Saved"), snapshot
    )
    waiting = desk.article(body="Officials said 40 trains were held at the border.")
    waiting.inbox = INBOX_NEW
    outlet = add_outlet(session, editor, "https://news.example/feed.rss", "Example News")
    feed = add_feed(session, editor, "https://checker.example/claimreview.json", "Example Check")
    draft = ArticleDraft(url="https://news.example/a", state=DraftState.READY, outlet="Example",
                         title="Fetched", body="Fetched text: 1,500 wagons.", requested_by=editor)
    session.add(draft)
    views = [save_view(session, editor, "Shared triage", {"assignee": "triage"}, shared=True),
             save_view(session, checker, "Mine, urgent", {"assignee": "mine",
                                                          "priority": "urgent"})]
    session.flush()
    ids = {
        "claim_id": [str(c.id) for c in claims],
        "article_id": [str(article.id), str(waiting.id)],
        "draft_id": [str(draft.id)],
        "outlet_id": [str(outlet.id)],
        "feed_id": [str(feed.id)],
        "evidence_id": [str(i) for i in session.scalars(select(Evidence.id))],
        "user_id": [str(u.id) for u in (editor, checker, admin)],
        "rating_id": [str(desk.rating("False").id), str(desk.rating("True").id)],
        "number": ["1", "2"],
        "slug": [c.slug for c in claims if c.state == State.PUBLISHED],
        "notification_id": [str(i) for i in session.scalars(select(Notification.id))],
        "view_id": [str(v.id) for v in views],
    }
    api_tokens: dict[str, str | None] = {
        "checker": make_token(session, checker), "editor": make_token(session, editor),
        "admin": make_token(session, admin), "anonymous": None,
    }
    ids["token_id"] = [str(i) for i in session.scalars(select(ApiToken.id))]
    app.config["API_RATE_LIMIT"] = "1000000 per minute"
    clients = {"checker": as_user(checker), "editor": as_user(editor), "admin": as_user(admin)}
    clients["anonymous"] = app.test_client()
    tokens = {role: _token(c, "/login" if role == "anonymous" else "/desk")
              for role, c in clients.items()}
    original = app.request_class
    app.request_class = RecordingRequest
    READ_ARGS.clear()
    try:
        yield Desk(ids, clients, tokens, api_tokens)
    finally:
        app.request_class = original


def table_snapshot() -> tuple[Any, ...]:
    """Row counts of every table and the sum of claim versions: what a refusal must not move."""
    counts = [
        select(func.count()).select_from(table).scalar_subquery()
        for table in db.metadata.sorted_tables
    ]
    versions = select(func.coalesce(func.sum(Claim.version), 0)).scalar_subquery()
    return tuple(db.session.execute(select(*counts, versions)).one())


def current_version(path: dict[str, str]) -> str:
    """The version a freshly opened page would carry for the claim behind ``path``."""
    claim_id = parse_int(path.get("claim_id"))
    if claim_id is not None:
        claim = db.session.get(Claim, claim_id)
        return str(claim.version) if claim else "1"
    evidence_id = parse_int(path.get("evidence_id"))
    if evidence_id is not None:
        evidence = db.session.get(Evidence, evidence_id)
        return str(evidence.claim.version) if evidence else "1"
    return "1"


def form_fields(form_class: type) -> list[Any]:
    """The fields of ``form_class`` (bar the CSRF token), instantiated to read their kinds."""
    form = form_class(formdata=None)
    return [f for f in form if f.name != "csrf_token"]


def visible_text(field: Any) -> bool:
    """A field whose typed value the page should show again."""
    return (
        isinstance(field, StringField)
        and not isinstance(field, PasswordField)
        and not isinstance(field.widget, HiddenInput)
    )


def typed(encoded: str) -> str:
    """What a person typed, as the server decodes the form value."""
    return unquote_plus(encoded, encoding="utf-8", errors="replace")


def check_echo(
    body: str, fields: list[Any], sent: dict[str, str], path: dict[str, str]
) -> None:
    """Each visible text field shown on the page shows the text that was sent for it.

    The claim page holds several forms with a ``note``; their ids are scoped by the action
    (``publish-note``), evidence fields by ``evidence-``, so the submitted form is found by id.
    """
    for field in fields:
        if field.name not in sent or not visible_text(field):
            continue
        ids = {field.name, f"evidence-{field.name}", f"{path.get('step')}-{field.name}"}
        if not any(f'id="{id_}"' in body for id_ in ids):
            continue  # this page does not show that form (e.g. an action not offered)
        value = typed(sent[field.name])
        if not value or value != value.strip() or len(value) > 300:
            continue
        if "\x00" in value or "\ufffd" in value or "\r" in value:
            continue
        assert str(escape(value)) in body, f"{field.name}: {value!r} not shown back"


def rule_for(app: Flask, endpoint: str) -> Any:
    """The URL rule of ``endpoint``."""
    return next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)


@st.composite
def path_values(draw: Any, rule: Any, desk: Desk) -> dict[str, str]:
    """A value for every argument of ``rule``: a real id or item, or a hostile one."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            options = sorted(converter.items) + ["nope"]
        elif isinstance(converter, IntegerConverter):
            options = desk.ids.get(name, ["1"]) * 3 + PATH_INTS
        else:
            options = desk.ids.get(name, ["x"]) * 3 + HOSTILE[:12]
        values[name] = draw(st.sampled_from(options))
    return values


def build_path(rule: Any, values: dict[str, str]) -> str:
    """The rule's path with the (already percent-encoded) values in place."""
    path = rule.rule
    for name, value in values.items():
        path = re.sub(r"<[^>]*\b" + name + ">", value, path)
    return path


#: Values every field, query parameter and path id of every endpoint gets in the sweep.
SWEEP = ["%00", "%ED%A0%80", "%FF", "1" + "0" * 30, "y" * 60_000]
#: Values put in one field at a time, the others plausible, so each reaches its own checks.
FIELD_BY_FIELD = ["a%00b", "1" + "0" * 30, "y" * 60_000]
#: Requests sent, per database kind, for the closing note (printed with ``-s``).
SENT: dict[str, int] = {}


@dataclass
class Attack:
    """One endpoint under attack: sends a request and checks the answer."""

    app: Flask
    desk: Desk
    endpoint: str

    @property
    def rule(self) -> Any:
        return rule_for(self.app, self.endpoint)

    @property
    def methods(self) -> list[str]:
        return sorted(self.rule.methods - {"HEAD", "OPTIONS"})

    def fields(self, method: str, path: dict[str, str]) -> list[Any]:
        route = COVERAGE[self.endpoint]
        if route.json is not None:
            return [JsonField(name) for name in route.json().fields] if method in WRITES else []
        return form_fields(route.form(path)) if method == "POST" and route.form else []

    @property
    def write_method(self) -> str | None:
        """The method that sends a body (POST, or PATCH for the API's updates)."""
        return next((m for m in self.methods if m in WRITES), None)

    def api_request(self, role: str, method: str, path: dict[str, str],
                    sent: dict[str, str]) -> dict[str, Any]:
        """The token, the claim's current ETag and the JSON body of an API request."""
        token = self.desk.api_tokens[role]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        claim_id = parse_int(path.get("claim_id"))
        claim = db.session.get(Claim, claim_id) if claim_id is not None else None
        if claim is not None and method in WRITES:
            headers["If-Match"] = f'"claim-{claim.id}-v{claim.version}"'
        if method not in WRITES:
            return {"headers": headers}
        payload = {name: json_value(name, value) for name, value in sent.items()}
        return {"headers": headers, "data": json.dumps(payload).encode(),
                "content_type": "application/json"}

    def send(
        self, role: str, method: str, path: dict[str, str], query: dict[str, str],
        sent: dict[str, str], fields: list[Any],
    ) -> None:
        """Send the request as ``role``; no 500, a refusal writes nothing, a refused form
        shows what was typed."""
        if sent.get("version") == "VERSION":
            sent = {**sent, "version": current_version(path)}
        raw_path = build_path(self.rule, path)
        query_string = "&".join(f"{k}={v}" for k, v in query.items())
        body = "&".join(
            [f"csrf_token={self.desk.tokens[role]}", *(f"{k}={v}" for k, v in sent.items())]
        )
        if self.endpoint.startswith("api."):
            request_kwargs = self.api_request(role, method, path, sent)
            body = request_kwargs.get("data", b"").decode()
        else:
            request_kwargs = {
                "data": body.encode("ascii") if method == "POST" else None,
                "content_type": "application/x-www-form-urlencoded" if method == "POST" else None,
                "headers": {"Referer": "https://desk.test/"},
            }
        before = table_snapshot()
        response = self.desk.clients[role].open(
            "/",
            method=method,
            **request_kwargs,
            environ_overrides={
                "PATH_INFO": unquote_to_bytes(raw_path).decode("latin-1"),
                "QUERY_STRING": query_string,
            },
        )
        kind = db.engine.dialect.name
        SENT[kind] = SENT.get(kind, 0) + 1
        status = response.status_code
        if os.environ.get("FUZZ_DEBUG"):  # `FUZZ_DEBUG=1 pytest -s`: what each request got
            print("FUZZ", role, method, self.endpoint, status)
        where = (role, method, raw_path[:200], query_string[:200], body[:300])
        assert status < 500, where
        if status >= 400:
            db.session.rollback()
            assert table_snapshot() == before, ("a refusal wrote rows", where)
        if method == "POST" and status in (400, 401, 409, 413, 422) and (
            response.mimetype == "text/html"
        ):
            check_echo(response.get_data(as_text=True), fields, sent, path)

    def sweep(self) -> None:
        """One hostile value at a time: in every form field at once, as every role (the
        version kept current, so the other fields reach the services); in every query
        parameter at once; and in each path argument."""
        real = {name: (self.desk.ids.get(name) or sorted(getattr(c, "items", ["1"])))[0]
                for name, c in self.rule._converters.items()}
        query_names = COVERAGE[self.endpoint].query
        for value in SWEEP:
            for role in sorted(self.desk.clients):
                for method in self.methods:
                    fields = self.fields(method, real)
                    if fields:
                        sent = {f.name: value for f in fields}
                        if "version" in sent:
                            sent["version"] = "VERSION"
                        self.send(role, method, real, {}, sent, fields)
                    if query_names and role in ("anonymous", "admin"):
                        query = {name: value for name in query_names}
                        self.send(role, method, real, query, {}, fields)
            for name in real:
                self.send("admin", self.methods[0], {**real, name: value}, {}, {}, [])
        write = self.write_method
        for value in FIELD_BY_FIELD:
            fields = self.fields(write, real) if write else []
            plausible = {f.name: plausible_value(f.name) for f in fields}
            for field in fields:
                self.send("admin", write or "POST", real, {}, {**plausible, field.name: value},
                          fields)


@pytest.mark.parametrize("endpoint", sorted(COVERAGE))
def test_route_survives_hostile_input(app: Flask, fuzz_desk: Desk, endpoint: str) -> None:
    attack = Attack(app, fuzz_desk, endpoint)
    route = COVERAGE[endpoint]

    @settings(settings.get_profile("fuzz"))
    @given(data=st.data())
    def explore(data: Any) -> None:
        role = data.draw(st.sampled_from(sorted(fuzz_desk.clients)), label="role")
        method = data.draw(st.sampled_from(attack.methods), label="method")
        path = data.draw(path_values(attack.rule, fuzz_desk), label="path")
        query = {name: data.draw(value_for(name), label=name)
                 for name in route.query if data.draw(st.booleans())}
        fields = attack.fields(method, path)
        sent = {f.name: data.draw(value_for(f.name), label=f.name)
                for f in fields if data.draw(st.booleans(), label=f"send {f.name}")}
        attack.send(role, method, path, query, sent, fields)

    with app.test_request_context():
        attack.sweep()
        explore()
    print(f"fuzz requests so far: {SENT}")
    read = {name for where, name in READ_ARGS if where == endpoint}
    undeclared = read - set(route.query)
    assert not undeclared, f"{endpoint} reads query parameters {undeclared} not in COVERAGE"


def test_every_route_is_covered(app: Flask) -> None:
    """A new route must be added to ``COVERAGE`` (with its query parameters and form)."""
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint != "static"}
    assert endpoints == set(COVERAGE), (
        f"not covered: {sorted(endpoints - set(COVERAGE))}; "
        f"no longer routes: {sorted(set(COVERAGE) - endpoints)}"
    )
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods or "PATCH" in rule.methods:
            route = COVERAGE[rule.endpoint]
            assert route.form is not None or route.json is not None, (
                f"{rule.endpoint} takes a form or a JSON body"
            )
