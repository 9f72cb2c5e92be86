"""The learn page: thinking traps for educators, students and self-learners.

No login and nothing personal is stored. Six tabs, each a part in its own module, built the
first time it is opened (so the analysis engine and plotly load only when a tab needs them):

- **Gallery** (:mod:`.gallery`): every visible trap of ``traps.yaml`` with its definition,
  examples and Socratic questions, and a "try it" box that runs the engine on a sentence.
- **Quiz** (:mod:`.quiz`): items from ``quiz.yaml``, immediate feedback with the cue words
  highlighted, score and streak, spaced practice (:class:`toolkit.learn.quiz.LeitnerQueue`),
  levels, and an optional class code for class mode.
- **Sandbox** (:mod:`.sandbox`): a thought revealed step by step (traps, questions, balanced
  thoughts with the reframe checklist).
- **Worked examples** (:mod:`.examples`): complete thought records, one step at a time.
- **Questionnaires** (:mod:`.measures`): a playground for the measures: two time points, band,
  plain words, reliable change and the chart.
- **Class** (:mod:`.classes`): create a class (a code for students, a key for the educator),
  lead rounds whose answers arrive live, see the class's accuracy per trap and confusions.

**Projector mode** (a toggle above the tabs) widens the page to the whole window, enlarges
the type, raises the contrast and hides everything but the content being shown; the keys
→/N, ←/B and R press the tab's next, back and reveal buttons (the page template listens for
them: an HTML widget cannot carry a script).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from toolkit.learn.classes import ClassBook, normalize_code
from toolkit.ui.session import PageSession, guarded

from .classes import ClassTab
from .common import LearnContext, LearnPart
from .examples import ExamplesTab
from .gallery import GalleryTab
from .measures import MeasuresTab
from .quiz import QuizTab
from .sandbox import SandboxTab, checklist_html

TABS = ("Gallery", "Quiz", "Sandbox", "Worked examples", "Questionnaires", "Class")


class LearnPage(PageSession):
    """One learn-page session: the tabs (one part object each) and the shared context.

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
        self.ctx = LearnContext(self, class_book)
        self.seed = secrets.randbelow(2**31) if seed is None else seed
        initial_code = normalize_code(class_code)[:16]
        self.gallery = GalleryTab(self.ctx)
        self.quiz = QuizTab(self.ctx, class_code=initial_code, seed=self.seed)
        self.sandbox = SandboxTab(self.ctx)
        self.examples = ExamplesTab(self.ctx)
        self.measures = MeasuresTab(self.ctx)
        self.classes = ClassTab(self.ctx)
        self.parts: tuple[LearnPart, ...] = (
            self.gallery,
            self.quiz,
            self.sandbox,
            self.examples,
            self.measures,
            self.classes,
        )

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
        self.projector = w.ToggleButton(
            value=False,
            description="Projector mode",
            tooltip="Full screen width, very large type, high contrast (Esc leaves it)",
        )
        self.projector.add_class("cbt-projector-toggle")
        self.projector.observe(self._on_projector, "value")
        keys = w.HTML(
            '<p class="cbt-projector-keys">Keys: → or N next · ← or B back · R reveal · '
            "Esc leave projector mode</p>"
        )
        bar = w.HBox([self.projector, keys])
        bar.add_class("cbt-projector-bar")
        self.widget = w.VBox([header, bar, self.messages, self.tabs])
        self.widget.add_class("cbt-page")
        self.widget.add_class("cbt-learn")
        self._build(0)
        if initial_code:
            self.tabs.selected_index = 1

    @property
    def names(self) -> dict[str, str]:
        """Display names of every trap, by id (hidden ones included)."""
        return self.ctx.names

    @guarded
    def _on_projector(self, change: dict[str, Any]) -> None:
        """Projector mode: the page's CSS widens it, enlarges the type and hides the chrome."""
        if change["new"]:
            self.widget.add_class("cbt-projector")
            self.projector.add_class("cbt-key-exit")
            self.projector.description = "Leave projector mode"
        else:
            self.widget.remove_class("cbt-projector")
            self.projector.remove_class("cbt-key-exit")
            self.projector.description = "Projector mode"

    @guarded
    def _on_tab(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self._build(int(change["new"]))

    def _build(self, index: int) -> None:
        if index in self._built:
            return
        self.panes[index].children = tuple(self.parts[index].build())
        self._built.add(index)

    def show(self, tab: str) -> None:
        """Open a tab by its title (builds it if needed)."""
        self.tabs.selected_index = TABS.index(tab)
        self._build(TABS.index(tab))


__all__ = ["TABS", "LearnPage", "checklist_html"]
