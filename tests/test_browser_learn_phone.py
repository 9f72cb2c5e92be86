"""The learn page on a 390 × 844 phone, driven by touch in a real browser: every tab is used
(the gallery's "try it", a quiz answered by tapping, the sandbox revealed to its last step and
in large text, a worked example, the questionnaire playground, the class tab and a student's
class round), and after each step nothing is wider than the screen and every control is at
least 24 × 24 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_layout import too_small, too_wide
from playwright.sync_api import expect

from toolkit.learn.classes import StoreClassBook
from toolkit.learn.quiz import load_quiz
from toolkit.reframing.taxonomy import load_traps

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PANE = ".cbt-learn-tabs > .widget-tab-contents, .cbt-trap-card, .cbt-try, .cbt-lead"
NO_TRAP = "No trap — balanced thought"


def _phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page_errors = errors
    return context, tab


def _fits(page, where: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(300)  # let the widgets lay themselves out
    page.screenshot(path=artifacts / f"{where}.png")
    assert too_wide(page, PANE) == [], f"{where}: wider than the phone"
    assert too_small(page) == [], f"{where}: controls smaller than 24 px"


def _pane(page, tab: str, heading: str):  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name=tab).tap()
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    return page.locator(".cbt-learn-tabs > .widget-tab-contents")


def test_every_tab_fits_a_phone_and_works_by_touch(  # type: ignore[no-untyped-def]
    browser, server: str, artifacts: Path
) -> None:
    names = {trap.id: trap.name for trap in load_traps().traps}
    by_thought = {item.thought: item for item in load_quiz().items}
    context, page = _phone(browser)
    try:
        page.goto(f"{server}/voila/render/learn.ipynb")
        page.get_by_role("heading", name="All-or-nothing thinking").wait_for(timeout=90_000)
        _fits(page, "gallery", artifacts)
        page.get_by_label("Your own sentence").fill("I always ruin everything at work")
        page.get_by_role("button", name="Try it").tap()
        expect(page.locator(".cbt-try-result")).to_contain_text("Overgeneralizing", timeout=60_000)
        _fits(page, "gallery-try", artifacts)

        _pane(page, "Quiz", "Spot the trap")
        _fits(page, "quiz", artifacts)
        page.get_by_text("Why is “Negative feeling or emotion” on the list?").tap()
        expect(page.get_by_text("met with care for the feeling")).to_be_visible()
        item = by_thought[page.locator(".cbt-quiz-question blockquote").inner_text().strip()]
        for pick in [names[t] for t in item.answer] or [NO_TRAP]:
            page.get_by_role("checkbox", name=pick, exact=True).tap()
            expect(page.get_by_role("checkbox", name=pick, exact=True)).to_be_checked()
        page.get_by_role("button", name="Check answer").tap()
        expect(page.locator(".cbt-feedback")).to_contain_text("Right!")
        _fits(page, "quiz-feedback", artifacts)
        page.get_by_role("button", name="Next question").tap()
        expect(page.locator(".cbt-quiz-question")).to_contain_text("Question 2")

        _pane(page, "Sandbox", "Reframing sandbox")
        _fits(page, "sandbox", artifacts)
        view = page.locator(".cbt-sand-view").first
        for step in range(2, 6):
            page.get_by_role("button", name="Reveal next step").tap()
            expect(view).to_contain_text(f"Step {step} of 5", timeout=60_000)
        _fits(page, "sandbox-step5", artifacts)
        page.get_by_text("Large text").tap()
        expect(page.locator(".cbt-sandbox.cbt-large")).to_be_visible()
        _fits(page, "sandbox-large", artifacts)
        page.get_by_label("Your balanced thought").fill("Just think positive!")
        page.get_by_role("button", name="Check my balanced thought").tap()
        expect(page.locator(".cbt-check-total").last).to_be_visible(timeout=60_000)
        _fits(page, "sandbox-checklist", artifacts)

        _pane(page, "Worked examples", "Worked examples")
        _fits(page, "examples", artifacts)
        for _ in range(3):
            page.get_by_role("button", name="Next step").tap()
        expect(page.locator(".cbt-learn-worked")).to_contain_text("Step 4 of")
        _fits(page, "examples-step4", artifacts)

        _pane(page, "Questionnaires", "Questionnaire playground")
        page.locator(".cbt-learn-questionnaires .js-plotly-plot").first.wait_for(timeout=60_000)
        _fits(page, "measures", artifacts)

        _pane(page, "Class", "Class mode")
        _fits(page, "class", artifacts)
        assert page.page_errors == []
    finally:
        context.close()


def test_a_student_answers_a_class_round_on_a_phone(  # type: ignore[no-untyped-def]
    browser, server: str, served_store, artifacts: Path
) -> None:
    book = StoreClassBook(served_store)
    created = book.create_class("Phone seminar")
    item = load_quiz().by_id()["bal_bus"]
    assert item.answer == ()
    book.start_round(created.code, created.educator_key, item.id)
    context, page = _phone(browser)
    try:
        page.goto(f"{server}/voila/render/learn.ipynb?class={created.code}")
        question = page.locator(".cbt-quiz-question")
        expect(question).to_contain_text("Your educator's question", timeout=90_000)
        expect(question.locator("blockquote")).to_have_text(item.thought)
        _fits(page, "student-round", artifacts)
        page.get_by_role("checkbox", name=NO_TRAP, exact=True).tap()
        page.get_by_role("button", name="Check answer").tap()
        expect(page.locator(".cbt-feedback")).to_contain_text("Answer sent")
        _fits(page, "student-sent", artifacts)
        book.end_round(created.code, created.educator_key)
        expect(page.locator(".cbt-feedback")).to_contain_text("Right!", timeout=30_000)
        _fits(page, "student-round-over", artifacts)
        assert page.locator(".cbt-round-count, .cbt-dist").count() == 0
        assert page.page_errors == []
    finally:
        context.close()
