"""The thinking-trap quiz: items declared as data, answers checked, and spaced practice.

Items live in ``exercises/quiz.yaml`` (validated strictly: unknown keys are errors naming the
file, key and line). Each item is a thought in a situation and the trap or traps it shows; an
empty ``answer`` is a balanced thought with no trap. Practice follows a simple Leitner system
(Leitner 1972, *So lernt man lernen*): an item answered wrongly goes back to the first box and
returns after a few other questions; an item answered rightly moves up a box and returns later
and later. Everything here is pure: states are frozen and every step returns a new one.

Examples
--------
>>> quiz = load_quiz()
>>> len(quiz.items) >= 80
True
>>> item = quiz.items[0]
>>> grade(item, item.answer).correct
True
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from toolkit.exercises.base import Identifier, Strict
from toolkit.exercises.loader import load_model
from toolkit.paths import exercises_dir

if TYPE_CHECKING:
    from pathlib import Path

_Text = Annotated[str, StringConstraints(min_length=1, max_length=600, strip_whitespace=True)]
_Cue = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]

LEVELS: dict[int, str] = {1: "easy", 2: "medium", 3: "hard"}
"""Difficulty levels by number, as the learner chooses them."""

RETRY_GAP = 3
"""A wrongly answered item comes back after this many other questions."""

BOX_INTERVALS: tuple[int, ...] = (RETRY_GAP, 12, 40, 120)
"""Questions to wait before an item in box 0, 1, 2, 3 is due again (Leitner boxes)."""


def _mentions(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


class QuizItem(Strict):
    """One quiz question.

    Attributes
    ----------
    id
        A stable snake_case id (class results are stored by it).
    situation
        What was happening, in a few words.
    thought
        The automatic thought the learner classifies.
    answer
        The trap ids the thought shows, most important first; empty for a balanced thought.
    cues
        The words of the thought that point to the answer (highlighted in the feedback); for a
        balanced thought, the words that keep it balanced.
    explanation
        Why the answer is right; it names every cue word.
    difficulty
        1 (easy), 2 (medium) or 3 (hard).
    """

    id: Identifier
    situation: _Text
    thought: _Text
    answer: tuple[Identifier, ...] = Field(default=(), max_length=3)
    cues: tuple[_Cue, ...] = Field(default=(), max_length=6)
    explanation: _Text
    difficulty: Literal[1, 2, 3]

    @model_validator(mode="after")
    def _consistent(self) -> QuizItem:
        if len(set(self.answer)) != len(self.answer):
            msg = f"item {self.id!r}: a trap is listed twice in answer"
            raise ValueError(msg)
        if self.answer and not self.cues:
            msg = f"item {self.id!r}: an item with a trap needs the cue words that show it"
            raise ValueError(msg)
        for cue in self.cues:
            if not _mentions(self.thought, cue):
                msg = f"item {self.id!r}: cue {cue!r} is not in the thought"
                raise ValueError(msg)
            if cue.lower() not in self.explanation.lower():
                msg = f"item {self.id!r}: the explanation does not name the cue {cue!r}"
                raise ValueError(msg)
        return self

    @property
    def balanced(self) -> bool:
        """True for a thought with no trap."""
        return not self.answer


class QuizFile(Strict):
    """The whole ``quiz.yaml`` file."""

    schema_version: Literal[1]
    items: tuple[QuizItem, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> QuizFile:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                msg = f"quiz item id {item.id!r} is declared twice"
                raise ValueError(msg)
            seen.add(item.id)
        return self

    def by_id(self) -> dict[str, QuizItem]:
        """Every item keyed by id."""
        return {item.id: item for item in self.items}

    def trap_ids(self) -> frozenset[str]:
        """Every trap id used in an answer."""
        return frozenset(trap for item in self.items for trap in item.answer)


def quiz_path() -> Path:
    """Where ``quiz.yaml`` is: the exercises folder (``CBT_EXERCISES_DIR`` overrides it)."""
    return exercises_dir() / "quiz.yaml"


def load_quiz(path: Path | None = None) -> QuizFile:
    """Read and validate ``quiz.yaml``.

    Raises
    ------
    toolkit.exercises.loader.ExerciseFileError
        When the file is not valid; the message names the file, key and line.
    """
    return load_model(path or quiz_path(), QuizFile)


def playable(
    items: Iterable[QuizItem], visible_traps: Iterable[str], level: int | None = None
) -> tuple[QuizItem, ...]:
    """The items a learner can answer: every answer trap is shown, and the level matches.

    A trap hidden in ``traps.yaml`` cannot be ticked, so items that need it are left out.

    Examples
    --------
    >>> quiz = load_quiz()
    >>> easy = playable(quiz.items, [t for i in quiz.items for t in i.answer], level=1)
    >>> {i.difficulty for i in easy}
    {1}
    """
    shown = set(visible_traps)
    return tuple(
        item
        for item in items
        if set(item.answer) <= shown and (level is None or item.difficulty == level)
    )


# -- checking an answer ---------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """How a learner's choice compares with the answer key.

    ``chosen`` is empty when the learner said "no trap, balanced".
    """

    item_id: str
    answer: tuple[str, ...]
    chosen: tuple[str, ...]

    @property
    def correct(self) -> bool:
        """Right only when exactly the answer's traps were chosen."""
        return set(self.answer) == set(self.chosen)

    @property
    def found(self) -> tuple[str, ...]:
        """Answer traps the learner chose."""
        return tuple(t for t in self.answer if t in self.chosen)

    @property
    def missed(self) -> tuple[str, ...]:
        """Answer traps the learner did not choose."""
        return tuple(t for t in self.answer if t not in self.chosen)

    @property
    def extra(self) -> tuple[str, ...]:
        """Traps the learner chose that are not in the answer."""
        return tuple(t for t in self.chosen if t not in self.answer)


