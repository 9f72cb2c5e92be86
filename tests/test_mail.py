"""E-mail of links and reminders, against a real local SMTP server (aiosmtpd) with STARTTLS.

The server requires STARTTLS and a login; its certificate is made here and trusted by the
command through ``SSL_CERT_FILE`` (the ordinary OpenSSL variable), so nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from helpers_smtp import Inbox, SmtpServer, free_port, running_smtp
from test_store_support import PASSWORD, Clock, all_text, make_store

from toolkit.clinic import zone_named
from toolkit.mail import Mailer, MailError, check_address, parse_smtp_url
from toolkit.store import CLI, InvalidInput, Store


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    with running_smtp(tmp_path) as server:
        yield server


def test_smtp_urls_and_addresses() -> None:
    server = parse_smtp_url("smtp://u%40x:p%3Aw@mail.example")
    assert (server.host, server.port, server.security, server.username, server.password) == (
        "mail.example",
        587,
        "starttls",
        "u@x",
        "p:w",
    )
    assert "p:w" not in repr(server), "no password in logs"
    assert parse_smtp_url("smtps://mail.example").security == "tls"
    for bad in ("http://mail.example", "smtp://", "smtp://mail.example?tls=none"):
        with pytest.raises(MailError):
            parse_smtp_url(bad)
    for bad in (
        "robin",
        "a@b",
        "Robin <r@example.org>",
        "r@example.org, s@example.org",
        "r\n@x.org",
    ):
        with pytest.raises(ValueError, match="not an e-mail address"):
            check_address(bad)
    with pytest.raises(MailError, match="not configured"):
        Mailer("", "clinic@example.org")
    with pytest.raises(MailError, match="CBT_MAIL_FROM"):
        Mailer("smtp://mail.example", "not an address")


def test_a_link_arrives_once_over_starttls_with_generic_words(smtp: SmtpServer) -> None:
    mailer = Mailer(smtp.url, "Clinic <clinic@example.org>", ssl_context=smtp.context)
    link = "https://clinic.example/voila/render/client.ipynb?assignment=" + "x" * 43
    mailer.send_link("robin@example.org", link)
    (message,) = smtp.inbox.to("robin@example.org")
    assert message["From"] == "Clinic <clinic@example.org>"
    body = message.get_content()
    assert link in body
    assert "exercise" in body
    for word in ("PHQ", "thought", "score", "robin", "Robin"):
        assert word not in body
        assert word not in message["Subject"]


def test_a_server_without_starttls_is_refused(tmp_path: Path) -> None:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mailer = Mailer(f"smtp://127.0.0.1:{port}", "clinic@example.org")
        with pytest.raises(MailError, match="STARTTLS"):
            mailer.send_link("robin@example.org", "https://clinic.example/x")
        assert inbox.messages == [], "nothing sent in clear"
        plain = Mailer(f"smtp://127.0.0.1:{port}?tls=none", "clinic@example.org")
        plain.send_link("robin@example.org", "https://clinic.example/x")
        assert len(inbox.to("robin@example.org")) == 1, "a loopback relay may be plain"
    finally:
        controller.stop()


def test_a_wrong_certificate_or_login_sends_nothing(smtp: SmtpServer) -> None:
    with pytest.raises(MailError):
        Mailer(smtp.url, "clinic@example.org").send_link("r@example.org", "https://c.example/x")
    wrong = smtp.url.replace("smtp%20pass", "wrong")
    with pytest.raises(MailError):
        Mailer(wrong, "clinic@example.org", ssl_context=smtp.context).send_link(
            "r@example.org", "https://c.example/x"
        )
    assert smtp.inbox.messages == []


def _store(tmp_path: Path, clock: Clock, zone: str = "UTC") -> Store:
    return make_store(
        f"sqlite:///{tmp_path / 'mail.sqlite3'}",
        tmp_path,
        clock,
        key_file=tmp_path / "mail.sqlite3.key",
        zone=zone_named(zone),
    )


def test_client_addresses_are_optional_encrypted_and_erased(tmp_path: Path) -> None:
    store = _store(tmp_path, Clock())
    store.add_therapist("alice", PASSWORD)
    store.add_client(CLI, "C1", therapist="alice", email="robin.unique@example.org")
    store.add_client(CLI, "C2", therapist="alice")
    assert store.client(CLI, "C1").email == "robin.unique@example.org"
    assert store.client(CLI, "C2").email is None
    assert "robin.unique" not in all_text(store), "encrypted at rest"
    with pytest.raises(InvalidInput):
        store.set_client_email(CLI, "C2", "two@example.org, three@example.org")
    store.set_client_email(CLI, "C2", "sam@example.org")
    assert store.client(CLI, "C2").email == "sam@example.org"
    store.set_client_email(CLI, "C2", None)
    assert store.client(CLI, "C2").email is None
    link = store.assign(CLI, "C1", ["phq9"], due=store.today() + dt.timedelta(days=1))
    assert [r.client_code for r in store.pending_reminders()] == ["C1"]
    assert store.claim_reminder(link.assignment.id, "due_tomorrow")
    store.erase_client(CLI, "C1")
    assert store.pending_reminders() == []
    from sqlalchemy import func, select

    from toolkit.store.models import ClientRow, ReminderRow

    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ReminderRow)) == 0
        assert connection.scalar(select(func.count()).select_from(ClientRow)) == 1
    store.close()


def test_reminders_follow_the_clinics_calendar_days(tmp_path: Path) -> None:
    """Due 2 July; at 23:30 UTC on 1 July it is already 2 July in London (BST)."""
    clock = Clock(dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC))
    (tmp_path / "l").mkdir()
    (tmp_path / "u").mkdir()
    london = _store(tmp_path / "l", clock, "Europe/London")
    utc = _store(tmp_path / "u", clock, "UTC")
    for store in (london, utc):
        store.add_therapist("alice", PASSWORD)
        store.add_client(CLI, "C1", therapist="alice", email="c1@example.org")
        store.assign(CLI, "C1", ["phq9"], due=dt.date(2026, 7, 2))
    assert [r.kind for r in utc.pending_reminders()] == ["due_tomorrow"]
    assert london.pending_reminders() == [], "in London it is the due day itself"
    assert london.alerts(CLI) == []
    assert utc.alerts(CLI) == []
    clock.advance(hours=24)  # 23:30 UTC on 2 July = 00:30 on 3 July in London
    assert [r.kind for r in london.pending_reminders()] == ["overdue"]
    assert [a.kind for a in london.alerts(CLI)] == ["overdue"]
    assert utc.alerts(CLI) == [], "2 July is not over in UTC"
    assert [r.kind for r in utc.pending_reminders()] == []
    for store in (london, utc):
        store.close()


def _cbt(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    cbt = str(Path(sys.executable).parent / "cbt")
    return subprocess.run([cbt, *argv], capture_output=True, text=True, env=env, timeout=120)


def test_assign_by_mail_and_remind_once_through_the_command(
    smtp: SmtpServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {
        "CBT_DATABASE_URL": url,
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "CBT_SMTP_URL": smtp.url,
        "CBT_MAIL_FROM": "clinic@example.org",
        "CBT_TIMEZONE": "Europe/London",
        "SSL_CERT_FILE": str(smtp.cert),
    }
    subprocess.run(
        [str(Path(sys.executable).parent / "cbt"), "therapist", "add", "alice", "--password-stdin"],
        input=PASSWORD + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    added = _cbt(env, "client", "add", "C1", "--therapist", "alice", "--email", "c1@example.org")
    assert added.returncode == 0, added.stderr
    assert _cbt(env, "client", "add", "C2", "--therapist", "alice").returncode == 0
    london_today = dt.datetime.now(zone_named("Europe/London")).date()
    tomorrow = (london_today + dt.timedelta(days=1)).isoformat()
    yesterday = (london_today - dt.timedelta(days=1)).isoformat()

    sent = _cbt(env, "assign", "C1", "phq9", "--due", tomorrow, "--email")
    assert (sent.returncode, sent.stderr) == (0, "")
    link = sent.stdout.strip()
    (message,) = smtp.inbox.to("c1@example.org")
    assert link in message.get_content()
    assert "phq9" not in message.get_content().lower().replace(link.lower(), "")
    no_address = _cbt(env, "assign", "C2", "phq9", "--email")
    assert no_address.returncode == 1
    assert "no e-mail address" in no_address.stderr
    assert _cbt(env, "assign", "C1", "gad7", "--due", yesterday).returncode == 0

    first = _cbt(env, "remind")
    assert (first.returncode, first.stderr) == (0, "")
    assert sorted(first.stdout.splitlines()) == [
        f"reminded C1: due tomorrow (due {tomorrow})",
        f"reminded C1: overdue (due {yesterday})",
    ]
    again = _cbt(env, "remind")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    received = smtp.inbox.to("c1@example.org")
    assert len(received) == 3, "the link, then each reminder exactly once"
    bodies = [m.get_content() for m in received[1:]]
    assert any("due tomorrow" in b for b in bodies)
    assert any("still open" in b for b in bodies)
    due_day = dt.date.fromisoformat(yesterday)
    words = f"{due_day:%A} {due_day.day} {due_day:%B}"
    assert any(f"was due on {words}" in b for b in bodies), "the clinic's due day, in words"
    for body in bodies:
        assert '"A new exercise from your therapist"' in body, "where the link is"
        assert "ask your therapist for a new one" in body
    for body in bodies:
        assert "assignment=" not in body, "reminders carry no link secret"
        for word in ("PHQ", "GAD", "phq9", "gad7", "C1"):
            assert word not in body

    off = dict(env, CBT_SMTP_URL="")
    refused = _cbt(off, "remind")
    assert refused.returncode == 1
    assert (
        refused.stderr.strip() == "cbt: mail is not configured (set CBT_SMTP_URL and CBT_MAIL_FROM)"
    )
