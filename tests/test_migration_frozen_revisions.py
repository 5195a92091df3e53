"""The migration that freezes verdict revisions fills the revisions published before it with
what their public pages showed until then: the claim date, where the claim appeared, the
scale's ends and the organisation."""

from __future__ import annotations

from datetime import date

from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.orm import load_only

from factcheck.extensions import db
from factcheck.models import VerdictRevision
from tests.test_migrations import empty_app  # noqa: F401  (the fixture)


def _frozen_revision() -> tuple[str, str]:
    """This migration's id and the one before it (they are renumbered as others land)."""
    scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    for script in scripts.walk_revisions():
        if script.path.endswith("_frozen_verdict_revisions.py"):
            return script.revision, str(script.down_revision)
    raise AssertionError("the frozen-revisions migration is missing")


def _insert_published_claims() -> None:
    now = "2026-11-01 09:00:00+00:00"
    statements = [
        "INSERT INTO articles (id, outlet, title, url, published_on, language, body, created_at) "
        "VALUES (1, 'BelTA', 'Lukashenko speaks', 'https://belta.example/a', '2022-03-14', "
        "'en', 'Body text.', :now)",
        "INSERT INTO claims (id, slug, statement, article_id, appearance_url, claim_date, state,"
        " priority, created_at, updated_at, version) VALUES "
        "(1, 'with-article', 'Claim one', 1, 'https://social.example/p', '2022-03-15',"
        " 'published', 2, :now, :now, 1),"
        "(2, 'without-article', 'Claim two', NULL, NULL, NULL, 'published', 2, :now, :now, 1)",
        "INSERT INTO verdict_revisions (id, claim_id, number, statement, rating_label,"
        " rating_value, rating_colour, summary, sources, published_at) VALUES "
        "(1, 1, 1, 'Claim one', 'False', 1, '#cf222e', 'No.', '[]', :now),"
        "(2, 2, 1, 'Claim two', 'Unproven', NULL, '#57606a', 'Unclear.', '[]', :now)",
        "UPDATE desk_settings SET organisation_name = 'Border Check', "
        "organisation_url = 'https://bordercheck.test/', logo_url = NULL, "
        "methodology = 'We check twice.'",
    ]
    for statement in statements:
        db.session.execute(text(statement), {"now": now})
    db.session.commit()


def test_existing_revisions_are_filled_from_the_data_they_showed(empty_app: Flask) -> None:  # noqa: F811
    frozen, before = _frozen_revision()
    upgrade(revision=before)
    _insert_published_claims()
    upgrade(revision=frozen)
    db.session.expire_all()
    # Only the columns this migration fills: later migrations add more, absent at this revision.
    shown = load_only(
        VerdictRevision.claim_date, VerdictRevision.appearances, VerdictRevision.rating_best,
        VerdictRevision.rating_worst, VerdictRevision.organisation_name,
        VerdictRevision.organisation_url, VerdictRevision.organisation_logo_url,
        VerdictRevision.methodology,
    )
    first, second = (db.session.get(VerdictRevision, n, options=[shown]) for n in (1, 2))
    assert first is not None and second is not None
    assert first.claim_date == date(2022, 3, 15) and second.claim_date is None
    assert first.appearances == [
        {"url": "https://belta.example/a", "headline": "Lukashenko speaks", "outlet": "BelTA",
         "published_on": "2022-03-14"},
        {"url": "https://social.example/p", "headline": None, "outlet": None,
         "published_on": None},
    ]
    assert second.appearances == []
    for revision in (first, second):
        assert (revision.rating_best, revision.rating_worst) == (5, 1)
        assert revision.organisation_name == "Border Check"
        assert revision.organisation_url == "https://bordercheck.test/"
        assert revision.organisation_logo_url is None
        assert revision.methodology == "We check twice."
    db.session.remove()
    downgrade(revision=before)
    upgrade()
