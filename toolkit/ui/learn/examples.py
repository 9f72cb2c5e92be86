"""The worked-examples tab: complete thought records, one step at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from toolkit.learn.examples import STEPS, WorkedExample, load_worked_examples
from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .common import LearnPart


class ExamplesTab(LearnPart):
    """Worked thought records (``exercises/worked_examples.yaml``) with previous/next steps."""

    def build(self) -> list[w.Widget]:
        self.examples: tuple[WorkedExample, ...] = load_worked_examples().examples
        self.example_pick = w.Dropdown(
            options=[(e.title, i) for i, e in enumerate(self.examples)],
            value=0,
            description="Example",
        )
        self.example_pick.observe(self._on_pick_example, "value")
        self.example_step = 0
        self.prev_step = w.Button(description="Previous step", tooltip="Previous step (key ← or B)")
        self.prev_step.add_class("cbt-key-back")
        self.next_step = w.Button(
            description="Next step", button_style="primary", tooltip="Next step (key → or N)"
        )
        self.next_step.add_class("cbt-key-next")
        self.next_step.add_class("cbt-key-reveal")
        self.prev_step.on_click(self._on_prev_step)
        self.next_step.on_click(self._on_next_step)
        self.example_view = w.HTML("")
        self.example_view.add_class("cbt-example")
        self._draw_example()
        buttons = w.HBox([self.prev_step, self.next_step])
        buttons.add_class("cbt-nav")
        return [
            w.HTML(
                "<h2>Worked examples</h2><p>Complete thought records, one step at a time. "
                "The people and events are invented.</p>"
            ),
            self.example_pick,
            self.example_view,
            buttons,
        ]

    @property
    def example(self) -> WorkedExample:
        """The worked example shown."""
        return self.examples[int(self.example_pick.value)]

    @guarded
    def _on_pick_example(self, _change: object = None) -> None:
        self.example_step = 0
        self._draw_example()

    @guarded
    def _on_prev_step(self, _button: object = None) -> None:
        self.example_step = max(0, self.example_step - 1)
        self._draw_example()

    @guarded
    def _on_next_step(self, _button: object = None) -> None:
        self.example_step = min(len(STEPS) - 1, self.example_step + 1)
        self._draw_example()

    def _draw_example(self) -> None:
        ex = self.example
        sections = []
        for index, step in enumerate(STEPS[: self.example_step + 1]):
            current = " cbt-current" if index == self.example_step else ""
            sections.append(
                f'<section class="cbt-example-step{current}">'
                f"<h3>{index + 1}. {esc(step.title)}</h3>"
                f'<p class="cbt-help">{esc(step.help)}</p>{self._example_body(ex, step.kind)}'
                "</section>"
            )
        self.example_view.value = (
            f'<p class="cbt-counter">Step {self.example_step + 1} of {len(STEPS)}</p>'
            + "".join(sections)
        )
        self.prev_step.disabled = self.example_step == 0
        self.next_step.disabled = self.example_step == len(STEPS) - 1

    def _example_body(self, ex: WorkedExample, kind: str) -> str:
        def moods(values: Sequence[Any]) -> str:
            return (
                "<ul>" + "".join(f"<li>{esc(m.name)}: {m.intensity}</li>" for m in values) + "</ul>"
            )

        def bullets(values: Sequence[str]) -> str:
            return "<ul>" + "".join(f"<li>{esc(v)}</li>" for v in values) + "</ul>"

        if kind == "situation":
            return f"<p>{esc(ex.situation)}</p>"
        if kind == "moods":
            return moods(ex.moods)
        if kind == "thoughts":
            items = "".join(
                f"<li><strong>{esc(t)} (hot thought, believed {ex.belief} %)</strong></li>"
                if i == ex.hot_thought
                else f"<li>{esc(t)}</li>"
                for i, t in enumerate(ex.thoughts)
            )
            return f"<ul>{items}</ul>"
        if kind == "traps":
            names = [self.ctx.names.get(t, t) for t in ex.traps]
            return f"<p><q>{esc(ex.hot)}</q></p>" + bullets(names)
        if kind == "for":
            return bullets(ex.evidence_for)
        if kind == "against":
            return bullets(ex.evidence_against)
        if kind == "balanced":
            return (
                f'<p class="cbt-idea">{esc(ex.balanced_thought)}</p>'
                f"<p>Believed {ex.balanced_belief} % (the hot thought was believed "
                f"{ex.belief} %).</p>"
            )
        if kind == "after":
            rows = "".join(
                f"<li>{esc(a.name)}: {b.intensity} → {a.intensity}</li>"
                for b, a in zip(ex.moods, ex.moods_after, strict=True)
            )
            return f"<ul>{rows}</ul>"
        return f"<p>{esc(ex.lesson)}</p>"


__all__ = ["ExamplesTab"]
