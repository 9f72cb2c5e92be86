"""A client's submissions, newest first: collapsed cards (date, exercise, score and band,
alert and crisis badges, "AI used") that expand to the answers, the suggestions the client
kept, and the comments, with a comment box saved in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from toolkit.exercises import Questionnaire, Worksheet, load_exercise
from toolkit.exercises.responses import as_text
from toolkit.ui.html import esc, paragraphs
from toolkit.ui.session import guarded

from .base import PagePart, replace_children
from .names import alert_badge, crisis_mark, exercise_title, suggestions_html, when

if TYPE_CHECKING:
    from toolkit.store.records import CommentInfo, SubmissionRecord

TIMELINE_PAGE = 10
"""Submissions shown at once on a client's page; "Show older submissions" adds more."""


def _answer_texts(spec: Any, record: SubmissionRecord) -> list[str]:
    if not isinstance(spec, Worksheet):
        return []
    return [as_text(field, record.answers.get(field.id)) for field in spec.fields]


def used_ai(record: SubmissionRecord) -> bool:
    """The client was shown AI suggestions on this submission."""
    return bool((record.extra or {}).get("ai_suggestions"))


def summary_html(record: SubmissionRecord) -> str:
    """The collapsed card's line: date, exercise, score and band, badges."""
    title = exercise_title(record.exercise_id)
    score = ""
    if record.total is not None:
        shown = f"{record.total}"
        try:
            spec = load_exercise(record.exercise_id)
        except KeyError:
            spec = None
        scoring = getattr(spec, "scoring", None)
        if scoring is not None and scoring.percent_multiplier:
            shown = f"{record.total * scoring.percent_multiplier} %"  # the client's scale
        score = f" — {shown} ({esc(record.band or '')})"
    badges = "".join(
        f' <span class="cbt-flag">{esc(alert_badge(record.exercise_id, a))}</span>'
        for a in record.alerts
    )
    badges += crisis_mark(record.extra)
    if used_ai(record):
        badges += ' <span class="cbt-badge">AI used</span>'
    return (
        f'<p class="cbt-card-summary"><span class="cbt-date">{when(record.submitted_at)}</span> '
        f"<strong>{esc(title)}{score}</strong>{badges}</p>"
    )


def details_html(record: SubmissionRecord) -> str:
    """The expanded card: every answer, and the suggestions (all escaped)."""
    try:
        spec: Any = load_exercise(record.exercise_id)
    except KeyError:
        spec = None
    body: list[str] = []
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
        body.append(suggestions_html(suggestions, _answer_texts(spec, record)))
    return "".join(body)


def comments_html(comments: tuple[CommentInfo, ...] | list[CommentInfo]) -> str:
    """The comments on a submission, oldest first."""
    return "".join(
        f"<div class='cbt-comment'><strong>{esc(c.author)}</strong> "
        f"({when(c.created)}): {paragraphs(c.body)}</div>"
        for c in comments
    )


class SubmissionCard:
    """One submission: a summary line with a Show/Hide switch; the answers, suggestions and
    comments below it, and the comment box, built only when first opened."""

    def __init__(self, record: SubmissionRecord, save: Callable[[SubmissionCard, str], None]):
        self.record = record
        self._save = save
        self.toggle = w.ToggleButton(
            value=False,
            description="Show",
            tooltip=f"Show this {exercise_title(record.exercise_id)}",
            layout=w.Layout(width="auto"),
        )
        self.toggle.observe(self._on_toggle, "value")
        self.comments = w.HTML(comments_html(record.comments))
        self.body = w.VBox([w.HTML(details_html(record)), self.comments])
        self.body.layout.display = "none"
        self.body.add_class("cbt-card-body")
        self.note: w.Textarea | None = None
        self.status = w.HTML("")  # "Comment saved." beside the box, shown once the card opens
        head = w.HBox([w.HTML(summary_html(record)), self.toggle])
        head.add_class("cbt-card-head")
        self.widget = w.VBox([head, self.body, self.status])
        self.widget.add_class("cbt-card")
        self.widget.add_class("cbt-submission")

    @property
    def is_open(self) -> bool:
        """The card is expanded."""
        return bool(self.toggle.value)

    def open(self) -> None:
        """Expand the card (and build its comment box)."""
        self.toggle.value = True

    def _on_toggle(self, change: dict[str, Any]) -> None:
        shown = bool(change["new"])
        self.toggle.description = "Hide" if shown else "Show"
        self.body.layout.display = "" if shown else "none"
        if shown and self.note is None:
            title = exercise_title(self.record.exercise_id)
            self.note = w.Textarea(description=f"Comment on {title}", layout=w.Layout(width="100%"))
            self.note.style.description_width = "initial"
            self.note.add_class("cbt-field")
            add = w.Button(description="Add comment", tooltip=f"Add comment to {title}")
            add.on_click(lambda _b: self._save(self, self.note.value if self.note else ""))
            row = w.HBox([add])
            row.add_class("cbt-comment-row")
            self.widget.children = (self.widget.children[0], self.body)
            row.children = (add, self.status)
            self.body.children = (*self.body.children, self.note, row)

    def comment_saved(self, comments: list[CommentInfo]) -> None:
        """Show the comments again, empty the box, and say so beside it."""
        self.comments.value = comments_html(comments)
        if self.note is not None:
            self.note.value = ""
        self.status.value = '<span class="cbt-saved" role="status">Comment saved.</span>'


