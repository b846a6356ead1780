"""volunteers: a PIN (hashed) for the phone menu, wrong PINs counted, the call they proved in

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pin_hash', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('pin_failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('pin_failed_at', helpline.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('proven_call_sid', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('volunteers', schema=None) as batch_op:
        batch_op.drop_column('proven_call_sid')
        batch_op.drop_column('pin_failed_at')
        batch_op.drop_column('pin_failures')
        batch_op.drop_column('pin_hash')
