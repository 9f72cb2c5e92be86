"""The database itself, for the command line: where it is, its schema revision, upgrading it.

``cbt serve``, ``cbt db current``, ``cbt db upgrade`` and ``cbt demo`` ask these questions by
URL; engines and SQLAlchemy's errors stay inside the store, and every failure is a
:class:`~toolkit.store.errors.StoreError` with a one-line reason (never a URL or password).
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from .database import make_engine, sqlite_path
from .errors import StoreError
from .schema import HEAD_REVISION, SchemaState, read_state

__all__ = ["HEAD_REVISION", "SchemaState", "database_label", "schema_state", "upgrade_database"]


def _reason(exc: Exception) -> str:
    """The first line of a database driver's error (never a URL or password)."""
    text = str(getattr(exc, "orig", None) or type(exc).__name__).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _missing_sqlite_file(url: str) -> bool:
    """True when the database is an SQLite file that does not exist yet (nothing to read)."""
    try:
        path = sqlite_path(make_url(url))
    except ArgumentError:  # opening it gives the one-line reason
        return False
    return path is not None and not path.exists()


def schema_state(url: str) -> SchemaState | None:
    """The schema state of the database at ``url``, read only; ``None`` for an SQLite file
    that does not exist yet (nothing is created).

    Raises
    ------
    StoreError
        Not a valid URL, or the database cannot be reached.
    """
    if _missing_sqlite_file(url):
        return None
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return read_state(connection)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the database: {_reason(exc)}") from None
    finally:
        engine.dispose()


def upgrade_database(url: str) -> tuple[str | None, str]:
    """Apply the schema revisions (:func:`toolkit.store.migrate.upgrade`) to the database at
    ``url``; returns the revision before (``None``: empty or made before migrations) and after.

    Raises
    ------
    StoreError
        Nothing was changed: the reason is the one line.
    """
    from .migrate import upgrade

    engine = make_engine(url)
    try:
        return upgrade(engine)
    except SQLAlchemyError as exc:
        raise StoreError(f"the upgrade failed, nothing was changed: {_reason(exc)}") from None
    finally:
        engine.dispose()


def database_label(url: str) -> str:
    """Where the database is, for people: an SQLite file's path, else the URL without its
    password.

    >>> database_label("sqlite:////tmp/x.sqlite3")
    '/tmp/x.sqlite3'
    >>> database_label("postgresql+psycopg://cbt:secret@db/cbt")
    'postgresql+psycopg://cbt:***@db/cbt'
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(CBT_DATABASE_URL is not a valid URL)"
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database or "(in memory)")
    return parsed.render_as_string(hide_password=True)
