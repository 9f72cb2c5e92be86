"""The one facade over the database: :class:`Store`, and the rooms behind it.

Every method opens its own transaction, so each call is all-or-nothing. Methods that read or
change a client's data take the acting :data:`~toolkit.store.records.Actor` first: a therapist
may only touch their own clients (:class:`~toolkit.store.errors.PermissionDenied` otherwise,
or :class:`~toolkit.store.errors.NotFound` for a client code: codes are unique per therapist,
so another therapist's code is simply not one of yours); the command line acts as
:data:`~toolkit.store.records.CLI`. Every such read or change writes an audit entry naming the
actor, the action and the object by id — never free text.

Clients reach the store only through an assignment link secret (or the
:class:`~toolkit.store.records.OpenedAssignment` it opened): a secret opens exactly its own
assignment. See ``docs/store.md`` for the link lifecycle.

The work is done in rooms, one module per concern, which share one unit of work
(:mod:`toolkit.store.unit`: transaction, audit row, clock, ownership):
:mod:`~toolkit.store.identity` (therapists, login, sessions, throttling),
:mod:`~toolkit.store.clients`, :mod:`~toolkit.store.assignments` (links, recurrence),
:mod:`~toolkit.store.responses` (drafts, submissions, scoring and the crisis gate),
:mod:`~toolkit.store.review` (alerts, comments, timeline, export),
:mod:`~toolkit.store.reminders` and :mod:`~toolkit.store.classes`. This facade only wires them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from argon2 import PasswordHasher
from sqlalchemy import Engine

from toolkit.clinic import clinic_zone

from .assignments import MAX_TEXT_LENGTH, AssignmentsRoom
from .classes import ClassesRoom
from .clients import ClientsRoom
from .crypto import Cipher, secret_hash
from .identity import IdentityRoom
from .links import CLIENT_PAGE, link_url
from .records import (
    CLI,
    Actor,
    AlertInfo,
    AssignmentInfo,
    AuditEntry,
    ClassInfo,
    ClassRound,
    ClientInfo,
    ClientSummary,
    IssuedLink,
    LoginSession,
    OpenedAssignment,
    Operator,
    QuizAnswer,
    QuizItemStats,
    ReminderDue,
    ReminderKind,
    SubmissionRecord,
    SubmitReceipt,
    Therapist,
    TherapistInfo,
    crisis_detail,
    parse_crisis_detail,
)
from .reminders import RemindersRoom
from .responses import ResponsesRoom
from .review import ReviewRoom
from .unit import Context, Policy, utcnow

__all__ = [
    "CLIENT_PAGE",
    "MAX_TEXT_LENGTH",
    "Store",
    "crisis_detail",
    "link_url",
    "parse_crisis_detail",
]

T = TypeVar("T")


class _Setting(Generic[T]):
    """A store attribute that reads and writes the policy every room shares, so
    ``store.draft_history = 2`` changes what the rooms do."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Setting[T]: ...

    @overload
    def __get__(self, obj: Store, owner: type) -> T: ...

    def __get__(self, obj: Store | None, owner: type) -> T | _Setting[T]:
        if obj is None:
            return self
        value: T = getattr(obj._context.policy, self.name)
        return value

    def __set__(self, obj: Store, value: T) -> None:
        setattr(obj._context.policy, self.name, value)


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
        if class_rate is None:
            from toolkit.config import current

            class_rate = current().class_rate
        policy = Policy(
            session_timeout=session_timeout,
            session_max_age=session_max_age,
            link_lifetime=link_lifetime,
            draft_history=max(1, draft_history),
            max_failed_logins=max_failed_logins,
            throttle_base=throttle_base,
            throttle_max=throttle_max,
            throttle_window=throttle_window,
            login_delay_base=login_delay_base,
            login_delay_max=login_delay_max,
            sleep=sleep,
            class_rate=class_rate,
        )
        self.engine = engine
        self.zone = zone or clinic_zone()
        self._context = Context(
            engine, cipher, clock=clock or utcnow, zone=self.zone, policy=policy
        )
        self._identity = IdentityRoom(self._context, password_hasher or PasswordHasher())
        self._assignments = AssignmentsRoom(self._context)
        self._clients = ClientsRoom(self._context, self._assignments)
        self._responses = ResponsesRoom(self._context, self._assignments)
        self._review = ReviewRoom(self._context, self._assignments)
        self._reminders = RemindersRoom(self._context, self._assignments)
        self._classes = ClassesRoom(self._context)

    session_timeout = _Setting[dt.timedelta]()
    session_max_age = _Setting[dt.timedelta]()
    link_lifetime = _Setting[dt.timedelta]()
    draft_history = _Setting[int]()
    max_failed_logins = _Setting[int]()
    throttle_base = _Setting[dt.timedelta]()
    throttle_max = _Setting[dt.timedelta]()
    throttle_window = _Setting[dt.timedelta]()
    login_delay_base = _Setting[float]()
    login_delay_max = _Setting[float]()
    sleep = _Setting[Callable[[float], None]]()
    class_rate = _Setting[int]()

    # -- plumbing ----------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def today(self) -> dt.date:
        """The clinic's calendar day now (in :attr:`zone`)."""
        return self._context.today()

    def now(self) -> dt.datetime:
        """The store's current time (UTC, aware)."""
        return self._context.now()

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
        return self._identity.add_therapist(username, password, actor=actor)

    def remove_therapist(self, actor: Operator, username: str) -> None:
        """Delete a therapist account (command line only) once they have no clients left.

        Raises
        ------
        NotFound
            No such therapist.
        InvalidInput
            They still have clients: erase or move them first.
        """
        return self._identity.remove_therapist(actor, username)

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
        return self._identity.reset_password(username, password, actor=actor)

    def therapists(self, *, actor: Actor = CLI) -> list[TherapistInfo]:
        """Every therapist account with its number of clients, by username (operators only)."""
        return self._identity.therapists(actor=actor)

    def therapist(self, username: str) -> Therapist:
        """The therapist with this username (``NotFound`` otherwise)."""
        return self._identity.therapist(username)

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
        return self._identity.login(username, password, address=address)

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
        return self._identity.session_by_digest(digest)

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
        return self._identity.activity_by_digest(digest, code)

    def logout(self, token: str) -> None:
        """End a login session (unknown tokens are ignored): every page and tab that used it
        is logged out at its next action or reload."""
        self.logout_by_digest(secret_hash(token))

    def logout_by_digest(self, digest: str) -> None:
        """:meth:`logout` for the digest of a token (see :meth:`session_by_digest`)."""
        self._identity.logout_by_digest(digest)

    # -- clients -----------------------------------------------------------------------

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
        """Register a client under a pseudonymous ``code`` (unique among the therapist's own
        clients: two therapists may each have a "C1").

        ``email`` (optional) is where links and reminders may be mailed; it is encrypted.

        A therapist adds clients to their own list; the command line names the ``therapist``.

        Raises
        ------
        InvalidInput
            A code that is not 1–32 letters, digits, ``_`` or ``-``.
        AlreadyExists
            The therapist has a client with this code already (the message speaks only of
            their own clients: "you have a client with code 'C1' already").
        NotFound
            The named therapist does not exist.
        """
        return self._clients.add_client(
            actor,
            code,
            therapist=therapist,
            display_name=display_name,
            ai_help=ai_help,
            email=email,
        )

    def client(self, actor: Actor, code: str) -> ClientInfo:
        """One client's details (audited read)."""
        return self._clients.client(actor, code)

    def set_client_email(self, actor: Actor, code: str, email: str | None) -> None:
        """Set or (with ``None`` or ``""``) remove a client's e-mail address (encrypted).

        Raises
        ------
        InvalidInput
            Not one plain ``name@domain`` address.
        """
        return self._clients.set_client_email(actor, code, email)

    def set_ai_help(self, actor: Actor, code: str, enabled: bool) -> None:
        """Switch AI suggestions on or off for one client."""
        self._clients.set_ai_help(actor, code, enabled)

    def clients(self, actor: Actor) -> list[ClientSummary]:
        """The acting therapist's clients (all clients for the command line), by code.

        Expired links and overdue tasks are brought up to date first (overdue alerts are
        raised lazily, here and in :meth:`alerts`). The summaries take a fixed number of
        queries however many clients there are (no query per client).
        """
        return self._clients.clients(actor)

    def erase_client(self, actor: Actor, code: str) -> None:
        """Delete every row about a client: assignments, answers, comments, alerts.

        The audit log keeps one entry naming the client's row id (never the code or any text);
        earlier audit entries name ids only, so nothing about the client is left.
        """
        return self._clients.erase_client(actor, code)

    # -- assignments and links ---------------------------------------------------------

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
        return self._assignments.assign(
            actor,
            code,
            exercise_ids,
            instructions=instructions,
            due=due,
            every_days=every_days,
            expires=expires,
        )

    def assignments(self, actor: Actor, code: str) -> list[AssignmentInfo]:
        """Every assignment (every occurrence) of a client, newest first."""
        return self._assignments.assignments(actor, code)

    def revoke(self, actor: Actor, assignment_id: int) -> None:
        """Stop an assignment's link from working (a recurring series stops too)."""
        self._assignments.revoke(actor, assignment_id)

    def resend(self, actor: Actor, assignment_id: int) -> IssuedLink:
        """Give an open assignment a new link secret; the old link stops working at once.

        Raises
        ------
        InvalidInput
            The assignment is not open (submitted, revoked or expired).
        """
        return self._assignments.resend(actor, assignment_id)

    # -- reminders ---------------------------------------------------------------------

    def pending_reminders(self, actor: Actor = CLI) -> list[ReminderDue]:
        """Reminders to send now (command line only), oldest due date first.

        For every open occurrence with a due date whose client has an e-mail address:
        ``due_tomorrow`` when it is due on the clinic's next calendar day, ``overdue`` once
        that day has passed; each is left out once :meth:`claim_reminder` recorded it. Links
        are brought up to date first (expired ones are not reminded of).
        """
        return self._reminders.pending_reminders(actor)

    def claim_reminder(self, assignment_id: int, kind: ReminderKind) -> bool:
        """Record that a reminder is being sent; ``False`` if it was recorded before (by this
        or another process): then it must not be sent again."""
        return self._reminders.claim_reminder(assignment_id, kind)

    def release_reminder(self, assignment_id: int, kind: ReminderKind) -> None:
        """Forget a claimed reminder whose message could not be sent (the next run retries)."""
        self._reminders.release_reminder(assignment_id, kind)

    # -- the client's link: drafts and submissions -------------------------------------

    def open_assignment(self, secret: str) -> OpenedAssignment:
        """What a client's link opens.

        Raises
        ------
        LinkInvalid
            ``reason`` is ``"unknown"``, ``"expired"``, ``"revoked"`` or ``"submitted"``.
        """
        return self._responses.open_assignment(secret)

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
        return self._responses.save_draft(link, exercise_id, answers, extra)

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
        return self._responses.submit(link, exercise_id, answers, extra)

    # -- the therapist's review --------------------------------------------------------

    def alerts(self, actor: Actor, *, include_acknowledged: bool = False) -> list[AlertInfo]:
        """Alerts on the acting therapist's clients: risk items first, then crisis language,
        then overdue tasks; newest first within each kind."""
        return self._review.alerts(actor, include_acknowledged=include_acknowledged)

    def acknowledge_alert(self, actor: Actor, alert_id: int) -> None:
        """Mark an alert as seen (it stays in the client's record)."""
        self._review.acknowledge_alert(actor, alert_id)

    def timeline(self, actor: Actor, code: str) -> list[SubmissionRecord]:
        """A client's submissions with answers, AI records and comments; newest first."""
        return self._review.timeline(actor, code)

    def measure_series(
        self, actor: Actor, code: str, measure_id: str
    ) -> list[tuple[dt.datetime, int]]:
        """A client's totals on one measure, oldest first (for charts)."""
        return self._review.measure_series(actor, code, measure_id)

    def add_comment(
        self, actor: Therapist, response_id: int, text: str, *, shared: bool = False
    ) -> int:
        """A therapist's comment on a client's response (encrypted); returns its id.

        ``shared``: the client sees it the next time they open one of their links
        (:attr:`OpenedAssignment.shared_comments`); :meth:`share_comment` changes it later.
        """
        return self._review.add_comment(actor, response_id, text, shared=shared)

    def share_comment(self, actor: Actor, comment_id: int, shared: bool) -> None:
        """Show a comment to the client (``shared=True``) or stop showing it."""
        self._review.share_comment(actor, comment_id, shared)

    def export_client(self, actor: Actor, code: str) -> dict[str, Any]:
        """Everything stored about one client, as JSON-ready data (the right of access).

        The shape is documented in ``docs/store.md``; :mod:`toolkit.store.exports` turns it
        into JSON, CSV or a FHIR R4 Bundle. Drafts are included (``kind: "draft"``).
        """
        return self._review.export_client(actor, code)

    def audit_log(self, *, limit: int | None = None) -> list[AuditEntry]:
        """The audit log, newest first (for operators; it holds ids, never client text)."""
        return self._review.audit_log(limit=limit)

    # -- classes for the learn page ----------------------------------------------------

    def create_class(self, name: str, *, actor: Actor = CLI) -> ClassInfo:
        """A class for the learn page quiz, with a fresh random code to share with students.

        The returned value also carries the class's **educator key** (``educator_key``), which
        is not the code: it opens the results and leads rounds. Only its SHA-256 hash is
        stored, so it is shown this once. At most ``class_rate`` classes are created per hour
        across the store (the learn page needs no login, so this bounds what anonymous
        visitors can add).
        """
        return self._classes.create_class(name, actor=actor)

    def class_by_code(self, code: str) -> ClassInfo:
        """The class a code belongs to (codes are case-insensitive); ``NotFound`` otherwise."""
        return self._classes.class_by_code(code)

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
        return self._classes.record_quiz_answer(
            class_code, item_id, chosen, correct, round_id=round_id
        )

    def open_class_as_educator(self, class_code: str, educator_key: str) -> ClassInfo:
        """The class, once its educator key is checked (``PermissionDenied`` for a wrong key).

        A class made before educator keys existed has none, and cannot be opened this way.
        """
        return self._classes.open_class_as_educator(class_code, educator_key)

    def start_class_round(self, class_code: str, educator_key: str, item_id: str) -> ClassRound:
        """Open a round on ``item_id`` for the whole class; an open round ends first."""
        return self._classes.start_class_round(class_code, educator_key, item_id)

    def end_class_round(self, class_code: str, educator_key: str) -> None:
        """End the class's open round, if any: no more answers are taken for it."""
        self._classes.end_class_round(class_code, educator_key)

    def open_class_round(self, class_code: str) -> ClassRound | None:
        """The class's open round (its item only, never anyone's answers), or ``None``.

        Students' pages ask this to follow the educator; the class code is enough.
        """
        return self._classes.open_class_round(class_code)

    def class_answers(
        self, class_code: str, educator_key: str, *, round_id: int | None = None
    ) -> list[QuizAnswer]:
        """The class's anonymous answers, oldest first; only the educator key opens them.

        With ``round_id``, only the answers given in that round of the class.
        """
        return self._classes.class_answers(class_code, educator_key, round_id=round_id)

    def class_results(self, class_code: str) -> list[QuizItemStats]:
        """Per quiz item: how many answers and how many were right (anonymous)."""
        return self._classes.class_results(class_code)
