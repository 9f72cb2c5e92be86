"""Every worksheet and questionnaire of ``exercises/`` on a 390 × 844 phone, in a real browser:
nothing wider than the screen and every control at least 24 × 24 px on each screen.

In practice mode each exercise is walked from its first step (or question) to its last, the
way a person in a hurry fills it in. On a therapist's link (with a note) the first screen is
checked for the exercises in ``LINKED``: the steps are the same widgets in both modes, and what
a link adds (the note, the bundle progress, the draft status) sits above them on every step, so
one exercise of each kind of layout is enough (a questionnaire, one filled in with the
therapist, which opens only on a link, and worksheets with rows, choices, scales, emotions and
thought lists).

One server for all (the session's); an exercise in ``LINKED`` opens its practice page and its
link page side by side, so their kernels start together."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from helpers_layout import too_small, too_wide
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from toolkit.exercises import Questionnaire, catalog
from toolkit.store import CLI

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EXERCISES = catalog()
LINKED = frozenset({"dass21", "phq9", "thought_record", "problem_solving", "intake"})
NOTE = (
    "Please fill this in before our next session. Take your time, there are no wrong answers, "
    "and stop if anything feels like too much: we will go through it together."
)
FILL = """(step) => {
  // what a person in a hurry does: a short answer in every empty box of the step on screen,
  // the first option of every unanswered choice
  const visible = (e) => e.offsetParent !== null;
  const boxes = [...step.querySelectorAll('input[type=text], input[type=number], textarea')]
    .filter((e) => visible(e) && !e.disabled && e.value === '');
  const picks = [...step.querySelectorAll('select')]
    .filter((e) => visible(e) && !e.disabled && (e.selectedIndex < 0 || e.value === ''))
    .map((e) => [e.id, [...e.options].findIndex((o) => o.textContent.trim() !== '')]);
  return { boxes: boxes.map((e) => e.id), picks };
}"""


def _answer(box_placeholder: str, kind: str) -> str:
    if kind == "number":
        return "3"
    if box_placeholder == "HH:MM":
        return "22:30"
    if box_placeholder in {"DD/MM/YYYY", "MM/DD/YYYY"}:
        return "01/12/2026"
    return "A short answer"


def _fits(page, where: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(150)  # let the widgets lay themselves out
    wide, small = too_wide(page, ".cbt-page"), too_small(page)
    if wide or small:
        page.screenshot(path=artifacts / f"{where}.png")
    assert wide == [], f"{where}: wider than the phone"
    assert small == [], f"{where}: controls smaller than 24 px"


MOVED_ON = """(old) => {
  const card = document.querySelector('.cbt-questionnaire .cbt-item.cbt-current');
  const submit = [...document.querySelectorAll('.cbt-page button')]
    .some((b) => b.textContent.trim() === 'Submit' && b.offsetParent !== null);
  return submit || (card !== null && card.innerText !== old);
}"""
SUBMIT_SHOWN = """() => [...document.querySelectorAll('.cbt-page button')]
  .some((b) => b.textContent.trim() === 'Submit' && b.offsetParent !== null)"""


def _walk_questionnaire(page, where: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    """Answer the question on screen (its first option) until Submit shows."""
    total = page.locator(".cbt-questionnaire .cbt-item").count()
    assert total > 0
    for number in range(1, total + 1):
        card = page.locator(".cbt-questionnaire .cbt-item.cbt-current")
        expect(card).to_have_count(1)  # one question at a time on a phone
        expect(card).to_be_visible()
        _fits(page, f"{where}-q{number}", artifacts)
        before = card.inner_text()
        for group in card.locator(".widget-radio-box").all():
            group.locator("label").first.click()
        page.wait_for_function(MOVED_ON, arg=before)
        if page.evaluate(SUBMIT_SHOWN):
            break
    expect(page.get_by_role("button", name="Submit")).to_be_visible()
    _fits(page, f"{where}-end", artifacts)


def _fill(page, step) -> None:  # type: ignore[no-untyped-def]
    empty = step.evaluate(FILL)
    for box_id in empty["boxes"]:
        box = page.locator(f'[id="{box_id}"]')
        kind = box.evaluate("e => e.type")
        box.fill(_answer(box.get_attribute("placeholder") or "", kind))
        box.press("Tab")
    for select_id, index in empty["picks"]:
        page.locator(f'[id="{select_id}"]').select_option(index=index)
    for group in step.locator(".widget-radio-box:visible").all():
        if group.locator("input:checked").count() == 0:
            group.locator("label").first.click()


def _walk_worksheet(page, where: str, artifacts: Path, steps: int) -> None:  # type: ignore[no-untyped-def]
    """Fill each step's empty boxes and press Next, up to the last step."""
    progress = page.locator(".cbt-progress")
    for number in range(1, steps + 1):
        expect(progress).to_contain_text(f"Step {number} of {steps}")
        _fits(page, f"{where}-step{number}", artifacts)
        if number == steps:
            break
        following = f"Step {number + 1} of {steps}"
        for _attempt in range(3):  # a box typed into just before Next may reach it late
            if following in progress.inner_text():
                break  # the last press went through after all
            _fill(page, page.locator(".cbt-form .cbt-step:visible").first)
            page.get_by_role("button", name="Next", exact=True).click()
            try:
                expect(progress).to_contain_text(following, timeout=10_000)
                break
            except AssertionError:
                continue
    expect(page.get_by_role("button", name="Submit")).to_be_visible()


