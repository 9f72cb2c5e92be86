"""Open a store: engine set-up (SQLite WAL or PostgreSQL), tables, and the encryption key."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool, StaticPool

from toolkit.config import Settings, current, data_dir

from .crypto import (
    KEY_BYTES,
    KEY_CHECK_TEXT,
    KEY_MISMATCH,
    Cipher,
    create_key_file,
    key_from_material,
    key_from_passphrase,
    new_salt,
    read_key_file,
)
from .errors import StoreError, StoreKeyError
from .models import SCHEMA_VERSION, Meta
from .repository import Store
from .schema import prepare

BUSY_TIMEOUT_MS = 10_000
"""How long an SQLite writer waits for another one before giving up."""


def _is_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def sqlite_path(url: URL) -> Path | None:
    """The database file of an SQLite URL (``None`` for other backends or in-memory)."""
    if url.get_backend_name() != "sqlite" or _is_memory(url):
        return None
    return Path(str(url.database)).expanduser()


def default_key_file(url: URL) -> Path:
    """Where the key file lives when ``CBT_SECRET_KEY`` is not set.

    Beside an SQLite database (``<database>.key``); for a server database, in the user data
    folder, named after a hash of the URL without its password.
    """
    path = sqlite_path(url)
    if path is not None:
        return path.with_name(path.name + ".key")
    label = url.render_as_string(hide_password=True)
    digest = hashlib.sha256(label.encode("utf-8")).hexdigest()[:16]
    return data_dir() / f"{url.get_backend_name()}-{digest}.key"


def _sqlite_engine(url: URL) -> Engine:
    memory = _is_memory(url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    if memory:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the sqlite3 module (see the "begin" hook).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Every store transaction writes (at least its audit entry): take the write lock up
        # front, so concurrent writers queue on busy_timeout instead of failing mid-way.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url``: SQLite in WAL mode with foreign keys and a busy timeout, or a
    server database (PostgreSQL via ``postgresql+psycopg://``, directly or through PgBouncer)
    that connects per transaction and keeps no idle connection."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError("CBT_DATABASE_URL is not a valid database URL") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    options: dict[str, Any] = {}
    if parsed.get_driver_name() == "psycopg":
        # no server-side prepared statements: PgBouncer in transaction mode hands each
        # transaction to any server connection, where a prepared statement would be missing
        options["connect_args"] = {"prepare_threshold": None}
    # No pool: a page's kernel holds a server connection only during a transaction, so idle
    # pages (hundreds per server, several servers) hold none. PgBouncer, when used, is the pool.
    return create_engine(parsed, poolclass=NullPool, **options)


def _read_meta(engine: Engine) -> dict[str, str]:
    with Session(engine) as session, session.begin():
        return {row.key: row.value for row in session.scalars(select(Meta))}


def _cipher(
    engine: Engine, url: URL, secret_key: str | None, key_file: Path | None, *, retry: bool = True
) -> Cipher:
    """Derive the key, write or verify the key check value, and return the cipher."""
    meta = _read_meta(engine)
    salt_text, check_text = meta.get("kdf_salt"), meta.get("key_check")
    path = key_file or default_key_path_or_none(url)
    material: bytes | None = None
    if not secret_key:
        if path is None:
            material = os.urandom(KEY_BYTES)  # in-memory database: the key lives as long
        elif path.exists():
            material = read_key_file(path)
        elif check_text is not None:
            raise StoreKeyError(
                f"the key file {path} is missing and CBT_SECRET_KEY is not set: the encrypted "
                "text in this database cannot be read without the key it was written with"
            )
        else:
            material = create_key_file(path)

    def derive(salt: bytes) -> Cipher:
        if secret_key:
            return Cipher(key_from_passphrase(secret_key, salt))
        assert material is not None
        return Cipher(key_from_material(material, salt))

    if salt_text is not None and check_text is not None:
        cipher = derive(base64.b64decode(salt_text))
        try:
            text = cipher.open(base64.b64decode(check_text), "store_meta.key_check")
        except StoreKeyError:
            raise StoreKeyError(KEY_MISMATCH) from None
        if text != KEY_CHECK_TEXT:
            raise StoreKeyError(KEY_MISMATCH)
        return cipher
    salt = new_salt()
    cipher = derive(salt)
    check = cipher.seal(KEY_CHECK_TEXT, "store_meta.key_check")
    try:
        with Session(engine) as session, session.begin():
            session.add_all(
                [
                    Meta(key="schema_version", value=str(SCHEMA_VERSION)),
                    Meta(key="kdf_salt", value=base64.b64encode(salt).decode("ascii")),
                    Meta(key="key_check", value=base64.b64encode(check).decode("ascii")),
                ]
            )
    except IntegrityError:
        if not retry:
            raise
        # Another process initialised the database at the same moment: use its salt.
        return _cipher(engine, url, secret_key, key_file, retry=False)
    return cipher


def default_key_path_or_none(url: URL) -> Path | None:
    """:func:`default_key_file`, or ``None`` for an in-memory database."""
    return None if _is_memory(url) else default_key_file(url)


def open_store(
    url: str | None = None,
    *,
    secret_key: str | None = None,
    key_file: Path | None = None,
    clock: Callable[[], dt.datetime] | None = None,
    password_hasher: PasswordHasher | None = None,
    session_timeout: dt.timedelta | None = None,
    zone: dt.tzinfo | None = None,
    settings: Settings | None = None,
) -> Store:
    """Open (creating if needed) the database at ``url`` and return its :class:`Store`.

    Parameters
    ----------
    url
        A SQLAlchemy URL; ``None`` reads ``CBT_DATABASE_URL`` (default: an SQLite file in the
        user data folder). The SQLite file's folder is created (mode 0700) and the file is
        created owner-only (0600).
    secret_key
        Overrides ``CBT_SECRET_KEY``. Without either, the key file is used (created on first
        use with mode 0600).
    key_file
        Overrides the key file location (:func:`default_key_file`).
    clock, password_hasher, session_timeout, zone
        Passed to :class:`Store`.
    settings
        Where ``url`` and ``secret_key`` default from, and the store's class rate
        (default: :func:`toolkit.config.current`).

    Raises
    ------
    StoreKeyError
        The key does not match the database, or the key file of an existing database is gone.
    StoreSchemaError
        The database is not at this release's schema revision: it needs ``cbt db upgrade``
        (see :mod:`toolkit.store.schema`). An empty database is created at that revision.
    StoreError
        The database cannot be reached or the URL is not valid.
    """
    settings = settings or current()
    target = url or settings.database_url
    secret = secret_key if secret_key is not None else settings.secret_key
    engine = make_engine(target)
    try:
        prepare(engine)
        cipher = _cipher(engine, make_url(target), secret or None, key_file)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise StoreError(f"cannot open the database: {reason}") from None
    except BaseException:
        engine.dispose()
        raise
    options: dict[str, Any] = {
        "clock": clock,
        "password_hasher": password_hasher,
        "zone": zone,
        "class_rate": settings.class_rate,
    }
    if session_timeout is not None:
        options["session_timeout"] = session_timeout
    return Store(engine, cipher, **options)
