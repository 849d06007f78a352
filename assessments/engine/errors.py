"""The one error type a caller has to catch for bad input."""

from __future__ import annotations


class EngineInputError(ValueError):
    """Invalid engine input. `path` names the field, e.g. ``it_cost_areas[3].annual_cost``.

    The message always starts with the path so a UI can show it next to the field or
    row; `errors` keeps every (path, message) found, the first one is the message.
    """

    def __init__(self, path: str, message: str, *, errors: tuple[tuple[str, str], ...] = ()) -> None:
        self.path = path
        self.detail = message
        self.errors = errors or ((path, message),)
        super().__init__(f"{path}: {message}" if path else message)
