"""The one crisis panel of a page, and the guard that pauses a worksheet for it.

Two tiers come from the crisis gate (:mod:`toolkit.reframing.safety`):

- ``crisis``: the panel shows the helplines (numbers as ``tel:`` and ``sms:`` links, chat and
  email as links), the emergency number, and what happens next; the worksheet is paused, with
  a quiet "Continue the worksheet anyway".
- ``check``: the panel asks directly and kindly ("Are you having thoughts of ending your
  life?") with the helplines already visible. *Yes* and *I'd rather not say* turn it into
  ``crisis``; *No* returns to the worksheet. The answer is kept for the therapist.

In practice mode nobody reads what is typed, so the panel never promises a therapist.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Literal

import ipywidgets as w

from toolkit.exercises.answers import CrisisCheck, free_text
from toolkit.reframing.safety import (
    RISK_LEVELS,
    CrisisContacts,
    CrisisLine,
    Risk,
    check,
    crisis_contacts,
)
from toolkit.ui import lean

from .html import esc, paragraphs

Mode = Literal["assignment", "practice"]
CheckAnswer = Literal["yes", "no", "rather_not_say"]
CHECK_ANSWERS: dict[str, CheckAnswer] = {
    "Yes": "yes",
    "No": "no",
    "I'd rather not say": "rather_not_say",
}


def contacts() -> CrisisContacts:
    """The helplines for the configured locale (``CBT_LOCALE``), chosen in one place."""
    from toolkit.reframing.analysis import locale  # lazily: it loads the suggestion engine

    return crisis_contacts(locale())


def _dial(number: str) -> str:
    return re.sub(r"[^0-9+]", "", number)


def _line_html(line: CrisisLine) -> str:
    ways = []
    if line.call:
        ways.append(f'<a href="tel:{esc(_dial(line.call))}">Call {esc(line.call)}</a>')
    if line.text:
        ways.append(f'<a href="sms:{esc(_dial(line.text))}">Text {esc(line.text)}</a>')
    if line.chat:
        ways.append(
            f'<a href="{esc(line.chat)}" target="_blank" rel="noopener noreferrer">Chat online</a>'
        )
    if line.email:
        ways.append(f'<a href="mailto:{esc(line.email)}">Email {esc(line.email)}</a>')
    if line.url:
        label = line.url.removeprefix("https://").removeprefix("http://").rstrip("/")
        ways.append(
            f'<a href="{esc(line.url)}" target="_blank" rel="noopener noreferrer">{esc(label)}</a>'
        )
    hours = f' <span class="cbt-quiet">({esc(line.hours)})</span>' if line.hours else ""
    return f"<li><strong>{esc(line.name)}</strong>{hours}<br>{' · '.join(ways)}</li>"


def resources_html(found: CrisisContacts | None = None) -> str:
    """The helplines and the emergency number, as a list of links."""
    found = found or contacts()
    items = "".join(_line_html(line) for line in found.lines)
    if found.emergency:
        emergency = (
            "If you are in immediate danger, call "
            f'<a href="tel:{esc(_dial(found.emergency))}">{esc(found.emergency)}</a>.'
        )
    else:
        emergency = f"If you are in immediate danger, call {esc(found.emergency_words)}."
    return f'<ul class="cbt-crisis-lines">{items}</ul><p class="cbt-emergency">{emergency}</p>'


def reminder_html() -> str:
    """One short line after *No* to the check question: the first helpline and the emergency
    number stay in reach without pushing the worksheet off a phone screen."""
    found = contacts()
    first = found.lines[0]
    way = (
        f'<a href="tel:{esc(_dial(first.call))}">{esc(first.call)}</a>'
        if first.call
        else f'<a href="{esc(first.url or "")}" target="_blank" rel="noopener noreferrer">'
        f"{esc((first.url or '').removeprefix('https://'))}</a>"
    )
    emergency = (
        f', or <a href="tel:{esc(_dial(found.emergency))}">{esc(found.emergency)}</a> in an '
        "emergency"
        if found.emergency
        else ""
    )
    return (
        '<div class="cbt-msg cbt-msg-info" role="status"><p>Thank you for telling us. If that '
        f"changes, {esc(first.name)} is there for you: {way}{emergency}.</p></div>"
    )


def crisis_html(lead: str = "", *, mode: Mode = "practice") -> str:
    """The crisis panel as HTML: an optional first sentence, the helplines, what happens next.

    ``mode="assignment"`` says that the therapist has been told (in the clinic's words);
    ``"practice"`` (the default, also for the learn page) never mentions a therapist.
    """
    found = contacts()
    first = f"<p>{paragraphs(lead)}</p>" if lead else ""
    after = found.after_assignment if mode == "assignment" else found.after_practice
    return (
        '<div class="cbt-msg cbt-msg-crisis" role="alert">'
        f"{first}<p><strong>{esc(found.intro)}</strong></p>{resources_html(found)}"
        f'<p class="cbt-crisis-next">{esc(after)}</p></div>'
    )


def check_html() -> str:
    """The direct question of the ``check`` tier (its answer buttons follow it)."""
    found = contacts()
    return (
        '<div class="cbt-msg cbt-msg-crisis cbt-check" role="alert">'
        f"<p>{esc(found.check_intro)}</p>"
        f'<p class="cbt-check-question"><strong>{esc(found.check_question)}</strong></p></div>'
    )


def check_resources_html() -> str:
    """The helplines shown under the check question's buttons, already visible."""
    return (
        '<div class="cbt-msg cbt-msg-info cbt-check-lines"><p>You can talk to someone now, '
        f"whatever you answer:</p>{resources_html()}</div>"
    )


def strongest(texts: Iterable[str]) -> tuple[Risk, tuple[str, ...]]:
    """The highest tier over several texts and the concept ids that fired (no text kept)."""
    risk: Risk = "none"
    concepts: list[str] = []
    for text in texts:
        if not text.strip():
            continue
        result = check(text)
        if RISK_LEVELS.index(result.risk) > RISK_LEVELS.index(risk):
            risk = result.risk
        concepts += [c for c in result.rules if c not in concepts]
    return risk, tuple(concepts)


class CrisisGuard:
    """One per page: raises the one crisis panel and pauses the worksheet while it shows.

    ``widget`` is the panel; ``paused`` says whether the worksheet should be hidden;
    ``record`` is what the therapist sees (tier, concepts, the answer to the check question).
    Listeners added with :meth:`on_change` run whenever any of these change.
    """

    def __init__(self, mode: Mode = "practice") -> None:
        self.mode: Mode = mode
        self.risk: Risk = "none"
        self.concepts: tuple[str, ...] = ()
        self.answer: CheckAnswer | None = None
        self.answered_at: str | None = None
        self.paused = False
        self.shown_at: str | None = None
        self._listeners: list[Callable[[], None]] = []
        self.widget = lean.vbox([], "cbt-crisis")

    # -- wiring -------------------------------------------------------------------------
    # the panel's parts are made when it first shows something: most pages never need them
    @functools.cached_property
    def panel(self) -> w.HTML:
        """The panel's text: the crisis resources, the check question or the reminder."""
        return lean.html()

    @functools.cached_property
    def answers(self) -> w.HBox:
        """The check question's answer buttons."""
        return lean.hbox([], "cbt-check-answers")

    @functools.cached_property
    def carry_on(self) -> w.Button:
        """ "Continue the worksheet anyway", under the crisis resources."""
        button = w.Button(
            description="Continue the worksheet anyway",
            tooltip="Continue the worksheet anyway",
            layout=w.Layout(width="auto"),
        )
        button.add_class("cbt-quiet-button")
        button.on_click(self._on_carry_on)
        return button

    def on_change(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` after the tier, the answer or the pause changes."""
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in self._listeners:
            callback()

    # -- assessing ----------------------------------------------------------------------
    def assess(self, texts: Iterable[str]) -> Risk:
        """Check the page's free text; raise the panel when the tier goes up (never down)."""
        risk, concepts = strongest(texts)
        self.concepts = tuple(dict.fromkeys([*self.concepts, *concepts]))
        if RISK_LEVELS.index(risk) > RISK_LEVELS.index(self.risk):
            if risk == "check" and self.answer == "no":
                return self.risk  # already asked and answered; the panel stays as it is
            self._raise(risk)
        return self.risk

    def raise_crisis(self) -> None:
        """Show the crisis panel now (a risk item on a questionnaire, a "Yes")."""
        if self.risk != "crisis":
            self._raise("crisis")

    def _raise(self, risk: Risk) -> None:
        self.risk = risk
        self.shown_at = self.shown_at or _now()
        self.paused = True
        if risk == "crisis":
            self.panel.value = crisis_html(mode=self.mode)
            self.widget.children = (self.panel, self.carry_on)
        else:
            self.panel.value = check_html()
            buttons = []
            for label, answer in CHECK_ANSWERS.items():
                button = w.Button(description=label, tooltip=label, layout=w.Layout(width="auto"))
                button.on_click(lambda _b, answer=answer: self.answer_check(answer))
                buttons.append(button)
            self.answers.children = tuple(buttons)
            self.widget.children = (self.panel, self.answers, w.HTML(check_resources_html()))
        self._changed()

    def restore(self, record: CrisisCheck | None) -> None:
        """Take up the panel where a saved draft left it (its :attr:`record`), so a reload
        neither asks the check question again after a "No" nor hides a crisis panel."""
        if record is None:
            return
        tier = record.tier
        if tier not in ("check", "crisis"):
            return
        self.concepts = record.concepts
        self.answer = next((a for a in CHECK_ANSWERS.values() if a == record.check_answer), None)
        self.answered_at = record.answered_at
        self.shown_at = record.shown_at
        if tier == "check" and self.answer == "no":
            self.risk = "check"
            self.paused = False
            self.panel.value = reminder_html()
            self.widget.children = (self.panel,)
            self._changed()
            return
        self._raise("crisis" if tier == "crisis" or self.answer else "check")
        if tier == "crisis" and record.continued:
            self._on_carry_on()

    # -- the client's choices -------------------------------------------------------------
    def answer_check(self, answer: CheckAnswer) -> None:
        """The client's answer to "Are you having thoughts of ending your life?"."""
        self.answer = answer
        self.answered_at = _now()
        if answer == "no":
            self.paused = False
            self.panel.value = reminder_html()
            self.widget.children = (self.panel,)
            self._changed()
        else:
            self._raise("crisis")

    def _on_carry_on(self, _button: object = None) -> None:
        self.paused = False
        self.widget.children = (self.panel,)
        self._changed()

    @property
    def record(self) -> CrisisCheck | None:
        """What the therapist sees: tier, concepts, the check answer (never the text)."""
        if self.risk == "none":
            return None
        return CrisisCheck(
            tier=self.risk,
            concepts=tuple(self.concepts),
            check_answer=self.answer,
            shown_at=self.shown_at,
            answered_at=self.answered_at,
            continued=not self.paused,
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def done_html(mode: Mode) -> str:
    """The calm end page after crisis language: what was sent and what happens next."""
    found = contacts()
    if mode == "assignment":
        title, lead = "Your answers have been sent", found.after_assignment
    else:
        title, lead = "Your record is complete", found.after_practice
    return (
        f'<div class="cbt-done cbt-done-calm" role="status"><h2>{esc(title)}</h2>'
        f"<p>{esc(lead)}</p>{resources_html(found)}</div>"
    )


__all__ = [
    "CHECK_ANSWERS",
    "CrisisGuard",
    "check_html",
    "contacts",
    "crisis_html",
    "done_html",
    "free_text",
    "reminder_html",
    "resources_html",
    "strongest",
]
