"""Every dashboard notebook runs headlessly in a real kernel, with no logic in its cells."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from toolkit.paths import dashboards_dir

pytestmark = pytest.mark.notebook
NOTEBOOKS = sorted(dashboards_dir().glob("*.ipynb"))
QUERIES = {"client.ipynb": "exercise=thought_record"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_a_few_lines(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    lines = [line for c in code for line in "".join(c["source"]).splitlines() if line.strip()]
    assert len(lines) <= 10
    assert not any(line.lstrip().startswith(("def ", "class ", "for ", "if ")) for line in lines)
    assert all(not c.get("outputs") for c in code), "notebooks are stored without outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_and_shows_a_widget(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUERY_STRING", QUERIES.get(path.name, ""))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", resources={})
    client.execute(cwd=str(path.parent), env=dict(os.environ))
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
