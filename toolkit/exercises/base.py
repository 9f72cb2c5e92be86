"""Shared pieces of every exercise model: strict frozen models and identifiers."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

SCHEMA_VERSION = 1
"""The exercise-file schema version this code reads (``schema_version:`` in each YAML file)."""

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""A lower-case snake_case id, used in URLs, storage and exports."""


class Strict(BaseModel):
    """Base for every spec model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Option(Strict):
    """One answer choice: the stored value and the words shown."""

    value: int | str
    label: str
    loinc: str | None = None
    """The LOINC answer code (``LA…``) of this choice, for measures with a LOINC answer list."""
    loinc_display: str | None = None
    """LOINC's display name of that answer, where it differs from ``label`` (GAD-7 item 2)."""
