"""The class tab (educator side): create a class, lead rounds live, read the class's results.

The educator holds the class's **educator key** (shown once, when the class is created); the
code alone opens nothing here. With the key the educator picks the quiz item the whole class
answers (a *round*); students' pages switch to it by themselves, and their answers arrive on
this screen as they come: how many answered, how often each trap was ticked, and the
confusion chart. Nothing needs pressing: a :class:`Ticker` on the kernel's event loop
refreshes the round about once a second; it pauses by itself when a round ends or after
:data:`QUIET_TICKS` ticks without a new answer.
Students never see anyone else's answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as w

from toolkit.learn.classes import (
    NO_TRAP,
    AnswerRecord,
    ClassModeUnavailableError,
    ClassNotFoundError,
    Round,
    WrongEducatorKeyError,
    class_results,
    display_code,
    display_key,
    distribution,
    normalize_code,
    summarize,
)
from toolkit.learn.quiz import LEVELS, QuizItem
from toolkit.ui.html import esc
from toolkit.ui.session import guarded
from toolkit.ui.thought_panel import highlight

from .common import LearnPart, names_html

if TYPE_CHECKING:
    from toolkit.learn.classes import ClassResults
    from toolkit.ui.plot import FigureView

BEAT = 1.0
"""Seconds between the educator page's refreshes of a live round."""

SLOW_BEAT = 2.0
"""Seconds between a student page's looks for the educator's round."""

KEEP_ALIVE = 60.0
"""Seconds between the small messages a live ticker sends so that its kernel, waiting for
answers, is not culled as idle (``CBT_IDLE_MINUTES``, at least a minute)."""

QUIET_TICKS = 900
"""Ticks without a new answer after which live updates pause (about 15 minutes)."""

NO_TRAP_NAME = "No trap (balanced)"


def _error(text: str) -> str:
    return f'<p class="cbt-error" role="status">{text}</p>'


