"""The reader's pages in a real browser (Debian's Chromium, driven by Playwright), at a
laptop's and a phone's size: real content, nothing fetched from elsewhere, no sideways
scrolling, axe-core finds nothing serious, the keyboard reaches search and facets, and
a screenshot of each page goes to ``artifacts/pages/`` to be looked at."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe import require_axe
from chromium import confine, launch_chromium, require_chromium
from live_server import LiveServer
from test_pages import MOC, PAGES, QUANTUM, explore_expected

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

SIZES = {"laptop": (1366, 900), "phone": (390, 844)}
ARTIFACTS = Path(os.environ.get("ACCORDGRAPH_ARTIFACTS", Path(__file__).parents[1] / "artifacts"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from launch_chromium()  # type: ignore[misc]


def open_page(browser: Browser, server: LiveServer, size: str) -> tuple[Page, list[str]]:
    """A page of the given size whose requests outside the server are refused and noted."""
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    outside = confine(context, server.url)
    return context.new_page(), outside


def shot_name(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "home"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline_fits_and_passes_axe(
    browser: Browser, server: LiveServer, path: str, size: str
) -> None:
    axe = require_axe()
    page, outside = open_page(browser, server, size)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(server.url + path)
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("main").inner_text().strip()
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {size}"
    # pictures load lazily, as a reader scrolls to them: scroll to each, and each shows
    pictures = page.locator("img")
    for n in range(pictures.count()):
        pictures.nth(n).scroll_into_view_if_needed()
    page.wait_for_function("[...document.images].every(i => i.complete)")
    broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth).map(i => i.src)")
    assert broken == [], f"{path}: pictures that did not load: {broken}"
    page.evaluate("window.scrollTo(0, 0)")
    out = ARTIFACTS / "pages"
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"{shot_name(path)}-{size}.png"), full_page=True)
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)
    page.context.close()
    assert outside == [], f"{path} asked for something outside the server: {outside}"
    assert errors == []


def test_agreement_page_shows_commitments_with_quotes(browser: Browser, server: LiveServer) -> None:
    page, outside = open_page(browser, server, "laptop")
    page.goto(f"{server.url}/agreements/{MOC}")
    expect(page.locator("article.commitment")).to_have_count(26)
    expect(page.locator("article.commitment blockquote").first).to_contain_text(
        "The Participants intend to collaborate"
    )
    expect(page.locator("#commitments")).to_have_text("26 commitments")
    page.context.close()
    assert outside == []


@pytest.mark.parametrize("size", SIZES)
def test_explore_by_ticking_japan_and_quantum(
    browser: Browser, server: LiveServer, size: str
) -> None:
    page, outside = open_page(browser, server, size)
    page.goto(server.url + "/explore")
    expect(page.locator("#total")).to_have_text("26")
    page.check("#f-country-JP")  # applies at once
    page.wait_for_url(re.compile(r"country=JP"))
    page.check(f"#f-category-{QUANTUM}")
    page.wait_for_url(re.compile(rf"category={QUANTUM}"))
    expected = explore_expected(server, "JP", QUANTUM)
    expect(page.locator("#total")).to_have_text(str(len(expected)))
    shown = page.locator("article.commitment a", has_text="as data").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert shown == [e.replace("https://w3id.org/accordgraph/id/", "/id/") for e in expected]
    # the address holds the filters: opening it again shows the same
    again, _ = open_page(browser, server, size)
    again.goto(page.url)
    expect(again.locator("#total")).to_have_text(str(len(expected)))
    again.context.close()
    with page.expect_download() as download:
        page.click("text=Download CSV")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert [row["iri"] for row in rows] == expected
    page.context.close()
    assert outside == []


def tab_to(page: Page, reached: str, what: str, presses: int = 40) -> None:
    """Press Tab until the expression ``reached`` holds."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(reached):
            return
    pytest.fail(f"Tab never reached {what}")


def test_keyboard_reaches_search_and_facets(browser: Browser, server: LiveServer) -> None:
    page, _ = open_page(browser, server, "laptop")
    page.goto(server.url + "/")
    tab_to(page, "document.activeElement.id === 'q'", "the search box")
    page.keyboard.type("NICT")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/find\?q=NICT"))
    expect(page.locator("ul.hits")).to_contain_text("National Institute of Information")
    page.goto(server.url + "/explore")
    tab_to(page, "document.activeElement.name === 'country'", "a facet")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"country="))
    assert page.evaluate("document.activeElement.name") == "country"  # focus kept
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_japan_country_page_shows_its_partner_and_categories(
    browser: Browser, server: LiveServer, size: str
) -> None:
    page, outside = open_page(browser, server, size)
    page.goto(f"{server.url}/countries/jp")
    partners = page.locator("h2:has-text('Partners') + ul.chips")
    expect(partners).to_contain_text("United States of America")
    expect(partners.locator("li")).to_have_count(1)
    timeline = page.locator("h2:has-text('CET categories over time') + div table")
    for category in ("Artificial Intelligence", "Quantum Information and Enabling Technologies"):
        expect(timeline).to_contain_text(category)
    expect(timeline.locator("thead")).to_contain_text("2025")
    # narrowing the commitments to a category, in place
    page.select_option("select[name=category]", QUANTUM)
    page.click("form.inline button[type=submit]")
    page.wait_for_url(re.compile(rf"category={QUANTUM}"))
    shown = int(page.locator("#total").inner_text())
    assert 0 < shown < 26
    expect(page.locator("article.commitment")).to_have_count(shown)
    page.context.close()
    assert outside == []
