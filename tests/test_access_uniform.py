"""Ids are sequential: a page or command that answered "not yours" for another therapist's
object and "not found" for a missing one would tell which ids exist. At the boundaries people
see (the therapist page, the command line) both get the same answer, and nothing changes.
A real SQLite store; the page in plain pytest (its callbacks, no browser)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import FAST_HASHER, PHQ9_ITEM9

from toolkit import cli
from toolkit.store import CLI, NotFound, PermissionDenied, Store, open_store
from toolkit.ui.session import NOT_IN_YOUR_LIST
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"
KEY = "test key for uniform answers"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(
        f"sqlite:///{tmp_path / 'uniform.sqlite3'}", secret_key=KEY, password_hasher=FAST_HASHER
    )
    for name in ("alice", "bob"):
        opened.add_therapist(name, PASSWORD)
    opened.add_client(CLI, "A-1", therapist="alice")
    opened.add_client(CLI, "B-1", therapist="bob")
    link = opened.assign(CLI.scoped("bob"), "B-1", ["phq9"])
    opened.submit(link.secret, "phq9", PHQ9_ITEM9)  # item 9: an alert on bob's client
    opened.assign(CLI.scoped("bob"), "B-1", ["gad7"])  # an open link of bob's
    yield opened
    opened.close()


def _bobs(store: Store) -> dict[str, object]:
    document = store.export_client(CLI.scoped("bob"), "B-1")
    return {
        "assignments": [(a["id"], a["status"]) for a in document["assignments"]],
        "alerts": [
            (a.id, a.acknowledged)
            for a in store.alerts(CLI.scoped("bob"), include_acknowledged=True)
        ],
    }


def test_the_store_itself_tells_the_two_apart(store: Store) -> None:
    """Why the boundary matters: the store's own answers differ (kept for the operator's log)."""
    alice = store.login("alice", PASSWORD).therapist
    theirs = _bobs(store)["assignments"][0][0]  # type: ignore[index]
    with pytest.raises(PermissionDenied):
        store.revoke(alice, theirs)
    with pytest.raises(NotFound):
        store.revoke(alice, theirs + 1000)


def test_the_therapist_page_answers_alike_for_another_s_and_a_missing_object(
    store: Store,
) -> None:
    page = TherapistPage(store)
    page.username.value, page.password.value = "alice", PASSWORD
    page.login_button.click()
    before = _bobs(store)
    assignment = before["assignments"][-1][0]  # type: ignore[index]
    alert = before["alerts"][0][0]  # type: ignore[index]
    assert before["alerts"][0][1] is False  # type: ignore[index]
    calls = {
        "revoke": page._on_revoke,
        "resend": lambda i: page._on_resend(i, ("gad7",)),
        "acknowledge": page._on_ack,
        "acknowledge all": lambda i: page._on_ack_all([i]),
    }
    for name, call in calls.items():
        answers = []
        for target in (assignment if "ack" not in name else alert, 10_000):
            page.clear_message()
            call(target)
            answers.append(page.messages.value)
        assert answers[0] == answers[1], name
        assert "not in your list" in answers[0], name
        assert "another therapist" not in answers[0], name
    assert NOT_IN_YOUR_LIST.startswith("That is not in your list")
    assert _bobs(store) == before, "nothing of bob's changed"


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(argv)
    return code, capsys.readouterr().err


def test_the_command_line_answers_alike_for_another_s_and_a_missing_client(
    store: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CBT_DATABASE_URL", f"sqlite:///{tmp_path / 'uniform.sqlite3'}")
    monkeypatch.setenv("CBT_SECRET_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", None)
    out = tmp_path / "export.json"
    for command in (
        ["export", "{code}", "--format", "json", "--out", str(out), "--therapist", "alice"],
        ["assign", "{code}", "phq9", "--therapist", "alice"],
        ["report", "{code}", "--out", str(tmp_path / "r.pdf"), "--therapist", "alice"],
    ):
        answers = []
        for code in ("B-1", "Z-9"):
            status, err = _cli([part.replace("{code}", code) for part in command], capsys)
            assert status != 0, command
            answers.append(err.replace(code, "CODE"))
        assert answers[0] == answers[1], command
        assert "another therapist" not in answers[0]
    assert not out.exists()
    assert len(_bobs(store)["assignments"]) == 2, "no link was made for bob's client"  # type: ignore[arg-type]
