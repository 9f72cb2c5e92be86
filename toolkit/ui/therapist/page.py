"""The therapist page: log in, alerts first, clients with their latest scores, and each
client's progress, submissions, comments, assignments, exports and erasure.

The page is the composition of its parts (one module each); it owns the store, the message
area, the login and the main area whose replaced views are closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.ui.session import guarded

from .assign import AssignPart
from .client_view import ClientViewPart
from .dashboard import DashboardPart
from .export_erase import ExportErasePart
from .login import Login, LoginHost
from .submission_card import SubmissionsPart

if TYPE_CHECKING:
    from toolkit.store import Store
    from toolkit.store.records import Therapist


def descendants(widgets: tuple[w.Widget, ...]) -> list[w.Widget]:
    """The widgets and everything inside them (containers' children)."""
    found: list[w.Widget] = []
    todo = list(widgets)
    while todo:
        widget = todo.pop()
        found.append(widget)
        todo.extend(getattr(widget, "children", ()))
    return found


class TherapistPage(DashboardPart, ClientViewPart, AssignPart, SubmissionsPart, ExportErasePart):
    """One therapist's session on the page; every action re-checks the login session."""

    def __init__(
        self,
        store: Store | None = None,
        base_url: str = "",
        *,
        login: Callable[[LoginHost], Login] = Login,
    ) -> None:
        super().__init__()
        self._store = store
        self.base_url = base_url
        self.code = ""
        self.header = w.HTML('<header class="cbt-header"><h1>Therapist dashboard</h1></header>')
        self.login = login(self)
        self.main = w.VBox([])
        self.main.observe(self._on_main_replaced, "children")
        self.widget = w.VBox([self.header, self.messages, self.login.widget, self.main])
        self.widget.add_class("cbt-page")
        self.widget.add_class("cbt-therapist")
        self.login.start()

    @property
    def store(self) -> Store:
        """The database, opened at the first login attempt (a page nobody logs in to holds no
        connection)."""
        if self._store is None:
            from toolkit.store import open_store

            self._store = open_store()
        return self._store

    # -- the login's view of the page (LoginHost) ----------------------------------------
    def logged_in(self) -> None:
        """A login succeeded: show the dashboard."""
        self._show_dashboard()

    def logged_out(self) -> None:
        """The session ended: close every widget of the dashboard (``_on_main_replaced``)."""
        self.code = ""
        self.main.children = ()

    # -- shortcuts kept for callers and tests ------------------------------------------------
    @property
    def token(self) -> str:
        """The login session's token ("" while logged out)."""
        return self.login.token

    @property
    def username(self) -> w.Text:
        """The login form's username box."""
        return self.login.username

    @property
    def password(self) -> w.Password:
        """The login form's password box."""
        return self.login.password

    @property
    def login_button(self) -> w.Button:
        """The login form's button."""
        return self.login.login_button

    @property
    def login_box(self) -> w.Widget:
        """The login form."""
        return self.login.widget

    def _me(self) -> Therapist | None:
        return self.login.me()

    # -- one client ------------------------------------------------------------------------
    def _show_client(self, code: str) -> None:
        me = self._me()
        if me is None:
            return
        self.code = code
        info = self.store.client(me, code)
        back = w.Button(
            description="Back to all clients",
            tooltip="Back to all clients",
            layout=w.Layout(width="auto"),
        )
        back.on_click(self._show_dashboard)
        title = f"Client {code}" + (f" — {info.display_name}" if info.display_name else "")
        parts: list[w.Widget] = [self._top_bar(me, title), w.HBox([back])]
        alerts = [a for a in self.store.alerts(me) if a.client_code == code]
        if alerts:
            parts += [w.HTML("<h3>Alerts</h3>"), self._alerts_view(alerts, open_buttons=False)]
        ai = w.Checkbox(
            value=info.ai_help, description="AI suggestions on for this client", indent=False
        )
        ai.observe(lambda change: self._on_ai_help(code, change["new"]), "value")
        parts.append(ai)
        timeline = self.store.timeline(me, code)
        parts.append(self._progress_view(me, code, timeline))
        parts.append(self._assign_view(code))
        parts.append(self._assignments_view(me, code))
        parts.append(self._timeline_view(timeline))
        parts.append(self._export_view(code))
        parts.append(self._erase_view(code))
        self.main.children = tuple(parts)

    @guarded
    def _on_logout(self, _button: object = None) -> None:
        self.login.logout()

    def _on_main_replaced(self, change: dict[str, Any]) -> None:
        """Close the widgets of the view that was replaced: a closed widget leaves the
        kernel's registry, so its state (names, answers, charts, links) can no longer be read
        back with the widget protocol, and its buttons no longer receive clicks."""
        kept = {id(x) for x in descendants(change["new"])}
        for old in descendants(change["old"]):
            if id(old) not in kept:
                old.close()
