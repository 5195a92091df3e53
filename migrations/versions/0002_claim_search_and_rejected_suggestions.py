"""Full-text index of claims for "already checked" matching; rejected suggestions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 20:30:00

The ``claim_search`` index is invisible to autogenerate on purpose (``include_object`` in
migrations/env.py skips every object whose name starts with ``claim_search``): SQLite gets an
FTS5 table over claims.statement, quote and claimant kept in sync by triggers; PostgreSQL a GIN
expression index on to_tsvector('simple', statement || ' ' || coalesce(claimant, '')).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE claim_search USING fts5(statement, quote, claimant, "
    "content='claims', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER claim_search_after_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO claim_search(rowid, statement, quote, claimant) "
    "VALUES (new.id, new.statement, new.quote, new.claimant); END",
    "CREATE TRIGGER claim_search_after_delete AFTER DELETE ON claims BEGIN "
    "INSERT INTO claim_search(claim_search, rowid, statement, quote, claimant) "
    "VALUES ('delete', old.id, old.statement, old.quote, old.claimant); END",
    "CREATE TRIGGER claim_search_after_update AFTER UPDATE OF statement, quote, claimant "
    "ON claims BEGIN "
    "INSERT INTO claim_search(claim_search, rowid, statement, quote, claimant) "
    "VALUES ('delete', old.id, old.statement, old.quote, old.claimant); "
    "INSERT INTO claim_search(rowid, statement, quote, claimant) "
    "VALUES (new.id, new.statement, new.quote, new.claimant); END",
    "INSERT INTO claim_search(claim_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS claim_search_after_update",
    "DROP TRIGGER IF EXISTS claim_search_after_delete",
    "DROP TRIGGER IF EXISTS claim_search_after_insert",
    "DROP TABLE IF EXISTS claim_search",
]
POSTGRESQL_UP = [
    "CREATE INDEX claim_search ON claims USING gin "
    "(to_tsvector('simple'::regconfig, statement || ' ' || coalesce(claimant, '')))",
]
POSTGRESQL_DOWN = ["DROP INDEX IF EXISTS claim_search"]


def upgrade():
    op.create_table('rejected_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('rejected_by_id', sa.Integer(), nullable=True),
    sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_rejected_suggestions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rejected_by_id'], ['users.id'], name=op.f('fk_rejected_suggestions_rejected_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejected_suggestions')),
    sa.UniqueConstraint('article_id', 'start', 'end', 'text_hash', name=op.f('uq_rejected_suggestions_article_id'))
    )
    with op.batch_alter_table('rejected_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rejected_suggestions_article_id'), ['article_id'], unique=False)

    for statement in _dialect_statements(SQLITE_UP, POSTGRESQL_UP):
        op.execute(statement)


def downgrade():
    for statement in _dialect_statements(SQLITE_DOWN, POSTGRESQL_DOWN):
        op.execute(statement)

    with op.batch_alter_table('rejected_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rejected_suggestions_article_id'))

    op.drop_table('rejected_suggestions')


def _dialect_statements(sqlite, postgresql):
    name = op.get_bind().dialect.name
    if name == 'sqlite':
        return sqlite
    if name == 'postgresql':
        return postgresql
    return []
