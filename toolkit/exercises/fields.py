"""Field specs: the building blocks of worksheets, one model per field kind.

A field kind is declared here (what a YAML file may say) and rendered by the widget registry in
``toolkit.ui.fields`` (how it looks). Adding a kind means adding a model here, adding it to
:data:`Field`, and registering a widget builder for it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field as PydanticField
from pydantic import model_validator

from .base import Identifier, Option, Strict


class FieldBase(Strict):
    """Keys every field has."""

    id: Identifier
    label: str
    help: str = ""
    required: bool = False


class TextField(FieldBase):
    """One line of free text."""

    kind: Literal["text"]
    placeholder: str = ""
    max_length: int = 500


class LongTextField(FieldBase):
    """Several lines of free text. ``ai_suggestions`` attaches the thinking-trap panel."""

    kind: Literal["long_text"]
    placeholder: str = ""
    max_length: int = 5000
    ai_suggestions: bool = False


class NumberField(FieldBase):
    """A number typed in, with bounds (hours slept, minutes spent)."""

    kind: Literal["number"]
    min: float = 0
    max: float = 1000
    step: float = 1
    unit: str = ""


class RatingField(FieldBase):
    """A whole-number rating on a slider (belief 0–100 %, mastery 0–10, SUDS 0–100)."""

    kind: Literal["rating"]
    min: int = 0
    max: int = 10
    step: int = 1
    unit: str = ""
    low_label: str = ""
    high_label: str = ""

    @model_validator(mode="after")
    def _bounds(self) -> RatingField:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be above min ({self.min})")
        return self


class ChoiceField(FieldBase):
    """Pick one (``multiple: false``) or several options."""

    kind: Literal["choice"]
    options: tuple[Option, ...] = PydanticField(min_length=2)
    multiple: bool = False


class CheckboxField(FieldBase):
    """A yes/no tick."""

    kind: Literal["checkbox"]


class DateField(FieldBase):
    """A calendar date."""

    kind: Literal["date"]


class TimeField(FieldBase):
    """A time of day (HH:MM)."""

    kind: Literal["time"]
    placeholder: str = "HH:MM"
    max_length: int = 5


class EmotionField(FieldBase):
    """Several named feelings, each with an intensity 0–100.

    ``rerate_of`` names an earlier emotion field: the same feelings are listed again for a new
    rating, and a chart compares the two.
    """

    kind: Literal["emotion"]
    suggestions: tuple[str, ...] = ()
    max_items: int = 8
    rerate_of: Identifier | None = None


class ThoughtListField(FieldBase):
    """Several thoughts, each with a belief rating 0–100 %; one is marked as the hot thought."""

    kind: Literal["thought_list"]
    max_items: int = 8
    pick_label: str = "This is the hot thought"
    ai_suggestions: bool = False


class RowsField(FieldBase):
    """A repeatable group of sub-fields (an activity log, the steps of a ladder)."""

    kind: Literal["rows"]
    columns: tuple[Column, ...] = PydanticField(min_length=1)
    min_rows: int = 1
    max_rows: int = 50
    add_label: str = "Add a row"
    ordered_by: Identifier | None = None


Column = Annotated[
    TextField
    | LongTextField
    | NumberField
    | RatingField
    | ChoiceField
    | CheckboxField
    | DateField
    | TimeField,
    PydanticField(discriminator="kind"),
]
"""What a row may hold: the simple field kinds."""

Field = Annotated[
    TextField
    | LongTextField
    | NumberField
    | RatingField
    | ChoiceField
    | CheckboxField
    | DateField
    | TimeField
    | EmotionField
    | ThoughtListField
    | RowsField,
    PydanticField(discriminator="kind"),
]
"""Any field a worksheet step may hold."""

RowsField.model_rebuild()