def grade(item: QuizItem, chosen: Iterable[str]) -> Verdict:
    """Compare the chosen traps (empty: "no trap") with the item's answer.

    Examples
    --------
    >>> item = QuizItem(
    ...     id="x", situation="s", thought="I always fail", answer=("overgeneralizing",),
    ...     cues=("always",), explanation="“always” turns one event into a rule.", difficulty=1,
    ... )
    >>> v = grade(item, ["overgeneralizing", "labeling"])
    >>> v.correct, v.found, v.extra
    (False, ('overgeneralizing',), ('labeling',))
    """
    return Verdict(item.id, item.answer, tuple(dict.fromkeys(chosen)))


EASY_START = 3
"""Questions of an all-levels quiz that are easy, before the levels mix."""


def gentle_order(
    items: Sequence[QuizItem], *, seed: int | None = None, easy_start: int = EASY_START
) -> list[str]:
    """Item ids for an all-levels quiz: shuffled, but the first ``easy_start`` are easy ones.

    A learner who picks "All levels" warms up before the harder items come in.

    Examples
    --------
    >>> make = lambda i, d: QuizItem(id=i, situation="s", thought="t", answer=(), cues=(),
    ...                              explanation="e", difficulty=d)
    >>> items = [make("hard1", 3), make("mid1", 2), make("easy1", 1), make("easy2", 1)]
    >>> order = gentle_order(items, seed=4, easy_start=2)
    >>> sorted(order[:2]), sorted(order)
    (['easy1', 'easy2'], ['easy1', 'easy2', 'hard1', 'mid1'])
    """
    ids = [item.id for item in items]
    if seed is not None:
        random.Random(seed).shuffle(ids)  # noqa: S311 - question order, not a secret
    level = {item.id: item.difficulty for item in items}
    easy = [i for i in ids if level[i] == 1][:easy_start]
    return easy + [i for i in ids if i not in easy]


# -- score and streak ---------------------------------------------------------------------


