"""Client codes are unique per therapist, not across the clinic.

Revision ID: 0004_client_codes_per_therapist
Revises: 0003_class_rounds

``clients.code`` was unique in the whole database, so "Add client" told one therapist that
another therapist had a client with that code. Now the pair (``therapist_id``, ``code``) is
unique: two therapists may each have a "C1", and a lookup by code is always scoped to a
therapist. No row changes (codes unique across the clinic are unique per therapist too).

The baseline's constraint has no name of ours: PostgreSQL called it ``clients_code_key``, and
SQLite keeps it unnamed (the batch copy names it through ``naming_convention``), so the
upgrade looks its name up. The downgrade fails while two therapists share a code.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_client_codes_per_therapist"
down_revision = "0003_class_rounds"
branch_labels = None
depends_on = None

NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
"""Names SQLite's unnamed unique constraints in a batch copy (Alembic's documented way)."""


def _code_constraints() -> list[str]:
    """Names of the unique constraints on ``clients.code`` alone."""
    found = sa.inspect(op.get_bind()).get_unique_constraints("clients")
    return [
        constraint["name"] or "uq_clients_code"
        for constraint in found
        if constraint["column_names"] == ["code"]
    ]


def upgrade() -> None:
    old = _code_constraints()
    with op.batch_alter_table("clients", naming_convention=NAMING) as batch:
        for name in old:
            batch.drop_constraint(name, type_="unique")
        batch.create_unique_constraint("uq_clients_therapist_code", ["therapist_id", "code"])


def downgrade() -> None:
    with op.batch_alter_table("clients", naming_convention=NAMING) as batch:
        batch.drop_constraint("uq_clients_therapist_code", type_="unique")
        batch.create_unique_constraint("uq_clients_code", ["code"])
