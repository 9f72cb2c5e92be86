"""The quiz tab: spot the trap, with feedback, score, spaced practice and class mode.

A student who joins a class (a code on the tab, or ``?class=CODE``) answers anonymously: only
the item, the traps ticked and whether it was right reach the class book. While the educator
leads a round, the student's page switches to the round's question by itself (a ticker on the
kernel's event loop looks every two seconds); the answer is sent, and its feedback is
shown when the educator ends the round. A student never sees anyone else's answers.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from toolkit.learn.classes import (
    ClassModeUnavailableError,
    ClassNotFoundError,
    Round,
    RoundOverError,
    display_code,
    normalize_code,
)
from toolkit.learn.quiz import (
    LEVELS,
    LeitnerQueue,
    QuizItem,
    QuizScore,
    Verdict,
    gentle_order,
    grade,
    playable,
)
from toolkit.ui.html import esc
from toolkit.ui.session import guarded
from toolkit.ui.thought_panel import highlight

from .classes import Ticker
from .common import NO_TRAP_LABEL, LearnContext, LearnPart, names_html

RESEND_BEATS = 2
"""Beats after a round appears or ends on which its widgets' state is sent again: a page whose
browser was still creating its widget models when the change went out (just after it asked for
their states) drops the change without a trace."""

STUDENT_QUIET_TICKS = 1350
"""Ticks without a new round after which a student's page stops asking (about 45 minutes)."""


