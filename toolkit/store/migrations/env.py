"""Alembic's environment for the store: run through :mod:`toolkit.store.migrate` only.

There is no ``alembic.ini``: :func:`toolkit.store.migrate.alembic_config` builds the
configuration and passes an open connection (inside its transaction) as
``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from toolkit.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run the store's migrations with `cbt db upgrade` (toolkit.store.migrate)")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: revisions use batch operations (copy and rename)
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
