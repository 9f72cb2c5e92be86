"""Access: links that open nothing, therapists kept apart, login throttling, session expiry,
logs without secrets or client text, and no network traffic leaving the machine."""

from __future__ import annotations

import base64
import logging
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from helpers_widgets import find, page_text, walk
from test_store_support import FAST_HASHER, PHQ9_ITEM9, Clock, thought_record

from toolkit.app import client_app
from toolkit.store import (
    LinkInvalid,
    LoginFailed,
    LoginThrottled,
    NotFound,
    PermissionDenied,
    SessionExpired,
    Store,
    Therapist,
    open_store,
)
from toolkit.ui.assignment_page import LINK_MESSAGES, AssignmentPage
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"
SECRET_NOTE = "instructions-marker-Quokka"
SECRET_NAME = "Display-Name-Marmoset"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    opened = open_store(
        f"sqlite:///{tmp_path / 'access.sqlite3'}",
        secret_key="access test key",
        password_hasher=FAST_HASHER,
        clock=clock,
    )
    opened.add_therapist("alice", PASSWORD)
    opened.add_therapist("bob", PASSWORD)
    yield opened
    opened.close()


def login(store: Store, user: str) -> Therapist:
    return store.login(user, PASSWORD).therapist


# -- links ------------------------------------------------------------------------------------


def assert_opens_nothing(store: Store, secret: str, reason: str) -> None:
    page = client_app(f"assignment={secret}", store=store)
    shown = page_text(page)
    assert LINK_MESSAGES[reason][0] in shown
    assert SECRET_NOTE not in shown
    assert SECRET_NAME not in shown
    assert not [n for n in walk(page) if isinstance(n, w.Text | w.Textarea | w.Button)]
    with pytest.raises(LinkInvalid) as caught:
        store.open_assignment(secret)
    assert caught.value.reason == reason
    with pytest.raises(LinkInvalid):
        store.save_draft(secret, "thought_record", {"situation": "sneaking in"})


@pytest.fixture
def alice_client(store: Store) -> Therapist:
    alice = login(store, "alice")
    store.add_client(alice, "A1", display_name=SECRET_NAME)
    return alice


def test_guessed_links_open_nothing(store: Store, alice_client: Therapist) -> None:
    real = store.assign(alice_client, "A1", ["thought_record"], instructions=SECRET_NOTE).secret
    for guess in ["", "x", real[:-1], real + "A", real.upper(), "A" * 43, "%00", "' OR 1=1 --"]:
        if not guess:
            assert "Nothing to open here" in page_text(client_app("assignment=", store=store))
            continue
        assert_opens_nothing(store, guess, "unknown")


def test_expired_links_open_nothing(store: Store, alice_client: Therapist, clock: Clock) -> None:
    secret = store.assign(
        alice_client, "A1", ["thought_record"], instructions=SECRET_NOTE, due=clock.now.date()
    ).secret
    assert SECRET_NOTE in page_text(client_app(f"assignment={secret}", store=store))
    clock.advance(days=32)
    assert_opens_nothing(store, secret, "expired")


def test_revoked_and_replaced_links_open_nothing(store: Store, alice_client: Therapist) -> None:
    first = store.assign(alice_client, "A1", ["phq9"], instructions=SECRET_NOTE)
    second = store.assign(alice_client, "A1", ["gad7"], instructions=SECRET_NOTE)
    store.revoke(alice_client, first.assignment.id)
    assert_opens_nothing(store, first.secret, "revoked")
    renewed = store.resend(alice_client, second.assignment.id)
    assert_opens_nothing(store, second.secret, "unknown")
    assert SECRET_NOTE in page_text(client_app(f"assignment={renewed.secret}", store=store))


def test_a_one_off_link_is_spent_after_submission(store: Store, alice_client: Therapist) -> None:
    secret = store.assign(alice_client, "A1", ["phq9"], instructions=SECRET_NOTE).secret
    page = AssignmentPage(store, store.open_assignment(secret))
    for item, value in zip(page.current.spec.scored_items, PHQ9_ITEM9, strict=True):  # type: ignore[union-attr]
        page.current.radios[item.id].value = value  # type: ignore[union-attr]
    page.current.submit.click()  # type: ignore[union-attr]
    # item 9 is endorsed in these answers, so the page ends calmly instead of "thank you"
    assert "Your answers have been sent" in page_text(page.widget)
    assert_opens_nothing(store, secret, "submitted")
    # the page left open cannot write either
    with pytest.raises(LinkInvalid):
        store.save_draft(page.opened, "phq9", {"phq9_1": 0})


