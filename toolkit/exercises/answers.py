"""The typed answer model: one frozen value per structured answer, the records kept beside the
answers (AI suggestions, the crisis check), the alert, and the one document format.

Every answer travels in one JSON shape, written by :func:`to_json` and read by
:func:`parse_answer` / :func:`parse_answers`: drafts and submissions in the store, the client's
downloads, the client export and the analysis frames all use it. The shapes by field kind:

========================  ==============================================================
kind                      value (typed)  →  JSON
========================  ==============================================================
text, long_text, time     ``str`` (``""`` when empty)
number                    ``float | None``
rating                    ``int`` (a slider always holds one)
scale                     ``int | None``
choice                    ``str | int | None``; with ``multiple: true`` a ``tuple`` → list
checkbox                  ``bool``
date                      ``str`` (ISO ``YYYY-MM-DD``) or ``""``
emotion                   :class:`Moods` → ``[{"name": str, "intensity": int | None}]``
thought_list              :class:`ThoughtList` → ``{"thoughts": [{"text", "belief"}], "hot"}``
text_list                 :class:`TextList` → ``[str, ...]``
rows                      :class:`Rows` → ``[{column_id: value}, ...]``
========================  ==============================================================

A questionnaire's answers are by item id, ``None`` for a blank. Older releases stored them as a
plain list (or ``{"items": [...]}``); :func:`parse_answers` reads those and the writer never
writes them again. A value that does not have its field's shape (a field an older exercise
file had, text pasted into a number) is kept exactly as it came: nothing a client typed is
dropped by being read.

>>> sheet = {"moods": [{"name": "sad", "intensity": 80}], "note": "ok"}
>>> free_text(sheet)
['sad', 'ok']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias, cast

if TYPE_CHECKING:
    from .fields import Field
    from .questionnaire import Questionnaire
    from .worksheet import Worksheet

JSON: TypeAlias = bool | int | float | str | list["JSON"] | dict[str, "JSON"] | None
"""A plain JSON value (what :func:`json.dumps` writes)."""

RESPONSE_FORMAT = "cbt-toolkit/response@1"
"""The ``format`` of one completed (or copied) worksheet or questionnaire."""

CRISIS_TIERS = ("none", "check", "crisis")
"""The tiers of the crisis gate, lowest first."""


# -- answer values ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Mood:
    """One named feeling and its intensity 0–100 (``None``: not re-rated yet)."""

    name: str
    intensity: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Moods:
    """The answer of an ``emotion`` field: feelings in the order the client listed them."""

    items: tuple[Mood, ...] = ()
    WIRE: ClassVar[str] = "items"

    def named(self) -> tuple[Mood, ...]:
        """The moods that have a name."""
        return tuple(m for m in self.items if m.name.strip())

    def strongest(self) -> str:
        """The name of the highest-rated named mood, lower case (``""`` when none is named)."""
        named = self.named()
        if not named:
            return ""
        return max(named, key=lambda m: m.intensity or 0).name.strip().lower()


@dataclasses.dataclass(frozen=True, slots=True)
class Thought:
    """One automatic thought and how strongly it is believed (0–100 %)."""

    text: str
    belief: int


@dataclasses.dataclass(frozen=True, slots=True)
class ThoughtList:
    """The answer of a ``thought_list`` field: the thoughts, and which one is the hot thought."""

    thoughts: tuple[Thought, ...] = ()
    hot: int | None = None

    def filled(self) -> tuple[Thought, ...]:
        """The thoughts with text."""
        return tuple(t for t in self.thoughts if t.text.strip())

    def hot_text(self) -> str:
        """The hot thought's text (the only thought if there is just one; else ``""``)."""
        if self.hot is not None and 0 <= self.hot < len(self.thoughts):
            return self.thoughts[self.hot].text.strip()
        filled = self.filled()
        return filled[0].text.strip() if len(filled) == 1 else ""


