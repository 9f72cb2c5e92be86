"""The client page: one exercise, completed step by step, then a summary with downloads."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from toolkit.exercises import Worksheet
from toolkit.exercises.fields import LongTextField, ThoughtListField
from toolkit.exercises.responses import as_text
from toolkit.export import record_json, record_markdown

from .crisis import CrisisGuard, done_html, free_text
from .fields import FieldView
from .form import WorksheetForm
from .html import esc, paragraphs
from .session import Debouncer, PageSession, guarded, log_failure
from .thought_panel import SuggestionPanel


def download_link(label: str, filename: str, mime: str, text: str) -> str:
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a class="cbt-download" download="{esc(filename)}" '
        f'href="data:{esc(mime)};charset=utf-8;base64,{payload}">{esc(label)}</a>'
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "exercise"


CRISIS_CHECK_SECONDS = 0.5
"""Pause in typing after which the crisis gate reads the whole worksheet again."""

SubmitHandler = Callable[[dict[str, Any], dict[str, Any]], list[str]]
"""Sends finished answers somewhere (``answers, extra``); returns extra notices as HTML."""

PRACTICE_NOTE = (
    '<p class="cbt-practice-note">Practice mode: nothing you type is stored. '
    "Download your copy at the end.</p>"
)
SEND_FAILED = (
    "We could not send your answers just now. Nothing is lost: they are still here. "
    "Please check your connection and press Submit again."
)


def send_answers(
    page: PageSession,
    button: w.Button,
    handler: SubmitHandler | None,
    answers: dict[str, Any],
    extra: dict[str, Any],
) -> list[str] | None:
    """Send finished answers through ``handler`` (none in practice mode).

    Returns the notices to show, or ``None`` when sending failed: then the page says so and
    keeps every answer, so the client can press Submit again.
    """
    if handler is None:
        return []
    button.disabled = True
    try:
        return handler(answers, extra)
    except Exception as exc:
        log_failure("submit", exc)
        page.show_message("error", SEND_FAILED)
        return None
    finally:
        button.disabled = False


class WorksheetPage(PageSession):
    """A worksheet, step by step, then a summary with downloads.

    Parameters
    ----------
    sheet
        The worksheet spec.
    ai_help
        Offer suggestions where the worksheet asks for them.
    submit_handler
        Where answers go on Submit (an assignment). ``None`` is practice mode: nothing stored.
    initial
        Answers to start from (a saved draft).
    initial_extra
        What was saved with that draft (the crisis panel's state is taken up again).
    """

    def __init__(
        self,
        sheet: Worksheet,
        ai_help: bool = True,
        *,
        submit_handler: SubmitHandler | None = None,
        initial: dict[str, Any] | None = None,
        initial_extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.sheet = sheet
        self.submit_handler = submit_handler
        self.completed: dt.datetime | None = None
        self.crisis = CrisisGuard("practice" if submit_handler is None else "assignment")
        self.suggestions = self._suggestion_panel(sheet, ai_help)
        extras: dict[str, Callable[[FieldView], w.Widget]] = {}
        if self.suggestions is not None:
            for field in sheet.fields:
                if isinstance(field, ThoughtListField) and field.ai_suggestions:
                    extras[field.id] = self.suggestions.attach_thoughts
                elif isinstance(field, LongTextField) and field.ai_suggestions:
                    extras[field.id] = self.suggestions.attach_target
        self.form = WorksheetForm(sheet, extras=extras)
        if self.suggestions is not None and "situation" in self.form.views:
            situation = self.form.views["situation"]
            self.suggestions.situation = lambda: str(situation.value or "")
        self._assess = Debouncer(CRISIS_CHECK_SECONDS, self.assess_risk)
        self.form.on_change(self._assess)
        if self.suggestions is not None:
            self.suggestions.on_risk = self.assess_risk
        self.crisis.on_change(self._on_crisis)
        if self.suggestions is not None:
            form, names = self.form, {f.id for f in sheet.fields}
            self.suggestions.context = lambda: {
                key: form.value_of(key) for key in ("moods", "evidence_against") if key in names
            }
            form.on_change(self.suggestions.context_changed)
            form.on_step(self.suggestions.refresh_ideas)
        self.submit = w.Button(description="Submit", button_style="success", tooltip="Submit")
        self.submit.add_class("cbt-submit")
        self.submit.on_click(self._on_submit)
        self.form.nav.children = (*self.form.nav.children, self.submit)
        self.form.on_step(self._on_step)
        self.summary = w.VBox([])
        self.summary.add_class("cbt-summary")
        header = w.HTML(
            f'<header class="cbt-header"><h1>{esc(sheet.title)}</h1>'
            f'<p class="cbt-lede">{esc(sheet.summary)}</p>'
            + (
                f'<p class="cbt-instructions">{paragraphs(sheet.instructions)}</p>'
                if sheet.instructions
                else ""
            )
            + (PRACTICE_NOTE if submit_handler is None else "")
            + "</header>"
        )
        self.editor = w.VBox([header, self.crisis.widget, self.form.widget])
        self.widget = w.VBox([self.editor, self.summary, self.messages])
        self.widget.add_class("cbt-page")
        if initial_extra:
            self.crisis.restore(initial_extra.get("crisis_check"))
        if initial:
            self.form.answers = {k: v for k, v in initial.items() if k in self.form.views}
            self.assess_risk()
        self._on_step()

    @staticmethod
    def _suggestion_panel(sheet: Worksheet, ai_help: bool) -> SuggestionPanel | None:
        wants = any(getattr(field, "ai_suggestions", False) for field in sheet.fields)
        return SuggestionPanel(enabled=True) if wants and ai_help else None

    @property
    def extra_record(self) -> dict[str, Any]:
        """What goes with the answers besides them: the suggestions shown and used, and the
        crisis panel if it was shown (tier, concepts, the answer to the check question)."""
        extra: dict[str, Any] = {}
        if self.suggestions:
            extra["ai_suggestions"] = self.suggestions.record
        if self.crisis.record is not None:
            extra["crisis_check"] = self.crisis.record
        return extra

    def assess_risk(self) -> None:
        """Run the crisis gate over every text typed so far (after a pause in typing)."""
        self.crisis.assess(free_text(self.form.answers))

    @guarded
    def _on_crisis(self) -> None:
        self.form.widget.layout.display = "none" if self.crisis.paused else ""
        if self.suggestions is not None and self.crisis.risk != "none":
            self.suggestions.enabled = False
            self.suggestions.traps_box.children = ()
            self.suggestions.ideas_box.children = ()

    @guarded
    def _on_step(self) -> None:
        self.submit.layout.display = "" if self.form.on_last_step else "none"

    @guarded
    def _on_submit(self, _button: object = None) -> None:
        found = self.form.problems()
        if found:
            first = next(iter(found))
            self.form.go_to_field(first)
            self.form.problems(step_only=True)
            count = len(found)
            self.show_message(
                "warn",
                f"Almost there: {count} part{'s' if count > 1 else ''} still "
                f"need{'' if count > 1 else 's'} an answer. The first one is shown above.",
            )
            return
        answers = self.form.answers
        notices = send_answers(self, self.submit, self.submit_handler, answers, self.extra_record)
        if notices is None:
            return
        self.clear_message()
        self.completed = dt.datetime.now(dt.UTC)
        self._show_summary(answers, notices)

    def _show_summary(self, answers: dict[str, Any], notices: list[str] | None = None) -> None:
        sheet = self.sheet
        rows = [
            f"<dt>{esc(field.label)}</dt>"
            f"<dd>{paragraphs(as_text(field, answers.get(field.id)))}</dd>"
            for field in sheet.fields
        ]
        stem = (
            f"{_slug(sheet.title)}-{self.completed:%Y-%m-%d}"
            if self.completed
            else _slug(sheet.title)
        )
        markdown = record_markdown(sheet, answers, self.completed)
        document = record_json(sheet, answers, self.completed, extra=self.extra_record)
        downloads = (
            '<div class="cbt-downloads">'
            + download_link("Download (Markdown)", f"{stem}.md", "text/markdown", markdown)
            + download_link("Download (JSON)", f"{stem}.json", "application/json", document)
            + "</div>"
        )
        if self.crisis.risk != "none":
            done = w.HTML(done_html(self.crisis.mode))
        elif self.submit_handler is None:
            done = w.HTML(
                '<div class="cbt-done" role="status"><h2>Well done: your record is complete</h2>'
                "<p>Here is everything you wrote. Nothing has been stored: download a copy to "
                "keep it or to share it with your therapist.</p></div>"
            )
        else:
            done = w.HTML(
                '<div class="cbt-done" role="status"><h2>Submitted — thank you</h2>'
                "<p>Your therapist will see it. Here is what you sent; you can download a copy "
                "for yourself.</p></div>"
            )
        parts: list[w.Widget] = [w.HTML(n) for n in notices or []]
        parts += [done, w.HTML(downloads)]
        parts.extend(self._charts(answers))
        parts.append(w.HTML(f'<dl class="cbt-answers">{"".join(rows)}</dl>'))
        if self.submit_handler is None:
            again = w.Button(description="Edit my answers", tooltip="Edit my answers")
            again.on_click(self._on_edit)
            parts.append(again)
        self.summary.children = tuple(parts)
        self.editor.layout.display = "none"

    def _charts(self, answers: dict[str, Any]) -> list[w.Widget]:
        if not self.sheet.charts:
            return []
        from .plot import figure_output
        from .worksheet_charts import worksheet_figures

        return [figure_output(figure) for figure in worksheet_figures(self.sheet, answers)]

    @guarded
    def _on_edit(self, _button: object = None) -> None:
        self.summary.children = ()
        self.editor.layout.display = ""


def not_found_page(title: str, text: str) -> w.Widget:
    """A kind page for a link that opens nothing (unknown exercise, bad link)."""
    return w.HTML(f'<div class="cbt-page"><h1>{esc(title)}</h1><p>{paragraphs(text)}</p></div>')
