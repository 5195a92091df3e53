"""Queue at newsroom scale: indexes per sort, state counts table, search over articles and evidence

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 02:10:00

At 100,000 claims the queue read thousands of rows to show 25. Now:

- one index per sort the queue offers (replacing the single-column state, priority,
  created_at, assignee and first-published indexes they begin with), with the direction the query uses: for the open claims
  (partial indexes on ``state IN ('unverified', 'sourced', 'rated')``, the default view), per
  state, and over all claims. The due-date sort orders by ``coalesce(due_date, '9999-12-31')``
  so that claims without a due date come last on SQLite and PostgreSQL alike and the index
  answers it. These are named ``queue_…`` and, like ``claim_search``, left out of autogenerate
  (migrations/env.py): it cannot compare partial or expression indexes.
- ``claim_state_counts``: claims per state, kept by triggers in the transaction that inserts,
  deletes or moves a claim (every path — workflow, bulk loads, restores), so the queue's counts
  are five rows instead of a scan.
- ANALYZE, so that the planners know the new indexes' sizes.
- full-text indexes over articles (title, body) and evidence (title, excerpt, publisher) next to
  the claims' ``claim_search``: FTS5 tables kept by triggers on SQLite, GIN expression indexes on
  PostgreSQL (same ``to_tsvector('simple', …)`` expressions as the queries in
  factcheck/desk/search.py).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

OPEN = "state IN ('unverified', 'sourced', 'rated')"
DUE = "coalesce(due_date, '9999-12-31')"
STATES = ("unverified", "sourced", "rated", "published", "dismissed")
QUEUE_INDEXES = [
    ("queue_open_priority", "priority DESC, created_at, id", OPEN),
    ("queue_open_due", f"({DUE}), priority DESC, id", OPEN),
    ("queue_open_created", "created_at, id", OPEN),
    # the assignee filters, their counts and the dashboard's workload (covering)
    ("queue_assignee", "assignee_id, state", None),
    # the dashboard's time to verdict (covering)
    ("queue_first_published", "first_published_at, created_at", None),
    ("queue_state_priority", "state, priority DESC, created_at, id", None),
    ("queue_state_due", f"state, ({DUE}), priority DESC, id", None),
    ("queue_state_created", "state, created_at, id", None),
    ("queue_priority", "priority DESC, created_at, id", None),
    ("queue_due", f"({DUE}), priority DESC, id", None),
    ("queue_created", "created_at, id", None),
]

#: Single-column indexes the queue_… ones begin with (a planner picking one of these over the
#: open claims' partial index read every claim of the state).
SUPERSEDED = ("ix_claims_state", "ix_claims_priority", "ix_claims_created_at",
              "ix_claims_assignee_id", "ix_claims_first_published_at")


def _fts5(table, source, columns):
    """An FTS5 index of ``source``'s ``columns`` and the triggers that keep it in step."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, content='{source}', "
        "content_rowid='id', tokenize='porter unicode61')",
        f"CREATE TRIGGER {table}_after_insert AFTER INSERT ON {source} BEGIN "
        f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {table}_after_delete AFTER DELETE ON {source} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {table}_after_update AFTER UPDATE OF {cols} ON {source} BEGIN "
        f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def _fts5_down(table):
    return [f"DROP TRIGGER IF EXISTS {table}_after_{when}"
            for when in ("insert", "delete", "update")] + [f"DROP TABLE IF EXISTS {table}"]


SQLITE_COUNTS = [
    "CREATE TRIGGER claim_state_counts_insert AFTER INSERT ON claims BEGIN "
    "UPDATE claim_state_counts SET claims = claims + 1 WHERE state = new.state; END",
    "CREATE TRIGGER claim_state_counts_delete AFTER DELETE ON claims BEGIN "
    "UPDATE claim_state_counts SET claims = claims - 1 WHERE state = old.state; END",
    "CREATE TRIGGER claim_state_counts_update AFTER UPDATE OF state ON claims "
    "WHEN old.state IS NOT new.state BEGIN "
    "UPDATE claim_state_counts SET claims = claims - 1 WHERE state = old.state; "
    "UPDATE claim_state_counts SET claims = claims + 1 WHERE state = new.state; END",
]
SQLITE_COUNTS_DOWN = [f"DROP TRIGGER IF EXISTS claim_state_counts_{when}"
                      for when in ("insert", "delete", "update")]

