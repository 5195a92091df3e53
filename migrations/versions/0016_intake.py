"""intake: articles fetched from URLs and feeds, monitored outlets, the inbox

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 02:00:00

Articles gain where they were fetched from (snapshot, fetch time, canonical URL), unique keys
for their canonical URL and their normalised text (a second copy is refused, and two workers
cannot both store one), the outlet they came from, an inbox state and the score of their
strongest suggestion. Existing articles get their text key here (the first of identical texts
keeps it); their URL key is left empty, since old URLs were never normalised.
"""
import hashlib
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _text_key(body):
    """The application's normalised-text hash, frozen as it was at this revision."""
    text = unicodedata.normalize('NFKC', body or '').casefold()
    text = re.sub(r'\s+', ' ', text).strip()
    return hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()


def upgrade():
    op.create_table(
        'outlets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('feed_url', sa.String(length=2000), nullable=False),
        sa.Column('feed_key', sa.String(length=64), nullable=False),
        sa.Column('interval_minutes', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('etag', sa.String(length=500), nullable=True),
        sa.Column('last_modified', sa.String(length=100), nullable=True),
        sa.Column('next_poll_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_polled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_outlets_added_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outlets')),
        sa.UniqueConstraint('feed_key', name=op.f('uq_outlets_feed_key')),
    )
    op.create_index('ix_outlets_active_next_poll_at', 'outlets', ['active', 'next_poll_at'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('canonical_url', sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('snapshot_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('url_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('text_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('outlet_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('inbox', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('best_score', sa.Float(), nullable=True))
        # Unique indexes and no foreign keys: SQLite adds those without rebuilding `articles`,
        # which its claims and rejected suggestions (ON DELETE CASCADE) would not survive.
        batch_op.create_index(batch_op.f('ix_articles_url_key'), ['url_key'], unique=True)
        batch_op.create_index(batch_op.f('ix_articles_text_key'), ['text_key'], unique=True)
        batch_op.create_index('ix_articles_inbox_best_score', ['inbox', 'best_score'], unique=False)

    articles = sa.table('articles', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                        sa.column('text_key', sa.String), sa.column('suggestions', sa.JSON),
                        sa.column('best_score', sa.Float))
    connection = op.get_bind()
    seen = set()
    for row in connection.execute(sa.select(articles.c.id, articles.c.body, articles.c.suggestions).order_by(articles.c.id)):
        key = _text_key(row.body)
        scores = [float(item['score']) for item in row.suggestions or []]
        values = {'best_score': max(scores) if scores else None}
        if key not in seen:
            seen.add(key)
            values['text_key'] = key
        connection.execute(sa.update(articles).where(articles.c.id == row.id).values(**values))

    op.create_table(
        'article_drafts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('final_url', sa.String(length=2000), nullable=True),
        sa.Column('canonical_url', sa.String(length=2000), nullable=True),
        sa.Column('outlet', sa.String(length=200), nullable=True),
        sa.Column('title', sa.String(length=500), nullable=True),
        sa.Column('author', sa.String(length=200), nullable=True),
        sa.Column('published_on', sa.Date(), nullable=True),
        sa.Column('language', sa.String(length=16), nullable=True),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('snapshot_id', sa.Integer(), nullable=True),
        sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('article_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_drafts_article_id_articles'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_article_drafts_requested_by_id_users')),
        sa.ForeignKeyConstraint(['snapshot_id'], ['snapshots.id'], name=op.f('fk_article_drafts_snapshot_id_snapshots'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_article_drafts')),
    )
    op.create_table(
        'outlet_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('outlet_id', sa.Integer(), nullable=False),
        sa.Column('guid_key', sa.String(length=64), nullable=False),
        sa.Column('link', sa.String(length=2000), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=True),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('article_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_outlet_items_article_id_articles'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['outlet_id'], ['outlets.id'], name=op.f('fk_outlet_items_outlet_id_outlets'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet_items')),
        sa.UniqueConstraint('outlet_id', 'guid_key', name=op.f('uq_outlet_items_outlet_id')),
    )
    op.create_index('ix_outlet_items_state', 'outlet_items', ['state'], unique=False)


def downgrade():
    op.drop_index('ix_outlet_items_state', table_name='outlet_items')
    op.drop_table('outlet_items')
    op.drop_table('article_drafts')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_inbox_best_score')
        batch_op.drop_index(batch_op.f('ix_articles_text_key'))
        batch_op.drop_index(batch_op.f('ix_articles_url_key'))
        batch_op.drop_column('best_score')
        batch_op.drop_column('inbox')
        batch_op.drop_column('outlet_id')
        batch_op.drop_column('text_key')
        batch_op.drop_column('url_key')
        batch_op.drop_column('fetched_at')
        batch_op.drop_column('snapshot_id')
        batch_op.drop_column('canonical_url')
    op.drop_index('ix_outlets_active_next_poll_at', table_name='outlets')
    op.drop_table('outlets')