def test_a_link_opens_only_its_own_assignment(store: Store, alice_client: Therapist) -> None:
    mine = store.assign(alice_client, "A1", ["thought_record"]).secret
    bob = login(store, "bob")
    store.add_client(bob, "B1")
    theirs = store.assign(bob, "B1", ["phq9", "gad7"]).secret
    opened = store.open_assignment(mine)
    with pytest.raises(Exception, match="not part of this assignment"):
        store.save_draft(opened, "phq9", {"phq9_1": 1})
    assert store.open_assignment(theirs).exercise_ids == ("phq9", "gad7")


# -- therapists kept apart ----------------------------------------------------------------------


def test_another_therapists_client_is_out_of_reach_through_every_method(
    store: Store, alice_client: Therapist
) -> None:
    alice = alice_client
    issued = store.assign(alice, "A1", ["thought_record", "phq9"], instructions=SECRET_NOTE)
    store.submit(issued.secret, "phq9", PHQ9_ITEM9)
    (record,) = store.timeline(alice, "A1")
    (alert,) = store.alerts(alice)
    bob = login(store, "bob")
    # by code, Alice's client is not among Bob's (codes are unique per therapist): he hears
    # what he would hear about a code nobody uses, so nothing tells him it exists
    by_code: dict[str, Callable[[], Any]] = {
        "client": lambda: store.client(bob, "A1"),
        "set_ai_help": lambda: store.set_ai_help(bob, "A1", False),
        "erase_client": lambda: store.erase_client(bob, "A1"),
        "export_client": lambda: store.export_client(bob, "A1"),
        "assign": lambda: store.assign(bob, "A1", ["phq9"]),
        "assignments": lambda: store.assignments(bob, "A1"),
        "timeline": lambda: store.timeline(bob, "A1"),
        "measure_series": lambda: store.measure_series(bob, "A1", "phq9"),
    }
    for name, attempt in by_code.items():
        with pytest.raises(NotFound, match=r"^no client with code 'A1'$"):
            attempt()
        assert name  # (for the failure message above)
    attempts: dict[str, Callable[[], Any]] = {
        "revoke": lambda: store.revoke(bob, issued.assignment.id),
        "resend": lambda: store.resend(bob, issued.assignment.id),
        "acknowledge_alert": lambda: store.acknowledge_alert(bob, alert.id),
        "add_comment": lambda: store.add_comment(bob, record.response_id, "peeking"),
        "add_client": lambda: store.add_client(bob, "B9", therapist="alice"),
        "remove_therapist": lambda: store.remove_therapist(bob, "alice"),  # type: ignore[arg-type]
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionDenied):
            attempt()
        assert name  # (for the failure message above)
    assert store.clients(bob) == []
    assert store.alerts(bob) == []
    # and nothing changed for Alice
    info = store.client(alice, "A1")
    assert info.ai_help is True
    assert info.display_name == SECRET_NAME
    assert [a.status for a in store.assignments(alice, "A1")] == ["open"]
    assert store.open_assignment(issued.secret).instructions == SECRET_NOTE
    assert store.timeline(alice, "A1")[0].comments == ()
    assert [a.acknowledged for a in store.alerts(alice, include_acknowledged=True)] == [False]


def test_the_therapist_page_shows_nothing_of_another_therapists_client(
    store: Store, alice_client: Therapist
) -> None:
    page = TherapistPage(store)
    page.username.value, page.password.value = "bob", PASSWORD
    page.login_button.click()
    page._on_open("A1")
    assert "no client A1 in your list" in page.messages.value
    assert SECRET_NAME not in page_text(page.widget)


# -- login throttling and sessions --------------------------------------------------------------


