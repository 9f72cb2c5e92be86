"""The runnable examples in the reframing modules' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "toolkit.reframing",
    "toolkit.reframing.bank",
    "toolkit.reframing.calibration",
    "toolkit.reframing.checklist",
    "toolkit.reframing.classifier",
    "toolkit.reframing.compose",
    "toolkit.reframing.cues",
    "toolkit.reframing.grammar",
    "toolkit.reframing.safety",
    "toolkit.reframing.suggest",
    "toolkit.reframing.taxonomy",
    "toolkit.reframing.text",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
