"""Indonesian dates: `1 Des 2026`, `1 Des 2026, 14.05`, `Des 2026`.

Day month year with a full stop between hours and minutes, as Django's own Indonesian locale
writes them (its `j N Y, G.i`), without the abbreviation's full stop and with one form for the
short and long names (the product's own judgement).
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j M Y, H.i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"
