"""Quiz mode in real Chromium: keyboard only, results in the store, labels, Escape, axe."""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
AXE = Axe()
QUIZ_NAME = re.compile("Quiz")
# Question id -> heading text as the reader sees it (without the ¶ link).
HEADINGS_JS = """() => Object.fromEntries([...document.querySelectorAll('article h3[id]')].map(h => {
  const copy = h.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach(a => a.remove());
  return [h.id, copy.textContent.trim()];
}))"""
STORE_JS = "() => JSON.parse(localStorage.getItem('pyguide.progress') || '{}').questions || {}"


def dialog(page):
    return page.get_by_role("dialog", name="Quiz this page")


def open_quiz(page):
    page.get_by_role("button", name=QUIZ_NAME).click()
    expect(dialog(page)).to_be_visible()
    return dialog(page)


def focused(page, name: str):
    expect(page.get_by_role("button", name=name, exact=True)).to_be_focused()


@pytest.mark.parametrize("path", ["topics/08-asyncio/", "weeks/week-3/"])
def test_quiz_button_leads_the_page_controls(page, site_url, path):
    page.goto(site_url + path)
    button = page.get_by_role("button", name=QUIZ_NAME)
    expect(button).to_have_count(1)
    expect(button).to_be_visible()
    expect(page.locator(".print-controls > :first-child")).to_have_text("Quiz this page")


def test_no_quiz_button_on_pages_without_answers(page, site_url):
    page.goto(site_url)
    expect(page.locator(".md-content h1").first).to_be_visible()
    expect(page.get_by_role("button", name=QUIZ_NAME)).to_have_count(0)


def test_whole_quiz_runs_with_the_keyboard_and_feeds_the_store(page, site_url):
    page.goto(site_url + "weeks/week-6/")
    headings = page.evaluate(HEADINGS_JS)
    ids_by_text = {text: qid for qid, text in headings.items()}
    total = page.locator("article details.answer").count()
    assert total >= 3

    page.get_by_role("button", name=QUIZ_NAME).focus()
    page.keyboard.press("Enter")
    quiz = dialog(page)
    expect(quiz).to_be_visible()
    focused(page, "Start")
    page.keyboard.press("Enter")

    seen, knew, missed = [], [], []
    for number in range(1, total + 1):
        expect(quiz.locator(".quiz__count")).to_contain_text(f"Question {number} of {total}")
        qid = ids_by_text[quiz.locator("h3").text_content().strip()]
        seen.append(qid)
        focused(page, "Reveal answer")
        expect(quiz.locator(".quiz__answer")).to_be_hidden()
        page.keyboard.press("Space" if number % 2 else "Enter")
        answer = quiz.locator(".quiz__answer")
        expect(answer).to_be_visible()
        # The answer is a copy of the page's own answer, with no duplicate ids.
        opening = page.locator(f"h3[id='{qid}'] + details.answer > p").first.text_content()
        expect(answer.locator("p").first).to_have_text(opening)
        assert page.evaluate("() => document.querySelectorAll('.quiz [id]').length") == 2  # title, question
        focused(page, "Knew it")
        if number % 3 == 0:  # every third one missed: Tab over to "Missed it"
            page.keyboard.press("Tab")
            focused(page, "Missed it")
            page.keyboard.press("Space")
            missed.append(qid)
        else:
            page.keyboard.press("Enter")
            knew.append(qid)

    assert sorted(seen) == sorted(headings), "every question exactly once"
    score = quiz.get_by_role("heading", name=f"You knew {len(knew)} of {total}.")
    expect(score).to_be_focused()
    links = quiz.locator(".quiz__body li a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [f"#{q}" for q in missed]
    assert [links.nth(i).text_content() for i in range(links.count())] == [headings[q] for q in missed]

    store = page.evaluate(STORE_JS)
    for qid in knew:
        assert store[qid].get("known") is True, (qid, store[qid])
        assert "review" not in store[qid]
    for qid in missed:
        assert store[qid].get("review") is True and store[qid].get("box") == 1, (qid, store[qid])
        assert "known" not in store[qid]
        assert store[qid]["due"] > page.evaluate("StudyStore.today()")  # due tomorrow

    # Tab past the missed links to "Quiz again": a new round starts at question 1.
    for _ in range(len(missed) + 1):
        page.keyboard.press("Tab")
    focused(page, "Quiz again")
    page.keyboard.press("Enter")
    expect(quiz.locator(".quiz__count")).to_contain_text(f"Question 1 of {total}")
    focused(page, "Reveal answer")

    page.keyboard.press("Escape")
    expect(quiz).to_be_hidden()
    expect(page.get_by_role("button", name=QUIZ_NAME)).to_be_focused()


def test_missed_link_closes_the_quiz_and_shows_the_question(page, site_url):
    page.goto(site_url + "weeks/week-6/")
    quiz = open_quiz(page)
    quiz.get_by_role("button", name="Start").click()
    while quiz.get_by_role("button", name="Reveal answer").count():
        quiz.get_by_role("button", name="Reveal answer").click()
        quiz.get_by_role("button", name="Missed it").click()
    link = quiz.locator(".quiz__body li a").first
    qid = link.get_attribute("href")[1:]
    link.click()
    expect(quiz).to_be_hidden()
    expect(page).to_have_url(re.compile(f"#{qid}$"))
    expect(page.locator(f"h3[id='{qid}']")).to_be_in_viewport()


def test_hide_difficulty_labels(page, site_url):
    page.goto(site_url + "topics/08-asyncio/")
    levels = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('article h3[id]')]"
                           ".map(h => [h.textContent.replace('¶', '').trim(), h.dataset.difficulty]))")
    quiz = open_quiz(page)
    hide = quiz.get_by_label("Hide difficulty labels")
    expect(hide).not_to_be_checked()
    quiz.get_by_role("button", name="Start").click()
    label = quiz.locator(".quiz__level")
    expect(label).to_be_visible()
    expect(label).to_have_text(levels[quiz.locator("h3").text_content().strip()])

    page.keyboard.press("Escape")
    open_quiz(page)
    hide.check()
    quiz.get_by_role("button", name="Start").click()
    for _ in range(len(levels)):
        expect(quiz.locator(".quiz__count")).to_be_visible()
        expect(label).to_have_count(0)
        assert not re.search(r"\b(junior|mid|senior)\b", quiz.locator(".quiz__count").inner_text(), re.I)
        quiz.get_by_role("button", name="Reveal answer").click()
        quiz.get_by_role("button", name="Knew it").click()
    expect(quiz.get_by_role("heading", name=f"You knew {len(levels)} of {len(levels)}.")).to_be_visible()


