"""factchecks (other fact-checkers' ClaimReviews) and claim_vectors (sentence vectors of claims)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 21:40:00

Imported fact-checks are their own records, identified by their URL (re-importing updates).
Both tables keep the sentence encoder's vector next to the row it describes, so the database
stays the one source of truth and the in-process vector index can be rebuilt from it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('factchecks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=False),
    sa.Column('publisher_url', sa.String(length=2000), nullable=True),
    sa.Column('claim_reviewed', sa.Text(), nullable=False),
    sa.Column('headline', sa.Text(), nullable=True),
    sa.Column('claimant', sa.String(length=300), nullable=True),
    sa.Column('rating_text', sa.String(length=200), nullable=True),
    sa.Column('rating_value', sa.Float(), nullable=True),
    sa.Column('best_rating', sa.Float(), nullable=True),
    sa.Column('worst_rating', sa.Float(), nullable=True),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('imported_from', sa.String(length=2000), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('embedding', sa.LargeBinary(), nullable=True),
    sa.Column('embedding_model', sa.String(length=60), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_factchecks')),
    sa.UniqueConstraint('url', name=op.f('uq_factchecks_url'))
    )
    op.create_index(op.f('ix_factchecks_updated_at'), 'factchecks', ['updated_at'], unique=False)
    op.create_table('claim_vectors',
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('embedding', sa.LargeBinary(), nullable=False),
    sa.Column('embedding_model', sa.String(length=60), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_vectors_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claim_vectors'))
    )
    op.create_index(op.f('ix_claim_vectors_updated_at'), 'claim_vectors', ['updated_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_claim_vectors_updated_at'), table_name='claim_vectors')
    op.drop_table('claim_vectors')
    op.drop_index(op.f('ix_factchecks_updated_at'), table_name='factchecks')
    op.drop_table('factchecks')
