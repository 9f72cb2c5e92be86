"""The crisis path through the client and therapist pages: widgets on a real SQLite store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from helpers_widgets import find, page_text
from test_store_support import thought_record

from toolkit.exercises import Questionnaire, Worksheet, load_exercise
from toolkit.store import Store, open_store
from toolkit.store.repository import parse_crisis_detail
from toolkit.ui.assignment_page import AssignmentPage
from toolkit.ui.client_page import WorksheetPage
from toolkit.ui.crisis import crisis_html
from toolkit.ui.questionnaire_page import QuestionnairePage
from toolkit.ui.therapist import crisis_mark

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the crisis path")
    monkeypatch.setenv("CBT_LOCALE", "en-US")
    opened = open_store(f"sqlite:///{tmp_path / 'crisis.sqlite3'}")
    opened.add_therapist("alice", PASSWORD)
    return opened


def assignment(store: Store) -> tuple[AssignmentPage, Any]:
    me = store.login("alice", PASSWORD).therapist
    store.add_client(me, "C-01")
    issued = store.assign(me, "C-01", ["thought_record"])
    page = AssignmentPage(store, store.open_assignment(issued.secret))
    return page, me


def write(page: WorksheetPage, field: str, text: str) -> None:
    page.form.views[field].value = text


def thought(page: WorksheetPage, text: str) -> None:
    page.form.views["automatic_thoughts"].value = {
        "thoughts": [{"text": text, "belief": 80}],
        "hot": 0,
    }


def test_crisis_language_shows_one_panel_pauses_and_alerts_before_submit(store: Store) -> None:
    page, me = assignment(store)
    sheet = page.current
    assert isinstance(sheet, WorksheetPage)
    thought(sheet, "I have decided to end my life this weekend")
    shown = page_text(page.widget)
    assert shown.count("cbt-msg-crisis") == 1  # one panel, not two
    assert 'href="tel:988"' in shown
    assert 'href="sms:988"' in shown
    assert 'href="tel:911"' in shown
    assert "Possible thinking traps" not in shown
    assert "balanced-thought ideas" not in shown
    assert sheet.form.widget.layout.display == "none"  # no "evidence for" that sentence
    assert find(page.widget, w.Button, "Continue the worksheet anyway") is not None
    # the therapist's dashboard has it already, from the autosaved draft
    (alert,) = store.alerts(me)
    found = parse_crisis_detail(alert.detail)
    assert found["tier"] == "crisis"
    assert found["source"] == "draft"
    assert found["fields"] == ["automatic_thoughts"]
    assert "weekend" not in alert.detail


@pytest.mark.parametrize(
    ("answer", "tier", "paused"),
    [("Yes", "crisis", True), ("I'd rather not say", "crisis", True), ("No", "check", False)],
)
def test_each_answer_of_the_check_question(
    store: Store, answer: str, tier: str, paused: bool
) -> None:
    page, me = assignment(store)
    sheet = page.current
    assert isinstance(sheet, WorksheetPage)
    write(sheet, "situation", "Home alone again. I just want to disappear.")
    assert sheet.crisis.risk == "check"
    assert "Are you having thoughts of ending your life?" in page_text(page.widget)
    assert 'href="tel:988"' in page_text(page.widget)  # resources already visible
    assert sheet.form.widget.layout.display == "none"
    find(page.widget, w.Button, answer).click()
    assert sheet.crisis.risk == tier
    assert (sheet.form.widget.layout.display == "none") is paused
    record = sheet.extra_record["crisis_check"]
    assert record["check_answer"] == {"Yes": "yes", "No": "no"}.get(answer, "rather_not_say")
    tiers = {parse_crisis_detail(a.detail)["tier"] for a in store.alerts(me)}
    assert tiers == ({"check", "crisis"} if tier == "crisis" else {"check"})
    if answer == "No":  # back to the worksheet, the answer kept for the therapist
        draft = store.open_assignment(page.opened.secret).drafts["thought_record"]
        assert draft["situation"].startswith("Home alone")


@pytest.mark.parametrize("answer", ["No", "Yes"])
def test_a_reload_takes_the_panel_up_where_it_was(store: Store, answer: str) -> None:
    page, _me = assignment(store)
    sheet = page.current
    assert isinstance(sheet, WorksheetPage)
    write(sheet, "situation", "Home alone again. I just want to disappear.")
    find(page.widget, w.Button, answer).click()
    if answer == "Yes":
        find(page.widget, w.Button, "Continue the worksheet anyway").click()
    # the client reloads: a new page on the same link, from the saved draft
    again = AssignmentPage(store, store.open_assignment(page.opened.secret))
    reopened = again.current
    assert isinstance(reopened, WorksheetPage)
    shown = page_text(again.widget)
    assert reopened.form.views["situation"].value.startswith("Home alone")
    assert reopened.crisis.answer == {"Yes": "yes", "No": "no"}[answer]
    assert reopened.form.widget.layout.display != "none"  # they chose to carry on
    if answer == "No":  # not asked a second time; the short reminder stays in reach
        assert "Are you having thoughts of ending your life?" not in shown
        assert find(again.widget, w.Button, "No") is None
        assert reopened.crisis.risk == "check"
    else:  # the crisis panel is still there, with its numbers
        assert reopened.crisis.risk == "crisis"
        assert 'href="tel:988"' in shown
        assert "Possible thinking traps" not in shown


def test_the_end_page_is_calm_and_says_what_happens_next(store: Store) -> None:
    page, _me = assignment(store)
    sheet = page.current
    assert isinstance(sheet, WorksheetPage)
    answers = thought_record()
    answers["automatic_thoughts"]["thoughts"][1]["text"] = "everyone would be better off without me"
    sheet.form.answers = answers
    sheet.assess_risk()
    assert sheet.crisis.risk == "crisis"
    sheet.crisis.carry_on.click()  # a quiet choice: the worksheet goes on
    assert sheet.form.widget.layout.display == ""
    sheet.submit.click()
    shown = page_text(page.widget)
    assert "Submitted — thank you" not in shown
    assert "Your answers have been sent" in shown
    assert "next working day" in shown


def test_practice_mode_never_promises_a_therapist() -> None:
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)
    practice = WorksheetPage(sheet)
    thought(practice, "I want to kill myself")
    shown = page_text(practice.widget)
    assert "988" in shown or "findahelpline" in shown
    assert "therapist" not in shown.lower()
    phq9 = load_exercise("phq9")
    assert isinstance(phq9, Questionnaire)
    questionnaire = QuestionnairePage(phq9)
    questionnaire.radios["item9"].value = 2
    assert "cbt-msg-crisis" in questionnaire.risk.value
    assert "therapist" not in questionnaire.risk.value.lower()


def test_the_panel_escapes_configured_words_and_has_no_text_of_the_client() -> None:
    html = crisis_html("<b>lead</b>", mode="assignment")
    assert "<b>lead</b>" not in html
    assert "&lt;b&gt;lead&lt;/b&gt;" in html
    assert 'rel="noopener noreferrer"' in html or "href" in html


def test_the_timeline_marks_the_tier_and_the_answer() -> None:
    asked = crisis_mark({"crisis_check": {"tier": "check", "check_answer": "no"}})
    assert "answered No" in asked
    shown = crisis_mark({"crisis_check": {"tier": "crisis", "continued": True}})
    assert "Crisis resources shown" in shown
    assert "continue" in shown
    assert crisis_mark({}) == ""
    assert crisis_mark(None) == ""
