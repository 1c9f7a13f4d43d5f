"""Progress is never lost and bad input never breaks a page: the storage rules of
store.js under two tabs, corrupt or foreign data, a full or blocked storage, hostile
imports and URLs, in real Chromium against the built site (reliability review)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from playwright.sync_api import expect
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)
KEY = "pyguide.progress"
TOPIC = "topics/04-classes-and-objects/"
IDS = [question.id for question in SITE.pages[4].questions]
FIRST, SECOND = IDS[0], IDS[1]


class Tabs:
    """One browser context (one localStorage) with as many tabs as a test opens;
    every JavaScript error in any tab fails the test unless the test expects it."""

    def __init__(self, browser, site_url):
        self.site_url = site_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.errors: list[str] = []

    def open(self, path: str = TOPIC):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(self.site_url + path)
        return page


@pytest.fixture
def tabs(browser, site_url):
    tabs = Tabs(browser, site_url)
    yield tabs
    tabs.context.close()
    assert not tabs.errors, f"JavaScript errors: {tabs.errors}"


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "{}")


def mark_button(page, question_id: str, name: str):
    return page.locator(f".marks[data-question='{question_id}']").get_by_role("button", name=name)


def mark(page, question_id: str, name: str):
    button = mark_button(page, question_id, name)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def seed(context, value_js: str):
    """Store `value_js` (a JS expression) under the progress key before the first page
    script runs, once per tab session, as a reader's browser would already hold it."""
    context.add_init_script(f"""
        if (!sessionStorage.getItem('seeded')) {{
            localStorage.setItem('{KEY}', {value_js});
            sessionStorage.setItem('seeded', '1');
        }}
    """)


# -- two tabs ------------------------------------------------------------------

def test_two_tabs_keep_both_marks_and_follow_each_other(tabs):
    a, b = tabs.open(), tabs.open()
    mark(a, FIRST, "I know this")
    mark(b, SECOND, "Review later")
    questions = stored(a)["questions"]
    assert questions[FIRST]["known"] is True and questions[SECOND]["review"] is True
    # B shows A's mark without a reload, and A shows B's, progress included.
    expect(mark_button(b, FIRST, "I know this")).to_have_attribute("aria-pressed", "true")
    expect(mark_button(a, SECOND, "Review later")).to_have_attribute("aria-pressed", "true")
    expect(b.locator("article .progress").first).to_contain_text(f"1 / {len(IDS)} known, 1 due for review")


def test_a_write_applies_to_what_is_stored_now_even_before_the_other_tab_is_heard(tabs):
    # Another tab's write whose storage event has not arrived yet (simultaneous
    # clicks): written from this page's own context, which gets no event for it.
    page = tabs.open()
    page.evaluate(f"""() => localStorage.setItem('{KEY}', JSON.stringify(
        {{version: 1, questions: {{'written-elsewhere': {{known: true, changed: Date.now()}}}}}}))""")
    mark(page, FIRST, "I know this")
    assert set(stored(page)["questions"]) == {"written-elsewhere", FIRST}


def test_a_tab_that_navigated_instantly_does_not_overwrite_the_other(tabs):
    a, b = tabs.open(), tabs.open()
    mark(a, FIRST, "I know this")
    b.locator("nav.md-nav a[href$='08-asyncio/']").first.click()  # instant navigation keeps B's scripts
    expect(b).to_have_url(re.compile(r"08-asyncio/$"))
    other = SITE.pages[8].questions[0].id
    mark(b, other, "I know this")
    questions = stored(a)["questions"]
    assert questions[FIRST]["known"] is True and questions[other]["known"] is True


def test_a_reset_in_one_tab_stays_a_reset_in_the_others(tabs):
    a, b = tabs.open("review/"), tabs.open()
    mark(b, FIRST, "I know this")
    mark(b, SECOND, "I know this")
    a.once("dialog", lambda dialog: dialog.accept())
    a.get_by_role("button", name="Reset progress").click()
    expect(a.locator(".progress-status")).to_have_text("Progress reset.")
    expect(mark_button(b, FIRST, "I know this")).to_have_attribute("aria-pressed", "false")  # B followed
    third = IDS[2]
    mark(b, third, "Review later")
    assert list(stored(a)["questions"]) == [third]  # only B's new mark: the reset entries stay gone


