"""The store scores questionnaires with everything the client gave (AUDIT-C sex, skips)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, PASSWORD, fresh_database, make_store

from toolkit.store import CLI, Store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with fresh_database(request.param, tmp_path) as url:
        opened = make_store(url, tmp_path)
        opened.add_therapist("alice", PASSWORD)
        opened.add_client(CLI, "C1", therapist="alice")
        yield opened
        opened.close()


def _stored_score(store: Store) -> dict[str, object]:
    responses = store.export_client(CLI, "C1")["responses"]
    (response,) = [r for r in responses if r["kind"] == "submission"]
    score = response["score"]
    assert isinstance(score, dict)
    return score


@pytest.mark.parametrize(
    ("sex", "positive"),
    [("female", True), ("male", False), (None, None)],
)
def test_auditc_positive_screen_is_stored_with_the_sex_given(
    store: Store, sex: str | None, positive: bool | None
) -> None:
    # Bradley et al. 2007: AUDIT-C ≥ 3 is positive for women, ≥ 4 for men.
    link = store.assign(CLI, "C1", ["auditc"])
    store.submit(link.secret, "auditc", [1, 1, 1], extra={"sex": sex} if sex else None)
    stored = _stored_score(store)
    assert stored["total"] == 3
    assert stored["positive"] is positive


def test_a_never_drinker_can_submit_the_auditc(store: Store) -> None:
    # Babor et al. 2001: "Never" on question 1 skips questions 2 and 3 (scored 0).
    link = store.assign(CLI, "C1", ["auditc"])
    receipt = store.submit(link.secret, "auditc", [0, None, None], extra={"sex": "male"})
    assert receipt.total == 0
    stored = _stored_score(store)
    assert (stored["positive"], stored["skipped"]) == (False, ["item2", "item3"])


PRORATED_MEASURE = """\
schema_version: 1
id: prorated_test
kind: questionnaire
title: Prorated test scale
short_title: PT
summary: A test scale whose (made-up) manual allows one blank.
instructions: Answer each item.
options:
  - {value: 0, label: "No"}
  - {value: 1, label: Some}
  - {value: 2, label: "Yes"}
items:
  - {id: item1, text: One}
  - {id: item2, text: Two}
  - {id: item3, text: Three}
  - {id: item4, text: Four}
scoring:
  missing: {allowed: 1, method: prorate, source: "test fixture"}
licence: Ours.
citation: Ours.
"""


@pytest.fixture
def with_prorated_measure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped exercises plus one measure whose file allows one prorated blank."""
    import shutil

    from toolkit.exercises import catalog
    from toolkit.paths import exercises_dir

    folder = tmp_path / "exercises"
    shutil.copytree(exercises_dir(), folder)
    (folder / "measures" / "prorated_test.yaml").write_text(PRORATED_MEASURE, encoding="utf-8")
    monkeypatch.setenv("CBT_EXERCISES_DIR", str(folder))
    catalog.cache_clear()
    yield
    monkeypatch.delenv("CBT_EXERCISES_DIR")
    catalog.cache_clear()


@pytest.mark.usefixtures("with_prorated_measure")
def test_a_prorated_total_is_stored_and_exported_as_prorated(store: Store) -> None:
    from toolkit.store.exports import client_csv, client_fhir

    link = store.assign(CLI, "C1", ["prorated_test"])
    receipt = store.submit(link.secret, "prorated_test", [2, 1, None, 2])
    assert receipt.total == 7  # 5 over 3 items, scaled to 4 items: 6.67 → 7
    stored = _stored_score(store)
    assert stored["prorated_items"] == ["item3"]
    data = store.export_client(CLI, "C1")
    rows = list(csv.reader(io.StringIO(client_csv(data))))
    assert any(row[-2:] == ["score.prorated_items", "item3"] for row in rows)
    bundle = client_fhir(data)
    notes = [
        note["text"]
        for entry in bundle["entry"]
        for note in entry["resource"].get("note", [])
        if entry["resource"]["resourceType"] == "Observation"
    ]
    assert any("Prorated total: item3 left blank" in text for text in notes)


def test_a_complete_answer_set_stores_no_prorated_items(store: Store) -> None:
    link = store.assign(CLI, "C1", ["gad7"])
    store.submit(link.secret, "gad7", [1, 1, 1, 1, 1, 1, 1])
    assert _stored_score(store)["prorated_items"] == []
