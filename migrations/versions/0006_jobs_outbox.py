"""jobs: the outbox of background jobs

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 21:40:00

One row per background job, written in the same transaction as the change that causes it and
handed to the queue (Huey) after commit; it also records the job's state, attempts and last
error for the admins' jobs page.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('args', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('enqueued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    op.create_index('ix_jobs_state_created_at', 'jobs', ['state', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_jobs_state_created_at', table_name='jobs')
    op.drop_table('jobs')
