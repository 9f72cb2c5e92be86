"""The one facade over the database: :class:`Store`.

Every method opens its own transaction, so each call is all-or-nothing. Methods that read or
change a client's data take the acting :data:`~toolkit.store.records.Actor` first: a therapist
may only touch their own clients (:class:`~toolkit.store.errors.PermissionDenied` otherwise);
the command line acts as :data:`~toolkit.store.records.CLI`. Every such read or change writes
an audit entry naming the actor, the action and the object by id — never free text.

Clients reach the store only through an assignment link secret (or the
:class:`~toolkit.store.records.OpenedAssignment` it opened): a secret opens exactly its own
assignment. See ``docs/store.md`` for the link lifecycle.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import json
import math
import re
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, Select, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from toolkit.clinic import clinic_zone, local_day, start_of_day
from toolkit.config import DEFAULT_BASE_URL

from .crypto import Cipher, new_secret, secret_hash
from .errors import (
    AlreadyExists,
    InvalidInput,
    LinkInvalid,
    LinkReason,
    LoginFailed,
    LoginThrottled,
    NotFound,
    PermissionDenied,
    SessionExpired,
    StoreError,
)
from .models import (
    AlertRow,
    AssignmentRow,
    AuditRow,
    ClassKeyRow,
    ClassRoundRow,
    ClassRow,
    ClientRow,
    CommentRow,
    LoginThrottleRow,
    QuizAnswerRow,
    ReminderRow,
    ResponseRow,
    RoundAnswerRow,
    SessionRow,
    TherapistRow,
)
from .records import (
    CLI,
    Actor,
    AlertInfo,
    AlertKind,
    AssignmentInfo,
    AssignmentStatus,
    AuditEntry,
    ClassInfo,
    ClassRound,
    ClientInfo,
    ClientSummary,
    CommentInfo,
    IssuedLink,
    LoginSession,
    MeasurePoint,
    OpenedAssignment,
    Operator,
    QuizAnswer,
    QuizItemStats,
    ReminderDue,
    ReminderKind,
    SharedComment,
    SubmissionRecord,
    SubmitReceipt,
    Therapist,
    TherapistInfo,
    Trend,
)

CLIENT_PAGE = "/voila/render/client.ipynb"

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CLIENT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
MIN_PASSWORD_LENGTH = 8
MAX_TEXT_LENGTH = 20_000
MAX_ANSWERS_BYTES = 1_000_000
SHARED_COMMENTS_SHOWN = 5
"""How many of the newest shared comments a client's page shows."""
CLASS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Class codes avoid look-alike characters (0/O, 1/I/L) so students can type them."""
EDUCATOR_KEY_LENGTH = 20
"""Characters of an educator key (about 99 bits from :data:`CLASS_CODE_ALPHABET`)."""

ALERT_ORDER: dict[str, int] = {"risk_item": 0, "crisis_language": 1, "overdue": 2}
"""Dashboard order: risk items first, then crisis language, then overdue tasks."""


def _encodable(text: str) -> bool:
    """Whether ``text`` can be stored as UTF-8 (no lone surrogates from a broken emoji)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _email(address: str | None) -> str | None:
    """A client's e-mail address checked (``None`` for none)."""
    from toolkit.mail import check_address

    if address is None or not address.strip():
        return None
    try:
        return check_address(address)
    except ValueError:
        raise InvalidInput("that is not one e-mail address (name@example.org)") from None


