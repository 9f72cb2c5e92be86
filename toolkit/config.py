"""One settings object, read from the environment (and overridden by CLI flags)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "cbt-toolkit"


def data_dir() -> Path:
    """The per-user folder where the default database and key file live."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Runtime settings. Every option has its environment variable and a help text.

    Attributes
    ----------
    database_url
        ``CBT_DATABASE_URL``: SQLAlchemy URL. Default: an SQLite file in :func:`data_dir`.
    secret_key
        ``CBT_SECRET_KEY``: key that encrypts free text at rest; default: a key file beside
        the database.
    llm_url, llm_model, llm_api_key
        ``CBT_LLM_URL``, ``CBT_LLM_MODEL``, ``CBT_LLM_API_KEY``: an optional OpenAI-compatible
        chat endpoint for AI suggestions. Unset: the offline engine only.
    host, port
        Where ``cbt serve`` listens (``CBT_HOST``, ``CBT_PORT``).
    pool_size
        ``CBT_POOL_SIZE``: preheated kernels per page.
    base_url
        ``CBT_BASE_URL``: the address clients reach the server at (e.g.
        ``https://clinic.example/cbt``); client links are built from it. Set it behind a proxy.
    allowed_hosts
        ``CBT_ALLOWED_HOSTS``: comma-separated host names a link may be built from when
        ``CBT_BASE_URL`` is unset (default: loopback names only); a request for any other
        ``Host`` gets links to ``http://127.0.0.1:<port>`` instead.
    max_kernels
        ``CBT_MAX_KERNELS``: cap on live kernels, preheated ones included; over it a page
        gets a fast HTTP 503 "busy" answer. Default: from the machine's memory
        (:func:`default_max_kernels`).
    page_rate, page_burst
        ``CBT_PAGE_RATE`` (per minute, default 30) and ``CBT_PAGE_BURST`` (default 15): new
        pages one client address may open; over it, HTTP 429. 0 switches the limit off.
    page_concurrency
        ``CBT_PAGE_CONCURRENCY``: pages of one client address being rendered at the same time
        (each starts a kernel; default 2); more get HTTP 429 at once.
    trusted_proxies
        ``CBT_TRUSTED_PROXIES``: comma-separated addresses of reverse proxies whose
        ``X-Forwarded-For`` is believed (default: none; the socket's peer is the client).
    idle_minutes
        ``CBT_IDLE_MINUTES``: a page's kernel is shut down after this long without activity,
        even while the page is open (its draft is saved first; default 20).
    max_message_bytes
        ``CBT_MAX_MESSAGE_BYTES``: the largest websocket message a browser may send to a
        kernel (default 2 MiB).
    class_rate
        ``CBT_CLASS_RATE``: new learn-page classes per hour across the server (default 20).
    """

    database_url: str = ""
    secret_key: str = field(default="", repr=False)
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(default="", repr=False)
    host: str = "127.0.0.1"
    port: int = 8866
    pool_size: int = 1
    base_url: str = ""
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    max_kernels: int = 0
    page_rate: float = 30.0
    page_burst: int = 15
    page_concurrency: int = 2
    trusted_proxies: tuple[str, ...] = ()
    idle_minutes: int = 20
    max_message_bytes: int = 2 * 1024 * 1024
    class_rate: int = 20

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default: ``os.environ``)."""
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("CBT_DATABASE_URL", "")
            or f"sqlite:///{data_dir() / 'cbt-toolkit.sqlite3'}",
            secret_key=env.get("CBT_SECRET_KEY", ""),
            llm_url=env.get("CBT_LLM_URL", ""),
            llm_model=env.get("CBT_LLM_MODEL", ""),
            llm_api_key=env.get("CBT_LLM_API_KEY", ""),
            host=env.get("CBT_HOST", "127.0.0.1"),
            port=int(env.get("CBT_PORT", "8866")),
            pool_size=int(env.get("CBT_POOL_SIZE", "1")),
            base_url=env.get("CBT_BASE_URL", "").strip().rstrip("/"),
            allowed_hosts=_names(env.get("CBT_ALLOWED_HOSTS", "")) or cls.allowed_hosts,
            max_kernels=int(env.get("CBT_MAX_KERNELS", "0")) or default_max_kernels(),
            page_rate=float(env.get("CBT_PAGE_RATE", "30")),
            page_burst=int(env.get("CBT_PAGE_BURST", "15")),
            page_concurrency=int(env.get("CBT_PAGE_CONCURRENCY", "2")),
            trusted_proxies=_names(env.get("CBT_TRUSTED_PROXIES", "")),
            idle_minutes=int(env.get("CBT_IDLE_MINUTES", "20")),
            max_message_bytes=int(env.get("CBT_MAX_MESSAGE_BYTES", str(2 * 1024 * 1024))),
            class_rate=int(env.get("CBT_CLASS_RATE", "20")),
        )


CLIENT_ADDRESS_HEADER = "X-Cbt-Client-Address"
"""Set by the server on each page request (any value the visitor sent is replaced): the client
address it determined, which the page's kernel sees as :data:`CLIENT_ADDRESS_ENV`."""
CLIENT_ADDRESS_ENV = "HTTP_X_CBT_CLIENT_ADDRESS"


def client_address() -> str:
    """The address of the visitor whose page this kernel runs ("" outside the server)."""
    return os.environ.get(CLIENT_ADDRESS_ENV, "")


KERNEL_MEGABYTES = 120
"""Memory budgeted per kernel (measured: 95–110 MB resident for a page; see
docs/performance.md)."""


def default_max_kernels() -> int:
    """Half the machine's memory, divided by :data:`KERNEL_MEGABYTES` (at least 4)."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 16
    return max(4, int(total / 2 / (KERNEL_MEGABYTES * 1024 * 1024)))


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())
