"""The therapist's compact client page in a real browser: an ordered two-part bundle, the
link copied with the Copy button, a submission made meanwhile appearing by itself, and a
comment saved without the page jumping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from toolkit.store import open_store

pytestmark = pytest.mark.browser
PASSWORD = "a long therapist password"
CODE = "M-27"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "img"


SCROLL_TOP = """(element) => {
  let node = element.parentElement;
  while (node && !(node.scrollHeight > node.clientHeight
                   && ['auto', 'scroll'].includes(getComputedStyle(node).overflowY))) {
    node = node.parentElement;
  }
  return (node || document.scrollingElement).scrollTop;
}"""
"""How far the element's scrolling box is scrolled (Voila's page scrolls in a panel of its
shell, not the window: ``window.scrollY`` stays 0)."""


CUT_BUTTONS = (
    "[...document.querySelectorAll('button')].filter(b => b.offsetParent &&"
    " b.scrollWidth > b.clientWidth + 1).map(b => b.textContent)"
)
"""The visible buttons whose label does not fit (cut to "Sh…")."""


def load(page, url: str, ready) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    ready(page).wait_for(timeout=60_000)


def test_compact_client_page_bundle_copy_live_and_comment(  # type: ignore[no-untyped-def]
    browser, server: str, served_store, database_url: str, artifacts: Path
) -> None:
    expect.set_options(timeout=30_000)
    served_store.add_therapist("dr-mensah", PASSWORD)
    seed_history(database_url)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tpage = context.new_page()
    tpage.set_default_timeout(30_000)

    # the page opens the client named in the address, right after login
    load(
        tpage,
        f"{server}/voila/render/therapist.ipynb?client={CODE}",
        lambda p: p.get_by_label("Password"),
    )
    tpage.get_by_label("Username").fill("dr-mensah")
    tpage.get_by_label("Password").fill(PASSWORD)
    tpage.get_by_role("button", name="Log in").click()
    # the login page hands over to a freshly started kernel: slow on a loaded machine
    expect(tpage.get_by_role("heading", name=f"Client {CODE} — Robin")).to_be_visible(
        timeout=120_000
    )
    for section in ("Progress", "Assign", "Assignments", "Submissions", "Export and erase"):
        expect(
            tpage.get_by_role("navigation").get_by_role("link", name=section, exact=True)
        ).to_be_visible()
    expect(tpage.get_by_role("button", name="AI suggestions: on")).to_be_visible()
    expect(tpage.locator(".cbt-updated")).to_contain_text("updated ")
    # submissions are collapsed cards
    expect(tpage.get_by_text("Little interest or pleasure in doing things").first).to_be_hidden()
    tpage.screenshot(path=SCREENSHOTS / "therapist-client-desktop.png", full_page=False)

    # an ordered two-part bundle: GAD-7 first, then the thought record
    tpage.get_by_label("Search exercises").fill("gad-7")
    tpage.get_by_role("checkbox", name="GAD-7", exact=True).check()
    tpage.get_by_label("Search exercises").fill("thought")
    tpage.get_by_role("checkbox", name="Thought record", exact=True).check()
    expect(tpage.locator(".cbt-bundle li")).to_have_text(["GAD-7", "Thought record"])
    tpage.get_by_role("button", name="Create link").click()
    expect(tpage.locator(".cbt-link-card")).to_be_visible()
    tpage.locator(".cbt-link-card").screenshot(path=artifacts / "therapist-link-card.png")
    copy = tpage.get_by_role("button", name="Copy link")
    copy.click()
    expect(tpage.get_by_role("button", name="Copied")).to_be_visible()
    link = tpage.evaluate("navigator.clipboard.readText()")
    assert "/voila/render/client.ipynb?assignment=" in link
    expect(tpage.locator(".cbt-qr svg")).to_be_visible()
    assert tpage.get_by_role("button", name="Email it").count() == 0  # no mail configured

    # the client opens the link on a phone: GAD-7 comes first, and submits it
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    cpage = phone.new_page()
    cpage.set_default_timeout(30_000)
    load(cpage, link, lambda p: p.get_by_text("Feeling nervous, anxious or on edge").first)
    for number in range(1, 9):  # one question per screen (an answer moves on); the first answer
        # seven scored questions are counted, the unscored "how difficult" one follows them
        counter = f"Question {number} of 7" if number <= 7 else "One more question"
        expect(cpage.get_by_text(counter)).to_be_visible()
        cpage.locator("input[type=radio]:visible").first.check()
    cpage.get_by_role("button", name="Submit").click()
    expect(cpage.get_by_text("Continue to the next part").first).to_be_visible()
    phone.close()

    # ... and it appears on the therapist's page by itself, within 30 s
    expect(tpage.locator(".cbt-card-summary").filter(has_text="GAD-7 — 0")).to_be_visible(
        timeout=30_000
    )

    # a comment is saved in place: the page does not jump
    card = tpage.locator(".cbt-submission").filter(has_text="GAD-7 — 0")
    card.get_by_role("button", name="Show").click()
    box = card.get_by_label("Comment on GAD-7")
    box.fill("Good to see this settle.")
    add = card.get_by_role("button", name="Add comment")
    # in view before the click: Playwright scrolls a button into view to click it, which
    # would move the page by itself
    add.scroll_into_view_if_needed()
    before = box.evaluate(SCROLL_TOP)
    assert before > 0, "the page scrolled to the comment box"
    add.click()
    expect(card.get_by_text("Comment saved.")).to_be_in_viewport()
    expect(card.get_by_text("Good to see this settle.")).to_be_in_viewport()
    assert box.evaluate(SCROLL_TOP) == before, "the scroll position stays exactly"
    tpage.screenshot(path=artifacts / "therapist-comment.png")

    # Revoke asks first
    tpage.get_by_role("button", name="Revoke").first.click()
    expect(tpage.get_by_role("button", name="Yes, revoke")).to_be_visible()
    tpage.get_by_role("button", name="Keep the link").click()

    # no button is cut at 1366 px
    assert tpage.evaluate(CUT_BUTTONS) == []
    tpage.locator(".cbt-picker").screenshot(path=artifacts / "therapist-picker.png")

    # the dashboard lists the client as a link to their own page
    tpage.get_by_role("button", name="Back to all clients").click()
    row_link = tpage.get_by_role("link", name=f"{CODE} (Robin)")
    expect(row_link).to_have_attribute("href", f"therapist.ipynb?client={CODE}")
    tpage.screenshot(path=artifacts / "therapist-dashboard.png", full_page=True)
    context.close()

    # the same page on a phone
    small = browser.new_context(viewport={"width": 390, "height": 844})
    spage = small.new_page()
    spage.set_default_timeout(30_000)
    load(
        spage,
        f"{server}/voila/render/therapist.ipynb?client={CODE}",
        lambda p: p.get_by_label("Password"),
    )
    spage.get_by_label("Username").fill("dr-mensah")
    spage.get_by_label("Password").fill(PASSWORD)
    spage.get_by_role("button", name="Log in").click()
    try:
        expect(spage.get_by_role("heading", name=f"Client {CODE} — Robin")).to_be_visible(
            timeout=120_000
        )
    finally:
        spage.screenshot(path=artifacts / "phone-debug.png")
    spage.screenshot(path=SCREENSHOTS / "therapist-client-phone.png", full_page=False)
    spage.locator(".cbt-submission").first.get_by_role("button", name="Show").click()
    expect(spage.get_by_role("button", name="Hide")).to_be_visible()
    assert spage.evaluate(CUT_BUTTONS) == [], "no button is cut on a phone either"
    assert spage.evaluate("document.documentElement.scrollWidth") <= 390
    small.close()


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def seed_history(database_url: str) -> None:
    """Eight weeks of PHQ-9, GAD-7 and WHO-5, written week by week in the past."""
    clock = Clock(dt.datetime.now(dt.UTC) - dt.timedelta(weeks=8))
    store = open_store(database_url, clock=clock)
    me = store.therapist("dr-mensah")
    store.add_client(me, CODE, display_name="Robin")
    for phq, gad, who in [
        (17, 13, 7),
        (16, 12, 8),
        (14, 11, 9),
        (13, 9, 10),
        (11, 8, 12),
        (9, 7, 14),
        (8, 6, 15),
        (7, 5, 16),
    ]:
        for measure, total, items, top in (
            ("phq9", phq, 9, 3),
            ("gad7", gad, 7, 3),
            ("who5", who, 5, 5),
        ):
            answers = [0] * items
            left = total
            for index in range(items):
                answers[index] = min(top, left)
                left -= answers[index]
            store.submit(store.assign(me, CODE, [measure]).secret, measure, answers)
        clock.now += dt.timedelta(weeks=1)
    store.close()
