"""One settings object: every option, its environment variable, default and help text.

:class:`Settings` is built once per process, from the environment (:meth:`Settings.from_env`;
``cbt`` then applies its command-line flags with :meth:`Settings.replace`), and passed down to
the server, the store and the pages. Code that is not handed one calls :func:`current`, which
builds it once from the environment and again only if a ``CBT_*`` variable changes (as tests
do). Nothing else in the package reads ``CBT_*`` variables.

``cbt settings`` prints every option with its help text and current value (secrets masked);
the configuration table in README.md is :func:`markdown_table` (a test keeps them equal).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import textwrap
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs

APP_NAME = "cbt-toolkit"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
DEFAULT_BASE_URL = "http://127.0.0.1:8866"
"""Where links point when nothing better is known: ``cbt serve``'s default address."""

ENV_PREFIX = "CBT_"


class SettingsError(ValueError):
    """An environment variable holds a value its option cannot take (one-line message)."""


def data_dir() -> Path:
    """The per-user folder where the default database and key file live."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def local_timezone() -> str:
    """The server's own time zone name (IANA, e.g. ``Europe/London``); ``UTC`` if unknown.

    From ``TZ`` when it names a zone, else the ``/etc/localtime`` link, else
    ``/etc/timezone`` (Debian).
    """
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and _is_zone(name):
            return name
    return "UTC"


def _is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


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


def _option(
    default: Any,
    env: str,
    text: str,
    *,
    shown: str | None = None,
    secret: bool = False,
) -> Any:
    """A settings field: its variable, help text, the default as the table shows it, and
    whether its value is a secret (never printed)."""
    metadata = {"env": env, "help": text, "shown": shown, "secret": secret}
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, repr=False)
class Settings:
    """Runtime settings. Every field is one option: see :func:`options` for its variable and
    help text, or run ``cbt settings``."""

    # -- storage ---------------------------------------------------------------------------
    database_url: str = _option(
        "",
        "CBT_DATABASE_URL",
        "SQLAlchemy URL of the database (`postgresql+psycopg://…` for a clinic)",
        shown="SQLite file in the user data folder (`~/.local/share/cbt-toolkit/` on Linux)",
    )
    secret_key: str = _option(
        "",
        "CBT_SECRET_KEY",
        "key that encrypts free text at rest (the same on every server)",
        shown="a key file created beside the database, owner-only",
        secret=True,
    )
    # -- the server ------------------------------------------------------------------------
    host: str = _option(DEFAULT_HOST, "CBT_HOST", "address `cbt serve` listens on (`--host`)")
    port: int = _option(DEFAULT_PORT, "CBT_PORT", "port `cbt serve` listens on (`--port`)")
    base_url: str = _option(
        "",
        "CBT_BASE_URL",
        "the address clients reach the server at (behind a proxy); links are built from it, "
        "and cookies are `Secure` when it is https",
        shown="the request's address, if its host is allowed",
    )
    allowed_hosts: tuple[str, ...] = _option(
        ("127.0.0.1", "localhost", "::1"),
        "CBT_ALLOWED_HOSTS",
        "host names a link may be built from when `CBT_BASE_URL` is unset (comma-separated); "
        "a request for any other host gets links to this server's loopback address",
    )
    pool_size: int = _option(
        0,
        "CBT_POOL_SIZE",
        "preheated kernels per page (`--pool-size`): pages appear faster, each waiting kernel "
        "holds about 100 MB; 0 starts a kernel per page view",
    )
    max_kernels: int = _option(
        0,
        "CBT_MAX_KERNELS",
        'cap on live kernels (pool included); over it a fast 503 "busy" page',
        shown="half the memory ÷ 120 MB",
    )
    page_rate: float = _option(
        30.0,
        "CBT_PAGE_RATE",
        "new pages one client address may open per minute (then 429); 0 switches it off",
    )
    page_burst: int = _option(
        15, "CBT_PAGE_BURST", "new pages one client address may open at once, above the rate"
    )
    page_concurrency: int = _option(
        2,
        "CBT_PAGE_CONCURRENCY",
        "pages of one client address being rendered at the same time (then 429)",
    )
    trusted_proxies: tuple[str, ...] = _option(
        (),
        "CBT_TRUSTED_PROXIES",
        "addresses of reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are "
        "believed (comma-separated); cookies are `Secure` when one says https",
        shown="none",
    )
    idle_minutes: int = _option(
        20,
        "CBT_IDLE_MINUTES",
        "a page's kernel is shut down after this long idle, even while open (drafts are saved)",
    )
    max_message_bytes: int = _option(
        2 * 1024 * 1024,
        "CBT_MAX_MESSAGE_BYTES",
        "largest websocket message from a browser, in bytes",
        shown="2 MiB",
    )
    class_rate: int = _option(
        20, "CBT_CLASS_RATE", "new learn-page classes per hour across the server; 0: no limit"
    )
    # -- content ---------------------------------------------------------------------------
    locale: str = _option(
        "",
        "CBT_LOCALE",
        "region for crisis lines, the emergency number and the order dates are typed in (day "
        "first unless `en-US`) (e.g. `en-GB`, `en-IE`, `en-AU`, `en-NZ`, `en-CA`, `en-US`, any "
        "EU region → 112); set it, or clients see every listed line",
        shown="every configured line",
    )
    exercises_dir: str = _option(
        "",
        "CBT_EXERCISES_DIR",
        "a different folder of exercise files (worksheets, questionnaires, traps, quiz, "
        "crisis lines)",
        shown="`exercises/`",
    )
    # -- AI suggestions --------------------------------------------------------------------
    llm_url: str = _option(
        "",
        "CBT_LLM_URL",
        "optional OpenAI-compatible chat endpoint for suggestions (e.g. "
        "`http://127.0.0.1:11434/v1`); no text leaves the machine unless it is set",
        shown="unset: the offline engine only",
    )
    llm_model: str = _option(
        "", "CBT_LLM_MODEL", "model name sent to that endpoint", shown="`default`"
    )
    llm_api_key: str = _option(
        "", "CBT_LLM_API_KEY", "bearer token for that endpoint", shown="none", secret=True
    )
    llm_timeout: float = _option(
        10.0,
        "CBT_LLM_TIMEOUT",
        "seconds to wait for the endpoint before the offline engine answers instead",
    )
    # -- mail and time (read by the reminder and mail features) ----------------------------
    smtp_url: str = _option(
        "",
        "CBT_SMTP_URL",
        "optional mail server for links and reminders: `smtp://user:password@host:587` "
        "(STARTTLS required), `smtps://…:465`, or `smtp://127.0.0.1:25?tls=none` for a relay on "
        "this machine; no health data is ever mailed",
        shown="unset: no mail",
        secret=True,
    )
    mail_from: str = _option("", "CBT_MAIL_FROM", "sender address of that mail", shown="none")
    timezone: str = _option(
        "",
        "CBT_TIMEZONE",
        "the clinic's time zone (IANA name, e.g. `Europe/London`) for due dates, alerts and "
        "every date shown",
        shown="the server's own time zone",
    )
    # -- the analysis notebook -------------------------------------------------------------
    analysis_therapist: str = _option(
        "",
        "CBT_ANALYSIS_THERAPIST",
        "therapist the analysis notebook logs in as",
        shown="asked for",
    )
    analysis_password: str = _option(
        "",
        "CBT_ANALYSIS_PASSWORD",
        "that therapist's password, for unattended runs",
        shown="asked for",
        secret=True,
    )
    analysis_operator: bool = _option(
        default=False,
        env="CBT_ANALYSIS_OPERATOR",
        text="`1`: the analysis notebook reads as the command-line operator (every client, no "
        "login), for a demo database or a researcher who holds the database and its key",
        shown="0",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default: ``os.environ``); unset or empty variables take
        their defaults.

        Raises
        ------
        SettingsError
            A variable's value cannot be read (the message names the variable).
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for item in dataclasses.fields(cls):
            text = env.get(item.metadata["env"], "").strip()
            value = _parse(item, text) if text else None
            if value is not None and value != ():
                values[item.name] = value
        settings = cls(**values)
        return settings._resolved()

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; ``None`` values (a flag not given) are skipped."""
        given = {name: value for name, value in changes.items() if value is not None}
        return dataclasses.replace(self, **given)._resolved()

    def _resolved(self) -> Settings:
        """Fill the defaults that depend on the machine (database file, kernel cap, zone)."""
        return dataclasses.replace(
            self,
            database_url=self.database_url or f"sqlite:///{data_dir() / 'cbt-toolkit.sqlite3'}",
            base_url=self.base_url.rstrip("/"),
            max_kernels=self.max_kernels or default_max_kernels(),
            timezone=self.timezone or local_timezone(),
        )

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={self.shown(name)!r}" for name in _FIELDS)
        return f"Settings({values})"

    def shown(self, name: str) -> str:
        """The value of option ``name`` as ``cbt settings`` prints it (secrets masked)."""
        item = _FIELDS[name]
        value = getattr(self, name)
        if isinstance(value, tuple):
            text = ",".join(value)
        elif isinstance(value, bool):
            text = "1" if value else "0"
        else:
            text = str(value)
        if item.metadata["secret"] and text:
            return "(set, hidden)"
        if name == "database_url":
            return _hide_password(text)
        return text or "(unset)"


