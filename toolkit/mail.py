"""Optional e-mail to clients: their link, and reminders (``CBT_SMTP_URL``, ``CBT_MAIL_FROM``).

Mail leaves the clinic's hands, so a message carries only generic words and, for a new link,
the link itself: never an exercise's name, a score, a note or anything the client wrote.

``CBT_SMTP_URL`` forms:

- ``smtp://USER:PASSWORD@HOST:587`` — STARTTLS, required (a server that does not offer it is
  refused; the default port is 587);
- ``smtps://USER:PASSWORD@HOST:465`` — TLS from the first byte;
- ``smtp://HOST:25?tls=none`` — no encryption, only to a relay on this machine (loopback).

User name and password are optional and percent-decoded. Certificates are checked against
the system's trust store (tests pass their own ``ssl_context``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

Security = Literal["starttls", "tls", "none"]
ReminderKind = Literal["due_tomorrow", "overdue"]

MAX_ADDRESS_LENGTH = 254


class MailError(Exception):
    """Mail is not configured, its settings are wrong, or the server refused a message."""


@dataclass(frozen=True)
class MailServer:
    """Where and how mail is sent (parsed from ``CBT_SMTP_URL``)."""

    host: str
    port: int
    security: Security
    username: str = ""
    password: str = field(default="", repr=False)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_smtp_url(url: str) -> MailServer:
    """A :class:`MailServer` from ``CBT_SMTP_URL`` (see the module docstring).

    >>> parse_smtp_url("smtp://mailer:p%40ss@mail.example:2525")
    MailServer(host='mail.example', port=2525, security='starttls', username='mailer')
    >>> parse_smtp_url("smtps://mail.example").port
    465
    >>> parse_smtp_url("smtp://127.0.0.1:2525?tls=none").security
    'none'
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailError("CBT_SMTP_URL must look like smtp://user:password@host:587")
    try:
        port = parts.port
    except ValueError:
        raise MailError("CBT_SMTP_URL has a port that is not a number") from None
    options = parse_qs(parts.query)
    security: Security = "tls" if parts.scheme == "smtps" else "starttls"
    if options.get("tls", [""])[0] == "none":
        if parts.scheme == "smtps" or not _is_loopback(parts.hostname):
            raise MailError("?tls=none is only for a mail relay on this machine (loopback)")
        security = "none"
    default_port = {"tls": 465, "starttls": 587, "none": 25}[security]
    return MailServer(
        host=parts.hostname,
        port=port or default_port,
        security=security,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def check_address(address: str) -> str:
    """A client's e-mail address, trimmed; :class:`ValueError` for anything that is not one
    plain ``name@domain`` address (no display name, no list, no line breaks).

    >>> check_address("  robin@example.org ")
    'robin@example.org'
    """
    text = address.strip()
    _name, parsed = parseaddr(text)
    local, at, domain = parsed.rpartition("@")
    if (
        parsed != text
        or not at
        or not local
        or "." not in domain
        or len(text) > MAX_ADDRESS_LENGTH
        or any(c.isspace() or c in "<>,;\"'" for c in text)
    ):
        raise ValueError("not an e-mail address")
    return text


LINK_SUBJECT = "A new exercise from your therapist"
LINK_BODY = """Hello,

Your therapist has sent you an exercise. You can open it here:

{link}

This link is personal: please do not forward it. If you did not expect this message, you can
ignore it.
"""

REMINDER_SUBJECTS: dict[ReminderKind, str] = {
    "due_tomorrow": "A reminder from your therapist",
    "overdue": "A reminder from your therapist",
}
REMINDER_BODIES: dict[ReminderKind, str] = {
    "due_tomorrow": """Hello,

This is a friendly reminder: an exercise from your therapist is due tomorrow{day}.
""",
    "overdue": """Hello,

An exercise from your therapist was due{day} and is still open. You can still do it.
""",
}
REMINDER_HOW = f"""
Please open it with the link your therapist sent you: if it came by e-mail, look for the
message "{LINK_SUBJECT}". The same link still works. For your privacy, reminders never repeat
the link; if you cannot find it, ask your therapist for a new one.

If you have already done it, or cannot do it, that is fine: you can talk about it at your
next session.
"""
"""Every reminder ends so: where the link is (reminders carry none: a link is stored only as
a hash, so it cannot be repeated, and a new one would close the client's open page)."""


def _day_words(day: dt.date | None, kind: ReminderKind) -> str:
    """The due day in words: ``(Wednesday 2 December)`` for tomorrow, ``on Monday 30
    November`` once overdue (with the year when it is not this year's).

    >>> _day_words(dt.date(2020, 11, 30), "overdue")
    ' on Monday 30 November 2020'
    """
    if day is None:
        return ""
    words = f"{day:%A} {day.day} {day:%B}"
    if day.year != dt.date.today().year:
        words += f" {day.year}"
    return f" ({words})" if kind == "due_tomorrow" else f" on {words}"


def _message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = check_address(to)
    message["Subject"] = subject
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body)
    return message


