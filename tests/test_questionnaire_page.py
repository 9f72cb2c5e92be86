"""Questionnaires on the client page, driven through their widgets (no browser)."""

from __future__ import annotations

import pytest

from toolkit.exercises import Questionnaire, load_exercise
from toolkit.exercises.questionnaire import Questionnaire as QuestionnaireModel
from toolkit.scoring import score
from toolkit.ui.questionnaire_page import QuestionnairePage

MEASURES = ["phq9", "phq2", "gad7", "gad2", "who5", "pcl5", "phq15", "k10", "auditc", "dass21"]


def page_for(measure: str) -> QuestionnairePage:
    spec = load_exercise(measure)
    assert isinstance(spec, QuestionnaireModel)
    return QuestionnairePage(spec)


def answer_all(page: QuestionnairePage, pick: int = 1) -> None:
    for item in page.spec.items:
        options = page.spec.options_for(item)
        page.radios[item.id].value = options[min(pick, len(options) - 1)].value


@pytest.mark.parametrize("measure", MEASURES)
def test_every_measure_renders_scores_and_explains(measure: str) -> None:
    page = page_for(measure)
    assert len(page.radios) == len(page.spec.items)
    answer_all(page)
    if page.sex is not None:
        page.sex.value = "female"
    page.submit.click()
    assert page.messages.value == ""
    expected = score(measure, page.answers, sex="female" if page.sex is not None else None)
    assert page.result == expected
    html = page.outcome.children[0].value
    shown = f"{expected.percent} %" if expected.percent is not None else f"{expected.total} out of"
    assert shown in html


def test_missing_answers_are_named() -> None:
    page = page_for("gad7")
    page.radios["item1"].value = 0
    page.submit.click()
    assert "question 2, 3, 4, 5, 6, 7" in page.messages.value
    assert page.result is None


def test_item9_shows_crisis_resources_at_once() -> None:
    page = page_for("phq9")
    assert page.risk.value == ""
    page.radios["item9"].value = 1
    assert "116 123" in page.risk.value
    assert "988" in page.risk.value
    page.radios["item9"].value = 0
    assert page.risk.value == ""


def test_answering_moves_to_the_next_question() -> None:
    page = page_for("gad7")
    assert "cbt-current" in page.cards[0]._dom_classes
    page.radios["item1"].value = 2
    assert page.current == 1
    assert "cbt-current" not in page.cards[0]._dom_classes
    page.back.click()
    assert page.current == 0


def test_gad7_lowest_anchor() -> None:
    spec = load_exercise("gad7")
    assert isinstance(spec, Questionnaire)
    assert page_for("gad7").radios["item1"].options[0][0] == "Not at all"