@dataclass(frozen=True)
class Option:
    """One option of :class:`Settings`, as documented."""

    name: str
    env: str
    help: str
    default: str
    secret: bool


def options() -> tuple[Option, ...]:
    """Every option, in the order of :class:`Settings`."""
    return tuple(
        Option(
            name=item.name,
            env=item.metadata["env"],
            help=item.metadata["help"],
            default=item.metadata["shown"] or _default_text(item.default),
            secret=item.metadata["secret"],
        )
        for item in dataclasses.fields(Settings)
    )


def markdown_table() -> str:
    """The configuration table of README.md, generated from :class:`Settings`."""
    lines = ["| variable | meaning | default |", "|---|---|---|"]
    for option in options():
        lines.append(f"| `{option.env}` | {option.help} | {option.default} |")
    return "\n".join(lines) + "\n"


def describe(settings: Settings) -> str:
    """Every option with its help text and current value (what ``cbt settings`` prints)."""
    parts = []
    for option in options():
        text = f"{option.help}. Default: {option.default}."
        wrapped = textwrap.fill(text, width=96, initial_indent="    ", subsequent_indent="    ")
        parts.append(f"{option.env} = {settings.shown(option.name)}\n{wrapped}\n")
    return "".join(parts)


_cache: dict[tuple[tuple[str, str], ...], Settings] = {}
_ALSO_READ = frozenset({"HOME", "XDG_DATA_HOME", "TZ"})
"""Other variables some defaults come from (the data folder, the local time zone)."""


