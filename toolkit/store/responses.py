"""Responses: what a client's link opens, autosaved drafts and submissions.

Scoring a questionnaire is :mod:`toolkit.scoring`'s job (:func:`~toolkit.scoring.answers_by_id`
and :func:`~toolkit.scoring.score`); the crisis check of a worksheet's text is the public gate
of :mod:`toolkit.reframing.safety` (:func:`~toolkit.reframing.safety.check`). This room only
stores what they return and raises the alerts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select

from .assignments import AssignmentsRoom, load_exercise, submitted_exercises
from .errors import InvalidInput
from .models import AlertRow, AssignmentRow, ClientRow, ResponseRow
from .records import (
    CRISIS_TIERS,
    OpenedAssignment,
    SubmitReceipt,
)
from .review import read_answers, read_extra, shared_comments
from .unit import Context, Unit

if TYPE_CHECKING:
    from toolkit.exercises.answers import Alert

MAX_ANSWERS_BYTES = 1_000_000
"""The largest answers (with what was saved beside them) one draft or submission may hold."""


@dataclass(frozen=True)
class Scored:
    """What scoring gave for a submission: the answers to store, the total and its details."""

    answers: Any
    total: int | None = None
    band: str | None = None
    alerts: tuple[str, ...] = ()
    detail: dict[str, Any] | None = field(default=None)


def score_submission(
    exercise: Any, answers: Mapping[str, Any] | Sequence[Any], extra: Mapping[str, Any] | None
) -> Scored:
    """Check and score a submission with :mod:`toolkit.scoring`.

    A questionnaire's answers are stored by item id as :func:`toolkit.scoring.answers_by_id`
    matches them; a scored one gets :func:`toolkit.scoring.score`'s total, band, alerts and
    details (the sex the client gave, ``extra["sex"]``, feeds sex-specific cut-offs such as
    AUDIT-C's). A worksheet's required fields must be filled.
    """
    from toolkit.exercises import Questionnaire
    from toolkit.exercises.responses import problems
    from toolkit.scoring import ScoringError, UnknownMeasureError, answers_by_id, score

    if isinstance(exercise, Questionnaire):
        try:
            by_id = answers_by_id(exercise, answers)
            if exercise.scoring is None:
                return Scored(by_id)
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
                key: {"total": sub.total, "band": sub.band} for key, sub in result.subscales.items()
            },
        }
        return Scored(by_id, result.total, result.band, tuple(result.alerts), detail)
    if not isinstance(answers, Mapping):
        raise InvalidInput("worksheet answers are a mapping of field id to value")
    missing = problems(exercise, answers)
    if missing:
        raise InvalidInput(f"{exercise.id}: please complete {', '.join(sorted(missing))}")
    return Scored(read_answers(exercise.id, answers))


def crisis_fields(
    exercise: Any, answers: Any, extra: Mapping[str, Any] | None = None
) -> tuple[list[str], str]:
    """The worksheet fields with crisis language and the tier (``check`` / ``crisis``).

    The crisis gate (:func:`toolkit.reframing.safety.check`) reads every text (offline, in
    milliseconds; never an LLM endpoint). A "Yes" or "I'd rather not say" to the page's check
    question makes the tier ``crisis``.
    """
    from toolkit.exercises import Worksheet
    from toolkit.exercises.answers import Extra, free_text
    from toolkit.reframing.safety import check

    if not isinstance(exercise, Worksheet) or not isinstance(answers, Mapping):
        return [], "none"
    fields, tier = [], "none"
    for field_id, value in answers.items():
        risks = [check(text).risk for text in free_text(value) if text.strip()]
        top = max(risks, key=CRISIS_TIERS.index, default="none")
        if top != "none":
            fields.append(str(field_id))
            tier = max(tier, top, key=CRISIS_TIERS.index)
    asked = Extra.from_json(extra).crisis
    if fields and asked is not None and asked.check_answer in {"yes", "rather_not_say"}:
        tier = "crisis"
    return fields, tier


def crisis_alert(exercise_id: str, fields: Sequence[str], tier: str, source: str) -> Alert:
    """The alert for crisis language: the exercise, the fields, the tier of the crisis gate
    (``check`` or ``crisis``) and whether it came from an autosaved ``draft`` or a
    ``submission``; identifiers only, never the client's text."""
    from toolkit.exercises.answers import Alert

    return Alert("crisis_language", (exercise_id,), fields=tuple(fields), tier=tier, source=source)


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


def _next_version(work: Unit, assignment_id: int, exercise_id: str) -> int:
    highest = work.session.scalar(
        select(func.max(ResponseRow.version)).where(
            ResponseRow.assignment_id == assignment_id, ResponseRow.exercise_id == exercise_id
        )
    )
    return int(highest or 0) + 1


def _check_exercise(work: Unit, row: AssignmentRow, exercise_id: str) -> None:
    if exercise_id not in row.exercise_ids:
        raise InvalidInput(f"exercise {exercise_id!r} is not part of this assignment")
    if exercise_id in submitted_exercises(work.session, row.id):
        raise InvalidInput(f"exercise {exercise_id!r} has been submitted already")


def _submissions_of(work: Unit, assignment_id: int, exercise_id: str) -> int:
    """How many submissions one exercise of one assignment has."""
    return len(
        list(
            work.session.scalars(
                select(ResponseRow.id).where(
                    ResponseRow.assignment_id == assignment_id,
                    ResponseRow.exercise_id == exercise_id,
                    ResponseRow.kind == "submission",
                )
            )
        )
    )


class ResponsesRoom:
    """The client's side: open, save drafts, submit (:class:`toolkit.store.Store` documents
    each public method)."""

    def __init__(self, context: Context, assignments: AssignmentsRoom) -> None:
        self.context = context
        self.assignments = assignments

    def open_assignment(self, secret: str) -> OpenedAssignment:
        def work_on(work: Unit, row: AssignmentRow) -> OpenedAssignment:
            client = work.session.get_one(ClientRow, row.client_id)
            submitted = submitted_exercises(work.session, row.id)
            drafts: dict[str, Any] = {}
            draft_extras: dict[str, dict[str, Any]] = {}
            for exercise_id in row.exercise_ids:
                if exercise_id in submitted:
                    continue
                draft = work.session.scalar(
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
                    sealed = work.cipher.open_json(draft.answers_sealed, "responses.answers")
                    drafts[exercise_id] = read_answers(exercise_id, sealed)
                    if draft.extra_sealed is not None:
                        extra = read_extra(
                            work.cipher.open_json(draft.extra_sealed, "responses.extra")
                        )
                        if extra is not None:
                            draft_extras[exercise_id] = extra
            work.audit("open", f"assignment:{row.id}", by=f"client-link:{row.id}")
            return OpenedAssignment(
                assignment_id=row.id,
                exercise_ids=tuple(row.exercise_ids),
                instructions=work.cipher.open_optional(
                    row.instructions_sealed, "assignments.instructions"
                ),
                ai_help=client.ai_help,
                due=row.due,
                expires_at=row.expires_at,
                drafts=drafts,
                submitted=frozenset(submitted),
                secret=secret,
                shared_comments=shared_comments(work, row.client_id),
                draft_extras=draft_extras,
            )

        return self.assignments.with_link(secret, work_on)

    def save_draft(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None,
    ) -> int:
        _check_payload(answers, extra)
        exercise = load_exercise(exercise_id)
        answers = read_answers(exercise_id, answers)
        extra = read_extra(extra)
        fields, tier = crisis_fields(exercise, answers, extra)
        keep_versions = self.context.policy.draft_history

        def work_on(work: Unit, row: AssignmentRow) -> int:
            _check_exercise(work, row, exercise_id)
            session = work.session
            if fields:
                # At once, not on submit: the alert names the fields and the tier, never
                # the text; one per tier for each occurrence of the exercise.
                occurrence = _submissions_of(work, row.id, exercise_id)
                work.raise_alert(
                    client_id=row.client_id,
                    alert=crisis_alert(exercise_id, fields, tier, "draft"),
                    dedupe=f"crisis-draft:{row.id}:{exercise_id}:{occurrence}:{tier}",
                    assignment_id=row.id,
                )
            response = ResponseRow(
                assignment_id=row.id,
                exercise_id=exercise_id,
                kind="draft",
                version=_next_version(work, row.id, exercise_id),
                answers_sealed=work.cipher.seal_json(answers, "responses.answers"),
                extra_sealed=None
                if extra is None
                else work.cipher.seal_json(extra, "responses.extra"),
                score_alerts=[],
                created=work.now(),
            )
            session.add(response)
            session.flush()
            drafts = (
                ResponseRow.assignment_id == row.id,
                ResponseRow.exercise_id == exercise_id,
                ResponseRow.kind == "draft",
            )
            keep = (
                select(ResponseRow.id)
                .where(*drafts)
                .order_by(ResponseRow.version.desc())
                .limit(keep_versions)
            )
            kept = list(session.scalars(keep))
            session.execute(delete(ResponseRow).where(*drafts, ResponseRow.id.not_in(kept)))
            work.audit("save_draft", f"response:{response.id}", by=f"client-link:{row.id}")
            return response.id

        return self.assignments.with_link(link, work_on)

    def submit(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None,
    ) -> SubmitReceipt:
        from toolkit.exercises.answers import Alert

        _check_payload(answers, extra)
        exercise = load_exercise(exercise_id)
        extra = read_extra(extra)
        scored = score_submission(exercise, answers, extra)
        fields, tier = crisis_fields(exercise, scored.answers, extra)

        def work_on(work: Unit, row: AssignmentRow) -> SubmitReceipt:
            _check_exercise(work, row, exercise_id)
            session = work.session
            now = work.now()
            version = _next_version(work, row.id, exercise_id)
            response = ResponseRow(
                assignment_id=row.id,
                exercise_id=exercise_id,
                kind="submission",
                version=version,
                answers_sealed=work.cipher.seal_json(scored.answers, "responses.answers"),
                extra_sealed=None
                if extra is None
                else work.cipher.seal_json(extra, "responses.extra"),
                score_total=scored.total,
                score_band=scored.band,
                score_alerts=list(scored.alerts),
                score_detail=scored.detail,
                created=now,
            )
            session.add(response)
            session.flush()
            for alert_id in scored.alerts:
                work.raise_alert(
                    client_id=row.client_id,
                    alert=Alert("risk_item", (exercise_id,), alert_id=alert_id),
                    dedupe=f"risk:{response.id}:{alert_id}",
                    assignment_id=row.id,
                    response_id=response.id,
                )
            if fields:
                occurrence = _submissions_of(work, row.id, exercise_id) - 1
                from_draft = session.scalar(
                    select(AlertRow).where(
                        AlertRow.dedupe
                        == f"crisis-draft:{row.id}:{exercise_id}:{occurrence}:{tier}"
                    )
                )
                if from_draft is not None:  # already on the dashboard: point it at the record
                    from_draft.response_id = response.id
                else:
                    work.raise_alert(
                        client_id=row.client_id,
                        alert=crisis_alert(exercise_id, fields, tier, "submission"),
                        dedupe=f"crisis:{response.id}",
                        assignment_id=row.id,
                        response_id=response.id,
                    )
            complete = set(row.exercise_ids) <= submitted_exercises(session, row.id)
            if complete:
                row.status = "submitted"
                row.closed_at = now
                if row.every_days is not None and row.due is not None:
                    self.assignments.next_occurrence(work, row, now)
            work.audit("submit", f"response:{response.id}", by=f"client-link:{row.id}")
            return SubmitReceipt(
                response_id=response.id,
                version=version,
                total=scored.total,
                band=scored.band,
                alerts=tuple(scored.alerts),
                crisis=bool(fields),
                assignment_complete=complete,
            )

        return self.assignments.with_link(link, work_on)
