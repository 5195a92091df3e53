"""articles.suggestions: claim suggestions stored with the article

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 22:40:00

Scoring every sentence of a long article on each view of its page is the slow part of that
page; the suggestions are now computed when the text is stored and kept here, with the key
(SHA-256 of the text and the scorer) they were computed from. Existing articles start empty
and are filled in the first time their page is opened.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggestions', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('suggestions_key', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('suggestions_key')
        batch_op.drop_column('suggestions')
