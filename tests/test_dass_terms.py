"""DASS-21 terms of use: unmodified, for health professionals and researchers
(https://www2.psy.unsw.edu.au/dass/). Out of the public playground; labelled for therapists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from toolkit.exercises import Questionnaire, load_exercise
from toolkit.store import Store, open_store
from toolkit.ui.learn import LearnPage
from toolkit.ui.therapist import TherapistPage

PASSWORD = "correct horse battery"


def _find(widget: Any, kind: type, description: str) -> Any:
    if isinstance(widget, kind) and getattr(widget, "description", None) == description:
        return widget
    for child in getattr(widget, "children", ()):
        hit = _find(child, kind, description)
        if hit is not None:
            return hit
    return None


def test_the_dass21_file_cites_its_terms_and_is_clinician_administered() -> None:
    spec = load_exercise("dass21")
    assert isinstance(spec, Questionnaire)
    assert spec.administration == "clinician"
    assert "www2.psy.unsw.edu.au/dass" in spec.licence
    assert "health professionals and researchers" in spec.licence


def test_the_public_playground_leaves_out_clinician_administered_measures() -> None:
    page = LearnPage(seed=1)
    page.show("Questionnaires")
    assert "dass21" not in page.measures.measures
    assert "dass21" not in [value for _label, value in page.measures.measure_pick.options]
    assert "phq9" in page.measures.measures


@pytest.fixture
def therapist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TherapistPage]:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the DASS terms")
    store: Store = open_store(f"sqlite:///{tmp_path / 'dass.sqlite3'}")
    store.add_therapist("alice", PASSWORD)
    page = TherapistPage(store)
    page.username.value = "alice"
    page.password.value = PASSWORD
    page.login_button.click()
    page._on_add_client("C-9", "")
    yield page
    store.close()


def test_a_therapist_sees_dass21_as_for_clinician_supervised_use(
    therapist: TherapistPage,
) -> None:
    therapist._show_client("C-9")
    labels = {value: tick.description for value, tick in therapist.picker.ticks.items()}
    assert labels["dass21"] == "DASS-21 (for clinician-supervised use)"
    assert labels["phq9"] == "PHQ-9"
    therapist._on_assign("C-9", ["dass21"], None, 0, "")
    assert "DASS-21 is for clinician-supervised use" in therapist.messages.value
    therapist._on_assign("C-9", ["phq9"], None, 0, "")
    assert "clinician-supervised" not in therapist.messages.value


def test_practice_mode_does_not_open_clinician_supervised_measures() -> None:
    from toolkit.app import client_app

    def text(widget: Any) -> str:
        found = [str(getattr(widget, "value", ""))]
        for child in getattr(widget, "children", ()):
            found.append(text(child))
        return "\n".join(found)

    shown = text(client_app("exercise=dass21"))
    assert "filled in with your therapist" in shown
    assert "DASS-21 is for clinician-supervised use" in shown
    assert "I felt that life was meaningless" not in shown
    assert "Patient Health Questionnaire (PHQ-9)" in text(client_app("exercise=phq9"))
