"""Stored XSS in a real browser: script and onerror payloads in every text field of a thought
record sent through an assignment link, in the client's display name, the instructions and a
comment. Nothing may run; the payloads must be visible as text on the client's summary and on
the therapist's review. Afterwards the server log holds no password, secret or client text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "xss test password, long enough"
CODE = "XSS-1"
IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=1</script>"


def payload(marker: str) -> str:
    return f"{marker} {IMG} {SCRIPT}"


FIELDS = {
    "What happened?": payload("Situation-Quince"),
    "Evidence for the hot thought": payload("For-Quince"),
    "Evidence against the hot thought": payload("Against-Quince"),
    "Balanced thought": payload("Balanced-Quince"),
}
THOUGHTS = [payload("Thought1-Quince"), payload("Thought2-Quince")]
MOOD = f"sad{IMG}"
NAME = payload("Name-Quince")[:200]
NOTE = payload("Note-Quince")
COMMENT = payload("Comment-Quince")


def load(page: Any, url: str, ready: Any) -> None:
    page.goto(url)
    ready(page).wait_for(timeout=60_000)


def assert_not_pwned(page: Any) -> None:
    page.wait_for_timeout(300)  # give any injected onerror a chance to fire
    assert page.evaluate("() => typeof window.__pwned") == "undefined"


def test_payloads_stay_text_for_client_and_therapist(
    browser: Any, server: str, served_store: Any, data_dir: Path, artifacts: Path
) -> None:
    from toolkit.store import CLI

    served_store.add_therapist("dr-xss", PASSWORD)
    served_store.add_client(CLI, CODE, therapist="dr-xss", display_name=NAME)
    secret = served_store.assign(CLI, CODE, ["thought_record"], instructions=NOTE).secret
    link = f"{server}/voila/render/client.ipynb?assignment={secret}"

    # the client fills every text field with payloads and submits
    client = browser.new_context(viewport={"width": 1000, "height": 900})
    cpage = client.new_page()
    cpage.set_default_timeout(30_000)
    load(cpage, link, lambda p: p.get_by_label("What happened?"))
    expect(cpage.get_by_text("Note-Quince", exact=False).first).to_be_visible()
    cpage.get_by_label("What happened?").fill(FIELDS["What happened?"])
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Mood 1", exact=True).fill(MOOD)
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Thought 1", exact=True).fill(THOUGHTS[0])
    cpage.get_by_role("button", name="Add another thought").click()
    cpage.get_by_label("Thought 2", exact=True).fill(THOUGHTS[1])
    cpage.get_by_role("radio").first.check()
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Evidence for the hot thought").fill(FIELDS["Evidence for the hot thought"])
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Evidence against the hot thought").fill(
        FIELDS["Evidence against the hot thought"]
    )
    cpage.get_by_role("button", name="Next").click()
    cpage.get_by_label("Balanced thought").fill(FIELDS["Balanced thought"])
    cpage.get_by_role("button", name="Next").click()
    assert_not_pwned(cpage)
    cpage.get_by_role("button", name="Submit").click()
    expect(cpage.get_by_text("Submitted — thank you").first).to_be_visible(timeout=30_000)
    # the client's own summary shows every payload as text
    for text in [*FIELDS.values(), *THOUGHTS]:
        expect(cpage.get_by_text(text, exact=False).first).to_be_visible()
    assert_not_pwned(cpage)
    cpage.screenshot(path=artifacts / "client-summary.png", full_page=True)
    client.close()

    # the therapist logs in, opens the client, reads the submission, comments
    therapist = browser.new_context(viewport={"width": 1200, "height": 900})
    tpage = therapist.new_page()
    tpage.set_default_timeout(30_000)
    load(tpage, f"{server}/voila/render/therapist.ipynb", lambda p: p.get_by_label("Password"))
    tpage.get_by_label("Username").fill("dr-xss")
    tpage.get_by_label("Password").fill(PASSWORD)
    tpage.get_by_role("button", name="Log in").click()
    expect(tpage.locator("td", has_text=NAME)).to_be_visible(timeout=30_000)
    assert_not_pwned(tpage)
    tpage.get_by_role("button", name="Open client").click()
    expect(tpage.get_by_role("heading", name=f"Client {CODE}", exact=False)).to_be_visible(
        timeout=30_000
    )
    assert_not_pwned(tpage)
    tpage.get_by_role("button", name="Show").first.click()  # submissions are collapsed cards
    for text in [*FIELDS.values(), *THOUGHTS]:
        expect(tpage.get_by_text(text, exact=False).first).to_be_visible()
    tpage.get_by_label("Comment on Thought record").fill(COMMENT)
    tpage.get_by_role("button", name="Add comment").click()
    expect(tpage.get_by_text(COMMENT, exact=False).first).to_be_visible()
    assert_not_pwned(tpage)
    tpage.screenshot(path=artifacts / "therapist-review.png", full_page=True)
    therapist.close()

    # the server log (kernels' stderr included) holds no password, secret or client text
    log = (data_dir / "server.log").read_text(encoding="utf-8", errors="replace")
    for forbidden in (PASSWORD, secret, "Quince", "__pwned"):
        assert forbidden not in log
