"""The client page: one exercise, completed step by step, then a summary with downloads."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from toolkit.exercises import Worksheet
from toolkit.exercises.answers import Extra, to_json
from toolkit.exercises.fields import LongTextField, ThoughtListField
from toolkit.exercises.responses import as_text
from toolkit.export import record_json, record_markdown
from toolkit.ui import lean

from .crisis import CrisisGuard, done_html, free_text
from .fields import FieldView
from .form import WorksheetForm, fresh_value
from .html import esc, paragraphs
from .session import Debouncer, PageSession, guarded, log_failure
from .thought_panel import SuggestionPanel


def download_link(label: str, filename: str, mime: str, text: str | bytes) -> str:
    """A link that downloads ``text`` (a quiet, secondary action: never the main button)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    payload = base64.b64encode(data).decode("ascii")
    charset = ";charset=utf-8" if isinstance(text, str) else ""
    return (
        f'<a class="cbt-download" download="{esc(filename)}" '
        f'href="data:{esc(mime)}{charset};base64,{payload}">{esc(label)}</a>'
    )


PRINT_BUTTON = (
    '<button type="button" class="cbt-download cbt-print" data-cbt-print="1">Print</button>'
)
"""Opens the browser's print dialogue (wired in the page template); the print style sheet
shows only the answers."""


def downloads_html(links: list[str], printable: bool = False) -> str:
    """The row of quiet download links (and a Print button) under a summary."""
    return (
        '<div class="cbt-downloads" role="group" aria-label="Keep a copy">'
        '<span class="cbt-downloads-label">Keep a copy:</span>'
        + "".join(links)
        + (PRINT_BUTTON if printable else "")
        + "</div>"
    )


def link_closed_html(title: str, text: str) -> str:
    """The calm message shown when the therapist closed the link while the page was open."""
    return (
        f'<div class="cbt-msg cbt-msg-info cbt-link-closed" role="status"><strong>{esc(title)}'
        f"</strong><p>{esc(text)} Nothing you typed is lost: it is still on this page, and you "
        "can download a copy below to keep it or to give it to your therapist.</p></div>"
    )


