"""Class mode for the learn page: class codes, anonymous quiz answers and class results.

An educator creates a class and gets two things: the class **code**, shared with students, and
an **educator key**, kept to themselves. Students enter the code on the quiz and their answers
are stored anonymously (item id, traps chosen, right or wrong: no name, no session, no free
text). Only the key opens the class's results: accuracy per trap and which traps are mistaken
for which (a confusion matrix, drawn by :func:`toolkit.charts.confusion`).

With the key the educator can also lead **rounds**: pick one quiz item, and every student page
of the class switches to it; the answers of the round are read live by the educator's page.
Students learn only which item the round asks (:meth:`ClassBook.current_round`).

The page talks to storage through the small :class:`ClassBook` protocol. :class:`StoreClassBook`
delegates to :class:`toolkit.store.Store` and its class methods; :class:`MemoryClassBook` keeps
everything in one process (tests). The aggregation is pure: :func:`accuracy_per_trap`,
:func:`confusion_matrix`, :func:`distribution`, :func:`summarize`.

Examples
--------
>>> book = MemoryClassBook()
>>> new = book.create_class("Year 2 seminar")
>>> code, key = new.code, new.educator_key
>>> book.record_answer(code, "q1", ("labeling",), correct=True)
>>> book.record_answer(code, "q1", ("blaming",), correct=False)
>>> result = summarize(code, "Year 2 seminar", book.answers(code, key), {"q1": ("labeling",)},
...                    ("labeling", "blaming", NO_TRAP))
>>> result.per_trap[0].answered, result.per_trap[0].correct
(2, 1)
>>> result.matrix[0]
(1, 1, 0)
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from toolkit.store import Store

T = TypeVar("T")

NO_TRAP = "_none"
"""The label for "no trap, a balanced thought" (never a trap id: ids start with a letter)."""

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits of class codes, without look-alikes (0/O, 1/I/L)."""


class ClassNotFoundError(LookupError):
    """No class has this code."""


class ClassModeUnavailableError(RuntimeError):
    """Class mode needs the database, and it cannot be opened."""


class WrongEducatorKeyError(PermissionError):
    """The educator key does not belong to this class (or the class has none)."""


class RoundOverError(ValueError):
    """An answer came for a round that has ended (or for another item than the round's)."""


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


EDUCATOR_KEY_LENGTH = 20
"""Characters of an educator key (about 99 bits from :data:`CODE_ALPHABET`)."""


def display_key(key: str) -> str:
    """An educator key in groups of four.

    Examples
    --------
    >>> display_key("ABCDEFGHJKMNPQRSTUVW")
    'ABCD-EFGH-JKMN-PQRS-TUVW'
    """
    key = normalize_code(key)
    return "-".join(key[i : i + 4] for i in range(0, len(key), 4))


@dataclass(frozen=True)
class NewClass:
    """A class just created: its code (for students), its name and the educator key.

    The key is shown once; storage keeps only a hash of it.
    """

    code: str
    name: str
    educator_key: str = field(default="", repr=False)


@dataclass(frozen=True)
class Round:
    """An educator-led round: the quiz item the whole class answers. ``open`` until ended."""

    id: int
    item_id: str
    open: bool = True


@dataclass(frozen=True)
class AnswerRecord:
    """One anonymous quiz answer: the item, the traps chosen (empty: "no trap"), and if right."""

    item_id: str
    chosen: tuple[str, ...]
    correct: bool


class ClassBook(Protocol):
    """What the learn page needs from storage for class mode."""

    def create_class(self, name: str) -> NewClass:
        """Create a class and return its fresh code and educator key."""
        ...

    def class_name(self, code: str) -> str:
        """The name of the class with this code; :class:`ClassNotFoundError` otherwise."""
        ...

    def check_educator(self, code: str, educator_key: str) -> str:
        """The class's name if ``educator_key`` is its key; :class:`WrongEducatorKeyError`."""
        ...

    def record_answer(
        self,
        code: str,
        item_id: str,
        chosen: tuple[str, ...],
        *,
        correct: bool,
        round_id: int | None = None,
    ) -> None:
        """Store one anonymous answer, in a round if ``round_id`` is given.

        :class:`ClassNotFoundError` for an unknown code, :class:`RoundOverError` for a round
        that has ended.
        """
        ...

    def answers(
        self, code: str, educator_key: str, *, round_id: int | None = None
    ) -> tuple[AnswerRecord, ...]:
        """The class's answers (of one round with ``round_id``), for its educator only."""
        ...

    def start_round(self, code: str, educator_key: str, item_id: str) -> Round:
        """Open a round on ``item_id`` (an open round ends first)."""
        ...

    def end_round(self, code: str, educator_key: str) -> None:
        """End the open round, if any."""
        ...

    def current_round(self, code: str) -> Round | None:
        """The class's open round, or ``None``; needs only the code (students ask it)."""
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


