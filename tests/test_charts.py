"""Tests for toolkit.charts: what each figure draws, not how plotly draws it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import charts
from toolkit.charts import (
    OKABE_ITO,
    PLOTLY_MIME,
    confusion,
    empty_figure,
    figure_bundle,
    figure_config,
    item_heatmap,
    mastery_pleasure,
    measure_trajectory,
    mood_change,
    suds_over_practices,
    trap_frequency,
    with_theme,
)

ROOT = Path(__file__).resolve().parents[1]

# PHQ-9 severity bands as the manual writes them (Kroenke, Spitzer & Williams 2001).
PHQ9_BANDS = [
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately severe"),
    (20, 27, "severe"),
]
D0 = date(2024, 1, 1)


def phq9_trajectory(**kwargs: Any) -> go.Figure:
    points = [(D0, 18), (D0 + timedelta(days=14), 15), (D0 + timedelta(days=28), 11)]
    defaults: dict[str, Any] = {
        "title": "PHQ-9 over time",
        "y_max": 27,
        "bands": PHQ9_BANDS,
        "cutoff": 10,
        "reliable": ["no reliable change", "no reliable change", "improved"],
    }
    return measure_trajectory(points, **{**defaults, **kwargs})


def all_figures() -> dict[str, go.Figure]:
    return {
        "mood_change": mood_change({"Anxious": 80, "Sad": 60}, {"Anxious": 40, "Sad": 50}),
        "measure_trajectory": phq9_trajectory(),
        "item_heatmap": item_heatmap(
            [D0, D0 + timedelta(days=7)], ["Sleep", "Energy"], [[3, 1], [2, None]], 3
        ),
        "mastery_pleasure": mastery_pleasure(["Walk", "Call Sam"], [6, 3], [7, 8]),
        "suds_over_practices": suds_over_practices([(D0, 70, 85, 40), ("Wed", 60, None, 30)]),
        "trap_frequency": trap_frequency({"Mind reading": 2, "Labelling": 5}),
        "confusion": confusion([[4, 1], [2, 3]], ["Labelling", "Blaming"]),
    }


def empty_figures() -> dict[str, go.Figure]:
    return {
        "mood_change": mood_change({}, {}),
        "measure_trajectory": measure_trajectory([], bands=PHQ9_BANDS, cutoff=10),
        "item_heatmap": item_heatmap([], [], [], 3),
        "mastery_pleasure": mastery_pleasure([], [], []),
        "suds_over_practices": suds_over_practices([]),
        "trap_frequency": trap_frequency({}),
        "confusion": confusion([], []),
    }


def rects(fig: go.Figure) -> list[Any]:
    return [s for s in fig.layout.shapes if s.type == "rect"]


def lines(fig: go.Figure) -> list[Any]:
    return [s for s in fig.layout.shapes if s.type == "line"]


def trace(fig: go.Figure, name: str) -> Any:
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, f"expected one trace named {name!r}, got {[t.name for t in fig.data]}"
    return matches[0]


# --- mood_change ------------------------------------------------------------------------------


def test_mood_change_puts_before_and_after_side_by_side_per_mood() -> None:
    fig = mood_change({"Anxious": 80, "Sad": 60}, {"Anxious": 40, "Sad": 50})
    before, after = trace(fig, "Before"), trace(fig, "After")
    assert list(before.x) == [80, 60]
    assert list(after.x) == [40, 50]
    assert before.orientation == after.orientation == "h"
    assert list(before.y) == list(after.y) == [0, 1]
    assert fig.layout.yaxis.ticktext == ("Anxious", "Sad")
    assert fig.layout.barmode == "group"
    # First mood on top, and the value axis spans the whole 0–100 scale.
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]
    assert fig.layout.xaxis.range[0] == 0
    assert fig.layout.xaxis.range[1] >= 100
    # Not colour alone: one series is hatched, and every bar carries its value as text.
    assert before.marker.pattern.shape == "/"
    assert after.marker.pattern.shape == ""
    assert list(before.text) == ["80", "60"]


def test_mood_change_keeps_moods_rated_only_once() -> None:
    fig = mood_change({"Anxious": 80}, {"Anxious": 30, "Hopeful": 40})
    assert fig.layout.yaxis.ticktext == ("Anxious", "Hopeful")
    assert list(trace(fig, "Before").x) == [80, None]
    assert list(trace(fig, "After").x) == [30, 40]
    assert "not rated" in trace(fig, "Before").hovertext[1]


def test_mood_change_escapes_people_s_text() -> None:
    fig = mood_change({"<b>sad</b> & low": 50}, {})
    assert fig.layout.yaxis.ticktext == ("&lt;b&gt;sad&lt;/b&gt; &amp; low",)
    assert "<b>" not in json.dumps(figure_bundle(fig)[PLOTLY_MIME]["data"])


@pytest.mark.parametrize("bad", [-1, 101])
def test_mood_change_rejects_ratings_outside_0_100(bad: int) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        mood_change({"Sad": bad}, {})


# --- measure_trajectory -----------------------------------------------------------------------


def test_trajectory_draws_scores_in_date_order() -> None:
    later, earlier = date(2024, 3, 1), date(2024, 1, 1)
    fig = measure_trajectory([(later, 7), (earlier, 18)], reliable=["improved", ""])
    score = trace(fig, "Score")
    assert list(score.x) == [earlier, later]
    assert list(score.y) == [18, 7]
    # The reliable state follows its point through the sort.
    improved = trace(fig, "Reliable improvement")
    assert list(improved.x) == [later]
    assert list(improved.y) == [7]


def test_trajectory_shades_bands_meeting_halfway_between_whole_scores() -> None:
    fig = phq9_trajectory()
    shaded = [(s.y0, s.y1, s.label.text) for s in rects(fig)]
    assert shaded == [
        (0, 4.5, "Minimal"),
        (4.5, 9.5, "Mild"),
        (9.5, 14.5, "Moderate"),
        (14.5, 19.5, "Moderately severe"),
        (19.5, 27, "Severe"),
    ]
    for shape in rects(fig):
        assert (shape.xref, shape.x0, shape.x1) == ("paper", 0, 1)
        assert shape.layer == "below"
    # One hue, stronger with severity: shading order alone tells severity.
    opacities = [float(s.fillcolor.rsplit(",", 1)[1].rstrip(")")) for s in rects(fig)]
    assert opacities == sorted(opacities)
    assert len(set(opacities)) == len(opacities)


def test_trajectory_keeps_contiguous_bands_as_given() -> None:
    fig = measure_trajectory([(D0, 5)], bands=[(0, 5, "low"), (5, 10, "high")], y_max=10)
    assert [(s.y0, s.y1) for s in rects(fig)] == [(0, 5), (5, 10)]
    assert "High" in trace(fig, "Score").hovertext[0]


def test_trajectory_hover_names_the_band_of_each_score() -> None:
    fig = measure_trajectory(
        [(D0, 4), (D0 + timedelta(days=1), 5), (D0 + timedelta(days=2), 27)],
        bands=PHQ9_BANDS,
        y_label="PHQ-9 total",
    )
    hover = trace(fig, "Score").hovertext
    assert "Minimal" in hover[0]
    assert "Mild" in hover[1]
    assert "Severe" in hover[2]
    assert "PHQ-9 total: 27" in hover[2]
    assert "1 Jan 2024" in hover[0]


def test_trajectory_draws_a_dashed_cut_off_at_its_score() -> None:
    fig = phq9_trajectory(cutoff=10)
    (line,) = lines(fig)
    assert line.y0 == line.y1 == 10
    assert (line.xref, line.x0, line.x1) == ("paper", 0, 1)
    assert line.line.dash == "dash"
    assert "cut-off" in line.label.text
    assert "10" in line.label.text


def test_trajectory_without_cut_off_or_bands_has_no_shapes() -> None:
    fig = measure_trajectory([(D0, 3)])
    assert fig.layout.shapes == ()
    assert fig.layout.showlegend is False


def test_trajectory_marks_reliable_change_by_symbol_and_colour() -> None:
    points = [(D0 + timedelta(days=7 * i), v) for i, v in enumerate([8, 15, 16, 7])]
    fig = measure_trajectory(
        points,
        bands=PHQ9_BANDS,
        reliable=["", "deteriorated", "Deteriorated", "no reliable change"],
    )
    worse = trace(fig, "Reliable deterioration")
    assert list(worse.y) == [15, 16]
    assert list(worse.x) == [points[1][0], points[2][0]]
    assert worse.marker.symbol == "x"
    assert worse.marker.color == OKABE_ITO["vermillion"]
    assert [t.name for t in fig.data] == ["Score", "Reliable deterioration"]
    assert fig.layout.showlegend is True

    better = measure_trajectory(points[:2], reliable=["", "improved"])
    improved = trace(better, "Reliable improvement")
    assert improved.marker.symbol == "star"
    assert improved.marker.color == OKABE_ITO["bluish_green"]
    assert "since the first score" in improved.hovertext[0]


def test_trajectory_axes_span_the_measure() -> None:
    fig = phq9_trajectory()
    assert tuple(fig.layout.yaxis.range) == (0, 27)
    assert fig.layout.yaxis.title.text == "Total score"
    assert fig.layout.xaxis.type == "date"


def test_trajectory_with_one_date_gets_a_readable_range() -> None:
    fig = measure_trajectory([(D0, 12)])
    assert fig.layout.xaxis.range == ("2023-12-25", "2024-01-08")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reliable": ["improved"]}, "1 entries but there are 2 points"),
        ({"reliable": ["better", ""]}, "unknown reliable-change state"),
        ({"bands": [(10, 5, "odd")]}, "above high"),
        ({"cutoff": float("nan")}, "finite"),
    ],
)
def test_trajectory_rejects_inconsistent_input(kwargs: dict[str, Any], message: str) -> None:
    points = [(D0, 5.0), (D0 + timedelta(days=1), 6.0)]
    with pytest.raises(ValueError, match=message):
        measure_trajectory(points, **kwargs)


# --- item_heatmap -----------------------------------------------------------------------------


def test_item_heatmap_has_items_as_rows_and_dates_as_columns() -> None:
    dates = [D0, D0 + timedelta(days=14)]
    fig = item_heatmap(dates, ["Sleep", "Energy", "Appetite"], [[3, 1], [2, 2], [0, None]], 3)
    (heat,) = fig.data
    assert [list(row) for row in heat.z] == [[3, 1], [2, 2], [0, None]]
    assert (heat.zmin, heat.zmax) == (0, 3)
    assert fig.layout.yaxis.ticktext == ("Sleep", "Energy", "Appetite")
    assert fig.layout.xaxis.ticktext == ("1 Jan", "15 Jan")
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]  # first item on top
    # Values are printed in the cells: colour is not the only carrier.
    assert heat.texttemplate == "%{text}"
    assert [list(row) for row in heat.text] == [["3", "1"], ["2", "2"], ["0", ""]]
    assert "not answered" in heat.hovertext[2][1]


def test_item_heatmap_shortens_long_labels_but_hover_keeps_them() -> None:
    label = "Little interest or pleasure in doing things"
    fig = item_heatmap(["Week 1"], [label], [[2]], 3)
    assert fig.layout.yaxis.ticktext[0].endswith("…")
    assert len(fig.layout.yaxis.ticktext[0]) <= 22
    assert label in fig.data[0].hovertext[0][0]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([[1, 2]], "1 rows but there are 2 items"),
        ([[1], [2]], "1 values but there are 2 dates"),
        ([[1, 4], [0, 0]], "between 0 and 3"),
    ],
)
def test_item_heatmap_rejects_mismatched_values(values: list[list[int]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        item_heatmap([D0, D0], ["a", "b"], values, 3)


# --- mastery_pleasure -------------------------------------------------------------------------


def test_mastery_pleasure_keeps_repeated_activities_apart() -> None:
    fig = mastery_pleasure(["Walk", "Call Sam", "Walk"], [6, 3, None], [7, 8, 5])
    assert list(trace(fig, "Mastery").x) == [6, 3, None]
    assert list(trace(fig, "Pleasure").x) == [7, 8, 5]
    assert list(trace(fig, "Mastery").y) == [0, 1, 2]
    assert fig.layout.yaxis.ticktext == ("Walk", "Call Sam", "Walk")
    assert fig.layout.xaxis.range[0] == 0
    assert fig.layout.xaxis.range[1] >= 10


def test_mastery_pleasure_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="same length"):
        mastery_pleasure(["Walk"], [1, 2], [3])
    with pytest.raises(ValueError, match="between 0 and 10"):
        mastery_pleasure(["Walk"], [11], [3])


# --- suds_over_practices ----------------------------------------------------------------------


def test_suds_draws_before_peak_after_with_distinct_symbols_and_dashes() -> None:
    fig = suds_over_practices([(D0, 70, 85, 40), ("Wed", 60, None, 30)])
    assert [t.name for t in fig.data] == ["Before", "Peak", "After"]
    assert list(trace(fig, "Before").y) == [70, 60]
    assert list(trace(fig, "Peak").y) == [85, None]
    assert list(trace(fig, "After").y) == [40, 30]
    assert len({t.marker.symbol for t in fig.data}) == 3
    assert len({t.line.dash for t in fig.data}) == 3
    assert fig.layout.xaxis.ticktext == ("1 Jan", "Wed")
    assert tuple(fig.layout.yaxis.range) == (0, 100)


def test_suds_rejects_ratings_outside_0_100() -> None:
    with pytest.raises(ValueError, match="practice 2"):
        suds_over_practices([("Mon", 10, 20, 5), ("Tue", 10, 120, 5)])


# --- trap_frequency ---------------------------------------------------------------------------


def test_trap_frequency_sorts_most_frequent_first_and_drops_zeros() -> None:
    fig = trap_frequency({"Mind reading": 2, "Catastrophising": 5, "Blaming": 2, "Labelling": 0})
    (bars,) = fig.data
    assert list(bars.x) == [5, 2, 2]
    assert fig.layout.yaxis.ticktext == ("Catastrophising", "Blaming", "Mind reading")
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]  # most frequent on top
    assert bars.orientation == "h"
    assert bars.hovertext[0] == "Catastrophising: noticed 5 times"
    assert fig.layout.showlegend is False


def test_trap_frequency_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative"):
        trap_frequency({"Blaming": -1})


# --- confusion --------------------------------------------------------------------------------


def test_confusion_rows_are_right_answers_and_columns_chosen() -> None:
    fig = confusion([[4, 1], [2, 3]], ["Labelling", "Blaming"])
    (heat,) = fig.data
    assert [list(row) for row in heat.z] == [[4, 1], [2, 3]]
    assert fig.layout.xaxis.title.text == "Answer chosen"
    assert fig.layout.yaxis.title.text == "Right answer"
    assert fig.layout.yaxis.range[0] > fig.layout.yaxis.range[1]
    assert heat.texttemplate == "%{z}"
    assert heat.hovertext[1][0] == (
        "Right answer: Blaming<br>Chosen: Labelling<br>2 answers (40% of this row)"
    )
    # The diagonal is outlined: right answers do not rely on colour.
    assert [(s.x0, s.y0) for s in fig.layout.shapes] == [(-0.5, -0.5), (0.5, 0.5)]


def test_confusion_rejects_a_non_square_matrix() -> None:
    with pytest.raises(ValueError, match="2 × 2"):
        confusion([[1, 2, 3], [4, 5, 6]], ["a", "b"])


def test_confusion_with_no_answers_is_empty() -> None:
    fig = confusion([[0, 0], [0, 0]], ["a", "b"])
    assert fig.layout.annotations[0].text == "No data yet"


# --- shared look and behaviour ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(empty_figures()))
def test_empty_input_gives_a_friendly_figure(name: str) -> None:
    fig = empty_figures()[name]
    assert fig.data == ()
    (note,) = fig.layout.annotations
    assert note.text == "No data yet"
    assert fig.layout.xaxis.visible is False
    assert fig.layout.title.text


def font_sizes(layout: dict[str, Any]) -> list[float]:
    found: list[float] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("font") and isinstance(value, dict) and "size" in value:
                    found.append(value["size"])
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(layout)
    return found


@pytest.mark.parametrize("name", sorted(all_figures()))
def test_every_figure_is_phone_friendly_and_accessible(name: str) -> None:
    fig = all_figures()[name]
    payload = figure_bundle(fig)[PLOTLY_MIME]
    layout = payload["layout"]
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == "rgba(0, 0, 0, 0)"
    assert layout["autosize"] is True
    assert layout["legend"]["orientation"] == "h"
    assert layout["legend"]["y"] == 0
    assert layout["legend"]["yanchor"] == "bottom"
    assert max(layout["margin"][side] for side in "lrb") <= 12
    assert layout["dragmode"] is False
    assert layout["xaxis"]["fixedrange"] is True
    assert layout["yaxis"]["fixedrange"] is True
    assert layout["title"]["text"]
    sizes = font_sizes(layout) + font_sizes({"data": payload["data"]})
    assert sizes
    assert min(sizes) >= 12
    assert layout["xaxis"]["title"]["text"]  # the value or time axis is always named
    for tr in payload["data"]:
        assert tr.get("hovertext"), f"{name}: {tr.get('name')} has no hover text"
        colour = tr.get("marker", {}).get("color")
        if isinstance(colour, str):
            assert colour in OKABE_ITO.values()


def test_figure_config_has_no_logo_and_no_clutter() -> None:
    config = figure_config()
    assert config["displaylogo"] is False
    assert config["displayModeBar"] is False
    assert config["scrollZoom"] is False
    with_download = figure_config(download=True)
    assert with_download["displayModeBar"] is True
    assert "zoom2d" in with_download["modeBarButtonsToRemove"]
    assert "toImage" not in with_download["modeBarButtonsToRemove"]


def test_figure_bundle_is_the_plotly_mime_type_with_a_plain_fallback() -> None:
    fig = phq9_trajectory()
    bundle = figure_bundle(fig)
    assert set(bundle) == {PLOTLY_MIME, "text/plain"}
    assert bundle["text/plain"] == "Chart: PHQ-9 over time"
    payload = bundle[PLOTLY_MIME]
    assert set(payload) == {"data", "layout", "config"}
    assert payload["config"] == figure_config()
    assert payload["data"][0]["x"] == ["2024-01-01", "2024-01-15", "2024-01-29"]
    assert json.loads(json.dumps(bundle, allow_nan=False)) == bundle
    assert figure_bundle(fig, config={"displaylogo": False})[PLOTLY_MIME]["config"] == {
        "displaylogo": False
    }


def test_with_theme_returns_a_recoloured_copy() -> None:
    fig = trap_frequency({"Blaming": 1})
    dark = with_theme(fig, "dark")
    assert dark.layout.font.color == "#e8e8e8"
    assert with_theme(fig, "light").layout.font.color == "#1f1f1f"
    assert fig.layout.font.color == "#767676"
    with pytest.raises(ValueError, match="theme"):
        with_theme(fig, "blue")  # type: ignore[arg-type]


def test_long_titles_wrap_for_a_phone() -> None:
    fig = empty_figure("A rather long title that would not fit on a small phone screen")
    assert "<br>" in fig.layout.title.text


# --- property: any valid input gives a figure that survives JSON ------------------------------

labels = st.text(min_size=1, max_size=40)
ratings = st.integers(min_value=0, max_value=100)
optional_suds = st.none() | st.floats(min_value=0, max_value=100, allow_nan=False)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


def assert_round_trips(fig: go.Figure) -> None:
    bundle = figure_bundle(fig)
    text = json.dumps(bundle, allow_nan=False)
    assert json.loads(text) == bundle
    assert bundle[PLOTLY_MIME]["layout"]["title"]["text"]


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(labels, ratings, max_size=8), st.dictionaries(labels, ratings, max_size=8))
def test_mood_change_round_trips(before: dict[str, int], after: dict[str, int]) -> None:
    assert_round_trips(mood_change(before, after))


@st.composite
def trajectories(draw: st.DrawFn) -> dict[str, Any]:
    points = draw(st.lists(st.tuples(dates, st.floats(0, 80, allow_nan=False)), max_size=12))
    edges = sorted(draw(st.lists(st.integers(0, 80), min_size=0, max_size=6, unique=True)))
    bands = [(lo, hi, draw(labels)) for lo, hi in pairwise(edges)]
    states = st.sampled_from(["improved", "deteriorated", "no reliable change", ""])
    return {
        "points": points,
        "bands": bands,
        "cutoff": draw(st.none() | st.floats(0, 80, allow_nan=False)),
        "y_max": draw(st.none() | st.just(80)),
        "reliable": draw(st.lists(states, min_size=len(points), max_size=len(points))),
    }


@settings(max_examples=40, deadline=None)
@given(trajectories())
def test_measure_trajectory_round_trips(args: dict[str, Any]) -> None:
    points = args.pop("points")
    fig = measure_trajectory(points, **args)
    assert_round_trips(fig)
    if points:
        assert len(trace(fig, "Score").y) == len(points)


@st.composite
def heatmaps(draw: st.DrawFn) -> tuple[list[date], list[str], list[list[int | None]], int]:
    top = draw(st.integers(1, 5))
    columns = draw(st.lists(dates, max_size=8))
    items = draw(st.lists(labels, max_size=10))
    cell = st.none() | st.integers(0, top)
    values = [draw(st.lists(cell, min_size=len(columns), max_size=len(columns))) for _ in items]
    return columns, items, values, top


@settings(max_examples=40, deadline=None)
@given(heatmaps())
def test_item_heatmap_round_trips(
    args: tuple[list[date], list[str], list[list[int | None]], int],
) -> None:
    assert_round_trips(item_heatmap(*args))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(labels, st.none() | st.integers(0, 10), st.none() | st.floats(0, 10)), max_size=10
    )
)
def test_mastery_pleasure_round_trips(rows: list[tuple[str, int | None, float | None]]) -> None:
    assert_round_trips(
        mastery_pleasure([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(dates | labels, optional_suds, optional_suds, optional_suds), max_size=10)
)
def test_suds_round_trips(
    practices: list[tuple[Any, float | None, float | None, float | None]],
) -> None:
    assert_round_trips(suds_over_practices(practices))


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(labels, st.integers(0, 1000), max_size=13))
def test_trap_frequency_round_trips(counts: dict[str, int]) -> None:
    fig = trap_frequency(counts)
    assert_round_trips(fig)
    if any(counts.values()):
        shown = list(fig.data[0].x)
        assert shown == sorted(shown, reverse=True)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 8).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(0, 50), min_size=n, max_size=n), min_size=n, max_size=n),
            st.lists(labels, min_size=n, max_size=n),
        )
    )
)
def test_confusion_round_trips(args: tuple[list[list[int]], list[str]]) -> None:
    assert_round_trips(confusion(*args))


# --- import cost: no nbformat, no jsonschema ---------------------------------------------------


def test_building_and_bundling_every_figure_imports_no_nbformat_or_jsonschema() -> None:
    script = textwrap.dedent(
        """
        import json, sys
        from datetime import date
        from toolkit import charts as c

        figs = [
            c.mood_change({"Sad": 60}, {"Sad": 30}),
            c.measure_trajectory([(date(2024, 1, 1), 18), (date(2024, 2, 1), 9)],
                                 bands=[(0, 9, "low"), (10, 27, "high")], cutoff=10,
                                 reliable=["", "improved"]),
            c.item_heatmap([date(2024, 1, 1)], ["Sleep"], [[2]], 3),
            c.mastery_pleasure(["Walk"], [5], [6]),
            c.suds_over_practices([("Mon", 70, 80, 40)]),
            c.trap_frequency({"Blaming": 2}),
            c.confusion([[1, 0], [0, 1]], ["a", "b"]),
            c.mood_change({}, {}),
            c.with_theme(c.trap_frequency({"Blaming": 2}), "dark"),
        ]
        for fig in figs:
            json.dumps(c.figure_bundle(fig))
        bad = ("nbformat", "jsonschema", "rfc3987_syntax", "plotly.io._renderers", "IPython")
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in bad
                                or m == "plotly.io._renderers")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_charts_module_imports_no_widgets() -> None:
    source = Path(charts.__file__).read_text(encoding="utf-8")
    assert "ipywidgets" not in source
