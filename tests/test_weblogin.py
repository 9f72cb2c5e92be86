"""Therapist login over HTTP against a real `cbt serve`: the login page, the session cookie,
the database session behind it, and logout (no browser needed for these)."""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

from toolkit.store import CLI, AlreadyExists, SessionExpired, Store
from toolkit.weblogin import login_page, target_from_next, therapist_target

PASSWORD = "correct horse battery"
PAGE = "/voila/render/therapist.ipynb"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Visitor:
    """A browser-like HTTP client: a cookie jar, no automatic redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(
        self, path: str, form: dict[str, str] | None = None, origin: bool = True
    ) -> tuple[int, dict[str, str], str, list[str]]:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data)
        try:
            with self.opener.open(request, timeout=120) as answer:
                status, headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as refused:
            status, headers, body = refused.code, refused.headers, refused.read()
        cookies = headers.get_all("Set-Cookie") or []
        return status, dict(headers), body.decode(), cookies

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")


def _xsrf(body: str) -> str:
    found = re.search(r'name="_xsrf" value="([^"]+)"', body)
    assert found, "the login form carries an XSRF token"
    return found.group(1).replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")


@pytest.fixture(scope="module")
def therapist(served_store: Store) -> str:
    with contextlib.suppress(AlreadyExists):
        served_store.add_therapist("dr-cookie", PASSWORD)
        served_store.add_client(CLI, "COOKIE-1", therapist="dr-cookie")
    return "dr-cookie"


def test_the_login_page_is_escaped_and_keeps_only_a_client_code() -> None:
    page = login_page(
        action="/cbt/login",
        xsrf='2|"x',
        next_url="/p?client=A",
        message="<b>no</b>",
        username='"><script>',
    )
    assert "<script>" not in page
    assert "&lt;b&gt;no&lt;/b&gt;" in page
    assert 'value="2|&quot;x"' in page
    assert target_from_next("/", "https://evil.example/x?client=C1") == f"{PAGE}?client=C1"
    assert therapist_target("/", "client=../../x") == PAGE


def test_login_reload_and_logout_over_http(
    server: str, served_store: Store, therapist: str
) -> None:
    visitor = Visitor(server)
    status, _headers, body, _cookies = visitor.request(f"{PAGE}?client=COOKIE-1")
    assert status == 200
    assert '<form method="post" action="/cbt/login">' in body
    assert '<label for="cbt-username">Username</label>' in body
    assert f'name="next" value="{PAGE}?client=COOKIE-1"' in body
    assert "jupyter-widgets" not in body, "no kernel page without a session"
    token = _xsrf(body)

    refused = visitor.request("/cbt/login", {"username": therapist, "password": PASSWORD})
    assert refused[0] == 403, "a login without the form's XSRF token is refused"

    wrong = visitor.request(
        "/cbt/login",
        {"_xsrf": token, "username": therapist, "password": "wrong", "next": PAGE},
    )
    assert wrong[0] == 401
    assert "That username and password do not match." in wrong[2]
    assert visitor.cookie("cbt_session") == ""

    status, headers, _body, cookies = visitor.request(
        "/cbt/login",
        {
            "_xsrf": token,
            "username": therapist,
            "password": PASSWORD,
            "next": f"{PAGE}?client=COOKIE-1",
        },
    )
    assert status == 303
    assert headers["Location"] == f"{PAGE}?client=COOKIE-1"
    (session_cookie,) = [c for c in cookies if c.startswith("cbt_session=")]
    assert "HttpOnly" in session_cookie
    assert "SameSite=Strict" in session_cookie
    assert "Path=/" in session_cookie
    assert "expires" not in session_cookie.lower(), "the database ends sessions, not the browser"
    session = visitor.cookie("cbt_session")
    assert served_store.session(session).username == therapist, "the session is in the database"

    status, _headers, body, _cookies = visitor.request(f"{PAGE}?client=COOKIE-1")
    assert status == 200
    assert "cbt-username" not in body, "a valid session opens the page itself"

    status, headers, _body, cookies = visitor.request(
        "/cbt/logout", {"_xsrf": visitor.cookie("_xsrf") or token}
    )
    assert status == 303
    assert headers["Location"] == PAGE
    assert any(c.startswith("cbt_session=;") or 'cbt_session=""' in c for c in cookies)
    with pytest.raises(SessionExpired):
        served_store.session(session)

    again = Visitor(server)
    again.jar.set_cookie(next(c for c in visitor.jar if c.name == "_xsrf"))
    stale = http.cookiejar.Cookie(
        0,
        "cbt_session",
        session,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )
    again.jar.set_cookie(stale)
    status, _headers, body, _cookies = again.request(PAGE)
    assert status == 200
    assert "Your session ended. Please log in again." in body
    assert "cbt-username" in body


def test_wrong_passwords_are_throttled_by_the_store(server: str, served_store: Store) -> None:
    with contextlib.suppress(AlreadyExists):
        served_store.add_therapist("dr-throttle", PASSWORD)
    visitor = Visitor(server)
    token = _xsrf(visitor.request(PAGE)[2])
    answers = [
        visitor.request(
            "/cbt/login", {"_xsrf": token, "username": "dr-throttle", "password": "nope"}
        )
        for _ in range(6)
    ]
    assert [a[0] for a in answers[:5]] == [401] * 5
    assert answers[5][0] == 429
    assert "Too many wrong passwords" in answers[5][2]
    locked = visitor.request(
        "/cbt/login", {"_xsrf": token, "username": "dr-throttle", "password": PASSWORD}
    )
    assert locked[0] == 429, "the right password waits too while the address is throttled"
    assert visitor.cookie("cbt_session") == ""
