"""One date format per language (Django's FORMAT_MODULE_PATH): `en` and `id` sub-modules.

Every page shows a date as `1 Dec 2026` (en) or `1 Des 2026` (id) and a moment as
`1 Dec 2026, 14:05` or `1 Des 2026, 14.05`, through the named formats (`DATE_FORMAT`,
`SHORT_DATE_FORMAT`, `DATETIME_FORMAT`, `SHORT_DATETIME_FORMAT`, `YEAR_MONTH_FORMAT`); the short
and long names give the same text. Anything not set here (number separators, input formats)
comes from Django's own locale modules. The choice of one day-month-year style for both
languages is the product's own judgement (it reads the same in both and is never ambiguous).
"""