@dataclasses.dataclass(frozen=True, slots=True)
class TextList:
    """The answer of a ``text_list`` field: one text per box, empty boxes included."""

    items: tuple[str, ...] = ()
    WIRE: ClassVar[str] = "items"


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """One row of a ``rows`` field: a value per column id (simple values only)."""

    cells: Mapping[str, Answer] = dataclasses.field(default_factory=dict)
    WIRE: ClassVar[str] = "cells"

    def get(self, column_id: str, default: Answer = None) -> Answer:
        """The value of one column (``default`` where the row has none)."""
        return self.cells.get(column_id, default)


@dataclasses.dataclass(frozen=True, slots=True)
class Rows:
    """The answer of a ``rows`` field: rows in the order shown on screen."""

    rows: tuple[Row, ...] = ()
    WIRE: ClassVar[str] = "rows"


Answer: TypeAlias = (
    bool | int | float | str | tuple[str | int, ...] | Moods | ThoughtList | TextList | Rows | JSON
)
"""One field's answer: a plain value, a structured value above, or (for a value that does not
have its field's shape) the JSON exactly as it was stored."""

Answers: TypeAlias = Mapping[str, Answer]
"""Answers by field id (worksheets) or item id (questionnaires)."""


# -- what is kept beside the answers ------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class SuggestionRecord:
    """What the suggestion panel showed and what the client used, kept for the therapist.

    Stored as ``extra["ai_suggestions"]``; ``engine`` is ``"offline"``, ``"llm"`` or ``None``
    when nothing was analysed.
    """

    engine: str | None = None
    thought: str = ""
    traps_shown: tuple[str, ...] = ()
    traps_chosen: tuple[str, ...] = ()
    ideas_shown: tuple[str, ...] = ()
    ideas_used: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, raw: object) -> SuggestionRecord | None:
        """The record from its JSON (``None`` for anything that is not one)."""
        if not isinstance(raw, Mapping) or not raw:
            return None
        engine = raw.get("engine")
        return cls(
            engine=engine if isinstance(engine, str) else None,
            thought=str(raw.get("thought") or ""),
            traps_shown=_strings(raw.get("traps_shown")),
            traps_chosen=_strings(raw.get("traps_chosen")),
            ideas_shown=_strings(raw.get("ideas_shown")),
            ideas_used=_strings(raw.get("ideas_used")),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class CrisisCheck:
    """The crisis panel as it was shown: tier, concepts, the answer to the check question
    (``yes``, ``no``, ``rather_not_say`` or ``None``) and whether the client carried on. Never
    the client's text."""

    tier: str = "crisis"
    concepts: tuple[str, ...] = ()
    check_answer: str | None = None
    shown_at: str | None = None
    answered_at: str | None = None
    continued: bool = False

    @classmethod
    def from_json(cls, raw: object) -> CrisisCheck | None:
        """The record from its JSON (``None`` for anything that is not one)."""
        if not isinstance(raw, Mapping):
            return None
        answer, shown, answered = (raw.get(k) for k in ("check_answer", "shown_at", "answered_at"))
        return cls(
            tier=str(raw.get("tier") or "crisis"),
            concepts=_strings(raw.get("concepts")),
            check_answer=answer if isinstance(answer, str) else None,
            shown_at=shown if isinstance(shown, str) else None,
            answered_at=answered if isinstance(answered, str) else None,
            continued=bool(raw.get("continued")),
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Extra:
    """What is saved with the answers besides them.

    ``other`` keeps any key this release does not know, exactly as stored.
    """

    ai_suggestions: SuggestionRecord | None = dataclasses.field(
        default=None, metadata={"omit_none": True}
    )
    crisis_check: CrisisCheck | None = dataclasses.field(default=None, metadata={"omit_none": True})
    sex: str | None = dataclasses.field(default=None, metadata={"omit_none": True})
    other: Mapping[str, JSON] = dataclasses.field(default_factory=dict, metadata={"flatten": True})

    KNOWN: ClassVar[tuple[str, ...]] = ("ai_suggestions", "crisis_check", "sex")

    @classmethod
    def from_json(cls, raw: object) -> Extra:
        """The record from its JSON (empty for ``None``). A known key whose value does not
        have exactly the record's shape stays in ``other``, as stored: reading and writing
        again changes nothing."""
        if not isinstance(raw, Mapping):
            return cls()
        other = {str(k): cast(JSON, v) for k, v in raw.items() if k not in cls.KNOWN}
        suggestions = _exact(SuggestionRecord, raw.get("ai_suggestions"))
        if suggestions is None and "ai_suggestions" in raw:
            other["ai_suggestions"] = cast(JSON, raw["ai_suggestions"])
        crisis = _exact(CrisisCheck, raw.get("crisis_check"))
        if crisis is None and "crisis_check" in raw:
            other["crisis_check"] = cast(JSON, raw["crisis_check"])
        sex = raw.get("sex")
        if "sex" in raw and not isinstance(sex, str):
            other["sex"] = cast(JSON, sex)
        return cls(suggestions, crisis, sex if isinstance(sex, str) else None, other)

    @property
    def suggestions(self) -> SuggestionRecord | None:
        """The suggestion record, also one stored in an older or partial shape."""
        if self.ai_suggestions is not None:
            return self.ai_suggestions
        return SuggestionRecord.from_json(self.other.get("ai_suggestions"))

    @property
    def crisis(self) -> CrisisCheck | None:
        """The crisis panel's record, also one stored in an older or partial shape."""
        if self.crisis_check is not None:
            return self.crisis_check
        return CrisisCheck.from_json(self.other.get("crisis_check"))

    def __bool__(self) -> bool:
        return bool(self.ai_suggestions or self.crisis_check or self.sex or self.other)


def _exact(cls: type[SuggestionRecord] | type[CrisisCheck], raw: object) -> Any:
    """``cls`` read from ``raw`` when ``raw`` has exactly its keys (so that writing it again
    gives ``raw`` back), else ``None``."""
    if not isinstance(raw, Mapping):
        return None
    if set(raw) != {f.name for f in dataclasses.fields(cls)}:
        return None
    record = cls.from_json(raw)
    return record if record is not None and to_json(record) == raw else None


def suggestions_of(extra: object) -> SuggestionRecord | None:
    """The suggestion record saved with a response (its ``extra`` as stored), if any."""
    return Extra.from_json(extra).suggestions


# -- alerts ---------------------------------------------------------------------------------

AlertKind = Literal["risk_item", "crisis_language", "overdue"]


@dataclasses.dataclass(frozen=True, slots=True)
class Alert:
    """What an alert is about, as real values (the store keeps each in its own column).

    - ``risk_item``: the measure (``exercises[0]``) and its ``alert_id`` (``phq9_item9``);
    - ``crisis_language``: the worksheet, the ``fields`` with crisis language, the ``tier`` of
      the crisis gate (``check`` or ``crisis``) and ``source`` (``draft`` or ``submission``);
    - ``overdue``: the ``exercises`` not done and the ``due`` day.

    Identifiers only, never the client's text. :attr:`detail` is the same as one readable
    line (older releases stored only that line; :meth:`from_detail` reads it back).

    >>> Alert("risk_item", ("phq9",), alert_id="phq9_item9").detail
    'phq9: phq9_item9'
    >>> Alert.from_detail("crisis_language", "thought_record: situation; tier=check; from=draft")
    ... # doctest: +NORMALIZE_WHITESPACE
    Alert(kind='crisis_language', exercises=('thought_record',), alert_id=None,
          fields=('situation',), tier='check', source='draft', due=None)
    """

    kind: AlertKind
    exercises: tuple[str, ...] = ()
    alert_id: str | None = None
    fields: tuple[str, ...] = ()
    tier: str | None = None
    source: str | None = None
    due: dt.date | None = None

    @property
    def exercise(self) -> str:
        """The exercise the alert is about (the first one of an overdue bundle)."""
        return self.exercises[0] if self.exercises else ""

    @property
    def detail(self) -> str:
        """The alert as one line of identifiers (what older releases stored)."""
        if self.kind == "risk_item":
            return f"{self.exercise}: {self.alert_id or ''}"
        if self.kind == "crisis_language":
            return (
                f"{self.exercise}: {', '.join(self.fields)}; tier={self.tier or 'crisis'}; "
                f"from={self.source or 'submission'}"
            )
        day = self.due.isoformat() if self.due else ""
        return f"due {day}: {', '.join(self.exercises)}"

    @classmethod
    def from_detail(cls, kind: str, detail: str) -> Alert:
        """An alert from the one line an older release stored. Crisis details written before
        tiers existed (``"thought_record: automatic_thoughts"``) read as tier ``crisis`` from
        a submission."""
        if kind == "overdue":
            day, _, ids = detail.removeprefix("due ").partition(": ")
            try:
                due: dt.date | None = dt.date.fromisoformat(day)
            except ValueError:
                due = None
            return cls("overdue", _split(ids), due=due)
        head, _, rest = detail.partition(": ")
        if kind == "risk_item":
            return cls("risk_item", (head,), alert_id=rest or None)
        parts = rest.split("; ")
        tier, source = "crisis", "submission"
        for part in parts[1:]:
            key, _, value = part.partition("=")
            if key == "tier" and value in CRISIS_TIERS:
                tier = value
            elif key == "from":
                source = value
        return cls("crisis_language", (head,), fields=_split(parts[0]), tier=tier, source=source)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


# -- the document ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class ScoreSummary:
    """A questionnaire's total and band, as the client's copy shows them."""

    total: int
    band: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Response:
    """One worksheet or questionnaire with its answers: the ``cbt-toolkit/response@1``
    document the client downloads.

    ``completed`` is when it was submitted or finished (``None`` for a copy of answers not
    sent, e.g. when the link closed); ``saved`` when the copy was made. ``extra`` is flattened
    into the document (``ai_suggestions``, ``crisis_check``, ``sex`` at the top level).
    """

    exercise: str
    exercise_title: str = ""
    schema_version: int | None = None
    completed: dt.datetime | None = None
    saved: dt.datetime | None = None
    answers: Answers = dataclasses.field(default_factory=dict)
    score: ScoreSummary | None = None
    extra: Extra = dataclasses.field(default_factory=Extra, metadata={"flatten": True})

    def document(self) -> dict[str, JSON]:
        """The document as a JSON-ready dict (``format`` first)."""
        body = to_json(self)
        assert isinstance(body, dict)
        return {"format": RESPONSE_FORMAT, **body}

    @classmethod
    def from_document(cls, raw: Mapping[str, Any], spec: object = None) -> Response:
        """A document read back: this release's shape, and the two older ones (a worksheet's
        with ``completed``; a questionnaire's with ``total``/``band`` at the top level and
        answers as a list or by item id). ``spec`` (the exercise) reads answers by field."""
        if raw.get("format") != RESPONSE_FORMAT:
            raise ValueError(f"not a {RESPONSE_FORMAT} document: format {raw.get('format')!r}")
        answers_raw = raw.get("answers", {})
        answers = (
            parse_answers(spec, answers_raw)
            if spec is not None
            else dict(answers_raw)
            if isinstance(answers_raw, Mapping)
            else {str(i): v for i, v in enumerate(answers_raw or [])}
        )
        score: ScoreSummary | None = None
        stored = raw.get("score")
        if isinstance(stored, Mapping) and isinstance(stored.get("total"), int):
            score = ScoreSummary(int(stored["total"]), _optional_str(stored.get("band")))
        elif isinstance(raw.get("total"), int):  # a questionnaire's copy before this release
            score = ScoreSummary(int(raw["total"]), _optional_str(raw.get("band")))
        top = set(_DOCUMENT_KEYS) | {"total", "band"}
        extra = Extra.from_json({k: v for k, v in raw.items() if k not in top})
        version = raw.get("schema_version")
        return cls(
            exercise=str(raw.get("exercise") or ""),
            answers=answers,
            exercise_title=str(raw.get("exercise_title") or ""),
            schema_version=version if isinstance(version, int) else None,
            completed=_moment(raw.get("completed")),
            saved=_moment(raw.get("saved")),
            score=score,
            extra=extra,
        )


_DOCUMENT_KEYS = (
    "format",
    "exercise",
    "answers",
    "exercise_title",
    "schema_version",
    "completed",
    "saved",
    "score",
)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _moment(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# -- the one serialiser ---------------------------------------------------------------------


def to_json(value: object) -> JSON:
    """Any value of this model (or a plain one) as JSON, generically.

    Dataclasses become objects of their fields, in declaration order; a class with ``WIRE``
    is written as that one field (:class:`Moods` is a list); a field with ``flatten``
    metadata is merged into its parent and one with ``omit_none`` is left out while
    ``None``. Tuples become lists, moments ISO 8601 to the second (with their zone), days
    ``YYYY-MM-DD``.

    >>> to_json(ThoughtList((Thought("I failed", 80),), hot=0))
    {'thoughts': [{'text': 'I failed', 'belief': 80}], 'hot': 0}
    >>> to_json(Moods((Mood("sad", 70), Mood("tense"))))
    [{'name': 'sad', 'intensity': 70}, {'name': 'tense', 'intensity': None}]
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        wire = getattr(type(value), "WIRE", None)
        if isinstance(wire, str):
            return to_json(getattr(value, wire))
        out: dict[str, JSON] = {}
        for spec in dataclasses.fields(value):
            inner = getattr(value, spec.name)
            if spec.metadata.get("omit_none") and inner is None:
                continue
            written = to_json(inner)
            if spec.metadata.get("flatten"):
                if isinstance(written, dict):
                    out.update({k: v for k, v in written.items() if k not in out})
                continue
            out[spec.name] = written
        return out
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    raise TypeError(f"{type(value).__name__} is not part of the answer model")


def dump_answers(answers: Answers) -> dict[str, JSON]:
    """Answers as stored and exported (a JSON object by field or item id)."""
    return {str(key): to_json(value) for key, value in answers.items()}


# -- reading ----------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value if v is not None)


def _simple(value: object) -> bool:
    """A value a row's cell may hold (a multi-choice cell is a list of values)."""
    if value is None or isinstance(value, bool | int | float | str):
        return True
    return isinstance(value, list | tuple) and all(isinstance(v, str) or _is_int(v) for v in value)


def _cell(value: Any) -> Answer:
    return tuple(value) if isinstance(value, list) else value


def parse_moods(raw: object) -> Moods | None:
    """An ``emotion`` answer, or ``None`` when ``raw`` does not have its shape."""
    if not isinstance(raw, list | tuple):
        return None
    moods = []
    for item in raw:
        if not isinstance(item, Mapping) or set(item) != {"name", "intensity"}:
            return None
        name, intensity = item["name"], item["intensity"]
        if not isinstance(name, str) or not (intensity is None or _is_int(intensity)):
            return None
        moods.append(Mood(name, intensity))
    return Moods(tuple(moods))


def parse_thoughts(raw: object) -> ThoughtList | None:
    """A ``thought_list`` answer, or ``None`` when ``raw`` does not have its shape."""
    if not isinstance(raw, Mapping) or set(raw) != {"thoughts", "hot"}:
        return None
    hot, items = raw["hot"], raw["thoughts"]
    if not (hot is None or _is_int(hot)) or not isinstance(items, list | tuple):
        return None
    thoughts = []
    for item in items:
        if not isinstance(item, Mapping) or set(item) != {"text", "belief"}:
            return None
        if not isinstance(item["text"], str) or not _is_int(item["belief"]):
            return None
        thoughts.append(Thought(item["text"], item["belief"]))
    return ThoughtList(tuple(thoughts), hot)


def parse_rows(raw: object) -> Rows | None:
    """A ``rows`` answer, or ``None`` when ``raw`` does not have its shape."""
    if not isinstance(raw, list | tuple):
        return None
    rows = []
    for item in raw:
        if not isinstance(item, Mapping) or not all(
            isinstance(k, str) and _simple(v) for k, v in item.items()
        ):
            return None
        rows.append(Row({k: _cell(v) for k, v in item.items()}))
    return Rows(tuple(rows))


def parse_answer(field: Field | None, raw: Any) -> Answer:
    """One field's stored (or typed-in) answer as its typed value.

    A value without its field's shape, or for a field the exercise does not declare
    (``field`` is ``None``), is returned unchanged: reading never loses what was stored.
    """
    from .fields import ChoiceField, EmotionField, RowsField, TextListField, ThoughtListField

    parsed: Answer = None
    if isinstance(field, EmotionField):
        parsed = parse_moods(raw)
    elif isinstance(field, ThoughtListField):
        parsed = parse_thoughts(raw)
    elif isinstance(field, RowsField):
        parsed = parse_rows(raw)
    elif isinstance(field, TextListField):
        if isinstance(raw, list | tuple) and all(isinstance(v, str) for v in raw):
            parsed = TextList(tuple(raw))
    elif isinstance(field, ChoiceField) and field.multiple:
        if isinstance(raw, list | tuple) and all(isinstance(v, str) or _is_int(v) for v in raw):
            parsed = tuple(raw)
    else:
        return cast(Answer, raw)
    return cast(Answer, raw) if parsed is None else parsed


def parse_answers(exercise: Worksheet | Questionnaire | object, raw: object) -> dict[str, Answer]:
    """All answers of one response, typed, from any shape a release has stored.

    A worksheet's answers are by field id (unknown ids kept as they are). A questionnaire's
    are by item id: a mapping by id is read as it is (a draft holds the items answered so
    far; ``None`` is a blank), and a plain list of an older release (of the scored items, or
    of every item; also as ``{"items": [...]}``) gets every item id, ``None`` for a blank. A
    list of another length is kept by position (``"0"``, ``"1"`` …) so that nothing is
    lost.

    >>> from toolkit.exercises import load_exercise
    >>> parse_answers(load_exercise("gad2"), [1, 3])
    {'item1': 1, 'item2': 3}
    """
    from .questionnaire import Questionnaire
    from .worksheet import Worksheet

    if isinstance(exercise, Questionnaire):
        if isinstance(raw, Mapping) and set(raw) == {"items"} and isinstance(raw["items"], list):
            raw = raw["items"]
        if isinstance(raw, list | tuple):
            scored = exercise.scored_items
            for items in (scored, exercise.items):
                if len(raw) == len(items):
                    by_id: dict[str, Answer] = {item.id: None for item in exercise.items}
                    by_id.update({item.id: raw[i] for i, item in enumerate(items)})
                    return by_id
            return {str(i): v for i, v in enumerate(raw)}
        if isinstance(raw, Mapping):
            return {str(k): v for k, v in raw.items()}
        return {}
    if not isinstance(raw, Mapping):
        return {str(i): v for i, v in enumerate(raw)} if isinstance(raw, list | tuple) else {}
    fields = {f.id: f for f in exercise.fields} if isinstance(exercise, Worksheet) else {}
    return {str(k): parse_answer(fields.get(str(k)), v) for k, v in raw.items()}


def stored_answers(exercise: object, raw: object) -> dict[str, JSON]:
    """``raw`` answers in the one stored shape: :func:`parse_answers` then :func:`to_json`
    (what drafts, submissions and exports hold)."""
    return dump_answers(parse_answers(exercise, raw))


def free_text(value: object) -> list[str]:
    """Every piece of text inside an answer (typed or JSON: lists, mappings, rows), in order.

    What the crisis gate reads, on the page, in the store and on an LLM's output.
    """
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return free_text(to_json(value))
    if isinstance(value, Mapping):
        return [text for inner in value.values() for text in free_text(inner)]
    if isinstance(value, list | tuple):
        return [text for inner in value for text in free_text(inner)]
    return []


__all__ = [
    "CRISIS_TIERS",
    "JSON",
    "RESPONSE_FORMAT",
    "Alert",
    "AlertKind",
    "Answer",
    "Answers",
    "CrisisCheck",
    "Extra",
    "Mood",
    "Moods",
    "Response",
    "Row",
    "Rows",
    "ScoreSummary",
    "SuggestionRecord",
    "TextList",
    "Thought",
    "ThoughtList",
    "dump_answers",
    "free_text",
    "parse_answer",
    "parse_answers",
    "parse_moods",
    "parse_rows",
    "parse_thoughts",
    "stored_answers",
    "suggestions_of",
    "to_json",
]
