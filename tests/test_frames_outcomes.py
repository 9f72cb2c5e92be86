"""The NHS Talking Therapies outcome frame (toolkit.store.frames.outcomes_frame)."""

from __future__ import annotations

from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from toolkit.store import CLI, Store, open_store  # noqa: E402
from toolkit.store.frames import OUTCOME_COLUMNS, outcomes_frame  # noqa: E402

PASSWORD = "correct horse battery"


def _answers(total: int, items: int) -> list[int]:
    values = []
    for _ in range(items):
        values.append(min(3, total))
        total -= values[-1]
    return values


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the outcome frame")
    opened = open_store(f"sqlite:///{tmp_path / 'outcomes.sqlite3'}")
    opened.add_therapist("alice", PASSWORD)
    # C1 is a case at the start (PHQ-9 16) and recovers; C2 never was a case (PHQ-9 7, GAD-7 6)
    for code, phq9, gad7 in (("C1", (16, 7), (12, 5)), ("C2", (7, 3), (6, 2)), ("C3", (12,), (9,))):
        opened.add_client(CLI, code, therapist="alice")
        for phq, gad in zip(phq9, gad7, strict=True):
            link = opened.assign(CLI, code, ["phq9", "gad7"])
            opened.submit(link.secret, "phq9", _answers(phq, 9))
            opened.submit(link.secret, "gad7", _answers(gad, 7))
    return opened


def test_recovery_is_not_applicable_for_a_client_who_was_not_a_case(store: Store) -> None:
    # NHS Talking Therapies Manual: recovery is defined only for cases at the start.
    frame = outcomes_frame(store, CLI)
    assert list(frame.columns) == list(OUTCOME_COLUMNS)
    assert list(frame["client"]) == ["C1", "C2"]  # C3 has one score of each only
    rows = frame.set_index("client").to_dict("index")
    assert (rows["C1"]["case_at_start"], rows["C1"]["recovery"]) == (True, "yes")
    assert rows["C1"]["reliable_recovery"] == "yes"
    assert (rows["C2"]["case_at_start"], rows["C2"]["recovery"]) == (False, "not applicable")
    assert rows["C2"]["reliable_recovery"] == "not applicable"
    assert (rows["C2"]["phq9_first"], rows["C2"]["anxiety_latest"]) == (7, 2)
    assert list(outcomes_frame(store, CLI, "C2")["client"]) == ["C2"]
