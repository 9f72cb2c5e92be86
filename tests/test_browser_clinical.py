"""Clinical details a client meets in a real browser: honest mood re-ratings, AUDIT-C skips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_rerated_moods_start_from_the_first_rating(page, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/voila/render/client.ipynb?exercise=thought_record")
    page.get_by_role("heading", name="Thought record").wait_for(timeout=60_000)
    page.get_by_label("What happened?").fill("Lunch with my sister")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Mood 1", exact=True).fill("ashamed")
    slider = (
        page.locator(".widget-slider")
        .filter(has_text="Intensity of mood 1")
        .locator(".noUi-handle")
    )
    slider.focus()
    for _ in range(7):  # 50 → 85 in steps of 5
        page.keyboard.press("ArrowRight")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Thought 1", exact=True).fill("I let her down")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Evidence for the hot thought").fill("I forgot her birthday.")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Evidence against the hot thought").fill("She hugged me at lunch.")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Balanced thought").fill("I forgot once, and I care about her.")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_label("Mood 1", exact=True).last).to_have_value("ashamed")
    expect(page.get_by_text("First rated 85")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Mood 1 rated now")).not_to_be_checked()
    page.screenshot(path=artifacts / "rerate-step.png", full_page=True)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Well done: your record is complete").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download (JSON)").click()
    target = artifacts / download_info.value.suggested_filename
    download_info.value.save_as(target)
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["answers"]["moods"] == [{"name": "ashamed", "intensity": 85}]
    assert record["answers"]["moods_after"] == [{"name": "ashamed", "intensity": None}]
    assert page.page_errors == []


def test_auditc_never_skips_the_next_two_questions(page, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/voila/render/client.ipynb?exercise=auditc")
    page.get_by_role("heading", name="AUDIT-C", exact=False).first.wait_for(timeout=60_000)
    page.get_by_role("radio", name="Never").first.check()
    expect(page.get_by_role("radio", name="1 or 2")).to_be_disabled()
    expect(page.get_by_text("Not needed after “Never” to question 1").first).to_be_visible()
    page.get_by_role("radio", name="Female").check()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your result: 0 out of 12")).to_be_visible()
    page.screenshot(path=artifacts / "auditc-never.png", full_page=True)
    assert page.page_errors == []
