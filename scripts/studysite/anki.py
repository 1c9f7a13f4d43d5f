"""Anki decks of the interview questions: one per study week and one with everything.

Questions, ids and metadata come from the question parser; each answer's HTML is
the one MkDocs rendered for the site (collected by ``hooks.py``), so cards show
what the site shows and the build renders nothing twice. Each deck is its own
``.apkg`` because an Anki note belongs to exactly one deck.

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
from urllib.parse import urljoin

import genanki
from pygments.formatters import HtmlFormatter

from .questions import Question
from .render import WEEK_PAGE, url_path
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
# Written decks by content (genanki takes about half a second for all of them): a
# rebuild with the same questions and answers copies the bytes, keeping the time
# they were first written, which is when their content last changed.
DECK_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "decks"

# Anki has no site CSS, so code blocks carry their own colours (night mode too).
CARD_CSS = HtmlFormatter(style=CODE_STYLE).get_style_defs(".highlight") + """\
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
pre { white-space: pre-wrap; overflow-wrap: anywhere; text-align: left; font-size: 0.85em;
      padding: 0.6em 0.8em; border-radius: 4px; background: #f6f8fa; color: #1f2328; }
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
    """The absolute URL of a docs page on the site."""
    return site_url.rstrip("/") + "/" + url_path(page)


_HREF = re.compile(r'href="(?P<href>[^"]*)"')
_ELEMENT_ID = re.compile(r'\s(?:id|name)="[^"]*"')
_DIAGRAM = re.compile(r'<figure class="diagram"><svg role="img" aria-label="(?P<label>[^"]*)".*?</figure>', re.S)


def card_html(answer_html: str, page_absolute_url: str) -> str:
    """Answer HTML fit for a card: links absolute (a card has no base URL), element ids dropped,
    and each diagram replaced by its description (a card is read on a phone; the site has the picture)."""
    answer_html = _DIAGRAM.sub(lambda m: f'<p class="diagram-note"><em>Diagram: {m["label"]}</em></p>', answer_html)
    linked = _HREF.sub(lambda m: f'href="{html.escape(urljoin(page_absolute_url, html.unescape(m["href"])))}"',
                       answer_html)
    return _ELEMENT_ID.sub("", linked)


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


def title_html(title: str) -> str:
    """Question titles use only `code` markup."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(title, quote=False))


def _note(question: Question, position: int, topic: str, week: int | None, model: genanki.Model,
          answer_html: str, site_url: str) -> genanki.Note:
    question_page = page_url(question.page, site_url)
    slug = posixpath.basename(question.page).removesuffix(".md")
    tags = [f"topic::{slug}", f"difficulty::{question.difficulty}"] + ([f"week::{week}"] if week else [])
    return genanki.Note(
        model=model,
        fields=[
            title_html(question.title),
            card_html(answer_html, question_page),
            html.escape(topic),
            question.difficulty,
            f'<a href="{html.escape(question_page)}#{question.id}">Read on the site</a>',
        ],
        tags=tags,
        guid=question_guid(question.id),
        due=position,  # new cards come in site order
    )


def build_decks(site: Site, site_url: str, answers: dict[str, str]) -> dict[str, genanki.Deck]:
    """Decks by file name: one per week, then one with every question.

    ``answers`` maps question ids to the answer HTML MkDocs rendered.
    """
    missing = sorted(set(site.questions) - set(answers))
    if missing:
        raise ValueError(f"no rendered answer for {len(missing)} questions, e.g. '{missing[0]}'")
    site_url = site_url.rstrip("/") + "/"
    model = build_model()
    week_of_topic = {topic: week.number for week in site.plan.weeks for topic in week.topics}
    notes: dict[int, list[genanki.Note]] = {}  # topic page number -> its notes, in page order
    position = 0
    for number in sorted(site.pages):
        page = site.pages[number]
        notes[number] = []
        for question in page.questions:
            position += 1
            notes[number].append(_note(question, position, page.title, week_of_topic.get(number), model,
                                       answers[question.id], site_url))

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


def fixed_timestamp() -> float | None:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else None (now); see the module docstring."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return float(value) if value else None


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


def _deck_key(deck: genanki.Deck, timestamp: float | None) -> str:
    """A hash of everything a deck's bytes depend on (the time only when it was fixed)."""
    digest = hashlib.sha256(repr((deck.deck_id, deck.name, deck.description, timestamp)).encode())
    models = {id(note.model): note.model for note in deck.notes}
    for model in models.values():
        digest.update(repr((model.model_id, model.name, model.fields, model.templates, model.css)).encode())
    for note in deck.notes:
        digest.update(repr((note.model.model_id, note.guid, note.fields, note.tags)).encode())
    return digest.hexdigest()[:24]


def _write_cached_apkg(deck: genanki.Deck, key: str, path: Path, fixed: float | None) -> None:
    cached = DECK_CACHE / f"{key}.apkg"
    if cached.is_file():
        path.write_bytes(cached.read_bytes())
        return
    _write_reproducible_apkg(deck, path, fixed if fixed is not None else time.time())
    try:
        DECK_CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(path.read_bytes())
    except OSError:
        pass  # a read-only checkout builds the same, only slower


def write_decks(site: Site, site_url: str, answers: dict[str, str], out_dir: Path,
                timestamp: float | None = None) -> list[DeckFile]:
    """Write every deck as ``.apkg`` into out_dir; the same timestamp gives the same bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    week_of_file = {WEEK_DECK_FILE.format(week.number): week.number for week in site.plan.weeks}
    written = []
    fixed = timestamp if timestamp is not None else fixed_timestamp()
    decks = build_decks(site, site_url, answers)
    # Keys first: genanki changes the notes it writes, and the decks share notes.
    keys = {file_name: _deck_key(deck, fixed) for file_name, deck in decks.items()}
    for file_name, deck in decks.items():
        path = out_dir / file_name
        _write_cached_apkg(deck, keys[file_name], path, fixed)
        written.append(DeckFile(deck.name, path, len(deck.notes), path.stat().st_size, week_of_file.get(file_name)))
    for old in DECK_CACHE.glob("*.apkg") if DECK_CACHE.is_dir() else ():  # keep this build's only
        if old.stem not in keys.values():
            old.unlink(missing_ok=True)
    return written
