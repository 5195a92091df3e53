"""verdict_revisions indexed by rating label: the public rating filter reads labels from revisions

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 21:55:00

The index page offers the ratings published verdicts carry (not the desk's live scale, which
may have been relabelled since). Walking an index on (rating_label, id) finds those labels in
a handful of probes, and each label's newest revision, however many revisions there are.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('verdict_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_verdict_revisions_rating_label_id', ['rating_label', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('verdict_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_verdict_revisions_rating_label_id')
