"""Data that a page's script reads, written into the page at build time."""

from __future__ import annotations

import html
import json


def json_data(element_id: str, data) -> str:
    """JSON in a hidden element's attribute. Not a <script type="application/json">:
    Material's instant navigation re-evaluates every script in the content it swaps
    in, as JavaScript and without its id, so such data would throw and vanish."""
    text = html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)
    return f'<div id="{element_id}" hidden data-json="{text}"></div>'
