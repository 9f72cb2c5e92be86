"""Client e-mail addresses, reminders sent, and comments shared with the client.

Revision ID: 0002_mail_and_shared_comments
Revises: 0001_baseline

- ``clients.email_sealed``: the optional address links and reminders go to (encrypted);
- ``reminders``: one row per reminder e-mail sent for an assignment occurrence (the unique
  pair stops ``cbt remind`` from sending one twice);
- ``comments.shared``: the client sees the comment on their next visit (existing comments
  stay private).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_mail_and_shared_comments"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("email_sealed", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("comments") as batch:
        batch.add_column(
            sa.Column("shared", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["assignment_id"], ["assignments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assignment_id", "kind"),
    )
    op.create_index("ix_reminders_assignment_id", "reminders", ["assignment_id"])


def downgrade() -> None:
    op.drop_index("ix_reminders_assignment_id", table_name="reminders")
    op.drop_table("reminders")
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("shared")
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("email_sealed")