def link_message(sender: str, to: str, link: str) -> EmailMessage:
    """The message that hands a client their link (nothing else about them)."""
    if any(c.isspace() for c in link) or not link.startswith(("https://", "http://")):
        raise MailError("a client link is one http(s) address")
    return _message(sender, to, LINK_SUBJECT, LINK_BODY.format(link=link))


def reminder_message(
    sender: str, to: str, kind: ReminderKind, due: dt.date | None = None
) -> EmailMessage:
    """A reminder in generic words: the due day (the clinic's calendar day) and where to find
    the link. No link (links are stored only as hashes) and no exercise name (it could say
    what the client is treated for)."""
    body = REMINDER_BODIES[kind].format(day=_day_words(due, kind)) + REMINDER_HOW
    return _message(sender, to, REMINDER_SUBJECTS[kind], body)


class Mailer:
    """Sends messages through one SMTP server.

    Parameters
    ----------
    smtp_url
        ``CBT_SMTP_URL`` (see :func:`parse_smtp_url`).
    mail_from
        ``CBT_MAIL_FROM``: the sender address (``clinic@example.org`` or
        ``Clinic <clinic@example.org>``).
    ssl_context
        Certificate checks (default: the system's trust store).
    """

    def __init__(
        self,
        smtp_url: str,
        mail_from: str,
        *,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 30.0,
    ) -> None:
        if not smtp_url.strip():
            raise MailError("mail is not configured (set CBT_SMTP_URL and CBT_MAIL_FROM)")
        self.server = parse_smtp_url(smtp_url)
        name, address = parseaddr(mail_from.strip())
        try:
            check_address(address)
        except ValueError:
            raise MailError("CBT_MAIL_FROM must be an e-mail address") from None
        self.sender = formataddr((name, address)) if name else address
        self._context = ssl_context or ssl.create_default_context()
        self.timeout = timeout

    def _connect(self) -> smtplib.SMTP:
        server = self.server
        client: smtplib.SMTP
        if server.security == "tls":
            client = smtplib.SMTP_SSL(
                server.host, server.port, timeout=self.timeout, context=self._context
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
        try:
            client.ehlo()
            if server.security == "starttls":
                if not client.has_extn("starttls"):
                    raise MailError(f"{server.host} does not offer STARTTLS; nothing was sent")
                client.starttls(context=self._context)
                client.ehlo()
            if server.username:
                client.login(server.username, server.password)
        except BaseException:
            client.close()
            raise
        return client

    def send(self, messages: Sequence[EmailMessage]) -> None:
        """Send every message over one connection; :class:`MailError` if any is refused."""
        if not messages:
            return
        try:
            client = self._connect()
            try:
                for message in messages:
                    client.send_message(message)
            finally:
                try:
                    client.quit()
                except smtplib.SMTPException:
                    client.close()
        except MailError:
            raise
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            raise MailError(f"the mail server refused or failed: {type(exc).__name__}") from None

    def send_link(self, to: str, link: str) -> None:
        """E-mail a client their link."""
        self.send([link_message(self.sender, to, link)])

    def send_reminder(self, to: str, kind: ReminderKind, due: dt.date | None = None) -> None:
        """E-mail a client a reminder (``due_tomorrow`` or ``overdue``, with the due day)."""
        self.send([reminder_message(self.sender, to, kind, due)])


def configured_mailer() -> Mailer | None:
    """The mailer of ``CBT_SMTP_URL`` and ``CBT_MAIL_FROM`` (the ``Settings`` object), or
    ``None`` when mail is off."""
    from toolkit.config import current

    settings = current()
    if not settings.smtp_url.strip():
        return None
    return Mailer(settings.smtp_url, settings.mail_from)
