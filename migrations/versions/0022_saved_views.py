"""saved_views: named queue filters, personal or shared

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 10:30:07

Branch h-queue (the lead renumbers it when merging). A saved view is a named set of the
queue's filters (its query string as JSON), one person's, or shared with the desk when an
editor made it so. The unique key over owner and name also serves "this person's views";
``shared`` is indexed for the views listed to everyone.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('query', sa.JSON(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_saved_views_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_views')),
    sa.UniqueConstraint('owner_id', 'name', name='uq_saved_views_owner_name')
    )
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_views_shared'), ['shared'], unique=False)


def downgrade():
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_views_shared'))

    op.drop_table('saved_views')
