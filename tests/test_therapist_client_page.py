"""The therapist's client page, in plain pytest with a real SQLite store: trees that close,
views refreshed in place, the ordered bundle, revoke that asks, ?client=CODE, live refresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from helpers_widgets import find, page_text, walk
from ipywidgets.widgets.widget import _instances
from test_store_support import FAST_HASHER, PHQ9_ITEM9, thought_record

from toolkit.store import SessionExpired, Store, open_store
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[Store]:
    opened = open_store(
        f"sqlite:///{tmp_path / 'client-page.sqlite3'}",
        secret_key="test key for the client page",
        password_hasher=FAST_HASHER,
        clock=clock,
    )
    opened.add_therapist("alice", PASSWORD)
    yield opened
    opened.close()


def logged_in(store: Store, client_code: str = "") -> TherapistPage:
    page = TherapistPage(store, client_code=client_code)
    page.username.value, page.password.value = "alice", PASSWORD
    page.login_button.click()
    return page


def with_history(store: Store) -> TherapistPage:
    page = logged_in(store)
    page._on_add_client("C-1", "")
    me = store.session(page.token)
    for answers in ([2] * 9, [1] * 9, [0] * 9):
        store.submit(store.assign(me, "C-1", ["phq9"]).secret, "phq9", answers)
    for total in (12, 6):
        store.submit(
            store.assign(me, "C-1", ["gad7"]).secret, "gad7", [min(3, total)] * 4 + [0] * 3
        )
    return page


def test_fifteen_open_and_back_cycles_keep_the_widget_count_flat(store: Store) -> None:
    page = with_history(store)
    page._show_dashboard()
    page._on_open("C-1")
    first_open = len(_instances)
    for _cycle in range(15):
        find(page.main, w.Button, "Back to all clients").click()
        page._on_open("C-1")
    assert len(_instances) <= 1.2 * first_open, (first_open, len(_instances))


def test_a_comment_is_saved_in_place_without_rebuilding_the_page(store: Store) -> None:
    page = with_history(store)
    page._show_client("C-1")
    before = [id(x) for x in walk(page.main)]
    card = page._cards[0]
    card.open()
    assert card.note is not None
    card.note.value = "Good week: notice what helped."
    find(card.widget, w.Button, "Add comment").click()
    assert "Comment saved." in card.status.value
    assert card.note.value == ""
    assert "Good week: notice what helped." in card.comments.value
    after = {id(x) for x in walk(page.main)}
    assert set(before) <= after  # nothing that was shown was replaced
    (record,) = [
        r
        for r in store.timeline(store.session(page.token), "C-1")
        if r.response_id == card.record.response_id
    ]
    assert [c.body for c in record.comments] == ["Good week: notice what helped."]


def test_cards_are_collapsed_with_readable_badges(store: Store) -> None:
    page = logged_in(store)
    page._on_add_client("C-2", "")
    me = store.session(page.token)
    store.submit(store.assign(me, "C-2", ["phq9"]).secret, "phq9", PHQ9_ITEM9)
    page._show_client("C-2")
    (card,) = page._cards
    assert card.body.layout.display == "none"
    assert not card.is_open
    text = page_text(page.main)
    assert "Risk: PHQ-9 item 9" in text
    assert "phq9_item9" not in text
    card.open()
    assert card.body.layout.display == ""
    assert find(card.widget, w.Textarea, "Comment on PHQ-9") is not None


def test_marking_an_alert_seen_refreshes_only_the_alerts(store: Store) -> None:
    page = logged_in(store)
    page._on_add_client("C-3", "")
    me = store.session(page.token)
    store.submit(store.assign(me, "C-3", ["phq9"]).secret, "phq9", PHQ9_ITEM9)
    page._show_client("C-3")
    progress_box = page._progress_box
    find(page.main, w.Button, "Mark as seen").click()
    assert find(page.main, w.Button, "Mark as seen") is None
    assert page._progress_box is progress_box
    assert progress_box in list(walk(page.main))
    assert store.alerts(me) == []


def test_the_bundle_follows_the_order_ticked(store: Store) -> None:
    page = logged_in(store)
    page._on_add_client("C-4", "")
    page.picker.search.value = "phq"
    assert page.picker.ticks["thought_record"].layout.display == "none"
    page.picker.tick("phq9")
    page.picker.search.value = ""
    page.picker.tick("thought_record")
    assert "<li>PHQ-9</li><li>Thought record</li>" in page.picker.order.value
    find(page.main, w.Dropdown, "Repeat").value = 14
    find(page.main, w.Button, "Create link").click()
    (made,) = store.assignments(store.session(page.token), "C-4")
    assert made.exercise_ids == ("phq9", "thought_record")
    assert made.every_days == 14
    assert "assignment=" in page.last_link
    assert "<svg" in page_text(page.link_box)  # the QR code
    copy = next(x for x in walk(page.link_box) if type(x).__name__ == "CopyButton")
    assert copy.text == page.last_link


def test_revoke_asks_first(store: Store) -> None:
    page = logged_in(store)
    page._on_add_client("C-5", "")
    page._on_assign("C-5", ["phq9"], None, 0, "")
    me = store.session(page.token)
    find(page.main, w.Button, "Revoke").click()
    assert store.assignments(me, "C-5")[0].status == "open"
    find(page.main, w.Button, "Keep the link").click()
    assert store.assignments(me, "C-5")[0].status == "open"
    find(page.main, w.Button, "Revoke").click()
    find(page.main, w.Button, "Yes, revoke").click()
    assert store.assignments(me, "C-5")[0].status != "open"
    assert find(page.main, w.Button, "Revoke") is None


def test_a_client_code_opens_that_client_after_login(store: Store) -> None:
    setup = logged_in(store)
    setup._on_add_client("C-6", "")
    page = logged_in(store, client_code="C-6")
    assert page.code == "C-6"
    assert "Client C-6" in page_text(page.main)
    elsewhere = logged_in(store, client_code="C-nobody")
    assert elsewhere.code == ""
    assert "There is no client C-nobody" in elsewhere.messages.value


def test_the_client_table_links_to_each_clients_page(store: Store) -> None:
    page = logged_in(store)
    page._on_add_client("C-7", "")
    page._show_dashboard()
    assert 'href="therapist.ipynb?client=C-7"' in page_text(page.main)


def test_a_submission_made_meanwhile_appears_on_refresh(store: Store) -> None:
    page = with_history(store)
    page._show_client("C-1")
    page.refresh_now()
    shown = len(page._cards)
    cards = list(page._cards)
    me = store.session(page.token)
    store.submit(store.assign(me, "C-1", ["phq9"]).secret, "phq9", PHQ9_ITEM9)
    page.refresh_now()
    assert len(page._cards) == shown + 1
    assert page._cards[1:] == cards  # the cards already shown stay
    assert "Risk: PHQ-9 item 9" in page_text(page.main)
    assert "updated " in page.updated.value


def test_activity_checks_the_session_without_extending_it(store: Store, clock: Clock) -> None:
    page = logged_in(store)
    page._on_add_client("C-8", "")
    me = store.session(page.token)
    assert store.activity(page.token) == (0, 0)
    store.submit(store.assign(me, "C-8", ["phq9"]).secret, "phq9", PHQ9_ITEM9)
    alerts, newest = store.activity(page.token)
    assert alerts == 1
    assert newest > 0
    assert store.activity(page.token, "C-8") == (alerts, newest)
    assert store.activity(page.token, "C-none") == (0, 0)
    for _minute in range(4):  # polled for 40 minutes: the session still ends after 30 idle
        clock.now += dt.timedelta(minutes=10)
        with pytest.raises(SessionExpired) if _minute >= 3 else _Nothing():
            store.activity(page.token)
    with pytest.raises(SessionExpired):
        store.session(page.token)


class _Nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_ideas_used_lists_only_ideas_the_client_kept(store: Store) -> None:
    page = logged_in(store)
    page._on_add_client("C-9", "")
    me = store.session(page.token)
    kept = "One late marmalade report is not the end of my job"
    rewritten = "Maybe she only wants the figures sooner, not to fire me"
    suggestions = {
        "engine": "offline",
        "thought": "I will be fired over the marmalade figures",
        "traps_shown": ["fortune_telling", "labeling"],
        "traps_chosen": ["fortune_telling"],
        "ideas_shown": [kept, rewritten],
        "ideas_used": [kept, rewritten],  # both clicked; the second was then rewritten
    }
    link = store.assign(me, "C-9", ["thought_record"])
    store.submit(link.secret, "thought_record", thought_record(), {"ai_suggestions": suggestions})
    page._show_client("C-9")
    (card,) = page._cards
    assert "AI used" in page_text(card.widget)
    details = page_text(card.body)
    assert f"Ideas used: {kept}" in details
    assert rewritten not in details.split("Ideas used:", 1)[1]
    assert "Fortune telling" in details
    assert "fortune_telling" not in page_text(page.main)


def test_download_report_gives_a_pdf(store: Store) -> None:
    page = with_history(store)
    page._show_client("C-1")
    find(page.main, w.Button, "Download report (PDF)").click()
    assert 'href="data:application/pdf;base64,JVBER' in page_text(page.main)  # "%PDF"
    assert find(page.main, w.Button, "Email it") is None  # no mail configured


def _add_client_on_the_page(page: TherapistPage, code: str, name: str = "") -> None:
    """Type into the dashboard's "Add a client" card and press its button, as a person does."""
    page._show_dashboard()
    find(page.main, w.Text, "New client code").value = code
    find(page.main, w.Text, "Display name (optional)").value = name
    find(page.main, w.Button, "Add client").click()


