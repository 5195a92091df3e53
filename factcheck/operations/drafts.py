"""Articles from a URL: the editor pastes a link, a job fetches it, the editor corrects the
extracted text and saves it. Claim offsets will index the text exactly as saved.
"""

from __future__ import annotations

from factcheck.fetching import FetchError
from factcheck.intake.extraction import FetchedPage
from factcheck.jobs.runner import enqueue_job
from factcheck.models import Article, ArticleDraft, DraftState, User, utcnow
from factcheck.operations.articles import (
    ArticleDetails,
    add_article,
    check_url,
    page_snapshot,
    refuse_duplicate,
)
from factcheck.operations.errors import InvalidInput
from factcheck.operations.session import DbSession
from factcheck.workflow import require_editor
from factcheck.workflow.terms import N_


def request_draft(
    session: DbSession, actor: User, url: str, *, force: bool = False
) -> ArticleDraft:
    """Queue the page at ``url`` to be fetched for review (editors).

    A URL the desk already has is refused at once (unless ``force``), before anything is
    fetched.
    """
    require_editor(actor, N_("add articles"))
    url = check_url(url)
    if not force:
        refuse_duplicate(session, url=url, body=None)
    draft = ArticleDraft(url=url, state=DraftState.FETCHING, requested_by=actor,
                         created_at=utcnow())
    session.add(draft)
    session.flush()
    enqueue_job(session, "intake.fetch_draft", draft_id=draft.id)
    return draft


def refetch_draft(session: DbSession, actor: User, draft: ArticleDraft) -> None:
    """Fetch a failed draft's page again (editors)."""
    require_editor(actor, N_("add articles"))
    if draft.state != DraftState.FAILED:
        raise InvalidInput(N_("Only a page that could not be fetched is fetched again."))
    draft.state, draft.error = DraftState.FETCHING, None
    session.flush()
    enqueue_job(session, "intake.fetch_draft", draft_id=draft.id)


def fill_draft(session: DbSession, draft: ArticleDraft, page: FetchedPage | FetchError) -> None:
    """Record what fetching the draft's page gave: its snapshot and extracted article, or
    the reason it could not be fetched."""
    if isinstance(page, FetchError):
        draft.state, draft.error = DraftState.FAILED, str(page)
        session.flush()
        return
    extracted = page.article
    draft.state, draft.error = DraftState.READY, None
    draft.final_url = page.result.final_url[:2000]
    draft.canonical_url = extracted.canonical_url
    draft.title, draft.outlet, draft.author = extracted.title, extracted.outlet, extracted.author
    draft.published_on, draft.language = extracted.published_on, extracted.language
    draft.body = extracted.text
    draft.snapshot = page_snapshot(page.result)
    draft.fetched_at = page.result.fetched_at
    session.flush()


def save_draft(
    session: DbSession, actor: User, draft: ArticleDraft, details: ArticleDetails
) -> Article:
    """Store the reviewed draft as an article with its snapshot (editors)."""
    require_editor(actor, N_("add articles"))
    if draft.state == DraftState.SAVED and draft.article is not None:
        raise InvalidInput(N_("This page has already been saved as an article."))
    if draft.state != DraftState.READY:
        raise InvalidInput(N_("The page has not been fetched yet."))
    if not details.canonical_url and details.url == draft.url:
        details.canonical_url = draft.canonical_url
    article = add_article(
        session, actor, details, snapshot=draft.snapshot, fetched_at=draft.fetched_at
    )
    draft.state, draft.article = DraftState.SAVED, article
    session.flush()
    return article
