"""Read a YAML file into a validated model, with errors that name the file, the key and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML has it (the same safe constructors, a few times faster)."""


class ExerciseFileError(ValueError):
    """An exercise file that cannot be used; the message says where and why."""

    def __init__(self, path: Path, key: str, line: int | None, problem: str) -> None:
        self.path = path
        self.key = key
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key or '(top level)'}: {problem}")


def _line_map(node: yaml.Node, prefix: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*prefix, key)] = key_node.start_mark.line + 1
            _line_map(value_node, (*prefix, key), out)
            out[(*prefix, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*prefix, index), out)


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[Any, ...]:
    """Drop the parts of a pydantic error location that are model names, not keys in the data."""
    path: list[Any] = []
    current = data
    for part in loc:
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            path.append(part)
            current = current[part]
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and "[" not in part
            and part not in {"function-after", "function-before", "function-wrap"}
            and not _looks_like_tag(part, current)
        ):
            path.append(part)  # a missing or unknown key: name it and stop descending
            break
    return tuple(path)


def _looks_like_tag(part: str, current: dict[str, Any]) -> bool:
    """Pydantic puts the discriminator value (e.g. ``rating``) in the location: skip it."""
    return any(current.get(tag) == part for tag in ("kind", "method"))


def _problem(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see docs/exercise-format.md for the keys allowed)"
    if kind == "missing":
        return "required key is missing"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return f"expected one of {ctx.get('expected_tags', '?')}, got {ctx.get('tag')!r}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "a listed value")
        return f"expected {expected}, got {error['input']!r}"
    return f"{error['msg']} (got {error['input']!r})" if "input" in error else str(error["msg"])


def load_model(path: Path, model: type[M]) -> M:
    """Parse ``path`` as YAML and validate it as ``model``.

    Raises
    ------
    ExerciseFileError
        On a YAML syntax error or the first validation problem, naming file, key and line.
    """
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506  (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ExerciseFileError(
            path, "", mark.line + 1 if mark else None, f"not valid YAML: {exc}"
        ) from exc
    if not isinstance(data, dict):
        raise ExerciseFileError(path, "", 1, "expected a mapping of keys at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # the line numbers are only for the message: the file is read again for them
        lines: dict[tuple[Any, ...], int] = {}
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            _line_map(root, (), lines)
        first = exc.errors()[0]
        data_path = _data_path(data, tuple(first["loc"]))
        if first["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            tag = str(first.get("ctx", {}).get("discriminator", "kind")).strip("'")
            data_path = (*data_path, tag)
        line = None
        for cut in range(len(data_path), -1, -1):
            if data_path[:cut] in lines:
                line = lines[data_path[:cut]]
                break
        key = ".".join(str(part) for part in data_path)
        raise ExerciseFileError(path, key, line, _problem(dict(first))) from None
