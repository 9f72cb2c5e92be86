"""Assignments and their links: issuing, listing, revoking, resending, expiry and recurrence.

A link secret opens exactly its own assignment; :meth:`AssignmentsRoom.with_link` is the one
way in for a client (see ``docs/store.md`` for the link lifecycle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from toolkit.clinic import local_day, start_of_day

from .crypto import new_secret, secret_hash
from .errors import InvalidInput, LinkInvalid, LinkReason, NotFound
from .models import AssignmentRow, ClientRow, ResponseRow
from .records import Actor, AssignmentInfo, AssignmentStatus, IssuedLink, OpenedAssignment
from .unit import Context, Unit

MAX_TEXT_LENGTH = 20_000
"""The longest instructions or comment, in characters."""

T = TypeVar("T")


def load_exercise(exercise_id: str) -> Any:
    """The exercise spec of ``exercise_id``; ``InvalidInput`` for an unknown or broken one."""
    from toolkit.exercises import ExerciseFileError
    from toolkit.exercises import load_exercise as load

    try:
        return load(exercise_id)
    except KeyError:
        raise InvalidInput(f"unknown exercise {exercise_id!r}") from None
    except ExerciseFileError as exc:
        raise InvalidInput(f"exercise {exercise_id!r} cannot be loaded: {exc.problem}") from None


def submitted_exercises(session: Session, assignment_id: int) -> set[str]:
    """The exercises of an assignment already submitted."""
    return set(
        session.scalars(
            select(ResponseRow.exercise_id).where(
                ResponseRow.assignment_id == assignment_id, ResponseRow.kind == "submission"
            )
        )
    )


def assignment_info(
    work: Unit, row: AssignmentRow, code: str, *, submitted: set[str] | None = None
) -> AssignmentInfo:
    """The record of an assignment row (``submitted``: its submitted exercises, when the
    caller has them)."""
    if submitted is None:
        submitted = submitted_exercises(work.session, row.id)
    return AssignmentInfo(
        id=row.id,
        client_code=code,
        exercise_ids=tuple(row.exercise_ids),
        instructions=work.cipher.open_optional(row.instructions_sealed, "assignments.instructions"),
        due=row.due,
        every_days=row.every_days,
        opens_at=row.opens_at,
        expires_at=row.expires_at,
        status=cast(AssignmentStatus, row.status),
        created=row.created,
        submitted_exercises=tuple(sorted(submitted)),
        previous_id=row.previous_id,
    )


def _reason(row: AssignmentRow) -> LinkReason:
    if row.status in {"expired", "revoked", "submitted"}:
        return cast(LinkReason, row.status)
    return "unknown"


class AssignmentsRoom:
    """Assignments, links and recurrence (:class:`toolkit.store.Store` documents each public
    method)."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def assign(
        self,
        actor: Actor,
        code: str,
        exercise_ids: Sequence[str],
        *,
        instructions: str | None,
        due: dt.date | None,
        every_days: int | None,
        expires: dt.datetime | None,
    ) -> IssuedLink:
        ids = tuple(exercise_ids)
        if not ids:
            raise InvalidInput("name at least one exercise")
        if len(set(ids)) != len(ids):
            raise InvalidInput("an exercise is listed twice in the bundle")
        for exercise_id in ids:
            load_exercise(exercise_id)
        if instructions is not None and len(instructions) > MAX_TEXT_LENGTH:
            raise InvalidInput(f"instructions have at most {MAX_TEXT_LENGTH} characters")
        if every_days is not None and not 1 <= every_days <= 366:
            raise InvalidInput("--every is a number of days from 1 to 366")
        if every_days is not None and expires is not None:
            raise InvalidInput("a recurring assignment expires on its own schedule")
        context = self.context
        now = context.now()
        if expires is not None and expires <= now:
            raise InvalidInput("the expiry must be in the future")
        secret = new_secret()
        with context.unit(actor) as work:
            client = work.client(code)
            today = work.today()
            if every_days is not None:
                first_due = due or today
                expires_at = self.occurrence_window(first_due, every_days)[1]
                expires_at = max(expires_at, now + dt.timedelta(days=1))
            else:
                start = start_of_day(due + dt.timedelta(days=1), context.zone) if due else now
                expires_at = expires or start + context.policy.link_lifetime
                if expires_at <= now:
                    raise InvalidInput("the due date is so long past that the link would not work")
            row = AssignmentRow(
                client_id=client.id,
                exercise_ids=list(ids),
                instructions_sealed=work.cipher.seal_optional(
                    instructions, "assignments.instructions"
                ),
                due=due if every_days is None else (due or today),
                every_days=every_days,
                opens_at=now,
                expires_at=expires_at,
                status="open",
                secret_hash=secret_hash(secret),
                created=now,
            )
            work.session.add(row)
            work.session.flush()
            work.audit("assign", f"assignment:{row.id}")
            info = assignment_info(work, row, client.code)
        return IssuedLink(info, secret)

    def occurrence_window(self, due: dt.date, every_days: int) -> tuple[dt.datetime, dt.datetime]:
        """When an occurrence due on ``due`` opens and expires (midnights of the clinic's
        time zone).

        It opens half an interval (rounded down) before its due date and stays open until the
        next occurrence opens, so a weekly check-in due on a Monday can be filled in from the
        Friday before to the Thursday after.
        """
        zone = self.context.zone
        first = due - dt.timedelta(days=every_days // 2)
        return (
            start_of_day(first, zone),
            start_of_day(first + dt.timedelta(days=every_days), zone),
        )

    def assignments(self, actor: Actor, code: str) -> list[AssignmentInfo]:
        with self.context.unit(actor) as work:
            client = work.client(code)
            self.refresh(work, [client.id])
            rows = work.session.scalars(
                select(AssignmentRow)
                .where(AssignmentRow.client_id == client.id)
                .order_by(AssignmentRow.created.desc(), AssignmentRow.id.desc())
            )
            submitted: dict[int, set[str]] = {}
            for assignment_id, exercise_id in work.session.execute(
                select(ResponseRow.assignment_id, ResponseRow.exercise_id)
                .join(AssignmentRow, AssignmentRow.id == ResponseRow.assignment_id)
                .where(AssignmentRow.client_id == client.id, ResponseRow.kind == "submission")
            ):
                submitted.setdefault(assignment_id, set()).add(exercise_id)
            found = [
                assignment_info(work, row, client.code, submitted=submitted.get(row.id, set()))
                for row in rows
            ]
            work.audit("list_assignments", f"client:{client.id}")
            return found

    @staticmethod
    def _assignment_for(work: Unit, assignment_id: int) -> AssignmentRow:
        row = work.session.get(AssignmentRow, assignment_id, with_for_update=True)
        if row is None:
            raise NotFound(f"no assignment {assignment_id}")
        work.check_owner(work.session.get_one(ClientRow, row.client_id))
        return row

    def revoke(self, actor: Actor, assignment_id: int) -> None:
        with self.context.unit(actor) as work:
            row = self._assignment_for(work, assignment_id)
            if row.status == "open":
                row.status = "revoked"
                row.closed_at = work.now()
            work.audit("revoke", f"assignment:{row.id}")

    def resend(self, actor: Actor, assignment_id: int) -> IssuedLink:
        secret = new_secret()
        with self.context.unit(actor) as work:
            row = self._assignment_for(work, assignment_id)
            client = work.session.get_one(ClientRow, row.client_id)
            self.refresh(work, [client.id])
            if row.status != "open":
                raise InvalidInput(
                    f"assignment {row.id} is {row.status}; only open ones are resent"
                )
            row.secret_hash = secret_hash(secret)
            work.audit("resend", f"assignment:{row.id}")
            info = assignment_info(work, row, client.code)
        return IssuedLink(info, secret)

    # -- bringing assignments up to date -------------------------------------------------------

    def refresh(self, work: Unit, client_ids: Sequence[int]) -> None:
        """Expire lapsed links, roll recurring series forward and raise overdue alerts."""
        if not client_ids:
            return
        now = work.now()
        rows = list(
            work.session.scalars(
                select(AssignmentRow).where(
                    AssignmentRow.client_id.in_(client_ids), AssignmentRow.status == "open"
                )
            )
        )
        for row in rows:
            self._refresh_one(work, row, now)

    def _refresh_one(self, work: Unit, row: AssignmentRow, now: dt.datetime) -> AssignmentRow:
        """Bring one open assignment up to date; returns the occurrence now holding its link."""
        current = row
        while current.status == "open":
            if current.due is not None and local_day(now, self.context.zone) > current.due:
                from toolkit.exercises.answers import Alert

                work.raise_alert(
                    client_id=current.client_id,
                    alert=Alert("overdue", tuple(current.exercise_ids), due=current.due),
                    dedupe=f"overdue:{current.id}",
                    assignment_id=current.id,
                )
            if now < current.expires_at:
                break
            current.status = "expired"
            current.closed_at = now
            if current.every_days is None or current.due is None:
                break
            current = self.next_occurrence(work, current, now)
        return current

    def next_occurrence(self, work: Unit, row: AssignmentRow, now: dt.datetime) -> AssignmentRow:
        """Create the next occurrence of a recurring assignment and move the link to it."""
        every = cast(int, row.every_days)
        due = cast(dt.date, row.due) + dt.timedelta(days=every)
        opens, expires = self.occurrence_window(due, every)
        while expires <= now:
            due += dt.timedelta(days=every)
            opens, expires = self.occurrence_window(due, every)
        link = row.secret_hash
        row.secret_hash = None
        work.session.flush()
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
        work.session.add(nxt)
        work.session.flush()
        return nxt

    # -- the client's way in -------------------------------------------------------------------

    def _resolve_link(self, work: Unit, link: str | OpenedAssignment) -> AssignmentRow:
        """The open assignment a link secret opens now, or ``LinkInvalid``.

        Changes made while resolving (expiry, roll-forward) are flushed; the caller commits
        them before raising.
        """
        secret = link.secret if isinstance(link, OpenedAssignment) else link
        if not isinstance(secret, str) or not secret:
            raise LinkInvalid("unknown")
        row = work.session.scalar(
            select(AssignmentRow)
            .where(AssignmentRow.secret_hash == secret_hash(secret))
            .with_for_update()
        )
        if row is None:
            raise LinkInvalid("unknown")
        now = work.now()
        row = self._refresh_one(work, row, now)
        if isinstance(link, OpenedAssignment) and row.id != link.assignment_id:
            pinned = work.session.get(AssignmentRow, link.assignment_id)
            if pinned is not None and pinned.status in {"expired", "revoked"}:
                raise LinkInvalid(_reason(pinned))
            raise LinkInvalid("submitted" if row.status == "open" else _reason(row))
        if row.status != "open":
            raise LinkInvalid(_reason(row))
        if now < row.opens_at:
            raise LinkInvalid("submitted")
        return row

    def with_link(
        self, link: str | OpenedAssignment, work_on: Callable[[Unit, AssignmentRow], T]
    ) -> T:
        """Run ``work_on`` on the assignment a link opens, committing lazy updates either way.

        Raises
        ------
        LinkInvalid
            The link opens nothing (audited as ``link_<reason>``, with no object).
        """
        failure: LinkInvalid | None = None
        result: T | None = None
        with self.context.unit() as work:
            try:
                row = self._resolve_link(work, link)
            except LinkInvalid as exc:
                work.audit(f"link_{exc.reason}", "-", by="client-link:?")
                failure = exc
            else:
                result = work_on(work, row)
        if failure is not None:
            raise failure
        return cast(T, result)
