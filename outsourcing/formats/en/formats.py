"""English dates: `1 Dec 2026`, `1 Dec 2026, 14:05`, `Dec 2026` (day month year, 24-hour clock).

The product's own judgement: one unambiguous day-month-year style, as in the Indonesian one,
instead of Django's default US `Dec. 1, 2026` and `12/01/2026`.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"