def test_linked_exercises_are_real_and_cover_every_layout() -> None:
    assert set(EXERCISES) >= LINKED
    kinds = {type(EXERCISES[e]).__name__ for e in LINKED}
    assert kinds == {"Questionnaire", "Worksheet"}
    assert any(getattr(EXERCISES[e], "administration", "") == "clinician" for e in LINKED)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_screen_fits_a_phone(  # type: ignore[no-untyped-def]
    browser, server: str, served_store, artifacts: Path, exercise_id: str
) -> None:
    spec = EXERCISES[exercise_id]
    therapist, code = f"dr-layout-{exercise_id}", f"LAYOUT-{exercise_id}"
    served_store.add_therapist(therapist, "a long test password")
    served_store.add_client(CLI, code, therapist=therapist)
    secret = served_store.assign(CLI, code, [exercise_id], instructions=NOTE).secret
    urls = {"practice": f"{server}/voila/render/client.ipynb?exercise={exercise_id}"}
    if exercise_id in LINKED:
        urls["link"] = f"{server}/voila/render/client.ipynb?assignment={secret}"
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        pages = {}
        for mode, url in urls.items():  # both kernels start before either page is checked
            page = context.new_page()
            page.set_default_timeout(30_000)
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            page.page_errors = errors
            page.goto(url)
            pages[mode] = page
        for mode, page in pages.items():
            where = f"{exercise_id}-{mode}"
            if mode == "practice" and getattr(spec, "administration", "") == "clinician":
                # a clinician-administered measure opens only on a therapist's link
                refusal = "This questionnaire is filled in with your therapist"
                expect(page.get_by_role("heading", name=refusal)).to_be_visible(timeout=90_000)
                _fits(page, f"{where}-refused", artifacts)
                continue
            title = page.get_by_role("heading", name=spec.title, exact=True)
            expect(title).to_be_visible(timeout=90_000)
            if mode == "link":
                expect(page.locator(".cbt-from-therapist").first).to_be_visible()
                _fits(page, f"{where}-first", artifacts)
            elif isinstance(spec, Questionnaire):
                _walk_questionnaire(page, where, artifacts)
            else:
                _walk_worksheet(page, where, artifacts, len(spec.steps))
            assert page.page_errors == []
    finally:
        # leave each page the way a person does, so Voila shuts its kernel down (closing the
        # context fires no unload; 58 kernels left behind fill the server's kernel cap)
        for page in context.pages:
            with contextlib.suppress(PlaywrightError):
                page.goto("about:blank", timeout=10_000)
        context.close()
