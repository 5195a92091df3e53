"""How the demo desk reaches other systems and how its people keep their queues: a webhook
endpoint with a delivery it could not make, API tokens, and saved views (personal and shared).

The endpoint's address is on ``demo.example``, a name no DNS answers, so it is written as the
admin's form would leave it after its address check and then paused: no event of the demo,
nor of anyone using the desk later, is ever queued for it. Its one delivery records what
sending to that address gives (the server cannot be found). The tokens' secrets are not
kept anywhere: they only show up in the token lists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from factcheck.models import (
    DeliveryState,
    Event,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    utcnow,
)
from factcheck.models.tokens import TokenScope
from factcheck.operations.audit import record_desk_event
from factcheck.operations.saved_views import save_view
from factcheck.operations.session import DbSession
from factcheck.operations.tokens import issue_token, revoke_token
from factcheck.webhooks.events import payload
from factcheck.webhooks.operations import check_events, set_active
from factcheck.webhooks.signing import new_secret
from factcheck.workflow import Action

CMS_HOOK = "https://cms.demo.example/hooks/fact-checks"


@dataclass
class DemoIntegrations:
    """Adds the webhook endpoint, the tokens and the saved views."""

    session: DbSession
    admin: User
    editor: User
    checker: User

    def build(self) -> None:
        """Everything, after the claims' stories (the delivery carries one of their events)."""
        self.webhook()
        self.tokens()
        self.saved_views()

    def webhook(self) -> None:
        """The newsroom CMS's endpoint for published and corrected verdicts: paused, with the
        publication it could not receive."""
        endpoint = WebhookEndpoint(
            url=CMS_HOOK, events=check_events(["verdict.published", "verdict.corrected"]),
            secret=new_secret(), description="Newsroom CMS: updates the story pages (demo)",
            created_by=self.admin, created_at=utcnow(), active=True, failures_in_a_row=0,
        )
        self.session.add(endpoint)
        self.session.flush()
        record_desk_event(self.session, self.admin, "webhook.created", note=CMS_HOOK,
                          payload={"endpoint_id": endpoint.id, "events": endpoint.events})
        published = self.session.scalars(
            select(Event).where(Event.kind == Action.PUBLISH).order_by(Event.id)
        ).first()
        if published is not None:
            self.failed_delivery(endpoint, published)
        set_active(self.session, self.admin, endpoint, False)

    def failed_delivery(self, endpoint: WebhookEndpoint, event: Event) -> None:
        """A delivery of ``event`` whose one attempt found no server at the address."""
        now = utcnow()
        delivery = WebhookDelivery(
            endpoint=endpoint, event_type="verdict.published",
            message_id=f"msg_demo{event.id:028d}",
            body=json.dumps(payload(event, "verdict.published"), ensure_ascii=False),
            state=DeliveryState.FAILED, attempts=1, created_at=now,
        )
        delivery.attempt_log.append(WebhookAttempt(
            attempted_at=now + timedelta(seconds=1), duration_ms=12, status_code=None,
            error="Could not find the server cms.demo.example.",
        ))
        self.session.add(delivery)
        self.session.flush()

    def tokens(self) -> None:
        """The CMS's token (read and write), a checker's read-only one for a spreadsheet,
        and an old token its owner revoked."""
        issue_token(self.session, self.editor, name="Newsroom CMS (demo)",
                    scope=TokenScope.READ_WRITE, days=180, actor=self.editor)
        issue_token(self.session, self.checker, name="Weekly spreadsheet",
                    scope=TokenScope.READ, days=30, actor=self.checker)
        old = issue_token(self.session, self.editor, name="Old CMS integration",
                          scope=TokenScope.READ, days=90, actor=self.editor)
        revoke_token(self.session, self.editor, old.token)

    def saved_views(self) -> None:
        """A checker's own view, an editor's own and one the editor shares with the desk."""
        save_view(self.session, self.checker, "My overdue claims",
                  {"assignee": "mine", "overdue": "1"})
        save_view(self.session, self.editor, "Published, newest first",
                  {"state": "published", "assignee": "any", "sort": "newest"})
        save_view(self.session, self.editor, "High priority, by due date",
                  {"priority": "high", "assignee": "any", "sort": "due"}, shared=True)

