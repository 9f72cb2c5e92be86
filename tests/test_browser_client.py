"""A client completes a practice thought record in a real browser, as a person would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITUATION = "Tuesday evening, reading a short email from my manager <b>asking</b> to talk"
HOT = "I always mess everything up and I'm going to lose my job"
OTHER = "She thinks I'm useless"


def open_page(page, server: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/voila/render/client.ipynb?{query}")
    page.get_by_role("heading", name="Thought record").wait_for(timeout=60_000)


def test_practice_thought_record_journey(page, server: str, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    open_page(page, server, "exercise=thought_record")

    # 1. situation — Next is refused until it is filled in
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Please fill this in")).to_be_visible()
    page.get_by_label("What happened?").fill(SITUATION)
    page.get_by_role("button", name="Next").click()

    # 2. moods: two moods with intensities
    page.get_by_label("Mood 1", exact=True).fill("anxious")
    page.get_by_role("button", name="Add a mood").click()
    page.get_by_label("Mood 2", exact=True).fill("ashamed")
    page.get_by_role("button", name="Next").click()

    # 3. automatic thoughts, the hot thought chosen among two
    page.get_by_label("Thought 1", exact=True).fill(OTHER)
    page.get_by_role("button", name="Add another thought").click()
    page.get_by_label("Thought 2", exact=True).fill(HOT)
    page.get_by_label("Thought 2", exact=True).blur()
    page.get_by_role("radio", name=HOT[:40]).check()
    page.get_by_role("button", name="Next").click()

    # 4-5. evidence, with the hot thought kept in view
    recall = page.locator(".cbt-recall-box").filter(has_text=HOT).first
    recall.wait_for()
    page.get_by_label("Evidence for the hot thought").fill("I missed the deadline on Friday.")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Evidence against the hot thought").fill(
        "My last review was good and I fixed the problem by Monday."
    )
    page.get_by_role("button", name="Next").click()

    # 6. balanced thought and belief
    page.get_by_label("Balanced thought").fill(
        "I made one mistake, and I usually do good work; one late report will not cost me my job."
    )
    page.get_by_role("button", name="Next").click()

    # 7. the same moods, re-rated
    expect(page.get_by_label("Mood 1", exact=True).last).to_have_value("anxious")
    page.screenshot(path=artifacts / "last-step.png", full_page=True)
    page.get_by_role("button", name="Submit").click()

    page.get_by_text("Well done: your record is complete").wait_for()
    summary = page.locator(".cbt-summary")
    assert SITUATION in summary.inner_text()  # shown as text, not as markup
    assert summary.locator("b").count() == 0
    assert HOT in summary.inner_text()
    page.locator(".cbt-summary .js-plotly-plot").first.wait_for()
    page.screenshot(path=artifacts / "summary.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download (JSON)").click()
    target = artifacts / download_info.value.suggested_filename
    download_info.value.save_as(target)
    record = json.loads(target.read_text(encoding="utf-8"))
    assert record["exercise"] == "thought_record"
    assert record["answers"]["situation"] == SITUATION
    thoughts = record["answers"]["automatic_thoughts"]
    assert thoughts["thoughts"][thoughts["hot"]]["text"] == HOT
    assert [m["name"] for m in record["answers"]["moods"]] == ["anxious", "ashamed"]

    with page.expect_download() as markdown_info:
        page.get_by_role("link", name="Download (Markdown)").click()
    markdown = Path(markdown_info.value.path()).read_text(encoding="utf-8")
    assert "# Thought record" in markdown
    assert HOT in markdown

    assert page.requests.external() == [], "the page must load nothing from other hosts"
    assert page.page_errors == []


def test_unknown_exercise_is_explained(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/voila/render/client.ipynb?exercise=nope")
    page.get_by_role("heading", name="We could not find this exercise").wait_for(timeout=60_000)
    assert page.requests.external() == []


def test_going_forward_the_balanced_step_shows_ideas_and_questions(  # type: ignore[no-untyped-def]
    page, server: str, artifacts: Path
) -> None:
    open_page(page, server, "exercise=thought_record")
    page.get_by_label("What happened?").fill("My manager asked to see me on Friday")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Mood 1", exact=True).fill("ashamed")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Thought 1", exact=True).fill("My manager must regret hiring me")
    page.get_by_label("Thought 1", exact=True).blur()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Evidence for the hot thought").fill("She frowned in the meeting.")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Evidence against the hot thought").fill(
        "My manager gave me the new client last week."
    )
    page.get_by_role("button", name="Next").click()

    # step 6, reached only by going forward: questions and ideas are there (the first analysis
    # in a fresh kernel loads the suggestion engine: give it time on a busy machine)
    expect(page.get_by_text("Questions to help you write your own")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Show balanced-thought ideas").click()
    ideas = page.locator(".cbt-idea")
    expect(ideas.first).to_be_visible()
    assert ideas.count() >= 2
    expect(ideas.first).to_contain_text("My manager gave me the new client last week.")
    ideas.last.scroll_into_view_if_needed()
    page.locator(".cbt-ai").last.screenshot(path=artifacts / "balanced-step-ideas.png")
    page.get_by_role("button", name="Use idea 1").click()
    expect(page.get_by_label("Balanced thought")).to_have_value(
        re.compile(r"My manager gave me the new client last week\.")
    )
    assert page.page_errors == []
