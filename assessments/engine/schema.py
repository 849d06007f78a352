"""The JSON Schemas of the engine's input and output, loaded from the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from .errors import EngineInputError


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def input_schema() -> dict[str, Any]:
    """A fresh copy of the input JSON Schema (draft 2020-12)."""
    return json.loads(json.dumps(_load("input")))


def output_schema() -> dict[str, Any]:
    """A fresh copy of the output JSON Schema (draft 2020-12)."""
    return json.loads(json.dumps(_load("output")))


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = _load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_path(parts: object) -> str:
    """``['it_cost_areas', 3, 'annual_cost']`` -> ``it_cost_areas[3].annual_cost``."""
    out = ""
    for part in parts:  # type: ignore[attr-defined]
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _sort_key(error: Any) -> tuple:
    # Deterministic: the error at the earliest field wins; ties by message.
    return (tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in error.absolute_path), error.message)


def _errors(name: str, doc: object) -> tuple[tuple[str, str], ...]:
    found = sorted(_validator(name).iter_errors(doc), key=_sort_key)
    return tuple((json_path(e.absolute_path), e.message) for e in found)


def validate_input_json(doc: object) -> None:
    """Raise EngineInputError naming the first invalid field, e.g.
    ``it_cost_areas[3].annual_cost: -5 is less than the minimum of 0``."""
    errors = _errors("input", doc)
    if errors:
        path, message = errors[0]
        raise EngineInputError(path, message, errors=errors)


def output_errors(doc: object) -> tuple[tuple[str, str], ...]:
    """Schema violations of an output document (used by the tests)."""
    return _errors("output", doc)
