"""audit log; revocable coordinator sessions; notes on shifts

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 16:30:00
"""
import secrets

from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'audit_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_label', sa.String(length=120), nullable=False),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('subject_type', sa.String(length=40), nullable=False),
        sa.Column('subject_id', sa.String(length=40), nullable=True),
        sa.Column('summary', sa.String(length=200), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['coordinators.id'],
                                name=op.f('fk_audit_events_actor_id_coordinators')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events')),
    )
    op.create_index(op.f('ix_audit_events_at'), 'audit_events', ['at'])
    op.create_index(op.f('ix_audit_events_action'), 'audit_events', ['action'])
    op.create_index('ix_audit_events_subject', 'audit_events', ['subject_type', 'subject_id'])
    with op.batch_alter_table('coordinators') as batch:
        batch.add_column(sa.Column('session_nonce', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('password_changed_at', helpline.db.UTCDateTime(timezone=True),
                                   nullable=True))
    coordinators = sa.table('coordinators', sa.column('id', sa.Integer),
                            sa.column('session_nonce', sa.String))
    connection = op.get_bind()
    for (person_id,) in connection.execute(sa.select(coordinators.c.id)).all():
        connection.execute(coordinators.update().where(coordinators.c.id == person_id)
                           .values(session_nonce=secrets.token_hex(16)))
    with op.batch_alter_table('coordinators') as batch:
        batch.alter_column('session_nonce', existing_type=sa.String(length=32), nullable=False)
    with op.batch_alter_table('shifts') as batch:
        batch.add_column(sa.Column('note', sa.String(length=200), nullable=True))
    with op.batch_alter_table('extra_shifts') as batch:
        batch.add_column(sa.Column('note', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('extra_shifts') as batch:
        batch.drop_column('note')
    with op.batch_alter_table('shifts') as batch:
        batch.drop_column('note')
    with op.batch_alter_table('coordinators') as batch:
        batch.drop_column('password_changed_at')
        batch.drop_column('session_nonce')
    op.drop_index('ix_audit_events_subject', table_name='audit_events')
    op.drop_index(op.f('ix_audit_events_action'), table_name='audit_events')
    op.drop_index(op.f('ix_audit_events_at'), table_name='audit_events')
    op.drop_table('audit_events')
