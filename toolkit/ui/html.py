"""Safe HTML for widgets: every piece of user text passes through :func:`esc` first."""

from __future__ import annotations

import html


def esc(text: object) -> str:
    """Escape text for HTML element content and attribute values (quotes included)."""
    return html.escape(str(text), quote=True)


def paragraphs(text: str) -> str:
    """Escaped text with line breaks kept."""
    return "<br>".join(esc(line) for line in str(text).splitlines())


def message(kind: str, text: str) -> str:
    """A styled notice; ``kind`` is one of ``info``, ``ok``, ``warn``, ``error``, ``crisis``."""
    role = "alert" if kind in {"error", "crisis"} else "status"
    return f'<div class="cbt-msg cbt-msg-{esc(kind)}" role="{role}">{paragraphs(text)}</div>'
