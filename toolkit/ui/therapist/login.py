"""Who is logged in on the therapist page: the login form, the session token, the session
check before every action, and logging out.

The rest of the page knows only this module's :class:`Login` interface: ``widget`` (the form,
shown while nobody is logged in), ``me()`` (the therapist, or ``None`` once the session ended),
``logout()`` and ``start()`` (called once the page is built). The page, in turn, offers the
:class:`LoginHost` calls below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import ipywidgets as w

from toolkit.ui.session import PageSession, guarded

if TYPE_CHECKING:
    from toolkit.store import Store
    from toolkit.store.records import Therapist


class LoginHost(Protocol):
    """What the login needs from the page it sits on."""

    @property
    def store(self) -> Store: ...

    def show_message(self, kind: str, text: str) -> None: ...

    def clear_message(self) -> None: ...

    def logged_in(self) -> None:
        """Show the dashboard (a login succeeded)."""

    def logged_out(self) -> None:
        """Close everything shown to the therapist (the session ended)."""


class Login(PageSession):
    """The login form and the session it opens (the token lives only in this kernel)."""

    def __init__(self, host: LoginHost) -> None:
        self._host = host
        self.token = ""
        self.username = w.Text(description="Username", layout=w.Layout(width="22rem"))
        self.password = w.Password(description="Password", layout=w.Layout(width="22rem"))
        for box in (self.username, self.password):
            box.style.description_width = "initial"
            box.add_class("cbt-field")
        self.login_button = w.Button(description="Log in", button_style="primary", tooltip="Log in")
        self.login_button.on_click(self._on_login)
        self.widget = w.VBox([self.username, self.password, self.login_button])
        self.widget.add_class("cbt-login")

    def show_message(self, kind: str, text: str) -> None:
        """Messages go to the page's message area."""
        self._host.show_message(kind, text)

    def clear_message(self) -> None:
        """Clear the page's message area."""
        self._host.clear_message()

    def start(self) -> None:
        """Called once the page is built: the form waits for the therapist."""

    @guarded
    def _on_login(self, _button: object = None) -> None:
        from toolkit.config import client_address
        from toolkit.store import LoginFailed, LoginThrottled

        username, password = self.username.value.strip(), self.password.value
        self.password.value = ""
        try:
            session = self._host.store.login(username, password, address=client_address())
        except LoginThrottled as wait:
            self.show_message(
                "warn", f"Too many wrong passwords. Please wait {wait.seconds} seconds."
            )
            return
        except LoginFailed:
            self.show_message("warn", "That username and password do not match.")
            return
        self.token = session.token
        self.clear_message()
        self.widget.layout.display = "none"
        self._host.logged_in()

    def me(self) -> Therapist | None:
        """The logged-in therapist, or ``None`` (and the login form) once the session ended."""
        from toolkit.store import SessionExpired

        try:
            return self._host.store.session(self.token)
        except SessionExpired:
            self._logged_out(
                "Your session ended after a while without activity. Please log in again."
            )
            return None

    def logout(self) -> None:
        """End the session in the database and show the login form again."""
        self._host.store.logout(self.token)
        self._logged_out("You are logged out.")

    def _logged_out(self, text: str) -> None:
        self.token = ""
        self._host.logged_out()
        self.username.value = ""
        self.widget.layout.display = ""
        self.show_message("info", text)


class RequestLogin(Login):
    """The login of a page served by ``cbt serve``: the server checked the session cookie
    before this kernel started and handed it the session's digest (:mod:`toolkit.weblogin`).

    There is no password form in the kernel: the server's login page is the only way in, so a
    reload or a new tab of a logged-in browser opens the dashboard at once. Every action still
    re-checks the session in the database (sliding expiry); logging out ends it there, for
    every tab.
    """

    def __init__(self, host: LoginHost, digest: str) -> None:
        super().__init__(host)
        self.digest = digest
        self.again = w.HTML(self._again_html())
        self.again.add_class("cbt-login")
        self.widget = w.VBox([self.again], layout=w.Layout(display="none"))

    @staticmethod
    def _again_html() -> str:
        # relative to /voila/render/therapist.ipynb, so it works under any URL prefix
        return '<p><a class="cbt-login-again" href="therapist.ipynb">Log in again</a></p>'

    def start(self) -> None:
        """Open the dashboard for the request's session (or say that it ended)."""
        if self.me() is not None:
            self._host.logged_in()

    def me(self) -> Therapist | None:
        """The therapist of the request's session, or ``None`` once it ended."""
        from toolkit.store import SessionExpired

        if not self.digest:
            self._logged_out("Please log in.")
            return None
        try:
            return self._host.store.session_by_digest(self.digest)
        except SessionExpired:
            self._logged_out(
                "Your session ended (logged out, or a while without activity). Please log in again."
            )
            return None

    def logout(self) -> None:
        """End the session in the database: this tab and every other one are logged out."""
        if self.digest:
            self._host.store.logout_by_digest(self.digest)
        self._logged_out("You are logged out.")

    def _logged_out(self, text: str) -> None:
        self.digest = ""
        self._host.logged_out()
        self.widget.layout.display = ""
        self.show_message("info", text)
