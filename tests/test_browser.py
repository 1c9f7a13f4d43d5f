"""The reader's path in a real Chromium: search, land on the question, reveal it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def search(page, term: str):
    page.keyboard.press("/")  # Material's shortcut opens the search box
    box = page.get_by_role("textbox", name="Search")
    expect(box).to_be_focused()
    box.fill(term)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible()
    return results


def test_search_gil_lands_on_the_question_and_reveals_the_answer(page, site_url):
    page.goto(site_url)
    results = search(page, "GIL")
    target = None
    for index in range(results.count()):
        href = results.nth(index).get_attribute("href")
        if "#" in href:
            target = results.nth(index)
            break
    assert target is not None, "no search result links to a question"
    href = target.get_attribute("href")
    question_id = href.split("#", 1)[1].split("?")[0]
    target.click()
    expect(page).to_have_url(re.compile(rf"#{re.escape(question_id)}$"))
    heading = page.locator(f"h3[id='{question_id}']")
    expect(heading).to_be_visible()
    expect(heading).to_be_in_viewport()
    assert "GIL" in heading.inner_text() or "GIL" in page.locator(f"h3[id='{question_id}'] + details").inner_text()

    answer = page.locator(f"h3[id='{question_id}'] + details.answer")
    expect(answer).not_to_have_attribute("open", "")
    body = answer.locator("p").first
    expect(body).to_be_hidden()
    answer.locator("summary").click()
    expect(answer).to_have_attribute("open", "")
    expect(body).to_be_visible()
    assert page.request_log.foreign("127.0.0.1") == []


def test_answer_opens_and_closes_with_the_keyboard(page, site_url):
    page.goto(site_url + "topics/16-interview-qa/")
    summary = page.locator("details.answer > summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.answer").first).to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(page.locator("details.answer").first).not_to_have_attribute("open", "")
