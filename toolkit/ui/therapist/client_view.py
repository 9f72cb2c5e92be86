"""One client's page: the in-page menu, the AI switch and the progress section (charts from
:mod:`toolkit.progress`, the NHS Talking Therapies outcome, the traps the client chose)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .base import PagePart
from .names import trap_name

if TYPE_CHECKING:
    from toolkit.store.records import SubmissionRecord

SECTIONS = (
    ("progress", "Progress"),
    ("assign", "Assign"),
    ("assignments", "Assignments"),
    ("submissions", "Submissions"),
    ("export", "Export and erase"),
)
"""The client page's sections, in order: (anchor, heading)."""


def section_anchor(key: str) -> str:
    """The HTML id of a client page section."""
    return f"cbt-section-{key}"


def menu_html() -> str:
    """The in-page menu: a link to each section (plain anchors: no script needed)."""
    links = " · ".join(
        f'<a href="#{section_anchor(key)}">{esc(title)}</a>' for key, title in SECTIONS
    )
    return f'<nav class="cbt-menu" aria-label="Sections of this page">{links}</nav>'


def section_heading(key: str) -> w.HTML:
    """A section's heading, the target of its menu link."""
    title = dict(SECTIONS)[key]
    return w.HTML(f'<h3 id="{section_anchor(key)}" class="cbt-section">{esc(title)}</h3>')


def ai_label(enabled: bool) -> str:
    """The AI switch's label: it says the state."""
    return "AI suggestions: on" if enabled else "AI suggestions: off"


class ClientViewPart(PagePart):
    """A client's page: the AI switch and the progress section."""

    def _ai_switch(self, code: str, enabled: bool) -> w.ToggleButton:
        switch = w.ToggleButton(
            value=enabled,
            description=ai_label(enabled),
            tooltip="Switch AI suggestions for this client on or off",
            icon="toggle-on" if enabled else "toggle-off",
            layout=w.Layout(width="auto"),
        )
        switch.add_class("cbt-ai-switch")

        def flip(change: dict[str, Any]) -> None:
            switch.description = ai_label(change["new"])
            switch.icon = "toggle-on" if change["new"] else "toggle-off"
            self._on_ai_help(code, bool(change["new"]))

        switch.observe(flip, "value")
        return switch

    @guarded
    def _on_ai_help(self, code: str, enabled: bool) -> None:
        me = self._me()
        if me is None:
            return
        self.store.set_ai_help(me, code, enabled)
        self.show_message("ok", f"AI suggestions {'on' if enabled else 'off'} for {code}.")

    def _progress_parts(self, timeline: list[SubmissionRecord]) -> list[w.Widget]:
        """Charts and notes of the progress section (read from the measure files).

        A live refresh calls this again: a chart whose submissions did not change is kept
        as it is (the browser does not draw it again), and the chart grid stays the same
        widget, so the page above what the therapist is reading keeps its height.
        """
        from toolkit import charts, progress
        from toolkit.ui.plot import figure_output

        cache: dict[Any, w.Widget] = getattr(self, "_progress_cache", {})
        kept: dict[Any, w.Widget] = {}

        def cached(key: Any, build: Any) -> w.Widget:
            widget = cache.get(key)
            if widget is None:
                widget = build()
            kept[key] = widget
            return widget

        def chart_block(measure: str) -> w.Widget:
            series = progress.measure_series(timeline, measure)
            charts_of: list[w.Widget] = [figure_output(progress.measure_chart(series))]
            notes = [_latest_note(series)]
            if series.rule is not None:
                notes.append(
                    _reliable_rule_note(series.name, series.rule, series.rci_verdict, series.factor)
                )
            for sub in progress.subscale_series(timeline, measure):
                charts_of.append(figure_output(progress.measure_chart(sub)))
                notes.append(_reliable_rule_note(sub.name, sub.rule))
            block = w.VBox([*charts_of, w.HTML("".join(notes))])
            block.add_class("cbt-chart-block")
            return block

        parts: list[w.Widget] = []
        blocks: list[w.Widget] = []
        for measure in progress.charted_measures(timeline):
            points = tuple((r.response_id, r.total) for r in timeline if r.exercise_id == measure)
            blocks.append(cached(("chart", measure, points), lambda m=measure: chart_block(m)))
        if blocks:
            grid = cached("grid", lambda: w.Box([]))
            grid.add_class("cbt-chart-grid")
            if tuple(grid.children) != tuple(blocks):
                grid.children = tuple(blocks)
            parts.append(grid)
        outcome = progress.outcome(timeline)
        if outcome is not None:
            flags = [
                ("Case at start", "yes" if outcome.case_at_start else "no"),
                ("Recovery", outcome.recovery_status),
                ("Reliable improvement", "yes" if outcome.reliable_improvement else "no"),
                ("Reliable recovery", outcome.reliable_recovery_status),
                ("Reliable deterioration", "yes" if outcome.reliable_deterioration else "no"),
            ]
            items = "".join(f"<li>{name}: <strong>{v}</strong></li>" for name, v in flags)
            if not outcome.case_at_start:
                items += (
                    "<li class='cbt-quiet'>Recovery applies only to a client who was a case "
                    "(PHQ-9 ≥ 10 or GAD-7 ≥ 8) at the start.</li>"
                )
            text = (
                "<h4>NHS Talking Therapies outcome (first vs latest PHQ-9 and GAD-7)</h4>"
                f"<ul class='cbt-outcome'>{items}</ul>"
            )
            parts.append(cached(("outcome", text), lambda t=text: w.HTML(t)))
        counts = progress.trap_counts(timeline)
        if counts:
            named: dict[str, int] = {}
            for trap, count in counts.items():
                named[trap_name(trap)] = named.get(trap_name(trap), 0) + count
            parts.append(
                cached(
                    ("traps", tuple(sorted(named.items()))),
                    lambda n=named: figure_output(
                        charts.trap_frequency(n, title="Thinking traps this client chose most")
                    ),
                )
            )
        if not parts:
            parts.append(cached("none", lambda: w.HTML('<p class="cbt-quiet">No scores yet.</p>')))
        self._progress_cache = kept
        return parts

    def _forget_progress(self) -> None:
        """A new client view: nothing of the previous one's progress section is reused."""
        self._progress_cache = {}


def _latest_note(series: Any) -> str:
    latest = series.latest
    if latest is None:
        return ""
    value = f"{latest.shown:g}{series.unit}" if series.unit else f"{latest.total}"
    return (
        f'<p class="cbt-latest">{esc(series.name)} latest: <strong>{esc(value)}</strong> '
        f"({len(series.points)} score{'s' if len(series.points) != 1 else ''})</p>"
    )


def _reliable_rule_note(
    name: str, rule: Any, index_verdict: str | None = None, percent: int = 1
) -> str:
    """Which reliable-change rule the chart's markers use (from the measure file)."""
    if rule.threshold is not None:
        points = f"{rule.threshold} points"
        if percent != 1:
            points = f"{rule.threshold} raw points ({rule.threshold * percent} %)"
        how = f"a change of {points} or more from the first score"
    else:
        how = "the reliable change index (Jacobson & Truax 1991) from the first score"
    if rule.sd is not None:
        index = f"SD {rule.sd:g}, r {rule.r:g}"
        how += f" ({index})" if rule.threshold is None else ""
        if rule.threshold is not None and index_verdict is not None:
            how += f"; by the reliable change index ({index}), first to latest: {index_verdict}"
    return (
        f'<p class="cbt-quiet cbt-reliable-rule">{esc(name)} markers: reliable change is '
        f"{esc(how)}.</p>"
    )
