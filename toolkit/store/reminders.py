"""Reminders: which due-tomorrow and overdue e-mails ``cbt remind`` sends, each exactly once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .assignments import AssignmentsRoom
from .errors import PermissionDenied
from .models import AssignmentRow, ClientRow, ReminderRow
from .records import CLI, Actor, Operator, ReminderDue, ReminderKind
from .unit import Context


class RemindersRoom:
    """Reminder e-mails (:class:`toolkit.store.Store` documents each public method)."""

    def __init__(self, context: Context, assignments: AssignmentsRoom) -> None:
        self.context = context
        self.assignments = assignments

    def pending_reminders(self, actor: Actor) -> list[ReminderDue]:
        if not isinstance(actor, Operator):
            raise PermissionDenied("only an operator sends reminders")
        with self.context.unit(actor) as work:
            session = work.session
            clients = {
                row.id: row
                for row in session.scalars(
                    select(ClientRow).where(ClientRow.email_sealed.is_not(None))
                )
            }
            self.assignments.refresh(work, list(clients))
            now, today = work.now(), work.today()
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
                email = work.cipher.open_optional(client.email_sealed, "clients.email")
                if email:
                    due.append(ReminderDue(row.id, client.code, email, kind, row.due))
            work.audit("list_reminders", f"reminders:{len(due)}")
            return due

    def claim_reminder(self, assignment_id: int, kind: ReminderKind) -> bool:
        try:
            with self.context.unit(CLI) as work:
                work.session.add(
                    ReminderRow(assignment_id=assignment_id, kind=kind, sent_at=work.now())
                )
                work.session.flush()
                work.audit(f"remind_{kind}", f"assignment:{assignment_id}")
        except IntegrityError:
            return False
        return True

    def release_reminder(self, assignment_id: int, kind: ReminderKind) -> None:
        with self.context.unit(CLI) as work:
            work.session.execute(
                delete(ReminderRow).where(
                    ReminderRow.assignment_id == assignment_id, ReminderRow.kind == kind
                )
            )
            work.audit(f"remind_{kind}_failed", f"assignment:{assignment_id}")
