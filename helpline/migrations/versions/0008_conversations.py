"""conversations: texts to a peer, relayed through the line by case code; call-backs to texters

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 14:30:00
"""
from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_open = sa.text("status != 'closed'")


def upgrade() -> None:
    op.create_table(
        'conversations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_code', sa.String(length=8), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('urgent', sa.Boolean(), nullable=False),
        sa.Column('volunteer_id', sa.Integer(), nullable=True),
        sa.Column('offer_round', sa.Integer(), nullable=False),
        sa.Column('opened_at', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('waiting_since', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_message_at', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('texter_last_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('volunteer_last_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_offer_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('escalated_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_by', sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'],
                                name=op.f('fk_conversations_contact_id_contacts')),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'],
                                name=op.f('fk_conversations_volunteer_id_volunteers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    )
    op.create_index(op.f('ix_conversations_contact_id'), 'conversations', ['contact_id'])
    op.create_index('ix_conversations_status', 'conversations', ['status', 'volunteer_id'])
    op.create_index('ix_conversations_open_code', 'conversations', ['case_code'], unique=True,
                    sqlite_where=_open, postgresql_where=_open)
    op.create_table(
        'conversation_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('sender', sa.String(length=10), nullable=False),
        sa.Column('volunteer_id', sa.Integer(), nullable=True),
        sa.Column('message_sid', sa.String(length=64), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('num_media', sa.Integer(), nullable=False),
        sa.Column('relayed', sa.Boolean(), nullable=False),
        sa.Column('created_at', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'],
                                name=op.f('fk_conversation_messages_conversation_id_conversations')),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'],
                                name=op.f('fk_conversation_messages_volunteer_id_volunteers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_messages')),
    )
    op.create_index(op.f('ix_conversation_messages_conversation_id'), 'conversation_messages',
                    ['conversation_id'])
    op.create_table(
        'conversation_offers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('volunteer_id', sa.Integer(), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('urgent', sa.Boolean(), nullable=False),
        sa.Column('offered_at', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'],
                                name=op.f('fk_conversation_offers_conversation_id_conversations')),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'],
                                name=op.f('fk_conversation_offers_volunteer_id_volunteers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_offers')),
        sa.UniqueConstraint('conversation_id', 'round', 'volunteer_id',
                            name=op.f('uq_conversation_offers_conversation_id')),
    )
    op.create_index(op.f('ix_conversation_offers_conversation_id'), 'conversation_offers',
                    ['conversation_id'])
    # Texts to the line's own people are queued by address: their STOP cancels by address.
    op.create_index(op.f('ix_outbound_messages_to_address'), 'outbound_messages',
                    ['to_address'])
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('contact_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('case_code', sa.String(length=8), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_callbacks_contact_id_contacts'), 'contacts',
                                    ['contact_id'], ['id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_outbound_messages_to_address'), table_name='outbound_messages')
    op.execute("DELETE FROM callbacks WHERE call_id IS NULL")
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_callbacks_contact_id_contacts'),
                                 type_='foreignkey')
        batch_op.drop_column('case_code')
        batch_op.drop_column('contact_id')
        batch_op.alter_column('call_id', existing_type=sa.Integer(), nullable=False)
    op.drop_table('conversation_offers')
    op.drop_table('conversation_messages')
    op.drop_table('conversations')
