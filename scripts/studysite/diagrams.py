"""Diagrams written as Graphviz DOT in the docs, rendered to inline SVG at build time.

A design answer reads better with a picture, and a picture drawn at build time
needs no script, no request to another host, prints, and works offline:

    ```dot
    // Diagram: Clients reach the API servers through the gateway.
    digraph { rankdir=LR; client -> gateway -> api }
    ```

The first line names what the diagram shows; it becomes the SVG's accessible
name. Colours follow the page (`currentColor`), so one SVG serves light and dark.
Renders are cached on disk by content, so rebuilds cost nothing.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
from pathlib import Path

CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "diagrams"
_DESCRIPTION = re.compile(r"^\s*//\s*Diagram:\s*(?P<text>\S.*?)\s*$")
# Every diagram gets the same look; the DOT source says only what is connected to what.
_DOT_STYLE = [
    "-Gbgcolor=transparent", "-Gfontname=Helvetica", "-Gfontsize=12", "-Gpad=0.1", "-Gnodesep=0.35",
    "-Nshape=box", "-Nstyle=rounded", "-Nfontname=Helvetica", "-Nfontsize=12", "-Nmargin=0.12,0.06",
    "-Efontname=Helvetica", "-Efontsize=10", "-Earrowsize=0.7",
]


class DiagramError(ValueError):
    """A diagram cannot be rendered; the message says why."""


def description(source: str) -> str:
    first = source.strip().splitlines()[0] if source.strip() else ""
    match = _DESCRIPTION.match(first)
    if not match:
        raise DiagramError("a ```dot diagram must start with '// Diagram: <what it shows>' "
                           f"(its accessible description); got {first[:60]!r}")
    return match.group("text")


def dot_binary() -> str:
    found = shutil.which("dot")
    if not found:
        raise DiagramError("Graphviz's `dot` is needed to draw the diagrams: `make build` installs it "
                           "(or apt-get install graphviz)")
    return found


def render_svg(source: str) -> str:
    """The diagram as a bare <svg> element, coloured with currentColor."""
    key = hashlib.sha256(("\0".join(_DOT_STYLE) + "\0" + source).encode()).hexdigest()
    cached = CACHE_DIR / f"{key}.svg"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    result = subprocess.run([dot_binary(), "-Tsvg", *_DOT_STYLE], input=source, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0 or "<svg" not in result.stdout:
        raise DiagramError(f"Graphviz could not draw the diagram: {result.stderr.strip() or 'no output'}")
    svg = result.stdout[result.stdout.index("<svg"):]
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r"<title>.*?</title>\s*", "", svg, flags=re.S)  # node names, not meant to be read out
    svg = re.sub(r'<polygon fill="(?:white|transparent)" stroke="(?:none|transparent)"[^>]*/>\s*', "", svg)
    svg = svg.replace('"black"', '"currentColor"')
    svg = re.sub(r'\s(?:id|class)="[^"]*"', "", svg)  # ids would repeat across a page's diagrams
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached.write_text(svg, encoding="utf-8")
    return svg


def figure(source: str) -> str:
    """HTML for one diagram: an accessible, self-contained inline SVG."""
    label = html.escape(description(source), quote=True)
    svg = render_svg(source).replace("<svg", f'<svg role="img" aria-label="{label}" focusable="false"', 1)
    return f'<figure class="diagram">{svg}</figure>'


def fence_format(source, language, class_name, options, md, **kwargs):
    """pymdownx.superfences custom fence: ```dot blocks become diagrams."""
    return figure(source)
