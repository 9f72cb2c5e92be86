"""The client page opened by an assignment link: the therapist's note, each exercise of the
bundle in turn, autosaved drafts, and a clear "Submitted — thank you" at the end.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.exercises import Questionnaire, load_exercise
from toolkit.ui import lean

from .client_page import WorksheetPage
from .crisis import crisis_html, done_html
from .html import esc, paragraphs
from .session import Debouncer, PageSession, guarded, log_failure

if TYPE_CHECKING:
    from toolkit.store.records import OpenedAssignment
    from toolkit.store.remote import LinkStore

    from .questionnaire_page import QuestionnairePage

AUTOSAVE_SECONDS = 0.8
RETRY_SECONDS = 5.0

LINK_MESSAGES = {
    "unknown": (
        "This link does not open anything",
        "It may be incomplete or mistyped. Please check it, or ask your therapist for a new one.",
    ),
    "revoked": (
        "This link is no longer active",
        "Your therapist has replaced or closed it. Please ask them for a new link.",
    ),
    "expired": (
        "This link has expired",
        "Links stay open for a limited time. Please ask your therapist for a new one.",
    ),
    "submitted": (
        "Already sent — thank you",
        "This task has been submitted. There is nothing more to do here.",
    ),
}


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _storable(value: Any) -> Any:
    """``value`` with every lone surrogate replaced by U+FFFD.

    A browser can send half of a surrogate pair (a broken emoji pasted in); it cannot be
    encoded as UTF-8, so the store would refuse the whole draft, and every later autosave of
    the exercise, over one invisible character.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


