"""The Anki decks of the real site, read back from the .apkg files the way Anki reads them."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from studysite import anki
from studysite.anki import (
    ALL_DECK_FILE, MODEL_ID, WEEK_DECK_FILE, card_html, question_guid, stable_deck_id, write_decks,
)
from studysite.rendered import answers_from_html
from studysite.site import load_site

SITE_URL = "https://example.org/python-guide/"
TIMESTAMP = 1_750_000_000.0
TOPIC_LINK = re.compile(r"\]\((?P<page>\d{2}-[a-z0-9-]+)\.md(?P<anchor>#[^)\s]*)?\)")
SAME_PAGE_LINK = re.compile(r"\]\((?P<anchor>#[^)\s]+)\)")


@dataclass
class Note:
    guid: str
    model_id: int
    mod: int
    tags: set[str]
    question: str
    answer: str
    topic: str
    difficulty: str
    link: str


@dataclass
class Apkg:
    notes: list[Note]
    card_deck_ids: list[int]
    decks: dict[int, str]  # deck id -> name, as stored in the col table

    def guids(self) -> list[str]:
        return [note.guid for note in self.notes]


def read_apkg(path: Path, scratch: Path) -> Apkg:
    with zipfile.ZipFile(path) as archive:
        assert {"collection.anki2", "media"} <= set(archive.namelist())
        database = scratch / f"{path.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        notes = [
            Note(guid, mid, mod, set(tags.split()), *flds.split("\x1f"))
            for guid, mid, mod, tags, flds in connection.execute(
                "SELECT guid, mid, mod, tags, flds FROM notes ORDER BY id")
        ]
        card_deck_ids = [did for (did,) in connection.execute("SELECT did FROM cards")]
        (decks_json,) = connection.execute("SELECT decks FROM col").fetchone()
    finally:
        connection.close()
    decks = {int(deck_id): deck["name"] for deck_id, deck in json.loads(decks_json).items()}
    return Apkg(notes, card_deck_ids, decks)


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


@pytest.fixture(scope="module")
def answers(site, built_site) -> dict[str, str]:
    """Every answer's HTML as the real strict build rendered it."""
    collected = {}
    for page in site.pages.values():
        collected.update(answers_from_html(built_site.html(page.path)))
    return collected


@pytest.fixture(scope="module")
def builds(site, answers, tmp_path_factory):
    """The real site's decks, built twice into separate directories, each by genanki
    (an empty deck cache each time)."""
    built = []
    with pytest.MonkeyPatch.context() as patch:
        for run in (1, 2):
            patch.setattr(anki, "DECK_CACHE", tmp_path_factory.mktemp(f"deck-cache-{run}"))
            built.append(write_decks(site, SITE_URL, answers, tmp_path_factory.mktemp(f"decks-{run}"),
                                     timestamp=TIMESTAMP))
    return built


def test_a_rebuild_copies_unchanged_decks_and_writes_changed_ones(site, answers, builds, tmp_path, monkeypatch):
    """Decks are cached by content: the same questions and answers give the same bytes
    without genanki; a changed answer or a new fixed time gives a new deck."""
    monkeypatch.setattr(anki, "DECK_CACHE", tmp_path / "cache")
    first = write_decks(site, SITE_URL, answers, tmp_path / "one", timestamp=TIMESTAMP)
    written = []
    monkeypatch.setattr(anki, "_write_reproducible_apkg",
                        lambda deck, path, timestamp: written.append(path.name) or path.write_bytes(b"new"))
    again = write_decks(site, SITE_URL, answers, tmp_path / "two", timestamp=TIMESTAMP)
    assert written == []
    assert [deck.path.read_bytes() for deck in again] == [deck.path.read_bytes() for deck in builds[0]]
    question_id = next(iter(site.questions))
    changed = dict(answers, **{question_id: answers[question_id] + "<p>One more sentence.</p>"})
    write_decks(site, SITE_URL, changed, tmp_path / "three", timestamp=TIMESTAMP)
    assert ALL_DECK_FILE in written and len(written) == 2, written  # its week's deck and Everything
    written.clear()
    write_decks(site, SITE_URL, answers, tmp_path / "four", timestamp=TIMESTAMP + 1)
    assert len(written) == len(first)


def test_the_build_writes_every_deck(site, built_site):
    written = sorted(path.name for path in (built_site.directory / "decks").glob("*.apkg"))
    assert written == sorted([WEEK_DECK_FILE.format(week.number) for week in site.plan.weeks] + [ALL_DECK_FILE])


def test_every_answer_is_extracted_whole(site, answers):
    assert set(answers) == set(site.questions)
    for qid, answer in answers.items():
        opening = "Prompt." if qid.startswith("mock-") and "<strong>Prompt.</strong>" in answer[:40] else "Short answer."
        assert answer.startswith(f"<p><strong>{opening}</strong>"), qid  # page 11's prompts open with the prompt
        assert answer.count("<details") == answer.count("</details>"), qid


@pytest.fixture(scope="module")
def decks(builds, tmp_path_factory) -> dict[str, Apkg]:
    scratch = tmp_path_factory.mktemp("read")
    return {deck_file.path.name: read_apkg(deck_file.path, scratch) for deck_file in builds[0]}


def expected_guids(site, week=None) -> set[str]:
    topics = site.plan.week(week).topics if week else site.pages
    return {question_guid(question.id) for topic in topics for question in site.pages[topic].questions}


