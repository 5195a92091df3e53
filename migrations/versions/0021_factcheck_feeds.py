"""factcheck feeds: ClaimReview feeds editors subscribe to, and single imports from a URL

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 10:15:00

Two new tables, nothing else changes. ``factcheck_feeds``: a feed's URL (unique by its
normalised key), the publisher's name, whether it is refreshed, when next, and what its last
refresh gave. ``factcheck_imports``: an import from a URL asked for on the page, and its
result once the job has run.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'factcheck_feeds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('url_key', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_refresh_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('refresh_queued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_refreshed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_result', sa.Text(), nullable=True),
        sa.Column('last_failed', sa.Boolean(), nullable=False),
        sa.Column('last_skipped', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_factcheck_feeds_added_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_factcheck_feeds')),
        sa.UniqueConstraint('url_key', name=op.f('uq_factcheck_feeds_url_key')),
    )
    op.create_index('ix_factcheck_feeds_enabled_next_refresh_at', 'factcheck_feeds',
                    ['enabled', 'next_refresh_at'], unique=False)
    op.create_table(
        'factcheck_imports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('result', sa.Text(), nullable=True),
        sa.Column('failed', sa.Boolean(), nullable=False),
        sa.Column('skipped', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_factcheck_imports_requested_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_factcheck_imports')),
    )
    op.create_index(op.f('ix_factcheck_imports_created_at'), 'factcheck_imports', ['created_at'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_factcheck_imports_created_at'), table_name='factcheck_imports')
    op.drop_table('factcheck_imports')
    op.drop_index('ix_factcheck_feeds_enabled_next_refresh_at', table_name='factcheck_feeds')
    op.drop_table('factcheck_feeds')
