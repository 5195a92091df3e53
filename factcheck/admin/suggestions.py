"""``/admin/suggestions``: when the suggester last learned from the desk, and how it did.

Retraining itself is ``flask suggest retrain`` (it can take a while with the encoder); this
page shows its last run, the held-out figures before and after, and whether the desk's
suggestions now use the new model.
"""

from __future__ import annotations

from flask import render_template

from factcheck.admin.views import bp
from factcheck.extensions import db
from factcheck.operations.retrain import (
    active_desk_model,
    desk_decisions,
    figure_name,
    last_run,
    shown_outcome,
)
from factcheck.permissions import admin_required
from factcheck.suggestions.semantic import encoder_ready, load_head


@bp.get("/suggestions")
@admin_required
def suggestions() -> str:
    """The suggester's state: last retraining run, its figures, the model in use."""
    decisions = desk_decisions(db.session)
    return render_template(
        "admin/suggestions.html",
        run=last_run(db.session),
        desk_model=active_desk_model(db.session),
        accepted=sum(d.label for d in decisions),
        rejected=sum(1 - d.label for d in decisions),
        encoder=encoder_ready() and load_head() is not None,
        shown_outcome=shown_outcome,
        figure_name=figure_name,
    )