class Ticker:
    """A refresh about once a second (``slow``: every other second) while it is live, run by
    the kernel itself: each beat is a callback on the kernel's own asyncio event loop
    (``loop.call_later``), which serves the page's widget messages too, so a beat never runs
    alongside a click and widget updates go out as from any other callback. The next beat is
    set only when the last one has finished, so a slow database never piles beats up.
    ``playing`` starts and stops it.

    With no running event loop (plain Python, widget tests) nothing is scheduled: call
    :meth:`tick` for a beat.

    A kernel cannot tell when its page closes: the page's unload beacon shuts the kernel down
    (Voila), kernels left idle are culled (``CBT_IDLE_MINUTES``), and the callers stop the
    ticker after a quiet while (:data:`QUIET_TICKS`). A beat that changes nothing sends
    nothing to the browser; so that a live page waiting for answers is not culled as idle,
    ``keep_alive`` (a call that sends the browser a small message) runs about every
    :data:`KEEP_ALIVE` seconds while the ticker plays.
    """

    def __init__(
        self,
        on_tick: Callable[[], None],
        *,
        slow: bool = False,
        keep_alive: Callable[[], None] | None = None,
    ) -> None:
        self._on_tick = on_tick
        self._keep_alive = keep_alive
        self.interval = SLOW_BEAT if slow else BEAT
        self.keep_alive_every = KEEP_ALIVE
        self._since_sent = 0.0
        self._playing = False
        self._timer: asyncio.TimerHandle | None = None

    @property
    def playing(self) -> bool:
        """Whether the ticker beats."""
        return self._playing

    @playing.setter
    def playing(self, value: bool) -> None:
        self._playing = bool(value)
        if not self._playing:
            self._cancel()
        elif self._timer is None:
            self._schedule()

    @property
    def scheduled(self) -> bool:
        """Whether the next beat is set on the kernel's event loop."""
        return self._timer is not None

    def tick(self) -> None:
        """One beat now (what the event loop does once per interval while playing)."""
        self._on_tick()

    def _schedule(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop runs here: beats only come from tick()
            return
        self._timer = loop.call_later(self.interval, self._beat)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _beat(self) -> None:
        self._timer = None
        if not self._playing:
            return
        try:
            self._on_tick()  # callers are @guarded: their errors reach the page's messages
            self._since_sent += self.interval
            if self._keep_alive is not None and self._since_sent >= self.keep_alive_every:
                self._since_sent = 0.0
                self._keep_alive()
        finally:
            if self._playing and self._timer is None:
                self._schedule()


class ClassTab(LearnPart):
    """Create a class code and key; lead rounds; read a class's results."""

    def build(self) -> list[w.Widget]:
        from toolkit.ui.plot import FigureView

        self.code = ""
        self.key = ""
        self.round: Round | None = None
        self._answers_seen = -1
        self._quiet = 0

        self.class_name = w.Text(description="Class name", placeholder="e.g. CBT skills, week 3")
        self.class_name.style.description_width = "initial"
        self.create_button = w.Button(
            description="Create a class", button_style="primary", tooltip="Create a class"
        )
        self.create_button.on_click(self._on_create_class)
        self.created = w.HTML("")
        self.results_code = w.Text(
            description="Class code",
            placeholder="ABCD-EFGH",
            layout=w.Layout(width="16rem", max_width="100%"),
        )
        self.results_code.style.description_width = "initial"
        self.results_key = w.Password(
            description="Educator key",
            placeholder="ABCD-EFGH-JKMN-PQRS-TUVW",
            layout=w.Layout(width="24rem", max_width="100%"),
        )
        self.results_key.style.description_width = "initial"
        self.open_button = w.Button(description="Open my class", tooltip="Open my class")
        self.open_button.on_click(self._on_open)
        self.open_status = w.HTML("")

        self.item_pick = w.Dropdown(options=self._item_options(), description="Question")
        self.item_pick.style.description_width = "initial"
        self.ask_button = w.Button(
            description="Ask the class", button_style="primary", tooltip="Ask the class"
        )
        self.ask_button.on_click(self._on_ask)
        self.end_button = w.Button(
            description="End round, show answer",
            tooltip="End the round and show the answer (key R)",
            disabled=True,
        )
        self.end_button.add_class("cbt-key-reveal")
        self.end_button.on_click(self._on_end)
        self.next_round_button = w.Button(
            description="Next question",
            tooltip="Ask the next question in the list (key N or →)",
        )
        self.next_round_button.add_class("cbt-key-next")
        self.next_round_button.on_click(self._on_next_round)
        self.round_view = w.HTML("")
        self.round_view.add_class("cbt-round-view")
        self.round_chart = w.HTML("")
        self.round_chart.add_class("cbt-round-confusion")
        self.ticker = Ticker(
            self._on_tick, keep_alive=lambda: self.round_view.send_state("_dom_classes")
        )
        controls = w.HBox([self.ask_button, self.end_button, self.next_round_button])
        controls.add_class("cbt-nav")
        self.lead = w.VBox(
            [
                w.HTML(
                    '<h3 class="cbt-lead-title">Lead a round</h3>'
                    '<p class="cbt-help">Pick a question and press <strong>Ask the class</strong>'
                    ": every student who joined with the class code gets it on their screen. "
                    "Answers arrive here as they come. <strong>End round</strong> shows the "
                    "answer to the room and to each student.</p>"
                ),
                self.item_pick,
                controls,
                self.round_view,
                self.round_chart,
            ]
        )
        self.lead.add_class("cbt-lead")
        self.lead.layout.display = "none"

        self.results_button = w.Button(
            description="Show class results", tooltip="Show class results"
        )
        self.results_button.on_click(self._on_results)
        self.results_view = w.HTML("")
        self.results_chart: FigureView = FigureView()
        setup = w.VBox(
            [
                w.HTML(
                    "<h2>Class mode</h2><p>Create a class: you get a <strong>class code</strong> "
                    "to share with students and an <strong>educator key</strong> to keep to "
                    "yourself. Students enter the code on the <strong>Quiz</strong> tab (or open "
                    "the link) and answer anonymously: only the item and the traps they ticked "
                    "are stored. Only the educator key opens the results and leads rounds.</p>"
                ),
                w.HBox([self.class_name, self.create_button]),
                self.created,
                w.HTML("<h3>Open your class</h3>"),
                w.HBox([self.results_code, self.results_key, self.open_button]),
                self.open_status,
            ]
        )
        setup.add_class("cbt-class-setup")
        results = w.VBox(
            [
                w.HTML("<h3>Class results</h3>"),
                w.HBox([self.results_button]),
                self.results_view,
                self.results_chart,
            ]
        )
        results.add_class("cbt-class-results")
        return [setup, self.lead, results]

    # -- creating and opening a class --------------------------------------------------------
    @guarded
    def _on_create_class(self, _button: object = None) -> None:
        name = self.class_name.value.strip()
        if not name:
            self.created.value = _error("Give the class a name.")
            return
        try:
            new = self.ctx.class_book().create_class(name)
        except ClassModeUnavailableError:
            self.created.value = self._unavailable()
            return
        except ValueError as exc:
            self.created.value = _error(esc(exc))
            return
        code = display_code(new.code)
        self.results_code.value = code
        self.results_key.value = new.educator_key
        self.created.value = (
            '<div class="cbt-msg cbt-msg-ok" role="status">'
            f"<p>Class “{esc(new.name)}” created. The class code, for students:</p>"
            f'<p class="cbt-class-code">{esc(code)}</p>'
            "<p>Students enter it on the Quiz tab, or open "
            f'<a href="?class={esc(new.code)}">this page with the code filled in</a>.</p>'
            "<p>Your <strong>educator key</strong>, to keep to yourself (it is shown only "
            "now; write it down):</p>"
            f'<p class="cbt-class-code cbt-educator-key">{esc(display_key(new.educator_key))}</p>'
            "</div>"
        )
        self._open(new.code, new.educator_key)

    @guarded
    def _on_open(self, _button: object = None) -> None:
        code = normalize_code(self.results_code.value)
        if not code or not self.results_key.value.strip():
            self.open_status.value = _error("Enter the class code and your educator key.")
            return
        self._open(code, self.results_key.value)

    def _open(self, code: str, key: str) -> None:
        name = self._check(code, key, self.open_status)
        if name is None:
            self.lead.layout.display = "none"
            self.ticker.playing = False
            return
        self.code, self.key = code, key
        self.open_status.value = (
            f'<p class="cbt-msg cbt-msg-ok" role="status">You lead “{esc(name)}” '
            f"({esc(display_code(code))}).</p>"
        )
        self.lead.layout.display = None
        import toolkit.charts  # noqa: F401 - load plotly now, not while the first answers arrive

        self.round = self.ctx.class_book().current_round(code)
        self._answers_seen = -1
        self._refresh_round()
        self._set_live(live=self.round is not None)

    def _check(self, code: str, key: str, status: w.HTML) -> str | None:
        """The class's name if ``key`` is its educator key; otherwise say why in ``status``."""
        try:
            return self.ctx.class_book().check_educator(code, key)
        except ClassNotFoundError:
            status.value = _error("No class has this code.")
        except WrongEducatorKeyError:
            status.value = _error(
                "This is not the educator key of this class. (The class code alone does not "
                "open the results.)"
            )
        except ClassModeUnavailableError:
            status.value = self._unavailable()
        return None

    @staticmethod
    def _unavailable() -> str:
        return _error(
            "Class mode is not available on this server (the database cannot be opened). "
            "The rest of the page works."
        )

    # -- rounds ------------------------------------------------------------------------------
    def _item_options(self) -> list[tuple[str, str]]:
        visible = set(self.ctx.visible_ids)
        items = [i for i in self.ctx.quiz.items if set(i.answer) <= visible]
        items.sort(key=lambda i: i.difficulty)
        return [(f"{LEVELS[i.difficulty].capitalize()} · {i.situation[:70]}", i.id) for i in items]

    @property
    def round_item(self) -> QuizItem | None:
        """The quiz item of the round on screen (open or just ended)."""
        if self.round is None:
            return None
        return self.ctx.quiz.by_id().get(self.round.item_id)

    @guarded
    def _on_ask(self, _button: object = None) -> None:
        self._start(str(self.item_pick.value))

    @guarded
    def _on_next_round(self, _button: object = None) -> None:
        ids = [value for _label, value in self.item_pick.options]
        current = self.round.item_id if self.round is not None else self.item_pick.value
        position = ids.index(current) if current in ids else -1
        self.item_pick.value = ids[(position + 1) % len(ids)]
        self._start(str(self.item_pick.value))

    def _start(self, item_id: str) -> None:
        if not self.code:
            return
        try:
            self.round = self.ctx.class_book().start_round(self.code, self.key, item_id)
        except (ClassNotFoundError, WrongEducatorKeyError, ClassModeUnavailableError):
            self.round_view.value = _error("The round could not start; open the class again.")
            return
        self._answers_seen = -1
        self._refresh_round()
        self._set_live(live=True)

    @guarded
    def _on_end(self, _button: object = None) -> None:
        if not self.code or self.round is None:
            return
        self.ctx.class_book().end_round(self.code, self.key)
        self.round = Round(self.round.id, self.round.item_id, open=False)
        self._answers_seen = -1
        self._refresh_round()
        self._set_live(live=False)

    def _set_live(self, *, live: bool) -> None:
        self._quiet = 0
        self.ticker.playing = live
        self.end_button.disabled = not (live and self.round is not None and self.round.open)

    @guarded
    def _on_tick(self, _change: object = None) -> None:
        if not self.code or self.round is None:
            self.ticker.playing = False
            return
        if self._refresh_round():
            self._quiet = 0
        else:
            self._quiet += 1
            if self._quiet >= QUIET_TICKS:
                self.ticker.playing = False
                self.round_view.value += (
                    '<p class="cbt-help" role="status">Live updates paused after a quiet '
                    "while; press <strong>Ask the class</strong> or open the class again.</p>"
                )

    def _refresh_round(self) -> bool:
        """Redraw the round if its answers changed; ``True`` when they did."""
        item = self.round_item
        if self.round is None or item is None:
            self.round_view.value = (
                '<p class="cbt-help">No round yet. Pick a question and ask the class.</p>'
            )
            self.round_chart.value = ""
            return False
        records = self.ctx.class_book().answers(self.code, self.key, round_id=self.round.id)
        if len(records) == self._answers_seen:
            return False
        self._answers_seen = len(records)
        self.round_view.value = self._round_html(item, records, revealed=not self.round.open)
        self.round_chart.value = self._round_confusion(item, records) if records else ""
        return True

    def _round_confusion(self, item: QuizItem, records: tuple[AnswerRecord, ...]) -> str:
        """The round's confusion chart as a shaded table: light enough to redraw each second.

        Rows are the right answer (one per trap of the item), columns the traps in play (the
        right ones and every one ticked); the outlined cells are right answers.
        """
        every = [*self.ctx.visible_ids, NO_TRAP]
        counts = distribution(records, every)
        right = list(item.answer) or [NO_TRAP]
        labels = [
            label
            for label, count in zip(every, counts, strict=True)
            if count or label in right or label == NO_TRAP
        ]
        results = summarize(self.code, "", records, {item.id: item.answer}, labels)
        names = {**self.ctx.names, NO_TRAP: NO_TRAP_NAME}
        top = max((max(row) for row in results.matrix), default=0) or 1
        head = "".join(f'<th scope="col">{esc(names[label])}</th>' for label in labels)
        rows = ""
        for label, row in zip(labels, results.matrix, strict=True):
            if label not in right:
                continue
            cells = "".join(
                f'<td class="{"cbt-conf-right" if other == label else ""}" '
                f'style="--cbt-share:{round(100 * count / top)}%">{count}</td>'
                for other, count in zip(labels, row, strict=True)
            )
            rows += f'<tr><th scope="row">{esc(names[label])}</th>{cells}</tr>'
        return (
            '<div class="cbt-table-wrap"><table class="cbt-table cbt-conf">'
            "<caption>Which traps were taken for which: rows are the right answer, columns "
            "what was ticked (outlined: right)</caption>"
            f"<thead><tr><td></td>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        )

    def _round_html(
        self, item: QuizItem, records: tuple[AnswerRecord, ...], *, revealed: bool
    ) -> str:
        labels = [*self.ctx.visible_ids, NO_TRAP]
        names = {**self.ctx.names, NO_TRAP: NO_TRAP_NAME}
        counts = dict(zip(labels, distribution(records, labels), strict=True))
        right = set(item.answer) or {NO_TRAP}
        shown = [label for label in labels if counts[label] or (revealed and label in right)]
        shown.sort(key=lambda label: -counts[label])
        total = len(records)
        rows = "".join(
            '<li class="cbt-dist-row'
            + (" cbt-dist-right" if revealed and label in right else "")
            + f'"><span class="cbt-dist-name">{esc(names[label])}'
            + (" ✓" if revealed and label in right else "")
            + f'</span><span class="cbt-dist-bar" style="width:{_share(counts[label], total)}%">'
            f'</span><span class="cbt-dist-count">{counts[label]}</span></li>'
            for label in shown
        )
        state = "Round over" if revealed else "Round open"
        count = f"{total} answer" + ("" if total == 1 else "s")
        html = (
            f'<p class="cbt-counter">{state} · {esc(LEVELS[item.difficulty].capitalize())}</p>'
            f'<p class="cbt-quiz-situation"><strong>Situation:</strong> {esc(item.situation)}</p>'
            f'<blockquote class="cbt-quote">'
            f"{highlight(item.thought, item.cues) if revealed else esc(item.thought)}"
            "</blockquote>"
            f'<p class="cbt-round-count" role="status" aria-live="polite">{count}</p>'
        )
        if rows:
            html += f'<ul class="cbt-dist" aria-label="How often each trap was ticked">{rows}</ul>'
        if revealed:
            answer = (
                f"<strong>{names_html(item.answer, self.ctx.names)}</strong>"
                if item.answer
                else "<strong>no trap</strong>: a balanced thought"
            )
            html += f'<div class="cbt-round-answer"><p>The answer: {answer}.</p>'
            html += f"<p>{esc(item.explanation)}</p></div>"
        return html

    # -- class results -----------------------------------------------------------------------
    @guarded
    def _on_results(self, _button: object = None) -> None:
        code = normalize_code(self.results_code.value)
        if not code:
            self.results_view.value = _error("Enter the class code.")
            return
        key = {item.id: item.answer for item in self.ctx.quiz.items}
        labels = [*self.ctx.visible_ids, NO_TRAP]
        try:
            results = class_results(
                self.ctx.class_book(), code, self.results_key.value, key, labels
            )
        except ClassNotFoundError:
            self.results_view.value = _error("No class has this code.")
            self.results_chart.clear()
            return
        except WrongEducatorKeyError:
            self.results_view.value = _error(
                "Enter the class's educator key: the class code alone does not open the results."
            )
            self.results_chart.clear()
            return
        except ClassModeUnavailableError:
            self.results_view.value = self._unavailable()
            return
        names = {**self.ctx.names, NO_TRAP: NO_TRAP_NAME}
        rows = "".join(
            f'<tr><th scope="row">{esc(names[t.trap_id])}</th><td>{t.answered}</td>'
            f"<td>{t.correct}</td><td>{'—' if t.percent is None else f'{t.percent} %'}</td></tr>"
            for t in results.per_trap
        )
        overall = (
            f"{results.percent} % fully right" if results.percent is not None else "no answers yet"
        )
        self.results_view.value = (
            f'<div role="status"><p><strong>{esc(results.name)}</strong> '
            f"({esc(display_code(results.code))}): {results.answers} answers, {overall}.</p>"
            '<div class="cbt-table-wrap"><table class="cbt-table">'
            "<caption>Accuracy per trap: how often the trap was "
            "recognised when it was in the answer</caption>"
            '<thead><tr><th scope="col">Trap</th><th scope="col">Asked</th>'
            '<th scope="col">Spotted</th><th scope="col">%</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div></div>"
        )
        self._draw_confusion(self.results_chart, results, "")

    def _draw_confusion(self, view: FigureView, results: ClassResults, scope: str) -> None:
        from toolkit import charts

        names = {**self.ctx.names, NO_TRAP: NO_TRAP_NAME}
        title = "Which traps are mistaken for which (rows: right answer; columns: chosen)"
        view.figure = charts.confusion(
            results.matrix,
            [names[label] for label in results.labels],
            title=f"{scope}: {title}" if scope else title,
        )


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


__all__ = ["BEAT", "KEEP_ALIVE", "QUIET_TICKS", "SLOW_BEAT", "ClassTab", "Ticker"]
