"""One row error type for every upload and every grid save, and a collector that stops early."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class RowError:
    """A problem at a row and column of an upload.

    `row` is the spreadsheet row number as the user sees it (the header is row 1) or
    None for the whole file; `column` is the column's label (or field key) or None;
    `sheet` names the sheet, or the file for a CSV upload.
    """

    row: int | None
    column: str | None
    message: str
    sheet: str = ""


class ErrorsExhausted(Exception):
    """Raised by `ErrorCollector.add` once the budget is used: checking stops there."""


class ErrorCollector:
    """Collects row errors up to `limit`; the next one stops the check (work stays bounded).

    `stopped_at` is the row at which checking stopped, if it did; `summary()` is the
    line that tells the user so.
    """

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.errors: list[RowError] = []
        self.stopped_at: int | None = None

    def __len__(self) -> int:
        return len(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, error: RowError) -> None:
        if len(self.errors) >= self.limit:
            self.stopped_at = error.row
            raise ErrorsExhausted
        self.errors.append(error)

    def extend(self, errors: list[RowError]) -> None:
        for error in errors:
            self.add(error)

    def finish(self, *, sheet: str = "") -> list[RowError]:
        """The errors, followed by a line saying checking stopped, if it did."""
        if self.stopped_at is None:
            return list(self.errors)
        return [
            *self.errors,
            RowError(
                self.stopped_at,
                None,
                _(
                    "Checking stopped after %(count)s problems, at row %(row)s; the rows after it were not "
                    "checked. Fix these and upload the file again."
                )
                % {"count": self.limit, "row": self.stopped_at},
                sheet,
            ),
        ]


def errors_capped(errors: list[RowError], *, limit: int) -> list[RowError]:
    """The first `limit` errors, and a line saying how many more there are (for checks that ran to the end)."""
    if len(errors) <= limit:
        return errors
    more = len(errors) - limit
    return [
        *errors[:limit],
        RowError(
            None,
            None,
            ngettext(
                "… and %(count)s more problem. Fix these and upload the file again.",
                "… and %(count)s more problems. Fix these and upload the file again.",
                more,
            )
            % {"count": more},
        ),
    ]
