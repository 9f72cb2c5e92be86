"""The questionnaires tab: a playground for the self-report measures at two time points."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import ipywidgets as w

from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .common import LearnPart

if TYPE_CHECKING:
    from toolkit.exercises import Questionnaire
    from toolkit.scoring import Score
    from toolkit.ui.plot import FigureView

DEFAULT_MEASURE = "phq9"


class MeasuresTab(LearnPart):
    """Answers before and after: totals, bands, plain words, reliable change and the chart."""

    def build(self) -> list[w.Widget]:
        from toolkit.exercises import Questionnaire, catalog
        from toolkit.ui.plot import FigureView

        # measures for clinician-supervised use (DASS-21: its terms are for health professionals
        # and researchers) stay out of this public playground
        self.measures: dict[str, Questionnaire] = {
            spec.id: spec
            for spec in catalog().values()
            if isinstance(spec, Questionnaire) and spec.administration == "self"
        }
        self.measure_pick = w.Dropdown(
            options=[(f"{s.short_title}: {s.title}", s.id) for s in self.measures.values()],
            value=DEFAULT_MEASURE if DEFAULT_MEASURE in self.measures else None,
            description="Measure",
        )
        self.measure_pick.observe(self._on_measure, "value")
        self.q_items = w.VBox([])
        self.q_items.add_class("cbt-q-items")
        self.q_result = w.HTML("")
        self.q_result.add_class("cbt-q-result")
        self.q_chart: FigureView = FigureView()
        self.before: dict[str, w.Dropdown] = {}
        self.after: dict[str, w.Dropdown] = {}
        self._draw_measure()
        return [
            w.HTML(
                "<h2>Questionnaire playground</h2><p>Pick a measure and change the answers at "
                "two time points, before and after treatment. The total, its band, the plain "
                "words a client would read and the reliable change update as you go. Nothing "
                "is stored.</p>"
            ),
            self.measure_pick,
            self.q_result,
            self.q_chart,
            self.q_items,
        ]

    @property
    def measure(self) -> Questionnaire:
        """The measure in the playground."""
        return self.measures[self.measure_pick.value]

    @guarded
    def _on_measure(self, _change: object = None) -> None:
        self._draw_measure()

    def _draw_measure(self) -> None:
        spec = self.measure
        scoring = spec.scoring
        better_high = bool(scoring and scoring.higher_is_better)
        alert_items = {a.item for a in spec.alerts}
        rows: list[w.Widget] = [
            w.HTML('<div class="cbt-q-row cbt-q-head"><span>Question</span></div>')
        ]
        self.before, self.after = {}, {}
        for number, item in enumerate(spec.scored_items, start=1):
            options: list[tuple[str, int | None]] = [
                (f"{o.value} · {o.label}", int(o.value)) for o in spec.options_for(item)
            ]
            if item.optional:
                options = [("(skipped)", None), *options]
            values = sorted(v for _, v in options if v is not None)
            high = values[round(0.6 * (len(values) - 1))]
            low = values[round(0.2 * (len(values) - 1))]
            if item.id in alert_items:
                high = low = values[0]
            first, second = (low, high) if better_high else (high, low)
            if item.reverse:
                first, second = second, first
            pair = []
            for moment, value, store in (
                ("Before", first, self.before),
                ("After", second, self.after),
            ):
                drop = w.Dropdown(
                    options=options, value=value, description=f"{moment}, question {number}"
                )
                drop.style.description_width = "initial"
                drop.observe(self._on_q_answer, "value")
                store[item.id] = drop
                pair.append(drop)
            row = w.VBox(
                [w.HTML(f'<p class="cbt-q-text">{number}. {esc(item.text)}</p>'), w.HBox(pair)]
            )
            row.add_class("cbt-q-row")
            rows.append(row)
        self.q_items.children = tuple(rows[1:])
        self._score_measure()

    @guarded
    def _on_q_answer(self, _change: object = None) -> None:
        self._score_measure()

    def _score_measure(self) -> None:
        from toolkit import charts
        from toolkit.scoring import ScoringError, reliable_change, score

        spec = self.measure
        before = score(spec.id, {k: d.value for k, d in self.before.items()})
        after = score(spec.id, {k: d.value for k, d in self.after.items()})
        try:
            change: str | None = reliable_change(spec.id, before=before.total, after=after.total)
        except ScoringError:
            change = None
        self.q_result.value = self._measure_html(spec, before, after, change)
        today = dt.date.today()
        cutoff = None
        if spec.cutoff is not None:
            if spec.cutoff.min is not None:
                cutoff = float(spec.cutoff.min)
            elif spec.cutoff.max is not None:
                cutoff = float(spec.cutoff.max + 1)
        self.q_chart.figure = charts.measure_trajectory(
            [(today - dt.timedelta(weeks=8), before.total), (today, after.total)],
            title=f"{spec.short_title}: before and after",
            y_label=f"{spec.short_title} total",
            y_max=float(before.max_total),
            bands=[(float(b.min), float(b.max), b.label) for b in spec.bands],
            cutoff=cutoff,
            reliable=["", change] if change is not None else None,
        )

    def _measure_html(
        self, spec: Questionnaire, before: Score, after: Score, change: str | None
    ) -> str:
        def moment(name: str, result: Score) -> str:
            total = f"{result.total} of {result.max_total}"
            if result.percent is not None:
                total += f" ({result.percent} %)"
            band = f" · {esc(result.band)}" if result.band else ""
            subs = "".join(
                f"<li>{esc(s.title)}: {s.total}" + (f" · {esc(s.band)}" if s.band else "") + "</li>"
                for s in result.subscales.values()
            )
            alerts = ""
            for alert in spec.alerts:
                if alert.id in result.alerts:
                    alerts += (
                        '<p class="cbt-msg cbt-msg-warn">In real use this answer raises an '
                        f"alert for the therapist: {esc(alert.message)}</p>"
                    )
            return (
                f'<div class="cbt-q-moment"><h3>{name}: {total}{band}</h3>'
                f"<p>{esc(result.severity_text)}</p>"
                + (f"<ul>{subs}</ul>" if subs else "")
                + alerts
                + "</div>"
            )

        rule = spec.reliable_change
        if change is None or rule is None:
            verdict = "<p>This measure declares no reliable-change rule.</p>"
        else:
            how = (
                f"a change of at least {rule.threshold} points"
                if rule.threshold is not None
                else f"the Jacobson &amp; Truax index (SD {rule.sd}, r {rule.r})"
            )
            diff = f"{after.total - before.total:+d}".replace("-", "−")
            verdict = (
                f"<p><strong>Change: {diff} points → {esc(change)}</strong>. "
                f"Reliable means {how}. Source: {esc(rule.source)}.</p>"
            )
        return (
            f'<div class="cbt-q-moments">{moment("Before", before)}{moment("After", after)}</div>'
            f'<div role="status">{verdict}</div>'
        )


__all__ = ["DEFAULT_MEASURE", "MeasuresTab"]
