"""Fair login throttling (OWASP authentication guidance): per name *and* address, progressive
delays instead of locking the right password out, and no difference between real and unknown
names. A real SQLite store; the delay is recorded instead of slept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from test_store_support import Clock

from toolkit.config import CLIENT_ADDRESS_ENV
from toolkit.store import InvalidInput, LoginFailed, LoginThrottled, Store, open_store
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"


class CountingHasher(PasswordHasher):
    """A cheap real argon2 hasher that counts how many hashes it checked."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.checks = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.checks += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher() -> CountingHasher:
    return CountingHasher()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def delays() -> list[float]:
    return []


@pytest.fixture
def store(
    tmp_path: Path, clock: Clock, hasher: CountingHasher, delays: list[float]
) -> Iterator[Store]:
    opened = open_store(
        f"sqlite:///{tmp_path / 'throttle.sqlite3'}",
        secret_key="throttle test key",
        password_hasher=hasher,
        clock=clock,
    )
    opened.sleep = delays.append
    opened.add_therapist("alice", PASSWORD)
    yield opened
    opened.close()


def outcome(store: Store, name: str, password: str, address: str) -> str:
    """What a person trying to log in would see: the kind of answer and its message."""
    try:
        store.login(name, password, address=address)
    except LoginThrottled as wait:
        return f"throttled: {wait}"
    except LoginFailed as failed:
        return f"failed: {failed}"
    return "ok"


def test_strangers_wrong_passwords_do_not_lock_the_right_one_out_from_another_address(
    store: Store, delays: list[float]
) -> None:
    for _ in range(12):
        outcome(store, "alice", "guess guess", "203.0.113.66")
    assert outcome(store, "alice", PASSWORD, "203.0.113.66").startswith("throttled")
    # the therapist, from her own address: let in, after a short progressive delay
    assert outcome(store, "alice", PASSWORD, "198.51.100.7") == "ok"
    assert delays
    assert 0 < delays[-1] <= store.login_delay_max


def test_the_delay_grows_with_each_wrong_password_and_stays_bounded(
    store: Store, delays: list[float]
) -> None:
    for i in range(30):  # each from a new address: no pair or address lock applies
        outcome(store, "alice", "guess guess", f"192.0.2.{i}")
    assert delays == sorted(delays)
    assert delays[1] == pytest.approx(2 * delays[0])
    assert max(delays) == store.login_delay_max


def test_one_address_cannot_try_many_names(store: Store) -> None:
    answers = [outcome(store, f"user{i}", "guess guess", "203.0.113.9") for i in range(21)]
    assert all(a.startswith("failed") for a in answers[:20])
    assert answers[20].startswith("throttled")
    assert outcome(store, "alice", PASSWORD, "203.0.113.9").startswith("throttled")
    assert outcome(store, "alice", PASSWORD, "203.0.113.10") == "ok"


def test_real_and_unknown_names_get_the_same_answers_and_the_same_work(
    store: Store, hasher: CountingHasher
) -> None:
    def run(name: str) -> tuple[list[str], int]:
        before = hasher.checks
        seen = [outcome(store, name, "guess guess", "198.51.100.20") for _ in range(7)]
        return seen, hasher.checks - before

    real, real_checks = run("alice")
    unknown, unknown_checks = run("nobody-here")
    assert real == unknown
    assert real[-1].startswith("throttled")
    # a hash is checked on every try, throttled or not, real name or not
    assert real_checks == unknown_checks == 7


def test_the_page_throttles_per_visitor_address(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def attempt(address: str, password: str) -> TherapistPage:
        monkeypatch.setenv(CLIENT_ADDRESS_ENV, address)
        page = TherapistPage(store)
        page.username.value, page.password.value = "alice", password
        page.login_button.click()
        return page

    for _ in range(6):
        attempt("203.0.113.5", "guess guess")
    assert "Please wait" in attempt("203.0.113.5", PASSWORD).messages.value
    assert attempt("198.51.100.30", PASSWORD).token


def test_class_creation_is_rate_limited(store: Store, clock: Any) -> None:
    store.class_rate = 3
    for i in range(3):
        store.create_class(f"Seminar {i}")
    with pytest.raises(InvalidInput, match="try again later"):
        store.create_class("One too many")
    clock.advance(seconds=3601)
    assert store.create_class("Next hour").name == "Next hour"