def test_escape_and_close_leave_and_reopening_starts_fresh(page, site_url):
    page.goto(site_url + "topics/08-asyncio/")
    quiz = open_quiz(page)
    quiz.get_by_role("button", name="Start").click()
    quiz.get_by_role("button", name="Reveal answer").click()
    page.keyboard.press("Escape")
    expect(quiz).to_be_hidden()

    open_quiz(page)
    expect(quiz.get_by_role("button", name="Start")).to_be_focused()
    expect(quiz.locator(".quiz__count")).to_have_count(0)
    quiz.get_by_role("button", name="Close").click()
    expect(quiz).to_be_hidden()
    assert page.evaluate(STORE_JS) == {}, "leaving early records nothing"


def test_instant_navigation_adds_one_button_per_page(page, site_url):
    page.goto(site_url + "weeks/week-1/")
    page.wait_for_load_state("networkidle")  # instant navigation starts once the sitemap is in
    page.evaluate("window.sameDocument = true")
    page.locator(".md-nav__link[href$='week-2/']").first.click()
    expect(page).to_have_url(re.compile("weeks/week-2/$"))
    expect(page.locator("h1")).to_contain_text("Week 2")
    assert page.evaluate("window.sameDocument === true"), "Material's instant navigation was not used"
    expect(page.get_by_role("button", name=QUIZ_NAME)).to_have_count(1)
    expect(page.locator("dialog.quiz")).to_have_count(1)
    total = page.locator("article details.answer").count()
    quiz = open_quiz(page)
    expect(quiz).to_contain_text(f"{total} questions from this page")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violations_with_the_quiz_open(browser, site_url, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "weeks/week-6/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    quiz = open_quiz(page)
    found = {}
    found["start"] = AXE.run(page).response["violations"]
    quiz.get_by_role("button", name="Start").click()
    quiz.get_by_role("button", name="Reveal answer").click()
    found["answer"] = AXE.run(page).response["violations"]
    while quiz.get_by_role("button", name="Missed it").count():
        quiz.get_by_role("button", name="Missed it").click()
        if quiz.get_by_role("button", name="Reveal answer").count():
            quiz.get_by_role("button", name="Reveal answer").click()
    found["summary"] = AXE.run(page).response["violations"]
    context.close()
    found = {
        step: [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:5]]} for v in violations]
        for step, violations in found.items() if violations
    }
    assert found == {}, json.dumps(found, indent=1)
