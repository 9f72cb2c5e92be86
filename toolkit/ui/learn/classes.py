"""The class tab (educator side): create a class, see its accuracy per trap and confusions."""

from __future__ import annotations

import ipywidgets as w

from toolkit.learn.classes import (
    NO_TRAP,
    ClassModeUnavailableError,
    ClassNotFoundError,
    class_results,
    display_code,
    normalize_code,
)
from toolkit.ui.html import esc
from toolkit.ui.session import guarded

from .common import LearnPart


class ClassTab(LearnPart):
    """Create a class code; read a class's results."""

    def build(self) -> list[w.Widget]:
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
            new = self.ctx.class_book().create_class(name)
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
        key = {item.id: item.answer for item in self.ctx.quiz.items}
        labels = [*self.ctx.visible_ids, NO_TRAP]
        try:
            results = class_results(self.ctx.class_book(), code, key, labels)
        except ClassNotFoundError:
            self.results_view.value = (
                '<p class="cbt-error" role="status">No class has this code.</p>'
            )
            self.results_chart.clear()
            return
        except ClassModeUnavailableError:
            self.results_view.value = self._unavailable()
            return
        names = {**self.ctx.names, NO_TRAP: "No trap (balanced)"}
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


__all__ = ["ClassTab"]
