"""Study tools in real Chromium: marks, progress, spaced review, portable progress, decks."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from playwright.sync_api import expect
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)
KEY = "pyguide.progress"
TOPIC = "topics/04-classes-and-objects/"
FIRST = SITE.pages[4].questions[0].id


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "{}")


def mark(page, question_id: str, name: str):
    button = page.locator(f".marks[data-question='{question_id}']").get_by_role("button", name=name)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


# -- the storage rules, run on the real store.js in the browser ---------------

def test_leitner_schedule(page, site_url):
    page.goto(site_url)
    steps = page.evaluate("""() => {
        const day = "2026-11-26", s = StudyStore.schedule;
        const review = {review: true, box: 1, due: day};
        const knew1 = s(review, true, day), knew2 = s(knew1, true, day);
        let top = knew2; for (let i = 0; i < 6; i++) top = s(top, true, day);
        return {knew1, knew2, top, missed: s(top, false, day), plainKnew: s({}, true, day)};
    }""")
    assert steps["knew1"] == {"review": True, "box": 2, "due": "2026-11-28", "known": True}
    assert steps["knew2"]["box"] == 3 and steps["knew2"]["due"] == "2026-11-30"
    assert steps["top"]["box"] == 5 and steps["top"]["due"] == "2026-12-12"  # capped at 16 days
    assert steps["missed"] == {"review": True, "box": 1, "due": "2026-11-27"}  # back to box 1, not known
    assert steps["plainKnew"] == {"known": True}  # knowing an unscheduled question schedules nothing


def test_storage_migration_and_validation(page, site_url):
    page.goto(site_url)
    results = page.evaluate("""() => ({
        v0: StudyStore.parse(JSON.stringify({known: ["a"], review: ["b"]})),
        v1: StudyStore.parse(JSON.stringify({version: 1, questions: {a: {known: true, box: 9, junk: 1}}})),
        newer: StudyStore.parse(JSON.stringify({version: 2, questions: {}})),
        broken: StudyStore.parse("{not json"),
        foreign: StudyStore.parse("[1, 2]"),
    })""")
    assert results["v0"]["state"]["version"] == 1
    assert results["v0"]["state"]["questions"]["a"] == {"known": True}
    assert results["v0"]["state"]["questions"]["b"]["review"] is True
    assert results["v1"]["state"]["questions"] == {"a": {"known": True}}  # bad fields dropped, entry kept
    assert "newer version" in results["newer"]["error"]
    assert "not valid JSON" in results["broken"]["error"]
    assert "not a progress object" in results["foreign"]["error"]


def test_merge_keeps_every_id_and_the_newer_mark(page, site_url):
    page.goto(site_url)
    merged = page.evaluate("""() => StudyStore.merge(
        {version: 1, questions: {a: {known: true, changed: 5}, b: {review: true, box: 2, changed: 9}}},
        {version: 1, questions: {a: {review: true, box: 1, changed: 7}, b: {known: true, changed: 3},
                                 "gone-from-the-site": {known: true, changed: 1}}})""")
    assert merged["questions"] == {
        "a": {"review": True, "box": 1, "changed": 7},  # theirs is newer
        "b": {"review": True, "box": 2, "changed": 9},  # ours is newer
        "gone-from-the-site": {"known": True, "changed": 1},  # unknown ids are kept
    }


# -- marks and progress --------------------------------------------------------

def test_marks_survive_reload_and_instant_navigation(page, site_url):
    page.goto(site_url + TOPIC)
    mark(page, FIRST, "I know this")
    expect(page.locator("article .progress").first).to_contain_text(f"1 / {len(SITE.pages[4].questions)} known")
    page.reload()
    know = page.locator(f".marks[data-question='{FIRST}']").get_by_role("button", name="I know this")
    expect(know).to_have_attribute("aria-pressed", "true")
    # Instant navigation: away through the nav and back, without a page load.
    page.evaluate("window.sameDocument = true")
    page.locator("nav.md-nav a[href$='study-plan/']").first.click()
    expect(page).to_have_url(re.compile(r"study-plan/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(re.escape(TOPIC) + "$"))
    assert page.evaluate("window.sameDocument") is True, "the navigation reloaded the page"
    expect(page.locator(f".marks[data-question='{FIRST}'] button[data-mark='known']")).to_have_attribute(
        "aria-pressed", "true")
    assert page.locator(f".marks[data-question='{FIRST}']").count() == 1  # no duplicate buttons
    know.click()  # toggles off
    expect(know).to_have_attribute("aria-pressed", "false")
    assert "known" not in stored(page)["questions"][FIRST]


def test_progress_shows_on_the_study_plan_week_page_and_home(page, site_url):
    page.goto(site_url + TOPIC)
    mark(page, FIRST, "I know this")
    week2 = SITE.week_question_count(2)
    page.goto(site_url + "study-plan/")
    rows = page.locator("article table tbody tr")
    expect(rows.nth(1).locator(".progress")).to_contain_text(f"1 / {week2} known")
    expect(rows.nth(0).locator(".progress")).to_contain_text(f"0 / {SITE.week_question_count(1)} known")
    expect(rows.nth(1).locator("progress")).to_have_attribute("value", "1")
    page.goto(site_url + "weeks/week-2/")
    expect(page.locator("article .progress").first).to_contain_text(f"1 / {week2} known")
    page.goto(site_url)
    expect(page.locator("article .progress")).to_contain_text(f"1 / {SITE.question_count} known")


def test_marked_for_review_appears_on_the_review_page_and_is_answered_in_place(page, site_url):
    page.goto(site_url + TOPIC)
    mark(page, FIRST, "Review later")
    page.goto(site_url + "review/")
    item = page.locator(f"#review-queue li[data-question='{FIRST}']")
    expect(item).to_contain_text(SITE.questions[FIRST].title.replace("`", ""))
    item.get_by_role("button", name="Reveal answer").click()
    expect(item.locator(".review-answer")).to_contain_text("Short answer.")
    item.get_by_role("button", name="Knew it").click()
    expect(item).to_contain_text("Next review:")
    entry = stored(page)["questions"][FIRST]
    assert entry["box"] == 2 and entry["known"] is True
    page.reload()
    expect(page.locator("#review-queue")).to_contain_text("Nothing is due today")


def test_the_review_page_works_after_instant_navigation(page, site_url):
    # Its data must survive Material re-evaluating the scripts of the content it swaps in.
    page.goto(site_url + TOPIC)
    mark(page, FIRST, "Review later")
    page.evaluate("window.sameDocument = true")
    page.locator("nav.md-nav a[href$='review/']").first.click()
    expect(page).to_have_url(re.compile(r"review/$"))
    assert page.evaluate("window.sameDocument") is True, "the navigation reloaded the page"
    item = page.locator(f"#review-queue li[data-question='{FIRST}']")
    item.get_by_role("button", name="Reveal answer").click()
    expect(item.locator(".review-answer")).to_contain_text("Short answer.")


# -- portable progress ---------------------------------------------------------

def test_export_clear_import_round_trips_and_keeps_unknown_ids(page, site_url, tmp_path):
    page.goto(site_url + TOPIC)
    mark(page, FIRST, "I know this")
    second = SITE.pages[4].questions[1].id
    mark(page, second, "Review later")
    # Progress for a question the site no longer has must survive the round trip.
    page.evaluate(f"""() => {{
        const data = JSON.parse(localStorage.getItem('{KEY}'));
        data.questions['retired-question'] = {{known: true, changed: 1}};
        localStorage.setItem('{KEY}', JSON.stringify(data));
    }}""")
    page.goto(site_url + "review/")
    before = stored(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download_info.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["version"] == 1 and data["format"] == "pyguide-progress"
    assert data["questions"] == before["questions"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset progress").click()
    expect(page.locator(".progress-status")).to_have_text("Progress reset.")
    assert stored(page)["questions"] == {}

    page.locator("#import-progress").set_input_files(str(exported))
    expect(page.locator(".progress-status")).to_have_text("Imported progress for 3 questions.")
    assert stored(page)["questions"] == before["questions"]  # exact, unknown id included
    page.goto(site_url + TOPIC)
    expect(page.locator(f".marks[data-question='{FIRST}'] button[data-mark='known']")).to_have_attribute(
        "aria-pressed", "true")


def test_importing_a_foreign_file_changes_nothing(page, site_url, tmp_path):
    page.goto(site_url + TOPIC)
    mark(page, FIRST, "I know this")
    page.goto(site_url + "review/")
    before = stored(page)
    foreign = tmp_path / "other.json"
    foreign.write_text('{"hello": "world"}')
    page.locator("#import-progress").set_input_files(str(foreign))
    expect(page.locator(".progress-status")).to_contain_text("cannot be imported")
    assert stored(page) == before


def test_corrupt_storage_is_set_aside_and_the_page_still_works(browser, site_url):
    context = browser.new_context()
    # Before any page script runs: a broken progress value and another app's data.
    context.add_init_script(f"""
        if (!sessionStorage.getItem('seeded')) {{
            localStorage.setItem('{KEY}', '{{"version": 1, "questions": ');
            localStorage.setItem('another-app', 'keep me');
            sessionStorage.setItem('seeded', '1');
        }}
    """)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + TOPIC)
    expect(page.get_by_role("alert")).to_contain_text("could not be read")
    keys = page.evaluate("Object.keys(localStorage)")
    backups = [key for key in keys if key.startswith(KEY + ".backup.")]
    assert len(backups) == 1
    assert page.evaluate(f"localStorage.getItem('{backups[0]}')") == '{"version": 1, "questions": '
    assert page.evaluate("localStorage.getItem('another-app')") == "keep me"
    mark(page, FIRST, "I know this")  # the page works and saves again
    page.reload()
    expect(page.get_by_role("alert")).to_have_count(0)  # told once, not on every page
    context.close()
    assert errors == []


# -- decks and accessibility ---------------------------------------------------

def test_anki_page_offers_every_deck_with_counts(page, site_url):
    page.goto(site_url + "anki/")
    rows = page.locator("article table tbody tr")
    expect(rows).to_have_count(len(SITE.plan.weeks) + 1)
    expect(rows.last).to_contain_text(str(SITE.question_count))
    for index in range(rows.count()):
        href = rows.nth(index).locator("a").get_attribute("href")
        response = page.request.get(urljoin(page.url, href))
        assert response.ok and response.body()[:2] == b"PK", href  # a zip, i.e. an .apkg


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_review_page(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + TOPIC)
    mark(page, FIRST, "Review later")
    mark(page, FIRST, "I know this")
    page.goto(site_url + "review/")
    page.get_by_role("button", name="Reveal answer").click()
    expect(page.get_by_role("button", name="Knew it")).to_be_visible()
    violations = Axe().run(page).response["violations"]
    context.close()
    assert violations == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations])