# Statement-level triggers add up a whole multi-row statement at once; a statement that moves no
# claim between states writes nothing, so ordinary edits never touch (or lock) the counts.
_PG_APPLY = (
    "UPDATE claim_state_counts AS counted SET claims = counted.claims + changes.change "
    "FROM (SELECT state, sum(change) AS change FROM ({rows}) AS moved GROUP BY state "
    "HAVING sum(change) <> 0) AS changes WHERE counted.state = changes.state"
)
POSTGRESQL_COUNTS = [
    "CREATE FUNCTION claim_state_count() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'INSERT' THEN "
    + _PG_APPLY.format(rows="SELECT state, 1 AS change FROM new_rows") + "; "
    "ELSIF TG_OP = 'DELETE' THEN "
    + _PG_APPLY.format(rows="SELECT state, -1 AS change FROM old_rows") + "; "
    "ELSE "
    + _PG_APPLY.format(rows="SELECT state, 1 AS change FROM new_rows UNION ALL "
                            "SELECT state, -1 FROM old_rows") + "; "
    "END IF; RETURN NULL; END $$",
    "CREATE TRIGGER claim_state_counts_insert AFTER INSERT ON claims "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION claim_state_count()",
    "CREATE TRIGGER claim_state_counts_delete AFTER DELETE ON claims "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION claim_state_count()",
    "CREATE TRIGGER claim_state_counts_update AFTER UPDATE ON claims "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION claim_state_count()",
]
POSTGRESQL_COUNTS_DOWN = [
    "DROP TRIGGER IF EXISTS claim_state_counts_update ON claims",
    "DROP TRIGGER IF EXISTS claim_state_counts_delete ON claims",
    "DROP TRIGGER IF EXISTS claim_state_counts_insert ON claims",
    "DROP FUNCTION IF EXISTS claim_state_count()",
]
ARTICLE_VECTOR = "to_tsvector('simple'::regconfig, title || ' ' || body)"
EVIDENCE_VECTOR = ("to_tsvector('simple'::regconfig, title || ' ' || coalesce(excerpt, '') || ' ' "
                   "|| coalesce(publisher, ''))")
POSTGRESQL_SEARCH = [
    f"CREATE INDEX claim_search_articles ON articles USING gin (({ARTICLE_VECTOR}))",
    f"CREATE INDEX claim_search_evidence ON evidence USING gin (({EVIDENCE_VECTOR}))",
]
POSTGRESQL_SEARCH_DOWN = [
    "DROP INDEX IF EXISTS claim_search_evidence",
    "DROP INDEX IF EXISTS claim_search_articles",
]


def upgrade():
    counts = op.create_table(
        'claim_state_counts',
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('claims', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('state', name=op.f('pk_claim_state_counts')),
    )
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('claims', schema=None) as batch_op:
        for name in SUPERSEDED:
            batch_op.drop_index(name)
    for name, columns, where in QUEUE_INDEXES:
        partial = f" WHERE {where}" if where else ""
        op.execute(f"CREATE INDEX {name} ON claims ({columns}){partial}")
    op.bulk_insert(counts, [{"state": state, "claims": 0} for state in STATES])
    op.execute(
        "UPDATE claim_state_counts SET claims = (SELECT count(*) FROM claims "
        "WHERE claims.state = claim_state_counts.state)"
    )
    if dialect == "sqlite":
        statements = [*SQLITE_COUNTS,
                      *_fts5("claim_search_articles", "articles", ["title", "body"]),
                      *_fts5("claim_search_evidence", "evidence",
                             ["title", "excerpt", "publisher"])]
    else:
        statements = [*POSTGRESQL_COUNTS, *POSTGRESQL_SEARCH]
    for statement in statements:
        op.execute(statement)
    # Planner statistics for the new indexes: SQLite only picks a partial index over the
    # per-state one once it knows how few rows it holds.
    op.execute("ANALYZE" if dialect == "sqlite" else "ANALYZE claims")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        statements = [*SQLITE_COUNTS_DOWN, *_fts5_down("claim_search_evidence"),
                      *_fts5_down("claim_search_articles")]
    else:
        statements = [*POSTGRESQL_COUNTS_DOWN, *POSTGRESQL_SEARCH_DOWN]
    for statement in statements:
        op.execute(statement)
    for name, _columns, _where in reversed(QUEUE_INDEXES):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table('claims', schema=None) as batch_op:
        for name in SUPERSEDED:
            batch_op.create_index(name, [name.removeprefix('ix_claims_')], unique=False)
    op.drop_table('claim_state_counts')
