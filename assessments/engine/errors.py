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


class UnrepresentableNumber:
    """Stands in, after parsing, for a number the engine cannot take: ``Infinity``, ``NaN``,
    a literal that overflows a float (``1e400``) or an integer with too many digits.

    The parser keeps going so that the validator can name the field that holds it.
    """

    __slots__ = ("problem", "text")

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 20 else f"{self.text[:12]}... ({len(self.text)} characters)"


class KeyedTwice(dict[str, object]):
    """A parsed JSON object in which a key appears more than once (the last value kept, as
    json does); `duplicates` lists those keys so that the validator can refuse them by name."""

    __slots__ = ("duplicates",)

    def __init__(self, pairs: list[tuple[str, object]], duplicates: tuple[str, ...]) -> None:
        super().__init__(pairs)
        self.duplicates = duplicates
