"""The crisis path in a real browser, on assignment links and in practice mode.

Crisis language typed into a thought record shows one panel with ``tel:`` links and no
suggestions, and the therapist's dashboard shows the alert before anything is submitted; the
check question's three answers each do what they should; practice mode never promises a
therapist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "a long crisis test password"
CODE = "K-11"


def load(page: Any, url: str, ready: Any) -> None:
    page.goto(url)
    ready(page).wait_for(timeout=60_000)


def client_page(browser: Any, url: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(30_000)
    load(page, url, lambda p: p.get_by_label("What happened?"))
    return context, page


def test_crisis_language_on_an_assignment_link(
    browser: Any, server: str, served_store: Any, artifacts: Path
) -> None:
    from toolkit.store import CLI

    served_store.add_therapist("dr-okafor", PASSWORD)
    served_store.add_client(CLI, CODE, therapist="dr-okafor")
    secret = served_store.assign(CLI, CODE, ["thought_record"]).secret
    context, page = client_page(browser, f"{server}/voila/render/client.ipynb?assignment={secret}")
    page.get_by_label("What happened?").fill("Sunday evening, alone in the flat")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Mood 1", exact=True).fill("empty")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Thought 1", exact=True).fill("I have decided to end my life this weekend")
    panel = page.locator(".cbt-msg-crisis")
    expect(panel).to_have_count(1)  # one panel, not two
    expect(panel.locator('a[href="tel:988"]').first).to_be_visible()
    expect(panel.locator('a[href="sms:988"]').first).to_be_visible()
    expect(page.get_by_text("Possible thinking traps")).to_have_count(0)
    expect(page.get_by_role("button", name="Continue the worksheet anyway")).to_be_visible()
    expect(page.get_by_label("Thought 1", exact=True)).to_be_hidden()  # the worksheet pauses
    page.screenshot(path=artifacts / "client-crisis-panel.png", full_page=True)

    # the therapist's dashboard has the alert already: nothing was submitted
    therapist = browser.new_context(viewport={"width": 1200, "height": 900})
    tpage = therapist.new_page()
    tpage.set_default_timeout(30_000)
    load(tpage, f"{server}/voila/render/therapist.ipynb", lambda p: p.get_by_label("Password"))
    tpage.get_by_label("Username").fill("dr-okafor")
    tpage.get_by_label("Password").fill(PASSWORD)
    tpage.get_by_role("button", name="Log in").click()
    expect(tpage.get_by_text("before submitting").first).to_be_visible(timeout=30_000)
    expect(tpage.get_by_text("end my life")).to_have_count(0)  # never the client's words
    tpage.screenshot(path=artifacts / "therapist-crisis-alert.png", full_page=True)
    therapist.close()

    # "Continue the worksheet anyway" is possible, quietly
    page.get_by_role("button", name="Continue the worksheet anyway").click()
    expect(page.get_by_label("Thought 1", exact=True)).to_be_visible()
    expect(page.locator(".cbt-msg-crisis")).to_have_count(1)
    context.close()


@pytest.mark.parametrize(
    ("answer", "goes_on"), [("No", True), ("Yes", False), ("I'd rather not say", False)]
)
def test_each_answer_of_the_check_question(
    browser: Any, server: str, served_store: Any, artifacts: Path, answer: str, goes_on: bool
) -> None:
    from toolkit.store import CLI

    code = f"Q-{len(answer)}"
    served_store.add_therapist(f"dr-{len(answer)}", PASSWORD)
    served_store.add_client(CLI, code, therapist=f"dr-{len(answer)}")
    secret = served_store.assign(CLI, code, ["thought_record"]).secret
    context, page = client_page(browser, f"{server}/voila/render/client.ipynb?assignment={secret}")
    page.get_by_label("What happened?").fill("Home alone again. I just want to disappear.")
    expect(page.get_by_text("Are you having thoughts of ending your life?")).to_be_visible()
    expect(
        page.locator('.cbt-check-lines a[href="tel:988"]').first
    ).to_be_visible()  # already there
    expect(page.get_by_label("What happened?")).to_be_hidden()
    if answer == "No":
        page.screenshot(path=artifacts / "client-check-question.png", full_page=True)
    page.get_by_role("button", name=answer, exact=True).click()
    if goes_on:
        expect(page.get_by_label("What happened?")).to_be_visible()
        expect(page.get_by_text("Thank you for telling us")).to_be_visible()
    else:
        expect(page.get_by_role("button", name="Continue the worksheet anyway")).to_be_visible()
        expect(page.get_by_label("What happened?")).to_be_hidden()
    context.close()
    tiers = set()
    from toolkit.store.repository import parse_crisis_detail

    therapist = served_store.login(f"dr-{len(answer)}", PASSWORD).therapist
    for alert in served_store.alerts(therapist):
        tiers.add(parse_crisis_detail(alert.detail)["tier"])
    assert tiers == ({"check"} if goes_on else {"check", "crisis"})


def test_practice_mode_shows_resources_only(browser: Any, server: str, artifacts: Path) -> None:
    context, page = client_page(
        browser, f"{server}/voila/render/client.ipynb?exercise=thought_record"
    )
    page.get_by_label("What happened?").fill("I want to kill myself")
    panel = page.locator(".cbt-msg-crisis")
    expect(panel).to_have_count(1)
    expect(panel.locator('a[href="tel:988"]').first).to_be_visible()
    assert "therapist" not in panel.inner_text().lower()
    page.screenshot(path=artifacts / "practice-crisis-panel.png", full_page=True)
    context.close()
