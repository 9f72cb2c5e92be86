"""The typed answer model: every field kind of every exercise file round-trips through the one
serialiser; older shapes still load; both client downloads write one document format; alerts
are read as values."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session
from test_store_support import FAST_HASHER

from toolkit.exercises import Questionnaire, Worksheet, exercise_files, load_exercise, load_file
from toolkit.exercises.answers import (
    RESPONSE_FORMAT,
    Alert,
    CrisisCheck,
    Extra,
    Mood,
    Moods,
    Response,
    Rows,
    ScoreSummary,
    SuggestionRecord,
    TextList,
    Thought,
    ThoughtList,
    parse_answer,
    parse_answers,
    stored_answers,
    to_json,
)
from toolkit.exercises.fields import (
    CheckboxField,
    ChoiceField,
    DateField,
    EmotionField,
    NumberField,
    RatingField,
    RowsField,
    ScaleField,
    TextListField,
    ThoughtListField,
)
from toolkit.store import CLI, Store, open_store
from toolkit.store.models import AlertRow, ResponseRow
from toolkit.ui.client_page import WorksheetPage
from toolkit.ui.questionnaire_page import QuestionnairePage

WORKSHEETS = [p for p in exercise_files() if p.parent.name == "worksheets"]
MEASURES = [p for p in exercise_files() if p.parent.name == "measures"]
TEXT = st.text(max_size=12)
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def value_of(field: Any) -> st.SearchStrategy[Any]:
    """Values of one field kind in their JSON shape (what a widget gives, what is stored)."""
    if isinstance(field, RatingField):
        return st.integers(field.min, field.max)
    if isinstance(field, ScaleField):
        return st.none() | st.sampled_from(field.points)
    if isinstance(field, NumberField):
        return st.none() | st.floats(field.min, field.max, allow_nan=False)
    if isinstance(field, ChoiceField):
        values = [option.value for option in field.options]
        if field.multiple:
            return st.lists(st.sampled_from(values), unique=True)
        return st.none() | st.sampled_from(values)
    if isinstance(field, CheckboxField):
        return st.booleans()
    if isinstance(field, DateField):
        return st.just("") | st.dates().map(dt.date.isoformat)
    if isinstance(field, EmotionField):
        mood = st.fixed_dictionaries({"name": TEXT, "intensity": st.none() | st.integers(0, 100)})
        return st.lists(mood, max_size=field.max_items)
    if isinstance(field, ThoughtListField):
        thought = st.fixed_dictionaries({"text": TEXT, "belief": st.integers(0, 100)})
        return st.lists(thought, max_size=field.max_items).flatmap(
            lambda thoughts: st.fixed_dictionaries(
                {
                    "thoughts": st.just(thoughts),
                    "hot": st.none() | st.integers(0, max(len(thoughts) - 1, 0)),
                }
            )
        )
    if isinstance(field, TextListField):
        return st.lists(TEXT, min_size=field.min_items, max_size=4)
    if isinstance(field, RowsField):
        row = st.fixed_dictionaries({c.id: value_of(c) for c in field.columns})
        return st.lists(row, max_size=3)
    return TEXT  # text, long_text, time


TYPED = {
    EmotionField: Moods,
    ThoughtListField: ThoughtList,
    TextListField: TextList,
    RowsField: Rows,
}


@pytest.mark.parametrize("path", WORKSHEETS, ids=lambda p: p.stem)
def test_every_field_kind_round_trips_through_the_one_serialiser(path: Path) -> None:
    sheet = load_file(path)
    assert isinstance(sheet, Worksheet)
    answers = st.fixed_dictionaries({field.id: value_of(field) for field in sheet.fields})

    @PROPERTY
    @given(raw=answers)
    def round_trip(raw: dict[str, Any]) -> None:
        typed = parse_answers(sheet, raw)
        for field in sheet.fields:
            kind = TYPED.get(type(field))
            if kind is not None:
                assert isinstance(typed[field.id], kind), field.id
            elif isinstance(field, ChoiceField) and field.multiple:
                assert isinstance(typed[field.id], tuple)
        written = to_json(typed)
        assert written == raw  # the JSON shape is exactly what the widgets give
        assert json.loads(json.dumps(written)) == raw
        assert parse_answers(sheet, written) == typed
        document = Response(
            exercise=sheet.id,
            answers=typed,
            exercise_title=sheet.title,
            schema_version=sheet.schema_version,
            completed=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC),
        ).document()
        back = Response.from_document(json.loads(json.dumps(document)), sheet)
        assert back.answers == typed
        assert back.document() == document

    round_trip()


@pytest.mark.parametrize("path", MEASURES, ids=lambda p: p.stem)
def test_questionnaire_answers_round_trip_by_item_id(path: Path) -> None:
    spec = load_file(path)
    assert isinstance(spec, Questionnaire)
    by_id = st.fixed_dictionaries(
        {
            item.id: st.none() | st.sampled_from([o.value for o in spec.options_for(item)])
            for item in spec.items
        }
    )

    @PROPERTY
    @given(raw=by_id)
    def round_trip(raw: dict[str, Any]) -> None:
        assert stored_answers(spec, raw) == raw
        # an older release's plain list of every item reads as the same answers by id
        assert stored_answers(spec, [raw[item.id] for item in spec.items]) == raw

    round_trip()


def test_structured_values_have_names_not_keys() -> None:
    moods = parse_answer(
        EmotionField(kind="emotion", id="m", label="M"),
        [
            {"name": "sad", "intensity": 70},
            {"name": "tense", "intensity": None},
        ],
    )
    assert moods == Moods((Mood("sad", 70), Mood("tense")))
    assert isinstance(moods, Moods)
    assert moods.strongest() == "sad"
    thoughts = ThoughtList((Thought("a", 10), Thought(" b ", 90)), hot=1)
    assert thoughts.hot_text() == "b"
    assert to_json(thoughts) == {
        "thoughts": [{"text": "a", "belief": 10}, {"text": " b ", "belief": 90}],
        "hot": 1,
    }


# -- older shapes ---------------------------------------------------------------------------


def test_older_questionnaire_shapes_load_by_item_id() -> None:
    phq9 = load_exercise("phq9")
    assert isinstance(phq9, Questionnaire)
    ids = [item.id for item in phq9.items]
    scored = [item.id for item in phq9.scored_items]
    nine = [1, 2, 1, 0, 1, 2, 1, 0, 1]
    expected = dict.fromkeys(ids) | dict(zip(scored, nine, strict=True))
    assert parse_answers(phq9, nine) == expected  # the scored items only
    assert parse_answers(phq9, {"items": nine}) == expected  # the first release's shape
    every = [*nine, 2][: len(ids)] if len(ids) > len(nine) else nine
    assert parse_answers(phq9, every) == dict(zip(ids, every, strict=True))
    with_blanks = dict.fromkeys(ids) | {"item1": 3}
    assert parse_answers(phq9, with_blanks) == with_blanks  # by id, None for blanks
    # a list of another length keeps every value, by position: nothing is lost
    assert parse_answers(phq9, [1, 2]) == {"0": 1, "1": 2}


def test_values_without_their_shape_are_kept_as_stored() -> None:
    sheet = load_exercise("thought_record")
    old = {
        "situation": "Missed the bus",
        "moods": [{"mood": "sad", "intensity": 70}],  # a key of an early release
        "gone_field": {"anything": [1, "two"]},
    }
    assert stored_answers(sheet, old) == old
    extra = {"ai": {"shown": []}, "ai_suggestions": {"thought": "partial"}, "sex": None}
    assert to_json(Extra.from_json(extra)) == extra
    assert Extra.from_json(extra).suggestions == SuggestionRecord(thought="partial")


def test_older_download_documents_load() -> None:
    sheet = load_exercise("thought_record")
    worksheet_copy = {  # toolkit.export.record_json before this release
        "format": RESPONSE_FORMAT,
        "exercise": "thought_record",
        "exercise_title": "Thought record",
        "schema_version": 1,
        "completed": "2026-07-01T20:15:00+00:00",
        "answers": {"situation": "At work", "moods": [{"name": "sad", "intensity": 40}]},
        "ai_suggestions": {
            "engine": "offline",
            "thought": "I fail",
            "traps_shown": ["labeling"],
            "traps_chosen": [],
            "ideas_shown": [],
            "ideas_used": [],
        },
    }
    read = Response.from_document(worksheet_copy, sheet)
    assert read.completed == dt.datetime(2026, 7, 1, 20, 15, tzinfo=dt.UTC)
    assert read.answers["moods"] == Moods((Mood("sad", 40),))
    assert read.extra.suggestions is not None
    assert read.extra.suggestions.traps_shown == ("labeling",)
    phq2 = load_exercise("phq2")
    questionnaire_copy = {  # the questionnaire page's copy before this release
        "format": RESPONSE_FORMAT,
        "exercise": "phq2",
        "completed": "2026-07-01T20:15:00+00:00",
        "answers": {"item1": 2, "item2": 1},
        "total": 3,
        "band": "positive",
    }
    read = Response.from_document(questionnaire_copy, phq2)
    assert read.score == ScoreSummary(3, "positive")
    assert read.answers == {"item1": 2, "item2": 1}
    saved_copy = {"format": RESPONSE_FORMAT, "exercise": "phq2", "saved": "2026-07-01T20:15:00"}
    assert Response.from_document(saved_copy, phq2).saved == dt.datetime(
        2026, 7, 1, 20, 15, tzinfo=dt.UTC
    )
    with pytest.raises(ValueError, match="not a cbt-toolkit/response@1 document"):
        Response.from_document({"format": "something/else"})


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}", password_hasher=FAST_HASHER)
    opened.add_therapist("alice", "correct horse battery")
    opened.add_client(CLI, "C1", therapist="alice")
    yield opened
    opened.close()


def _reseal(store: Store, response_id: int, answers: Any) -> None:
    """Overwrite a stored response's answers as an older release wrote them."""
    with Session(store.engine) as session:
        row = session.get_one(ResponseRow, response_id)
        row.answers_sealed = store._context.cipher.seal_json(answers, "responses.answers")
        session.commit()


