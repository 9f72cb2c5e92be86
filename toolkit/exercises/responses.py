"""Answers to a worksheet: empty values, completeness checks and plain-text rendering.

Value shapes by field kind (what widgets produce, what storage and exports keep; the typed
values and the one serialiser are in :mod:`toolkit.exercises.answers`):

========================  ==============================================================
kind                      value
========================  ==============================================================
text, long_text, time     ``str`` ("" when empty)
number                    ``float | None``
rating                    ``int`` (a slider always holds one: the middle until moved)
scale                     ``int | None`` (``None`` until a number is tapped)
choice                    ``str | int | None``; with ``multiple: true`` a ``list``
checkbox                  ``bool``
date                      ``str`` (ISO ``YYYY-MM-DD``) or ``""`` (``default``: today/yesterday)
emotion                   ``list[{"name": str, "intensity": int | None}]`` (``None``: not re-rated)
thought_list              ``{"thoughts": [{"text": str, "belief": int}], "hot": int | None}``
text_list                 ``list[str]`` (one string per box, empty boxes included)
rows                      ``list[dict[column_id, value]]``, in the order shown on screen
========================  ==============================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .answers import parse_thoughts
from .fields import (
    CheckboxField,
    ChoiceField,
    DateField,
    EmotionField,
    Field,
    NumberField,
    RatingField,
    RowsField,
    ScaleField,
    TextListField,
    ThoughtListField,
)
from .worksheet import Worksheet

Answers = Mapping[str, Any]


def empty_value(field: Any) -> Any:
    """The value of a field nobody has touched yet."""
    if isinstance(field, RatingField):
        return (field.min + field.max) // 2
    if isinstance(field, NumberField | ScaleField):
        return None
    if isinstance(field, TextListField):
        return [""] * field.min_items
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
    if isinstance(field, DateField) and field.default:
        back = 1 if field.default == "yesterday" else 0
        return (dt.date.today() - dt.timedelta(days=back)).isoformat()
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
    if isinstance(field, TextListField):
        return any(str(item).strip() for item in value or [])
    if isinstance(field, RowsField):
        return any(_row_filled(field, row) for row in value or [])
    return _filled(value)


def _row_filled(field: RowsField, row: Mapping[str, Any]) -> bool:
    """A row counts once something in it was typed or chosen (sliders always hold a value)."""
    free = [c for c in field.columns if not isinstance(c, RatingField | CheckboxField)]
    if not free:
        return True
    return any(_typed(c, row.get(c.id, empty_value(c))) for c in free)


def _typed(column: Any, value: Any) -> bool:
    """An answer the client gave (a date still on its ``default`` day does not count)."""
    if isinstance(column, DateField) and column.default and value == empty_value(column):
        return False
    return is_answered(column, value)


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
            elif isinstance(field, RowsField) and is_answered(field, value):
                gap = _row_gap(field, value)
                if gap:
                    found[field.id] = gap
    return found


def _row_gap(field: RowsField, value: Any) -> str:
    """A message naming the first started row that misses a required column, or ``""``."""
    for number, row in enumerate(value or [], start=1):
        if not _row_filled(field, row):
            continue
        for column in field.columns:
            if column.required and not is_answered(column, row.get(column.id)):
                return (
                    f"{field.row_label} {number}: please fill in “{column.label}”, "
                    "or remove the row."
                )
    return ""


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
    thoughts = parse_thoughts(value)
    return thoughts.hot_text() if thoughts is not None else ""


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
        return "; ".join(
            f"{i['name']} {'not re-rated' if i.get('intensity') is None else i['intensity']}"
            for i in value
            if str(i["name"]).strip()
        )
    if isinstance(field, ThoughtListField):
        hot = value.get("hot")
        lines = []
        for index, t in enumerate(value.get("thoughts", [])):
            if str(t.get("text", "")).strip():
                mark = " (hot thought)" if index == hot else ""
                lines.append(f"{t['text'].strip()} — believed {t['belief']}%{mark}")
        return "\n".join(lines)
    if isinstance(field, ScaleField):
        return f"{value}{field.unit}"
    if isinstance(field, NumberField):
        return f"{value:g}{(' ' + field.unit) if field.unit else ''}"
    if isinstance(field, TextListField):
        return "\n".join(f"• {item.strip()}" for item in value if str(item).strip())
    if isinstance(field, RowsField):
        return "\n".join(
            f"{number}. {_row_text(field, row)}"
            for number, row in enumerate(ordered_rows(field, value), start=1)
        )
    return str(value)


def ordered_rows(field: RowsField, value: Any) -> list[Mapping[str, Any]]:
    """The rows that hold an answer, sorted by ``ordered_by`` (lowest first) if it is set.

    Unrated rows go last; rows with equal ratings keep their order.
    """
    rows = [row for row in value or [] if _row_filled(field, row)]
    key = field.ordered_by
    if key is None:
        return rows
    rated = [row for row in rows if isinstance(row.get(key), int | float)]
    unrated = [row for row in rows if not isinstance(row.get(key), int | float)]
    return [*sorted(rated, key=lambda row: float(row[key])), *unrated]


def _row_text(field: RowsField, row: Mapping[str, Any]) -> str:
    """One row on one line: ``Label: answer`` for each column that holds one."""
    parts = []
    for column in field.columns:
        value = row.get(column.id, empty_value(column))
        if is_answered(column, value) or isinstance(column, RatingField):
            text = " ".join(as_text(column, value).split())
            parts.append(f"{column.label.rstrip('?:').strip()}: {text}")
    return "; ".join(parts)
