"""Educator-led classes: an educator key per class (its hash), rounds, and round answers.

Revision ID: 0003_class_rounds
Revises: 0002_mail_and_shared_comments

Three new tables, nothing changed in the old ones: ``class_keys`` (the SHA-256 of a class's
educator key), ``class_rounds`` (the item an educator asked the whole class, open until it
ended) and ``class_round_answers`` (which anonymous ``quiz_answers`` row belongs to which
round). A class made before this revision has no educator key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_class_rounds"
down_revision = "0002_mail_and_shared_comments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_keys",
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("class_id"),
    )
    op.create_table(
        "class_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("ended", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_class_rounds_class_id"), "class_rounds", ["class_id"])
    op.create_table(
        "class_round_answers",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["quiz_answers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["class_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("answer_id"),
    )
    op.create_index(op.f("ix_class_round_answers_round_id"), "class_round_answers", ["round_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_class_round_answers_round_id"), table_name="class_round_answers")
    op.drop_table("class_round_answers")
    op.drop_index(op.f("ix_class_rounds_class_id"), table_name="class_rounds")
    op.drop_table("class_rounds")
    op.drop_table("class_keys")
