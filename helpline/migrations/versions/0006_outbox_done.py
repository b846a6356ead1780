"""outbox: when each item's effect was seen to happen, for the sweep that hands lost work back

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 11:45:00
"""
from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_at', helpline.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_outbox_undone', ['done_at', 'relayed_at'], unique=False)
    # Work relayed before this revision is taken as done: only new work is swept.
    op.execute("UPDATE outbox SET done_at = relayed_at WHERE relayed_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_undone')
        batch_op.drop_column('done_at')
