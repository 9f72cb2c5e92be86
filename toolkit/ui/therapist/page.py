"""The therapist page: log in, alerts first, clients with their latest scores, and each
client's progress, submissions, comments, assignments, exports and erasure.

The page is the composition of its parts (one module each); it owns the store, the message
area, the login and the main area whose replaced views are closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.ui.html import esc
from toolkit.ui.session import NOT_IN_YOUR_LIST, guarded

from .assign import AssignPart
from .base import close_replaced, replace_children
from .client_view import ClientViewPart, menu_html, section_heading
from .dashboard import DashboardPart
from .export_erase import ExportErasePart
from .live import LIVE_SECONDS, LiveTimer
from .login import Login, LoginHost
from .names import clock_time
from .submission_card import SubmissionsPart

if TYPE_CHECKING:
    from toolkit.store import Store
    from toolkit.store.records import Therapist


class TherapistPage(DashboardPart, ClientViewPart, AssignPart, SubmissionsPart, ExportErasePart):
    """One therapist's session on the page; every action re-checks the login session."""

    not_found_message = NOT_IN_YOUR_LIST

    def __init__(
        self,
        store: Store | None = None,
        base_url: str = "",
        *,
        login: Callable[[LoginHost], Login] = Login,
        client_code: str = "",
    ) -> None:
        super().__init__()
        self._store = store
        self.base_url = base_url
        self.code = ""
        self.client_code = client_code.strip()
        self._marker: tuple[int, int] | None = None
        self.live = LiveTimer(LIVE_SECONDS, self.refresh_now)
        self.updated = w.HTML("")
        self.header = w.HTML('<header class="cbt-header"><h1>Therapist dashboard</h1></header>')
        self.login = login(self)
        self.main = w.VBox([])
        self.main.observe(self._on_main_replaced, "children")
        self.widget = w.VBox(
            [self.header, self.updated, self.messages, self.login.widget, self.main]
        )
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
        """A login succeeded: show the client asked for (``?client=CODE``) or the dashboard,
        and start looking for changes."""
        from toolkit.store import NotFound, PermissionDenied

        code, self.client_code = self.client_code, ""
        if code:
            try:
                self._show_client(code)
            except (NotFound, PermissionDenied):
                self._show_dashboard()
                self.show_message("warn", f"There is no client {code} in your list.")
        else:
            self._show_dashboard()
        self._marker = None
        self._show_updated()
        self.live.start()

    def logged_out(self) -> None:
        """The session ended: stop looking for changes and close every widget of the
        dashboard (``_on_main_replaced``)."""
        self.live.stop()
        self.code = ""
        self.updated.value = ""
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
        info = self.store.client(me, code)
        self.code = code
        back = w.Button(
            description="Back to all clients",
            tooltip="Back to all clients",
            layout=w.Layout(width="auto"),
        )
        back.on_click(self._show_dashboard)
        title = f"Client {code}" + (f" — {info.display_name}" if info.display_name else "")
        self._client_alerts = w.VBox([])
        self._progress_box = w.VBox([])
        self._forget_progress()
        timeline = self._timeline(me, code)
        head = w.HBox([back, self._ai_switch(code, info.ai_help)])
        head.add_class("cbt-client-head")
        parts: list[w.Widget] = [
            self._top_bar(me, title),
            head,
            w.HTML(menu_html()),
            self._client_alerts,
            section_heading("progress"),
            self._progress_box,
            section_heading("assign"),
            self._assign_view(code),
            section_heading("assignments"),
            self._assignments_view(),
            section_heading("submissions"),
            self._timeline_view(timeline),
            section_heading("export"),
            self._export_view(code),
            self._erase_view(code),
        ]
        self.main.children = tuple(parts)
        self._refresh_client_alerts()
        replace_children(self._progress_box, self._progress_parts(timeline))

    def _refresh_client_alerts(self) -> None:
        """This client's open alerts, in place."""
        me = self._me()
        if me is None or not self.code:
            return
        alerts = [a for a in self.store.alerts(me) if a.client_code == self.code]
        shown: list[w.Widget] = []
        if alerts:
            done = frozenset(
                a.id for a in self.store.assignments(me, self.code) if a.status == "submitted"
            )
            shown = [
                w.HTML("<h3>Alerts</h3>"),
                *self._alerts_view(alerts, open_buttons=False, done=done),
            ]
        replace_children(self._client_alerts, shown)

    # -- live: new alerts and submissions appear without a reload -------------------------
    def refresh_now(self) -> None:
        """Look for changes (one cheap query) and, when there are some, show the new data in
        place; say when it last looked. The live timer calls this every
        :data:`LIVE_SECONDS`; a closed page or an ended session stops the timer."""
        from toolkit.store import SessionExpired

        digest = str(getattr(self.login, "digest", "") or "")  # a server-side login session
        if not (self.login.token or digest) or self.widget.comm is None:
            self.live.stop()
            return
        try:
            if digest:
                marker = self.store.activity_by_digest(digest, self.code or None)
            else:
                marker = self.store.activity(self.login.token, self.code or None)
        except SessionExpired:
            self.live.stop()
            self._me()  # shows the login form with its message
            return
        if marker != self._marker:
            self._marker = marker
            if self.code:
                me = self._me()
                if me is None:
                    return
                timeline = self._timeline(me, self.code)
                self._refresh_client_alerts()
                self._refresh_timeline(timeline)
                replace_children(self._progress_box, self._progress_parts(timeline))
                self._refresh_assignments()
            elif self.main.children:
                self._refresh_dashboard()
        self._show_updated()

    def _show_updated(self) -> None:
        """Say when the page last looked for changes (the clinic's time, its zone named)."""
        from toolkit.clinic import zone_label

        now = clock_time(dt.datetime.now(dt.UTC), self.zone)
        label = zone_label(self.zone).removeprefix("Etc/")  # "Etc/UTC" reads as "UTC"
        self.updated.value = (
            f'<p class="cbt-updated" role="status">updated {now}'
            f' <span class="cbt-quiet">· times shown in {esc(label)}</span></p>'
        )

    @guarded
    def _on_logout(self, _button: object = None) -> None:
        self.login.logout()

    def _on_main_replaced(self, change: dict[str, Any]) -> None:
        """Close the widgets of the view that was replaced (see ``close_replaced``)."""
        close_replaced(tuple(change["old"]), tuple(change["new"]))
