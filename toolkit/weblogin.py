"""Therapist login sessions over HTTP: the cookie, the login page, and what a kernel learns.

``cbt serve`` (:mod:`toolkit.serverapp`) owns the login: a plain HTML form posts to
``/cbt/login``; on success the server sets an HttpOnly, ``SameSite=Strict`` cookie
(:data:`SESSION_COOKIE`, ``Secure`` behind https) holding the session token, which lives in the
database with sliding expiry (:meth:`toolkit.store.Store.session`). Every request for the
therapist page is checked against it: without a valid session the server answers with the login
page and starts no kernel; with one, it hands the page's kernel the token's SHA-256 digest in
the request header :data:`SESSION_HEADER` (any value the visitor sent is replaced), which the
kernel reads as :data:`SESSION_ENV` (:func:`session_digest`). The digest opens the session in
the store but is not a cookie, and it is never put into widget state. ``POST /cbt/logout`` ends
the session in the database: every tab and page that used it is logged out.

This module is shared by the server and the kernels: no Tornado, no widgets.
"""

from __future__ import annotations

import html
import os
import re
from urllib.parse import parse_qs, urlencode, urlsplit

SESSION_COOKIE = "cbt_session"
SESSION_HEADER = "X-Cbt-Session"
SESSION_ENV = "HTTP_X_CBT_SESSION"
XSRF_HEADER = "X-Cbt-Xsrf"
"""The page's XSRF form token, for the kernel's "Log out" form (it posts to the server)."""
XSRF_ENV = "HTTP_X_CBT_XSRF"
LOGIN_PATH = "cbt/login"
LOGOUT_PATH = "cbt/logout"
THERAPIST_PAGE = "voila/render/therapist.ipynb"
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def session_digest() -> str:
    """In a therapist page's kernel: the digest of the visitor's login session ("" without)."""
    value = os.environ.get(SESSION_ENV, "")
    return value if re.fullmatch(r"[0-9a-f]{64}", value) else ""


def xsrf_token() -> str:
    """In a therapist page's kernel: the XSRF form token of the page's request ("" without)."""
    return os.environ.get(XSRF_ENV, "")


def therapist_target(base_url: str, query: str = "") -> str:
    """Where to go after logging in: the therapist page, with ``?client=CODE`` kept when the
    code is well-formed; nothing else from the request survives (no open redirect).

    >>> therapist_target("/", "client=C-042&x=https://evil.example")
    '/voila/render/therapist.ipynb?client=C-042'
    >>> therapist_target("/cbt/", "client=<script>")
    '/cbt/voila/render/therapist.ipynb'
    """
    base = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    code = (parse_qs(query.lstrip("?")).get("client") or [""])[0]
    suffix = f"?{urlencode({'client': code})}" if _CODE.fullmatch(code) else ""
    return f"{base}{THERAPIST_PAGE}{suffix}"


def target_from_next(base_url: str, value: str) -> str:
    """:func:`therapist_target` from a form's ``next`` field (a path with a query)."""
    return therapist_target(base_url, urlsplit(value).query)


def login_page(
    *,
    action: str,
    xsrf: str,
    next_url: str,
    message: str = "",
    username: str = "",
    title: str = "Therapist login",
) -> str:
    """The login page: a real form (Enter submits it), no script, everything escaped."""
    notice = f'<p class="cbt-notice" role="alert">{html.escape(message)}</p>' if message else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · cbt-toolkit</title>"
        "<style>"
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933;"
        "background:#f7f8fa;margin:0}"
        "main{max-width:24rem;margin:4rem auto;padding:1.5rem 1.75rem;background:#fff;"
        "border:1px solid #d8dde3;border-radius:8px}"
        "h1{font-size:1.4rem;margin:0 0 1rem}"
        "label{display:block;font-weight:600;margin:.9rem 0 .3rem}"
        "input{box-sizing:border-box;width:100%;font-size:1rem;padding:.55rem .6rem;"
        "border:1px solid #8a949e;border-radius:4px}"
        "input:focus,button:focus{outline:3px solid #1f4e79;outline-offset:1px}"
        "button{margin-top:1.2rem;font-size:1rem;padding:.6rem 1.4rem;border:0;"
        "border-radius:4px;background:#1f4e79;color:#fff;cursor:pointer}"
        ".cbt-notice{background:#fff4e5;border-left:4px solid #b26a00;padding:.6rem .8rem;"
        "margin:0 0 .5rem}"
        "</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1>{notice}"
        f'<form method="post" action="{html.escape(action, quote=True)}">'
        f'<input type="hidden" name="_xsrf" value="{html.escape(xsrf, quote=True)}">'
        f'<input type="hidden" name="next" value="{html.escape(next_url, quote=True)}">'
        '<label for="cbt-username">Username</label>'
        '<input id="cbt-username" name="username" autocomplete="username" required '
        f'autocapitalize="none" spellcheck="false" value="{html.escape(username, quote=True)}"'
        f"{'' if username else ' autofocus'}>"
        '<label for="cbt-password">Password</label>'
        '<input id="cbt-password" name="password" type="password" '
        f'autocomplete="current-password" required{" autofocus" if username else ""}>'
        '<button type="submit">Log in</button>'
        "</form></main></body></html>"
    )


def logout_form(action: str, xsrf: str) -> str:
    """The "Log out" button of a therapist page: a form that posts to the server (no script),
    so logging out ends the session in the database and removes the cookie."""
    return (
        f'<form class="cbt-logout" method="post" action="{html.escape(action, quote=True)}">'
        f'<input type="hidden" name="_xsrf" value="{html.escape(xsrf, quote=True)}">'
        '<button type="submit" class="jupyter-button">Log out</button></form>'
    )
