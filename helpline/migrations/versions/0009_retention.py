"""retention: when a voicemail's words and audio were purged; indexes for purging by age

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 15:00:00
"""
from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('voicemails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purged_at', helpline.db.UTCDateTime(timezone=True),
                                      nullable=True))
    op.create_index(op.f('ix_inbound_messages_received_at'), 'inbound_messages', ['received_at'])
    op.create_index(op.f('ix_outbound_messages_created_at'), 'outbound_messages', ['created_at'])


def downgrade() -> None:
    op.drop_index(op.f('ix_outbound_messages_created_at'), table_name='outbound_messages')
    op.drop_index(op.f('ix_inbound_messages_received_at'), table_name='inbound_messages')
    with op.batch_alter_table('voicemails', schema=None) as batch_op:
        batch_op.drop_column('purged_at')
