"""A worksheet form: every step of a spec rendered through the field registry, one at a time.

Steps are built when first shown: a page opens with only the first step's widgets, which keeps
the first paint as quick as a bare Voila page. Answers of steps not built yet live in a plain
dict and move into their widgets when the step is built.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import ipywidgets as w

from toolkit.exercises import Worksheet
from toolkit.exercises.fields import EmotionField, RowsField, ThoughtListField
from toolkit.exercises.responses import empty_value, hot_thought, ordered_rows, problems

from . import lean
from .fields import EmotionView, FieldView, PickView, build_field
from .html import esc, paragraphs

Extras = dict[str, Callable[[FieldView], w.Widget]]


def fresh_value(field: Any) -> Any:
    """The value a newly built view of ``field`` holds (lists start with one empty row)."""
    if isinstance(field, EmotionField) and not field.rerate_of:
        return [{"name": "", "intensity": 50}]
    if isinstance(field, ThoughtListField):
        return {"thoughts": [{"text": "", "belief": 50}], "hot": None}
    if isinstance(field, RowsField):
        row = {column.id: fresh_value(column) for column in field.columns}
        return [dict(row) for _ in range(max(field.min_rows, 1))]
    return empty_value(field)


class _Views(Mapping[str, FieldView]):
    """The field views by id; asking for a field builds the step that holds it."""

    def __init__(self, form: WorksheetForm) -> None:
        self._form = form
        self.built: dict[str, FieldView] = {}

    def __getitem__(self, field_id: str) -> FieldView:
        if field_id not in self.built:
            index = self._form.step_of(field_id)
            if index is None:
                raise KeyError(field_id)
            self._form.build_step(index)
        return self.built[field_id]

    def __iter__(self) -> Iterator[str]:
        return iter(field.id for field in self._form.sheet.fields)

    def __len__(self) -> int:
        return len(self._form.sheet.fields)


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

    def __init__(self, sheet: Worksheet, extras: Extras | None = None) -> None:
        self.sheet = sheet
        self.extras = extras or {}
        self.views = _Views(self)
        self._pending: dict[str, Any] = {}
        self._syncing = False
        self._change_callbacks: list[Callable[[], None]] = []
        self._step_callbacks: list[Callable[[], None]] = []
        self._recalls: list[tuple[str, w.HTML]] = []
        self._pages: list[w.VBox | None] = [None] * len(sheet.steps)
        self.stack = w.Stack([], selected_index=None, layout=lean.layout())
        self.progress = lean.html()
        self.back = w.Button(
            description="Back",
            tooltip="Go to the previous step",
            layout=lean.layout(),
            style=lean.button_style(),
        )
        self.next = w.Button(
            description="Next",
            button_style="primary",
            tooltip="Next step",
            style=lean.button_style(),
        )
        self.back.on_click(self._on_back)
        self.next.on_click(self._on_next)
        self.nav = lean.hbox([self.back, self.next], "cbt-nav")
        self.widget = w.VBox([self.progress, self.stack, self.nav])
        self.widget.add_class("cbt-form")
        self._index = 0
        self._show(0)

    # -- building -----------------------------------------------------------------------
    def step_of(self, field_id: str) -> int | None:
        """The index of the step that holds ``field_id``."""
        for index, step in enumerate(self.sheet.steps):
            if any(field.id == field_id for field in step.fields):
                return index
        return None

    def build_step(self, index: int) -> w.VBox:
        """The widgets of step ``index``, built on first use."""
        page = self._pages[index]
        if page is not None:
            return page
        step = self.sheet.steps[index]
        head = f'<h2 class="cbt-step-title" tabindex="-1">{esc(step.title)}</h2>'
        if step.help:
            head += f'<p class="cbt-step-help">{paragraphs(step.help)}</p>'
        parts: list[w.Widget] = [lean.html(head, "cbt-step-head")]
        if step.recall:
            banner = w.HTML(self._recall_html(step.recall))
            banner.add_class("cbt-recall")
            self._recalls.append((step.recall, banner))
            parts.append(banner)
        for field in step.fields:
            view = build_field(field)
            if field.id in self._pending:
                view.value = self._pending.pop(field.id)
            self.views.built[field.id] = view
            parts.append(view.widget)
            if field.id in self.extras:
                parts.append(self.extras[field.id](view))
            view.on_change(self._on_field_change)
        page = lean.vbox(parts, "cbt-step")
        self._pages[index] = page
        self._sync_rerating()
        self._sync_picks()
        return page

    def _sync_picks(self) -> None:
        """Pick lists (``pick_from``) offer the current rows of the field they pick from."""
        for view in self.views.built.values():
            if not isinstance(view, PickView):
                continue
            source = view.spec.pick_source
            rows_field = self.sheet.field(source[0])
            if not isinstance(rows_field, RowsField):
                continue
            rows = ordered_rows(rows_field, self.value_of(rows_field.id))
            view.set_choices([str(row.get(source[1]) or "") for row in rows])

    def _sync_rerating(self) -> None:
        """Re-rating fields list exactly the moods named in the field they re-rate."""
        if self._syncing:
            return
        self._syncing = True
        try:
            self._sync_rerating_now()
        finally:
            self._syncing = False

    def _sync_rerating_now(self) -> None:
        for field in self.sheet.fields:
            if not (isinstance(field, EmotionField) and field.rerate_of):
                continue
            target = self.views.built.get(field.id)
            earlier = [m for m in self.value_of(field.rerate_of) or [] if m.get("name")]
            names = [m["name"] for m in earlier]
            first = {m["name"]: m.get("intensity") for m in earlier}
            if isinstance(target, EmotionView):
                if names != [m["name"] for m in target.value] or first != target.first_ratings:
                    target.set_names(names, first)
            else:
                # not re-rated until the client rates it (never a default number)
                kept = {m["name"]: m["intensity"] for m in self._pending.get(field.id, [])}
                self._pending[field.id] = [{"name": n, "intensity": kept.get(n)} for n in names]

    # -- state ------------------------------------------------------------------------
    @property
    def step_index(self) -> int:
        """The step on screen, from 0."""
        return self._index

    def value_of(self, field_id: str) -> Any:
        """One answer, whether or not its step has been built."""
        view = self.views.built.get(field_id)
        if view is not None:
            return view.value
        if field_id in self._pending:
            return self._pending[field_id]
        return fresh_value(self.sheet.field(field_id))

    @property
    def answers(self) -> dict[str, Any]:
        """Every answer, by field id."""
        return {field.id: self.value_of(field.id) for field in self.sheet.fields}

    @answers.setter
    def answers(self, values: dict[str, Any]) -> None:
        known = {field.id for field in self.sheet.fields}
        for field_id, value in values.items():
            if field_id not in known:
                continue
            view = self.views.built.get(field_id)
            if view is not None:
                view.value = value
            else:
                self._pending[field_id] = value
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
        for field_id, view in self.views.built.items():
            view.set_error(found.get(field_id))
        return found

    def go_to_field(self, field_id: str) -> None:
        """Show the step that holds ``field_id``."""
        index = self.step_of(field_id)
        if index is not None:
            self._show(index)

    @property
    def on_last_step(self) -> bool:
        """Whether the last step is on screen (then the page shows Submit)."""
        return self.step_index == len(self.sheet.steps) - 1

    # -- callbacks ----------------------------------------------------------------------
    def _on_field_change(self) -> None:
        self._sync_rerating()
        self._sync_picks()
        for field_id, banner in self._recalls:
            banner.value = self._recall_html(field_id)
        for callback in self._change_callbacks:
            callback()

    def _recall_html(self, field_id: str) -> str:
        value = self.value_of(field_id)
        text = hot_thought(value) if isinstance(value, dict) else str(value or "")
        label = "Your hot thought" if isinstance(value, dict) else self.sheet.field(field_id).label
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
        page = self.build_step(index)
        built = [p for p in self._pages if p is not None]
        if tuple(built) != tuple(self.stack.children):
            self.stack.children = tuple(built)
        self.stack.selected_index = built.index(page)
        self._index = index
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
