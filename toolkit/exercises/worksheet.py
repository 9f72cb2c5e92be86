"""Worksheets: exercises made of steps of fields (thought record, activity log, ladder …)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField
from pydantic import model_validator

from .base import Identifier, Strict
from .fields import EmotionField, Field, ThoughtListField


class Step(Strict):
    """One section of a worksheet, shown as a titled group.

    ``recall`` names an earlier field whose answer stays pinned above this step (the hot thought
    while the client weighs the evidence).
    """

    id: Identifier
    title: str
    help: str = ""
    fields: tuple[Field, ...] = PydanticField(min_length=1)
    recall: Identifier | None = None


class ChartSpec(Strict):
    """A chart drawn from the answers when the worksheet is complete."""

    kind: Literal["mood_change"]
    title: str
    before: Identifier
    after: Identifier


class Worksheet(Strict):
    """A worksheet declared in ``exercises/worksheets/*.yaml``."""

    schema_version: Literal[1]
    id: Identifier
    kind: Literal["worksheet"]
    title: str
    summary: str
    instructions: str = ""
    category: Literal["cognitive", "behavioural", "exposure", "monitoring", "problem_solving"]
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

    @model_validator(mode="after")
    def _references(self) -> Worksheet:
        seen: dict[str, Field] = {}
        for step in self.steps:
            if step.recall is not None and step.recall not in seen:
                raise ValueError(f"step {step.id!r} recalls {step.recall!r}, not an earlier field")
            for field in step.fields:
                if field.id in seen:
                    raise ValueError(f"field id {field.id!r} is used twice")
                if isinstance(field, EmotionField) and field.rerate_of is not None:
                    earlier = seen.get(field.rerate_of)
                    if not isinstance(earlier, EmotionField):
                        raise ValueError(
                            f"field {field.id!r} re-rates {field.rerate_of!r}, "
                            "which is not an earlier emotion field"
                        )
                seen[field.id] = field
        for chart in self.charts:
            for ref in (chart.before, chart.after):
                if not isinstance(seen.get(ref), EmotionField):
                    raise ValueError(f"chart {chart.title!r} needs emotion field {ref!r}")
        return self

    def hot_thought_field(self) -> ThoughtListField | None:
        """The thought list of this worksheet, if it has one."""
        for field in self.fields:
            if isinstance(field, ThoughtListField):
                return field
        return None