def distribution(records: Iterable[AnswerRecord], labels: Sequence[str]) -> tuple[int, ...]:
    """How many answers ticked each label (an empty answer counts as :data:`NO_TRAP`).

    Examples
    --------
    >>> records = [AnswerRecord("a", ("labeling", "blaming"), False),
    ...            AnswerRecord("a", ("labeling",), True), AnswerRecord("a", (), False)]
    >>> distribution(records, ["labeling", "blaming", NO_TRAP])
    (2, 1, 1)
    """
    counts = dict.fromkeys(labels, 0)
    for record in records:
        for label in _picked(record.chosen):
            if label in counts:
                counts[label] += 1
    return tuple(counts[label] for label in labels)


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
    educator_key: str,
    answer_key: Mapping[str, Sequence[str]],
    labels: Sequence[str],
    *,
    round_id: int | None = None,
) -> ClassResults:
    """Read a class's answers (of one round, with ``round_id``) and summarise them.

    Only the class's educator key opens them (:class:`WrongEducatorKeyError` otherwise).
    """
    code = normalize_code(code)
    name = book.check_educator(code, educator_key)
    records = book.answers(code, educator_key, round_id=round_id)
    return summarize(code, name, records, answer_key, labels)


# -- implementations --------------------------------------------------------------------------


