"""Where the project's data folders are, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _pick(name: str) -> Path:
    """Return the checkout's top-level folder ``name``, else the copy packed into the wheel."""
    in_checkout = _CHECKOUT / name
    if in_checkout.is_dir():
        return in_checkout
    return _PACKAGE / "_data" / name


def exercises_dir() -> Path:
    """The folder of exercise YAML files (``CBT_EXERCISES_DIR`` overrides it)."""
    from toolkit.config import current

    override = current().exercises_dir
    return Path(override) if override else _pick("exercises")


def dashboards_dir() -> Path:
    """The folder of public dashboard notebooks that ``cbt serve`` hands to Voila."""
    return _pick("dashboards")


def package_data_dir() -> Path:
    """Data shipped inside the package itself (templates, training examples)."""
    return _PACKAGE / "data"
