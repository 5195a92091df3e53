"""claims.language and verdict_revisions.language: ClaimReview inLanguage and <html lang>

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 11:00:00

Claims carry the language they are written in (detected when created, editable), and a
published revision keeps the language it went out in, like everything else a reader sees.
Existing claims taken from an article get the article's language; the others stay unknown
(NULL) until edited. Existing revisions get their claim's, so nothing reads as changed since
publication.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('claims') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
    with op.batch_alter_table('verdict_revisions') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))
    op.execute(
        "UPDATE claims SET language = (SELECT articles.language FROM articles "
        "WHERE articles.id = claims.article_id) WHERE article_id IS NOT NULL"
    )
    op.execute(
        "UPDATE verdict_revisions SET language = (SELECT claims.language FROM claims "
        "WHERE claims.id = verdict_revisions.claim_id)"
    )


def downgrade():
    with op.batch_alter_table('verdict_revisions') as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('claims') as batch_op:
        batch_op.drop_column('language')
