"""notebooks/analysis.ipynb runs headlessly against a seeded demo database, as a therapist."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

pytest.importorskip("pandas")

import nbformat
from nbclient import NotebookClient

from toolkit.store import open_store
from toolkit.store.demo import DEMO_USER, seed_demo
from toolkit.store.frames import notebook_actor

pytestmark = pytest.mark.notebook
NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "analysis.ipynb"
SECRET_KEY = "analysis notebook test key"


class Clock:
    def __init__(self) -> None:
        self.moment: dt.datetime | None = None

    def __call__(self) -> dt.datetime:
        return self.moment or dt.datetime.now(dt.UTC)

    def set(self, moment: dt.datetime) -> None:
        self.moment = moment


@pytest.fixture
def demo_database(tmp_path: Path) -> tuple[str, str]:
    """A demo database (five clients, twelve weeks); returns its URL and the password."""
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    clock = Clock()
    store = open_store(url, secret_key=SECRET_KEY, clock=clock)
    password = seed_demo(store, clock.set, dt.datetime.now(dt.UTC))
    store.close()
    assert password
    return url, password


def test_stored_without_outputs_and_outside_the_served_folder() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert "dashboards" not in NOTEBOOK.parts
    source = "".join("".join(c["source"]) for c in code)
    assert "getpass" not in source  # asked inside notebook_actor, never typed into a cell
    assert "sqlite" not in source  # no hard-coded database


def test_notebook_runs_for_one_client_as_a_therapist(
    demo_database: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, password = demo_database
    monkeypatch.setenv("CBT_DATABASE_URL", url)
    monkeypatch.setenv("CBT_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("CBT_ANALYSIS_THERAPIST", DEMO_USER)
    monkeypatch.setenv("CBT_ANALYSIS_PASSWORD", password)
    monkeypatch.setenv("CBT_ANALYSIS_CLIENT", "DEMO-01")
    monkeypatch.delenv("CBT_ANALYSIS_OPERATOR", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=180, kernel_name="python3", resources={})
    client.execute(cwd=str(NOTEBOOK.parent), env=dict(os.environ))
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o["output_type"] == "error"]
    assert not errors, errors[0].get("evalue") if errors else ""
    figures = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) == 3  # progress, item heatmap, traps
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "DEMO-01" in text
    store = open_store(url, secret_key=SECRET_KEY)
    actions = [(e.actor, e.action) for e in store.audit_log(limit=30)]
    assert (f"therapist:{DEMO_USER}", "login") in actions
    assert (f"therapist:{DEMO_USER}", "read_timeline") in actions
    store.close()


def test_operator_mode_and_prompted_password(demo_database: tuple[str, str]) -> None:
    url, password = demo_database
    store = open_store(url, secret_key=SECRET_KEY)
    assert notebook_actor(store, environ={"CBT_ANALYSIS_OPERATOR": "1"}).actor == "cli"
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return password

    me = notebook_actor(store, environ={"CBT_ANALYSIS_THERAPIST": DEMO_USER}, ask=ask)
    assert me.username == DEMO_USER
    assert asked == [f"Password for {DEMO_USER}: "]
    store.close()
