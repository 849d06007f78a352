"""Managers' views of computed roadmaps: dashboard, portfolio, comparison, scenarios, approval.

- `selectors.py` reads (scoped to the user) and shapes a roadmap's stored result for pages;
- `charts.py` turns those shapes into small plotly figure dicts plus accessible tables;
- `services.py` writes: scenario requests and approval decisions;
- `views.py` is thin: forms in, selectors or services out.
"""
