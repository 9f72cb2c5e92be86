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
    later: bool = False
    """Filled in afterwards (did the activity happen, what the experiment showed): the form
    marks it, and practice mode keeps such a worksheet's draft on the client's device."""


PICK_FROM = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"


class TextField(FieldBase):
    """One line of free text.

    ``pick_from: FIELD.COLUMN`` offers the answers of an earlier ``rows`` field's text column
    to pick from instead of a box to type in (the exposure ladder's "Which step first?"); the
    answer is still the text of the row picked, so it is stored and exported like any text.
    """

    kind: Literal["text"]
    placeholder: str = ""
    max_length: int = 500
    pick_from: str | None = PydanticField(default=None, pattern=PICK_FROM)

    @property
    def pick_source(self) -> tuple[str, str] | None:
        """``(rows field id, column id)`` of ``pick_from``, or ``None``."""
        if self.pick_from is None:
            return None
        rows, column = self.pick_from.split(".", 1)
        return rows, column


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


class ScaleField(FieldBase):
    """A whole-number rating picked by tapping one of a row of numbers (mastery 0–10).

    Unlike ``rating`` (a slider, which always holds a value) it starts empty, so "not rated yet"
    stays distinct from a rating; it suits short scales on phones (at most 21 numbers).
    """

    kind: Literal["scale"]
    min: int = 0
    max: int = 10
    step: int = 1
    unit: str = ""
    low_label: str = ""
    high_label: str = ""

    @model_validator(mode="after")
    def _bounds(self) -> ScaleField:
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be above min ({self.min})")
        if self.step < 1:
            raise ValueError(f"step ({self.step}) must be 1 or more")
        if len(self.points) > 21:
            raise ValueError(
                f"{len(self.points)} numbers to tap is too many: use a rating slider, "
                "or a larger step"
            )
        return self

    @property
    def points(self) -> tuple[int, ...]:
        """The numbers offered, lowest first."""
        return tuple(range(self.min, self.max + 1, self.step))


class ChoiceField(FieldBase):
    """Pick one (``multiple: false``) or several options.

    ``display`` chooses how a single choice looks: ``list`` (radio buttons, the default),
    ``dropdown`` (compact, for long lists such as days of the week inside a row) or ``buttons``
    (a row of buttons, for two to five short answers). Several answers are always a list of
    tick boxes.
    """

    kind: Literal["choice"]
    options: tuple[Option, ...] = PydanticField(min_length=2)
    multiple: bool = False
    display: Literal["list", "dropdown", "buttons"] = "list"

    @model_validator(mode="after")
    def _display(self) -> ChoiceField:
        if self.multiple and self.display != "list":
            raise ValueError(f"display {self.display!r} offers one answer: drop multiple: true")
        values = [option.value for option in self.options]
        if len(set(values)) != len(values):
            raise ValueError("two options have the same value")
        return self


class CheckboxField(FieldBase):
    """A yes/no tick."""

    kind: Literal["checkbox"]


class DateField(FieldBase):
    """A calendar date, typed in the order of the configured locale (``CBT_LOCALE``: day first
    except in the United States) or picked with "Today" / "Yesterday".

    ``default: today`` (or ``yesterday``, for a diary filled in the morning after) starts the
    field on that day.
    """

    kind: Literal["date"]
    default: Literal["", "today", "yesterday"] = ""


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


class TextListField(FieldBase):
    """A growing list of short texts (three good things, options to brainstorm)."""

    kind: Literal["text_list"]
    item_label: str = "Item"
    placeholder: str = ""
    min_items: int = PydanticField(default=1, ge=1, le=20)
    max_items: int = PydanticField(default=20, ge=1, le=100)
    max_length: int = 500
    add_label: str = "Add another"

    @model_validator(mode="after")
    def _counts(self) -> TextListField:
        if self.max_items < self.min_items:
            raise ValueError(f"max_items ({self.max_items}) is below min_items ({self.min_items})")
        return self


class RowsField(FieldBase):
    """A repeatable group of sub-fields (an activity log, the steps of a ladder).

    ``ordered_by`` names a numeric column (``rating``, ``scale`` or ``number``): the form offers
    a button to sort the rows by it, lowest first, and summaries list the rows in that order (an
    exposure ladder, easiest step first). ``row_label`` names one row ("Step" → "Step 2",
    "Remove step 2").
    """

    kind: Literal["rows"]
    columns: tuple[Column, ...] = PydanticField(min_length=1)
    min_rows: int = PydanticField(default=1, ge=0, le=50)
    max_rows: int = PydanticField(default=50, ge=1, le=200)
    add_label: str = "Add a row"
    row_label: str = "Row"
    ordered_by: Identifier | None = None
    sort_label: str = ""

    @model_validator(mode="after")
    def _columns(self) -> RowsField:
        ids = [column.id for column in self.columns]
        if len(set(ids)) != len(ids):
            raise ValueError("two columns have the same id")
        if self.max_rows < self.min_rows:
            raise ValueError(f"max_rows ({self.max_rows}) is below min_rows ({self.min_rows})")
        if self.ordered_by is not None:
            column = self.column(self.ordered_by)
            if not isinstance(column, RatingField | ScaleField | NumberField):
                raise ValueError(
                    f"ordered_by must name a rating, scale or number column, got "
                    f"{self.ordered_by!r}"
                )
        return self

    def column(self, column_id: str) -> Column:
        """The column with this id (ValueError if there is none)."""
        for column in self.columns:
            if column.id == column_id:
                return column
        raise ValueError(f"no column {column_id!r} in rows field {self.id!r}")


Column = Annotated[
    TextField
    | LongTextField
    | NumberField
    | RatingField
    | ScaleField
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
    | ScaleField
    | ChoiceField
    | CheckboxField
    | DateField
    | TimeField
    | EmotionField
    | ThoughtListField
    | TextListField
    | RowsField,
    PydanticField(discriminator="kind"),
]
"""Any field a worksheet step may hold."""

RowsField.model_rebuild()
