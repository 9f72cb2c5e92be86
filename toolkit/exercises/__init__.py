"""Exercises declared as data: load and validate the YAML files in ``exercises/``.

>>> from toolkit.exercises import load_exercise
>>> load_exercise("thought_record").title
'Thought record'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field as PydanticField
from pydantic import RootModel

from toolkit.paths import exercises_dir

from .base import SCHEMA_VERSION, Option
from .fields import Field
from .loader import ExerciseFileError, load_model
from .questionnaire import Item, Questionnaire
from .worksheet import Step, Worksheet

Exercise = Worksheet | Questionnaire
MAX_ID_LENGTH = 64

__all__ = [
    "SCHEMA_VERSION",
    "Exercise",
    "ExerciseFileError",
    "Field",
    "Item",
    "Option",
    "Questionnaire",
    "Step",
    "Worksheet",
    "catalog",
    "exercise_files",
    "load_exercise",
    "load_file",
]


class _AnyExercise(RootModel[Worksheet | Questionnaire]):
    root: Worksheet | Questionnaire = PydanticField(discriminator="kind")


def load_file(path: Path) -> Exercise:
    """Load one exercise file; the file name (without ``.yaml``) must equal its ``id``."""
    exercise = load_model(path, _AnyExercise).root
    if exercise.id != path.stem:
        raise ExerciseFileError(path, "id", None, f"must equal the file name {path.stem!r}")
    return exercise


def exercise_files(root: Path | None = None) -> list[Path]:
    """Every worksheet and questionnaire file under ``root`` (default: the exercises folder)."""
    base = root or exercises_dir()
    return sorted([*base.glob("worksheets/*.yaml"), *base.glob("measures/*.yaml")])


@cache
def catalog(root: Path | None = None) -> dict[str, Exercise]:
    """All exercises by id, loaded once per process."""
    found: dict[str, Exercise] = {}
    for path in exercise_files(root):
        exercise = load_file(path)
        if exercise.id in found:
            raise ExerciseFileError(path, "id", None, f"{exercise.id!r} is declared twice")
        found[exercise.id] = exercise
    return found


@cache
def _load_by_id(exercise_id: str, root: Path) -> Exercise:
    for folder in ("worksheets", "measures"):
        path = root / folder / f"{exercise_id}.yaml"
        if path.is_file():
            return load_file(path)
    raise KeyError(exercise_id)


def load_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id, reading only its own file (once per process).

    Raises
    ------
    KeyError
        If no exercise file declares ``exercise_id`` (ids are snake_case; anything else is
        refused before touching the file system).
    """
    if (
        len(exercise_id) > MAX_ID_LENGTH
        or not exercise_id.replace("_", "").isalnum()
        or not exercise_id.islower()
        or not exercise_id.isascii()
    ):
        raise KeyError(exercise_id)
    return _load_by_id(exercise_id, exercises_dir())
