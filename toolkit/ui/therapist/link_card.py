"""The card that hands a client's link to the therapist: the link as text, a Copy button,
a QR code (``segno``, inline SVG), and "Email it" when mail is configured."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from toolkit.ui.html import esc

COPY_SCRIPT = "/voila/templates/cbt/static/cbt-copy.js"
"""The Copy button's view, served with the page's template: the page's security policy lets
scripts come only from the server itself, so the view cannot be an inline module."""


class CopyButton(anywidget.AnyWidget):
    """A button that copies ``text`` to the clipboard in the browser (``copies`` counts it).

    ``server`` is the address the page was loaded from: its view script comes from there.
    """

    _esm = traitlets.Unicode("").tag(sync=True)
    text = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Copy").tag(sync=True)
    copies = traitlets.Int(0).tag(sync=True)

    def __init__(self, server: str, **kwargs: Any) -> None:
        super().__init__(_esm=server.rstrip("/") + COPY_SCRIPT, **kwargs)


def qr_svg(url: str) -> str:
    """The link as a QR code, an inline SVG (error correction M; ISO/IEC 18004)."""
    import segno

    svg: str = segno.make(url, error="m").svg_inline(scale=4, border=2)
    return svg


def mail_sender() -> Callable[..., Any] | None:
    """``Mailer.send_link(to, link)`` when mail is configured (``CBT_SMTP_URL``), else None."""
    from toolkit.mail import configured_mailer

    mailer = configured_mailer()
    return None if mailer is None else mailer.send_link


def link_facts(assignment: Any, zone: Any) -> str:
    """The link card's line about the assignment: due day, repeat, and until when the link
    works (a moment, shown in the clinic's zone; the due date is already a clinic day)."""
    from .names import when

    facts = []
    if getattr(assignment, "due", None):
        facts.append(f"due {assignment.due:%d %b %Y}")
    if getattr(assignment, "every_days", None):
        facts.append(f"repeats every {assignment.every_days} days")
    expires = getattr(assignment, "expires_at", None)
    if expires is not None:
        facts.append(f"the link works until {when(expires, zone)}")
    if not facts:
        return ""
    text = "; ".join(facts)
    return text[0].upper() + text[1:] + "."


class LinkCard:
    """Shows one freshly made link.

    ``on_email(address, url, remember)`` sends it; ``remember`` asks to keep the address for
    reminders. ``email`` is the address on file (it fills the box).
    """

    def __init__(
        self,
        url: str,
        titles: list[str],
        on_email: Callable[[str, str, bool], None],
        server: str,
        *,
        facts: str = "",
        email: str = "",
    ) -> None:
        self.url = url
        self.copy = CopyButton(server, text=url, label="Copy link")
        self.copy.add_class("cbt-copy-widget")
        facts_html = f'<p class="cbt-link-facts">{esc(facts)}</p>' if facts else ""
        parts: list[w.Widget] = [
            w.HTML(
                f"<h4>Link for {esc(', '.join(titles))}</h4>{facts_html}"
                f'<p class="cbt-link-text"><code>{esc(url)}</code></p>'
            ),
            self.copy,
        ]
        self.address: w.Text | None = None
        self.remember: w.Checkbox | None = None
        if mail_sender() is not None:
            self.address = w.Text(value=email, description="Client's email address")
            self.address.style.description_width = "initial"
            self.address.add_class("cbt-field")
            self.remember = w.Checkbox(
                value=bool(email),
                description="Send reminders to this address too",
                indent=False,
                layout=w.Layout(width="auto"),
            )
            email_button = w.Button(description="Email it", tooltip="Email the link to the client")
            address, remember = self.address, self.remember
            email_button.on_click(
                lambda _b: on_email(address.value.strip(), url, bool(remember.value))
            )
            parts += [self.address, self.remember, email_button]
        parts.append(
            w.HTML(
                '<div class="cbt-qr" role="img" aria-label="QR code of the client link">'
                f"{qr_svg(url)}</div>"
                '<p class="cbt-quiet">Send this link to the client by a channel you trust, or '
                "let them scan the code. It is shown now only; “New link” makes another one "
                "later (the old one then stops working). Reminders never carry the link: they "
                "ask the client to open the one they were sent.</p>"
            )
        )
        self.widget = w.VBox(parts)
        self.widget.add_class("cbt-link-card")
