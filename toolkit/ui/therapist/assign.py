"""Assigning exercises to a client (a searchable picker whose ticks make the bundle, in the
order ticked; due date, repeat, note), the link card, and the client's assignments."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.config import DEFAULT_BASE_URL
from toolkit.exercises import catalog
from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .base import PagePart, replace_children
from .names import CLINICIAN_SUPERVISED, assign_label, exercise_title, when

if TYPE_CHECKING:
    from toolkit.store.records import AssignmentInfo

INTAKE_BUNDLE = ("intake", "phq9", "gad7", "who5")
REPEATS = (
    ("Does not repeat", 0),
    ("Weekly", 7),
    ("Fortnightly", 14),
    ("Monthly (every 4 weeks)", 28),
)
"""Repeat choices and their interval in days (monthly: every 4 weeks, the same weekday)."""
CLOSED_SHOWN = 5
"""Submitted, expired or revoked assignments listed at once; older ones wait behind a button."""


def _auto_button(description: str, tooltip: str, style: str = "") -> w.Button:
    """A button whose label is never cut (it takes the width its text needs)."""
    return w.Button(
        description=description,
        tooltip=tooltip,
        button_style=style,
        layout=w.Layout(width="auto", flex="0 0 auto"),
    )


class ExercisePicker:
    """Search box and one tick per exercise; :attr:`bundle` is in the order ticked."""

    def __init__(self) -> None:
        exercises = catalog()
        options = sorted(
            ((assign_label(e.id), e.id) for e in exercises.values()), key=lambda o: o[0].lower()
        )
        self.bundle: list[str] = []
        self.search = w.Text(description="Search exercises", placeholder="e.g. thought, PHQ")
        self.search.style.description_width = "initial"
        self.search.add_class("cbt-field")
        self.search.observe(self._on_search, "value")
        self.ticks: dict[str, w.Checkbox] = {}
        for label, exercise_id in options:
            tick = w.Checkbox(value=False, description=label, indent=False)
            tick.observe(partial(self._on_tick, exercise_id), "value")
            self.ticks[exercise_id] = tick
        self.list = w.VBox(list(self.ticks.values()))
        self.list.add_class("cbt-picker-list")
        self.order = w.HTML("")
        clear = _auto_button("Clear the bundle", "Untick every exercise")
        clear.layout.align_self = "flex-start"
        clear.on_click(lambda _b: self.clear())
        self.widget = w.VBox([self.search, self.list, self.order, clear])
        self.widget.add_class("cbt-picker")
        self._show_order()

    def tick(self, *exercise_ids: str) -> None:
        """Tick exercises, in this order (as a therapist would, one after the other)."""
        for exercise_id in exercise_ids:
            self.ticks[exercise_id].value = True

    def clear(self) -> None:
        """Untick everything and empty the search."""
        for exercise_id in list(self.bundle):
            self.ticks[exercise_id].value = False
        self.search.value = ""
        for tick in self.ticks.values():
            tick.layout.display = ""

    def _on_tick(self, exercise_id: str, change: dict[str, object]) -> None:
        others = [e for e in self.bundle if e != exercise_id]
        self.bundle = [*others, exercise_id] if change["new"] else others
        self._show_order()

    def _on_search(self, change: dict[str, object]) -> None:
        words = str(change["new"]).lower().split()
        for tick in self.ticks.values():
            shown = all(word in tick.description.lower() for word in words)
            tick.layout.display = "" if shown or tick.value else "none"

    def _show_order(self) -> None:
        if not self.bundle:
            self.order.value = '<p class="cbt-quiet">Tick one or more exercises.</p>'
            return
        items = "".join(f"<li>{esc(exercise_title(e))}</li>" for e in self.bundle)
        self.order.value = (
            f'<p class="cbt-bundle-label">The client gets, in this order:</p>'
            f'<ol class="cbt-bundle">{items}</ol>'
        )


class AssignPart(PagePart):
    """The assign card, the link card and the list of assignments."""

    link_box: w.VBox
    last_link: str
    link_card: Any
    _assignments_box: w.VBox

    def _assign_view(self, code: str) -> w.Widget:
        self.picker = ExercisePicker()
        due = w.DatePicker(description="Due date (optional)")
        repeat = w.Dropdown(options=REPEATS, value=0, description="Repeat")
        note = w.Textarea(
            description="Note for the client (optional)", layout=w.Layout(width="100%")
        )
        for box in (due, repeat, note):
            box.style.description_width = "initial"
            box.add_class("cbt-field")
        create = _auto_button("Create link", "Create link", "primary")
        intake = _auto_button("Assign the intake bundle", "Assign the intake bundle")
        self.link_box = w.VBox([])

        def on_create(_button: object) -> None:
            self._on_assign(code, list(self.picker.bundle), due.value, repeat.value, note.value)

        def on_intake(_button: object) -> None:
            bundle = [e for e in INTAKE_BUNDLE if e in catalog()]
            self._on_assign(code, bundle, due.value, 0, note.value)

        create.on_click(on_create)
        intake.on_click(on_intake)
        buttons = w.HBox([create, intake])
        buttons.add_class("cbt-buttons")
        card = w.VBox([self.picker.widget, due, repeat, note, buttons, self.link_box])
        card.add_class("cbt-card")
        return card

    def _show_link(
        self,
        url: str,
        exercise_ids: list[str] | tuple[str, ...] = (),
        assignment: AssignmentInfo | None = None,
    ) -> None:
        from .link_card import LinkCard, link_facts

        self.last_link = url
        server = url.split("/voila/", 1)[0]
        me = self._me()
        email = ""
        if me is not None and self.code:
            email = self.store.client(me, self.code).email or ""
        card = LinkCard(
            url,
            [exercise_title(e) for e in exercise_ids],
            self._on_email,
            server,
            facts=link_facts(assignment, self.zone) if assignment is not None else "",
            email=email,
        )
        self.link_card = card
        replace_children(self.link_box, [card.widget])

    @guarded
    def _on_email(self, address: str, url: str, remember: bool = False) -> None:
        from toolkit.mail import MailError, check_address

        from .link_card import mail_sender

        send = mail_sender()
        me = self._me()
        if send is None or me is None:
            return
        try:
            address = check_address(address)
        except ValueError:
            self.show_message("warn", "Type the client's email address (name@example.org).")
            return
        try:
            send(address, url)
        except MailError as exc:
            self.show_message("warn", f"The link was not emailed: {exc}.")
            return
        words = f"The link was emailed to {address}."
        if self.code:
            on_file = self.store.client(me, self.code).email
            if remember:
                if on_file != address:
                    self.store.set_client_email(me, self.code, address)
                words += " Due-tomorrow and overdue reminders will go to this address too."
            elif on_file == address:
                self.store.set_client_email(me, self.code, None)
                words += " No reminders will be emailed to it."
        self.show_message("ok", words)

    def _link_url(self, issued: object) -> str:
        return issued.url(self.base_url or DEFAULT_BASE_URL)  # type: ignore[attr-defined, no-any-return]

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
        self._refresh_assignments()
        self._show_link(self._link_url(issued), exercise_ids, issued.assignment)
        self.picker.clear()
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

    def _assignments_view(self) -> w.Widget:
        self._assignments_box = w.VBox([])
        self._refresh_assignments()
        box = w.VBox([self._assignments_box])
        box.add_class("cbt-card")
        return box

    def _refresh_assignments(self) -> None:
        """List the client's assignments again (only this section changes)."""
        me = self._me()
        if me is None or not self.code:
            return
        assignments = self.store.assignments(me, self.code)
        if not assignments:
            replace_children(
                self._assignments_box, [w.HTML('<p class="cbt-quiet">Nothing assigned yet.</p>')]
            )
            return
        shown: list[w.Widget] = []
        older: list[w.Widget] = []
        closed = 0
        for a in assignments:  # newest first; open ones are always shown
            if a.status != "open":
                closed += 1
                if closed > CLOSED_SHOWN:
                    older.append(self._assignment_row(a))
                    continue
            shown.append(self._assignment_row(a))
        if older:
            box = w.VBox(older, layout=w.Layout(display="none"))
            words = f"Show {len(older)} older assignments"
            more = _auto_button(words, "Show the older, closed assignments")

            def toggle(_button: object) -> None:
                hidden = box.layout.display == "none"
                box.layout.display = "" if hidden else "none"
                more.description = "Hide the older assignments" if hidden else words

            more.on_click(toggle)
            more.layout.align_self = "flex-start"
            shown += [box, more]
        replace_children(self._assignments_box, shown)

    def _assignment_row(self, a: AssignmentInfo) -> w.Widget:
        titles = ", ".join(exercise_title(e) for e in a.exercise_ids)
        due = f", due {a.due:%d %b %Y}" if a.due else ""
        repeat = f", every {a.every_days} days" if a.every_days else ""
        text = w.HTML(
            f'<div class="cbt-assignment-row"><strong>{esc(titles)}</strong> — '
            f"{esc(a.status)}{due}{repeat}; created {when(a.created, self.zone)}</div>"
        )
        row = w.HBox([text])
        row.add_class("cbt-row")
        if a.status == "open":
            resend = _auto_button("New link", f"New link for {titles}")
            resend.on_click(partial(self._on_resend, a.id, a.exercise_ids))
            revoke = _auto_button("Revoke", f"Revoke the link for {titles}")
            revoke.on_click(partial(self._ask_revoke, row, a.id))
            row.children = (text, resend, revoke)
        return row

    def _ask_revoke(self, row: w.HBox, assignment_id: int, _button: object = None) -> None:
        """Revoking asks first, in the row itself."""
        text = row.children[0]
        ask = w.HTML(
            '<p class="cbt-confirm">Revoke this link? It stops working at once, and the '
            "client's open page will say it was closed.</p>"
        )
        yes = _auto_button("Yes, revoke", "Yes, revoke the link", "danger")
        yes.on_click(partial(self._on_revoke, assignment_id))
        keep = _auto_button("Keep the link", "Keep the link")
        keep.on_click(lambda _b: self._refresh_assignments())
        replace_children(row, [text, ask, yes, keep])

    @guarded
    def _on_revoke(self, assignment_id: int, _button: object = None) -> None:
        me = self._me()
        if me is None:
            return
        self.store.revoke(me, assignment_id)
        self._refresh_assignments()
        self.show_message("ok", "The link is revoked: it no longer opens anything.")

    @guarded
    def _on_resend(
        self, assignment_id: int, exercise_ids: tuple[str, ...] = (), _button: object = None
    ) -> None:
        me = self._me()
        if me is None:
            return
        issued = self.store.resend(me, assignment_id)
        self._refresh_assignments()
        self._show_link(self._link_url(issued), exercise_ids, issued.assignment)
        self.show_message("ok", "A new link was made; the old one no longer works.")
