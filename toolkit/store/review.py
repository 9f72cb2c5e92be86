"""Review: the therapist's alerts, comments, a client's timeline and series, and the export.

Each kind of row becomes its record in one function here (:func:`response_record`,
:func:`alert_info`, :func:`comments_of_client`); the timeline, the client page's shared
comments and the export all read through them, and the export document is then made from the
records by :func:`toolkit.store.exports.client_document`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import select

from .assignments import MAX_TEXT_LENGTH, AssignmentsRoom, assignment_info
from .clients import client_info
from .errors import InvalidInput, NotFound, PermissionDenied
from .exports import client_document
from .models import (
    AlertRow,
    AssignmentRow,
    AuditRow,
    ClientRow,
    CommentRow,
    ResponseRow,
    TherapistRow,
)
from .records import (
    Actor,
    AlertInfo,
    AlertKind,
    AuditEntry,
    CommentInfo,
    ResponseKind,
    SharedComment,
    SubmissionRecord,
    Therapist,
)
from .unit import Context, Unit

if TYPE_CHECKING:
    from toolkit.exercises.answers import Alert

SHARED_COMMENTS_SHOWN = 5
"""How many of the newest shared comments a client's page shows."""

ALERT_ORDER: dict[str, int] = {"risk_item": 0, "crisis_language": 1, "overdue": 2}
"""Dashboard order: risk items first, then crisis language, then overdue tasks."""


def read_answers(exercise_id: str, raw: Any) -> dict[str, Any]:
    """Stored answers in this release's shape, whatever release wrote them (a questionnaire's
    plain list of an older release becomes answers by item id): see
    :func:`toolkit.exercises.answers.stored_answers`. An exercise whose file is gone keeps
    its answers as stored."""
    from toolkit.exercises import ExerciseFileError, load_exercise
    from toolkit.exercises.answers import stored_answers

    try:
        spec: Any = load_exercise(exercise_id)
    except (KeyError, ExerciseFileError):
        spec = None
    return stored_answers(spec, raw)


def read_extra(raw: Any) -> dict[str, Any] | None:
    """What was saved beside the answers, through the one serialiser (unknown keys kept)."""
    from toolkit.exercises.answers import Extra, to_json

    if raw is None:
        return None
    written = to_json(Extra.from_json(raw))
    return written if isinstance(written, dict) else None


def alert_of(row: AlertRow) -> Alert:
    """What an alert row is about, read from its columns (from its one-line ``detail`` only
    for a row nobody filled them for: revision 0005 filled every older one)."""
    from toolkit.exercises.answers import Alert

    if row.exercise_ids is None:
        return Alert.from_detail(row.kind, row.detail)
    return Alert(
        kind=cast(AlertKind, row.kind),
        exercises=tuple(row.exercise_ids),
        alert_id=row.alert_id,
        fields=tuple(row.fields or ()),
        tier=row.tier,
        source=row.source,
        due=row.due,
    )


def alert_info(row: AlertRow, code: str) -> AlertInfo:
    """The record of an alert row."""
    return AlertInfo(
        id=row.id,
        client_code=code,
        kind=cast(AlertKind, row.kind),
        detail=row.detail,
        created=row.created,
        acknowledged=row.acknowledged_at is not None,
        assignment_id=row.assignment_id,
        response_id=row.response_id,
        alert=alert_of(row),
        acknowledged_at=row.acknowledged_at,
    )


def response_record(
    work: Unit, row: ResponseRow, comments: tuple[CommentInfo, ...]
) -> SubmissionRecord:
    """The record of a response row (a submission or a draft), answers decrypted."""
    return SubmissionRecord(
        response_id=row.id,
        assignment_id=row.assignment_id,
        exercise_id=row.exercise_id,
        version=row.version,
        submitted_at=row.created,
        answers=read_answers(
            row.exercise_id, work.cipher.open_json(row.answers_sealed, "responses.answers")
        ),
        extra=None
        if row.extra_sealed is None
        else read_extra(work.cipher.open_json(row.extra_sealed, "responses.extra")),
        total=row.score_total,
        band=row.score_band,
        alerts=tuple(row.score_alerts or ()),
        comments=comments,
        kind=cast(ResponseKind, row.kind),
        score_detail=row.score_detail,
    )


def comments_of_client(work: Unit, client_id: int) -> dict[int, tuple[CommentInfo, ...]]:
    """Every comment on a client's responses, by response id, oldest first (one query)."""
    rows = work.session.execute(
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
                work.cipher.open(row.body_sealed, "comments.body"),
                row.created,
                bool(row.shared),
            )
        )
    return {key: tuple(value) for key, value in found.items()}


def shared_comments(work: Unit, client_id: int) -> tuple[SharedComment, ...]:
    """The newest comments shared with a client (what their page shows)."""
    rows = work.session.execute(
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
            work.cipher.open(row.body_sealed, "comments.body"),
            row.created,
        )
        for row, exercise_id, submitted in rows
    )