def test_drafts_and_submissions_stored_as_plain_lists_load_by_item_id(store: Store) -> None:
    link = store.assign(CLI, "C1", ["phq9", "gad2"])
    draft = store.save_draft(link.secret, "phq9", {"item1": 1})
    nine = [1, 2, None, 0, None, None, None, None, None]
    _reseal(store, draft, nine)
    opened = store.open_assignment(link.secret)
    assert opened.drafts["phq9"]["item1"] == 1
    assert opened.drafts["phq9"]["item3"] is None
    assert list(opened.drafts["phq9"])[:2] == ["item1", "item2"]
    # the page takes the draft up again
    page = QuestionnairePage(load_exercise("phq9"), initial=dict(opened.drafts["phq9"]))  # type: ignore[arg-type]
    assert page.radios["item2"].value == 2

    receipt = store.submit(link.secret, "gad2", [1, 3])
    _reseal(store, receipt.response_id, [1, 3])
    (record,) = store.timeline(CLI, "C1")
    assert record.answers == {"item1": 1, "item2": 3}
    exported = store.export_client(CLI, "C1")
    submitted = [r for r in exported["responses"] if r["kind"] == "submission"]
    assert submitted[0]["answers"] == {"item1": 1, "item2": 3}


# -- alerts as values -----------------------------------------------------------------------


