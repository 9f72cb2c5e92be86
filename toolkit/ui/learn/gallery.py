"""The gallery tab: one card per visible thinking trap, and a "try it" box for a sentence."""

from __future__ import annotations

import re

import ipywidgets as w

from toolkit.reframing.taxonomy import Trap
from toolkit.ui.crisis import crisis_html
from toolkit.ui.html import esc
from toolkit.ui.session import guarded
from toolkit.ui.thought_panel import highlight

from .common import LearnPart, field_box

TRAP_NOTES = {
    "negative_feeling": (
        "Why is a feeling on this list? A feeling is not a thinking error, and it is never "
        "wrong to have one. The list (Mental Health America; Sharma et al. 2023) names it so "
        "that a thought which mainly says how bad something feels is recognised: it needs the "
        "feeling noticed, named and looked after, rather than a search for faulty logic."
    ),
}
"""A short word on a trap that needs one, shown on its card (by trap id)."""


def example_words(trap: Trap) -> str:
    """Words to fill a question's ``{cue}`` on the card: the last sentence of its first example.

    On the page for a client, ``{cue}`` is the client's own words; on the card the trap's own
    example stands in for them, so a question reads as it would in use.

    Examples
    --------
    >>> from toolkit.reframing.taxonomy import load_traps
    >>> trap = next(t for t in load_traps().traps if t.id == "overgeneralizing")
    >>> example_words(trap)
    'People always let me down'
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", trap.examples[0].strip()) if s]
    return sentences[-1].rstrip(".!?") if sentences else trap.examples[0]


def question_html(question: str, trap: Trap) -> str:
    """A trap's question for its card, its ``{cue}`` filled with the trap's example words."""
    if "{cue}" not in question:
        return esc(question)
    before, _, after = question.partition("{cue}")
    before, after = before.removesuffix('"'), after.removeprefix('"')
    words = f'“<em class="cbt-cue-example">{esc(example_words(trap))}</em>”'
    return esc(before) + words + esc(after)


class GalleryTab(LearnPart):
    """Every visible trap of ``traps.yaml`` with definition, examples and Socratic questions."""

    def build(self) -> list[w.Widget]:
        intro = w.HTML(
            "<h2>The thinking traps</h2>"
            "<p>Each card gives the trap's name, the name Burns (1980) used for it, what it is, "
            "examples, and questions that help to test a thought. Try the engine on a sentence "
            "of your own below the cards.</p>"
        )
        cards = "".join(self._trap_card(trap) for trap in self.ctx.traps)
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
                field_box(self.try_text),
                w.HBox([self.try_button]),
                self.try_result,
            ]
        )
        try_box.add_class("cbt-try")
        return [intro, try_box, grid]

    def _trap_card(self, trap: Trap) -> str:
        examples = "".join(f"<li>{esc(e)}</li>" for e in trap.examples)
        questions = "".join(f"<li>{question_html(q, trap)}</li>" for q in trap.questions)
        note = (
            f'<p class="cbt-trap-note">{esc(TRAP_NOTES[trap.id])}</p>'
            if trap.id in TRAP_NOTES
            else ""
        )
        burns = (
            f'<p class="cbt-trap-burns">Burns: {esc(trap.burns_name)}</p>'
            if trap.burns_name != trap.name
            else '<p class="cbt-trap-burns">Burns uses the same name</p>'
        )
        return (
            f'<article class="cbt-trap-card" id="trap-{esc(trap.id)}">'
            f"<h3>{esc(trap.name)}</h3>{burns}"
            f'<p class="cbt-trap-def">{esc(trap.definition)}</p>{note}'
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


__all__ = ["TRAP_NOTES", "GalleryTab", "example_words", "question_html"]
