"""Full-text index of claims for "already checked" matching; rejected suggestions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 20:30:00

The ``claim_search`` index is invisible to autogenerate on purpose (``include_object`` in
migrations/env.py skips every object whose name starts with ``claim_search``): SQLite gets an
FTS5 table over claims.statement, quote and claimant kept in sync by triggers; PostgreSQL a stored
generated column ``claims.claim_search_vector`` (to_tsvector('simple', …) of the same three
columns, so ranking and rechecks read it instead of re-parsing the text) with a GIN index, and a
table ``claim_search_terms`` counting the claims each word is in, kept by triggers.
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
_ADD_COUNTS = (
    "ORDER BY term ON CONFLICT (term) DO UPDATE SET claims = counted.claims + excluded.claims"
)
POSTGRESQL_UP = [
    "ALTER TABLE claims ADD COLUMN claim_search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, statement || ' ' || coalesce(quote, '') || ' ' || "
    "coalesce(claimant, ''))) STORED",
    "CREATE INDEX claim_search ON claims USING gin (claim_search_vector)",
    # How many claims each word is in, so that matching can pick the rarest words of a text
    # without counting them in the index. Statement-level triggers add up a whole multi-row
    # INSERT at once; rows are upserted in sorted order, so concurrent transactions lock shared
    # rows in the same order.
    'CREATE TABLE claim_search_terms (term text COLLATE "C" PRIMARY KEY, '
    "claims integer NOT NULL)",
    "INSERT INTO claim_search_terms (term, claims) SELECT term, count(*) FROM claims, "
    "unnest(tsvector_to_array(claim_search_vector)) AS term GROUP BY term",
    "CREATE FUNCTION claim_search_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'INSERT' THEN "
    "INSERT INTO claim_search_terms AS counted (term, claims) SELECT term, count(*) "
    "FROM new_rows, unnest(tsvector_to_array(claim_search_vector)) AS term "
    f"GROUP BY term {_ADD_COUNTS}; "
    "ELSIF TG_OP = 'DELETE' THEN "
    "INSERT INTO claim_search_terms AS counted (term, claims) SELECT term, -count(*) "
    "FROM old_rows, unnest(tsvector_to_array(claim_search_vector)) AS term "
    f"GROUP BY term {_ADD_COUNTS}; "
    "ELSE "
    "INSERT INTO claim_search_terms AS counted (term, claims) SELECT term, sum(change) FROM ("
    "SELECT term, 1 AS change FROM new_rows, "
    "unnest(tsvector_to_array(claim_search_vector)) AS term UNION ALL "
    "SELECT term, -1 FROM old_rows, unnest(tsvector_to_array(claim_search_vector)) AS term"
    f") AS changes GROUP BY term HAVING sum(change) <> 0 {_ADD_COUNTS}; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER claim_search_count_insert AFTER INSERT ON claims "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claim_search_count()",
    "CREATE TRIGGER claim_search_count_delete AFTER DELETE ON claims "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claim_search_count()",
    "CREATE TRIGGER claim_search_count_update AFTER UPDATE ON claims "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION claim_search_count()",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS claim_search_count_update ON claims",
    "DROP TRIGGER IF EXISTS claim_search_count_delete ON claims",
    "DROP TRIGGER IF EXISTS claim_search_count_insert ON claims",
    "DROP FUNCTION IF EXISTS claim_search_count()",
    "DROP TABLE IF EXISTS claim_search_terms",
    "DROP INDEX IF EXISTS claim_search",
    "ALTER TABLE claims DROP COLUMN IF EXISTS claim_search_vector",
]


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
