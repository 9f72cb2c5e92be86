"""Each field kind renders through the registry and round-trips its value (no browser)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from toolkit.exercises.fields import Field
from toolkit.exercises.responses import as_text, empty_value, is_answered
from toolkit.ui.fields import build_field, registered_kinds

SPECS: dict[str, dict[str, Any]] = {
    "text": {"kind": "text", "id": "t", "label": "Name it"},
    "long_text": {"kind": "long_text", "id": "lt", "label": "Say more"},
    "number": {"kind": "number", "id": "n", "label": "Hours", "min": 0, "max": 24},
    "rating": {"kind": "rating", "id": "r", "label": "Belief", "min": 0, "max": 100, "step": 5},
    "choice": {
        "kind": "choice", "id": "c", "label": "Pick",
        "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
    },
    "checkbox": {"kind": "checkbox", "id": "cb", "label": "Done?"},
    "date": {"kind": "date", "id": "d", "label": "When"},
    "time": {"kind": "time", "id": "tm", "label": "At"},
    "emotion": {"kind": "emotion", "id": "e", "label": "Moods", "suggestions": ["sad"]},
    "thought_list": {"kind": "thought_list", "id": "tl", "label": "Thoughts"},
    "rows": {
        "kind": "rows", "id": "rw", "label": "Steps",
        "columns": [
            {"kind": "text", "id": "what", "label": "What"},
            {"kind": "rating", "id": "suds", "label": "SUDS", "min": 0, "max": 100},
        ],
    },
    "scale": {
        "kind": "scale", "id": "sc", "label": "Mastery", "min": 0, "max": 10,
        "low_label": "none", "high_label": "a lot",
    },
    "text_list": {
        "kind": "text_list", "id": "tx", "label": "Good things", "item_label": "Good thing",
        "min_items": 3,
    },
    "choice_dropdown": {
        "kind": "choice", "id": "cd", "label": "Day", "display": "dropdown",
        "options": [{"value": "mon", "label": "Monday"}, {"value": "tue", "label": "Tuesday"}],
    },
    "choice_buttons": {
        "kind": "choice", "id": "cbt", "label": "Done?", "display": "buttons",
        "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
    },
    "ladder": {
        "kind": "rows", "id": "ld", "label": "Ladder", "row_label": "Step",
        "ordered_by": "suds", "min_rows": 2,
        "columns": [
            {"kind": "text", "id": "step", "label": "Situation"},
            {"kind": "rating", "id": "suds", "label": "SUDS", "min": 0, "max": 100, "step": 5},
            {"kind": "scale", "id": "sure", "label": "Sure", "min": 0, "max": 10},
            {"kind": "number", "id": "mins", "label": "Minutes", "min": 0, "max": 600},
            {"kind": "checkbox", "id": "done", "label": "Done"},
            {"kind": "time", "id": "at", "label": "At"},
            {"kind": "date", "id": "on", "label": "On"},
        ],
    },
}  # fmt: skip
VALUES: dict[str, Any] = {
    "text": "hello",
    "long_text": "line one\nline two",
    "number": 7.5,
    "rating": 35,
    "choice": "b",
    "checkbox": True,
    "date": "2026-11-27",
    "time": "21:30",
    "emotion": [{"name": "sad", "intensity": 80}, {"name": "angry", "intensity": 20}],
    "thought_list": {
        "thoughts": [{"text": "I failed", "belief": 90}, {"text": "Nobody cares", "belief": 60}],
        "hot": 1,
    },
    "rows": [{"what": "lift", "suds": 40}, {"what": "stairs", "suds": 70}],
    "scale": 0,
    "text_list": ["tea in the sun", "", "a call from Jo", "finished a book"],
    "choice_dropdown": "tue",
    "choice_buttons": "no",
    "ladder": [
        {"step": "stairs", "suds": 70, "sure": None, "mins": 5.0, "done": False, "at": "",
         "on": ""},
        {"step": "lift", "suds": 40, "sure": 3, "mins": None, "done": True, "at": "08:15",
         "on": "2026-03-01"},
    ],
}  # fmt: skip
ALWAYS_ANSWERED = {"rating", "checkbox"}
STARTS_WITH_ROWS = {"emotion", "rows", "thought_list", "ladder"}
ADAPTER: TypeAdapter[Any] = TypeAdapter(Field)


def spec(kind: str) -> Any:
    return ADAPTER.validate_python(SPECS[kind])


def test_every_kind_has_a_widget() -> None:
    assert {spec["kind"] for spec in SPECS.values()} == registered_kinds()


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_round_trip(kind: str) -> None:
    view = build_field(spec(kind))
    assert isinstance(view.widget, w.Widget)
    assert not is_answered(view.spec, view.value) or kind in ALWAYS_ANSWERED
    assert view.value == empty_value(view.spec) or kind in STARTS_WITH_ROWS
    changes: list[int] = []
    view.on_change(lambda: changes.append(1))
    view.value = VALUES[kind]
    assert view.value == VALUES[kind]
    assert is_answered(view.spec, view.value)
    assert as_text(view.spec, view.value) != "—"


def test_text_longer_than_the_limit_is_cut_with_a_message() -> None:
    view = build_field(ADAPTER.validate_python({**SPECS["text"], "max_length": 5}))
    view._input.value = "abcdefgh"
    assert view.value == "abcde"
    assert "up to 5 characters" in view._error.value


def test_number_out_of_range_explains() -> None:
    view = build_field(spec("number"))
    view._input.value = "30"
    assert view.value is None
    assert "from 0 to 24" in view._error.value
    view._input.value = "eight"
    assert "type a number" in view._error.value


def test_emotion_rows_add_and_remove_with_unique_labels() -> None:
    view = build_field(spec("emotion"))
    view._add.click()
    view._add.click()
    labels = [row.name.description for row in view._rows]
    assert labels == ["Mood 1", "Mood 2", "Mood 3"]
    view._rows[1].box.children[-1].click()  # "Remove mood 2"
    view._add.click()
    labels = [row.name.description for row in view._rows]
    assert len(set(labels)) == len(labels) == 3


def test_thought_list_offers_hot_choice_only_with_two_thoughts() -> None:
    view = build_field(spec("thought_list"))
    view._rows[0].text.value = "I always fail"
    assert view.value == {"thoughts": [{"text": "I always fail", "belief": 50}], "hot": 0}
    assert view._hot.layout.display == "none"
    view._add.click()
    view._rows[1].text.value = "They will laugh"
    assert view._hot.layout.display == ""
    assert view.value["hot"] is None
    view._hot.value = 1
    assert view.value["hot"] == 1


def test_help_and_error_are_escaped() -> None:
    view = build_field(ADAPTER.validate_python({**SPECS["text"], "help": "<script>x</script>"}))
    view.set_error("<img src=x onerror=alert(1)>")
    html = view.widget.children[1].value + view._error.value
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;img" in html


# -- new kinds ----------------------------------------------------------------------------
def test_scale_starts_unrated_and_offers_every_number() -> None:
    view = build_field(spec("scale"))
    assert view.value is None
    assert not is_answered(view.spec, None)
    assert view._input.description == "Mastery"
    assert [label for label, _ in view._input._options_full] == [str(n) for n in range(11)]
    view._input.value = 7
    assert view.value == 7
    view.value = 11  # not on the scale: cleared, not kept
    assert view.value is None
    assert as_text(view.spec, 0) == "0"


@pytest.mark.parametrize(
    "bad",
    [
        {"min": 0, "max": 100},  # 101 buttons
        {"min": 5, "max": 5},
        {"min": 0, "max": 10, "step": 0},
    ],
)
def test_scale_refuses_unusable_ranges(bad: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        ADAPTER.validate_python({**SPECS["scale"], **bad})


def test_text_list_numbers_its_boxes_and_keeps_at_least_one() -> None:
    view = build_field(spec("text_list"))
    names = [row.text.description for row in view._rows]
    assert names == ["Good thing 1", "Good thing 2", "Good thing 3"]
    assert view.value == ["", "", ""]
    assert as_text(view.spec, view.value) == "—"
    view._rows[1].text.value = "a walk"
    view._rows[0].remove.click()  # "Remove good thing 1"
    assert [row.text.description for row in view._rows] == ["Good thing 1", "Good thing 2"]
    assert view.value == ["a walk", ""]
    view._rows[0].remove.click()
    assert view._rows[0].remove.layout.display == "none"  # the last box stays
    view._add.click()
    assert view._rows[-1].text.description == "Good thing 2"
    assert as_text(view.spec, ["a walk", " ", "tea"]) == "• a walk\n• tea"


def test_text_list_cuts_long_items_with_a_message() -> None:
    view = build_field(ADAPTER.validate_python({**SPECS["text_list"], "max_length": 4}))
    view._rows[0].text.value = "abcdefgh"
    assert view.value[0] == "abcd"
    assert "up to 4 characters" in view._error.value


def test_choice_displays() -> None:
    dropdown = build_field(spec("choice_dropdown"))
    assert isinstance(dropdown._radio, w.Dropdown)
    assert dropdown._radio.description == "Day"
    assert dropdown.value is None
    buttons = build_field(spec("choice_buttons"))
    assert isinstance(buttons._radio, w.ToggleButtons)
    buttons._radio.value = "yes"
    assert buttons.value == "yes"
    with pytest.raises(ValidationError, match="offers one answer"):
        ADAPTER.validate_python({**SPECS["choice_buttons"], "multiple": True})


def test_rows_are_numbered_by_place_and_sorted_on_request() -> None:
    view = build_field(spec("ladder"))
    assert [row.remove.description for row in view._rows] == ["Remove step 1", "Remove step 2"]
    view.value = [
        {"step": "bus", "suds": 80},
        {"step": "stop", "suds": 20},
        {"step": "one stop", "suds": 50},
    ]
    view._rows[0].remove.click()
    assert [row.remove.description for row in view._rows] == ["Remove step 1", "Remove step 2"]
    view._add.click()
    view._rows[-1].columns[0].value = "town"
    view._rows[-1].columns[1].value = 10
    assert view._sort is not None
    assert view._sort.description == "Sort by SUDS"
    view._sort.click()
    assert [row["step"] for row in view.value] == ["town", "stop", "one stop"]
    assert "Step 1" in view._rows[0].heading.value
    text = as_text(view.spec, view.value)
    assert text.splitlines()[0].startswith("1. Situation: town; SUDS: 10")


def test_rows_summary_sorts_and_skips_empty_rows() -> None:
    field = spec("ladder")
    rows = [
        {"step": "", "suds": 50, "sure": None, "mins": None, "done": False, "at": "", "on": ""},
        {"step": "high", "suds": 90, "sure": None, "mins": None, "done": False, "at": "", "on": ""},
        {"step": "low", "suds": 10, "sure": 4, "mins": 2.5, "done": True, "at": "", "on": ""},
    ]
    assert as_text(field, rows) == (
        "1. Situation: low; SUDS: 10; Sure: 4; Minutes: 2.5; Done: yes\n"
        "2. Situation: high; SUDS: 90; Done: no"
    )


def test_ordered_by_must_name_a_number_column() -> None:
    with pytest.raises(ValidationError, match="ordered_by must name"):
        ADAPTER.validate_python({**SPECS["ladder"], "ordered_by": "step"})
    with pytest.raises(ValidationError, match="no column"):
        ADAPTER.validate_python({**SPECS["ladder"], "ordered_by": "nothing"})
    with pytest.raises(ValidationError, match="same id"):
        ADAPTER.validate_python(
            {**SPECS["rows"], "columns": [SPECS["text"], {**SPECS["text"], "label": "Again"}]}
        )


_ROW_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_LADDER_ROW = st.fixed_dictionaries(
    {
        "step": _ROW_TEXT,
        "suds": st.integers(0, 20).map(lambda n: n * 5),
        "sure": st.none() | st.integers(0, 10),
        "mins": st.none() | st.integers(0, 1200).map(lambda n: n / 2),
        "done": st.booleans(),
        "at": st.sampled_from(["", "07:30", "23:59"]),
        "on": st.sampled_from(["", "2026-01-31", "2024-02-29"]),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_LADDER_ROW, min_size=2, max_size=6))
def test_rows_value_round_trips(rows: list[dict[str, Any]]) -> None:
    view = build_field(spec("ladder"))
    view.value = rows
    assert view.value == rows
    text = as_text(view.spec, rows)
    for row in rows:
        for word in row["step"].split():
            assert word in text


@settings(max_examples=30, deadline=None)
@given(items=st.lists(_ROW_TEXT, min_size=3, max_size=8))
def test_text_list_value_round_trips(items: list[str]) -> None:
    view = build_field(spec("text_list"))
    view.value = items
    assert view.value == items
    assert is_answered(view.spec, items) == any(item.strip() for item in items)