def test_login_throttling_refuses_even_the_right_password_during_the_wait(
    store: Store, clock: Clock
) -> None:
    for _ in range(5):
        with pytest.raises(LoginFailed) as failed:
            store.login("alice", "wrong password!")
        assert not isinstance(failed.value, LoginThrottled)
    with pytest.raises(LoginThrottled) as throttled:
        store.login("alice", "wrong again, sixth")
    assert throttled.value.seconds > 0
    with pytest.raises(LoginThrottled):
        store.login("alice", PASSWORD)
    clock.advance(seconds=throttled.value.seconds - 1)
    with pytest.raises(LoginThrottled):
        store.login("alice", PASSWORD)
    clock.advance(seconds=2)
    assert store.login("alice", PASSWORD).therapist.username == "alice"
    # a success resets the count: one wrong password is just wrong again
    with pytest.raises(LoginFailed) as again:
        store.login("alice", "wrong password!")
    assert not isinstance(again.value, LoginThrottled)


def test_the_login_form_tells_a_throttled_therapist_to_wait(store: Store) -> None:
    page = TherapistPage(store)
    for _ in range(6):
        page.username.value, page.password.value = "alice", "wrong password!"
        page.login_button.click()
    page.username.value, page.password.value = "alice", PASSWORD
    page.login_button.click()
    assert "Please wait" in page.messages.value
    assert page.token == ""
    assert page.main.children == ()


def test_an_idle_session_goes_back_to_the_login_form(
    store: Store, alice_client: Therapist, clock: Clock
) -> None:
    page = TherapistPage(store)
    page.username.value, page.password.value = "alice", PASSWORD
    page.login_button.click()
    assert page.login_box.layout.display == "none"
    page._on_open("A1")
    assert SECRET_NAME in page_text(page.main)
    token = page.token
    clock.advance(minutes=31)
    back = find(page.main, w.Button, "Back to all clients")
    back.click()
    assert page.login_box.layout.display == ""
    assert page.main.children == ()
    assert "session ended" in page.messages.value
    assert SECRET_NAME not in page_text(page.widget)
    with pytest.raises(SessionExpired):
        store.session(token)


def test_activity_keeps_a_session_alive_until_its_maximum_age(store: Store, clock: Clock) -> None:
    token = store.login("alice", PASSWORD).token
    for _ in range(23):  # every 29 minutes, for 11 h 7 min
        clock.advance(minutes=29)
        store.session(token)
    clock.advance(minutes=29)  # 11 h 36 min: still fine
    store.session(token)
    clock.advance(minutes=25)  # past 12 h since login
    with pytest.raises(SessionExpired):
        store.session(token)


# -- logs ---------------------------------------------------------------------------------------


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(text)


