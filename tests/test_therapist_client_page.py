"""The therapist's client page, in plain pytest with a real SQLite store: trees that close,
views refreshed in place, the ordered bundle, revoke that asks, ?client=CODE, live refresh."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from helpers_widgets import find, page_text, walk
from ipywidgets.widgets.widget import _instances
from test_store_support import FAST_HASHER, PHQ9_ITEM9, thought_record

from toolkit.store import CLI, SessionExpired, Store, open_store
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
    assert "Good week: notice what helped." in card.comments_text
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


def test_every_moment_on_the_page_is_in_the_clinics_zone(tmp_path: Path) -> None:
    """11:30 UTC on 14 March is 00:30 on 15 March in Auckland (NZDT, UTC+13): each date the
    therapist reads (client table, alert, card, comment, assignment, "updated") says 15 March."""
    from toolkit.clinic import zone_named

    clock = Clock()
    clock.now = dt.datetime(2026, 3, 14, 11, 30, tzinfo=dt.UTC)
    auckland = zone_named("Pacific/Auckland")
    store = open_store(
        f"sqlite:///{tmp_path / 'zone.sqlite3'}",
        secret_key="test key for the zone",
        password_hasher=FAST_HASHER,
        clock=clock,
        zone=auckland,
    )
    store.add_therapist("alice", PASSWORD)
    page = logged_in(store)
    page._on_add_client("Z-1", "")
    me = store.session(page.token)
    store.submit(store.assign(me, "Z-1", ["phq9"]).secret, "phq9", PHQ9_ITEM9)
    clock.now += dt.timedelta(minutes=10)
    page._show_client("Z-1")
    card = page._cards[0]
    card.open()
    assert card.note is not None
    card.note.value = "Near midnight"
    find(card.widget, w.Button, "Add comment").click()
    text = page_text(page.main)
    assert "15 Mar 2026 00:30" in text  # the card and the client's alert
    assert "15 Mar 2026 00:40" in card.comments_text
    assert "14 Mar 2026" not in text
    charts = [
        json.dumps(out.outputs[0]["data"].get("application/vnd.plotly.v1+json", {}))
        for out in walk(page._progress_box)
        if isinstance(out, w.Output) and out.outputs
    ]
    assert charts, "the PHQ-9 chart is shown"
    assert "2026-03-15" in charts[0], "the chart's day is the clinic's"
    assert "2026-03-14" not in charts[0]
    page._show_dashboard()
    text = page_text(page.main)
    assert text.count("15 Mar 2026 00:") >= 2  # the alert and the table's last activity
    assert "14 Mar 2026" not in text
    assert "Pacific/Auckland" in page.updated.value
    store.close()


def test_a_comment_is_shared_with_the_client_and_unshared(store: Store) -> None:
    page = with_history(store)
    page._show_client("C-1")
    card = page._cards[0]
    card.open()
    assert card.note is not None
    assert card.share_new is not None
    card.note.value = "Well done this week."
    card.share_new.value = True
    find(card.widget, w.Button, "Add comment").click()
    assert "shared with the client" in card.status.value
    assert not card.share_new.value, "the next comment starts private"
    (row,) = card.comment_rows
    assert row.share.value
    assert "Shared with the client" in row.text.value
    nxt = store.assign(store.session(page.token), "C-1", ["gad7"])
    opened = store.open_assignment(nxt.secret)
    assert [c.body for c in opened.shared_comments] == ["Well done this week."]
    row.share.value = False
    assert "No longer shared" in card.status.value
    assert "Shared with the client" not in row.text.value
    assert store.open_assignment(nxt.secret).shared_comments == ()
    assert card.comment_rows == [row], "the row stays; only its state changed"


def test_overdue_alerts_read_as_words_fold_and_are_marked_seen_at_once(
    store: Store, clock: Clock
) -> None:
    page = logged_in(store)
    page._on_add_client("C-9", "")
    me = store.session(page.token)
    links = [
        store.assign(me, "C-9", [exercise], due=store.today() + dt.timedelta(days=1))
        for exercise in ("phq9", "gad7", "thought_record", "who5", "phq9")
    ]
    clock.now += dt.timedelta(days=3)
    store.alerts(CLI)  # the overdue alerts are raised
    store.submit(links[0].secret, "phq9", [0] * 9)  # late
    page = logged_in(store, client_code="C-9")  # the earlier session has expired by now
    me = store.session(page.token)
    text = page_text(page._client_alerts)
    assert text.count("Submitted since.") == 1
    assert "Thought record: due 02 Mar 2026, not done by then." in text
    assert "thought_record" not in text
    assert "2026-03-02" not in text
    more = find(page._client_alerts, w.ToggleButton, "Show 2 more overdue alerts")
    hidden = [box for box in walk(page._client_alerts) if getattr(box, "layout", None)]
    assert any(b.layout.display == "none" for b in hidden if isinstance(b, w.VBox))
    more.value = True
    assert more.description == "Hide the older overdue alerts"
    find(page._client_alerts, w.Button, "Mark all 5 overdue alerts as seen").click()
    assert [a for a in store.alerts(me) if a.client_code == "C-9"] == []
    assert "No open alerts" not in page_text(page._client_alerts)  # the section is gone


def test_older_closed_assignments_wait_behind_a_button(store: Store) -> None:
    page = with_history(store)  # five submitted assignments
    me = store.session(page.token)
    for answers in ([1] * 9, [2] * 9):
        store.submit(store.assign(me, "C-1", ["phq9"]).secret, "phq9", answers)
    store.assign(me, "C-1", ["thought_record"])  # open: always listed
    page._show_client("C-1")
    box = page._assignments_box
    more = find(box, w.Button, "Show 2 older assignments")
    visible = [r for r in box.children if isinstance(r, w.HBox) and r.layout.display != "none"]
    assert len(visible) == 6  # the open one and the five newest closed ones
    assert "Thought record" in page_text(visible[0])
    more.click()
    assert more.description == "Hide the older assignments"
    assert all(c.layout.display != "none" for c in box.children)


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
