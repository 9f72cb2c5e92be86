"""AI suggestions beside a thought record: possible thinking traps, balanced-thought ideas and
Socratic questions. Always labelled as suggestions; nothing is written into the client's answers
unless they click "Use this idea"; crisis language gets no suggestion at all (the page's crisis
panel, :mod:`toolkit.ui.crisis`, shows the resources).
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from toolkit.exercises.answers import SuggestionRecord, parse_moods, parse_thoughts

from .fields import FieldView
from .html import esc
from .session import Debouncer, log_failure

DEBOUNCE_SECONDS = 0.35
MAX_TRAPS = 3


def highlight(text: str, cues: Sequence[str]) -> str:
    """Escaped ``text`` with every cue (case-insensitive, whole words where possible) marked."""
    spans: list[tuple[int, int]] = []
    for cue in sorted({c for c in cues if c.strip()}, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(cue)}(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            if not any(a < match.end() and match.start() < b for a, b in spans):
                spans.append((match.start(), match.end()))
    spans.sort()
    out, at = [], 0
    for start, end in spans:
        out.append(esc(text[at:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


def strongest_mood(moods: object) -> str:
    """The name of the highest-rated mood in an emotion list (``""`` when none is named)."""
    parsed = parse_moods(moods)
    return parsed.strongest() if parsed is not None else ""


class SuggestionPanel:
    """One per thought record: watches the thoughts, offers traps, ideas and questions.

    ``record`` is what was shown and what the client used, stored with the record so the
    therapist can review it.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.thoughts: FieldView | None = None
        self.target: FieldView | None = None
        self.analysis: Any = None
        self.analysed_text = ""
        self.shown_traps: list[str] = []
        self.chosen_traps: list[str] = []
        self.shown_ideas: list[str] = []
        self.used_ideas: list[str] = []
        self._debounced = Debouncer(DEBOUNCE_SECONDS, self.refresh)
        self.context_changed = Debouncer(DEBOUNCE_SECONDS, self.refresh_ideas)
        """Call when any answer changes: the ideas are redrawn once typing pauses."""
        self.situation: Callable[[], str] = lambda: ""
        self.on_risk: Callable[[], None] = lambda: None
        self.context: Callable[[], Mapping[str, Any]] = dict
        """The rest of the record the ideas may use: ``moods`` (the emotion list) and
        ``evidence_against`` (text), read when the ideas are drawn."""
        self.ideas_key: tuple[Any, ...] | None = None
        self.ideas: list[str] = []
        self.ideas_open = False
        self.waiting = False
        """Whether the configured LLM is still being asked about the current thought."""

    @functools.cached_property
    def traps_box(self) -> w.VBox:
        """The trap panel under the thoughts (made when its step is first built)."""
        box = w.VBox([])
        box.add_class("cbt-ai")
        return box

    @functools.cached_property
    def ideas_box(self) -> w.VBox:
        """The ideas panel under the balanced thought (made when its step is first built)."""
        box = w.VBox([])
        box.add_class("cbt-ai")
        return box

    # -- wiring (called by WorksheetForm while it builds steps) ------------------------------
    def attach_thoughts(self, view: FieldView) -> w.Widget:
        """Watch a thought list; returns the trap panel shown under it."""
        self.thoughts = view
        view.on_change(self._debounced)
        return self.traps_box

    def attach_target(self, view: FieldView) -> w.Widget:
        """Offer ideas for this text box (the balanced thought); returns the ideas panel."""
        self.target = view
        self.refresh_ideas()
        return self.ideas_box

    # -- analysis -----------------------------------------------------------------------
    def current_thought(self) -> str:
        """The thought to analyse: the hot thought, else the last one typed."""
        if self.thoughts is None:
            return ""
        thoughts = parse_thoughts(self.thoughts.value)
        if thoughts is None:
            return ""
        filled = thoughts.filled()
        return thoughts.hot_text() or (filled[-1].text.strip() if filled else "")

    def refresh(self) -> None:
        """Analyse the current thought and redraw both panels (only when it changed)."""
        try:
            self._refresh()
        except Exception as exc:  # never break the form because of a suggestion
            log_failure("suggestions", exc)
            self.traps_box.children = (
                w.HTML('<p class="cbt-ai-note">Suggestions are unavailable right now.</p>'),
            )

    def _refresh(self) -> None:
        if not self.enabled:
            self.traps_box.children = ()
            self.ideas_box.children = ()
            return
        text = self.current_thought()
        if text == self.analysed_text:
            return
        self.analysed_text = text
        if len(text.split()) < 3:
            self.analysis = None
            self.traps_box.children = ()
            self.ideas_box.children = ()
            return
        from toolkit.reframing import llm
        from toolkit.reframing.analysis import analyze_offline

        situation = self.situation()
        settings = llm.settings()
        offline = analyze_offline(text, situation)
        if settings is None or offline.crisis:
            self.analysis = offline
            self._draw()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (widget tests): ask the endpoint and wait
            self.analysis = llm.analyze_llm(text, situation, settings)
            self._draw()
            return
        # The endpoint may take seconds: the offline suggestions show at once, the kernel
        # keeps serving the page (autosave, typing), and the LLM's answer replaces them when
        # it comes, if the thought is still the same.
        self.analysis = offline
        self.waiting = True
        self._draw()
        pending = loop.run_in_executor(None, llm.analyze_llm, text, situation, settings)
        pending.add_done_callback(lambda done: self._llm_answered(text, done))

    def _llm_answered(self, text: str, done: asyncio.Future[Any]) -> None:
        if text != self.analysed_text or not self.enabled:
            return  # the client wrote another thought meanwhile: that one is analysed
        self.waiting = False
        try:
            analysis = done.result()
        except Exception as exc:  # analyze_llm falls back by itself; this is a last guard
            log_failure("suggestions", exc)
            self._draw()
            return
        self.analysis = analysis
        self.ideas_key = None
        self._draw()

    def _draw(self) -> None:
        analysis = self.analysis
        if analysis.crisis:
            # The page's one crisis panel takes over; no suggestion is made for this text.
            self.traps_box.children = (
                w.HTML('<p class="cbt-ai-note">Suggestions are switched off for this.</p>'),
            )
            self.ideas_box.children = ()
            self.on_risk()
            return
        traps = list(analysis.traps)[:MAX_TRAPS]
        self.shown_traps = sorted({*self.shown_traps, *(t.id for t in traps)})
        heading = w.HTML(
            '<div class="cbt-ai-head"><span class="cbt-badge">Suggestion</span> '
            "<strong>Possible thinking traps</strong> in "
            f"<q>{highlight(self.analysed_text, [c for t in traps for c in t.cues])}</q></div>"
            '<p class="cbt-ai-note">These are ideas from the app, not a judgement. Tick the '
            "ones that fit for you; ignore the rest.</p>"
        )
        rows: list[w.Widget] = [heading]
        if self.waiting:
            rows.append(
                w.HTML(
                    '<p class="cbt-ai-note" role="status">Asking the AI model for more '
                    "suggestions; these are the app's own until it answers.</p>"
                )
            )
        elif getattr(analysis, "notice", ""):
            rows.append(w.HTML(f'<p class="cbt-ai-note" role="status">{esc(analysis.notice)}</p>'))
        if not traps:
            rows.append(w.HTML("<p>No common thinking trap stands out in this thought.</p>"))
        for trap in traps:
            box = w.Checkbox(
                value=trap.id in self.chosen_traps,
                description=f"This fits: {trap.name}",
                indent=False,
            )
            box.observe(
                lambda change, trap_id=trap.id: self._on_tick(trap_id, change["new"]), "value"
            )
            box.add_class("cbt-trap-tick")
            cues = ", ".join(f"“{esc(c)}”" for c in trap.cues)
            why = esc(getattr(trap, "why", "")) or f"Words that suggest it: {cues}"
            rows.append(w.VBox([box, w.HTML(f'<p class="cbt-ai-why">{why}</p>')]))
        self.traps_box.children = tuple(rows)
        self.ideas_key = None
        self.refresh_ideas()

    def refresh_ideas(self) -> None:
        """Redraw the ideas when the thought, the ticked traps, the strongest mood or the
        evidence against changed since they were drawn (safe to call often)."""
        try:
            self._refresh_ideas()
        except Exception as exc:  # never break the form because of a suggestion
            log_failure("suggestions", exc)
            self.ideas_box.children = (
                w.HTML('<p class="cbt-ai-note">Suggestions are unavailable right now.</p>'),
            )

    def _refresh_ideas(self) -> None:
        analysis = self.analysis
        if not self.enabled or analysis is None or analysis.crisis or self.target is None:
            self.ideas_key = None
            self.ideas_box.children = ()
            return
        context = self.context()
        mood = strongest_mood(context.get("moods"))
        evidence = str(context.get("evidence_against") or "")
        key = (self.analysed_text, self.situation(), tuple(self.chosen_traps), mood, evidence)
        if key == self.ideas_key and self.ideas_box.children:
            return
        self.ideas_key = key
        if getattr(analysis, "engine", "offline") == "offline" and (
            self.chosen_traps or mood or evidence.strip()
        ):
            from toolkit.reframing.suggest import balanced_ideas

            self.ideas = balanced_ideas(
                self.analysed_text,
                self.situation(),
                tuple(self.chosen_traps) or tuple(t.id for t in analysis.traps),
                mood=mood,
                evidence=evidence,
                ticked=bool(self.chosen_traps),
            )
        else:
            self.ideas = list(analysis.reframes)[:3]
        self._draw_ideas()

    def _draw_ideas(self) -> None:
        analysis = self.analysis
        ideas = self.ideas[:3]
        questions = list(analysis.questions)[:3]
        self.shown_ideas = [*self.shown_ideas, *(i for i in ideas if i not in self.shown_ideas)]
        parts: list[w.Widget] = [
            w.HTML(
                '<div class="cbt-ai-head"><span class="cbt-badge">Suggestion</span> '
                "<strong>Questions to help you write your own</strong></div>"
                "<ul>" + "".join(f"<li>{esc(q)}</li>" for q in questions) + "</ul>"
            )
        ]
        if not ideas:
            parts.append(
                w.HTML(
                    '<p class="cbt-ai-note">No balanced-thought idea fits this thought well '
                    "enough to show; the questions above can help you write your own.</p>"
                )
            )
            self.ideas_box.children = tuple(parts)
            return
        toggle = w.ToggleButton(
            value=self.ideas_open,
            description=(
                "Hide balanced-thought ideas" if self.ideas_open else "Show balanced-thought ideas"
            ),
            layout=w.Layout(width="auto"),
        )
        ideas_list = w.VBox([])
        for number, idea in enumerate(ideas, start=1):
            use = w.Button(
                description=f"Use idea {number}",
                tooltip=f"Use idea {number}",
                layout=w.Layout(width="auto", min_width="7.5rem", flex="0 0 auto"),
            )
            use.on_click(lambda _b, idea=idea: self.use_idea(idea))
            ideas_list.children = (
                *ideas_list.children,
                w.HBox([w.HTML(f'<p class="cbt-idea">{esc(idea)}</p>'), use]),
            )
        ideas_list.layout.display = "" if self.ideas_open else "none"

        def flip(change: dict[str, Any]) -> None:
            self.ideas_open = bool(change["new"])
            ideas_list.layout.display = "" if change["new"] else "none"
            toggle.description = (
                "Hide balanced-thought ideas" if change["new"] else "Show balanced-thought ideas"
            )

        toggle.observe(flip, "value")
        parts += [toggle, ideas_list]
        self.ideas_box.children = tuple(parts)

    # -- client actions ------------------------------------------------------------------
    def _on_tick(self, trap_id: str, ticked: bool) -> None:
        chosen = [t for t in self.chosen_traps if t != trap_id]
        self.chosen_traps = [*chosen, trap_id] if ticked else chosen
        self.refresh_ideas()

    def use_idea(self, idea: str) -> None:
        """Copy an idea into the target box, after what the client already wrote."""
        if self.target is None:
            return
        current = str(self.target.value).rstrip()
        self.target.value = f"{current}\n{idea}" if current else idea
        self.used_ideas = [*self.used_ideas, idea]

    @property
    def record(self) -> SuggestionRecord:
        """What was suggested and what the client used, for the therapist."""
        return SuggestionRecord(
            engine=getattr(self.analysis, "engine", "offline") if self.analysis else None,
            thought=self.analysed_text,
            traps_shown=tuple(self.shown_traps),
            traps_chosen=tuple(self.chosen_traps),
            ideas_shown=tuple(self.shown_ideas),
            ideas_used=tuple(self.used_ideas),
        )
