"""What every part of the therapist page can rely on: the store, the logged-in therapist,
the message area and navigation between the dashboard and a client."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from toolkit.ui.html import esc
from toolkit.ui.session import PageSession

if TYPE_CHECKING:
    from toolkit.store import Store
    from toolkit.store.records import Therapist


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
