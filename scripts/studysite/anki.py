"""Anki decks of the interview questions: one per study week and one with everything.

Plain functions of (site, site_url), no MkDocs, so the build, a script and the
tests all produce the same files. Each deck is its own ``.apkg`` because an
Anki note belongs to exactly one deck.

Re-importing a newer file updates cards in place: note GUIDs come from question
ids only, and the model and deck ids are constants. Anki applies an update only
when the file's note ``mod`` time is newer than the one it has, so the build
timestamp must grow between releases; SOURCE_DATE_EPOCH (e.g. the last commit's
time) gives that and keeps the output byte-for-byte reproducible.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import posixpath
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import genanki
import markdown
from markdown.treeprocessors import Treeprocessor
from pygments.styles import get_style_by_name

from .questions import Question
from .render import WEEK_PAGE
from .site import Site

DECK_ROOT = "Python interview guide"
GUID_NAMESPACE = "python-interview-guide"
ALL_DECK_FILE = "python-interview-all.apkg"
WEEK_DECK_FILE = "python-interview-week-{}.apkg"
# Never change: Anki matches note types by id; a new id makes a second note type.
MODEL_ID = 1_735_283_942
CODE_STYLE = "default"
# Zip entries carry a date; a fixed one keeps the files reproducible.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Anki has no site CSS, so code blocks carry their own colours (night mode too).
PRE_STYLE = (
    "white-space: pre-wrap; word-break: break-word; color: #1f2328; "
    f"background: {get_style_by_name(CODE_STYLE).background_color}; "
    "padding: 0.6em 0.8em; border-radius: 4px; text-align: left; font-size: 0.85em"
)
CARD_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left;
        max-width: 46em; margin: 0 auto; color: #1f2328; background: #fff; }
.nightMode.card, .night_mode .card { color: #e6edf3; background: #1e1e1e; }
.nightMode a, .night_mode a { color: #8ab4f8; }
.meta { font-size: 0.7em; color: #6e7781; }
.question { font-size: 1.15em; font-weight: 600; margin: 0.3em 0; }
code { font-size: 0.9em; }
:not(pre) > code { background: rgba(127, 127, 127, 0.15); padding: 0.1em 0.3em; border-radius: 3px; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #8c959f; padding: 0.25em 0.6em; vertical-align: top; }
.admonition, details { border-left: 4px solid #536dfe; padding: 0.2em 0.8em; margin: 0.8em 0; }
.link { font-size: 0.8em; }
"""


@dataclass(frozen=True)
class DeckFile:
    """One written ``.apkg``, as a Decks page lists it."""

    name: str  # the Anki deck name
    path: Path
    notes: int
    size: int  # bytes
    week: int | None  # None for the deck with everything


def question_guid(question_id: str) -> str:
    return genanki.guid_for(GUID_NAMESPACE, question_id)


