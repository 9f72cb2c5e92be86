"""Class mode for the learn page: class codes, anonymous quiz answers and class results.

An educator creates a class and shares its code; students enter the code on the quiz and their
answers are stored anonymously (item id, traps chosen, right or wrong: no name, no session, no
free text). The educator's view shows the class's accuracy per trap and which traps are
mistaken for which (a confusion matrix, drawn by :func:`toolkit.charts.confusion`).

The page talks to storage through the small :class:`ClassBook` protocol. :class:`StoreClassBook`
delegates to :class:`toolkit.store.Store` (``create_class``, ``class_by_code``,
``record_quiz_answer``); :class:`MemoryClassBook` keeps everything in one process (tests).
The aggregation is pure: :func:`accuracy_per_trap`, :func:`confusion_matrix`,
:func:`summarize`.

Examples
--------
>>> book = MemoryClassBook()
>>> code = book.create_class("Year 2 seminar").code
>>> book.record_answer(code, "q1", ("labeling",), correct=True)
>>> book.record_answer(code, "q1", ("blaming",), correct=False)
>>> result = summarize(code, "Year 2 seminar", book.answers(code), {"q1": ("labeling",)},
...                    ("labeling", "blaming", NO_TRAP))
>>> result.per_trap[0].answered, result.per_trap[0].correct
(2, 1)
>>> result.matrix[0]
(1, 1, 0)
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from toolkit.store.repository import Store

NO_TRAP = "_none"
"""The label for "no trap, a balanced thought" (never a trap id: ids start with a letter)."""

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits of class codes, without look-alikes (0/O, 1/I/L)."""


class ClassNotFoundError(LookupError):
    """No class has this code."""


class ClassModeUnavailableError(RuntimeError):
    """Class mode needs the database, and it cannot be opened."""


def normalize_code(text: str) -> str:
    """A class code as stored: upper case, without spaces or dashes.

    Examples
    --------
    >>> normalize_code(" abcd-efgh ")
    'ABCDEFGH'
    """
    return re.sub(r"[\s-]+", "", text).upper()


def display_code(code: str) -> str:
    """A code in two groups of four, easier to read aloud.

    Examples
    --------
    >>> display_code("ABCDEFGH")
    'ABCD-EFGH'
    """
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


@dataclass(frozen=True)
class NewClass:
    """A class just created: its code (to share with students) and its name."""

    code: str
    name: str


@dataclass(frozen=True)
class AnswerRecord:
    """One anonymous quiz answer: the item, the traps chosen (empty: "no trap"), and if right."""

    item_id: str
    chosen: tuple[str, ...]
    correct: bool


class ClassBook(Protocol):
    """What the learn page needs from storage for class mode."""

    def create_class(self, name: str) -> NewClass:
        """Create a class and return its fresh code."""
        ...

    def class_name(self, code: str) -> str:
        """The name of the class with this code; :class:`ClassNotFoundError` otherwise."""
        ...

    def record_answer(
        self, code: str, item_id: str, chosen: tuple[str, ...], *, correct: bool
    ) -> None:
        """Store one anonymous answer; :class:`ClassNotFoundError` for an unknown code."""
        ...

    def answers(self, code: str) -> tuple[AnswerRecord, ...]:
        """Every answer given in the class; :class:`ClassNotFoundError` for an unknown code."""
        ...


# -- pure aggregation -------------------------------------------------------------------------


@dataclass(frozen=True)
class TrapAccuracy:
    """How often a trap (or :data:`NO_TRAP`) was recognised when it was the right answer."""

    trap_id: str
    answered: int
    correct: int

    @property
    def percent(self) -> int | None:
        """Share recognised, 0–100; ``None`` when the trap was never asked."""
        return round(100 * self.correct / self.answered) if self.answered else None


@dataclass(frozen=True)
class ClassResults:
    """A class's quiz results.

    ``labels`` are trap ids (and :data:`NO_TRAP`), in the order of ``per_trap`` and of the
    matrix's rows (right answer) and columns (answer chosen).
    """

    code: str
    name: str
    answers: int
    correct: int
    per_trap: tuple[TrapAccuracy, ...]
    labels: tuple[str, ...]
    matrix: tuple[tuple[int, ...], ...] = field(repr=False)

    @property
    def percent(self) -> int | None:
        """Share of fully right answers, 0–100; ``None`` before the first answer."""
        return round(100 * self.correct / self.answers) if self.answers else None


