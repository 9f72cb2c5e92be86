"""Worksheets: exercises made of steps of fields (thought record, activity log, ladder …)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field as PydanticField
from pydantic import ValidationError, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .base import Identifier, Strict
from .fields import (
    ChoiceField,
    DateField,
    EmotionField,
    Field,
    LongTextField,
    NumberField,
    RatingField,
    RowsField,
    ScaleField,
    TextField,
    ThoughtListField,
    TimeField,
)

Category = Literal[
    "assessment", "cognitive", "behavioural", "exposure", "monitoring", "problem_solving"
]
"""Groups of exercises, for listings. ``assessment``: getting to know the problem (intake)."""

_NUMERIC = (RatingField, ScaleField, NumberField)
_RECALLABLE = (TextField, LongTextField, ThoughtListField)


class Step(Strict):
    """One section of a worksheet, shown as a titled group.

    ``recall`` names an earlier ``text``, ``long_text`` or ``thought_list`` field whose answer
    stays pinned above this step (the hot thought while the client weighs the evidence, the
    prediction while they write down what happened).
    """

    id: Identifier
    title: str
    help: str = ""
    fields: tuple[Field, ...] = PydanticField(min_length=1)
    recall: Identifier | None = None


class MoodChangeChart(Strict):
    """Moods before and after (two ``emotion`` fields), as grouped bars."""

    kind: Literal["mood_change"]
    title: str
    before: Identifier
    after: Identifier


class BeliefPair(Strict):
    """One belief rated twice: a label and two 0–100 ``rating`` or ``scale`` fields."""

    label: str
    before: Identifier
    after: Identifier


class BeliefChangeChart(Strict):
    """How strongly beliefs were held before and after (a behavioural experiment)."""

    kind: Literal["belief_change"]
    title: str
    beliefs: tuple[BeliefPair, ...] = PydanticField(min_length=1)


class MasteryPleasureChart(Strict):
    """Mastery and pleasure (0–10) per activity, from the rows of an activity log.

    ``when`` lists columns (a day, a time) whose answers follow each activity's label; rows with
    no activity, or with neither rating, are left out.
    """

    kind: Literal["mastery_pleasure"]
    title: str
    rows: Identifier
    activity: Identifier
    mastery: Identifier
    pleasure: Identifier
    when: tuple[Identifier, ...] = ()


class SudsChart(Strict):
    """SUDS (0–100) before, at the peak of and after each practice, from a practice log."""

    kind: Literal["suds"]
    title: str
    rows: Identifier
    label: Identifier
    before: Identifier
    peak: Identifier
    after: Identifier


class LadderChart(Strict):
    """The steps of an exposure ladder as bars of their SUDS rating, hardest on top."""

    kind: Literal["ladder"]
    title: str
    rows: Identifier
    step: Identifier
    suds: Identifier


ChartSpec = Annotated[
    MoodChangeChart | BeliefChangeChart | MasteryPleasureChart | SudsChart | LadderChart,
    PydanticField(discriminator="kind"),
]
"""A chart drawn from the answers when the worksheet is complete."""


class Worksheet(Strict):
    """A worksheet declared in ``exercises/worksheets/*.yaml``."""

    schema_version: Literal[1]
    id: Identifier
    kind: Literal["worksheet"]
    title: str
    summary: str
    instructions: str = ""
    category: Category
    estimated_minutes: int = PydanticField(default=10, ge=1, le=120)
    steps: tuple[Step, ...] = PydanticField(min_length=1)
    charts: tuple[ChartSpec, ...] = ()

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every top-level field, in order."""
        return tuple(field for step in self.steps for field in step.fields)

    def field(self, field_id: str) -> Field:
        """The field with this id (KeyError if there is none)."""
        for field in self.fields:
            if field.id == field_id:
                return field
        raise KeyError(field_id)

    @field_validator("steps")
    @classmethod
    def _step_references(cls, steps: tuple[Step, ...]) -> tuple[Step, ...]:
        errors: list[InitErrorDetails] = []
        seen: dict[str, Field] = {}
        for index, step in enumerate(steps):
            if step.recall is not None:
                earlier = seen.get(step.recall)
                if not isinstance(earlier, _RECALLABLE):
                    errors.append(
                        _reference_error(
                            (index, "recall"),
                            step.recall,
                            f"step {step.id!r} recalls {step.recall!r}, which is not an earlier "
                            "text, long_text or thought_list field",
                        )
                    )
            for number, field in enumerate(step.fields):
                where = (index, "fields", number)
                if field.id in seen:
                    errors.append(
                        _reference_error(
                            (*where, "id"), field.id, f"field id {field.id!r} is used twice"
                        )
                    )
                if (
                    isinstance(field, EmotionField)
                    and field.rerate_of is not None
                    and not isinstance(seen.get(field.rerate_of), EmotionField)
                ):
                    errors.append(
                        _reference_error(
                            (*where, "rerate_of"),
                            field.rerate_of,
                            f"field {field.id!r} re-rates {field.rerate_of!r}, "
                            "which is not an earlier emotion field",
                        )
                    )
                if isinstance(field, TextField) and field.pick_source is not None:
                    problem = _pick_problem(field, seen)
                    if problem:
                        errors.append(_reference_error((*where, "pick_from"), field.id, problem))
                seen.setdefault(field.id, field)
        if errors:
            raise ValidationError.from_exception_data("Step", errors)
        return steps

    @field_validator("charts")
    @classmethod
    def _chart_references(
        cls, charts: tuple[ChartSpec, ...], info: ValidationInfo
    ) -> tuple[ChartSpec, ...]:
        steps: Sequence[Step] | None = info.data.get("steps")
        if steps is None:  # the steps are invalid: that error is reported instead
            return charts
        fields = {field.id: field for step in steps for field in step.fields}
        errors = [
            _reference_error((index, *(key if isinstance(key, tuple) else (key,))), ref, problem)
            for index, chart in enumerate(charts)
            for key, ref, problem in _chart_problems(chart, fields)
        ]
        if errors:
            raise ValidationError.from_exception_data("ChartSpec", errors)
        return charts

    def hot_thought_field(self) -> ThoughtListField | None:
        """The thought list of this worksheet, if it has one."""
        for field in self.fields:
            if isinstance(field, ThoughtListField):
                return field
        return None


def _pick_problem(field: TextField, seen: Mapping[str, Field]) -> str:
    """Why ``field.pick_from`` does not name an earlier rows field's text column (or "")."""
    assert field.pick_source is not None
    rows_id, column_id = field.pick_source
    rows = seen.get(rows_id)
    if not isinstance(rows, RowsField):
        return f"field {field.id!r} picks from {rows_id!r}, which is not an earlier rows field"
    if not any(c.id == column_id and isinstance(c, TextField) for c in rows.columns):
        return f"field {field.id!r} picks from {field.pick_from!r}: no text column {column_id!r}"
    return ""


def _reference_error(loc: tuple[int | str, ...], ref: str, problem: str) -> InitErrorDetails:
    return InitErrorDetails(
        type=PydanticCustomError("bad_reference", "{problem}", {"problem": problem}),
        loc=loc,
        input=ref,
    )


def _chart_problems(
    chart: ChartSpec, fields: Mapping[str, Field]
) -> Iterator[tuple[str | tuple[str | int, ...], str, str]]:
    """``(key, reference, problem)`` for every reference of ``chart`` that does not fit.

    ``key`` is a key of the chart, or a path below it (``("beliefs", 1, "after")``).
    """
    if isinstance(chart, MoodChangeChart):
        for key, ref in (("before", chart.before), ("after", chart.after)):
            if not isinstance(fields.get(ref), EmotionField):
                yield key, ref, f"chart {chart.title!r} needs emotion field {ref!r}"
    elif isinstance(chart, BeliefChangeChart):
        for number, pair in enumerate(chart.beliefs):
            for key, ref in (("before", pair.before), ("after", pair.after)):
                field = fields.get(ref)
                if not (isinstance(field, RatingField | ScaleField) and _within(field, 0, 100)):
                    yield (
                        ("beliefs", number, key),
                        ref,
                        f"chart {chart.title!r} needs a 0–100 rating or scale field {ref!r}",
                    )
    else:
        rows = fields.get(chart.rows)
        if not isinstance(rows, RowsField):
            yield "rows", chart.rows, f"chart {chart.title!r} needs a rows field {chart.rows!r}"
            return
        columns = {column.id: column for column in rows.columns}
        for where, ref, kinds, what, top in _wanted_columns(chart):
            column = columns.get(ref)
            if not isinstance(column, kinds):
                yield (
                    where,
                    ref,
                    f"chart {chart.title!r} needs {what} column {ref!r} in {rows.id!r}",
                )
            elif top and not _within(column, 0, top):
                yield where, ref, f"column {ref!r} must be rated within 0–{top} for this chart"


_Wanted = tuple[str | tuple[str | int, ...], str, tuple[type[Any], ...], str, int]
"""A column a chart reads: key in the chart spec, column id, kinds allowed, what, top rating."""


def _wanted_columns(chart: MasteryPleasureChart | SudsChart | LadderChart) -> list[_Wanted]:
    text = (TextField, LongTextField, ChoiceField)
    if isinstance(chart, MasteryPleasureChart):
        return [
            ("activity", chart.activity, text, "a text", 0),
            ("mastery", chart.mastery, _NUMERIC, "a 0–10 rating", 10),
            ("pleasure", chart.pleasure, _NUMERIC, "a 0–10 rating", 10),
            *(
                (("when", i), ref, (ChoiceField, DateField, TimeField, TextField), "a day", 0)
                for i, ref in enumerate(chart.when)
            ),
        ]
    if isinstance(chart, SudsChart):
        return [
            ("label", chart.label, (DateField, *text), "a date or text", 0),
            ("before", chart.before, _NUMERIC, "a 0–100 rating", 100),
            ("peak", chart.peak, _NUMERIC, "a 0–100 rating", 100),
            ("after", chart.after, _NUMERIC, "a 0–100 rating", 100),
        ]
    return [
        ("step", chart.step, (TextField, LongTextField), "a text", 0),
        ("suds", chart.suds, _NUMERIC, "a 0–100 rating", 100),
    ]


def _within(field: Any, low: float, high: float) -> bool:
    return bool(low <= field.min and field.max <= high)