class SubmissionsPart(PagePart):
    """The submissions timeline."""

    _cards: list[SubmissionCard]
    _timeline_records: list[SubmissionRecord]

    def _timeline_view(self, timeline: list[SubmissionRecord]) -> w.Widget:
        """The newest submissions first, a page at a time (a year of weekly measures would
        otherwise put hundreds of widgets on the page at once)."""
        self._timeline_records = sorted(timeline, key=lambda r: r.submitted_at, reverse=True)
        self._cards = []
        self._timeline_heading = w.HTML("")
        self._card_box = w.VBox([])
        self._more = w.Button(
            description="Show older submissions",
            tooltip="Show older submissions",
            layout=w.Layout(width="auto"),
        )
        self._more.on_click(self._on_more)
        self._fill_timeline(TIMELINE_PAGE)
        return w.VBox([self._timeline_heading, self._card_box, self._more])

    def _fill_timeline(self, count: int) -> None:
        """Show the newest ``count`` submissions, keeping the cards already shown (their
        open/closed state and what is typed in their comment boxes)."""
        newest = self._timeline_records
        by_id = {card.record.response_id: card for card in self._cards}
        cards: list[SubmissionCard] = []
        for record in newest[:count]:
            card = by_id.get(record.response_id)
            if card is None:
                card = SubmissionCard(record, self._on_card_comment)
            elif card.record.comments != record.comments:
                card.record = record
                card.comments.value = comments_html(record.comments)
            cards.append(card)
        self._cards = cards
        self._timeline_heading.value = (
            f'<p class="cbt-count">Submissions ({len(newest)})</p>'
            if newest
            else '<p class="cbt-quiet">Nothing submitted yet.</p>'
        )
        replace_children(self._card_box, [card.widget for card in cards])
        self._more.layout.display = "none" if len(cards) >= len(newest) else ""

    def _refresh_timeline(self, timeline: list[SubmissionRecord]) -> None:
        """New submissions appear on top; the cards already shown stay as they are."""
        known = {r.response_id for r in self._timeline_records}
        added = sum(1 for r in timeline if r.response_id not in known)
        self._timeline_records = sorted(timeline, key=lambda r: r.submitted_at, reverse=True)
        self._fill_timeline(max(len(self._cards) + added, TIMELINE_PAGE))

    def _on_more(self, _button: object = None) -> None:
        if self._me() is None:
            return
        self._fill_timeline(len(self._cards) + TIMELINE_PAGE)

    @guarded
    def _on_card_comment(self, card: SubmissionCard, text: str) -> None:
        me = self._me()
        if me is None:
            return
        if not text.strip():
            card.status.value = '<span class="cbt-not-saved">Write a comment first.</span>'
            return
        self.store.add_comment(me, card.record.response_id, text.strip())
        fresh = [
            r
            for r in self.store.timeline(me, self.code)
            if r.response_id == card.record.response_id
        ]
        card.comment_saved(list(fresh[0].comments) if fresh else [])

    def _on_comment(self, response_id: int, text: str) -> None:
        """Comment on a shown submission (the card's "Add comment")."""
        for card in self._cards:
            if card.record.response_id == response_id:
                self._on_card_comment(card, text)
                return