def test_a_reset_beats_marks_another_tab_could_not_save_yet(tabs):
    a, b = tabs.open("review/"), tabs.open()
    b.evaluate("""() => {
        window.realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = () => { throw new DOMException("full", "QuotaExceededError"); };
    }""")
    mark(b, FIRST, "I know this")  # kept in B's memory only
    b.evaluate("() => { Storage.prototype.setItem = window.realSetItem; }")
    a.once("dialog", lambda dialog: dialog.accept())
    a.get_by_role("button", name="Reset progress").click()
    expect(mark_button(b, FIRST, "I know this")).to_have_attribute("aria-pressed", "false")
    mark(b, SECOND, "I know this")
    assert list(stored(a)["questions"]) == [SECOND]  # the unsaved mark, older than the reset, lost


def test_the_review_queue_and_an_open_quiz_follow_another_tab(tabs):
    review, quiz, marker = tabs.open("review/"), tabs.open(), tabs.open()
    expect(review.locator("#review-queue")).to_contain_text("Nothing is due today")
    quiz.get_by_role("button", name="Quiz this page").click()
    quiz.get_by_role("button", name="Start").click()
    status = quiz.locator("dialog .quiz__status")
    expect(status).to_have_text("Not marked yet.")
    marker.evaluate("ids => ids.forEach((id) => StudyStore.setReview(id, true))", IDS)
    expect(review.locator("#review-queue")).to_contain_text(f"{len(IDS)} questions due today")
    expect(status).to_have_text(re.compile(r"^In your review: box 1, due \d{4}-\d{2}-\d{2}\.$"))


# -- stored data of any shape --------------------------------------------------

@pytest.mark.parametrize("value", [
    '{"version":0,"known":5}',
    '{"known":["a"],"review":{"a":1}}',
    '{"version":1,"questions":',
], ids=["legacy-number", "legacy-object", "truncated"])
def test_unreadable_stored_data_is_backed_up_and_every_feature_works(tabs, value):
    seed(tabs.context, json.dumps(value))
    page = tabs.open()
    expect(page.get_by_role("alert")).to_contain_text("could not be read")
    backups = [key for key in page.evaluate("Object.keys(localStorage)") if key.startswith(KEY + ".backup.")]
    assert len(backups) == 1 and page.evaluate(f"localStorage.getItem('{backups[0]}')") == value
    expect(page.get_by_role("alert")).to_contain_text(backups[0])  # the notice names the real backup
    mark(page, FIRST, "I know this")
    page.get_by_role("button", name="Quiz this page").click()
    expect(page.locator("dialog[open]")).to_be_visible()
    page.keyboard.press("Escape")
    page.goto(tabs.site_url + "review/")
    expect(page.locator("#review-queue")).to_contain_text("Nothing is due today")
    assert stored(page)["questions"][FIRST]["known"] is True


def test_ids_named_after_object_prototype_members_are_ordinary_ids(tabs):
    progress = {"version": 1, "questions": {
        name: {"review": True, "box": 1, "due": "2000-01-01", "changed": 1}
        for name in ("constructor", "toString", "__proto__", "hasOwnProperty")}}
    seed(tabs.context, json.dumps(json.dumps(progress)))
    page = tabs.open("review/")
    expect(page.locator("#review-queue")).to_contain_text("4 scheduled questions are no longer on the site")
    page.goto(tabs.site_url + TOPIC)
    expect(page.locator("article .progress").first).to_contain_text(f"0 / {len(IDS)} known")
    mark(page, FIRST, "I know this")
    assert set(stored(page)["questions"]) == {FIRST, "constructor", "toString", "__proto__", "hasOwnProperty"}
    exported = json.loads(page.evaluate("StudyStore.exportText()"))
    assert exported["questions"]["__proto__"]["due"] == "2000-01-01"
    assert page.evaluate("({}).review") is None  # nothing leaked onto Object.prototype


