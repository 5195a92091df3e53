"""The database models; importing this module registers every table on the metadata."""

from factcheck.models.appearances import ClaimAppearance
from factcheck.models.articles import Article
from factcheck.models.audit import DeskEvent
from factcheck.models.base import Base, utcnow
from factcheck.models.claims import (
    Claim,
    ClaimStateCount,
    Comment,
    Event,
    Tag,
    VerdictRevision,
    claim_tags,
)
from factcheck.models.evidence import (
    ROTTEN,
    CaptureState,
    Evidence,
    EvidenceKind,
    LinkState,
    Snapshot,
    Stance,
)
from factcheck.models.factcheck_feeds import FactCheckFeed, FactCheckImport
from factcheck.models.factchecks import ClaimVector, FactCheck
from factcheck.models.intake import ArticleDraft, DraftState, ItemState, Outlet, OutletItem
from factcheck.models.jobs import Job, JobState
from factcheck.models.mail import MailMessage
from factcheck.models.notifications import (
    Delivery,
    MailState,
    Notification,
    NotificationDigest,
    NotificationKind,
    NotificationPreference,
)
from factcheck.models.ratings import DeskSettings, Rating
from factcheck.models.suggestions import RejectedSuggestion, SuggestionModel
from factcheck.models.tokens import ApiToken, TokenScope
from factcheck.models.users import PasswordReset, User
from factcheck.models.views import SavedView
from factcheck.models.webhooks import (
    DeliveryState,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

__all__ = [
    "ApiToken",
    "Article",
    "CaptureState",
    "ClaimAppearance",
    "LinkState",
    "ROTTEN",
    "ArticleDraft",
    "DraftState",
    "ItemState",
    "Outlet",
    "OutletItem",
    "Base",
    "Claim",
    "ClaimStateCount",
    "ClaimVector",
    "Comment",
    "DeliveryState",
    "DeskEvent",
    "Delivery",
    "DeskSettings",
    "Event",
    "Evidence",
    "FactCheck",
    "FactCheckFeed",
    "FactCheckImport",
    "EvidenceKind",
    "Job",
    "JobState",
    "MailMessage",
    "MailState",
    "Notification",
    "NotificationDigest",
    "NotificationKind",
    "NotificationPreference",
    "PasswordReset",
    "Rating",
    "SavedView",
    "RejectedSuggestion",
    "Snapshot",
    "Stance",
    "SuggestionModel",
    "Tag",
    "TokenScope",
    "User",
    "VerdictRevision",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "claim_tags",
    "utcnow",
]
