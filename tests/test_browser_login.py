"""A therapist's login in a real browser: it survives a reload and a new tab, `?client=CODE`
opens that client, and logging out ends it everywhere."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import expect

from toolkit.store import CLI, AlreadyExists

pytestmark = pytest.mark.browser
PASSWORD = "a long tab password"
SHOTS = Path("/work/wt/shots")


def shot(page, artifacts: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    if SHOTS.is_dir():
        page.screenshot(path=SHOTS / f"therapist-server-{name}.png", full_page=True)


def test_login_survives_reload_and_tabs_until_logout(  # type: ignore[no-untyped-def]
    browser, server: str, served_store, artifacts: Path
) -> None:
    with contextlib.suppress(AlreadyExists):
        served_store.add_therapist("dr-tabs", PASSWORD)
        served_store.add_client(CLI, "TAB-1", therapist="dr-tabs")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    therapist = f"{server}/voila/render/therapist.ipynb"

    page.goto(therapist)
    page.get_by_label("Password").wait_for()
    shot(page, artifacts, "login")
    page.get_by_label("Username").fill("dr-tabs")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")  # Enter submits the login
    expect(page.get_by_text("Logged in as")).to_be_visible(timeout=60_000)
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["cbt_session"]["httpOnly"] is True
    assert cookies["cbt_session"]["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("cbt_session") == -1, "not readable by script"

    page.reload()
    expect(page.get_by_text("Logged in as")).to_be_visible(timeout=60_000)
    expect(page.get_by_label("Password")).to_have_count(0)

    other = context.new_page()
    other.set_default_timeout(60_000)
    other.goto(f"{therapist}?client=TAB-1")
    expect(other.get_by_role("heading", name="Client TAB-1")).to_be_visible(timeout=60_000)
    expect(other.get_by_label("Password")).to_have_count(0)
    shot(other, artifacts, "client-tab")

    other.get_by_role("button", name="Log out").click()
    expect(other.get_by_text("You are logged out.")).to_be_visible(timeout=60_000)
    page.reload()
    page.get_by_label("Password").wait_for()
    expect(page.get_by_text("Your session ended. Please log in again.")).to_be_visible(
        timeout=60_000
    )
    shot(page, artifacts, "after-logout")
    context.close()
