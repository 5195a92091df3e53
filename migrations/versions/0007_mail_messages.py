"""mail_messages: e-mail written with the change that causes it, sent by a job

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 22:05:00

The whole message is stored so the sending job takes only its id, a retry sends the same
Message-ID, and a message already sent is never sent again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient', sa.String(length=320), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('text_body', sa.Text(), nullable=False),
        sa.Column('html_body', sa.Text(), nullable=True),
        sa.Column('message_id', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages')),
        sa.UniqueConstraint('message_id', name=op.f('uq_mail_messages_message_id')),
    )


def downgrade():
    op.drop_table('mail_messages')
