"""The client page on a phone (390 × 844) and a laptop (1366 × 900), in a real browser: the
first answer on the first screen of every part of a bundle with a long note, touch-sized
controls, a practice activity plan kept only in the browser, and fields that pick from rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers_layout import too_small
from playwright.sync_api import expect

from toolkit.store import CLI

pytestmark = pytest.mark.browser
LONG_NOTE = (
    "Thanks for coming in on Tuesday. Please fill in the PHQ-9 first, it only takes a couple "
    "of minutes, and then the thought record about the meeting we talked about. Take your time "
    "with the thought record and do not worry about getting it perfect. If anything feels too "
    "much, stop and we will go through it together next week."
)
SIZES = {"phone": (390, 844), "laptop": (1366, 900)}
PLAN = "Walk round the park with Sam"

FIRST_ANSWER_TOP = """() => {
  const el = [...document.querySelectorAll(
    '.cbt-page input:not([type=hidden]), .cbt-page textarea, .cbt-page select')]
    .find(e => e.offsetParent !== null && e.getBoundingClientRect().height > 0);
  return el ? el.getBoundingClientRect().top + window.scrollY : null;
}"""


def first_answer_top(page) -> float:  # type: ignore[no-untyped-def]
    top = page.evaluate(FIRST_ANSWER_TOP)
    assert top is not None, "no answer control on the page"
    return float(top)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_part_of_a_bundle_starts_on_the_first_screen(  # type: ignore[no-untyped-def]
    browser, server: str, served_store, artifacts: Path, size: str
) -> None:
    width, height = SIZES[size]
    code = f"UX-{size}"
    served_store.add_therapist(f"dr-ux-{size}", "a long test password")
    served_store.add_client(CLI, code, therapist=f"dr-ux-{size}")
    secret = served_store.assign(
        CLI, code, ["phq9", "thought_record"], instructions=LONG_NOTE
    ).secret
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/voila/render/client.ipynb?assignment={secret}")
    progress = page.locator(".cbt-parts")
    expect(progress).to_contain_text("Part 1 of 2 · PHQ-9", timeout=60_000)
    page.wait_for_timeout(500)
    # part 1: the note folds to three lines on a first visit; question 1 is on the first screen
    assert first_answer_top(page) < height * 2 / 3
    assert too_small(page) == []
    expect(page.get_by_role("button", name="Submit")).to_be_hidden()  # not from question 1
    page.screenshot(path=artifacts / "part1.png")

    cards = page.locator(".cbt-questionnaire .cbt-item")
    for index in range(cards.count()):
        card = cards.nth(index)
        expect(card).to_be_visible()  # on a phone, answering moves on to the next question
        card.locator(".widget-radio-box label").first.click()
    submit = page.get_by_role("button", name="Submit")
    expect(submit).to_be_visible()
    submit.click()
    expect(page.get_by_text("Submitted — thank you")).to_be_visible()
    expect(progress).to_contain_text("Part 1 of 2")  # still part 1 while its result shows
    download = page.get_by_role("link", name="Download (JSON)")
    assert download.evaluate("e => getComputedStyle(e).backgroundColor") in {
        "rgba(0, 0, 0, 0)",
        "transparent",
    }, "the download is a quiet secondary action, not a filled button"
    page.get_by_role("button", name="Continue to the next part").click()

    # part 2: the note and the introduction are one line each
    expect(progress).to_contain_text("Part 2 of 2 · Thought record")
    page.get_by_label("What happened?").wait_for()
    page.wait_for_timeout(300)
    assert first_answer_top(page) < height * 2 / 3
    assert too_small(page) == []
    page.screenshot(path=artifacts / "part2.png")
    # the moods step: a name box, the intensity slider's handle and Remove/Add buttons
    page.get_by_label("What happened?").fill("The weekly meeting ran late")
    page.get_by_label("What happened?").press("Tab")
    page.get_by_role("button", name="Next").click()
    page.locator(".noUi-handle").first.wait_for()
    assert page.locator(".noUi-handle").first.bounding_box()["height"] >= 24  # type: ignore[index]
    # the track is there to drag along (it once had no width: the handle sat at 0 showing 50)
    track = page.locator(".widget-hslider .slider").first.bounding_box()
    assert track is not None
    assert track["width"] >= 100, track
    handle = page.locator(".noUi-handle").first
    expect(handle).to_have_attribute("aria-valuenow", "50.0")
    page.mouse.click(track["x"] + track["width"] - 2, track["y"] + track["height"] / 2)
    expect(handle).to_have_attribute("aria-valuenow", "100.0")
    assert too_small(page) == []
    assert errors == []
    context.close()


def test_practice_activity_plan_is_kept_only_in_this_browser(  # type: ignore[no-untyped-def]
    browser, server: str, served_store, database_url: str, data_dir: Path, artifacts: Path
) -> None:
    assert served_store is not None  # the served database exists, with its tables
    database = database_url.removeprefix("sqlite:///")

    def stored_rows() -> int:
        """Drafts and submissions of this worksheet on the server (no assignment uses it)."""
        with sqlite3.connect(database) as db:
            query = "SELECT count(*) FROM responses WHERE exercise_id = 'activity_schedule'"
            return int(db.execute(query).fetchone()[0])

    before = stored_rows()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    url = f"{server}/voila/render/client.ipynb?exercise=activity_schedule"
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    expect(page.get_by_text("kept only on this device")).to_be_visible(timeout=60_000)
    assert too_small(page) == []
    page.get_by_label("Planned activity *").first.fill(PLAN)
    page.get_by_label("Time").first.fill("10.30")
    expect(page.get_by_text("Kept on this device at")).to_be_visible()
    key = "cbt-toolkit:practice:activity_schedule"
    assert PLAN in page.evaluate(f"localStorage.getItem({key!r})")
    page.close()  # the tab is closed …

    page = context.new_page()  # … and opened again in the same browser profile
    page.set_default_timeout(30_000)
    page.goto(url)
    expect(page.get_by_text("kept on this device are back")).to_be_visible(timeout=60_000)
    expect(page.get_by_label("Planned activity *").first).to_have_value(PLAN)
    expect(page.get_by_label("Time").first).to_have_value("10:30")  # kept as HH:MM
    page.screenshot(path=artifacts / "resumed.png", full_page=True)

    # nothing of it reached the server's database or its log
    assert stored_rows() == before == 0
    log = (data_dir / "server.log").read_text(encoding="utf-8", errors="replace")
    assert PLAN not in log

    page.get_by_role("button", name="Forget what this device kept").click()
    expect(page.get_by_text("Forgotten: this device keeps nothing")).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate(f"localStorage.getItem({key!r})") is None
    page.close()
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_text("kept only on this device")).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1500)
    expect(page.get_by_label("Planned activity *").first).to_have_value("")
    context.close()


def test_ladder_enter_moves_on_and_the_first_step_is_picked(  # type: ignore[no-untyped-def]
    browser, server: str, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/voila/render/client.ipynb?exercise=exposure_ladder")
    page.get_by_label("What would you like to be able to do?").fill(
        "Take the bus into town on a Saturday", timeout=60_000
    )
    fear = page.get_by_label("What fear or worry is this ladder about?")
    fear.fill("Crowded places")
    fear.press("Enter")  # a one-line box: Enter goes to the next step
    expect(page.get_by_role("heading", name="2. The steps")).to_be_visible()
    steps = page.get_by_label("Situation")
    for index, text in enumerate(["Busy shop at noon", "Bus stop, five minutes", "Short bus ride"]):
        steps.nth(index).fill(text)
    steps.nth(2).press("Enter")  # inside a row Enter does nothing surprising
    expect(page.get_by_role("heading", name="2. The steps")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    pick = page.get_by_role("radio", name="Bus stop, five minutes")
    expect(pick).to_be_visible()
    expect(page.get_by_role("radio", name="Busy shop at noon")).to_be_visible()
    pick.check()
    assert too_small(page) == []
    page.screenshot(path=artifacts / "pick.png", full_page=True)
    page.get_by_role("button", name="Submit").click()
    done = page.get_by_text("Well done: your record is complete")
    expect(done).to_be_visible(timeout=30_000)
    expect(page.locator(".cbt-answers")).to_contain_text("Bus stop, five minutes")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.get_by_role("link", name="Download (PDF)").wait_for(timeout=30_000)  # made just after
    page.screenshot(path=artifacts / "summary.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download (PDF)").click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert info.value.suggested_filename.endswith(".pdf")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Download (PDF)")).to_be_hidden()
    expect(page.locator(".cbt-answers")).to_be_visible()
    page.screenshot(path=artifacts / "print.png", full_page=True)
    context.close()
