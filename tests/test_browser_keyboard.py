"""Keyboard only, a narrow phone screen, and 200 % zoom: the thought record still works."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def tab_to(page, predicate: str, limit: int = 40) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element matches a JS predicate on `el`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"
        ):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def press_button(page, text: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.get_by_role("button", name=text, exact=True)).to_be_enabled()
    tab_to(page, f"el.tagName === 'BUTTON' && el.textContent.trim() === {text!r} && !el.disabled")
    page.keyboard.press("Enter")


def type_into(page, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    target = page.get_by_label(label, exact=True)
    target.wait_for()
    handle = target.element_handle()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("h => document.activeElement === h", handle):
            page.keyboard.type(text)
            return
    raise AssertionError(f"Tab never reached {label}")


def test_keyboard_only_thought_record(browser, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/voila/render/client.ipynb?exercise=thought_record")
    page.get_by_label("What happened?").wait_for(timeout=60_000)
    type_into(page, "What happened? *", "At lunch, a friend did not reply")
    press_button(page, "Next")
    type_into(page, "Mood 1", "sad")
    press_button(page, "Next")
    type_into(page, "Thought 1", "They must be angry with me")
    press_button(page, "Next")
    type_into(page, "Evidence for the hot thought *", "No reply for two hours")
    press_button(page, "Next")
    type_into(page, "Evidence against the hot thought *", "They are often busy at work")
    press_button(page, "Next")
    type_into(page, "Balanced thought *", "They may be busy; I can ask later")
    press_button(page, "Next")
    press_button(page, "Submit")
    expect(page.get_by_text("Well done: your record is complete")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, "no sideways scrolling on a phone"
    page.screenshot(path=artifacts / "phone-summary.png", full_page=True)
    context.close()


def test_readable_at_200_percent_zoom(browser, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    # 200 % zoom on a 1280-px window lays the page out like a 640-px window at double scale
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{server}/voila/render/client.ipynb?exercise=thought_record")
    page.get_by_label("What happened?").wait_for(timeout=60_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 641
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.cbt-step-help')).fontSize)"
    )
    assert size >= 14
    page.screenshot(path=artifacts / "zoom-200.png")
    context.close()


def test_dark_theme_follows_the_system(browser, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(color_scheme="dark", viewport={"width": 900, "height": 700})
    page = context.new_page()
    page.goto(f"{server}/voila/render/client.ipynb?exercise=thought_record")
    page.get_by_label("What happened?").wait_for(timeout=60_000)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 24, 31)"
    page.screenshot(path=artifacts / "dark.png")
    context.close()
