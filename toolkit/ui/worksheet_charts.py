"""Charts a completed worksheet declares (``charts:`` in its YAML), built from its answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from toolkit.exercises import Worksheet


def _moods(answers: dict[str, Any], field_id: str) -> dict[str, int]:
    return {m["name"]: m["intensity"] for m in answers.get(field_id) or [] if m.get("name")}


def worksheet_figures(sheet: Worksheet, answers: dict[str, Any]) -> list[go.Figure]:
    """One figure per chart the worksheet declares, in order."""
    from toolkit import charts

    figures = []
    for chart in sheet.charts:
        if chart.kind == "mood_change":
            figures.append(
                charts.mood_change(
                    _moods(answers, chart.before), _moods(answers, chart.after), title=chart.title
                )
            )
    return figures
