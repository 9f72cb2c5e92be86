"""Nothing is left after logout or expiry, and pages hold database connections only when needed.

Widget state is read the way a page's holder could read it: every model still in the kernel's
widget registry, with ``get_state`` (what the widget protocol's ``request_states`` sends).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances
from test_store_support import fresh_database

from toolkit.app import client_app
from toolkit.store import AlreadyExists, Store, open_store
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"
SECRET_NAME = "Zebedee Quartermain"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Store:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the session tests")
    opened = open_store(f"sqlite:///{tmp_path / 'sessions.sqlite3'}", clock=clock)
    opened.add_therapist("alice", PASSWORD)
    return opened


def readable_state() -> str:
    """Everything the widget protocol would hand back to the page right now."""
    states = []
    for widget in list(_instances.values()):
        try:
            states.append(widget.get_state())
        except Exception:
            continue
    return json.dumps(states, default=str)


def find(widget: Any, kind: type, description: str) -> Any:
    if isinstance(widget, kind) and getattr(widget, "description", None) == description:
        return widget
    for child in getattr(widget, "children", ()):
        hit = find(child, kind, description)
        if hit is not None:
            return hit
    return None


def busy_page(store: Store) -> tuple[TherapistPage, str]:
    """A logged-in page showing a client with many submissions, just after issuing a link."""
    page = TherapistPage(store, base_url="http://clinic.test")
    page.username.value = "alice"
    page.password.value = PASSWORD
    page.login_button.click()
    assert page.token
    page._on_add_client("C-77", SECRET_NAME)
    me = store.session(page.token)
    for _ in range(12):
        secret = store.assign(me, "C-77", ["gad2"]).secret
        store.submit(secret, "gad2", {"item1": 2, "item2": 1})
    page._show_client("C-77")
    page._on_assign("C-77", ["thought_record"], None, 0, "")
    link = page.last_link
    assert "assignment=" in link
    return page, link.split("assignment=", 1)[1]


def test_logout_leaves_no_client_data_in_the_page_state(store: Store) -> None:
    page, secret = busy_page(store)
    assert SECRET_NAME in readable_state()
    assert secret in readable_state()
    find(page.main, w.Button, "Log out").click()
    state = readable_state()
    assert SECRET_NAME not in state
    assert secret not in state
    assert "C-77" not in state
    assert "Log in" in state  # the login form is what is left


def test_expiry_leaves_no_client_data_and_stale_buttons_load_nothing(
    store: Store, clock: Clock
) -> None:
    page, secret = busy_page(store)
    more = find(page.main, w.Button, "Show older submissions")
    clock.now += dt.timedelta(hours=2)  # the session expired
    more.click()  # a stale button, clicked after expiry
    state = readable_state()
    assert SECRET_NAME not in state
    assert secret not in state
    assert page.token == ""
    assert "log in again" in page.messages.value.lower()


def test_views_replaced_while_logged_in_are_closed_too(store: Store) -> None:
    page, _secret = busy_page(store)
    more = find(page.main, w.Button, "Show older submissions").model_id
    client_view = _open_ids(page.main)
    assert more in _instances
    find(page.main, w.Button, "Back to all clients").click()
    # the dashboard lists the client, but the client's own page (its answers) is gone
    assert more not in _instances
    assert (client_view & set(_instances)) - _open_ids(page.main) == set()


def _open_ids(widget: Any) -> set[str]:
    return {x.model_id for x in _tree(widget) if x.comm is not None}


def _tree(widget: Any) -> list[Any]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(_tree(child))
    return found


def test_a_therapist_page_nobody_logs_in_to_opens_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "never.sqlite3"
    monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{database}")
    page = TherapistPage(base_url="http://clinic.test")
    assert "Log in" in readable_state()
    assert not database.exists()
    page.username.value = "nobody"
    page.password.value = "wrong password"
    page.login_button.click()
    assert database.exists()  # the first login attempt opens it


def test_a_malformed_link_opens_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "never.sqlite3"
    monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{database}")
    widget = client_app("assignment=garbage")
    assert "link" in widget.value.lower()
    assert not database.exists()


@pytest.mark.postgres
def test_an_open_page_holds_no_postgresql_connection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with fresh_database("postgresql", tmp_path) as url:  # a new schema: never an old one's
        _check_no_connection_is_held(monkeypatch, url)


def _check_no_connection_is_held(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    from sqlalchemy import create_engine, text

    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the session tests")
    tag = f"cbt-idle-check-{os.getpid()}"
    page_url = url + ("&" if "?" in url else "?") + f"application_name={tag}"
    store = open_store(page_url)
    username = f"idle{os.getpid()}"
    with contextlib.suppress(AlreadyExists):  # from an earlier run
        store.add_therapist(username, PASSWORD)
    page = TherapistPage(store, base_url="http://clinic.test")
    page.username.value = username
    page.password.value = PASSWORD
    page.login_button.click()
    assert page.token
    watcher = create_engine(url)
    with watcher.connect() as connection:
        held = connection.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :tag"),
            {"tag": tag},
        ).scalar_one()
    watcher.dispose()
    store.close()
    assert held == 0


def test_a_page_left_open_on_a_revoked_link_stops_saving_and_says_so(store: Store) -> None:
    import asyncio

    from toolkit.ui.assignment_page import AssignmentPage

    me = store.session(store.login("alice", PASSWORD).token)
    store.add_client(me, "C-90")
    issued = store.assign(me, "C-90", ["thought_record"])
    page = AssignmentPage(store, store.open_assignment(issued.secret))
    page.current.form.views["situation"].value = "At the station"
    page.save_now()
    assert "Draft saved" in page.status.value
    store.revoke(me, issued.assignment.id)

    def refusals() -> int:
        return sum(1 for entry in store.audit_log() if entry.action == "link_revoked")

    async def keep_typing() -> None:
        for word in ("later", "still", "typing"):
            page.current.form.views["situation"].value = f"At the station {word}"
            page.save_now()
            await asyncio.sleep(0)
        assert page._retry._handle is None  # nothing is scheduled to try again
        assert page._autosave._handle is None or page.link_closed

    asyncio.run(keep_typing())
    assert refusals() == 1
    assert "no longer active" in page.status.value
    assert "try again" not in page.status.value
