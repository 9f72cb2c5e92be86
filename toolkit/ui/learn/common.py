"""What the parts of the learn page share: the trap list, the quiz file, the class book."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as w

from toolkit.learn.classes import ClassBook, open_class_book
from toolkit.learn.quiz import QuizFile, load_quiz
from toolkit.reframing.taxonomy import Trap, load_traps
from toolkit.ui.html import esc
from toolkit.ui.session import PageSession

NO_TRAP_LABEL = "No trap — balanced thought"


def field_box(widget: w.Widget) -> w.VBox:
    """A text input in the page's field style: label above, full width."""
    widget.style.description_width = "initial"
    box = w.VBox([widget])
    box.add_class("cbt-field")
    return box


def names_html(ids: Sequence[str], names: dict[str, str]) -> str:
    """Trap display names for ``ids``, escaped, comma-separated."""
    return ", ".join(esc(names.get(i, i)) for i in ids)


class LearnContext:
    """State every tab of one learn page reads: traps, names, the quiz and the class book.

    The quiz file and the class book are opened the first time a tab needs them.
    """

    def __init__(self, session: PageSession, class_book: Callable[[], ClassBook] | None) -> None:
        self.session = session
        traps = load_traps()
        self.traps: tuple[Trap, ...] = traps.visible()
        self.names: dict[str, str] = {t.id: t.name for t in traps.traps}
        self._book_factory = class_book or open_class_book
        self._book: ClassBook | None = None
        self._quiz: QuizFile | None = None

    @property
    def quiz(self) -> QuizFile:
        """The quiz items, read from ``quiz.yaml`` the first time they are needed."""
        if self._quiz is None:
            self._quiz = load_quiz()
        return self._quiz

    @property
    def visible_ids(self) -> list[str]:
        """Ids of the traps shown on the page (hidden ones left out)."""
        return [t.id for t in self.traps]

    def class_book(self) -> ClassBook:
        """The class book (opened on first use)."""
        if self._book is None:
            self._book = self._book_factory()
        return self._book


class LearnPart:
    """One tab of the learn page. ``build`` makes its widgets the first time it is shown.

    Callbacks are ``@guarded``: their errors go to the page's message area.
    """

    def __init__(self, ctx: LearnContext) -> None:
        self.ctx = ctx

    def show_message(self, kind: str, text: str) -> None:
        """Show a message in the page's message area."""
        self.ctx.session.show_message(kind, text)

    def build(self) -> list[w.Widget]:
        """The tab's widgets."""
        raise NotImplementedError


__all__ = ["NO_TRAP_LABEL", "LearnContext", "LearnPart", "field_box", "names_html"]
