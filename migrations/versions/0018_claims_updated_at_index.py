"""claims.updated_at index: the "already checked" freshness check reads its maximum

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 02:40:00

Every lookup of "already checked" first asks whether anything changed since its in-process
indexes were built (the newest id and ``updated_at`` of claims, fact-checks and claim vectors).
The other two tables index ``updated_at``; claims did not, so at 50,000 claims that one
maximum was a scan of the whole table on every lookup.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f('ix_claims_updated_at'), 'claims', ['updated_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_claims_updated_at'), table_name='claims')
