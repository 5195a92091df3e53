"""verdict_revisions hold everything a reader sees: a published verdict is frozen

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 21:40:00

Until now a verdict page mixed its revision (statement, rating, sources) with live desk data:
the claim date and where the claim appeared (claims, articles), the scale's best and worst
values (ratings) and the organisation (desk_settings). Editing any of those changed published
verdicts silently. Each revision now carries them; existing revisions are filled from the data
as it is today, which is what their pages showed until this migration.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    ('rating_best', sa.Integer()),
    ('rating_worst', sa.Integer()),
    ('claim_date', sa.Date()),
    ('appearances', sa.JSON()),
    ('organisation_name', sa.String(length=200)),
    ('organisation_url', sa.String(length=2000)),
    ('organisation_logo_url', sa.String(length=2000)),
    ('methodology', sa.Text()),
)
REQUIRED = ('appearances', 'organisation_name', 'organisation_url', 'methodology')

revisions = sa.table(
    'verdict_revisions',
    sa.column('id', sa.Integer), sa.column('claim_id', sa.Integer),
    *(sa.column(name, kind) for name, kind in NEW_COLUMNS),
)
claims = sa.table(
    'claims',
    sa.column('id', sa.Integer), sa.column('claim_date', sa.Date),
    sa.column('appearance_url', sa.String), sa.column('article_id', sa.Integer),
)
articles = sa.table(
    'articles',
    sa.column('id', sa.Integer), sa.column('outlet', sa.String), sa.column('title', sa.String),
    sa.column('url', sa.String), sa.column('published_on', sa.Date),
)
ratings = sa.table('ratings', sa.column('value', sa.Integer))
settings_table = sa.table(
    'desk_settings',
    sa.column('id', sa.Integer), sa.column('organisation_name', sa.String),
    sa.column('organisation_url', sa.String), sa.column('logo_url', sa.String),
    sa.column('methodology', sa.Text),
)


def _appearances(appearance_url, outlet, title, article_url, published_on):
    """The same list the public page built from the claim and its article until now."""
    found = []
    if outlet is not None or title is not None:
        found.append({'url': article_url, 'headline': title, 'outlet': outlet,
                      'published_on': published_on.isoformat() if published_on else None})
    if appearance_url and appearance_url != article_url:
        found.append({'url': appearance_url, 'headline': None, 'outlet': None,
                      'published_on': None})
    return found


def _fill(connection):
    best, worst = connection.execute(
        sa.select(sa.func.max(ratings.c.value), sa.func.min(ratings.c.value))
    ).one()
    desk = connection.execute(
        sa.select(settings_table).order_by(settings_table.c.id).limit(1)
    ).first()
    organisation = {
        'organisation_name': desk.organisation_name if desk else 'Fact-check desk',
        'organisation_url': desk.organisation_url if desk else '',
        'organisation_logo_url': desk.logo_url if desk else None,
        'methodology': (desk.methodology or '') if desk else '',
    }
    rows = connection.execute(
        sa.select(
            revisions.c.id, claims.c.claim_date, claims.c.appearance_url,
            articles.c.outlet, articles.c.title, articles.c.url, articles.c.published_on,
        )
        .select_from(revisions)
        .join(claims, claims.c.id == revisions.c.claim_id)
        .outerjoin(articles, articles.c.id == claims.c.article_id)
    ).all()
    for row in rows:
        connection.execute(
            revisions.update().where(revisions.c.id == row.id).values(
                rating_best=best,
                rating_worst=worst,
                claim_date=row.claim_date,
                appearances=_appearances(row.appearance_url, row.outlet, row.title, row.url,
                                         row.published_on),
                **organisation,
            )
        )


def upgrade():
    with op.batch_alter_table('verdict_revisions', schema=None) as batch_op:
        for name, kind in NEW_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    _fill(op.get_bind())
    with op.batch_alter_table('verdict_revisions', schema=None) as batch_op:
        for name, kind in NEW_COLUMNS:
            if name in REQUIRED:
                batch_op.alter_column(name, existing_type=kind, nullable=False)


def downgrade():
    with op.batch_alter_table('verdict_revisions', schema=None) as batch_op:
        for name, _kind in reversed(NEW_COLUMNS):
            batch_op.drop_column(name)
