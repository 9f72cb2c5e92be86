"""Tests for toolkit.ui.plot: figures land in an Output's state, replacing what was there."""

from __future__ import annotations

import ipywidgets as widgets

from toolkit.charts import PLOTLY_MIME, figure_bundle, mood_change, trap_frequency
from toolkit.ui.plot import FigureView, figure_output, show_figure


def plotly_payloads(out: widgets.Output) -> list[dict[str, object]]:
    return [o["data"][PLOTLY_MIME] for o in out.outputs if PLOTLY_MIME in o.get("data", {})]


def test_show_figure_twice_leaves_exactly_one_display_data() -> None:
    out = widgets.Output()
    show_figure(out, trap_frequency({"Blaming": 1}))
    second = trap_frequency({"Mind reading": 4, "Labelling": 2})
    show_figure(out, second)

    assert len(out.outputs) == 1
    (output,) = out.outputs
    assert output["output_type"] == "display_data"
    assert output["metadata"] == {}
    assert set(output["data"]) == {PLOTLY_MIME, "text/plain"}
    assert output["data"] == figure_bundle(second)
    assert output["data"][PLOTLY_MIME]["data"][0]["x"] == [4, 2]


def test_show_figure_replaces_other_output() -> None:
    out = widgets.Output()
    out.outputs = ({"output_type": "stream", "name": "stdout", "text": "old\n"},)
    show_figure(out, mood_change({"Sad": 50}, {"Sad": 20}))
    assert [o["output_type"] for o in out.outputs] == ["display_data"]


def test_show_figure_passes_a_custom_config() -> None:
    out = widgets.Output()
    show_figure(out, trap_frequency({"Blaming": 1}), config={"displaylogo": False})
    assert plotly_payloads(out)[0]["config"] == {"displaylogo": False}


def test_figure_output_builds_an_output_showing_the_figure() -> None:
    out = figure_output(trap_frequency({"Blaming": 3}))
    assert isinstance(out, widgets.Output)
    (payload,) = plotly_payloads(out)
    assert payload["layout"]["title"]["text"]


def test_figure_view_redraws_when_its_figure_changes() -> None:
    view = FigureView()
    assert view.figure is None
    assert view.output.outputs == ()
    assert view.children == (view.output,)

    first = trap_frequency({"Blaming": 1})
    view.figure = first
    view.figure = trap_frequency({"Blaming": 5})
    assert len(view.output.outputs) == 1
    assert plotly_payloads(view.output)[0]["data"][0]["x"] == [5]

    view.clear()
    assert view.figure is None
    assert view.output.outputs == ()