class ReviewRoom:
    """What a therapist reviews (:class:`toolkit.store.Store` documents each public method)."""

    def __init__(self, context: Context, assignments: AssignmentsRoom) -> None:
        self.context = context
        self.assignments = assignments

    def alerts(self, actor: Actor, *, include_acknowledged: bool) -> list[AlertInfo]:
        with self.context.unit(actor) as work:
            clients = select(ClientRow.id)
            if isinstance(actor, Therapist):
                clients = clients.where(ClientRow.therapist_id == actor.id)
            elif actor.therapist is not None:
                names = select(TherapistRow.id).where(TherapistRow.username == actor.therapist)
                clients = clients.where(ClientRow.therapist_id.in_(names))
            client_ids = list(work.session.scalars(clients))
            self.assignments.refresh(work, client_ids)
            query = (
                select(AlertRow, ClientRow.code)
                .join(ClientRow, ClientRow.id == AlertRow.client_id)
                .where(AlertRow.client_id.in_(client_ids))
            )
            if not include_acknowledged:
                query = query.where(AlertRow.acknowledged_at.is_(None))
            found = [alert_info(row, code) for row, code in work.session.execute(query)]
            found.sort(key=lambda a: (-a.created.timestamp(), -a.id))
            found.sort(key=lambda a: ALERT_ORDER.get(a.kind, 9))
            work.audit("list_alerts", f"alerts:{len(found)}")
            return found

    def acknowledge_alert(self, actor: Actor, alert_id: int) -> None:
        with self.context.unit(actor) as work:
            row = work.session.get(AlertRow, alert_id)
            if row is None:
                raise NotFound(f"no alert {alert_id}")
            work.check_owner(work.session.get_one(ClientRow, row.client_id))
            if row.acknowledged_at is None:
                row.acknowledged_at = work.now()
            work.audit("acknowledge_alert", f"alert:{row.id}")

    def timeline(self, actor: Actor, code: str) -> list[SubmissionRecord]:
        with self.context.unit(actor) as work:
            client = work.client(code)
            rows = work.session.scalars(
                select(ResponseRow)
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(AssignmentRow.client_id == client.id, ResponseRow.kind == "submission")
                .order_by(ResponseRow.created.desc(), ResponseRow.id.desc())
            )
            comments = comments_of_client(work, client.id)
            records = [response_record(work, row, comments.get(row.id, ())) for row in rows]
            work.audit("read_timeline", f"client:{client.id}")
            return records

    def measure_series(
        self, actor: Actor, code: str, measure_id: str
    ) -> list[tuple[dt.datetime, int]]:
        with self.context.unit(actor) as work:
            client = work.client(code)
            rows = work.session.execute(
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
            work.audit("read_series", f"client:{client.id}")
            return series

    def add_comment(self, actor: Therapist, response_id: int, text: str, *, shared: bool) -> int:
        if not isinstance(actor, Therapist):
            raise PermissionDenied("only a therapist writes comments")
        if not text.strip():
            raise InvalidInput("a comment cannot be empty")
        if len(text) > MAX_TEXT_LENGTH:
            raise InvalidInput(f"a comment has at most {MAX_TEXT_LENGTH} characters")
        with self.context.unit(actor) as work:
            response = work.session.get(ResponseRow, response_id)
            if response is None:
                raise NotFound(f"no response {response_id}")
            assignment = work.session.get_one(AssignmentRow, response.assignment_id)
            work.check_owner(work.session.get_one(ClientRow, assignment.client_id))
            row = CommentRow(
                response_id=response.id,
                therapist_id=actor.id,
                body_sealed=work.cipher.seal(text, "comments.body"),
                shared=bool(shared),
                created=work.now(),
            )
            work.session.add(row)
            work.session.flush()
            work.audit("comment", f"response:{response.id}")
            if shared:
                work.audit("share_comment", f"comment:{row.id}")
            return row.id

    def share_comment(self, actor: Actor, comment_id: int, shared: bool) -> None:
        with self.context.unit(actor) as work:
            row = work.session.get(CommentRow, comment_id, with_for_update=True)
            if row is None:
                raise NotFound(f"no comment {comment_id}")
            response = work.session.get_one(ResponseRow, row.response_id)
            assignment = work.session.get_one(AssignmentRow, response.assignment_id)
            work.check_owner(work.session.get_one(ClientRow, assignment.client_id))
            row.shared = bool(shared)
            work.audit("share_comment" if shared else "unshare_comment", f"comment:{row.id}")

    def export_client(self, actor: Actor, code: str) -> dict[str, Any]:
        with self.context.unit(actor) as work:
            session = work.session
            client = work.client(code)
            assignments = [
                assignment_info(work, row, client.code)
                for row in session.scalars(
                    select(AssignmentRow)
                    .where(AssignmentRow.client_id == client.id)
                    .order_by(AssignmentRow.created, AssignmentRow.id)
                )
            ]
            comments = comments_of_client(work, client.id)
            responses = [
                response_record(work, row, comments.get(row.id, ()))
                for row in session.scalars(
                    select(ResponseRow)
                    .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                    .where(AssignmentRow.client_id == client.id)
                    .order_by(ResponseRow.created, ResponseRow.id)
                )
            ]
            alerts = [
                alert_info(row, client.code)
                for row in session.scalars(
                    select(AlertRow)
                    .where(AlertRow.client_id == client.id)
                    .order_by(AlertRow.created, AlertRow.id)
                )
            ]
            data = client_document(
                client_info(work, client), assignments, responses, alerts, work.now()
            )
            work.audit("export_client", f"client:{client.id}")
            return data

    def audit_log(self, *, limit: int | None) -> list[AuditEntry]:
        with self.context.unit() as work:
            query = select(AuditRow).order_by(AuditRow.id.desc())
            if limit is not None:
                query = query.limit(limit)
            return [
                AuditEntry(r.at, r.actor, r.action, r.object) for r in work.session.scalars(query)
            ]
