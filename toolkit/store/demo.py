"""``cbt demo``: a demo therapist with five fictional clients and twelve weeks of history.

Everything goes through the public :class:`~toolkit.store.Store` API (links, drafts,
submissions, scoring, alerts), with a clock moved back in time, so the demo shows exactly what
real use would store. The clients, their words and their scores are invented.

Clients (PHQ-9 / GAD-7 over 12 weekly check-ins):

========  ============================================================================
DEMO-01   depression improving (PHQ-9 18 → 6), anxiety improving
DEMO-02   anxiety improving (GAD-7 16 → 5), mild low mood
DEMO-03   deteriorating (PHQ-9 8 → 17); item 9 answered "several days" last week: one alert
DEMO-04   stable, mild symptoms; a thought record assigned and not yet done
DEMO-05   recovering early, then a plateau; keeps an activity log
========  ============================================================================
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from toolkit.clinic import local_day, start_of_day

from .errors import InvalidInput
from .records import CLI, INTAKE_BUNDLE, Therapist
from .repository import Store

DEMO_USER = "demo"
WEEKS = 12


@dataclass(frozen=True)
class Profile:
    """One fictional client: code, name, PHQ-9 and GAD-7 at the start and the end."""

    code: str
    name: str
    phq9: tuple[int, int]
    gad7: tuple[int, int]
    thought_records: bool = True
    activity_log: bool = False


PROFILES = (
    Profile("DEMO-01", "Robin (demo)", (18, 6), (12, 5)),
    Profile("DEMO-02", "Sam (demo)", (9, 5), (16, 5)),
    Profile("DEMO-03", "Alex (demo)", (8, 17), (7, 14)),
    Profile("DEMO-04", "Jo (demo)", (7, 6), (6, 7), thought_records=False),
    Profile("DEMO-05", "Kit (demo)", (15, 9), (11, 8), activity_log=True),
)
ITEM9_CLIENT = "DEMO-03"
"""The one client whose latest PHQ-9 answers item 9 above zero (one risk alert)."""

THOUGHTS = (
    (
        "My manager asked to see me on Friday",
        "I'm going to lose my job",
        "She has not said what it is about; my last review was fine",
        "I don't know what the meeting is about; most meetings are routine",
    ),
    (
        "A friend didn't reply to my message all weekend",
        "Nobody actually wants to spend time with me",
        "He replied late last time too and then apologised that he'd been busy",
        "He may just be busy; one slow reply doesn't say how people feel about me",
    ),
    (
        "I forgot to pay a bill and got a late fee",
        "I can't do anything right",
        "I paid every other bill on time this year",
        "I made one mistake, which I can fix; it doesn't cancel everything else I manage",
    ),
)
ACTIVITIES = (
    "stayed in bed",
    "walked to the shop",
    "made breakfast",
    "called my sister",
    "watched TV",
    "tidied the kitchen",
    "read for half an hour",
    "went for a run",
)


INTAKE_WORDS = {
    "presenting_problem": "I have felt low and tired for months and I avoid seeing people.",
    "started": "Around the time I changed jobs last spring.",
    "tried": "Walking helps a little; talking to my sister helps.",
    "goals": [
        "Meet a friend for coffee once a week",
        "Get back to running twice a week",
        "Stop checking work email at night",
    ],
    "difference": "I would enjoy weekends again and look forward to seeing friends.",
    "strengths": "I am stubborn in a good way, and I care about my friends.",
    "anything_else": "",
}
"""Hand-written intake answers where the intake worksheet has these fields."""


def _spread(total: int, items: int, rng: random.Random, keep_zero: set[int]) -> list[int]:
    """Answers 0–3 to ``items`` questions that add up to ``total`` (some items held at 0)."""
    answers = [0] * items
    free = [i for i in range(items) if i not in keep_zero]
    total = min(total, 3 * len(free))
    while sum(answers) < total:
        index = rng.choice([i for i in free if answers[i] < 3])
        answers[index] += 1
    return answers


def _path(start: int, end: int, week: int, rng: random.Random) -> int:
    """A noisy line from ``start`` to ``end`` over the weeks."""
    share = week / (WEEKS - 1)
    value = start + (end - start) * share + rng.choice((-1, 0, 0, 1))
    if week in (0, WEEKS - 1):
        value = start if week == 0 else end
    return max(0, round(value))


def _fill(field: Any, rng: random.Random, day: dt.date) -> Any:
    """A plausible value for any worksheet field, by its kind (for worksheets we don't know)."""
    kind = getattr(field, "kind", "text")
    if kind in {"text", "long_text"}:
        return rng.choice(ACTIVITIES).capitalize()
    if kind in {"rating", "scale"}:
        low, high = int(getattr(field, "min", 0)), int(getattr(field, "max", 10))
        return rng.randint(low, high)
    if kind == "number":
        return float(getattr(field, "min", 0)) + 1
    if kind == "choice":
        values = [option.value for option in field.options]
        return values[:2] if getattr(field, "multiple", False) else values[0]
    if kind == "checkbox":
        return True
    if kind == "date":
        return day.isoformat()
    if kind == "time":
        return f"{rng.randint(8, 20):02d}:00"
    if kind == "emotion":
        return [{"name": "tired", "intensity": rng.randint(30, 70)}]
    if kind == "thought_list":
        return {"thoughts": [{"text": "I should be doing more", "belief": 60}], "hot": 0}
    if kind == "text_list":
        count = max(1, int(getattr(field, "min_items", 1)))
        return [f"{rng.choice(ACTIVITIES).capitalize()} more often" for _ in range(count)]
    if kind == "rows":
        count = max(int(getattr(field, "min_rows", 1)), 3)
        return [{c.id: _fill(c, rng, day) for c in field.columns} for _ in range(count)]
    return ""


def generic_answers(exercise_id: str, rng: random.Random, day: dt.date) -> dict[str, Any] | None:
    """Complete answers to a worksheet, or ``None`` if it does not exist or they don't pass."""
    from toolkit.exercises import ExerciseFileError, Worksheet, load_exercise
    from toolkit.exercises.responses import problems

    try:
        sheet = load_exercise(exercise_id)
    except (KeyError, ExerciseFileError):
        return None
    if not isinstance(sheet, Worksheet):
        return None
    answers = {field.id: _fill(field, rng, day) for field in sheet.fields}
    if exercise_id == "intake":
        answers.update({k: v for k, v in INTAKE_WORDS.items() if k in answers})
    try:
        return None if problems(sheet, answers) else answers
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _thought_record(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    from toolkit.exercises.answers import (
        Extra,
        Mood,
        Moods,
        SuggestionRecord,
        Thought,
        ThoughtList,
        dump_answers,
        to_json,
    )

    situation, hot, against, balanced = rng.choice(THOUGHTS)
    mood = rng.choice(("anxious", "sad", "ashamed"))
    before, after = rng.randint(65, 90), rng.randint(30, 55)
    thoughts = ThoughtList((Thought(hot, before),), hot=0)
    answers = dump_answers(
        {
            "situation": situation,
            "moods": Moods((Mood(mood, before),)),
            "automatic_thoughts": thoughts,
            "evidence_for": "It has happened to other people, and I felt like this before",
            "evidence_against": against,
            "balanced_thought": balanced,
            "balanced_belief": rng.choice((55, 60, 70)),
            "moods_after": Moods((Mood(mood, after),)),
        }
    )
    suggestions = SuggestionRecord(
        engine="offline",
        thought=hot,
        traps_shown=("fortune_telling", "catastrophizing"),
        traps_chosen=("fortune_telling",),
        ideas_shown=(balanced, "What would I tell a friend who thought this?"),
        ideas_used=(balanced,) if rng.random() < 0.6 else (),
    )
    extra = to_json(Extra(ai_suggestions=suggestions))
    assert isinstance(extra, dict)
    return answers, extra


def seed_demo(
    store: Store, set_clock: Callable[[dt.datetime], None], now: dt.datetime
) -> str | None:
    """Create the demo therapist and clients; returns the new password, or ``None`` if the
    demo therapist exists already.

    Parameters
    ----------
    store
        A store whose clock is moved by ``set_clock``.
    set_clock
        Sets the store's clock (history is written in the past, week by week).
    now
        The real current time; nothing is written after it.

    If anything fails, whatever was created is removed again before the error propagates.
    """
    from .errors import NotFound

    try:
        store.therapist(DEMO_USER)
    except NotFound:
        pass
    else:
        return None
    password = secrets.token_urlsafe(12)
    rng = random.Random(20250303)  # noqa: S311 (invented demo data, not a secret)
    # 09:00 in the clinic's zone, WEEKS - 1 weeks before yesterday: each week's check-in then
    # falls on the morning of its due day whatever the hour now (from 3 hours before ``now``,
    # a check-in run late in the evening landed after midnight, a day past its due date, and
    # raised an overdue alert), and the last write is yesterday before noon
    first_day = local_day(now, store.zone) - dt.timedelta(weeks=WEEKS - 1, days=1)
    start = start_of_day(first_day, store.zone) + dt.timedelta(hours=9)
    set_clock(start - dt.timedelta(days=1))
    therapist = store.add_therapist(DEMO_USER, password)
    seeder = _Seeder(store, therapist, rng, start, set_clock)
    made: list[str] = []
    try:
        for profile in PROFILES:
            store.add_client(CLI, profile.code, therapist=DEMO_USER, display_name=profile.name)
            made.append(profile.code)
            seeder.client(profile)
    except BaseException:
        set_clock(now)
        for code in made:
            store.erase_client(CLI, code)
        store.remove_therapist(CLI, DEMO_USER)
        raise
    set_clock(now)
    return password


@dataclass
class _Seeder:
    """Writes one client's history through the store, moving its clock."""

    store: Store
    therapist: Therapist
    rng: random.Random
    start: dt.datetime
    set_clock: Callable[[dt.datetime], None]

    def at(self, week: int, hours: float = 0) -> dt.datetime:
        """A moment in week ``week`` of the history (a few minutes' jitter)."""
        jitter = self.rng.randint(0, 50)
        return self.start + dt.timedelta(weeks=week, hours=hours, minutes=jitter)

    def client(self, profile: Profile) -> None:
        """Intake, twelve weekly check-ins, thought records and activity logs."""
        store, rng, start = self.store, self.rng, self.start

        def phq9(week: int) -> list[int]:
            total = _path(*profile.phq9, week, rng)
            answers = _spread(total, 9, rng, keep_zero={8})
            if profile.code == ITEM9_CLIENT and week == WEEKS - 1:
                answers[answers.index(max(answers))] -= 1
                answers[8] = 1
            return answers

        def gad7(week: int) -> list[int]:
            return _spread(_path(*profile.gad7, week, rng), 7, rng, keep_zero=set())

        # Week 0: the intake bundle (the intake worksheet only where it exists).
        self.set_clock(self.at(0))
        intake = generic_answers("intake", rng, start.date())
        bundle = [e for e in INTAKE_BUNDLE if e != "intake" or intake is not None]
        link = store.assign(
            self.therapist, profile.code, bundle, instructions="Welcome! Take your time."
        )
        self.set_clock(self.at(0, 2))
        opened = store.open_assignment(link.secret)
        for exercise_id in bundle:
            if exercise_id == "intake" and intake is not None:
                first_field = next(iter(intake))
                store.save_draft(opened, "intake", {first_field: intake[first_field]})
                store.submit(opened, "intake", intake)
            elif exercise_id == "phq9":
                store.submit(opened, "phq9", phq9(0))
            elif exercise_id == "gad7":
                store.submit(opened, "gad7", gad7(0))
            elif exercise_id == "who5":
                store.submit(opened, "who5", [rng.randint(1, 3) for _ in range(5)])

        # Weeks 1–11: a weekly check-in on one recurring link.
        self.set_clock(self.at(0, 3))
        weekly = store.assign(
            self.therapist,
            profile.code,
            ["phq9", "gad7"],
            due=local_day(start + dt.timedelta(weeks=1), store.zone),
            every_days=7,
            instructions="Your weekly check-in.",
        )
        for week in range(1, WEEKS):
            self.set_clock(self.at(week, 1))
            store.submit(weekly.secret, "phq9", phq9(week))
            store.submit(weekly.secret, "gad7", gad7(week))
            if profile.thought_records and week in (3, 7):
                self.thought_record(profile.code, self.at(week, 0.5))
            if profile.activity_log and week in (2, 4):
                self.worksheet(profile.code, "activity_log", self.at(week, 0.5))

        if not profile.thought_records:
            self.set_clock(self.at(WEEKS - 1, 2))
            store.assign(
                self.therapist,
                profile.code,
                ["thought_record"],
                due=local_day(start + dt.timedelta(weeks=WEEKS - 1, days=4), store.zone),
                instructions="Try one thought record this week, about any moment that stood out.",
            )

    def thought_record(self, code: str, when: dt.datetime) -> None:
        """A thought record: assigned two days before, a draft, the submission, a comment."""
        self.set_clock(when - dt.timedelta(days=2))
        due = local_day(when, self.store.zone)
        link = self.store.assign(self.therapist, code, ["thought_record"], due=due)
        answers, extra = _thought_record(self.rng)
        self.set_clock(when - dt.timedelta(minutes=20))
        self.store.save_draft(link.secret, "thought_record", {"situation": answers["situation"]})
        self.set_clock(when)
        receipt = self.store.submit(link.secret, "thought_record", answers, extra)
        self.set_clock(when + dt.timedelta(days=1))
        self.store.add_comment(
            self.therapist, receipt.response_id, "Good work spotting the hot thought."
        )

    def worksheet(self, code: str, exercise_id: str, when: dt.datetime) -> None:
        """Any worksheet, filled in generically (skipped if it does not exist)."""
        answers = generic_answers(exercise_id, self.rng, when.date())
        if answers is None:
            return
        self.set_clock(when)
        link = self.store.assign(self.therapist, code, [exercise_id])
        try:
            self.store.submit(link.secret, exercise_id, answers)
        except InvalidInput:
            self.store.revoke(self.therapist, link.assignment.id)
