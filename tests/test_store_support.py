"""Shared helpers of the store, export and CLI tests (no tests here).

Every store test runs against SQLite (a file in ``tmp_path``) and PostgreSQL (a fresh schema
per test, at ``CBT_TEST_POSTGRES_URL``). Without that variable the PostgreSQL half is skipped
locally and fails in CI (``CI=true``).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from toolkit.store import Store, open_store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)  # a Monday
PASSWORD = "correct horse battery"


def postgres_url() -> str:
    """The test server's URL, or skip (locally) / fail (in CI) without one."""
    url = os.environ.get("CBT_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CBT_TEST_POSTGRES_URL is not set in CI: the PostgreSQL tests must run")
        pytest.skip("CBT_TEST_POSTGRES_URL is not set")
    return url


@contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: an SQLite file, or a new PostgreSQL schema (dropped after)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    base = make_url(postgres_url())
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Clock:
    """A settable clock for the store."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def make_store(url: str, tmp_path: Path, clock: Clock | None = None, **options: Any) -> Store:
    """A store with a cheap password hasher and its key file in ``tmp_path``."""
    return open_store(
        url,
        key_file=options.pop("key_file", tmp_path / "test.key"),
        secret_key=options.pop("secret_key", ""),
        password_hasher=FAST_HASHER,
        clock=clock,
        zone=options.pop("zone", dt.UTC),  # the tests' days are UTC days unless they say
        **options,
    )


PHQ9_LOW = [0, 1, 0, 1, 0, 0, 0, 0, 0]
PHQ9_ITEM9 = [1, 1, 1, 1, 1, 1, 0, 0, 1]
GAD7_MID = [1, 2, 1, 2, 1, 1, 1]


def thought_record(words: str = "marmalade") -> dict[str, Any]:
    """A complete thought record whose free text carries a recognisable ``words`` marker."""
    return {
        "situation": f"Reading an email from my manager about the {words} report",
        "moods": [{"name": f"anxious-{words}", "intensity": 70}],
        "automatic_thoughts": {
            "thoughts": [
                {"text": f"I will be fired over the {words} figures", "belief": 80},
                {"text": "Everyone thinks I am useless", "belief": 60},
            ],
            "hot": 0,
        },
        "evidence_for": f"The {words} numbers were late",
        "evidence_against": "My last review was good and she thanked me last week",
        "balanced_thought": f"One late {words} report is not the end of my job",
        "balanced_belief": 65,
        "moods_after": [{"name": f"anxious-{words}", "intensity": 40}],
    }


def all_text(store: Store, *, include_bytes: bool = True) -> str:
    """Every value of every table, as one big string (bytes decoded leniently).

    Short needles (a client code such as "C1") can turn up by chance inside encrypted bytes;
    look for those with ``include_bytes=False``.
    """
    from toolkit.store.models import Base

    parts: list[str] = []
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        if include_bytes:
                            parts.append(bytes(value).decode("latin-1"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def count_rows(store: Store) -> dict[str, int]:
    """Rows per table."""
    from sqlalchemy import func, select

    from toolkit.store.models import Base

    with store.engine.connect() as connection:
        return {
            table.name: int(
                connection.execute(select(func.count()).select_from(table)).scalar_one()
            )
            for table in Base.metadata.sorted_tables
        }
