"""The therapist page in a real browser, served by a `cbt serve` set to a clinic far from UTC
(``CBT_TIMEZONE=Pacific/Auckland``) with mail through a real local SMTP server (STARTTLS and
a login, tests/helpers_smtp.py): every date shown is the clinic's, the AI switch says its
state, a comment is shared with the client and unshared, the link card's "Email it" delivers
the link, and `cbt remind` then reminds the same address once, without a link."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers_smtp import SmtpServer, free_port, running_smtp
from helpers_stack import wait_for_http
from playwright.sync_api import expect

from toolkit.store import CLI, open_store

pytestmark = pytest.mark.browser
PASSWORD = "a long therapist password"
THERAPIST = "dr-tane"
CODE = "Z-9"
ADDRESS = "aroha.client@example.org"
ZONE = "Pacific/Auckland"
SECRET_KEY = "zone and mail browser test key: not a real secret"
SUBMITTED = dt.datetime(2026, 3, 14, 11, 30, tzinfo=dt.UTC)
"""11:30 UTC on 14 March is 00:30 on 15 March in Auckland (NZDT, UTC+13)."""
PHQ9_ITEM9 = [1, 1, 1, 1, 1, 1, 1, 1, 1]


@dataclass
class Served:
    base: str
    env: dict[str, str]
    database_url: str
    smtp: SmtpServer


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def seed(database_url: str) -> None:
    """A client with a PHQ-9 (item 9 answered: an alert) and a comment, near midnight in
    Auckland."""
    clock = Clock(SUBMITTED)
    store = open_store(database_url, secret_key=SECRET_KEY, clock=clock)
    store.add_therapist(THERAPIST, PASSWORD)
    me = store.therapist(THERAPIST)
    store.add_client(me, CODE, display_name="Aroha")
    receipt = store.submit(store.assign(me, CODE, ["phq9"]).secret, "phq9", PHQ9_ITEM9)
    clock.now = SUBMITTED + dt.timedelta(minutes=10)
    store.add_comment(me, receipt.response_id, "Let us talk about sleep next time.")
    store.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Its own `cbt serve` (Auckland time, mail on), stopped at the end."""
    folder = tmp_path_factory.mktemp("zone-mail")
    database_url = f"sqlite:///{folder / 'zone.sqlite3'}"
    seed(database_url)
    with running_smtp(folder) as smtp:
        env = dict(os.environ)
        env.update(
            CBT_DATABASE_URL=database_url,
            CBT_SECRET_KEY=SECRET_KEY,
            CBT_PAGE_RATE="0",
            CBT_TIMEZONE=ZONE,
            CBT_SMTP_URL=smtp.url,
            CBT_MAIL_FROM="Clinic <clinic@example.org>",
            SSL_CERT_FILE=str(smtp.cert),
        )
        port = free_port()
        cbt = Path(sys.executable).parent / "cbt"
        with (folder / "server.log").open("w") as log:
            process = subprocess.Popen(
                [str(cbt), "serve", "--port", str(port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            base = f"http://127.0.0.1:{port}"
            try:
                wait_for_http(base + "/")
                yield Served(base, env, database_url, smtp)
            finally:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def auckland(moment: dt.datetime) -> str:
    return moment.astimezone(ZoneInfo(ZONE)).strftime("%d %b %Y %H:%M")


def test_zone_ai_switch_shared_comment_email_and_reminder(  # type: ignore[no-untyped-def]
    browser, served: Served, artifacts: Path
) -> None:
    expect.set_options(timeout=30_000)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    tpage = context.new_page()
    tpage.set_default_timeout(30_000)
    tpage.goto(f"{served.base}/voila/render/therapist.ipynb?client={CODE}")
    tpage.get_by_label("Username").fill(THERAPIST)
    tpage.get_by_label("Password").fill(PASSWORD)
    tpage.get_by_role("button", name="Log in").click()
    expect(tpage.get_by_role("heading", name=f"Client {CODE} — Aroha")).to_be_visible(
        timeout=120_000
    )

    # every moment is Auckland's: the card, the alert, the comment, the assignment
    submitted = auckland(SUBMITTED)
    assert submitted == "15 Mar 2026 00:30"
    card = tpage.locator(".cbt-submission").filter(has_text="PHQ-9")
    expect(card.locator(".cbt-date")).to_have_text(submitted)
    expect(tpage.locator(".cbt-alert").first).to_contain_text(submitted)
    expect(tpage.locator(".cbt-assignment-row").first).to_contain_text(f"created {submitted}")
    card.get_by_role("button", name="Show").click()
    expect(card.locator(".cbt-comment")).to_contain_text("(15 Mar 2026 00:40)")
    updated = tpage.locator(".cbt-updated")
    expect(updated).to_contain_text(f"times shown in {ZONE}")
    now = dt.datetime.now(dt.UTC)
    minutes = {(now + dt.timedelta(minutes=m)).astimezone(ZoneInfo(ZONE)) for m in (-1, 0, 1)}
    assert any(f"updated {m:%H:%M}" in updated.inner_text() for m in minutes)
    assert "14 Mar 2026" not in tpage.locator(".cbt-therapist").inner_text()

    # the AI switch says its state
    tpage.get_by_role("button", name="AI suggestions: on").click()
    expect(tpage.get_by_role("button", name="AI suggestions: off")).to_be_visible()
    expect(tpage.get_by_text(f"AI suggestions off for {CODE}.")).to_be_visible()
    store = open_store(served.database_url, secret_key=SECRET_KEY)
    assert store.client(CLI, CODE).ai_help is False
    tpage.get_by_role("button", name="AI suggestions: off").click()
    expect(tpage.get_by_role("button", name="AI suggestions: on")).to_be_visible()
    expect(tpage.get_by_text(f"AI suggestions on for {CODE}.")).to_be_visible()
    assert store.client(CLI, CODE).ai_help is True

    # the existing comment is shared with the client
    comment = card.locator(".cbt-comment-line")
    comment.get_by_role("checkbox", name="Share with client").check()
    expect(card.get_by_text("Shared: the client sees this comment")).to_be_visible()
    expect(comment).to_contain_text("Shared with the client")

    # an assignment due tomorrow (Auckland's calendar), its link emailed
    tomorrow = dt.datetime.now(ZoneInfo(ZONE)).date() + dt.timedelta(days=1)
    tpage.get_by_label("Search exercises").fill("gad-7")
    tpage.get_by_role("checkbox", name="GAD-7", exact=True).check()
    tpage.get_by_label("Due date (optional)").fill(tomorrow.isoformat())
    tpage.get_by_role("button", name="Create link").click()
    link_card = tpage.locator(".cbt-link-card")
    expect(link_card).to_be_visible()
    (made,) = [a for a in store.assignments(CLI, CODE) if a.status == "open"]
    assert made.due == tomorrow
    expect(link_card.locator(".cbt-link-facts")).to_have_text(
        f"Due {tomorrow:%d %b %Y}; the link works until {auckland(made.expires_at)}."
    )
    link = link_card.locator(".cbt-link-text code").inner_text()
    assert "/voila/render/client.ipynb?assignment=" in link
    link_card.get_by_label("Client's email address").fill(ADDRESS)
    link_card.get_by_role("checkbox", name="Send reminders to this address too").check()
    link_card.get_by_role("button", name="Email it").click()
    expect(tpage.get_by_text(f"The link was emailed to {ADDRESS}.")).to_be_visible()
    (mail,) = served.smtp.inbox.to(ADDRESS)
    assert link in mail.get_content()
    assert store.client(CLI, CODE).email == ADDRESS, "kept for reminders"
    link_card.screenshot(path=artifacts / "zone-link-card.png")
    tpage.screenshot(path=artifacts / "zone-client-page.png")

    # the client opens the link on a phone: the shared comment is there
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    cpage = phone.new_page()
    cpage.set_default_timeout(30_000)
    cpage.goto(link)
    notes = cpage.locator(".cbt-shared-comments")
    expect(notes).to_contain_text("Let us talk about sleep next time.", timeout=120_000)
    expect(notes).to_contain_text("15 March 2026")  # the day in Auckland
    cpage.screenshot(path=artifacts / "zone-client-shared-note.png")

    # unticked: the client's next visit no longer shows it
    comment.get_by_role("checkbox", name="Share with client").uncheck()
    expect(card.get_by_text("No longer shared")).to_be_visible()
    cpage.reload()
    expect(cpage.get_by_text("Feeling nervous, anxious or on edge").first).to_be_visible(
        timeout=120_000
    )
    expect(cpage.locator(".cbt-shared-comments")).to_have_count(0)
    phone.close()
    context.close()

    # the reminder goes to the address kept, once, naming the day and where the link is
    cbt = str(Path(sys.executable).parent / "cbt")
    first = subprocess.run(
        [cbt, "remind"], env=served.env, capture_output=True, text=True, timeout=120
    )
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.splitlines() == [f"reminded {CODE}: due tomorrow (due {tomorrow})"]
    again = subprocess.run(
        [cbt, "remind"], env=served.env, capture_output=True, text=True, timeout=120
    )
    assert (again.returncode, again.stdout) == (0, "")
    _link_mail, reminder = served.smtp.inbox.to(ADDRESS)
    body = reminder.get_content()
    assert f"due tomorrow ({tomorrow:%A} {tomorrow.day} {tomorrow:%B})" in body
    assert '"A new exercise from your therapist"' in body
    assert "assignment=" not in body, "a reminder carries no link"
    for word in ("GAD", "gad7", CODE, "Aroha"):
        assert word not in body
    store.close()
