"""The dashboard's cash flow by plan year as a board reads a business case: one line a cost or benefit,
one column a plan year and the total, in millions (or thousands, billions) of the currency so that ten
years fit a laptop's width. The exact amount of each cell stays in its title (and, month by month, in
the workbook and the cash-flow CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.money import currency_marker, money_format, number_format


@dataclass(frozen=True)
class Cell:
    shown: str  # in the table's unit, one decimal
    exact: str  # the whole amount with its currency


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    cells: list[Cell]
    total: Cell


@dataclass(frozen=True)
class YearTable:
    unit: str  # "IDR million", "Rp juta"
    years: list[int]
    lines: list[Line]


def table_divisor(values: list[float]) -> tuple[int, str]:
    """The largest of a thousand, a million and a billion that still leaves the largest amount at least
    1,000 units (four significant digits before the decimal), and its name; 1 and no name for small sums."""
    largest = max((abs(value) for value in values), default=0.0)
    for divisor, name in ((10**9, _("billion")), (10**6, _("million")), (10**3, _("thousand"))):
        if largest / divisor >= 1000:
            return divisor, name
    return 1, ""


def cash_flow_year_table(view: RoadmapPresentation) -> YearTable:
    """`view.cash_flow_by_year` turned a quarter: lines are its columns, columns its years, plus a total."""
    years = view.cash_flow_by_year
    columns = view.cash_flow_columns
    totals = {key: sum(float(year[key]) for year in years) for key, _label in columns}
    divisor, name = table_divisor([*totals.values(), *(float(year[key]) for year in years for key, _l in columns)])
    currency = view.currency
    decimals = 1 if divisor > 1 else 0

    def cell(value: Any) -> Cell:
        scaled = Decimal(str(float(value))) / divisor
        return Cell(shown=number_format(scaled, decimals=decimals), exact=money_format(value, currency))

    lines = [
        Line(key=key, label=str(label), cells=[cell(year[key]) for year in years], total=cell(totals[key]))
        for key, label in columns
    ]
    unit = f"{currency_marker(currency)} {name}".strip()
    return YearTable(unit=unit, years=[int(year["year"]) for year in years], lines=lines)