def test_alerts_are_read_from_their_columns_without_splitting_a_string(store: Store) -> None:
    link = store.assign(CLI, "C1", ["phq9", "thought_record"])
    store.submit(link.secret, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 2])
    store.save_draft(link.secret, "thought_record", {"situation": "I want to end my life"})
    alerts = {a.kind: a for a in store.alerts(CLI)}
    risk, crisis = alerts["risk_item"].alert, alerts["crisis_language"].alert
    assert risk == Alert("risk_item", ("phq9",), alert_id="phq9_item9")
    assert (crisis.exercise, crisis.fields, crisis.source) == (
        "thought_record",
        ("situation",),
        "draft",
    )
    assert crisis.tier in {"check", "crisis"}
    with Session(store.engine) as session:
        rows = {row.kind: row for row in session.query(AlertRow)}
        assert (rows["risk_item"].exercise_ids, rows["risk_item"].alert_id) == (
            ["phq9"],
            "phq9_item9",
        )
        assert rows["crisis_language"].fields == ["situation"]
        assert rows["crisis_language"].tier == crisis.tier
        # the one-line detail still says the same, for older readers
        assert rows["risk_item"].detail == "phq9: phq9_item9"
    document = store.export_client(CLI, "C1")
    exported = {a["kind"]: a for a in document["alerts"]}
    assert exported["risk_item"]["alert_id"] == "phq9_item9"
    assert exported["crisis_language"]["fields"] == ["situation"]