def current() -> Settings:
    """This process's settings from the environment, built once per set of ``CBT_*`` values
    (and of the variables the defaults depend on)."""
    key = tuple(
        sorted((k, v) for k, v in os.environ.items() if k.startswith(ENV_PREFIX) or k in _ALSO_READ)
    )
    settings = _cache.get(key)
    if settings is None:
        settings = Settings.from_env()
        _cache.clear()
        _cache[key] = settings
    return settings


_FIELDS = {item.name: item for item in dataclasses.fields(Settings)}


def _parse(item: dataclasses.Field[Any], text: str) -> Any:
    env = item.metadata["env"]
    default = item.default
    try:
        if isinstance(default, bool):
            lowered = text.lower()
            if lowered not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
                raise ValueError(text)
            return lowered in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            number = int(text)
            if number < 0:
                raise ValueError(text)
            return number
        if isinstance(default, float):
            real = float(text)
            if not real >= 0 or real == float("inf"):
                raise ValueError(text)
            return real
    except ValueError:
        kind = "1 or 0" if isinstance(default, bool) else "a number ≥ 0"
        raise SettingsError(f"{env} must be {kind}, not {text!r}") from None
    if isinstance(default, tuple):
        return tuple(part.strip() for part in text.split(",") if part.strip())
    if item.name == "timezone" and not _is_zone(text):
        raise SettingsError(f"{env} is not a time zone name (e.g. Europe/London): {text!r}")
    return text


def _default_text(value: Any) -> str:
    if isinstance(value, tuple):
        return f"`{','.join(value)}`" if value else "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _hide_password(url: str) -> str:
    """``url`` with the password of its user part replaced by ``***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


CLIENT_ADDRESS_HEADER = "X-Cbt-Client-Address"
"""Set by the server on each page request (any value the visitor sent is replaced): the client
address it determined, which the page's kernel sees as :data:`CLIENT_ADDRESS_ENV`."""
CLIENT_ADDRESS_ENV = "HTTP_X_CBT_CLIENT_ADDRESS"


def client_address() -> str:
    """The address of the visitor whose page this kernel runs ("" outside the server)."""
    return os.environ.get(CLIENT_ADDRESS_ENV, "")