class QuizTab(LearnPart):
    """Quiz items from ``quiz.yaml``; a wrong answer comes back a few questions later.

    Parameters
    ----------
    ctx
        The page's shared state.
    class_code
        A class code from the link; the quiz joins that class when it is built.
    seed
        Seed for the question order.
    """

    def __init__(self, ctx: LearnContext, *, class_code: str, seed: int) -> None:
        super().__init__(ctx)
        self.seed = seed
        self.class_code = ""
        self._initial_code = class_code
        self.round: Round | None = None
        self._asked_by_educator = False
        self._pending: Verdict | None = None
        self._seen_round: int | None = None
        self._quiet = 0
        self._resend = 0

    def build(self) -> list[w.Widget]:
        self.items = self.ctx.quiz.by_id()
        self.score = QuizScore()
        self.level = w.Dropdown(
            options=[("All levels", 0), *((name.capitalize(), n) for n, name in LEVELS.items())],
            value=0,
            description="Level",
        )
        self.level.observe(self._on_level, "value")
        self.stats = w.HTML("")
        self.stats.add_class("cbt-quiz-stats")
        self.question = w.HTML("")
        self.question.add_class("cbt-quiz-question")
        self.choices: dict[str, w.Checkbox] = {}
        for trap in self.ctx.traps:
            box = w.Checkbox(value=False, description=trap.name, indent=False)
            box.observe(self._on_tick_trap, "value")
            self.choices[trap.id] = box
        self.no_trap = w.Checkbox(value=False, description=NO_TRAP_LABEL, indent=False)
        self.no_trap.observe(self._on_tick_none, "value")
        grid = w.Box([*self.choices.values(), self.no_trap])
        grid.add_class("cbt-choice-grid")
        self.check_button = w.Button(
            description="Check answer", button_style="primary", tooltip="Check answer"
        )
        self.check_button.on_click(self._on_check)
        self.next_button = w.Button(
            description="Next question", tooltip="Next question", disabled=True
        )
        self.next_button.on_click(self._on_next)
        self.feedback = w.HTML("")
        self.feedback.add_class("cbt-feedback-area")

        self.join_code = w.Text(
            value=display_code(self._initial_code) if self._initial_code else "",
            description="Class code (optional)",
            placeholder="ABCD-EFGH",
            layout=w.Layout(width="20rem", max_width="100%"),
        )
        self.join_code.style.description_width = "initial"
        self.join_button = w.Button(description="Join class", tooltip="Join class")
        self.join_button.on_click(self._on_join)
        self.join_status = w.HTML("")
        self.ticker = Ticker(
            self._on_class_tick,
            slow=True,
            keep_alive=lambda: self.join_status.send_state("_dom_classes"),
        )
        join = w.VBox([w.HBox([self.join_code, self.join_button]), self.join_status])
        join.add_class("cbt-join")

        self._restart_queue()
        self._next_item()
        if self._initial_code:
            self._on_join()
            if self.class_code:
                # a round already running is part of the page's first state: an update sent
                # by a beat while the browser is still building its widgets is lost
                self._on_class_tick()
        intro = w.HTML(
            "<h2>Spot the trap</h2>"
            "<p>Read the thought and tick every thinking trap it shows, or "
            f"“{esc(NO_TRAP_LABEL)}”. Then choose <strong>Check answer</strong>. Questions "
            "you get wrong come back a little later.</p>"
            '<details class="cbt-help cbt-quiz-why"><summary>Why is “Negative feeling or '
            "emotion” on the list?</summary><p>It is a feeling rather than a way of thinking: "
            "it is for a thought that mainly says how bad something feels. It is on the list so "
            "that such a thought is met with care for the feeling instead of a search for a "
            "thinking error.</p></details>"
        )
        buttons = w.HBox([self.check_button, self.next_button])
        buttons.add_class("cbt-nav")
        return [
            intro,
            w.HBox([self.level]),
            self.stats,
            self.question,
            grid,
            buttons,
            self.feedback,
            join,
        ]

    def _restart_queue(self) -> None:
        level = self.level.value or None
        items = playable(self.ctx.quiz.items, self.ctx.visible_ids, level)
        if level is None:  # all levels: warm up on easy items, then mix
            self.queue = LeitnerQueue.start(gentle_order(items, seed=self.seed))
        else:
            self.queue = LeitnerQueue.start([item.id for item in items], seed=self.seed)

    @property
    def current(self) -> QuizItem | None:
        """The quiz item on screen."""
        return self._current

    @property
    def chosen(self) -> tuple[str, ...]:
        """The traps ticked now (empty when "no trap" or nothing is ticked)."""
        return tuple(trap for trap, box in self.choices.items() if box.value)

    def _next_item(self) -> None:
        item_id = self.queue.next_id()
        self._show(self.items[item_id] if item_id else None)

    def _show(self, item: QuizItem | None) -> None:
        self._current = item
        self._asked_by_educator = self.round is not None
        self.verdict: Verdict | None = None
        self._pending = None
        for box in (*self.choices.values(), self.no_trap):
            box.value = False
            box.disabled = False
        self.feedback.value = ""
        self.next_button.disabled = True
        self.check_button.disabled = self._current is None
        self._draw_question()
        self._draw_stats()

    def _draw_question(self) -> None:
        item = self._current
        if item is None:
            self.question.value = "<p>There are no questions at this level.</p>"
            return
        number = self.score.answered + 1
        if not self._asked_by_educator:
            who = f"Question {number}"
        elif self.round is not None:
            who = "Your educator's question"
        else:
            who = "Your educator's question · round over"
        self.question.value = (
            f'<p class="cbt-counter">{who} · '
            f"{esc(LEVELS[item.difficulty].capitalize())}</p>"
            f'<p class="cbt-quiz-situation"><strong>Situation:</strong> {esc(item.situation)}</p>'
            f'<blockquote class="cbt-quote">{esc(item.thought)}</blockquote>'
        )

    def _draw_stats(self) -> None:
        s = self.score
        right = f"{s.correct} of {s.answered} right ({s.percent} %)" if s.answered else "0 so far"
        self.stats.value = (
            f'<p><span class="cbt-stat">Score: {right}</span>'
            f'<span class="cbt-stat">Streak: {s.streak}</span>'
            f'<span class="cbt-stat">Best streak: {s.best_streak}</span>'
            f'<span class="cbt-stat">Coming back: {self.queue.coming_back}</span></p>'
        )

    @guarded
    def _on_tick_trap(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.no_trap.value = False

    @guarded
    def _on_tick_none(self, change: dict[str, Any]) -> None:
        if change["new"]:
            for box in self.choices.values():
                box.value = False

    @guarded
    def _on_level(self, _change: object = None) -> None:
        self._restart_queue()
        self._next_item()

    @guarded
    def _on_check(self, _button: object = None) -> None:
        item = self._current
        if item is None or self.verdict is not None:
            return
        if not self.chosen and not self.no_trap.value:
            self.feedback.value = (
                '<p class="cbt-error" role="status">Tick at least one trap, or '
                f"“{esc(NO_TRAP_LABEL)}”.</p>"
            )
            return
        verdict = grade(item, self.chosen)
        self.verdict = verdict
        for box in (*self.choices.values(), self.no_trap):
            box.disabled = True
        self.check_button.disabled = True
        if self.round is not None and self._send_round_answer(item, verdict, self.round):
            self._pending = verdict
            self.feedback.value = (
                '<div class="cbt-feedback cbt-feedback-sent" role="status"><p>✓ Answer sent. '
                "Your educator shows the answer when the round ends; it appears here then."
                "</p></div>"
            )
            return
        self._reveal(item, verdict)
        if self.class_code and self.round is None:
            self._record_for_class(item, verdict)

    def _reveal(self, item: QuizItem, verdict: Verdict, *, note: str = "") -> None:
        """Score the answer and show its feedback."""
        self._pending = None
        self.score = self.score.record(verdict.correct)
        if any(card.item_id == item.id for card in self.queue.cards):
            self.queue = self.queue.record(item.id, correct=verdict.correct)
        self.next_button.disabled = False
        self.feedback.value = note + self.feedback_html(item, verdict)
        self._draw_stats()

    def feedback_html(self, item: QuizItem, verdict: Verdict) -> str:
        """The explanation shown after "Check answer"."""
        names = self.ctx.names
        answer = (
            f"<strong>{names_html(item.answer, names)}</strong>"
            if item.answer
            else "<strong>no trap</strong>: this is a balanced thought"
        )
        lines = [
            '<p class="cbt-verdict">'
            + ("✓ Right!" if verdict.correct else "✗ Not quite.")
            + f" The answer: {answer}.</p>"
        ]
        if not verdict.correct:
            chose = names_html(verdict.chosen, names) if verdict.chosen else "no trap"
            lines.append(f"<p>You chose: {chose}.</p>")
            details = []
            if verdict.found:
                details.append(f"You spotted {names_html(verdict.found, names)}.")
            if verdict.missed:
                details.append(f"Missed: {names_html(verdict.missed, names)}.")
            if verdict.extra:
                details.append(f"Not in this thought: {names_html(verdict.extra, names)}.")
            if details:
                lines.append(f"<p>{' '.join(details)}</p>")
        label = "Words that show it" if item.answer else "Words that keep it balanced"
        lines.append(
            f'<p class="cbt-cue-label">{label}:</p>'
            f'<blockquote class="cbt-quote">{highlight(item.thought, item.cues)}</blockquote>'
            f"<p>{esc(item.explanation)}</p>"
        )
        if not verdict.correct:
            lines.append(
                '<p class="cbt-help">This question will come back in a few questions, '
                "so you can practise it again.</p>"
            )
        kind = "right" if verdict.correct else "wrong"
        return f'<div class="cbt-feedback cbt-feedback-{kind}" role="status">{"".join(lines)}</div>'

    @guarded
    def _on_next(self, _button: object = None) -> None:
        self._next_item()

    # -- class mode (student side) --------------------------------------------------------
    @guarded
    def _on_join(self, _button: object = None) -> None:
        code = normalize_code(self.join_code.value)
        if not code:
            self.class_code = ""
            self.ticker.playing = False
            self.join_status.value = ""
            return
        try:
            name = self.ctx.class_book().class_name(code)
        except ClassNotFoundError:
            self.class_code = ""
            self.ticker.playing = False
            self.join_status.value = (
                '<p class="cbt-error" role="status">No class has this code. Please check it '
                "with your educator.</p>"
            )
            return
        except ClassModeUnavailableError:
            self.join_status.value = (
                '<p class="cbt-error" role="status">Class mode is not available on this '
                "server. You can still practise on your own.</p>"
            )
            return
        self.class_code = code
        self.join_status.value = (
            f'<p class="cbt-msg cbt-msg-ok" role="status">You are answering for the class '
            f"“{esc(name)}” ({esc(display_code(code))}). Only the traps you tick are stored, "
            "with no name. When your educator asks the class a question, it appears here by "
            "itself.</p>"
        )
        self._quiet = 0
        self.ticker.playing = True

    def _record_for_class(self, item: QuizItem, verdict: Verdict) -> None:
        try:
            self.ctx.class_book().record_answer(
                self.class_code, item.id, verdict.chosen, correct=verdict.correct
            )
        except (ClassNotFoundError, ClassModeUnavailableError):
            self.join_status.value = (
                '<p class="cbt-error" role="status">This answer could not be sent to the '
                "class. The quiz still works.</p>"
            )

    def _send_round_answer(self, item: QuizItem, verdict: Verdict, game: Round) -> bool:
        """Send an answer of the educator's round; ``False`` when the round is already over."""
        try:
            self.ctx.class_book().record_answer(
                self.class_code, item.id, verdict.chosen, correct=verdict.correct, round_id=game.id
            )
        except RoundOverError:
            self.round = None
            return False
        except (ClassNotFoundError, ClassModeUnavailableError):
            self.round = None
            self.join_status.value = (
                '<p class="cbt-error" role="status">This answer could not be sent to the '
                "class. The quiz still works.</p>"
            )
            return False
        return True

    # -- following the educator's rounds ---------------------------------------------------
    @guarded
    def _on_class_tick(self, _change: object = None) -> None:
        if not self.class_code:
            self.ticker.playing = False
            return
        try:
            current = self.ctx.class_book().current_round(self.class_code)
        except (ClassNotFoundError, ClassModeUnavailableError):
            self.ticker.playing = False
            return
        if self._resend:
            self._resend -= 1
            self._send_round_state()
        changed = False
        if self.round is not None and (current is None or current.id != self.round.id):
            self._round_over()
            changed = True
        if current is not None and current.id != self._seen_round:
            self._seen_round = current.id
            item = self.items.get(current.item_id)
            if item is not None and set(item.answer) <= set(self.ctx.visible_ids):
                self.round = current
                self._show(item)
                changed = True
        if changed:
            self._resend = RESEND_BEATS
        self._quiet = 0 if changed else self._quiet + 1
        if self._quiet >= STUDENT_QUIET_TICKS:
            self.ticker.playing = False
            self.join_status.value += (
                '<p class="cbt-help" role="status">Stopped following the class after a quiet '
                "while; press <strong>Join class</strong> to follow it again.</p>"
            )

    def _send_round_state(self) -> None:
        """Send the round's widgets their state again (a beat's change can reach a page that
        is still building its widgets, which drops it; the same state twice changes nothing)."""
        self.question.send_state("value")
        self.feedback.send_state("value")
        for box in (*self.choices.values(), self.no_trap):
            box.send_state(["value", "disabled"])
        self.check_button.send_state("disabled")
        self.next_button.send_state("disabled")

    def _round_over(self) -> None:
        """The educator ended the round on screen: show this student's own feedback."""
        item, pending = self._current, self._pending
        self.round = None
        if item is None:
            return
        self._draw_question()
        if pending is not None:
            note = '<p class="cbt-round-over">The round is over.</p>'
            self._reveal(item, pending, note=note)
        elif self.verdict is None:
            self.feedback.value = (
                '<p class="cbt-help" role="status">The round ended before you answered. You can '
                "still answer this question for practice.</p>"
            )


__all__ = ["QuizTab"]
__all__ = ["QuizTab"]
