"""The therapist's progress view: NHS Talking Therapies wording and reliable-change markers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from toolkit.store import Store, open_store
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Store, TherapistPage]]:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the progress view")
    store = open_store(f"sqlite:///{tmp_path / 'progress.sqlite3'}")
    store.add_therapist("alice", PASSWORD)
    therapist = TherapistPage(store)
    therapist.username.value = "alice"
    therapist.password.value = PASSWORD
    therapist.login_button.click()
    therapist._on_add_client("C-1", "")
    yield store, therapist
    store.close()


def _submit(store: Store, page: TherapistPage, measure: str, answers: list[int]) -> None:
    link = store.assign(store.session(page.token), "C-1", [measure])
    store.submit(link.secret, measure, answers)


def _texts(widget: Any) -> str:
    found = [str(getattr(widget, "value", ""))]
    for child in getattr(widget, "children", ()):
        found.append(_texts(child))
    return "\n".join(found)


def _figures(widget: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(widget, w.Output):
        for output in widget.outputs:
            data = output.get("data", {}).get("application/vnd.plotly.v1+json")
            if data is not None:
                found.append(json.loads(data) if isinstance(data, str) else data)
    for child in getattr(widget, "children", ()):
        found.extend(_figures(child))
    return found


def _titled(figures: list[dict[str, Any]], words: str) -> dict[str, Any]:
    for figure in figures:
        title = figure["layout"].get("title", {})
        if words in (title.get("text", "") if isinstance(title, dict) else str(title)):
            return figure
    raise AssertionError(f"no figure titled {words!r}")


def _answers(total: int, items: int, top: int) -> list[int]:
    values = [0] * items
    for index in range(items):
        values[index] = min(top, total)
        total -= values[index]
    return values


def test_recovery_reads_not_applicable_for_a_client_who_was_not_a_case(
    page: tuple[Store, TherapistPage],
) -> None:
    # NHS Talking Therapies Manual: recovery is counted only for cases (PHQ-9 ≥ 10 or GAD-7 ≥ 8).
    store, therapist = page
    _submit(store, therapist, "phq9", _answers(7, 9, 3))
    _submit(store, therapist, "gad7", _answers(6, 7, 3))
    _submit(store, therapist, "phq9", _answers(3, 9, 3))
    _submit(store, therapist, "gad7", _answers(2, 7, 3))
    therapist._show_client("C-1")
    shown = _texts(therapist.main)
    assert "Recovery: <strong>not applicable</strong>" in shown
    assert "Reliable recovery: <strong>not applicable</strong>" in shown
    assert "Recovery: <strong>no</strong>" not in shown


def test_dass21_subscales_are_charted_with_reliable_change_markers(
    page: tuple[Store, TherapistPage],
) -> None:
    # Henry & Crawford 2005 SDs and alphas: depression needs a change of 8 (× 2 scale).
    store, therapist = page
    first = [0] * 21
    for item in (3, 5, 10, 13, 16, 17, 21):  # depression items at 2: subscale 28
        first[item - 1] = 2
    later = list(first)
    for item in (3, 5, 10, 13):  # four items down to 0: depression 12, a drop of 16
        later[item - 1] = 0
    _submit(store, therapist, "dass21", first)
    _submit(store, therapist, "dass21", later)
    therapist._show_client("C-1")
    figures = _figures(therapist.main)
    depression = _titled(figures, "DASS-21 depression over time")
    assert "Reliable improvement" in [trace.get("name") for trace in depression["data"]]
    stress = _titled(figures, "DASS-21 stress over time")
    assert "Reliable improvement" not in [trace.get("name") for trace in stress["data"]]
    assert "DASS-21 depression markers: reliable change is the reliable change index" in (
        _texts(therapist.main)
    )


@pytest.mark.parametrize(
    ("measure", "items", "top", "before", "after"),
    [("gad7", 7, 3, 15, 8), ("who5", 5, 5, 8, 14), ("pcl5", 20, 4, 50, 30)],
)
def test_measures_with_a_reliable_change_rule_get_markers(
    page: tuple[Store, TherapistPage], measure: str, items: int, top: int, before: int, after: int
) -> None:
    store, therapist = page
    _submit(store, therapist, measure, _answers(before, items, top))
    _submit(store, therapist, measure, _answers(after, items, top))
    therapist._show_client("C-1")
    figures = _figures(therapist.main)
    names = [trace.get("name") for figure in figures for trace in figure["data"]]
    assert "Reliable improvement" in names
    assert "markers: reliable change is" in _texts(therapist.main)
