"""The store scores questionnaires with everything the client gave (AUDIT-C sex, skips)."""

from __future__ import annotations

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