@dataclass(frozen=True)
class QuizScore:
    """Answers so far, right answers, the current streak and the best one."""

    answered: int = 0
    correct: int = 0
    streak: int = 0
    best_streak: int = 0

    def record(self, correct: bool) -> QuizScore:
        """The score after one more answer.

        Examples
        --------
        >>> s = QuizScore().record(True).record(True).record(False).record(True)
        >>> s.answered, s.correct, s.streak, s.best_streak
        (4, 3, 1, 2)
        """
        streak = self.streak + 1 if correct else 0
        return QuizScore(
            answered=self.answered + 1,
            correct=self.correct + int(correct),
            streak=streak,
            best_streak=max(self.best_streak, streak),
        )

    @property
    def percent(self) -> int:
        """Share of right answers, 0–100 (0 before the first answer)."""
        return round(100 * self.correct / self.answered) if self.answered else 0


# -- spaced practice ------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One item's place in the Leitner boxes.

    ``due`` is the question number from which the item may be asked again; ``seen`` tells a
    review from a new item.
    """

    item_id: str
    box: int = 0
    due: int = 0
    seen: bool = False


@dataclass(frozen=True)
class LeitnerQueue:
    """A Leitner-style practice queue over quiz items (Leitner 1972).

    New items are asked in the queue's order. An item answered wrongly goes to box 0 and is due
    again after :data:`RETRY_GAP` other questions; an item answered rightly moves up one box and
    waits :data:`BOX_INTERVALS` questions for that box. Due reviews come before new items, so a
    mistake comes back soon; when nothing is due, the item due soonest is asked.

    Examples
    --------
    >>> q = LeitnerQueue.start(["a", "b", "c", "d", "e"])
    >>> q.next_id()
    'a'
    >>> q = q.record("a", correct=False)
    >>> order = []
    >>> for _ in range(4):
    ...     item = q.next_id()
    ...     order.append(item)
    ...     q = q.record(item, correct=True)
    >>> order
    ['b', 'c', 'd', 'a']
    """

    cards: tuple[Card, ...]
    turn: int = 0

    @classmethod
    def start(cls, item_ids: Sequence[str], *, seed: int | None = None) -> LeitnerQueue:
        """A queue of new items, in the given order or shuffled with ``seed``."""
        ids = list(dict.fromkeys(item_ids))
        if seed is not None:
            random.Random(seed).shuffle(ids)  # noqa: S311 - question order, not a secret
        return cls(cards=tuple(Card(item_id) for item_id in ids))

    def card(self, item_id: str) -> Card:
        """The card of one item."""
        for card in self.cards:
            if card.item_id == item_id:
                return card
        raise KeyError(item_id)

    def next_id(self) -> str | None:
        """The item to ask now, or ``None`` for an empty queue."""
        if not self.cards:
            return None
        due = [c for c in self.cards if c.due <= self.turn]
        reviews = [c for c in due if c.seen]
        if reviews:
            return min(reviews, key=lambda c: (c.box, c.due)).item_id
        new = [c for c in due if not c.seen]
        if new:
            return new[0].item_id
        return min(self.cards, key=lambda c: (c.due, c.box)).item_id

    def record(self, item_id: str, *, correct: bool) -> LeitnerQueue:
        """The queue after ``item_id`` was answered."""
        card = self.card(item_id)
        box = min(card.box + 1, len(BOX_INTERVALS) - 1) if correct else 0
        wait = BOX_INTERVALS[box] if correct else RETRY_GAP
        updated = replace(card, box=box, due=self.turn + 1 + wait, seen=True)
        return LeitnerQueue(
            cards=tuple(updated if c.item_id == item_id else c for c in self.cards),
            turn=self.turn + 1,
        )

    @property
    def coming_back(self) -> int:
        """How many answered-wrongly items wait in box 0 to be asked again."""
        return sum(1 for c in self.cards if c.seen and c.box == 0)

    @property
    def new_left(self) -> int:
        """How many items have not been asked yet."""
        return sum(1 for c in self.cards if not c.seen)


__all__ = [
    "BOX_INTERVALS",
    "EASY_START",
    "LEVELS",
    "RETRY_GAP",
    "Card",
    "LeitnerQueue",
    "QuizFile",
    "QuizItem",
    "QuizScore",
    "Verdict",
    "gentle_order",
    "grade",
    "load_quiz",
    "playable",
    "quiz_path",
]
