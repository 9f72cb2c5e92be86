"""A questionnaire on the client page: every item, a plain-words result, and risk handled at once.

Wide screens show all questions; narrow screens (CSS) show one at a time with Back/Next, and
answering moves on to the next question.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from toolkit.exercises import Item, Questionnaire
from toolkit.exercises.answers import Extra, Response, ScoreSummary, parse_answers
from toolkit.export import response_json
from toolkit.scoring import Score, ScoringError, score

from .client_page import (
    SubmitHandler,
    download_link,
    downloads_html,
    link_closed_html,
    send_answers,
)
from .crisis import crisis_html
from .html import esc, paragraphs
from .session import PageSession, guarded

SEX_CHOICES = (("Female", "female"), ("Male", "male"), ("Prefer not to say", None))


PRACTICE_RISK_LEAD = (
    "Thank you for answering this honestly. Thoughts like these are worth talking about with "
    "someone you trust, today if you can."
)


def questionnaire_intro(spec: Questionnaire, *, practice: bool, compact: bool) -> str:
    """The title, the instructions and how many questions there are. Follow-up questions
    that are not scored (PHQ-9's "how difficult …") are counted apart, so "Nine questions"
    in the summary and the counter agree; ``compact`` folds the summary into one line."""
    scored = [item for item in spec.items if item.scored]
    follow_ups = len(spec.items) - len(scored)
    minutes = max(1, len(spec.items) // 5)
    count = f"{len(scored)} questions" + (
        f" and {follow_ups} follow-up question{'s' if follow_ups > 1 else ''}" if follow_ups else ""
    )
    about = (
        '<p class="cbt-practice-note">'
        + ("Practice mode: your answers are not stored. " if practice else "")
        + f"{count}, about {minutes} minute{'s' if minutes > 1 else ''}.</p>"
    )
    lede = f'<p class="cbt-lede">{esc(spec.summary)}</p>'
    if compact:
        lede = (
            '<details class="cbt-fold cbt-intro-fold"><summary>About this questionnaire'
            f"</summary>{lede}{about}</details>"
        )
        about = ""
    return (
        f'<header class="cbt-header"><h1>{esc(spec.title)}</h1>{lede}'
        f'<p class="cbt-instructions"><strong>{esc(spec.instructions)}</strong></p>'
        f"{about}</header>"
    )


class QuestionnairePage(PageSession):
    """A measure, with its result explained on the page.

    ``submit_handler`` sends the answers (an assignment); ``None`` is practice mode.
    ``initial`` restores a saved draft.
    """

    def __init__(
        self,
        spec: Questionnaire,
        *,
        submit_handler: SubmitHandler | None = None,
        initial: dict[str, Any] | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.submit_handler = submit_handler
        self._change_callbacks: list[Callable[[], None]] = []
        self.result: Score | None = None
        self.radios: dict[str, w.RadioButtons] = {}
        self.skip_notes: dict[str, w.HTML] = {}
        self.cards: list[w.VBox] = []
        self.current = 0
        self._warned = False
        self._build_cards()
        self.risk = w.HTML("")
        self.sex = self._sex_question()
        self.back = w.Button(description="Previous question", tooltip="Previous question")
        self.next = w.Button(description="Next question", tooltip="Next question")
        self.back.on_click(self._on_back)
        self.next.on_click(self._on_next)
        pager = w.HBox([self.back, self.next])
        pager.add_class("cbt-pager")
        self.submit = w.Button(description="Submit", button_style="success", tooltip="Submit")
        self.submit.on_click(self._on_submit)
        self.submit_row = w.HBox([self.submit])
        self.submit_row.add_class("cbt-submit-row")
        self.remaining = w.HTML("")
        self.remaining.add_class("cbt-remaining")
        self.link_notice = w.HTML("")
        self.outcome = w.VBox([])
        self.outcome.add_class("cbt-summary")
        header = w.HTML(questionnaire_intro(spec, practice=submit_handler is None, compact=compact))
        items = w.VBox(self.cards)
        items.add_class("cbt-items")
        parts: list[w.Widget] = [header, self.risk, items]
        if self.sex is not None:
            holder = w.VBox([self.sex])
            holder.add_class("cbt-field")
            holder.add_class("cbt-extra-question")
            parts.append(holder)
        parts += [pager, self.remaining, self.submit_row, self.messages, self.link_notice]
        parts.append(self.outcome)
        self.widget = w.VBox(parts)
        self.widget.add_class("cbt-page")
        self.widget.add_class("cbt-questionnaire")
        if initial:
            self.answers = {k: v for k, v in initial.items() if k in self.radios}
            unanswered = [
                i for i, item in enumerate(spec.items) if self.radios[item.id].value is None
            ]
            self._focus(unanswered[0] if unanswered else 0)
        else:
            self._focus(0)
        self._refresh_submit()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` after any answer changes (autosave)."""
        self._change_callbacks.append(callback)

    # -- building -----------------------------------------------------------------------
    def _build_cards(self) -> None:
        """One card per item; scored items are numbered "Question n of N", a follow-up that
        is not scored (PHQ-9's "how difficult …") is "One more question"."""
        total = sum(1 for item in self.spec.items if item.scored)
        number = 0
        for index, item in enumerate(self.spec.items):
            number += 1 if item.scored else 0
            self.cards.append(self._card(index, number, item, total))

    def _card(self, index: int, number: int, item: Item, total: int) -> w.VBox:
        radio = w.RadioButtons(
            options=[(o.label, o.value) for o in self.spec.options_for(item)],
            value=None,
            description=f"{number}. {item.text}" if item.scored else item.text,
        )
        radio.style.description_width = "initial"
        radio.observe(lambda change, i=index: self._on_answer(i, change), "value")
        self.radios[item.id] = radio
        text = f"Question {number} of {total}" if item.scored else "One more question"
        counter = w.HTML(f'<div class="cbt-counter">{text}</div>')
        self.skip_notes[item.id] = w.HTML("")
        card = w.VBox([counter, radio, self.skip_notes[item.id]])
        card.add_class("cbt-item")
        card.add_class("cbt-field")
        return card

    def _sex_question(self) -> w.RadioButtons | None:
        cutoff = getattr(self.spec, "cutoff", None)
        if cutoff is None or getattr(cutoff, "by_sex", None) is None:
            return None
        radio = w.RadioButtons(
            options=list(SEX_CHOICES),
            value=None,
            description="Sex (the score's cut-off differs for women and men)",
        )
        radio.style.description_width = "initial"
        return radio

    # -- state ------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
        """Answers by item id (``None`` where blank)."""
        return {item_id: radio.value for item_id, radio in self.radios.items()}

    @answers.setter
    def answers(self, values: dict[str, Any]) -> None:
        for item_id, value in values.items():
            if item_id in self.radios:
                self.radios[item_id].value = value

    def _focus(self, index: int) -> None:
        index = max(0, min(index, len(self.cards) - 1))
        self.cards[self.current].remove_class("cbt-current")
        self.current = index
        self.cards[index].add_class("cbt-current")
        self.back.disabled = index == 0
        self.next.disabled = index == len(self.cards) - 1
        self._refresh_submit()

    def missing(self) -> list[int]:
        """Numbers (from 1, in the page's order) of questions that still need an answer."""
        skipped = self._skipped_ids()
        return [
            number
            for number, item in enumerate(self.spec.items, start=1)
            if item.scored
            and not item.optional
            and item.id not in skipped
            and self.radios[item.id].value is None
        ]

    def _refresh_submit(self) -> None:
        """Submit shows once every question is answered, or on the last question; until
        then a line says what is left. A warning shown after an early Submit follows the
        answers as they come in, and goes once nothing is missing."""
        if not hasattr(self, "submit_row"):
            return
        missing = self.missing()
        done = self.outcome.children != ()
        on_last = self.current == len(self.cards) - 1
        self.submit_row.layout.display = "" if (not missing or on_last) and not done else "none"
        if missing and not on_last and not done:
            left = len(missing)
            self.remaining.value = (
                f'<p class="cbt-help" role="status">{left} question{"s" if left > 1 else ""} '
                "to go. Submit appears once every question is answered.</p>"
            )
        else:
            self.remaining.value = ""
        if self._warned:
            if missing:
                self.show_message("warn", self._missing_text(missing))
            else:
                self._warned = False
                self.clear_message()

    @staticmethod
    def _missing_text(missing: list[int]) -> str:
        listed = ", ".join(str(n) for n in missing[:8]) + ("…" if len(missing) > 8 else "")
        return f"Please answer every question. Still open: question {listed}."

    def _skipped_ids(self) -> set[str]:
        """Items not asked because of an earlier answer (AUDIT-C: "Never" skips 2 and 3)."""
        skipped: set[str] = set()
        for item in self.spec.items:
            if item.skips is not None and self.radios[item.id].value == item.skips.when:
                skipped.update(item.skips.items)
        return skipped

    def _apply_skips(self) -> None:
        reasons: dict[str, str] = {}
        for number, item in enumerate(self.spec.items, start=1):
            if item.skips is not None and self.radios[item.id].value == item.skips.when:
                label = next(
                    (o.label for o in self.spec.options_for(item) if o.value == item.skips.when),
                    str(item.skips.when),
                )
                for skipped_id in item.skips.items:
                    reasons[skipped_id] = (
                        f"Not needed after “{label}” to question {number}: it counts as 0."
                    )
        for index, item in enumerate(self.spec.items):
            radio = self.radios[item.id]
            radio.disabled = item.id in reasons
            note = self.skip_notes[item.id]
            if item.id in reasons:
                radio.value = None
                self.cards[index].add_class("cbt-skipped")
                note.value = f'<p class="cbt-skip-note">{esc(reasons[item.id])}</p>'
            else:
                self.cards[index].remove_class("cbt-skipped")
                note.value = ""

    def _risk_alerts(self) -> list[Any]:
        raised = []
        for alert in getattr(self.spec, "alerts", ()):
            value = self.radios[alert.item].value if alert.item in self.radios else None
            if value is not None and value >= alert.min:
                raised.append(alert)
        return raised

    # -- callbacks ----------------------------------------------------------------------
    @guarded
    def _on_answer(self, index: int, change: dict[str, Any]) -> None:
        self._apply_skips()
        raised = self._risk_alerts()
        if not raised:
            self.risk.value = ""
        elif self.submit_handler is None:  # practice: nobody reads this, promise no therapist
            self.risk.value = crisis_html(PRACTICE_RISK_LEAD, mode="practice")
        else:
            self.risk.value = crisis_html(raised[0].client_text, mode="assignment")
        if change["new"] is not None and change["old"] is None and index == self.current:
            skipped = self._skipped_ids()
            following = index + 1
            while following < len(self.spec.items) - 1 and self.spec.items[following].id in skipped:
                following += 1
            self._focus(following)
        self._refresh_submit()
        for callback in self._change_callbacks:
            callback()

    @guarded
    def _on_back(self, _button: object = None) -> None:
        self._focus(self.current - 1)

    @guarded
    def _on_next(self, _button: object = None) -> None:
        self._focus(self.current + 1)

    @guarded
    def _on_submit(self, _button: object = None) -> None:
        missing = self.missing()
        if missing:
            self._warned = True
            self._focus(missing[0] - 1)
            self.show_message("warn", self._missing_text(missing))
            return
        sex = self.sex.value if self.sex is not None else None
        try:
            self.result = score(self.spec.id, self.answers, sex=sex)
        except ScoringError as exc:
            self.show_message("warn", str(exc))
            return
        extra = {"sex": sex} if sex else {}
        notices = send_answers(self, self.submit, self.submit_handler, self.answers, extra)
        if notices is None:
            return
        self.clear_message()
        self._show_result(self.result, notices)

    def _show_result(self, result: Score, notices: list[str] | None = None) -> None:
        lines = [f"<h2>Your result: {result.total} out of {result.max_total}</h2>"]
        if result.percent is not None:
            lines[0] = f"<h2>Your result: {result.percent} %</h2>"
        if result.severity_text:
            lines.append(f"<p>{paragraphs(result.severity_text)}</p>")
        for sub in result.subscales.values():
            lines.append(
                f"<p><strong>{esc(sub.title)}</strong>: {sub.total} "
                f"(of {sub.max_total}). {esc(sub.result_text)}</p>"
            )
        lines.append(
            '<p class="cbt-ai-note">A questionnaire is a snapshot, not a diagnosis. Your '
            "therapist can help you make sense of it.</p>"
        )
        now = dt.datetime.now(dt.UTC)
        document = self._answers_json(completed=now, result=result)
        link = download_link(
            "Download (JSON)", f"{self.spec.id}.json", "application/json", document
        )
        self.submit_row.layout.display = "none"
        self.remaining.value = ""
        if self.submit_handler is not None:
            calm = bool(self._risk_alerts())
            lines.insert(
                0,
                "<h2>Your answers have been sent</h2>"
                if calm
                else "<h2>Submitted — thank you</h2>",
            )
            self.submit.layout.display = "none"
        if notices:
            self.risk.value = ""  # the notice below is the page's one crisis panel
        self.outcome.children = (
            *(w.HTML(n) for n in notices or []),
            w.HTML(f'<div class="cbt-done" role="status">{"".join(lines)}</div>'),
            w.HTML(downloads_html([link])),
        )

    def _answers_json(
        self, completed: dt.datetime | None = None, result: Score | None = None
    ) -> str:
        """The client's copy (``cbt-toolkit/response@1``, as a worksheet's): ``completed``
        once submitted, with the total and band; without, a copy of the answers so far."""
        sex = self.sex.value if self.sex is not None else None
        return response_json(
            Response(
                exercise=self.spec.id,
                answers=parse_answers(self.spec, self.answers),
                exercise_title=self.spec.title,
                schema_version=self.spec.schema_version,
                completed=completed,
                saved=completed or dt.datetime.now(dt.UTC),
                score=None if result is None else ScoreSummary(result.total, result.band),
                extra=Extra(sex=sex),
            )
        )

    def show_link_closed(self, reason: str) -> None:
        """Say calmly that the link was closed, keep the answers and offer a copy."""
        from .assignment_page import LINK_MESSAGES

        title, text = LINK_MESSAGES.get(reason, LINK_MESSAGES["revoked"])
        self._warned = False
        self.clear_message()
        link = download_link(
            "Download (JSON)", f"{self.spec.id}.json", "application/json", self._answers_json()
        )
        self.link_notice.value = link_closed_html(title, text) + downloads_html([link])
        self.submit.disabled = True
