"""A learner takes the quiz on the learn page in a real browser, with the keyboard and mouse."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from toolkit.learn.quiz import load_quiz
from toolkit.reframing.taxonomy import load_traps

pytestmark = pytest.mark.browser

NO_TRAP = "No trap — balanced thought"


def test_quiz_gives_feedback_and_keeps_score(page, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    by_thought = {item.thought: item for item in load_quiz().items}
    names = {trap.id: trap.name for trap in load_traps().traps}

    page.goto(f"{server}/voila/render/learn.ipynb")
    page.get_by_role("heading", name="Learn about thinking traps").wait_for(timeout=60_000)
    expect(page.get_by_role("heading", name="All-or-nothing thinking")).to_be_visible()
    page.get_by_role("tab", name="Quiz").click()
    page.get_by_role("heading", name="Spot the trap").wait_for()

    for number in range(1, 6):
        quote = page.locator(".cbt-quiz-question blockquote")
        expect(page.locator(".cbt-quiz-question")).to_contain_text(f"Question {number}")
        item = by_thought[quote.inner_text().strip()]
        wrong = number == 3
        if wrong:
            picks = ["Blaming" if "blaming" not in item.answer else "Labeling"]
        else:
            picks = [names[t] for t in item.answer] or [NO_TRAP]
        for pick in picks:
            page.get_by_role("checkbox", name=pick, exact=True).check()
        page.get_by_role("button", name="Check answer").click()
        feedback = page.locator(".cbt-feedback")
        expect(feedback).to_contain_text("Not quite." if wrong else "Right!")
        for trap in item.answer:
            expect(feedback).to_contain_text(names[trap])
        if wrong:
            expect(feedback).to_contain_text("come back")
            page.screenshot(path=artifacts / "quiz-wrong-answer.png", full_page=True)
        if item.cues:
            expect(feedback.locator("mark").first).to_be_visible()
        page.get_by_role("button", name="Next question").click()

    stats = page.locator(".cbt-quiz-stats")
    expect(stats).to_contain_text("Score: 4 of 5 right")
    expect(stats).to_contain_text("Streak: 2")
    expect(stats).to_contain_text("Best streak: 2")
    page.screenshot(path=artifacts / "quiz-after-five.png", full_page=True)

    # keyboard only: Space ticks a focused checkbox, Enter presses a focused button
    page.get_by_role("checkbox", name=NO_TRAP, exact=True).focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name=NO_TRAP, exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".cbt-feedback")).to_be_visible()

    assert page.requests.external() == [], "the page must load nothing from other hosts"
    assert page.page_errors == []


def test_sandbox_checklist_says_which_checks_fail(page, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/voila/render/learn.ipynb")
    page.get_by_role("heading", name="Learn about thinking traps").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Sandbox").click()
    page.get_by_role("heading", name="Reframing sandbox").wait_for()
    page.get_by_label("Your balanced thought").fill("Just think positive!")
    page.get_by_role("button", name="Check my balanced thought").click()
    checklist = page.locator(".cbt-checklist").last
    # the first check builds the engine and loads the grammar lexicon: allow for it
    expect(checklist).to_contain_text("✗ Fail", timeout=60_000)
    expect(checklist).to_contain_text("Not a command")
    expect(page.locator(".cbt-check-total").last).not_to_contain_text("8 of 8")
    checklist.scroll_into_view_if_needed()
    page.locator(".cbt-sandbox").screenshot(path=artifacts / "sandbox-own-check.png")
    assert page.page_errors == []
