"""The client page's flow, driven through its widgets on a real SQLite store (no browser):
folded notes, bundle progress, questionnaire Submit and live validation, a link closed while
the page is open, fields that pick from rows, locale-aware dates, device-only practice drafts
and the PDF copy."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from toolkit.exercises import load_exercise
from toolkit.exercises.responses import empty_value, problems
from toolkit.store import CLI, Store, open_store
from toolkit.ui.assignment_page import AssignmentPage
from toolkit.ui.client_page import WorksheetPage, has_later_part
from toolkit.ui.fields import DateView, PickView, build_field, parse_date
from toolkit.ui.printable import worksheet_pdf
from toolkit.ui.questionnaire_page import QuestionnairePage

NOTE = (
    "Thanks for Tuesday. Please do the PHQ-9 first, then the thought record about the meeting. "
    "Take your time. If anything feels too much, stop and we will look at it together."
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("CBT_SECRET_KEY", "test key for the client pages")
    opened = open_store(f"sqlite:///{tmp_path / 'client.sqlite3'}")
    opened.add_therapist("alice", "correct horse battery")
    opened.add_client(CLI, "C-1", therapist="alice")
    return opened


def bundle(store: Store) -> tuple[AssignmentPage, int]:
    issued = store.assign(CLI, "C-1", ["phq9", "thought_record"], instructions=NOTE)
    return AssignmentPage(store, store.open_assignment(issued.secret)), issued.assignment.id


def answer_questionnaire(page: QuestionnairePage) -> None:
    for item in page.spec.items:
        page.radios[item.id].value = page.spec.options_for(item)[0].value


def test_bundle_progress_moves_when_the_next_part_is_shown(store: Store) -> None:
    page, _ = bundle(store)
    assert "Part 1 of 2</strong> · PHQ-9" in page.progress.value
    assert "cbt-note-3" in page.header.value  # first visit: three lines of the note
    current = page.current
    assert isinstance(current, QuestionnairePage)
    answer_questionnaire(current)
    current.submit.click()
    assert "Submitted" in current.outcome.children[0].value
    assert "Part 1 of 2" in page.progress.value  # not "Part 2" while part 1's result shows
    follow = page.body.children[-1]
    follow.click()
    assert "Part 2 of 2</strong> · Thought record" in page.progress.value
    assert "cbt-note-1" in page.header.value  # later parts: one line
    assert isinstance(page.current, WorksheetPage)


def test_a_later_visit_folds_the_note_to_one_line(store: Store) -> None:
    issued = store.assign(CLI, "C-1", ["gad7"], instructions=NOTE)
    first = AssignmentPage(store, store.open_assignment(issued.secret))
    assert "cbt-note-3" in first.header.value
    assert isinstance(first.current, QuestionnairePage)
    first.current.radios["item1"].value = 1
    first.save_now()
    again = AssignmentPage(store, store.open_assignment(issued.secret))
    assert "cbt-note-1" in again.header.value
    assert "Show the whole note" in again.header.value


def test_counts_agree_with_the_introduction() -> None:
    spec = load_exercise("phq9")
    page = QuestionnairePage(spec)  # type: ignore[arg-type]
    assert spec.summary.startswith("Nine questions")
    header = page.widget.children[0].value
    assert "9 questions and 1 follow-up question" in header
    counters = [card.children[0].value for card in page.cards]
    assert "Question 9 of 9" in counters[8]
    assert "One more question" in counters[9]
    assert not any("of 10" in c for c in counters)


def test_submit_shows_at_the_end_and_the_warning_follows_the_answers() -> None:
    page = QuestionnairePage(load_exercise("gad7"))  # type: ignore[arg-type]
    assert page.submit_row.layout.display == "none"
    assert "7 questions to go" in page.remaining.value
    page.radios["item1"].value = 0
    page.submit.click()  # an early Submit (keyboard, or the last card reached by Next)
    assert "Still open: question 2, 3, 4, 5, 6, 7" in page.messages.value
    page.radios["item2"].value = 1
    assert "Still open: question 3, 4, 5, 6, 7." in page.messages.value
    for item in ("item3", "item4", "item5", "item6", "item7"):
        page.radios[item].value = 0
    assert page.messages.value == ""
    assert page.submit_row.layout.display == ""
    page.submit.click()
    assert page.result is not None
    downloads = page.outcome.children[-1].value
    assert "Keep a copy" in downloads
    assert "Download (JSON)" in downloads


def test_submit_after_the_link_was_revoked_is_calm_and_keeps_the_answers(store: Store) -> None:
    issued = store.assign(CLI, "C-1", ["thought_record"])
    page = AssignmentPage(store, store.open_assignment(issued.secret))
    sheet = page.current
    assert isinstance(sheet, WorksheetPage)
    answers = {
        "situation": "At the bus stop",
        "moods": [{"name": "tense", "intensity": 60}],
        "automatic_thoughts": {"thoughts": [{"text": "They stare", "belief": 70}], "hot": 0},
        "evidence_for": "One man looked",
        "evidence_against": "Everyone was on their phone",
        "balanced_thought": "People mostly mind their own business",
    }
    sheet.form.answers = answers
    store.revoke(CLI, issued.assignment.id)
    sheet.form._show(len(sheet.sheet.steps) - 1)
    sheet.submit.click()
    notice = sheet.link_notice.value
    assert "This link is no longer active" in notice
    assert "Nothing you typed is lost" in notice
    assert "Download (JSON)" in notice
    assert "connection" not in notice + sheet.messages.value
    assert sheet.form.answers["situation"] == "At the bus stop"  # kept on the page
    # the autosave path says the same, calmly
    sheet.form.views["situation"].value = "At the bus stop, raining"
    page.save_now()
    assert "no longer active" in page.status.value


def test_a_questionnaire_submitted_after_revoking_offers_its_answers(store: Store) -> None:
    issued = store.assign(CLI, "C-1", ["gad7"])
    page = AssignmentPage(store, store.open_assignment(issued.secret))
    current = page.current
    assert isinstance(current, QuestionnairePage)
    answer_questionnaire(current)
    store.revoke(CLI, issued.assignment.id)
    current.submit.click()
    assert "no longer active" in current.link_notice.value
    assert "Download (JSON)" in current.link_notice.value
    assert current.result is not None
    assert current.outcome.children == ()


def test_the_first_step_to_practise_is_picked_from_the_ladder() -> None:
    page = WorksheetPage(load_exercise("exposure_ladder"))  # type: ignore[arg-type]
    form = page.form
    form.answers = {
        "fear": "crowds",
        "goal": "shop on a Saturday",
        "ladder": [
            {"step": "Busy shop at noon", "suds": 80},
            {"step": "Bus stop, five minutes", "suds": 30},
            {"step": "", "suds": 50},
        ],
    }
    pick = form.views["first_step"]
    assert isinstance(pick, PickView)
    assert pick.choices == ("Bus stop, five minutes", "Busy shop at noon")  # easiest first
    pick.value = "Bus stop, five minutes"
    form.views["ladder"].value = [
        {"step": "Bus stop, five minutes", "suds": 30},
        {"step": "Corner shop", "suds": 40},
    ]
    form._on_field_change()
    assert pick.choices == ("Bus stop, five minutes", "Corner shop")
    assert form.answers["first_step"] == "Bus stop, five minutes"  # stored as the step's text


def test_dates_follow_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_exercise("exposure_practice").field("practices").columns[0]  # type: ignore[union-attr]
    monkeypatch.setenv("CBT_LOCALE", "en-GB")
    view = build_field(spec)
    assert isinstance(view, DateView)
    assert "DD/MM/YYYY" in view._input.description
    assert view.value == dt.date.today().isoformat()  # default: today
    view._input.value = "3/12/2026"
    assert view.value == "2026-12-03"
    assert "Thursday 3 December 2026" in view._readout.value
    view._input.value = "31/31/2026"
    assert view.value == ""
    assert "day/month/year" in view._error.value
    monkeypatch.setenv("CBT_LOCALE", "en-US")
    us = build_field(spec)
    assert isinstance(us, DateView)
    us._input.value = "12/3/2026"
    assert us.value == "2026-12-03"
    us.value = "2026-03-24"
    assert us._input.value == "03/24/2026"
    assert parse_date("2026-12-03") == dt.date(2026, 12, 3)


def test_a_default_date_does_not_start_a_row() -> None:
    sheet = load_exercise("exposure_practice")
    field = sheet.field("practices")
    row = {column.id: empty_value(column) for column in field.columns}  # type: ignore[union-attr]
    assert problems(sheet, {"practices": [row]}).get("practices") != (  # type: ignore[arg-type]
        "Practice 1: please fill in “What I practised”, or remove the row."
    )


def test_worksheets_declare_their_later_part() -> None:
    assert has_later_part(load_exercise("activity_schedule"))  # type: ignore[arg-type]
    assert has_later_part(load_exercise("behavioural_experiment"))  # type: ignore[arg-type]
    assert not has_later_part(load_exercise("thought_record"))  # type: ignore[arg-type]
    page = WorksheetPage(load_exercise("activity_schedule"))  # type: ignore[arg-type]
    assert page.local is not None
    plan = page.form.views["plan"]
    assert "Fill in afterwards" in json.dumps([getattr(c, "value", "") for c in _walk(plan.widget)])


def test_practice_draft_round_trips_through_the_device_bridge() -> None:
    page = WorksheetPage(load_exercise("activity_schedule"))  # type: ignore[arg-type]
    local = page.local
    assert local is not None
    assert local.saved == ""
    kept = {"plan": [{"day": "mon", "time": "10:30", "activity": "Walk", "done": None}]}
    local.loaded = json.dumps({"answers": kept})
    local.ready = True  # the browser answered with what it kept
    assert page.form.answers["plan"][0]["activity"] == "Walk"
    assert "kept on this device are back" in page.local_status.value
    page.form.views["plan"].value = [{"activity": "Walk in the park"}]
    page.form._on_field_change()
    saved = json.loads(local.saved)
    assert saved["answers"]["plan"][0]["activity"] == "Walk in the park"
    before = local.forgotten
    page.forget.click()
    assert local.saved == ""
    assert local.forgotten == before + 1
    assert page.form.answers["plan"][0]["activity"] == ""


def test_pdf_copy_holds_the_answers() -> None:
    sheet = load_exercise("three_good_things")
    pdf = worksheet_pdf(sheet, {"date": "2026-12-01", "good_things": ["Tea in the sun"]})  # type: ignore[arg-type]
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000


def _walk(widget: Any) -> list[Any]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(_walk(child))
    return found
