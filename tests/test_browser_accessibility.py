"""axe-core on every page type, light and dark, answers closed and open; and privacy."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import search
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PAGE_TYPES = {
    "home": "",
    "study plan": "study-plan/",
    "topic": "topics/08-asyncio/",
    "topic with diagrams": "topics/14-system-design/",
    "mock interview": "mock-interview/",
    "rapid-fire topic": "topics/16-interview-qa/",
    "week": "weeks/week-3/",
}
AXE = Axe()


def violations(page) -> list[dict]:
    found = AXE.run(page).response["violations"]
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]} for v in found]


@pytest.mark.parametrize("answers", ["closed", "open"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_reports_no_violations(browser, site_url, kind, scheme, answers):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[kind])
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    if answers == "open":
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    found = violations(page)
    context.close()
    assert found == [], json.dumps(found, indent=1)


def test_no_request_leaves_the_site(page, site_url):
    # Every page type, a search, opened answers and print emulation: one host only.
    for path in PAGE_TYPES.values():
        page.goto(site_url + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.emulate_media(media="print")
        page.emulate_media(media="screen")
    search(page, "consistent hashing")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("networkidle")
    host = site_url.split("//")[1].split(":")[0]
    assert len(page.request_log.urls) > 20  # the log really recorded the traffic
    assert page.request_log.foreign(host) == []
