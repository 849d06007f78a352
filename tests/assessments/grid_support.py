"""Saving a line step the way its grid does (static/js/line_grid.js): every row as one JSON document."""

import json
from typing import Any

from django.test import Client


def grid_save(client: Client, url: str, rows: list[dict[str, Any]], *, lock_version: int = 0, action: str = "save"):
    """POST the grid's document; the answer is JSON: `redirect` on success, else `message` and `errors`."""
    body = {"lock_version": lock_version, "action": action, "rows": rows}
    return client.post(url, json.dumps(body), content_type="application/json", HTTP_ACCEPT="application/json")


def grid_rows_of(client: Client, url: str) -> list[dict[str, Any]]:
    """The rows the page hands to its grid (ids, codes and plain decimals), as they would be posted back."""
    return client.get(url).context["grid"]["rows"]
