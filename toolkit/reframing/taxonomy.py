"""The thinking-trap list, read from ``exercises/traps.yaml``.

The thirteen traps follow Mental Health America's "thinking traps" as used by Sharma et al.
(2023), "Cognitive Reframing of Negative Thoughts through Human-Language Model Interaction", ACL;
they extend the cognitive distortions of Beck (1976) and Burns (1980). Therapists may rename,
hide or add traps by editing the file; everything downstream follows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

import yaml
from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator

from toolkit.exercises.base import Identifier, Strict
from toolkit.exercises.loader import ExerciseFileError, load_model
from toolkit.paths import exercises_dir

if TYPE_CHECKING:
    from pathlib import Path

TRAP_IDS: tuple[str, ...] = (
    "all_or_nothing",
    "overgeneralizing",
    "labeling",
    "fortune_telling",
    "mind_reading",
    "emotional_reasoning",
    "should_statements",
    "personalizing",
    "disqualifying_positive",
    "catastrophizing",
    "comparing_despairing",
    "blaming",
    "negative_feeling",
)
"""The built-in trap ids (DESIGN §3), in the order of ``traps.yaml``."""

M = TypeVar("M", bound=BaseModel)


def load_fast(path: Path, model: type[M]) -> M:
    """Read a YAML file with libyaml when it is there, and validate it as ``model``.

    The pure-Python reader of :func:`~toolkit.exercises.loader.load_model` also maps every node
    to its line, which costs most of the engine's first-use time for the training file. A valid
    file gives the same result either way; on any problem the file is read again by
    ``load_model``, so the error still names the file, the key and the line.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
        return model.model_validate(data)
    except (yaml.YAMLError, ValidationError, UnicodeDecodeError):
        return load_model(path, model)


_Text = Annotated[str, StringConstraints(min_length=1, max_length=400, strip_whitespace=True)]


class Trap(Strict):
    """One thinking trap as declared in ``traps.yaml``."""

    id: Identifier
    name: _Text
    burns_name: _Text
    definition: _Text
    examples: tuple[_Text, ...] = Field(min_length=3)
    questions: tuple[_Text, ...] = Field(min_length=3)
    cue_words: tuple[_Text, ...] = ()
    hidden: bool = False


class TrapList(Strict):
    """The whole ``traps.yaml`` file."""

    schema_version: Literal[1]
    traps: tuple[Trap, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> TrapList:
        seen: set[str] = set()
        for trap in self.traps:
            if trap.id in seen:
                msg = f"trap id {trap.id!r} is declared twice"
                raise ValueError(msg)
            seen.add(trap.id)
        return self

    def visible(self) -> tuple[Trap, ...]:
        """The traps that may be shown (``hidden: false``), in file order."""
        return tuple(trap for trap in self.traps if not trap.hidden)

    def by_id(self) -> dict[str, Trap]:
        """Every trap, hidden or not, keyed by id."""
        return {trap.id: trap for trap in self.traps}


def traps_path() -> Path:
    """Where ``traps.yaml`` is: the exercises folder (``CBT_EXERCISES_DIR`` overrides it)."""
    return exercises_dir() / "traps.yaml"


def load_traps(path: Path | None = None) -> TrapList:
    """Read and validate ``traps.yaml``.

    Parameters
    ----------
    path
        The file to read; by default :func:`traps_path`.

    Raises
    ------
    ExerciseFileError
        When the file is not valid; the message names the file, key and line.

    Examples
    --------
    >>> [t.id for t in load_traps().traps][:2]
    ['all_or_nothing', 'overgeneralizing']
    """
    return load_fast(path or traps_path(), TrapList)


__all__ = [
    "TRAP_IDS",
    "ExerciseFileError",
    "Trap",
    "TrapList",
    "load_fast",
    "load_traps",
    "traps_path",
]
