"""Each field kind renders through the registry and round-trips its value (no browser)."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pytest
from pydantic import TypeAdapter

from toolkit.exercises.fields import Field
from toolkit.exercises.responses import empty_value, is_answered
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
}
ADAPTER: TypeAdapter[Any] = TypeAdapter(Field)


def spec(kind: str) -> Any:
    return ADAPTER.validate_python(SPECS[kind])


def test_every_kind_has_a_widget() -> None:
    assert set(SPECS) <= registered_kinds()


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_round_trip(kind: str) -> None:
    view = build_field(spec(kind))
    assert isinstance(view.widget, w.Widget)
    assert not is_answered(view.spec, view.value) or kind in {"rating", "checkbox"}
    assert view.value == empty_value(view.spec) or kind in {"emotion", "rows", "thought_list"}
    changes: list[int] = []
    view.on_change(lambda: changes.append(1))
    view.value = VALUES[kind]
    assert view.value == VALUES[kind]
    assert is_answered(view.spec, view.value)


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
