"""Assigning exercises to a client, the link to send, and the client's assignments."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

import ipywidgets as w

from toolkit.exercises import catalog
from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .base import PagePart
from .names import CLINICIAN_SUPERVISED, assign_label, exercise_title, when

if TYPE_CHECKING:
    from toolkit.store.records import Therapist

INTAKE_BUNDLE = ("intake", "phq9", "gad7", "who5")


class AssignPart(PagePart):
    """The assign card and the list of assignments."""

    def _assign_view(self, code: str) -> w.Widget:
        exercises = catalog()
        options = sorted(
            ((assign_label(e.id), e.id) for e in exercises.values()), key=lambda o: o[0].lower()
        )
        chooser = w.SelectMultiple(options=options, description="Exercises", rows=8)
        due = w.DatePicker(description="Due date (optional)")
        every = w.BoundedIntText(
            value=0, min=0, max=365, description="Repeat every N days (0: once)"
        )
        note = w.Textarea(
            description="Note for the client (optional)", layout=w.Layout(width="100%")
        )
        for box in (chooser, due, every, note):
            box.style.description_width = "initial"
            box.add_class("cbt-field")
        create = w.Button(description="Create link", button_style="primary", tooltip="Create link")
        intake = w.Button(
            description="Assign the intake bundle", tooltip="Assign the intake bundle"
        )
        self.link_box = w.VBox([])

        def on_create(_button: object) -> None:
            self._on_assign(code, list(chooser.value), due.value, every.value, note.value)

        def on_intake(_button: object) -> None:
            bundle = [e for e in INTAKE_BUNDLE if e in exercises]
            self._on_assign(code, bundle, due.value, 0, note.value)

        create.on_click(on_create)
        intake.on_click(on_intake)
        card = w.VBox(
            [
                w.HTML("<h3>Assign</h3>"),
                chooser,
                due,
                every,
                note,
                w.HBox([create, intake]),
                self.link_box,
            ]
        )
        card.add_class("cbt-card")
        return card

    def _show_link(self, url: str) -> None:
        field = w.Text(
            value=url, description="Client link (copy it now)", layout=w.Layout(width="100%")
        )
        field.style.description_width = "initial"
        field.add_class("cbt-link")
        self.link_box.children = (
            field,
            w.HTML(
                '<p class="cbt-quiet">Send this link to the client by a channel you trust. It is '
                "shown only once; create a new link if it gets lost.</p>"
            ),
        )

    @guarded
    def _on_assign(
        self, code: str, exercise_ids: list[str], due: dt.date | None, every: int, note: str
    ) -> None:
        from toolkit.store import StoreError

        me = self._me()
        if me is None:
            return
        if not exercise_ids:
            self.show_message("warn", "Choose at least one exercise to assign.")
            return
        try:
            issued = self.store.assign(
                me,
                code,
                exercise_ids,
                instructions=note.strip() or None,
                due=due,
                every_days=every or None,
            )
        except StoreError as exc:
            self.show_message("warn", str(exc))
            return
        self._show_client(code)
        self._show_link(issued.url(self.base_url or "http://127.0.0.1:8866"))
        supervised = [
            e for e in exercise_ids if assign_label(e).endswith(f"({CLINICIAN_SUPERVISED})")
        ]
        extra = (
            f" {', '.join(exercise_title(e) for e in supervised)} is {CLINICIAN_SUPERVISED}: "
            "go through it with the client, as its terms ask."
            if supervised
            else ""
        )
        self.show_message(
            "ok", "Assignment created. Copy the link below and send it to the client." + extra
        )

    def _assignments_view(self, me: Therapist, code: str) -> w.Widget:
        assignments = self.store.assignments(me, code)
        rows: list[w.Widget] = [w.HTML("<h3>Assignments</h3>")]
        if not assignments:
            rows.append(w.HTML('<p class="cbt-quiet">Nothing assigned yet.</p>'))
        for a in assignments:
            titles = ", ".join(exercise_title(e) for e in a.exercise_ids)
            due = f", due {a.due:%d %b %Y}" if a.due else ""
            repeat = f", every {a.every_days} days" if a.every_days else ""
            text = w.HTML(
                f'<div class="cbt-assignment-row"><strong>{esc(titles)}</strong> — '
                f"{esc(a.status)}{due}{repeat}; created {when(a.created)}</div>"
            )
            buttons: list[w.Widget] = []
            if a.status == "open":
                revoke = w.Button(description="Revoke", tooltip=f"Revoke assignment {a.id}")
                revoke.on_click(partial(self._on_revoke, a.id))
                resend = w.Button(description="New link", tooltip=f"New link for assignment {a.id}")
                resend.on_click(partial(self._on_resend, a.id))
                buttons = [resend, revoke]
            rows.append(w.HBox([text, *buttons]))
        box = w.VBox(rows)
        box.add_class("cbt-card")
        return box

    @guarded
    def _on_revoke(self, assignment_id: int, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        self.store.revoke(me, assignment_id)
        self._show_client(self.code)
        self.show_message("ok", "The link is revoked: it no longer opens anything.")

    @guarded
    def _on_resend(self, assignment_id: int, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        issued = self.store.resend(me, assignment_id)
        self._show_client(self.code)
        self._show_link(issued.url(self.base_url or "http://127.0.0.1:8866"))
        self.show_message("ok", "A new link was made; the old one no longer works.")
