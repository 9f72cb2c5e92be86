"""A client's submissions, newest first, each a card with answers, suggestions and comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from toolkit.exercises import Questionnaire, Worksheet, load_exercise
from toolkit.exercises.responses import as_text
from toolkit.ui.html import esc, paragraphs
from toolkit.ui.session import guarded

from .base import PagePart
from .names import crisis_mark, exercise_title, suggestions_html, when

if TYPE_CHECKING:
    from toolkit.store.records import SubmissionRecord

TIMELINE_PAGE = 10
"""Submissions shown at once on a client's page; "Show older submissions" adds more."""


class SubmissionsPart(PagePart):
    """The submissions timeline."""

    def _timeline_view(self, timeline: list[SubmissionRecord]) -> w.Widget:
        """The newest submissions first, a page at a time (a year of weekly measures would
        otherwise put hundreds of widgets on the page at once)."""
        newest = sorted(timeline, key=lambda r: r.submitted_at, reverse=True)
        heading = w.HTML(f"<h3>Submissions ({len(newest)})</h3>")
        cards = w.VBox([self._submission_view(r) for r in newest[:TIMELINE_PAGE]])
        more = w.Button(
            description="Show older submissions",
            tooltip="Show older submissions",
            layout=w.Layout(width="auto"),
        )

        def show_more(_button: object) -> None:
            if self._me() is None:
                return
            shown = len(cards.children)
            cards.children = (
                *cards.children,
                *(self._submission_view(r) for r in newest[shown : shown + TIMELINE_PAGE]),
            )
            more.layout.display = "none" if len(cards.children) >= len(newest) else ""

        more.on_click(show_more)
        more.layout.display = "none" if len(newest) <= TIMELINE_PAGE else ""
        parts: list[w.Widget] = [heading, cards, more]
        if not newest:
            parts.insert(1, w.HTML('<p class="cbt-quiet">Nothing submitted yet.</p>'))
        return w.VBox(parts)

    def _submission_view(self, record: SubmissionRecord) -> w.Widget:
        try:
            spec = load_exercise(record.exercise_id)
        except KeyError:
            spec = None
        title = exercise_title(record.exercise_id)
        score = f" — {record.total} ({esc(record.band or '')})" if record.total is not None else ""
        flags = "".join(f' <span class="cbt-flag">{esc(a)}</span>' for a in record.alerts)
        flags += crisis_mark(record.extra)
        body = [
            f"<h4>{esc(title)}{score}{flags}</h4>",
            f"<p class='cbt-quiet'>{when(record.submitted_at)}</p>",
        ]
        if isinstance(spec, Worksheet):
            body.append("<dl class='cbt-answers'>")
            for field in spec.fields:
                text = as_text(field, record.answers.get(field.id))
                body.append(f"<dt>{esc(field.label)}</dt><dd>{paragraphs(text)}</dd>")
            body.append("</dl>")
        elif isinstance(spec, Questionnaire):
            body.append("<ol class='cbt-item-answers'>")
            for item in spec.items:
                value = record.answers.get(item.id)
                labels = {o.value: o.label for o in spec.options_for(item)}
                chosen = labels.get(value, "—") if isinstance(value, int | str) else "—"
                body.append(f"<li>{esc(item.text)}: <strong>{esc(chosen)}</strong></li>")
            body.append("</ol>")
        suggestions = (record.extra or {}).get("ai_suggestions")
        if suggestions:
            body.append(suggestions_html(suggestions))
        for comment in record.comments:
            body.append(
                f"<div class='cbt-comment'><strong>{esc(comment.author)}</strong> "
                f"({when(comment.created)}): {paragraphs(comment.body)}</div>"
            )
        note = w.Textarea(description=f"Comment on {title}", layout=w.Layout(width="100%"))
        note.style.description_width = "initial"
        note.add_class("cbt-field")
        add = w.Button(description="Add comment", tooltip=f"Add comment to {title}")
        add.on_click(lambda _b: self._on_comment(record.response_id, note.value))
        card = w.VBox([w.HTML("".join(body)), note, add])
        card.add_class("cbt-card")
        return card

    @guarded
    def _on_comment(self, response_id: int, text: str) -> None:
        me = self._me()
        if me is None:
            return
        if not text.strip():
            self.show_message("warn", "Write a comment first.")
            return
        self.store.add_comment(me, response_id, text.strip())
        self._show_client(self.code)
        self.show_message("ok", "Comment saved.")
