"""Worked thought records for the learn page, declared as data in ``worked_examples.yaml``.

Each example is a complete thought record (the fields of ``worksheets/thought_record.yaml``)
that the page shows one step at a time, so students can see how a hot thought is examined.

Examples
--------
>>> book = load_worked_examples()
>>> len(book.examples) >= 3
True
>>> [step.title for step in STEPS][:2]
['Situation', 'Moods']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from toolkit.exercises.base import Identifier, Strict
from toolkit.exercises.loader import load_model
from toolkit.paths import exercises_dir

if TYPE_CHECKING:
    from pathlib import Path

_Text = Annotated[str, StringConstraints(min_length=1, max_length=600, strip_whitespace=True)]
_Percent = Annotated[int, Field(ge=0, le=100)]


class Mood(Strict):
    """A mood and how strong it was, 0–100."""

    name: _Text
    intensity: _Percent


class WorkedExample(Strict):
    """One complete thought record."""

    id: Identifier
    title: _Text
    situation: _Text
    moods: tuple[Mood, ...] = Field(min_length=1)
    thoughts: tuple[_Text, ...] = Field(min_length=1)
    hot_thought: int = Field(ge=0)
    belief: _Percent
    traps: tuple[Identifier, ...] = Field(min_length=1)
    evidence_for: tuple[_Text, ...] = Field(min_length=1)
    evidence_against: tuple[_Text, ...] = Field(min_length=1)
    balanced_thought: _Text
    balanced_belief: _Percent
    moods_after: tuple[Mood, ...] = Field(min_length=1)
    lesson: _Text

    @model_validator(mode="after")
    def _consistent(self) -> WorkedExample:
        if self.hot_thought >= len(self.thoughts):
            msg = f"example {self.id!r}: hot_thought {self.hot_thought} is not a thought index"
            raise ValueError(msg)
        if [m.name for m in self.moods_after] != [m.name for m in self.moods]:
            msg = f"example {self.id!r}: moods_after must re-rate the same moods, in order"
            raise ValueError(msg)
        return self

    @property
    def hot(self) -> str:
        """The hot thought's text."""
        return self.thoughts[self.hot_thought]


class WorkedExampleFile(Strict):
    """The whole ``worked_examples.yaml`` file."""

    schema_version: Literal[1]
    examples: tuple[WorkedExample, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> WorkedExampleFile:
        ids = [e.id for e in self.examples]
        if len(set(ids)) != len(ids):
            msg = "worked example ids must be unique"
            raise ValueError(msg)
        return self


def load_worked_examples(path: Path | None = None) -> WorkedExampleFile:
    """Read and validate ``worked_examples.yaml`` (errors name the file, key and line)."""
    return load_model(path or exercises_dir() / "worked_examples.yaml", WorkedExampleFile)


StepKind = Literal[
    "situation", "moods", "thoughts", "traps", "for", "against", "balanced", "after", "lesson"
]


@dataclass(frozen=True)
class Step:
    """One step of a worked example, as the page shows it."""

    kind: StepKind
    title: str
    help: str


STEPS: tuple[Step, ...] = (
    Step("situation", "Situation", "Where, when, who with: the facts a camera would record."),
    Step("moods", "Moods", "Each feeling in one word, rated 0–100 for how strong it was."),
    Step(
        "thoughts",
        "Automatic thoughts",
        "What went through the mind. The hot thought, the one with the most feeling, is marked.",
    ),
    Step("traps", "Thinking traps", "Which traps the hot thought falls into."),
    Step("for", "Evidence for", "Facts that support the hot thought (facts, not feelings)."),
    Step("against", "Evidence against", "Facts that do not fit the hot thought."),
    Step(
        "balanced",
        "Balanced thought",
        "A fairer thought that takes in the evidence on both sides.",
    ),
    Step("after", "Moods re-rated", "The same moods, rated again after the balanced thought."),
    Step("lesson", "What this example shows", "The take-away for students."),
)
"""The steps every worked example is shown in, in order."""


__all__ = [
    "STEPS",
    "Mood",
    "Step",
    "WorkedExample",
    "WorkedExampleFile",
    "load_worked_examples",
]
