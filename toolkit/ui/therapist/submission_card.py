"""A client's submissions, newest first: collapsed cards (date, exercise, score and band,
alert and crisis badges, "AI used") that expand to the answers, the suggestions the client
kept, and the comments, with a comment box saved in place."""

from __future__ import annotations

import datetime as dt
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
    from toolkit.store.records import CommentInfo, SubmissionRecord, Therapist

TIMELINE_PAGE = 10
"""Submissions shown at once on a client's page; "Show older submissions" adds more."""


def _answer_texts(spec: Any, record: SubmissionRecord) -> list[str]:
    if not isinstance(spec, Worksheet):
        return []
    return [as_text(field, record.answers.get(field.id)) for field in spec.fields]


def used_ai(record: SubmissionRecord) -> bool:
    """The client was shown AI suggestions on this submission."""
    return record.suggestions is not None


def summary_html(record: SubmissionRecord, zone: dt.tzinfo) -> str:
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
    moment = when(record.submitted_at, zone)
    return (
        f'<p class="cbt-card-summary"><span class="cbt-date">{moment}</span> '
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
    suggestions = record.suggestions
    if suggestions is not None:
        body.append(suggestions_html(suggestions, _answer_texts(spec, record)))
    return "".join(body)


SHARED_NOTE = "Shared with the client"
"""The mark on a comment the client sees on their next visit."""


def comment_html(comment: CommentInfo, zone: dt.tzinfo) -> str:
    """One comment: author, time (the clinic's zone), text, and whether the client sees it."""
    shared = f' <span class="cbt-badge cbt-shared">{SHARED_NOTE}</span>' if comment.shared else ""
    return (
        f"<div class='cbt-comment'><strong>{esc(comment.author)}</strong> "
        f"({when(comment.created, zone)}){shared}: {paragraphs(comment.body)}</div>"
    )


class CommentRow:
    """A comment and its "Share with client" tick (ticked: the client sees it on their next
    visit; unticked: no longer)."""

    def __init__(
        self, comment: CommentInfo, zone: dt.tzinfo, share: Callable[[CommentRow, bool], None]
    ) -> None:
        self.comment = comment
        self._zone = zone
        self.text = w.HTML(comment_html(comment, zone))
        self.share = w.Checkbox(
            value=comment.shared,
            description="Share with client",
            indent=False,
            layout=w.Layout(width="auto", flex="0 0 auto"),
        )
        self.share.add_class("cbt-share-tick")
        self._quiet = False
        self.share.observe(lambda change: self._on_share(share, change), "value")
        self.widget = w.HBox([self.text, self.share])
        self.widget.add_class("cbt-comment-line")

    def _on_share(self, share: Callable[[CommentRow, bool], None], change: dict[str, Any]) -> None:
        if not self._quiet:
            share(self, bool(change["new"]))

    def show(self, comment: CommentInfo) -> None:
        """Show the comment as stored (the tick follows, without saving again)."""
        self.comment = comment
        self.text.value = comment_html(comment, self._zone)
        self._quiet = True
        try:
            self.share.value = comment.shared
        finally:
            self._quiet = False


class SubmissionCard:
    """One submission: a summary line with a Show/Hide switch; the answers, suggestions and
    comments (each with its "Share with client" tick) below it, and the comment box, built
    only when first opened."""

    def __init__(
        self,
        record: SubmissionRecord,
        save: Callable[[SubmissionCard, str], None],
        zone: dt.tzinfo = dt.UTC,
        share: Callable[[SubmissionCard, CommentRow, bool], None] | None = None,
    ):
        self.record = record
        self.zone = zone
        self._save = save
        self._share = share
        self.toggle = w.ToggleButton(
            value=False,
            description="Show",
            tooltip=f"Show this {exercise_title(record.exercise_id)}",
            layout=w.Layout(width="auto", flex="0 0 auto"),  # never cut to "Sh…" on a phone
        )
        self.toggle.observe(self._on_toggle, "value")
        self.comment_rows: list[CommentRow] = []
        self.comments = w.VBox([])
        self.comments.add_class("cbt-comments")
        self.show_comments(record.comments)
        self.body = w.VBox([w.HTML(details_html(record)), self.comments])
        self.body.layout.display = "none"
        self.body.add_class("cbt-card-body")
        self.note: w.Textarea | None = None
        self.share_new: w.Checkbox | None = None
        self.status = w.HTML("")  # "Comment saved." under the comments, once the card opens
        head = w.HBox([w.HTML(summary_html(record, zone)), self.toggle])
        head.add_class("cbt-card-head")
        self.widget = w.VBox([head, self.body, self.status])
        self.widget.add_class("cbt-card")
        self.widget.add_class("cbt-submission")

    @property
    def is_open(self) -> bool:
        """The card is expanded."""
        return bool(self.toggle.value)

    @property
    def comments_text(self) -> str:
        """The comments as shown (HTML), oldest first."""
        return "".join(row.text.value for row in self.comment_rows)

    def open(self) -> None:
        """Expand the card (and build its comment box)."""
        self.toggle.value = True

    def show_comments(self, comments: tuple[CommentInfo, ...] | list[CommentInfo]) -> None:
        """Show these comments: rows already shown stay (updated), new ones are added."""
        by_id = {row.comment.id: row for row in self.comment_rows}
        rows: list[CommentRow] = []
        for comment in comments:
            row = by_id.get(comment.id)
            if row is None:
                row = CommentRow(comment, self.zone, self._on_share)
            elif row.comment != comment:
                row.show(comment)
            rows.append(row)
        self.comment_rows = rows
        replace_children(self.comments, [row.widget for row in rows])

    def _on_share(self, row: CommentRow, shared: bool) -> None:
        if self._share is not None:
            self._share(self, row, shared)

    def _on_toggle(self, change: dict[str, Any]) -> None:
        shown = bool(change["new"])
        self.toggle.description = "Hide" if shown else "Show"
        self.body.layout.display = "" if shown else "none"
        if shown and self.note is None:
            title = exercise_title(self.record.exercise_id)
            self.note = w.Textarea(description=f"Comment on {title}", layout=w.Layout(width="100%"))
            self.note.style.description_width = "initial"
            self.note.add_class("cbt-field")
            self.share_new = w.Checkbox(
                value=False,
                description="Share with client",
                indent=False,
                layout=w.Layout(width="auto", flex="0 0 auto"),
            )
            self.share_new.add_class("cbt-share-tick")
            add = w.Button(description="Add comment", tooltip=f"Add comment to {title}")
            add.on_click(lambda _b: self._save(self, self.note.value if self.note else ""))
            row = w.HBox([add, self.share_new])
            row.add_class("cbt-comment-row")
            # the status sits right under the comments, where the box's top was: a saved
            # comment and "Comment saved." appear where the therapist was looking; nothing
            # above the view changes height, so the scroll position stays as it was
            self.widget.children = (self.widget.children[0], self.body)
            self.body.children = (*self.body.children, self.status, self.note, row)

    @property
    def share_new_comment(self) -> bool:
        """The new comment is to be shared with the client."""
        return bool(self.share_new is not None and self.share_new.value)

    def comment_saved(self, comments: list[CommentInfo], shared: bool = False) -> None:
        """Show the comments again, empty the box, and say so beside it."""
        self.show_comments(comments)
        if self.note is not None:
            self.note.value = ""
        if self.share_new is not None:
            self.share_new.value = False
        words = "Comment saved and shared with the client." if shared else "Comment saved."
        self.status.value = f'<span class="cbt-saved" role="status">{words}</span>'


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
                card = SubmissionCard(
                    record, self._on_card_comment, self.zone, self._on_share_comment
                )
            elif card.record.comments != record.comments:
                card.record = record
                card.show_comments(record.comments)
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
        shared = card.share_new_comment
        self.store.add_comment(me, card.record.response_id, text.strip(), shared=shared)
        card.comment_saved(self._fresh_comments(me, card), shared)

    def _fresh_comments(self, me: Therapist, card: SubmissionCard) -> list[CommentInfo]:
        fresh = [
            r
            for r in self.store.timeline(me, self.code)
            if r.response_id == card.record.response_id
        ]
        return list(fresh[0].comments) if fresh else []

    @guarded
    def _on_share_comment(self, card: SubmissionCard, row: CommentRow, shared: bool) -> None:
        """Tick or untick "Share with client" on a comment already saved."""
        me = self._me()
        if me is None:
            return
        self.store.share_comment(me, row.comment.id, shared)
        card.show_comments(self._fresh_comments(me, card))
        card.status.value = (
            '<span class="cbt-saved" role="status">'
            + (
                "Shared: the client sees this comment on their next visit."
                if shared
                else "No longer shared: the client's next visit will not show it."
            )
            + "</span>"
        )

    def _on_comment(self, response_id: int, text: str) -> None:
        """Comment on a shown submission (the card's "Add comment")."""
        for card in self._cards:
            if card.record.response_id == response_id:
                self._on_card_comment(card, text)
                return
