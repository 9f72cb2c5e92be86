"""A client's progress, from their submissions: which measures to chart, the series of each on
the client's own scale, reliable change, the NHS Talking Therapies outcome, and the thinking
traps the client chose most.

Pure: submissions in, values out (no widgets, no database). Everything a chart shows is read
from the measure files (``exercises/measures/*.yaml``): a new scored questionnaire is charted
without a line of code here.

Examples
--------
>>> import datetime as dt
>>> from types import SimpleNamespace as Sub
>>> subs = [
...     Sub(exercise_id="who5", submitted_at=dt.datetime(2026, 1, 5), total=8, answers={}),
...     Sub(exercise_id="who5", submitted_at=dt.datetime(2026, 2, 5), total=14, answers={}),
... ]
>>> charted_measures(subs)
('who5',)
>>> who5 = measure_series(subs, "who5")
>>> [p.shown for p in who5.points], who5.unit, who5.y_max
([32, 56], '%', 100)
>>> [p.change for p in who5.points]
['', 'improved']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from toolkit.exercises import Questionnaire, catalog
from toolkit.exercises.answers import suggestions_of
from toolkit.exercises.questionnaire import Band, ReliableChange
from toolkit.scoring import (
    ScoringError,
    TalkingTherapiesOutcome,
    iapt_outcome,
    measure_spec,
    reliable_change,
    score,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go


class Submission(Protocol):
    """What progress needs of a submission (the store's ``SubmissionRecord`` has it)."""

    @property
    def exercise_id(self) -> str: ...

    @property
    def submitted_at(self) -> dt.datetime: ...

    @property
    def total(self) -> int | None: ...

    @property
    def answers(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Point:
    """One score: the raw ``total`` as scored, ``shown`` on the client's scale (WHO-5: %),
    and ``change`` from the first score (``"improved"``, ``"deteriorated"``,
    ``"no reliable change"``, or ``""`` where the measure has no rule, and for the first)."""

    when: dt.datetime
    total: int
    shown: float
    change: str


@dataclass(frozen=True)
class Series:
    """A measure's (or a subscale's) scores over time, with what its chart needs.

    ``bands`` are ``(low, high, label)`` on the shown scale, already meeting halfway between
    whole-number ranges (PHQ-9 4.5, 9.5 …; WHO-5 30 %, 50 %). ``cutoff`` is the clinical
    cut-off line on the shown scale. ``rci_verdict`` is the reliable change index's verdict,
    first to latest, for a measure whose threshold is the default but which also declares the
    index's SD and r (PHQ-9).
    """

    measure: str
    name: str
    subscale: str | None
    points: tuple[Point, ...]
    unit: str
    y_label: str
    y_max: float | None
    bands: tuple[tuple[float, float, str], ...]
    cutoff: float | None
    higher_is_better: bool
    rule: ReliableChange | None
    rci_verdict: str | None = None
    factor: int = 1
    """Shown value = raw total × factor (WHO-5: 4, a percentage)."""

    @property
    def title(self) -> str:
        """The chart's title, e.g. ``"PHQ-9 over time"``."""
        return f"{self.name} over time"

    @property
    def latest(self) -> Point | None:
        """The newest score (``None`` for an empty series)."""
        return self.points[-1] if self.points else None


def _scored_questionnaires() -> list[Questionnaire]:
    return [
        spec
        for spec in catalog().values()
        if isinstance(spec, Questionnaire) and spec.scoring is not None
    ]


NHS_PAIR = ("phq9", "gad7")
"""The measures of the NHS Talking Therapies outcome (:func:`toolkit.scoring.iapt_outcome`)."""


def _chart_order(spec: Questionnaire) -> tuple[int, str]:
    # the NHS Talking Therapies pair first (PHQ-9, GAD-7), then by name
    rank = NHS_PAIR.index(spec.id) if spec.id in NHS_PAIR else len(NHS_PAIR)
    return (rank, spec.short_title.lower())


def charted_measures(submissions: Iterable[Submission]) -> tuple[str, ...]:
    """The scored questionnaires this client has a score on, in chart order.

    Every questionnaire file that declares ``scoring`` is charted once a score exists; the
    measures of the NHS Talking Therapies outcome (PHQ-9, GAD-7) come first.
    """
    scored = {s.exercise_id for s in submissions if s.total is not None}
    return tuple(
        spec.id for spec in sorted(_scored_questionnaires(), key=_chart_order) if spec.id in scored
    )


def _scale(spec: Questionnaire) -> int:
    return spec.scoring.percent_multiplier or 1 if spec.scoring else 1


def _closed_bands(bands: Sequence[Band], factor: int) -> tuple[tuple[float, float, str], ...]:
    """Bands on the shown scale, neighbours meeting halfway between whole-number ranges."""
    ordered = sorted(bands, key=lambda b: b.min)
    closed: list[tuple[float, float, str]] = []
    for i, band in enumerate(ordered):
        low: float = band.min
        high: float = band.max
        if i > 0 and band.min - ordered[i - 1].max == 1:
            low = band.min - 0.5
        if i + 1 < len(ordered) and ordered[i + 1].min - band.max == 1:
            high = band.max + 0.5
        closed.append((low * factor, high * factor, band.label))
    return tuple(closed)


def _changes(
    measure: str, totals: Sequence[int], rule: ReliableChange | None, subscale: str | None
) -> list[str]:
    if rule is None or not totals:
        return [""] * len(totals)
    first = totals[0]
    marks = [""]
    for total in totals[1:]:
        try:
            marks.append(reliable_change(measure, first, total, subscale=subscale))
        except (ScoringError, KeyError):
            marks.append("")
    return marks


def measure_series(submissions: Iterable[Submission], measure: str) -> Series:
    """A measure's totals over time, oldest first, on the client's scale.

    The scale is the one the client saw: WHO-5 totals are shown × 4 as a percentage
    (``percent_multiplier``; Topp et al. 2015), with bands and cut-off converted alike.
    Reliable change is judged on the raw totals, from the first score, by the rule the measure
    file declares (Jacobson & Truax 1991; NHS Talking Therapies thresholds).

    Raises
    ------
    toolkit.scoring.UnknownMeasureError
        For an id that is no scored questionnaire.
    """
    spec = measure_spec(measure)
    factor = _scale(spec)
    rows = sorted(
        (s for s in submissions if s.exercise_id == measure and s.total is not None),
        key=lambda s: s.submitted_at,
    )
    totals = [int(s.total) for s in rows if s.total is not None]
    marks = _changes(measure, totals, spec.reliable_change, None)
    points = tuple(
        Point(s.submitted_at, total, total * factor, mark)
        for s, total, mark in zip(rows, totals, marks, strict=True)
    )
    verdict = None
    rule = spec.reliable_change
    if rule is not None and rule.threshold is not None and rule.sd is not None and len(totals) > 1:
        verdict = reliable_change(measure, totals[0], totals[-1], method="rci")
    cutoff: float | None = None
    if spec.cutoff is not None and spec.cutoff.min is not None:
        cutoff = spec.cutoff.min * factor
    elif spec.cutoff is not None and spec.cutoff.max is not None:
        cutoff = (spec.cutoff.max + 0.5) * factor  # positive at or below: the line sits above
    top = spec.total_range()[1] * factor
    unit = "%" if factor != 1 else ""
    return Series(
        measure=measure,
        name=spec.short_title,
        subscale=None,
        points=points,
        unit=unit,
        y_label=f"{spec.short_title} (%)" if unit else f"{spec.short_title} total",
        y_max=top,
        bands=_closed_bands(spec.bands, factor),
        cutoff=cutoff,
        higher_is_better=spec.scoring.higher_is_better if spec.scoring else False,
        rule=rule,
        rci_verdict=verdict,
        factor=factor,
    )


def subscale_series(submissions: Iterable[Submission], measure: str) -> tuple[Series, ...]:
    """One series per subscale that declares a reliable-change rule (DASS-21 depression,
    anxiety, stress; Henry & Crawford 2005), scored from each submission's answers."""
    spec = measure_spec(measure)
    rated = [sub for sub in spec.subscales if sub.reliable_change is not None]
    if not rated:
        return ()
    rows = sorted(
        (s for s in submissions if s.exercise_id == measure), key=lambda s: s.submitted_at
    )
    scored: list[tuple[dt.datetime, Mapping[str, Any]]] = []
    for row in rows:
        try:
            scored.append((row.submitted_at, score(measure, row.answers).subscales))
        except (ScoringError, KeyError):
            continue
    found: list[Series] = []
    for sub in rated:
        totals = [subs[sub.id].total for _when, subs in scored]
        if not totals:
            continue
        marks = _changes(measure, totals, sub.reliable_change, sub.id)
        name = f"{spec.short_title} {sub.title.lower()}"
        found.append(
            Series(
                measure=measure,
                name=name,
                subscale=sub.id,
                points=tuple(
                    Point(when, total, total, mark)
                    for (when, _subs), total, mark in zip(scored, totals, marks, strict=True)
                ),
                unit="",
                y_label=f"{sub.title} score",
                y_max=max(b.max for b in sub.bands) if sub.bands else None,
                bands=_closed_bands(sub.bands, 1),
                cutoff=None,
                higher_is_better=False,
                rule=sub.reliable_change,
            )
        )
    return tuple(found)


def outcome(submissions: Iterable[Submission]) -> TalkingTherapiesOutcome | None:
    """The NHS Talking Therapies outcome, first vs latest PHQ-9 and GAD-7 (``None`` unless
    the client has both). Definitions: NHS Talking Therapies Manual (see
    :func:`toolkit.scoring.iapt_outcome`)."""
    subs = list(submissions)
    phq = measure_series(subs, "phq9").points
    gad = measure_series(subs, "gad7").points
    if not phq or not gad:
        return None
    return iapt_outcome(phq9=(phq[0].total, phq[-1].total), gad7=(gad[0].total, gad[-1].total))


def trap_counts(submissions: Iterable[Any]) -> dict[str, int]:
    """How often the client chose each thinking trap (trap id → count) on the suggestions
    they were shown; traps only shown, never chosen, do not count."""
    counts: dict[str, int] = {}
    for submission in submissions:
        record = suggestions_of(getattr(submission, "extra", None))
        for trap in record.traps_chosen if record is not None else ():
            counts[trap] = counts.get(trap, 0) + 1
    return counts


_WORD = re.compile(r"[a-z0-9']+")
KEPT_SHARE = 0.6
"""Share of an idea's words that must still be in the answer for the idea to count as kept."""


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) > 2}


