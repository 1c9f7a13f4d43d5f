"""Material's palette stylesheet cut to the colours the config uses (studysite/palette.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from studysite.palette import prune_palette, used_colours

MATERIAL = Path(__import__("material").__file__).parent / "templates" / "assets" / "stylesheets"


def test_unused_colours_go_and_schemes_stay():
    css = ("[data-md-color-scheme=slate]{--a:1}"
           "[data-md-color-primary=red]{--p:red}[data-md-color-primary=indigo]{--p:blue}"
           "[data-md-color-accent=red],[data-md-color-accent=indigo]{--x:1}"
           "@media screen{[data-md-color-primary=pink] .md-nav{color:pink}[data-md-color-scheme=slate] a{color:red}}"
           "@media print{[data-md-color-primary=pink]{color:pink}}")
    assert prune_palette(css, {"indigo"}) == (
        "[data-md-color-scheme=slate]{--a:1}[data-md-color-primary=indigo]{--p:blue}"
        "[data-md-color-accent=indigo]{--x:1}@media screen{[data-md-color-scheme=slate] a{color:red}}")


def test_used_colours_read_every_palette_entry():
    palette = [{"media": "(prefers-color-scheme)"}, {"scheme": "default", "primary": "Deep Purple", "accent": "amber"}]
    assert used_colours(palette) == {"deep-purple", "amber", "indigo"}
    assert used_colours(None) == {"indigo"}


def test_the_real_palette_keeps_every_rule_for_our_colours_and_is_much_smaller():
    source = next(MATERIAL.glob("palette.*.min.css")).read_text(encoding="utf-8")
    pruned = prune_palette(source, {"indigo"})
    assert len(pruned) < len(source) / 2
    for marker in ("[data-md-color-primary=indigo]", "[data-md-color-accent=indigo]", "[data-md-color-scheme=slate]{"):
        assert source.count(marker) == pruned.count(marker), marker
    assert "[data-md-color-primary=red]" not in pruned
    with pytest.raises(ValueError):
        prune_palette(source[:-1], {"indigo"})


def test_the_built_pages_inline_the_pruned_palette(built_site):
    html = built_site.html("index.md")
    assert "[data-md-color-primary=indigo]" in html and "[data-md-color-primary=red]" not in html
