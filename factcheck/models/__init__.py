"""The database models; importing this module registers every table on the metadata."""

from factcheck.models.articles import Article
from factcheck.models.audit import DeskEvent
from factcheck.models.base import Base, utcnow
from factcheck.models.claims import Claim, Comment, Event, Tag, VerdictRevision, claim_tags
from factcheck.models.evidence import Evidence, EvidenceKind, Snapshot, Stance
from factcheck.models.factchecks import ClaimVector, FactCheck
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

__all__ = [
    "ApiToken",
    "Article",
    "Base",
    "Claim",
    "ClaimVector",
    "Comment",
    "DeskEvent",
    "Delivery",
    "DeskSettings",
    "Event",
    "Evidence",
    "FactCheck",
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
    "RejectedSuggestion",
    "Snapshot",
    "Stance",
    "SuggestionModel",
    "Tag",
    "TokenScope",
    "User",
    "VerdictRevision",
    "claim_tags",
    "utcnow",
]
