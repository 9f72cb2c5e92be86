"""Alerts keep what they are about in columns of their own.

Revision ID: 0005_alert_columns
Revises: 0004_client_codes_per_therapist

An alert's subject was one line in ``alerts.detail`` (``"phq9: phq9_item9"``,
``"thought_record: situation; tier=check; from=draft"``, ``"due 2026-12-01: phq9, gad7"``)
that the therapist page split apart again. Now each part has a column: ``exercise_ids``
(JSON list), ``alert_id``, ``fields`` (JSON list), ``tier``, ``source`` and ``due``. The
upgrade fills them from every existing row's ``detail``, which stays as it was (the readable
line, and what the downgrade keeps). The parsing below is a frozen copy of this release's
:meth:`toolkit.exercises.answers.Alert.from_detail`, so the revision never changes with the
code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_alert_columns"
down_revision = "0004_client_codes_per_therapist"
branch_labels = None
depends_on = None

TIERS = ("none", "check", "crisis")
NEW_COLUMNS = ("exercise_ids", "alert_id", "fields", "tier", "source", "due")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def columns_from_detail(kind: str, detail: str) -> dict[str, Any]:
    """The new columns' values for one alert row of an older release."""
    found: dict[str, Any] = dict.fromkeys(NEW_COLUMNS)
    found["fields"] = []
    if kind == "overdue":
        day, _, ids = detail.removeprefix("due ").partition(": ")
        try:
            found["due"] = dt.date.fromisoformat(day)
        except ValueError:
            found["due"] = None
        found["exercise_ids"] = _split(ids)
        return found
    head, _, rest = detail.partition(": ")
    found["exercise_ids"] = [head] if head else []
    if kind == "risk_item":
        found["alert_id"] = rest or None
        return found
    parts = rest.split("; ")
    found["fields"] = _split(parts[0])
    found["tier"], found["source"] = "crisis", "submission"
    for part in parts[1:]:
        key, _, value = part.partition("=")
        if key == "tier" and value in TIERS:
            found["tier"] = value
        elif key == "from":
            found["source"] = value
    return found


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("exercise_ids", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("alert_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("fields", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("tier", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("source", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("due", sa.Date(), nullable=True))
    alerts = sa.table(
        "alerts",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("detail", sa.String()),
        sa.column("exercise_ids", sa.JSON()),
        sa.column("alert_id", sa.String()),
        sa.column("fields", sa.JSON()),
        sa.column("tier", sa.String()),
        sa.column("source", sa.String()),
        sa.column("due", sa.Date()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(alerts.c.id, alerts.c.kind, alerts.c.detail)).all()
    for row_id, kind, detail in rows:
        bind.execute(
            alerts.update()
            .where(alerts.c.id == row_id)
            .values(**columns_from_detail(kind, detail or ""))
        )


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        for name in reversed(NEW_COLUMNS):
            batch.drop_column(name)
