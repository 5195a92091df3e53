"""The desk teaches its suggester: refit on its own decisions, keep the result only when better.

Decisions are read from what the desk already records: a rejected suggestion (its sentence is
not worth checking) and a claim created from a selection of an article's text (that passage
is). A quarter of them, chosen by a hash of the sentence so reruns agree, is held out; the
correction (:mod:`factcheck.suggestions.desk_model`) is fitted on the rest and compared with
the model in use on the held-out quarter. It replaces that model only when its log-loss is
lower and its accuracy no worse. Every run is stored, kept or not, for the admin page.

A run's outcome and its figures' names are stored in English (``flask suggest retrain`` prints
them as they are) and marked, so the admin page shows them in its reader's language
(:func:`shown_outcome`, :data:`FIGURE_NAMES`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from factcheck.models import Article, Claim, RejectedSuggestion, SuggestionModel, utcnow
from factcheck.operations.session import DbSession
from factcheck.suggestions import DeskModel, score_sentences
from factcheck.suggestions.desk_model import Decision, figures, fit
from factcheck.workflow.terms import N_, say

#: Fewer decisions than this (or no example of either kind) teach nothing reliable.
MIN_DECISIONS = 8
HELDOUT_SHARE = 4  # one decision in four is held out

NOT_RETRAINED = N_(
    "not retrained: need at least %(least)s decisions with both accepted and rejected "
    "sentences, and some held out; the model in use is unchanged"
)
KEPT = N_("kept: the new model did better on the held-out decisions")
NOT_KEPT = N_(
    "not kept: the new model did no better on the held-out decisions; the model in use is "
    "unchanged"
)
#: The held-out figures (:func:`~factcheck.suggestions.desk_model.figures`) by stored name.
FIGURE_NAMES = {
    "decisions": N_("decisions"),
    "log_loss": N_("log loss"),
    "accuracy": N_("accuracy"),
    "precision": N_("precision"),
    "recall": N_("recall"),
    "f1": N_("F1"),
}


def _stored(message: str) -> str:
    """An outcome as it is stored: the English sentence with its value put in."""
    return message % {"least": MIN_DECISIONS} if "%(" in message else message


def shown_outcome(outcome: str) -> str:
    """A stored outcome in the reader's language (one this release does not know: as stored)."""
    for message in (NOT_RETRAINED, KEPT, NOT_KEPT):
        if _stored(message) == outcome:
            return say(message, {"least": MIN_DECISIONS} if "%(" in message else None)
    return outcome


def figure_name(key: str) -> str:
    """A held-out figure's name in the reader's language ("log_loss" → "log loss")."""
    return say(FIGURE_NAMES[key]) if key in FIGURE_NAMES else key.replace("_", " ")


@dataclass(frozen=True)
class RetrainResult:
    """What a run did, for the command's report."""

    run: SuggestionModel

    def lines(self) -> list[str]:
        """Readable report: the counts, the before/after figures and the outcome."""
        run = self.run
        out = [f"decisions: {run.decisions} ({run.heldout_decisions} held out)"]
        for name in ("before", "after"):
            data = getattr(run, name)
            if data:
                shown = ", ".join(f"{k} {v}" for k, v in data.items() if k != "decisions")
                out.append(f"{name}: {shown}")
        out.append(run.outcome)
        return out


def desk_decisions(session: DbSession) -> list[Decision]:
    """Every sentence the desk decided about, each once (a claim beats a rejection)."""
    chosen: dict[str, int] = {}
    rejected = session.execute(
        select(Article.body, RejectedSuggestion.start, RejectedSuggestion.end,
               RejectedSuggestion.text_hash)
        .join(Article, Article.id == RejectedSuggestion.article_id)
        .order_by(RejectedSuggestion.id)
    )
    for body, start, end, text_hash in rejected:
        text = body[start:end]
        if text and hashlib.sha256(text.encode("utf-8")).hexdigest() == text_hash:
            chosen.setdefault(text.strip(), 0)
    quoted = session.execute(
        select(Article.body, Claim.quote_start, Claim.quote_end)
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.quote_start.is_not(None), Claim.quote_end.is_not(None))
        .order_by(Claim.id)
    )
    for body, quote_start, quote_end in quoted:
        text = body[quote_start:quote_end].strip()
        if text:
            chosen[text] = 1
    return [Decision(text, label) for text, label in chosen.items()]


def _held_out(decision: Decision) -> bool:
    digest = hashlib.sha256(decision.text.encode("utf-8")).digest()
    return digest[0] % HELDOUT_SHARE == 0


def active_desk_model(session: DbSession) -> DeskModel | None:
    """The correction the desk's suggestions use now (the newest kept run), if any."""
    weights = session.scalar(
        select(SuggestionModel.weights)
        .where(SuggestionModel.kept.is_(True))
        .order_by(SuggestionModel.trained_at.desc(), SuggestionModel.id.desc())
        .limit(1)
    )
    return DeskModel.from_dict(weights) if weights else None


def last_run(session: DbSession) -> SuggestionModel | None:
    """The newest retraining run, kept or not."""
    return session.scalar(
        select(SuggestionModel)
        .order_by(SuggestionModel.trained_at.desc(), SuggestionModel.id.desc())
        .limit(1)
    )


def retrain(session: DbSession) -> RetrainResult:
    """Refit the desk's correction on its decisions; keep it only when it does better."""
    decisions = desk_decisions(session)
    heldout = [d for d in decisions if _held_out(d)]
    training = [d for d in decisions if not _held_out(d)]
    run = SuggestionModel(
        trained_at=utcnow(), decisions=len(decisions), heldout_decisions=len(heldout),
        before={}, after={}, kept=False, outcome="", weights=None,
    )
    labels = {d.label for d in training}
    if len(decisions) < MIN_DECISIONS or labels != {0, 1} or not heldout:
        run.outcome = _stored(NOT_RETRAINED)
        session.add(run)
        session.flush()
        return RetrainResult(run)
    current = active_desk_model(session)
    shipped = score_sentences([d.text for d in training])
    candidate = fit(training, [v.score for v in shipped])
    texts = [d.text for d in heldout]
    truth = [d.label for d in heldout]
    now = score_sentences(texts, desk=current)
    new = score_sentences(texts, desk=candidate)
    run.before = figures(truth, [v.score for v in now], [v.threshold for v in now])
    run.after = figures(truth, [v.score for v in new], [v.threshold for v in new])
    better = (
        run.after["log_loss"] < run.before["log_loss"]
        and run.after["accuracy"] >= run.before["accuracy"]
    )
    run.kept = better
    run.weights = candidate.to_dict() if better else None
    run.outcome = _stored(KEPT if better else NOT_KEPT)
    session.add(run)
    session.flush()
    return RetrainResult(run)


__all__ = ["RetrainResult", "active_desk_model", "desk_decisions", "last_run", "retrain"]
