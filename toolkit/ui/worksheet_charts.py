"""Charts a completed worksheet declares (``charts:`` in its YAML), built from its answers.

Each chart kind of :mod:`toolkit.exercises.worksheet` maps onto a pure builder of
:mod:`toolkit.charts`; this module only picks the answers out of the response.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from toolkit.exercises.fields import RowsField
from toolkit.exercises.responses import as_text, ordered_rows
from toolkit.exercises.worksheet import (
    BeliefChangeChart,
    LadderChart,
    MasteryPleasureChart,
    MoodChangeChart,
    SudsChart,
)

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from toolkit.exercises import Worksheet
    from toolkit.exercises.worksheet import ChartSpec

Answers = Mapping[str, Any]


def worksheet_figures(sheet: Worksheet, answers: Answers) -> list[go.Figure]:
    """One figure per chart the worksheet declares, in order."""
    return [chart_figure(sheet, chart, answers) for chart in sheet.charts]


def chart_figure(sheet: Worksheet, chart: ChartSpec, answers: Answers) -> go.Figure:
    """The figure of one declared chart."""
    from toolkit import charts

    if isinstance(chart, MoodChangeChart):
        return charts.mood_change(
            _moods(answers, chart.before), _moods(answers, chart.after), title=chart.title
        )
    if isinstance(chart, BeliefChangeChart):
        before = {
            p.label: v for p in chart.beliefs if (v := _int(answers.get(p.before))) is not None
        }
        after = {p.label: v for p in chart.beliefs if (v := _int(answers.get(p.after))) is not None}
        return charts.mood_change(
            before, after, title=chart.title, scale_label="How much you believed it (0–100 %)"
        )
    rows = _rows(sheet, chart.rows, answers)
    if isinstance(chart, MasteryPleasureChart):
        return _mastery_pleasure(sheet, chart, rows)
    if isinstance(chart, SudsChart):
        return charts.suds_over_practices(
            [
                (
                    _practice_label(row.get(chart.label), number),
                    _number(row.get(chart.before)),
                    _number(row.get(chart.peak)),
                    _number(row.get(chart.after)),
                )
                for number, row in enumerate(rows, start=1)
            ],
            title=chart.title,
        )
    return _ladder(chart, rows)


def _moods(answers: Answers, field_id: str) -> dict[str, int]:
    """Rated moods only: a mood not re-rated (intensity ``None``) has no bar, never a number."""
    return {
        m["name"]: rating
        for m in answers.get(field_id) or []
        if m.get("name") and (rating := _int(m.get("intensity"))) is not None
    }


def _int(value: Any) -> int | None:
    """A rating as an int; ``None`` (not rated) stays ``None``, 0 is a rating."""
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _rows(sheet: Worksheet, field_id: str, answers: Answers) -> list[Mapping[str, Any]]:
    field = sheet.field(field_id)
    assert isinstance(field, RowsField)  # the worksheet model checked the reference
    return ordered_rows(field, answers.get(field_id))


def _mastery_pleasure(
    sheet: Worksheet, chart: MasteryPleasureChart, rows: Sequence[Mapping[str, Any]]
) -> go.Figure:
    from toolkit import charts

    field = sheet.field(chart.rows)
    assert isinstance(field, RowsField)
    columns = {column.id: column for column in field.columns}
    labels: list[str] = []
    mastery: list[float | None] = []
    pleasure: list[float | None] = []
    for row in rows:
        activity = " ".join(str(row.get(chart.activity) or "").split())
        if chart.activity in columns and not isinstance(row.get(chart.activity), str):
            activity = as_text(columns[chart.activity], row.get(chart.activity))
        rated = (_number(row.get(chart.mastery)), _number(row.get(chart.pleasure)))
        if not activity or activity == "—" or rated == (None, None):
            continue
        when = [
            as_text(columns[ref], row.get(ref))
            for ref in chart.when
            if str(row.get(ref) or "").strip()
        ]
        labels.append(f"{activity} ({' '.join(when)})" if when else activity)
        mastery.append(rated[0])
        pleasure.append(rated[1])
    return charts.mastery_pleasure(labels, mastery, pleasure, title=chart.title)


def _practice_label(value: Any, number: int) -> dt.date | str:
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return " ".join(value.split())
    return f"Practice {number}"


def _ladder(chart: LadderChart, rows: Sequence[Mapping[str, Any]]) -> go.Figure:
    """The ladder, hardest step on top, drawn with the ranked-bars builder.

    :func:`toolkit.charts.trap_frequency` already draws ranked horizontal bars, largest on top;
    its axis and hover words are about counts, so they are re-worded for SUDS here. It leaves
    out zero counts, so a step rated 0 is drawn as a sliver (1) labelled 0. (A dedicated ladder
    builder in :mod:`toolkit.charts` would make this unnecessary.)
    """
    from toolkit import charts

    steps: dict[str, int] = {}
    for row in rows:
        text = " ".join(str(row.get(chart.step) or "").split())
        suds = _int(row.get(chart.suds))
        if text and suds is not None:
            steps[text if text not in steps else f"{text} ({len(steps) + 1})"] = suds
    drawn = {name: max(suds, 1) for name, suds in steps.items()}
    fig = charts.trap_frequency(drawn, title=chart.title)
    if not steps:
        return fig
    ranked = [name for name, _ in sorted(drawn.items(), key=lambda item: (-item[1], item[0]))]
    fig.update_traces(
        name="Distress (SUDS)",
        text=[str(steps[name]) for name in ranked],
        hovertext=[
            f"{html.escape(name, quote=False)}<br>Distress: {steps[name]} out of 100"
            for name in ranked
        ],
    )
    fig.update_xaxes(title_text="Expected distress (SUDS, 0–100)", range=[0, 112], dtick=25)
    return fig