class AssignmentPage(PageSession):
    """One assignment, opened by its link."""

    def __init__(self, store: LinkStore, opened: OpenedAssignment) -> None:
        super().__init__()
        self.store = store
        self.opened = opened
        self.done: set[str] = set(opened.submitted)
        self.current: WorksheetPage | QuestionnairePage | None = None
        self.current_spec: Any = None
        self.current_id = ""
        self.crisis_shown = False
        self.link_closed = False
        self.status = lean.html("", "cbt-save-status")
        self.body = lean.vbox()
        self._autosave = Debouncer(AUTOSAVE_SECONDS, self.save_now)
        self._retry = Debouncer(RETRY_SECONDS, self.save_now)
        self.first_visit = not opened.drafts and not opened.submitted
        self.parts_shown = 0
        self.position = 0  # the part on screen, from 1 (0: none)
        self.progress = lean.html("", "cbt-bundle-head")
        self.header = lean.html(self._header_html())
        self.widget = lean.vbox(
            [self.progress, self.header, self.body, self.status, self.messages],
            "cbt-page",
            "cbt-assignment",
        )
        self._show_next()

    # -- layout -------------------------------------------------------------------------
    @property
    def folded(self) -> bool:
        """Whether the note and the exercise's introduction fold into one line each: on a
        later visit, and on every part after the first one shown."""
        return not self.first_visit or self.parts_shown > 1

    def _header_html(self) -> str:
        """The therapist's note, folded: its first lines on a first visit (three) or a later
        one (one), the whole note a tap away; the due date stays in view."""
        opened = self.opened
        total = len(opened.exercise_ids)
        due = (
            f'<p class="cbt-due">Due by {opened.due:%A} {opened.due.day} {opened.due:%B %Y}</p>'
            if opened.due
            else ""
        )
        if len(self.done) >= total:
            saved = '<p class="cbt-bundle-progress">Everything here has been sent.</p>'
        else:
            saved = (
                '<p class="cbt-bundle-progress">Saved as you type: you can stop and come back '
                "with the same link.</p>"
            )
        badge = '<span class="cbt-badge">From your therapist</span>'
        if not opened.instructions:
            return (
                f'<div class="cbt-from-therapist">{badge}{due}{saved}</div>'
                + _shared_comments_html(opened)
            )
        lines = "cbt-note-1" if self.folded else "cbt-note-3"
        return (
            f'<div class="cbt-from-therapist {lines}"><details class="cbt-note">'
            f'<summary>{badge}<span class="cbt-note-text">{paragraphs(opened.instructions)}'
            '</span><span class="cbt-note-more" aria-hidden="true">Show the whole note</span>'
            f"</summary></details>{due}{saved}</div>" + _shared_comments_html(opened)
        )

    def _progress_html(self) -> str:
        """ "Part 1 of 2 · PHQ-9" for a bundle: the part on screen (set when it is shown)."""
        total = len(self.opened.exercise_ids)
        if total < 2 or not self.position:
            return ""
        title = esc(getattr(self.current_spec, "short_title", "") or self.current_spec.title)
        return (
            f'<div class="cbt-parts" role="status" aria-label="Part {self.position} of {total}">'
            f"<strong>Part {self.position} of {total}</strong> · {title}"
            f'<div class="cbt-bar"><div style="width:{round(100 * self.position / total)}%">'
            "</div></div></div>"
        )

    def _show_next(self) -> None:
        remaining = [e for e in self.opened.exercise_ids if e not in self.done]
        if not remaining:
            self.header.value = self._header_html()
            self.progress.value = ""
            self.current = None
            self.body.children = (
                w.HTML(
                    done_html("assignment")
                    if self.crisis_shown
                    else '<div class="cbt-done" role="status"><h2>Submitted — thank you</h2>'
                    "<p>Everything has been sent to your therapist. You can close this page.</p>"
                    "</div>"
                ),
            )
            return
        exercise_id = remaining[0]
        spec = load_exercise(exercise_id)
        self.parts_shown += 1
        self.current_spec = spec
        self.position = self.opened.exercise_ids.index(exercise_id) + 1
        self.header.value = self._header_html()
        self.progress.value = self._progress_html()
        draft = dict(self.opened.drafts.get(exercise_id) or {})
        handler = self._submit_handler(exercise_id)
        page: WorksheetPage | QuestionnairePage
        if isinstance(spec, Questionnaire):
            from .questionnaire_page import QuestionnairePage  # scoring loads with a questionnaire

            page = QuestionnairePage(
                spec,
                submit_handler=handler,
                initial=draft,
                compact=self.folded or bool(self.opened.instructions),
            )
            page.on_change(self._autosave)
        else:
            page = WorksheetPage(
                spec,
                self.opened.ai_help,
                submit_handler=handler,
                initial=draft or None,
                initial_extra=self.opened.draft_extras.get(exercise_id),
                compact=self.folded or bool(self.opened.instructions),
            )
            page.form.on_change(self._autosave)
            page.crisis.on_change(self._on_crisis)
        self.current, self.current_id = page, exercise_id
        self.body.children = (page.widget,)
        self.status.value = (
            '<p class="cbt-saved">Your saved answers are back. Carry on where you left off.</p>'
            if draft
            else ""
        )

    # -- saving -------------------------------------------------------------------------
    def _answers(self) -> tuple[dict[str, Any], dict[str, Any]]:
        page = self.current
        if isinstance(page, WorksheetPage):
            return page.form.answers, page.extra_record
        if page is not None:  # a QuestionnairePage
            return page.answers, {}
        return {}, {}

    def save_now(self) -> None:
        """Save the current answers as a draft (called after a pause in typing).

        A link closed meanwhile (revoked, replaced, expired) stops saving for good: the page
        says so once, and nothing retries.
        """
        from toolkit.store.errors import LinkInvalid

        if self.current is None or self.current_id in self.done or self.link_closed:
            return
        answers, extra = self._answers()
        try:
            self.store.save_draft(
                self.opened, self.current_id, _storable(answers), _storable(extra)
            )
        except LinkInvalid as closed:
            self.link_closed = True
            self._retry.cancel()
            self._autosave.cancel()
            title, text = LINK_MESSAGES.get(closed.reason, LINK_MESSAGES["revoked"])
            self.status.value = (
                f'<p class="cbt-not-saved" role="status"><strong>{esc(title)}</strong> — '
                f"{esc(text)} What you typed since the last save is still on this page, but "
                "it can no longer be saved.</p>"
            )
            self.current.show_link_closed(closed.reason)
            return
        except Exception as exc:
            log_failure("autosave", exc)
            self.status.value = (
                '<p class="cbt-not-saved" role="status">Not saved yet: the connection to the '
                "server has a problem. Keep this page open; we will try again.</p>"
            )
            self._schedule_retry()
            return
        self._retry.cancel()
        when = dt.datetime.now().strftime("%H:%M")
        self.status.value = f'<p class="cbt-saved" role="status">Draft saved at {when}.</p>'

    def _schedule_retry(self) -> None:
        """Try again in ``RETRY_SECONDS``, but only through a running event loop.

        Without one (a plain script, a widget test) the debouncer would call ``save_now`` at
        once, which fails again and recurses until ``RecursionError``; there the next change
        (or an explicit ``save_now``) is the retry.
        """
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        self._retry()

    @guarded
    def _on_crisis(self) -> None:
        """The crisis panel changed (shown, answered): save at once, so the therapist's alert
        is raised from the draft without waiting for a submission."""
        self.crisis_shown = True
        self._autosave.cancel()
        self.save_now()

    # -- submitting ---------------------------------------------------------------------
    def _submit_handler(self, exercise_id: str) -> Any:
        def send(answers: dict[str, Any], extra: dict[str, Any]) -> list[str]:
            self._autosave.cancel()
            receipt = self.store.submit(
                self.opened, exercise_id, _storable(answers), _storable(extra)
            )
            self.done.add(exercise_id)
            notices = []
            page = self.current
            shown_here = isinstance(page, WorksheetPage) and page.crisis.risk != "none"
            if receipt.crisis or receipt.alerts or shown_here:
                self.crisis_shown = True
                if not shown_here:
                    notices.append(crisis_html(mode="assignment"))
            remaining = [e for e in self.opened.exercise_ids if e not in self.done]
            if remaining:
                follow = w.Button(
                    description="Continue to the next part",
                    button_style="primary",
                    tooltip="Continue to the next part",
                )
                follow.on_click(self._on_continue)
                self.status.value = ""
                self.body.children = (*self.body.children, follow)
            else:
                self.status.value = (
                    '<p class="cbt-saved" role="status">Everything has been sent to your '
                    "therapist. You can close this page.</p>"
                )
            self.header.value = self._header_html()
            return notices

        return send

    @guarded
    def _on_continue(self, _button: object = None) -> None:
        self._show_next()


