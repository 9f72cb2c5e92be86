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
    """

    database_url: str = ""
    secret_key: str = field(default="", repr=False)
    llm_url: str = ""
    llm_model: str = ""
    llm_api_key: str = field(default="", repr=False)
    host: str = "127.0.0.1"
    port: int = 8866
    pool_size: int = 1

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
        )
