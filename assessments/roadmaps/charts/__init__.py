"""Plotly figures for the dashboards, each with an accessible table of the same numbers: one
module a chart family (`base` holds what they share).

Figures are built with `plotly.graph_objects`, then reduced to a small dict: plotly's
default template (about 7 kB per figure) is dropped in favour of one light layout, and
floats are rounded. The browser draws them with `static/js/charts.js`.

Text that users or administrators typed (capability, provider, assessment and scenario
names) is HTML-escaped before it goes into a figure: plotly reads a small HTML subset
in labels, and escaped text is shown literally. The figure JSON is embedded with
`json_script`, which escapes `<`, `>` and `&` again, so nothing typed can close the
script element.
"""
