"""Packaging contracts: conda and pip list the same dependencies; the layout is complete."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_side = {_name(r): r.replace(" ", "") for r in project["dependencies"]}
    conda = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = {
        _name(d): d.replace(" ", "")
        for d in conda["dependencies"]
        if isinstance(d, str) and _name(d) not in {"python", "pip"}
    }
    assert conda_side == pip_side


def test_environment_yml_lists_the_llm_test_extra() -> None:
    """The optional `llm-test` extra is spelled out for conda users, equal to pyproject's."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extra = project["optional-dependencies"]["llm-test"]
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    block = text.split("# Optional extra `llm-test`", 1)[1]
    listed = re.findall(r"^#\s+- (\S+)$", block, flags=re.MULTILINE)
    assert sorted(listed) == sorted(r.replace(" ", "") for r in extra)


def test_layout_is_complete() -> None:
    for name in ("exercises", "toolkit", "dashboards", "tests"):
        assert (ROOT / name).is_dir(), name
    for name in ("environment.yml", "README.md", "pyproject.toml", "Makefile", ".ci/run"):
        assert (ROOT / name).is_file(), name


def test_readme_starts_with_the_two_commands() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("make ")
    ]
    assert lines[:2] == ["make run", "make test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    commands = [line for line in script if line.strip() and not line.startswith("#")]
    # the README's test command, then the real-LLM tests that README names next to it
    assert commands[-2:] == ["make test", "make test-llm"]
    assert "make test-llm" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_dashboards_folder_holds_only_public_pages() -> None:
    served = sorted(p.name for p in (ROOT / "dashboards").iterdir() if not p.name.startswith("."))
    assert all(name.endswith(".ipynb") for name in served), served
