"""Faults: a writer killed with SIGKILL mid-work, and a database that briefly goes away.

The kill test runs a real driver process (``tests/helpers_faults.py``) that saves drafts and
submits thought records through the real ``Store`` on a real SQLite file (and PostgreSQL when
``CBT_TEST_POSTGRES_URL`` is set), acknowledging each call on stdout after it returned; the
test kills it at random moments and checks the database after every kill.
``benchmarks/bench_faults.py`` runs the same harness 100 times.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers_faults import (
    Acks,
    check_round,
    final_answers,
    kill_round,
    open_fault_store,
    relayed,
    run_kills,
)
from helpers_widgets import page_text
from test_store_support import BACKENDS, fresh_database

from toolkit.store import CLI, Store, open_store
from toolkit.ui.assignment_page import AssignmentPage

KILLS = 8
NOT_SAVED = "Not saved yet"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


# -- SIGKILL at random moments -----------------------------------------------------------------


def test_sigkill_at_random_moments_loses_no_acknowledged_save(db_url: str) -> None:
    results = run_kills(db_url, KILLS, seed=20250303, links_per_round=12)
    assert len(results) == KILLS
    assert [r.problems for r in results] == [[] for _ in results]
    assert [r.lost for r in results] == [[] for _ in results]
    # the kills landed mid-work (the driver never got to the end of its links)
    assert not any(r.finished for r in results)
    assert sum(r.acked for r in results) > 0


def test_the_checker_notices_a_lost_or_altered_save(tmp_path: Path) -> None:
    """The consistency check is not vacuous: a save that is not there, or not what was sent,
    is reported."""
    import random

    url = f"sqlite:///{tmp_path / 'checker.sqlite3'}"
    store = open_fault_store(url)
    try:
        result = kill_round(store, url, 0, random.Random(7))
        assert result.consistent
        code = "K0"
        submitted = next(
            r for r in store.export_client(CLI, code)["responses"] if r["kind"] == "submission"
        )
        links = {n: a["id"] for n, a in enumerate(store.export_client(CLI, code)["assignments"])}
        link = next(n for n, a in links.items() if a == submitted["assignment_id"])
        fake = Acks(submits={10**9: link})
        assert check_round(store, url, code, links, fake).lost == [
            f"submission {link} (response {10**9})"
        ]
        wrong = Acks(submits={submitted["id"]: (link + 1) % len(links)})
        assert check_round(store, url, code, links, wrong).problems
        assert submitted["answers"] == final_answers(link)
    finally:
        store.close()


# -- the database goes away for a while ---------------------------------------------------------


@dataclass
class Outage:
    """A store whose database can be taken away and brought back."""

    store: Store
    down: Callable[[], None]
    up: Callable[[], None]


@contextlib.contextmanager
def outage_store(backend: str, tmp_path: Path) -> Iterator[Outage]:
    """SQLite: the file (with its WAL) is moved away and a folder put in its place, after the
    pool's connections are closed — the engine cannot open it. PostgreSQL: the store talks to
    the server through a loopback relay that drops every connection and refuses new ones."""
    with fresh_database(backend, tmp_path) as url:
        if backend == "sqlite":
            path = tmp_path / "store.sqlite3"
            store = open_store(url, secret_key="outage test key")
            moved = [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]

            def down() -> None:
                store.engine.dispose()
                for file in moved:
                    if file.exists():
                        file.rename(f"{file}.away")
                path.mkdir()

            def up() -> None:
                path.rmdir()
                for file in moved:
                    away = Path(f"{file}.away")
                    if away.exists():
                        away.rename(file)

            try:
                yield Outage(store, down, up)
            finally:
                store.close()
            return
        with relayed(url) as (via, relay):
            store = open_store(via, secret_key="outage test key")
            try:
                yield Outage(store, relay.down, relay.up)
            finally:
                relay.up()
                store.close()


@pytest.fixture(params=BACKENDS)
def outage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Outage]:
    with outage_store(request.param, tmp_path) as made:
        yield made


def assigned(store: Store, exercises: list[str]) -> str:
    store.add_therapist("alice", "correct horse battery")
    store.add_client(CLI, "C1", therapist="alice")
    return store.assign(CLI, "C1", exercises).secret


def stored_draft(store: Store, secret: str, exercise: str) -> Any:
    return store.open_assignment(secret).drafts.get(exercise)


def test_autosave_during_an_outage_keeps_the_answers_and_saves_later(outage: Outage) -> None:
    store = outage.store
    secret = assigned(store, ["thought_record"])
    page = AssignmentPage(store, store.open_assignment(secret))
    views = page.current.form.views  # type: ignore[union-attr]
    views["situation"].value = "Before the outage"
    assert "Draft saved" in page.status.value

    outage.down()
    views["situation"].value = "Typed while the database was away"
    views["evidence_for"].value = "Still typing, still away"
    assert NOT_SAVED in page.status.value
    assert views["situation"].value == "Typed while the database was away"
    assert views["evidence_for"].value == "Still typing, still away"

    outage.up()
    views["evidence_against"].value = "Back again"
    assert "Draft saved" in page.status.value
    draft = stored_draft(store, secret, "thought_record")
    assert draft["situation"] == "Typed while the database was away"
    assert draft["evidence_for"] == "Still typing, still away"
    assert draft["evidence_against"] == "Back again"


def test_the_retry_saves_by_itself_once_the_database_is_back(outage: Outage) -> None:
    """With an event loop running (as in the kernel), a failed autosave schedules a retry that
    stores the draft after the database returns, with no further typing."""
    store = outage.store
    secret = assigned(store, ["thought_record"])

    async def journey() -> None:
        page = AssignmentPage(store, store.open_assignment(secret))
        page._autosave.delay = 0.01
        page._retry.delay = 0.05
        views = page.current.form.views  # type: ignore[union-attr]
        outage.down()
        views["situation"].value = "Written during the outage"
        await until(lambda: NOT_SAVED in page.status.value)
        outage.up()
        await until(lambda: "Draft saved" in page.status.value)
        assert views["situation"].value == "Written during the outage"

    asyncio.run(journey())
    assert stored_draft(store, secret, "thought_record")["situation"] == (
        "Written during the outage"
    )


def test_submit_during_an_outage_keeps_everything_and_works_after(outage: Outage) -> None:
    store = outage.store
    secret = assigned(store, ["thought_record"])
    page = AssignmentPage(store, store.open_assignment(secret))
    sheet = page.current
    assert sheet is not None
    sheet.form.answers = final_answers(3)  # type: ignore[union-attr]
    sheet.form._show(len(sheet.form.sheet.steps) - 1)  # type: ignore[union-attr]
    outage.down()
    sheet.submit.click()
    assert "could not send your answers" in sheet.messages.value
    assert sheet.form.answers["evidence_for"] == final_answers(3)["evidence_for"]  # type: ignore[union-attr]
    outage.up()
    sheet.submit.click()
    assert "Submitted — thank you" in page_text(page.widget)
    timeline = store.timeline(CLI, "C1")
    assert [r.answers["evidence_for"] for r in timeline] == [final_answers(3)["evidence_for"]]


async def until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait (in the event loop) until ``condition()`` holds; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            pytest.fail("the page did not reach the expected state")
        await asyncio.sleep(0.02)
