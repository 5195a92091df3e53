"""Evidence captured and checked for rot; claims that reappear

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 01:54:24

Snapshots may now be fetched by the desk (source URL, final URL, status, fetch time) and may
keep their bytes in a bucket (``storage_key``) instead of ``data``; existing snapshots keep
their bytes in ``data`` and stay readable whatever the storage setting. Evidence gets the
desk's own copy of its URL (page and WARC record) and the last link check's finding. Claims
get the appearances an editor records when an article repeats them.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('claim_appearances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('appeared_on', sa.Date(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('quote_start', sa.Integer(), nullable=True),
    sa.Column('quote_end', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_claim_appearances_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_appearances_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_claim_appearances_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_appearances'))
    )
    with op.batch_alter_table('claim_appearances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_appearances_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_appearances_claim_id'), ['claim_id'], unique=False)

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capture_state', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('capture_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('capture_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('warc_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('link_state', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('link_status', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('link_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('link_checked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_evidence_link_state'), ['link_state'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_evidence_warc_id_snapshots'), 'snapshots', ['warc_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_evidence_capture_id_snapshots'), 'snapshots', ['capture_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('storage_key', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('source_url', sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('final_url', sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('http_status', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.drop_column('fetched_at')
        batch_op.drop_column('http_status')
        batch_op.drop_column('final_url')
        batch_op.drop_column('source_url')
        batch_op.drop_column('storage_key')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_evidence_capture_id_snapshots'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_evidence_warc_id_snapshots'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_evidence_link_state'))
        batch_op.drop_column('link_checked_at')
        batch_op.drop_column('link_error')
        batch_op.drop_column('link_status')
        batch_op.drop_column('link_state')
        batch_op.drop_column('warc_id')
        batch_op.drop_column('capture_id')
        batch_op.drop_column('capture_error')
        batch_op.drop_column('capture_state')

    with op.batch_alter_table('claim_appearances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_appearances_claim_id'))
        batch_op.drop_index(batch_op.f('ix_claim_appearances_article_id'))

    op.drop_table('claim_appearances')
