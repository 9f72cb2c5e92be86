"""Plain frozen values the :class:`~toolkit.store.Store` returns (never live ORM objects).

They can be passed around freely (to widgets, to exports) after the database session closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from toolkit.config import DEFAULT_BASE_URL

from .links import link_url

if TYPE_CHECKING:
    from toolkit.exercises.answers import Alert, SuggestionRecord

AssignmentStatus = Literal["open", "submitted", "revoked", "expired"]
ResponseKind = Literal["draft", "submission"]
AlertKind = Literal["risk_item", "crisis_language", "overdue"]
Trend = Literal["improved", "deteriorated", "no reliable change"]

INTAKE_BUNDLE = ("intake", "phq9", "gad7", "who5")
"""The usual first assignment; ``intake`` is skipped where no such worksheet exists."""

CRISIS_TIERS = ("none", "check", "crisis")
"""The tiers of the crisis gate, lowest first."""


def crisis_detail(exercise_id: str, fields: Sequence[str], tier: str, source: str) -> str:
    """A crisis alert's one-line detail: identifiers only, never the client's text.

    ``"thought_record: automatic_thoughts; tier=crisis; from=draft"`` — the exercise, the fields,
    the tier of the crisis gate (``check`` or ``crisis``) and whether it came from an autosaved
    draft or a submission. Alerts carry these parts as values too (:attr:`AlertInfo.alert`).
    """
    from toolkit.exercises.answers import Alert

    alert = Alert("crisis_language", (exercise_id,), fields=tuple(fields), tier=tier, source=source)
    return alert.detail


def parse_crisis_detail(detail: str) -> dict[str, Any]:
    """``exercise``, ``fields``, ``tier`` and ``source`` of a crisis alert's one-line detail
    (:meth:`toolkit.exercises.answers.Alert.from_detail`; for details written by an older
    release: today's alerts hold these as values, :attr:`AlertInfo.alert`).

    Details written before tiers existed (``"thought_record: automatic_thoughts"``) read as
    tier ``crisis`` from a submission.

    >>> parse_crisis_detail("thought_record: situation; tier=check; from=draft")["tier"]
    'check'
    """
    from toolkit.exercises.answers import Alert

    alert = Alert.from_detail("crisis_language", detail)
    return {
        "exercise": alert.exercise,
        "fields": list(alert.fields),
        "tier": alert.tier,
        "source": alert.source,
    }


@dataclass(frozen=True)
class Therapist:
    """The acting therapist, as returned by :meth:`Store.login` / :meth:`Store.session`."""

    id: int
    username: str

    @property
    def actor(self) -> str:
        """How the audit log names this therapist."""
        return f"therapist:{self.username}"


@dataclass(frozen=True)
class TherapistInfo:
    """A therapist account as ``cbt therapist list`` shows it."""

    username: str
    clients: int
    created: dt.datetime


@dataclass(frozen=True)
class Operator:
    """Someone at the server's command line (``cbt …``): may act on any client.

    Whoever can run ``cbt`` on the server already holds the database and its key, so the
    permission checks that separate therapists do not apply; every action is still audited.
    """

    name: str = "cli"
    therapist: str | None = None
    """Scope to one therapist's clients (``cbt export CODE --therapist USER``): client codes
    are unique per therapist only, so an unscoped operator's code may name several clients."""

    def scoped(self, therapist: str | None) -> Operator:
        """This operator acting on ``therapist``'s clients only (``None``: on every client)."""
        return Operator(self.name, therapist)

    @property
    def actor(self) -> str:
        """How the audit log names this operator."""
        return self.name


CLI = Operator("cli")
"""The operator the ``cbt`` command line acts as (audit actor ``"cli"``)."""

Actor = Therapist | Operator
"""Who is acting: a logged-in therapist, or the command line."""


@dataclass(frozen=True)
class LoginSession:
    """A fresh login: hand ``token`` to the browser session, never log it."""

    token: str = field(repr=False)
    therapist: Therapist
    expires_at: dt.datetime


@dataclass(frozen=True)
class ClientInfo:
    """A client as the therapist knows them."""

    code: str
    display_name: str | None
    therapist: str
    ai_help: bool
    created: dt.datetime
    email: str | None = None
    """The optional address links and reminders are mailed to (encrypted at rest)."""
    therapist_id: int | None = None
    """The therapist's id in this database, fixed for the account's life: with :attr:`code`
    it names the client across the clinic."""


@dataclass(frozen=True)
class AssignmentInfo:
    """An assignment (one occurrence, for a recurring one)."""

    id: int
    client_code: str
    exercise_ids: tuple[str, ...]
    instructions: str | None
    due: dt.date | None
    every_days: int | None
    opens_at: dt.datetime
    expires_at: dt.datetime
    status: AssignmentStatus
    created: dt.datetime
    submitted_exercises: tuple[str, ...]
    previous_id: int | None = None


@dataclass(frozen=True)
class IssuedLink:
    """A new link secret for an assignment: shown once, stored only as a hash."""

    assignment: AssignmentInfo
    secret: str = field(repr=False)

    def url(self, base_url: str = DEFAULT_BASE_URL) -> str:
        """The client's link (see :func:`toolkit.store.link_url`)."""
        return link_url(self.secret, base_url)


@dataclass(frozen=True)
class OpenedAssignment:
    """What the client page needs to show an assignment opened by its link.

    ``drafts`` holds the latest draft answers of each exercise not yet submitted and
    ``draft_extras`` what was saved with them (e.g. the crisis panel's state and the answer to
    its check question, so a reload does not ask again); ``submitted`` the exercises already
    sent. Pass this object back to ``save_draft``/``submit``: it pins the occurrence, so a
    stale page cannot write into the next occurrence of a recurring task.
    """

    assignment_id: int
    exercise_ids: tuple[str, ...]
    instructions: str | None
    ai_help: bool
    due: dt.date | None
    expires_at: dt.datetime
    drafts: Mapping[str, Any]
    submitted: frozenset[str]
    secret: str = field(repr=False)
    shared_comments: tuple[SharedComment, ...] = ()
    """Comments the therapist shared with the client, newest first."""
    draft_extras: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def remaining(self) -> tuple[str, ...]:
        """Exercises of the bundle still to submit, in bundle order."""
        return tuple(e for e in self.exercise_ids if e not in self.submitted)


@dataclass(frozen=True)
class SubmitReceipt:
    """The acknowledgement of a submission: the saved version and what was computed."""

    response_id: int
    version: int
    total: int | None
    band: str | None
    alerts: tuple[str, ...]
    crisis: bool
    assignment_complete: bool


@dataclass(frozen=True)
class MeasurePoint:
    """One score of one measure at one time."""

    measure_id: str
    at: dt.datetime
    total: int
    band: str | None


@dataclass(frozen=True)
class ClientSummary:
    """One row of the therapist's client list.

    ``trend`` compares the first and the latest score of each measure with
    :func:`toolkit.scoring.reliable_change` (``None`` with fewer than two scores or when the
    measure declares no reliable-change rule).
    """

    code: str
    display_name: str | None
    ai_help: bool
    created: dt.datetime
    last_activity: dt.datetime | None
    latest: Mapping[str, MeasurePoint]
    trend: Mapping[str, Trend | None]
    open_assignments: tuple[AssignmentInfo, ...]
    unacknowledged_alerts: int
    therapist: str = ""
    """The client's therapist (client codes are unique per therapist only)."""


@dataclass(frozen=True)
class CommentInfo:
    """A therapist's comment on a submission; ``shared`` ones the client sees."""

    id: int
    author: str
    body: str
    created: dt.datetime
    shared: bool = False


@dataclass(frozen=True)
class SharedComment:
    """A comment shared with the client, as their page shows it (no author name)."""

    exercise_id: str
    submitted_at: dt.datetime
    body: str
    created: dt.datetime


ReminderKind = Literal["due_tomorrow", "overdue"]


@dataclass(frozen=True)
class ReminderDue:
    """A reminder ``cbt remind`` should send: to whom, about which occurrence, which kind."""

    assignment_id: int
    client_code: str
    email: str = field(repr=False)
    kind: ReminderKind
    due: dt.date


@dataclass(frozen=True)
class SubmissionRecord:
    """A submitted exercise with its answers decrypted (for the timeline).

    The export (:meth:`Store.export_client`) uses the same record for drafts too:
    ``kind`` says which, and ``score_detail`` holds what scoring computed beyond the total
    (percentage, subscales, skipped and prorated items).
    """

    response_id: int
    assignment_id: int
    exercise_id: str
    version: int
    submitted_at: dt.datetime
    answers: Mapping[str, Any]
    extra: Mapping[str, Any] | None
    total: int | None
    band: str | None
    alerts: tuple[str, ...]
    comments: tuple[CommentInfo, ...]
    kind: ResponseKind = "submission"
    score_detail: Mapping[str, Any] | None = None

    @property
    def suggestions(self) -> SuggestionRecord | None:
        """The AI suggestions shown and used (``extra["ai_suggestions"]``), if any."""
        from toolkit.exercises.answers import suggestions_of

        return suggestions_of(self.extra)


@dataclass(frozen=True)
class AlertInfo:
    """An alert on the therapist's dashboard (identifiers only, no client text).

    ``alert`` is what it is about, as values (exercise, alert id, fields, tier, source, due
    day); ``detail`` the same as one line.
    """

    id: int
    client_code: str
    kind: AlertKind
    detail: str
    created: dt.datetime
    acknowledged: bool
    assignment_id: int | None
    response_id: int | None
    alert: Alert
    acknowledged_at: dt.datetime | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: dt.datetime
    actor: str
    action: str
    object: str


@dataclass(frozen=True)
class ClassInfo:
    """An educator's class for the learn page quiz.

    ``educator_key`` is set only on the value :meth:`Store.create_class` returns: the store
    keeps a hash of it and can never show it again.
    """

    id: int
    name: str
    code: str
    created: dt.datetime
    educator_key: str = field(default="", repr=False)


@dataclass(frozen=True)
class ClassRound:
    """An educator-led round: the item every student of the class answers.

    ``ended`` is ``None`` while the round is open.
    """

    id: int
    item_id: str
    started: dt.datetime
    ended: dt.datetime | None = None


@dataclass(frozen=True)
class QuizAnswer:
    """One anonymous quiz answer: the item, the trap ids chosen (empty: "no trap"), if right."""

    item_id: str
    chosen: tuple[str, ...]
    correct: bool


@dataclass(frozen=True)
class QuizItemStats:
    """Anonymous results of one quiz item in one class."""

    item_id: str
    answers: int
    correct: int
