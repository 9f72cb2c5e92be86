"""An educator projects the learn page and leads a class round; students answer on their own
browsers. Real server, real kernels, real headless Chromium at a laptop's 1366 × 900."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from toolkit.learn.quiz import load_quiz
from toolkit.reframing.taxonomy import load_traps

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 900}
LIVE_SECONDS = 5
"""The educator sees students' answers this soon, with nothing pressed (issue 16)."""


def _open(browser, url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page_errors = errors
    tab.goto(url)
    tab.get_by_role("heading", name="Learn about thinking traps").wait_for(timeout=90_000)
    return context, tab


def test_projector_mode_fills_the_width_and_the_keys_reveal_step_by_step(  # type: ignore[no-untyped-def]
    browser, server: str, artifacts: Path
) -> None:
    context, page = _open(browser, f"{server}/voila/render/learn.ipynb")
    try:
        page.get_by_role("tab", name="Sandbox").click()
        page.get_by_role("heading", name="Reframing sandbox").wait_for()
        page.get_by_role("button", name="Projector mode").click()
        view = page.locator(".cbt-sand-view").first
        expect(page.locator(".cbt-projector")).to_be_visible()
        expect(page.get_by_role("heading", name="Learn about thinking traps")).to_be_hidden()
        expect(page.get_by_role("tab", name="Sandbox")).to_be_hidden()
        expect(page.get_by_label("Thought", exact=True)).to_be_hidden()

        box = view.bounding_box()
        assert box is not None
        assert box["width"] >= 0.9 * LAPTOP["width"], f"projector view is {box['width']} px wide"
        quote_px = view.locator(".cbt-quote").first.evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
        assert quote_px >= 36, f"the thought is set in {quote_px} px type"
        colours = view.locator(".cbt-quote").first.evaluate(
            "el => [getComputedStyle(el).color, getComputedStyle(document.body).backgroundColor]"
        )
        assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], colours

        # step 1 gives nothing away; the keys walk through the reveal
        expect(view).to_contain_text("Step 1 of 5")
        expect(view.locator("mark")).to_have_count(0)
        page.screenshot(path=artifacts / "projector-step1.png")
        page.keyboard.press("ArrowRight")
        expect(view).to_contain_text("Step 2 of 5 · Words to notice", timeout=60_000)
        expect(view.locator("mark").first).to_be_visible()
        page.screenshot(path=artifacts / "projector-step2.png")
        page.keyboard.press("ArrowLeft")
        expect(view).not_to_contain_text("Step 2 of 5")
        page.keyboard.press("n")
        expect(view).to_contain_text("Step 2 of 5")
        page.keyboard.press("r")
        expect(view).to_contain_text("Step 3 of 5 · Thinking traps")
        page.screenshot(path=artifacts / "projector-step3.png")
        page.keyboard.press("Escape")
        expect(page.locator(".cbt-projector")).to_have_count(0)
        expect(page.get_by_role("tab", name="Sandbox")).to_be_visible()
        assert page.page_errors == []
    finally:
        context.close()


def test_students_answers_reach_the_educator_live(  # type: ignore[no-untyped-def]
    browser, server: str, artifacts: Path
) -> None:
    names = {trap.id: trap.name for trap in load_traps().traps}
    by_thought = {item.thought: item for item in load_quiz().items}
    contexts = []
    try:
        context, educator = _open(browser, f"{server}/voila/render/learn.ipynb")
        contexts.append(context)
        educator.get_by_role("tab", name="Class").click()
        educator.get_by_label("Class name").fill("Seminar 7")
        educator.get_by_role("button", name="Create a class").click()
        code = educator.locator(".cbt-class-code").first.inner_text().strip()
        key = educator.locator(".cbt-educator-key").inner_text().strip()
        assert code.replace("-", "") not in key.replace("-", "")
        educator.get_by_role("button", name="Ask the class").click()
        count = educator.locator(".cbt-round-count")
        expect(count).to_have_text("0 answers")
        thought = educator.locator(".cbt-round-view blockquote").inner_text().strip()
        item = by_thought[thought]

        students = []
        for _ in range(2):
            context, student = _open(
                browser, f"{server}/voila/render/learn.ipynb?class={code.replace('-', '')}"
            )
            contexts.append(context)
            students.append(student)
        wrong = "Blaming" if "blaming" not in item.answer else "Labeling"
        picks = [[names[t] for t in item.answer] or ["No trap — balanced thought"], [wrong]]
        for student, ticks in zip(students, picks, strict=True):
            question = student.locator(".cbt-quiz-question")
            expect(question).to_contain_text("Your educator's question", timeout=30_000)
            expect(question.locator("blockquote")).to_have_text(thought)
            for name in ticks:
                student.get_by_role("checkbox", name=name, exact=True).check()
            student.get_by_role("button", name="Check answer").click()
            expect(student.locator(".cbt-feedback")).to_contain_text("Answer sent")

        # nothing pressed on the educator's page: the answers arrive by themselves
        sent = time.monotonic()
        expect(count).to_have_text("2 answers", timeout=LIVE_SECONDS * 1000)
        print(f"educator saw both answers {time.monotonic() - sent:.1f} s after they were sent")
        expect(educator.locator(".cbt-dist-row", has_text=wrong)).to_be_visible()
        educator.get_by_role("button", name="Projector mode").click()
        expect(educator.locator(".cbt-projector")).to_be_visible()
        box = educator.locator(".cbt-round-view").bounding_box()
        assert box is not None
        assert box["width"] >= 0.9 * LAPTOP["width"]
        educator.screenshot(path=artifacts / "educator-live-round.png", full_page=True)
        for student in students:
            assert student.locator(".cbt-round-count, .cbt-dist").count() == 0, (
                "students never see others' results"
            )
        students[1].screenshot(path=artifacts / "student-answer-sent.png")

        educator.keyboard.press("r")  # end the round: the answer shows, and each own feedback
        expect(educator.locator(".cbt-round-answer")).to_contain_text("The answer")
        expect(students[0].locator(".cbt-feedback")).to_contain_text("Right!")
        expect(students[1].locator(".cbt-feedback")).to_contain_text("Not quite.")
        educator.screenshot(path=artifacts / "educator-round-over.png", full_page=True)
        students[1].screenshot(path=artifacts / "student-round-over.png", full_page=True)

        educator.keyboard.press("n")  # the next question reaches the students as well
        expect(count).to_have_text("0 answers")
        following = educator.locator(".cbt-round-view blockquote").inner_text().strip()
        assert following != thought
        for student in students:
            expect(student.locator(".cbt-quiz-question blockquote")).to_have_text(following)
        for tab in (educator, *students):
            assert tab.page_errors == []
    finally:
        for context in contexts:
            context.close()
