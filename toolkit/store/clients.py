"""Clients: pseudonymous codes (unique per therapist), their details, list and erasure."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError

from .assignments import AssignmentsRoom, assignment_info
from .errors import AlreadyExists, InvalidInput, NotFound, PermissionDenied
from .models import (
    AlertRow,
    AssignmentRow,
    ClientRow,
    CommentRow,
    ReminderRow,
    ResponseRow,
    TherapistRow,
)
from .records import (
    Actor,
    AssignmentInfo,
    ClientInfo,
    ClientSummary,
    MeasurePoint,
    Therapist,
    Trend,
)
from .unit import CLIENT_CODE_PATTERN, Context, Unit


def check_email(address: str | None) -> str | None:
    """A client's e-mail address checked (``None`` for none)."""
    from toolkit.mail import check_address

    if address is None or not address.strip():
        return None
    try:
        return check_address(address)
    except ValueError:
        raise InvalidInput("that is not one e-mail address (name@example.org)") from None


@functools.lru_cache(maxsize=8192)
def _trend(measure: str, before: int, after: int) -> Trend | None:
    """First vs latest score (:func:`toolkit.scoring.reliable_change`); ``None`` if the
    measure has no reliable-change rule. Cached: a client list asks for the same few pairs."""
    from toolkit.scoring import ScoringError, reliable_change

    try:
        return reliable_change(measure, before=before, after=after)
    except (ScoringError, KeyError):
        return None


def client_info(work: Unit, row: ClientRow) -> ClientInfo:
    """The record of a client row (display name and address decrypted)."""
    return ClientInfo(
        code=row.code,
        display_name=work.cipher.open_optional(row.display_name_sealed, "clients.display_name"),
        therapist=work.therapist_name(row.therapist_id),
        ai_help=row.ai_help,
        created=row.created,
        email=work.cipher.open_optional(row.email_sealed, "clients.email"),
        therapist_id=row.therapist_id,
    )