def test_unreadable_data_too_large_to_back_up_is_left_untouched_until_the_reader_chooses(tabs, tmp_path):
    unreadable = "{" + "x" * 3_000_000  # a copy would pass the 5 M-character quota
    seed(tabs.context, f"'{{' + 'x'.repeat({len(unreadable) - 1})")
    page = tabs.open()
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("left untouched")
    expect(notice).to_contain_text("kept in this tab only")
    expect(notice).not_to_contain_text("copied to")  # no backup is claimed
    mark(page, FIRST, "I know this")  # works in memory...
    mark(page, SECOND, "Review later")
    assert page.evaluate(f"localStorage.getItem('{KEY}').length") == len(unreadable)  # ...and writes nothing
    assert not [key for key in page.evaluate("Object.keys(localStorage)") if ".backup." in key]
    with page.expect_download() as download:
        notice.get_by_role("button", name="Download the unreadable data").click()
    saved = tmp_path / "unreadable.json"
    download.value.save_as(saved)
    assert saved.read_text() == unreadable
    page.once("dialog", lambda dialog: dialog.accept())
    notice.get_by_role("button", name="Start fresh").click()
    expect(notice).to_contain_text("saved in this browser again")
    questions = stored(page)["questions"]  # the tab's marks, now saved
    assert questions[FIRST]["known"] is True and questions[SECOND]["review"] is True


def test_a_failed_save_is_reported_with_an_export(tabs):
    tabs.context.add_init_script("""
        Storage.prototype.setItem = function () {
            throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        };
    """)
    page = tabs.open()
    mark(page, FIRST, "I know this")
    notice = page.get_by_role("alert")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("could not be saved (this browser's storage for the site is full)")
    mark(page, SECOND, "I know this")
    expect(notice).to_have_count(1)  # said once
    with page.expect_download() as download:
        notice.get_by_role("button", name="Export progress").click()
    exported = json.loads(open(download.value.path()).read())
    assert exported["questions"][FIRST]["known"] is True and exported["questions"][SECOND]["known"] is True


@pytest.mark.parametrize("path", ["", TOPIC, "review/", "weeks/week-2/"])
def test_blocked_storage_breaks_no_script_and_the_reader_is_told(tabs, path):
    tabs.context.add_init_script("""
        Object.defineProperty(window, "localStorage", {
            get() { throw new DOMException("Access is denied for this document.", "SecurityError"); },
        });
    """)
    page = tabs.open(path)
    expect(page.get_by_role("alert")).to_contain_text("Progress will not be kept")
    if path == TOPIC:
        mark(page, FIRST, "I know this")  # in memory
        page.locator("[data-study-palette] label:not([hidden])").click()  # the palette toggle still works


# -- import ----------------------------------------------------------------------

def import_file(page, path, content: str):
    path.write_text(content)
    page.locator("#import-progress").set_input_files(str(path))


def test_an_import_that_cannot_be_saved_reports_failure_and_changes_nothing(tabs, tmp_path):
    page = tabs.open()
    mark(page, FIRST, "I know this")
    page.goto(tabs.site_url + "review/")
    before = page.evaluate(f"localStorage.getItem('{KEY}')")
    questions = {f"imported-question-{n:07d}": {"known": True, "changed": 1} for n in range(420_000)}  # about 20 MB
    import_file(page, tmp_path / "huge.json", json.dumps({"version": 1, "questions": questions}))
    status = page.locator(".progress-status")
    expect(status).to_contain_text("Nothing was imported", timeout=30_000)
    expect(status).to_contain_text("Your progress is as it was")
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == before
    assert page.evaluate("Object.keys(StudyStore.state.questions).length") == 1
    page.goto(tabs.site_url + TOPIC)
    mark(page, SECOND, "I know this")  # later marks still save
    assert set(stored(page)["questions"]) == {FIRST, SECOND}


