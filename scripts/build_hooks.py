"""MkDocs hooks: work on the HTML MkDocs has just rendered.

The macros (scripts/studysite) render Markdown before MkDocs converts it; these
steps need the HTML after: the study controls written into every page with
questions, and the Anki decks built from the rendered answers. `mkdocs.yml`
lists this file under `hooks:`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.config.config_options import ExtraScriptValue

sys.path.insert(0, str(Path(__file__).parent))  # hooks load before the macros add scripts/

from studysite import anki  # noqa: E402
from studysite.rendered import add_study_controls, answers_from_html  # noqa: E402
from studysite.site import load_site  # noqa: E402

DECKS_DIR = "decks"
SHIPPED_JS = "assets/javascripts/study-site.min.js"
SHIPPED_CSS = "assets/stylesheets/study-site.min.css"
_answers: dict[str, str] = {}
_sources: dict[str, list[str]] = {}  # shipped file -> the source files it joins, in order


def on_config(config):
    """Ship our feature scripts as one file and our styles as one, minified.

    Each feature keeps its own source file; on a throttled phone every extra
    request delays the first paint, so the pages load one of each instead.
    """
    _sources[SHIPPED_JS] = [str(script) for script in config.extra_javascript]
    _sources[SHIPPED_CSS] = list(config.extra_css)
    shipped = ExtraScriptValue(SHIPPED_JS)
    shipped.defer = True  # like each source: it needs only Material's document$
    config.extra_javascript = [shipped]
    config.extra_css = [SHIPPED_CSS]
    return config


def on_pre_build(config) -> None:
    _answers.clear()  # `mkdocs serve` rebuilds in the same process


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri.startswith("topics/"):
        _answers.update(answers_from_html(html))
    # Week pages show the week's progress from the plan data instead of the page's.
    return add_study_controls(html, page_progress=not page.file.src_uri.startswith("weeks/"))


def on_post_build(config) -> None:
    site = load_site(Path(config.config_file_path).parent, Path(config.docs_dir))
    anki.write_decks(site, config.site_url or "/", _answers, Path(config.site_dir) / DECKS_DIR)
    ship_own_assets(Path(config.docs_dir), Path(config.site_dir))


def ship_own_assets(docs_dir: Path, site_dir: Path) -> None:
    """Join and minify our scripts and styles (Material's are already); sources stay readable.

    The search worker is loaded on its own by the worker, so it is minified in place.
    """
    for shipped, sources in _sources.items():
        minify = rjsmin.jsmin if shipped.endswith(".js") else rcssmin.cssmin
        # Each feature script is wrapped in its own block scope so their top-level names cannot clash.
        wrap = (lambda text: "{\n" + text + "\n}\n") if shipped.endswith(".js") else (lambda text: text + "\n")
        joined = "".join(wrap((docs_dir / source).read_text(encoding="utf-8")) for source in sources)
        (site_dir / shipped).write_text(minify(joined), encoding="utf-8")
    worker = site_dir / "assets/javascripts/search-worker.js"
    worker.write_text(rjsmin.jsmin(worker.read_text(encoding="utf-8")), encoding="utf-8")
