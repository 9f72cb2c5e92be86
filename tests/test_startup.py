"""What a page kernel imports: never the slow grammar behind jsonschema's IRI formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from toolkit.app import client_app
page = client_app("exercise=thought_record")
from toolkit import charts
from toolkit.ui.plot import figure_output
figure_output(charts.mood_change({"sad": 80}, {"sad": 40}, title="t"))
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
      {"nbformat", "jsonschema", "rfc3987_syntax", "lark", "voila", "sqlalchemy", "pandas"})))
"""


def test_client_page_kernel_imports_stay_light() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    heavy = json.loads(done.stdout.strip().splitlines()[-1])
    assert heavy == []


# -- issue 12: kernels carry only what their page needs -----------------------------------------

DISCIPLINE = """
import json, sys
from toolkit.app import client_app
for query in sys.argv[1:]:
    client_app(query)
roots = {"sqlalchemy", "cryptography", "argon2", "psycopg", "plotly", "nltk", "numpy"}
ours = {"toolkit.store.database", "toolkit.store.repository", "toolkit.store.demo",
        "toolkit.reframing.analysis", "toolkit.reframing.engine", "toolkit.reframing.cues",
        "toolkit.reframing.classifier", "toolkit.charts"}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in roots or m in ours)))
"""


def _loaded_by(*queries: str, env: dict[str, str] | None = None) -> set[str]:
    """The heavy modules a fresh interpreter holds after building the client page(s)."""
    import os

    done = subprocess.run(
        [sys.executable, "-c", DISCIPLINE, *queries],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return {
        name.split(".")[0] if "toolkit" not in name else name
        for name in json.loads(done.stdout.strip().splitlines()[-1])
    }


def test_an_invalid_link_or_practice_page_loads_no_database_and_no_engine() -> None:
    # A malformed link, no parameter and practice mode never need the database: SQLAlchemy,
    # cryptography and argon2 stay out, and so do the suggestion engine (NLTK, the classifier)
    # and plotly until someone asks for a suggestion or a chart.
    loaded = _loaded_by("assignment=not-a-link", "", "exercise=thought_record")
    assert loaded == set()


def test_a_real_link_loads_the_database_but_not_the_engine_or_plotly(tmp_path: object) -> None:
    from pathlib import Path

    from toolkit.store import CLI, open_store

    url = f"sqlite:///{Path(str(tmp_path)) / 'db.sqlite3'}"
    key = "discipline-test-key-" + "0" * 30
    store = open_store(url, secret_key=key)
    try:
        store.add_therapist("alice", "correct horse battery")
        store.add_client(CLI, "C1", therapist="alice")
        secret = store.assign(CLI, "C1", ["thought_record"]).secret
    finally:
        store.close()
    loaded = _loaded_by(
        f"assignment={secret}", env={"CBT_DATABASE_URL": url, "CBT_SECRET_KEY": key}
    )
    assert "sqlalchemy" in loaded  # the link was valid: the store opened it
    assert loaded.isdisjoint(
        {
            "plotly",
            "nltk",
            "numpy",
            "toolkit.reframing.engine",
            "toolkit.reframing.cues",
            "toolkit.reframing.classifier",
            "toolkit.charts",
            "toolkit.store.demo",
        }
    )


WARM = """
import json, os, sys
os.environ["VOILA_PREHEAT"] = "True"  # a pooled kernel, before its visitor's request
from toolkit.app import _warm_link_page
_warm_link_page()
roots = {"sqlalchemy", "cryptography", "argon2", "psycopg", "alembic", "plotly", "nltk",
         "numpy", "pandas"}
ours = {"toolkit.store.database", "toolkit.store.repository", "toolkit.scoring",
        "toolkit.charts", "toolkit.reframing.engine", "toolkit.ui.questionnaire_page"}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in roots or m in ours)
                 + [m for m in ("toolkit.ui.assignment_page", "toolkit.store.remote")
                    if m not in sys.modules]))
"""


@pytest.mark.parametrize("served", [True, False], ids=["cbt-serve", "plain-voila"])
def test_a_preheated_kernel_warms_only_what_its_link_page_uses(served: bool) -> None:
    # Under `cbt serve` a link's store calls go to the server (toolkit.store.remote): the
    # pooled kernel imports the assignment page and that client, and no database library;
    # outside it the kernel will open the database itself, so it imports the store's
    # libraries while it waits (still no engine, no connection). Scoring loads only with a
    # questionnaire, plotly and the suggestion engine only when asked for.
    from toolkit.store.remote import LINK_KEY_ENV, LINK_URL_ENV

    env = {k: v for k, v in os.environ.items() if k not in {LINK_URL_ENV, LINK_KEY_ENV}}
    if served:
        env.update({LINK_URL_ENV: "http://127.0.0.1:9/cbt/link", LINK_KEY_ENV: "k"})
    done = subprocess.run(
        [sys.executable, "-c", WARM], capture_output=True, text=True, check=True, env=env
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    if served:
        assert loaded == set()
    else:
        assert {"sqlalchemy", "cryptography", "toolkit.store.repository"} <= {
            name if name.startswith("toolkit") else name.split(".")[0] for name in loaded
        }
        assert loaded.isdisjoint({"toolkit.scoring", "toolkit.charts", "plotly", "nltk"})
