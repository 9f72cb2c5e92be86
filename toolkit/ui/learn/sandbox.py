"""The sandbox tab: a thought revealed step by step, and the reframe checklist."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as w

from toolkit.ui.crisis import crisis_html
from toolkit.ui.html import esc
from toolkit.ui.session import guarded
from toolkit.ui.thought_panel import highlight

from .common import LearnPart, field_box

SANDBOX_EXAMPLE = "I always say something stupid in meetings, and everyone thinks I'm useless."
SANDBOX_SITUATION = "Team meeting; my question went unanswered"
SANDBOX_STEPS = (
    "The thought",
    "Words to notice",
    "Thinking traps",
    "Questions to test it",
    "Balanced thoughts",
)
"""The reveal, one step per press: the words that point to a trap come before its name."""
MAX_REFRAMES = 4


class SandboxTab(LearnPart):
    """For the classroom: the thought, the words to notice, its traps, questions and balanced
    thoughts, in turn. Step 1 shows the thought alone: nothing of the analysis shows before
    the step that reveals it. In projector mode, →/N reveals the next step and ←/B goes back.
    """

    def build(self) -> list[w.Widget]:
        self.large = w.Checkbox(value=False, description="Large text", indent=False)
        self.large.observe(self._on_large, "value")
        self.sand_thought = w.Textarea(value=SANDBOX_EXAMPLE, description="Thought", rows=2)
        self.sand_situation = w.Text(value=SANDBOX_SITUATION, description="Situation (optional)")
        for field in (self.sand_thought, self.sand_situation):
            field.observe(self._on_sand_text, "value")
        self.reveal_button = w.Button(
            description="Reveal next step",
            button_style="primary",
            tooltip="Reveal next step (key → or N)",
        )
        self.reveal_button.add_class("cbt-key-next")
        self.reveal_button.add_class("cbt-key-reveal")
        self.reveal_button.on_click(self._on_reveal)
        self.back_button = w.Button(
            description="Back one step", tooltip="Back one step (key ← or B)", disabled=True
        )
        self.back_button.add_class("cbt-key-back")
        self.back_button.on_click(self._on_back)
        self.restart_button = w.Button(description="Start again", tooltip="Start again")
        self.restart_button.on_click(self._on_restart)
        self.sand_view = w.HTML("")
        self.sand_view.add_class("cbt-sand-view")
        self.sand_step = 0
        self.sand_analysis: Any = None
        self._draw_sandbox()
        buttons = w.HBox([self.back_button, self.reveal_button, self.restart_button])
        buttons.add_class("cbt-nav")
        self.sand_own = w.Textarea(value="", description="Your balanced thought", rows=2)
        self.sand_own_button = w.Button(
            description="Check my balanced thought", tooltip="Check my balanced thought"
        )
        self.sand_own_button.on_click(self._on_check_own)
        self.sand_own_view = w.HTML("")
        self.sand_own_view.add_class("cbt-sand-view")
        inputs = w.VBox([field_box(self.sand_thought), field_box(self.sand_situation)])
        inputs.add_class("cbt-sand-inputs")
        own = w.VBox(
            [
                w.HTML(
                    "<h3>Check a balanced thought of your own</h3>"
                    '<p class="cbt-help">Write a balanced thought for the thought above and see '
                    "which checks it passes, and why not where it fails.</p>"
                ),
                field_box(self.sand_own),
                self.sand_own_button,
                self.sand_own_view,
            ]
        )
        own.add_class("cbt-sand-own")
        intro = w.HTML(
            "<h2>Reframing sandbox</h2>"
            '<p class="cbt-help">For the classroom: type a thought, then reveal one '
            "step at a time: the thought, the words to notice, its traps, questions "
            "that test the evidence, and balanced thoughts with the checklist that "
            'shows why they help. <span class="cbt-wide-only">For a room, use '
            "<strong>Projector mode</strong> at the top of the page.</span></p>"
        )
        intro.add_class("cbt-sand-intro")
        self.box = w.VBox([intro, self.large, inputs, buttons, self.sand_view, own])
        self.box.add_class("cbt-sandbox")
        return [self.box]

    @guarded
    def _on_large(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.box.add_class("cbt-large")
        else:
            self.box.remove_class("cbt-large")

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
    def _on_back(self, _button: object = None) -> None:
        if self.sand_step > 0:
            self.sand_step -= 1
            self._draw_sandbox()

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
        parts = [self._sand_section(0, f'<p class="cbt-quote"><q>{esc(thought)}</q></p>')]
        if self.sand_step >= 1 and analysis is not None:
            parts.append(self._sand_section(1, self._sand_words(thought, analysis)))
        if self.sand_step >= 2 and analysis is not None:
            parts.append(self._sand_section(2, self._sand_traps(analysis)))
        if self.sand_step >= 3 and analysis is not None:
            questions = "".join(f"<li>{esc(q)}</li>" for q in analysis.questions[:5])
            parts.append(self._sand_section(3, f"<ul>{questions}</ul>"))
        if self.sand_step >= 4 and analysis is not None:
            parts.append(self._sand_section(4, self._sand_reframes(thought, analysis.reframes)))
        self.sand_view.value = "".join(parts)
        last = self.sand_step >= len(SANDBOX_STEPS) - 1
        self.reveal_button.disabled = last
        self.reveal_button.description = "All steps shown" if last else "Reveal next step"
        self.back_button.disabled = self.sand_step == 0

    @staticmethod
    def _sand_words(thought: str, analysis: Any) -> str:
        cues = [c for hit in analysis.traps for c in hit.cues]
        if not cues:
            return "<p>No word in this thought stands out as a pointer to a trap.</p>"
        return (
            f'<p class="cbt-quote"><q>{highlight(thought, cues)}</q></p>'
            '<p class="cbt-sand-prompt">Which thinking trap could these words point to?</p>'
        )

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


__all__ = ["MAX_REFRAMES", "SANDBOX_STEPS", "SandboxTab", "checklist_html"]
