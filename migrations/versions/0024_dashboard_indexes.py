"""Dashboard indexes: closing events per week and published verdicts per rating

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01 11:05:00

Branch h-charts (the lead renumbers it when merging). Two partial indexes, so the dashboard's
charts count from an index alone at 100,000 claims:

- ``dashboard_closing_events``: the events that close a claim (a move into published or
  dismissed from an open state), by time — "claims closed per week" reads only these, not
  every event of the last twelve weeks and its row;
- ``ix_claims_state_rating_id``: each claim's rating by state — "published verdicts by rating"
  counts them without visiting tens of thousands of claim rows.

The first holds the states it filters on, so it covers its query on SQLite too; its condition
is written out as the query in factcheck/desk/dashboard_figures.py states it (SQLite uses a
partial index only for a query that repeats its condition). Autogenerate cannot compare
partial indexes, so migrations/env.py leaves ``dashboard_…`` to this file; the second is
declared on the model.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

CLOSED = "('published', 'dismissed')"


def upgrade():
    op.execute(
        "CREATE INDEX dashboard_closing_events ON events (created_at, to_state, from_state) "
        f"WHERE to_state IN {CLOSED} AND from_state NOT IN {CLOSED}"
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_state_rating_id', ['state', 'rating_id'], unique=False)
    op.execute("ANALYZE" if op.get_bind().dialect.name == "sqlite" else "ANALYZE claims")


def downgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_state_rating_id')
    op.execute("DROP INDEX IF EXISTS dashboard_closing_events")