def test_an_alert_reads_back_from_its_older_one_line_detail() -> None:
    for alert in (
        Alert("risk_item", ("phq9",), alert_id="phq9_item9"),
        Alert(
            "crisis_language", ("thought_record",), fields=("a", "b"), tier="check", source="draft"
        ),
        Alert("overdue", ("phq9", "gad7"), due=dt.date(2026, 12, 1)),
    ):
        assert Alert.from_detail(alert.kind, alert.detail) == alert


# -- the two download paths -----------------------------------------------------------------


def _downloads(html: str) -> dict[str, bytes]:
    found = re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', html)
    return {name: base64.b64decode(payload) for name, payload in found}


def _json_download(html: str) -> dict[str, Any]:
    files = _downloads(html)
    name = next(n for n in files if n.endswith(".json"))
    document = json.loads(files[name])
    assert isinstance(document, dict)
    return document


def test_both_download_paths_write_one_document_format() -> None:
    sheet = load_exercise("three_good_things")
    assert isinstance(sheet, Worksheet)
    page = WorksheetPage(sheet)
    for field in sheet.fields:
        view = page.form.views[field.id]
        if isinstance(field, TextListField):
            view.value = ["Lunch with Sam", "A walk", "Finished the book"]
        elif field.required and isinstance(view.value, str):
            view.value = "Something I noticed"
    page.form._show(len(sheet.steps) - 1)
    page.submit.click()
    html = "".join(getattr(child, "value", "") for child in page.summary.children)
    worksheet_copy = _json_download(html)

    phq2 = load_exercise("phq2")
    assert isinstance(phq2, Questionnaire)
    questionnaire = QuestionnairePage(phq2)
    questionnaire.radios["item1"].value = 2
    questionnaire.radios["item2"].value = 1
    questionnaire.submit.click()
    html = "".join(getattr(child, "value", "") for child in questionnaire.outcome.children)
    questionnaire_copy = _json_download(html)

    assert worksheet_copy["format"] == questionnaire_copy["format"] == RESPONSE_FORMAT
    same_keys = {"format", "exercise", "exercise_title", "schema_version", "completed", "saved"}
    assert same_keys | {"answers", "score"} <= set(worksheet_copy)
    assert set(worksheet_copy) == set(questionnaire_copy)
    assert worksheet_copy["score"] is None
    assert questionnaire_copy["score"] == {"total": 3, "band": None}  # PHQ-2 screens, no band
    assert questionnaire_copy["answers"] == {"item1": 2, "item2": 1}
    for document, spec in ((worksheet_copy, sheet), (questionnaire_copy, phq2)):
        read = Response.from_document(document, spec)
        assert read.exercise == spec.id
        assert read.completed is not None
        assert read.document() == document

    # a copy taken when the link closed: the same format, not completed, no score
    questionnaire.show_link_closed("revoked")
    closed_copy = _json_download(questionnaire.link_notice.value)
    assert set(closed_copy) == set(questionnaire_copy)
    assert closed_copy["completed"] is None
    assert closed_copy["saved"]


def test_a_crisis_check_round_trips_through_the_record() -> None:
    record = CrisisCheck("check", ("self_harm",), "no", "2026-12-01T09:00:00+00:00", None, True)
    written = to_json(Extra(crisis_check=record))
    assert written == {
        "crisis_check": {
            "tier": "check",
            "concepts": ["self_harm"],
            "check_answer": "no",
            "shown_at": "2026-12-01T09:00:00+00:00",
            "answered_at": None,
            "continued": True,
        }
    }
    assert Extra.from_json(written).crisis_check == record
