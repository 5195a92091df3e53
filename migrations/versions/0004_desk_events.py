"""desk_events: the audit trail of admin actions; events indexed for the desk-wide audit page

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 21:20:00

Admin actions (members created, roles changed, deactivations, password resets, rating scale and
settings changes) belong to no claim, so they get their own table shaped like ``events``.
``/admin/audit`` lists both newest first and filters by actor and date, hence the new indexes
on ``events``.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('desk_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_desk_events_actor_id_users')),
    sa.ForeignKeyConstraint(['subject_user_id'], ['users.id'], name=op.f('fk_desk_events_subject_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_events'))
    )
    op.create_index('ix_desk_events_created_at', 'desk_events', ['created_at'], unique=False)
    op.create_index('ix_desk_events_actor_id', 'desk_events', ['actor_id'], unique=False)
    # Not batch mode: on SQLite batch would rebuild the table (nothing to rebuild for an index).
    op.create_index('ix_events_created_at', 'events', ['created_at'], unique=False)
    op.create_index('ix_events_actor_id', 'events', ['actor_id'], unique=False)


def downgrade():
    op.drop_index('ix_events_actor_id', table_name='events')
    op.drop_index('ix_events_created_at', table_name='events')
    op.drop_index('ix_desk_events_actor_id', table_name='desk_events')
    op.drop_index('ix_desk_events_created_at', table_name='desk_events')
    op.drop_table('desk_events')
