"""Identity: therapist accounts, passwords, login sessions and login throttling."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .crypto import new_secret, secret_hash
from .errors import (
    AlreadyExists,
    InvalidInput,
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
    ClientRow,
    CommentRow,
    LoginThrottleRow,
    ResponseRow,
    SessionRow,
    TherapistRow,
)
from .records import CLI, Actor, LoginSession, Operator, Therapist, TherapistInfo
from .unit import Context, Unit

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD_LENGTH = 8


def throttle_keys(username: str, address: str) -> dict[str, str]:
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


class IdentityRoom:
    """Therapist accounts and login sessions (:class:`toolkit.store.Store` documents each
    public method)."""

    def __init__(self, context: Context, hasher: PasswordHasher) -> None:
        self.context = context
        self.hasher = hasher
        self._dummy_hash: str | None = None

    # -- accounts ----------------------------------------------------------------------------

    def add_therapist(self, username: str, password: str, actor: Actor = CLI) -> Therapist:
        if not USERNAME_PATTERN.fullmatch(username):
            raise InvalidInput("a username is 1–64 letters, digits, '.', '_' or '-'")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        hashed = self.hasher.hash(password)
        try:
            with self.context.unit(actor) as work:
                row = TherapistRow(
                    username=username, password_hash=hashed, failed_logins=0, created=work.now()
                )
                work.session.add(row)
                work.session.flush()
                work.audit("add_therapist", f"therapist:{row.id}")
                return Therapist(row.id, row.username)
        except IntegrityError:
            raise AlreadyExists(f"a therapist named {username!r} exists already") from None

    def remove_therapist(self, actor: Operator, username: str) -> None:
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator removes therapist accounts")
        with self.context.unit(actor) as work:
            session = work.session
            row = session.scalar(select(TherapistRow).where(TherapistRow.username == username))
            if row is None:
                raise NotFound(f"no therapist named {username!r}")
            if session.scalar(select(ClientRow.id).where(ClientRow.therapist_id == row.id)):
                raise InvalidInput(f"{username!r} still has clients")
            session.execute(delete(SessionRow).where(SessionRow.therapist_id == row.id))
            session.execute(delete(CommentRow).where(CommentRow.therapist_id == row.id))
            therapist_id = row.id
            session.delete(row)
            work.audit("remove_therapist", f"therapist:{therapist_id}")

    def reset_password(self, username: str, password: str, actor: Actor = CLI) -> None:
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator resets passwords")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        hashed = self.hasher.hash(password)
        with self.context.unit(actor) as work:
            session = work.session
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
                    LoginThrottleRow.key == throttle_keys(username, "")["name"]
                )
            )
            work.audit("reset_password", f"therapist:{row.id}")

    def therapists(self, actor: Actor = CLI) -> list[TherapistInfo]:
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator lists therapist accounts")
        with self.context.unit(actor) as work:
            counts: dict[int, int] = dict(
                work.session.execute(
                    select(ClientRow.therapist_id, func.count(ClientRow.id)).group_by(
                        ClientRow.therapist_id
                    )
                ).all()
            )
            rows = work.session.scalars(select(TherapistRow).order_by(TherapistRow.username))
            found = [
                TherapistInfo(row.username, int(counts.get(row.id, 0)), row.created) for row in rows
            ]
            work.audit("list_therapists", f"therapists:{len(found)}")
            return found

    def therapist(self, username: str) -> Therapist:
        with self.context.unit() as work:
            row = work.session.scalar(select(TherapistRow).where(TherapistRow.username == username))
            if row is None:
                raise NotFound(f"no therapist named {username!r}")
            return Therapist(row.id, row.username)

    # -- login -------------------------------------------------------------------------------

    def login(self, username: str, password: str, address: str = "") -> LoginSession:
        policy = self.context.policy
        keys = throttle_keys(username, address)
        with self.context.unit() as work:
            delay = self._login_delay(work, keys["name"])
        if delay > 0:
            policy.sleep(delay)
        error: StoreError | None = None
        result: LoginSession | None = None
        with self.context.unit() as work:
            session = work.session
            now = work.now()
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
                work.audit("login_throttled", target)
                error = LoginThrottled(math.ceil(max(waits).total_seconds()))
            elif row is None or not self._verify(row.password_hash, password):
                if row is None:
                    self._verify_dummy(password)
                self._count_failure(session, keys, counts, now)
                work.audit("login_failed", target)
                error = LoginFailed()
            else:
                for level in ("pair", "name"):
                    if counts[level] is not None:
                        session.delete(counts[level])
                if self.hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = self.hasher.hash(password)
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
                work.audit("login", f"therapist:{row.id}", by=therapist.actor)
                result = LoginSession(token, therapist, now + policy.session_timeout)
        if error is not None:
            raise error
        assert result is not None
        return result

    def _login_delay(self, work: Unit, name_key: str) -> float:
        """Seconds to wait before checking a password for a name many wrong ones were tried
        for (from anywhere)."""
        policy = self.context.policy
        row = work.session.get(LoginThrottleRow, name_key)
        if row is None or work.now() - row.last_failure > policy.throttle_window:
            return 0.0
        over = row.failures - policy.max_failed_logins
        if over < 0:
            return 0.0
        return float(min(policy.login_delay_base * 2.0 ** min(over, 20), policy.login_delay_max))

    def _count_failure(
        self,
        session: Session,
        keys: dict[str, str],
        counts: dict[str, LoginThrottleRow | None],
        now: dt.datetime,
    ) -> None:
        policy = self.context.policy
        session.execute(
            delete(LoginThrottleRow).where(
                LoginThrottleRow.last_failure < now - policy.throttle_window,
                LoginThrottleRow.key.not_in(list(keys.values())),
            )
        )
        limits = {"pair": policy.max_failed_logins, "addr": 4 * policy.max_failed_logins}
        for level, key in keys.items():
            row = counts[level]
            if row is None:
                row = LoginThrottleRow(key=key, failures=0, last_failure=now)
                session.add(row)
            elif now - row.last_failure > policy.throttle_window:
                row.failures, row.locked_until = 0, None
            row.failures += 1
            row.last_failure = now
            limit = limits.get(level)
            if limit is not None and row.failures >= limit:
                over = row.failures - limit
                row.locked_until = now + min(
                    policy.throttle_base * (2 ** min(over, 30)), policy.throttle_max
                )

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _verify_dummy(self, password: str) -> None:
        """Spend the time of a real check, so an unknown username is not faster to refuse."""
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash(new_secret())
        self._verify(self._dummy_hash, password)

    # -- sessions ----------------------------------------------------------------------------

    @staticmethod
    def _live_session(work: Unit, digest: str) -> SessionRow | None:
        """The session row of a token's digest (``None``: unknown or logged out)."""
        return work.session.scalar(select(SessionRow).where(SessionRow.token_hash == digest))

    def _lapsed(self, row: SessionRow, now: dt.datetime) -> bool:
        """Whether a session was idle too long or is too old (it has ended)."""
        policy = self.context.policy
        return (
            now - row.last_seen > policy.session_timeout
            or now - row.created > policy.session_max_age
        )

    def session_by_digest(self, digest: str) -> Therapist:
        if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
            raise SessionExpired
        expired = False
        with self.context.unit() as work:
            now = work.now()
            row = self._live_session(work, digest)
            if row is None:
                raise SessionExpired
            if self._lapsed(row, now):
                work.session.delete(row)
                expired = True
            else:
                row.last_seen = now
                therapist = Therapist(row.therapist_id, work.therapist_name(row.therapist_id))
        if expired:
            raise SessionExpired
        return therapist

    def activity_by_digest(self, digest: str, code: str | None = None) -> tuple[int, int]:
        with self.context.unit() as work:
            row = self._live_session(work, digest)
            if row is None or self._lapsed(row, work.now()):
                raise SessionExpired
            clients = select(ClientRow.id).where(ClientRow.therapist_id == row.therapist_id)
            if code is not None:
                clients = clients.where(ClientRow.code == code)
            open_alerts = work.session.scalar(
                select(func.count(AlertRow.id)).where(
                    AlertRow.client_id.in_(clients), AlertRow.acknowledged_at.is_(None)
                )
            )
            newest = work.session.scalar(
                select(func.max(ResponseRow.id))
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(AssignmentRow.client_id.in_(clients), ResponseRow.kind == "submission")
            )
            return int(open_alerts or 0), int(newest or 0)

    def logout_by_digest(self, digest: str) -> None:
        with self.context.unit() as work:
            row = self._live_session(work, digest)
            if row is not None:
                username = work.therapist_name(row.therapist_id)
                work.session.delete(row)
                work.audit("logout", f"therapist:{row.therapist_id}", by=f"therapist:{username}")
