"""suggestion_models: runs of `flask suggest retrain` and the desk's learned correction

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 22:10:00

Each retraining run stores its before/after figures on a held-out part of the desk's own
decisions and, when the new correction was better and kept, its weights.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('suggestion_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('trained_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decisions', sa.Integer(), nullable=False),
    sa.Column('heldout_decisions', sa.Integer(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('kept', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('weights', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_models'))
    )
    op.create_index(op.f('ix_suggestion_models_trained_at'), 'suggestion_models', ['trained_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_suggestion_models_trained_at'), table_name='suggestion_models')
    op.drop_table('suggestion_models')
