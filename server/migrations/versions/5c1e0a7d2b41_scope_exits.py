"""scope exits: tombstones for rows that left a pull scope

Revision ID: 5c1e0a7d2b41
Revises: 92786f3acf60
Create Date: 2026-11-27 09:50:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5c1e0a7d2b41"
down_revision = "92786f3acf60"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scope_exits",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("collection", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scope_exits")),
    )
    with op.batch_alter_table("scope_exits", schema=None) as batch_op:
        batch_op.create_index("ix_scope_exits_scope", ["column", "old_value", "seq"], unique=False)


def downgrade():
    with op.batch_alter_table("scope_exits", schema=None) as batch_op:
        batch_op.drop_index("ix_scope_exits_scope")
    op.drop_table("scope_exits")