def ideas_kept(ideas: Iterable[str], answers: Iterable[str]) -> tuple[str, ...]:
    """The suggested ideas the client used *and kept*: at least :data:`KEPT_SHARE` of an idea's
    words are still in one of the submitted answers. An idea clicked in and then rewritten
    in the client's own words is theirs, not the suggestion's.

    Examples
    --------
    >>> ideas_kept(["Maybe they were busy, not angry"], ["Maybe they were busy."])
    ('Maybe they were busy, not angry',)
    >>> ideas_kept(["Maybe they were busy, not angry"], ["I will ask them tomorrow."])
    ()
    """
    found = [_words(text) for text in answers]
    kept: list[str] = []
    for idea in ideas:
        words = _words(idea)
        if words and any(len(words & text) >= KEPT_SHARE * len(words) for text in found):
            kept.append(idea)
    return tuple(kept)


def measure_chart(series: Series) -> go.Figure:
    """The one chart of a measure's series: bands shaded by severity (the worse end darkest,
    whichever way the scale runs), the cut-off, and reliable-change markers."""
    from toolkit import charts

    return charts.measure_trajectory(
        [(p.when.date(), p.shown) for p in series.points],
        title=series.title,
        y_label=series.y_label,
        y_max=series.y_max,
        bands=series.bands,
        cutoff=series.cutoff,
        reliable=[p.change for p in series.points],
        higher_is_better=series.higher_is_better,
    )
