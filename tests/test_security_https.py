"""`Secure` cookies behind https, against real `cbt serve` processes on loopback.

A reverse proxy that ends TLS (deploy/nginx) tells the server with ``X-Forwarded-Proto: https``.
The server believes it only from an address in ``CBT_TRUSTED_PROXIES``: then every cookie it
sets (Jupyter's identity cookie, ``_xsrf``, the login session, the session's removal at logout)
is ``Secure``. The same header from any other peer changes nothing. (tests/test_scaleout.py
runs the same check through nginx with TLS.)
"""

from __future__ import annotations

import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_serverapp import Served, start_serve, stop_serve
from toolkit.serverapp import came_over_https

SECRET_KEY = "https cookie test key: not a real secret"
PASSWORD = "a long enough test password"
PAGE = "/voila/render/therapist.ipynb"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _serve(tmp_path: Path, trusted: str) -> Served:
    from toolkit.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'serve.sqlite3'}", secret_key=SECRET_KEY)
    store.add_therapist("dr-tls", PASSWORD)
    store.close()
    return start_serve(
        tmp_path, CBT_SECRET_KEY=SECRET_KEY, CBT_TRUSTED_PROXIES=trusted, CBT_PAGE_RATE="0"
    )


@pytest.fixture(scope="module")
def behind_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server that trusts its loopback peer as a proxy (as behind a local nginx)."""
    served = _serve(tmp_path_factory.mktemp("trusted"), "127.0.0.1")
    yield served
    stop_serve(served.process)


@pytest.fixture(scope="module")
def proxy_elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server whose configured proxy is another host: loopback visitors are not it."""
    served = _serve(tmp_path_factory.mktemp("untrusted"), "192.0.2.250")
    yield served
    stop_serve(served.process)


def journey(
    base: str,
    headers: dict[str, str],
    login: tuple[str, str] = ("dr-tls", PASSWORD),
    tls: ssl.SSLContext | None = None,
) -> dict[str, list[str]]:
    """Index page, therapist login form, login, logout; every ``Set-Cookie`` by cookie name.

    Cookies are carried by hand: a cookie jar would rightly not send a ``Secure`` cookie over
    the plain-http hop between the test and the server.
    """
    opener = urllib.request.build_opener(NoRedirect(), urllib.request.HTTPSHandler(context=tls))
    jar: dict[str, str] = {}
    seen: dict[str, list[str]] = {}

    def call(path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        request = urllib.request.Request(
            base + path, data=data, headers={**headers, **({"Cookie": cookie} if jar else {})}
        )
        try:
            with opener.open(request, timeout=120) as answer:
                status, answer_headers, body = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as refused:
            status, answer_headers, body = refused.code, refused.headers, refused.read()
        for line in answer_headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            seen.setdefault(name, []).append(line)
            jar[name] = rest.split(";", 1)[0]
        return status, body.decode()

    status, _body = call("/")
    assert status == 200
    status, body = call(PAGE)
    assert status == 200
    token = re.search(r'name="_xsrf" value="([^"]+)"', body)
    assert token, "the login form carries an XSRF token"
    xsrf = token[1].replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    status, _body = call(
        "/cbt/login", {"_xsrf": xsrf, "username": login[0], "password": login[1], "next": PAGE}
    )
    assert status == 303, "the login worked"
    status, _body = call("/cbt/logout", {"_xsrf": xsrf})
    assert status == 303, "the logout worked"
    return seen


def secure(line: str) -> bool:
    return any(part.strip().lower() == "secure" for part in line.split(";")[1:])


def samesite_unless_removed(line: str) -> bool:
    """``SameSite=Strict``, except on the line that removes a cookie (an empty, expired one)."""
    return "SameSite=Strict" in line or line.split(";", 1)[0].endswith('=""')


def test_x_forwarded_proto_is_believed_only_from_a_trusted_peer() -> None:
    from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

    def request(peer: str, proto: str = "", protocol: str = "http") -> HTTPServerRequest:
        headers = HTTPHeaders({"Host": "cbt.example"})
        if proto:
            headers["X-Forwarded-Proto"] = proto
        made = HTTPServerRequest(
            start_line=RequestStartLine("GET", "/", "HTTP/1.1"), headers=headers
        )
        made.remote_ip, made.protocol = peer, protocol
        return made

    trusted = frozenset({"10.0.0.2"})
    assert came_over_https(request("10.0.0.2", "https"), trusted)
    assert came_over_https(request("10.0.0.2", "http, https"), trusted), "the nearest hop wins"
    assert not came_over_https(request("10.0.0.2", "https, http"), trusted)
    assert not came_over_https(request("10.0.0.2"), trusted)
    assert not came_over_https(request("203.0.113.5", "https"), trusted)
    assert not came_over_https(request("203.0.113.5", "https"), frozenset())
    assert came_over_https(request("203.0.113.5", protocol="https"), frozenset())


def test_every_cookie_is_secure_when_a_trusted_proxy_says_https(behind_proxy: Served) -> None:
    seen = journey(
        behind_proxy.base, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.40"}
    )
    assert {"_xsrf", "cbt_session"} <= set(seen)
    assert any(name.startswith("username-") for name in seen), "Jupyter's identity cookie"
    assert len(seen["cbt_session"]) == 2, "set at login, removed at logout"
    for name, lines in seen.items():
        for line in lines:
            assert secure(line), f"{name}: {line}"
            assert samesite_unless_removed(line), f"{name}: {line}"


def test_without_the_header_the_same_server_sets_no_secure_cookie(behind_proxy: Served) -> None:
    seen = journey(behind_proxy.base, {"X-Forwarded-For": "203.0.113.41"})
    assert {"_xsrf", "cbt_session"} <= set(seen)
    for name, lines in seen.items():
        for line in lines:
            assert not secure(line), f"{name}: {line}"


def test_an_untrusted_peer_claiming_https_changes_nothing(proxy_elsewhere: Served) -> None:
    seen = journey(proxy_elsewhere.base, {"X-Forwarded-Proto": "https"})
    assert {"_xsrf", "cbt_session"} <= set(seen)
    assert any(name.startswith("username-") for name in seen)
    for name, lines in seen.items():
        for line in lines:
            assert not secure(line), f"{name}: {line}"
            assert samesite_unless_removed(line), f"{name}: {line}"
