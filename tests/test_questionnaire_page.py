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


def test_auditc_never_skips_questions_2_and_3() -> None:
    # Babor et al. 2001 (WHO AUDIT manual): "Never" on question 1 skips questions 2 and 3.
    page = page_for("auditc")
    page.radios["item2"].value = 2
    page.radios["item1"].value = 0
    assert page.radios["item2"].disabled
    assert page.radios["item3"].disabled
    assert page.radios["item2"].value is None
    assert page.sex is not None
    page.sex.value = "female"
    page.submit.click()
    assert page.messages.value == ""
    assert page.result is not None
    assert (page.result.total, page.result.positive) == (0, False)
    page2 = page_for("auditc")
    page2.radios["item1"].value = 1
    assert not page2.radios["item2"].disabled
    page2.submit.click()
    assert "question 2, 3" in page2.messages.value


def test_phq9_result_does_not_reassure_beside_an_endorsed_item9() -> None:
    # Kroenke et al. 2001: item 9 needs follow-up whatever the total.
    page = page_for("phq9")
    for item in page.spec.scored_items:
        page.radios[item.id].value = 0
    page.radios["item9"].value = 3
    page.submit.click()
    html = page.outcome.children[-2].value
    assert "3 out of 27" in html
    assert "few or no signs" not in html
    assert "talk it through with your therapist" in html


def test_who5_result_shows_the_item_rule() -> None:
    # WHO-5 scoring notes: any single item at 0 or 1 suggests a closer look at mood.
    page = page_for("who5")
    for item, value in zip(page.spec.items, [5, 5, 5, 5, 0], strict=True):
        page.radios[item.id].value = value
    page.submit.click()
    html = page.outcome.children[-2].value
    assert "80 %" in html
    assert "check your mood" in html


def test_auditc_skipped_questions_say_why() -> None:
    page = page_for("auditc")
    page.radios["item1"].value = 0
    assert "Not needed after “Never” to question 1" in page.skip_notes["item2"].value
    page.radios["item1"].value = 2
    assert page.skip_notes["item2"].value == ""
    assert not page.radios["item3"].disabled
