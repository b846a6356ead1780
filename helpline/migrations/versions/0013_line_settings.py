"""line_settings: settings and texts changed on the web page

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 17:15:00
"""
from alembic import op
import sqlalchemy as sa
import helpline.db


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'line_settings',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('updated_at', helpline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['updated_by_id'], ['coordinators.id'],
                                name=op.f('fk_line_settings_updated_by_id_coordinators')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_line_settings')),
    )


def downgrade() -> None:
    op.drop_table('line_settings')