def _random(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


class MemoryClassBook:
    """A class book that lives in one process (tests, or a single-kernel demo)."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._answers: dict[str, tuple[tuple[AnswerRecord, int | None], ...]] = {}
        self._rounds: dict[str, tuple[Round, ...]] = {}

    def create_class(self, name: str) -> NewClass:
        """Create a class with a fresh random code and educator key."""
        name = name.strip()
        if not name or len(name) > 120:
            msg = "a class name has 1–120 characters"
            raise ValueError(msg)
        code, key = _random(8), _random(EDUCATOR_KEY_LENGTH)
        self._names[code] = name
        self._keys[code] = key
        self._answers[code] = ()
        self._rounds[code] = ()
        return NewClass(code, name, key)

    def _code(self, code: str) -> str:
        key = normalize_code(code)
        if key not in self._names:
            raise ClassNotFoundError(code)
        return key

    def class_name(self, code: str) -> str:
        """The class's name."""
        return self._names[self._code(code)]

    def check_educator(self, code: str, educator_key: str) -> str:
        """The class's name, if the key is right."""
        known = self._code(code)
        if not secrets.compare_digest(self._keys[known], normalize_code(educator_key)):
            raise WrongEducatorKeyError(code)
        return self._names[known]

    def record_answer(
        self,
        code: str,
        item_id: str,
        chosen: tuple[str, ...],
        *,
        correct: bool,
        round_id: int | None = None,
    ) -> None:
        """Keep one anonymous answer."""
        known = self._code(code)
        if round_id is not None:
            current = self.current_round(known)
            if current is None or current.id != round_id or current.item_id != item_id:
                raise RoundOverError(round_id)
        record = AnswerRecord(item_id, chosen, correct)
        self._answers[known] = (*self._answers[known], (record, round_id))

    def answers(
        self, code: str, educator_key: str, *, round_id: int | None = None
    ) -> tuple[AnswerRecord, ...]:
        """Every answer of the class (or of one of its rounds)."""
        self.check_educator(code, educator_key)
        return tuple(
            record
            for record, given_in in self._answers[normalize_code(code)]
            if round_id is None or given_in == round_id
        )

    def start_round(self, code: str, educator_key: str, item_id: str) -> Round:
        """Open a round on one item."""
        self.check_educator(code, educator_key)
        self.end_round(code, educator_key)
        known = normalize_code(code)
        number = 1 + sum(len(rounds) for rounds in self._rounds.values())
        game = Round(number, item_id)
        self._rounds[known] = (*self._rounds[known], game)
        return game

    def end_round(self, code: str, educator_key: str) -> None:
        """End the open round."""
        self.check_educator(code, educator_key)
        known = normalize_code(code)
        self._rounds[known] = tuple(replace(r, open=False) for r in self._rounds[known])

    def current_round(self, code: str) -> Round | None:
        """The open round, if any."""
        rounds = self._rounds[self._code(code)]
        return rounds[-1] if rounds and rounds[-1].open else None


class StoreClassBook:
    """Class mode on the project's database, through the class methods of
    :class:`toolkit.store.Store` (nothing here touches the store's tables)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create_class(self, name: str) -> NewClass:
        """Create a class (the store picks the code and the educator key)."""
        from toolkit.store.errors import InvalidInput

        try:
            info = self.store.create_class(name)
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None
        return NewClass(info.code, info.name, info.educator_key)

    def class_name(self, code: str) -> str:
        """The class's name."""
        from toolkit.store.errors import NotFound

        try:
            return self.store.class_by_code(normalize_code(code)).name
        except NotFound:
            raise ClassNotFoundError(code) from None

    def check_educator(self, code: str, educator_key: str) -> str:
        """The class's name, if the key is right."""
        return self._as_educator(
            lambda: self.store.open_class_as_educator(normalize_code(code), educator_key).name,
            code,
        )

    def _as_educator(self, call: Callable[[], T], code: str) -> T:
        from toolkit.store.errors import NotFound, PermissionDenied

        try:
            return call()
        except NotFound:
            raise ClassNotFoundError(code) from None
        except PermissionDenied:
            raise WrongEducatorKeyError(code) from None

    def record_answer(
        self,
        code: str,
        item_id: str,
        chosen: tuple[str, ...],
        *,
        correct: bool,
        round_id: int | None = None,
    ) -> None:
        """Store one anonymous answer."""
        from toolkit.store.errors import InvalidInput, NotFound

        try:
            self.store.record_quiz_answer(
                normalize_code(code), item_id, chosen, correct, round_id=round_id
            )
        except NotFound:
            raise ClassNotFoundError(code) from None
        except InvalidInput as exc:
            if round_id is None:
                raise
            raise RoundOverError(str(exc)) from None

    def answers(
        self, code: str, educator_key: str, *, round_id: int | None = None
    ) -> tuple[AnswerRecord, ...]:
        """Every answer of the class (or of one round), oldest first."""
        rows = self._as_educator(
            lambda: self.store.class_answers(normalize_code(code), educator_key, round_id=round_id),
            code,
        )
        return tuple(AnswerRecord(r.item_id, r.chosen, r.correct) for r in rows)

    def start_round(self, code: str, educator_key: str, item_id: str) -> Round:
        """Open a round on one item."""
        game = self._as_educator(
            lambda: self.store.start_class_round(normalize_code(code), educator_key, item_id),
            code,
        )
        return Round(game.id, game.item_id)

    def end_round(self, code: str, educator_key: str) -> None:
        """End the open round."""
        self._as_educator(
            lambda: self.store.end_class_round(normalize_code(code), educator_key), code
        )

    def current_round(self, code: str) -> Round | None:
        """The open round, if any."""
        from toolkit.store.errors import NotFound

        try:
            game = self.store.open_class_round(normalize_code(code))
        except NotFound:
            raise ClassNotFoundError(code) from None
        return None if game is None else Round(game.id, game.item_id)


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
    "EDUCATOR_KEY_LENGTH",
    "NO_TRAP",
    "AnswerRecord",
    "ClassBook",
    "ClassModeUnavailableError",
    "ClassNotFoundError",
    "ClassResults",
    "MemoryClassBook",
    "NewClass",
    "Round",
    "RoundOverError",
    "StoreClassBook",
    "TrapAccuracy",
    "WrongEducatorKeyError",
    "accuracy_per_trap",
    "class_results",
    "confusion_matrix",
    "display_code",
    "display_key",
    "distribution",
    "normalize_code",
    "open_class_book",
    "summarize",
]