class ClientsRoom:
    """A therapist's clients (:class:`toolkit.store.Store` documents each public method)."""

    def __init__(self, context: Context, assignments: AssignmentsRoom) -> None:
        self.context = context
        self.assignments = assignments

    def add_client(
        self,
        actor: Actor,
        code: str,
        *,
        therapist: str | None,
        display_name: str | None,
        ai_help: bool,
        email: str | None,
    ) -> ClientInfo:
        if not CLIENT_CODE_PATTERN.fullmatch(code):
            raise InvalidInput("a client code is 1–32 letters, digits, '_' or '-'")
        if display_name is not None and len(display_name) > 200:
            raise InvalidInput("a display name has at most 200 characters")
        email = check_email(email)
        yours = "you have"
        try:
            with self.context.unit(actor) as work:
                session = work.session
                if isinstance(actor, Therapist):
                    owner = session.get(TherapistRow, actor.id)
                    if owner is None or (therapist is not None and therapist != owner.username):
                        raise PermissionDenied("a therapist adds clients to their own list only")
                else:
                    therapist = therapist or actor.therapist
                    if therapist is None:
                        raise InvalidInput("name the therapist of the new client")
                    if actor.therapist is not None and therapist != actor.therapist:
                        raise PermissionDenied("this operator acts for another therapist")
                    owner = session.scalar(
                        select(TherapistRow).where(TherapistRow.username == therapist)
                    )
                    if owner is None:
                        raise NotFound(f"no therapist named {therapist!r}")
                    yours = f"{owner.username} has"
                row = ClientRow(
                    code=code,
                    therapist_id=owner.id,
                    display_name_sealed=work.cipher.seal_optional(
                        display_name, "clients.display_name"
                    ),
                    ai_help=ai_help,
                    email_sealed=work.cipher.seal_optional(email, "clients.email"),
                    created=work.now(),
                )
                session.add(row)
                session.flush()
                work.audit("add_client", f"client:{row.id}")
                return ClientInfo(
                    code,
                    display_name or None,
                    owner.username,
                    ai_help,
                    row.created,
                    email,
                    therapist_id=owner.id,
                )
        except IntegrityError:
            # Codes are unique per therapist: this can only be one of the owner's own clients.
            raise AlreadyExists(f"{yours} a client with code {code!r} already") from None

    def client(self, actor: Actor, code: str) -> ClientInfo:
        with self.context.unit(actor) as work:
            row = work.client(code)
            work.audit("read_client", f"client:{row.id}")
            return client_info(work, row)

    def set_client_email(self, actor: Actor, code: str, email: str | None) -> None:
        address = check_email(email)
        with self.context.unit(actor) as work:
            row = work.client(code)
            row.email_sealed = work.cipher.seal_optional(address, "clients.email")
            work.audit("set_email" if address else "remove_email", f"client:{row.id}")

    def set_ai_help(self, actor: Actor, code: str, enabled: bool) -> None:
        with self.context.unit(actor) as work:
            row = work.client(code)
            row.ai_help = bool(enabled)
            work.audit("ai_help_on" if enabled else "ai_help_off", f"client:{row.id}")

    def clients(self, actor: Actor) -> list[ClientSummary]:
        with self.context.unit(actor) as work:
            mine = self._mine(actor)
            rows = list(
                work.session.scalars(
                    select(ClientRow)
                    .where(ClientRow.id.in_(mine))
                    .order_by(ClientRow.code, ClientRow.id)
                )
            )
            self.assignments.refresh(work, [row.id for row in rows])
            summaries = self._summaries(work, mine, rows)
            work.audit("list_clients", f"clients:{len(rows)}")
            return summaries

    @staticmethod
    def _mine(actor: Actor) -> Select[Any]:
        """The ids of the clients ``actor`` may see (a therapist's own; an operator's all, or
        one therapist's when scoped)."""
        mine = select(ClientRow.id)
        if isinstance(actor, Therapist):
            return mine.where(ClientRow.therapist_id == actor.id)
        if actor.therapist is not None:
            names = select(TherapistRow.id).where(TherapistRow.username == actor.therapist)
            return mine.where(ClientRow.therapist_id.in_(names))
        return mine

    def _summaries(
        self, work: Unit, mine: Select[Any], clients: Sequence[ClientRow]
    ) -> list[ClientSummary]:
        """Summaries of ``clients`` (those in ``mine``) in six queries, however many
        clients there are."""
        if not clients:
            return []
        session = work.session
        last_activity: dict[int, dt.datetime] = dict(
            session.execute(
                select(AssignmentRow.client_id, func.max(ResponseRow.created))
                .join(ResponseRow, ResponseRow.assignment_id == AssignmentRow.id)
                .where(AssignmentRow.client_id.in_(mine))
                .group_by(AssignmentRow.client_id)
            ).all()
        )
        first, latest, counts = self._score_ends(work, mine)
        open_by_client = self._open_by_client(
            work, mine, {client.id: client.code for client in clients}
        )
        unacknowledged: dict[int, int] = dict(
            session.execute(
                select(AlertRow.client_id, func.count(AlertRow.id))
                .where(AlertRow.client_id.in_(mine), AlertRow.acknowledged_at.is_(None))
                .group_by(AlertRow.client_id)
            ).all()
        )
        names: dict[int, str] = dict(
            session.execute(
                select(TherapistRow.id, TherapistRow.username).where(
                    TherapistRow.id.in_({client.therapist_id for client in clients})
                )
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
                    display_name=work.cipher.open_optional(
                        client.display_name_sealed, "clients.display_name"
                    ),
                    ai_help=client.ai_help,
                    created=client.created,
                    last_activity=last_activity.get(client.id),
                    latest=points,
                    trend=trend,
                    open_assignments=tuple(open_by_client.get(client.id, ())),
                    unacknowledged_alerts=int(unacknowledged.get(client.id, 0)),
                    therapist=names[client.therapist_id],
                )
            )
        return summaries

    @staticmethod
    def _score_ends(
        work: Unit, mine: Select[Any]
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
        for row in work.session.execute(
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

    @staticmethod
    def _open_by_client(
        work: Unit, mine: Select[Any], codes: Mapping[int, str]
    ) -> dict[int, list[AssignmentInfo]]:
        """Open assignments of the clients in ``mine``, oldest first (two queries)."""
        is_open = (AssignmentRow.client_id.in_(mine), AssignmentRow.status == "open")
        rows = list(
            work.session.scalars(
                select(AssignmentRow)
                .where(*is_open)
                .order_by(AssignmentRow.created, AssignmentRow.id)
            )
        )
        submitted: dict[int, set[str]] = {}
        if rows:
            for assignment_id, exercise_id in work.session.execute(
                select(ResponseRow.assignment_id, ResponseRow.exercise_id).where(
                    ResponseRow.assignment_id.in_(select(AssignmentRow.id).where(*is_open)),
                    ResponseRow.kind == "submission",
                )
            ):
                submitted.setdefault(assignment_id, set()).add(exercise_id)
        found: dict[int, list[AssignmentInfo]] = {}
        for row in rows:
            if row.client_id in codes:
                info = assignment_info(
                    work, row, codes[row.client_id], submitted=submitted.get(row.id, set())
                )
                found.setdefault(row.client_id, []).append(info)
        return found

    def erase_client(self, actor: Actor, code: str) -> None:
        with self.context.unit(actor) as work:
            session = work.session
            row = work.client(code)
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
            work.audit("erase_client", f"client:{client_id}")
