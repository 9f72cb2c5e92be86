"""Pure plotly figure builders for the client, therapist and learn pages.

Every builder takes plain data and returns a :class:`plotly.graph_objects.Figure`: no widgets, no
database, no globals, no I/O. Figures are made to be read by clients on a 375-px phone screen as
well as by therapists on a desktop:

* colours come from the Okabe–Ito palette (Okabe & Ito 2008, *Color Universal Design*), limited
  to the four hues that keep a 3:1 contrast on both a white and a dark page (WCAG 2.2, 1.4.11);
  series also differ by marker symbol, line dash or bar hatching, never by colour alone;
* paper and plot backgrounds are transparent, grid lines a translucent neutral grey and text a
  mid grey that reads on light and dark pages; :func:`with_theme` sharpens the text colour when
  the page knows its theme;
* compact margins, ``autosize``, the legend below the plot, fonts of 12 px or more, axes that do
  not zoom when a finger scrolls the page, and plain-words titles, axis labels and hover text;
* empty input gives a friendly "No data yet" figure instead of an error.

Figures are displayed through :func:`figure_bundle`, which builds the
``application/vnd.plotly.v1+json`` MIME bundle directly. It never calls ``fig.show()``,
``fig._repr_mimebundle_()`` or :mod:`plotly.io` renderers: those import nbformat and jsonschema,
which costs seconds in every kernel (see STACK-NOTES.md).

Text supplied by people (mood names, activities) is HTML-escaped, because plotly interprets a
small HTML subset (``<b>``, ``<a href>``) in labels and hover text.
"""

from __future__ import annotations

import html
import json
import math
import numbers
import textwrap
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final, Literal

import plotly.graph_objects as go
import plotly.io as pio

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "OKABE_ITO",
    "PLOTLY_MIME",
    "confusion",
    "empty_figure",
    "figure_bundle",
    "figure_config",
    "item_heatmap",
    "mastery_pleasure",
    "measure_trajectory",
    "mood_change",
    "suds_over_practices",
    "trap_frequency",
    "with_theme",
]

PLOTLY_MIME: Final = "application/vnd.plotly.v1+json"

#: The Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), by name.
OKABE_ITO: Final[Mapping[str, str]] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# The four Okabe–Ito hues with >= 3:1 contrast against white and against #212121.
_BLUE: Final = OKABE_ITO["blue"]
_VERMILLION: Final = OKABE_ITO["vermillion"]
_GREEN: Final = OKABE_ITO["bluish_green"]
_PURPLE: Final = OKABE_ITO["reddish_purple"]

# #767676 is the darkest grey with 4.5:1 on white; it keeps about 4:1 on a dark page.
_NEUTRAL_TEXT: Final = "#767676"
_GRID: Final = "rgba(128, 128, 128, 0.3)"
_TRANSPARENT: Final = "rgba(0, 0, 0, 0)"
_THEME_TEXT: Final[Mapping[str, str]] = {"light": "#1f1f1f", "dark": "#e8e8e8"}

# Light-to-dark single-hue ramp (ColorBrewer "Blues", Harrower & Brewer 2003): colour-blind safe
# because it varies in lightness; cell values are also printed, so colour is never alone.
_SEQUENTIAL: Final = (
    (0.0, "#eff3ff"),
    (0.25, "#bdd7e7"),
    (0.5, "#6baed6"),
    (0.75, "#3182bd"),
    (1.0, "#08519c"),
)

# Severity bands: one hue (vermillion) whose opacity grows with severity.
_BAND_RGB: Final = "213, 94, 0"
_BAND_OPACITY: Final = (0.04, 0.32)

_FONT_SIZE: Final = 14
_SMALL_FONT: Final = 12
_TITLE_WIDTH: Final = 34  # characters per title line on a 375-px phone
_TICK_WIDTH: Final = 22  # characters of a category label before it is shortened

_RELIABLE_STATES: Final = frozenset({"improved", "deteriorated", "no reliable change", ""})

Theme = Literal["light", "dark"]
DateLike = date | str


# --------------------------------------------------------------------------------------------
# Display helpers
# --------------------------------------------------------------------------------------------


