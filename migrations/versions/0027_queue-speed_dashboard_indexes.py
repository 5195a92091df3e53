"""Dashboard indexes: open claims per assignee, the most recently found rotten sources

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01 17:40:00

Branch queue-speed (the lead renumbers it when merging). Two partial indexes, so the dashboard
reads only what it shows at 100,000 claims:

- ``dashboard_open_assignee``: the open claims by assignee and state — the workload chart
  counted them through ``queue_assignee``, which holds every assigned claim, closed ones
  (most of a running desk) included;
- ``dashboard_rotten_sources``: the sources the link check found gone or changed, by when it
  found them — the ten listed under the link-check chart were found by reading every
  evidence row and sorting (the ``link_state`` index does not help: most sources share one
  value).

Each condition is written out as the query in factcheck/desk/dashboard_figures.py states it
(a database uses a partial index only for a query that repeats its condition). Autogenerate
cannot compare partial indexes, so migrations/env.py leaves ``dashboard_…`` to this file.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "CREATE INDEX dashboard_open_assignee ON claims (assignee_id, state) "
        "WHERE state IN ('unverified', 'sourced', 'rated')"
    )
    op.execute(
        "CREATE INDEX dashboard_rotten_sources ON evidence (link_checked_at, id) "
        "WHERE link_state IN ('changed', 'gone')"
    )
    op.execute("ANALYZE" if op.get_bind().dialect.name == "sqlite" else "ANALYZE claims, evidence")


def downgrade():
    op.execute("DROP INDEX IF EXISTS dashboard_rotten_sources")
    op.execute("DROP INDEX IF EXISTS dashboard_open_assignee")