def _right(answer: Sequence[str]) -> set[str]:
    return set(answer) or {NO_TRAP}


def _picked(chosen: Sequence[str]) -> set[str]:
    return set(chosen) or {NO_TRAP}


def accuracy_per_trap(
    records: Iterable[AnswerRecord],
    answer_key: Mapping[str, Sequence[str]],
    labels: Sequence[str],
) -> tuple[TrapAccuracy, ...]:
    """Per trap: in how many answers it was right, and how often it was among the chosen.

    An item with two traps counts once for each of them. Items missing from ``answer_key``
    (removed from the quiz since) are skipped.

    Examples
    --------
    >>> records = [AnswerRecord("a", ("labeling",), True), AnswerRecord("b", (), False)]
    >>> key = {"a": ("labeling",), "b": ("labeling", "blaming")}
    >>> [(t.trap_id, t.answered, t.correct) for t in accuracy_per_trap(records, key,
    ...     ["labeling", "blaming", NO_TRAP])]
    [('labeling', 2, 1), ('blaming', 1, 0), ('_none', 0, 0)]
    """
    answered = dict.fromkeys(labels, 0)
    correct = dict.fromkeys(labels, 0)
    for record in records:
        if record.item_id not in answer_key:
            continue
        picked = _picked(record.chosen)
        for trap in _right(answer_key[record.item_id]):
            if trap in answered:
                answered[trap] += 1
                correct[trap] += int(trap in picked)
    return tuple(TrapAccuracy(label, answered[label], correct[label]) for label in labels)


def confusion_matrix(
    records: Iterable[AnswerRecord],
    answer_key: Mapping[str, Sequence[str]],
    labels: Sequence[str],
) -> tuple[tuple[int, ...], ...]:
    """Counts of right answer (rows) against answer chosen (columns).

    For each right trap of an answer: if it was chosen, the diagonal cell counts one; if not,
    each wrongly chosen trap counts one in that row ("mistaken for"); if it was missed and
    nothing wrong was chosen instead, the :data:`NO_TRAP` column counts one ("not spotted").

    Examples
    --------
    >>> labels = ["labeling", "blaming", NO_TRAP]
    >>> key = {"a": ("labeling",), "b": ()}
    >>> records = [AnswerRecord("a", ("blaming",), False), AnswerRecord("a", ("labeling",), True),
    ...            AnswerRecord("b", ("blaming",), False)]
    >>> confusion_matrix(records, key, labels)
    ((1, 1, 0), (0, 0, 0), (0, 1, 0))
    """
    index = {label: i for i, label in enumerate(labels)}
    counts = [[0] * len(labels) for _ in labels]
    for record in records:
        if record.item_id not in answer_key:
            continue
        right = _right(answer_key[record.item_id])
        picked = _picked(record.chosen)
        wrong = [c for c in picked if c not in right and c in index]
        for trap in right:
            if trap not in index:
                continue
            row = counts[index[trap]]
            if trap in picked:
                row[index[trap]] += 1
            elif wrong:
                for chosen in wrong:
                    row[index[chosen]] += 1
            elif NO_TRAP in index:
                row[index[NO_TRAP]] += 1
    return tuple(tuple(row) for row in counts)


def summarize(
    code: str,
    name: str,
    records: Sequence[AnswerRecord],
    answer_key: Mapping[str, Sequence[str]],
    labels: Sequence[str],
) -> ClassResults:
    """All of a class's results from its answers and the quiz's answer key."""
    return ClassResults(
        code=code,
        name=name,
        answers=len(records),
        correct=sum(1 for r in records if r.correct),
        per_trap=accuracy_per_trap(records, answer_key, labels),
        labels=tuple(labels),
        matrix=confusion_matrix(records, answer_key, labels),
    )


def class_results(
    book: ClassBook,
    code: str,
    answer_key: Mapping[str, Sequence[str]],
    labels: Sequence[str],
) -> ClassResults:
    """Read a class's answers from ``book`` and summarise them."""
    code = normalize_code(code)
    name = book.class_name(code)
    return summarize(code, name, book.answers(code), answer_key, labels)


# -- implementations --------------------------------------------------------------------------


