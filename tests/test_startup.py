"""What a page kernel imports: never the slow grammar behind jsonschema's IRI formats."""

from __future__ import annotations

import json
import subprocess
import sys

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
