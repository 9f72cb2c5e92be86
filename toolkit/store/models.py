"""The database tables, as typed SQLAlchemy 2 ORM classes.

Free text lives only in ``LargeBinary`` columns sealed by :class:`toolkit.store.crypto.Cipher`
(their names end in ``_sealed``). Everything else is identifiers, numbers, dates and flags that
the therapist page lists and sorts without decrypting. No scoring or business rules live here:
they are in the store's rooms (:mod:`toolkit.store.repository` lists them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = 1
"""Table layout of the first release, still written to ``store_meta``. The schema's version is
now its Alembic revision (:mod:`toolkit.store.schema`): change these classes only together with
a new revision in ``migrations/versions/`` (README.md, "Schema changes")."""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no zone: store naive UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store datetimes must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    """Base of every table."""


class Meta(Base):
    """Key–value facts about the database: schema version, key salt, key check value."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(512))


class TherapistRow(Base):
    """A therapist account: the password is kept only as an argon2id hash."""

    __tablename__ = "therapists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class LoginThrottleRow(Base):
    """Wrong-password counts per user name, per client address and per (name, address) pair.

    ``key`` is ``name:``, ``addr:`` or ``pair:`` followed by a SHA-256 digest: neither the
    typed name nor the address is stored as text. Names that are no account count like real
    ones, so throttling reveals nothing about which names exist.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_failure: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class SessionRow(Base):
    """A login session: the random token is kept only as a SHA-256 hash."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ClientRow(Base):
    """A client, known by a pseudonymous code unique among one therapist's clients (two
    therapists may each have a "C1"); the optional display name and e-mail address are
    encrypted."""

    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("therapist_id", "code", name="uq_clients_therapist_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    therapist_id: Mapped[int] = mapped_column(
        ForeignKey("therapists.id", ondelete="RESTRICT"), index=True
    )
    display_name_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    email_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    ai_help: Mapped[bool] = mapped_column(Boolean, default=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AssignmentRow(Base):
    """A bundle of exercises sent to a client through one link.

    ``secret_hash`` is the SHA-256 of the link secret; it is ``NULL`` once the link has moved
    on (to the next occurrence of a recurring assignment) or was replaced by a resend.
    ``opens_at`` is when a recurring occurrence becomes fillable.
    """

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    exercise_ids: Mapped[list[str]] = mapped_column(JSON)
    instructions_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    every_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opens_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    previous_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ResponseRow(Base):
    """One saved version of one exercise of an assignment: a draft or the submission.

    Rows are never updated: each save is a new version. Scores are kept in clear (numbers and
    band labels) so the therapist page can list them without decrypting anything.
    """

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("assignment_id", "exercise_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    exercise_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    answers_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    extra_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    score_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    score_band: Mapped[str | None] = mapped_column(String(64), nullable=True)
    score_alerts: Mapped[list[str]] = mapped_column(JSON, default=list)
    score_detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class CommentRow(Base):
    """A therapist's note on a submission (encrypted); ``shared`` ones the client sees on the
    next visit of their link."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    therapist_id: Mapped[int] = mapped_column(ForeignKey("therapists.id", ondelete="CASCADE"))
    body_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ReminderRow(Base):
    """A reminder e-mail sent for one assignment occurrence (``due_tomorrow`` or ``overdue``):
    the unique pair makes ``cbt remind`` send each at most once, even when two run at once."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("assignment_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AlertRow(Base):
    """Something the therapist should look at: a risk item, crisis language, an overdue task.

    What it is about has a column each (:class:`toolkit.exercises.answers.Alert`):
    ``exercise_ids``, the measure's ``alert_id``, the ``fields`` with crisis language, the
    crisis gate's ``tier``, ``source`` (``draft`` or ``submission``) and the ``due`` day of
    an overdue task. ``detail`` repeats them as one line (all an older release kept; revision
    0005 filled the columns from it). Identifiers only, never what the client wrote.
    ``dedupe`` stops the same alert from being raised twice.
    """

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), nullable=True
    )
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(256))
    exercise_ids: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    alert_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    fields: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    tier: Mapped[str | None] = mapped_column(String(16), nullable=True)
    source: Mapped[str | None] = mapped_column(String(16), nullable=True)
    due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    dedupe: Mapped[str] = mapped_column(String(128), unique=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditRow(Base):
    """Who read or changed what, and when. Identifiers only: never free text or secrets."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(96))
    action: Mapped[str] = mapped_column(String(48))
    object: Mapped[str] = mapped_column(String(96))


class ClassRow(Base):
    """An educator's class on the learn page: a name and a random code to join it."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class QuizAnswerRow(Base):
    """One anonymous answer to a learn-page quiz item (no name, no session, no free text)."""

    __tablename__ = "quiz_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    chosen: Mapped[list[str]] = mapped_column(JSON)
    correct: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ClassKeyRow(Base):
    """The educator key of a class, kept only as a SHA-256 hash (the key itself is shown once).

    The key is not the class code: students hold the code, only the educator holds the key,
    and only the key opens the class's results and leads its rounds.
    """

    __tablename__ = "class_keys"

    class_id: Mapped[int] = mapped_column(
        ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True
    )
    key_hash: Mapped[str] = mapped_column(String(64))


class ClassRoundRow(Base):
    """One educator-led round: the quiz item the whole class answers, open until ``ended``."""

    __tablename__ = "class_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(String(64))
    started: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RoundAnswerRow(Base):
    """Which anonymous quiz answer was given in which round (answers stay in ``quiz_answers``)."""

    __tablename__ = "class_round_answers"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("quiz_answers.id", ondelete="CASCADE"), primary_key=True
    )
    round_id: Mapped[int] = mapped_column(
        ForeignKey("class_rounds.id", ondelete="CASCADE"), index=True
    )
