"""The Voila process behind ``cbt serve``: Voila with admission control and strict headers.

``cbt serve`` starts this as its own process (console script ``cbt-voila``); it takes Voila's
command line unchanged and adds:

- **a kernel cap** (``CBT_MAX_KERNELS``, preheated kernels included): over it a page request is
  answered at once with HTTP 503, ``Retry-After`` and a short "busy" page, instead of starting
  one more kernel on a full machine. A tenth of the cap (at least one kernel) is kept for the
  therapist page, so a flood of client or learn pages does not lock therapists out;
- **a per-address rate limit** for new pages (``CBT_PAGE_RATE`` per minute, burst
  ``CBT_PAGE_BURST``, at most ``CBT_PAGE_CONCURRENCY`` being rendered at once): HTTP 429 with
  ``Retry-After``. The client address is the socket's peer,
  or, only when the peer is one of ``CBT_TRUSTED_PROXIES``, the nearest untrusted address in
  ``X-Forwarded-For``;
- **headers on every answer**: ``Referrer-Policy: no-referrer`` (client links carry secrets),
  ``X-Frame-Options: DENY``, a Content-Security-Policy with ``script-src`` limited to this
  host and, on a Voila page, that answer's nonce (no ``'unsafe-inline'``, no
  ``'unsafe-eval'``, no ``report-uri``: there is no endpoint for it), cookies ``SameSite=Strict``,
  ``Secure`` on every cookie when the request came over https: ``CBT_BASE_URL`` is https, or
  a peer listed in ``CBT_TRUSTED_PROXIES`` says so with ``X-Forwarded-Proto: https`` (the
  same header from anyone else changes nothing);
- a bound on the size of a websocket message from a browser (``CBT_MAX_MESSAGE_BYTES``);
- **the store calls of client links** for its own kernels (:mod:`toolkit.linkserver`), so a
  link page's kernel carries no database layer (:mod:`toolkit.store.remote`).

SIGTERM and SIGINT both stop the server and shut every kernel down.
"""

from __future__ import annotations

import asyncio
import html
import math
import os
import re
import secrets
import signal
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import url_path_join
from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import OutputTransform, RequestHandler
from traitlets.config import Config
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from toolkit.config import CLIENT_ADDRESS_HEADER, Settings
from toolkit.linkserver import LinkHandler, new_link_key
from toolkit.store.remote import LINK_KEY_ENV, LINK_PATH, LINK_URL_ENV
from toolkit.weblogin import (
    LOGIN_PATH,
    LOGOUT_PATH,
    SESSION_COOKIE,
    SESSION_HEADER,
    XSRF_HEADER,
    login_page,
    target_from_next,
    therapist_target,
)

BUSY_RETRY_SECONDS = 60
MAX_TRACKED_ADDRESSES = 10_000
"""Rate-limit buckets kept at once; the least recently seen address is forgotten first."""

