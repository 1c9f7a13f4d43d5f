"""Printing a week or topic page, with answers or as a worksheet, in real Chromium."""

from __future__ import annotations

import io
import re

import pytest
from conftest import ROOT
from playwright.sync_api import expect
from pypdf import PdfReader
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)
CHROME_TEXT = ["Written and tested by the study-guide authors", "Skip to content", "Print worksheet",
               "Initializing search"]  # the search dialog's text until the reader shows intent to search


def squash(text: str) -> str:
    """Compare text across PDF line breaks and hyphenation: drop all white space."""
    return re.sub(r"\s+", "", text)


def pdf_text(page) -> str:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return squash("".join(p.extract_text() for p in reader.pages))


def first_words_of_answers(page, ids) -> dict[str, str]:
    """The opening of each answer as the browser renders it (markup already stripped)."""
    return {
        qid: squash(page.locator(f"h3[id='{qid}'] + details.answer > p").first.text_content())[:80]
        for qid in ids
    }


@pytest.mark.parametrize("week", [1, 3, 6])
def test_week_pdf_has_title_focus_every_key_answer_and_no_chrome(page, site_url, week):
    plan_week = SITE.plan.week(week)
    page.goto(site_url + f"weeks/week-{week}/")
    openings = first_words_of_answers(page, plan_week.key_questions)
    text = pdf_text(page)
    assert text.startswith(squash(f"Week {week} · {plan_week.focus}")), text[:200]
    for qid, opening in openings.items():
        assert squash(SITE.questions[qid].title.replace("`", "")) in text, qid
        assert opening in text, f"answer of {qid} missing from the PDF"
    for chrome in CHROME_TEXT + [SITE.pages[16].title if 16 not in plan_week.topics else SITE.pages[1].title]:
        assert squash(chrome) not in text, f"'{chrome}' printed"


def test_worksheet_pdf_has_questions_but_no_answers(page, site_url):
    plan_week = SITE.plan.week(1)
    page.goto(site_url + "weeks/week-1/")
    openings = first_words_of_answers(page, plan_week.key_questions)
    page.goto(site_url + "weeks/week-1/?worksheet=1")
    expect(page.locator(".worksheet-notice")).to_be_visible()
    text = pdf_text(page)
    for qid, opening in openings.items():
        assert squash(SITE.questions[qid].title.replace("`", "")) in text
        assert opening not in text, f"worksheet printed the answer of {qid}"


def test_print_buttons_on_week_and_topic_pages(page, site_url):
    for path in ("weeks/week-2/", "topics/05-inheritance-and-metaprogramming/"):
        page.goto(site_url + path)
        expect(page.get_by_role("button", name="Print worksheet")).to_be_visible()
        expect(page.get_by_role("button", name="Print with answers")).to_be_visible()
    page.goto(site_url + "study-plan/")
    expect(page.get_by_role("button", name="Print worksheet")).to_have_count(0)


def test_answers_print_even_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "topics/12-data-structures-and-algorithms/")
    question = SITE.pages[12].questions[0]
    opening = squash(page.locator(f"h3[id='{question.id}'] + details.answer > p").first.text_content())[:80]
    text = pdf_text(page)
    context.close()
    assert opening in text


def test_printed_links_show_where_they_point(page, site_url):
    page.goto(site_url + "weeks/week-1/")
    text = pdf_text(page)
    assert squash(f"<{site_url}topics/01-objects-and-functions/") in text


def test_code_blocks_wrap_instead_of_being_cut(page, site_url):
    page.goto(site_url + "topics/14-system-design/")
    page.emulate_media(media="print")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    overflowing = page.evaluate(
        "[...document.querySelectorAll('article pre > code')].filter(c => c.scrollWidth > c.clientWidth + 1).length"
    )
    assert overflowing == 0
