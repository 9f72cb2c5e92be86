"""Show plotly figures inside ``ipywidgets.Output`` by setting its state directly.

Displaying a figure with ``fig.show()`` or ``display(fig)`` inside ``with out:`` hung notebook
execution and Voila page loads in many runs; setting ``Output.outputs`` never did, and widget
tests can read it back (STACK-NOTES.md). The MIME bundle comes from
:func:`toolkit.charts.figure_bundle`, which imports neither nbformat nor jsonschema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from toolkit.charts import figure_bundle

if TYPE_CHECKING:
    from collections.abc import Mapping

    import plotly.graph_objects as go

__all__ = ["FigureView", "figure_output", "show_figure"]


def show_figure(
    out: widgets.Output, fig: go.Figure, *, config: Mapping[str, Any] | None = None
) -> None:
    """Replace whatever ``out`` shows with ``fig``.

    Parameters
    ----------
    out
        The Output widget to draw into. Its previous outputs are replaced, never appended to.
    fig
        The figure, usually from a :mod:`toolkit.charts` builder.
    config
        plotly.js configuration; :func:`toolkit.charts.figure_config` by default.

    Examples
    --------
    >>> from toolkit.charts import trap_frequency
    >>> out = widgets.Output()
    >>> show_figure(out, trap_frequency({"Mind reading": 2}))
    >>> len(out.outputs)
    1
    """
    out.outputs = (
        {
            "output_type": "display_data",
            "data": figure_bundle(fig, config=config),
            "metadata": {},
        },
    )


def figure_output(fig: go.Figure, *, config: Mapping[str, Any] | None = None) -> widgets.Output:
    """Return a new Output widget showing ``fig``.

    Examples
    --------
    >>> from toolkit.charts import trap_frequency
    >>> out = figure_output(trap_frequency({"Labelling": 1}))
    >>> out.outputs[0]["output_type"]
    'display_data'
    """
    out = widgets.Output()
    show_figure(out, fig, config=config)
    return out


class FigureView(widgets.VBox):  # type: ignore[misc]  # ipywidgets ships no type hints
    """A box that shows one figure at a time; assign :attr:`figure` to redraw it.

    Examples
    --------
    >>> from toolkit.charts import trap_frequency
    >>> view = FigureView(trap_frequency({"Labelling": 1}))
    >>> view.figure = trap_frequency({"Blaming": 3})
    >>> len(view.output.outputs)
    1
    """

    def __init__(self, fig: go.Figure | None = None, **kwargs: Any) -> None:
        output = widgets.Output()
        super().__init__(children=(output,), **kwargs)
        self.output = output
        self._figure: go.Figure | None = None
        self.add_class("cbt-figure")
        if fig is not None:
            self.figure = fig

    @property
    def figure(self) -> go.Figure | None:
        """The figure shown, or ``None`` before the first one."""
        return self._figure

    @figure.setter
    def figure(self, fig: go.Figure) -> None:
        self._figure = fig
        show_figure(self.output, fig)

    def clear(self) -> None:
        """Show nothing."""
        self._figure = None
        self.output.outputs = ()