@pytest.fixture
def captured() -> Iterator[Collect]:
    handler = Collect()
    loggers = [logging.getLogger(n) for n in ("toolkit", "sqlalchemy.engine", "sqlalchemy.pool")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


FREE_TEXT = thought_record("Wombat-free-text")


def test_logs_hold_no_password_secret_or_client_text(
    tmp_path: Path, captured: Collect, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "logged.sqlite3"
    store = open_store(f"sqlite:///{path}", secret_key="log test key", password_hasher=FAST_HASHER)
    store.add_therapist("alice", PASSWORD)
    page = TherapistPage(store)
    page.username.value, page.password.value = "alice", PASSWORD
    page.login_button.click()
    page._on_add_client("L1", SECRET_NAME)
    page._on_assign("L1", ["thought_record"], None, 0, SECRET_NOTE)
    link = page.last_link
    secret = link.split("assignment=", 1)[1]
    client = AssignmentPage(store, store.open_assignment(secret))
    sheet = client.current
    sheet.form.answers = FREE_TEXT  # type: ignore[union-attr]
    client.save_now()
    # a failing callback: the database goes away under the client page and the therapist page
    store.engine.dispose()
    path.rename(tmp_path / "away.sqlite3")
    path.mkdir()
    sheet.form.views["evidence_for"].value = "Typed during the outage Wombat"  # type: ignore[union-attr]
    assert "Not saved yet" in client.status.value
    page._on_open("L1")
    assert "Something went wrong" in page.messages.value
    path.rmdir()
    (tmp_path / "away.sqlite3").rename(path)
    sheet.form._show(len(sheet.sheet.steps) - 1)  # type: ignore[union-attr]
    sheet.submit.click()  # type: ignore[union-attr]
    page._on_open("L1")
    page._on_export("L1", w.HTML())
    store.close()

    logged = "\n".join(captured.lines)
    assert "autosave failed with" in logged  # the failure was logged …
    assert "sqlalchemy" in logged.lower() or "SELECT" in logged  # … and SQL too
    for forbidden in (PASSWORD, secret, page.token or "-no-token-", SECRET_NAME, SECRET_NOTE):
        assert forbidden not in logged
    assert "Wombat" not in logged


# -- no outbound network --------------------------------------------------------------------


def _loopback(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX
        return True
    host = str(address[0])
    return host in {"127.0.0.1", "::1", "localhost"} or host.startswith("127.")


@pytest.fixture
def outbound(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Refuse (and record) every connection to a non-loopback address."""
    attempts: list[Any] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create = socket.create_connection

    def guard(address: Any) -> None:
        if not _loopback(address):
            attempts.append(address)
            raise OSError(f"test guard: no outbound connections ({address!r})")

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        guard(address)
        return real_create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    for name in ("CBT_LLM_URL", "CBT_LLM_MODEL", "CBT_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return attempts


def test_the_guard_blocks_outbound_connections(outbound: list[Any]) -> None:
    with pytest.raises(OSError, match="test guard"), socket.create_connection(("192.0.2.1", 80)):
        pass
    assert outbound == [("192.0.2.1", 80)]


def test_a_whole_journey_never_leaves_the_machine(tmp_path: Path, outbound: list[Any]) -> None:
    store = open_store(
        f"sqlite:///{tmp_path / 'offline.sqlite3'}",
        secret_key="offline test key",
        password_hasher=FAST_HASHER,
    )
    store.add_therapist("alice", PASSWORD)
    page = TherapistPage(store, base_url="http://127.0.0.1:8866")
    page.username.value, page.password.value = "alice", PASSWORD
    page.login_button.click()
    page._on_add_client("N1", "")
    page._on_assign("N1", ["thought_record", "phq9"], None, 0, "Both, please")
    link = page.last_link
    secret = link.split("assignment=", 1)[1]

    client = AssignmentPage(store, store.open_assignment(secret))
    sheet = client.current
    views = sheet.form.views  # type: ignore[union-attr]
    views["situation"].value = "My friend did not answer my message"
    views["moods"].value = [{"name": "hurt", "intensity": 70}]
    views["automatic_thoughts"].value = {
        "thoughts": [{"text": "She always ignores me, nobody ever cares", "belief": 80}],
        "hot": 0,
    }
    panel = sheet.suggestions  # type: ignore[union-attr]
    assert panel is not None
    panel.refresh()
    assert panel.analysis is not None
    assert panel.analysis.traps  # the offline engine found something
    views["evidence_for"].value = "No reply for a day"
    views["evidence_against"].value = "She replied last week within an hour"
    panel.refresh()
    ideas = panel.analysis.reframes
    if ideas:
        panel.use_idea(ideas[0])
    views["balanced_thought"].value = str(views["balanced_thought"].value) or "She may be busy"
    sheet.form._show(len(sheet.sheet.steps) - 1)  # type: ignore[union-attr]
    sheet.submit.click()  # type: ignore[union-attr]
    find(client.widget, w.Button, "Continue to the next part").click()
    questionnaire = client.current
    for item, value in zip(questionnaire.spec.scored_items, PHQ9_ITEM9, strict=True):  # type: ignore[union-attr]
        questionnaire.radios[item.id].value = value  # type: ignore[union-attr]
    questionnaire.submit.click()  # type: ignore[union-attr]
    # item 9 is endorsed here, so the bundle ends calmly ("sent", what happens next)
    assert "Your answers have been sent" in page_text(client.widget)

    page._show_dashboard()
    assert "Risk item" in page_text(page.main)
    page._on_open("N1")
    assert "She replied last week within an hour" in page_text(page.main)
    links = w.HTML()
    page._on_export("N1", links)
    payload = re.search(
        r'download="N1.json" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', links.value
    )
    assert payload
    assert "nobody ever cares" in base64.b64decode(payload.group(1)).decode()
    store.close()
    assert outbound == []


def test_session_tokens_and_link_secrets_are_long_random_values(store: Store) -> None:
    alice = login(store, "alice")
    store.add_client(alice, "R1")
    secrets = {store.assign(alice, "R1", ["phq9"]).secret for _ in range(20)}
    tokens = {store.login("alice", PASSWORD).token for _ in range(5)}
    assert len(secrets) == 20
    assert len(tokens) == 5
    for value in secrets | tokens:
        assert len(base64.urlsafe_b64decode(value + "=")) >= 16  # >= 128 bits
