"""The unit of work every room of the store shares: a transaction, its clock, audit and owner.

A room (:mod:`~toolkit.store.identity`, :mod:`~toolkit.store.clients`,
:mod:`~toolkit.store.assignments`, :mod:`~toolkit.store.responses`,
:mod:`~toolkit.store.review`, :mod:`~toolkit.store.reminders`,
:mod:`~toolkit.store.classes`) never opens a SQLAlchemy session itself. It asks its
:class:`Context` for a :class:`Unit`::

    with self.context.unit(actor) as work:
        client = work.client(code)          # scoped to the actor's own clients
        ...
        work.audit("read_client", f"client:{client.id}")

The unit is one transaction (committed when the block ends, rolled back on an exception), so
every public call of the store is all-or-nothing; it knows the acting
:data:`~toolkit.store.records.Actor`, the store's clock and cipher, and writes audit rows that
name the actor, the action and the object by id, never free text.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from toolkit.clinic import local_day

from .crypto import Cipher
from .errors import AmbiguousClient, NotFound, PermissionDenied, StoreError
from .models import AlertRow, AuditRow, ClientRow, TherapistRow
from .records import Actor, Operator, Therapist

if TYPE_CHECKING:
    from toolkit.exercises.answers import Alert

CLIENT_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
"""A client code: 1–32 letters, digits, ``_`` or ``-`` (unique per therapist)."""


def utcnow() -> dt.datetime:
    """The real clock (UTC, aware)."""
    return dt.datetime.now(dt.UTC)


@dataclass
class Policy:
    """The store's tunable rules, shared by every room and changeable on a live store
    (``store.draft_history = 2`` in a test). :class:`toolkit.store.Store` documents each."""

    session_timeout: dt.timedelta = dt.timedelta(minutes=30)
    session_max_age: dt.timedelta = dt.timedelta(hours=12)
    link_lifetime: dt.timedelta = dt.timedelta(days=30)
    draft_history: int = 20
    max_failed_logins: int = 5
    throttle_base: dt.timedelta = dt.timedelta(seconds=30)
    throttle_max: dt.timedelta = dt.timedelta(hours=1)
    throttle_window: dt.timedelta = dt.timedelta(hours=1)
    login_delay_base: float = 0.5
    login_delay_max: float = 4.0
    sleep: Callable[[float], None] = field(default=time.sleep)
    class_rate: int = 0


class Context:
    """What every room shares: the sessions, the cipher, the clock, the zone and the policy."""

    def __init__(
        self,
        engine: Engine,
        cipher: Cipher,
        *,
        clock: Callable[[], dt.datetime],
        zone: dt.tzinfo,
        policy: Policy,
    ) -> None:
        self.engine = engine
        self.cipher = cipher
        self.clock = clock
        self.zone = zone
        self.policy = policy
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def now(self) -> dt.datetime:
        """The store's current time (UTC, aware)."""
        moment = self.clock()
        if moment.tzinfo is None:
            raise StoreError("the store clock must return timezone-aware datetimes")
        return moment.astimezone(dt.UTC)

    def today(self) -> dt.date:
        """The clinic's calendar day now."""
        return local_day(self.now(), self.zone)

    @contextmanager
    def unit(self, actor: Actor | None = None) -> Iterator[Unit]:
        """One transaction acting as ``actor`` (``None``: anonymous or a client link)."""
        with self._sessions.begin() as session:
            yield Unit(self, session, actor)


class Unit:
    """One transaction of one actor: the session, the clock, audit rows, ownership checks."""

    def __init__(self, context: Context, session: Session, actor: Actor | None) -> None:
        self.context = context
        self.session = session
        self.actor = actor
        self.cipher = context.cipher

    def now(self) -> dt.datetime:
        """The store's current time (UTC, aware)."""
        return self.context.now()

    def today(self) -> dt.date:
        """The clinic's calendar day now."""
        return self.context.today()

    def audit(self, action: str, obj: str, *, by: str | None = None) -> None:
        """An audit row: ``by`` (default: the acting therapist or operator) did ``action`` to
        ``obj`` (``"client:12"``, ids only)."""
        if by is None:
            by = self.actor.actor if self.actor is not None else "anonymous"
        self.session.add(AuditRow(at=self.now(), actor=by, action=action, object=obj))

    def check_owner(self, client: ClientRow) -> None:
        """``PermissionDenied`` unless the actor may act on ``client`` (an operator may)."""
        actor = self.actor
        if isinstance(actor, Operator):
            if actor.therapist is not None and actor.therapist != self.therapist_name(
                client.therapist_id
            ):
                raise PermissionDenied("this client belongs to another therapist")
            return
        if actor is None or client.therapist_id != actor.id:
            raise PermissionDenied("this client belongs to another therapist")

    def client(self, code: str, *, lock: bool = False) -> ClientRow:
        """The actor's client with this code.

        Codes are unique per therapist, so a therapist finds only their own clients: another
        therapist's client with the same code is as absent as a code nobody uses. An operator
        finds any client; one scoped to a therapist (``Operator(therapist=…)``) only theirs.

        Raises
        ------
        NotFound
            The actor has no client with this code.
        AmbiguousClient
            An unscoped operator named a code several therapists use.
        """
        actor = self.actor
        if actor is None or not CLIENT_CODE_PATTERN.fullmatch(code):
            raise NotFound(f"no client with code {code!r}")
        query = select(ClientRow).where(ClientRow.code == code).order_by(ClientRow.id)
        if isinstance(actor, Therapist):
            query = query.where(ClientRow.therapist_id == actor.id)
        elif actor.therapist is not None:
            query = query.join(TherapistRow, TherapistRow.id == ClientRow.therapist_id).where(
                TherapistRow.username == actor.therapist
            )
        if lock:
            query = query.with_for_update()
        rows = list(self.session.scalars(query))
        if not rows:
            raise NotFound(f"no client with code {code!r}")
        if len(rows) > 1:
            names = sorted(self.therapist_name(row.therapist_id) for row in rows)
            raise AmbiguousClient(code, tuple(names))
        return rows[0]

    def therapist_name(self, therapist_id: int) -> str:
        """The username of a therapist by id."""
        return self.session.get_one(TherapistRow, therapist_id).username

    def raise_alert(
        self,
        *,
        client_id: int,
        alert: Alert,
        dedupe: str,
        assignment_id: int | None = None,
        response_id: int | None = None,
    ) -> None:
        """Put an alert on the dashboard once: a second alert with the same ``dedupe`` key
        (from this or another process) is dropped. Each part of ``alert`` gets its column;
        ``detail`` repeats them as one line."""
        session = self.session
        if session.scalar(select(AlertRow.id).where(AlertRow.dedupe == dedupe)) is not None:
            return
        try:
            with session.begin_nested():
                session.add(
                    AlertRow(
                        client_id=client_id,
                        assignment_id=assignment_id,
                        response_id=response_id,
                        kind=alert.kind,
                        detail=alert.detail[:256],
                        exercise_ids=list(alert.exercises),
                        alert_id=alert.alert_id,
                        fields=list(alert.fields),
                        tier=alert.tier,
                        source=alert.source,
                        due=alert.due,
                        dedupe=dedupe,
                        created=self.now(),
                    )
                )
        except IntegrityError:
            return  # another process raised the same alert a moment ago