def invalid_link_page(reason: str) -> w.Widget:
    """A kind page for a link that opens nothing; it reveals nothing else."""
    title, text = LINK_MESSAGES.get(reason, LINK_MESSAGES["unknown"])
    return w.HTML(
        f'<div class="cbt-page"><h1>{esc(title)}</h1><p>{esc(text)}</p>'
        '<p class="cbt-ai-note">If you need support right now, contact your therapist or '
        "your local emergency number.</p></div>"
    )


def _shared_comments_html(opened: OpenedAssignment) -> str:
    """Comments the therapist shared with the client, newest first (all text escaped)."""
    from toolkit.clinic import clinic_zone

    comments = getattr(opened, "shared_comments", ())
    if not comments:
        return ""
    zone = clinic_zone()
    items = []
    for comment in comments:
        try:
            title = load_exercise(comment.exercise_id).title
        except KeyError:
            title = "your exercise"
        day = comment.created.astimezone(zone)
        items.append(
            f"<li><p class='cbt-quiet'>On {esc(title)}, {day:%d %B %Y}</p>"
            f"<p>{paragraphs(comment.body)}</p></li>"
        )
    return (
        '<section class="cbt-shared-comments" aria-label="Notes from your therapist">'
        f"<h2>Notes from your therapist</h2><ul>{''.join(items)}</ul></section>"
    )