def figure_config(*, download: bool = False) -> dict[str, Any]:
    """Return the plotly.js ``config`` used for every figure.

    Parameters
    ----------
    download
        Show a mode bar holding only the "download as PNG" button. By default there is no mode
        bar at all: on a phone it covers the chart and its zoom tools get in the way.

    Returns
    -------
    dict
        A JSON-safe plotly.js configuration.

    Examples
    --------
    >>> figure_config()["displaylogo"]
    False
    >>> figure_config(download=True)["modeBarButtonsToRemove"][:2]
    ['zoom2d', 'pan2d']
    """
    config: dict[str, Any] = {
        "displaylogo": False,
        "responsive": True,
        "scrollZoom": False,
        "doubleClick": False,
        "showTips": False,
        "displayModeBar": download,
    }
    if download:
        config["modeBarButtonsToRemove"] = [
            "zoom2d",
            "pan2d",
            "select2d",
            "lasso2d",
            "zoomIn2d",
            "zoomOut2d",
            "autoScale2d",
            "resetScale2d",
            "hoverClosestCartesian",
            "hoverCompareCartesian",
            "toggleSpikelines",
        ]
        config["toImageButtonOptions"] = {"format": "png", "filename": "cbt-chart", "scale": 2}
    return config


def figure_bundle(fig: go.Figure, *, config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return the MIME bundle that displays ``fig`` in JupyterLab or Voila.

    The bundle is built from ``fig.to_plotly_json()`` encoded with :func:`plotly.io.to_json`
    (``validate=False``, standard-library ``json`` engine) and decoded again, so dates become ISO
    strings and NaN becomes ``null``. Unlike ``fig._repr_mimebundle_()`` this imports neither
    nbformat nor jsonschema.

    Parameters
    ----------
    fig
        The figure to display.
    config
        plotly.js configuration; :func:`figure_config` by default.

    Returns
    -------
    dict
        ``{"application/vnd.plotly.v1+json": {"data", "layout", "config"}, "text/plain": str}``.

    Examples
    --------
    >>> bundle = figure_bundle(trap_frequency({"Mind reading": 3}))
    >>> sorted(bundle)
    ['application/vnd.plotly.v1+json', 'text/plain']
    >>> bundle["application/vnd.plotly.v1+json"]["config"]["displaylogo"]
    False
    """
    spec = json.loads(pio.to_json(fig, validate=False, engine="json"))
    payload = {
        "data": spec.get("data", []),
        "layout": spec.get("layout", {}),
        "config": dict(config) if config is not None else figure_config(),
    }
    title = fig.layout.title.text or "Chart"
    plain = "Chart: " + html.unescape(str(title).replace("<br>", " "))
    return {PLOTLY_MIME: payload, "text/plain": plain}


def with_theme(fig: go.Figure, theme: Theme) -> go.Figure:
    """Return a copy of ``fig`` whose text colour has full contrast on a light or dark page.

    The builders use a mid-grey text colour that is readable on both; call this when the page
    knows its theme.

    Examples
    --------
    >>> dark = with_theme(trap_frequency({"Labelling": 2}), "dark")
    >>> dark.layout.font.color
    '#e8e8e8'
    """
    if theme not in _THEME_TEXT:
        msg = f"theme must be 'light' or 'dark', not {theme!r}"
        raise ValueError(msg)
    themed = go.Figure(fig)
    themed.update_layout(font_color=_THEME_TEXT[theme])
    return themed


def empty_figure(title: str, message: str = "No data yet") -> go.Figure:
    """Return a figure that shows only ``title`` and a friendly ``message``.

    Examples
    --------
    >>> empty_figure("Your mood").layout.annotations[0].text
    'No data yet'
    """
    fig = go.Figure(layout=_base_layout(title, height=160, legend=False))
    hidden = {"visible": False, "fixedrange": True}
    fig.update_layout(
        xaxis=hidden,
        yaxis=hidden,
        annotations=[
            {
                "text": _escape(message),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16},
            }
        ],
    )
    return fig


# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def mood_change(
    before: Mapping[str, int],
    after: Mapping[str, int],
    title: str = "How strong your moods were, before and after",
    *,
    scale_label: str = "How strong (0–100)",
) -> go.Figure:
    """Moods re-rated at the end of a thought record next to their first ratings.

    Grouped horizontal bars, one row per mood (the first mood on top): "Before" is vermillion and
    hatched, "After" blue and solid, each bar labelled with its rating.

    Parameters
    ----------
    before, after
        Mood name -> intensity 0–100. A mood missing on one side has no bar on that side.
    title
        Shown above the chart.
    scale_label
        The value axis title (a belief chart says "How much you believed it (0–100 %)").

    Raises
    ------
    ValueError
        If a rating is outside 0–100.

    Examples
    --------
    >>> fig = mood_change({"Anxious": 80, "Sad": 60}, {"Anxious": 40, "Sad": 50})
    >>> [t.name for t in fig.data]
    ['Before', 'After']
    >>> list(fig.data[1].x)
    [40, 50]
    """
    moods = list(dict.fromkeys([*before, *after]))
    if not moods:
        return empty_figure(title)
    for side, ratings in (("before", before), ("after", after)):
        for mood, value in ratings.items():
            _check_range(value, 0, 100, f"{side} rating of {mood!r}")

    return _paired_bars(
        title,
        moods,
        (
            ("Before", [before.get(m) for m in moods], _VERMILLION, "/"),
            ("After", [after.get(m) for m in moods], _BLUE, ""),
        ),
        top=100,
        axis_title=scale_label,
        headroom=12,
        dtick=25,
    )


def measure_trajectory(
    points: Sequence[tuple[date, float]],
    *,
    title: str = "Your scores over time",
    y_label: str = "Total score",
    y_max: float | None = None,
    bands: Sequence[tuple[float, float, str]] = (),
    cutoff: float | None = None,
    reliable: Sequence[str] | None = None,
    higher_is_better: bool = False,
) -> go.Figure:
    """A questionnaire's total over time, with severity bands, cut-off and reliable change.

    Severity bands are shaded in one hue whose strength grows with severity, and labelled in
    words at the right edge. Bands are given as the *inclusive* score ranges of the manual (PHQ-9
    minimal 0–4, mild 5–9, …; Kroenke, Spitzer & Williams 2001); when the next band starts at most
    one point higher, the shading meets halfway (4.5), so whole-number scores sit inside their
    own band. The clinical cut-off is a dashed line. Where the change from the first score was
    reliable (Jacobson & Truax 1991), a large marker is added: a bluish-green star for
    "improved", a vermillion cross for "deteriorated" — shape and legend say it, not only colour.

    Parameters
    ----------
    points
        ``(date, total)`` pairs; they are drawn in date order.
    title, y_label
        Plain-words title and y-axis label.
    y_max
        Top of the y axis (the measure's maximum); by default the highest band or score.
    bands
        ``(low, high, label)`` per severity band, e.g. ``(5, 9, "mild")``.
    cutoff
        Clinical cut-off drawn as a dashed line, e.g. 10 for PHQ-9.
    reliable
        Per point, in the order given: ``"improved"``, ``"deteriorated"``,
        ``"no reliable change"`` (or ``""``), as :func:`toolkit.scoring.reliable_change` returns.
    higher_is_better
        For wellbeing scales (WHO-5) the *low* bands are the severe ones: shading then grows
        darker towards the bottom.

    Raises
    ------
    ValueError
        If ``reliable`` does not match ``points`` in length or holds an unknown state, if a band
        has ``low > high``, or if a score is not a finite number.

    Examples
    --------
    >>> from datetime import date
    >>> fig = measure_trajectory(
    ...     [(date(2024, 1, 1), 18), (date(2024, 2, 1), 9)],
    ...     title="PHQ-9 over time",
    ...     y_max=27,
    ...     bands=[(0, 4, "minimal"), (5, 9, "mild"), (10, 27, "moderate or worse")],
    ...     cutoff=10,
    ...     reliable=["no reliable change", "improved"],
    ... )
    >>> [(s.y0, s.y1) for s in fig.layout.shapes if s.type == "rect"]
    [(0, 4.5), (4.5, 9.5), (9.5, 27)]
    >>> [t.name for t in fig.data]
    ['Score', 'Reliable improvement']
    """
    if reliable is not None and len(reliable) != len(points):
        msg = f"reliable has {len(reliable)} entries but there are {len(points)} points"
        raise ValueError(msg)
    states = [s.strip().lower() for s in reliable] if reliable is not None else [""] * len(points)
    unknown = sorted(set(states) - _RELIABLE_STATES)
    if unknown:
        expected = sorted(_RELIABLE_STATES)
        msg = f"unknown reliable-change state(s) {unknown}; expected one of {expected}"
        raise ValueError(msg)
    if not points:
        return empty_figure(title)
    for when, value in points:
        _check_finite(value, f"score on {when}")

    order = sorted(range(len(points)), key=lambda i: points[i][0])
    dates = [points[i][0] for i in order]
    values = [float(points[i][1]) for i in order]
    states = [states[i] for i in order]
    shaded = _shaded_bands(bands)

    top = y_max if y_max is not None else max([*values, *(b[1] for b in shaded), 1.0])
    bottom = min([0.0, *values, *(b[0] for b in shaded)])
    label = _escape(y_label)

    fig = go.Figure(layout=_base_layout(title, height=380))
    hover = []
    for when, value in zip(dates, values, strict=True):
        band = _band_of(value, shaded)
        hover.append(
            f"{_long_date(when)}<br>{label}: {_number(value)}" + (f"<br>{band}" if band else "")
        )
    fig.add_trace(
        go.Scatter(
            name="Score",
            x=dates,
            y=values,
            mode="lines+markers",
            line={"color": _BLUE, "width": 2.5},
            marker={"color": _BLUE, "size": 9, "symbol": "circle"},
            hovertext=hover,
            hoverinfo="text",
            cliponaxis=False,
        )
    )
    for state, name, colour, symbol in (
        ("improved", "Reliable improvement", _GREEN, "star"),
        ("deteriorated", "Reliable deterioration", _VERMILLION, "x"),
    ):
        idx = [i for i, s in enumerate(states) if s == state]
        if not idx:
            continue
        fig.add_trace(
            go.Scatter(
                name=name,
                x=[dates[i] for i in idx],
                y=[values[i] for i in idx],
                mode="markers",
                marker={
                    "color": colour,
                    "size": 17,
                    "symbol": symbol,
                    "line": {"color": _NEUTRAL_TEXT, "width": 1},
                },
                hovertext=[
                    f"{_long_date(dates[i])}<br>{label}: {_number(values[i])}"
                    f"<br>{name} since the first score"
                    for i in idx
                ],
                hoverinfo="text",
                cliponaxis=False,
            )
        )

    # Labels belong to the shapes (layer "below"), so the score line is drawn over them.
    shapes: list[dict[str, Any]] = [
        {
            "type": "rect",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": low,
            "y1": high,
            "fillcolor": f"rgba({_BAND_RGB}, {_band_opacity(severity, len(shaded))})",
            "line": {"width": 0},
            "layer": "below",
            "label": {
                "text": band_label,
                "textposition": "middle right",
                "font": {"size": _SMALL_FONT, "color": _NEUTRAL_TEXT},
                "padding": 4,
            },
        }
        for rank, (low, high, band_label) in enumerate(shaded)
        for severity in [len(shaded) - 1 - rank if higher_is_better else rank]
    ]
    if cutoff is not None:
        _check_finite(cutoff, "cutoff")
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": cutoff,
                "y1": cutoff,
                "line": {"color": _NEUTRAL_TEXT, "width": 2, "dash": "dash"},
                "layer": "below",
                "label": {
                    "text": f"Clinical cut-off ({_number(cutoff)})",
                    "textposition": "start",
                    "yanchor": "bottom",
                    "font": {"size": _SMALL_FONT, "color": _NEUTRAL_TEXT},
                    "padding": 2,
                },
            }
        )

    xaxis: dict[str, Any] = {
        "title": {"text": "Date", "font": {"size": 13}},
        "type": "date",
        "tickfont": {"size": _SMALL_FONT},
        "fixedrange": True,
        "automargin": True,
        "gridcolor": _GRID,
        "hoverformat": "%-d %b %Y",
    }
    if len(set(dates)) == 1:
        xaxis["range"] = [
            (dates[0] - timedelta(days=7)).isoformat(),
            (dates[0] + timedelta(days=7)).isoformat(),
        ]
    fig.update_layout(
        xaxis=xaxis,
        yaxis=_value_axis(y_label, bottom, top),
        shapes=shapes,
        showlegend=len(fig.data) > 1,
    )
    return fig


def item_heatmap(
    dates: Sequence[DateLike],
    item_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    max_value: float,
    *,
    title: str = "Answers to each question over time",
) -> go.Figure:
    """Item-level answers over time: one row per question, one column per date.

    Cells go from light (0) to dark blue (``max_value``) and print their value; ``None`` leaves
    a gap.

    Parameters
    ----------
    dates
        Column labels, one per completion (``date`` or text).
    item_labels
        Row labels, one per question, top to bottom.
    values
        ``values[item][column]``, each between 0 and ``max_value``, or ``None``.
    max_value
        The highest possible answer (3 for PHQ-9 items).

    Raises
    ------
    ValueError
        If ``values`` is not ``len(item_labels)`` × ``len(dates)``, or a value is out of range.

    Examples
    --------
    >>> from datetime import date
    >>> fig = item_heatmap(
    ...     [date(2024, 1, 1), date(2024, 1, 15)], ["Sleep", "Energy"], [[3, 1], [2, 2]], 3
    ... )
    >>> [list(row) for row in fig.data[0].z]
    [[3, 1], [2, 2]]
    """
    _check_finite(max_value, "max_value")
    if max_value <= 0:
        msg = f"max_value must be positive, not {max_value}"
        raise ValueError(msg)
    if len(values) != len(item_labels):
        msg = f"values has {len(values)} rows but there are {len(item_labels)} items"
        raise ValueError(msg)
    for label, row in zip(item_labels, values, strict=True):
        if len(row) != len(dates):
            msg = f"row {label!r} has {len(row)} values but there are {len(dates)} dates"
            raise ValueError(msg)
        for value in row:
            if value is not None:
                _check_range(value, 0, max_value, f"value for {label!r}")
    if not dates or not item_labels:
        return empty_figure(title)

    columns = [_short_date(d) if isinstance(d, date) else _escape(d) for d in dates]
    full_columns = [_long_date(d) if isinstance(d, date) else _escape(d) for d in dates]
    rows = [_escape(label) for label in item_labels]
    hover = [
        [
            f"{row}<br>{when}: " + ("not answered" if v is None else _number(v))
            for when, v in zip(full_columns, row_values, strict=True)
        ]
        for row, row_values in zip(rows, values, strict=True)
    ]
    z = [list(row) for row in values]
    fig = go.Figure(layout=_base_layout(title, height=_rows_height(len(rows), 30), legend=False))
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=list(range(len(columns))),
            y=list(range(len(rows))),
            zmin=0,
            zmax=max_value,
            colorscale=[list(stop) for stop in _SEQUENTIAL],
            showscale=False,
            xgap=2,
            ygap=2,
            text=[["" if v is None else _number(v) for v in row] for row in values],
            texttemplate="%{text}",
            textfont={"size": _SMALL_FONT},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_layout(
        xaxis=_category_axis(columns, title="Date"),
        yaxis=_category_axis(item_labels, reverse=True),
    )
    return fig


def mastery_pleasure(
    activities: Sequence[str],
    mastery: Sequence[float | None],
    pleasure: Sequence[float | None],
    *,
    title: str = "Mastery and pleasure by activity",
) -> go.Figure:
    """Mastery (sense of achievement) and pleasure (enjoyment), 0–10, for each activity.

    Behavioural activation activity log (Martell, Dimidjian & Herman-Dunn 2010). Grouped
    horizontal bars, activities top to bottom in the order given (repeats allowed): "Mastery" is
    blue and solid, "Pleasure" reddish purple and dotted.

    Raises
    ------
    ValueError
        If the three sequences differ in length or a rating is outside 0–10.

    Examples
    --------
    >>> fig = mastery_pleasure(["Walk", "Call Sam"], [6, 3], [7, 8])
    >>> [t.name for t in fig.data], list(fig.data[1].x)
    (['Mastery', 'Pleasure'], [7, 8])
    """
    if not len(activities) == len(mastery) == len(pleasure):
        msg = (
            f"activities ({len(activities)}), mastery ({len(mastery)}) and pleasure "
            f"({len(pleasure)}) must have the same length"
        )
        raise ValueError(msg)
    if not activities:
        return empty_figure(title)
    for name, ratings in (("mastery", mastery), ("pleasure", pleasure)):
        for activity, value in zip(activities, ratings, strict=True):
            if value is not None:
                _check_range(value, 0, 10, f"{name} rating of {activity!r}")

    return _paired_bars(
        title,
        list(activities),
        (("Mastery", list(mastery), _BLUE, ""), ("Pleasure", list(pleasure), _PURPLE, "/")),
        top=10,
        axis_title="Rating (0–10)",
        headroom=1.2,
        dtick=2,
    )


def suds_over_practices(
    practices: Sequence[tuple[DateLike, float | None, float | None, float | None]],
    *,
    title: str = "Distress during each practice",
) -> go.Figure:
    """SUDS (0–100) before, at the peak of and after each exposure practice.

    SUDS: Subjective Units of Distress Scale (Wolpe 1969). Practices are drawn in the order
    given, evenly spaced. Before, peak and after differ by colour, marker symbol and line dash.

    Parameters
    ----------
    practices
        ``(label, before, peak, after)`` per practice; the label is a date or text, a missing
        rating is ``None``.

    Raises
    ------
    ValueError
        If a rating is outside 0–100.

    Examples
    --------
    >>> fig = suds_over_practices([("Mon", 70, 85, 40), ("Wed", 60, 70, 30)])
    >>> [t.name for t in fig.data], list(fig.data[1].y)
    (['Before', 'Peak', 'After'], [85, 70])
    """
    if not practices:
        return empty_figure(title)
    for index, (_, *ratings) in enumerate(practices, start=1):
        for value in ratings:
            if value is not None:
                _check_range(value, 0, 100, f"SUDS rating of practice {index}")

    labels = [_short_date(p[0]) if isinstance(p[0], date) else _escape(p[0]) for p in practices]
    full = [_long_date(p[0]) if isinstance(p[0], date) else _escape(p[0]) for p in practices]
    positions = list(range(len(practices)))
    fig = go.Figure(layout=_base_layout(title, height=380))
    series = (
        ("Before", [p[1] for p in practices], _BLUE, "circle", "solid"),
        ("Peak", [p[2] for p in practices], _VERMILLION, "triangle-up", "dot"),
        ("After", [p[3] for p in practices], _GREEN, "square", "dash"),
    )
    for name, ys, colour, symbol, dash in series:
        fig.add_trace(
            go.Scatter(
                name=name,
                x=positions,
                y=ys,
                mode="lines+markers",
                line={"color": colour, "width": 2.5, "dash": dash},
                marker={"color": colour, "size": 10, "symbol": symbol},
                connectgaps=False,
                hovertext=[
                    f"Practice {i + 1} ({when})<br>{name}: "
                    + ("not rated" if v is None else f"{_number(v)} out of 100")
                    for i, (when, v) in enumerate(zip(full, ys, strict=True))
                ],
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    fig.update_layout(
        xaxis=_category_axis(labels, title="Practice"),
        yaxis=_value_axis("Distress (0–100)", 0, 100, dtick=25),
    )
    return fig


def trap_frequency(
    counts: Mapping[str, int],
    *,
    title: str = "Thinking traps you noticed most",
) -> go.Figure:
    """How often each thinking trap was noticed: horizontal bars, most frequent on top.

    Traps with a zero count are left out; ties are in alphabetical order.

    Raises
    ------
    ValueError
        If a count is negative.

    Examples
    --------
    >>> fig = trap_frequency({"Mind reading": 2, "Catastrophising": 5, "Labelling": 0})
    >>> list(fig.data[0].x), fig.layout.yaxis.ticktext
    ([5, 2], ('Catastrophising', 'Mind reading'))
    """
    for trap, count in counts.items():
        _check_finite(count, f"count of {trap!r}")
        if count < 0:
            msg = f"count of {trap!r} is negative ({count})"
            raise ValueError(msg)
    ranked = sorted(((t, c) for t, c in counts.items() if c > 0), key=lambda tc: (-tc[1], tc[0]))
    if not ranked:
        return empty_figure(title)
    traps = [t for t, _ in ranked]
    values = [c for _, c in ranked]
    fig = go.Figure(layout=_base_layout(title, height=_rows_height(len(traps), 34), legend=False))
    fig.add_trace(
        go.Bar(
            name="Times noticed",
            orientation="h",
            x=values,
            y=list(range(len(traps))),
            marker={"color": _BLUE},
            text=[str(c) for c in values],
            textposition="outside",
            cliponaxis=False,
            hovertext=[f"{_escape(t)}: noticed {c} time{'s' if c != 1 else ''}" for t, c in ranked],
            hoverinfo="text",
        )
    )
    top = max(values)
    fig.update_layout(
        bargap=0.3,
        xaxis=_value_axis(
            "Times noticed", 0, top, headroom=max(top * 0.12, 0.6), dtick=_count_dtick(top)
        ),
        yaxis=_category_axis(traps, reverse=True),
    )
    return fig


def confusion(
    matrix: Sequence[Sequence[int]],
    labels: Sequence[str],
    *,
    title: str = "Class answers: right answer and answer chosen",
) -> go.Figure:
    """A confusion heatmap of a class's quiz answers.

    Rows are the right answer (top to bottom in ``labels`` order), columns the answer chosen.
    Each cell prints its count; the diagonal (right answers) is outlined so it does not rely on
    colour; hover text gives the share of that row.

    Raises
    ------
    ValueError
        If ``matrix`` is not square with one row per label, or holds a negative count.

    Examples
    --------
    >>> fig = confusion([[4, 1], [2, 3]], ["Labelling", "Blaming"])
    >>> [list(row) for row in fig.data[0].z]
    [[4, 1], [2, 3]]
    >>> len(fig.layout.shapes)
    2
    """
    size = len(labels)
    if len(matrix) != size or any(len(row) != size for row in matrix):
        msg = f"matrix must be {size} × {size}, one row and one column per label"
        raise ValueError(msg)
    for row in matrix:
        for count in row:
            _check_finite(count, "count")
            if count < 0:
                msg = f"counts must not be negative ({count})"
                raise ValueError(msg)
    if size == 0 or sum(sum(row) for row in matrix) == 0:
        return empty_figure(title)

    names = [_escape(label) for label in labels]
    hover = []
    for right, row in zip(names, matrix, strict=True):
        total = sum(row)
        hover.append(
            [
                f"Right answer: {right}<br>Chosen: {chosen}<br>"
                f"{count} answer{'s' if count != 1 else ''}"
                + (f" ({round(100 * count / total)}% of this row)" if total else "")
                for chosen, count in zip(names, row, strict=True)
            ]
        )
    fig = go.Figure(layout=_base_layout(title, height=_rows_height(size, 34) + 60, legend=False))
    fig.add_trace(
        go.Heatmap(
            z=[list(row) for row in matrix],
            x=list(range(size)),
            y=list(range(size)),
            zmin=0,
            colorscale=[list(stop) for stop in _SEQUENTIAL],
            showscale=False,
            xgap=2,
            ygap=2,
            texttemplate="%{z}",
            textfont={"size": _SMALL_FONT},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_layout(
        xaxis={**_category_axis(labels, title="Answer chosen"), "tickangle": -45},
        yaxis=_category_axis(labels, reverse=True, title="Right answer"),
        shapes=[
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "x0": i - 0.5,
                "x1": i + 0.5,
                "y0": i - 0.5,
                "y1": i + 0.5,
                "line": {"color": _NEUTRAL_TEXT, "width": 2},
                "fillcolor": _TRANSPARENT,
                "layer": "above",
            }
            for i in range(size)
        ],
    )
    return fig


# --------------------------------------------------------------------------------------------
# Private helpers
# --------------------------------------------------------------------------------------------


def _paired_bars(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str, str]],
    *,
    top: float,
    axis_title: str,
    headroom: float,
    dtick: float,
) -> go.Figure:
    """Grouped horizontal bars, one row per label (first on top), each bar with its value.

    ``series`` is ``(name, values, colour, hatch)`` per group; ``None`` draws no bar.
    """
    positions = list(range(len(labels)))
    fig = go.Figure(layout=_base_layout(title, height=_rows_height(len(labels), 52)))
    for name, values, colour, hatch in series:
        fig.add_trace(
            go.Bar(
                name=name,
                orientation="h",
                x=list(values),
                y=positions,
                marker={"color": colour, "pattern": _hatch(hatch)},
                text=["" if v is None else _number(v) for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertext=[
                    f"{_escape(label)}<br>{name}: "
                    + ("not rated" if v is None else f"{_number(v)} out of {_number(top)}")
                    for label, v in zip(labels, values, strict=True)
                ],
                hoverinfo="text",
            )
        )
    fig.update_layout(
        barmode="group",
        bargap=0.25,
        xaxis=_value_axis(axis_title, 0, top, headroom=headroom, dtick=dtick),
        yaxis=_category_axis(labels, reverse=True),
    )
    return fig


def _base_layout(title: str, *, height: int, legend: bool = True) -> dict[str, Any]:
    """Layout shared by every figure: transparent, compact, legend below, no zooming."""
    wrapped = textwrap.wrap(title, _TITLE_WIDTH) or [""]
    top = 24 + 20 * len(wrapped)
    return {
        "template": go.layout.Template(),
        "title": {
            "text": "<br>".join(_escape(line) for line in wrapped),
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "automargin": True,
            "pad": {"l": 8, "b": 12},
            "font": {"size": 16},
        },
        "autosize": True,
        "height": height + top,
        "margin": {"l": 8, "r": 12, "t": 8, "b": 8, "pad": 2},
        "paper_bgcolor": _TRANSPARENT,
        "plot_bgcolor": _TRANSPARENT,
        "font": {"size": _FONT_SIZE, "color": _NEUTRAL_TEXT},
        "colorway": [_BLUE, _VERMILLION, _GREEN, _PURPLE],
        "showlegend": legend,
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "font": {"size": 13},
            "bgcolor": _TRANSPARENT,
        },
        "hovermode": "closest",
        "hoverlabel": {"font": {"size": 13}, "align": "left"},
        "dragmode": False,
    }


def _hatch(shape: str) -> dict[str, Any]:
    """Bar hatching drawn in translucent white over the bar's own colour ('' for none)."""
    return {
        "shape": shape,
        "fillmode": "overlay",
        "fgcolor": "rgba(255, 255, 255, 0.75)",
        "size": 8,
        "solidity": 0.25,
    }


def _value_axis(
    title: str,
    low: float,
    high: float,
    *,
    headroom: float = 0.0,
    dtick: float | None = None,
) -> dict[str, Any]:
    """A numeric axis from ``low`` to ``high`` (+ room for bar labels), not zoomable."""
    axis: dict[str, Any] = {
        "title": {"text": _escape(title), "font": {"size": 13}},
        "range": [low, high + headroom],
        "fixedrange": True,
        "automargin": True,
        "gridcolor": _GRID,
        "zeroline": False,
        "tickfont": {"size": _SMALL_FONT},
    }
    if dtick is not None:
        axis["tick0"] = 0
        axis["dtick"] = dtick
    return axis


def _category_axis(
    labels: Sequence[str], *, reverse: bool = False, title: str = ""
) -> dict[str, Any]:
    """Axis placing ``labels`` at 0, 1, … so repeated or shortened labels never merge."""
    last = len(labels) - 0.5
    return {
        "title": {"text": _escape(title), "font": {"size": 13}},
        "tickmode": "array",
        "tickvals": list(range(len(labels))),
        "ticktext": [_short(label) for label in labels],
        "range": [last, -0.5] if reverse else [-0.5, last],
        "fixedrange": True,
        "automargin": True,
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "tickfont": {"size": _SMALL_FONT},
    }


def _shaded_bands(bands: Sequence[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Sort bands and close the one-point gaps of whole-number score ranges at the midpoint."""
    ordered = sorted(bands, key=lambda b: (b[0], b[1]))
    for low, high, label in ordered:
        _check_finite(low, f"low edge of band {label!r}")
        _check_finite(high, f"high edge of band {label!r}")
        if low > high:
            msg = f"band {label!r} has low {low} above high {high}"
            raise ValueError(msg)
    shaded: list[tuple[float, float, str]] = []
    for i, (low, high, label) in enumerate(ordered):
        bottom, top = low, high
        if i > 0 and 0 < low - ordered[i - 1][1] <= 1:
            bottom = (low + ordered[i - 1][1]) / 2
        if i + 1 < len(ordered) and 0 < ordered[i + 1][0] - high <= 1:
            top = (high + ordered[i + 1][0]) / 2
        shaded.append((bottom, top, _capitalise(_escape(label))))
    return shaded


def _band_of(value: float, shaded: Sequence[tuple[float, float, str]]) -> str:
    """The label of the shaded band holding ``value`` (upper edges belong to the next band)."""
    for i, (low, high, label) in enumerate(shaded):
        if low <= value < high or (value == high and i == len(shaded) - 1):
            return label
    return ""


def _band_opacity(rank: int, count: int) -> float:
    low, high = _BAND_OPACITY
    if count == 1:
        return round((low + high) / 2, 3)
    return round(low + (high - low) * rank / (count - 1), 3)


def _rows_height(rows: int, per_row: int) -> int:
    """Plot height for ``rows`` category rows: room for each, with a floor and a ceiling."""
    return max(200, min(90 + rows * per_row, 900))


def _count_dtick(top: int) -> int | None:
    """Whole-number ticks for small counts; plotly's own choice for larger ones."""
    return 1 if top <= 6 else None


def _check_finite(value: float, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        msg = f"{what} must be a finite number, not {value!r}"
        raise ValueError(msg)


def _check_range(value: float, low: float, high: float, what: str) -> None:
    _check_finite(value, what)
    if not low <= value <= high:
        msg = f"{what} must be between {_number(low)} and {_number(high)}, not {value!r}"
        raise ValueError(msg)


def _escape(text: str) -> str:
    """Escape people's text: plotly renders a small HTML subset in labels and hover text."""
    return html.escape(str(text), quote=False)


def _short(label: str) -> str:
    """Escaped tick label, shortened with an ellipsis to fit a phone (hover shows it in full)."""
    text = str(label)
    if len(text) > _TICK_WIDTH:
        text = text[: _TICK_WIDTH - 1].rstrip() + "…"
    return _escape(text)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: float) -> str:
    """``7`` for whole numbers, ``7.5`` otherwise (at most one decimal)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _short_date(when: date) -> str:
    return f"{when.day} {when:%b}"


def _long_date(when: DateLike) -> str:
    if isinstance(when, date):
        return f"{when.day} {when:%b %Y}"
    return _escape(when)
