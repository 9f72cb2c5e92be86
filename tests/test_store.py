"""The store on a real database (SQLite file and PostgreSQL): identity, links, answers, alerts."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from test_store_support import (
    BACKENDS,
    GAD7_MID,
    PASSWORD,
    PHQ9_ITEM9,
    PHQ9_LOW,
    Clock,
    all_text,
    count_rows,
    fresh_database,
    make_store,
    thought_record,
)

from toolkit.store import (
    CLI,
    AlreadyExists,
    AmbiguousClient,
    InvalidInput,
    LinkInvalid,
    LoginFailed,
    LoginThrottled,
    NotFound,
    PermissionDenied,
    SessionExpired,
    Store,
    StoreKeyError,
    Therapist,
    link_url,
    open_store,
)
from toolkit.store.models import AssignmentRow, ClassKeyRow, ResponseRow
from toolkit.store.repository import parse_crisis_detail


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url: str, tmp_path: Path, clock: Clock) -> Iterator[Store]:
    opened = make_store(db_url, tmp_path, clock)
    yield opened
    opened.close()


@pytest.fixture
def alice(store: Store) -> Therapist:
    store.add_therapist("alice", PASSWORD)
    therapist = store.login("alice", PASSWORD).therapist
    store.add_client(therapist, "C1", display_name="Jane Marmalade")
    return therapist


@pytest.fixture
def bob(store: Store) -> Therapist:
    store.add_therapist("bob", PASSWORD)
    therapist = store.login("bob", PASSWORD).therapist
    store.add_client(therapist, "B1")
    return therapist


# -- opening, keys and encryption -----------------------------------------------------------


def test_sqlite_file_and_key_file_are_created_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "folder" / "cbt.sqlite3"
    store = open_store(f"sqlite:///{db}", secret_key="")
    store.close()
    key = db.with_name("cbt.sqlite3.key")
    assert db.is_file()
    assert key.is_file()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    store.engine.dispose()


def test_wrong_secret_key_is_detected_at_open(db_url: str, tmp_path: Path) -> None:
    store = make_store(db_url, tmp_path, secret_key="the right passphrase")
    store.add_therapist("alice", PASSWORD)
    store.add_client(CLI, "C1", therapist="alice", display_name="Jane")
    store.close()
    with pytest.raises(StoreKeyError, match="does not match this database"):
        make_store(db_url, tmp_path, secret_key="a wrong passphrase")
    reopened = make_store(db_url, tmp_path, secret_key="the right passphrase")
    assert reopened.client(CLI, "C1").display_name == "Jane"
    reopened.close()


def test_lost_or_replaced_key_file_is_a_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    key = tmp_path / "db.key"
    make_store(url, tmp_path, key_file=key).close()
    key.unlink()
    with pytest.raises(StoreKeyError, match="missing"):
        make_store(url, tmp_path, key_file=key)
    assert not key.exists(), "a lost key must not be silently replaced by a new one"
    other = tmp_path / "other.key"
    make_store(f"sqlite:///{tmp_path / 'other.sqlite3'}", tmp_path, key_file=other).close()
    with pytest.raises(StoreKeyError, match="does not match"):
        make_store(url, tmp_path, key_file=other)


def test_free_text_is_encrypted_at_rest(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["thought_record"], instructions="Try the quokka exercise")
    opened = store.open_assignment(link.secret)
    store.save_draft(opened, "thought_record", {"situation": "draft about zeppelins"})
    receipt = store.submit(
        opened, "thought_record", thought_record(), {"ai": {"shown": ["suggested pangolin"]}}
    )
    store.add_comment(alice, receipt.response_id, "Discuss the axolotl next week")
    raw = all_text(store)
    for plain in (
        "Jane Marmalade",
        "marmalade",
        "quokka",
        "zeppelins",
        "pangolin",
        "axolotl",
        "useless",
        link.secret,
        PASSWORD,
    ):
        assert plain not in raw
    assert (
        store.timeline(alice, "C1")[0].answers["evidence_for"] == "The marmalade numbers were late"
    )


# -- therapists, passwords, sessions --------------------------------------------------------


def test_therapist_accounts(store: Store) -> None:
    store.add_therapist("alice", PASSWORD)
    with pytest.raises(AlreadyExists):
        store.add_therapist("alice", "another password")
    with pytest.raises(InvalidInput, match="at least 8"):
        store.add_therapist("carol", "short")
    with pytest.raises(InvalidInput):
        store.add_therapist("bad name!", PASSWORD)
    with pytest.raises(LoginFailed):
        store.login("alice", "wrong password")
    with pytest.raises(LoginFailed):
        store.login("nobody", PASSWORD)
    assert store.login("alice", PASSWORD).therapist.username == "alice"
    assert PASSWORD not in all_text(store)


def test_five_wrong_passwords_throttle_further_tries(store: Store, clock: Clock) -> None:
    store.add_therapist("alice", PASSWORD)
    for _ in range(5):
        with pytest.raises(LoginFailed) as caught:
            store.login("alice", "wrong password")
        assert not isinstance(caught.value, LoginThrottled)
    with pytest.raises(LoginThrottled) as throttled:
        store.login("alice", PASSWORD)  # even the right password waits
    assert 0 < throttled.value.seconds <= 30
    clock.advance(seconds=31)
    with pytest.raises(LoginFailed):
        store.login("alice", "wrong again")
    with pytest.raises(LoginThrottled) as longer:
        store.login("alice", PASSWORD)
    assert longer.value.seconds > 30, "the interval grows"
    clock.advance(seconds=61)
    assert store.login("alice", PASSWORD).therapist.username == "alice"
    for _ in range(4):  # the counter was reset by the successful login
        with pytest.raises(LoginFailed) as caught:
            store.login("alice", "wrong password")
        assert not isinstance(caught.value, LoginThrottled)


def test_sessions_slide_and_expire(store: Store, clock: Clock) -> None:
    store.add_therapist("alice", PASSWORD)
    login = store.login("alice", PASSWORD)
    assert login.token not in all_text(store)
    for _ in range(3):
        clock.advance(minutes=29)
        assert store.session(login.token).username == "alice"
    clock.advance(minutes=31)
    with pytest.raises(SessionExpired):
        store.session(login.token)
    with pytest.raises(SessionExpired):
        store.session("made-up-token")
    second = store.login("alice", PASSWORD)
    store.logout(second.token)
    with pytest.raises(SessionExpired):
        store.session(second.token)


def test_sessions_have_a_maximum_age(store: Store, clock: Clock) -> None:
    store.add_therapist("alice", PASSWORD)
    token = store.login("alice", PASSWORD).token
    for _ in range(12 * 4 + 2):
        clock.advance(minutes=15)
        try:
            store.session(token)
        except SessionExpired:
            break
    else:
        pytest.fail("a session kept alive must still end after session_max_age")


# -- permissions ----------------------------------------------------------------------------


def test_a_therapist_sees_only_their_own_clients(
    store: Store, alice: Therapist, bob: Therapist
) -> None:
    link = store.assign(alice, "C1", ["phq9"])
    receipt = store.submit(link.secret, "phq9", PHQ9_ITEM9)
    alert = store.alerts(alice)[0]
    assert [c.code for c in store.clients(alice)] == ["C1"]
    assert [c.code for c in store.clients(bob)] == ["B1"]
    assert store.alerts(bob) == []
    # client codes are unique per therapist: Alice's "C1" is not among Bob's clients, and he
    # is told exactly what he would be told about a code nobody uses
    hidden = [
        lambda: store.client(bob, "C1"),
        lambda: store.timeline(bob, "C1"),
        lambda: store.measure_series(bob, "C1", "phq9"),
        lambda: store.assignments(bob, "C1"),
        lambda: store.assign(bob, "C1", ["phq9"]),
        lambda: store.set_ai_help(bob, "C1", False),
        lambda: store.export_client(bob, "C1"),
        lambda: store.erase_client(bob, "C1"),
    ]
    for attempt in hidden:
        with pytest.raises(NotFound) as caught:
            attempt()
        assert str(caught.value) == "no client with code 'C1'"
    with pytest.raises(NotFound) as unused:
        store.client(bob, "C7")
    assert str(unused.value) == "no client with code 'C7'"
    refused = [
        lambda: store.revoke(bob, link.assignment.id),
        lambda: store.resend(bob, link.assignment.id),
        lambda: store.add_comment(bob, receipt.response_id, "not mine"),
        lambda: store.acknowledge_alert(bob, alert.id),
        lambda: store.add_client(bob, "B2", therapist="alice"),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied):
            attempt()
    assert store.client(alice, "C1").ai_help is True
    assert len(store.timeline(alice, "C1")) == 1
    assert store.alerts(alice)[0].acknowledged is False
    with pytest.raises(NotFound):
        store.client(alice, "nobody")
    forged = Therapist(id=bob.id, username="alice")  # the id decides, not the name
    with pytest.raises(NotFound):
        store.timeline(forged, "C1")


def test_client_codes(store: Store, alice: Therapist) -> None:
    with pytest.raises(AlreadyExists):
        store.add_client(alice, "C1")
    with pytest.raises(InvalidInput):
        store.add_client(alice, "has space")
    with pytest.raises(NotFound):
        store.add_client(CLI, "C9", therapist="nobody")
    info = store.add_client(CLI, "C9", therapist="alice", ai_help=False)
    assert (info.therapist, info.ai_help, info.display_name) == ("alice", False, None)


def test_client_codes_are_per_therapist(store: Store, alice: Therapist, bob: Therapist) -> None:
    """Two therapists can each have a "C1"; neither sees the other's, and the refusal of a
    code names only the caller's own clients (issue 13: codes revealed other therapists')."""
    mine = store.add_client(bob, "C1", display_name="Bob's own C1")  # Alice has a C1 too
    assert (mine.code, mine.therapist) == ("C1", "bob")
    with pytest.raises(AlreadyExists) as again:
        store.add_client(bob, "C1")
    assert str(again.value) == "you have a client with code 'C1' already"
    with pytest.raises(AlreadyExists) as via_cli:
        store.add_client(CLI, "C1", therapist="alice")
    assert str(via_cli.value) == "alice has a client with code 'C1' already"

    store.set_ai_help(bob, "C1", False)
    link = store.assign(bob, "C1", ["phq9"])
    store.submit(link.secret, "phq9", PHQ9_ITEM9)
    assert store.client(alice, "C1").display_name == "Jane Marmalade"
    assert store.client(alice, "C1").ai_help is True
    assert store.client(bob, "C1").display_name == "Bob's own C1"
    assert store.timeline(alice, "C1") == []
    assert len(store.timeline(bob, "C1")) == 1
    assert store.alerts(alice) == []
    assert [a.client_code for a in store.alerts(bob)] == ["C1"]
    assert [(c.code, c.therapist) for c in store.clients(alice)] == [("C1", "alice")]
    assert [(c.code, c.therapist) for c in store.clients(bob)] == [("B1", "bob"), ("C1", "bob")]
    assert store.activity(store.login("alice", PASSWORD).token, "C1") == (0, 0)

    # the command line must say whose "C1" it means
    with pytest.raises(AmbiguousClient) as ambiguous:
        store.export_client(CLI, "C1")
    assert str(ambiguous.value) == (
        "client code 'C1' is used by 2 therapists (alice, bob): name the therapist"
    )
    assert store.export_client(CLI.scoped("bob"), "C1")["client"]["therapist"] == "bob"
    assert store.export_client(CLI.scoped("alice"), "C1")["responses"] == []
    assert store.client(CLI, "B1").therapist == "bob"  # a code only one therapist uses
    with pytest.raises(NotFound):
        store.client(CLI.scoped("alice"), "B1")
    assert [c.code for c in store.clients(CLI.scoped("alice"))] == ["C1"]
    assert len(store.clients(CLI)) == 3
    store.erase_client(CLI.scoped("bob"), "C1")
    assert store.client(CLI, "C1").display_name == "Jane Marmalade"


# -- links ----------------------------------------------------------------------------------


def test_a_link_opens_exactly_its_own_assignment(store: Store, alice: Therapist) -> None:
    store.add_client(alice, "C2")
    first = store.assign(alice, "C1", ["phq9", "gad7"], instructions="Weekly check-in")
    second = store.assign(alice, "C2", ["thought_record"])
    assert len(first.secret) >= 43  # 256 bits, URL-safe
    opened = store.open_assignment(first.secret)
    assert opened.exercise_ids == ("phq9", "gad7")
    assert opened.instructions == "Weekly check-in"
    assert opened.ai_help is True
    assert store.open_assignment(second.secret).exercise_ids == ("thought_record",)
    assert first.url("https://clinic.example/") == link_url(first.secret, "https://clinic.example")
    assert first.url().startswith("http://127.0.0.1:8866/voila/render/client.ipynb?assignment=")
    for guess in ("", "x", first.secret[:-1], first.secret + "A", first.secret.upper()):
        with pytest.raises(LinkInvalid) as caught:
            store.open_assignment(guess)
        assert caught.value.reason == "unknown"
    with pytest.raises(InvalidInput, match="not part of this assignment"):
        store.save_draft(first.secret, "thought_record", {"situation": "x"})


def test_revoked_resent_expired_and_submitted_links(
    store: Store, alice: Therapist, clock: Clock
) -> None:
    revoked = store.assign(alice, "C1", ["phq9"])
    store.revoke(alice, revoked.assignment.id)
    with pytest.raises(LinkInvalid) as caught:
        store.open_assignment(revoked.secret)
    assert caught.value.reason == "revoked"
    with pytest.raises(InvalidInput):
        store.resend(alice, revoked.assignment.id)

    old = store.assign(alice, "C1", ["phq9"])
    new = store.resend(alice, old.assignment.id)
    assert new.assignment.id == old.assignment.id
    with pytest.raises(LinkInvalid) as caught:
        store.open_assignment(old.secret)
    assert caught.value.reason == "unknown"
    store.open_assignment(new.secret)

    done = store.assign(alice, "C1", ["phq9"])
    store.submit(done.secret, "phq9", PHQ9_LOW)
    for attempt in (
        lambda: store.open_assignment(done.secret),
        lambda: store.save_draft(done.secret, "phq9", {"item1": 0}),
        lambda: store.submit(done.secret, "phq9", PHQ9_LOW),
    ):
        with pytest.raises(LinkInvalid) as caught:
            attempt()
        assert caught.value.reason == "submitted"

    lapsing = store.assign(alice, "C1", ["phq9"], expires=clock.now + dt.timedelta(days=2))
    clock.advance(days=2, seconds=1)
    with pytest.raises(LinkInvalid) as caught:
        store.open_assignment(lapsing.secret)
    assert caught.value.reason == "expired"
    statuses = {a.id: a.status for a in store.assignments(alice, "C1")}
    assert statuses[lapsing.assignment.id] == "expired"
    assert statuses[new.assignment.id] == "open"  # the default lifetime is 30 days


def test_default_lifetime_of_a_one_off_link(store: Store, alice: Therapist, clock: Clock) -> None:
    due = clock.now.date() + dt.timedelta(days=7)
    link = store.assign(alice, "C1", ["phq9"], due=due)
    assert link.assignment.expires_at == dt.datetime.combine(
        due + dt.timedelta(days=31), dt.time(0), tzinfo=dt.UTC
    )
    clock.advance(days=37)
    store.open_assignment(link.secret)
    clock.advance(days=2)
    with pytest.raises(LinkInvalid):
        store.open_assignment(link.secret)


# -- drafts and submissions -----------------------------------------------------------------


def test_drafts_are_versioned_and_the_latest_is_returned(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["thought_record", "phq9"])
    opened = store.open_assignment(link.secret)
    assert opened.drafts == {}
    ids = [
        store.save_draft(opened, "thought_record", {"situation": f"version {n}"}) for n in range(3)
    ]
    store.save_draft(opened, "phq9", {"item1": 2})
    assert len(set(ids)) == 3
    reopened = store.open_assignment(link.secret)
    assert reopened.drafts == {"thought_record": {"situation": "version 2"}, "phq9": {"item1": 2}}
    with store.engine.connect() as connection:
        versions = connection.execute(
            select(ResponseRow.version)
            .where(ResponseRow.exercise_id == "thought_record")
            .order_by(ResponseRow.version)
        ).scalars()
        assert list(versions) == [1, 2, 3]
    store.draft_history = 2
    store.save_draft(opened, "thought_record", {"situation": "version 3"})
    with store.engine.connect() as connection:
        versions = connection.execute(
            select(ResponseRow.version)
            .where(ResponseRow.exercise_id == "thought_record")
            .order_by(ResponseRow.version)
        ).scalars()
        assert list(versions) == [3, 4], "a bounded history of drafts, never rewritten in place"
    receipt = store.submit(opened, "thought_record", thought_record())
    assert receipt.version == 5
    after = store.open_assignment(link.secret)
    assert after.submitted == {"thought_record"}
    assert after.remaining == ("phq9",)
    assert "thought_record" not in after.drafts


def test_submit_scores_and_raises_the_item_9_alert(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["phq9", "gad7"])
    receipt = store.submit(link.secret, "phq9", PHQ9_ITEM9)
    assert (receipt.total, receipt.band, receipt.alerts) == (7, "mild", ("phq9_item9",))
    assert not receipt.assignment_complete
    gad = store.submit(link.secret, "gad7", {f"item{n + 1}": v for n, v in enumerate(GAD7_MID)})
    assert (gad.total, gad.band, gad.alerts, gad.assignment_complete) == (9, "mild", (), True)
    alerts = store.alerts(alice)
    assert [(a.kind, a.detail, a.client_code) for a in alerts] == [
        ("risk_item", "phq9: phq9_item9", "C1")
    ]
    stored = store.timeline(alice, "C1")
    assert [r.exercise_id for r in stored] == ["gad7", "phq9"]
    assert stored[1].answers["item9"] == 1
    assert stored[1].total == 7


def test_bad_submissions_write_nothing(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["phq9", "thought_record"])
    before = count_rows(store)
    with pytest.raises(InvalidInput):
        store.submit(link.secret, "phq9", [0, 1, 2])
    with pytest.raises(InvalidInput, match="item9"):
        store.submit(link.secret, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, None])
    with pytest.raises(InvalidInput, match="please complete"):
        store.submit(link.secret, "thought_record", {"situation": "only this"})
    with pytest.raises(InvalidInput):
        store.submit(link.secret, "gad7", GAD7_MID)
    with pytest.raises(InvalidInput):
        store.save_draft(link.secret, "phq9", {"item1": float("nan")})
    after = count_rows(store)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    store.submit(link.secret, "phq9", PHQ9_LOW)
    with pytest.raises(InvalidInput, match="submitted already"):
        store.submit(link.secret, "phq9", PHQ9_LOW)


def test_crisis_language_in_a_worksheet_raises_an_alert(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["thought_record"])
    answers = thought_record()
    answers["automatic_thoughts"]["thoughts"][1]["text"] = "I just want to end it all"
    receipt = store.submit(link.secret, "thought_record", answers)
    assert receipt.crisis
    (alert,) = store.alerts(alice)
    assert alert.kind == "crisis_language"
    assert alert.detail == "thought_record: automatic_thoughts; tier=crisis; from=submission"
    assert parse_crisis_detail(alert.detail) == {
        "exercise": "thought_record",
        "fields": ["automatic_thoughts"],
        "tier": "crisis",
        "source": "submission",
    }
    # details written before tiers existed still read
    assert parse_crisis_detail("thought_record: situation")["tier"] == "crisis"
    calm = store.assign(alice, "C1", ["thought_record"])
    answers = thought_record()
    answers["situation"] = "This traffic is killing me"
    assert not store.submit(calm.secret, "thought_record", answers).crisis


def test_a_stale_page_cannot_write_into_the_next_occurrence(
    store: Store, alice: Therapist, clock: Clock
) -> None:
    link = store.assign(alice, "C1", ["phq9"], every_days=7)
    first = store.open_assignment(link.secret)
    second_tab = store.open_assignment(link.secret)
    store.submit(first, "phq9", PHQ9_LOW)
    clock.advance(days=6)
    current = store.open_assignment(link.secret)
    assert current.assignment_id != first.assignment_id
    with pytest.raises(LinkInvalid) as caught:
        store.save_draft(second_tab, "phq9", {"item1": 3})
    assert caught.value.reason == "submitted"
    store.save_draft(current, "phq9", {"item1": 3})


# -- recurrence -----------------------------------------------------------------------------


def test_recurrence_moves_the_same_link_to_the_next_assignment(
    store: Store, alice: Therapist, clock: Clock
) -> None:
    link = store.assign(alice, "C1", ["phq9", "gad7"], every_days=7, instructions="Weekly")
    assert link.assignment.due == clock.now.date()
    store.submit(link.secret, "phq9", PHQ9_LOW)
    store.submit(link.secret, "gad7", GAD7_MID)
    assignments = store.assignments(alice, "C1")
    assert [a.status for a in assignments] == ["open", "submitted"]
    nxt = assignments[0]
    assert nxt.due == clock.now.date() + dt.timedelta(days=7)
    assert nxt.previous_id == link.assignment.id
    assert nxt.instructions == "Weekly"
    with pytest.raises(LinkInvalid) as caught:  # the next one opens half a week before it is due
        store.open_assignment(link.secret)
    assert caught.value.reason == "submitted"
    clock.advance(days=4)
    opened = store.open_assignment(link.secret)
    assert opened.assignment_id == nxt.id
    assert opened.drafts == {}
    assert opened.submitted == frozenset()
    store.submit(opened, "phq9", PHQ9_LOW)
    store.submit(opened, "gad7", GAD7_MID)
    assert len(store.assignments(alice, "C1")) == 3
    assert len(store.measure_series(alice, "C1", "phq9")) == 2


def test_a_missed_occurrence_is_overdue_and_the_series_goes_on(
    store: Store, alice: Therapist, clock: Clock
) -> None:
    link = store.assign(alice, "C1", ["phq9"], every_days=7)
    clock.advance(days=20)
    opened = store.open_assignment(link.secret)
    assignments = store.assignments(alice, "C1")
    assert assignments[0].id == opened.assignment_id
    assert assignments[0].status == "open"
    assert "expired" in {a.status for a in assignments}
    assert opened.due is not None
    assert opened.due >= clock.now.date() - dt.timedelta(days=3)
    kinds = [a.kind for a in store.alerts(alice)]
    assert "overdue" in kinds


def test_overdue_alerts_are_raised_lazily_and_listed_last(
    store: Store, alice: Therapist, clock: Clock
) -> None:
    store.assign(alice, "C1", ["gad7"], due=clock.now.date() + dt.timedelta(days=1))
    crisis = store.assign(alice, "C1", ["thought_record"])
    answers = thought_record()
    answers["evidence_for"] = "I have been thinking about killing myself"
    store.submit(crisis.secret, "thought_record", answers)
    risk = store.assign(alice, "C1", ["phq9"])
    store.submit(risk.secret, "phq9", PHQ9_ITEM9)
    assert [a.kind for a in store.alerts(alice)] == ["risk_item", "crisis_language"]
    clock.advance(days=2)
    alerts = store.alerts(alice)
    assert [a.kind for a in alerts] == ["risk_item", "crisis_language", "overdue"]
    assert alerts[2].detail.startswith("due ")
    assert len(store.alerts(alice)) == 3, "an overdue alert is raised once"
    summary = store.clients(alice)[0]
    assert summary.unacknowledged_alerts == 3
    store.acknowledge_alert(alice, alerts[0].id)
    assert [a.kind for a in store.alerts(alice)] == ["crisis_language", "overdue"]
    assert len(store.alerts(alice, include_acknowledged=True)) == 3
    assert store.clients(alice)[0].unacknowledged_alerts == 2


# -- the therapist's views ------------------------------------------------------------------


def test_client_summaries_series_and_comments(store: Store, alice: Therapist, clock: Clock) -> None:
    link = store.assign(alice, "C1", ["phq9"], every_days=7)
    totals = []
    for week, answers in enumerate(
        [[3, 3, 2, 2, 2, 2, 2, 2, 0], [2, 2, 2, 2, 1, 1, 1, 1, 0], [1, 1, 0, 1, 0, 0, 0, 0, 0]]
    ):
        clock.now = dt.datetime(2025, 3, 3 + 7 * week, 10, tzinfo=dt.UTC)
        receipt = store.submit(link.secret, "phq9", answers)
        totals.append(receipt.total)
    (summary,) = store.clients(alice)
    assert summary.display_name == "Jane Marmalade"
    assert summary.latest["phq9"].total == totals[-1]
    assert summary.latest["phq9"].band == "minimal"
    assert summary.trend["phq9"] == "improved"
    assert summary.last_activity == clock.now
    assert len(summary.open_assignments) == 1
    series = store.measure_series(alice, "C1", "phq9")
    assert [total for _, total in series] == totals
    assert series[0][0] < series[-1][0]
    newest = store.timeline(alice, "C1")[0]
    comment_id = store.add_comment(alice, newest.response_id, "Great progress")
    assert comment_id > 0
    (comment,) = store.timeline(alice, "C1")[0].comments
    assert (comment.author, comment.body) == ("alice", "Great progress")
    store.set_ai_help(alice, "C1", False)
    assert store.clients(alice)[0].ai_help is False


def test_ai_help_switch_reaches_the_client_page(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["thought_record"])
    assert store.open_assignment(link.secret).ai_help is True
    store.set_ai_help(alice, "C1", False)
    assert store.open_assignment(link.secret).ai_help is False


def test_ai_records_are_kept_with_the_submission(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["thought_record"])
    extra = {"ai": {"shown": ["fortune_telling"], "used": ["It is one report"]}}
    store.submit(link.secret, "thought_record", thought_record(), extra)
    assert store.timeline(alice, "C1")[0].extra == extra


def test_erase_really_deletes_the_client(store: Store, alice: Therapist, bob: Therapist) -> None:
    link = store.assign(alice, "C1", ["phq9", "thought_record"], instructions="hello")
    store.save_draft(link.secret, "thought_record", {"situation": "a draft"})
    receipt = store.submit(link.secret, "phq9", PHQ9_ITEM9)
    store.add_comment(alice, receipt.response_id, "note")
    bob_link = store.assign(bob, "B1", ["phq9"])
    store.submit(bob_link.secret, "phq9", PHQ9_LOW)
    before = count_rows(store)
    store.erase_client(alice, "C1")
    after = count_rows(store)
    assert after["clients"] == before["clients"] - 1
    assert after["comments"] == 0
    assert after["alerts"] == 0
    assert after["assignments"] == 1
    assert after["responses"] == 1
    assert store.audit_log(limit=1)[0].action == "erase_client"
    with pytest.raises(NotFound):
        store.timeline(alice, "C1")
    with pytest.raises(LinkInvalid):
        store.open_assignment(link.secret)
    # the code as a value of its own (random base64 of ciphertexts and hashes may hold "C1")
    assert not re.search(
        r"(?<![A-Za-z0-9+/$=])C1(?![A-Za-z0-9+/$=])", all_text(store, include_bytes=False)
    )
    assert "Jane" not in all_text(store)
    assert [c.code for c in store.clients(bob)] == ["B1"]


def test_audit_log_names_ids_never_text(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["thought_record"], instructions="secret plan")
    opened = store.open_assignment(link.secret)
    store.save_draft(opened, "thought_record", {"situation": "an unfinished walrus"})
    receipt = store.submit(opened, "thought_record", thought_record())
    store.add_comment(alice, receipt.response_id, "private note")
    store.timeline(alice, "C1")
    store.export_client(CLI, "C1")
    with pytest.raises(LinkInvalid):
        store.open_assignment("guessed")
    entries = store.audit_log()
    actions = {(e.actor, e.action) for e in entries}
    assert ("therapist:alice", "read_timeline") in actions
    assert ("therapist:alice", "assign") in actions
    assert ("cli", "export_client") in actions
    assert (f"client-link:{opened.assignment_id}", "submit") in actions
    assert ("client-link:?", "link_unknown") in actions
    for entry in entries:
        blob = f"{entry.actor} {entry.action} {entry.object}"
        for secret in ("marmalade", "secret plan", "private note", "walrus", link.secret, "Jane"):
            assert secret not in blob
        assert entry.object == "-" or entry.object.split(":")[0] in {
            "therapist",
            "client",
            "clients",
            "assignment",
            "response",
            "alert",
            "alerts",
        }


def test_export_client_holds_everything(store: Store, alice: Therapist) -> None:
    link = store.assign(alice, "C1", ["thought_record", "phq9"], instructions="Do both")
    store.save_draft(link.secret, "phq9", {"item1": 1})
    store.submit(link.secret, "thought_record", thought_record())
    data = store.export_client(alice, "C1")
    assert data["client"]["code"] == "C1"
    assert data["client"]["display_name"] == "Jane Marmalade"
    assert data["assignments"][0]["instructions"] == "Do both"
    kinds = [(r["exercise_id"], r["kind"]) for r in data["responses"]]
    assert kinds == [("phq9", "draft"), ("thought_record", "submission")]


# -- classes --------------------------------------------------------------------------------


def test_classes_collect_anonymous_quiz_answers(store: Store) -> None:
    created = store.create_class("Psychology 101")
    assert len(created.code) == 8
    assert created.code.isalnum()
    assert store.class_by_code(created.code.lower()).name == "Psychology 101"
    store.record_quiz_answer(created.code, "q1", ["catastrophizing"], correct=True)
    store.record_quiz_answer(created.code, "q1", ["labeling", "blaming"], correct=False)
    store.record_quiz_answer(created.code, "q2", [], correct=False)
    results = {r.item_id: (r.answers, r.correct) for r in store.class_results(created.code)}
    assert results == {"q1": (2, 1), "q2": (1, 0)}
    with pytest.raises(NotFound):
        store.class_by_code("NOPE")
    with pytest.raises(InvalidInput):
        store.record_quiz_answer(created.code, "q1", ["Free text from a student"], correct=False)
    with pytest.raises(InvalidInput):
        store.create_class("   ")


def test_educator_key_leads_rounds_and_alone_opens_the_answers(store: Store) -> None:
    created = store.create_class("Seminar B")
    key = created.educator_key
    assert len(key) == 20
    assert key != created.code
    assert key not in repr(created)
    code = created.code
    with pytest.raises(PermissionDenied):
        store.open_class_as_educator(code, code)  # the class code is not the educator key
    assert store.open_class_as_educator(code.lower(), key.lower()).name == "Seminar B"
    with pytest.raises(PermissionDenied):
        store.class_answers(code, "WRONG")
    with pytest.raises(PermissionDenied):
        store.start_class_round(code, "WRONG", "q1")

    assert store.open_class_round(code) is None
    first = store.start_class_round(code, key, "q1")
    assert store.open_class_round(code) == first
    store.record_quiz_answer(code, "q1", ["labeling"], correct=True, round_id=first.id)
    store.record_quiz_answer(code, "q1", [], correct=False, round_id=first.id)
    store.record_quiz_answer(code, "q9", ["blaming"], correct=False)  # self-paced, no round
    with pytest.raises(InvalidInput):
        store.record_quiz_answer(code, "q2", [], correct=False, round_id=first.id)
    second = store.start_class_round(code, key, "q2")  # ends the first round
    with pytest.raises(InvalidInput, match="round is over"):
        store.record_quiz_answer(code, "q1", [], correct=False, round_id=first.id)
    store.record_quiz_answer(code, "q2", ["blaming"], correct=True, round_id=second.id)
    assert [(a.item_id, a.chosen) for a in store.class_answers(code, key, round_id=first.id)] == [
        ("q1", ("labeling",)),
        ("q1", ()),
    ]
    assert len(store.class_answers(code, key, round_id=second.id)) == 1
    assert len(store.class_answers(code, key)) == 4
    store.end_class_round(code, key)
    assert store.open_class_round(code) is None

    # a class from before educator keys (no key row) opens to no key at all
    legacy = store.create_class("Old seminar")
    with store.engine.begin() as connection:
        connection.execute(delete(ClassKeyRow).where(ClassKeyRow.class_id == legacy.id))
    with pytest.raises(PermissionDenied):
        store.open_class_as_educator(legacy.code, legacy.educator_key)
    with pytest.raises(PermissionDenied):
        store.open_class_as_educator(legacy.code, "")

    # another class's round cannot take this class's answers, nor show them
    other = store.create_class("Seminar C")
    with pytest.raises(InvalidInput):
        store.record_quiz_answer(other.code, "q2", [], correct=False, round_id=second.id)
    with pytest.raises(PermissionDenied):
        store.class_answers(code, other.educator_key)


def test_assign_checks_its_arguments(store: Store, alice: Therapist) -> None:
    with pytest.raises(InvalidInput, match="unknown exercise"):
        store.assign(alice, "C1", ["no_such_thing"])
    with pytest.raises(InvalidInput):
        store.assign(alice, "C1", [])
    with pytest.raises(InvalidInput):
        store.assign(alice, "C1", ["phq9", "phq9"])
    with pytest.raises(InvalidInput):
        store.assign(alice, "C1", ["phq9"], every_days=0)
    with store.engine.connect() as connection:
        assert connection.execute(select(AssignmentRow.id)).first() is None


def test_the_store_clock_must_be_aware(db_url: str, tmp_path: Path) -> None:
    store = make_store(db_url, tmp_path, clock=lambda: dt.datetime(2025, 1, 1))
    with pytest.raises(Exception, match="timezone-aware"):
        store.add_therapist("alice", PASSWORD)
    store.close()


def test_default_url_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("CBT_SECRET_KEY", "from the environment")
    store = open_store()
    store.add_therapist("alice", PASSWORD)
    store.close()
    assert db.exists()
    assert not db.with_name("env.sqlite3.key").exists(), "CBT_SECRET_KEY replaces the key file"
    monkeypatch.setenv("CBT_SECRET_KEY", "something else")
    with pytest.raises(StoreKeyError):
        open_store()
    assert os.environ["CBT_SECRET_KEY"] == "something else"


def test_concurrent_writers_share_one_database(db_url: str, tmp_path: Path) -> None:
    import threading

    first = make_store(db_url, tmp_path)
    first.add_therapist("alice", PASSWORD)
    first.add_client(CLI, "C1", therapist="alice")
    links = [first.assign(CLI, "C1", ["thought_record"]) for _ in range(2)]
    second = make_store(db_url, tmp_path)  # another process, as far as the database knows
    errors: list[BaseException] = []

    def work(store: Store, secret: str) -> None:
        try:
            for n in range(15):
                store.save_draft(secret, "thought_record", {"situation": f"draft {n}"})
                store.clients(CLI)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(store, link.secret))
        for store, link in zip((first, second), links, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {
        second.open_assignment(link.secret).drafts["thought_record"]["situation"] for link in links
    } == {"draft 14"}
    first.close()
    second.close()


def test_demo_answers_fit_every_worksheet() -> None:
    import random

    from toolkit.exercises import Worksheet, catalog
    from toolkit.exercises.responses import problems
    from toolkit.store.demo import generic_answers

    rng = random.Random(1)
    assert generic_answers("no_such_sheet", rng, dt.date(2025, 1, 1)) is None
    assert generic_answers("phq9", rng, dt.date(2025, 1, 1)) is None
    for exercise in catalog().values():
        if isinstance(exercise, Worksheet):
            answers = generic_answers(exercise.id, rng, dt.date(2025, 1, 1))
            if answers is not None:
                assert problems(exercise, answers) == {}


def test_a_stale_page_of_an_expired_occurrence_says_expired(
    store: Store, alice: Therapist, clock: Clock
) -> None:
    link = store.assign(alice, "C1", ["phq9"], every_days=7)
    stale = store.open_assignment(link.secret)
    clock.advance(days=9)
    with pytest.raises(LinkInvalid) as caught:
        store.save_draft(stale, "phq9", {"item1": 1})
    assert caught.value.reason == "expired"
    with pytest.raises(InvalidInput, match="long past"):
        store.assign(alice, "C1", ["phq9"], due=clock.now.date() - dt.timedelta(days=60))


def test_crisis_language_in_a_draft_alerts_at_once_with_fields_and_tier(
    store: Store, alice: Therapist
) -> None:
    link = store.assign(alice, "C1", ["thought_record"])
    answers = thought_record()
    answers["situation"] = "I just want to disappear"
    store.save_draft(link.secret, "thought_record", answers)
    (alert,) = store.alerts(alice)
    assert alert.kind == "crisis_language"
    found = parse_crisis_detail(alert.detail)
    assert found == {
        "exercise": "thought_record",
        "fields": ["situation"],
        "tier": "check",
        "source": "draft",
    }
    assert "disappear" not in alert.detail
    # the same draft saved again raises nothing new ...
    store.save_draft(link.secret, "thought_record", answers)
    assert len(store.alerts(alice)) == 1
    # ... a "Yes" to the check question raises the crisis tier at once ...
    extra = {"crisis_check": {"tier": "check", "check_answer": "yes"}}
    store.save_draft(link.secret, "thought_record", answers, extra)
    tiers = sorted(parse_crisis_detail(a.detail)["tier"] for a in store.alerts(alice))
    assert tiers == ["check", "crisis"]
    # ... and the submission points the draft's alert at the record instead of adding one
    receipt = store.submit(link.secret, "thought_record", answers, extra)
    assert receipt.crisis
    alerts = store.alerts(alice)
    assert len(alerts) == 2
    assert receipt.response_id in {a.response_id for a in alerts}
