"""A reader in real Chromium: search, land on the question, reveal the answer."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT, best_result, search
from playwright.sync_api import expect
from studysite.site import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT)


def question_id_of(href: str) -> str:
    return urlsplit(href).fragment


def test_search_gil_best_result_is_a_question_and_lands_on_it(page, site_url):
    page.goto(site_url)
    target = best_result(search(page, "GIL"))
    question_id = question_id_of(target.get_attribute("href"))
    assert question_id in SITE.questions, f"best result #{question_id} is not a question"
    assert "GIL" in SITE.questions[question_id].title
    target.click()
    expect(page).to_have_url(re.compile(rf"#{re.escape(question_id)}$"))
    heading = page.locator(f"h3[id='{question_id}']")
    expect(heading).to_be_in_viewport()
    # The term is in the answer too, so the answer is open with the match highlighted.
    answer = page.locator(f"h3[id='{question_id}'] + details.answer")
    expect(answer).to_have_attribute("open", "")
    expect(answer.locator("mark[data-md-highlight]").first).to_be_visible()


def test_search_run_in_executor_opens_the_answer_that_explains_it(page, site_url):
    page.goto(site_url)
    target = best_result(search(page, "run_in_executor"))
    question_id = question_id_of(target.get_attribute("href"))
    assert question_id in SITE.questions
    assert "run_in_executor" in SITE.questions[question_id].answer
    target.click()
    answer = page.locator(f"h3[id='{question_id}'] + details.answer")
    expect(answer).to_have_attribute("open", "")
    mark = answer.locator("mark[data-md-highlight]").first
    expect(mark).to_be_visible()
    expect(mark).to_have_text(re.compile("run_in_executor", re.I))


def test_search_returns_each_question_once(page, site_url):
    # Week pages repeat their key questions, but only the topic page is indexed.
    page.goto(site_url)
    links = search(page, "run_in_executor")
    expect(links.first).to_be_visible()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    fragments = [question_id_of(href) for href in hrefs if question_id_of(href)]
    assert len(fragments) == len(set(fragments))
    assert not any("/weeks/" in href for href in hrefs)


def test_clicking_reveals_and_hides_the_answer(page, site_url):
    page.goto(site_url + "topics/16-interview-qa/")
    answer = page.locator("details.answer").first
    body = answer.locator("p").first
    expect(answer).not_to_have_attribute("open", "")
    expect(body).to_be_hidden()
    answer.locator("summary").click()
    expect(body).to_be_visible()
    answer.locator("summary").click()
    expect(body).to_be_hidden()


def test_answer_opens_and_closes_with_the_keyboard_and_focus_is_visible(page, site_url):
    page.goto(site_url + "topics/16-interview-qa/")
    summary = page.locator("details.answer > summary").first
    summary.focus()
    outline = summary.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert not outline.startswith("none"), f"no visible focus ring: {outline}"
    page.keyboard.press("Enter")
    expect(page.locator("details.answer").first).to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(page.locator("details.answer").first).not_to_have_attribute("open", "")


INSIDE_ANSWER = "asyncio-prefer-native-async-libraries"  # a paragraph id inside an 08 answer


def test_opening_a_link_to_an_anchor_inside_a_closed_answer_opens_it(page, site_url):
    page.goto(site_url + f"topics/08-asyncio/#{INSIDE_ANSWER}")
    answer = page.locator(f"details.answer:has([id='{INSIDE_ANSWER}'])")
    expect(answer).to_have_count(1)
    expect(answer).to_have_attribute("open", "")
    expect(page.locator(f"[id='{INSIDE_ANSWER}']")).to_be_in_viewport()


def test_clicking_a_cross_link_into_a_closed_answer_opens_it(page, site_url):
    page.goto(site_url + "topics/16-interview-qa/#qa-blocking-call-in-async")
    source = page.locator("h3[id='qa-blocking-call-in-async'] + details.answer")
    source.locator("summary").click()
    source.locator(f"a[href$='#{INSIDE_ANSWER}']").click()
    expect(page).to_have_url(re.compile(rf"/topics/08-asyncio/#{INSIDE_ANSWER}$"))
    answer = page.locator(f"details.answer:has([id='{INSIDE_ANSWER}'])")
    expect(answer).to_have_attribute("open", "")
    expect(page.locator(f"[id='{INSIDE_ANSWER}']")).to_be_in_viewport()


def test_search_worker_makes_lunr_token_set_keys_unambiguous(page, site_url):
    # Material's worker bundles lunr; loaded in a page it exposes window.lunr.
    page.goto(site_url)
    material = page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")
    assert "search-worker.js?material=" in material  # the override routes search through the fix
    page.add_script_tag(url=unquote(material.split("material=", 1)[1]))
    page.add_script_tag(url=site_url + "assets/javascripts/search-worker.js")
    keys = page.evaluate(
        """() => {
            const node = (id, edges = {}) => Object.assign(new lunr.TokenSet(), {id, edges});
            const a = node(100, {"1": node(23), "4": node(5)});
            const b = node(101, {"1": node(2), "3": node(45)});
            const stock = [a.toString(), b.toString()];
            fixTokenSetKey(lunr);
            const fixed = [node(102, a.edges).toString(), node(103, b.edges).toString()];
            return {stock, fixed};
        }"""
    )
    assert keys["stock"][0] == keys["stock"][1] == "012345"  # two different nodes, one key
    assert keys["fixed"][0] != keys["fixed"][1]


# -- the light/dark toggle (overrides/partials/palette.html, palette.js) -------

def scheme_of(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def toggle(page):
    return page.locator("[data-study-palette] label:not([hidden])")


@pytest.mark.parametrize("system", ["light", "dark"])
def test_palette_toggle_cycles_automatic_light_dark_and_remembers(page, site_url, system):
    # The page fixture fails the test on any JavaScript error.
    page.emulate_media(color_scheme=system)
    page.goto(site_url + "topics/08-asyncio/")
    automatic = "slate" if system == "dark" else "default"
    assert scheme_of(page) == automatic  # set while the header is parsed, before any deferred script
    expect(toggle(page)).to_have_count(1)
    expect(toggle(page)).to_have_attribute("title", "Switch to light mode")
    toggle(page).click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    expect(toggle(page)).to_have_attribute("title", "Switch to dark mode")
    toggle(page).click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "dark"
    # Dark is remembered across a reload and instant navigation.
    page.reload()
    assert scheme_of(page) == "slate"
    page.evaluate("window.sameDocument = true")
    page.locator("nav.md-nav a[href$='study-plan/']").first.click()
    expect(page).to_have_url(re.compile(r"study-plan/$"))
    assert page.evaluate("window.sameDocument") is True
    assert scheme_of(page) == "slate"
    expect(toggle(page)).to_have_attribute("title", "Follow the system preference")
    toggle(page).click()  # back to automatic
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", automatic)
    expect(toggle(page)).to_have_attribute("title", "Switch to light mode")


def test_palette_toggle_works_with_the_keyboard(page, site_url):
    page.goto(site_url)
    option = page.get_by_role("radio", name="Switch to light mode")
    option.focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    expect(page.get_by_role("radio", name="Switch to dark mode")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_palette_follows_the_system_in_automatic_mode(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url)
    assert scheme_of(page) == "default"
    page.emulate_media(color_scheme="dark")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_corrupt_palette_storage_falls_back_to_the_system_without_errors(page, site_url):
    # The page fixture fails the test on any JavaScript error.
    page.emulate_media(color_scheme="dark")
    page.add_init_script("localStorage.setItem(new URL('.', location).pathname + '.__palette', '{broken')")
    page.goto(site_url)
    assert scheme_of(page) == "slate"
    toggle(page).click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")


def test_code_in_an_answer_gets_its_copy_button_when_shown_and_copies_the_code(page, site_url):
    """copy.js: no copy buttons inside closed answers at load (Material's feature added
    hundreds); opening an answer adds one per block, and it copies the block's text."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "topics/08-asyncio/")
    copy = "[data-md-type=copy]"
    expect(page.locator(f"details.answer:not([open]) {copy}")).to_have_count(0)
    answer = page.locator("details.answer:has(.highlight)").first
    answer.locator("summary").click()
    blocks = answer.locator(".highlight > pre")
    expect(answer.locator(copy)).to_have_count(blocks.count())
    button = answer.locator(copy).first
    expect(button).to_have_accessible_name("Copy to clipboard")
    button.click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == blocks.first.locator("code").inner_text().strip()
    # Closing and opening again adds no second button.
    answer.locator("summary").click()
    answer.locator("summary").click()
    expect(answer.locator(copy)).to_have_count(blocks.count())