class MemoryClassBook:
    """A class book that lives in one process (tests, or a single-kernel demo)."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._answers: dict[str, tuple[AnswerRecord, ...]] = {}

    def create_class(self, name: str) -> NewClass:
        """Create a class with a fresh random code."""
        name = name.strip()
        if not name or len(name) > 120:
            msg = "a class name has 1–120 characters"
            raise ValueError(msg)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        self._names[code] = name
        self._answers[code] = ()
        return NewClass(code, name)

    def class_name(self, code: str) -> str:
        """The class's name."""
        try:
            return self._names[normalize_code(code)]
        except KeyError:
            raise ClassNotFoundError(code) from None

    def record_answer(
        self, code: str, item_id: str, chosen: tuple[str, ...], *, correct: bool
    ) -> None:
        """Keep one anonymous answer."""
        key = normalize_code(code)
        if key not in self._answers:
            raise ClassNotFoundError(code)
        self._answers[key] = (*self._answers[key], AnswerRecord(item_id, chosen, correct))

    def answers(self, code: str) -> tuple[AnswerRecord, ...]:
        """Every answer of the class."""
        key = normalize_code(code)
        if key not in self._answers:
            raise ClassNotFoundError(code)
        return self._answers[key]


class StoreClassBook:
    """Class mode on the project's database, through :class:`toolkit.store.Store`.

    Uses the store's ``create_class``, ``class_by_code`` and ``record_quiz_answer``. The store
    has no public method yet that returns a class's answers with the traps chosen (its
    ``class_results`` counts right answers per item only), so :meth:`answers` reads the
    store's ``quiz_answers`` table, read-only, through the store's engine.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def create_class(self, name: str) -> NewClass:
        """Create a class (the store picks the code)."""
        from toolkit.store.errors import InvalidInput

        try:
            info = self.store.create_class(name)
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None
        return NewClass(info.code, info.name)

    def _class(self, code: str) -> Any:
        from toolkit.store.errors import NotFound

        try:
            return self.store.class_by_code(normalize_code(code))
        except NotFound:
            raise ClassNotFoundError(code) from None

    def class_name(self, code: str) -> str:
        """The class's name."""
        return str(self._class(code).name)

    def record_answer(
        self, code: str, item_id: str, chosen: tuple[str, ...], *, correct: bool
    ) -> None:
        """Store one anonymous answer."""
        from toolkit.store.errors import NotFound

        try:
            self.store.record_quiz_answer(normalize_code(code), item_id, chosen, correct)
        except NotFound:
            raise ClassNotFoundError(code) from None

    def answers(self, code: str) -> tuple[AnswerRecord, ...]:
        """Every answer of the class, oldest first."""
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from toolkit.store.models import QuizAnswerRow

        info = self._class(code)
        query = (
            select(QuizAnswerRow.item_id, QuizAnswerRow.chosen, QuizAnswerRow.correct)
            .where(QuizAnswerRow.class_id == info.id)
            .order_by(QuizAnswerRow.id)
        )
        with Session(self.store.engine) as session:
            rows = session.execute(query).all()
        return tuple(
            AnswerRecord(str(item), tuple(str(c) for c in (chosen or ())), bool(right))
            for item, chosen, right in rows
        )


@cache
def open_class_book() -> ClassBook:
    """The class book of this process: the project's store (``CBT_DATABASE_URL``).

    Raises
    ------
    ClassModeUnavailableError
        When the store cannot be imported or opened; the page then explains that class mode
        is off and the quiz still works.
    """
    try:
        from toolkit.store import open_store
    except ImportError as exc:
        msg = "the database layer is not installed"
        raise ClassModeUnavailableError(msg) from exc
    try:
        store = open_store()
    except Exception as exc:
        msg = f"the database could not be opened ({type(exc).__name__})"
        raise ClassModeUnavailableError(msg) from exc
    return StoreClassBook(store)


__all__ = [
    "CODE_ALPHABET",
    "NO_TRAP",
    "AnswerRecord",
    "ClassBook",
    "ClassModeUnavailableError",
    "ClassNotFoundError",
    "ClassResults",
    "MemoryClassBook",
    "NewClass",
    "StoreClassBook",
    "TrapAccuracy",
    "accuracy_per_trap",
    "class_results",
    "confusion_matrix",
    "display_code",
    "normalize_code",
    "open_class_book",
    "summarize",
]
