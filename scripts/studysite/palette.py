"""Material's palette stylesheet cut down to the colours this site uses.

The stylesheet defines every primary and accent colour Material offers (about 20
each); a page inlines it, so the unused ones cost every page about 1.3 KB gzip,
which on a small page is the difference between its HTML arriving in one network
round trip or two. Rules are dropped only when each of their selectors names a
colour the config does not use; everything else (the schemes) is kept as is.
"""

from __future__ import annotations

import re

_COLOUR = re.compile(r"data-md-color-(?:primary|accent)=([\w-]+)")


def used_colours(palette: list[dict] | dict | None) -> set[str]:
    """Primary and accent names of the theme's palette entries (Material's defaults: indigo)."""
    entries = palette if isinstance(palette, list) else [palette or {}]
    colours = {str(entry.get(key, "indigo")).lower().replace(" ", "-")
               for entry in entries for key in ("primary", "accent")}
    return colours | {"indigo"}  # Material's default when an entry names none


def _rules(css: str):
    """(selector or at-rule prelude, body) of each top-level rule of ``css``."""
    depth, start, body_start, prelude = 0, 0, 0, ""
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, body_start = css[start:at], at + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield prelude, css[body_start:at]
                start = at + 1
    if depth != 0:
        raise ValueError("palette: unbalanced braces in Material's palette stylesheet")


def prune_palette(css: str, keep: set[str]) -> str:
    kept = []
    for prelude, body in _rules(css):
        if prelude.lstrip().startswith("@"):
            inner = prune_palette(body, keep)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
            continue
        selectors = [s for s in prelude.split(",") if set(_COLOUR.findall(s)) <= keep]
        if selectors:
            kept.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(kept)
