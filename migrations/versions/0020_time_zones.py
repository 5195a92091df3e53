"""users.time_zone and desk_settings.time_zone: times shown in each person's zone

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 10:50:00

Times stay stored in UTC. The desk chooses a zone (UTC until an admin picks one) and each
person may choose their own; an empty personal zone means "the desk's".
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
    with op.batch_alter_table('desk_settings') as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=False,
                                      server_default='UTC'))


def downgrade():
    with op.batch_alter_table('desk_settings') as batch_op:
        batch_op.drop_column('time_zone')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('time_zone')
