"""Analysis frames (toolkit.store.frames) on a real SQLite store."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from toolkit.store import CLI, NotFound, Store, open_store  # noqa: E402
from toolkit.store.demo import _thought_record  # noqa: E402
from toolkit.store.frames import (  # noqa: E402
    INSTALL_HINT,
    activity_frame,
    items_frame,
    scores_frame,
    traps_frame,
)

PASSWORD = "correct horse battery"
PHQ_FIRST = [3, 3, 2, 2, 2, 1, 1, 1, 0]  # 15, moderately severe
PHQ_LATER = [1, 1, 1, 0, 1, 0, 0, 0, 1]  # 5, mild; item 9 answered
GAD = [2, 2, 1, 1, 1, 0, 0]  # 7, mild
ACTIVITIES = {
    "activities": [
        {"day": "mon", "time": "09:00", "activity": "Walk", "mastery": 4, "pleasure": 7},
        {"day": "tue", "time": "18:30", "activity": "Cooked dinner", "mastery": 6, "pleasure": 5},
    ],
    "lifted": "Being outside",
    "lowered": "Staying in bed",
    "try_more": "Walks",
}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the analysis frames")
    opened = open_store(f"sqlite:///{tmp_path / 'frames.sqlite3'}")
    for name in ("alice", "bob"):
        opened.add_therapist(name, PASSWORD)
    for code, owner in (("C1", "alice"), ("C2", "alice"), ("B1", "bob")):
        opened.add_client(CLI, code, therapist=owner)
    link = opened.assign(CLI, "C1", ["phq9", "gad7"])
    opened.submit(link.secret, "phq9", PHQ_FIRST)
    opened.submit(link.secret, "gad7", GAD)
    opened.submit(opened.assign(CLI, "C1", ["phq9"]).secret, "phq9", PHQ_LATER)
    answers, extra = _thought_record(random.Random(3))
    extra["ai_suggestions"]["traps_shown"] = ["fortune_telling", "catastrophizing"]
    extra["ai_suggestions"]["traps_chosen"] = ["fortune_telling", "labeling"]
    opened.submit(
        opened.assign(CLI, "C1", ["thought_record"]).secret, "thought_record", answers, extra
    )
    opened.submit(opened.assign(CLI, "C1", ["activity_log"]).secret, "activity_log", ACTIVITIES)
    opened.submit(opened.assign(CLI, "C2", ["gad7"]).secret, "gad7", [0] * 7)
    opened.submit(opened.assign(CLI, "B1", ["phq9"]).secret, "phq9", [1] * 9)
    return opened


def test_scores_frame_one_row_per_scored_submission(store: Store) -> None:
    alice = store.therapist("alice")
    frame = scores_frame(store, alice)
    assert list(frame.columns) == [
        "client",
        "measure",
        "submitted_at",
        "total",
        "band",
        "alerts",
        "response_id",
        "assignment_id",
    ]
    assert frame[["client", "measure", "total"]].values.tolist() == [
        ["C1", "phq9", 15],
        ["C1", "gad7", 7],
        ["C1", "phq9", 5],
        ["C2", "gad7", 0],
    ]
    assert frame["band"].tolist() == ["moderately severe", "mild", "mild", "minimal"]
    assert frame["alerts"].tolist()[2] == ("phq9_item9",)
    assert str(frame["submitted_at"].dt.tz) == "UTC"
    assert "B1" not in set(frame["client"])  # bob's client
    assert len(scores_frame(store, CLI)) == 5
    only = scores_frame(store, alice, "C2")
    assert only["client"].tolist() == ["C2"]


def test_items_frame_is_long_form_in_questionnaire_order(store: Store) -> None:
    frame = items_frame(store, store.therapist("alice"), "C1")
    phq = frame[frame["measure"] == "phq9"]
    assert len(phq) == 18
    assert len(frame) == 18 + 7
    first = phq[phq["response_id"] == phq["response_id"].min()]
    assert first["value"].tolist() == PHQ_FIRST
    assert first["position"].tolist() == list(range(1, 10))
    assert first["item"].tolist()[:2] == ["item1", "item2"]
    assert first["text"].str.len().min() > 5
    heat = phq.pivot(index="position", columns="submitted_at", values="value")
    assert heat.shape == (9, 2)
    assert heat.iloc[8].tolist() == [0, 1]


def test_traps_frame_marks_shown_and_chosen(store: Store) -> None:
    frame = traps_frame(store, store.therapist("alice"))
    assert frame[["trap", "shown", "chosen"]].values.tolist() == [
        ["fortune_telling", True, True],
        ["catastrophizing", True, False],
        ["labeling", False, True],
    ]
    assert set(frame["client"]) == {"C1"}
    assert set(frame["exercise"]) == {"thought_record"}
    assert frame["name"].str.len().min() > 0
    assert traps_frame(store, store.therapist("alice"), "C2").empty


def test_activity_frame_rows(store: Store) -> None:
    frame = activity_frame(store, CLI)
    assert frame[["activity", "mastery", "pleasure"]].values.tolist() == [
        ["Walk", 4.0, 7.0],
        ["Cooked dinner", 6.0, 5.0],
    ]
    assert frame["day"].tolist() == ["mon", "tue"]


def test_frames_respect_ownership_and_audit(store: Store) -> None:
    bob = store.therapist("bob")
    with pytest.raises(NotFound):  # Alice's "C1" is not among Bob's clients
        scores_frame(store, bob, "C1")
    assert scores_frame(store, bob)["client"].tolist() == ["B1"]
    reads = [e for e in store.audit_log(limit=5) if e.actor == "therapist:bob"]
    assert any(e.action == "read_timeline" for e in reads)


def test_empty_frames_keep_their_columns(store: Store) -> None:
    store.add_therapist("carol", PASSWORD)
    carol = store.therapist("carol")
    for make in (scores_frame, items_frame, traps_frame, activity_frame):
        frame = make(store, carol)
        assert frame.empty
        assert len(frame.columns) >= 7


def test_without_pandas_the_error_says_what_to_install(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"cbt-toolkit\[analysis\]"):
        scores_frame(store, CLI)
    assert "pip install" in INSTALL_HINT


def test_the_operator_frame_reads_each_therapists_own_c1(store: Store) -> None:
    """Two therapists may each have a "C1" (codes are unique per therapist): the command line's
    frames read both, each as its own therapist's client."""
    store.add_client(CLI, "C1", therapist="bob")
    bobs = store.assign(CLI.scoped("bob"), "C1", ["gad7"])
    store.submit(bobs.secret, "gad7", [3] * 7)
    frame = scores_frame(store, CLI)
    c1 = frame[frame["client"] == "C1"]
    assert sorted(zip(c1["measure"], c1["total"], strict=True)) == [
        ("gad7", 7),
        ("gad7", 21),
        ("phq9", 5),
        ("phq9", 15),
    ]
    assert scores_frame(store, store.therapist("bob"), "C1")["total"].tolist() == [21]