def _educator_key_hash(key: str) -> str:
    """SHA-256 of an educator key as typed (case, spaces and dashes do not matter).

    The key is random and long, so a plain hash suffices (no password KDF needed).
    """
    normal = re.sub(r"[\s-]+", "", key).upper()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def link_url(secret: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The client's link for an assignment secret.

    >>> link_url("abc", "https://clinic.example/cbt/")
    'https://clinic.example/cbt/voila/render/client.ipynb?assignment=abc'
    """
    return f"{base_url.rstrip('/')}{CLIENT_PAGE}?assignment={secret}"


def _throttle_keys(username: str, address: str) -> dict[str, str]:
    """The login-throttle keys of a try: per name, per (name, address) and per address.

    An empty ``address`` (the command line, tests) has no address-wide key.
    """

    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    keys = {
        "name": "name:" + digest(username),
        "pair": "pair:" + digest(f"{username}\0{address}"),
    }
    if address:
        keys["addr"] = "addr:" + digest(address)
    return keys


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime | dt.date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


def _strings(value: Any) -> Iterator[str]:
    """Every string inside an answer value (lists, dicts, nested rows)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


CRISIS_TIERS = ("none", "check", "crisis")


def crisis_detail(exercise_id: str, fields: Sequence[str], tier: str, source: str) -> str:
    """An alert's detail for crisis language: identifiers only, never the client's text.

    ``"thought_record: automatic_thoughts; tier=crisis; from=draft"`` — the exercise, the fields,
    the tier of the crisis gate (``check`` or ``crisis``) and whether it came from an autosaved
    draft or a submission. :func:`parse_crisis_detail` reads it back.
    """
    return f"{exercise_id}: {', '.join(fields)}; tier={tier}; from={source}"


def parse_crisis_detail(detail: str) -> dict[str, Any]:
    """``exercise``, ``fields``, ``tier`` and ``source`` of a crisis alert's detail.

    Details written before tiers existed (``"thought_record: automatic_thoughts"``) read as
    tier ``crisis`` from a submission.
    """
    head, _, rest = detail.partition(": ")
    parts = rest.split("; ")
    found: dict[str, Any] = {"exercise": head, "fields": [f for f in parts[0].split(", ") if f]}
    found["tier"], found["source"] = "crisis", "submission"
    for part in parts[1:]:
        key, _, value = part.partition("=")
        if key == "tier" and value in CRISIS_TIERS:
            found["tier"] = value
        elif key == "from":
            found["source"] = value
    return found


@functools.lru_cache(maxsize=8192)
def _trend(measure: str, before: int, after: int) -> Trend | None:
    """First vs latest score (:func:`toolkit.scoring.reliable_change`); ``None`` if the
    measure has no reliable-change rule. Cached: a client list asks for the same few pairs."""
    from toolkit.scoring import ScoringError, reliable_change

    try:
        return reliable_change(measure, before=before, after=after)
    except (ScoringError, KeyError):
        return None


def _load_exercise(exercise_id: str) -> Any:
    from toolkit.exercises import ExerciseFileError, load_exercise

    try:
        return load_exercise(exercise_id)
    except KeyError:
        raise InvalidInput(f"unknown exercise {exercise_id!r}") from None
    except ExerciseFileError as exc:
        raise InvalidInput(f"exercise {exercise_id!r} cannot be loaded: {exc.problem}") from None


class Store:
    """Persistence, identity and the therapist workflow, behind one object.

    Create it with :func:`toolkit.store.open_store`. All times are timezone-aware UTC.

    Parameters
    ----------
    engine
        A SQLAlchemy engine whose tables exist.
    cipher
        Seals and opens free text (checked against the database by ``open_store``).
    clock
        Returns "now" (tests inject a fake clock; the demo seeder back-dates history).
    password_hasher
        argon2id hasher; the default uses argon2-cffi's RFC 9106 low-memory profile. Tests
        pass a cheap one.
    session_timeout
        A login session ends after this long without activity (sliding; default 30 min).
    session_max_age
        … and in any case this long after login (default 12 h).
    link_lifetime
        How long a one-off assignment link works after its due date (or after it was sent,
        without a due date), unless ``expires`` is given (default 30 days).
    draft_history
        How many draft versions are kept per exercise of an assignment (older ones are
        pruned; the submission is always kept).
    max_failed_logins
        After this many wrong passwords in a row, further tries wait (default 5).
    throttle_base, throttle_max
        The first wait, doubled at each further wrong password, capped at ``throttle_max``.
    throttle_window
        Wrong passwords older than this are forgotten (default 1 h).
    login_delay_base, login_delay_max, sleep
        The progressive delay (seconds) before checking a password for a name that had many
        wrong ones from anywhere, and the function that waits (tests pass a recorder).
    class_rate
        New classes per hour (default ``CBT_CLASS_RATE``; 0: no limit).
    zone
        The clinic's time zone (default ``CBT_TIMEZONE``, else the server's): due dates,
        "overdue" and reminders count its calendar days, and links expire at its midnights.
    """

    def __init__(
        self,
        engine: Engine,
        cipher: Cipher,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        password_hasher: PasswordHasher | None = None,
        session_timeout: dt.timedelta = dt.timedelta(minutes=30),
        session_max_age: dt.timedelta = dt.timedelta(hours=12),
        link_lifetime: dt.timedelta = dt.timedelta(days=30),
        draft_history: int = 20,
        max_failed_logins: int = 5,
        throttle_base: dt.timedelta = dt.timedelta(seconds=30),
        throttle_max: dt.timedelta = dt.timedelta(hours=1),
        throttle_window: dt.timedelta = dt.timedelta(hours=1),
        login_delay_base: float = 0.5,
        login_delay_max: float = 4.0,
        sleep: Callable[[float], None] = time.sleep,
        class_rate: int | None = None,
        zone: dt.tzinfo | None = None,
    ) -> None:
        self.engine = engine
        self.zone = zone or clinic_zone()
        self._cipher = cipher
        self._clock = clock or _utcnow
        self._hasher = password_hasher or PasswordHasher()
        self._dummy_hash: str | None = None
        self.session_timeout = session_timeout
        self.session_max_age = session_max_age
        self.link_lifetime = link_lifetime
        self.draft_history = max(1, draft_history)
        self.max_failed_logins = max_failed_logins
        self.throttle_base = throttle_base
        self.throttle_max = throttle_max
        self.throttle_window = throttle_window
        self.login_delay_base = login_delay_base
        self.login_delay_max = login_delay_max
        self.sleep = sleep
        if class_rate is None:
            from toolkit.config import current

            class_rate = current().class_rate
        self.class_rate = class_rate
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- plumbing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def today(self) -> dt.date:
        """The clinic's calendar day now (in :attr:`zone`)."""
        return local_day(self.now(), self.zone)

    def now(self) -> dt.datetime:
        """The store's current time (UTC, aware)."""
        moment = self._clock()
        if moment.tzinfo is None:
            raise StoreError("the store clock must return timezone-aware datetimes")
        return moment.astimezone(dt.UTC)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def _audit(self, session: Session, actor: str, action: str, obj: str) -> None:
        session.add(AuditRow(at=self.now(), actor=actor, action=action, object=obj))

    def _client(self, session: Session, actor: Actor, code: str) -> ClientRow:
        if not CLIENT_CODE_PATTERN.fullmatch(code):
            raise NotFound(f"no client with code {code!r}")
        row = session.scalar(select(ClientRow).where(ClientRow.code == code))
        if row is None:
            raise NotFound(f"no client with code {code!r}")
        self._check_owner(actor, row)
        return row

    @staticmethod
    def _check_owner(actor: Actor, client: ClientRow) -> None:
        if isinstance(actor, Operator):
            return
        if client.therapist_id != actor.id:
            raise PermissionDenied("this client belongs to another therapist")

    def _therapist_name(self, session: Session, therapist_id: int) -> str:
        return session.get_one(TherapistRow, therapist_id).username

    # -- therapists and login sessions ------------------------------------------------------

    def add_therapist(self, username: str, password: str, *, actor: Actor = CLI) -> Therapist:
        """Create a therapist account.

        Raises
        ------
        InvalidInput
            A username that is not 1–64 letters, digits, ``.``, ``_`` or ``-``, or a password
            shorter than 8 characters.
        AlreadyExists
            The username is taken.
        """
        if not USERNAME_PATTERN.fullmatch(username):
            raise InvalidInput("a username is 1–64 letters, digits, '.', '_' or '-'")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        hashed = self._hasher.hash(password)
        try:
            with self._tx() as session:
                row = TherapistRow(
                    username=username, password_hash=hashed, failed_logins=0, created=self.now()
                )
                session.add(row)
                session.flush()
                self._audit(session, actor.actor, "add_therapist", f"therapist:{row.id}")
                return Therapist(row.id, row.username)
        except IntegrityError:
            raise AlreadyExists(f"a therapist named {username!r} exists already") from None

    def remove_therapist(self, actor: Operator, username: str) -> None:
        """Delete a therapist account (command line only) once they have no clients left.

        Raises
        ------
        NotFound
            No such therapist.
        InvalidInput
            They still have clients: erase or move them first.
        """
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator removes therapist accounts")
        with self._tx() as session:
            row = session.scalar(select(TherapistRow).where(TherapistRow.username == username))
            if row is None:
                raise NotFound(f"no therapist named {username!r}")
            if session.scalar(select(ClientRow.id).where(ClientRow.therapist_id == row.id)):
                raise InvalidInput(f"{username!r} still has clients")
            session.execute(delete(SessionRow).where(SessionRow.therapist_id == row.id))
            session.execute(delete(CommentRow).where(CommentRow.therapist_id == row.id))
            therapist_id = row.id
            session.delete(row)
            self._audit(session, actor.actor, "remove_therapist", f"therapist:{therapist_id}")

    def reset_password(self, username: str, password: str, *, actor: Actor = CLI) -> None:
        """Give a therapist a new password (command line only).

        Every login session of theirs ends (a browser left logged in elsewhere is logged out)
        and the wrong-password count kept for the name is forgotten (a wait tied to one
        address, see :meth:`login`, still runs out on its own).

        Raises
        ------
        PermissionDenied
            The actor is not an operator.
        NotFound
            No such therapist.
        InvalidInput
            A password shorter than 8 characters.
        """
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator resets passwords")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        hashed = self._hasher.hash(password)
        with self._tx() as session:
            row = session.scalar(
                select(TherapistRow).where(TherapistRow.username == username).with_for_update()
            )
            if row is None:
                raise NotFound(f"no therapist named {username!r}")
            row.password_hash = hashed
            row.failed_logins, row.locked_until = 0, None
            session.execute(delete(SessionRow).where(SessionRow.therapist_id == row.id))
            session.execute(
                delete(LoginThrottleRow).where(
                    LoginThrottleRow.key == _throttle_keys(username, "")["name"]
                )
            )
            self._audit(session, actor.actor, "reset_password", f"therapist:{row.id}")

    def therapists(self, *, actor: Actor = CLI) -> list[TherapistInfo]:
        """Every therapist account with its number of clients, by username (operators only)."""
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator lists therapist accounts")
        with self._tx() as session:
            counts: dict[int, int] = dict(
                session.execute(
                    select(ClientRow.therapist_id, func.count(ClientRow.id)).group_by(
                        ClientRow.therapist_id
                    )
                ).all()
            )
            rows = session.scalars(select(TherapistRow).order_by(TherapistRow.username))
            found = [
                TherapistInfo(row.username, int(counts.get(row.id, 0)), row.created) for row in rows
            ]
            self._audit(session, actor.actor, "list_therapists", f"therapists:{len(found)}")
            return found

    def therapist(self, username: str) -> Therapist:
        """The therapist with this username (``NotFound`` otherwise)."""
        with self._tx() as session:
            row = session.scalar(select(TherapistRow).where(TherapistRow.username == username))
            if row is None:
                raise NotFound(f"no therapist named {username!r}")
            return Therapist(row.id, row.username)

    def login(self, username: str, password: str, *, address: str = "") -> LoginSession:
        """Check a password and start a login session.

        Throttling follows OWASP's authentication guidance, at three levels:

        - the pair (name, client ``address``): after ``max_failed_logins`` wrong passwords in
          a row it waits ``throttle_base``, doubling with each further wrong password (up to
          ``throttle_max``); tries during the wait are refused;
        - the address: after ``4 × max_failed_logins`` wrong passwords for any names, the same
          doubling wait (one address cannot try many accounts);
        - the name, from all addresses together: no lock, but a progressive delay (from
          ``login_delay_base``, doubling, at most ``login_delay_max``) before the check, so
          strangers' wrong passwords cannot lock the right one out from another address.

        Unknown names are counted, delayed and refused exactly like real ones, and a password
        hash is checked on every try (a dummy one when throttled), so neither the reply nor
        its timing tells which names exist. Counts older than ``throttle_window`` are forgotten.

        Raises
        ------
        LoginFailed
            Unknown user or wrong password (the message does not say which).
        LoginThrottled
            Too many wrong passwords from here: ``.seconds`` to wait.
        """
        keys = _throttle_keys(username, address)
        with self._tx() as session:
            delay = self._login_delay(session, keys["name"])
        if delay > 0:
            self.sleep(delay)
        error: StoreError | None = None
        result: LoginSession | None = None
        with self._tx() as session:
            now = self.now()
            counts = {
                level: session.get(LoginThrottleRow, key, with_for_update=True)
                for level, key in keys.items()
            }
            waits = [
                row.locked_until - now
                for level, row in counts.items()
                if level != "name" and row is not None and row.locked_until is not None
                if now < row.locked_until
            ]
            row = session.scalar(
                select(TherapistRow).where(TherapistRow.username == username).with_for_update()
            )
            target = f"therapist:{row.id}" if row is not None else "therapist:?"
            if waits:
                self._verify_dummy(password)
                self._audit(session, "anonymous", "login_throttled", target)
                error = LoginThrottled(math.ceil(max(waits).total_seconds()))
            elif row is None or not self._verify(row.password_hash, password):
                if row is None:
                    self._verify_dummy(password)
                self._count_failure(session, keys, counts, now)
                self._audit(session, "anonymous", "login_failed", target)
                error = LoginFailed()
            else:
                for level in ("pair", "name"):
                    if counts[level] is not None:
                        session.delete(counts[level])
                if self._hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = self._hasher.hash(password)
                token = new_secret()
                session.add(
                    SessionRow(
                        therapist_id=row.id,
                        token_hash=secret_hash(token),
                        created=now,
                        last_seen=now,
                    )
                )
                therapist = Therapist(row.id, row.username)
                self._audit(session, therapist.actor, "login", f"therapist:{row.id}")
                result = LoginSession(token, therapist, now + self.session_timeout)
        if error is not None:
            raise error
        assert result is not None
        return result

    def _login_delay(self, session: Session, name_key: str) -> float:
        """Seconds to wait before checking a password for a name many wrong ones were tried
        for (from anywhere)."""
        row = session.get(LoginThrottleRow, name_key)
        if row is None or self.now() - row.last_failure > self.throttle_window:
            return 0.0
        over = row.failures - self.max_failed_logins
        if over < 0:
            return 0.0
        return float(min(self.login_delay_base * 2.0 ** min(over, 20), self.login_delay_max))

    def _count_failure(
        self,
        session: Session,
        keys: dict[str, str],
        counts: dict[str, LoginThrottleRow | None],
        now: dt.datetime,
    ) -> None:
        session.execute(
            delete(LoginThrottleRow).where(
                LoginThrottleRow.last_failure < now - self.throttle_window,
                LoginThrottleRow.key.not_in(list(keys.values())),
            )
        )
        limits = {"pair": self.max_failed_logins, "addr": 4 * self.max_failed_logins}
        for level, key in keys.items():
            row = counts[level]
            if row is None:
                row = LoginThrottleRow(key=key, failures=0, last_failure=now)
                session.add(row)
            elif now - row.last_failure > self.throttle_window:
                row.failures, row.locked_until = 0, None
            row.failures += 1
            row.last_failure = now
            limit = limits.get(level)
            if limit is not None and row.failures >= limit:
                over = row.failures - limit
                row.locked_until = now + min(
                    self.throttle_base * (2 ** min(over, 30)), self.throttle_max
                )

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _verify_dummy(self, password: str) -> None:
        """Spend the time of a real check, so an unknown username is not faster to refuse."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(new_secret())
        self._verify(self._dummy_hash, password)

    def session(self, token: str) -> Therapist:
        """The therapist of a login session, extending it (sliding expiry).

        Raises
        ------
        SessionExpired
            Unknown token, logged out, idle longer than ``session_timeout`` or older than
            ``session_max_age``.
        """
        return self.session_by_digest(secret_hash(token))

    def session_by_digest(self, digest: str) -> Therapist:
        """:meth:`session` for the SHA-256 digest of a token (what ``cbt serve`` hands a
        page's kernel: the digest opens a session in the store, but it is no cookie)."""
        if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
            raise SessionExpired
        expired = False
        with self._tx() as session:
            now = self.now()
            row = session.scalar(select(SessionRow).where(SessionRow.token_hash == digest))
            if row is None:
                raise SessionExpired
            if (
                now - row.last_seen > self.session_timeout
                or now - row.created > self.session_max_age
            ):
                session.delete(row)
                expired = True
            else:
                row.last_seen = now
                username = self._therapist_name(session, row.therapist_id)
                therapist = Therapist(row.therapist_id, username)
        if expired:
            raise SessionExpired
        return therapist

    def activity(self, token: str, code: str | None = None) -> tuple[int, int]:
        """A cheap change marker for an open therapist page to poll: the number of open alerts
        on the therapist's clients (on one client, with ``code``) and the id of the newest
        submission among them (0 for none).

        The login session is checked but not extended: a page left open does not keep its
        session alive. No client data is read and nothing is audited.

        Raises
        ------
        SessionExpired
            As :meth:`session` (an expired session is not deleted here).
        """
        return self.activity_by_digest(secret_hash(token), code)

    def activity_by_digest(self, digest: str, code: str | None = None) -> tuple[int, int]:
        """:meth:`activity` for the SHA-256 digest of a token (a page served by ``cbt serve``
        knows only the digest of its session)."""
        with self._tx() as session:
            now = self.now()
            row = session.scalar(select(SessionRow).where(SessionRow.token_hash == digest))
            if row is None or (
                now - row.last_seen > self.session_timeout
                or now - row.created > self.session_max_age
            ):
                raise SessionExpired
            clients = select(ClientRow.id).where(ClientRow.therapist_id == row.therapist_id)
            if code is not None:
                clients = clients.where(ClientRow.code == code)
            open_alerts = session.scalar(
                select(func.count(AlertRow.id)).where(
                    AlertRow.client_id.in_(clients), AlertRow.acknowledged_at.is_(None)
                )
            )
            newest = session.scalar(
                select(func.max(ResponseRow.id))
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(AssignmentRow.client_id.in_(clients), ResponseRow.kind == "submission")
            )
            return int(open_alerts or 0), int(newest or 0)

    def logout(self, token: str) -> None:
        """End a login session (unknown tokens are ignored): every page and tab that used it
        is logged out at its next action or reload."""
        self.logout_by_digest(secret_hash(token))

    def logout_by_digest(self, digest: str) -> None:
        """:meth:`logout` for the digest of a token (see :meth:`session_by_digest`)."""
        with self._tx() as session:
            row = session.scalar(select(SessionRow).where(SessionRow.token_hash == digest))
            if row is not None:
                username = self._therapist_name(session, row.therapist_id)
                session.delete(row)
                self._audit(
                    session, f"therapist:{username}", "logout", f"therapist:{row.therapist_id}"
                )

    # -- clients -----------------------------------------------------------------------------

    def add_client(
        self,
        actor: Actor,
        code: str,
        *,
        therapist: str | None = None,
        display_name: str | None = None,
        ai_help: bool = True,
        email: str | None = None,
    ) -> ClientInfo:
        """Register a client under a pseudonymous ``code`` (unique across the database).

        ``email`` (optional) is where links and reminders may be mailed; it is encrypted.

        A therapist adds clients to their own list; the command line names the ``therapist``.

        Raises
        ------
        InvalidInput
            A code that is not 1–32 letters, digits, ``_`` or ``-``.
        AlreadyExists
            The code is taken.
        NotFound
            The named therapist does not exist.
        """
        if not CLIENT_CODE_PATTERN.fullmatch(code):
            raise InvalidInput("a client code is 1–32 letters, digits, '_' or '-'")
        if display_name is not None and len(display_name) > 200:
            raise InvalidInput("a display name has at most 200 characters")
        email = _email(email)
        try:
            with self._tx() as session:
                if isinstance(actor, Therapist):
                    owner = session.get(TherapistRow, actor.id)
                    if owner is None or (therapist is not None and therapist != owner.username):
                        raise PermissionDenied("a therapist adds clients to their own list only")
                else:
                    if therapist is None:
                        raise InvalidInput("name the therapist of the new client")
                    owner = session.scalar(
                        select(TherapistRow).where(TherapistRow.username == therapist)
                    )
                    if owner is None:
                        raise NotFound(f"no therapist named {therapist!r}")
                row = ClientRow(
                    code=code,
                    therapist_id=owner.id,
                    display_name_sealed=self._cipher.seal_optional(
                        display_name, "clients.display_name"
                    ),
                    ai_help=ai_help,
                    email_sealed=self._cipher.seal_optional(email, "clients.email"),
                    created=self.now(),
                )
                session.add(row)
                session.flush()
                self._audit(session, actor.actor, "add_client", f"client:{row.id}")
                return ClientInfo(
                    code, display_name or None, owner.username, ai_help, row.created, email
                )
        except IntegrityError:
            raise AlreadyExists(f"a client with code {code!r} exists already") from None

    def client(self, actor: Actor, code: str) -> ClientInfo:
        """One client's details (audited read)."""
        with self._tx() as session:
            row = self._client(session, actor, code)
            self._audit(session, actor.actor, "read_client", f"client:{row.id}")
            return self._client_info(session, row)

    def _client_info(self, session: Session, row: ClientRow) -> ClientInfo:
        return ClientInfo(
            code=row.code,
            display_name=self._cipher.open_optional(
                row.display_name_sealed, "clients.display_name"
            ),
            therapist=self._therapist_name(session, row.therapist_id),
            ai_help=row.ai_help,
            created=row.created,
            email=self._cipher.open_optional(row.email_sealed, "clients.email"),
        )

    def set_client_email(self, actor: Actor, code: str, email: str | None) -> None:
        """Set or (with ``None`` or ``""``) remove a client's e-mail address (encrypted).

        Raises
        ------
        InvalidInput
            Not one plain ``name@domain`` address.
        """
        address = _email(email)
        with self._tx() as session:
            row = self._client(session, actor, code)
            row.email_sealed = self._cipher.seal_optional(address, "clients.email")
            action = "set_email" if address else "remove_email"
            self._audit(session, actor.actor, action, f"client:{row.id}")

    def set_ai_help(self, actor: Actor, code: str, enabled: bool) -> None:
        """Switch AI suggestions on or off for one client."""
        with self._tx() as session:
            row = self._client(session, actor, code)
            row.ai_help = bool(enabled)
            action = "ai_help_on" if enabled else "ai_help_off"
            self._audit(session, actor.actor, action, f"client:{row.id}")

    def clients(self, actor: Actor) -> list[ClientSummary]:
        """The acting therapist's clients (all clients for the command line), by code.

        Expired links and overdue tasks are brought up to date first (overdue alerts are
        raised lazily, here and in :meth:`alerts`). The summaries take a fixed number of
        queries however many clients there are (no query per client).
        """
        with self._tx() as session:
            query = select(ClientRow).order_by(ClientRow.code)
            if isinstance(actor, Therapist):
                query = query.where(ClientRow.therapist_id == actor.id)
            rows = list(session.scalars(query))
            self._refresh(session, [row.id for row in rows])
            summaries = self._summaries(session, actor, rows)
            self._audit(session, actor.actor, "list_clients", f"clients:{len(rows)}")
            return summaries

    def _summaries(
        self, session: Session, actor: Actor, clients: Sequence[ClientRow]
    ) -> list[ClientSummary]:
        """Summaries of ``clients`` (the actor's, or all for an operator) in six queries,
        however many clients there are."""
        if not clients:
            return []
        mine = select(ClientRow.id)
        if isinstance(actor, Therapist):
            mine = mine.where(ClientRow.therapist_id == actor.id)
        last_activity: dict[int, dt.datetime] = dict(
            session.execute(
                select(AssignmentRow.client_id, func.max(ResponseRow.created))
                .join(ResponseRow, ResponseRow.assignment_id == AssignmentRow.id)
                .where(AssignmentRow.client_id.in_(mine))
                .group_by(AssignmentRow.client_id)
            ).all()
        )
        first, latest, counts = self._score_ends(session, mine)
        open_by_client = self._open_by_client(
            session, mine, {client.id: client.code for client in clients}
        )
        unacknowledged: dict[int, int] = dict(
            session.execute(
                select(AlertRow.client_id, func.count(AlertRow.id))
                .where(AlertRow.client_id.in_(mine), AlertRow.acknowledged_at.is_(None))
                .group_by(AlertRow.client_id)
            ).all()
        )
        summaries = []
        for client in clients:
            points = latest.get(client.id, {})
            trend: dict[str, Trend | None] = {
                measure: _trend(measure, first[(client.id, measure)], point.total)
                if counts[(client.id, measure)] >= 2
                else None
                for measure, point in points.items()
            }
            summaries.append(
                ClientSummary(
                    code=client.code,
                    display_name=self._cipher.open_optional(
                        client.display_name_sealed, "clients.display_name"
                    ),
                    ai_help=client.ai_help,
                    created=client.created,
                    last_activity=last_activity.get(client.id),
                    latest=points,
                    trend=trend,
                    open_assignments=tuple(open_by_client.get(client.id, ())),
                    unacknowledged_alerts=int(unacknowledged.get(client.id, 0)),
                )
            )
        return summaries

    @staticmethod
    def _score_ends(
        session: Session, mine: Select[Any]
    ) -> tuple[
        dict[tuple[int, str], int], dict[int, dict[str, MeasurePoint]], dict[tuple[int, str], int]
    ]:
        """Per client and measure: the first total, the latest point and how many there are.

        One query with window functions (ordered by time, then id); only the first and the
        latest row of each client and measure come back. (A join of the rows against their
        min/max times is faster on SQLite but took 5 s on PostgreSQL before its planner had
        statistics of freshly loaded tables; the window plan does not depend on them.)
        """
        partition = (AssignmentRow.client_id, ResponseRow.exercise_id)
        ranked = (
            select(
                AssignmentRow.client_id.label("client_id"),
                ResponseRow.exercise_id.label("measure"),
                ResponseRow.created.label("created"),
                ResponseRow.score_total.label("total"),
                ResponseRow.score_band.label("band"),
                func.row_number()
                .over(partition_by=partition, order_by=(ResponseRow.created, ResponseRow.id))
                .label("first_rank"),
                func.row_number()
                .over(
                    partition_by=partition,
                    order_by=(ResponseRow.created.desc(), ResponseRow.id.desc()),
                )
                .label("last_rank"),
                func.count().over(partition_by=partition).label("scores"),
            )
            .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
            .where(
                AssignmentRow.client_id.in_(mine),
                ResponseRow.kind == "submission",
                ResponseRow.score_total.is_not(None),
            )
            .subquery()
        )
        first: dict[tuple[int, str], int] = {}
        latest: dict[int, dict[str, MeasurePoint]] = {}
        counts: dict[tuple[int, str], int] = {}
        for row in session.execute(
            select(ranked).where((ranked.c.first_rank == 1) | (ranked.c.last_rank == 1))
        ):
            key = (row.client_id, row.measure)
            counts[key] = int(row.scores)
            if row.first_rank == 1:
                first[key] = int(row.total)
            if row.last_rank == 1:
                latest.setdefault(row.client_id, {})[row.measure] = MeasurePoint(
                    row.measure, row.created, int(row.total), row.band
                )
        return first, latest, counts

    def _open_by_client(
        self, session: Session, mine: Select[Any], codes: Mapping[int, str]
    ) -> dict[int, list[AssignmentInfo]]:
        """Open assignments of the clients in ``mine``, oldest first (two queries)."""
        is_open = (AssignmentRow.client_id.in_(mine), AssignmentRow.status == "open")
        rows = list(
            session.scalars(
                select(AssignmentRow)
                .where(*is_open)
                .order_by(AssignmentRow.created, AssignmentRow.id)
            )
        )
        submitted: dict[int, set[str]] = {}
        if rows:
            for assignment_id, exercise_id in session.execute(
                select(ResponseRow.assignment_id, ResponseRow.exercise_id).where(
                    ResponseRow.assignment_id.in_(select(AssignmentRow.id).where(*is_open)),
                    ResponseRow.kind == "submission",
                )
            ):
                submitted.setdefault(assignment_id, set()).add(exercise_id)
        found: dict[int, list[AssignmentInfo]] = {}
        for row in rows:
            if row.client_id in codes:
                info = self._assignment_info(
                    session, row, codes[row.client_id], submitted=submitted.get(row.id, set())
                )
                found.setdefault(row.client_id, []).append(info)
        return found

    def erase_client(self, actor: Actor, code: str) -> None:
        """Delete every row about a client: assignments, answers, comments, alerts.

        The audit log keeps one entry naming the client's row id (never the code or any text);
        earlier audit entries name ids only, so nothing about the client is left.
        """
        with self._tx() as session:
            row = self._client(session, actor, code)
            assignment_ids = select(AssignmentRow.id).where(AssignmentRow.client_id == row.id)
            response_ids = select(ResponseRow.id).where(
                ResponseRow.assignment_id.in_(assignment_ids)
            )
            session.execute(delete(AlertRow).where(AlertRow.client_id == row.id))
            session.execute(
                delete(ReminderRow).where(ReminderRow.assignment_id.in_(assignment_ids))
            )
            session.execute(delete(CommentRow).where(CommentRow.response_id.in_(response_ids)))
            session.execute(
                delete(ResponseRow).where(ResponseRow.assignment_id.in_(assignment_ids))
            )
            session.execute(delete(AssignmentRow).where(AssignmentRow.client_id == row.id))
            client_id = row.id
            session.delete(row)
            self._audit(session, actor.actor, "erase_client", f"client:{client_id}")

    # -- assignments and links -------------------------------------------------------------

    def assign(
        self,
        actor: Actor,
        code: str,
        exercise_ids: Sequence[str],
        *,
        instructions: str | None = None,
        due: dt.date | None = None,
        every_days: int | None = None,
        expires: dt.datetime | None = None,
    ) -> IssuedLink:
        """Send a bundle of exercises to a client; returns the link secret (shown once).

        Parameters
        ----------
        exercise_ids
            Worksheet and questionnaire ids, in the order the client sees them.
        instructions
            A note for the client (encrypted at rest).
        due
            The date it should be done by; after it an overdue alert is raised.
        every_days
            Make it recurring: when it is submitted, the next one is due ``every_days`` later
            and the same link opens it (see ``docs/store.md``).
        expires
            When a one-off link stops working (default: ``link_lifetime`` after the due date,
            or after now without one). Not for recurring assignments, whose occurrences expire
            on their own schedule.
        """
        ids = tuple(exercise_ids)
        if not ids:
            raise InvalidInput("name at least one exercise")
        if len(set(ids)) != len(ids):
            raise InvalidInput("an exercise is listed twice in the bundle")
        for exercise_id in ids:
            _load_exercise(exercise_id)
        if instructions is not None and len(instructions) > MAX_TEXT_LENGTH:
            raise InvalidInput(f"instructions have at most {MAX_TEXT_LENGTH} characters")
        if every_days is not None and not 1 <= every_days <= 366:
            raise InvalidInput("--every is a number of days from 1 to 366")
        if every_days is not None and expires is not None:
            raise InvalidInput("a recurring assignment expires on its own schedule")
        now = self.now()
        if expires is not None and expires <= now:
            raise InvalidInput("the expiry must be in the future")
        secret = new_secret()
        with self._tx() as session:
            client = self._client(session, actor, code)
            if every_days is not None:
                first_due = due or self.today()
                expires_at = self._occurrence_window(first_due, every_days)[1]
                expires_at = max(expires_at, now + dt.timedelta(days=1))
            else:
                start = start_of_day(due + dt.timedelta(days=1), self.zone) if due else now
                expires_at = expires or start + self.link_lifetime
                if expires_at <= now:
                    raise InvalidInput("the due date is so long past that the link would not work")
            row = AssignmentRow(
                client_id=client.id,
                exercise_ids=list(ids),
                instructions_sealed=self._cipher.seal_optional(
                    instructions, "assignments.instructions"
                ),
                due=due if every_days is None else (due or self.today()),
                every_days=every_days,
                opens_at=now,
                expires_at=expires_at,
                status="open",
                secret_hash=secret_hash(secret),
                created=now,
            )
            session.add(row)
            session.flush()
            self._audit(session, actor.actor, "assign", f"assignment:{row.id}")
            info = self._assignment_info(session, row, client.code)
        return IssuedLink(info, secret)

    def _occurrence_window(self, due: dt.date, every_days: int) -> tuple[dt.datetime, dt.datetime]:
        """When an occurrence due on ``due`` opens and expires (midnights of the clinic's
        time zone).

        It opens half an interval (rounded down) before its due date and stays open until the
        next occurrence opens, so a weekly check-in due on a Monday can be filled in from the
        Friday before to the Thursday after.
        """
        first = due - dt.timedelta(days=every_days // 2)
        return (
            start_of_day(first, self.zone),
            start_of_day(first + dt.timedelta(days=every_days), self.zone),
        )

    def assignments(self, actor: Actor, code: str) -> list[AssignmentInfo]:
        """Every assignment (every occurrence) of a client, newest first."""
        with self._tx() as session:
            client = self._client(session, actor, code)
            self._refresh(session, [client.id])
            rows = session.scalars(
                select(AssignmentRow)
                .where(AssignmentRow.client_id == client.id)
                .order_by(AssignmentRow.created.desc(), AssignmentRow.id.desc())
            )
            submitted: dict[int, set[str]] = {}
            for assignment_id, exercise_id in session.execute(
                select(ResponseRow.assignment_id, ResponseRow.exercise_id)
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(AssignmentRow.client_id == client.id, ResponseRow.kind == "submission")
            ):
                submitted.setdefault(assignment_id, set()).add(exercise_id)
            found = [
                self._assignment_info(
                    session, row, client.code, submitted=submitted.get(row.id, set())
                )
                for row in rows
            ]
            self._audit(session, actor.actor, "list_assignments", f"client:{client.id}")
            return found

    def _assignment_info(
        self,
        session: Session,
        row: AssignmentRow,
        code: str,
        *,
        submitted: set[str] | None = None,
    ) -> AssignmentInfo:
        """``submitted``: the exercises already submitted, when the caller has them."""
        if submitted is None:
            submitted = self._submitted(session, row.id)
        return AssignmentInfo(
            id=row.id,
            client_code=code,
            exercise_ids=tuple(row.exercise_ids),
            instructions=self._cipher.open_optional(
                row.instructions_sealed, "assignments.instructions"
            ),
            due=row.due,
            every_days=row.every_days,
            opens_at=row.opens_at,
            expires_at=row.expires_at,
            status=cast(AssignmentStatus, row.status),
            created=row.created,
            submitted_exercises=tuple(sorted(submitted)),
            previous_id=row.previous_id,
        )

    @staticmethod
    def _submitted(session: Session, assignment_id: int) -> set[str]:
        return set(
            session.scalars(
                select(ResponseRow.exercise_id).where(
                    ResponseRow.assignment_id == assignment_id, ResponseRow.kind == "submission"
                )
            )
        )

    @staticmethod
    def _submissions_of(session: Session, assignment_id: int, exercise_id: str) -> list[int]:
        """Ids of the submissions of one exercise of one assignment."""
        return list(
            session.scalars(
                select(ResponseRow.id).where(
                    ResponseRow.assignment_id == assignment_id,
                    ResponseRow.exercise_id == exercise_id,
                    ResponseRow.kind == "submission",
                )
            )
        )

    def _assignment_for(self, session: Session, actor: Actor, assignment_id: int) -> AssignmentRow:
        row = session.get(AssignmentRow, assignment_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no assignment {assignment_id}")
        self._check_owner(actor, session.get_one(ClientRow, row.client_id))
        return row

    def revoke(self, actor: Actor, assignment_id: int) -> None:
        """Stop an assignment's link from working (a recurring series stops too)."""
        with self._tx() as session:
            row = self._assignment_for(session, actor, assignment_id)
            if row.status == "open":
                row.status = "revoked"
                row.closed_at = self.now()
            self._audit(session, actor.actor, "revoke", f"assignment:{row.id}")

    def resend(self, actor: Actor, assignment_id: int) -> IssuedLink:
        """Give an open assignment a new link secret; the old link stops working at once.

        Raises
        ------
        InvalidInput
            The assignment is not open (submitted, revoked or expired).
        """
        secret = new_secret()
        with self._tx() as session:
            row = self._assignment_for(session, actor, assignment_id)
            client = session.get_one(ClientRow, row.client_id)
            self._refresh(session, [client.id])
            if row.status != "open":
                raise InvalidInput(
                    f"assignment {row.id} is {row.status}; only open ones are resent"
                )
            row.secret_hash = secret_hash(secret)
            self._audit(session, actor.actor, "resend", f"assignment:{row.id}")
            info = self._assignment_info(session, row, client.code)
        return IssuedLink(info, secret)

    # -- reminders -----------------------------------------------------------------------------

    def pending_reminders(self, actor: Actor = CLI) -> list[ReminderDue]:
        """Reminders to send now (command line only), oldest due date first.

        For every open occurrence with a due date whose client has an e-mail address:
        ``due_tomorrow`` when it is due on the clinic's next calendar day, ``overdue`` once
        that day has passed; each is left out once :meth:`claim_reminder` recorded it. Links
        are brought up to date first (expired ones are not reminded of).
        """
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator sends reminders")
        with self._tx() as session:
            clients = {
                row.id: row
                for row in session.scalars(
                    select(ClientRow).where(ClientRow.email_sealed.is_not(None))
                )
            }
            self._refresh(session, list(clients))
            now, today = self.now(), self.today()
            sent = {
                (assignment_id, kind)
                for assignment_id, kind in session.execute(
                    select(ReminderRow.assignment_id, ReminderRow.kind)
                    .join(AssignmentRow, AssignmentRow.id == ReminderRow.assignment_id)
                    .where(AssignmentRow.status == "open")
                )
            }
            rows = session.scalars(
                select(AssignmentRow)
                .where(
                    AssignmentRow.client_id.in_(list(clients)),
                    AssignmentRow.status == "open",
                    AssignmentRow.due.is_not(None),
                    AssignmentRow.opens_at <= now,
                )
                .order_by(AssignmentRow.due, AssignmentRow.id)
            )
            due: list[ReminderDue] = []
            for row in rows:
                assert row.due is not None
                kind: ReminderKind | None = None
                if row.due == today + dt.timedelta(days=1):
                    kind = "due_tomorrow"
                elif row.due < today:
                    kind = "overdue"
                if kind is None or (row.id, kind) in sent:
                    continue
                client = clients[row.client_id]
                email = self._cipher.open_optional(client.email_sealed, "clients.email")
                if email:
                    due.append(ReminderDue(row.id, client.code, email, kind, row.due))
            self._audit(session, actor.actor, "list_reminders", f"reminders:{len(due)}")
            return due

    def claim_reminder(self, assignment_id: int, kind: ReminderKind) -> bool:
        """Record that a reminder is being sent; ``False`` if it was recorded before (by this
        or another process): then it must not be sent again."""
        try:
            with self._tx() as session:
                session.add(ReminderRow(assignment_id=assignment_id, kind=kind, sent_at=self.now()))
                session.flush()
                self._audit(session, CLI.actor, f"remind_{kind}", f"assignment:{assignment_id}")
        except IntegrityError:
            return False
        return True

    def release_reminder(self, assignment_id: int, kind: ReminderKind) -> None:
        """Forget a claimed reminder whose message could not be sent (the next run retries)."""
        with self._tx() as session:
            session.execute(
                delete(ReminderRow).where(
                    ReminderRow.assignment_id == assignment_id, ReminderRow.kind == kind
                )
            )
            self._audit(session, CLI.actor, f"remind_{kind}_failed", f"assignment:{assignment_id}")

    def _refresh(self, session: Session, client_ids: Sequence[int]) -> None:
        """Expire lapsed links, roll recurring series forward and raise overdue alerts."""
        if not client_ids:
            return
        now = self.now()
        rows = list(
            session.scalars(
                select(AssignmentRow).where(
                    AssignmentRow.client_id.in_(client_ids), AssignmentRow.status == "open"
                )
            )
        )
        for row in rows:
            self._refresh_one(session, row, now)

    def _refresh_one(self, session: Session, row: AssignmentRow, now: dt.datetime) -> AssignmentRow:
        """Bring one open assignment up to date; returns the occurrence now holding its link."""
        current = row
        while current.status == "open":
            if current.due is not None and local_day(now, self.zone) > current.due:
                self._raise_alert(
                    session,
                    client_id=current.client_id,
                    kind="overdue",
                    detail=f"due {current.due.isoformat()}: {', '.join(current.exercise_ids)}",
                    dedupe=f"overdue:{current.id}",
                    assignment_id=current.id,
                )
            if now < current.expires_at:
                break
            current.status = "expired"
            current.closed_at = now
            if current.every_days is None or current.due is None:
                break
            current = self._next_occurrence(session, current, now)
        return current

    def _next_occurrence(
        self, session: Session, row: AssignmentRow, now: dt.datetime
    ) -> AssignmentRow:
        """Create the next occurrence of a recurring assignment and move the link to it."""
        every = cast(int, row.every_days)
        due = cast(dt.date, row.due) + dt.timedelta(days=every)
        opens, expires = self._occurrence_window(due, every)
        while expires <= now:
            due += dt.timedelta(days=every)
            opens, expires = self._occurrence_window(due, every)
        link = row.secret_hash
        row.secret_hash = None
        session.flush()
        nxt = AssignmentRow(
            client_id=row.client_id,
            exercise_ids=list(row.exercise_ids),
            instructions_sealed=row.instructions_sealed,
            due=due,
            every_days=every,
            opens_at=opens,
            expires_at=expires,
            status="open",
            secret_hash=link,
            previous_id=row.id,
            created=now,
        )
        session.add(nxt)
        session.flush()
        return nxt

    def _raise_alert(
        self,
        session: Session,
        *,
        client_id: int,
        kind: AlertKind,
        detail: str,
        dedupe: str,
        assignment_id: int | None = None,
        response_id: int | None = None,
    ) -> None:
        exists = session.scalar(select(AlertRow.id).where(AlertRow.dedupe == dedupe))
        if exists is not None:
            return
        try:
            with session.begin_nested():
                session.add(
                    AlertRow(
                        client_id=client_id,
                        assignment_id=assignment_id,
                        response_id=response_id,
                        kind=kind,
                        detail=detail[:256],
                        dedupe=dedupe,
                        created=self.now(),
                    )
                )
        except IntegrityError:
            return  # another process raised the same alert a moment ago

    def _resolve_link(self, session: Session, link: str | OpenedAssignment) -> AssignmentRow:
        """The open assignment a link secret opens now, or ``LinkInvalid``.

        Changes made while resolving (expiry, roll-forward) are flushed; the caller commits
        them before raising.
        """
        secret = link.secret if isinstance(link, OpenedAssignment) else link
        if not isinstance(secret, str) or not secret:
            raise LinkInvalid("unknown")
        row = session.scalar(
            select(AssignmentRow)
            .where(AssignmentRow.secret_hash == secret_hash(secret))
            .with_for_update()
        )
        if row is None:
            raise LinkInvalid("unknown")
        now = self.now()
        row = self._refresh_one(session, row, now)
        if isinstance(link, OpenedAssignment) and row.id != link.assignment_id:
            pinned = session.get(AssignmentRow, link.assignment_id)
            if pinned is not None and pinned.status in {"expired", "revoked"}:
                raise LinkInvalid(self._reason(pinned))
            raise LinkInvalid("submitted" if row.status == "open" else self._reason(row))
        if row.status != "open":
            raise LinkInvalid(self._reason(row))
        if now < row.opens_at:
            raise LinkInvalid("submitted")
        return row

    @staticmethod
    def _reason(row: AssignmentRow) -> LinkReason:
        if row.status in {"expired", "revoked", "submitted"}:
            return cast(LinkReason, row.status)
        return "unknown"

    def _with_link(
        self, link: str | OpenedAssignment, work: Callable[[Session, AssignmentRow], Any]
    ) -> Any:
        """Run ``work`` on the assignment a link opens, committing lazy updates either way."""
        failure: LinkInvalid | None = None
        result: Any = None
        with self._tx() as session:
            try:
                row = self._resolve_link(session, link)
            except LinkInvalid as exc:
                self._audit(session, "client-link:?", f"link_{exc.reason}", "-")
                failure = exc
            else:
                result = work(session, row)
        if failure is not None:
            raise failure
        return result

    def open_assignment(self, secret: str) -> OpenedAssignment:
        """What a client's link opens.

        Raises
        ------
        LinkInvalid
            ``reason`` is ``"unknown"``, ``"expired"``, ``"revoked"`` or ``"submitted"``.
        """

        def work(session: Session, row: AssignmentRow) -> OpenedAssignment:
            client = session.get_one(ClientRow, row.client_id)
            submitted = self._submitted(session, row.id)
            drafts: dict[str, Any] = {}
            draft_extras: dict[str, dict[str, Any]] = {}
            for exercise_id in row.exercise_ids:
                if exercise_id in submitted:
                    continue
                draft = session.scalar(
                    select(ResponseRow)
                    .where(
                        ResponseRow.assignment_id == row.id,
                        ResponseRow.exercise_id == exercise_id,
                        ResponseRow.kind == "draft",
                    )
                    .order_by(ResponseRow.version.desc())
                    .limit(1)
                )
                if draft is not None:
                    drafts[exercise_id] = self._cipher.open_json(
                        draft.answers_sealed, "responses.answers"
                    )
                    if draft.extra_sealed is not None:
                        extra = self._cipher.open_json(draft.extra_sealed, "responses.extra")
                        if isinstance(extra, dict):
                            draft_extras[exercise_id] = extra
            self._audit(session, f"client-link:{row.id}", "open", f"assignment:{row.id}")
            return OpenedAssignment(
                assignment_id=row.id,
                exercise_ids=tuple(row.exercise_ids),
                instructions=self._cipher.open_optional(
                    row.instructions_sealed, "assignments.instructions"
                ),
                ai_help=client.ai_help,
                due=row.due,
                expires_at=row.expires_at,
                drafts=drafts,
                submitted=frozenset(submitted),
                secret=secret,
                shared_comments=self._shared_comments(session, row.client_id),
                draft_extras=draft_extras,
            )

        return cast(OpenedAssignment, self._with_link(secret, work))

    @staticmethod
    def _check_payload(answers: Any, extra: Any) -> None:
        if not isinstance(answers, Mapping | list | tuple):
            raise InvalidInput("answers must be a mapping of field id to value (or a list)")
        if extra is not None and not isinstance(extra, Mapping):
            raise InvalidInput("extra must be a mapping")
        try:
            size = len(json.dumps([answers, extra], allow_nan=False))
        except (TypeError, ValueError):
            raise InvalidInput("answers must be plain JSON values") from None
        if size > MAX_ANSWERS_BYTES:
            raise InvalidInput("answers are too long")

    def _next_version(self, session: Session, assignment_id: int, exercise_id: str) -> int:
        highest = session.scalar(
            select(func.max(ResponseRow.version)).where(
                ResponseRow.assignment_id == assignment_id, ResponseRow.exercise_id == exercise_id
            )
        )
        return int(highest or 0) + 1

    def _check_exercise(self, session: Session, row: AssignmentRow, exercise_id: str) -> None:
        if exercise_id not in row.exercise_ids:
            raise InvalidInput(f"exercise {exercise_id!r} is not part of this assignment")
        if exercise_id in self._submitted(session, row.id):
            raise InvalidInput(f"exercise {exercise_id!r} has been submitted already")

    def save_draft(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        """Autosave: store a new draft version of one exercise; returns its response id.

        Drafts are never overwritten: each save is a new version, and the newest
        ``draft_history`` versions are kept.
        """
        self._check_payload(answers, extra)
        crisis_fields, tier = self._crisis_fields(_load_exercise(exercise_id), answers, extra)

        def work(session: Session, row: AssignmentRow) -> int:
            self._check_exercise(session, row, exercise_id)
            if crisis_fields:
                # At once, not on submit: the alert names the fields and the tier, never
                # the text; one per tier for each occurrence of the exercise.
                occurrence = len(self._submissions_of(session, row.id, exercise_id))
                self._raise_alert(
                    session,
                    client_id=row.client_id,
                    kind="crisis_language",
                    detail=crisis_detail(exercise_id, crisis_fields, tier, "draft"),
                    dedupe=f"crisis-draft:{row.id}:{exercise_id}:{occurrence}:{tier}",
                    assignment_id=row.id,
                )
            response = ResponseRow(
                assignment_id=row.id,
                exercise_id=exercise_id,
                kind="draft",
                version=self._next_version(session, row.id, exercise_id),
                answers_sealed=self._cipher.seal_json(answers, "responses.answers"),
                extra_sealed=None
                if extra is None
                else self._cipher.seal_json(extra, "responses.extra"),
                score_alerts=[],
                created=self.now(),
            )
            session.add(response)
            session.flush()
            keep = (
                select(ResponseRow.id)
                .where(
                    ResponseRow.assignment_id == row.id,
                    ResponseRow.exercise_id == exercise_id,
                    ResponseRow.kind == "draft",
                )
                .order_by(ResponseRow.version.desc())
                .limit(self.draft_history)
            )
            kept = list(session.scalars(keep))
            session.execute(
                delete(ResponseRow).where(
                    ResponseRow.assignment_id == row.id,
                    ResponseRow.exercise_id == exercise_id,
                    ResponseRow.kind == "draft",
                    ResponseRow.id.not_in(kept),
                )
            )
            self._audit(session, f"client-link:{row.id}", "save_draft", f"response:{response.id}")
            return response.id

        return cast(int, self._with_link(link, work))

    def submit(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None = None,
    ) -> SubmitReceipt:
        """Submit one exercise of an assignment, in one transaction.

        A questionnaire is scored with :func:`toolkit.scoring.score` (its risk alerts, e.g.
        ``phq9_item9``, go to the therapist's dashboard); a worksheet's free text is run
        through the crisis gate (a hit raises a ``crisis_language`` alert naming the fields,
        never their text). When the last exercise of the bundle is in, a one-off assignment
        closes and a recurring one moves its link to the next occurrence.

        Raises
        ------
        LinkInvalid
            The link opens nothing.
        InvalidInput
            Unknown exercise for this assignment, already submitted, answers that cannot be
            scored, or required worksheet fields left empty.
        """
        self._check_payload(answers, extra)
        exercise = _load_exercise(exercise_id)
        stored, total, band, alerts, detail = self._score(exercise, answers, extra)
        crisis_fields, tier = self._crisis_fields(exercise, stored, extra)

        def work(session: Session, row: AssignmentRow) -> SubmitReceipt:
            self._check_exercise(session, row, exercise_id)
            now = self.now()
            version = self._next_version(session, row.id, exercise_id)
            response = ResponseRow(
                assignment_id=row.id,
                exercise_id=exercise_id,
                kind="submission",
                version=version,
                answers_sealed=self._cipher.seal_json(stored, "responses.answers"),
                extra_sealed=None
                if extra is None
                else self._cipher.seal_json(extra, "responses.extra"),
                score_total=total,
                score_band=band,
                score_alerts=list(alerts),
                score_detail=detail,
                created=now,
            )
            session.add(response)
            session.flush()
            for alert_id in alerts:
                self._raise_alert(
                    session,
                    client_id=row.client_id,
                    kind="risk_item",
                    detail=f"{exercise_id}: {alert_id}",
                    dedupe=f"risk:{response.id}:{alert_id}",
                    assignment_id=row.id,
                    response_id=response.id,
                )
            if crisis_fields:
                occurrence = len(self._submissions_of(session, row.id, exercise_id)) - 1
                from_draft = session.scalar(
                    select(AlertRow).where(
                        AlertRow.dedupe
                        == f"crisis-draft:{row.id}:{exercise_id}:{occurrence}:{tier}"
                    )
                )
                if from_draft is not None:  # already on the dashboard: point it at the record
                    from_draft.response_id = response.id
                else:
                    self._raise_alert(
                        session,
                        client_id=row.client_id,
                        kind="crisis_language",
                        detail=crisis_detail(exercise_id, crisis_fields, tier, "submission"),
                        dedupe=f"crisis:{response.id}",
                        assignment_id=row.id,
                        response_id=response.id,
                    )
            complete = set(row.exercise_ids) <= self._submitted(session, row.id)
            if complete:
                row.status = "submitted"
                row.closed_at = now
                if row.every_days is not None and row.due is not None:
                    self._next_occurrence(session, row, now)
            self._audit(session, f"client-link:{row.id}", "submit", f"response:{response.id}")
            return SubmitReceipt(
                response_id=response.id,
                version=version,
                total=total,
                band=band,
                alerts=tuple(alerts),
                crisis=bool(crisis_fields),
                assignment_complete=complete,
            )

        return cast(SubmitReceipt, self._with_link(link, work))

    @staticmethod
    def _score(
        exercise: Any,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None = None,
    ) -> tuple[Any, int | None, str | None, tuple[str, ...], dict[str, Any] | None]:
        """Validate and score answers; returns (answers to store, total, band, alerts, detail).

        The sex the client gave (``extra["sex"]``) feeds sex-specific cut-offs (AUDIT-C)."""
        from toolkit.exercises import Questionnaire
        from toolkit.exercises.responses import problems
        from toolkit.scoring import ScoringError, UnknownMeasureError, score

        if isinstance(exercise, Questionnaire):
            if isinstance(answers, Mapping):
                by_id = dict(answers)
            else:
                items = (
                    exercise.scored_items
                    if len(answers) == len(exercise.scored_items)
                    else exercise.items
                )
                if len(answers) != len(items):
                    expected = len(exercise.scored_items)
                    raise InvalidInput(
                        f"{exercise.id}: expected {expected} answers, got {len(answers)}"
                    )
                by_id = {item.id: value for item, value in zip(items, answers, strict=True)}
            if exercise.scoring is None:
                return by_id, None, None, (), None
            try:
                sex = (extra or {}).get("sex")
                result = score(exercise.id, by_id, sex=sex if sex in ("male", "female") else None)
            except (ScoringError, UnknownMeasureError) as exc:
                raise InvalidInput(str(exc)) from None
            detail: dict[str, Any] = {
                "percent": result.percent,
                "positive": result.positive,
                "case": result.case,
                "skipped": list(result.skipped),
                # blank items a cited prorating rule filled; empty for a complete answer set
                "prorated_items": list(result.prorated_items),
                "subscales": {
                    key: {"total": sub.total, "band": sub.band}
                    for key, sub in result.subscales.items()
                },
            }
            return by_id, result.total, result.band, tuple(result.alerts), detail
        if not isinstance(answers, Mapping):
            raise InvalidInput("worksheet answers are a mapping of field id to value")
        missing = problems(exercise, answers)
        if missing:
            raise InvalidInput(f"{exercise.id}: please complete {', '.join(sorted(missing))}")
        return dict(answers), None, None, (), None

    @staticmethod
    def _crisis_fields(
        exercise: Any, answers: Any, extra: Mapping[str, Any] | None = None
    ) -> tuple[list[str], str]:
        """The worksheet fields with crisis language and the tier (``check`` / ``crisis``).

        The crisis gate of :mod:`toolkit.reframing.safety` reads every text (offline, in
        milliseconds; never an LLM endpoint). A "Yes" or "I'd rather not say" to the page's
        check question makes the tier ``crisis``.
        """
        from toolkit.exercises import Worksheet
        from toolkit.reframing.safety import check

        if not isinstance(exercise, Worksheet) or not isinstance(answers, Mapping):
            return [], "none"
        fields, tier = [], "none"
        for field_id, value in answers.items():
            risks = [check(text).risk for text in _strings(value) if text.strip()]
            top = max(risks, key=CRISIS_TIERS.index, default="none")
            if top != "none":
                fields.append(str(field_id))
                tier = max(tier, top, key=CRISIS_TIERS.index)
        answer = ((extra or {}).get("crisis_check") or {}).get("check_answer")
        if fields and answer in {"yes", "rather_not_say"}:
            tier = "crisis"
        return fields, tier

    # -- the therapist's views ---------------------------------------------------------------

    def alerts(self, actor: Actor, *, include_acknowledged: bool = False) -> list[AlertInfo]:
        """Alerts on the acting therapist's clients: risk items first, then crisis language,
        then overdue tasks; newest first within each kind."""
        with self._tx() as session:
            clients = select(ClientRow.id)
            if isinstance(actor, Therapist):
                clients = clients.where(ClientRow.therapist_id == actor.id)
            client_ids = list(session.scalars(clients))
            self._refresh(session, client_ids)
            query = (
                select(AlertRow, ClientRow.code)
                .join(ClientRow, ClientRow.id == AlertRow.client_id)
                .where(AlertRow.client_id.in_(client_ids))
            )
            if not include_acknowledged:
                query = query.where(AlertRow.acknowledged_at.is_(None))
            found = [
                AlertInfo(
                    id=row.id,
                    client_code=code,
                    kind=cast(AlertKind, row.kind),
                    detail=row.detail,
                    created=row.created,
                    acknowledged=row.acknowledged_at is not None,
                    assignment_id=row.assignment_id,
                    response_id=row.response_id,
                )
                for row, code in session.execute(query)
            ]
            found.sort(key=lambda a: (-a.created.timestamp(), -a.id))
            found.sort(key=lambda a: ALERT_ORDER.get(a.kind, 9))
            self._audit(session, actor.actor, "list_alerts", f"alerts:{len(found)}")
            return found

    def acknowledge_alert(self, actor: Actor, alert_id: int) -> None:
        """Mark an alert as seen (it stays in the client's record)."""
        with self._tx() as session:
            row = session.get(AlertRow, alert_id)
            if row is None:
                raise NotFound(f"no alert {alert_id}")
            self._check_owner(actor, session.get_one(ClientRow, row.client_id))
            if row.acknowledged_at is None:
                row.acknowledged_at = self.now()
            self._audit(session, actor.actor, "acknowledge_alert", f"alert:{row.id}")

    def timeline(self, actor: Actor, code: str) -> list[SubmissionRecord]:
        """A client's submissions with answers, AI records and comments; newest first."""
        with self._tx() as session:
            client = self._client(session, actor, code)
            rows = session.scalars(
                select(ResponseRow)
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(AssignmentRow.client_id == client.id, ResponseRow.kind == "submission")
                .order_by(ResponseRow.created.desc(), ResponseRow.id.desc())
            )
            comments = self._comments_of_client(session, client.id)
            records = [
                self._record(session, row, comments=comments.get(row.id, ())) for row in rows
            ]
            self._audit(session, actor.actor, "read_timeline", f"client:{client.id}")
            return records

    def _record(
        self,
        session: Session,
        row: ResponseRow,
        *,
        comments: tuple[CommentInfo, ...] | None = None,
    ) -> SubmissionRecord:
        """``comments``: the response's comments, when the caller has them already."""
        return SubmissionRecord(
            response_id=row.id,
            assignment_id=row.assignment_id,
            exercise_id=row.exercise_id,
            version=row.version,
            submitted_at=row.created,
            answers=self._cipher.open_json(row.answers_sealed, "responses.answers"),
            extra=None
            if row.extra_sealed is None
            else self._cipher.open_json(row.extra_sealed, "responses.extra"),
            total=row.score_total,
            band=row.score_band,
            alerts=tuple(row.score_alerts or ()),
            comments=self._comments(session, row.id) if comments is None else comments,
        )

    def _comments_of_client(
        self, session: Session, client_id: int
    ) -> dict[int, tuple[CommentInfo, ...]]:
        """Every comment on a client's responses, by response id (one query)."""
        rows = session.execute(
            select(CommentRow, TherapistRow.username)
            .join(TherapistRow, TherapistRow.id == CommentRow.therapist_id)
            .join(ResponseRow, ResponseRow.id == CommentRow.response_id)
            .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
            .where(AssignmentRow.client_id == client_id)
            .order_by(CommentRow.created, CommentRow.id)
        )
        found: dict[int, list[CommentInfo]] = {}
        for row, name in rows:
            found.setdefault(row.response_id, []).append(
                CommentInfo(
                    row.id,
                    name,
                    self._cipher.open(row.body_sealed, "comments.body"),
                    row.created,
                    bool(row.shared),
                )
            )
        return {key: tuple(value) for key, value in found.items()}

    def _comments(self, session: Session, response_id: int) -> tuple[CommentInfo, ...]:
        rows = session.execute(
            select(CommentRow, TherapistRow.username)
            .join(TherapistRow, TherapistRow.id == CommentRow.therapist_id)
            .where(CommentRow.response_id == response_id)
            .order_by(CommentRow.created, CommentRow.id)
        )
        return tuple(
            CommentInfo(
                row.id,
                name,
                self._cipher.open(row.body_sealed, "comments.body"),
                row.created,
                bool(row.shared),
            )
            for row, name in rows
        )

    def _shared_comments(self, session: Session, client_id: int) -> tuple[SharedComment, ...]:
        """The newest comments shared with a client (what their page shows)."""
        rows = session.execute(
            select(CommentRow, ResponseRow.exercise_id, ResponseRow.created)
            .join(ResponseRow, ResponseRow.id == CommentRow.response_id)
            .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
            .where(AssignmentRow.client_id == client_id, CommentRow.shared.is_(True))
            .order_by(CommentRow.created.desc(), CommentRow.id.desc())
            .limit(SHARED_COMMENTS_SHOWN)
        )
        return tuple(
            SharedComment(
                exercise_id,
                submitted,
                self._cipher.open(row.body_sealed, "comments.body"),
                row.created,
            )
            for row, exercise_id, submitted in rows
        )

    def measure_series(
        self, actor: Actor, code: str, measure_id: str
    ) -> list[tuple[dt.datetime, int]]:
        """A client's totals on one measure, oldest first (for charts)."""
        with self._tx() as session:
            client = self._client(session, actor, code)
            rows = session.execute(
                select(ResponseRow.created, ResponseRow.score_total)
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(
                    AssignmentRow.client_id == client.id,
                    ResponseRow.kind == "submission",
                    ResponseRow.exercise_id == measure_id,
                    ResponseRow.score_total.is_not(None),
                )
                .order_by(ResponseRow.created, ResponseRow.id)
            )
            series = [(created, int(total)) for created, total in rows if total is not None]
            self._audit(session, actor.actor, "read_series", f"client:{client.id}")
            return series

    def add_comment(
        self, actor: Therapist, response_id: int, text: str, *, shared: bool = False
    ) -> int:
        """A therapist's comment on a client's response (encrypted); returns its id.

        ``shared``: the client sees it the next time they open one of their links
        (:attr:`OpenedAssignment.shared_comments`); :meth:`share_comment` changes it later.
        """
        if not isinstance(actor, Therapist):
            raise PermissionDenied("only a therapist writes comments")
        if not text.strip():
            raise InvalidInput("a comment cannot be empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidInput(f"a comment has at most {MAX_TEXT_LENGTH} characters")
        with self._tx() as session:
            response = session.get(ResponseRow, response_id)
            if response is None:
                raise NotFound(f"no response {response_id}")
            assignment = session.get_one(AssignmentRow, response.assignment_id)
            self._check_owner(actor, session.get_one(ClientRow, assignment.client_id))
            row = CommentRow(
                response_id=response.id,
                therapist_id=actor.id,
                body_sealed=self._cipher.seal(text, "comments.body"),
                shared=bool(shared),
                created=self.now(),
            )
            session.add(row)
            session.flush()
            self._audit(session, actor.actor, "comment", f"response:{response.id}")
            if shared:
                self._audit(session, actor.actor, "share_comment", f"comment:{row.id}")
            return row.id

    def share_comment(self, actor: Actor, comment_id: int, shared: bool) -> None:
        """Show a comment to the client (``shared=True``) or stop showing it."""
        with self._tx() as session:
            row = session.get(CommentRow, comment_id, with_for_update=True)
            if row is None:
                raise NotFound(f"no comment {comment_id}")
            response = session.get_one(ResponseRow, row.response_id)
            assignment = session.get_one(AssignmentRow, response.assignment_id)
            self._check_owner(actor, session.get_one(ClientRow, assignment.client_id))
            row.shared = bool(shared)
            action = "share_comment" if shared else "unshare_comment"
            self._audit(session, actor.actor, action, f"comment:{row.id}")

    def export_client(self, actor: Actor, code: str) -> dict[str, Any]:
        """Everything stored about one client, as JSON-ready data (the right of access).

        The shape is documented in ``docs/store.md``; :mod:`toolkit.store.exports` turns it
        into JSON, CSV or a FHIR R4 Bundle. Drafts are included (``kind: "draft"``).
        """
        with self._tx() as session:
            client = self._client(session, actor, code)
            info = self._client_info(session, client)
            assignments = list(
                session.scalars(
                    select(AssignmentRow)
                    .where(AssignmentRow.client_id == client.id)
                    .order_by(AssignmentRow.created, AssignmentRow.id)
                )
            )
            responses = list(
                session.scalars(
                    select(ResponseRow)
                    .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                    .where(AssignmentRow.client_id == client.id)
                    .order_by(ResponseRow.created, ResponseRow.id)
                )
            )
            alerts = list(
                session.scalars(
                    select(AlertRow)
                    .where(AlertRow.client_id == client.id)
                    .order_by(AlertRow.created, AlertRow.id)
                )
            )
            data: dict[str, Any] = {
                "format": "cbt-toolkit/client@1",
                "exported_at": _iso(self.now()),
                "client": {
                    "code": info.code,
                    "display_name": info.display_name,
                    "therapist": info.therapist,
                    "ai_help": info.ai_help,
                    "created": _iso(info.created),
                },
                "assignments": [self._assignment_data(session, row, code) for row in assignments],
                "responses": [self._response_data(session, row) for row in responses],
                "alerts": [
                    {
                        "kind": row.kind,
                        "detail": row.detail,
                        "assignment_id": row.assignment_id,
                        "response_id": row.response_id,
                        "created": _iso(row.created),
                        "acknowledged_at": _iso(row.acknowledged_at),
                    }
                    for row in alerts
                ],
            }
            self._audit(session, actor.actor, "export_client", f"client:{client.id}")
            return data

    def _assignment_data(self, session: Session, row: AssignmentRow, code: str) -> dict[str, Any]:
        info = self._assignment_info(session, row, code)
        return {
            "id": info.id,
            "exercise_ids": list(info.exercise_ids),
            "instructions": info.instructions,
            "due": _iso(info.due),
            "every_days": info.every_days,
            "opens_at": _iso(info.opens_at),
            "expires_at": _iso(info.expires_at),
            "status": info.status,
            "created": _iso(info.created),
            "previous_id": info.previous_id,
            "submitted_exercises": list(info.submitted_exercises),
        }

    def _response_data(self, session: Session, row: ResponseRow) -> dict[str, Any]:
        score = None
        if row.score_total is not None:
            score = {
                "total": row.score_total,
                "band": row.score_band,
                "alerts": list(row.score_alerts or ()),
                **(row.score_detail or {}),
            }
        return {
            "id": row.id,
            "assignment_id": row.assignment_id,
            "exercise_id": row.exercise_id,
            "kind": row.kind,
            "version": row.version,
            "created": _iso(row.created),
            "answers": self._cipher.open_json(row.answers_sealed, "responses.answers"),
            "extra": None
            if row.extra_sealed is None
            else self._cipher.open_json(row.extra_sealed, "responses.extra"),
            "score": score,
            "comments": [
                {
                    "author": c.author,
                    "body": c.body,
                    "created": _iso(c.created),
                    "shared": c.shared,
                }
                for c in self._comments(session, row.id)
            ],
        }

    def audit_log(self, *, limit: int | None = None) -> list[AuditEntry]:
        """The audit log, newest first (for operators; it holds ids, never client text)."""
        with self._tx() as session:
            query = select(AuditRow).order_by(AuditRow.id.desc())
            if limit is not None:
                query = query.limit(limit)
            return [AuditEntry(r.at, r.actor, r.action, r.object) for r in session.scalars(query)]

    # -- classes for the learn page ----------------------------------------------------------

    def create_class(self, name: str, *, actor: Actor = CLI) -> ClassInfo:
        """A class for the learn page quiz, with a fresh random code to share with students.

        The returned value also carries the class's **educator key** (``educator_key``), which
        is not the code: it opens the results and leads rounds. Only its SHA-256 hash is
        stored, so it is shown this once. At most ``class_rate`` classes are created per hour
        across the store (the learn page needs no login, so this bounds what anonymous
        visitors can add).
        """
        name = name.strip()
        if not name or len(name) > 120:
            raise InvalidInput("a class name has 1–120 characters")
        if not _encodable(name):
            raise InvalidInput("the class name holds a broken character; please retype it")
        key = "".join(secrets.choice(CLASS_CODE_ALPHABET) for _ in range(EDUCATOR_KEY_LENGTH))
        for _attempt in range(5):
            code = "".join(secrets.choice(CLASS_CODE_ALPHABET) for _ in range(8))
            try:
                with self._tx() as session:
                    recent = session.scalar(
                        select(func.count(ClassRow.id)).where(
                            ClassRow.created > self.now() - dt.timedelta(hours=1)
                        )
                    )
                    if self.class_rate > 0 and (recent or 0) >= self.class_rate:
                        raise InvalidInput(
                            "many classes were created in the last hour; please try again later"
                        )
                    row = ClassRow(name=name, code=code, created=self.now())
                    session.add(row)
                    session.flush()
                    session.add(ClassKeyRow(class_id=row.id, key_hash=_educator_key_hash(key)))
                    self._audit(session, actor.actor, "create_class", f"class:{row.id}")
                    return ClassInfo(row.id, row.name, row.code, row.created, educator_key=key)
            except IntegrityError:
                continue
        raise StoreError("could not find a free class code; try again")

    def class_by_code(self, code: str) -> ClassInfo:
        """The class a code belongs to (codes are case-insensitive); ``NotFound`` otherwise."""
        with self._tx() as session:
            row = session.scalar(select(ClassRow).where(ClassRow.code == code.strip().upper()))
            if row is None:
                raise NotFound("no class with this code")
            return ClassInfo(row.id, row.name, row.code, row.created)

    def record_quiz_answer(
        self,
        class_code: str,
        item_id: str,
        chosen: Sequence[str],
        correct: bool,
        *,
        round_id: int | None = None,
    ) -> None:
        """Store one anonymous quiz answer (item id, chosen trap ids, right or wrong).

        With ``round_id`` the answer belongs to that educator-led round: the round must be the
        class's open round and ``item_id`` its item (:class:`InvalidInput` otherwise, e.g.
        "the round is over").
        """
        if not re.match(r"^[a-z0-9_-]{1,64}$", item_id):
            raise InvalidInput("a quiz item id is 1–64 lower-case letters, digits, '_' or '-'")
        picks = [str(c) for c in chosen]
        if any(not re.match(r"^[a-z_]{1,64}$", c) for c in picks) or len(picks) > 20:
            raise InvalidInput("chosen traps are trap ids")
        with self._tx() as session:
            row = self._class_row(session, class_code)
            game: ClassRoundRow | None = None
            if round_id is not None:
                game = session.get(ClassRoundRow, round_id)
                if game is None or game.class_id != row.id or game.ended is not None:
                    raise InvalidInput("the round is over")
                if game.item_id != item_id:
                    raise InvalidInput("this answer is for another question than the round's")
            answer = QuizAnswerRow(
                class_id=row.id,
                item_id=item_id,
                chosen=picks,
                correct=bool(correct),
                created=self.now(),
            )
            session.add(answer)
            if game is not None:
                session.flush()
                session.add(RoundAnswerRow(answer_id=answer.id, round_id=game.id))

    @staticmethod
    def _class_row(session: Session, class_code: str) -> ClassRow:
        row = session.scalar(select(ClassRow).where(ClassRow.code == class_code.strip().upper()))
        if row is None:
            raise NotFound("no class with this code")
        return row

    def _educator_class(self, session: Session, class_code: str, educator_key: str) -> ClassRow:
        """The class, if ``educator_key`` is its key; ``NotFound`` / ``PermissionDenied``."""
        row = self._class_row(session, class_code)
        stored = session.get(ClassKeyRow, row.id)
        given = _educator_key_hash(educator_key)
        if stored is None or not hmac.compare_digest(stored.key_hash, given):
            raise PermissionDenied("this is not the class's educator key")
        return row

    def open_class_as_educator(self, class_code: str, educator_key: str) -> ClassInfo:
        """The class, once its educator key is checked (``PermissionDenied`` for a wrong key).

        A class made before educator keys existed has none, and cannot be opened this way.
        """
        with self._tx() as session:
            row = self._educator_class(session, class_code, educator_key)
            return ClassInfo(row.id, row.name, row.code, row.created)

    def start_class_round(self, class_code: str, educator_key: str, item_id: str) -> ClassRound:
        """Open a round on ``item_id`` for the whole class; an open round ends first."""
        if not re.match(r"^[a-z0-9_-]{1,64}$", item_id):
            raise InvalidInput("a quiz item id is 1–64 lower-case letters, digits, '_' or '-'")
        with self._tx() as session:
            row = self._educator_class(session, class_code, educator_key)
            now = self.now()
            for game in session.scalars(
                select(ClassRoundRow).where(
                    ClassRoundRow.class_id == row.id, ClassRoundRow.ended.is_(None)
                )
            ):
                game.ended = now
            game = ClassRoundRow(class_id=row.id, item_id=item_id, started=now)
            session.add(game)
            session.flush()
            return ClassRound(game.id, game.item_id, game.started)

    def end_class_round(self, class_code: str, educator_key: str) -> None:
        """End the class's open round, if any: no more answers are taken for it."""
        with self._tx() as session:
            row = self._educator_class(session, class_code, educator_key)
            now = self.now()
            for game in session.scalars(
                select(ClassRoundRow).where(
                    ClassRoundRow.class_id == row.id, ClassRoundRow.ended.is_(None)
                )
            ):
                game.ended = now

    def open_class_round(self, class_code: str) -> ClassRound | None:
        """The class's open round (its item only, never anyone's answers), or ``None``.

        Students' pages ask this to follow the educator; the class code is enough.
        """
        with self._tx() as session:
            row = self._class_row(session, class_code)
            game = session.scalar(
                select(ClassRoundRow)
                .where(ClassRoundRow.class_id == row.id, ClassRoundRow.ended.is_(None))
                .order_by(ClassRoundRow.id.desc())
                .limit(1)
            )
            if game is None:
                return None
            return ClassRound(game.id, game.item_id, game.started)

    def class_answers(
        self, class_code: str, educator_key: str, *, round_id: int | None = None
    ) -> list[QuizAnswer]:
        """The class's anonymous answers, oldest first; only the educator key opens them.

        With ``round_id``, only the answers given in that round of the class.
        """
        with self._tx() as session:
            row = self._educator_class(session, class_code, educator_key)
            query = (
                select(QuizAnswerRow.item_id, QuizAnswerRow.chosen, QuizAnswerRow.correct)
                .where(QuizAnswerRow.class_id == row.id)
                .order_by(QuizAnswerRow.id)
            )
            if round_id is not None:
                query = query.join(
                    RoundAnswerRow, RoundAnswerRow.answer_id == QuizAnswerRow.id
                ).where(RoundAnswerRow.round_id == round_id)
            return [
                QuizAnswer(str(item), tuple(str(c) for c in (chosen or ())), bool(right))
                for item, chosen, right in session.execute(query)
            ]

    def class_results(self, class_code: str) -> list[QuizItemStats]:
        """Per quiz item: how many answers and how many were right (anonymous)."""
        with self._tx() as session:
            row = session.scalar(
                select(ClassRow).where(ClassRow.code == class_code.strip().upper())
            )
            if row is None:
                raise NotFound("no class with this code")
            counts: dict[str, list[int]] = {}
            for item_id, correct in session.execute(
                select(QuizAnswerRow.item_id, QuizAnswerRow.correct).where(
                    QuizAnswerRow.class_id == row.id
                )
            ):
                entry = counts.setdefault(item_id, [0, 0])
                entry[0] += 1
                entry[1] += int(bool(correct))
            return [QuizItemStats(k, v[0], v[1]) for k, v in sorted(counts.items())]