def test_import_cannot_rewrite_history(tabs, tmp_path):
    page = tabs.open()
    mark(page, FIRST, "I know this")
    page.goto(tabs.site_url + "review/")
    mine = stored(page)["questions"][FIRST]
    year_2100 = 4_102_444_800_000
    import_file(page, tmp_path / "future.json", json.dumps({"version": 1, "questions": {
        SECOND: {"known": True, "changed": year_2100},
        FIRST: {"known": "yes", "review": 1, "changed": year_2100},  # every field unusable
    }}))
    expect(page.locator(".progress-status")).to_have_text("Imported progress for 2 questions.")
    questions = stored(page)["questions"]
    assert questions[FIRST] == mine  # a valid local mark survives an unusable entry
    now = page.evaluate("Date.now()")
    assert questions[SECOND]["known"] is True and questions[SECOND]["changed"] <= now  # clamped
    import_file(page, tmp_path / "legacy.json", json.dumps({"known": ["a"], "review": {"a": 1}}))
    status = page.locator(".progress-status")
    expect(status).to_contain_text('That file cannot be imported: it looks like an old progress file, but its "review"')
    expect(status).not_to_contain_text("iterable")


# -- what the reader reads -----------------------------------------------------

def test_progress_and_review_strings_survive_the_build(tabs):
    page = tabs.open()
    mark(page, FIRST, "Review later")
    expect(page.locator("article .progress").first.locator("span")).to_have_text(
        f"0 / {len(IDS)} known, 1 due for review")
    page.goto(tabs.site_url + "review/")
    item = page.locator(f"#review-queue li[data-question='{FIRST}']")
    item.get_by_role("button", name="Reveal answer").click()
    item.get_by_role("button", name="Knew it").click()
    page.reload()
    expect(page.locator("#review-queue > p").first).to_have_text("Nothing is due today. 1 scheduled for later.")


@pytest.mark.parametrize("url", ["?h=x#100%", "?h=generator#%E0%A4%A", "#%E0%A4%A", "?h=gil#%"])
def test_malformed_search_urls_raise_no_error(page, site_url, url):
    page.goto(site_url + "topics/16-interview-qa/" + url)
    expect(page.locator("article h1")).to_be_visible()
    page.goto(site_url + "review/" + url)
    expect(page.locator("#review-queue")).to_contain_text("Nothing is due today")
    # the page fixture fails the test on any page error


def test_review_reveal_offline_says_so_and_works_again_online(tabs):
    page = tabs.open("review/")
    unvisited = SITE.pages[12].questions[0].id  # its topic page is in no cache yet
    page.evaluate("id => StudyStore.setReview(id, true)", unvisited)
    page.reload()
    item = page.locator(f"#review-queue li[data-question='{unvisited}']")
    tabs.context.set_offline(True)
    item.get_by_role("button", name="Reveal answer").click()
    expect(item.get_by_role("alert")).to_contain_text("could not be loaded (you are offline)")
    tabs.context.set_offline(False)
    item.get_by_role("button", name="Reveal answer").click()
    expect(item.locator(".review-answer")).to_contain_text("Short answer.")
    expect(item.get_by_role("alert")).to_have_count(0)


def test_one_feature_failing_to_load_does_not_stop_the_others(tabs):
    # The progress store cannot load; the quiz and the palette must still work.
    tabs.context.add_init_script("""
        Object.defineProperty(window, "StudyStore", {
            configurable: true, get() { return undefined; }, set() { throw new Error("injected failure"); },
        });
    """)
    page = tabs.open()
    page.get_by_role("button", name="Quiz this page").click()
    expect(page.locator("dialog[open]")).to_be_visible()
    page.keyboard.press("Escape")
    media = page.evaluate("document.body.dataset.mdColorMedia")
    page.locator("[data-study-palette] label:not([hidden])").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-media", media)
    assert any("store.js failed to load" in error for error in tabs.errors)  # reported, not swallowed
    tabs.errors.clear()  # the features that need the store fail as well, each on its own
