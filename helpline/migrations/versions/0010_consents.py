"""consents: the check-in question and its answer; why a scheduled text was dropped

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 15:00:00
"""
from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'consents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('volunteer_id', sa.Integer(), nullable=True),
        sa.Column('asked_at', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('given_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('declined_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_at', helpline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('withdrawn_by', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'],
                                name=op.f('fk_consents_contact_id_contacts')),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'],
                                name=op.f('fk_consents_conversation_id_conversations')),
        sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'],
                                name=op.f('fk_consents_volunteer_id_volunteers')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_consents')),
        sa.UniqueConstraint('conversation_id', name=op.f('uq_consents_conversation_id')),
    )
    op.create_index(op.f('ix_consents_contact_id'), 'consents', ['contact_id'])
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dropped_why', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_column('dropped_why')
    op.drop_table('consents')
