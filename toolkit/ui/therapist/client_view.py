"""One client's page: alerts, the AI switch, progress charts and the sections below."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .base import PagePart

if TYPE_CHECKING:
    from toolkit.store.records import SubmissionRecord, Therapist

TRACKED = ("phq9", "gad7", "who5", "pcl5", "k10", "phq15", "dass21", "auditc")


class ClientViewPart(PagePart):
    """A client's page."""

    @guarded
    def _on_ai_help(self, code: str, enabled: bool) -> None:
        me = self._me()
        if me is None:
            return
        self.store.set_ai_help(me, code, enabled)
        self.show_message("ok", f"AI suggestions {'on' if enabled else 'off'} for {code}.")

    def _progress_view(
        self, me: Therapist, code: str, timeline: list[SubmissionRecord]
    ) -> w.Widget:
        from toolkit import charts
        from toolkit.scoring import iapt_outcome, measure_spec, reliable_change
        from toolkit.ui.plot import figure_output

        parts: list[w.Widget] = [w.HTML("<h3>Progress</h3>")]
        measured = [m for m in TRACKED if any(s.exercise_id == m for s in timeline)]
        series: dict[str, list[tuple[dt.datetime, int]]] = {}
        for measure in measured:
            points = self.store.measure_series(me, code, measure)
            if not points:
                continue
            series[measure] = points
            spec = measure_spec(measure)
            first = points[0][1]
            marks: list[str] = []
            for _moment, total in points:
                try:
                    marks.append(reliable_change(measure, before=first, after=total))
                except (ValueError, KeyError):
                    marks.append("")
            cutoff = (
                spec.cutoff.min if spec.cutoff is not None and spec.cutoff.min is not None else None
            )
            figure = charts.measure_trajectory(
                [(when.date(), total) for when, total in points],
                title=f"{spec.short_title} over time",
                y_label=f"{spec.short_title} total",
                y_max=max(b.max for b in spec.bands) if spec.bands else None,
                bands=[(b.min, b.max, b.label) for b in spec.bands],
                cutoff=cutoff,
                reliable=marks,
            )
            parts.append(figure_output(figure))
            if spec.reliable_change is not None:
                verdict = None
                if spec.reliable_change.sd is not None and len(points) > 1:
                    verdict = reliable_change(measure, first, points[-1][1], method="rci")
                parts.append(_reliable_rule_note(spec.short_title, spec.reliable_change, verdict))
            parts += self._subscale_views(spec, timeline)
        if "phq9" in series and "gad7" in series:
            phq, gad = series["phq9"], series["gad7"]
            outcome = iapt_outcome(phq9=(phq[0][1], phq[-1][1]), gad7=(gad[0][1], gad[-1][1]))
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
            parts.append(
                w.HTML(
                    "<h4>NHS Talking Therapies outcome (first vs latest PHQ-9 and GAD-7)</h4>"
                    f"<ul class='cbt-outcome'>{items}</ul>"
                )
            )
        traps: dict[str, int] = {}
        for record in timeline:
            suggestions = (record.extra or {}).get("ai_suggestions") or {}
            for trap in suggestions.get("traps_chosen", []):
                traps[trap] = traps.get(trap, 0) + 1
        if traps:
            parts.append(figure_output(charts.trap_frequency(traps)))
        if len(parts) == 1:
            parts.append(w.HTML('<p class="cbt-quiet">No scores yet.</p>'))
        return w.VBox(parts)

    @staticmethod
    def _subscale_views(spec: Any, timeline: list[SubmissionRecord]) -> list[w.Widget]:
        """One chart per subscale that declares a reliable-change rule (DASS-21), with markers."""
        from toolkit import charts
        from toolkit.scoring import ScoringError, reliable_change, score
        from toolkit.ui.plot import figure_output

        rated = [sub for sub in spec.subscales if sub.reliable_change is not None]
        if not rated:
            return []
        records = sorted(
            (r for r in timeline if r.exercise_id == spec.id), key=lambda r: r.submitted_at
        )
        scored: list[tuple[dt.datetime, Any]] = []
        for record in records:
            try:
                scored.append((record.submitted_at, score(spec.id, record.answers).subscales))
            except (ScoringError, KeyError):
                continue
        views: list[w.Widget] = []
        for sub in rated:
            points = [(when.date(), subs[sub.id].total) for when, subs in scored]
            if not points:
                continue
            first = points[0][1]
            marks = [
                reliable_change(spec.id, first, total, subscale=sub.id) for _day, total in points
            ]
            figure = charts.measure_trajectory(
                points,
                title=f"{spec.short_title} {sub.title.lower()} over time",
                y_label=f"{sub.title} score",
                y_max=max(b.max for b in sub.bands) if sub.bands else None,
                bands=[(b.min, b.max, b.label) for b in sub.bands],
                reliable=marks,
            )
            views.append(figure_output(figure))
            views.append(
                _reliable_rule_note(f"{spec.short_title} {sub.title.lower()}", sub.reliable_change)
            )
        return views


def _reliable_rule_note(name: str, rule: Any, index_verdict: str | None = None) -> w.HTML:
    """Which reliable-change rule the chart's markers use (from the measure file)."""
    if rule.threshold is not None:
        how = f"a change of {rule.threshold} points or more from the first score"
    else:
        how = "the reliable change index (Jacobson & Truax 1991) from the first score"
    if rule.sd is not None:
        index = f"SD {rule.sd:g}, r {rule.r:g}"
        how += f" ({index})" if rule.threshold is None else ""
        if rule.threshold is not None and index_verdict is not None:
            how += f"; by the reliable change index ({index}), first to latest: {index_verdict}"
    return w.HTML(
        f'<p class="cbt-quiet cbt-reliable-rule">{esc(name)} markers: reliable change is '
        f"{esc(how)}.</p>"
    )
