"""What every part of the therapist page can rely on: the store, the logged-in therapist,
the message area and navigation between the dashboard and a client."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import ipywidgets as w

from toolkit.ui.html import esc
from toolkit.ui.lean import is_shared
from toolkit.ui.session import PageSession

if TYPE_CHECKING:
    from toolkit.store import Store
    from toolkit.store.records import SubmissionRecord, Therapist


def descendants(widgets: tuple[w.Widget, ...] | list[w.Widget]) -> list[w.Widget]:
    """The widgets, everything inside them (containers' children), and their own layout and
    style models (closing a widget alone leaves them in the registry); the models widgets share
    (:mod:`toolkit.ui.lean`) are not theirs to close."""
    found: list[w.Widget] = []
    todo = list(widgets)
    while todo:
        widget = todo.pop()
        found.append(widget)
        for part in ("layout", "style"):
            model = getattr(widget, part, None)
            if isinstance(model, w.Widget) and not is_shared(model):
                found.append(model)
        todo.extend(getattr(widget, "children", ()))
    return found


def close_replaced(old: tuple[w.Widget, ...], new: tuple[w.Widget, ...]) -> None:
    """Close every widget of ``old`` that is not also in ``new``: a closed widget leaves the
    kernel's registry, so its state (names, answers, charts, links) can no longer be read
    back with the widget protocol, and its buttons no longer receive clicks."""
    kept = {id(x) for x in descendants(new)}
    for widget in descendants(old):
        if id(widget) not in kept:
            widget.close()


def replace_children(box: w.Box, children: list[w.Widget] | tuple[w.Widget, ...]) -> None:
    """Show ``children`` in ``box`` and close what it showed before."""
    old = tuple(box.children)
    box.children = tuple(children)
    close_replaced(old, tuple(children))


class PagePart(PageSession):
    """The page interface the parts (dashboard, client view, assign, submissions) use."""

    base_url: str
    code: str
    main: w.VBox

    @property
    def store(self) -> Store:
        """The database."""
        raise NotImplementedError

    def _me(self) -> Therapist | None:
        """The logged-in therapist, or ``None`` once the session ended."""
        raise NotImplementedError

    @property
    def zone(self) -> dt.tzinfo:
        """The clinic's time zone (``CBT_TIMEZONE``, as the store counts days): every date and
        time on the page is shown in it."""
        zone = getattr(self.store, "zone", None)
        if isinstance(zone, dt.tzinfo):
            return zone
        from toolkit.clinic import clinic_zone

        return clinic_zone()

    def _timeline(self, me: Therapist, code: str) -> list[SubmissionRecord]:
        """The client's submissions with their moments in the clinic's zone, so the charts'
        days are the clinic's calendar days (the store keeps UTC)."""
        zone = self.zone
        return [
            dataclasses.replace(r, submitted_at=r.submitted_at.astimezone(zone))
            for r in self.store.timeline(me, code)
        ]

    def _show_dashboard(self, _button: object = None) -> None:
        raise NotImplementedError

    def _show_client(self, code: str) -> None:
        raise NotImplementedError

    def _top_bar(self, me: Therapist, title: str) -> w.Widget:
        logout = w.Button(description="Log out", tooltip="Log out")
        logout.on_click(self._on_logout)
        bar = w.HBox(
            [
                w.HTML(
                    f'<p class="cbt-whoami">Logged in as <strong>{esc(me.username)}</strong></p>'
                ),
                logout,
            ]
        )
        bar.add_class("cbt-topbar")
        return w.VBox([bar, w.HTML(f"<h2>{esc(title)}</h2>")])

    def _on_logout(self, _button: object = None) -> None:
        raise NotImplementedError

    def _refresh_client_alerts(self) -> None:
        raise NotImplementedError
