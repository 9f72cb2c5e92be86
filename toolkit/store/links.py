"""A client link: its address, and the shape of its secret, checkable without the database or
the cipher libraries.

A page checks a link's shape before it imports the store's heavy dependencies (SQLAlchemy,
cryptography) or opens a connection: a malformed link costs neither.
"""

from __future__ import annotations

import re

from toolkit.config import DEFAULT_BASE_URL

LINK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
"""A link secret: 32 random bytes, URL-safe base64 without padding (43 characters)."""


def looks_like_secret(text: str) -> bool:
    """Whether ``text`` has the shape of a link secret (see ``crypto.new_secret``).

    >>> looks_like_secret("A" * 43), looks_like_secret("garbage")
    (True, False)
    """
    return LINK_SECRET_PATTERN.fullmatch(text) is not None


CLIENT_PAGE = "/voila/render/client.ipynb"
"""The page a client link opens."""


def link_url(secret: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The client's link for an assignment secret.

    >>> link_url("abc", "https://clinic.example/cbt/")
    'https://clinic.example/cbt/voila/render/client.ipynb?assignment=abc'
    """
    return f"{base_url.rstrip('/')}{CLIENT_PAGE}?assignment={secret}"