def closed_reason(exc: BaseException) -> str | None:
    """The reason a link stopped working, if ``exc`` says so (``LinkInvalid``); else ``None``."""
    reason = getattr(exc, "reason", None)
    return reason if type(exc).__name__ == "LinkInvalid" and isinstance(reason, str) else None


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
LOCAL_NOTE = (
    '<p class="cbt-practice-note cbt-local-note">Practice mode: this worksheet has a part to '
    "fill in later, so your answers are <strong>kept only on this device</strong>, in this "
    "browser, and never on our server. Open the same page here again to carry on.</p>"
)
LOCAL_SAVE_SECONDS = 0.5
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
        reason = closed_reason(exc)
        if reason is not None and hasattr(page, "show_link_closed"):
            page.show_link_closed(reason)
        else:
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
    compact
        Fold the exercise's introduction into one line (a later visit, a later part of a
        bundle), so the first answer is on the first screen.
    """

    def __init__(
        self,
        sheet: Worksheet,
        ai_help: bool = True,
        *,
        submit_handler: SubmitHandler | None = None,
        initial: dict[str, Any] | None = None,
        initial_extra: Mapping[str, Any] | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__()
        self.sheet = sheet
        self.submit_handler = submit_handler
        self.completed: dt.datetime | None = None
        self.local: Any = None  # a LocalDraft in practice mode for worksheets with a later part
        self._forgetting = False
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
        self._assess = Debouncer(CRISIS_CHECK_SECONDS, self.assess_risk)
        self.form.on_change(self._assess)
        self.crisis.on_change(self._on_crisis)
        self._wire_suggestions()
        self.submit = w.Button(
            description="Submit",
            button_style="success",
            tooltip="Submit",
            style=lean.button_style(),
        )
        self.submit.add_class("cbt-submit")
        self.submit.on_click(self._on_submit)
        self.form.nav.children = (*self.form.nav.children, self.submit)
        self.form.on_step(self._on_step)
        self.summary = lean.vbox([], "cbt-summary")
        keep_here = submit_handler is None and has_later_part(sheet)
        note = PRACTICE_NOTE if submit_handler is None and not keep_here else ""
        self._note = note
        header = lean.html(
            intro_html(sheet.title, sheet.summary, sheet.instructions, compact=compact, note=note)
        )
        self.header = header
        self.link_notice = lean.html()
        local: list[w.Widget] = [self._local_draft()] if keep_here else []
        self.editor = w.VBox([header, *local, self.crisis.widget, self.form.widget])
        self.widget = lean.vbox(
            [self.editor, self.link_notice, self.summary, self.messages], "cbt-page"
        )
        if initial_extra:
            self.crisis.restore(Extra.from_json(initial_extra).crisis)
        if initial:
            self.form.answers = {k: v for k, v in initial.items() if k in self.form.views}
            self.assess_risk()
        self._on_step()

    def _wire_suggestions(self) -> None:
        """Give the suggestion panel what it reads: the situation, the moods and evidence
        against (context), a crisis check before it analyses, a redraw on each step."""
        panel, form = self.suggestions, self.form
        if panel is None:
            return
        if "situation" in form.views:
            situation = form.views["situation"]
            panel.situation = lambda: str(situation.value or "")
        panel.on_risk = self.assess_risk
        names = {f.id for f in self.sheet.fields}
        panel.context = lambda: {
            key: form.value_of(key) for key in ("moods", "evidence_against") if key in names
        }
        form.on_change(panel.context_changed)
        form.on_step(panel.refresh_ideas)

    # -- practice drafts kept on the device ----------------------------------------------
    def _local_draft(self) -> w.Widget:
        from .local_draft import LocalDraft

        self.local = LocalDraft(self.sheet.id)
        self.local_status = w.HTML("")
        self.local_status.add_class("cbt-local-status")
        self.forget = w.Button(
            description="Forget what this device kept",
            tooltip="Forget what this device kept",
            layout=w.Layout(display="none"),
        )
        self.forget.add_class("cbt-forget")
        self.forget.on_click(self._on_forget)
        self._keep = Debouncer(LOCAL_SAVE_SECONDS, self._keep_now)
        self.local.on_loaded(self._on_local_loaded)
        self.form.on_change(self._keep)
        box = w.VBox([w.HTML(LOCAL_NOTE), self.local, self.local_status, self.forget])
        box.add_class("cbt-local")
        return box

    @guarded
    def _on_local_loaded(self, kept: dict[str, Any]) -> None:
        if not kept:
            return
        self.form.answers = {k: v for k, v in kept.items() if k in self.form.views}
        self._keep.cancel()  # what just came back from the device needs no saving
        sheet = self.sheet  # a second visit: the introduction folds into one line
        self.header.value = intro_html(
            sheet.title, sheet.summary, sheet.instructions, compact=True, note=self._note
        )
        self.assess_risk()
        self.local_status.value = (
            '<p class="cbt-saved" role="status">Your answers kept on this device are back. '
            "Carry on where you left off.</p>"
        )
        self.forget.layout.display = ""

    def _keep_now(self) -> None:
        if self.local is None or not self.local.ready or self._forgetting:
            return
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.local.keep(self.form.answers, when)
        self.forget.layout.display = ""
        self.local_status.value = (
            '<p class="cbt-saved" role="status">Kept on this device at '
            f"{dt.datetime.now():%H:%M}.</p>"
        )

    @guarded
    def _on_forget(self, _button: object = None) -> None:
        if self.local is None:
            return
        self._keep.cancel()
        self.local.forget()
        self._forgetting = True
        try:
            self.form.answers = {field.id: fresh_value(field) for field in self.sheet.fields}
            self.form.go_to_field(self.sheet.fields[0].id)
        finally:
            self._forgetting = False
        self._keep.cancel()
        self.forget.layout.display = "none"
        self.local_status.value = (
            '<p class="cbt-saved" role="status">Forgotten: this device keeps nothing of this '
            "worksheet now, and the form is empty again.</p>"
        )

    # -- a link closed while the page was open -------------------------------------------
    def show_link_closed(self, reason: str) -> None:
        """Say calmly that the link was closed, keep the answers and offer a copy."""
        from .assignment_page import LINK_MESSAGES

        title, text = LINK_MESSAGES.get(reason, LINK_MESSAGES["revoked"])
        answers = self.form.answers
        self.clear_message()
        self._offer_copies(self.link_notice, link_closed_html(title, text), answers, None)
        self.submit.disabled = True

    @staticmethod
    def _suggestion_panel(sheet: Worksheet, ai_help: bool) -> SuggestionPanel | None:
        wants = any(getattr(field, "ai_suggestions", False) for field in sheet.fields)
        return SuggestionPanel(enabled=True) if wants and ai_help else None

    @property
    def extra(self) -> Extra:
        """What goes with the answers besides them: the suggestions shown and used, and the
        crisis panel if it was shown (tier, concepts, the answer to the check question)."""
        return Extra(
            ai_suggestions=self.suggestions.record if self.suggestions else None,
            crisis_check=self.crisis.record,
        )

    @property
    def extra_record(self) -> dict[str, Any]:
        """:attr:`extra` as it is saved and sent (JSON, through the one serialiser)."""
        written = to_json(self.extra)
        return written if isinstance(written, dict) else {}

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
        parts: list[w.Widget] = [w.HTML(f'<h1 class="cbt-print-title">{esc(sheet.title)}</h1>')]
        parts += [w.HTML(n) for n in notices or []]
        downloads = w.HTML("")
        self._offer_copies(downloads, "", answers, self.completed, printable=True)
        parts += [done, downloads]
        parts.extend(self._charts(answers))
        parts.append(w.HTML(f'<dl class="cbt-answers">{"".join(rows)}</dl>'))
        if self.submit_handler is None:
            again = w.Button(description="Edit my answers", tooltip="Edit my answers")
            again.on_click(self._on_edit)
            parts.append(again)
        self.summary.children = tuple(parts)
        self.editor.layout.display = "none"

    def _offer_copies(
        self,
        target: w.HTML,
        head: str,
        answers: dict[str, Any],
        completed: dt.datetime | None,
        *,
        printable: bool = False,
    ) -> None:
        """Show Markdown and JSON download links in ``target`` (after ``head``) at once, and
        add the PDF copy a moment later: making it takes a second, and the page should not
        wait for it."""
        sheet = self.sheet
        stem = f"{_slug(sheet.title)}-{completed:%Y-%m-%d}" if completed else _slug(sheet.title)
        markdown = record_markdown(sheet, answers, completed)
        document = record_json(sheet, answers, completed, extra=self.extra)
        text_links = [
            download_link("Download (Markdown)", f"{stem}.md", "text/markdown", markdown),
            download_link("Download (JSON)", f"{stem}.json", "application/json", document),
        ]
        target.value = head + downloads_html(text_links, printable)

        def add_pdf() -> None:
            from .printable import worksheet_pdf

            try:
                pdf = worksheet_pdf(sheet, answers, completed)
            except Exception as exc:  # the text copies still work
                log_failure("pdf", exc)
                return
            link = download_link("Download (PDF)", f"{stem}.pdf", "application/pdf", pdf)
            target.value = head + downloads_html([link, *text_links], printable)

        soon(add_pdf)

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


def soon(func: Callable[[], None]) -> None:
    """Run ``func`` once the current callback has returned (its widget updates sent first);
    at once where no event loop runs (widget tests)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        func()
        return
    loop.call_later(0.05, func)


