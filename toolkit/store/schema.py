"""Which schema revision a database is at, and the check every store makes when it opens.

The schema is versioned with Alembic (the revisions are in ``toolkit/store/migrations/``), but
this module does not import Alembic: a page's kernel only reads the ``alembic_version`` table
and compares it with :data:`HEAD_REVISION`. Applying revisions is :mod:`toolkit.store.migrate`'s
job (``cbt db upgrade``).

What opening a store does with each kind of database:

- **empty** (none of our tables, no revision): the tables are created as the models declare
  them and the database is stamped with :data:`HEAD_REVISION`, so a first ``make run`` needs no
  extra step;
- **current** (at :data:`HEAD_REVISION`): opened;
- **unversioned** (our tables but no ``alembic_version``: made by the release before
  migrations existed), **old** (an earlier revision) or **unknown** (a revision this release
  does not know, e.g. written by a newer release): refused with :class:`StoreSchemaError`,
  whose one-line message says what to run. Nothing is altered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Column, Connection, Engine, MetaData, PrimaryKeyConstraint, String, Table
from sqlalchemy import inspect as inspect_database
from sqlalchemy.exc import IntegrityError, ProgrammingError

from .errors import StoreSchemaError
from .models import Base

REVISIONS = (
    "0001_baseline",
    "0002_mail_and_shared_comments",
    "0003_class_rounds",
    "0004_client_codes_per_therapist",
    "0005_alert_columns",
)
"""Every revision in ``migrations/versions/``, oldest first (a test keeps the two equal)."""

BASELINE_REVISION = REVISIONS[0]
"""The schema of the first release, which made its tables without Alembic."""

HEAD_REVISION = REVISIONS[-1]
"""The revision the models of this release describe."""

VERSION_TABLE = "alembic_version"

BASELINE_TABLES = frozenset(
    {
        "store_meta",
        "therapists",
        "login_throttle",
        "sessions",
        "clients",
        "assignments",
        "responses",
        "comments",
        "alerts",
        "audit_log",
        "classes",
        "quiz_answers",
    }
)
"""The tables of the baseline revision: a database holding them and no revision is one the
release before migrations made."""

_version_table = Table(
    VERSION_TABLE,
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),  # as Alembic names it
)

SchemaKind = Literal["empty", "current", "unversioned", "old", "unknown"]


@dataclass(frozen=True)
class SchemaState:
    """What a database holds: its revision(s) and which of our tables exist."""

    revisions: tuple[str, ...]
    tables: frozenset[str]

    @property
    def revision(self) -> str | None:
        """The single revision the database is at (``None``: not stamped)."""
        return self.revisions[0] if len(self.revisions) == 1 else None

    @property
    def kind(self) -> SchemaKind:
        """How opening a store treats this database (see the module docstring)."""
        if not self.revisions:
            return "unversioned" if self.tables else "empty"
        if self.revision == HEAD_REVISION:
            return "current"
        if self.revision in REVISIONS:
            return "old"
        return "unknown"

    def problem(self) -> str | None:
        """The one-line reason a store refuses this database, or ``None`` if it opens."""
        kind = self.kind
        if kind == "unversioned":
            return (
                "the database was made by an earlier release of cbt-toolkit (it has no schema "
                "revision yet): back it up, then run `cbt db upgrade`"
            )
        if kind == "old":
            return (
                f"the database schema is at revision {self.revision}, this release needs "
                f"{HEAD_REVISION}: back it up, then run `cbt db upgrade`"
            )
        if kind == "unknown":
            shown = ", ".join(self.revisions)
            return (
                f"the database schema is at revision {shown}, which this release of cbt-toolkit "
                "does not know (was it made by a newer release?): upgrade cbt-toolkit"
            )
        return None


def read_state(connection: Connection) -> SchemaState:
    """The :class:`SchemaState` of the database behind ``connection`` (reads only)."""
    names = set(inspect_database(connection).get_table_names())
    revisions: tuple[str, ...] = ()
    if VERSION_TABLE in names:
        rows = connection.execute(_version_table.select()).scalars()
        revisions = tuple(sorted(str(row) for row in rows))
    return SchemaState(revisions, frozenset(names & BASELINE_TABLES))


def stamp(connection: Connection, revision: str) -> None:
    """Record ``revision`` in a database that has no ``alembic_version`` table yet."""
    _version_table.create(connection)
    connection.execute(_version_table.insert().values(version_num=revision))


def prepare(engine: Engine, *, retry: bool = True) -> None:
    """Create an empty database at :data:`HEAD_REVISION`; refuse any other that is not at it.

    Raises
    ------
    StoreSchemaError
        The database needs ``cbt db upgrade`` (or a newer release); nothing was changed.
    """
    try:
        with engine.begin() as connection:
            state = read_state(connection)
            if state.kind == "empty":
                Base.metadata.create_all(connection)
                stamp(connection, HEAD_REVISION)
                return
    except (IntegrityError, ProgrammingError):
        if not retry:
            raise
        # Another process created the tables at the same moment: wait for it, look again.
        time.sleep(1)
        prepare(engine, retry=False)
        return
    problem = state.problem()
    if problem is not None:
        raise StoreSchemaError(problem)