def test_two_therapists_each_add_client_c1_and_see_only_their_own(store: Store) -> None:
    """Client codes are unique per therapist (issue 13): adding a code another therapist uses
    works, and the refusal of a code speaks only of the caller's own clients."""
    store.add_therapist("bob", PASSWORD)
    alice = logged_in(store)
    _add_client_on_the_page(alice, "C1", "Amber Client")
    assert "Client C1 added." in alice.messages.value
    store.submit(
        store.assign(store.session(alice.token), "C1", ["phq9"]).secret, "phq9", PHQ9_ITEM9
    )

    bob = TherapistPage(store)
    bob.username.value, bob.password.value = "bob", PASSWORD
    bob.login_button.click()
    _add_client_on_the_page(bob, "C1", "Basil Client")
    assert "Client C1 added." in bob.messages.value  # not "exists already"
    assert bob.code == "C1"
    shown = page_text(bob.main)
    assert "Basil Client" in shown
    assert "Amber Client" not in shown
    assert "Risk: PHQ-9 item 9" not in shown  # the alert on Alice's C1 stays hers

    _add_client_on_the_page(bob, "C1")
    assert "you have a client with code &#x27;C1&#x27; already" in bob.messages.value
    assert "alice" not in bob.messages.value.lower()
    bob._show_dashboard()
    assert "Amber Client" not in page_text(bob.main)

    alice._show_client("C1")
    assert "Amber Client" in page_text(alice.main)
    assert "Basil Client" not in page_text(alice.main)
    assert "Risk: PHQ-9 item 9" in page_text(alice.main)
    opened = TherapistPage(store, client_code="C1")  # ?client=C1, after Bob's login
    opened.username.value, opened.password.value = "bob", PASSWORD
    opened.login_button.click()
    assert "Basil Client" in page_text(opened.main)
    assert "Amber Client" not in page_text(opened.main)
