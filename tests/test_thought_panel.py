"""Suggestions beside a thought record, driven through the widgets (no browser)."""

from __future__ import annotations

from typing import Any

from toolkit.exercises import Worksheet, load_exercise
from toolkit.ui.client_page import WorksheetPage
from toolkit.ui.thought_panel import highlight


def page(ai_help: bool = True) -> WorksheetPage:
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)
    return WorksheetPage(sheet, ai_help)


def html_of(widget: Any) -> str:
    parts = [str(getattr(widget, "value", "")) if hasattr(widget, "value") else ""]
    parts += [html_of(child) for child in getattr(widget, "children", ())]
    return "\n".join(parts)


def write_thought(p: WorksheetPage, text: str) -> None:
    p.form.views["automatic_thoughts"].value = {
        "thoughts": [{"text": text, "belief": 80}],
        "hot": 0,
    }


def test_traps_appear_with_cues_and_can_be_ticked() -> None:
    p = page()
    write_thought(p, "I always ruin everything, I'm such an idiot")
    panel = p.suggestions
    assert panel is not None
    assert panel.analysis is not None
    shown = html_of(panel.traps_box)
    assert "Suggestion" in shown
    assert "<mark>" in shown
    boxes = [c.children[0] for c in panel.traps_box.children[1:]]
    assert boxes, "at least one possible trap"
    boxes[0].value = True
    assert panel.record.traps_chosen == (panel.analysis.traps[0].id,)
    assert panel.record.traps_shown


def test_an_idea_is_used_only_on_click_and_kept_editable() -> None:
    p = page()
    write_thought(p, "Nobody at work respects me and they never will")
    balanced = p.form.views["balanced_thought"]
    assert balanced.value == ""
    panel = p.suggestions
    assert panel is not None
    ideas = list(panel.analysis.reframes)
    assert len(ideas) >= 3
    balanced.value = "My own words first."
    panel.use_idea(ideas[1])
    assert balanced.value == f"My own words first.\n{ideas[1]}"
    assert panel.record.ideas_used == (ideas[1],)
    assert "ai_suggestions" in p.extra_record


def test_crisis_language_gets_resources_not_suggestions() -> None:
    p = page()
    write_thought(p, "I just want to end it all tonight")
    panel = p.suggestions
    assert panel is not None
    shown = html_of(p.crisis.widget)  # the page's one crisis panel
    assert "988" in shown
    assert "116 123" in shown
    assert 'href="tel:988"' in shown
    assert "Possible thinking traps" not in html_of(panel.traps_box)
    assert "988" not in html_of(panel.traps_box)  # one panel, not two
    assert panel.ideas_box.children == ()
    assert p.crisis.risk == "crisis"
    assert p.form.widget.layout.display == "none"  # the worksheet pauses ...
    p.crisis.carry_on.click()  # ... until the client chooses to go on
    assert p.form.widget.layout.display == ""
    assert p.extra_record["crisis_check"]["tier"] == "crisis"
    assert "end it all" not in str(p.extra_record["crisis_check"])


def test_no_panel_when_ai_help_is_off() -> None:
    assert page(ai_help=False).suggestions is None


def test_highlight_escapes_everything() -> None:
    marked = highlight("<b>always</b> & never", ["always"])
    assert marked == "&lt;b&gt;<mark>always</mark>&lt;/b&gt; &amp; never"


def test_going_forward_the_balanced_step_shows_ideas_and_questions() -> None:
    p = page()
    p.form.views["situation"].value = "My manager asked to see me on Friday"
    p.form.views["moods"].value = [
        {"name": "anxious", "intensity": 40},
        {"name": "ashamed", "intensity": 90},
    ]
    write_thought(p, "My manager must regret hiring me")
    panel = p.suggestions
    assert panel is not None
    assert panel.ideas_box.children == ()  # step 6 is not built yet
    p.form.go_to_field("balanced_thought")
    shown = html_of(panel.ideas_box)
    assert "Questions to help you write your own" in shown
    assert "cbt-idea" in shown
    before = list(panel.ideas)
    assert before


def test_ideas_follow_the_evidence_and_the_ticked_traps() -> None:
    p = page()
    write_thought(p, "I always mess up every presentation at work")
    p.form.go_to_field("balanced_thought")
    panel = p.suggestions
    assert panel is not None
    first = list(panel.ideas)
    assert first
    p.form.views["evidence_against"].value = "My last two presentations went fine."
    panel.refresh_ideas()
    assert panel.ideas != first
    assert "My last two presentations went fine." in panel.ideas[0]
    assert "My last two presentations went fine." in html_of(panel.ideas_box)
    boxes = [c.children[0] for c in panel.traps_box.children[1:]]
    boxes[-1].value = True
    assert panel.ideas_key is not None
    assert panel.chosen_traps[-1] in panel.ideas_key[2]


def test_the_strongest_mood_reaches_the_ideas() -> None:
    p = page()
    p.form.views["moods"].value = [
        {"name": "anxious", "intensity": 30},
        {"name": "ashamed", "intensity": 85},
    ]
    write_thought(p, "I messed up the presentation at work")
    p.form.go_to_field("balanced_thought")
    panel = p.suggestions
    assert panel is not None
    assert panel.ideas_key is not None
    assert panel.ideas_key[3] == "ashamed"
