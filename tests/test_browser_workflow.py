"""The therapist workflow in a real browser: assign, complete via the link (with a closed tab
in between), review, comment and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "a long test password"
CODE = "J-07"
WORDS = {
    "situation": "Waiting for the dentist, phone battery dead",
    "thought": "Something will go badly wrong in there",
    "for": "Last time it hurt a bit",
    "against": "The dentist explained every step and stopped when I asked",
    "balanced": "It may be uncomfortable, and I can ask them to pause",
}


def load(page, url: str, ready) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    ready(page).wait_for(timeout=60_000)


def test_assign_complete_review_export(browser, server: str, served_store, artifacts: Path) -> None:  # type: ignore[no-untyped-def]
    served_store.add_therapist("dr-rivera", PASSWORD)
    therapist = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    tpage = therapist.new_page()
    tpage.set_default_timeout(30_000)
    external: list[str] = []
    tpage.on(
        "request",
        lambda r: (
            external.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )

    # the therapist logs in, adds a client and assigns a thought record
    load(tpage, f"{server}/voila/render/therapist.ipynb", lambda p: p.get_by_label("Password"))
    tpage.get_by_label("Username").fill("dr-rivera")
    tpage.get_by_label("Password").fill(PASSWORD)
    tpage.get_by_role("button", name="Log in").click()
    tpage.get_by_label("New client code").fill(CODE)
    tpage.get_by_role("button", name="Add client").click()
    expect(tpage.get_by_role("heading", name=f"Client {CODE}")).to_be_visible(timeout=30_000)
    tpage.get_by_role("checkbox", name="Thought record", exact=True).check()
    tpage.get_by_role("button", name="Create link").click()
    link_box = tpage.locator(".cbt-link-text code")
    link_box.wait_for()
    link = link_box.inner_text()
    assert "/voila/render/client.ipynb?assignment=" in link
    tpage.screenshot(path=artifacts / "therapist-assign.png", full_page=True)

    # the client starts, and closes the tab half way
    client = browser.new_context(viewport={"width": 390, "height": 844})
    cpage = client.new_page()
    cpage.set_default_timeout(30_000)
    load(cpage, link, lambda p: p.get_by_label("What happened?"))
    cpage.get_by_label("What happened?").fill(WORDS["situation"])
    expect(cpage.get_by_text("Draft saved")).to_be_visible()
    client.close()

    # ... reopens the same link later: the draft is back
    client = browser.new_context(viewport={"width": 390, "height": 844})
    cpage = client.new_page()
    cpage.set_default_timeout(30_000)
    load(cpage, link, lambda p: p.get_by_label("What happened?"))
    expect(cpage.get_by_label("What happened?")).to_have_value(WORDS["situation"])
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Mood 1", exact=True).fill("nervous")
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Thought 1", exact=True).fill(WORDS["thought"])
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Evidence for the hot thought").fill(WORDS["for"])
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Evidence against the hot thought").fill(WORDS["against"])
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Balanced thought").fill(WORDS["balanced"])
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_role("button", name="Submit").click()
    expect(cpage.get_by_text("Submitted — thank you").first).to_be_visible(timeout=30_000)
    cpage.screenshot(path=artifacts / "client-submitted.png", full_page=True)
    client.close()

    # a submitted one-off link opens nothing more
    client = browser.new_context()
    cpage = client.new_page()
    load(cpage, link, lambda p: p.get_by_role("heading", name="Already sent — thank you"))
    client.close()

    # the therapist sees it, comments, exports
    tpage.get_by_role("button", name="Back to all clients").click()
    tpage.get_by_role("button", name="Open client").click()
    tpage.get_by_role("button", name="Show").first.click()  # submissions are collapsed cards
    expect(tpage.get_by_text(WORDS["against"])).to_be_visible()
    tpage.get_by_label("Comment on Thought record").fill("Nice work spotting the evidence.")
    tpage.get_by_role("button", name="Add comment").click()
    expect(tpage.get_by_text("Nice work spotting the evidence.")).to_be_visible()
    tpage.get_by_role("button", name="Prepare export").click()
    with tpage.expect_download() as info:
        tpage.get_by_role("link", name="Download JSON").click()
    exported = Path(info.value.path()).read_text(encoding="utf-8")
    json.loads(exported)
    for text in WORDS.values():
        assert text in exported
    tpage.screenshot(path=artifacts / "therapist-review.png", full_page=True)
    assert external == []
    therapist.close()
