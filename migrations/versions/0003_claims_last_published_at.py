"""claims.last_published_at: keyset pagination of the public feeds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00

When a claim's newest revision was published, kept by operations.claims.publish/correct, with
an index on (last_published_at, id) so the ClaimReview feed, the Atom feed, the index and the
sitemap read published claims newest first straight from the index, and a page deep in the feed
costs the same as the first. Existing claims are filled in from their revisions.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_published_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_claims_last_published_at_id', ['last_published_at', 'id'], unique=False)
    op.execute(
        "UPDATE claims SET last_published_at = ("
        "SELECT max(verdict_revisions.published_at) FROM verdict_revisions "
        "WHERE verdict_revisions.claim_id = claims.id)"
    )


def downgrade():
    # Not batch mode: on SQLite that rebuilds the table and loses 0002's claim_search triggers;
    # SQLite has dropped columns in place since 3.35.
    op.drop_index('ix_claims_last_published_at_id', table_name='claims')
    op.drop_column('claims', 'last_published_at')