def test_one_file_per_week_and_one_with_everything(site, builds):
    names = [deck_file.path.name for deck_file in builds[0]]
    assert names == [WEEK_DECK_FILE.format(week.number) for week in site.plan.weeks] + [ALL_DECK_FILE]
    for deck_file in builds[0]:
        assert deck_file.size == deck_file.path.stat().st_size > 0
        assert deck_file.name.startswith("Python interview guide::")


def test_note_counts_match_the_topic_pages(site, builds, decks):
    for deck_file in builds[0]:
        apkg = decks[deck_file.path.name]
        expected = site.week_question_count(deck_file.week) if deck_file.week else site.question_count
        assert len(apkg.notes) == deck_file.notes == expected, deck_file.name
        assert set(apkg.guids()) == expected_guids(site, deck_file.week), deck_file.name
        assert len(apkg.card_deck_ids) == expected  # one card per note


def test_builds_are_reproducible(builds):
    for first, second in zip(*builds):
        assert first.path.read_bytes() == second.path.read_bytes(), first.path.name


def test_guids_are_stable_and_unique(builds, decks, tmp_path):
    for deck_file in builds[1]:
        rebuilt = read_apkg(deck_file.path, tmp_path)
        assert rebuilt.guids() == decks[deck_file.path.name].guids()
        assert len(set(rebuilt.guids())) == len(rebuilt.guids()), f"duplicate GUIDs in {deck_file.name}"


def test_deck_and_model_ids_are_fixed(site, builds, decks):
    for deck_file in builds[0]:
        apkg = decks[deck_file.path.name]
        deck_id = stable_deck_id(f"week-{deck_file.week}" if deck_file.week else "all")
        assert apkg.decks[deck_id] == deck_file.name
        assert set(apkg.card_deck_ids) == {deck_id}
        assert {note.model_id for note in apkg.notes} == {MODEL_ID}
        # Anki updates a note on re-import only when this is newer than its copy.
        assert {note.mod for note in apkg.notes} == {int(TIMESTAMP)}


def test_fields_hold_question_answer_and_links(site, decks):
    notes = {note.guid: note for note in decks[ALL_DECK_FILE].notes}
    for question in site.questions.values():
        note = notes[question_guid(question.id)]
        page_url = f"{SITE_URL}{question.page.removesuffix('.md')}/"
        assert html.unescape(re.sub(r"<[^>]+>", "", note.question)) == question.title.replace("`", "")
        assert note.difficulty == question.difficulty
        assert note.topic == html.escape(next(p.title for p in site.pages.values() if p.path == question.page))
        assert note.link == f'<a href="{page_url}#{question.id}">Read on the site</a>'
        assert note.answer.startswith(("<p><strong>Short answer.", "<p><strong>Prompt.")), question.id  # rendered HTML
        if question.code_blocks:
            assert "<pre" in note.answer, question.id  # long blocks are <pre class="long-code">
        if any(block.language == "python" for block in question.code_blocks):
            assert '<div class="language-python highlight">' in note.answer and '<span class="' in note.answer, question.id
        assert not re.search(r'\sid="', note.answer), f"{question.id}: element ids left in the card"
        hrefs = re.findall(r'href="([^"]*)"', note.answer)
        assert not [href for href in hrefs if not href.startswith(("https://", "http://"))], question.id
        assert not [href for href in hrefs if re.search(r"\.md(#|$)", href)], question.id
        for link in TOPIC_LINK.finditer(question.answer):
            assert f'href="{SITE_URL}topics/{link["page"]}/{link["anchor"] or ""}"' in note.answer, question.id
        for link in SAME_PAGE_LINK.finditer(question.answer):
            assert f'href="{page_url}{link["anchor"]}"' in note.answer, question.id


def test_diagrams_become_their_description_on_a_card(site, decks):
    notes = {note.guid: note for note in decks[ALL_DECK_FILE].notes}
    with_diagrams = [q for q in site.questions.values() if any(b.language == "dot" for b in q.code_blocks)]
    assert with_diagrams  # page 14's worked designs
    for question in with_diagrams:
        answer = notes[question_guid(question.id)].answer
        assert "<svg" not in answer, question.id
        assert '<p class="diagram-note"><em>Diagram: ' in answer, question.id


def test_tags_name_topic_difficulty_and_week(site, decks):
    notes = {note.guid: note for note in decks[ALL_DECK_FILE].notes}
    for week in site.plan.weeks:
        for topic in week.topics:
            page = site.pages[topic]
            for question in page.questions:
                tags = notes[question_guid(question.id)].tags
                assert {f"topic::{topic:02d}-{page.slug}", f"difficulty::{question.difficulty}",
                        f"week::{week.number}"} <= tags, question.id


def test_card_html_makes_links_absolute_and_drops_ids():
    page = SITE_URL + "topics/01-objects-and-functions/"
    answer = ('<p id="x"><a href="../08-asyncio/#event-loop">a</a> <a href="#gil">b</a> '
              '<a href="https://docs.python.org/3/">c</a> <a href="../../weeks/week-2/">d</a></p>')
    assert card_html(answer, page) == (
        f'<p><a href="{SITE_URL}topics/08-asyncio/#event-loop">a</a> <a href="{page}#gil">b</a> '
        f'<a href="https://docs.python.org/3/">c</a> <a href="{SITE_URL}weeks/week-2/">d</a></p>')


def test_model_css_wraps_and_colours_code():
    from studysite.anki import build_model

    css = build_model().css
    assert "white-space: pre-wrap" in css and ".highlight .k" in css
