"""Answers to a worksheet: empty values, completeness checks and plain-text rendering.

Value shapes by field kind (what widgets produce, what storage and exports keep):

========================  ==============================================================
kind                      value
========================  ==============================================================
text, long_text, time     ``str`` ("" when empty)
number                    ``float | None``
rating                    ``int``
choice                    ``str | int | None``; with ``multiple: true`` a ``list``
checkbox                  ``bool``
date                      ``str`` (ISO ``YYYY-MM-DD``) or ``""``
emotion                   ``list[{"name": str, "intensity": int}]``
thought_list              ``{"thoughts": [{"text": str, "belief": int}], "hot": int | None}``
rows                      ``list[dict[column_id, value]]``
========================  ==============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .fields import (
    CheckboxField,
    ChoiceField,
    EmotionField,
    Field,
    NumberField,
    RatingField,
    RowsField,
    ThoughtListField,
)
from .worksheet import Worksheet

Answers = Mapping[str, Any]


def empty_value(field: Any) -> Any:
    """The value of a field nobody has touched yet."""
    if isinstance(field, RatingField):
        return (field.min + field.max) // 2
    if isinstance(field, NumberField):
        return None
    if isinstance(field, ChoiceField):
        return [] if field.multiple else None
    if isinstance(field, CheckboxField):
        return False
    if isinstance(field, EmotionField):
        return []
    if isinstance(field, ThoughtListField):
        return {"thoughts": [], "hot": None}
    if isinstance(field, RowsField):
        return []
    return ""


def is_answered(field: Field, value: Any) -> bool:
    """Whether ``value`` counts as an answer to ``field`` (for required-field checks)."""
    if isinstance(field, RatingField | CheckboxField):
        return value is not None
    if isinstance(field, EmotionField):
        return any(str(item.get("name", "")).strip() for item in value or [])
    if isinstance(field, ThoughtListField):
        thoughts = (value or {}).get("thoughts", [])
        return any(str(t.get("text", "")).strip() for t in thoughts)
    if isinstance(field, RowsField):
        return any(_row_filled(field, row) for row in value or [])
    return _filled(value)


def _row_filled(field: RowsField, row: Mapping[str, Any]) -> bool:
    """A row counts once something in it was typed or chosen (sliders always hold a value)."""
    free = [c for c in field.columns if not isinstance(c, RatingField | CheckboxField)]
    if not free:
        return True
    return any(is_answered(c, row.get(c.id, empty_value(c))) for c in free)


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


def problems(sheet: Worksheet, answers: Answers, step_id: str | None = None) -> dict[str, str]:
    """Fields that still need something, as ``{field_id: message for the client}``.

    ``step_id`` limits the check to one step.
    """
    found: dict[str, str] = {}
    for step in sheet.steps:
        if step_id is not None and step.id != step_id:
            continue
        for field in step.fields:
            value = answers.get(field.id, empty_value(field))
            if field.required and not is_answered(field, value):
                found[field.id] = _missing_message(field)
            elif isinstance(field, ThoughtListField) and is_answered(field, value):
                hot = value.get("hot")
                if hot is None and len(_nonempty_thoughts(value)) > 1:
                    found[field.id] = "Please mark which thought is the hot thought."
            elif isinstance(field, EmotionField) and is_answered(field, value):
                unnamed = [i for i in value if not str(i.get("name", "")).strip()]
                if unnamed:
                    found[field.id] = "Please give each mood a name, or remove the empty one."
    return found


def _missing_message(field: Field) -> str:
    if isinstance(field, EmotionField):
        return "Please name at least one mood and rate it."
    if isinstance(field, ThoughtListField):
        return "Please write down at least one thought."
    if isinstance(field, ChoiceField):
        return "Please choose an answer."
    return "Please fill this in: it is needed for the next steps."


def _nonempty_thoughts(value: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [t for t in value.get("thoughts", []) if str(t.get("text", "")).strip()]


def hot_thought(value: Mapping[str, Any] | None) -> str:
    """The text of the hot thought (the only thought if there is just one)."""
    if not value:
        return ""
    thoughts = value.get("thoughts", [])
    hot = value.get("hot")
    if isinstance(hot, int) and 0 <= hot < len(thoughts):
        return str(thoughts[hot].get("text", "")).strip()
    filled = _nonempty_thoughts(value)
    return str(filled[0].get("text", "")).strip() if len(filled) == 1 else ""


def as_text(field: Field, value: Any) -> str:
    """A plain-text rendering of one answer, for summaries and Markdown exports."""
    if not is_answered(field, value) and not isinstance(field, RatingField | CheckboxField):
        return "—"
    if isinstance(field, RatingField):
        return f"{value}{field.unit}"
    if isinstance(field, CheckboxField):
        return "yes" if value else "no"
    if isinstance(field, ChoiceField):
        labels = {option.value: option.label for option in field.options}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in chosen)
    if isinstance(field, EmotionField):
        return "; ".join(f"{i['name']} {i['intensity']}" for i in value if str(i["name"]).strip())
    if isinstance(field, ThoughtListField):
        hot = value.get("hot")
        lines = []
        for index, t in enumerate(value.get("thoughts", [])):
            if str(t.get("text", "")).strip():
                mark = " (hot thought)" if index == hot else ""
                lines.append(f"{t['text'].strip()} — believed {t['belief']}%{mark}")
        return "\n".join(lines)
    if isinstance(field, RowsField):
        return "\n".join(
            " | ".join(as_text(column, row.get(column.id)) for column in field.columns)
            for row in value
        )
    return str(value)
