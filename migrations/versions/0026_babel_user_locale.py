"""users.language and desk_settings.language: the desk's pages in each person's language

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-01 13:50:00

The interface is translatable (English and Russian). The desk has a default language (English
until an admin picks another) and each person may choose their own; an empty personal choice
means "the desk's".
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))
    with op.batch_alter_table('desk_settings') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=False,
                                      server_default='en'))


def downgrade():
    with op.batch_alter_table('desk_settings') as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('language')