def has_later_part(sheet: Worksheet) -> bool:
    """Whether the worksheet declares fields to fill in later (``later: true`` on a field or
    a rows column): practice mode then keeps its draft on the client's device."""
    for field in sheet.fields:
        if field.later or any(getattr(c, "later", False) for c in getattr(field, "columns", ())):
            return True
    return False


def intro_html(title: str, summary: str, instructions: str, *, compact: bool, note: str) -> str:
    """An exercise's heading and introduction; ``compact`` folds the introduction into one
    line that opens on a tap (a later visit, a later part of a bundle)."""
    intro = f'<p class="cbt-lede">{esc(summary)}</p>' + (
        f'<p class="cbt-instructions">{paragraphs(instructions)}</p>' if instructions else ""
    )
    if compact:
        intro = (
            '<details class="cbt-fold cbt-intro-fold"><summary>About this exercise</summary>'
            f"{intro}</details>"
        )
    return f'<header class="cbt-header"><h1>{esc(title)}</h1>{intro}{note}</header>'


def not_found_page(title: str, text: str) -> w.Widget:
    """A kind page for a link that opens nothing (unknown exercise, bad link)."""
    return w.HTML(f'<div class="cbt-page"><h1>{esc(title)}</h1><p>{paragraphs(text)}</p></div>')
