"""The learn page: thinking traps for educators, students and self-learners.

No login and nothing personal is stored. Six tabs, each built the first time it is opened (so
the analysis engine and plotly load only when a tab needs them):

- **Gallery**: every visible trap of ``traps.yaml`` with its definition, examples and Socratic
  questions, and a "try it" box that runs the engine on the visitor's own sentence.
- **Quiz**: items from ``quiz.yaml``, immediate feedback with the cue words highlighted,
  score and streak, spaced practice (:class:`toolkit.learn.quiz.LeitnerQueue`), levels, and an
  optional class code for class mode.
- **Sandbox**: a thought revealed step by step (traps, questions, balanced thoughts with the
  reframe checklist), with a large-text switch for projection.
- **Worked examples**: complete thought records, one step at a time.
- **Questionnaires**: a playground for the measures: two time points, band, plain words,
  reliable change and the chart.
- **Class**: create a class code; see a class's accuracy per trap and its confusion chart.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.learn.classes import (
    NO_TRAP,
    ClassBook,
    ClassModeUnavailableError,
    ClassNotFoundError,
    class_results,
    display_code,
    normalize_code,
    open_class_book,
)
from toolkit.learn.examples import STEPS, WorkedExample, load_worked_examples
from toolkit.learn.quiz import (
    LEVELS,
    LeitnerQueue,
    QuizFile,
    QuizItem,
    QuizScore,
    Verdict,
    grade,
    load_quiz,
    playable,
)
from toolkit.reframing.taxonomy import Trap, load_traps

from .crisis import crisis_html
from .html import esc
from .session import PageSession, guarded
from .thought_panel import highlight

if TYPE_CHECKING:
    from toolkit.exercises import Questionnaire
    from toolkit.scoring import Score
    from toolkit.ui.plot import FigureView

TABS = ("Gallery", "Quiz", "Sandbox", "Worked examples", "Questionnaires", "Class")
NO_TRAP_LABEL = "No trap — balanced thought"
SANDBOX_EXAMPLE = "I always say something stupid in meetings, and everyone thinks I'm useless."
SANDBOX_SITUATION = "Team meeting; my question went unanswered"
SANDBOX_STEPS = ("The thought", "Thinking traps", "Questions to test it", "Balanced thoughts")
MAX_REFRAMES = 4
DEFAULT_MEASURE = "phq9"


def _question_text(question: str) -> str:
    """A trap's question for the gallery: the client's own words are not known here."""
    return question.replace("{cue}", "…")


def _field(widget: w.Widget) -> w.VBox:
    """A text input in the page's field style: label above, full width."""
    widget.style.description_width = "initial"
    box = w.VBox([widget])
    box.add_class("cbt-field")
    return box


