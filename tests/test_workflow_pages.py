"""The therapist workflow through its widgets, on a real SQLite store (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from toolkit.app import client_app, therapist_app
from toolkit.store import Store, open_store
from toolkit.ui.assignment_page import AssignmentPage
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the workflow pages")
    opened = open_store(f"sqlite:///{tmp_path / 'pages.sqlite3'}")
    opened.add_therapist("alice", PASSWORD)
    opened.add_therapist("bob", PASSWORD)
    return opened


def texts(widget: Any) -> str:
    """Every HTML string and description inside a widget tree."""
    found = [str(getattr(widget, "value", "")) if hasattr(widget, "value") else ""]
    found.append(str(getattr(widget, "description", "")))
    for child in getattr(widget, "children", ()):
        found.append(texts(child))
    return "\n".join(found)


def find(widget: Any, kind: type, description: str) -> Any:
    if isinstance(widget, kind) and getattr(widget, "description", None) == description:
        return widget
    for child in getattr(widget, "children", ()):
        hit = find(child, kind, description)
        if hit is not None:
            return hit
    return None


def logged_in(store: Store, user: str = "alice") -> TherapistPage:
    page = TherapistPage(store, base_url="http://clinic.test")
    page.username.value = user
    page.password.value = PASSWORD
    page.login_button.click()
    assert page.token
    return page


def test_wrong_password_is_refused_kindly(store: Store) -> None:
    page = TherapistPage(store)
    page.username.value = "alice"
    page.password.value = "not it at all"
    page.login_button.click()
    assert "do not match" in page.messages.value
    assert page.password.value == ""
    assert page.main.children == ()


def test_assign_then_client_completes_then_therapist_reviews(store: Store) -> None:
    import ipywidgets as w

    page = logged_in(store)
    page._on_add_client("C-01", "Sam <b>")
    assert "C-01" in texts(page.main)
    assert "Sam &lt;b&gt;" in texts(page.main)
    assert "Sam <b>" not in texts(page.main)
    page._on_assign("C-01", ["thought_record"], None, 0, "Try one this week")
    link = page.last_link
    assert link.startswith("http://clinic.test/voila/render/client.ipynb?assignment=")
    secret = parse_qs(urlparse(link).query)["assignment"][0]

    client = client_app(f"assignment={secret}", store=store)
    assert "Try one this week" in texts(client)
    # the client types, leaves, comes back
    first = AssignmentPage(store, store.open_assignment(secret))
    sheet = first.current
    sheet.form.views["situation"].value = "On the bus home"
    first.save_now()
    again = AssignmentPage(store, store.open_assignment(secret))
    assert again.current.form.views["situation"].value == "On the bus home"
    views = again.current.form.views
    views["moods"].value = [{"name": "anxious", "intensity": 70}]
    views["automatic_thoughts"].value = {
        "thoughts": [{"text": "Everyone is staring at me", "belief": 80}],
        "hot": 0,
    }
    views["evidence_for"].value = "Someone looked up"
    views["evidence_against"].value = "Most people were on their phones"
    views["balanced_thought"].value = "One person looked; most did not notice me"
    again.current.form._show(6)
    again.current.submit.click()
    assert "Submitted — thank you" in texts(again.widget)
    with pytest.raises(Exception, match="submitted"):
        store.open_assignment(secret)

    # the therapist sees it, comments and exports it
    page._show_client("C-01")
    shown = texts(page.main)
    assert "Most people were on their phones" in shown
    page._on_comment(again_response_id(store, page), "Good noticing!")
    assert "Good noticing!" in texts(page.main)
    page._on_export("C-01", links := w.HTML())
    payload = re.search(
        r'download="C-01.json" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', links.value
    )
    assert payload
    import base64

    exported = base64.b64decode(payload.group(1)).decode()
    for word in (
        "On the bus home",
        "Everyone is staring at me",
        "Most people were on their phones",
    ):
        assert word in exported
    json.loads(exported)


def again_response_id(store: Store, page: TherapistPage) -> int:
    me = store.session(page.token)
    return store.timeline(me, "C-01")[0].response_id


def test_a_second_therapist_sees_nothing_of_the_first(store: Store) -> None:
    alice = logged_in(store)
    alice._on_add_client("C-02", "")
    bob = logged_in(store, "bob")
    assert "C-02" not in texts(bob.main)
    bob._on_open("C-02")
    assert "no client C-02 in your list" in bob.messages.value
    assert "C-02" not in texts(bob.main)


def test_bad_links_open_nothing(store: Store) -> None:
    page = client_app("assignment=guessed-secret-value", store=store)
    assert "does not open anything" in texts(page)


def test_questionnaire_assignment_raises_item9_alert(store: Store) -> None:
    page = logged_in(store)
    page._on_add_client("C-03", "")
    issued = store.assign(store.session(page.token), "C-03", ["phq9"])
    client = AssignmentPage(store, store.open_assignment(issued.secret))
    questionnaire = client.current
    for item in questionnaire.spec.items:
        questionnaire.radios[item.id].value = 1
    assert "116 123" in questionnaire.risk.value
    questionnaire.submit.click()
    shown = texts(client.widget)
    # a risk answer ends calmly: no cheerful "thank you", one panel, what happens next
    assert "Your answers have been sent" in shown
    assert "Submitted — thank you" not in shown
    assert shown.count("cbt-msg-crisis") == 1
    assert "next working day" in shown
    page._show_dashboard()
    assert "Risk item" in texts(page.main)


def test_therapist_app_opens_a_login(store: Store) -> None:
    widget = therapist_app(store)
    assert "Log in" in texts(widget)


def test_a_long_history_is_shown_a_page_at_a_time(store: Store) -> None:
    import ipywidgets as w

    page = logged_in(store)
    page._on_add_client("C-04", "")
    me = store.session(page.token)
    for _ in range(13):
        secret = store.assign(me, "C-04", ["gad2"]).secret
        store.submit(secret, "gad2", {"item1": 1, "item2": 0})
    page._show_client("C-04")
    assert "Submissions (13)" in texts(page.main)
    more = find(page.main, w.Button, "Show older submissions")
    cards_before = texts(page.main).count("GAD-2 — ")
    assert cards_before == 10
    more.click()
    assert texts(page.main).count("GAD-2 — ") == 13
    assert more.layout.display == "none"
