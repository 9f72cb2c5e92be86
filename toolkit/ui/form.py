"""A worksheet form: every step of a spec rendered through the field registry, one at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from toolkit.exercises import Worksheet
from toolkit.exercises.fields import EmotionField
from toolkit.exercises.responses import hot_thought, problems

from .fields import EmotionView, FieldView, build_field
from .html import esc, paragraphs


class WorksheetForm:
    """The widgets of one worksheet, shown step by step with Back and Next.

    Parameters
    ----------
    sheet
        The validated worksheet spec.
    extras
        Optional builders of panels shown under a field, by field id (the AI suggestions panel
        under the automatic thoughts). Each gets the field's view and returns a widget.
    """

    def __init__(
        self,
        sheet: Worksheet,
        extras: dict[str, Callable[[FieldView], w.Widget]] | None = None,
    ) -> None:
        self.sheet = sheet
        self.views: dict[str, FieldView] = {}
        self._change_callbacks: list[Callable[[], None]] = []
        self._step_callbacks: list[Callable[[], None]] = []
        self._recalls: list[tuple[str, w.HTML]] = []
        pages = [self._build_step(index, extras or {}) for index in range(len(sheet.steps))]
        self.stack = w.Stack(pages, selected_index=0)
        self.progress = w.HTML()
        self.back = w.Button(description="Back", tooltip="Go to the previous step")
        self.next = w.Button(description="Next", button_style="primary", tooltip="Next step")
        self.back.on_click(self._on_back)
        self.next.on_click(self._on_next)
        self.nav = w.HBox([self.back, self.next])
        self.nav.add_class("cbt-nav")
        self.widget = w.VBox([self.progress, self.stack, self.nav])
        self.widget.add_class("cbt-form")
        for view in self.views.values():
            view.on_change(self._on_field_change)
        self._link_rerating()
        self._show(0)

    # -- building -----------------------------------------------------------------------
    def _build_step(
        self, index: int, extras: dict[str, Callable[[FieldView], w.Widget]]
    ) -> w.Widget:
        step = self.sheet.steps[index]
        parts: list[w.Widget] = [
            w.HTML(f'<h2 class="cbt-step-title" tabindex="-1">{esc(step.title)}</h2>')
        ]
        if step.help:
            parts.append(w.HTML(f'<p class="cbt-step-help">{paragraphs(step.help)}</p>'))
        if step.recall:
            banner = w.HTML()
            banner.add_class("cbt-recall")
            self._recalls.append((step.recall, banner))
            parts.append(banner)
        for field in step.fields:
            view = build_field(field)
            self.views[field.id] = view
            parts.append(view.widget)
            if field.id in extras:
                parts.append(extras[field.id](view))
        page = w.VBox(parts)
        page.add_class("cbt-step")
        return page

    def _link_rerating(self) -> None:
        for field in self.sheet.fields:
            if isinstance(field, EmotionField) and field.rerate_of:
                source = self.views[field.rerate_of]
                target = self.views[field.id]
                assert isinstance(target, EmotionView)

                def sync(source: FieldView = source, target: EmotionView = target) -> None:
                    names = [m["name"] for m in source.value if m["name"]]
                    if names != [m["name"] for m in target.value]:
                        target.set_names(names)

                source.on_change(sync)
                sync()

    # -- state ------------------------------------------------------------------------
    @property
    def step_index(self) -> int:
        """The step on screen, from 0."""
        return int(self.stack.selected_index or 0)

    @property
    def answers(self) -> dict[str, Any]:
        """Every answer, by field id."""
        return {field_id: view.value for field_id, view in self.views.items()}

    @answers.setter
    def answers(self, values: dict[str, Any]) -> None:
        for field_id, value in values.items():
            if field_id in self.views:
                self.views[field_id].value = value
        self._on_field_change()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after any answer changes."""
        self._change_callbacks.append(callback)

    def on_step(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after the step on screen changes."""
        self._step_callbacks.append(callback)

    def problems(self, step_only: bool = False) -> dict[str, str]:
        """Fields that need attention (this step's only, with ``step_only``); shown inline."""
        step_id = self.sheet.steps[self.step_index].id if step_only else None
        found = problems(self.sheet, self.answers, step_id)
        for field_id, view in self.views.items():
            if step_id is None or field_id in {
                f.id for f in self.sheet.steps[self.step_index].fields
            }:
                view.set_error(found.get(field_id))
        return found

    def go_to_field(self, field_id: str) -> None:
        """Show the step that holds ``field_id``."""
        for index, step in enumerate(self.sheet.steps):
            if any(field.id == field_id for field in step.fields):
                self._show(index)
                return

    @property
    def on_last_step(self) -> bool:
        """Whether the last step is on screen (then the page shows Submit)."""
        return self.step_index == len(self.sheet.steps) - 1

    # -- callbacks ----------------------------------------------------------------------
    def _on_field_change(self) -> None:
        for field_id, banner in self._recalls:
            banner.value = self._recall_html(field_id)
        for callback in self._change_callbacks:
            callback()

    def _recall_html(self, field_id: str) -> str:
        value = self.views[field_id].value
        text = hot_thought(value) if isinstance(value, dict) else str(value or "")
        label = "Your hot thought" if isinstance(value, dict) else self.views[field_id].spec.label
        if not text:
            return ""
        return (
            f'<div class="cbt-recall-box" role="note"><span class="cbt-recall-label">'
            f"{esc(label)}</span><q>{paragraphs(text)}</q></div>"
        )

    def _on_back(self, _button: object = None) -> None:
        self._show(self.step_index - 1)

    def _on_next(self, _button: object = None) -> None:
        if self.problems(step_only=True):
            return
        self._show(self.step_index + 1)

    def _show(self, index: int) -> None:
        index = max(0, min(index, len(self.sheet.steps) - 1))
        self.stack.selected_index = index
        total = len(self.sheet.steps)
        percent = round(100 * (index + 1) / total)
        self.progress.value = (
            f'<div class="cbt-progress" role="progressbar" aria-valuemin="1" '
            f'aria-valuemax="{total}" aria-valuenow="{index + 1}" '
            f'aria-label="Step {index + 1} of {total}"><span>Step {index + 1} of {total}</span>'
            f'<div class="cbt-bar"><div style="width:{percent}%"></div></div></div>'
        )
        self.back.disabled = index == 0
        self.next.layout.display = "none" if index == total - 1 else ""
        for callback in self._step_callbacks:
            callback()
