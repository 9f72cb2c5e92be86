"""Questionnaires (standard measures): items, anchors and the scoring rule, declared as data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field as PydanticField

from .base import Identifier, Option, Strict


class Item(Strict):
    """One question. ``options`` overrides the questionnaire's shared anchors."""

    id: Identifier
    text: str
    options: tuple[Option, ...] = ()
    loinc: str | None = None


class Band(Strict):
    """A severity band of a total, inclusive on both ends."""

    min: float
    max: float
    label: str
    description: str = ""


class Questionnaire(Strict):
    """A measure declared in ``exercises/measures/*.yaml``."""

    schema_version: Literal[1]
    id: Identifier
    kind: Literal["questionnaire"]
    title: str
    short_title: str
    summary: str
    instructions: str
    recall_period: str = ""
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = PydanticField(min_length=1)
    bands: tuple[Band, ...] = ()
    licence: str
    citation: str

    def options_for(self, item: Item) -> tuple[Option, ...]:
        """The answer choices of ``item``."""
        return item.options or self.options
