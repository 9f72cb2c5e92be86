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
  host (no ``report-uri``: there is no endpoint for it), and cookies ``SameSite=Strict``
  (``Secure`` when ``CBT_BASE_URL`` is https);
- a bound on the size of a websocket message from a browser (``CBT_MAX_MESSAGE_BYTES``).

SIGTERM and SIGINT both stop the server and shut every kernel down.
"""

from __future__ import annotations

import html
import math
import os
import signal
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.httputil import HTTPHeaders
from tornado.web import OutputTransform
from traitlets.config import Config
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from toolkit.config import CLIENT_ADDRESS_HEADER, Settings

BUSY_RETRY_SECONDS = 60
MAX_TRACKED_ADDRESSES = 10_000
"""Rate-limit buckets kept at once; the least recently seen address is forgotten first."""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        # Voila's page and the widget manager run inline bootstrap scripts and compile widget
        # views at run time; anywidget imports a widget's module from a blob: URL made by the
        # page itself (the practice-draft bridge); nothing may come from another host.
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


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


class AdmittedVoilaHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """Voila's page handler, behind the kernel cap and the per-address rate limit."""

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
        manager = self.kernel_manager
        # the last few kernels are kept for the therapist page: a flood of client or learn
        # pages cannot lock the therapists out
        reserve = 0 if (path or "").endswith("therapist.ipynb") else app.therapist_reserve
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

    def initialize(self, argv: Any = None) -> None:
        super().initialize(argv)
        self.voila_configuration.multi_kernel_manager_class = CappedKernelManager
        self.voila_configuration.http_header_envs = [CLIENT_ADDRESS_HEADER]
        secure = self.cbt_settings.base_url.startswith("https://")
        self.cookie_options = {"samesite": "Strict", "httponly": True}
        if secure:
            self.cookie_options["secure"] = True
        self.update_config(Config({"IdentityProvider": {"cookie_options": self.cookie_options}}))
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
        return [
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