def _names(ids: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(esc(names.get(i, i)) for i in ids)


class LearnPage(PageSession):
    """One learn-page session: UI state for every tab, callbacks as ``_on_*`` methods.

    Parameters
    ----------
    class_code
        A class code from the link (``?class=…``); the quiz then starts in class mode.
    class_book
        Returns the class book (default :func:`toolkit.learn.classes.open_class_book`);
        called the first time class mode is used.
    seed
        Seed for the quiz's question order (random by default; tests pass one).
    """

    def __init__(
        self,
        *,
        class_code: str = "",
        class_book: Callable[[], ClassBook] | None = None,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        traps = load_traps()
        self.traps: tuple[Trap, ...] = traps.visible()
        self.names: dict[str, str] = {t.id: t.name for t in traps.traps}
        self._book_factory = class_book or open_class_book
        self._book: ClassBook | None = None
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        self.class_code = ""
        self._initial_code = normalize_code(class_code)[:16]
        self._quiz: QuizFile | None = None

        self.panes = [w.VBox([]) for _ in TABS]
        for name, pane in zip(TABS, self.panes, strict=True):
            pane.add_class("cbt-learn-pane")
            pane.add_class(f"cbt-learn-{name.split()[0].lower()}")
        self.tabs = w.Tab(children=self.panes, titles=TABS)
        self.tabs.add_class("cbt-learn-tabs")
        self._built: set[int] = set()
        self.tabs.observe(self._on_tab, "selected_index")

        header = w.HTML(
            '<header class="cbt-header"><h1>Learn about thinking traps</h1>'
            '<p class="cbt-lede">Thinking traps are habits of thought that make a hard moment '
            "feel worse than the facts are. Learning to spot them is the first step of "
            "cognitive restructuring in CBT.</p>"
            '<p class="cbt-practice-note">No login. Nothing you type on this page is stored. '
            "(In class mode, only which traps were ticked in the quiz is stored, "
            "anonymously.)</p></header>"
        )
        self.widget = w.VBox([header, self.messages, self.tabs])
        self.widget.add_class("cbt-page")
        self.widget.add_class("cbt-learn")
        self._build(0)
        if self._initial_code:
            self.tabs.selected_index = 1

    # -- tabs ---------------------------------------------------------------------------
    @guarded
    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self._build(int(change["new"]))

    def _build(self, index: int) -> None:
        if index in self._built:
            return
        builders = (
            self._build_gallery,
            self._build_quiz,
            self._build_sandbox,
            self._build_examples,
            self._build_questionnaires,
            self._build_class,
        )
        self.panes[index].children = tuple(builders[index]())
        self._built.add(index)

    def show(self, tab: str) -> None:
        """Open a tab by its title (builds it if needed)."""
        self.tabs.selected_index = TABS.index(tab)
        self._build(TABS.index(tab))

    def _class_book(self) -> ClassBook:
        if self._book is None:
            self._book = self._book_factory()
        return self._book

    # == Gallery ==========================================================================
    def _build_gallery(self) -> list[w.Widget]:
        intro = w.HTML(
            "<h2>The thinking traps</h2>"
            "<p>Each card gives the trap's name, the name Burns (1980) used for it, what it is, "
            "examples, and questions that help to test a thought. Try the engine on a sentence "
            "of your own below the cards.</p>"
        )
        cards = "".join(self._trap_card(trap) for trap in self.traps)
        grid = w.HTML(f'<div class="cbt-trap-grid">{cards}</div>')
        self.try_text = w.Textarea(
            description="Your own sentence",
            placeholder="For example: I never get anything right at work",
            rows=2,
        )
        self.try_button = w.Button(
            description="Try it", button_style="primary", tooltip="Find thinking traps"
        )
        self.try_button.on_click(self._on_try)
        self.try_result = w.HTML("")
        self.try_result.add_class("cbt-try-result")
        try_box = w.VBox(
            [
                w.HTML(
                    "<h2>Try it on your own sentence</h2>"
                    '<p class="cbt-help">The app looks for the words that point to a trap and '
                    "highlights them. It is a suggestion, not a judgement; nothing is stored."
                    "</p>"
                ),
                _field(self.try_text),
                w.HBox([self.try_button]),
                self.try_result,
            ]
        )
        try_box.add_class("cbt-try")
        return [intro, try_box, grid]

    def _trap_card(self, trap: Trap) -> str:
        examples = "".join(f"<li>{esc(e)}</li>" for e in trap.examples)
        questions = "".join(f"<li>{esc(_question_text(q))}</li>" for q in trap.questions)
        burns = (
            f'<p class="cbt-trap-burns">Burns: {esc(trap.burns_name)}</p>'
            if trap.burns_name != trap.name
            else '<p class="cbt-trap-burns">Burns uses the same name</p>'
        )
        return (
            f'<article class="cbt-trap-card" id="trap-{esc(trap.id)}">'
            f"<h3>{esc(trap.name)}</h3>{burns}"
            f'<p class="cbt-trap-def">{esc(trap.definition)}</p>'
            f"<h4>Examples</h4><ul>{examples}</ul>"
            f"<h4>Questions to ask</h4><ul>{questions}</ul></article>"
        )

    @guarded
    def _on_try(self, _button: object = None) -> None:
        text = self.try_text.value.strip()
        if len(text.split()) < 2:
            self.try_result.value = (
                '<p class="cbt-error" role="status">Type a sentence of a few words first.</p>'
            )
            return
        from toolkit.reframing import analyze

        analysis = analyze(text)
        if analysis.crisis:
            self.try_result.value = crisis_html()
            return
        if not analysis.traps:
            self.try_result.value = (
                f'<div role="status"><p class="cbt-quote"><q>{esc(text)}</q></p>'
                "<p>No common thinking trap stands out in this sentence.</p></div>"
            )
            return
        cues = [c for hit in analysis.traps for c in hit.cues]
        rows = "".join(
            f"<li><strong>{esc(hit.name)}</strong>"
            + (" — words: " + ", ".join(f"“{esc(c)}”" for c in hit.cues) if hit.cues else "")
            + f'<br><span class="cbt-ai-why">{esc(hit.why)}</span></li>'
            for hit in analysis.traps
        )
        self.try_result.value = (
            '<div role="status"><span class="cbt-badge">Suggestion</span>'
            f'<p class="cbt-quote"><q>{highlight(text, cues)}</q></p>'
            f"<p>Possible thinking traps:</p><ul>{rows}</ul></div>"
        )

    # == Quiz ==============================================================================
    @property
    def quiz(self) -> QuizFile:
        """The quiz items, read from ``quiz.yaml`` the first time they are needed."""
        if self._quiz is None:
            self._quiz = load_quiz()
        return self._quiz

    def _build_quiz(self) -> list[w.Widget]:
        self.items = self.quiz.by_id()
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
        for trap in self.traps:
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
        join = w.VBox([w.HBox([self.join_code, self.join_button]), self.join_status])
        join.add_class("cbt-join")

        self._restart_queue()
        self._next_item()
        if self._initial_code:
            self._on_join()
        intro = w.HTML(
            "<h2>Spot the trap</h2>"
            "<p>Read the thought and tick every thinking trap it shows, or "
            f"“{esc(NO_TRAP_LABEL)}”. Then choose <strong>Check answer</strong>. Questions "
            "you get wrong come back a little later.</p>"
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
        ids = [item.id for item in playable(self.quiz.items, self.names_visible, level)]
        self.queue = LeitnerQueue.start(ids, seed=self.seed)

    @property
    def names_visible(self) -> list[str]:
        """Ids of the traps shown on the page (hidden ones left out)."""
        return [t.id for t in self.traps]

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
        self._current = self.items[item_id] if item_id else None
        self.verdict: Verdict | None = None
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
        self.question.value = (
            f'<p class="cbt-counter">Question {number} · '
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
        self.score = self.score.record(verdict.correct)
        self.queue = self.queue.record(item.id, correct=verdict.correct)
        for box in (*self.choices.values(), self.no_trap):
            box.disabled = True
        self.check_button.disabled = True
        self.next_button.disabled = False
        self.feedback.value = self.feedback_html(item, verdict)
        self._draw_stats()
        if self.class_code:
            self._record_for_class(item, verdict)

    def feedback_html(self, item: QuizItem, verdict: Verdict) -> str:
        """The explanation shown after "Check answer"."""
        names = self.names
        answer = (
            f"<strong>{_names(item.answer, names)}</strong>"
            if item.answer
            else "<strong>no trap</strong>: this is a balanced thought"
        )
        lines = [
            '<p class="cbt-verdict">'
            + ("✓ Right!" if verdict.correct else "✗ Not quite.")
            + f" The answer: {answer}.</p>"
        ]
        if not verdict.correct:
            chose = _names(verdict.chosen, names) if verdict.chosen else "no trap"
            lines.append(f"<p>You chose: {chose}.</p>")
            details = []
            if verdict.found:
                details.append(f"You spotted {_names(verdict.found, names)}.")
            if verdict.missed:
                details.append(f"Missed: {_names(verdict.missed, names)}.")
            if verdict.extra:
                details.append(f"Not in this thought: {_names(verdict.extra, names)}.")
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
            self.join_status.value = ""
            return
        try:
            name = self._class_book().class_name(code)
        except ClassNotFoundError:
            self.class_code = ""
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
            "with no name.</p>"
        )

    def _record_for_class(self, item: QuizItem, verdict: Verdict) -> None:
        try:
            self._class_book().record_answer(
                self.class_code, item.id, verdict.chosen, correct=verdict.correct
            )
        except (ClassNotFoundError, ClassModeUnavailableError):
            self.join_status.value = (
                '<p class="cbt-error" role="status">This answer could not be sent to the '
                "class. The quiz still works.</p>"
            )

    # == Sandbox ===========================================================================
    def _build_sandbox(self) -> list[w.Widget]:
        self.large = w.Checkbox(value=False, description="Large text", indent=False)
        self.large.observe(self._on_large, "value")
        self.sand_thought = w.Textarea(value=SANDBOX_EXAMPLE, description="Thought", rows=2)
        self.sand_situation = w.Text(value=SANDBOX_SITUATION, description="Situation (optional)")
        for field in (self.sand_thought, self.sand_situation):
            field.observe(self._on_sand_text, "value")
        self.reveal_button = w.Button(
            description="Reveal next step", button_style="primary", tooltip="Reveal next step"
        )
        self.reveal_button.on_click(self._on_reveal)
        self.restart_button = w.Button(description="Start again", tooltip="Start again")
        self.restart_button.on_click(self._on_restart)
        self.sand_view = w.HTML("")
        self.sand_view.add_class("cbt-sand-view")
        self.sand_step = 0
        self.sand_analysis: Any = None
        self._draw_sandbox()
        buttons = w.HBox([self.reveal_button, self.restart_button])
        buttons.add_class("cbt-nav")
        self.sand_own = w.Textarea(value="", description="Your balanced thought", rows=2)
        self.sand_own_button = w.Button(
            description="Check my balanced thought", tooltip="Check my balanced thought"
        )
        self.sand_own_button.on_click(self._on_check_own)
        self.sand_own_view = w.HTML("")
        self.sand_own_view.add_class("cbt-sand-view")
        self.sandbox = w.VBox(
            [
                w.HTML(
                    "<h2>Reframing sandbox</h2>"
                    '<p class="cbt-help">For the classroom: type a thought, then reveal one '
                    "step at a time: the thought, its traps, questions that test the evidence, "
                    "and balanced thoughts with the checklist that shows why they help.</p>"
                ),
                self.large,
                _field(self.sand_thought),
                _field(self.sand_situation),
                buttons,
                self.sand_view,
                w.HTML(
                    "<h3>Check a balanced thought of your own</h3>"
                    '<p class="cbt-help">Write a balanced thought for the thought above and see '
                    "which checks it passes, and why not where it fails.</p>"
                ),
                _field(self.sand_own),
                self.sand_own_button,
                self.sand_own_view,
            ]
        )
        self.sandbox.add_class("cbt-sandbox")
        return [self.sandbox]

    @guarded
    def _on_large(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.sandbox.add_class("cbt-large")
        else:
            self.sandbox.remove_class("cbt-large")

    @guarded
    def _on_sand_text(self, _change: object = None) -> None:
        self.sand_step = 0
        self.sand_analysis = None
        self._draw_sandbox()

    @guarded
    def _on_check_own(self, _button: object = None) -> None:
        from toolkit.reframing import safety

        own = self.sand_own.value.strip()
        thought = self.sand_thought.value.strip()
        if not own or not thought:
            self.sand_own_view.value = (
                '<p class="cbt-error" role="status">Type a thought and a balanced thought.</p>'
            )
            return
        if safety.check(f"{thought}\n{own}").crisis:
            self.sand_own_view.value = crisis_html()
            return
        if self.sand_analysis is None:
            from toolkit.reframing import analyze

            self.sand_analysis = analyze(thought, self.sand_situation.value.strip())
        traps = getattr(self.sand_analysis, "traps", ())
        trap = traps[0].id if traps else ""
        self.sand_own_view.value = checklist_html(
            own, thought, trap, self.sand_situation.value.strip()
        )

    @guarded
    def _on_restart(self, _button: object = None) -> None:
        self._on_sand_text()

    @guarded
    def _on_reveal(self, _button: object = None) -> None:
        if self.sand_step >= len(SANDBOX_STEPS) - 1:
            return
        thought = self.sand_thought.value.strip()
        if not thought:
            self.sand_view.value = '<p class="cbt-error" role="status">Type a thought first.</p>'
            return
        if self.sand_analysis is None:
            from toolkit.reframing import analyze

            self.sand_analysis = analyze(thought, self.sand_situation.value.strip())
        self.sand_step += 1
        self._draw_sandbox()

    def _draw_sandbox(self) -> None:
        thought = self.sand_thought.value.strip()
        analysis = self.sand_analysis
        if analysis is not None and analysis.crisis:
            self.sand_view.value = crisis_html()
            self.reveal_button.disabled = True
            return
        cues = [c for hit in analysis.traps for c in hit.cues] if analysis is not None else []
        marked = highlight(thought, cues) if self.sand_step >= 1 else esc(thought)
        parts = [self._sand_section(0, f'<p class="cbt-quote"><q>{marked}</q></p>')]
        if self.sand_step >= 1 and analysis is not None:
            parts.append(self._sand_section(1, self._sand_traps(analysis)))
        if self.sand_step >= 2 and analysis is not None:
            questions = "".join(f"<li>{esc(q)}</li>" for q in analysis.questions[:5])
            parts.append(self._sand_section(2, f"<ul>{questions}</ul>"))
        if self.sand_step >= 3 and analysis is not None:
            parts.append(self._sand_section(3, self._sand_reframes(thought, analysis.reframes)))
        self.sand_view.value = "".join(parts)
        last = self.sand_step >= len(SANDBOX_STEPS) - 1
        self.reveal_button.disabled = last
        self.reveal_button.description = "All steps shown" if last else "Reveal next step"

    def _sand_section(self, index: int, body: str) -> str:
        current = " cbt-current" if index == self.sand_step else ""
        return (
            f'<section class="cbt-sand-step{current}">'
            f"<h3>Step {index + 1} of {len(SANDBOX_STEPS)} · {SANDBOX_STEPS[index]}</h3>"
            f"{body}</section>"
        )

    def _sand_traps(self, analysis: Any) -> str:
        if not analysis.traps:
            return "<p>No common thinking trap stands out: the thought may already be balanced.</p>"
        rows = "".join(
            f"<li><strong>{esc(hit.name)}</strong>"
            + (" — " + ", ".join(f"“{esc(c)}”" for c in hit.cues) if hit.cues else "")
            + f'<br><span class="cbt-ai-why">{esc(hit.why)}</span></li>'
            for hit in analysis.traps
        )
        return f"<ul>{rows}</ul>"

    def _sand_reframes(self, thought: str, reframes: Sequence[str]) -> str:
        if not reframes:
            return "<p>No balanced-thought ideas for this one.</p>"
        traps = getattr(self.sand_analysis, "traps", ())
        trap = traps[0].id if traps else ""
        situation = self.sand_situation.value.strip()
        blocks = []
        for number, reframe in enumerate(reframes[:MAX_REFRAMES], start=1):
            blocks.append(
                f'<div class="cbt-reframe"><p class="cbt-idea"><strong>Idea {number}:</strong> '
                f"{esc(reframe)}</p>{checklist_html(reframe, thought, trap, situation)}</div>"
            )
        return (
            '<p class="cbt-help">Each idea is checked against what makes a reframe helpful '
            "(Sharma et al. 2023).</p>" + "".join(blocks)
        )

    # == Worked examples ===================================================================
    def _build_examples(self) -> list[w.Widget]:
        self.examples: tuple[WorkedExample, ...] = load_worked_examples().examples
        self.example_pick = w.Dropdown(
            options=[(e.title, i) for i, e in enumerate(self.examples)],
            value=0,
            description="Example",
        )
        self.example_pick.observe(self._on_pick_example, "value")
        self.example_step = 0
        self.prev_step = w.Button(description="Previous step", tooltip="Previous step")
        self.next_step = w.Button(
            description="Next step", button_style="primary", tooltip="Next step"
        )
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
            names = [self.names.get(t, t) for t in ex.traps]
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

    # == Questionnaires =====================================================================
    def _build_questionnaires(self) -> list[w.Widget]:
        from toolkit.exercises import Questionnaire, catalog
        from toolkit.ui.plot import FigureView

        # measures for clinician-supervised use (DASS-21: its terms are for health professionals
        # and researchers) stay out of this public playground
        self.measures: dict[str, Questionnaire] = {
            spec.id: spec
            for spec in catalog().values()
            if isinstance(spec, Questionnaire) and spec.administration == "self"
        }
        self.measure_pick = w.Dropdown(
            options=[(f"{s.short_title}: {s.title}", s.id) for s in self.measures.values()],
            value=DEFAULT_MEASURE if DEFAULT_MEASURE in self.measures else None,
            description="Measure",
        )
        self.measure_pick.observe(self._on_measure, "value")
        self.q_items = w.VBox([])
        self.q_items.add_class("cbt-q-items")
        self.q_result = w.HTML("")
        self.q_result.add_class("cbt-q-result")
        self.q_chart: FigureView = FigureView()
        self.before: dict[str, w.Dropdown] = {}
        self.after: dict[str, w.Dropdown] = {}
        self._draw_measure()
        return [
            w.HTML(
                "<h2>Questionnaire playground</h2><p>Pick a measure and change the answers at "
                "two time points, before and after treatment. The total, its band, the plain "
                "words a client would read and the reliable change update as you go. Nothing "
                "is stored.</p>"
            ),
            self.measure_pick,
            self.q_result,
            self.q_chart,
            self.q_items,
        ]

    @property
    def measure(self) -> Questionnaire:
        """The measure in the playground."""
        return self.measures[self.measure_pick.value]

    @guarded
    def _on_measure(self, _change: object = None) -> None:
        self._draw_measure()

    def _draw_measure(self) -> None:
        spec = self.measure
        scoring = spec.scoring
        better_high = bool(scoring and scoring.higher_is_better)
        alert_items = {a.item for a in spec.alerts}
        rows: list[w.Widget] = [
            w.HTML('<div class="cbt-q-row cbt-q-head"><span>Question</span></div>')
        ]
        self.before, self.after = {}, {}
        for number, item in enumerate(spec.scored_items, start=1):
            options: list[tuple[str, int | None]] = [
                (f"{o.value} · {o.label}", int(o.value)) for o in spec.options_for(item)
            ]
            if item.optional:
                options = [("(skipped)", None), *options]
            values = sorted(v for _, v in options if v is not None)
            high = values[round(0.6 * (len(values) - 1))]
            low = values[round(0.2 * (len(values) - 1))]
            if item.id in alert_items:
                high = low = values[0]
            first, second = (low, high) if better_high else (high, low)
            if item.reverse:
                first, second = second, first
            pair = []
            for moment, value, store in (
                ("Before", first, self.before),
                ("After", second, self.after),
            ):
                drop = w.Dropdown(
                    options=options, value=value, description=f"{moment}, question {number}"
                )
                drop.style.description_width = "initial"
                drop.observe(self._on_q_answer, "value")
                store[item.id] = drop
                pair.append(drop)
            row = w.VBox(
                [w.HTML(f'<p class="cbt-q-text">{number}. {esc(item.text)}</p>'), w.HBox(pair)]
            )
            row.add_class("cbt-q-row")
            rows.append(row)
        self.q_items.children = tuple(rows[1:])
        self._score_measure()

    @guarded
    def _on_q_answer(self, _change: object = None) -> None:
        self._score_measure()

    def _score_measure(self) -> None:
        from toolkit import charts
        from toolkit.scoring import ScoringError, reliable_change, score

        spec = self.measure
        before = score(spec.id, {k: d.value for k, d in self.before.items()})
        after = score(spec.id, {k: d.value for k, d in self.after.items()})
        try:
            change: str | None = reliable_change(spec.id, before=before.total, after=after.total)
        except ScoringError:
            change = None
        self.q_result.value = self._measure_html(spec, before, after, change)
        today = dt.date.today()
        cutoff = None
        if spec.cutoff is not None:
            if spec.cutoff.min is not None:
                cutoff = float(spec.cutoff.min)
            elif spec.cutoff.max is not None:
                cutoff = float(spec.cutoff.max + 1)
        self.q_chart.figure = charts.measure_trajectory(
            [(today - dt.timedelta(weeks=8), before.total), (today, after.total)],
            title=f"{spec.short_title}: before and after",
            y_label=f"{spec.short_title} total",
            y_max=float(before.max_total),
            bands=[(float(b.min), float(b.max), b.label) for b in spec.bands],
            cutoff=cutoff,
            reliable=["", change] if change is not None else None,
        )

    def _measure_html(
        self, spec: Questionnaire, before: Score, after: Score, change: str | None
    ) -> str:
        def moment(name: str, result: Score) -> str:
            total = f"{result.total} of {result.max_total}"
            if result.percent is not None:
                total += f" ({result.percent} %)"
            band = f" · {esc(result.band)}" if result.band else ""
            subs = "".join(
                f"<li>{esc(s.title)}: {s.total}" + (f" · {esc(s.band)}" if s.band else "") + "</li>"
                for s in result.subscales.values()
            )
            alerts = ""
            for alert in spec.alerts:
                if alert.id in result.alerts:
                    alerts += (
                        '<p class="cbt-msg cbt-msg-warn">In real use this answer raises an '
                        f"alert for the therapist: {esc(alert.message)}</p>"
                    )
            return (
                f'<div class="cbt-q-moment"><h3>{name}: {total}{band}</h3>'
                f"<p>{esc(result.severity_text)}</p>"
                + (f"<ul>{subs}</ul>" if subs else "")
                + alerts
                + "</div>"
            )

        rule = spec.reliable_change
        if change is None or rule is None:
            verdict = "<p>This measure declares no reliable-change rule.</p>"
        else:
            how = (
                f"a change of at least {rule.threshold} points"
                if rule.threshold is not None
                else f"the Jacobson &amp; Truax index (SD {rule.sd}, r {rule.r})"
            )
            diff = f"{after.total - before.total:+d}".replace("-", "−")
            verdict = (
                f"<p><strong>Change: {diff} points → {esc(change)}</strong>. "
                f"Reliable means {how}. Source: {esc(rule.source)}.</p>"
            )
        return (
            f'<div class="cbt-q-moments">{moment("Before", before)}{moment("After", after)}</div>'
            f'<div role="status">{verdict}</div>'
        )

    # == Class (educator side) ================================================================
    def _build_class(self) -> list[w.Widget]:
        from toolkit.ui.plot import FigureView

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
        self.results_button = w.Button(
            description="Show class results", tooltip="Show class results"
        )
        self.results_button.on_click(self._on_results)
        self.results_view = w.HTML("")
        self.results_chart: FigureView = FigureView()
        return [
            w.HTML(
                "<h2>Class mode</h2><p>Create a class and share its code. Students enter the "
                "code on the <strong>Quiz</strong> tab (or open the link) and answer "
                "anonymously: only the item and the traps they ticked are stored. Enter the "
                "code below to see how the class is doing.</p>"
            ),
            w.HBox([self.class_name, self.create_button]),
            self.created,
            w.HTML("<h3>Class results</h3>"),
            w.HBox([self.results_code, self.results_button]),
            self.results_view,
            self.results_chart,
        ]

    @guarded
    def _on_create_class(self, _button: object = None) -> None:
        name = self.class_name.value.strip()
        if not name:
            self.created.value = '<p class="cbt-error" role="status">Give the class a name.</p>'
            return
        try:
            new = self._class_book().create_class(name)
        except ClassModeUnavailableError:
            self.created.value = self._unavailable()
            return
        except ValueError as exc:
            self.created.value = f'<p class="cbt-error" role="status">{esc(exc)}</p>'
            return
        code = display_code(new.code)
        self.results_code.value = code
        self.created.value = (
            '<div class="cbt-msg cbt-msg-ok" role="status">'
            f"<p>Class “{esc(new.name)}” created. Its code:</p>"
            f'<p class="cbt-class-code">{esc(code)}</p>'
            "<p>Students enter it on the Quiz tab, or open "
            f'<a href="?class={esc(new.code)}">this page with the code filled in</a>. '
            "Anyone with the code can see the class results, so share it only with the "
            "class.</p></div>"
        )

    @staticmethod
    def _unavailable() -> str:
        return (
            '<p class="cbt-error" role="status">Class mode is not available on this server '
            "(the database cannot be opened). The rest of the page works.</p>"
        )

    @guarded
    def _on_results(self, _button: object = None) -> None:
        code = normalize_code(self.results_code.value)
        if not code:
            self.results_view.value = '<p class="cbt-error" role="status">Enter the class code.</p>'
            return
        key = {item.id: item.answer for item in self.quiz.items}
        labels = [*self.names_visible, NO_TRAP]
        try:
            results = class_results(self._class_book(), code, key, labels)
        except ClassNotFoundError:
            self.results_view.value = (
                '<p class="cbt-error" role="status">No class has this code.</p>'
            )
            self.results_chart.clear()
            return
        except ClassModeUnavailableError:
            self.results_view.value = self._unavailable()
            return
        names = {**self.names, NO_TRAP: "No trap (balanced)"}
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
        from toolkit import charts

        self.results_chart.figure = charts.confusion(
            results.matrix,
            [names[label] for label in results.labels],
            title="Which traps are mistaken for which (rows: right answer; columns: chosen)",
        )


_CHECK_NAMES = {
    "specific": ("Specific to the thought", "Refers to what the thought or situation is about."),
    "fits_feeling": ("Fits the feeling", "Names no feeling the thought does not show."),
    "addresses_trap": ("Answers the trap", "Does not repeat the trap it answers."),
    "balanced_tone": ("Not overly positive", "Kind without forced cheerfulness."),
    "not_command": ("Not a command", "Offers a thought rather than telling you what to do."),
    "not_question": ("Not a question", "States a thought you could hold."),
    "readable": ("Easy to read", "Short, plain words."),
    "grammatical": ("Reads as correct English", "No grammar or sense problem found."),
}


def checklist_html(reframe: str, thought: str, trap_id: str = "", situation: str = "") -> str:
    """The reframe checklist for one balanced thought: each check, pass or fail, and why.

    ``trap_id`` is the trap the balanced thought answers; a failed check names what was found
    (the absolute word, the command, the grammar problem ...).
    """
    from toolkit.reframing.checklist import check_reframe

    check = check_reframe(reframe, thought, trap_id, situation)
    rows = [
        (ok, _CHECK_NAMES[name][0], check.why(name) if not ok else _CHECK_NAMES[name][1])
        for name, ok in check.required.items()
    ]
    items = "".join(
        f'<li class="cbt-check-{"pass" if ok else "fail"}">'
        f'<span class="cbt-check-mark">{"✓ Pass" if ok else "✗ Fail"}</span> '
        f"<strong>{esc(name)}</strong>: {esc(why[:1].upper() + why[1:])}</li>"
        for ok, name, why in rows
    )
    extras = [
        "names the feeling" if check.acknowledges_feeling else "",
        "suggests a next step" if check.next_step else "",
    ]
    noted = " and ".join(e for e in extras if e)
    passed = sum(1 for ok, _, _ in rows if ok)
    return (
        f'<ul class="cbt-checklist" aria-label="Reframe checklist">{items}</ul>'
        f'<p class="cbt-check-total">{passed} of {len(rows)} checks pass.'
        + (f" It also {noted}." if noted else "")
        + "</p>"
    )


__all__ = ["TABS", "LearnPage", "checklist_html"]
