"""voicemails: handled by a coordinator, with a note

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 17:05:00
"""
from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('voicemails') as batch:
        batch.add_column(sa.Column('handled_at', helpline.db.UTCDateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column('handled_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('handled_note', sa.String(length=200), nullable=True))
        batch.create_foreign_key(op.f('fk_voicemails_handled_by_id_coordinators'),
                                 'coordinators', ['handled_by_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('voicemails') as batch:
        batch.drop_constraint(op.f('fk_voicemails_handled_by_id_coordinators'),
                              type_='foreignkey')
        batch.drop_column('handled_note')
        batch.drop_column('handled_by_id')
        batch.drop_column('handled_at')