def stable_deck_id(key: str) -> int:
    """A deck id from a fixed key, in the range genanki recommends (1<<30 .. 1<<31)."""
    digest = int.from_bytes(hashlib.sha256(f"{GUID_NAMESPACE}/{key}".encode()).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def page_url(page: str, site_url: str) -> str:
    """The URL of a docs page: MkDocs serves ``topics/08-asyncio.md`` at ``topics/08-asyncio/``."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
    else:
        stem += "/"
    return site_url.rstrip("/") + "/" + stem


def site_href(href: str, page: str, site_url: str) -> str:
    """Make a link from a docs page absolute; answers link like ``08-asyncio.md#id`` or ``#id``."""
    if not href or urlsplit(href).scheme or href.startswith("//"):
        return href
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    url = page_url(target, site_url) if target.endswith(".md") else site_url.rstrip("/") + "/" + target
    return f"{url}#{fragment}" if fragment else url


class _AbsoluteLinks(Treeprocessor):
    """Rewrites every ``<a href>``; runs on the element tree, so code that shows a link stays as written."""

    def __init__(self, md, site_url: str):
        super().__init__(md)
        self.site_url = site_url
        self.page = ""

    def run(self, root):
        for link in root.iter("a"):
            link.set("href", site_href(link.get("href", ""), self.page, self.site_url))


class AnswerRenderer:
    """Markdown to self-contained HTML, with the site's Markdown extensions."""

    def __init__(self, site_url: str):
        self._markdown = markdown.Markdown(
            extensions=["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details",
                        "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite"],
            extension_configs={"pymdownx.highlight": {"noclasses": True, "pygments_style": CODE_STYLE}},
        )
        self._links = _AbsoluteLinks(self._markdown, site_url)
        # After the inline patterns (priority 20) have turned [text](url) into <a>.
        self._markdown.treeprocessors.register(self._links, "absolute_links", 5)

    def render(self, text: str, page: str) -> str:
        self._links.page = page
        rendered = self._markdown.reset().convert(text)
        # Keep Pygments' own <pre> style (line height) and append ours.
        return re.sub(r'<pre(?: style="([^"]*)")?>',
                      lambda m: f'<pre style="{(m.group(1) or "").rstrip("; ")}; {PRE_STYLE}">', rendered)

    def render_inline(self, text: str, page: str) -> str:
        """A one-line title: inline code and emphasis, no paragraph."""
        return self.render(text, page).removeprefix("<p>").removesuffix("</p>")


def build_model() -> genanki.Model:
    return genanki.Model(
        MODEL_ID,
        "Python interview question",
        fields=[{"name": name} for name in ("Question", "Answer", "Topic", "Difficulty", "Link")],
        templates=[{
            "name": "Question → Answer",
            "qfmt": '<div class="meta">{{Topic}} · {{Difficulty}}</div>\n<div class="question">{{Question}}</div>',
            "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="answer">{{Answer}}</div>\n'
                    '<p class="link">{{Link}}</p>',
        }],
        css=CARD_CSS,
    )


def _note(question: Question, position: int, topic: str, week: int | None, model: genanki.Model,
          renderer: AnswerRenderer, site_url: str) -> genanki.Note:
    question_url = page_url(question.page, site_url) + "#" + question.id
    slug = posixpath.basename(question.page).removesuffix(".md")
    tags = [f"topic::{slug}", f"difficulty::{question.difficulty}"] + ([f"week::{week}"] if week else [])
    return genanki.Note(
        model=model,
        fields=[
            renderer.render_inline(question.title, question.page),
            renderer.render(question.answer, question.page),
            html.escape(topic),
            question.difficulty,
            f'<a href="{html.escape(question_url)}">Read on the site</a>',
        ],
        tags=tags,
        guid=question_guid(question.id),
        due=position,  # new cards come in site order
    )


def build_decks(site: Site, site_url: str) -> dict[str, genanki.Deck]:
    """Decks by file name: one per week, then one with every question."""
    site_url = site_url.rstrip("/") + "/"
    model, renderer = build_model(), AnswerRenderer(site_url)
    week_of_topic = {topic: week.number for week in site.plan.weeks for topic in week.topics}
    notes: dict[int, list[genanki.Note]] = {}  # topic page number -> its notes, in page order
    position = 0
    for number in sorted(site.pages):
        page = site.pages[number]
        notes[number] = []
        for question in page.questions:
            position += 1
            notes[number].append(_note(question, position, page.title, week_of_topic.get(number), model,
                                       renderer, site_url))

    decks: dict[str, genanki.Deck] = {}
    for week in site.plan.weeks:
        week_url = page_url(WEEK_PAGE.format(week.number), site_url)
        deck = genanki.Deck(
            stable_deck_id(f"week-{week.number}"),
            f"{DECK_ROOT}::Week {week.number} · {week.focus}",
            description=f'Week {week.number} of the study plan: {html.escape(week.focus)}. '
                        f'<a href="{html.escape(week_url)}">Open the week on the site</a>.',
        )
        for topic in week.topics:
            for note in notes[topic]:
                deck.add_note(note)
        decks[WEEK_DECK_FILE.format(week.number)] = deck

    everything = genanki.Deck(
        stable_deck_id("all"),
        f"{DECK_ROOT}::Everything",
        description=f'Every question of the <a href="{html.escape(site_url)}">Python interview study guide</a>.',
    )
    for number in sorted(notes):
        for note in notes[number]:
            everything.add_note(note)
    decks[ALL_DECK_FILE] = everything
    return decks


def build_timestamp() -> float:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now; see the module docstring."""
    return float(os.environ.get("SOURCE_DATE_EPOCH") or time.time())


def _write_reproducible_apkg(deck: genanki.Deck, path: Path, timestamp: float) -> None:
    # genanki zips a temporary file, so the entry dates change on every run; re-zip with a fixed date.
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "deck.apkg"
        genanki.Package(deck).write_to_file(raw, timestamp=timestamp)
        with zipfile.ZipFile(raw) as source:
            entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


def write_decks(site: Site, site_url: str, out_dir: Path, timestamp: float | None = None) -> list[DeckFile]:
    """Write every deck as ``.apkg`` into out_dir; the same timestamp gives the same bytes."""
    timestamp = build_timestamp() if timestamp is None else timestamp
    out_dir.mkdir(parents=True, exist_ok=True)
    week_of_file = {WEEK_DECK_FILE.format(week.number): week.number for week in site.plan.weeks}
    written = []
    for file_name, deck in build_decks(site, site_url).items():
        path = out_dir / file_name
        _write_reproducible_apkg(deck, path, timestamp)
        written.append(DeckFile(deck.name, path, len(deck.notes), path.stat().st_size, week_of_file.get(file_name)))
    return written
