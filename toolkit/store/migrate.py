"""Apply the store's schema revisions with Alembic (``cbt db upgrade``, ``cbt db current``).

Alembic is configured here in code (no ``alembic.ini``): the revisions ship inside the package
in ``toolkit/store/migrations/versions/``, and every command runs on one connection, in one
transaction where the backend allows it (PostgreSQL and SQLite both do), so a failed upgrade
leaves the database as it was.

A database made by the release before migrations (our tables, no ``alembic_version``) is
recognised as the baseline revision: :func:`upgrade` checks that it holds every baseline table,
stamps it with :data:`~toolkit.store.schema.BASELINE_REVISION` and applies the later revisions.

Developers add a revision with ``python -m toolkit.store.migrate revision "what changed"``
(see README.md, "Schema changes").
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, select

from .errors import StoreSchemaError
from .models import Meta
from .schema import BASELINE_REVISION, BASELINE_TABLES, HEAD_REVISION, read_state

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the store, bound to ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def revisions() -> tuple[str, ...]:
    """Every revision in the migrations folder, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return tuple(reversed([rev.revision for rev in script.walk_revisions()]))


def current(engine: Engine) -> str | None:
    """The revision the database is at (``None``: empty, or made before migrations)."""
    with engine.connect() as connection:
        return read_state(connection).revision


def _adopt_baseline(connection: Connection) -> None:
    """Stamp a database made before migrations as the baseline, after checking it is one."""
    state = read_state(connection)
    missing = sorted(BASELINE_TABLES - state.tables)
    if missing:
        raise StoreSchemaError(
            "the database has some of cbt-toolkit's tables but not all (missing: "
            f"{', '.join(missing)}); it was not made by an earlier release: nothing was changed"
        )
    version = connection.execute(
        select(Meta.value).where(Meta.key == "schema_version")
    ).scalar_one_or_none()
    if version not in (None, "1"):
        raise StoreSchemaError(
            f"the database says it has table layout {version}, which no release of cbt-toolkit "
            "wrote: nothing was changed"
        )
    command.stamp(alembic_config(connection), BASELINE_REVISION)


@contextmanager
def _foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """On SQLite, switch foreign keys off around the upgrade's transaction.

    A batch operation that must rebuild a table (SQLite cannot drop a constraint) copies it
    and drops the old one; with foreign keys on, that drop would cascade to every row that
    refers to it (a client's assignments, answers, alerts). SQLite's own procedure for
    changing a table turns them off outside the transaction and checks them before commit
    (:func:`_check_foreign_keys`). Other backends alter tables in place.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, where it takes effect
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    """Refuse to commit an upgrade that left a reference dangling (SQLite)."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = ", ".join(sorted({str(row[0]) for row in broken}))
        raise StoreSchemaError(
            f"the upgrade would leave broken references in {tables}: nothing was changed"
        )


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to :data:`~toolkit.store.schema.HEAD_REVISION`.

    Returns
    -------
    tuple
        The revision before (``None`` for an empty or pre-migration database) and after.

    Raises
    ------
    StoreSchemaError
        The database is at a revision this release does not know, or looks like no release
        of cbt-toolkit made it; nothing was changed.
    """
    with engine.connect() as connection, _foreign_keys_deferred(connection), connection.begin():
        state = read_state(connection)
        if state.kind == "unknown":
            raise StoreSchemaError(state.problem() or "unknown schema revision")
        if state.kind == "unversioned":
            _adopt_baseline(connection)
        if state.kind != "current":
            command.upgrade(alembic_config(connection), "head")
        _check_foreign_keys(connection)
        after = read_state(connection).revision
    if after != HEAD_REVISION:
        raise StoreSchemaError(f"the upgrade stopped at revision {after}, not {HEAD_REVISION}")
    return state.revision, after


def new_revision(message: str) -> Path:
    """Write a new revision file: the difference between the models and the head revision.

    The head revision is applied to a scratch SQLite database, which Alembic's autogenerate
    compares with the models. Read and edit the file it writes before committing it, and add
    its id to :data:`toolkit.store.schema.REVISIONS`.
    """
    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'scratch.sqlite3'}")
        try:
            with engine.begin() as connection:
                config = alembic_config(connection)
                config.set_main_option("file_template", "%%(rev)s")
                ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
                if ruff:
                    hooks = {
                        "hooks": "ruff",
                        "ruff.type": "exec",
                        "ruff.executable": ruff,
                        "ruff.options": "format REVISION_SCRIPT_FILENAME",
                    }
                    for key, value in hooks.items():
                        config.set_section_option("post_write_hooks", key, value)
                command.upgrade(config, "head")
                number = len(revisions()) + 1
                slug = "_".join(message.lower().split())[:24] or "change"
                script = command.revision(
                    config, message, autogenerate=True, rev_id=f"{number:04d}_{slug}"
                )
        finally:
            engine.dispose()
    scripts = script if isinstance(script, list) else [script]
    written = scripts[0]
    assert written is not None
    return Path(written.path)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m toolkit.store.migrate revision MESSAGE``: for developers changing models."""
    parser = argparse.ArgumentParser(prog="python -m toolkit.store.migrate")
    commands = parser.add_subparsers(dest="command", required=True)
    revision = commands.add_parser("revision", help="write a revision for a change of the models")
    revision.add_argument("message")
    args = parser.parse_args(argv)
    path = new_revision(args.message)
    sys.stdout.write(f"wrote {path}: read it, then add its id to REVISIONS in schema.py\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
