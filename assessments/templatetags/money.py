"""`{{ value|money:currency }}`: amounts in the roadmap's currency, thousands grouped."""

from django import template

from outsourcing.money import money_format, number_format, percent_format

register = template.Library()


@register.filter(name="money")
def money(value, currency: str = "") -> str:
    return money_format(value, currency or "")


@register.filter(name="percent")
def percent(value, decimals: int = 1) -> str:
    """A fraction (0.183) as a percentage in the active language (18.3 % / 18,3 %); missing as an en dash."""
    return percent_format(value, decimals=int(decimals))


@register.filter(name="number")
def number(value, decimals: int = 0) -> str:
    """A plain number grouped for the active language (1,234.5 / 1.234,5)."""
    return number_format(value, decimals=int(decimals))


@register.filter(name="money_delta")
def money_delta(value, currency: str = "") -> str:
    """A change in money with its sign: +IDR 1,200 or -IDR 300; zero and missing as an en dash."""
    if value is None or value == "" or round(float(value)) == 0:
        return "–"
    text = money_format(value, currency or "")
    return text if float(value) < 0 else f"+{text}"


@register.filter(name="signed")
def signed(value) -> str:
    """A change in months with its sign (+3, -2); zero and missing as an en dash."""
    if value is None or value == "" or value == 0:
        return "–"
    return f"+{value}" if value > 0 else str(value)


@register.filter(name="cash_flow_years")
def cash_flow_years(view):
    """The dashboard's cash flow by plan year, lines by years in the table's unit (year_table_presenter)."""
    from assessments.roadmaps.year_table_presenter import cash_flow_year_table

    return cash_flow_year_table(view)
