"""The default "Mostly true" colour darkened to #467a1b: white text on it is readable (5.2:1)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01 12:10:00

Rating badges carry white text, and the rating form now refuses a colour below 4.5:1 against
it. The scale seeded by 0001 had "Mostly true" at #4d9f2a (3.3:1). A desk that still has that
exact default gets the darker one; a colour an admin chose is left alone, and published
revisions keep the colour they went out with (frozen).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE ratings SET colour = '#467a1b' "
        "WHERE label = 'Mostly true' AND lower(colour) = '#4d9f2a'"
    )


def downgrade():
    op.execute(
        "UPDATE ratings SET colour = '#4d9f2a' "
        "WHERE label = 'Mostly true' AND lower(colour) = '#467a1b'"
    )
