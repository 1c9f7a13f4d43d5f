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

sys.path.insert(0, str(Path(__file__).parent))  # hooks load before the macros add scripts/

from studysite import anki  # noqa: E402
from studysite.rendered import add_study_controls, answers_from_html  # noqa: E402
from studysite.site import load_site  # noqa: E402

DECKS_DIR = "decks"
_answers: dict[str, str] = {}


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
    minify_own_assets(Path(config.docs_dir), Path(config.site_dir))


def minify_own_assets(docs_dir: Path, site_dir: Path) -> None:
    """Ship our scripts and styles minified (Material's already are); the sources stay readable."""
    for source in [*docs_dir.glob("assets/javascripts/*.js"), *docs_dir.glob("assets/stylesheets/*.css")]:
        shipped = site_dir / source.relative_to(docs_dir)
        minify = rjsmin.jsmin if source.suffix == ".js" else rcssmin.cssmin
        shipped.write_text(minify(source.read_text(encoding="utf-8")), encoding="utf-8")
