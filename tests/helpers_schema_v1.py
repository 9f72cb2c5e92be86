"""A frozen copy of the tables of the release before migrations (schema_version 1), and rows.

Never edit this file to follow ``toolkit/store/models.py``: it is what databases made by that
release look like, so the upgrade test can make one exactly as that release did
(``metadata.create_all``, then ``store_meta`` rows), fill every table and upgrade it.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from toolkit.store.crypto import KEY_CHECK_TEXT, Cipher, key_from_passphrase, new_salt

metadata = MetaData()

Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(512), nullable=False),
)
Table(
    "therapists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), unique=True, nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", DateTime, nullable=True),
    Column("created", DateTime, nullable=False),
)
Table(
    "login_throttle",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", DateTime, nullable=True),
    Column("last_failure", DateTime, nullable=False, index=True),
)
Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "therapist_id",
        Integer,
        ForeignKey("therapists.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("token_hash", String(64), unique=True, nullable=False),
    Column("created", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
)
Table(
    "clients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), unique=True, nullable=False),
    Column(
        "therapist_id",
        Integer,
        ForeignKey("therapists.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    Column("display_name_sealed", LargeBinary, nullable=True),
    Column("ai_help", Boolean, nullable=False),
    Column("created", DateTime, nullable=False),
)
Table(
    "assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "client_id",
        Integer,
        ForeignKey("clients.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column("exercise_ids", JSON, nullable=False),
    Column("instructions_sealed", LargeBinary, nullable=True),
    Column("due", Date, nullable=True),
    Column("every_days", Integer, nullable=True),
    Column("opens_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("status", String(16), index=True, nullable=False),
    Column("secret_hash", String(64), unique=True, nullable=True),
    Column("previous_id", Integer, nullable=True),
    Column("created", DateTime, nullable=False),
    Column("closed_at", DateTime, nullable=True),
)
Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "assignment_id",
        Integer,
        ForeignKey("assignments.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column("exercise_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("answers_sealed", LargeBinary, nullable=False),
    Column("extra_sealed", LargeBinary, nullable=True),
    Column("score_total", Integer, nullable=True),
    Column("score_band", String(64), nullable=True),
    Column("score_alerts", JSON, nullable=False),
    Column("score_detail", JSON, nullable=True),
    Column("created", DateTime, nullable=False),
    UniqueConstraint("assignment_id", "exercise_id", "version"),
)
Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "response_id",
        Integer,
        ForeignKey("responses.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column(
        "therapist_id", Integer, ForeignKey("therapists.id", ondelete="CASCADE"), nullable=False
    ),
    Column("body_sealed", LargeBinary, nullable=False),
    Column("created", DateTime, nullable=False),
)
Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "client_id",
        Integer,
        ForeignKey("clients.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column(
        "assignment_id", Integer, ForeignKey("assignments.id", ondelete="CASCADE"), nullable=True
    ),
    Column("response_id", Integer, ForeignKey("responses.id", ondelete="CASCADE"), nullable=True),
    Column("kind", String(32), nullable=False),
    Column("detail", String(256), nullable=False),
    Column("dedupe", String(128), unique=True, nullable=False),
    Column("created", DateTime, nullable=False),
    Column("acknowledged_at", DateTime, nullable=True),
)
Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(96), nullable=False),
    Column("action", String(48), nullable=False),
    Column("object", String(96), nullable=False),
    Index("ix_audit_log_at", "at"),
)
Table(
    "classes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("code", String(16), unique=True, nullable=False),
    Column("created", DateTime, nullable=False),
)
Table(
    "quiz_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "class_id",
        Integer,
        ForeignKey("classes.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column("item_id", String(64), nullable=False),
    Column("chosen", JSON, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("created", DateTime, nullable=False),
)

PASSPHRASE = "previous release passphrase"
PASSWORD = "correct horse battery"
T0 = dt.datetime(2025, 3, 3, 9, 0)  # naive UTC, as that release stored datetimes
ANSWERS = {"situation": "Missed the bus — again 😞", "moods": [{"mood": "sad", "intensity": 70}]}


def make_previous_release_database(engine: Engine) -> dict[str, Any]:
    """Create the tables and fill every one with rows, as that release would have.

    Ids are left to the database (its sequences must go on counting after the upgrade); in
    fresh tables they are 1, 2, … in insertion order, which the foreign keys below rely on.

    Returns the facts the test reads back through today's store: the passphrase, the
    therapist's password, the client code and the texts that were sealed.
    """
    metadata.create_all(engine)
    salt = new_salt()
    cipher = Cipher(key_from_passphrase(PASSPHRASE, salt))
    hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    t = metadata.tables
    later = T0 + dt.timedelta(days=1)
    with engine.begin() as connection:
        connection.execute(
            t["store_meta"].insert(),
            [
                {"key": "schema_version", "value": "1"},
                {"key": "kdf_salt", "value": base64.b64encode(salt).decode("ascii")},
                {
                    "key": "key_check",
                    "value": base64.b64encode(
                        cipher.seal(KEY_CHECK_TEXT, "store_meta.key_check")
                    ).decode("ascii"),
                },
            ],
        )
        connection.execute(
            t["therapists"].insert(),
            [
                {
                    "username": "alice",
                    "password_hash": hasher.hash(PASSWORD),
                    "failed_logins": 0,
                    "locked_until": None,
                    "created": T0,
                }
            ],
        )
        connection.execute(
            t["login_throttle"].insert(),
            [{"key": "addr:" + "0" * 64, "failures": 2, "locked_until": None, "last_failure": T0}],
        )
        connection.execute(
            t["sessions"].insert(),
            [
                {
                    "therapist_id": 1,
                    "token_hash": "a" * 64,
                    "created": T0,
                    "last_seen": T0,
                }
            ],
        )
        connection.execute(
            t["clients"].insert(),
            [
                {
                    "code": "C-001",
                    "therapist_id": 1,
                    "display_name_sealed": cipher.seal("Sam Ö.", "clients.display_name"),
                    "ai_help": True,
                    "created": T0,
                }
            ],
        )
        connection.execute(
            t["assignments"].insert(),
            [
                {
                    "client_id": 1,
                    "exercise_ids": ["thought_record", "phq9"],
                    "instructions_sealed": cipher.seal(
                        "Try it after work", "assignments.instructions"
                    ),
                    "due": dt.date(2025, 3, 10),
                    "every_days": 7,
                    "opens_at": T0,
                    "expires_at": T0 + dt.timedelta(days=30),
                    "status": "submitted",
                    "secret_hash": "b" * 64,
                    "previous_id": None,
                    "created": T0,
                    "closed_at": later,
                }
            ],
        )
        connection.execute(
            t["responses"].insert(),
            [
                {
                    "assignment_id": 1,
                    "exercise_id": "thought_record",
                    "kind": "submission",
                    "version": 1,
                    "answers_sealed": cipher.seal_json(ANSWERS, "responses.answers"),
                    "extra_sealed": cipher.seal_json({"ai": {"shown": []}}, "responses.extra"),
                    "score_total": None,
                    "score_band": None,
                    "score_alerts": [],
                    "score_detail": None,
                    "created": later,
                },
                {
                    "assignment_id": 1,
                    "exercise_id": "phq9",
                    "kind": "submission",
                    "version": 1,
                    "answers_sealed": cipher.seal_json(
                        {"items": [1, 2, 1, 0, 1, 2, 1, 0, 1]}, "responses.answers"
                    ),
                    "extra_sealed": None,
                    "score_total": 9,
                    "score_band": "mild",
                    "score_alerts": ["phq9_item9"],
                    "score_detail": {"subscales": {}},
                    "created": later,
                },
            ],
        )
        connection.execute(
            t["comments"].insert(),
            [
                {
                    "response_id": 1,
                    "therapist_id": 1,
                    "body_sealed": cipher.seal("Good evidence column", "comments.body"),
                    "created": later,
                }
            ],
        )
        connection.execute(
            t["alerts"].insert(),
            [
                {
                    "client_id": 1,
                    "assignment_id": 1,
                    "response_id": 2,
                    "kind": "risk_item",
                    "detail": "phq9: phq9_item9",
                    "dedupe": "risk:2:phq9_item9",
                    "created": later,
                    "acknowledged_at": None,
                }
            ],
        )
        connection.execute(
            t["audit_log"].insert(),
            [{"at": later, "actor": "cli", "action": "assign", "object": "assignment:1"}],
        )
        connection.execute(
            t["classes"].insert(),
            [{"name": "Tuesday seminar", "code": "K7Q2M9XW", "created": T0}],
        )
        connection.execute(
            t["quiz_answers"].insert(),
            [
                {
                    "class_id": 1,
                    "item_id": "q01",
                    "chosen": ["labeling"],
                    "correct": True,
                    "created": later,
                }
            ],
        )
    return {"passphrase": PASSPHRASE, "password": PASSWORD, "code": "C-001", "answers": ANSWERS}


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the frozen schema, in primary-key order."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for name, table in metadata.tables.items():
            query = table.select().order_by(*table.primary_key.columns)
            rows[name] = [tuple(row) for row in connection.execute(query)]
    return rows