_POLICY = (
    "default-src 'self'",
    # Voila's page, its widget manager and our template run inline bootstrap scripts: each
    # page answer carries its own nonce and only the scripts the server wrote get it
    # (:class:`AdmittedVoilaHandler`); user text reaches the page only as widget state over the
    # websocket, where no nonce is given, so a script or an event handler in it stays blocked.
    # anywidget imports a widget's module from a blob: URL made by the page itself (the
    # practice-draft bridge). Nothing needs eval, and nothing may come from another host.
    "script-src 'self' blob:{nonce}",
    # widgets and Lumino set inline styles everywhere (style attributes, <style> elements)
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


def content_security_policy(nonce: str = "") -> str:
    """The Content-Security-Policy of an answer; with ``nonce``, inline scripts carrying it run.

    >>> "'unsafe-inline'" in content_security_policy("abc").split("; ")[1]
    False
    >>> content_security_policy("abc").split("; ")[1]
    "script-src 'self' blob: 'nonce-abc'"
    """
    return "; ".join(_POLICY).replace("{nonce}", f" 'nonce-{nonce}'" if nonce else "")


CONTENT_SECURITY_POLICY = content_security_policy()
"""The policy of every answer but a Voila page's (no inline script may run)."""

_SCRIPT_TAG = re.compile(r"<script(?=[\s>])", re.IGNORECASE)


def with_nonce(html_text: str, nonce: str) -> str:
    """Give every ``<script>`` tag in ``html_text`` the attribute ``nonce=NONCE``.

    The value is unquoted (a nonce is URL-safe base64), so a ``<script`` inside a JSON block
    of the page keeps that JSON valid.

    >>> with_nonce('<script>x()</script><script src="/a.js"></script>', "n1")
    '<script nonce=n1>x()</script><script nonce=n1 src="/a.js"></script>'
    """
    return _SCRIPT_TAG.sub(lambda tag: f"{tag[0]} nonce={nonce}", html_text)


def security_headers() -> dict[str, str]:
    """The headers every answer of the server carries."""
    return {
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


class SecurityHeaders(OutputTransform):
    """Adds :func:`security_headers` to answers whose handler did not set them (static files,
    templates, error pages of other handler classes)."""

    def transform_first_chunk(
        self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, HTTPHeaders, bytes]:
        for name, value in security_headers().items():
            if name not in headers:
                headers[name] = value
        return status_code, headers, chunk


class KernelCapError(RuntimeError):
    """Starting one more kernel would go over the cap."""


class RateLimiter:
    """A token bucket per client address: ``rate`` pages per minute, bursts up to ``burst``."""

    def __init__(
        self, rate_per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = max(1, burst)
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, address: str) -> float:
        """Take one token for ``address``: 0 when allowed, else the seconds until one is free."""
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            tokens, seen = self._buckets.pop(address, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - seen) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[address] = (tokens, now)
            while len(self._buckets) > MAX_TRACKED_ADDRESSES:
                self._buckets.popitem(last=False)
        return wait


def client_address(remote_ip: str, forwarded_for: str, trusted: frozenset[str]) -> str:
    """The visitor's address: the peer, unless the peer is a trusted proxy.

    Behind trusted proxies, ``X-Forwarded-For`` is read from the right: the first address that
    is not itself a trusted proxy is the client (anything further left is the visitor's own,
    unverifiable claim).

    >>> client_address("10.0.0.5", "203.0.113.9", frozenset())
    '10.0.0.5'
    >>> client_address("127.0.0.1", "1.2.3.4, 203.0.113.9", frozenset({"127.0.0.1"}))
    '203.0.113.9'
    """
    if remote_ip not in trusted or not forwarded_for.strip():
        return remote_ip
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return hops[0] if hops else remote_ip


def came_over_https(request: HTTPServerRequest, trusted: frozenset[str]) -> bool:
    """Whether the visitor reached us over https: our own TLS, or a trusted proxy's word.

    ``X-Forwarded-Proto`` is believed only from a peer in ``trusted``; when several proxies
    appended to it, the last value is the one the nearest (trusted) proxy wrote.
    """
    if request.protocol == "https":
        return True
    if (request.remote_ip or "") not in trusted:
        return False
    claimed = request.headers.get("X-Forwarded-Proto", "").split(",")[-1]
    return claimed.strip().lower() == "https"


def _secure_cookies_behind_https() -> None:
    """Make every cookie this process sets ``Secure`` when the request came over https.

    Cookies come from several places we do not own (Jupyter's identity cookie, Tornado's
    ``_xsrf`` cookie, our session cookie), and all of them go through Tornado's
    ``RequestHandler.set_cookie`` (``set_signed_cookie``, ``clear_cookie`` and ``xsrf_token``
    call it), so the rule is added there, once. Only handlers of a :class:`CbtVoila`
    application (``cbt_app`` in their settings) are affected.
    """
    original: Any = RequestHandler.set_cookie
    if getattr(original, "cbt_secure_behind_https", False):
        return

    def set_cookie(self: RequestHandler, name: str, value: Any, *args: Any, **kwargs: Any) -> None:
        app = self.settings.get("cbt_app")
        if app is not None and came_over_https(self.request, app.trusted_proxies):
            kwargs["secure"] = True
        original(self, name, value, *args, **kwargs)

    set_cookie.cbt_secure_behind_https = True  # type: ignore[attr-defined]
    setattr(RequestHandler, "set_cookie", set_cookie)  # noqa: B010  (mypy: no method assignment)


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap on live kernels (starting ones included)."""

    max_kernels = 0
    """0: no cap. Set by :class:`CbtVoila` from the settings."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self._starting = 0

    def kernel_count(self) -> int:
        """Kernels alive or being started."""
        return len(self.list_kernel_ids()) + self._starting

    def has_room(self, reserve: int = 0) -> bool:
        """Whether one more kernel fits, leaving ``reserve`` kernels of the cap free."""
        return self.max_kernels <= 0 or self.kernel_count() < self.max_kernels - reserve

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        if kwargs.get("kernel_id") is None and not self.has_room():
            raise KernelCapError(f"{self.max_kernels} kernels are running")
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1


def link_endpoint(address: str, port: int, server_url: str) -> str:
    """Where this server's kernels reach the link endpoints: loopback when the server
    listens on every address.

    >>> link_endpoint("0.0.0.0", 8866, "/cbt/")
    'http://127.0.0.1:8866/cbt/cbt/link'
    >>> link_endpoint("::", 8866, "/")
    'http://[::1]:8866/cbt/link'
    """
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(address, address)  # noqa: S104
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{url_path_join(server_url, LINK_PATH)}"


def busy_page(title: str, text: str) -> str:
    """A small self-contained page for a refused request (no kernel, no script)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · cbt-toolkit</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;"
        "padding:0 1rem;color:#1f2933;line-height:1.5}h1{font-size:1.5rem}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></main></body></html>"
    )


class _SessionPages:
    """What the login, logout and therapist page handlers share."""

    request: Any
    settings: dict[str, Any]

    def _app(self) -> CbtVoila:
        app: CbtVoila = self.settings["cbt_app"]
        return app

    def _address(self) -> str:
        return client_address(
            self.request.remote_ip or "",
            self.request.headers.get("X-Forwarded-For", ""),
            self._app().trusted_proxies,
        )

    def _base(self) -> str:
        return str(self.settings.get("base_url", "/"))

    def _show_login(self, status: int, message: str = "", username: str = "") -> None:
        handler: Any = self
        handler.clear()
        handler.set_status(status)
        handler.set_header("Content-Type", "text/html; charset=utf-8")
        handler.set_header("Cache-Control", "no-store")
        # with no-referrer, browsers send "Origin: null" with the form's POST; this page's
        # address holds no secret, so same-origin requests may carry its origin
        handler.set_header("Referrer-Policy", "same-origin")
        query = "" if self.request.method == "POST" else self.request.query
        target = (
            target_from_next(self._base(), handler.get_body_argument("next", ""))
            if self.request.method == "POST"
            else therapist_target(self._base(), query)
        )
        handler.finish(
            login_page(
                action=url_path_join(self._base(), LOGIN_PATH),
                xsrf=handler.xsrf_token.decode("ascii"),
                next_url=target,
                message=message,
                username=username,
            )
        )

    def check_origin(self, origin_to_satisfy_tornado: str = "") -> bool:
        """Jupyter's origin check, also accepting ``Origin: null`` when the browser itself
        says the request is same-origin (``Sec-Fetch-Site``, which no script can set): a form
        on a ``no-referrer`` page posts with a null origin. The XSRF token and the
        ``SameSite=Strict`` cookie are checked as well."""
        headers = self.request.headers
        if headers.get("Origin") == "null" and headers.get("Sec-Fetch-Site") == "same-origin":
            return True
        parent: Any = super()
        return bool(parent.check_origin(origin_to_satisfy_tornado))

    def _clear_session_cookie(self) -> None:
        handler: Any = self
        handler.clear_cookie(SESSION_COOKIE, path=self._base())


class LoginHandler(_SessionPages, JupyterHandler):
    """``POST /cbt/login``: check the password (with the store's throttling), set the
    session cookie and go to the therapist page (``GET`` shows the form)."""

    def get(self) -> None:
        self._show_login(200)

    async def post(self) -> None:
        from toolkit.store import LoginFailed, LoginThrottled

        username = self.get_body_argument("username", "").strip()[:64]
        password = self.get_body_argument("password", "")[:1024]
        address = self._address()
        app = self._app()
        try:
            started = await app.in_store(
                lambda store: store.login(username, password, address=address)
            )
        except LoginThrottled as wait:
            self._show_login(429, f"Too many wrong passwords. Please wait {wait.seconds} seconds.")
            return
        except LoginFailed:
            self._show_login(401, "That username and password do not match.", username)
            return
        except Exception as exc:  # the database is down or misconfigured
            self.log.error("login: the store failed (%s)", type(exc).__name__)
            self._show_login(503, "The database cannot be reached. Please try again soon.")
            return
        self.set_cookie(SESSION_COOKIE, started.token, path=self._base(), **app.session_cookie)
        self.redirect(
            target_from_next(self._base(), self.get_body_argument("next", "")), status=303
        )


class LogoutHandler(_SessionPages, JupyterHandler):
    """``POST /cbt/logout``: end the session in the database (every tab and page that used it
    is logged out) and remove the cookie; then the login page."""

    async def post(self) -> None:
        token = self.get_cookie(SESSION_COOKIE, "") or ""
        if token:
            try:
                await self._app().in_store(lambda store: store.logout(token))
            except Exception as exc:
                self.log.error("logout: the store failed (%s)", type(exc).__name__)
                self.set_status(503)
                self.finish(busy_page("Not logged out", "Please try again in a moment."))
                return
        self._clear_session_cookie()
        self.redirect(therapist_target(self._base()), status=303)


class AdmittedVoilaHandler(_SessionPages, TornadoVoilaHandler):  # type: ignore[misc]
    """Voila's page handler, behind the kernel cap and the per-address rate limit; the
    therapist page also behind a login session (:mod:`toolkit.weblogin`).

    Each answer has its own script nonce: the CSP names it, and every ``<script>`` tag this
    handler writes carries it (:func:`with_nonce`), so no ``'unsafe-inline'`` is needed.
    """

    _script_nonce = ""

    @property
    def script_nonce(self) -> str:
        if not self._script_nonce:
            self._script_nonce = secrets.token_urlsafe(18)
        return self._script_nonce

    @property
    def content_security_policy(self) -> str:
        return content_security_policy(self.script_nonce)

    def write(self, chunk: str | bytes | dict[str, Any]) -> None:
        if isinstance(chunk, bytes):
            chunk = with_nonce(chunk.decode("utf-8"), self.script_nonce).encode("utf-8")
        elif isinstance(chunk, str):
            chunk = with_nonce(chunk, self.script_nonce)
        super().write(chunk)

    async def _session_digest(self) -> str | None:
        """The digest of a valid session cookie, or ``None`` after showing the login page."""
        from toolkit.store import SessionExpired
        from toolkit.store.crypto import secret_hash

        token = self.get_cookie(SESSION_COOKIE, "") or ""
        if not token:
            self._show_login(200)
            return None
        try:
            await self._app().in_store(lambda store: store.session(token))
        except SessionExpired:
            self._clear_session_cookie()
            self._show_login(200, "Your session ended. Please log in again.")
            return None
        except Exception as exc:
            self.log.error("session check: the store failed (%s)", type(exc).__name__)
            self._show_login(503, "The database cannot be reached. Please try again soon.")
            return None
        return secret_hash(token)

    def _refuse(self, status: int, retry_after: int, title: str, text: str) -> None:
        self.clear()
        self.set_status(status)
        self.set_header("Retry-After", str(max(1, retry_after)))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(busy_page(title, text))

    def _busy(self) -> None:
        self._refuse(
            503,
            BUSY_RETRY_SECONDS,
            "Busy — please try again in a minute",
            "The server is helping many people at the moment. Nothing you entered is lost: "
            "please open the page again in a minute.",
        )

    async def get(self, path: str | None = None) -> None:
        app: CbtVoila = self.settings["cbt_app"]
        address = client_address(
            self.request.remote_ip or "",
            self.request.headers.get("X-Forwarded-For", ""),
            app.trusted_proxies,
        )
        # the page's kernel learns the address from this header (never the visitor's own)
        self.request.headers[CLIENT_ADDRESS_HEADER] = address
        # … and the login session only from the server's own check of the cookie
        self.request.headers[SESSION_HEADER] = ""
        self.request.headers[XSRF_HEADER] = ""
        busy_here = app.in_flight.get(address, 0) >= app.cbt_settings.page_concurrency
        wait = 1.0 if busy_here else app.page_limiter.allow(address)
        if wait > 0:
            self._refuse(
                429,
                math.ceil(wait),
                "Too many pages at once",
                "This address opened many pages in a short time. Please wait a moment and "
                "open the page again.",
            )
            return
        therapist = (path or "").endswith("therapist.ipynb")
        if therapist:
            digest = await self._session_digest()
            if digest is None:
                return  # the login page was shown: no kernel without a session
            self.request.headers[SESSION_HEADER] = digest
            self.request.headers[XSRF_HEADER] = self.xsrf_token.decode("ascii")
        manager = self.kernel_manager
        # the last few kernels are kept for the therapist page: a flood of client or learn
        # pages cannot lock the therapists out
        reserve = 0 if therapist else app.therapist_reserve
        full = isinstance(manager, CappedKernelManager) and not manager.has_room(reserve)
        if full and not self._pool_ready(path):
            self._busy()
            return
        # Voila's page shuts its kernel down when it is left, with a beacon that carries the
        # _xsrf cookie; the page handler never sets that cookie, so without this every kernel
        # of a closed page lived on until it was culled
        _ = self.xsrf_token
        app.in_flight[address] = app.in_flight.get(address, 0) + 1
        try:
            await super().get(path=path)
        except KernelCapError:
            if self._headers_written:
                raise
            self._busy()
        finally:
            left = app.in_flight.pop(address, 1) - 1
            if left > 0:
                app.in_flight[address] = left

    def _pool_ready(self, path: str | None) -> bool:
        """Whether a preheated kernel is waiting for this page (taking it starts nothing)."""
        pools = getattr(self.kernel_manager, "_pools", {})
        return any(task.done() and not task.exception() for task in pools.get(path or "", []))


class CbtVoila(Voila):  # type: ignore[misc]
    """Voila with the admission control and headers described in this module."""

    name = "cbt-voila"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        settings = Settings.from_env()
        self.cbt_settings = settings
        self.page_limiter = RateLimiter(settings.page_rate, settings.page_burst)
        self.trusted_proxies = frozenset(settings.trusted_proxies)
        self.in_flight: dict[str, int] = {}
        """Page requests being rendered, per client address."""
        self.therapist_reserve = min(
            max(1, settings.max_kernels // 10), max(0, settings.max_kernels - 1)
        )
        self._store: Any = None
        self._store_lock = threading.Lock()
        self._store_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="cbt-store")
        # kernels inherit the environment: the key lets them (and only them) call the link
        # endpoints; LINK_URL_ENV follows once the port is bound (see listen)
        self.link_key = os.environ.get(LINK_KEY_ENV) or new_link_key()
        os.environ[LINK_KEY_ENV] = self.link_key

    @property
    def session_cookie(self) -> dict[str, Any]:
        """Options of the session cookie: HttpOnly, SameSite=Strict, Secure behind https; no
        expiry date (the database ends idle sessions)."""
        options: dict[str, Any] = {"httponly": True, "samesite": "Strict"}
        if self.cbt_settings.base_url.startswith("https://"):
            options["secure"] = True
        return options

    def _open_store(self) -> Any:
        with self._store_lock:
            if self._store is None:
                from toolkit.store import open_store

                self._store = open_store()
            return self._store

    async def in_store(self, work: Callable[[Any], Any]) -> Any:
        """Run ``work(store)`` on a worker thread (password hashing and database calls must
        not stall the server's event loop); the store is opened at the first call."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._store_pool, lambda: work(self._open_store()))

    def _preload_store(self) -> None:
        """Import what the store's calls use on a worker thread while the server starts, so
        the first link or login does not wait for it: the database libraries (no engine is
        made, nothing connects), scoring and the crisis gate, which check each draft and
        submission of a link page."""
        from toolkit.reframing.safety import check
        from toolkit.scoring import score  # noqa: F401
        from toolkit.store import open_store  # noqa: F401

        check("")  # the gate's model loads on first use

    def listen(self) -> None:
        """Voila's listen (which runs the server until it stops), telling kernels the bound
        port's link endpoints first: no kernel starts before the port is bound."""
        bind = self.app.listen

        def bind_and_tell(port: int, address: str = "", **kwargs: Any) -> Any:
            server = bind(port, address, **kwargs)
            os.environ[LINK_URL_ENV] = link_endpoint(address, port, self.server_url or "/")
            return server

        self.app.listen = bind_and_tell
        self._store_pool.submit(self._preload_store)
        super().listen()

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        self.voila_configuration.multi_kernel_manager_class = CappedKernelManager
        self.voila_configuration.http_header_envs = [
            CLIENT_ADDRESS_HEADER,
            SESSION_HEADER,
            XSRF_HEADER,
        ]
        secure = self.cbt_settings.base_url.startswith("https://")
        self.cookie_options = {"samesite": "Strict", "httponly": True}
        if secure:
            self.cookie_options["secure"] = True
        self.update_config(Config({"IdentityProvider": {"cookie_options": self.cookie_options}}))
        _secure_cookies_behind_https()
        signal.signal(signal.SIGINT, self._handle_signal_stop)

    def init_settings(self) -> dict[str, Any]:
        CappedKernelManager.max_kernels = self.cbt_settings.max_kernels
        settings: dict[str, Any] = super().init_settings()
        settings["headers"] = security_headers()
        # the _xsrf cookie is read by the page's own script, so it cannot be HttpOnly
        settings["xsrf_cookie_kwargs"] = {
            k: v for k, v in self.cookie_options.items() if k != "httponly"
        }
        settings["websocket_max_message_size"] = self.cbt_settings.max_message_bytes
        settings["serve_traceback"] = False
        settings["transforms"] = [SecurityHeaders]
        settings["cbt_app"] = self
        manager = self.kernel_manager
        if hasattr(manager, "fill_if_needed"):
            self._hold_pool_at_cap(manager)
        return settings

    @staticmethod
    def _hold_pool_at_cap(manager: Any) -> None:
        """Preheating counts against the cap: the pool refills only while there is room, and
        refills again when a kernel is shut down."""
        fill = manager.fill_if_needed
        shutdown = manager.shutdown_kernel

        def fill_if_room(*args: Any, **kwargs: Any) -> None:
            if manager.has_room():
                fill(*args, **kwargs)

        async def shutdown_and_refill(kernel_id: str, *args: Any, **kwargs: Any) -> Any:
            result = await shutdown(kernel_id, *args, **kwargs)
            for notebook in list(getattr(manager, "_pools", {})):
                pool = manager._pools.get(notebook, [])
                if not pool and manager.has_room():
                    fill(delay=0, notebook_name=notebook)
            return result

        manager.fill_if_needed = fill_if_room
        manager.shutdown_kernel = shutdown_and_refill

    def init_handlers(self) -> list[Any]:
        handlers: list[Any] = super().init_handlers()
        base = self.server_url or self.base_url
        ours = [
            (url_path_join(base, LOGIN_PATH), LoginHandler),
            (url_path_join(base, LOGOUT_PATH), LogoutHandler),
            (url_path_join(base, LINK_PATH, r"(\w+)"), LinkHandler),
        ]
        return ours + [
            (route[0], AdmittedVoilaHandler, *route[2:])
            if route[1] is TornadoVoilaHandler
            else route
            for route in handlers
        ]


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``cbt-voila`` (Voila's own options, unchanged)."""
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    app = CbtVoila()
    app.initialize(sys.argv[1:] if argv is None else argv)
    app.start()


if __name__ == "__main__":
    main()
